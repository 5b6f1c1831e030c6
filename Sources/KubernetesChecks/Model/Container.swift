/// A container of a pod spec (from containers, initContainers or ephemeralContainers).
struct Container: Sendable {
    enum Group: String, Sendable { case container = "containers", initContainer = "initContainers", ephemeral = "ephemeralContainers" }

    struct Port: Sendable {
        var line: Int
        var name: String?
        var containerPort: Located<Int>?
        var hostPort: Located<Int>?
    }

    struct Probe: Sendable {
        var line: Int
        /// The httpGet / tcpSocket / grpc port, as written (a number or a port name).
        var port: Located<String>?
        /// httpGet.host or tcpSocket.host.
        var host: Located<String>?
    }

    struct EnvVar: Sendable {
        var line: Int
        var name: String
        /// Whether a literal `value` is given, and whether it looks like a secret (the value itself is never kept).
        var hasValue: Bool
        var valueLooksSecret: Bool
        var secretRef: String?
        var configMapRef: String?
        var optional: Bool
    }

    struct EnvFrom: Sendable {
        var line: Int
        var secretRef: String?
        var configMapRef: String?
        var optional: Bool
    }

    struct Mount: Sendable {
        var line: Int
        var name: String
        var mountPath: String
        var readOnly: Bool
        var propagation: String? = nil
    }

    var name: String
    var line: Int
    var group: Group
    var image: Located<String>?
    var imagePullPolicy: Located<String>?
    var securityContext: SecurityContext?
    var ports: [Port] = []
    var resourcesLine: Int?
    var requests: [String: Int] = [:]   // resource name -> line
    var limits: [String: Int] = [:]
    /// Resource quantities as written (`500m`, `1Gi`), by resource name.
    var requestQuantities: [String: String] = [:]
    var limitQuantities: [String: String] = [:]
    var livenessProbe: Probe?
    var readinessProbe: Probe?
    var startupProbe: Probe?
    var lifecycleHosts: [Located<String>] = []
    var env: [EnvVar] = []
    var envFrom: [EnvFrom] = []
    var volumeMounts: [Mount] = []

    static func read(_ reader: inout FieldReader, _ node: YAMLDocument.NodeID, group: Group, path: String) -> Container {
        let doc = reader.doc
        let name = reader.string(node, "name", path)?.value ?? ""
        var c = Container(name: name, line: doc.line(node), group: group)
        c.image = reader.string(node, "image", path)
        c.imagePullPolicy = reader.string(node, "imagePullPolicy", path)
        c.securityContext = SecurityContext.read(&reader, node, path, pod: false)
        for port in reader.mappings(node, "ports", path) {
            c.ports.append(Port(line: doc.line(port), name: reader.string(port, "name", path + ".ports[]")?.value,
                                containerPort: reader.int(port, "containerPort", path + ".ports[]"),
                                hostPort: reader.int(port, "hostPort", path + ".ports[]")))
        }
        if let resources = reader.mapping(node, "resources", path) {
            c.resourcesLine = resources.line
            for (key, target, quantities) in [("requests", \Container.requests, \Container.requestQuantities),
                                              ("limits", \Container.limits, \Container.limitQuantities)] {
                if let m = reader.mapping(resources.node, key, path + ".resources") {
                    for (k, v) in doc.pairs(m.node) where doc.scalar(v) != .null {
                        c[keyPath: target][doc.text(k)] = doc.line(k)
                        c[keyPath: quantities][doc.text(k)] = doc.text(v)
                    }
                }
            }
        }
        c.livenessProbe = probe(&reader, node, "livenessProbe", path)
        c.readinessProbe = probe(&reader, node, "readinessProbe", path)
        c.startupProbe = probe(&reader, node, "startupProbe", path)
        if let lifecycle = reader.mapping(node, "lifecycle", path) {
            for hook in ["postStart", "preStop"] {
                if let h = reader.mapping(lifecycle.node, hook, path + ".lifecycle"), let p = handler(&reader, h.node, path + ".lifecycle.\(hook)", line: h.line),
                   let host = p.host {
                    c.lifecycleHosts.append(host)
                }
            }
        }
        for env in reader.mappings(node, "env", path) {
            let p = path + ".env[]"
            let envName = reader.string(env, "name", p)?.value ?? ""
            var v = EnvVar(line: doc.line(env), name: envName, hasValue: false, valueLooksSecret: false, optional: false)
            if let value = reader.string(env, "value", p) {
                v.hasValue = !value.value.isEmpty
                v.valueLooksSecret = SecretHeuristics.literalLooksSecret(name: envName, value: value.value)
            }
            if let from = reader.mapping(env, "valueFrom", p) {
                if let ref = reader.mapping(from.node, "secretKeyRef", p + ".valueFrom") {
                    v.secretRef = reader.string(ref.node, "name", p + ".valueFrom.secretKeyRef")?.value ?? ""
                    v.optional = reader.bool(ref.node, "optional", p + ".valueFrom.secretKeyRef")?.value ?? false
                }
                if let ref = reader.mapping(from.node, "configMapKeyRef", p + ".valueFrom") {
                    v.configMapRef = reader.string(ref.node, "name", p + ".valueFrom.configMapKeyRef")?.value ?? ""
                    v.optional = reader.bool(ref.node, "optional", p + ".valueFrom.configMapKeyRef")?.value ?? false
                }
            }
            c.env.append(v)
        }
        for from in reader.mappings(node, "envFrom", path) {
            let p = path + ".envFrom[]"
            var e = EnvFrom(line: doc.line(from), optional: false)
            if let ref = reader.mapping(from, "secretRef", p) {
                e.secretRef = reader.string(ref.node, "name", p + ".secretRef")?.value ?? ""
                e.optional = reader.bool(ref.node, "optional", p + ".secretRef")?.value ?? false
            }
            if let ref = reader.mapping(from, "configMapRef", p) {
                e.configMapRef = reader.string(ref.node, "name", p + ".configMapRef")?.value ?? ""
                e.optional = reader.bool(ref.node, "optional", p + ".configMapRef")?.value ?? false
            }
            c.envFrom.append(e)
        }
        for mount in reader.mappings(node, "volumeMounts", path) {
            let p = path + ".volumeMounts[]"
            c.volumeMounts.append(Mount(line: doc.line(mount), name: reader.string(mount, "name", p)?.value ?? "",
                                        mountPath: reader.string(mount, "mountPath", p)?.value ?? "",
                                        readOnly: reader.bool(mount, "readOnly", p)?.value ?? false,
                                        propagation: reader.string(mount, "mountPropagation", p)?.value))
        }
        return c
    }

    private static func probe(_ reader: inout FieldReader, _ node: YAMLDocument.NodeID, _ key: String, _ path: String) -> Probe? {
        guard let f = reader.mapping(node, key, path) else { return nil }
        return handler(&reader, f.node, path + "." + key, line: f.line) ?? Probe(line: f.line)
    }

    private static func handler(_ reader: inout FieldReader, _ node: YAMLDocument.NodeID, _ path: String, line: Int) -> Probe? {
        var probe = Probe(line: line)
        for kind in ["httpGet", "tcpSocket", "grpc"] {
            guard let h = reader.mapping(node, kind, path) else { continue }
            probe.port = reader.intOrString(h.node, "port", path + "." + kind)
            if kind != "grpc", let host = reader.string(h.node, "host", path + "." + kind), !host.value.isEmpty { probe.host = host }
        }
        return probe
    }
}
