import Foundation

/// Converts one decoded StackRox policy, collecting notes.
struct Converter {
    let file: String
    let source: ACSPolicyJSON
    private(set) var notes: [ImportNote] = []

    init(file: String, source: ACSPolicyJSON) {
        self.file = file
        self.source = source
    }

    var policyName: String { source.name ?? source.id ?? file }

    mutating func note(_ kind: ImportNote.Kind, _ message: String, section: Int? = nil, sectionName: String? = nil,
                       field: String? = nil) {
        notes.append(ImportNote(kind: kind, file: file, policy: policyName, section: section.map { $0 + 1 },
                                sectionName: sectionName, field: field, message: message))
    }

    /// Fields StackRox matches by prefix (its `ForFieldLabel` builder) that Palisade matches whole.
    static let prefixMatchedFields: Set<String> = [
        "Process UID", "Kubernetes User Name", "Kubernetes User Groups", "Kubernetes Resource Name", "Source IP Address",
        "User Agent",
    ]
    static let auditLogFields: Set<String> = [
        "Kubernetes API Verb", "Kubernetes Resource Name", "Source IP Address", "User Agent", "Is Impersonated User",
    ]
    static let baselineFields: Set<String> = ["Unexpected Process Executed", "Unexpected Network Flow Detected"]

    mutating func convert() -> (Policy, [ImportNote]) {
        var policy = Policy(id: source.id ?? "", name: source.name ?? "", description: source.description ?? "",
                            rationale: source.rationale ?? "", remediation: source.remediation ?? "",
                            categories: source.categories ?? [], lifecycleStages: [])
        if source.id == nil { note(.changed, "policy has no id; Palisade needs one to override it") }
        policy.enabled = !(source.disabled ?? false)
        if let severity = source.severity {
            if let mapped = PolicySeverity.parse(severity) {
                policy.severity = mapped
            } else {
                note(.changed, "unknown severity '\(severity)'; imported as medium")
            }
        }
        for stage in source.lifecycleStages ?? [] {
            if let mapped = LifecycleStage.parse(stage) {
                if !policy.lifecycleStages.contains(mapped) { policy.lifecycleStages.append(mapped) }
            } else {
                note(.ignored, "unknown lifecycle stage '\(stage)' is ignored")
            }
        }
        switch source.eventSource {
        case "DEPLOYMENT_EVENT": policy.eventSource = "deployment"
        case "AUDIT_LOG_EVENT": policy.eventSource = "audit-log"
        case nil, "NOT_APPLICABLE": break
        case let other?: policy.eventSource = other.lowercased()
        }
        convertEnforcement(into: &policy)
        policy.scope = (source.scope ?? []).map(scopeRule)
        policy.exclusions = (source.exclusions ?? []).compactMap { convertExclusion($0) }
        policy.mitreAttackVectors = (source.mitreAttackVectors ?? []).compactMap { vector in
            vector.tactic.map { MitreAttackVector(tactic: $0, techniques: vector.techniques ?? []) }
        }
        if let notifiers = source.notifiers, !notifiers.isEmpty {
            note(.ignored, "notifiers \(notifiers.joined(separator: ", ")) are StackRox integrations; configure Palisade's alert routing instead")
        }
        for (index, section) in (source.policySections ?? []).enumerated() {
            policy.sections.append(convertSection(section, index: index, policy: policy))
        }
        if policy.sections.isEmpty {
            note(.unsupported, "policy has no criteria; imported disabled")
            policy.enabled = false
        }
        return (policy, notes)
    }

    private mutating func convertEnforcement(into policy: inout Policy) {
        let mapping: [String: EnforcementAction] = [
            "FAIL_BUILD_ENFORCEMENT": .failBuild, "SCALE_TO_ZERO_ENFORCEMENT": .scaleToZero,
            "UNSATISFIABLE_NODE_CONSTRAINT_ENFORCEMENT": .unsatisfiableNodeConstraint, "KILL_POD_ENFORCEMENT": .killPod,
            "FAIL_KUBE_REQUEST_ENFORCEMENT": .blockRequest, "FAIL_DEPLOYMENT_CREATE_ENFORCEMENT": .block,
            "FAIL_DEPLOYMENT_UPDATE_ENFORCEMENT": .block,
        ]
        for name in source.enforcementActions ?? [] where name != "UNSET_ENFORCEMENT" {
            guard let action = mapping[name] else {
                note(.ignored, "unknown enforcement action '\(name)' is ignored")
                continue
            }
            let stage = action.stages.first { policy.lifecycleStages.contains($0) } ?? action.stages[0]
            if let existing = policy.enforcement.action(for: stage), existing != action {
                // SCALE_TO_ZERO with FAIL_DEPLOYMENT_*: Palisade has one action per stage; keep the stronger (admission block).
                let keep = existing == .block || action != .block ? existing : action
                note(.changed, "StackRox enforces both \(existing) and \(action) at \(stage); Palisade keeps one action per stage: \(keep)")
                policy.enforcement.setAction(keep, for: stage)
            } else {
                policy.enforcement.setAction(action, for: stage)
            }
            if !policy.lifecycleStages.contains(stage) {
                note(.changed, "enforcement \(name) applies at \(stage), which is not one of the policy's stages")
            }
        }
    }

