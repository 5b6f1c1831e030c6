/// Sections H and I of the union table: namespaces, hygiene and reliability.
extension K8sChecks {
    /// apiVersions removed from Kubernetes, by kind ("*" for every kind), with the release that removed them.
    static let removedAPIs: [String: (kinds: Set<String>, removedIn: String)] = [
        "extensions/v1beta1": (["*"], "1.16/1.22"),
        "apps/v1beta1": (["*"], "1.16"),
        "apps/v1beta2": (["*"], "1.16"),
        "batch/v2alpha1": (["*"], "1.21"),
        "batch/v1beta1": (["CronJob"], "1.25"),
        "networking.k8s.io/v1beta1": (["*"], "1.22"),
        "rbac.authorization.k8s.io/v1beta1": (["*"], "1.22"),
        "rbac.authorization.k8s.io/v1alpha1": (["*"], "1.22"),
        "policy/v1beta1": (["*"], "1.25"),
        "autoscaling/v2beta1": (["*"], "1.25"),
        "autoscaling/v2beta2": (["*"], "1.26"),
    ]

    static let namespaces: [K8sCheck] = [
        K8sCheck(id: "default-namespace", title: "Object in the default namespace", category: "Namespaces", severity: .low,
                 description: "A namespaced object sets no namespace or the default namespace, mixing it with everything else deployed there.",
                 remediation: "Set metadata.namespace to a dedicated namespace.",
                 cis: ["5.6.4", "5.6.1"], nist: ["4.3.4"], kubeLinter: ["use-namespace"], checkov: ["CKV_K8S_21"], trivy: ["KSV-0110"],
                 scope: .namespaced, evaluate: { input in
                     guard input.object.effectiveNamespace == "default" else { return [] }
                     return [Violation(line: input.object.metadataLine, input.object.namespace == nil ? "no namespace set (lands in default)" : "namespace is default")]
                 }),
        K8sCheck(id: "kube-system-placement", title: "Workload in kube-system", category: "Namespaces", severity: .medium,
                 description: "A workload is placed in kube-system, next to the control-plane components and their privileges.",
                 remediation: "Deploy user workloads into their own namespace.",
                 nist: ["4.3.4"], trivy: ["KSV-0037"],
                 scope: .workloads, evaluate: { input in
                     input.object.effectiveNamespace == "kube-system" ? [Violation(line: input.object.metadataLine, "workload is in kube-system")] : []
                 }),
        K8sCheck(id: "psa-labels", title: "Namespace without Pod Security admission label", category: "Namespaces", severity: .low,
                 description: "A Namespace lacks the pod-security.kubernetes.io/enforce label, so no Pod Security Standard is enforced there.",
                 remediation: "Label the namespace pod-security.kubernetes.io/enforce: restricted (or baseline).",
                 cis: ["5.2.1"], nist: ["4.3.4"],
                 scope: .kinds(["Namespace"]), evaluate: { input in
                     input.object.labels["pod-security.kubernetes.io/enforce"] == nil
                         ? [Violation(line: input.object.metadataLine, "namespace \(input.object.name) has no pod-security.kubernetes.io/enforce label")] : []
                 }),
    ]

