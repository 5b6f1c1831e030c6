import Foundation
import Yams

/// Reads the JSON or YAML of a ``SecretConfigFile`` and turns problems into
/// errors that name the file and line.
struct ConfigReader {
    let data: Data
    let fileName: String
    private let text: String
    /// YAML (trivy's `trivy-secret.yaml`) rather than JSON: by the file's
    /// extension, or when the content does not start with `{`.
    let isYAML: Bool

    init(data: Data, fileName: String) {
        self.data = data
        self.fileName = fileName
        self.text = String(decoding: data, as: UTF8.self)
        let lower = fileName.lowercased()
        let first = text.first { !$0.isWhitespace }
        self.isYAML = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
            || (!lower.hasSuffix(".json") && first != nil && first != "{")
    }

    /// A number from JSON (`NSNumber`) or YAML (`Int`, `Double`); not a Boolean.
    static func number(_ value: Any) -> Double? {
        switch value {
        case is Bool: nil
        case let value as Int: Double(value)
        case let value as Double: value
        case let value as NSNumber: value.doubleValue
        default: nil
        }
    }

    static let ruleKeys: Set<String> = [
        "id", "title", "severity", "category", "keywords", "regex", "secret-group-name", "path", "allow-paths",
        "allow-regexes", "entropy",
    ]
    static let allowRuleKeys: Set<String> = ["id", "description", "rules", "path", "glob", "regex"]

