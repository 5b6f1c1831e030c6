/// What Palisade does, beyond alerting, when a policy is violated at a stage.
///
/// | action | stage | StackRox equivalent |
/// |---|---|---|
/// | `fail-build` | build | `FAIL_BUILD_ENFORCEMENT` |
/// | `block` | deploy | `FAIL_DEPLOYMENT_CREATE_ENFORCEMENT` / `FAIL_DEPLOYMENT_UPDATE_ENFORCEMENT` (admission reject) |
/// | `scale-to-zero` | deploy, runtime | `SCALE_TO_ZERO_ENFORCEMENT` |
/// | `unsatisfiable-node-constraint` | deploy | `UNSATISFIABLE_NODE_CONSTRAINT_ENFORCEMENT` |
/// | `kill-pod` | runtime | `KILL_POD_ENFORCEMENT` |
/// | `block-request` | runtime | `FAIL_KUBE_REQUEST_ENFORCEMENT` (reject `pods/exec`, `port-forward`…) |
public struct EnforcementAction: Hashable, Sendable, CustomStringConvertible, Codable, PolicyKeyword {
    /// The canonical spelling.
    public let rawValue: String
    /// Parses a canonical spelling or an alias, ignoring case, `_` and `-`; nil when unknown.
    public init?(rawValue: String) {
        guard let parsed = Self.parse(rawValue) else { return nil }
        self = parsed
    }
    init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }

    /// Fail the CI build.
    public static let failBuild = EnforcementAction(uncheckedRawValue: "fail-build")
    /// Reject the deployment at admission.
    public static let block = EnforcementAction(uncheckedRawValue: "block")
    /// Scale the workload to zero replicas.
    public static let scaleToZero = EnforcementAction(uncheckedRawValue: "scale-to-zero")
    /// Add a node constraint no node satisfies, so pods stay pending.
    public static let unsatisfiableNodeConstraint = EnforcementAction(uncheckedRawValue: "unsatisfiable-node-constraint")
    /// Kill the pod that raised the runtime event.
    public static let killPod = EnforcementAction(uncheckedRawValue: "kill-pod")
    /// Reject the Kubernetes API request (exec, attach, port-forward) that raised the event.
    public static let blockRequest = EnforcementAction(uncheckedRawValue: "block-request")

    /// Every action.
    public static let allValues: [EnforcementAction] = [
        .failBuild, .block, .scaleToZero, .unsatisfiableNodeConstraint, .killPod, .blockRequest,
    ]
    static let aliases: [String: EnforcementAction] = [
        "fail": .failBuild, "reject": .block, "admission-reject": .block, "kill": .killPod,
        "fail-kube-request": .blockRequest,
    ]

    /// The stages at which the action can be taken.
    public var stages: [LifecycleStage] {
        switch rawValue {
        case "fail-build": return [.build]
        case "block", "unsatisfiable-node-constraint": return [.deploy]
        case "scale-to-zero": return [.deploy, .runtime]
        default: return [.runtime]
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = EnforcementAction(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown enforcement action '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The enforcement action of a policy at each stage; `nil` means alert only.
public struct PolicyEnforcement: Hashable, Sendable, Codable {
    /// At build time (only `fail-build`).
    public var build: EnforcementAction?
    /// At deploy time (`block`, `scale-to-zero`, `unsatisfiable-node-constraint`).
    public var deploy: EnforcementAction?
    /// At run time (`kill-pod`, `block-request`, `scale-to-zero`).
    public var runtime: EnforcementAction?

    /// - Parameters:
    ///   - build: the build-time action.
    ///   - deploy: the deploy-time action.
    ///   - runtime: the run-time action.
    public init(build: EnforcementAction? = nil, deploy: EnforcementAction? = nil, runtime: EnforcementAction? = nil) {
        self.build = build
        self.deploy = deploy
        self.runtime = runtime
    }

    /// The action at `stage`, if the policy enforces there.
    public func action(for stage: LifecycleStage) -> EnforcementAction? {
        switch stage {
        case .build: return build
        case .deploy: return deploy
        case .runtime: return runtime
        default: return nil
        }
    }

    /// Sets the action at `stage`.
    public mutating func setAction(_ action: EnforcementAction?, for stage: LifecycleStage) {
        switch stage {
        case .build: build = action
        case .deploy: deploy = action
        default: runtime = action
        }
    }

    /// True when no stage enforces.
    public var isEmpty: Bool { build == nil && deploy == nil && runtime == nil }
}