    private func scopeRule(_ scope: ACSPolicyJSON.Scope) -> ScopeRule {
        var label: String?
        if let key = scope.label?.key, !key.isEmpty {
            label = "\(key)=\(scope.label?.value ?? "")"
        } else if let value = scope.label?.value, !value.isEmpty {
            label = "=\(value)"
        }
        return ScopeRule(cluster: scope.cluster.nonEmpty, namespace: scope.namespace.nonEmpty, label: label)
    }

    private mutating func convertExclusion(_ exclusion: ACSPolicyJSON.Exclusion) -> PolicyExclusion? {
        var result = PolicyExclusion(name: exclusion.name.nonEmpty)
        result.deployment = exclusion.deployment?.name.nonEmpty
        if let scope = exclusion.deployment?.scope {
            let rule = scopeRule(scope)
            if !rule.isEmpty { result.scope = rule }
        }
        if let image = exclusion.image?.name.nonEmpty { result.images = [image] }
        if let expiration = exclusion.expiration.nonEmpty {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = ISO8601DateFormatter().date(from: expiration) ?? formatter.date(from: expiration) {
                result.expires = date
            } else {
                note(.changed, "exclusion '\(exclusion.name ?? "")' has an unreadable expiration '\(expiration)'; imported without expiry")
            }
        }
        guard result.hasDeploymentPart || !result.images.isEmpty else {
            note(.ignored, "exclusion '\(exclusion.name ?? "")' names no deployment or image and is ignored (it would exclude nothing in StackRox either)")
            return nil
        }
        return result
    }

    private mutating func convertSection(_ section: ACSPolicyJSON.Section, index: Int, policy: Policy) -> PolicySection {
        var criteria: [Criterion] = []
        let name = section.sectionName.nonEmpty
        for group in section.policyGroups ?? [] {
            var criterion = Criterion(field: group.fieldName, values: (group.values ?? []).compactMap(\.value),
                                      operator: group.booleanOperator?.uppercased() == "AND" ? .and : .or,
                                      negate: group.negate ?? false)
            guard let field = PolicyField(named: group.fieldName) else {
                let reason = "Palisade has no field '\(group.fieldName)'"
                criterion.unsupported = reason
                note(.unsupported, "\(reason); the criterion is kept as unsupported and section \(index + 1) never matches",
                     section: index, sectionName: name, field: group.fieldName)
                criteria.append(criterion)
                continue
            }
            criterion.field = field.name
            criterion.values = criterion.values.map { normalize($0, field: field) }
            if let reason = problem(with: criterion, field: field) {
                criterion.unsupported = reason
                note(.unsupported, "\(reason); the criterion is kept as unsupported and section \(index + 1) never matches",
                     section: index, sectionName: name, field: field.name)
            } else {
                addSemanticNotes(criterion, field: field, section: index, sectionName: name)
            }
            criteria.append(criterion)
        }
        if criteria.isEmpty {
            note(.unsupported, "section has no criteria and never matches", section: index, sectionName: name)
            criteria.append(Criterion(field: "(none)", values: [], unsupported: "empty StackRox section"))
        }
        return PolicySection(name: name, criteria: criteria)
    }

    /// StackRox's `r/` regex prefix dropped; decimals without trailing zeros; comparators spaced.
    private func normalize(_ value: String, field: PolicyField) -> String {
        let type = field.metadata.valueType
        switch type.kind {
        case .string:
            return value.hasPrefix("r/") ? String(value.dropFirst(2)) : value
        case .number, .severity, .freshnessGrade, .days:
            let (comparator, rest) = Comparator.split(value)
            var body = rest
            if type.kind == .number, let number = Double(rest), number.isFinite {
                body = PolicyFacts.number(number)
            }
            return comparator.map { "\($0.rawValue) \(body)" } ?? body
        default:
            return value
        }
    }

    /// Why Palisade cannot evaluate the criterion, or nil.
    private func problem(with criterion: Criterion, field: PolicyField) -> String? {
        let metadata = field.metadata
        if criterion.values.isEmpty { return "the criterion has no values" }
        if criterion.negate && !metadata.negationAllowed { return "\(field.name) cannot be negated in Palisade" }
        for value in criterion.values {
            if case .failure(let failure) = ValueCompiler.compile(value, for: metadata) {
                return "value not understood: \(failure.message)"
            }
        }
        return nil
    }

    private mutating func addSemanticNotes(_ criterion: Criterion, field: PolicyField, section: Int, sectionName: String?) {
        if field == .imageSignatureVerifiedBy,
           criterion.values.contains(where: { $0.hasPrefix("io.stackrox.signatureintegration.") }) {
            note(.changed, "values name StackRox signature integrations (\(criterion.values.joined(separator: ", "))); Palisade matches key-set names (`--signature-keys NAME=…`): rename them to your key sets, or every image in the section's scope counts as unverified",
                 section: section, sectionName: sectionName, field: field.name)
        }
        if Self.auditLogFields.contains(field.name) {
            note(.changed, "\(field.name) is filled only from Kubernetes audit-log events; the policy fires only where Palisade's runtime subjects carry audit events",
                 section: section, sectionName: sectionName, field: field.name)
        }
        if Self.baselineFields.contains(field.name) {
            note(.changed, "\(field.name) needs the runtime agent's learned baseline; without one the field is absent and the section does not match",
                 section: section, sectionName: sectionName, field: field.name)
        }
        if Self.prefixMatchedFields.contains(field.name) {
            note(.changed, "StackRox matches \(field.name) values as prefixes; Palisade matches whole values (append .* for a prefix)",
                 section: section, sectionName: sectionName, field: field.name)
        }
    }
}

private extension Optional where Wrapped == String {
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
