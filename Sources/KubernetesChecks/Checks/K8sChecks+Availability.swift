/// The HA part of the `replicas / HA` row and the `dangling` rows for Ingress, HorizontalPodAutoscaler and
/// ServiceMonitor targets (section I of the union table). Cross-object lookups go through `ScanIndex`.
extension K8sChecks {
    /// Kinds whose replicas are spread over nodes (kube-linter's no-anti-affinity looks at these).
    static let spreadKinds: Set<String> = ["Deployment", "StatefulSet"]

    /// The HA part of the `replicas / HA` row (listed after `replicas`).
    static let highAvailability: [K8sCheck] = [
        K8sCheck(id: "no-anti-affinity", title: "Replicas not spread over nodes", category: "Hygiene", severity: .low,
                 description: "A Deployment or StatefulSet with at least `minReplicas` (default 2) replicas sets neither a podAntiAffinity nor topologySpreadConstraints, so all its replicas may land on one node. Any podAntiAffinity counts (kube-linter also requires its terms to select the pod's own labels and namespace).",
                 remediation: "Add spec.template.spec.topologySpreadConstraints (topologyKey kubernetes.io/hostname) or a podAntiAffinity on the pod's own labels.",
                 parameters: ["minReplicas": "2"],
                 kubeLinter: ["no-anti-affinity"], polaris: ["topologySpreadConstraint"],
                 scope: .kinds(spreadKinds), evaluate: Template.pod { w, input in
                     let replicas = w.replicas?.value ?? 1
                     guard replicas >= input.int("minReplicas", default: 2), !w.pod.hasAntiAffinity, !w.pod.hasTopologySpread else { return [] }
                     return [Violation(line: w.pod.line, "\(replicas) replicas with no podAntiAffinity and no topologySpreadConstraints")]
                 }),
        K8sCheck(id: "pdb-max-unavailable", title: "PodDisruptionBudget allows no disruption (maxUnavailable 0)", category: "Hygiene", severity: .low,
                 description: "A PodDisruptionBudget sets maxUnavailable to 0 or 0%, so no pod it selects can ever be evicted voluntarily and node drains block.",
                 remediation: "Set maxUnavailable to at least 1 (or use minAvailable below the replica count).",
                 kubeLinter: ["pdb-max-unavailable"], polaris: ["pdbDisruptionsIsZero"],
                 scope: .kinds(["PodDisruptionBudget"]), evaluate: { input in
                     guard case .disruptionBudget(let b) = input.object.body, let m = b.maxUnavailable,
                           let value = percentOrInt(m.value), value == 0 else { return [] }
                     return [Violation(line: m.line, "maxUnavailable is \(m.value): no pod can be evicted")]
                 }),
        K8sCheck(id: "pdb-min-available", title: "PodDisruptionBudget minAvailable not below the replicas", category: "Hygiene", severity: .low,
                 description: "A PodDisruptionBudget sets minAvailable to 100% or to at least the replica count of a workload it selects (the minReplicas of its HorizontalPodAutoscaler, when one targets it), so no pod can be evicted voluntarily and node drains block.",
                 remediation: "Set minAvailable below the replica count (or use maxUnavailable: 1).",
                 kubeLinter: ["pdb-min-available"], polaris: ["pdbDisruptionsIsZero"],
                 scope: .kinds(["PodDisruptionBudget"]), evaluate: { input in
                     guard case .disruptionBudget(let b) = input.object.body, let m = b.minAvailable else { return [] }
                     if m.value.hasSuffix("%") {
                         return percentOrInt(m.value) ?? 0 >= 100 ? [Violation(line: m.line, "minAvailable is \(m.value): no pod can be evicted")] : []
                     }
                     guard let n = Int(m.value), let s = b.selector else { return [] }
                     let blocked = input.index.replicatedWorkloads(in: input.object.effectiveNamespace, matching: s).filter { $0.replicas <= n }
                     guard let first = blocked.first else { return [] }
                     let more = blocked.count > 1 ? " and \(blocked.count - 1) more" : ""
                     return [Violation(line: m.line, "minAvailable \(n) is not below the \(first.replicas) replica\(first.replicas == 1 ? "" : "s") of \(first.name)\(more)")]
                 }),
        K8sCheck(id: "pdb-unhealthy-pod-eviction-policy", title: "PodDisruptionBudget without unhealthyPodEvictionPolicy", category: "Hygiene", severity: .info,
                 description: "A policy/v1 PodDisruptionBudget does not set unhealthyPodEvictionPolicy, so running but unhealthy pods count against the budget and can block node drains.",
                 remediation: "Set spec.unhealthyPodEvictionPolicy: AlwaysAllow.",
                 kubeLinter: ["pdb-unhealthy-pod-eviction-policy"],
                 scope: .kinds(["PodDisruptionBudget"]), evaluate: { input in
                     guard case .disruptionBudget(let b) = input.object.body, input.object.apiVersion == "policy/v1",
                           b.unhealthyPodEvictionPolicy == nil else { return [] }
                     return [Violation(line: b.specLine, "unhealthyPodEvictionPolicy is not set")]
                 }),
        K8sCheck(id: "missing-pdb", title: "Replicated workload without PodDisruptionBudget", category: "Hygiene", severity: .info,
                 description: "A Deployment or StatefulSet with at least `minReplicas` (default 2) replicas is selected by no PodDisruptionBudget of its namespace among the scanned objects, so a node drain may evict all its pods at once.",
                 remediation: "Add a PodDisruptionBudget (maxUnavailable: 1) selecting the pod template labels.",
                 parameters: ["minReplicas": "2"],
                 polaris: ["missingPodDisruptionBudget"], enabledByDefault: false,
                 scope: .kinds(spreadKinds), evaluate: Template.pod { w, input in
                     let replicas = w.replicas?.value ?? 1
                     guard replicas >= input.int("minReplicas", default: 2),
                           !input.index.hasDisruptionBudget(w.podLabels, in: input.object.effectiveNamespace) else { return [] }
                     return [Violation(line: w.replicas?.line ?? w.specLine, "\(replicas) replicas and no PodDisruptionBudget selects the pods")]
                 }),
        K8sCheck(id: "hpa-min-replicas", title: "HorizontalPodAutoscaler minReplicas below the minimum", category: "Hygiene", severity: .low,
                 description: "A HorizontalPodAutoscaler lets its target scale down below the parameter `minimum` (default 3) replicas (an unset minReplicas is 1).",
                 remediation: "Set spec.minReplicas to at least 3.",
                 parameters: ["minimum": "3"],
                 kubeLinter: ["hpa-minimum-three-replicas"], polaris: ["hpaMinAvailability"], enabledByDefault: false,
                 scope: .kinds(["HorizontalPodAutoscaler"]), evaluate: { input in
                     guard case .autoscaler(let h) = input.object.body else { return [] }
                     let minimum = input.int("minimum", default: 3)
                     let value = h.minReplicas?.value ?? 1
                     return value < minimum ? [Violation(line: h.minReplicas?.line ?? h.specLine, "minReplicas is \(value)\(h.minReplicas == nil ? " (unset)" : "") (minimum \(minimum))")] : []
                 }),
    ]

