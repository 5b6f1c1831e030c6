/// One criterion, parsed and specialised by value kind so that evaluation loops over plain arrays.
final class CompiledCriterion: Sendable {
    enum Kind: UInt8, Sendable {
        /// Numbers, booleans (1/0), severities, grades and RBAC levels against the fact's prepared number.
        case numeric
        /// Normalised enumeration values against the fact's normalised key.
        case enumeration
        /// Regular expressions against the fact text.
        case string
        /// `key=value`-style parts, each a pattern or nil (any).
        case parts
    }

    struct Comparison: Sendable {
        let comparator: Comparator
        let threshold: Double
    }

    /// The field as named in the policy.
    let field: PolicyField
    /// Catalog index of the fact field read (the field itself, or e.g. `Deployment Label`).
    let source: Int
    let rawValues: [String]
    let matchAll: Bool
    /// Effective negation: `negate` XOR the field's "matches when absent" semantics.
    let negate: Bool
    /// Whether the policy wrote `negate: true`.
    let explicitNegate: Bool
    let kind: Kind
    let comparisons: [Comparison]
    let keys: [String]
    let matchers: [StringMatcher]
    let parts: [[StringMatcher?]]

    init(field: PolicyField, source: Int, values: [CompiledValue], rawValues: [String], matchAll: Bool, negate: Bool,
         explicitNegate: Bool) {
        self.field = field
        self.source = source
        self.rawValues = rawValues
        self.matchAll = matchAll
        self.negate = negate
        self.explicitNegate = explicitNegate
        var comparisons: [Comparison] = []
        var keys: [String] = []
        var matchers: [StringMatcher] = []
        var parts: [[StringMatcher?]] = []
        var kind = Kind.string
        for value in values {
            switch value {
            case .boolean(let flag):
                kind = .numeric
                comparisons.append(Comparison(comparator: .equal, threshold: flag ? 1 : 0))
            case .compare(let comparator, let threshold):
                kind = .numeric
                comparisons.append(Comparison(comparator: comparator, threshold: threshold))
            case .enumeration(let key):
                kind = .enumeration
                keys.append(key)
            case .string(let matcher):
                kind = .string
                matchers.append(matcher)
            case .parts(let items):
                kind = .parts
                parts.append(items)
            }
        }
        self.kind = kind
        self.comparisons = comparisons
        self.keys = keys
        self.matchers = matchers
        self.parts = parts
    }

    /// Number of values.
    var valueCount: Int {
        switch kind {
        case .numeric: return comparisons.count
        case .enumeration: return keys.count
        case .string: return matchers.count
        case .parts: return parts.count
        }
    }

    /// Whether value `index` matches fact `fact` (the fact's position in its list).
    @inline(__always)
    func value(_ index: Int, matches fact: Int, of list: Int32, values: [String], in prepared: PreparedSubject) -> Bool {
        switch kind {
        case .numeric:
            let comparison = comparisons[index]
            return comparison.comparator.holds(prepared.number(list, fact), comparison.threshold)
        case .enumeration:
            return prepared.key(list, fact) == keys[index]
        case .string:
            return matchers[index].matches(values[fact])
        case .parts:
            return Self.partsMatch(parts[index], values[fact])
        }
    }

    /// Whether the values match the facts of `list` (OR, or AND with `matchAll`), before negation.
    @inline(__always)
    func positive(_ prepared: PreparedSubject, list: Int32) -> Bool {
        let values = prepared.values(of: list)
        let count = valueCount
        if matchAll {
            if count == 0 { return false }
            for index in 0..<count {
                var found = false
                for fact in values.indices where value(index, matches: fact, of: list, values: values, in: prepared) {
                    found = true
                    break
                }
                if !found { return false }
            }
            return true
        }
        for fact in values.indices {
            for index in 0..<count where value(index, matches: fact, of: list, values: values, in: prepared) { return true }
        }
        return false
    }

    /// The facts of `list` that match any value.
    func matchingFacts(_ prepared: PreparedSubject, list: Int32) -> [String] {
        let values = prepared.values(of: list)
        return values.indices.filter { fact in
            (0..<valueCount).contains { value($0, matches: fact, of: list, values: values, in: prepared) }
        }.map { values[$0] }
    }

    /// Splits the fact at its first `=` signs (as many as parts - 1; the last part keeps the rest).
    static func partsMatch(_ matchers: [StringMatcher?], _ fact: String) -> Bool {
        var text = fact
        return text.withUTF8 { bytes in
            var start = 0
            let last = matchers.count - 1
            for (index, matcher) in matchers.enumerated() {
                var end = bytes.count
                if index < last {
                    var position = start
                    while position < bytes.count && bytes[position] != UInt8(ascii: "=") { position += 1 }
                    end = position
                }
                if let matcher, !matcher.matches(bytes: UnsafeBufferPointer(rebasing: bytes[start..<end])) { return false }
                start = min(end + 1, bytes.count)
            }
            return true
        }
    }
}
