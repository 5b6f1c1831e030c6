/// Sections F and G of the union table: secrets, network exposure and segmentation.
extension K8sChecks {
    static let secrets: [K8sCheck] = [
        K8sCheck(id: "secret-env-ref", title: "Secret passed as environment variable", category: "Secrets", severity: .low,
                 description: "env[].valueFrom.secretKeyRef or envFrom.secretRef: environment variables leak into logs, crash dumps and child processes.",
                 remediation: "Mount secrets as files instead.",
                 cis: ["5.4.1"], nist: ["4.1.4"], kubeLinter: ["read-secret-from-env-var"], checkov: ["CKV_K8S_35"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     if let e = c.env.first(where: { $0.secretRef != nil }) {
                         return Violation(line: e.line, container: c.name, "container \"\(c.name)\" reads secret \(e.secretRef ?? "") into env \(e.name)")
                     }
                     if let e = c.envFrom.first(where: { $0.secretRef != nil }) {
                         return Violation(line: e.line, container: c.name, "container \"\(c.name)\" loads secret \(e.secretRef ?? "") with envFrom")
                     }
                     return nil
                 }),
        K8sCheck(id: "secret-literal-env", title: "Secret-looking literal in environment", category: "Secrets", severity: .high,
                 description: "An env var with a sensitive name (PASSWORD, TOKEN, SECRET, API_KEY, …) has a literal value, or a value in a known token format. The value is never printed.",
                 remediation: "Move the value into a Secret and mount it as a file.",
                 cis: ["5.4.1"], nist: ["4.1.4"], kubeLinter: ["env-var-secret"],
                 scope: .workloads, evaluate: Template.containers { c, _, _ in
                     guard let e = c.env.first(where: { $0.valueLooksSecret }) else { return nil }
                     return Violation(line: e.line, container: c.name, "container \"\(c.name)\" env \(e.name) holds a literal that looks like a secret")
                 }),
        K8sCheck(id: "secret-in-configmap", title: "Secret-looking data in a ConfigMap", category: "Secrets", severity: .medium,
                 description: "A ConfigMap key has a sensitive name with a concrete value, or a value in a known token format. Values are never printed.",
                 remediation: "Move the value into a Secret (or an external secret store).",
                 cis: ["5.4.2"], nist: ["4.1.4"], trivy: ["KSV-01010", "KSV-0109"],
                 scope: .kinds(["ConfigMap"]), evaluate: { input in
                     guard case .configMap(let entries) = input.object.body else { return [] }
                     return entries.filter(\.looksSecret).map { Violation(line: $0.line, "key \($0.key) looks like a secret") }
                 }),
        K8sCheck(id: "env-ref-missing", title: "Env references a missing Secret or ConfigMap", category: "Secrets", severity: .low,
                 description: "A non-optional env or envFrom reference names a Secret or ConfigMap absent from the scanned manifests (checked only when the scan contains Secrets or ConfigMaps); the pod will not start.",
                 remediation: "Add the object, fix the name, or mark the reference optional.",
                 kubeLinter: ["env-value-from"],
                 scope: .workloads, evaluate: Template.containers { c, _, input in
                     guard input.index.hasSecretsOrConfigMaps else { return nil }
                     let ns = input.object.effectiveNamespace
                     func missing(_ secret: String?, _ configMap: String?, _ optional: Bool) -> String? {
                         if optional { return nil }
                         if let s = secret, !s.isEmpty, !input.index.secrets.contains("\(ns)/\(s)") { return "Secret \(s)" }
                         if let m = configMap, !m.isEmpty, !input.index.configMaps.contains("\(ns)/\(m)") { return "ConfigMap \(m)" }
                         return nil
                     }
                     for e in c.env { if let what = missing(e.secretRef, e.configMapRef, e.optional) { return Violation(line: e.line, container: c.name, "container \"\(c.name)\" env \(e.name) references missing \(what)") } }
                     for e in c.envFrom { if let what = missing(e.secretRef, e.configMapRef, e.optional) { return Violation(line: e.line, container: c.name, "container \"\(c.name)\" envFrom references missing \(what)") } }
                     return nil
                 }),
    ]

