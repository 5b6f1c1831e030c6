/// Packagist versions as composer/semver (3.x) reads and orders them: `VersionParser::normalize`
/// (a "v" prefix, 1 to 4 numeric parts, date versions, stabilities dev < alpha < beta < RC <
/// stable < patch with optional numbers, "-dev" suffixes, "x"/"*" branch versions, "dev-" branches,
/// build metadata, "@stability" flags and "as" aliases stripped), `normalizeDefaultBranch`
/// (dev-master, dev-trunk, dev-default are 9999999-dev, as `Semver::sort` does), then `Comparator`,
/// which orders normalised versions with PHP's `version_compare`.
///
/// Two different "dev-" branches are not ordered by Comparator (neither <, == nor >): comparing them
/// throws. A branch against a version is ordered as Comparator orders it (by `version_compare`).
struct ComposerScheme: VersionScheme {
    let name = "composer"

    func validate(_ text: String) throws(VersionError) {
        _ = try Self.parse(text)
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        let a = try Self.parse(lhs)
        let b = try Self.parse(rhs)
        if a.isBranch && b.isBranch {
            if a.normalized == b.normalized { return 0 }
            throw VersionError(scheme: name, version: lhs, reason: "branch is not ordered against branch \"\(rhs)\"")
        }
        let c = ComposerVersion.phpVersionCompare(a.canonical, b.canonical, canonical: true)
        if c == 0 && ComposerVersion.phpVersionCompare(b.canonical, a.canonical, canonical: true) != 0 {
            throw VersionError(scheme: name, version: lhs, reason: "not ordered against \"\(rhs)\"")
        }
        return c
    }

    static func parse(_ text: String) throws(VersionError) -> ComposerVersion {
        let v: ComposerVersion? = withUTF8Bytes(text) { ComposerVersion(normalizing: $0) }
        guard let v else { throw VersionError(scheme: "composer", version: text, reason: "invalid version string") }
        return v
    }
}

struct ComposerVersion: Sendable {
    /// The normalised version (`1.2.0.0-beta2`, `9999999-dev`, `dev-feature`).
    let normalized: [UInt8]
    /// PHP's canonical form of `normalized` (what `version_compare` splits on ".").
    let canonical: [UInt8]
    var isBranch: Bool { normalized.starts(with: ComposerVersion.devDash) }

    static let devDash: [UInt8] = Array("dev-".utf8)

    init?(normalizing s: UnsafeBufferPointer<UInt8>) {
        guard var n = ComposerVersion.normalize(Array(s)) else { return nil }
        // VersionParser::normalizeDefaultBranch
        if n.count >= 9 && n.count <= 11 && n.starts(with: ComposerVersion.devDash)
            && (n.elementsEqual("dev-master".utf8) || n.elementsEqual("dev-default".utf8) || n.elementsEqual("dev-trunk".utf8)) {
            n = Array("9999999-dev".utf8)
        }
        normalized = n
        canonical = n.first == 0x23 ? n : ComposerVersion.canonicalize(n[...])
    }

    // MARK: VersionParser::normalize

    /// PHP's `trim()` characters: " \t\n\r\0\x0B".
    @inline(__always) static func isTrim(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x00 || c == 0x0B
    }

    /// PCRE's `\s` (no UTF mode): space, \t, \n, \v, \f, \r.
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    @inline(__always)
    static func ciMatch(_ v: [UInt8], _ p: Int, _ word: String) -> Bool {
        let w = word.utf8
        if p + w.count > v.count { return false }
        var i = p
        for c in w {
            if asciiLower(v[i]) != asciiLower(c) { return false }
            i += 1
        }
        return true
    }

