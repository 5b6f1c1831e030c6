/// How serious a finding is. A struct with static members, so levels can be added without breaking the API.
public struct K8sSeverity: RawRepresentable, Hashable, Codable, Comparable, Sendable, CustomStringConvertible {
    /// The upper-case name (CRITICAL, HIGH, MEDIUM, LOW, INFO).
    public let rawValue: String

    /// - Parameter rawValue: a severity name, any case.
    public init?(rawValue: String) {
        let upper = rawValue.uppercased()
        guard Self.order.contains(upper) else { return nil }
        self.rawValue = upper
    }

    private init(_ name: String) { rawValue = name }

    public static let critical = K8sSeverity("CRITICAL")
    public static let high = K8sSeverity("HIGH")
    public static let medium = K8sSeverity("MEDIUM")
    public static let low = K8sSeverity("LOW")
    public static let info = K8sSeverity("INFO")

    /// Every severity, most serious first.
    public static let allCases: [K8sSeverity] = [.critical, .high, .medium, .low, .info]
    private static let order = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO"]

    /// 0 for CRITICAL … 4 for INFO.
    public var rank: Int { Self.order.firstIndex(of: rawValue) ?? Self.order.count }

    /// Ordered by seriousness: `.low < .critical`.
    public static func < (lhs: K8sSeverity, rhs: K8sSeverity) -> Bool { lhs.rank > rhs.rank }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let s = K8sSeverity(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown severity \(name)"))
        }
        self = s
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}
