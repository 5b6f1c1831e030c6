/// A policy: what must not ship, written once and applied at build, deploy and run time.
///
/// Matching: a policy matches an object when any ``sections`` entry matches (OR); a section
/// matches when all of its criteria match the same linked entity (AND). ``scope`` narrows where
/// the policy applies; ``exclusions`` carve out deployments or images. The YAML format is in
/// docs/policy-format.md; ``PolicyLoader`` reads it, ``PolicyYAML`` writes it, and the
/// synthesised `Codable` conformance is the same format's long form.
public struct Policy: Hashable, Sendable, Codable {
    /// Stable identifier; users override a default policy by reusing its id. Imported StackRox
    /// policies keep StackRox's id.
    public var id: String
    /// Display name.
    public var name: String
    /// What the policy detects.
    public var description: String
    /// Why it matters.
    public var rationale: String
    /// How to fix a violation.
    public var remediation: String
    /// How serious a violation is.
    public var severity: PolicySeverity
    /// Free-form categories (e.g. `Vulnerability Management`).
    public var categories: [String]
    /// The stages at which the policy is evaluated.
    public var lifecycleStages: [LifecycleStage]
    /// For run-time policies imported from StackRox: which event stream feeds them
    /// (`deployment` or `audit-log`); informational.
    public var eventSource: String?
    /// Where the policy applies; empty means everywhere. Any rule may match.
    public var scope: [ScopeRule]
    /// What the policy does not apply to.
    public var exclusions: [PolicyExclusion]
    /// Actions per stage beyond alerting.
    public var enforcement: PolicyEnforcement
    /// Disabled policies are loaded but never evaluated.
    public var enabled: Bool
    /// The criteria, as sections OR'ed together.
    public var sections: [PolicySection]
    /// MITRE ATT&CK references.
    public var mitreAttackVectors: [MitreAttackVector]

    /// - Parameters:
    ///   - id: stable id.
    ///   - name: display name.
    ///   - description: what it detects.
    ///   - rationale: why it matters.
    ///   - remediation: how to fix.
    ///   - severity: how serious.
    ///   - categories: categories.
    ///   - lifecycleStages: stages.
    ///   - eventSource: run-time event stream.
    ///   - scope: where it applies.
    ///   - exclusions: carve-outs.
    ///   - enforcement: actions per stage.
    ///   - enabled: whether evaluated.
    ///   - sections: the criteria.
    ///   - mitreAttackVectors: MITRE references.
    public init(id: String, name: String, description: String = "", rationale: String = "", remediation: String = "",
                severity: PolicySeverity = .medium, categories: [String] = [],
                lifecycleStages: [LifecycleStage] = [.deploy], eventSource: String? = nil, scope: [ScopeRule] = [],
                exclusions: [PolicyExclusion] = [], enforcement: PolicyEnforcement = PolicyEnforcement(),
                enabled: Bool = true, sections: [PolicySection] = [], mitreAttackVectors: [MitreAttackVector] = []) {
        self.id = id
        self.name = name
        self.description = description
        self.rationale = rationale
        self.remediation = remediation
        self.severity = severity
        self.categories = categories
        self.lifecycleStages = lifecycleStages
        self.eventSource = eventSource
        self.scope = scope
        self.exclusions = exclusions
        self.enforcement = enforcement
        self.enabled = enabled
        self.sections = sections
        self.mitreAttackVectors = mitreAttackVectors
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, rationale, remediation, severity, categories
        case lifecycleStages = "stages"
        case eventSource, scope, exclusions, enforcement, enabled, sections
        case mitreAttackVectors = "mitre"
    }
}
