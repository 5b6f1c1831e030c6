import Foundation
import Yams

/// A parsed policy with the positions of its parts, for diagnostics.
struct ParsedPolicy {
    var policy: Policy
    /// Document path (`sections.0.criteria.1`) → position.
    var marks: [String: Mark]
    /// The policy is `id` + `enabled: false` only: it disables the default policy with that id.
    var isDisableOverride: Bool

    /// The position of `path` or of its closest parent.
    func mark(for path: String?) -> Mark? {
        var components = (path ?? "").split(separator: ".").map(String.init)
        while true {
            if let mark = marks[components.joined(separator: ".")] { return mark }
            if components.isEmpty { return nil }
            components.removeLast()
        }
    }
}

/// Reads Palisade policy documents (YAML or JSON) from Yams nodes, reporting every problem with
/// its line and a suggestion. docs/policy-format.md describes the format.
struct PolicyDocumentParser {
    let file: String
    private(set) var problems: [PolicyProblem] = []

    init(file: String) { self.file = file }

    static let policyKeys = ["id", "name", "description", "rationale", "remediation", "severity", "categories", "stages",
                             "eventSource", "enabled", "enforcement", "scope", "exclusions", "criteria", "sections", "mitre"]
    /// Other spellings people reach for (StackRox's names among them).
    static let keyHints = ["lifecycleStages": "stages", "lifecycle": "stages", "policySections": "sections",
                           "disabled": "enabled", "enforcementActions": "enforcement", "exclusion": "exclusions",
                           "section": "sections", "criterion": "criteria", "category": "categories",
                           "mitreAttackVectors": "mitre", "policies": "policies"]

    /// Parses every document of `text`; nothing when the text is not valid YAML.
    mutating func parse(_ text: String) -> [ParsedPolicy] {
        var result: [ParsedPolicy] = []
        let parser: Parser
        do {
            parser = try Parser(yaml: text)
        } catch {
            report(yamlError: error)
            return []
        }
        while true {
            let node: Node?
            do {
                node = try parser.nextRoot()
            } catch {
                report(yamlError: error)
                return []  // a file that is not valid YAML is skipped whole
            }
            guard let node else { break }
            result += parseDocument(node)
        }
        return result
    }

    private mutating func parseDocument(_ node: Node) -> [ParsedPolicy] {
        switch node {
        case .mapping(let mapping):
            if let list = mapping["policies"] {
                for (key, _) in mapping where key.string != "policies" {
                    error("unknown key '\(key.string ?? "?")' beside `policies:`", at: key.mark)
                }
                return parsePolicyList(list)
            }
            return parsePolicy(mapping).map { [$0] } ?? []
        case .sequence:
            return parsePolicyList(node)
        case .scalar(let scalar) where Self.isNull(scalar):
            return []
        default:
            error("expected a policy (a mapping), a list of policies or `policies:`, found \(Self.kind(of: node))", at: node.mark)
            return []
        }
    }

    private mutating func parsePolicyList(_ node: Node) -> [ParsedPolicy] {
        guard case .sequence(let sequence) = node else {
            error("`policies:` must be a list of policies, found \(Self.kind(of: node))", at: node.mark)
            return []
        }
        var result: [ParsedPolicy] = []
        for item in sequence {
            guard case .mapping(let mapping) = item else {
                error("expected a policy (a mapping), found \(Self.kind(of: item))", at: item.mark)
                continue
            }
            if let parsed = parsePolicy(mapping) { result.append(parsed) }
        }
        return result
    }

