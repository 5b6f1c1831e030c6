import Foundation
import Yams

extension PolicyDocumentParser {
    // MARK: - Sections and criteria

    static let criterionKeys = ["field", "values", "any", "all", "not", "operator", "negate", "unsupported"]

    mutating func parseSections(_ node: Node, offset: Int, _ context: inout PolicyContext) -> [PolicySection] {
        guard case .sequence(let sequence) = node else {
            error("`sections` must be a list of sections, found \(Self.kind(of: node))", at: node.mark, context)
            return []
        }
        var sections: [PolicySection] = []
        for (index, item) in sequence.enumerated() {
            let path = "sections.\(index + offset)"
            context.marks[path] = item.mark
            guard case .mapping(let mapping) = item else {
                error("a section must be a mapping with `criteria:` (and an optional `name:`), found \(Self.kind(of: item))",
                      at: item.mark, context, section: index + offset + 1)
                continue
            }
            var section = PolicySection(criteria: [])
            var hasCriteria = false
            for (keyNode, value) in mapping {
                switch keyNode.string ?? "" {
                case "name": section.name = string(value, "name", context)
                case "criteria":
                    hasCriteria = true
                    section.criteria = parseCriteria(value, path: path, &context) ?? []
                default:
                    let key = keyNode.string ?? "?"
                    error("unknown section key '\(key)'", at: keyNode.mark, context, section: index + offset + 1,
                          suggestion: Suggestions.best(for: key, in: ["name", "criteria"]))
                }
            }
            if !hasCriteria { error("section has no `criteria:`", at: item.mark, context, section: index + offset + 1) }
            sections.append(section)
        }
        return sections
    }

    /// `criteria:` as a mapping (field → values) or a list (of `{field:, values:}` or one-key mappings).
    mutating func parseCriteria(_ node: Node, path: String, _ context: inout PolicyContext) -> [Criterion]? {
        let section = Int(path.split(separator: ".").last ?? "0").map { $0 + 1 }
        switch node {
        case .mapping(let mapping):
            var criteria: [Criterion] = []
            for (keyNode, value) in mapping {
                let criterionPath = "\(path).criteria.\(criteria.count)"
                context.marks[criterionPath] = keyNode.mark
                let field = keyNode.string ?? ""
                if let criterion = parseCriterionValue(field: field, value, path: criterionPath, section: section,
                                                       number: criteria.count + 1, &context) {
                    criteria.append(criterion)
                }
            }
            return criteria
        case .sequence(let sequence):
            var criteria: [Criterion] = []
            for item in sequence {
                let criterionPath = "\(path).criteria.\(criteria.count)"
                context.marks[criterionPath] = item.mark
                guard case .mapping(let mapping) = item else {
                    error("a criterion must be a mapping (`Field: value` or `field:` + `values:`), found \(Self.kind(of: item))",
                          at: item.mark, context, section: section, criterion: criteria.count + 1)
                    continue
                }
                if mapping["field"] != nil {
                    let field = mapping["field"].flatMap { string($0, "field", context) } ?? ""
                    if let criterion = parseCriterionValue(field: field, .mapping(removing("field", from: mapping)),
                                                           path: criterionPath, section: section,
                                                           number: criteria.count + 1, &context) {
                        criteria.append(criterion)
                    }
                } else if mapping.count == 1, let (keyNode, value) = mapping.first {
                    if let criterion = parseCriterionValue(field: keyNode.string ?? "", value, path: criterionPath,
                                                           section: section, number: criteria.count + 1, &context) {
                        criteria.append(criterion)
                    }
                } else {
                    error("a criterion in a list is `Field: value` or has `field:` and `values:`", at: item.mark, context,
                          section: section, criterion: criteria.count + 1)
                }
            }
            return criteria
        default:
            error("`criteria` must be a mapping of field to values, or a list, found \(Self.kind(of: node))", at: node.mark,
                  context, section: section)
            return nil
        }
    }

