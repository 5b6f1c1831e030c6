/// Turns one YAML document into Kubernetes objects (a `List` gives its items), recording type problems.
struct ObjectDecoder {
    typealias NodeID = YAMLDocument.NodeID

    struct Output {
        var objects: [K8sObject] = []
        var problems: [(line: Int, message: String)] = []
        /// Objects of kinds Palisade does not read (CRDs and custom resources included), by kind.
        var unknownKinds: [String: Int] = [:]
        /// Documents that are not Kubernetes objects (no kind / apiVersion).
        var notObjects = 0
        /// Duplicate keys seen in the file (only the first `maxDuplicateKeyErrors` are reported one by one).
        var duplicateKeys = 0
    }

    /// Most duplicate-key errors reported per file; the rest are summed up in one error.
    static let maxDuplicateKeyErrors = 20

    let file: String
    /// Validate each object against the OpenAPI schema (`K8sSchema`), into `K8sObject.schemaProblems`.
    var validateSchema = false

    func decode(_ doc: YAMLDocument, into out: inout Output, order: inout Int) {
        var reader = FieldReader(doc)
        for (line, key) in doc.duplicateKeys {
            out.duplicateKeys += 1
            guard out.duplicateKeys <= Self.maxDuplicateKeyErrors else { continue }
            reader.appendProblem(line: line, message: "duplicate key '\(YAMLStreamReader.clip(key))' in a mapping (the last value is used; trivy skips such files, kubectl rejects them)")
        }
        decodeNode(doc.root, reader: &reader, into: &out, order: &order, depth: 0)
        out.problems.append(contentsOf: reader.problems)
    }

    private func decodeNode(_ node: NodeID, reader: inout FieldReader, into out: inout Output, order: inout Int, depth: Int) {
        let doc = reader.doc
        guard doc.kind(node) == .mapping else {
            if doc.kind(node) == .scalar, doc.scalar(node) == .null { return }
            out.notObjects += 1
            return
        }
        guard let kind = reader.string(node, "kind", "")?.value, !kind.isEmpty else {
            out.notObjects += 1
            return
        }
        if kind == "List" || (kind.hasSuffix("List") && doc.lookup(node, "items") != nil), depth < 4 {
            for item in reader.mappings(node, "items", "") {
                decodeNode(item, reader: &reader, into: &out, order: &order, depth: depth + 1)
            }
            return
        }
        guard K8sObject.workloadKinds.contains(kind) || K8sObject.otherKinds.contains(kind) else {
            out.unknownKinds[kind, default: 0] += 1
            return
        }
        let apiVersion = reader.string(node, "apiVersion", "")?.value ?? ""
        let meta = reader.mapping(node, "metadata", "")
        var object = K8sObject(file: file, line: doc.line(node), order: order, apiVersion: apiVersion, kind: kind, name: "", namespace: nil,
                               labels: [:], annotations: [:], metadataLine: meta?.line ?? doc.line(node), annotationsLine: nil, body: .other)
        order += 1
        if let meta {
            object.name = reader.string(meta.node, "name", "metadata")?.value ?? reader.string(meta.node, "generateName", "metadata")?.value ?? ""
            object.namespace = reader.string(meta.node, "namespace", "metadata")?.value
            object.labels = reader.stringMap(meta.node, "labels", "metadata")?.values ?? [:]
            if let a = reader.stringMap(meta.node, "annotations", "metadata") {
                object.annotations = a.values
                object.annotationsLine = a.line
            }
        }
        object.body = body(kind: kind, node: node, object: object, reader: &reader)
        if validateSchema {
            object.schemaProblems = K8sSchema.validate(doc, node, apiVersion: apiVersion, kind: kind)
        }
        out.objects.append(object)
    }

