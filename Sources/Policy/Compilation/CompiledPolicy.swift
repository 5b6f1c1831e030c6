import Foundation

/// A policy ready to evaluate: values parsed, patterns compiled once, sections split into linked
/// groups. Build one with ``PolicyCompiler/compile(_:)``.
public struct CompiledPolicy: Sendable {
    let storage: CompiledPolicyStorage

    init(policy: Policy, sections: [CompiledSection], scope: [CompiledScopeRule], exclusions: [CompiledExclusion],
         fieldIndices: [Int]) {
        storage = CompiledPolicyStorage(policy: policy, sections: sections, scope: scope, exclusions: exclusions,
                                        fieldIndices: fieldIndices)
    }

    /// The source policy.
    public var policy: Policy { storage.policy }
    /// The policy's id.
    public var id: String { storage.policy.id }
    var sections: [CompiledSection] { storage.sections }
    var fieldIndices: [Int] { storage.fieldIndices }
}

/// The compiled policy's data, shared (one reference per copy) and immutable.
final class CompiledPolicyStorage: Sendable {
    let policy: Policy
    let enabled: Bool
    let stages: [LifecycleStage]
    let enforcement: PolicyEnforcement
    let sections: [CompiledSection]
    let scope: [CompiledScopeRule]
    let exclusions: [CompiledExclusion]
    /// Catalog indices of every field the policy reads (sources and report context).
    let fieldIndices: [Int]
    /// Subject kinds on which some section can match.
    let kinds: Set<PolicySubject.Kind>

    init(policy: Policy, sections: [CompiledSection], scope: [CompiledScopeRule], exclusions: [CompiledExclusion],
         fieldIndices: [Int]) {
        self.policy = policy
        self.enabled = policy.enabled
        self.stages = policy.lifecycleStages
        self.enforcement = policy.enforcement
        self.sections = sections
        self.scope = scope
        self.exclusions = exclusions
        self.fieldIndices = fieldIndices
        var kinds = Set<PolicySubject.Kind>()
        for section in sections where section.unsupported.isEmpty { kinds.formUnion(section.kinds) }
        self.kinds = kinds
    }
}

/// One section, parsed.
final class CompiledSection: Sendable {
    let index: Int
    let name: String?
    let criteria: [CompiledCriterion]
    /// Criterion indices per linked group: one group per leaf entity branch (each with the
    /// ancestor-level criteria), or a single group.
    let groups: [[Int]]
    /// The subject kinds that carry every field of the section.
    let kinds: Set<PolicySubject.Kind>
    /// Why the section cannot match (unsupported criteria); empty when it can.
    let unsupported: [String]
    /// Catalog indices reported in a match: the criteria's sources, then context fields.
    let reportFields: [Int]
    /// Whether the section reads vulnerability fields (for the message).
    let readsVulnerability: Bool
    /// Shared by every match of the section, to phrase its message.
    let template: MatchTemplate

    init(index: Int, name: String?, criteria: [CompiledCriterion], groups: [[Int]], kinds: Set<PolicySubject.Kind>,
         unsupported: [String], reportFields: [Int], readsVulnerability: Bool) {
        self.index = index
        self.name = name
        self.criteria = criteria
        self.groups = groups
        self.kinds = kinds
        self.unsupported = unsupported
        self.reportFields = reportFields
        self.readsVulnerability = readsVulnerability
        template = MatchTemplate(criteria: criteria.map { criterion in
            MatchTemplate.CriterionText(field: criterion.field, source: PolicyFieldCatalog.fields[criterion.source],
                                        rawValues: criterion.rawValues, matchAll: criterion.matchAll,
                                        explicitNegate: criterion.explicitNegate,
                                        impliedNegate: criterion.negate != criterion.explicitNegate)
        }, readsVulnerability: readsVulnerability)
    }
}

/// A scope rule, compiled.
final class CompiledScopeRule: Sendable {
    let cluster: StringMatcher?
    let namespace: StringMatcher?
    let labelKey: StringMatcher?
    let labelValue: StringMatcher?
    let hasLabel: Bool

    init(cluster: StringMatcher?, namespace: StringMatcher?, labelKey: StringMatcher?, labelValue: StringMatcher?,
         hasLabel: Bool) {
        self.cluster = cluster
        self.namespace = namespace
        self.labelKey = labelKey
        self.labelValue = labelValue
        self.hasLabel = hasLabel
    }

    func matches(_ scope: SubjectScope) -> Bool {
        if let namespace, !namespace.matches(scope.namespace ?? "") { return false }
        if let cluster, !cluster.matches(scope.cluster ?? "") { return false }
        if hasLabel {
            var found = false
            for (key, value) in scope.labels {
                if let labelKey, !labelKey.matches(key) { continue }
                if let labelValue, !labelValue.matches(value) { continue }
                found = true
                break
            }
            if !found { return false }
        }
        return true
    }
}

/// An exclusion, compiled.
final class CompiledExclusion: Sendable {
    let deployment: StringMatcher?
    let scope: CompiledScopeRule?
    let images: [StringMatcher]
    let expires: Date?

    init(deployment: StringMatcher?, scope: CompiledScopeRule?, images: [StringMatcher], expires: Date?) {
        self.deployment = deployment
        self.scope = scope
        self.images = images
        self.expires = expires
    }

    var hasDeploymentPart: Bool { deployment != nil || scope != nil }

    /// Whether the deployment part (name and scope) matches; true when there is none.
    func matchesDeployment(_ scope: SubjectScope) -> Bool {
        if let rule = self.scope, !rule.matches(scope) { return false }
        if let deployment, !deployment.matches(scope.deploymentName ?? "") { return false }
        return true
    }

    func matchesImage(_ reference: String) -> Bool {
        images.contains { $0.matches(reference) }
    }
}
