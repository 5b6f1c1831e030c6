/// The policies in effect: the built-in default pack with the user's policies layered on top.
public struct PolicySet: Sendable {
    /// The merged policies: defaults in pack order (replaced in place by user policies with the
    /// same id), then the user's new policies in load order.
    public var policies: [Policy]

    /// - Parameter policies: the policies.
    public init(policies: [Policy]) {
        self.policies = policies
    }

    /// Merges user policies over defaults by id: a user policy with a default's id replaces it;
    /// an id in `disabled` disables that default (from `id: X` + `enabled: false` documents).
    /// - Parameters:
    ///   - defaults: the default pack (``DefaultPolicies/policies``).
    ///   - user: the user's policies.
    ///   - disabled: default ids to disable.
    /// - Returns: the merged set.
    public static func merging(defaults: [Policy], user: [Policy], disabled: [String] = []) -> PolicySet {
        var byID: [String: Policy] = [:]
        for policy in user { byID[policy.id] = policy }
        let disabledSet = Set(disabled)
        var merged: [Policy] = []
        var used = Set<String>()
        for policy in defaults {
            if let override = byID[policy.id] {
                merged.append(override)
                used.insert(policy.id)
            } else {
                var copy = policy
                if disabledSet.contains(policy.id) { copy.enabled = false }
                merged.append(copy)
            }
        }
        for policy in user where !used.contains(policy.id) { merged.append(policy) }
        return PolicySet(policies: merged)
    }

    /// Merges a load result over defaults (its policies and disable-only documents).
    /// - Parameters:
    ///   - defaults: the default pack.
    ///   - loaded: the user's load result.
    /// - Returns: the merged set.
    public static func merging(defaults: [Policy], loaded: PolicyLoadResult) -> PolicySet {
        merging(defaults: defaults, user: loaded.policies, disabled: loaded.disabledDefaults)
    }

    /// Compiles the set into an engine (policies that fail to compile are left out and reported).
    /// - Returns: the engine and the problems.
    public func engine() -> (engine: PolicyEngine, problems: [PolicyProblem]) {
        let (compiled, problems) = PolicyCompiler.compileAll(policies)
        return (PolicyEngine(policies: compiled), problems)
    }
}