    private func removing(_ key: String, from mapping: Node.Mapping) -> Node.Mapping {
        var pairs: [(Node, Node)] = []
        for (keyNode, value) in mapping where keyNode.string != key { pairs.append((keyNode, value)) }
        return Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark)
    }

    /// The value side of a criterion: a scalar, a list, or `{values|any|all|not, operator, negate, unsupported}`.
    private mutating func parseCriterionValue(field: String, _ node: Node, path: String, section: Int?, number: Int,
                                              _ context: inout PolicyContext) -> Criterion? {
        var criterion = Criterion(field: PolicyField(named: field)?.name ?? field, values: [])
        context.marks[path + ".field"] = context.marks[path]
        func valueList(_ node: Node, _ key: String, _ parser: inout PolicyDocumentParser) -> [String] {
            if case .sequence(let sequence) = node {
                for (index, item) in sequence.enumerated() { context.marks["\(path).values.\(index)"] = item.mark }
            } else {
                context.marks["\(path).values.0"] = node.mark
            }
            return parser.strings(node, key, context)
        }
        switch node {
        case .scalar, .sequence:
            criterion.values = valueList(node, field, &self)
        case .mapping(let mapping):
            var valueKeys: [String] = []
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                switch key {
                case "values", "any":
                    valueKeys.append(key)
                    criterion.values = valueList(value, key, &self)
                case "all":
                    valueKeys.append(key)
                    criterion.values = valueList(value, key, &self)
                    criterion.operator = .and
                case "not":
                    valueKeys.append(key)
                    criterion.values = valueList(value, key, &self)
                    criterion.negate = true
                case "operator":
                    context.marks[path + ".operator"] = value.mark
                    if let text = string(value, key, context) {
                        if let op = CriterionOperator.parse(text) {
                            criterion.operator = op
                        } else {
                            error("unknown operator '\(text)' (or, and)", at: value.mark, context, section: section,
                                  criterion: number, field: field, suggestion: Suggestions.best(for: text, in: CriterionOperator.spellings))
                        }
                    }
                case "negate":
                    context.marks[path + ".negate"] = value.mark
                    switch string(value, key, context)?.lowercased() {
                    case "true", "yes": criterion.negate = true
                    case "false", "no", nil: break
                    case let other?: error("`negate` must be true or false, found '\(other)'", at: value.mark, context,
                                           section: section, criterion: number, field: field)
                    }
                case "unsupported":
                    criterion.unsupported = string(value, key, context)
                default:
                    error("unknown criterion key '\(key)' (values, any, all, not, operator, negate)", at: keyNode.mark, context,
                          section: section, criterion: number, field: field,
                          suggestion: Suggestions.best(for: key, in: Self.criterionKeys))
                }
            }
            if valueKeys.count > 1 {
                error("use one of `values`, `any`, `all`, `not` (found \(valueKeys.joined(separator: ", ")))", at: node.mark,
                      context, section: section, criterion: number, field: field)
            }
        case .alias:
            error("aliases are not supported in criteria", at: node.mark, context, section: section, criterion: number, field: field)
        }
        return criterion
    }

    // MARK: - Scope, exclusions, enforcement, MITRE

    mutating func parseScope(_ node: Node, _ context: inout PolicyContext) -> [ScopeRule] {
        let items: [Node]
        switch node {
        case .sequence(let sequence): items = Array(sequence)
        case .mapping: items = [node]
        case .scalar(let scalar) where Self.isNull(scalar): return []
        default:
            error("`scope` must be a list of {cluster, namespace, label}, found \(Self.kind(of: node))", at: node.mark, context)
            return []
        }
        var rules: [ScopeRule] = []
        for (index, item) in items.enumerated() {
            context.marks["scope.\(index)"] = item.mark
            guard case .mapping(let mapping) = item else {
                error("a scope rule must be a mapping of cluster, namespace, label", at: item.mark, context)
                continue
            }
            var rule = ScopeRule()
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                switch key {
                case "cluster": rule.cluster = string(value, key, context)
                case "namespace": rule.namespace = string(value, key, context)
                case "label": rule.label = string(value, key, context)
                default:
                    error("unknown scope key '\(key)' (cluster, namespace, label)", at: keyNode.mark, context,
                          suggestion: Suggestions.best(for: key, in: ["cluster", "namespace", "label"]))
                }
            }
            rules.append(rule)
        }
        return rules
    }

    static let exclusionKeys = ["name", "deployment", "cluster", "namespace", "label", "images", "expires"]

    mutating func parseExclusions(_ node: Node, _ context: inout PolicyContext) -> [PolicyExclusion] {
        guard case .sequence(let sequence) = node else {
            if case .scalar(let scalar) = node, Self.isNull(scalar) { return [] }
            error("`exclusions` must be a list, found \(Self.kind(of: node))", at: node.mark, context)
            return []
        }
        var exclusions: [PolicyExclusion] = []
        for (index, item) in sequence.enumerated() {
            let path = "exclusions.\(index)"
            context.marks[path] = item.mark
            guard case .mapping(let mapping) = item else {
                error("an exclusion must be a mapping (\(Self.exclusionKeys.joined(separator: ", ")))", at: item.mark, context)
                continue
            }
            var exclusion = PolicyExclusion()
            var scope = ScopeRule()
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                switch key {
                case "name": exclusion.name = string(value, key, context)
                case "deployment": exclusion.deployment = string(value, key, context)
                case "cluster": scope.cluster = string(value, key, context)
                case "namespace": scope.namespace = string(value, key, context)
                case "label": scope.label = string(value, key, context)
                case "images", "image":
                    exclusion.images = strings(value, key, context)
                    if case .sequence(let images) = value {
                        for (number, image) in images.enumerated() { context.marks["\(path).images.\(number)"] = image.mark }
                    }
                case "expires":
                    if let text = string(value, key, context) {
                        if let date = Self.parseExpiry(text) {
                            exclusion.expires = date
                        } else {
                            error("`expires` must be a date (2026-03-31) or date-time (2026-03-31T12:00:00Z), found '\(text)'",
                                  at: value.mark, context)
                        }
                    }
                default:
                    error("unknown exclusion key '\(key)'", at: keyNode.mark, context,
                          suggestion: Suggestions.best(for: key, in: Self.exclusionKeys))
                }
            }
            if !scope.isEmpty { exclusion.scope = scope }
            exclusions.append(exclusion)
        }
        return exclusions
    }

    /// A date (the exclusion lasts through that day, UTC) or an ISO 8601 date-time.
    static func parseExpiry(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let dayFormatter = DateFormatter()
        dayFormatter.locale = Locale(identifier: "en_US_POSIX")
        dayFormatter.timeZone = TimeZone(identifier: "UTC")
        dayFormatter.dateFormat = "yyyy-MM-dd"
        if trimmed.count == 10, let day = dayFormatter.date(from: trimmed) {
            return day.addingTimeInterval(86_400)
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: trimmed)
    }

    mutating func parseEnforcement(_ node: Node, _ context: inout PolicyContext) -> PolicyEnforcement {
        var enforcement = PolicyEnforcement()
        guard case .mapping(let mapping) = node else {
            if case .scalar(let scalar) = node, Self.isNull(scalar) { return enforcement }
            error("`enforcement` must map stages to actions (build: fail-build, deploy: scale-to-zero, runtime: kill-pod)",
                  at: node.mark, context)
            return enforcement
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard let stage = LifecycleStage.parse(key) else {
                error("unknown stage '\(key)' in `enforcement` (build, deploy, runtime)", at: keyNode.mark, context,
                      suggestion: Suggestions.best(for: key, in: LifecycleStage.spellings))
                continue
            }
            context.marks["enforcement.\(stage)"] = value.mark
            guard let text = string(value, key, context) else { continue }
            guard let action = EnforcementAction.parse(text) else {
                let allowed = EnforcementAction.allValues.filter { $0.stages.contains(stage) }.map(\.rawValue)
                error("unknown enforcement action '\(text)' for \(stage) (\(allowed.joined(separator: ", ")))", at: value.mark,
                      context, suggestion: Suggestions.best(for: text, in: allowed))
                continue
            }
            enforcement.setAction(action, for: stage)
        }
        return enforcement
    }

    mutating func parseMitre(_ node: Node, _ context: PolicyContext) -> [MitreAttackVector] {
        guard case .sequence(let sequence) = node else {
            error("`mitre` must be a list of {tactic, techniques}", at: node.mark, context)
            return []
        }
        var vectors: [MitreAttackVector] = []
        for item in sequence {
            guard case .mapping(let mapping) = item, let tactic = mapping["tactic"].flatMap({ string($0, "tactic", context) }) else {
                error("a `mitre` entry needs `tactic:` (and `techniques:`)", at: item.mark, context)
                continue
            }
            let techniques = mapping["techniques"].map { strings($0, "techniques", context) } ?? []
            vectors.append(MitreAttackVector(tactic: tactic, techniques: techniques))
        }
        return vectors
    }
}
