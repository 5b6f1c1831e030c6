public import Foundation

/// A user's secret-scanning configuration file, in YAML (trivy's
/// `trivy-secret.yaml`, key for key) or the same keys in JSON:
///
/// ```json
/// {
///   "enable-builtin-rules": ["aws-access-key-id", "github-pat"],
///   "disable-rules": ["jwt-token"],
///   "disable-allow-rules": ["markdown"],
///   "max-file-size": 1048576,
///   "rules": [{
///     "id": "acme-api-key", "title": "ACME API key", "severity": "HIGH",
///     "category": "ACME", "keywords": ["acme_"],
///     "regex": "acme_(?<secret>[0-9a-f]{32})", "secret-group-name": "secret",
///     "path": ["\\.env$"], "allow-paths": ["^/srv/fixtures/"],
///     "allow-regexes": ["acme_0{32}"], "entropy": 3.0
///   }],
///   "allow-rules": [{
///     "id": "demo-keys", "description": "keys shipped for the demo",
///     "rules": ["private-key"], "glob": "/opt/demo/**/*.pem"
///   }, {
///     "id": "known-fake", "regex": "AKIA0000FAKE0000FAKE"
///   }]
/// }
/// ```
///
/// - `enable-builtin-rules`: keep only these rules of the base configuration.
/// - `disable-rules`: drop these rules (built-in or custom).
/// - `disable-allow-rules`: drop these allow rules.
/// - `rules`: custom rules, which take precedence over built-in ones. Only
///   `id` and `regex` are required; `severity` defaults to `UNKNOWN`,
///   `title` to the id, `category` to `Custom`. `path` may be a string or a list.
/// - `allow-rules`: each has an `id` and any of `path` (regex on the absolute
///   path), `glob` (glob on the absolute path), `regex` (on the matched text);
///   `rules` limits it to some rule ids.
///
/// Unknown keys are errors, so typos do not silently disable anything.
public struct SecretConfigFile: Sendable {
    /// Rule ids to keep from the base configuration; empty keeps all.
    public var enabledBuiltinRuleIDs: [String] = []
    /// Rule ids to drop.
    public var disabledRuleIDs: [String] = []
    /// Allow-rule ids to drop.
    public var disabledAllowRuleIDs: [String] = []
    /// Rules to add.
    public var rules: [SecretRule] = []
    /// Allow rules to add.
    public var allowRules: [SecretAllowRule] = []
    /// A new size limit, if set.
    public var maximumFileSize: Int?

    /// Parses a configuration file.
    ///
    /// - Parameters:
    ///   - data: The file's content.
    ///   - fileName: The name used in error messages.
    /// - Throws: ``SecretConfigurationError`` with the file name and, where it
    ///   can be told, the line.
    public init(parsing data: Data, fileName: String) throws(SecretConfigurationError) {
        let reader = ConfigReader(data: data, fileName: fileName)
        let root = try reader.root()
        try reader.checkKeys(root, allowed: Self.topLevelKeys, context: "top level", anchor: nil)
        enabledBuiltinRuleIDs = try reader.strings(root, "enable-builtin-rules", anchor: nil)
        disabledRuleIDs = try reader.strings(root, "disable-rules", anchor: nil)
        disabledAllowRuleIDs = try reader.strings(root, "disable-allow-rules", anchor: nil)
        if let size = root["max-file-size"] {
            guard let number = ConfigReader.number(size), number >= 1, number <= Double(Int32.max) else {
                throw reader.error(.invalidValue, "max-file-size must be a positive number of bytes", anchor: "\"max-file-size\"")
            }
            maximumFileSize = Int(number)
        }
        rules = try reader.objects(root, "rules").map { (object) throws(SecretConfigurationError) in try reader.rule(object) }
        allowRules = try reader.objects(root, "allow-rules").map { (object) throws(SecretConfigurationError) in try reader.allowRule(object) }
        try Self.checkUnique(rules.map(\.id), what: "rule", reader: reader)
        try Self.checkUnique(allowRules.map(\.id), what: "allow rule", reader: reader)
    }

    /// Applies this file to a configuration.
    ///
    /// - Parameters:
    ///   - base: The configuration to start from.
    /// - Returns: `base` with rules kept, dropped and added as the file says.
    /// - Throws: ``SecretConfigurationError/Code/duplicateID`` when a custom
    ///   rule reuses the id of a rule that stays enabled.
    public func applied(to base: SecretScanner.Configuration) throws(SecretConfigurationError) -> SecretScanner.Configuration {
        var result = base
        var kept = base.rules
        if !enabledBuiltinRuleIDs.isEmpty {
            kept = kept.filter { enabledBuiltinRuleIDs.contains($0.id) }
        }
        for rule in rules where kept.contains(where: { $0.id == rule.id }) && !disabledRuleIDs.contains(rule.id) {
            throw SecretConfigurationError(.duplicateID, "custom rule \(rule.id) has the id of a built-in rule; disable that one first")
        }
        result.rules = (rules + kept).filter { !disabledRuleIDs.contains($0.id) }
        result.allowRules = (base.allowRules + allowRules).filter { !disabledAllowRuleIDs.contains($0.id) }
        if let maximumFileSize { result.maximumFileSize = maximumFileSize }
        return result
    }

    static let topLevelKeys: Set<String> = [
        "enable-builtin-rules", "disable-rules", "disable-allow-rules", "max-file-size", "rules", "allow-rules",
    ]

    private static func checkUnique(_ ids: [String], what: String, reader: ConfigReader) throws(SecretConfigurationError) {
        var seen: Set<String> = []
        for id in ids where !seen.insert(id).inserted {
            throw reader.error(.duplicateID, "\(what) id \(id) is used twice", anchor: "\"\(id)\"")
        }
    }
}