    static let network: [K8sCheck] = [
        K8sCheck(id: "netpol-coverage", title: "Pod not selected by an ingress or egress NetworkPolicy", category: "Network", severity: .medium,
                 description: "No NetworkPolicy in the workload's own namespace selects its pods for ingress, or for egress: its traffic is not segmented. A policy applies only to its own namespace.",
                 remediation: "Add a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress]) to the namespace and allow what is needed.",
                 cis: ["5.3.2"], nist: ["4.3.3", "4.4.2"], kubeLinter: ["non-isolated-pod"], checkov: ["CKV2_K8S_6"], trivy: ["KSV-0038"],
                 scope: .workloads, evaluate: Template.pod { w, input in
                     let (ingress, egress) = input.index.isolation(of: w.podLabels, in: input.object.effectiveNamespace)
                     if ingress && egress { return [] }
                     let missing = [ingress ? nil : "ingress", egress ? nil : "egress"].compactMap { $0 }.joined(separator: " or ")
                     return [Violation(line: input.object.metadataLine, "no NetworkPolicy in namespace \(input.object.effectiveNamespace) selects these pods for \(missing)")]
                 }),
        K8sCheck(id: "dangling-netpol", title: "NetworkPolicy selects no workload", category: "Network", severity: .low,
                 description: "A NetworkPolicy's podSelector, or a peer podSelector without namespaceSelector, matches no workload in its namespace among the scanned objects (an empty selector is never dangling).",
                 remediation: "Fix the selector labels or remove the policy.",
                 nist: ["4.3.3"], kubeLinter: ["dangling-networkpolicy", "dangling-networkpolicypeer-podselector"],
                 scope: .kinds(["NetworkPolicy"]), evaluate: { input in
                     guard case .networkPolicy(let p) = input.object.body else { return [] }
                     let ns = input.object.effectiveNamespace
                     var out: [Violation] = []
                     if let s = p.podSelector, !s.isEmpty, !input.index.anyWorkload(in: ns, matching: s) {
                         out.append(Violation(line: s.line, "podSelector matches no workload in namespace \(ns)"))
                     }
                     for peer in p.peers where !peer.hasNamespaceSelector && !peer.selector.isEmpty && !input.index.anyWorkload(in: ns, matching: peer.selector) {
                         out.append(Violation(line: peer.selector.line, "peer podSelector matches no workload in namespace \(ns)"))
                     }
                     return out
                 }),
        K8sCheck(id: "exposed-service", title: "Service exposed outside the cluster", category: "Network", severity: .medium,
                 description: "A Service of type NodePort or LoadBalancer (parameter `types`) exposes the pods it selects outside the cluster.",
                 remediation: "Use ClusterIP behind an Ingress or gateway with TLS and authentication.",
                 parameters: ["types": "NodePort,LoadBalancer"],
                 nist: ["4.4.2"], kubeLinter: ["exposed-services"],
                 scope: .kinds(["Service"]), evaluate: { input in
                     guard case .service(let s) = input.object.body, let type = s.type, input.list("types").contains(type.value) else { return [] }
                     let selector = LabelSelector(line: s.specLine, matchLabels: s.selector)
                     let exposed: (names: [String], count: Int) = s.selector.isEmpty ? ([], 0) : input.index.workloads(in: input.object.effectiveNamespace, matching: selector, limit: 5)
                     let what = exposed.count == 0 ? "" : " exposing \(exposed.names.joined(separator: ", "))\(exposed.count > 5 ? " and \(exposed.count - 5) more" : "")"
                     return [Violation(line: type.line, "service type \(type.value)\(what)")]
                 }),
        K8sCheck(id: "service-external-ips", title: "Service sets externalIPs", category: "Network", severity: .high,
                 description: "spec.externalIPs lets a Service capture traffic for arbitrary addresses (CVE-2020-8554).",
                 remediation: "Remove externalIPs; deny them with an admission policy.",
                 nist: ["4.3.3"], trivy: ["KSV-0108"],
                 scope: .kinds(["Service"]), evaluate: { input in
                     guard case .service(let s) = input.object.body, let ips = s.externalIPs else { return [] }
                     return [Violation(line: ips.line, "service sets \(ips.value) externalIP\(ips.value == 1 ? "" : "s")")]
                 }),
        K8sCheck(id: "ssh-port", title: "Container exposes SSH", category: "Network", severity: .medium,
                 description: "A container declares port 22 (parameter `ports`): an SSH server in a container is a management backdoor.",
                 remediation: "Remove the SSH server; use kubectl exec with audited RBAC.",
                 parameters: ["ports": "22"],
                 nist: ["4.4.5"], kubeLinter: ["ssh-port"],
                 scope: .workloads, evaluate: Template.containers { c, _, input in
                     let ports = Set(input.list("ports").compactMap { Int($0) })
                     guard let p = c.ports.first(where: { ports.contains($0.containerPort?.value ?? -1) }), let cp = p.containerPort else { return nil }
                     return Violation(line: cp.line, container: c.name, "container \"\(c.name)\" exposes port \(cp.value)")
                 }),
        K8sCheck(id: "privileged-port", title: "Container port below 1024", category: "Network", severity: .low,
                 description: "A containerPort below 1024 usually needs NET_BIND_SERVICE or root inside the container.",
                 remediation: "Listen on a port of 1024 or above and map it in the Service.",
                 parameters: ["below": "1024"],
                 nist: ["4.4.3"], kubeLinter: ["privileged-ports"], trivy: ["KSV-0117"],
                 scope: .workloads, evaluate: Template.containers { c, _, input in
                     let below = input.int("below", default: 1024)
                     guard let p = c.ports.first(where: { ($0.containerPort?.value ?? below) > 0 && ($0.containerPort?.value ?? below) < below }), let cp = p.containerPort else { return nil }
                     return Violation(line: cp.line, container: c.name, "container \"\(c.name)\" listens on port \(cp.value)")
                 }),
        K8sCheck(id: "ingress-tls", title: "Ingress without TLS", category: "Network", severity: .low,
                 description: "The Ingress has no spec.tls, so traffic reaches it in clear text.",
                 remediation: "Add spec.tls with a certificate secret.",
                 nist: ["4.3.3"],
                 scope: .kinds(["Ingress"]), evaluate: { input in
                     guard case .ingress(let i) = input.object.body, !i.hasTLS else { return [] }
                     return [Violation(line: i.specLine, "ingress has no TLS section")]
                 }),
        K8sCheck(id: "nginx-snippets", title: "ingress-nginx snippet annotation", category: "Network", severity: .high,
                 description: "A *-snippet annotation injects raw nginx configuration; it can read the controller's service account token (CVE-2021-25742).",
                 remediation: "Remove snippet annotations and disable allow-snippet-annotations on the controller.",
                 nist: ["4.4.4"], checkov: ["CKV_K8S_153"],
                 scope: .kinds(["Ingress"]), evaluate: { input in
                     let snippets = input.object.annotations.keys.filter { $0.hasPrefix("nginx.ingress.kubernetes.io/") && $0.hasSuffix("-snippet") }.sorted()
                     guard !snippets.isEmpty else { return [] }
                     return [Violation(line: input.object.annotationsLine ?? input.object.metadataLine, "ingress uses \(snippets.joined(separator: ", "))")]
                 }),
    ]
}
