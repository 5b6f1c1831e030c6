/// How serious an image misconfiguration is.
///
/// A struct with static members rather than a public enum, so levels can be added without breaking the API
/// (house style, rule 11). Comparable by seriousness: `.low < .critical`.
public struct ImageConfigSeverity: RawRepresentable, Hashable, Codable, Comparable, Sendable, CustomStringConvertible {
    /// The upper-case name (`CRITICAL`, `HIGH`, `MEDIUM`, `LOW`).
    public let rawValue: String

    /// Parses a level name, ignoring case.
    /// - Parameter rawValue: A severity name such as `high`.
    public init?(rawValue: String) {
        let upper = rawValue.uppercased()
        guard Self.order.contains(upper) else { return nil }
        self.rawValue = upper
    }

    private init(_ name: String) { rawValue = name }

    /// A directly exploitable weakness or an exposed credential.
    public static let critical = ImageConfigSeverity("CRITICAL")
    /// A weakness that widens the attack surface substantially (root user, SSH server, secrets).
    public static let high = ImageConfigSeverity("HIGH")
    /// A weakness that matters in combination with others.
    public static let medium = ImageConfigSeverity("MEDIUM")
    /// Hygiene: size, reproducibility, build practice.
    public static let low = ImageConfigSeverity("LOW")

    /// Every severity, most serious first.
    public static let allCases: [ImageConfigSeverity] = [.critical, .high, .medium, .low]
    private static let order = ["CRITICAL", "HIGH", "MEDIUM", "LOW"]

    /// 0 for CRITICAL … 3 for LOW.
    public var rank: Int { Self.order.firstIndex(of: rawValue) ?? Self.order.count }

    public static func < (lhs: ImageConfigSeverity, rhs: ImageConfigSeverity) -> Bool { lhs.rank > rhs.rank }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let severity = ImageConfigSeverity(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown severity \(name)"))
        }
        self = severity
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
