/// NuGet package versions as `NuGet.Versioning.NuGetVersion.TryParse` reads them and
/// `VersionComparer.Default` orders them: 1 to 4 numeric parts (missing ones 0), dot-separated
/// release labels compared numerically when they parse as Int32 (numbers before text) and otherwise
/// case-insensitively, a release above its pre-releases, build metadata validated and ignored.
/// Surrounding white space is trimmed.
///
/// Two deliberate differences from NuGet 6's own parser, which accepts them by accident of its
/// hand-written digit loop: empty numeric parts ("1..2", "1.") and parts beyond Int32 (which it
/// silently wraps) throw, as they did with System.Version in NuGet before 6.
struct NuGetScheme: VersionScheme {
    let name = "nuget"

    func validate(_ text: String) throws(VersionError) {
        _ = try Self.parse(text)
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        let a = try Self.parse(lhs)
        let b = try Self.parse(rhs)
        return NuGetVersion.compare(a, b)
    }

    static func parse(_ text: String) throws(VersionError) -> NuGetVersion {
        let outcome: Result<NuGetVersion, VersionError> = withUTF8Bytes(text) { s in
            switch NuGetVersion.parse(s) {
            case .ok(let v): return .success(v)
            case .bad(let reason): return .failure(VersionError(scheme: "nuget", version: text, reason: reason))
            }
        }
        return try outcome.get()
    }
}

struct NuGetVersion: Sendable {
    var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0, revision: Int32 = 0
    /// Release labels, as written (compared case-insensitively).
    var labels: [[UInt8]] = []

    enum Outcome {
        case ok(NuGetVersion)
        case bad(String)
    }

    /// .NET's `Char.IsWhiteSpace` for the scalars `String.Trim()` removes.
    private static func isDotNetSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    private static func trimmed(_ s: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var start = 0, end = s.count
        while start < end {
            let (v, len) = decode(s, start)
            if !isDotNetSpace(v) { break }
            start += len
        }
        while end > start {
            var p = end - 1
            while p > start && s[p] & 0xC0 == 0x80 { p -= 1 }
            let (v, _) = decode(s, p)
            if !isDotNetSpace(v) { break }
            end = p
        }
        return (start, end)
    }

