/// One Kubernetes object read from a manifest, reduced to what the checks need (the YAML tree is not kept).
struct K8sObject: Sendable {
    /// Kinds whose pod spec is checked.
    static let workloadKinds: Set<String> = ["Pod", "Deployment", "ReplicaSet", "ReplicationController", "StatefulSet", "DaemonSet",
                                             "Job", "CronJob", "DeploymentConfig"]
    /// Other kinds Palisade reads.
    static let otherKinds: Set<String> = ["Namespace", "NetworkPolicy", "Service", "Ingress", "ServiceAccount", "Role", "ClusterRole",
                                          "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret", "LimitRange", "ResourceQuota",
                                          "SecurityContextConstraints", "PodDisruptionBudget", "HorizontalPodAutoscaler",
                                          "ServiceMonitor"]
    static let clusterScopedKinds: Set<String> = ["Namespace", "ClusterRole", "ClusterRoleBinding", "SecurityContextConstraints"]

    var file: String
    /// Line of the object's first field.
    var line: Int
    /// Position in the scan, for stable ordering.
    var order: Int
    var apiVersion: String
    var kind: String
    var name: String
    /// The namespace as written (nil when absent).
    var namespace: String?
    var labels: [String: String]
    var annotations: [String: String]
    var metadataLine: Int
    var annotationsLine: Int?
    var body: ObjectBody
    /// OpenAPI schema problems (filled only when the `schema` check runs).
    var schemaProblems: [Located<String>] = []

    var isWorkload: Bool { if case .workload = body { true } else { false } }
    var isClusterScoped: Bool { Self.clusterScopedKinds.contains(kind) }
    /// The namespace the object lands in when applied without `-n`.
    var effectiveNamespace: String { namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default" }

    var workload: Workload? { if case .workload(let w) = body { w } else { nil } }
}
