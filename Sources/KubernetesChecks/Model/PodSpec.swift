/// The pod spec of a workload, as far as the checks read it.
struct PodSpec: Sendable {
    struct Volume: Sendable {
        var line: Int
        var name: String
        /// The volume source key (hostPath, emptyDir, secret, …).
        var type: String
        var hostPath: Located<String>?
        var secretName: String?
        var configMapName: String?
    }

    /// Line of the pod spec (its `spec:` key), or of the object when the spec is missing.
    var line: Int
    var hostNetwork: Located<Bool>?
    var hostPID: Located<Bool>?
    var hostIPC: Located<Bool>?
    var hostUsers: Located<Bool>?
    var securityContext: SecurityContext?
    var serviceAccountName: Located<String>?
    var serviceAccount: Located<String>?
    var automountServiceAccountToken: Located<Bool>?
    var volumes: [Volume] = []
    var hostAliases: Located<Int>?
    var priorityClassName: Located<String>?
    var runtimeClassName: Located<String>?
    var hasAntiAffinity = false
    var hasTopologySpread = false
    var containers: [Container] = []

    init(line: Int) { self.line = line }

    static func read(_ reader: inout FieldReader, _ node: YAMLDocument.NodeID, line: Int, path: String) -> PodSpec {
        var spec = PodSpec(line: line)
        spec.hostNetwork = reader.bool(node, "hostNetwork", path)
        spec.hostPID = reader.bool(node, "hostPID", path)
        spec.hostIPC = reader.bool(node, "hostIPC", path)
        spec.hostUsers = reader.bool(node, "hostUsers", path)
        spec.securityContext = SecurityContext.read(&reader, node, path, pod: true)
        spec.serviceAccountName = reader.string(node, "serviceAccountName", path)
        spec.serviceAccount = reader.string(node, "serviceAccount", path)
        spec.automountServiceAccountToken = reader.bool(node, "automountServiceAccountToken", path)
        spec.priorityClassName = reader.string(node, "priorityClassName", path)
        spec.runtimeClassName = reader.string(node, "runtimeClassName", path)
        if let aliases = reader.sequence(node, "hostAliases", path), !aliases.items.isEmpty {
            spec.hostAliases = Located(value: aliases.items.count, line: aliases.line)
        }
        if let affinity = reader.mapping(node, "affinity", path) {
            spec.hasAntiAffinity = reader.field(affinity.node, "podAntiAffinity") != nil
        }
        spec.hasTopologySpread = reader.field(node, "topologySpreadConstraints") != nil
        for volume in reader.mappings(node, "volumes", path) {
            let doc = reader.doc
            var v = Volume(line: doc.line(volume), name: "", type: "")
            for (k, value) in doc.pairs(volume) {
                let key = doc.text(k)
                if key == "name" { v.name = doc.text(value); continue }
                if v.type.isEmpty, doc.scalar(value) != .null { v.type = key }
            }
            let p = path + ".volumes[]"
            if let hp = reader.mapping(volume, "hostPath", p) {
                v.hostPath = reader.string(hp.node, "path", p + ".hostPath").map { Located(value: $0.value, line: $0.line) } ?? Located(value: "", line: hp.line)
            }
            if let s = reader.mapping(volume, "secret", p) { v.secretName = reader.string(s.node, "secretName", p + ".secret")?.value }
            if let s = reader.mapping(volume, "configMap", p) { v.configMapName = reader.string(s.node, "name", p + ".configMap")?.value }
            spec.volumes.append(v)
        }
        for group in [Container.Group.container, .initContainer, .ephemeral] {
            for (i, c) in reader.mappings(node, group.rawValue, path).enumerated() {
                spec.containers.append(Container.read(&reader, c, group: group, path: "\(path).\(group.rawValue)[\(i)]"))
            }
        }
        return spec
    }
}

/// A Kubernetes label selector (matchLabels and matchExpressions).
struct LabelSelector: Sendable {
    struct Requirement: Sendable {
        var key: String
        var op: String
        var values: [String]
    }

    var line: Int
    var matchLabels: [String: String] = [:]
    var expressions: [Requirement] = []

    var isEmpty: Bool { matchLabels.isEmpty && expressions.isEmpty }

    func matches(_ labels: [String: String]) -> Bool {
        for (k, v) in matchLabels where labels[k] != v { return false }
        for r in expressions {
            let value = labels[r.key]
            switch r.op {
            case "In": if value == nil || !r.values.contains(value!) { return false }
            case "NotIn": if let value, r.values.contains(value) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// Reads a selector; with `plain` the mapping itself is matchLabels-style (Service, ReplicationController).
    static func read(_ reader: inout FieldReader, _ parent: YAMLDocument.NodeID, _ key: String, _ path: String, plain: Bool = false) -> LabelSelector? {
        if plain {
            guard let m = reader.stringMap(parent, key, path) else { return nil }
            return LabelSelector(line: m.line, matchLabels: m.values)
        }
        guard let f = reader.mapping(parent, key, path) else { return nil }
        var s = LabelSelector(line: f.line)
        let p = path + "." + key
        // DeploymentConfig and ReplicationController selectors are plain maps. A matchLabels or matchExpressions
        // key, even with a null value (`matchLabels:` selects everything), makes it a LabelSelector.
        let doc = reader.doc
        if doc.lookup(f.node, "matchLabels") == nil && doc.lookup(f.node, "matchExpressions") == nil {
            return read(&reader, parent, key, path, plain: true)
        }
        s.matchLabels = reader.stringMap(f.node, "matchLabels", p)?.values ?? [:]
        for e in reader.mappings(f.node, "matchExpressions", p) {
            s.expressions.append(Requirement(key: reader.string(e, "key", p)?.value ?? "", op: reader.string(e, "operator", p)?.value ?? "",
                                             values: reader.strings(e, "values", p).map(\.value)))
        }
        return s
    }
}