    static func normalize(_ input: [UInt8]) -> [UInt8]? {
        var lo = 0, hi = input.count
        while lo < hi && isTrim(input[lo]) { lo += 1 }
        while hi > lo && isTrim(input[hi - 1]) { hi -= 1 }
        var v = Array(input[lo..<hi])

        // Strip off aliasing: ^([^,\s]++) ++as ++([^,\s]++)$
        if let cut = aliasSourceEnd(v) { v = Array(v[0..<cut]) }

        // Strip off a stability flag: @(?:stable|RC|beta|alpha|dev)$ (case-insensitive)
        for word in ["stable", "rc", "beta", "alpha", "dev"] {
            let at = v.count - word.utf8.count - 1
            if at >= 0 && v[at] == 0x40 && ciMatch(v, at + 1, word) {
                v = Array(v[0..<at])
                break
            }
        }

        // master/trunk/default are branches.
        if v.elementsEqual("master".utf8) || v.elementsEqual("trunk".utf8) || v.elementsEqual("default".utf8) {
            v = devDash + v
        }
        // Branch-like: "dev-" (any case) prefix.
        if v.count >= 4 && ciMatch(v, 0, "dev-") {
            return devDash + v[4...]
        }

        // Strip off build metadata: ^([^,\s+]++)\+[^\s]++$
        do {
            var i = 0
            while i < v.count && v[i] != 0x2C && v[i] != 0x2B && !isSpace(v[i]) { i += 1 }
            if i > 0 && i < v.count && v[i] == 0x2B && i + 1 < v.count {
                var j = i + 1
                while j < v.count && !isSpace(v[j]) { j += 1 }
                if j == v.count { v = Array(v[0..<i]) }
            }
        }

        if let r = classical(v) { return r }
        if let r = dateBased(v) { return r }

        // Dev branches: (.*?)[.-]?dev$ , then normalizeBranch must give a numeric branch.
        var base = 0
        if let nl = v.lastIndex(of: 0x0A) { base = nl + 1 }
        let n = v.count
        var nameEnd = -1
        if n - base >= 4 && (v[n - 4] == 0x2E || v[n - 4] == 0x2D) && ciMatch(v, n - 3, "dev") {
            nameEnd = n - 4
        } else if n - base >= 3 && ciMatch(v, n - 3, "dev") {
            nameEnd = n - 3
        }
        if nameEnd >= 0, let b = normalizeNumericBranch(Array(v[base..<nameEnd])) {
            return b
        }
        return nil
    }

    /// `^([^,\s]++) ++as ++([^,\s]++)$`: the end of the alias source, or nil.
    private static func aliasSourceEnd(_ v: [UInt8]) -> Int? {
        let n = v.count
        var i = 0
        while i < n && v[i] != 0x2C && !isSpace(v[i]) { i += 1 }
        if i == 0 { return nil }
        var j = i
        while j < n && v[j] == 0x20 { j += 1 }
        if j == i || j + 2 > n || v[j] != 0x61 || v[j + 1] != 0x73 { return nil }
        let k = j + 2
        var l = k
        while l < n && v[l] == 0x20 { l += 1 }
        if l == k { return nil }
        var m = l
        while m < n && v[m] != 0x2C && !isSpace(v[m]) { m += 1 }
        if m == l || m != n { return nil }
        return i
    }

    private static let stabilities: [String] = ["stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p"]

    /// What the modifier regex captured.
    struct Modifier {
        var stability: Range<Int>?
        var numbers: Range<Int>?
        var dev: Bool
    }

    /// `[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*+)?)?([.-]?dev)?$` at `p`,
    /// case-insensitively, in PCRE's backtracking order; nil when it cannot reach the end.
    static func modifierToEnd(_ v: [UInt8], _ p: Int) -> Modifier? {
        let n = v.count
        func devToEnd(_ t: Int) -> Bool? {
            if t < n && (v[t] == 0x2E || v[t] == 0x2D) && t + 4 == n && ciMatch(v, t + 1, "dev") { return true }
            if t + 3 == n && ciMatch(v, t, "dev") { return true }
            if t == n { return false }
            return nil
        }
        var starts: [Int] = []
        if p < n && (v[p] == 0x2E || v[p] == 0x5F || v[p] == 0x2D) { starts.append(p + 1) }
        starts.append(p)
        for q in starts {
            for word in stabilities where ciMatch(v, q, word) {
                let r = q + word.utf8.count
                // ((?:[.-]?\d+)*+)? : the possessive run first, then the group skipped.
                var m = r
                while true {
                    if m + 1 < n && (v[m] == 0x2E || v[m] == 0x2D) && isASCIIDigit(v[m + 1]) {
                        m += 1
                    } else if !(m < n && isASCIIDigit(v[m])) {
                        break
                    }
                    while m < n && isASCIIDigit(v[m]) { m += 1 }
                }
                for t in (m != r ? [m, r] : [r]) {
                    if let dev = devToEnd(t) { return Modifier(stability: q..<r, numbers: r..<t, dev: dev) }
                }
            }
            if let dev = devToEnd(q) { return Modifier(stability: nil, numbers: nil, dev: dev) }
        }
        return nil
    }

