/// StackRox policy JSON (storage.Policy as exported by `roxctl` and kept in
/// pkg/defaults/policies/files), the parts Palisade reads.
struct ACSPolicyJSON: Decodable {
    var id: String?
    var name: String?
    var description: String?
    var rationale: String?
    var remediation: String?
    var disabled: Bool?
    var categories: [String]?
    var lifecycleStages: [String]?
    var eventSource: String?
    var exclusions: [Exclusion]?
    var scope: [Scope]?
    var severity: String?
    var enforcementActions: [String]?
    var policySections: [Section]?
    var mitreAttackVectors: [Mitre]?
    var notifiers: [String]?

    struct Section: Decodable {
        var sectionName: String?
        var policyGroups: [Group]?
    }

    struct Group: Decodable {
        var fieldName: String
        var booleanOperator: String?
        var negate: Bool?
        var values: [Value]?
    }

    struct Value: Decodable {
        var value: String?
    }

    struct Scope: Decodable {
        var cluster: String?
        var namespace: String?
        var label: Label?
    }

    struct Label: Decodable {
        var key: String?
        var value: String?
    }

    struct Exclusion: Decodable {
        var name: String?
        var deployment: Deployment?
        var image: Image?
        var expiration: String?
    }

    struct Deployment: Decodable {
        var name: String?
        var scope: Scope?
    }

    struct Image: Decodable {
        var name: String?
    }

    struct Mitre: Decodable {
        var tactic: String?
        var techniques: [String]?
    }

    /// Top-level keys this importer reads or knowingly skips (StackRox bookkeeping).
    static let knownKeys: Set<String> = [
        "id", "name", "description", "rationale", "remediation", "disabled", "categories", "lifecycleStages",
        "eventSource", "exclusions", "scope", "severity", "enforcementActions", "policySections", "mitreAttackVectors",
        "notifiers", "policyVersion", "criteriaLocked", "mitreVectorsLocked", "isDefault", "lastUpdated", "source",
        "SORTName", "SORTLifecycleStage", "SORTEnforcement",
    ]
}
