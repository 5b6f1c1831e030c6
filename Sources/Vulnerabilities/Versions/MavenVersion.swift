/// Maven versions, ordered exactly as `org.apache.maven.artifact.versioning.ComparableVersion` of
/// Maven 3.8.7 orders them: items split on "." and "-" and on digit/letter transitions, "-" and
/// transitions opening sub-lists, numbers compared by value (int < long < BigInteger by digit count),
/// qualifiers alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp <
/// others (lexically), a1/b1/m1 short forms, null items (0, "", empty lists) trimmed.
///
/// The text is lower-cased as `String.toLowerCase(Locale.ENGLISH)` does and walked by UTF-16 code
/// unit, digits being what `Character.isDigit(char)` calls digits, so non-ASCII text orders as in
/// Java too. Every non-empty string is a Maven version; only the empty string throws.
struct MavenScheme: VersionScheme {
    let name = "maven"

    func validate(_ text: String) throws(VersionError) {
        if text.isEmpty { throw VersionError(scheme: name, version: text, reason: "empty version") }
    }

    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int {
        try validate(lhs)
        try validate(rhs)
        return sign(MavenVersion(lhs).compare(MavenVersion(rhs)))
    }
}

struct MavenVersion: Sendable {
    /// One item that is not a list: a number or a qualifier.
    struct Item: Sendable {
        /// 0 = IntItem (at most 9 digits once ASCII leading zeros are stripped), 1 = LongItem (at most
        /// 18), 2 = BigIntegerItem; 3 = a known qualifier (`value` is its index: alpha 0, beta 1,
        /// milestone 2, rc 3, snapshot 4, "" 5, sp 6); 4 = another qualifier (`text[start..<end]`).
        var kind: UInt8
        /// The number (kinds 0 and 1; for kind 2, 0 when it is zero and 1 otherwise), or the
        /// qualifier's index (kind 3).
        var value: Int64 = 0
        /// Kind 2: the digits in `text`; kind 4: the qualifier in `text`.
        var start: Int32 = 0
        var end: Int32 = 0

        var isNull: Bool {
            switch kind {
            case 0, 1, 2: return value == 0
            case 3: return value == 5
            default: return false
            }
        }
    }

    /// The lower-cased text, in UTF-16 code units.
    let text: [UInt16]
    /// The items of every list, list after list: ComparableVersion's lists form a chain, each new
    /// list being the last item of the list before it, so list k is `items[bounds[k]..<bounds[k+1]]`
    /// followed by list k+1 when there is one.
    let items: [Item]
    let bounds: [Int32]

    var listCount: Int { bounds.count - 1 }

    init(_ text: String) {
        self.init(lowered: MavenVersion.lowerCasedUTF16(text))
    }

    init(lowered: [UInt16]) {
        text = lowered
        (items, bounds) = MavenVersion.parse(lowered)
    }

    func compare(_ other: MavenVersion) -> Int {
        MavenVersion.compareLists(self, 0, other, 0)
    }

    // MARK: Ordering

    /// The number of elements of list k (its items, plus its child list).
    @inline(__always) private func count(_ k: Int) -> Int {
        Int(bounds[k + 1] - bounds[k]) + (k + 1 < listCount ? 1 : 0)
    }

