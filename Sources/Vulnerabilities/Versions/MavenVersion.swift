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
    indirect enum Item: Sendable {
        /// Numbers: rank 0 = IntItem (at most 9 digits once ASCII leading zeros are stripped),
        /// 1 = LongItem (at most 18), 2 = BigIntegerItem; `digits` is the value's significant digits.
        case number(rank: Int, digits: [UInt8])
        /// A qualifier, as `comparableQualifier` renders it ("0"..."6", or "7-" + text), in UTF-16.
        case string([UInt16])
        case list([Item])

        var isNull: Bool {
            switch self {
            case .number(_, let digits): return digits.isEmpty
            case .string(let key): return key == MavenVersion.releaseKey
            case .list(let items): return items.isEmpty
            }
        }
    }

    static let releaseKey: [UInt16] = [0x35]  // "5", the index of ""

    let items: [Item]

    init(_ text: String) {
        items = MavenVersion.parse(MavenVersion.lowerCasedUTF16(text))
    }

    func compare(_ other: MavenVersion) -> Int {
        MavenVersion.compareLists(items, other.items)
    }

    // MARK: Ordering

    static func compareLists(_ l: [Item], _ r: [Item]) -> Int {
        var k = 0
        while k < l.count || k < r.count {
            let result: Int
            if k >= l.count {
                result = -compareToNull(r[k])
            } else if k >= r.count {
                result = compareToNull(l[k])
            } else {
                result = compare(l[k], r[k])
            }
            if result != 0 { return result }
            k += 1
        }
        return 0
    }

    static func compareToNull(_ item: Item) -> Int {
        switch item {
        case .number(_, let digits):
            return digits.isEmpty ? 0 : 1
        case .string(let key):
            return compareUTF16(key, releaseKey)
        case .list(let items):
            for i in items {
                let r = compareToNull(i)
                if r != 0 { return r }
            }
            return 0
        }
    }

    static func compare(_ l: Item, _ r: Item) -> Int {
        switch (l, r) {
        case let (.number(ra, da), .number(rb, db)):
            if ra != rb { return ra < rb ? -1 : 1 }
            if da.count != db.count { return da.count < db.count ? -1 : 1 }
            for k in 0..<da.count where da[k] != db[k] { return da[k] < db[k] ? -1 : 1 }
            return 0
        case (.number, _):
            return 1  // 1.1 > 1-sp, 1.1 > 1-1
        case (.string, .number):
            return -1
        case let (.string(a), .string(b)):
            return compareUTF16(a, b)
        case (.string, .list):
            return -1  // 1.any < 1-1
        case (.list, .number):
            return -1  // 1-1 < 1.0.x
        case (.list, .string):
            return 1  // 1-1 > 1-sp
        case let (.list(a), .list(b)):
            return compareLists(a, b)
        }
    }

    /// Java's `String.compareTo`: first differing UTF-16 unit, else the length difference.
    static func compareUTF16(_ a: [UInt16], _ b: [UInt16]) -> Int {
        let n = min(a.count, b.count)
        for k in 0..<n where a[k] != b[k] { return a[k] < b[k] ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    // MARK: Parsing (ComparableVersion.parseVersion, 3.8.7)

    /// One list of the parse: its items, and (at the end) the list opened after it, if any.
    /// The lists form a chain, each new list being the last item of the one before.
    private struct Builder {
        var chain: [[Item]] = [[]]
        var current: Int { chain.count - 1 }
        var isCurrentEmpty: Bool { chain[current].isEmpty }
        mutating func add(_ item: Item) { chain[chain.count - 1].append(item) }
        mutating func openList() { chain.append([]) }

        /// Normalises from the innermost list out, as the stack pops, and nests the chain.
        func finish() -> [Item] {
            var inner: [Item]? = nil
            for k in stride(from: chain.count - 1, through: 0, by: -1) {
                var list = chain[k]
                if let inner { list.append(.list(inner)) }
                // ListItem.normalize: drop trailing null items, stepping over non-null lists.
                var i = list.count - 1
                while i >= 0 {
                    let item = list[i]
                    if item.isNull {
                        list.remove(at: i)
                    } else if case .list = item {
                        // keep going
                    } else {
                        break
                    }
                    i -= 1
                }
                inner = list
            }
            return inner ?? []
        }
    }

    static func parse(_ v: [UInt16]) -> [Item] {
        var b = Builder()
        var isDigit = false
        var start = 0
        let n = v.count
        for i in 0..<n {
            let c = v[i]
            if c == 0x2E {  // "."
                b.add(i == start ? .number(rank: 0, digits: []) : parseItem(isDigit, v[start..<i]))
                start = i + 1
            } else if c == 0x2D {  // "-"
                b.add(i == start ? .number(rank: 0, digits: []) : parseItem(isDigit, v[start..<i]))
                start = i + 1
                b.openList()
            } else if javaIsDigit(c) {
                if !isDigit && i > start {
                    // 1.0.0.X1 < 1.0.0-X2: treat .X as -X for any string qualifier X
                    if !b.isCurrentEmpty { b.openList() }
                    b.add(stringItem(v[start..<i], followedByDigit: true))
                    start = i
                    b.openList()
                }
                isDigit = true
            } else {
                if isDigit && i > start {
                    b.add(parseItem(true, v[start..<i]))
                    start = i
                    b.openList()
                }
                isDigit = false
            }
        }
        if n > start {
            if !isDigit && !b.isCurrentEmpty { b.openList() }
            b.add(parseItem(isDigit, v[start..<n]))
        }
        return b.finish()
    }

    private static func parseItem(_ isDigit: Bool, _ buf: ArraySlice<UInt16>) -> Item {
        guard isDigit else { return stringItem(buf, followedByDigit: false) }
        // stripLeadingZeroes strips ASCII "0"s only, and returns the text unchanged when it is all "0"s.
        var s = buf.startIndex
        while s < buf.endIndex && buf[s] == 0x30 { s += 1 }
        if s == buf.endIndex { s = buf.startIndex }
        let length = buf.endIndex - s
        let rank = length <= 9 ? 0 : (length <= 18 ? 1 : 2)
        var digits: [UInt8] = []
        digits.reserveCapacity(length)
        for k in s..<buf.endIndex {
            let d = javaDigitValue(buf[k])
            if digits.isEmpty && d == 0 { continue }  // the value's significant digits
            digits.append(d)
        }
        return .number(rank: rank, digits: digits)
    }

    private static let qualifiers: [[UInt16]] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"].map { Array($0.utf16) }

    private static func stringItem(_ buf: ArraySlice<UInt16>, followedByDigit: Bool) -> Item {
        var value = Array(buf)
        if followedByDigit && value.count == 1 {
            switch value[0] {
            case 0x61: value = Array("alpha".utf16)
            case 0x62: value = Array("beta".utf16)
            case 0x6D: value = Array("milestone".utf16)
            default: break
            }
        }
        switch value {
        case Array("ga".utf16), Array("final".utf16), Array("release".utf16): value = []
        case Array("cr".utf16): value = Array("rc".utf16)
        default: break
        }
        if let index = qualifiers.firstIndex(of: value) {
            return .string([0x30 + UInt16(index)])
        }
        return .string([0x37, 0x2D] + value)  // "7-" + qualifier
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
            return text.utf8.map { UInt16(asciiLower($0)) }
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
