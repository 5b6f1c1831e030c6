import Foundation

/// The syntax and meaning of a field's criterion values (and of the facts a subject carries for it).
///
/// | type | criterion value | fact value |
/// |---|---|---|
/// | `string` | full-match, case-insensitive regular expression | any text |
/// | `boolean` | `true` / `false` | `true` / `false` |
/// | `number` | `[<|<=|>|>=|=]` number; bare number means `=` | decimal number |
/// | `days` | `N` meaning at least N days (`>= N`), or an explicit comparator | whole days |
/// | `key-value` | `key=value`, each side a regex, an empty side matches anything | `key=value` |
/// | `severity` | `[comparator] UNKNOWN|LOW|MODERATE|IMPORTANT|CRITICAL` (MEDIUM=MODERATE, HIGH=IMPORTANT) | a severity name |
/// | `freshness-grade` | `[comparator] A..F`, A best; `>= D` means D, E or F | a letter |
/// | `rbac-level` | a level; matches that level or higher | a level |
/// | `environment-variable` | `SOURCE=NAME=VALUE`, each part optional, NAME/VALUE regexes | `SOURCE=NAME=VALUE` |
/// | `dockerfile-line` | `INSTRUCTION=regex`, instruction optional | `INSTRUCTION=arguments` |
/// | `enumeration` | one of ``allowedValues`` (case, `_` and `-` ignored) | one of them |
public struct PolicyValueType: Hashable, Sendable, CustomStringConvertible {
    enum Kind: String, Hashable, Sendable {
        case string, boolean, number, days, keyValue = "key-value", severity, freshnessGrade = "freshness-grade"
        case rbacLevel = "rbac-level", environmentVariable = "environment-variable", dockerfileLine = "dockerfile-line"
        case enumeration
    }

    let kind: Kind
    /// For enumerations (and levels, severities, grades): the accepted values.
    public let allowedValues: [String]

    init(_ kind: Kind, allowedValues: [String] = []) {
        self.kind = kind
        self.allowedValues = allowedValues
    }

    /// The type's name as documented (`string`, `boolean`, `number`, …).
    public var name: String { kind.rawValue }
    public var description: String { name }

    /// Regular expression over text.
    public static let string = PolicyValueType(.string)
    /// `true` / `false`.
    public static let boolean = PolicyValueType(.boolean, allowedValues: ["true", "false"])
    /// A decimal number with an optional comparator.
    public static let number = PolicyValueType(.number)
    /// Whole days; a bare number means "at least".
    public static let days = PolicyValueType(.days)
    /// `key=value` patterns over a map (labels, annotations) or a pair (component name and version).
    public static let keyValue = PolicyValueType(.keyValue)
    /// Vulnerability severity with an optional comparator.
    public static let severity = PolicyValueType(.severity, allowedValues: ["UNKNOWN", "LOW", "MODERATE", "IMPORTANT", "CRITICAL"])
    /// Freshness grade A–F with an optional comparator.
    public static let freshnessGrade = PolicyValueType(.freshnessGrade, allowedValues: ["A", "B", "C", "D", "E", "F"])
    /// Kubernetes RBAC permission level of the service account.
    public static let rbacLevel = PolicyValueType(.rbacLevel, allowedValues: RBACLevel.names)
    /// `SOURCE=NAME=VALUE`.
    public static let environmentVariable = PolicyValueType(.environmentVariable, allowedValues: EnvironmentSource.names)
    /// `INSTRUCTION=arguments`.
    public static let dockerfileLine = PolicyValueType(.dockerfileLine, allowedValues: DockerfileInstruction.names)
    /// A closed set of values.
    public static func enumeration(_ values: [String]) -> PolicyValueType { PolicyValueType(.enumeration, allowedValues: values) }
}

/// Kubernetes RBAC permission levels, lowest first (StackRox's `PermissionLevel`).
enum RBACLevel {
    static let names = ["NONE", "DEFAULT", "ELEVATED_IN_NAMESPACE", "ELEVATED_CLUSTER_WIDE", "CLUSTER_ADMIN"]
    static func rank(_ text: some StringProtocol) -> Double? {
        let key = normalizedKeyword(String(text))
        return names.firstIndex { normalizedKeyword($0) == key }.map(Double.init)
    }
}

/// Sources of an environment variable's value (StackRox's `EnvVarSource`).
enum EnvironmentSource {
    static let names = ["RAW", "SECRET_KEY", "CONFIG_MAP_KEY", "FIELD", "RESOURCE_FIELD", "UNSET", "UNKNOWN"]
}

/// Dockerfile instructions accepted on the left of a `Dockerfile Line` value.
enum DockerfileInstruction {
    static let names = ["ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL",
                        "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"]
}

/// Vulnerability severities, lowest first; Palisade's names map onto StackRox's.
enum VulnerabilitySeverityRank {
    static func rank(_ text: some StringProtocol) -> Double? {
        var key = normalizedKeyword(String(text))
        if key.hasSuffix("vulnerabilityseverity") { key.removeLast("vulnerabilityseverity".count) }
        switch key {
        case "unknown", "unrated", "none", "unset": return 0
        case "negligible", "low": return 1
        case "moderate", "medium": return 2
        case "important", "high": return 3
        case "critical": return 4
        default: return nil
        }
    }
}

/// Freshness grades, A (fresh) = 1 to F (stale) = 6.
enum FreshnessGradeRank {
    static func rank(_ text: some StringProtocol) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard trimmed.count == 1, let index = ["A", "B", "C", "D", "E", "F"].firstIndex(of: trimmed) else { return nil }
        return Double(index + 1)
    }
}