    private func body(kind: String, node: NodeID, object: K8sObject, reader: inout FieldReader) -> ObjectBody {
        let spec = reader.mapping(node, "spec", "")
        let specLine = spec?.line ?? object.line
        switch kind {
        case _ where K8sObject.workloadKinds.contains(kind):
            return .workload(workload(kind: kind, spec: spec, object: object, reader: &reader))
        case "NetworkPolicy":
            var policy = NetworkPolicy(podSelector: nil, ingress: false, egress: false, specLine: specLine)
            guard let spec else { return .networkPolicy(policy) }
            policy.podSelector = LabelSelector.read(&reader, spec.node, "podSelector", "spec")
            let types = reader.strings(spec.node, "policyTypes", "spec").map(\.value)
            // The API server adds the Egress type by default only when the egress list is non-empty
            // (`egress: []` or `egress: null` does not isolate egress).
            let egressRules = reader.doc.lookup(spec.node, "egress").map { reader.doc.items($0.value).count } ?? 0
            let hasEgress = egressRules > 0
            policy.ingress = types.isEmpty ? true : types.contains("Ingress")
            policy.egress = types.isEmpty ? hasEgress : types.contains("Egress")
            for direction in ["ingress", "egress"] {
                for rule in reader.mappings(spec.node, direction, "spec") {
                    for peer in reader.mappings(rule, direction == "ingress" ? "from" : "to", "spec.\(direction)[]") {
                        if let s = LabelSelector.read(&reader, peer, "podSelector", "spec.\(direction)[].peer") {
                            policy.peers.append(.init(selector: s, hasNamespaceSelector: reader.field(peer, "namespaceSelector") != nil))
                        }
                    }
                }
            }
            return .networkPolicy(policy)
        case "Service":
            guard let spec else { return .service(ServiceSpec(type: nil, externalIPs: nil, selector: [:], specLine: specLine)) }
            let ips = reader.sequence(spec.node, "externalIPs", "spec")
            return .service(ServiceSpec(type: reader.string(spec.node, "type", "spec"),
                                        externalIPs: ips.flatMap { $0.items.isEmpty ? nil : Located(value: $0.items.count, line: $0.line) },
                                        selector: reader.stringMap(spec.node, "selector", "spec")?.values ?? [:], specLine: specLine))
        case "Ingress":
            let tls = spec.flatMap { reader.sequence($0.node, "tls", "spec") }
            var ingress = IngressSpec(hasTLS: !(tls?.items.isEmpty ?? true), specLine: specLine)
            guard let spec else { return .ingress(ingress) }
            func backend(_ parent: NodeID, _ key: String, _ path: String) {
                guard let b = reader.mapping(parent, key, path) else { return }
                let p = path + "." + key
                if let service = reader.mapping(b.node, "service", p) {
                    if let name = reader.string(service.node, "name", p + ".service") { ingress.backends.append(name) }
                } else if let name = reader.string(b.node, "serviceName", p) {
                    ingress.backends.append(name)
                }
            }
            backend(spec.node, "defaultBackend", "spec")
            backend(spec.node, "backend", "spec")
            for rule in reader.mappings(spec.node, "rules", "spec") {
                guard let http = reader.mapping(rule, "http", "spec.rules[]") else { continue }
                for path in reader.mappings(http.node, "paths", "spec.rules[].http") {
                    backend(path, "backend", "spec.rules[].http.paths[]")
                }
            }
            return .ingress(ingress)
        case "PodDisruptionBudget":
            var pdb = DisruptionBudget(specLine: specLine)
            guard let spec else { return .disruptionBudget(pdb) }
            pdb.selector = LabelSelector.read(&reader, spec.node, "selector", "spec")
            pdb.minAvailable = reader.intOrString(spec.node, "minAvailable", "spec")
            pdb.maxUnavailable = reader.intOrString(spec.node, "maxUnavailable", "spec")
            pdb.unhealthyPodEvictionPolicy = reader.string(spec.node, "unhealthyPodEvictionPolicy", "spec")
            return .disruptionBudget(pdb)
        case "HorizontalPodAutoscaler":
            var hpa = Autoscaler(minReplicas: nil, targetKind: "", targetName: "", targetLine: specLine, specLine: specLine)
            guard let spec else { return .autoscaler(hpa) }
            hpa.minReplicas = reader.int(spec.node, "minReplicas", "spec")
            if let ref = reader.mapping(spec.node, "scaleTargetRef", "spec") {
                hpa.targetLine = ref.line
                hpa.targetKind = reader.string(ref.node, "kind", "spec.scaleTargetRef")?.value ?? ""
                hpa.targetName = reader.string(ref.node, "name", "spec.scaleTargetRef")?.value ?? ""
            }
            return .autoscaler(hpa)
        case "ServiceMonitor":
            var monitor = ServiceMonitorSpec(selector: nil, anyNamespace: false, namespaces: [], specLine: specLine)
            guard let spec else { return .serviceMonitor(monitor) }
            monitor.selector = LabelSelector.read(&reader, spec.node, "selector", "spec")
            if let ns = reader.mapping(spec.node, "namespaceSelector", "spec") {
                monitor.anyNamespace = reader.bool(ns.node, "any", "spec.namespaceSelector")?.value ?? false
                monitor.namespaces = reader.strings(ns.node, "matchNames", "spec.namespaceSelector").map(\.value)
            }
            return .serviceMonitor(monitor)
        case "Role", "ClusterRole":
            var rules: [RBACRule] = []
            for rule in reader.mappings(node, "rules", "") {
                rules.append(RBACRule(line: reader.doc.line(rule), apiGroups: reader.strings(rule, "apiGroups", "rules[]").map(\.value),
                                      resources: reader.strings(rule, "resources", "rules[]").map(\.value),
                                      verbs: reader.strings(rule, "verbs", "rules[]").map(\.value)))
            }
            return .role(rules)
        case "RoleBinding", "ClusterRoleBinding":
            let ref = reader.mapping(node, "roleRef", "")
            var binding = RoleBindingSpec(roleKind: "", roleName: "", roleLine: ref?.line ?? object.line, subjects: [])
            if let ref {
                binding.roleKind = reader.string(ref.node, "kind", "roleRef")?.value ?? ""
                binding.roleName = reader.string(ref.node, "name", "roleRef")?.value ?? ""
            }
            for s in reader.mappings(node, "subjects", "") {
                binding.subjects.append(.init(line: reader.doc.line(s), kind: reader.string(s, "kind", "subjects[]")?.value ?? "",
                                              name: reader.string(s, "name", "subjects[]")?.value ?? "",
                                              namespace: reader.string(s, "namespace", "subjects[]")?.value))
            }
            return .binding(binding)
        case "ServiceAccount":
            return .serviceAccount(automount: reader.bool(node, "automountServiceAccountToken", ""))
        case "ConfigMap":
            var entries: [ConfigEntry] = []
            if let data = reader.mapping(node, "data", "") {
                let doc = reader.doc
                for (k, v) in doc.pairs(data.node) where doc.kind(k) == .scalar {
                    let key = doc.text(k)
                    let looks = doc.kind(v) == .scalar && SecretHeuristics.literalLooksSecret(name: key, value: doc.text(v))
                    entries.append(ConfigEntry(key: key, line: doc.line(k), looksSecret: looks))
                }
            }
            return .configMap(entries)
        case "SecurityContextConstraints":
            return .scc(allowPrivileged: reader.bool(node, "allowPrivilegedContainer", ""))
        default:
            return .other
        }
    }

