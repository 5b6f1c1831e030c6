/// RubyGems versions, validated by `Gem::Version.correct?` and ordered by `Gem::Version#<=>`
/// (RubyGems 3.3): segments are runs of digits or letters, "-" reads as ".pre.", trailing zero
/// segments of the release part and of the pre-release part are dropped, a string segment sorts
/// before a number, strings compare byte-wise (case-sensitively), numbers by value.
/// Gem::Version reads "" and white space alone as "0"; here they throw, like every scheme's empty input.
struct RubyGemsScheme: VersionScheme {
    let name = "rubygems"

    func validate(_ text: String) throws(VersionError) {
        _ = try Self.parse(text)
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        let a = try Self.parse(lhs)
        let b = try Self.parse(rhs)
        return RubyGemsVersion.compare(a, b)
    }

    static func parse(_ text: String) throws(VersionError) -> RubyGemsVersion {
        let outcome: Result<RubyGemsVersion, VersionError> = withUTF8Bytes(text) { s in
            if let reason = RubyGemsVersion.check(s) {
                return .failure(VersionError(scheme: "rubygems", version: text, reason: reason))
            }
            return .success(RubyGemsVersion(s))
        }
        return try outcome.get()
    }
}

struct RubyGemsVersion: Sendable {
    enum Segment: Sendable, Equatable {
        case number(BigNum)
        case text([UInt8])
    }

    /// `canonical_segments`.
    let segments: [Segment]

    /// Ruby's `\s`: space, \t, \n, \v, \f, \r.
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    /// `ANCHORED_VERSION_PATTERN`: `\A\s*([0-9]+(?>\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*\z`,
    /// minus the empty version. Returns why the text does not match, or nil.
    static func check(_ s: UnsafeBufferPointer<UInt8>) -> String? {
        let n = s.count
        var p = 0
        while p < n && isSpace(s[p]) { p += 1 }
        if p == n { return "empty version" }
        let digitsStart = p
        while p < n && isASCIIDigit(s[p]) { p += 1 }
        if p == digitsStart { return "does not start with a digit" }
        while p + 1 < n && s[p] == 0x2E && isASCIIAlnum(s[p + 1]) {
            p += 1
            while p < n && isASCIIAlnum(s[p]) { p += 1 }
        }
        @inline(__always) func isPreChar(_ c: UInt8) -> Bool { isASCIIAlnum(c) || c == 0x2D }
        if p + 1 < n && s[p] == 0x2D && isPreChar(s[p + 1]) {
            p += 1
            while p < n && isPreChar(s[p]) { p += 1 }
            while p + 1 < n && s[p] == 0x2E && isPreChar(s[p + 1]) {
                p += 1
                while p < n && isPreChar(s[p]) { p += 1 }
            }
        }
        while p < n && isSpace(s[p]) { p += 1 }
        return p == n ? nil : "malformed version number string"
    }

    /// From a text that passed `check`.
    init(_ s: UnsafeBufferPointer<UInt8>) {
        // _segments: scan(/[0-9]+|[a-z]+/i) of the text with each "-" replaced by ".pre.".
        var raw: [Segment] = []
        var p = 0
        let n = s.count
        while p < n {
            let c = s[p]
            if isASCIIDigit(c) {
                var q = p
                while q < n && isASCIIDigit(s[q]) { q += 1 }
                raw.append(.number(BigNum(s, p, q)))
                p = q
            } else if isASCIIAlpha(c) {
                var q = p
                while q < n && isASCIIAlpha(s[q]) { q += 1 }
                raw.append(.text(Array(s[p..<q])))
                p = q
            } else {
                if c == 0x2D { raw.append(.text(Self.pre)) }
                p += 1
            }
        }
        // canonical_segments: drop trailing zeros from the numeric prefix and from the rest.
        let firstText = raw.firstIndex { if case .text = $0 { return true } else { return false } } ?? raw.count
        var numeric = Array(raw[0..<firstText])
        var rest = Array(raw[firstText...])
        while let last = numeric.last, case .number(let v) = last, v.isZero { numeric.removeLast() }
        while let last = rest.last, case .number(let v) = last, v.isZero { rest.removeLast() }
        segments = numeric + rest
    }

    private static let pre: [UInt8] = Array("pre".utf8)

    /// `Gem::Version#<=>`.
    static func compare(_ a: RubyGemsVersion, _ b: RubyGemsVersion) -> Int {
        let l = a.segments, r = b.segments
        let zero = Segment.number(.zero)
        for i in 0..<max(l.count, r.count) {
            let x = i < l.count ? l[i] : zero
            let y = i < r.count ? r[i] : zero
            switch (x, y) {
            case let (.number(m), .number(n)):
                let c = BigNum.compare(m, n)
                if c != 0 { return c }
            case (.text, .number):
                return -1
            case (.number, .text):
                return 1
            case let (.text(s), .text(t)):
                if s != t { return s.lexicographicallyPrecedes(t) ? -1 : 1 }
            }
        }
        return 0
    }
}