    static func compareLists(_ a: MavenVersion, _ ka: Int, _ b: MavenVersion, _ kb: Int) -> Int {
        let na = a.count(ka), nb = b.count(kb)
        let sa = Int(a.bounds[ka + 1] - a.bounds[ka]), sb = Int(b.bounds[kb + 1] - b.bounds[kb])
        var i = 0
        while i < na || i < nb {
            let result: Int
            if i >= na {
                result = i < sb ? -compareToNull(b, b.items[Int(b.bounds[kb]) + i]) : -listToNull(b, kb + 1)
            } else if i >= nb {
                result = i < sa ? compareToNull(a, a.items[Int(a.bounds[ka]) + i]) : listToNull(a, ka + 1)
            } else {
                switch (i < sa, i < sb) {
                case (true, true):
                    result = compare(a, a.items[Int(a.bounds[ka]) + i], b, b.items[Int(b.bounds[kb]) + i])
                case (true, false):
                    result = a.items[Int(a.bounds[ka]) + i].kind <= 2 ? 1 : -1  // number > list > string
                case (false, true):
                    result = b.items[Int(b.bounds[kb]) + i].kind <= 2 ? -1 : 1
                case (false, false):
                    result = compareLists(a, ka + 1, b, kb + 1)
                }
            }
            if result != 0 { return result }
            i += 1
        }
        return 0
    }

    /// ListItem.compareTo(null): the first item that is not equal to null decides.
    static func listToNull(_ v: MavenVersion, _ k: Int) -> Int {
        var k = k
        while k < v.listCount {
            for i in Int(v.bounds[k])..<Int(v.bounds[k + 1]) {
                let r = compareToNull(v, v.items[i])
                if r != 0 { return r }
            }
            k += 1
        }
        return 0
    }

    static func compareToNull(_ v: MavenVersion, _ item: Item) -> Int {
        switch item.kind {
        case 0, 1, 2: return item.value == 0 ? 0 : 1
        case 3: return item.value == 5 ? 0 : (item.value < 5 ? -1 : 1)
        default: return 1  // "7-..." > "5"
        }
    }

    static func compare(_ a: MavenVersion, _ x: Item, _ b: MavenVersion, _ y: Item) -> Int {
        let xNumber = x.kind <= 2, yNumber = y.kind <= 2
        if xNumber && yNumber {
            if x.kind != y.kind { return x.kind < y.kind ? -1 : 1 }
            if x.kind < 2 { return x.value == y.value ? 0 : (x.value < y.value ? -1 : 1) }
            return compareBigDigits(a.text, Int(x.start), Int(x.end), b.text, Int(y.start), Int(y.end))
        }
        if xNumber { return 1 }  // 1.1 > 1-sp
        if yNumber { return -1 }
        switch (x.kind, y.kind) {
        case (3, 3): return x.value == y.value ? 0 : (x.value < y.value ? -1 : 1)
        case (3, _): return -1  // "0".."6" < "7-..."
        case (_, 3): return 1
        default:
            return compareUTF16(a.text, Int(x.start), Int(x.end), b.text, Int(y.start), Int(y.end))
        }
    }

    /// BigInteger order of two digit runs (any Unicode decimal digits, leading zeros of any script).
    private static func compareBigDigits(_ a: [UInt16], _ as: Int, _ ae: Int, _ b: [UInt16], _ bs: Int, _ be: Int) -> Int {
        var i = `as`, j = bs
        while i < ae && javaDigitValue(a[i]) == 0 { i += 1 }
        while j < be && javaDigitValue(b[j]) == 0 { j += 1 }
        if ae - i != be - j { return ae - i < be - j ? -1 : 1 }
        while i < ae {
            let x = javaDigitValue(a[i]), y = javaDigitValue(b[j])
            if x != y { return x < y ? -1 : 1 }
            i += 1
            j += 1
        }
        return 0
    }

    /// Java's `String.compareTo`: first differing UTF-16 unit, else the length difference.
    static func compareUTF16(_ a: [UInt16], _ as: Int, _ ae: Int, _ b: [UInt16], _ bs: Int, _ be: Int) -> Int {
        var i = `as`, j = bs
        while i < ae && j < be {
            if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
            i += 1
            j += 1
        }
        let ra = ae - i, rb = be - j
        return ra == rb ? 0 : (ra < rb ? -1 : 1)
    }

    // MARK: Parsing (ComparableVersion.parseVersion, 3.8.7)