    /// One policy; nil when it has errors (reported).
    private mutating func parsePolicy(_ mapping: Node.Mapping) -> ParsedPolicy? {
        var context = PolicyContext(marks: ["": mapping.mark].compactMapValues { $0 })
        let id = mapping["id"]?.scalar?.string ?? mapping["name"]?.scalar?.string
        context.policyName = id
        let before = problems.count
        var policy = Policy(id: "", name: "", lifecycleStages: [])
        var keys = Set<String>()
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                error("policy keys must be strings", at: keyNode.mark, context)
                continue
            }
            keys.insert(key)
            context.marks[key] = keyNode.mark
            switch key {
            case "id": policy.id = string(value, key, context) ?? ""
            case "name": policy.name = string(value, key, context) ?? ""
            case "description": policy.description = string(value, key, context) ?? ""
            case "rationale": policy.rationale = string(value, key, context) ?? ""
            case "remediation": policy.remediation = string(value, key, context) ?? ""
            case "eventSource": policy.eventSource = string(value, key, context)
            case "severity":
                if let text = string(value, key, context) {
                    if let severity = PolicySeverity.parse(text) {
                        policy.severity = severity
                    } else {
                        error("unknown severity '\(text)' (low, medium, high, critical)", at: value.mark, context,
                              suggestion: Suggestions.best(for: text, in: PolicySeverity.spellings))
                    }
                }
            case "categories": policy.categories = strings(value, key, context)
            case "stages":
                for (index, text) in strings(value, key, context).enumerated() {
                    if let stage = LifecycleStage.parse(text) {
                        if !policy.lifecycleStages.contains(stage) { policy.lifecycleStages.append(stage) }
                    } else {
                        error("unknown lifecycle stage '\(text)' (build, deploy, runtime)", at: itemMark(value, index), context,
                              suggestion: Suggestions.best(for: text, in: LifecycleStage.spellings))
                    }
                }
            case "enabled":
                if let text = string(value, key, context) {
                    switch text.lowercased() {
                    case "true", "yes", "on": policy.enabled = true
                    case "false", "no", "off": policy.enabled = false
                    default: error("`enabled` must be true or false, found '\(text)'", at: value.mark, context)
                    }
                }
            case "enforcement": policy.enforcement = parseEnforcement(value, &context)
            case "scope": policy.scope = parseScope(value, &context)
            case "exclusions": policy.exclusions = parseExclusions(value, &context)
            case "criteria":
                context.marks["sections.0"] = keyNode.mark
                if let criteria = parseCriteria(value, path: "sections.0", &context) {
                    policy.sections.insert(PolicySection(criteria: criteria), at: 0)
                }
            case "sections": policy.sections += parseSections(value, offset: keys.contains("criteria") ? 1 : 0, &context)
            case "mitre": policy.mitreAttackVectors = parseMitre(value, context)
            default:
                let suggestion = Self.keyHints[key] ?? Suggestions.best(for: key, in: Self.policyKeys)
                error("unknown key '\(key)'", at: keyNode.mark, context, suggestion: suggestion)
            }
        }
        if keys.contains("criteria") && keys.contains("sections") {
            warning("both `criteria:` and `sections:`: `criteria:` is section 1", at: mapping.mark, context)
        }
        let isOverride = keys == ["id", "enabled"] && !policy.enabled
        if isOverride {
            policy.name = policy.id
        } else {
            if !keys.contains("id") { error("policy has no `id:`", at: mapping.mark, context) }
            if !keys.contains("name") { error("policy has no `name:`", at: mapping.mark, context) }
            if !keys.contains("stages") {
                error("policy has no `stages:` (build, deploy, runtime)", at: mapping.mark, context, suggestion: "stages: [deploy]")
            }
            if !keys.contains("criteria") && !keys.contains("sections") && policy.enabled {
                error("policy has no `criteria:` or `sections:`", at: mapping.mark, context)
            }
        }
        guard !problems[before...].contains(where: \.isError) else { return nil }
        return ParsedPolicy(policy: policy, marks: context.marks, isDisableOverride: isOverride)
    }
}

/// Where the parser is: the current policy and the marks recorded so far.
struct PolicyContext {
    var policyName: String?
    var marks: [String: Mark]
}

extension PolicyDocumentParser {
    // MARK: - Diagnostics and scalars

    mutating func error(_ message: String, at mark: Mark?, _ context: PolicyContext? = nil, section: Int? = nil,
                        criterion: Int? = nil, field: String? = nil, suggestion: String? = nil) {
        problems.append(PolicyProblem(.error, file: file, line: mark?.line, column: mark?.column, policy: context?.policyName,
                                      section: section, criterion: criterion, field: field, message: message,
                                      suggestion: suggestion))
    }

    mutating func warning(_ message: String, at mark: Mark?, _ context: PolicyContext? = nil) {
        problems.append(PolicyProblem(.warning, file: file, line: mark?.line, column: mark?.column,
                                      policy: context?.policyName, message: message))
    }

    mutating func report(yamlError: any Error) {
        if let yaml = yamlError as? YamlError {
            switch yaml {
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                 .composer(let context, let problem, let mark, _):
                let text = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
                error("invalid YAML: \(text)", at: mark)
                return
            case .duplicatedKeysInMapping(let duplicates, let context):
                error("invalid YAML: duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) (\(context.text))",
                      at: context.mark)
                return
            default:
                break
            }
        }
        error("invalid YAML: \(yamlError)", at: nil)
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// A scalar's text; reports a type error otherwise.
    mutating func string(_ node: Node, _ key: String, _ context: PolicyContext) -> String? {
        guard case .scalar(let scalar) = node else {
            error("`\(key)` must be a string, found \(Self.kind(of: node))", at: node.mark, context)
            return nil
        }
        return Self.isNull(scalar) ? nil : scalar.string
    }

    /// A list of scalars (a single scalar counts as a one-item list).
    mutating func strings(_ node: Node, _ key: String, _ context: PolicyContext) -> [String] {
        switch node {
        case .scalar(let scalar):
            return Self.isNull(scalar) ? [] : [scalar.string]
        case .sequence(let sequence):
            var out: [String] = []
            for item in sequence {
                if case .scalar(let scalar) = item {
                    if !Self.isNull(scalar) { out.append(scalar.string) }
                } else {
                    error("`\(key)` must be a list of strings, found \(Self.kind(of: item)) in it", at: item.mark, context)
                }
            }
            return out
        default:
            error("`\(key)` must be a string or a list of strings, found \(Self.kind(of: node))", at: node.mark, context)
            return []
        }
    }

    func itemMark(_ node: Node, _ index: Int) -> Mark? {
        if case .sequence(let sequence) = node, index < sequence.count { return sequence[index].mark }
        return node.mark
    }
}
