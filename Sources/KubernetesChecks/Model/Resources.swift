/// A pod-producing object: Pod, Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job,
/// CronJob or OpenShift DeploymentConfig.
struct Workload: Sendable {
    struct ClaimTemplate: Sendable {
        var line: Int
        var name: String
        var accessModes: [String]
        var requestsStorage: Bool
    }

    var pod: PodSpec
    var podLabels: [String: String]
    var podAnnotations: [String: String]
    var replicas: Located<Int>?
    var selector: LabelSelector?
    var claimTemplates: [ClaimTemplate] = []
    var ttlSecondsAfterFinished: Located<Int>?
    /// Line of the controller's `spec:` (or the object).
    var specLine: Int
}

struct NetworkPolicy: Sendable {
    struct Peer: Sendable {
        var selector: LabelSelector
        var hasNamespaceSelector: Bool
    }
    var podSelector: LabelSelector?
    var ingress: Bool
    var egress: Bool
    var peers: [Peer] = []
    var specLine: Int
}

struct ServiceSpec: Sendable {
    var type: Located<String>?
    var externalIPs: Located<Int>?
    var selector: [String: String]
    var specLine: Int
}

struct IngressSpec: Sendable {
    var hasTLS: Bool
    var specLine: Int
    /// The Services its default backend and rules route to (`service.name`, or `serviceName` in extensions/v1beta1).
    var backends: [Located<String>] = []
}

/// A PodDisruptionBudget (policy/v1 and v1beta1).
struct DisruptionBudget: Sendable {
    var selector: LabelSelector?
    /// Int or percentage, as written.
    var minAvailable: Located<String>?
    var maxUnavailable: Located<String>?
    var unhealthyPodEvictionPolicy: Located<String>?
    var specLine: Int
}

/// A HorizontalPodAutoscaler (autoscaling/v1 and v2).
struct Autoscaler: Sendable {
    var minReplicas: Located<Int>?
    var targetKind: String
    var targetName: String
    var targetLine: Int
    var specLine: Int
}

/// A prometheus-operator ServiceMonitor (monitoring.coreos.com/v1).
struct ServiceMonitorSpec: Sendable {
    var selector: LabelSelector?
    /// `namespaceSelector.any: true`.
    var anyNamespace: Bool
    /// `namespaceSelector.matchNames` (empty: the ServiceMonitor's own namespace).
    var namespaces: [String]
    var specLine: Int
}

struct RBACRule: Sendable {
    var line: Int
    var apiGroups: [String]
    var resources: [String]
    var verbs: [String]
}

struct RoleBindingSpec: Sendable {
    struct Subject: Sendable {
        var line: Int
        var kind: String
        var name: String
        var namespace: String?
    }
    var roleKind: String
    var roleName: String
    var roleLine: Int
    var subjects: [Subject]
}

/// A ConfigMap entry: its key and whether the key or value looks sensitive (values are never kept).
struct ConfigEntry: Sendable {
    var key: String
    var line: Int
    var looksSecret: Bool
}

/// The kind-specific part of an object.
enum ObjectBody: Sendable {
    case workload(Workload)
    case networkPolicy(NetworkPolicy)
    case service(ServiceSpec)
    case ingress(IngressSpec)
    case disruptionBudget(DisruptionBudget)
    case autoscaler(Autoscaler)
    case serviceMonitor(ServiceMonitorSpec)
    case role([RBACRule])
    case binding(RoleBindingSpec)
    case serviceAccount(automount: Located<Bool>?)
    case configMap([ConfigEntry])
    case scc(allowPrivileged: Located<Bool>?)
    case other
}
