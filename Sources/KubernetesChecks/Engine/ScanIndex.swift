/// Everything cross-object checks need about the whole scan, built once (no quadratic work: lookups are
/// per namespace, and label selectors are matched once per distinct pod label set, through an index of
/// `key=value` pairs).
struct ScanIndex: Sendable {
    /// The workloads of one namespace, grouped by their pod label set.
    struct PodGroups: Sendable {
        /// Distinct pod label sets.
        var labelSets: [[String: String]] = []
        /// Per label set, the workloads ("Kind name") that carry it, in scan order.
        var workloads: [[String]] = []
        /// Per label set, the replica counts of the replicated workloads carrying it (Deployment, StatefulSet, …;
        /// an unset `replicas` counts as 1), parallel to `workloads` (nil for kinds without replicas).
        var replicas: [[Int?]] = []
        /// Per label set, whether a PodDisruptionBudget of the namespace selects it.
        var disruptionBudget: [Bool] = []
        /// "key=value" -> indices of the label sets holding that pair.
        var byPair: [String: [Int]] = [:]
        /// "key" -> indices of the label sets holding that key.
        var byKey: [String: [Int]] = [:]
        /// Per label set, whether an ingress / egress policy of the namespace selects it.
        var ingress: [Bool] = []
        var egress: [Bool] = []
        /// A policy with an empty (or missing) podSelector selects every pod of the namespace.
        var ingressAll = false
        var egressAll = false
        var workloadCount = 0
        fileprivate var setIndex: [[String: String]: Int] = [:]

        /// The label sets `selector` may match: the shortest posting list among its matchLabels pairs and
        /// In / Exists requirements, or every set when nothing narrows it. Callers still run `matches`.
        func candidates(_ selector: LabelSelector) -> [Int]? {
            var best: [Int]?
            func consider(_ list: [Int]) { if best == nil || list.count < best!.count { best = list } }
            for (k, v) in selector.matchLabels { consider(byPair["\(k)=\(v)"] ?? []) }
            for r in selector.expressions {
                switch r.op {
                case "In":
                    var union: [Int] = []
                    for v in Set(r.values) { union += byPair["\(r.key)=\(v)"] ?? [] }
                    consider(union)
                case "Exists": consider(byKey[r.key] ?? [])
                default: break
                }
            }
            return best
        }

        /// Calls `body` with each label set index `selector` matches (stops when `body` returns false).
        func forEachMatch(_ selector: LabelSelector, _ body: (Int) -> Bool) {
            if let list = candidates(selector) {
                var seen = Set<Int>()
                for i in list where seen.insert(i).inserted && selector.matches(labelSets[i]) { if !body(i) { return } }
            } else {
                for i in labelSets.indices where selector.matches(labelSets[i]) { if !body(i) { return } }
            }
        }

        func anyMatch(_ selector: LabelSelector) -> Bool {
            var found = false
            forEachMatch(selector) { _ in found = true; return false }
            return found
        }

        /// The workloads `selector` matches: the first `limit` names and the total count.
        func matching(_ selector: LabelSelector, limit: Int) -> (names: [String], count: Int) {
            var names: [String] = [], count = 0
            forEachMatch(selector) { i in
                count += workloads[i].count
                if names.count < limit { names += workloads[i].prefix(limit - names.count) }
                return true
            }
            return (names, count)
        }
    }

    private(set) var podGroups: [String: PodGroups] = [:]
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
    /// "ns/Kind/name" of every workload (HorizontalPodAutoscaler targets).
    private(set) var workloadNames: Set<String> = []
    /// The distinct metadata label sets of the Services of each namespace (ServiceMonitor selectors).
    private(set) var serviceLabelSets: [String: Set<[String: String]>] = [:]
    private(set) var budgetsByNamespace: [String: [DisruptionBudget]] = [:]
    /// "ns/Kind name" of a HorizontalPodAutoscaler's target -> its minReplicas (1 when unset).
    private(set) var autoscaledMinimum: [String: Int] = [:]

