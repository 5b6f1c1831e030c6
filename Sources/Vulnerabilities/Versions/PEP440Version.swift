/// Python package versions (PEP 440) exactly as `packaging.version.Version` (packaging 26) parses,
/// normalises and orders them: epochs, release segments with trailing zeros ignored, pre-releases
/// (a/alpha, b/beta, rc/c/pre/preview), post-releases (post/rev/r and the implicit `1.0-1`),
/// dev releases, local versions, case, a leading "v", `.`/`-`/`_` separators, surrounding white
/// space. Anything `Version()` rejects with InvalidVersion throws.
struct PEP440Scheme: VersionScheme {
    let name = "pep440"

    func validate(_ text: String) throws(VersionError) {
        _ = try Self.parse(text)
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        let a = try Self.parse(lhs)
        let b = try Self.parse(rhs)
        return PEP440Version.compare(a, b)
    }

    static func parse(_ text: String) throws(VersionError) -> PEP440Version {
        let parsed: PEP440Version? = withUTF8Bytes(text) { PEP440Version.parse($0) }
        guard let parsed else {
            throw VersionError(scheme: "pep440", version: text, reason: "not a PEP 440 version")
        }
        return parsed
    }
}

struct PEP440Version: Sendable, Hashable {
    enum LocalSegment: Sendable, Hashable {
        case number(BigNum)
        case text([UInt8])  // lower-cased
    }

    var epoch = BigNum.zero
    var release: [BigNum] = []
    /// 0 = a, 1 = b, 2 = rc.
    var pre: (kind: Int, number: BigNum)?
    var post: BigNum?
    var dev: BigNum?
    var local: [LocalSegment]?

    static func == (a: PEP440Version, b: PEP440Version) -> Bool { compare(a, b) == 0 }
    func hash(into h: inout Hasher) {
        h.combine(epoch)
        var n = release.count
        while n > 0 && release[n - 1].isZero { n -= 1 }
        h.combine(release[0..<n].count)
        for r in release[0..<n] { h.combine(r) }
        h.combine(post)
        h.combine(dev)
        h.combine(local)
    }

    // MARK: Ordering (packaging's _cmpkey)