    /// The Ingress, HPA and ServiceMonitor part of the `dangling / mismatch` row (listed after `dangling-service`).
    static let danglingTargets: [K8sCheck] = [
        K8sCheck(id: "dangling-ingress", title: "Ingress routes to a Service not in the scan", category: "Hygiene", severity: .low,
                 description: "An Ingress backend names a Service that is not among the scanned objects of its namespace.",
                 remediation: "Fix the backend service name, or scan the Service together with the Ingress.",
                 kubeLinter: ["dangling-ingress"], enabledByDefault: false,
                 scope: .kinds(["Ingress"]), evaluate: { input in
                     guard case .ingress(let i) = input.object.body else { return [] }
                     let ns = input.object.effectiveNamespace
                     var seen = Set<String>()
                     return i.backends.compactMap { b in
                         guard !input.index.hasService(b.value, in: ns), seen.insert(b.value).inserted else { return nil }
                         return Violation(line: b.line, "backend service \(b.value) is not in the scan")
                     }
                 }),
        K8sCheck(id: "dangling-hpa", title: "HorizontalPodAutoscaler targets a workload not in the scan", category: "Hygiene", severity: .low,
                 description: "A HorizontalPodAutoscaler's scaleTargetRef names a workload (of a kind Palisade reads) that is not among the scanned objects of its namespace.",
                 remediation: "Fix spec.scaleTargetRef, or scan the target together with the autoscaler.",
                 kubeLinter: ["dangling-horizontalpodautoscaler"], enabledByDefault: false,
                 scope: .kinds(["HorizontalPodAutoscaler"]), evaluate: { input in
                     guard case .autoscaler(let h) = input.object.body, K8sObject.workloadKinds.contains(h.targetKind), !h.targetName.isEmpty,
                           !input.index.hasWorkload(kind: h.targetKind, name: h.targetName, in: input.object.effectiveNamespace) else { return [] }
                     return [Violation(line: h.targetLine, "scaleTargetRef \(h.targetKind) \(h.targetName) is not in the scan")]
                 }),
        K8sCheck(id: "dangling-servicemonitor", title: "ServiceMonitor selects no Service", category: "Hygiene", severity: .low,
                 description: "A ServiceMonitor's selector matches the labels of no Service in the namespaces it watches (its own, namespaceSelector.matchNames, or all with namespaceSelector.any) among the scanned objects. Without a namespaceSelector only the ServiceMonitor's own namespace is searched, as prometheus-operator does (kube-linter searches every namespace then).",
                 remediation: "Fix spec.selector or spec.namespaceSelector.",
                 kubeLinter: ["dangling-servicemonitor"], enabledByDefault: false,
                 scope: .kinds(["ServiceMonitor"]), evaluate: { input in
                     guard case .serviceMonitor(let m) = input.object.body else { return [] }
                     let selector = m.selector ?? LabelSelector(line: m.specLine)
                     let namespaces: [String]? = m.anyNamespace ? nil : (m.namespaces.isEmpty ? [input.object.effectiveNamespace] : m.namespaces)
                     guard !input.index.anyService(in: namespaces, matching: selector) else { return [] }
                     return [Violation(line: m.selector?.line ?? m.specLine, "selector matches no Service in \(namespaces.map { $0.joined(separator: ", ") } ?? "any namespace")")]
                 }),
    ]

    /// "25%" -> 25, "3" -> 3, anything else nil.
    static func percentOrInt(_ text: String) -> Int? {
        Int(text.hasSuffix("%") ? String(text.dropLast()) : text)
    }
}
