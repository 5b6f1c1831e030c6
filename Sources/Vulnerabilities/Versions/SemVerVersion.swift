/// SemVer 2.0.0 parsing and precedence on byte offsets, shared by the npm/crates.io and Go schemes.
///
/// Numbers have no size limit here (node-semver rejects components above 2^53 - 1 and compares
/// huge numeric pre-release identifiers as doubles; golang.org/x/mod/semver has no limit).
enum SemVerCore {
    struct Parsed {
        var majorStart = 0, majorEnd = 0
        var minorStart = 0, minorEnd = 0  // empty when a Go shorthand left it out (then 0)
        var patchStart = 0, patchEnd = 0
        /// The pre-release identifiers, without the leading "-"; empty range when none.
        var preStart = 0, preEnd = 0
    }

    enum Outcome {
        case ok(Parsed)
        case bad(String)
    }

    /// `v?MAJOR.MINOR.PATCH(-PRE)?(+BUILD)?`. With `shorthand`, "vMAJOR" and "vMAJOR.MINOR" are
    /// accepted as golang.org/x/mod/semver accepts them (as .0.0 / .0, without pre-release or build).
    static func parse(_ s: UnsafeBufferPointer<UInt8>, shorthand: Bool) -> Outcome {
        let n = s.count
        var p = 0
        if n == 0 { return .bad("empty version") }
        var hasV = false
        if s[0] == 0x76 {  // "v"
            p = 1
            hasV = true
        }
        var r = Parsed()
        func number(_ p: inout Int, _ what: String) -> String? {
            let start = p
            while p < n && isASCIIDigit(s[p]) { p += 1 }
            if p == start { return "missing \(what) version number" }
            if s[start] == 0x30 && p - start > 1 { return "\(what) version number has a leading zero" }
            return nil
        }
        r.majorStart = p
        if let e = number(&p, "major") { return .bad(e) }
        r.majorEnd = p
        if shorthand && hasV && p == n {
            r.minorStart = p; r.minorEnd = p; r.patchStart = p; r.patchEnd = p
            return .ok(r)
        }
        guard p < n && s[p] == 0x2E else { return .bad("expected \".\" after the major version") }
        p += 1
        r.minorStart = p
        if let e = number(&p, "minor") { return .bad(e) }
        r.minorEnd = p
        if shorthand && hasV && p == n {
            r.patchStart = p; r.patchEnd = p
            return .ok(r)
        }
        guard p < n && s[p] == 0x2E else { return .bad("expected \".\" after the minor version") }
        p += 1
        r.patchStart = p
        if let e = number(&p, "patch") { return .bad(e) }
        r.patchEnd = p
        if p < n && s[p] == 0x2D {  // pre-release
            p += 1
            r.preStart = p
            var identStart = p
            while true {
                var allDigits = true
                while p < n && (isASCIIAlnum(s[p]) || s[p] == 0x2D) {
                    if !isASCIIDigit(s[p]) { allDigits = false }
                    p += 1
                }
                if p == identStart { return .bad("empty pre-release identifier") }
                if allDigits && s[identStart] == 0x30 && p - identStart > 1 {
                    return .bad("numeric pre-release identifier has a leading zero")
                }
                if p < n && s[p] == 0x2E {
                    p += 1
                    identStart = p
                    continue
                }
                break
            }
            r.preEnd = p
        }
        if p < n && s[p] == 0x2B {  // build metadata: ignored for ordering, must be well formed
            p += 1
            var identStart = p
            while true {
                while p < n && (isASCIIAlnum(s[p]) || s[p] == 0x2D) { p += 1 }
                if p == identStart { return .bad("empty build metadata identifier") }
                if p < n && s[p] == 0x2E {
                    p += 1
                    identStart = p
                    continue
                }
                break
            }
        }
        if p != n { return .bad("unexpected character at offset \(p)") }
        return .ok(r)
    }

