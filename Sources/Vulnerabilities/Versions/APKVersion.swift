/// Alpine package versions, `digit{.digit}...{letter}{_suf{#}}...{-r#}`, validated and ordered
/// exactly as apk-tools 2.x does (`apk_version_validate`, `apk_version_compare`, src/version.c):
/// pre-release suffixes `_alpha < _beta < _pre < _rc` < the release < post-release suffixes
/// `_cvs < _svn < _git < _hg < _p`; a lower-case letter after the numbers; `-rN` revisions;
/// leading zeros of a dotted component weigh as their count, negatively (so 1.01 < 1.1 and
/// 1.0 > 1.00). One deliberate difference: apk-tools accumulates digit runs in a C int, which
/// overflows past 2^31; runs of any length compare by value here.
struct APKScheme: VersionScheme {
    let name = "apk"

    func validate(_ text: String) throws(VersionError) {
        let ok = withUTF8Bytes(text) { Self.isValid($0) }
        if !ok { throw VersionError(scheme: name, version: text, reason: text.isEmpty ? "empty version" : "not an apk version") }
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        let result: Result<Int, VersionError> = withUTF8Bytes(lhs) { a in
            withUTF8Bytes(rhs) { b in
                if !Self.isValid(a) {
                    return .failure(VersionError(scheme: "apk", version: lhs, reason: lhs.isEmpty ? "empty version" : "not an apk version"))
                }
                if !Self.isValid(b) {
                    return .failure(VersionError(scheme: "apk", version: rhs, reason: rhs.isEmpty ? "empty version" : "not an apk version"))
                }
                return .success(Self.compare(a, b))
            }
        }
        return try result.get()
    }

    // Token types, in apk-tools' order (the order matters for comparisons).
    static let invalid = -1
    static let digitOrZero = 0
    static let digit = 1
    static let letter = 2
    static let suffix = 3
    static let suffixNo = 4
    static let revisionNo = 5
    static let end = 6

    /// A token's value: a small integer (letters, suffix ranks, leading-zero counts), or a run of
    /// digits compared by value.
    struct Value {
        var small: Int = 0
        var runStart = 0, runEnd = 0  // a digit run when runEnd > runStart... or an empty run
        var isRun = false
    }

    struct Cursor {
        var pos: Int
        let end: Int
    }

    static func compareValues(_ a: UnsafeBufferPointer<UInt8>, _ x: Value,
                              _ b: UnsafeBufferPointer<UInt8>, _ y: Value) -> Int {
        switch (x.isRun, y.isRun) {
        case (false, false):
            return x.small == y.small ? 0 : (x.small < y.small ? -1 : 1)
        case (true, true):
            return compareDigitRuns(a, x.runStart, x.runEnd, b, y.runStart, y.runEnd)
        case (true, false):
            return -compareSmallToRun(y.small, a, x.runStart, x.runEnd)
        case (false, true):
            return compareSmallToRun(x.small, b, y.runStart, y.runEnd)
        }
    }

    private static func compareSmallToRun(_ v: Int, _ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        var i = s
        while i < e && buf[i] == 0x30 { i += 1 }
        if e - i > 18 { return -1 }  // the run is larger than any small value
        var r = 0
        while i < e {
            r = r * 10 + Int(buf[i] - 0x30)
            i += 1
        }
        return v == r ? 0 : (v < r ? -1 : 1)
    }

    /// apk-tools' `next_token`.
    static func nextToken(_ type: inout Int, _ s: UnsafeBufferPointer<UInt8>, _ c: inout Cursor) {
        var n = invalid
        if c.pos >= c.end || s[c.pos] == 0 {
            n = end
        } else if (type == digit || type == digitOrZero) && isASCIILower(s[c.pos]) {
            n = letter
        } else if type == letter && isASCIIDigit(s[c.pos]) {
            n = digit
        } else if type == suffix && isASCIIDigit(s[c.pos]) {
            n = suffixNo
        } else {
            switch s[c.pos] {
            case 0x2E:
                n = digitOrZero
            case 0x5F:
                n = suffix
            case 0x2D:
                if c.end - c.pos > 1 && s[c.pos + 1] == 0x72 {
                    n = revisionNo
                    c.pos += 1
                } else {
                    n = invalid
                }
            default:
                break
            }
            c.pos += 1
        }
        if n < type {
            if !((n == digitOrZero && type == digit)
                || (n == suffix && type == suffixNo)
                || (n == digit && type == letter)) {
                n = invalid
            }
        }
        type = n
    }

