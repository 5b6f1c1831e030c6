/// How serious a violation of a policy is: `low` < `medium` < `high` < `critical`.
public struct PolicySeverity: Hashable, Sendable, CustomStringConvertible, Codable, Comparable, PolicyKeyword {
    /// The canonical spelling.
    public let rawValue: String
    /// Parses a canonical spelling or an alias, ignoring case, `_` and `-`; nil when unknown.
    public init?(rawValue: String) {
        guard let parsed = Self.parse(rawValue) else { return nil }
        self = parsed
    }
    init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }

    /// `low`.
    public static let low = PolicySeverity(uncheckedRawValue: "low")
    /// `medium`.
    public static let medium = PolicySeverity(uncheckedRawValue: "medium")
    /// `high`.
    public static let high = PolicySeverity(uncheckedRawValue: "high")
    /// `critical`.
    public static let critical = PolicySeverity(uncheckedRawValue: "critical")

    /// The four severities, lowest first.
    public static let allValues: [PolicySeverity] = [.low, .medium, .high, .critical]
    static let aliases: [String: PolicySeverity] = [
        "low_severity": .low, "medium_severity": .medium, "high_severity": .high, "critical_severity": .critical,
        "moderate": .medium, "important": .high,
    ]

    public static func < (lhs: PolicySeverity, rhs: PolicySeverity) -> Bool {
        (allValues.firstIndex(of: lhs) ?? 0) < (allValues.firstIndex(of: rhs) ?? 0)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = PolicySeverity(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown severity '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