    private static func decode(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = s[i]
        if c < 0x80 { return (UInt32(c), 1) }
        let len = c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : 2)
        var v = UInt32(c) & (len == 4 ? 0x07 : (len == 3 ? 0x0F : 0x1F))
        if i + len > s.count { return (0xFFFD, 1) }
        for k in 1..<len { v = v << 6 | UInt32(s[i + k] & 0x3F) }
        return (v, len)
    }

    @inline(__always) private static func isLabelChar(_ c: UInt8) -> Bool { isASCIIAlnum(c) || c == 0x2D }

    /// `IsValidPart`: non-empty, `[0-9A-Za-z-]`, and (for labels) no leading zero on a number.
    private static func isValidPart(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, allowLeadingZeros: Bool) -> Bool {
        if start == end { return false }
        if !allowLeadingZeros && end - start > 1 && s[start] == 0x30 {
            var allDigits = true
            for i in (start + 1)..<end where !isASCIIDigit(s[i]) {
                allDigits = false
                break
            }
            if allDigits { return false }
        }
        for i in start..<end where !isLabelChar(s[i]) { return false }
        return true
    }

    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Outcome {
        let (start, end) = trimmed(s)
        if start == end { return .bad("empty version") }
        // ParseSections: the version runs to the first "-" or "+"; labels run from that "-" to
        // the first "+" after it; metadata follows. A separator as the very last character stays
        // part of the section before it (and so makes it invalid).
        var dash = -1, plus = -1
        var versionEnd = end
        var labelsStart = -1, labelsEnd = -1
        var metaStart = -1
        for i in start..<end {
            let isLast = i == end - 1
            if dash < 0 {
                if isLast || s[i] == 0x2D || s[i] == 0x2B {
                    versionEnd = i + (isLast ? 1 : 0)
                    dash = i
                    if s[i] == 0x2B { plus = i }
                }
            } else if plus < 0 {
                if isLast || s[i] == 0x2B {
                    labelsStart = dash + 1
                    labelsEnd = i + (isLast ? 1 : 0)
                    plus = i
                }
            } else if isLast {
                metaStart = plus + 1
            }
        }
        // Plus right after the version ("1.0+meta"): no labels.
        if dash >= 0 && dash == plus { labelsStart = -1 }

        var v = NuGetVersion()
        // The numeric part: 1 to 4 non-empty runs of ASCII digits, each an Int32.
        var parts = (Int32(0), Int32(0), Int32(0), Int32(0))
        var partCount = 0
        var p = start
        while true {
            var q = p
            while q < versionEnd && s[q] != 0x2E { q += 1 }
            if q == p { return .bad("empty numeric part") }
            var value: Int64 = 0
            for i in p..<q {
                guard isASCIIDigit(s[i]) else { return .bad("non-digit in the numeric part") }
                value = value * 10 + Int64(s[i] - 0x30)
                if value > Int64(Int32.max) { return .bad("numeric part larger than 2147483647") }
            }
            switch partCount {
            case 0: parts.0 = Int32(value)
            case 1: parts.1 = Int32(value)
            case 2: parts.2 = Int32(value)
            case 3: parts.3 = Int32(value)
            default: return .bad("more than 4 numeric parts")
            }
            partCount += 1
            if q == versionEnd { break }
            p = q + 1
        }
        (v.major, v.minor, v.patch, v.revision) = parts

        if labelsStart >= 0 {
            var a = labelsStart
            while true {
                var b = a
                while b < labelsEnd && s[b] != 0x2E { b += 1 }
                if !isValidPart(s, a, b, allowLeadingZeros: false) { return .bad("invalid release label") }
                v.labels.append(Array(s[a..<b]))
                if b == labelsEnd { break }
                a = b + 1
            }
        }
        if metaStart >= 0 {
            var a = metaStart
            while true {
                var b = a
                while b < end && s[b] != 0x2E { b += 1 }
                if !isValidPart(s, a, b, allowLeadingZeros: true) { return .bad("invalid build metadata") }
                if b == end { break }
                a = b + 1
            }
        }
        return .ok(v)
    }

    /// `int.TryParse` of a label: an optional "-" then digits, within Int32.
    private static func labelNumber(_ l: [UInt8]) -> Int64? {
        var i = 0
        var negative = false
        if l.first == 0x2D {
            negative = true
            i = 1
        }
        if i == l.count { return nil }
        var value: Int64 = 0
        while i < l.count {
            guard isASCIIDigit(l[i]) else { return nil }
            value = value * 10 + Int64(l[i] - 0x30)
            if value > Int64(Int32.max) + 1 { return nil }
            i += 1
        }
        if negative { value = -value }
        if value > Int64(Int32.max) || value < Int64(Int32.min) { return nil }
        return value
    }

    /// `StringComparer.OrdinalIgnoreCase` for ASCII labels: upper-cased code units, then length.
    private static func compareIgnoringCase(_ a: [UInt8], _ b: [UInt8]) -> Int {
        let n = min(a.count, b.count)
        for k in 0..<n {
            let x = isASCIILower(a[k]) ? a[k] - 0x20 : a[k]
            let y = isASCIILower(b[k]) ? b[k] - 0x20 : b[k]
            if x != y { return x < y ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    static func compare(_ a: NuGetVersion, _ b: NuGetVersion) -> Int {
        if a.major != b.major { return a.major < b.major ? -1 : 1 }
        if a.minor != b.minor { return a.minor < b.minor ? -1 : 1 }
        if a.patch != b.patch { return a.patch < b.patch ? -1 : 1 }
        if a.revision != b.revision { return a.revision < b.revision ? -1 : 1 }
        let aPre = !a.labels.isEmpty, bPre = !b.labels.isEmpty
        if aPre != bPre { return aPre ? -1 : 1 }
        for k in 0..<max(a.labels.count, b.labels.count) {
            if k >= a.labels.count { return -1 }
            if k >= b.labels.count { return 1 }
            let x = a.labels[k], y = b.labels[k]
            let c: Int
            switch (labelNumber(x), labelNumber(y)) {
            case let (m?, n?): c = m == n ? 0 : (m < n ? -1 : 1)
            case (_?, nil): c = -1
            case (nil, _?): c = 1
            case (nil, nil): c = compareIgnoringCase(x, y)
            }
            if c != 0 { return c }
        }
        return 0
    }
}