    /// Kinds with a `replicas` field.
    static let replicatedKinds: Set<String> = ["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "DeploymentConfig"]
    private(set) var hasSecretsOrConfigMaps = false

    init(_ objects: [K8sObject]) {
        for o in objects {
            let ns = o.effectiveNamespace
            let key = "\(ns)/\(o.name)"
            switch o.body {
            case .workload(let w):
                var g = podGroups[ns] ?? PodGroups()
                podGroups[ns] = nil   // keep the value uniquely referenced while it grows
                let i: Int
                if let existing = g.setIndex[w.podLabels] {
                    i = existing
                } else {
                    i = g.labelSets.count
                    g.setIndex[w.podLabels] = i
                    g.labelSets.append(w.podLabels)
                    g.workloads.append([])
                    g.replicas.append([])
                    for (k, v) in w.podLabels {
                        g.byPair["\(k)=\(v)", default: []].append(i)
                        g.byKey[k, default: []].append(i)
                    }
                }
                g.workloads[i].append("\(o.kind) \(o.name)")
                g.replicas[i].append(Self.replicatedKinds.contains(o.kind) ? (w.replicas?.value ?? 1) : nil)
                workloadNames.insert("\(ns)/\(o.kind)/\(o.name)")
                g.workloadCount += 1
                podGroups[ns] = g
                if namespaceAnchor[ns] == nil { namespaceAnchor[ns] = o.order }
            case .networkPolicy(let p): policiesByNamespace[ns, default: []].append((o, p))
            case .disruptionBudget(let b): budgetsByNamespace[ns, default: []].append(b)
            case .autoscaler(let h):
                if !h.targetName.isEmpty { autoscaledMinimum["\(ns)/\(h.targetKind) \(h.targetName)"] = h.minReplicas?.value ?? 1 }
            case .service:
                serviceLabelSets[ns, default: []].insert(o.labels)
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
        // NetworkPolicy coverage, once per distinct label set.
        for (ns, policies) in policiesByNamespace {
            guard var g = podGroups[ns] else { continue }
            podGroups[ns] = nil
            g.ingress = Array(repeating: false, count: g.labelSets.count)
            g.egress = g.ingress
            for (_, p) in policies {
                guard p.ingress || p.egress else { continue }
                guard let s = p.podSelector, !s.isEmpty else {
                    g.ingressAll = g.ingressAll || p.ingress
                    g.egressAll = g.egressAll || p.egress
                    continue
                }
                g.forEachMatch(s) { i in
                    if p.ingress { g.ingress[i] = true }
                    if p.egress { g.egress[i] = true }
                    return true
                }
            }
            podGroups[ns] = g
        }
        // PodDisruptionBudget coverage, once per distinct label set.
        for (ns, budgets) in budgetsByNamespace {
            guard var g = podGroups[ns] else { continue }
            podGroups[ns] = nil
            g.disruptionBudget = Array(repeating: false, count: g.labelSets.count)
            for b in budgets {
                guard let s = b.selector else { continue }
                g.forEachMatch(s) { i in g.disruptionBudget[i] = true; return true }
            }
            podGroups[ns] = g
        }
    }

    /// Whether a PodDisruptionBudget of `namespace` selects pods with these labels.
    func hasDisruptionBudget(_ labels: [String: String], in namespace: String) -> Bool {
        guard let g = podGroups[namespace], let i = g.setIndex[labels], i < g.disruptionBudget.count else { return false }
        return g.disruptionBudget[i]
    }

    /// The replicated workloads of `namespace` that `selector` matches, with their replica counts (the
    /// minReplicas of the HorizontalPodAutoscaler that targets one, when there is one, as kube-linter does).
    func replicatedWorkloads(in namespace: String, matching selector: LabelSelector) -> [(name: String, replicas: Int)] {
        guard let g = podGroups[namespace] else { return [] }
        var out: [(name: String, replicas: Int)] = []
        g.forEachMatch(selector) { i in
            for (name, r) in zip(g.workloads[i], g.replicas[i]) {
                if let r { out.append((name, autoscaledMinimum["\(namespace)/\(name)"] ?? r)) }
            }
            return true
        }
        return out
    }

    /// Whether any Service of these namespaces (nil: every namespace) has metadata labels `selector` matches.
    func anyService(in namespaces: [String]?, matching selector: LabelSelector) -> Bool {
        let sets: [Set<[String: String]>] = namespaces.map { $0.compactMap { serviceLabelSets[$0] } } ?? Array(serviceLabelSets.values)
        return sets.contains { $0.contains { selector.matches($0) } }
    }

    func hasService(_ name: String, in namespace: String) -> Bool { services.contains("\(namespace)/\(name)") }

    func hasWorkload(kind: String, name: String, in namespace: String) -> Bool { workloadNames.contains("\(namespace)/\(kind)/\(name)") }

    func workloadCount(in namespace: String) -> Int { podGroups[namespace]?.workloadCount ?? 0 }

    func hasWorkloads(in namespace: String) -> Bool { workloadCount(in: namespace) > 0 }

    /// Whether a NetworkPolicy of `namespace` selects pods with these labels for ingress and for egress.
    func isolation(of labels: [String: String], in namespace: String) -> (ingress: Bool, egress: Bool) {
        guard let g = podGroups[namespace] else { return (false, false) }
        guard let i = g.setIndex[labels], i < g.ingress.count else { return (g.ingressAll, g.egressAll) }
        return (g.ingressAll || g.ingress[i], g.egressAll || g.egress[i])
    }

    /// Whether `selector` matches the pod labels of any workload in `namespace`.
    func anyWorkload(in namespace: String, matching selector: LabelSelector) -> Bool {
        podGroups[namespace]?.anyMatch(selector) ?? false
    }

    /// The workloads of `namespace` that `selector` matches: up to `limit` names and the total.
    func workloads(in namespace: String, matching selector: LabelSelector, limit: Int) -> (names: [String], count: Int) {
        podGroups[namespace]?.matching(selector, limit: limit) ?? ([], 0)
    }

    func policies(in namespace: String) -> [(object: K8sObject, policy: NetworkPolicy)] { policiesByNamespace[namespace] ?? [] }

    /// " (bound by RoleBinding ns/x, …)" for a Role or ClusterRole, or "" when no binding in the scan grants it.
    func boundBy(_ role: K8sObject) -> String {
        let key = role.kind == "ClusterRole" ? "ClusterRole/\(role.name)" : "Role/\(role.effectiveNamespace)/\(role.name)"
        guard let bindings = bindingsByRole[key], !bindings.isEmpty else { return "" }
        let shown = bindings.prefix(3).joined(separator: ", ")
        return " (granted by \(shown)\(bindings.count > 3 ? " and \(bindings.count - 3) more" : ""))"
    }
}