    static func parse(_ v: [UInt16]) -> ([Item], [Int32]) {
        var items: [Item] = []
        items.reserveCapacity(8)
        var bounds: [Int32] = [0]
        bounds.reserveCapacity(6)
        var isDigit = false
        var start = 0
        let n = v.count
        var listStart: Int32 = 0  // where the current list's items begin
        for i in 0..<n {
            let c = v[i]
            if c == 0x2E {  // "."
                items.append(i == start ? Item(kind: 0) : parseItem(v, isDigit, start, i, followedByDigit: false))
                start = i + 1
            } else if c == 0x2D {  // "-"
                items.append(i == start ? Item(kind: 0) : parseItem(v, isDigit, start, i, followedByDigit: false))
                start = i + 1
                listStart = Int32(items.count)
                bounds.append(listStart)
            } else if javaIsDigit(c) {
                if !isDigit && i > start {
                    // 1.0.0.X1 < 1.0.0-X2: treat .X as -X for any string qualifier X
                    if Int32(items.count) != listStart {
                        listStart = Int32(items.count)
                        bounds.append(listStart)
                    }
                    items.append(parseItem(v, false, start, i, followedByDigit: true))
                    start = i
                    listStart = Int32(items.count)
                    bounds.append(listStart)
                }
                isDigit = true
            } else {
                if isDigit && i > start {
                    items.append(parseItem(v, true, start, i, followedByDigit: false))
                    start = i
                    listStart = Int32(items.count)
                    bounds.append(listStart)
                }
                isDigit = false
            }
        }
        if n > start {
            if !isDigit && Int32(items.count) != listStart { bounds.append(Int32(items.count)) }
            items.append(parseItem(v, isDigit, start, n, followedByDigit: false))
        }
        bounds.append(Int32(items.count))
        // ListItem.normalize, innermost list first: drop each list's trailing null items (stepping
        // over a non-null child list); a list left empty with no child is itself a null item.
        // Innermost list first: the list's kept item count goes into bounds[k + 1] - bounds[k]
        // terms by moving its end; a list left empty at the end of the chain is dropped.
        var depth = bounds.count - 1  // lists still in the chain
        var ends = bounds  // ends[k + 1] = end of list k's kept items
        for k in stride(from: depth - 1, through: 0, by: -1) {
            let s = Int(bounds[k])
            var e = Int(bounds[k + 1])
            while e > s && items[e - 1].isNull { e -= 1 }
            ends[k + 1] = Int32(e)
            // A list left with no item and no child is null: its parent drops it.
            if e == s && k == depth - 1 && k > 0 { depth -= 1 }
        }
        // Compact in place (kept items only move towards the front).
        var write = 0
        var newBounds = bounds
        newBounds.removeLast(bounds.count - 1 - depth)
        for k in 0..<depth {
            let s = Int(bounds[k]), e = Int(ends[k + 1])
            if write != s {
                for i in s..<e { items[write + i - s] = items[i] }
            }
            write += e - s
            newBounds[k + 1] = Int32(write)
        }
        items.removeLast(items.count - write)
        return (items, newBounds)
    }

    private static func parseItem(_ v: [UInt16], _ isDigit: Bool, _ start: Int, _ end: Int, followedByDigit: Bool) -> Item {
        guard isDigit else { return stringItem(v, start, end, followedByDigit: followedByDigit) }
        // stripLeadingZeroes strips ASCII "0"s only, and returns the text unchanged when it is all "0"s.
        var s = start
        while s < end && v[s] == 0x30 { s += 1 }
        if s == end { s = start }
        let length = end - s
        if length <= 18 {
            var value: Int64 = 0
            for k in s..<end { value = value * 10 + Int64(javaDigitValue(v[k])) }
            return Item(kind: length <= 9 ? 0 : 1, value: value)
        }
        // A BigIntegerItem; zero only when made of zeros, which then compares and trims like one.
        var zero = true
        for k in s..<end where javaDigitValue(v[k]) != 0 {
            zero = false
            break
        }
        return Item(kind: 2, value: zero ? 0 : 1, start: Int32(s), end: Int32(end))
    }