    func root() throws(SecretConfigurationError) -> [String: Any] {
        if isYAML { return try yamlRoot() }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw SecretConfigurationError(
                .invalidJSON, "the secret configuration is not valid JSON", fileName: fileName,
                line: jsonErrorLine(error)
            )
        }
        guard let root = object as? [String: Any] else {
            throw SecretConfigurationError(.invalidJSON, "the secret configuration must be a JSON object", fileName: fileName, line: 1)
        }
        return root
    }

    private func yamlRoot() throws(SecretConfigurationError) -> [String: Any] {
        let object: Any?
        do {
            object = try Yams.load(yaml: text)
        } catch {
            throw SecretConfigurationError(
                .invalidJSON, "the secret configuration is not valid YAML", fileName: fileName, line: Self.yamlErrorLine(error)
            )
        }
        guard let root = object as? [String: Any] else {
            throw SecretConfigurationError(.invalidJSON, "the secret configuration must be a mapping", fileName: fileName, line: 1)
        }
        return root
    }

    /// Yams describes errors as `[file:]LINE:COLUMN: error: …`.
    static func yamlErrorLine(_ error: any Error) -> Int? {
        let described = String(describing: error)
        guard let colon = described.range(of: ": error:") else { return nil }
        let position = described[..<colon.lowerBound].split(separator: ":")
        return position.count >= 2 ? Int(position[position.count - 2]) : nil
    }

    func rule(_ object: [String: Any]) throws(SecretConfigurationError) -> SecretRule {
        let id = try requiredString(object, "id", context: "a rule")
        let anchor = idAnchor(id)
        try checkKeys(object, allowed: Self.ruleKeys, context: "rule \(id)", anchor: anchor)
        let pattern = try requiredString(object, "regex", context: "rule \(id)")
        var severity = SecretSeverity.unknown
        if let name = try optionalString(object, "severity", anchor: anchor) {
            guard let level = SecretSeverity(named: name) else {
                throw error(.invalidValue, "rule \(id): unknown severity \(name)", anchor: anchor)
            }
            severity = level
        }
        var entropy: Double?
        if let value = object["entropy"] {
            guard let number = Self.number(value) else {
                throw error(.invalidValue, "rule \(id): entropy must be a number", anchor: anchor)
            }
            entropy = number
        }
        do {
            return try SecretRule(
                id: id,
                title: try optionalString(object, "title", anchor: anchor) ?? id,
                severity: severity,
                category: try optionalString(object, "category", anchor: anchor) ?? "Custom",
                keywords: try strings(object, "keywords", anchor: anchor),
                pattern: pattern,
                secretGroup: try optionalString(object, "secret-group-name", anchor: anchor),
                paths: try strings(object, "path", anchor: anchor),
                allowPaths: try strings(object, "allow-paths", anchor: anchor),
                allowPatterns: try strings(object, "allow-regexes", anchor: anchor),
                minimumEntropy: entropy
            )
        } catch let problem {
            throw error(problem.code, problem.message, anchor: anchor)
        }
    }

    func allowRule(_ object: [String: Any]) throws(SecretConfigurationError) -> SecretAllowRule {
        let id = try requiredString(object, "id", context: "an allow rule")
        let anchor = idAnchor(id)
        try checkKeys(object, allowed: Self.allowRuleKeys, context: "allow rule \(id)", anchor: anchor)
        let path = try optionalString(object, "path", anchor: anchor)
        let glob = try optionalString(object, "glob", anchor: anchor)
        let pattern = try optionalString(object, "regex", anchor: anchor)
        if path == nil, glob == nil, pattern == nil {
            throw error(.missingField, "allow rule \(id) needs a path, glob or regex", anchor: anchor)
        }
        do {
            return try SecretAllowRule(
                id: id,
                description: try optionalString(object, "description", anchor: anchor) ?? "",
                ruleIDs: try strings(object, "rules", anchor: anchor),
                path: path,
                pathGlob: glob,
                pattern: pattern
            )
        } catch let problem {
            throw error(problem.code, problem.message, anchor: anchor)
        }
    }

    // MARK: - Values

    func checkKeys(_ object: [String: Any], allowed: Set<String>, context: String, anchor: String?) throws(SecretConfigurationError) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            throw error(.unknownKey, "\(context): unknown key \(key)", anchor: "\"\(key)\"")
        }
    }

    func objects(_ object: [String: Any], _ key: String) throws(SecretConfigurationError) -> [[String: Any]] {
        guard let value = object[key] else { return [] }
        guard let list = value as? [Any], let objects = list as? [[String: Any]] else {
            throw error(.invalidValue, "\(key) must be a list of objects", anchor: "\"\(key)\"")
        }
        return objects
    }

    /// A string list; a single string counts as a list of one.
    func strings(_ object: [String: Any], _ key: String, anchor: String?) throws(SecretConfigurationError) -> [String] {
        guard let value = object[key] else { return [] }
        if let single = value as? String { return [single] }
        guard let list = value as? [Any], let strings = list as? [String] else {
            throw error(.invalidValue, "\(key) must be a string or a list of strings", anchor: anchor ?? "\"\(key)\"")
        }
        return strings
    }

    func optionalString(_ object: [String: Any], _ key: String, anchor: String?) throws(SecretConfigurationError) -> String? {
        guard let value = object[key] else { return nil }
        guard let string = value as? String else {
            throw error(.invalidValue, "\(key) must be a string", anchor: anchor ?? "\"\(key)\"")
        }
        return string
    }

    func requiredString(_ object: [String: Any], _ key: String, context: String) throws(SecretConfigurationError) -> String {
        let anchor = (object["id"] as? String).map(idAnchor)
        guard let value = try optionalString(object, key, anchor: anchor), !value.isEmpty else {
            throw error(.missingField, "\(context) has no \(key)", anchor: anchor)
        }
        return value
    }

    // MARK: - Errors with lines

    func error(_ code: SecretConfigurationError.Code, _ message: String, anchor: String?) -> SecretConfigurationError {
        SecretConfigurationError(code, message, fileName: fileName, line: anchor.flatMap(line(of:)))
    }

    private func idAnchor(_ id: String) -> String {
        let escaped = NSRegularExpression.escapedPattern(for: id)
        if isYAML { return #"(?m)^[ \t-]*id[ \t]*:[ \t]*["']?"# + escaped + #"["']?[ \t]*(?:#.*)?$"# }
        return "\"id\"\\s*:\\s*\"\(escaped)\""
    }

    /// The 1-based line of the first occurrence of `anchor`: a regex from
    /// ``idAnchor(_:)``, or a quoted key (in YAML looked for as `key:`).
    private func line(of anchor: String) -> Int? {
        let pattern: String
        if anchor.hasPrefix("\"id\"") || anchor.hasPrefix("(?m)") {
            pattern = anchor
        } else if isYAML, anchor.count > 2, anchor.hasPrefix("\""), anchor.hasSuffix("\"") {
            let key = NSRegularExpression.escapedPattern(for: String(anchor.dropFirst().dropLast()))
            pattern = #"(?m)^[ \t-]*["']?"# + key + #"["']?[ \t]*:"#
        } else {
            pattern = NSRegularExpression.escapedPattern(for: anchor)
        }
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(location: 0, length: (text as NSString).length))
        else { return nil }
        return lineOfUTF16Offset(match.range.location)
    }

    private func lineOfUTF16Offset(_ offset: Int) -> Int {
        let prefix = (text as NSString).substring(to: min(offset, (text as NSString).length))
        return prefix.utf8.reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    /// Foundation reports "around character N" (or "line N") in its message.
    private func jsonErrorLine(_ error: any Error) -> Int? {
        let info = (error as NSError).userInfo
        let message = (info["NSDebugDescription"] as? String) ?? "\(error)"
        if let index = info["NSJSONSerializationErrorIndex"] as? Int { return lineOfUTF16Offset(index) }
        for (marker, isLine) in [("line ", true), ("character ", false)] {
            guard let range = message.range(of: marker) else { continue }
            let digits = message[range.upperBound...].prefix { $0.isNumber }
            guard let number = Int(digits) else { continue }
            return isLine ? number : lineOfUTF16Offset(number)
        }
        return nil
    }
}
