/// A policy that matched a subject at a stage.
public struct PolicyViolation: Sendable, Hashable {
    /// The policy's id.
    public var policyID: String
    /// The policy's name.
    public var policyName: String
    /// The policy's severity.
    public var severity: PolicySeverity
    /// The stage evaluated.
    public var stage: LifecycleStage
    /// The action the policy enforces at this stage, nil when it only alerts.
    public var enforcement: EnforcementAction?
    /// The subject's name.
    public var subject: String
    /// What matched: one entry per matched section and linked entity (deduplicated).
    public var matches: [PolicyMatch]

    /// The matches' messages, in order.
    public var messages: [String] { matches.map(\.message) }

    /// - Parameters:
    ///   - policyID: policy id.
    ///   - policyName: policy name.
    ///   - severity: policy severity.
    ///   - stage: stage.
    ///   - enforcement: enforcement action at the stage.
    ///   - subject: subject name.
    ///   - matches: the matches.
    public init(policyID: String, policyName: String, severity: PolicySeverity, stage: LifecycleStage,
                enforcement: EnforcementAction?, subject: String, matches: [PolicyMatch]) {
        self.policyID = policyID
        self.policyName = policyName
        self.severity = severity
        self.stage = stage
        self.enforcement = enforcement
        self.subject = subject
        self.matches = matches
    }
}

/// One matched section on one linked entity (one fact row, or one row per linked group).
public struct PolicyMatch: Sendable, Hashable {
    /// One field's facts behind the match.
    public struct Fact: Sendable, Hashable {
        /// The field.
        public var field: PolicyField
        /// For a criterion's field, the values that matched (all values for negated criteria and
        /// "required" fields); for a context field, all its values.
        public var values: [String]
        /// The 0-based index of the criterion this fact satisfied, nil for context fields
        /// (container, CVE, component, volume… shown to locate the match).
        public var criterion: Int?

        /// - Parameters:
        ///   - field: field.
        ///   - values: values.
        ///   - criterion: criterion index, nil for context.
        public init(field: PolicyField, values: [String], criterion: Int?) {
            self.field = field
            self.values = values
            self.criterion = criterion
        }
    }

    /// 0-based index of the section in the policy.
    public let sectionIndex: Int
    /// The section's name, if it has one.
    public let sectionName: String?
    private let storedFacts: [Fact]?
    /// Built lazily: the section, the matched rows and the prepared subject they came from.
    private let section: CompiledSection?
    private let rows: [Int]
    private let source: MatchSource?

    /// - Parameters:
    ///   - sectionIndex: section index.
    ///   - sectionName: section name.
    ///   - facts: the facts.
    public init(sectionIndex: Int, sectionName: String?, facts: [Fact]) {
        self.sectionIndex = sectionIndex
        self.sectionName = sectionName
        self.storedFacts = facts
        self.section = nil
        self.rows = []
        self.source = nil
    }

    init(section: CompiledSection, rows: [Int], source: MatchSource) {
        self.sectionIndex = section.index
        self.sectionName = section.name
        self.storedFacts = nil
        self.section = section
        self.rows = rows
        self.source = source
    }

    /// The facts, criteria first (in criterion order), then context fields. Computed on access
    /// from the evaluated subject (evaluation itself only records which rows matched).
    public var facts: [Fact] {
        if let storedFacts { return storedFacts }
        guard let section, let source else { return [] }
        return source.facts(section: section, rows: rows)
    }

    /// The facts by field.
    public var values: [PolicyField: [String]] {
        var values: [PolicyField: [String]] = [:]
        for fact in facts where values[fact.field] == nil { values[fact.field] = fact.values }
        return values
    }

    /// A sentence such as `Fixable CVE-2023-1234 (CVSS 9.8, severity CRITICAL) found in component
    /// 'openssl' (version 3.0.2), fixed by 3.0.13 in container 'web'`, rendered on access.
    public var message: String {
        ViolationMessage.make(template: section?.template, facts: facts)
    }

    public static func == (lhs: PolicyMatch, rhs: PolicyMatch) -> Bool {
        lhs.sectionIndex == rhs.sectionIndex && lhs.sectionName == rhs.sectionName && lhs.facts == rhs.facts
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(sectionIndex)
        hasher.combine(sectionName)
        hasher.combine(facts)
    }
}

/// What a section's messages need to know about its criteria.
final class MatchTemplate: Sendable {
    struct CriterionText: Sendable {
        let field: PolicyField
        let source: PolicyField
        let rawValues: [String]
        let matchAll: Bool
        let explicitNegate: Bool
        let impliedNegate: Bool
    }

    let criteria: [CriterionText]
    let readsVulnerability: Bool

    init(criteria: [CriterionText], readsVulnerability: Bool) {
        self.criteria = criteria
        self.readsVulnerability = readsVulnerability
    }
}
