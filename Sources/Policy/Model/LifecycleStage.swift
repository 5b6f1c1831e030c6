/// A stage of a workload's life at which policies are evaluated.
///
/// `build` evaluates images (CI gate), `deploy` evaluates deployments (admission and inventory),
/// `runtime` evaluates events from running workloads (processes, network flows, Kubernetes events).
public struct LifecycleStage: Hashable, Sendable, CustomStringConvertible, Codable, Comparable, PolicyKeyword {
    /// The canonical spelling.
    public let rawValue: String
    /// Parses a canonical spelling or an alias, ignoring case, `_` and `-`; nil when unknown.
    public init?(rawValue: String) {
        guard let parsed = Self.parse(rawValue) else { return nil }
        self = parsed
    }
    init(uncheckedRawValue: String) { rawValue = uncheckedRawValue }

    /// Build time: images in CI.
    public static let build = LifecycleStage(uncheckedRawValue: "build")
    /// Deploy time: Kubernetes workloads before and after admission.
    public static let deploy = LifecycleStage(uncheckedRawValue: "deploy")
    /// Run time: process, network and Kubernetes events from running workloads.
    public static let runtime = LifecycleStage(uncheckedRawValue: "runtime")

    /// The three stages in order.
    public static let allValues: [LifecycleStage] = [.build, .deploy, .runtime]

    public static func < (lhs: LifecycleStage, rhs: LifecycleStage) -> Bool {
        (allValues.firstIndex(of: lhs) ?? 0) < (allValues.firstIndex(of: rhs) ?? 0)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LifecycleStage(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "unknown lifecycle stage '\(text)'"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
