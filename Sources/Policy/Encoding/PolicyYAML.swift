import Foundation

/// Writes policies in Palisade's YAML format (docs/policy-format.md): deterministic (same policies,
/// same bytes), shorthand where it reads well (`criteria:` for a single unnamed section, `Field: value`,
/// `{not: …}`, `{all: …}`), and readable back by ``PolicyLoader`` into equal policies.
public enum PolicyYAML {
    /// Encodes policies; several policies become several YAML documents separated by `---`.
    /// - Parameter policies: the policies.
    /// - Returns: the YAML text, ending in a newline.
    public static func encode(_ policies: [Policy]) -> String {
        policies.map(encode).joined(separator: "---\n")
    }

    /// Encodes one policy.
    /// - Parameter policy: the policy.
    /// - Returns: the YAML text, ending in a newline.
    public static func encode(_ policy: Policy) -> String {
        var out = YAMLWriter()
        out.pair("id", policy.id)
        out.pair("name", policy.name)
        if !policy.description.isEmpty { out.pair("description", policy.description) }
        if !policy.rationale.isEmpty { out.pair("rationale", policy.rationale) }
        if !policy.remediation.isEmpty { out.pair("remediation", policy.remediation) }
        out.pair("severity", policy.severity.rawValue)
        if !policy.categories.isEmpty { out.list("categories", policy.categories) }
        out.list("stages", policy.lifecycleStages.map(\.rawValue))
        if let eventSource = policy.eventSource { out.pair("eventSource", eventSource) }
        out.pair("enabled", policy.enabled ? "true" : "false")
        if !policy.enforcement.isEmpty {
            out.line("enforcement:")
            for stage in LifecycleStage.allValues {
                if let action = policy.enforcement.action(for: stage) { out.pair(stage.rawValue, action.rawValue, indent: 1) }
            }
        }
        if !policy.scope.isEmpty {
            out.line("scope:")
            for rule in policy.scope { writeScope(rule, into: &out, indent: 1, dash: true) }
        }
        if !policy.exclusions.isEmpty {
            out.line("exclusions:")
            for exclusion in policy.exclusions { writeExclusion(exclusion, into: &out) }
        }
        if !policy.mitreAttackVectors.isEmpty {
            out.line("mitre:")
            for vector in policy.mitreAttackVectors {
                out.pair("- tactic", vector.tactic, indent: 1)
                out.list("techniques", vector.techniques, indent: 2)
            }
        }
        if policy.sections.count == 1, policy.sections[0].name == nil {
            writeCriteria(policy.sections[0].criteria, into: &out, indent: 0)
        } else if !policy.sections.isEmpty {
            out.line("sections:")
            for section in policy.sections {
                if let name = section.name {
                    out.pair("- name", name, indent: 1)
                    writeCriteria(section.criteria, into: &out, indent: 2)
                } else {
                    out.line("  - criteria:")
                    writeCriteriaBody(section.criteria, into: &out, indent: 3)
                }
            }
        }
        return out.text
    }

