/// RPM package versions, `[epoch:]version[-release]`, ordered as rpm's Python `labelCompare`
/// orders the (epoch, version, release) triple: a missing epoch is 0, epochs compare as numbers,
/// version and release compare with `rpmvercmp` (with `~` sorting before anything and `^` after
/// the base version only), and a missing release sorts before any release.
///
/// The string is split as rpm's `parseEVR` splits it (the epoch is leading digits followed by ":",
/// the release follows the last "-"). Validation follows what rpmbuild accepts in Version and
/// Release tags (letters, digits and `._+%{}~^`, no `..`); the epoch must be digits.
struct RPMScheme: VersionScheme {
    let name = "rpm"

    struct Parsed {
        var epochStart = 0, epochEnd = 0  // empty: no epoch (0)
        var versionStart = 0, versionEnd = 0
        var releaseStart = 0, releaseEnd = 0
        var hasRelease = false
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
                case .bad(let reason): return .failure(VersionError(scheme: "rpm", version: lhs, reason: reason))
                }
                let pb: Parsed
                switch Self.parse(b) {
                case .ok(let p): pb = p
                case .bad(let reason): return .failure(VersionError(scheme: "rpm", version: rhs, reason: reason))
                }
                return .success(Self.compare(a, pa, b, pb))
            }
        }
        return try result.get()
    }

    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ pa: Parsed,
                        _ b: UnsafeBufferPointer<UInt8>, _ pb: Parsed) -> Int {
        var c = compareDigitRuns(a, pa.epochStart, pa.epochEnd, b, pb.epochStart, pb.epochEnd)
        if c != 0 { return c }
        c = rpmvercmp(a, pa.versionStart, pa.versionEnd, b, pb.versionStart, pb.versionEnd)
        if c != 0 { return c }
        switch (pa.hasRelease, pb.hasRelease) {
        case (false, false): return 0
        case (false, true): return -1
        case (true, false): return 1
        case (true, true): return rpmvercmp(a, pa.releaseStart, pa.releaseEnd, b, pb.releaseStart, pb.releaseEnd)
        }
    }

    @inline(__always)
    private static func allowed(_ c: UInt8) -> Bool {
        // ALLOWED_CHARS_VERREL "._+%{}~^" plus alphanumerics.
        if isASCIIAlnum(c) { return true }
        switch c {
        case 0x2E, 0x5F, 0x2B, 0x25, 0x7B, 0x7D, 0x7E, 0x5E: return true
        default: return false
        }
    }

    private static func check(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ what: String) -> String? {
        if start == end { return "empty \(what)" }
        var previousDot = false
        for i in start..<end {
            let c = s[i]
            if !allowed(c) {
                if c == 0x2D { return "\"-\" in \(what)" }
                return "illegal character in \(what)"
            }
            if c == 0x2E && previousDot { return "illegal sequence \"..\" in \(what)" }
            previousDot = c == 0x2E
        }
        return nil
    }

    static func parse(_ s: UnsafeBufferPointer<UInt8>) -> Outcome {
        let n = s.count
        if n == 0 { return .bad("empty version") }
        var r = Parsed()
        var p = 0
        while p < n && isASCIIDigit(s[p]) { p += 1 }
        if p < n && s[p] == 0x3A {
            if p == 0 { return .bad("empty epoch") }
            r.epochStart = 0
            r.epochEnd = p
            p += 1
        } else {
            p = 0
        }
        r.versionStart = p
        var hyphen = -1
        var i = n - 1
        while i >= p {
            if s[i] == 0x2D {
                hyphen = i
                break
            }
            i -= 1
        }
        if hyphen >= 0 {
            r.versionEnd = hyphen
            r.releaseStart = hyphen + 1
            r.releaseEnd = n
            r.hasRelease = true
            if let e = check(s, r.releaseStart, r.releaseEnd, "release") { return .bad(e) }
        } else {
            r.versionEnd = n
        }
        if let e = check(s, r.versionStart, r.versionEnd, "version") { return .bad(e) }
        return .ok(r)
    }

    /// rpm's `rpmvercmp` (rpmio/rpmvercmp.c) over two byte ranges.
    static func rpmvercmp(_ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int,
                          _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int) -> Int {
        if compareBytes(a, aStart, aEnd, b, bStart, bEnd) == 0 { return 0 }
        var one = aStart, two = bStart
        @inline(__always) func at(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> UInt8 {
            i < end ? buf[i] : 0
        }
        while one < aEnd || two < bEnd {
            while one < aEnd && !isASCIIAlnum(a[one]) && a[one] != 0x7E && a[one] != 0x5E { one += 1 }
            while two < bEnd && !isASCIIAlnum(b[two]) && b[two] != 0x7E && b[two] != 0x5E { two += 1 }
            let c1 = at(a, one, aEnd), c2 = at(b, two, bEnd)
            // Tilde sorts before everything else.
            if c1 == 0x7E || c2 == 0x7E {
                if c1 != 0x7E { return 1 }
                if c2 != 0x7E { return -1 }
                one += 1
                two += 1
                continue
            }
            // Caret: like tilde, except that a version that ended (the base version) is lower.
            if c1 == 0x5E || c2 == 0x5E {
                if one >= aEnd { return -1 }
                if two >= bEnd { return 1 }
                if c1 != 0x5E { return 1 }
                if c2 != 0x5E { return -1 }
                one += 1
                two += 1
                continue
            }
            if !(one < aEnd && two < bEnd) { break }
            var str1 = one, str2 = two
            let isNum: Bool
            if isASCIIDigit(a[str1]) {
                while str1 < aEnd && isASCIIDigit(a[str1]) { str1 += 1 }
                while str2 < bEnd && isASCIIDigit(b[str2]) { str2 += 1 }
                isNum = true
            } else {
                while str1 < aEnd && isASCIIAlpha(a[str1]) { str1 += 1 }
                while str2 < bEnd && isASCIIAlpha(b[str2]) { str2 += 1 }
                isNum = false
            }
            if one == str1 { return -1 }  // cannot happen
            // Segments of different kinds: numeric is newer than alpha.
            if two == str2 { return isNum ? 1 : -1 }
            let rc = isNum
                ? compareDigitRuns(a, one, str1, b, two, str2)
                : compareBytes(a, one, str1, b, two, str2)
            if rc != 0 { return rc }
            one = str1
            two = str2
        }
        if one >= aEnd && two >= bEnd { return 0 }
        return one >= aEnd ? -1 : 1
    }
}