    private static func stringItem(_ v: [UInt16], _ start: Int, _ end: Int, followedByDigit: Bool) -> Item {
        if followedByDigit && end - start == 1 {
            switch v[start] {
            case 0x61: return Item(kind: 3, value: 0)  // a1 = alpha-1
            case 0x62: return Item(kind: 3, value: 1)  // b1 = beta-1
            case 0x6D: return Item(kind: 3, value: 2)  // m1 = milestone-1
            default: break
            }
        }
        // QUALIFIERS and ALIASES (ga, final, release = ""; cr = rc).
        @inline(__always) func isWord(_ w: StaticString) -> Bool {
            let n = w.utf8CodeUnitCount
            if n != end - start { return false }
            let p = w.utf8Start
            for k in 0..<n where v[start + k] != UInt16(p[k]) { return false }
            return true
        }
        let index: Int64
        if isWord("alpha") { index = 0 }
        else if isWord("beta") { index = 1 }
        else if isWord("milestone") { index = 2 }
        else if isWord("rc") || isWord("cr") { index = 3 }
        else if isWord("snapshot") { index = 4 }
        else if isWord("ga") || isWord("final") || isWord("release") { index = 5 }
        else if isWord("sp") { index = 6 }
        else { return Item(kind: 4, start: Int32(start), end: Int32(end)) }
        return Item(kind: 3, value: index)
    }

    // MARK: Java character semantics

    /// `Character.isDigit(char)`: general category Nd, for one UTF-16 unit (surrogates are not).
    @inline(__always)
    static func javaIsDigit(_ c: UInt16) -> Bool {
        if c < 0x80 { return c &- 0x30 < 10 }
        guard let scalar = Unicode.Scalar(UInt32(c)) else { return false }
        return scalar.properties.generalCategory == .decimalNumber
    }

    static func javaDigitValue(_ c: UInt16) -> UInt8 {
        if c < 0x80 { return UInt8(c - 0x30) }
        guard let scalar = Unicode.Scalar(UInt32(c)), let v = scalar.properties.numericValue else { return 0 }
        return UInt8(v)
    }

    /// `String.toLowerCase(Locale.ENGLISH)` as UTF-16: full Unicode lower-case mappings, with
    /// Greek capital sigma becoming final sigma at the end of a word.
    static func lowerCasedUTF16(_ text: String) -> [UInt16] {
        var ascii = true
        for c in text.utf8 where c >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            return withUTF8Bytes(text) { s in
                [UInt16](unsafeUninitializedCapacity: s.count) { buf, count in
                    for i in 0..<s.count { buf[i] = UInt16(asciiLower(s[i])) }
                    count = s.count
                }
            }
        }
        let scalars = Array(text.unicodeScalars)
        var out: [UInt16] = []
        out.reserveCapacity(scalars.count)
        for (i, s) in scalars.enumerated() {
            if s.value == 0x3A3 && isFinalSigma(scalars, i) {
                out.append(0x3C2)
                continue
            }
            for l in s.properties.lowercaseMapping.unicodeScalars {
                out.append(contentsOf: String(l).utf16)
            }
        }
        return out
    }

    /// Unicode's Final_Sigma condition, as Java applies it.
    private static func isFinalSigma(_ s: [Unicode.Scalar], _ i: Int) -> Bool {
        var j = i - 1
        var casedBefore = false
        while j >= 0 {
            let p = s[j].properties
            if p.isCaseIgnorable { j -= 1; continue }
            casedBefore = p.isCased
            break
        }
        guard casedBefore else { return false }
        j = i + 1
        while j < s.count {
            let p = s[j].properties
            if p.isCaseIgnorable { j += 1; continue }
            return !p.isCased
        }
        return true
    }
}
