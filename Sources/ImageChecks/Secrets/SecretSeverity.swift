/// How serious a leaked secret is, in trivy's scale.
///
/// A struct with static members rather than a public enum, so that levels can
/// be added without breaking API (house style, rule 11).
public struct SecretSeverity: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The upper-case name, as printed in reports (`CRITICAL`, `HIGH`, …).
    public let name: String
    private let rank: Int

    private init(name: String, rank: Int) {
        self.name = name
        self.rank = rank
    }

    /// No severity was given.
    public static let unknown = SecretSeverity(name: "UNKNOWN", rank: 0)
    /// Low: public or test-only credentials.
    public static let low = SecretSeverity(name: "LOW", rank: 1)
    /// Medium: credentials with limited reach (webhooks, JWTs).
    public static let medium = SecretSeverity(name: "MEDIUM", rank: 2)
    /// High: credentials or keys that grant access.
    public static let high = SecretSeverity(name: "HIGH", rank: 3)
    /// Critical: cloud or source-control credentials.
    public static let critical = SecretSeverity(name: "CRITICAL", rank: 4)

    /// All levels, lowest first.
    public static let all: [SecretSeverity] = [.unknown, .low, .medium, .high, .critical]

    /// Parses a level name, ignoring case.
    ///
    /// - Parameters:
    ///   - name: `critical`, `HIGH`, `Medium`, `low` or `unknown`.
    public init?(named name: String) {
        let upper = name.uppercased()
        guard let level = Self.all.first(where: { $0.name == upper }) else { return nil }
        self = level
    }

    public static func < (lhs: SecretSeverity, rhs: SecretSeverity) -> Bool {
        lhs.rank < rhs.rank
    }

    public var description: String { name }
}