    static let hygiene: [K8sCheck] = [
        probe("liveness-probe", "livenessProbe", kl: "no-liveness-probe", ckv: "CKV_K8S_8"),
        probe("readiness-probe", "readinessProbe", kl: "no-readiness-probe", ckv: "CKV_K8S_9"),
        K8sCheck(id: "probe-port", title: "Probe targets a port the container does not expose", category: "Hygiene", severity: .low,
                 description: "A liveness, readiness or startup probe names a port the container does not declare (by name, or by number when ports are declared).",
                 remediation: "Point the probe at a declared container port.",
                 kubeLinter: ["liveness-port", "readiness-port", "startup-port"],
                 scope: .workloads, evaluate: Template.containers([.container]) { c, _, _ in
                     for (kind, probe) in [("liveness", c.livenessProbe), ("readiness", c.readinessProbe), ("startup", c.startupProbe)] {
                         guard let port = probe?.port else { continue }
                         if let number = Int(port.value) {
                             if !c.ports.isEmpty && !c.ports.contains(where: { $0.containerPort?.value == number }) {
                                 return Violation(line: port.line, container: c.name, "container \"\(c.name)\" \(kind) probe targets port \(number), which it does not declare")
                             }
                         } else if !c.ports.contains(where: { $0.name == port.value }) {
                             return Violation(line: port.line, container: c.name, "container \"\(c.name)\" \(kind) probe targets port \"\(port.value)\", which it does not declare")
                         }
                     }
                     return nil
                 }),
        K8sCheck(id: "replicas", title: "Fewer than the minimum replicas", category: "Hygiene", severity: .low,
                 description: "A Deployment, StatefulSet, ReplicaSet, ReplicationController or DeploymentConfig runs fewer replicas than the parameter `minimum` (default 3), so one node loss takes it down.",
                 remediation: "Run at least three replicas (or use a HorizontalPodAutoscaler).",
                 parameters: ["minimum": "3"],
                 kubeLinter: ["minimum-three-replicas"],
                 scope: .kinds(["Deployment", "StatefulSet", "ReplicaSet", "ReplicationController", "DeploymentConfig"]), evaluate: Template.pod { w, input in
                     let minimum = input.int("minimum", default: 3)
                     let replicas = w.replicas?.value ?? 1
                     return replicas < minimum ? [Violation(line: w.replicas?.line ?? w.specLine, "\(replicas) replica\(replicas == 1 ? "" : "s") (minimum \(minimum))")] : []
                 }),
    ] + highAvailability + [
        K8sCheck(id: "priority-class", title: "No priorityClassName", category: "Hygiene", severity: .info,
                 description: "The pod sets no priorityClassName, so it cannot be protected from preemption.",
                 remediation: "Set spec.priorityClassName.",
                 kubeLinter: ["priority-class-name"], enabledByDefault: false,
                 scope: .workloads, evaluate: Template.pod { w, _ in
                     w.pod.priorityClassName == nil ? [Violation(line: w.pod.line, "no priorityClassName")] : []
                 }),
        K8sCheck(id: "dangling-service", title: "Service selects no workload", category: "Hygiene", severity: .low,
                 description: "A Service's selector matches no workload's pod labels in its namespace among the scanned objects.",
                 remediation: "Fix the selector labels.",
                 kubeLinter: ["dangling-service"],
                 scope: .kinds(["Service"]), evaluate: { input in
                     guard case .service(let s) = input.object.body, !s.selector.isEmpty else { return [] }
                     let selector = LabelSelector(line: s.specLine, matchLabels: s.selector)
                     let ns = input.object.effectiveNamespace
                     guard input.index.hasWorkloads(in: ns), !input.index.anyWorkload(in: ns, matching: selector) else { return [] }
                     return [Violation(line: s.specLine, "selector \(s.selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")) matches no workload")]
                 }),
    ] + danglingTargets + [
        K8sCheck(id: "mismatching-selector", title: "Selector does not match the pod template labels", category: "Hygiene", severity: .medium,
                 description: "The controller's selector does not match its own pod template labels; the API server rejects it, or the controller never sees its pods.",
                 remediation: "Make spec.selector match spec.template.metadata.labels.",
                 kubeLinter: ["mismatching-selector"],
                 scope: .kinds(["Deployment", "StatefulSet", "ReplicaSet", "DaemonSet", "ReplicationController", "DeploymentConfig", "Job"]), evaluate: Template.pod { w, _ in
                     guard let s = w.selector, !s.isEmpty, !s.matches(w.podLabels) else { return [] }
                     return [Violation(line: s.line, "selector does not match the pod template labels")]
                 }),
        K8sCheck(id: "deprecated-api", title: "Removed or deprecated apiVersion", category: "Hygiene", severity: .medium,
                 description: "The object uses an apiVersion that current Kubernetes releases no longer serve.",
                 remediation: "Move to the stable apiVersion (apps/v1, networking.k8s.io/v1, rbac.authorization.k8s.io/v1, batch/v1, policy/v1).",
                 kubeLinter: ["no-extensions-v1beta"], trivy: ["KSV-0107"],
                 scope: .kinds(K8sObject.workloadKinds.union(K8sObject.otherKinds)), evaluate: { input in
                     guard let removed = removedAPIs[input.object.apiVersion],
                           removed.kinds.contains("*") || removed.kinds.contains(input.object.kind) else { return [] }
                     return [Violation(line: input.object.line, "\(input.object.apiVersion) \(input.object.kind) was removed in Kubernetes \(removed.removedIn)")]
                 }),
        K8sCheck(id: "duplicate-env", title: "Duplicate environment variable", category: "Hygiene", severity: .medium,
                 description: "A container sets the same env var name twice; only the last one takes effect.",
                 remediation: "Remove the duplicate.",
                 kubeLinter: ["duplicate-env-var"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     var seen = Set<String>()
                     guard let dup = c.env.first(where: { !seen.insert($0.name).inserted }) else { return nil }
                     return Violation(line: dup.line, container: c.name, "container \"\(c.name)\" sets env \(dup.name) more than once")
                 }),
        K8sCheck(id: "job-ttl", title: "Job without ttlSecondsAfterFinished", category: "Hygiene", severity: .low,
                 description: "A Job sets no ttlSecondsAfterFinished, so finished Jobs and their pods are never cleaned up.",
                 remediation: "Set spec.ttlSecondsAfterFinished.",
                 kubeLinter: ["job-ttl-seconds-after-finished"],
                 scope: .kinds(["Job"]), evaluate: Template.pod { w, _ in
                     w.ttlSecondsAfterFinished == nil ? [Violation(line: w.specLine, "no ttlSecondsAfterFinished")] : []
                 }),
        K8sCheck(id: "schema", title: "Object fails the OpenAPI schema", category: "Hygiene", severity: .medium,
                 description: "The object does not validate against the Kubernetes OpenAPI schema (strict: unknown fields, wrong types, missing required fields, values outside an enum), so the API server rejects it or drops fields. Validated: the kinds Palisade reads, in the apiVersions Kubernetes \(K8sSchema.version) serves (others, such as removed apiVersions, OpenShift kinds and custom resources, are not validated).",
                 remediation: "Fix the field named in the message (kubectl apply --dry-run=server shows the same error).",
                 kubeLinter: ["schema-validation"], enabledByDefault: false,
                 scope: .kinds(K8sObject.workloadKinds.union(K8sObject.otherKinds)), evaluate: { input in
                     input.object.schemaProblems.map { Violation(line: $0.line, $0.value) }
                 }),
        K8sCheck(id: "required-labels", title: "Required label missing", category: "Hygiene", severity: .info,
                 description: "The object lacks one of the labels named in the parameter `labels` (default: owner).",
                 remediation: "Add the label.",
                 parameters: ["labels": "owner"],
                 kubeLinter: ["required-label-owner"], enabledByDefault: false,
                 scope: .namespaced, evaluate: { input in
                     let missing = input.list("labels").filter { input.object.labels[$0] == nil }
                     return missing.isEmpty ? [] : [Violation(line: input.object.metadataLine, "missing label\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")]
                 }),
        K8sCheck(id: "required-annotations", title: "Required annotation missing", category: "Hygiene", severity: .info,
                 description: "The object lacks one of the annotations named in the parameter `annotations` (default: email).",
                 remediation: "Add the annotation.",
                 parameters: ["annotations": "email"],
                 kubeLinter: ["required-annotation-email"], enabledByDefault: false,
                 scope: .namespaced, evaluate: { input in
                     let missing = input.list("annotations").filter { input.object.annotations[$0] == nil }
                     return missing.isEmpty ? [] : [Violation(line: input.object.metadataLine, "missing annotation\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")]
                 }),
    ]

    static func probe(_ id: String, _ field: String, kl: String, ckv: String) -> K8sCheck {
        K8sCheck(id: id, title: "No \(field)", category: "Hygiene", severity: .low,
                 description: "A long-running container has no \(field) (Jobs, CronJobs and init containers are not checked).",
                 remediation: "Add a \(field).",
                 kubeLinter: [kl], checkov: [ckv],
                 scope: .kinds(K8sObject.workloadKinds.subtracting(["Job", "CronJob"])), evaluate: Template.containers([.container]) { c, _, _ in
                     let probe = field == "livenessProbe" ? c.livenessProbe : c.readinessProbe
                     return probe == nil ? Violation(line: c.line, container: c.name, "container \"\(c.name)\" has no \(field)") : nil
                 })
    }
}