    private static let preSuffixes: [StaticString] = ["alpha", "beta", "pre", "rc"]
    private static let postSuffixes: [StaticString] = ["cvs", "svn", "git", "hg", "p"]

    private static func hasPrefix(_ s: UnsafeBufferPointer<UInt8>, _ c: Cursor, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        if n > c.end - c.pos { return false }
        let w = word.utf8Start
        for k in 0..<n where s[c.pos + k] != w[k] { return false }
        return true
    }

    /// apk-tools' `get_token`.
    static func getToken(_ type: inout Int, _ s: UnsafeBufferPointer<UInt8>, _ c: inout Cursor) -> Value {
        var v = Value()
        var i = 0
        var nt = invalid
        if c.end - c.pos <= 0 {
            type = end
            return v
        }
        var handled = false
        if type == digitOrZero && s[c.pos] == 0x30 {
            // Leading zero digits get a special treatment.
            while c.pos + i < c.end && s[c.pos + i] == 0x30 { i += 1 }
            nt = digit
            v.small = -i
            handled = true
        }
        if !handled {
            switch type {
            case digitOrZero, digit, suffixNo, revisionNo:
                while c.pos + i < c.end && isASCIIDigit(s[c.pos + i]) { i += 1 }
                v.isRun = true
                v.runStart = c.pos
                v.runEnd = c.pos + i
            case letter:
                v.small = Int(s[c.pos])
                i = 1
            case suffix:
                var found = false
                for (k, word) in preSuffixes.enumerated() where hasPrefix(s, c, word) {
                    i = word.utf8CodeUnitCount
                    v.small = k - preSuffixes.count
                    found = true
                    break
                }
                if !found {
                    for (k, word) in postSuffixes.enumerated() where hasPrefix(s, c, word) {
                        i = word.utf8CodeUnitCount
                        v.small = k
                        found = true
                        break
                    }
                }
                if !found {
                    type = invalid
                    return Value(small: -1)
                }
            default:
                type = invalid
                return Value(small: -1)
            }
        }
        c.pos += i
        if c.pos >= c.end {
            type = end
        } else if nt != invalid {
            type = nt
        } else {
            nextToken(&type, s, &c)
        }
        return v
    }

    static func isValid(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        if s.isEmpty { return false }  // apk-tools accepts "", Palisade does not
        var t = digit
        var c = Cursor(pos: 0, end: s.count)
        while t != end && t != invalid {
            _ = getToken(&t, s, &c)
        }
        return t == end
    }

    /// apk-tools' `apk_version_compare_blob_fuzzy` without fuzziness: -1, 0 or 1.
    static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        var at = digit, bt = digit
        var av = Value(), bv = Value()
        var ca = Cursor(pos: 0, end: a.count), cb = Cursor(pos: 0, end: b.count)
        var diff = 0
        while at == bt && at != end && at != invalid && diff == 0 {
            av = getToken(&at, a, &ca)
            bv = getToken(&bt, b, &cb)
            diff = compareValues(a, av, b, bv)
        }
        if diff != 0 { return diff }
        if at == bt { return 0 }
        var tt = at
        if at == suffix && getToken(&tt, a, &ca).isNegativeSmall { return -1 }
        tt = bt
        if bt == suffix && getToken(&tt, b, &cb).isNegativeSmall { return 1 }
        if at > bt { return -1 }
        if bt > at { return 1 }
        return 0
    }
}

extension APKScheme.Value {
    init(small: Int) {
        self.small = small
    }

    var isNegativeSmall: Bool { !isRun && small < 0 }
}
