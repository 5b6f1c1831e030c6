import Foundation

/// Decoding with defaults, so the long form needs only `id`, `name`, `stages` and `sections`
/// (the same defaults as the YAML loader).
extension Policy {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id),
                  name: try container.decode(String.self, forKey: .name))
        description = try container.decodeIfPresent(String.self, forKey: .description) ?? ""
        rationale = try container.decodeIfPresent(String.self, forKey: .rationale) ?? ""
        remediation = try container.decodeIfPresent(String.self, forKey: .remediation) ?? ""
        severity = try container.decodeIfPresent(PolicySeverity.self, forKey: .severity) ?? .medium
        categories = try container.decodeIfPresent([String].self, forKey: .categories) ?? []
        lifecycleStages = try container.decode([LifecycleStage].self, forKey: .lifecycleStages)
        eventSource = try container.decodeIfPresent(String.self, forKey: .eventSource)
        scope = try container.decodeIfPresent([ScopeRule].self, forKey: .scope) ?? []
        exclusions = try container.decodeIfPresent([PolicyExclusion].self, forKey: .exclusions) ?? []
        enforcement = try container.decodeIfPresent(PolicyEnforcement.self, forKey: .enforcement) ?? PolicyEnforcement()
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
        sections = try container.decodeIfPresent([PolicySection].self, forKey: .sections) ?? []
        mitreAttackVectors = try container.decodeIfPresent([MitreAttackVector].self, forKey: .mitreAttackVectors) ?? []
    }
}

extension Criterion {
    enum CodingKeys: String, CodingKey {
        case field, values, `operator`, negate, unsupported
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(field: try container.decode(String.self, forKey: .field),
                  values: try container.decodeIfPresent([String].self, forKey: .values) ?? [],
                  operator: try container.decodeIfPresent(CriterionOperator.self, forKey: .operator) ?? .or,
                  negate: try container.decodeIfPresent(Bool.self, forKey: .negate) ?? false,
                  unsupported: try container.decodeIfPresent(String.self, forKey: .unsupported))
    }
}

extension PolicyExclusion {
    enum CodingKeys: String, CodingKey {
        case name, deployment, scope, images, expires
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decodeIfPresent(String.self, forKey: .name),
                  deployment: try container.decodeIfPresent(String.self, forKey: .deployment),
                  scope: try container.decodeIfPresent(ScopeRule.self, forKey: .scope),
                  images: try container.decodeIfPresent([String].self, forKey: .images) ?? [],
                  expires: try container.decodeIfPresent(Date.self, forKey: .expires))
    }
}