    private func workload(kind: String, spec: (line: Int, node: NodeID)?, object: K8sObject, reader: inout FieldReader) -> Workload {
        var w = Workload(pod: PodSpec(line: spec?.line ?? object.line), podLabels: object.labels, podAnnotations: object.annotations,
                         specLine: spec?.line ?? object.line)
        guard let spec else { return w }
        if kind == "Pod" {
            w.pod = PodSpec.read(&reader, spec.node, line: spec.line, path: "spec")
            return w
        }
        var controller = spec
        var path = "spec"
        if kind == "CronJob" {
            guard let jobTemplate = reader.mapping(spec.node, "jobTemplate", "spec"),
                  let jobSpec = reader.mapping(jobTemplate.node, "spec", "spec.jobTemplate") else { return w }
            controller = jobSpec
            path = "spec.jobTemplate.spec"
        }
        w.replicas = reader.int(controller.node, "replicas", path)
        w.selector = LabelSelector.read(&reader, controller.node, "selector", path, plain: kind == "ReplicationController" || kind == "DeploymentConfig")
        if kind == "Job" || kind == "CronJob" { w.ttlSecondsAfterFinished = reader.int(controller.node, "ttlSecondsAfterFinished", path) }
        if kind == "StatefulSet" {
            for t in reader.mappings(controller.node, "volumeClaimTemplates", path) {
                let p = path + ".volumeClaimTemplates[]"
                let name = reader.mapping(t, "metadata", p).flatMap { reader.string($0.node, "name", p + ".metadata")?.value } ?? ""
                var claim = Workload.ClaimTemplate(line: reader.doc.line(t), name: name, accessModes: [], requestsStorage: false)
                if let s = reader.mapping(t, "spec", p) {
                    claim.accessModes = reader.strings(s.node, "accessModes", p + ".spec").map(\.value)
                    if let r = reader.mapping(s.node, "resources", p + ".spec"), let req = reader.mapping(r.node, "requests", p + ".spec.resources") {
                        claim.requestsStorage = reader.field(req.node, "storage") != nil
                    }
                }
                w.claimTemplates.append(claim)
            }
        }
        guard let template = reader.mapping(controller.node, "template", path) else { return w }
        if let meta = reader.mapping(template.node, "metadata", path + ".template") {
            w.podLabels = reader.stringMap(meta.node, "labels", path + ".template.metadata")?.values ?? [:]
            w.podAnnotations = reader.stringMap(meta.node, "annotations", path + ".template.metadata")?.values ?? [:]
        } else {
            w.podLabels = [:]
            w.podAnnotations = [:]
        }
        if let podSpec = reader.mapping(template.node, "spec", path + ".template") {
            w.pod = PodSpec.read(&reader, podSpec.node, line: podSpec.line, path: path + ".template.spec")
        } else {
            w.pod = PodSpec(line: template.line)
        }
        return w
    }
}

extension FieldReader {
    mutating func appendProblem(line: Int, message: String) {
        addProblem(line, message)
    }
}
