/// Debian package versions, `[epoch:]upstream[-revision]`, exactly as dpkg parses (`parseversion`)
/// and orders (`verrevcmp`) them.
///
/// Validation mirrors `dpkg --compare-versions`: what dpkg rejects with an error (empty, embedded
/// spaces, a bad or too big epoch, nothing after the colon, an empty upstream version or revision)
/// throws; what dpkg only warns about (an upstream version not starting with a digit, characters
/// outside `[A-Za-z0-9.+~:-]`) is accepted and compared as dpkg compares it.
/// Unlike `dpkg --compare-versions`, the empty string (which dpkg reads as "no version") throws.
struct DpkgScheme: VersionScheme {
    let name = "dpkg"

    /// Offsets into the version's UTF-8 bytes.
    struct Parsed {
        var epoch: Int
        var upstreamStart: Int
        var upstreamEnd: Int
        var revisionStart: Int
        var revisionEnd: Int
    }

    enum Outcome {
        case ok(Parsed)
        case bad(String)
    }

    func validate(_ text: String) throws(VersionError) {
        let outcome = withUTF8Bytes(text) { Self.parse($0) }
        if case .bad(let reason) = outcome {
            throw VersionError(scheme: name, version: text, reason: reason)
        }
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        let result: Result<Int, VersionError> = withUTF8Bytes(lhs) { a in
            withUTF8Bytes(rhs) { b in
                let pa: Parsed
                switch Self.parse(a) {
                case .ok(let p): pa = p
                case .bad(let reason): return .failure(VersionError(scheme: "dpkg", version: lhs, reason: reason))
                }
                let pb: Parsed
                switch Self.parse(b) {
                case .ok(let p): pb = p
                case .bad(let reason): return .failure(VersionError(scheme: "dpkg", version: rhs, reason: reason))
                }
                return .success(Self.compare(a, pa, b, pb))
            }
        }
        return try result.get()
    }

    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ pa: Parsed,
                        _ b: UnsafeBufferPointer<UInt8>, _ pb: Parsed) -> Int {
        if pa.epoch != pb.epoch { return pa.epoch < pb.epoch ? -1 : 1 }
        let r = verrevcmp(a, pa.upstreamStart, pa.upstreamEnd, b, pb.upstreamStart, pb.upstreamEnd)
        if r != 0 { return r }
        return verrevcmp(a, pa.revisionStart, pa.revisionEnd, b, pb.revisionStart, pb.revisionEnd)
    }

    @inline(__always) private static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// dpkg's `parseversion` (lib/dpkg/parsehelp.c), keeping only its errors.
    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Outcome {
        let n = s.count
        if n == 0 { return .bad("version string is empty") }
        var start = 0
        while start < n && isBlank(s[start]) { start += 1 }
        if start == n { return .bad("version string is empty") }
        var end = start
        while end < n && !isBlank(s[end]) {
            if s[end] == 0 { return .bad("version string contains a NUL byte") }
            end += 1
        }
        var k = end
        while k < n && isBlank(s[k]) { k += 1 }
        if k < n { return .bad("version string has embedded spaces") }

        var epoch = 0
        var versionStart = start
        var colon = -1
        for i in start..<end where s[i] == 0x3A {
            colon = i
            break
        }
        if colon >= 0 {
            // strtol(string, &end, 10): optional white space, optional sign, digits.
            var p = start
            while p < end && (s[p] == 0x20 || (s[p] >= 0x09 && s[p] <= 0x0D)) { p += 1 }
            var negative = false
            if p < end && (s[p] == 0x2B || s[p] == 0x2D) {
                negative = s[p] == 0x2D
                p += 1
            }
            let digitsStart = p
            var value = 0
            var tooBig = false
            while p < end && isASCIIDigit(s[p]) {
                if value > Int(Int32.max) {
                    tooBig = true
                } else {
                    value = value * 10 + Int(s[p] - 0x30)
                }
                p += 1
            }
            if p == digitsStart { return .bad("epoch in version is empty") }
            if p != colon { return .bad("epoch in version is not number") }
            if negative && (value != 0 || tooBig) { return .bad("epoch in version is negative") }
            if tooBig || value > Int(Int32.max) { return .bad("epoch in version is too big") }
            if colon + 1 >= n { return .bad("nothing after colon in version number") }
            epoch = value
            versionStart = colon + 1
        }
        // The version runs to `end` (trailing blanks excluded); the revision follows its last hyphen.
        var hyphen = -1
        var i = end - 1
        while i >= versionStart {
            if s[i] == 0x2D {
                hyphen = i
                break
            }
            i -= 1
        }
        var upstreamEnd = end
        var revisionStart = end
        if hyphen >= 0 {
            if hyphen + 1 == end { return .bad("revision number is empty") }
            upstreamEnd = hyphen
            revisionStart = hyphen + 1
        }
        if upstreamEnd <= versionStart { return .bad("version number is empty") }
        return .ok(Parsed(epoch: epoch, upstreamStart: versionStart, upstreamEnd: upstreamEnd,
                          revisionStart: revisionStart, revisionEnd: end))
    }

    /// dpkg's `order()`: digits and the end weigh 0, letters their code, `~` -1, anything else
    /// (including bytes >= 0x80, which dpkg reads as negative signed chars) its code + 256.
    @inline(__always)
    private static func order(_ c: UInt8) -> Int {
        if isASCIIAlpha(c) { return Int(c) }
        if c == 0x7E { return -1 }
        if c >= 0x80 { return Int(c) }
        return Int(c) + 256
    }

    /// dpkg's `verrevcmp` over two byte ranges.
    static func verrevcmp(_ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int,
                          _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int) -> Int {
        var i = aStart, j = bStart
        while i < aEnd || j < bEnd {
            var firstDiff = 0
            while (i < aEnd && !isASCIIDigit(a[i])) || (j < bEnd && !isASCIIDigit(b[j])) {
                let ac = i < aEnd && !isASCIIDigit(a[i]) ? order(a[i]) : 0
                let bc = j < bEnd && !isASCIIDigit(b[j]) ? order(b[j]) : 0
                if ac != bc { return ac < bc ? -1 : 1 }
                i += 1
                j += 1
            }
            while i < aEnd && a[i] == 0x30 { i += 1 }
            while j < bEnd && b[j] == 0x30 { j += 1 }
            while i < aEnd && j < bEnd && isASCIIDigit(a[i]) && isASCIIDigit(b[j]) {
                if firstDiff == 0 { firstDiff = Int(a[i]) - Int(b[j]) }
                i += 1
                j += 1
            }
            if i < aEnd && isASCIIDigit(a[i]) { return 1 }
            if j < bEnd && isASCIIDigit(b[j]) { return -1 }
            if firstDiff != 0 { return firstDiff < 0 ? -1 : 1 }
        }
        return 0
    }
}
