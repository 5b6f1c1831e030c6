/// How a criterion combines its values.
public struct CriterionOperator: Hashable, Sendable, CustomStringConvertible, Codable, PolicyKeyword {
    /// The canonical spelling.
    public let rawValue: String
    /// Parses a canonical spelling or an alias, ignoring case, `_` and `-`; nil when unknown.
    public init?(rawValue: String) {
        guard let parsed = Self.parse(rawValue) else { return nil }
        self = parsed
    }
    init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }

    /// Any value may match (the default).
    public static let or = CriterionOperator(uncheckedRawValue: "or")
    /// Every value must match (the same entity, e.g. one port `> 0` and `<= 1024`).
    public static let and = CriterionOperator(uncheckedRawValue: "and")
    /// Every operator.
    public static let allValues: [CriterionOperator] = [.or, .and]
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = CriterionOperator(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown operator '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// One test on one field: its values are OR'ed (or AND'ed with `operator: and`), and the result is
/// negated with `negate`.
///
/// `field` is kept as written (canonicalised to the catalog's spelling when known) so that a
/// criterion imported from StackRox with a field Palisade cannot evaluate is kept, with
/// `unsupported` saying why, rather than dropped.
public struct Criterion: Hashable, Sendable, Codable {
    /// The field's name (``PolicyField/name``).
    public var field: String
    /// The values, in the field's value syntax (``PolicyValueType``).
    public var values: [String]
    /// `or` (default) or `and`.
    public var `operator`: CriterionOperator
    /// Match when the values do not match (see docs/policy-format.md, "Negation").
    public var negate: Bool
    /// When set, Palisade cannot evaluate this criterion: the section it is in never matches, and
    /// loading reports a warning with this reason.
    public var unsupported: String?

    /// - Parameters:
    ///   - field: the field's name.
    ///   - values: the values.
    ///   - operator: how the values combine.
    ///   - negate: whether to negate the result.
    ///   - unsupported: why Palisade cannot evaluate it, if it cannot.
    public init(field: String, values: [String], operator: CriterionOperator = .or, negate: Bool = false,
                unsupported: String? = nil) {
        self.field = field
        self.values = values
        self.operator = `operator`
        self.negate = negate
        self.unsupported = unsupported
    }

    /// - Parameters:
    ///   - field: the field.
    ///   - values: the values.
    ///   - operator: how the values combine.
    ///   - negate: whether to negate the result.
    public init(_ field: PolicyField, _ values: [String], operator: CriterionOperator = .or, negate: Bool = false) {
        self.init(field: field.name, values: values, operator: `operator`, negate: negate)
    }

    /// The catalog field, when the name is known.
    public var policyField: PolicyField? { PolicyField(named: field) }
}

/// A group of criteria that must all match the same linked entity (AND); a policy matches when any
/// of its sections matches (OR).
public struct PolicySection: Hashable, Sendable, Codable {
    /// An optional label, shown in violations.
    public var name: String?
    /// The criteria, AND'ed.
    public var criteria: [Criterion]

    /// - Parameters:
    ///   - name: an optional label.
    ///   - criteria: the criteria.
    public init(name: String? = nil, criteria: [Criterion]) {
        self.name = name
        self.criteria = criteria
    }
}