    static func compare(_ a: PEP440Version, _ b: PEP440Version) -> Int {
        var c = BigNum.compare(a.epoch, b.epoch)
        if c != 0 { return c }
        // Release, trailing zeros stripped, compared as tuples.
        var na = a.release.count, nb = b.release.count
        while na > 0 && a.release[na - 1].isZero { na -= 1 }
        while nb > 0 && b.release[nb - 1].isZero { nb -= 1 }
        for k in 0..<min(na, nb) {
            c = BigNum.compare(a.release[k], b.release[k])
            if c != 0 { return c }
        }
        if na != nb { return na < nb ? -1 : 1 }
        // (pre_rank, pre_n, post_rank, post_n, dev_rank, dev_n)
        let (ra, pa) = a.preKey, (rb, pb) = b.preKey
        if ra != rb { return ra < rb ? -1 : 1 }
        c = BigNum.compare(pa, pb)
        if c != 0 { return c }
        if (a.post == nil) != (b.post == nil) { return a.post == nil ? -1 : 1 }
        if let x = a.post, let y = b.post {
            c = BigNum.compare(x, y)
            if c != 0 { return c }
        }
        if (a.dev == nil) != (b.dev == nil) { return a.dev == nil ? 1 : -1 }
        if let x = a.dev, let y = b.dev {
            c = BigNum.compare(x, y)
            if c != 0 { return c }
        }
        // No local version sorts before any local version.
        switch (a.local, b.local) {
        case (nil, nil): return 0
        case (nil, _?): return -1
        case (_?, nil): return 1
        case let (x?, y?):
            for k in 0..<min(x.count, y.count) {
                switch (x[k], y[k]) {
                case let (.number(m), .number(n)):
                    c = BigNum.compare(m, n)
                case (.number, .text):
                    c = 1  // numbers sort after strings
                case (.text, .number):
                    c = -1
                case let (.text(s), .text(t)):
                    c = s.lexicographicallyPrecedes(t) ? -1 : (s == t ? 0 : 1)
                }
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        }
    }

    /// pre_rank: dev-only -1, a 0, b 1, rc 2, no pre-release 3.
    private var preKey: (Int, BigNum) {
        if let pre { return (pre.kind, pre.number) }
        if post == nil && dev != nil { return (-1, .zero) }
        return (3, .zero)
    }

    // MARK: Parsing (packaging's VERSION_PATTERN, possessive as on CPython >= 3.11.5)

    /// Python's `str.isspace()` set, which the pattern's `\s*` matches (the text is Unicode).
    private static func isPythonSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Decodes the scalar that ends at `end` (exclusive) or starts at `start`, for trimming.
    private static func trimmed(_ s: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var start = 0, end = s.count
        while start < end {
            let (v, len) = decodeScalar(s, start)
            if !isPythonSpace(v) { break }
            start += len
        }
        while end > start {
            var p = end - 1
            while p > start && s[p] & 0xC0 == 0x80 { p -= 1 }
            let (v, _) = decodeScalar(s, p)
            if !isPythonSpace(v) { break }
            end = p
        }
        return (start, end)
    }

    private static func decodeScalar(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = s[i]
        if c < 0x80 { return (UInt32(c), 1) }
        var len = 1
        var v: UInt32
        if c >= 0xF0 {
            len = 4
            v = UInt32(c & 0x07)
        } else if c >= 0xE0 {
            len = 3
            v = UInt32(c & 0x0F)
        } else {
            len = 2
            v = UInt32(c & 0x1F)
        }
        if i + len > s.count { return (0xFFFD, 1) }
        for k in 1..<len { v = v << 6 | UInt32(s[i + k] & 0x3F) }
        return (v, len)
    }

    @inline(__always) private static func isSep(_ c: UInt8) -> Bool { c == 0x2E || c == 0x2D || c == 0x5F }

    /// Matches `word` case-insensitively (ASCII) at `p`.
    @inline(__always)
    private static func matchWord(_ s: UnsafeBufferPointer<UInt8>, _ p: Int, _ end: Int, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        if p + n > end { return false }
        let w = word.utf8Start
        for k in 0..<n where asciiLower(s[p + k]) != w[k] { return false }
        return true
    }

    @inline(__always)
    private static func digitRun(_ s: UnsafeBufferPointer<UInt8>, _ p: Int, _ end: Int) -> Int {
        var q = p
        while q < end && isASCIIDigit(s[q]) { q += 1 }
        return q
    }

    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> PEP440Version? {
        var v = PEP440Version()
        // packaging's fast path: only digits and dots.
        var simple = true
        for c in s where !(isASCIIDigit(c) || c == 0x2E) {
            simple = false
            break
        }
        if simple {
            var p = 0
            let n = s.count
            while true {
                let q = digitRun(s, p, n)
                if q == p { return nil }  // empty part ("", "1..2", ".1", "1.")
                v.release.append(BigNum(s, p, q))
                if q == n { break }
                p = q + 1
            }
            return v
        }

        var (p, end) = trimmed(s)
        // v?+
        if p < end && (s[p] == 0x76 || s[p] == 0x56) { p += 1 }
        // (?:([0-9]+)!)?+
        let epochEnd = digitRun(s, p, end)
        if epochEnd > p && epochEnd < end && s[epochEnd] == 0x21 {
            v.epoch = BigNum(s, p, epochEnd)
            p = epochEnd + 1
        }
        // release: [0-9]+(?:\.[0-9]+)*+
        var q = digitRun(s, p, end)
        if q == p { return nil }
        v.release.append(BigNum(s, p, q))
        p = q
        while p + 1 < end && s[p] == 0x2E && isASCIIDigit(s[p + 1]) {
            q = digitRun(s, p + 1, end)
            v.release.append(BigNum(s, p + 1, q))
            p = q
        }
        // pre: [._-]?+ (alpha|a|beta|b|preview|pre|c|rc) [._-]?+ ([0-9]+)?   -- atomic group
        do {
            var r = p
            if r < end && isSep(s[r]) { r += 1 }
            var kind = -1
            var len = 0
            if matchWord(s, r, end, "alpha") { kind = 0; len = 5 }
            else if matchWord(s, r, end, "a") { kind = 0; len = 1 }
            else if matchWord(s, r, end, "beta") { kind = 1; len = 4 }
            else if matchWord(s, r, end, "b") { kind = 1; len = 1 }
            else if matchWord(s, r, end, "preview") { kind = 2; len = 7 }
            else if matchWord(s, r, end, "pre") { kind = 2; len = 3 }
            else if matchWord(s, r, end, "c") { kind = 2; len = 1 }
            else if matchWord(s, r, end, "rc") { kind = 2; len = 2 }
            if kind >= 0 {
                r += len
                if r < end && isSep(s[r]) { r += 1 }
                let d = digitRun(s, r, end)
                v.pre = (kind, BigNum(s, r, d))
                p = d
            }
        }
        // post: (?:-([0-9]+)) | (?:[._-]?(post|rev|r)[._-]?([0-9]+)?)   -- atomic group
        do {
            if p + 1 < end && s[p] == 0x2D && isASCIIDigit(s[p + 1]) {
                let d = digitRun(s, p + 1, end)
                v.post = BigNum(s, p + 1, d)
                p = d
            } else {
                var r = p
                if r < end && isSep(s[r]) { r += 1 }
                var len = 0
                if matchWord(s, r, end, "post") { len = 4 }
                else if matchWord(s, r, end, "rev") { len = 3 }
                else if matchWord(s, r, end, "r") { len = 1 }
                if len > 0 {
                    r += len
                    if r < end && isSep(s[r]) { r += 1 }
                    let d = digitRun(s, r, end)
                    v.post = BigNum(s, r, d)
                    p = d
                }
            }
        }
        // dev: [._-]?+ dev [._-]?+ ([0-9]+)?   -- atomic group
        do {
            var r = p
            if r < end && isSep(s[r]) { r += 1 }
            if matchWord(s, r, end, "dev") {
                r += 3
                if r < end && isSep(s[r]) { r += 1 }
                let d = digitRun(s, r, end)
                v.dev = BigNum(s, r, d)
                p = d
            }
        }
        // local: \+ [a-z0-9]+ (?:[._-][a-z0-9]+)*+   -- atomic group
        if p + 1 < end && s[p] == 0x2B && isASCIIAlnum(s[p + 1]) {
            var segments: [LocalSegment] = []
            var r = p + 1
            while true {
                var e = r
                var allDigits = true
                while e < end && isASCIIAlnum(s[e]) {
                    if !isASCIIDigit(s[e]) { allDigits = false }
                    e += 1
                }
                if allDigits {
                    segments.append(.number(BigNum(s, r, e)))
                } else {
                    var t = [UInt8]()
                    t.reserveCapacity(e - r)
                    for k in r..<e { t.append(asciiLower(s[k])) }
                    segments.append(.text(t))
                }
                r = e
                if r + 1 < end && isSep(s[r]) && isASCIIAlnum(s[r + 1]) {
                    r += 1
                } else {
                    break
                }
            }
            v.local = segments
            p = r
        }
        return p == end ? v : nil
    }
}
