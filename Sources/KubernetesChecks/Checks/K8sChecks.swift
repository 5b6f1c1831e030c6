/// The registry of Kubernetes checks: one explicit list, in the order of the union table
/// (`docs/k8s-checks.md` is generated from it).
public enum K8sChecks {
    /// Every check Palisade knows, enabled by default or not.
    public static let all: [K8sCheck] = host + privilege + resources + rbac + secrets + network + namespaces + hygiene

    /// The check with this id.
    /// - Parameter id: a check id such as `privileged`.
    public static func check(id: String) -> K8sCheck? { byID[id] }

    static let byID: [String: K8sCheck] = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
}
