/// Everything cross-object checks need about the whole scan, built once (no quadratic work: lookups are
/// per namespace).
struct ScanIndex: Sendable {
    private(set) var workloadsByNamespace: [String: [K8sObject]] = [:]
    private(set) var policiesByNamespace: [String: [(object: K8sObject, policy: NetworkPolicy)]] = [:]
    private(set) var serviceAccounts: [String: Located<Bool>?] = [:]   // "ns/name" -> automount
    private(set) var secrets: Set<String> = []
    private(set) var configMaps: Set<String> = []
    private(set) var services: Set<String> = []
    private(set) var quotaNamespaces: Set<String> = []
    private(set) var namespaceObjects: [String: K8sObject] = [:]
    /// The object each namespace-level finding is reported on when the Namespace itself is not in the scan.
    private(set) var namespaceAnchor: [String: Int] = [:]
    /// "ClusterRole/name" or "Role/ns/name" -> the bindings that grant it ("RoleBinding ns/name").
    private(set) var bindingsByRole: [String: [String]] = [:]
    private(set) var hasServiceAccounts = false
    private(set) var hasSecretsOrConfigMaps = false

    init(_ objects: [K8sObject]) {
        for o in objects {
            let ns = o.effectiveNamespace
            let key = "\(ns)/\(o.name)"
            switch o.body {
            case .workload:
                workloadsByNamespace[ns, default: []].append(o)
                if namespaceAnchor[ns] == nil { namespaceAnchor[ns] = o.order }
            case .networkPolicy(let p): policiesByNamespace[ns, default: []].append((o, p))
            case .serviceAccount(let automount):
                serviceAccounts[key] = automount
                hasServiceAccounts = true
            case .binding(let b):
                let role = b.roleKind == "ClusterRole" ? "ClusterRole/\(b.roleName)" : "Role/\(ns)/\(b.roleName)"
                bindingsByRole[role, default: []].append("\(o.kind) \(o.isClusterScoped ? o.name : key)")
            default: break
            }
            switch o.kind {
            case "Secret": secrets.insert(key); hasSecretsOrConfigMaps = true
            case "ConfigMap": configMaps.insert(key); hasSecretsOrConfigMaps = true
            case "Service": services.insert(key)
            case "ResourceQuota", "LimitRange": quotaNamespaces.insert(ns)
            case "Namespace": namespaceObjects[o.name] = o
            default: break
            }
        }
    }

    func workloads(in namespace: String) -> [K8sObject] { workloadsByNamespace[namespace] ?? [] }

    func policies(in namespace: String) -> [(object: K8sObject, policy: NetworkPolicy)] { policiesByNamespace[namespace] ?? [] }

    /// " (bound by RoleBinding ns/x, …)" for a Role or ClusterRole, or "" when no binding in the scan grants it.
    func boundBy(_ role: K8sObject) -> String {
        let key = role.kind == "ClusterRole" ? "ClusterRole/\(role.name)" : "Role/\(role.effectiveNamespace)/\(role.name)"
        guard let bindings = bindingsByRole[key], !bindings.isEmpty else { return "" }
        let shown = bindings.prefix(3).joined(separator: ", ")
        return " (granted by \(shown)\(bindings.count > 3 ? " and \(bindings.count - 3) more" : ""))"
    }
}
