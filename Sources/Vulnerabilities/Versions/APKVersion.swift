/// Alpine package versions, `digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}`, validated and
/// ordered exactly as apk-tools (src/version.c since the 2024 rewrite: `apk_version_validate`,
/// `apk_version_compare`) does: pre-release suffixes `_alpha < _beta < _pre < _rc` < no suffix <
/// post-release suffixes `_cvs < _svn < _git < _hg < _p`, each with an optional number; one
/// lower-case letter after the numbers; a `~commit` hash (lower-case hex); `-rN` revisions, a
/// version without one sorting before the same version with any. Dotted components compare as
/// numbers, except that when either has a leading zero both compare as strings (1.01 < 1.1,
/// 1.0 < 1.00), as Gentoo specifies. One deliberate difference: apk-tools reads numbers into 64
/// bits and wraps longer ones; here numbers of any length compare by value.
///
/// Older apk-tools (2.x, before the rewrite) tolerated some malformed versions ("1..0", "1.0-r")
/// and weighed leading zeros by their count; well-formed versions without leading zeros order the same.
struct APKScheme: VersionScheme {
    let name = "apk"

    func validate(_ text: String) throws(VersionError) {
        let ok = withUTF8Bytes(text) { Self.isValid($0) }
        if !ok { throw Self.error(text) }
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        let result: Result<Int, VersionError> = withUTF8Bytes(lhs) { a in
            withUTF8Bytes(rhs) { b in
                if !Self.isValid(a) { return .failure(Self.error(lhs)) }
                if !Self.isValid(b) { return .failure(Self.error(rhs)) }
                return .success(Self.compare(a, b))
            }
        }
        return try result.get()
    }

    private static func error(_ text: String) -> VersionError {
        VersionError(scheme: "apk", version: text, reason: text.isEmpty ? "empty version" : "not an apk version")
    }

    // Token types, in apk-tools' order (the order matters when versions differ in shape).
    static let initialDigit = 0
    static let digit = 1
    static let letter = 2
    static let suffix = 3
    static let suffixNo = 4
    static let commitHash = 5
    static let revisionNo = 6
    static let end = 7
    static let invalid = 8

    // Suffix values: INVALID 0, alpha 1, beta 2, pre 3, rc 4, (none) 5, cvs 6, svn 7, git 8, hg 9, p 10.
    static let suffixNone = 5

    struct Token {
        var type: Int
        var suffix = 0
        /// The token's text (digits, letter, suffix name or hash) in the version's bytes.
        var start = 0
        var end = 0
    }

    private static func parseDigits(_ s: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ type: Int) -> Token {
        let start = pos
        while pos < s.count && isASCIIDigit(s[pos]) { pos += 1 }
        return Token(type: pos == start ? invalid : type, start: start, end: pos)
    }

    static func first(_ s: UnsafeBufferPointer<UInt8>, _ pos: inout Int) -> Token {
        parseDigits(s, &pos, initialDigit)
    }

    private static func suffixValue(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let len = end - start
        if len == 0 { return 0 }
        let value: Int
        let word: StaticString
        switch s[start] {
        case 0x61: (value, word) = (1, "alpha")
        case 0x62: (value, word) = (2, "beta")
        case 0x63: (value, word) = (6, "cvs")
        case 0x67: (value, word) = (8, "git")
        case 0x68: (value, word) = (9, "hg")
        case 0x70: (value, word) = len > 1 ? (3, "pre") : (10, "p")
        case 0x72: (value, word) = (4, "rc")
        case 0x73: (value, word) = (7, "svn")
        default: return 0
        }
        if word.utf8CodeUnitCount != len { return 0 }
        let w = word.utf8Start
        for k in 0..<len where s[start + k] != w[k] { return 0 }
        return value
    }

    /// apk-tools' `token_next`.
    static func next(_ s: UnsafeBufferPointer<UInt8>, _ pos: inout Int, _ t: Token) -> Token {
        let n = s.count
        if pos >= n { return Token(type: end) }
        let c = s[pos]
        switch c {
        case 0x61...0x7A:  // a-z
            if t.type > digit { return Token(type: invalid) }
            pos += 1
            return Token(type: letter, start: pos - 1, end: pos)
        case 0x2E, 0x30...0x39:  // "." then digits, or digits
            if c == 0x2E {
                if t.type > digit { return Token(type: invalid) }
                pos += 1
            }
            switch t.type {
            case initialDigit, digit: return parseDigits(s, &pos, digit)
            case suffix: return parseDigits(s, &pos, suffixNo)
            default: return Token(type: invalid)
            }
        case 0x5F:  // "_"
            if t.type > suffixNo { return Token(type: invalid) }
            pos += 1
            let start = pos
            while pos < n && isASCIILower(s[pos]) { pos += 1 }
            let value = suffixValue(s, start, pos)
            if value == 0 { return Token(type: invalid) }
            return Token(type: suffix, suffix: value, start: start, end: pos)
        case 0x7E:  // "~"
            if t.type >= commitHash { return Token(type: invalid) }
            pos += 1
            let start = pos
            while pos < n && (isASCIIDigit(s[pos]) || (s[pos] >= 0x61 && s[pos] <= 0x66)) { pos += 1 }
            if pos == start { return Token(type: invalid) }
            return Token(type: commitHash, start: start, end: pos)
        case 0x2D:  // "-r"
            if t.type >= revisionNo { return Token(type: invalid) }
            if !(pos + 1 < n && s[pos + 1] == 0x72) { return Token(type: invalid) }
            pos += 2
            return parseDigits(s, &pos, revisionNo)
        default:
            return Token(type: invalid)
        }
    }

    static func isValid(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        var pos = 0
        var t = first(s, &pos)
        while t.type < end { t = next(s, &pos, t) }
        return t.type == end
    }

    /// apk-tools' `token_cmp` for two tokens of the same type.
    private static func compareTokens(_ a: UnsafeBufferPointer<UInt8>, _ x: Token,
                                      _ b: UnsafeBufferPointer<UInt8>, _ y: Token) -> Int {
        switch x.type {
        case digit where a[x.start] == 0x30 || b[y.start] == 0x30, commitHash:
            // A leading zero (or a hash): raw string order, like Gentoo.
            return compareBytes(a, x.start, x.end, b, y.start, y.end)
        case initialDigit, digit, suffixNo, revisionNo:
            return compareDigitRuns(a, x.start, x.end, b, y.start, y.end)
        case letter:
            return a[x.start] == b[y.start] ? 0 : (a[x.start] < b[y.start] ? -1 : 1)
        case suffix:
            return x.suffix == y.suffix ? 0 : (x.suffix < y.suffix ? -1 : 1)
        default:
            return compareBytes(a, x.start, x.end, b, y.start, y.end)
        }
    }

    /// apk-tools' `apk_version_compare` (not fuzzy), for two valid versions: -1, 0 or 1.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        var pa = 0, pb = 0
        var ta = first(a, &pa), tb = first(b, &pb)
        while ta.type == tb.type && ta.type < end {
            let r = compareTokens(a, ta, b, tb)
            if r != 0 { return r }
            ta = next(a, &pa, ta)
            tb = next(b, &pb, tb)
        }
        if ta.type == tb.type { return 0 }
        // The longer version is greater, unless what it goes on with is a pre-release suffix.
        if ta.type == suffix && ta.suffix < suffixNone { return -1 }
        if tb.type == suffix && tb.suffix < suffixNone { return 1 }
        if ta.type > tb.type { return -1 }
        if tb.type > ta.type { return 1 }
        return 0
    }
}