    /// A file name for a policy: its name in lower-case words joined by `-`, plus `.yaml`.
    /// - Parameter policy: the policy.
    /// - Returns: e.g. `fixable-cvss-7.yaml`.
    public static func fileName(for policy: Policy) -> String {
        var slug = ""
        var dash = false
        for scalar in policy.name.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if dash && !slug.isEmpty { slug += "-" }
                slug.unicodeScalars.append(scalar)
                dash = false
            } else {
                dash = true
            }
        }
        if slug.isEmpty { slug = policy.id.isEmpty ? "policy" : policy.id }
        return String(slug.prefix(80)) + ".yaml"
    }

    private static func writeScope(_ rule: ScopeRule, into out: inout YAMLWriter, indent: Int, dash: Bool) {
        var first = dash
        func item(_ key: String, _ value: String?) {
            guard let value else { return }
            out.pair(first ? "- \(key)" : key, value, indent: first ? indent : indent + (dash ? 1 : 0))
            first = false
        }
        item("cluster", rule.cluster)
        item("namespace", rule.namespace)
        item("label", rule.label)
    }

    private static func writeExclusion(_ exclusion: PolicyExclusion, into out: inout YAMLWriter) {
        var pairs: [(String, String)] = []
        if let name = exclusion.name { pairs.append(("name", name)) }
        if let deployment = exclusion.deployment { pairs.append(("deployment", deployment)) }
        if let scope = exclusion.scope {
            if let cluster = scope.cluster { pairs.append(("cluster", cluster)) }
            if let namespace = scope.namespace { pairs.append(("namespace", namespace)) }
            if let label = scope.label { pairs.append(("label", label)) }
        }
        if let expires = exclusion.expires { pairs.append(("expires", formatExpiry(expires))) }
        for (index, pair) in pairs.enumerated() {
            out.pair(index == 0 ? "- \(pair.0)" : pair.0, pair.1, indent: index == 0 ? 1 : 2)
        }
        if !exclusion.images.isEmpty {
            out.list(pairs.isEmpty ? "- images" : "images", exclusion.images, indent: pairs.isEmpty ? 1 : 2)
        }
    }

    static func formatExpiry(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        if seconds.truncatingRemainder(dividingBy: 86_400) == 0 {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: date.addingTimeInterval(-86_400))
        }
        return ISO8601DateFormatter().string(from: date)
    }

    private static func writeCriteria(_ criteria: [Criterion], into out: inout YAMLWriter, indent: Int) {
        out.line(String(repeating: "  ", count: indent) + "criteria:")
        writeCriteriaBody(criteria, into: &out, indent: indent + 1)
    }

    /// A mapping when field names are unique, else a list of one-key mappings.
    private static func writeCriteriaBody(_ criteria: [Criterion], into out: inout YAMLWriter, indent: Int) {
        let unique = Set(criteria.map { $0.field.lowercased() }).count == criteria.count
        for criterion in criteria {
            let key = (unique ? "" : "- ") + YAMLWriter.scalar(criterion.field)
            out.line(String(repeating: "  ", count: indent) + "\(key): \(criterionValue(criterion))")
        }
    }

    private static func criterionValue(_ criterion: Criterion) -> String {
        let values = criterion.values.map(YAMLWriter.scalar)
        let list = values.count == 1 ? values[0] : "[\(values.joined(separator: ", "))]"
        let simple = criterion.unsupported == nil
        if simple, !criterion.negate, criterion.operator == .or { return list }
        if simple, criterion.negate, criterion.operator == .or { return "{not: \(list)}" }
        if simple, !criterion.negate, criterion.operator == .and { return "{all: \(list)}" }
        var parts = ["values: \(list)"]
        if criterion.operator == .and { parts.append("operator: and") }
        if criterion.negate { parts.append("negate: true") }
        if let reason = criterion.unsupported { parts.append("unsupported: \(YAMLWriter.doubleQuoted(reason))") }
        return "{\(parts.joined(separator: ", "))}"
    }
}

/// Line-by-line YAML output with conservative scalar quoting.
struct YAMLWriter {
    private(set) var text = ""

    mutating func line(_ line: String) {
        text += line + "\n"
    }

    mutating func pair(_ key: String, _ value: String, indent: Int = 0) {
        line(String(repeating: "  ", count: indent) + "\(key): \(Self.scalar(value))")
    }

    mutating func list(_ key: String, _ values: [String], indent: Int = 0) {
        line(String(repeating: "  ", count: indent) + "\(key): [\(values.map(Self.scalar).joined(separator: ", "))]")
    }

    /// Plain when unambiguous, else single-quoted, else (control characters) double-quoted.
    static func scalar(_ value: String) -> String {
        if isPlainSafe(value) { return value }
        if value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
            return "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return doubleQuoted(value)
    }

    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func isPlainSafe(_ value: String) -> Bool {
        guard let first = value.first, let last = value.last else { return false }
        if first.isWhitespace || last.isWhitespace { return false }
        if "-?:,[]{}#&*!|>'\"%@`=<~".contains(first) { return false }
        if value.contains(": ") || value.contains(" #") || value.hasSuffix(":") || value.contains("\\") { return false }
        if value.contains(where: { ",[]{}".contains($0) }) { return false }
        if !value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) { return false }
        let lower = value.lowercased()
        if ["null", "~", "yes", "no", "on", "off", "y", "n"].contains(lower) { return false }
        return true
    }
}
