public import Foundation

/// Where a policy applies, or what an exclusion covers: every part given must match (AND); a list
/// of rules matches when any rule does (OR). Parts are full-match, case-insensitive regular
/// expressions.
public struct ScopeRule: Hashable, Sendable, Codable {
    /// The cluster's name.
    public var cluster: String?
    /// The namespace.
    public var namespace: String?
    /// A label as `key=value`; either side may be empty (any) and both are regular expressions.
    public var label: String?

    /// - Parameters:
    ///   - cluster: cluster name pattern.
    ///   - namespace: namespace pattern.
    ///   - label: `key=value` label pattern.
    public init(cluster: String? = nil, namespace: String? = nil, label: String? = nil) {
        self.cluster = cluster
        self.namespace = namespace
        self.label = label
    }

    /// True when no part is set.
    public var isEmpty: Bool { cluster == nil && namespace == nil && label == nil }
}

/// A carve-out from a policy: deployments (by name and scope) and/or images (by name pattern),
/// optionally until an expiry date. An exclusion applies when every part given matches; an expired
/// exclusion does not apply.
public struct PolicyExclusion: Hashable, Sendable, Codable {
    /// Why the exclusion exists (shown in reports).
    public var name: String?
    /// The deployment's name, a full-match regular expression.
    public var deployment: String?
    /// The deployment's cluster, namespace and label.
    public var scope: ScopeRule?
    /// Image references (`registry/repository:tag`), full-match regular expressions; any may match.
    public var images: [String]
    /// When the exclusion stops applying (exclusive). A date without a time in YAML means the end
    /// of that day, UTC.
    public var expires: Date?

    /// - Parameters:
    ///   - name: why.
    ///   - deployment: deployment name pattern.
    ///   - scope: cluster / namespace / label patterns.
    ///   - images: image reference patterns.
    ///   - expires: expiry.
    public init(name: String? = nil, deployment: String? = nil, scope: ScopeRule? = nil, images: [String] = [],
                expires: Date? = nil) {
        self.name = name
        self.deployment = deployment
        self.scope = scope
        self.images = images
        self.expires = expires
    }

    /// True when it has a deployment part (name or scope).
    public var hasDeploymentPart: Bool { deployment != nil || !(scope?.isEmpty ?? true) }

    /// True when `now` is at or past the expiry.
    public func isExpired(at now: Date) -> Bool {
        guard let expires else { return false }
        return now >= expires
    }
}

/// A MITRE ATT&CK tactic and its techniques (kept from StackRox policies, shown in reports).
public struct MitreAttackVector: Hashable, Sendable, Codable {
    /// The tactic id, e.g. `TA0002`.
    public var tactic: String
    /// The technique ids, e.g. `T1609`.
    public var techniques: [String]

    /// - Parameters:
    ///   - tactic: tactic id.
    ///   - techniques: technique ids.
    public init(tactic: String, techniques: [String]) {
        self.tactic = tactic
        self.techniques = techniques
    }
}