    /// Appends the stability and dev modifiers as normalize does; nil means "return as is" (stable).
    private static func applyModifier(_ version: [UInt8], _ v: [UInt8], _ m: Modifier) -> [UInt8] {
        var out = version
        if let st = m.stability {
            let raw = Array(v[st])
            if raw.elementsEqual("stable".utf8) { return out }
            let lower = raw.map(asciiLower)
            let expanded: [UInt8]
            switch String(decoding: lower, as: UTF8.self) {
            case "a": expanded = Array("alpha".utf8)
            case "b": expanded = Array("beta".utf8)
            case "p", "pl": expanded = Array("patch".utf8)
            case "rc": expanded = Array("RC".utf8)
            default: expanded = lower
            }
            out.append(0x2D)
            out += expanded
            if let nums = m.numbers, !nums.isEmpty {
                var k = nums.lowerBound
                while k < nums.upperBound && (v[k] == 0x2E || v[k] == 0x2D) { k += 1 }
                out += v[k..<nums.upperBound]
            }
        }
        if m.dev { out += "-dev".utf8 }
        return out
    }

    /// `^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?` + modifier + `$`.
    static func classical(_ v: [UInt8]) -> [UInt8]? {
        let n = v.count
        var p = 0
        if p < n && (v[p] == 0x76 || v[p] == 0x56) { p += 1 }
        let d = p
        while p < n && isASCIIDigit(v[p]) { p += 1 }
        if p == d || p - d > 5 { return nil }
        var version = Array(v[d..<p])
        var groups = 0
        while groups < 3 && p + 1 < n && v[p] == 0x2E && isASCIIDigit(v[p + 1]) {
            let s = p
            p += 1
            while p < n && isASCIIDigit(v[p]) { p += 1 }
            version += v[s..<p]
            groups += 1
        }
        guard let m = modifierToEnd(v, p) else { return nil }
        for _ in groups..<3 { version += [0x2E, 0x30] }
        return applyModifier(version, v, m)
    }

    /// `^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?)` + modifier + `$`, in PCRE's order.
    static func dateBased(_ v: [UInt8]) -> [UInt8]? {
        let n = v.count
        var p = 0
        if p < n && (v[p] == 0x76 || v[p] == 0x56) { p += 1 }
        let start = p
        func digits(_ at: Int, _ count: Int) -> Bool {
            if at + count > n { return false }
            for k in at..<(at + count) where !isASCIIDigit(v[k]) { return false }
            return true
        }
        func isDateSep(_ at: Int) -> Bool { at < n && (v[at] == 0x2E || v[at] == 0x3A || v[at] == 0x2D) }
        guard digits(start, 4) else { return nil }
        var found: (end: Int, modifier: Modifier)?
        func tail(_ q: Int) -> Bool {
            // (?:[.:-]?\d{1,3})? greedy, then the modifier to the end.
            if isDateSep(q) {
                for len in stride(from: 3, through: 1, by: -1) where digits(q + 1, len) {
                    if let m = modifierToEnd(v, q + 1 + len) { found = (q + 1 + len, m); return true }
                }
            }
            for len in stride(from: 3, through: 1, by: -1) where digits(q, len) {
                if let m = modifierToEnd(v, q + len) { found = (q + len, m); return true }
            }
            if let m = modifierToEnd(v, q) { found = (q, m); return true }
            return false
        }
        func pairs(_ q: Int, _ count: Int) -> Bool {
            // (?:[.:-]?\d{2}){1,6} greedy
            if count < 6 {
                if isDateSep(q) && digits(q + 1, 2) && pairs(q + 3, count + 1) { return true }
                if digits(q, 2) && pairs(q + 2, count + 1) { return true }
            }
            return count >= 1 && tail(q)
        }
        guard pairs(start + 4, 0), let (end, m) = found else { return nil }
        let version = v[start..<end].map { isASCIIDigit($0) ? $0 : 0x2E }
        return applyModifier(version, v, m)
    }

    /// `normalizeBranch` when it yields a numeric branch (`1.9999999.9999999.9999999-dev`), else nil.
    static func normalizeNumericBranch(_ raw: [UInt8]) -> [UInt8]? {
        var lo = 0, hi = raw.count
        while lo < hi && isTrim(raw[lo]) { lo += 1 }
        while hi > lo && isTrim(raw[hi - 1]) { hi -= 1 }
        let v = Array(raw[lo..<hi])
        let n = v.count
        var p = 0
        if p < n && (v[p] == 0x76 || v[p] == 0x56) { p += 1 }
        let d = p
        while p < n && isASCIIDigit(v[p]) { p += 1 }
        if p == d { return nil }
        var out = Array(v[d..<p])
        var groups = 0
        while groups < 3 && p + 1 < n && v[p] == 0x2E {
            let c = v[p + 1]
            if isASCIIDigit(c) {
                let s = p
                p += 1
                while p < n && isASCIIDigit(v[p]) { p += 1 }
                out += v[s..<p]
            } else if c == 0x78 || c == 0x58 || c == 0x2A {
                out += [0x2E, 0x78]
                p += 2
            } else {
                break
            }
            groups += 1
        }
        if p != n { return nil }
        for _ in groups..<3 { out += [0x2E, 0x78] }
        var result: [UInt8] = []
        for c in out {
            if c == 0x78 { result += "9999999".utf8 } else { result.append(c) }
        }
        return result + "-dev".utf8
    }