    /// SemVer 2.0.0 precedence (build metadata ignored).
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ pa: Parsed,
                        _ b: UnsafeBufferPointer<UInt8>, _ pb: Parsed) -> Int {
        var c = compareDigitRuns(a, pa.majorStart, pa.majorEnd, b, pb.majorStart, pb.majorEnd)
        if c != 0 { return c }
        c = compareDigitRuns(a, pa.minorStart, pa.minorEnd, b, pb.minorStart, pb.minorEnd)
        if c != 0 { return c }
        c = compareDigitRuns(a, pa.patchStart, pa.patchEnd, b, pb.patchStart, pb.patchEnd)
        if c != 0 { return c }
        let aPre = pa.preEnd > pa.preStart, bPre = pb.preEnd > pb.preStart
        if !aPre || !bPre {
            return aPre == bPre ? 0 : (aPre ? -1 : 1)
        }
        var i = pa.preStart, j = pb.preStart
        while true {
            var ie = i, aNum = true
            while ie < pa.preEnd && a[ie] != 0x2E {
                if !isASCIIDigit(a[ie]) { aNum = false }
                ie += 1
            }
            var je = j, bNum = true
            while je < pb.preEnd && b[je] != 0x2E {
                if !isASCIIDigit(b[je]) { bNum = false }
                je += 1
            }
            if aNum && bNum {
                c = compareDigitRuns(a, i, ie, b, j, je)
            } else if aNum != bNum {
                c = aNum ? -1 : 1
            } else {
                c = compareBytes(a, i, ie, b, j, je)
            }
            if c != 0 { return c }
            let aMore = ie < pa.preEnd, bMore = je < pb.preEnd
            if !aMore || !bMore {
                return aMore == bMore ? 0 : (aMore ? 1 : -1)
            }
            i = ie + 1
            j = je + 1
        }
    }

    static func compare(scheme: String, shorthand: Bool, _ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        let result: Result<Int, VersionError> = withUTF8Bytes(lhs) { a in
            withUTF8Bytes(rhs) { b in
                let pa: Parsed
                switch parse(a, shorthand: shorthand) {
                case .ok(let p): pa = p
                case .bad(let reason): return .failure(VersionError(scheme: scheme, version: lhs, reason: reason))
                }
                let pb: Parsed
                switch parse(b, shorthand: shorthand) {
                case .ok(let p): pb = p
                case .bad(let reason): return .failure(VersionError(scheme: scheme, version: rhs, reason: reason))
                }
                return .success(compare(a, pa, b, pb))
            }
        }
        return try result.get()
    }

    static func validate(scheme: String, shorthand: Bool, _ text: String) throws(VersionError) {
        let outcome = withUTF8Bytes(text) { parse($0, shorthand: shorthand) }
        if case .bad(let reason) = outcome {
            throw VersionError(scheme: scheme, version: text, reason: reason)
        }
    }
}

/// npm and crates.io versions: strict SemVer 2.0.0 (node-semver's non-loose grammar) with an
/// optional leading "v". No surrounding white space, no "=" prefix, no shorthand, no size limit.
struct SemVerScheme: VersionScheme {
    let name = "semver"

    func validate(_ text: String) throws(VersionError) {
        try SemVerCore.validate(scheme: name, shorthand: false, text)
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        try SemVerCore.compare(scheme: name, shorthand: false, lhs, rhs)
    }
}

/// Go module versions as golang.org/x/mod/semver orders them: SemVer 2.0.0 precedence, build
/// metadata (so "+incompatible") ignored, pseudo-versions ordinary pre-releases, "vMAJOR" and
/// "vMAJOR.MINOR" shorthands accepted. The leading "v" is optional because OSV writes Go versions
/// (modules and the standard library/toolchain, "1.21.0", "1.22.0-rc.1") without it.
struct GoScheme: VersionScheme {
    let name = "go"

    func validate(_ text: String) throws(VersionError) {
        try SemVerCore.validate(scheme: name, shorthand: true, text)
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        try SemVerCore.compare(scheme: name, shorthand: true, lhs, rhs)
    }
}