    // MARK: PHP version_compare (ext/standard/versioning.c)

    @inline(__always) private static func isdig(_ c: UInt8) -> Bool { isASCIIDigit(c) }
    @inline(__always) private static func isndig(_ c: UInt8) -> Bool { !isASCIIDigit(c) && c != 0x2E }

    /// `php_canonicalize_version`.
    static func canonicalize(_ v: ArraySlice<UInt8>) -> [UInt8] {
        guard let first = v.first else { return [] }
        var q: [UInt8] = [first]
        q.reserveCapacity(v.count * 2)
        var lp = first
        for c in v.dropFirst() {
            let lq = q[q.count - 1]
            if c == 0x2D || c == 0x5F || c == 0x2B {
                if lq != 0x2E { q.append(0x2E) }
            } else if (isndig(lp) && isdig(c)) || (isdig(lp) && isndig(c)) {
                if lq != 0x2E { q.append(0x2E) }
                q.append(c)
            } else if !isASCIIAlnum(c) {
                if lq != 0x2E { q.append(0x2E) }
            } else {
                q.append(c)
            }
            lp = c
        }
        return q
    }

    private static let specialForms: [(String, Int)] = [
        ("dev", 0), ("alpha", 1), ("a", 1), ("beta", 2), ("b", 2), ("RC", 3), ("rc", 3), ("#", 4), ("pl", 5), ("p", 5),
    ]

    private static func specialForm(_ v: ArraySlice<UInt8>) -> Int {
        for (name, order) in specialForms {
            let w = name.utf8
            if v.count >= w.count && v.prefix(w.count).elementsEqual(w) { return order }
        }
        return -1
    }

    private static let notANumber: [UInt8] = Array("#N#".utf8)

    /// `strtol` of a run of digits, saturating at LONG_MAX.
    private static func strtol(_ v: ArraySlice<UInt8>) -> Int {
        var r = 0
        for c in v {
            guard isASCIIDigit(c) else { break }
            let (m, o1) = r.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(c - 0x30))
            if o1 || o2 { return Int.max }
            r = s
        }
        return r
    }

    /// `php_version_compare`; with `canonical`, both sides are already canonicalised.
    static func phpVersionCompare(_ o1: [UInt8], _ o2: [UInt8], canonical: Bool = false) -> Int {
        if o1.isEmpty || o2.isEmpty {
            if o1.isEmpty && o2.isEmpty { return 0 }
            return o1.isEmpty ? -1 : 1
        }
        let v1 = canonical || o1[0] == 0x23 ? o1 : canonicalize(o1[...])
        let v2 = canonical || o2[0] == 0x23 ? o2 : canonicalize(o2[...])
        var p1 = 0, p2 = 0
        var n1: Int? = 0, n2: Int? = 0
        var compare = 0
        while p1 < v1.count && p2 < v2.count && n1 != nil && n2 != nil {
            n1 = v1[p1...].firstIndex(of: 0x2E)
            n2 = v2[p2...].firstIndex(of: 0x2E)
            let e1 = v1[p1..<(n1 ?? v1.count)]
            let e2 = v2[p2..<(n2 ?? v2.count)]
            let d1 = e1.first.map(isASCIIDigit) ?? false
            let d2 = e2.first.map(isASCIIDigit) ?? false
            if d1 && d2 {
                let l1 = strtol(e1), l2 = strtol(e2)
                compare = l1 == l2 ? 0 : (l1 < l2 ? -1 : 1)
            } else if !d1 && !d2 {
                compare = sign(specialForm(e1) - specialForm(e2))
            } else if d1 {
                compare = sign(specialForm(notANumber[...]) - specialForm(e2))
            } else {
                compare = sign(specialForm(e1) - specialForm(notANumber[...]))
            }
            if compare != 0 { break }
            if let n1 { p1 = n1 + 1 }
            if let n2 { p2 = n2 + 1 }
        }
        if compare == 0 {
            if n1 != nil {
                if p1 < v1.count && isASCIIDigit(v1[p1]) {
                    compare = 1
                } else {
                    compare = phpVersionCompare(Array(v1[p1...]), notANumber)
                }
            } else if n2 != nil {
                if p2 < v2.count && isASCIIDigit(v2[p2]) {
                    compare = -1
                } else {
                    compare = phpVersionCompare(notANumber, Array(v2[p2...]))
                }
            }
        }
        return compare
    }
}
