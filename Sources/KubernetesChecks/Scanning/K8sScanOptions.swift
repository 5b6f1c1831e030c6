internal import Foundation

/// An exception from the config file: findings of `check` on matching objects are suppressed with `reason`.
public struct K8sException: Sendable, Codable, Hashable {
    /// A check id, or "*" for every check.
    public var check: String
    /// Match only this kind / namespace / name (name may end in "*"); nil matches anything.
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var reason: String

    /// - Parameters: see the properties.
    public init(check: String, kind: String? = nil, namespace: String? = nil, name: String? = nil, reason: String) {
        self.check = check
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.reason = reason
    }

    func matches(check id: String, kind k: String, namespace ns: String, name n: String) -> Bool {
        guard check == "*" || check == id else { return false }
        if let kind, kind != k { return false }
        if let namespace, namespace != ns { return false }
        if let name {
            if name.hasSuffix("*") { return n.hasPrefix(name.dropLast()) }
            return name == n
        }
        return true
    }
}

/// A config file that cannot be used.
public struct K8sConfigError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// What to check and how. All defaults are documented on the properties.
public struct K8sScanOptions: Sendable {
    /// Check ids not to run.
    public var disabled: Set<String> = []
    /// Checks that are off by default (`enabledByDefault == false`) to run anyway.
    public var enabled: Set<String> = []
    /// Per check id, parameter overrides (see each check's `parameters`).
    public var parameters: [String: [String: String]] = [:]
    /// Exceptions beside the `palisade.io/ignore` annotations.
    public var exceptions: [K8sException] = []
    /// The largest `maxFileBytes` accepted (1 GiB): node offsets are 32-bit.
    public static let maxFileBytesCeiling = 1 << 30
    /// Files larger than this are reported as errors, not read (default 32 MiB, at most 1 GiB).
    public var maxFileBytes = 32 << 20 {
        didSet { maxFileBytes = min(max(maxFileBytes, 0), Self.maxFileBytesCeiling) }
    }
    /// Documents that expand to more nodes than this through aliases are errors (default 1,000,000).
    public var maxExpandedNodes = 1_000_000
    /// Documents with more nodes than this are errors (default 1,000,000).
    public var maxNodesPerDocument = 1_000_000
    /// Documents after this many in one file are not read; the file gets an error (default 10,000).
    public var maxDocumentsPerFile = 10_000
    /// Objects after this many in one scan are not read; their files get an error (default 1,000,000).
    public var maxObjects = 1_000_000
    /// Findings after this many are dropped and the scan gets a "truncated" error (default 1,000,000).
    public var maxFindings = 1_000_000
    /// Record every object a check looked at (the evidence of compliance reports); off for plain scans.
    public var recordEvidence = false

    public init() {}

    /// The checks that run with these options.
    public var activeChecks: [K8sCheck] {
        K8sChecks.all.filter { check in
            !disabled.contains(check.id) && (check.enabledByDefault || enabled.contains(check.id) || parameters[check.id] != nil)
        }
    }

    /// Loads a YAML config file:
    ///
    /// ```yaml
    /// disable: [latest-tag, image-digest]
    /// enable: [trusted-registry]
    /// parameters:
    ///   trusted-registry: {registries: "registry.example.com/,ghcr.io/acme/"}
    /// exceptions:
    ///   - {check: host-network, kind: DaemonSet, namespace: kube-system, name: "calico-*", reason: "CNI"}
    /// maxFileBytes: 33554432
    /// ```
    /// - Parameter configFile: the path of the file.
    public static func load(configFile: String) throws -> K8sScanOptions {
        guard let data = FileManager.default.contents(atPath: configFile) else { throw K8sConfigError("cannot read config file \(configFile)") }
        return try parse(yaml: String(decoding: data, as: UTF8.self), source: configFile)
    }

    /// Parses config text (see `load(configFile:)`).
    /// - Parameters:
    ///   - yaml: the config text.
    ///   - source: the name used in error messages.
    public static func parse(yaml: String, source: String = "config") throws -> K8sScanOptions {
        // The manifest reader, with its budgets (alias expansion, nodes, documents), not a composing loader.
        var documents: [YAMLDocument] = []
        var reader = YAMLStreamReader()
        reader.limits.maxExpandedNodes = 100_000
        reader.limits.maxNodes = 100_000
        reader.limits.maxDocuments = 2
        var bytes = Array(yaml.utf8)
        let problems = bytes.withUnsafeMutableBytes { raw in reader.read(UnsafeRawBufferPointer(raw)) { documents.append($0) } }
        if let p = problems.first { throw K8sConfigError("\(source):\(p.line): \(p.message)") }
        if let d = documents.first?.duplicateKeys.first { throw K8sConfigError("\(source):\(d.line): duplicate key \(YAMLStreamReader.clip(d.key))") }
        if documents.count > 1 { throw K8sConfigError("\(source): expected one YAML document") }
        var options = K8sScanOptions()
        guard let doc = documents.first, let root = doc.plainValue(doc.root, depth: 0) else { return options }
        guard let map = root as? [String: Any] else { throw K8sConfigError("\(source): expected a mapping at the top level") }
        let known = Set(K8sChecks.all.map(\.id))
        func ids(_ key: String) throws -> Set<String> {
            guard let value = map[key] else { return [] }
            guard let list = value as? [Any] else { throw K8sConfigError("\(source): \(key) must be a list of check ids") }
            let out = Set(list.map { "\($0)" })
            if let bad = out.subtracting(known).sorted().first { throw K8sConfigError("\(source): \(key): unknown check id \(bad)") }
            return out
        }
        for key in map.keys where !["disable", "enable", "parameters", "exceptions", "maxFileBytes", "maxExpandedNodes"].contains(key) {
            throw K8sConfigError("\(source): unknown key \(key)")
        }
        options.disabled = try ids("disable")
        options.enabled = try ids("enable")
        if let params = map["parameters"] {
            guard let params = params as? [String: Any] else { throw K8sConfigError("\(source): parameters must map check ids to parameters") }
            for (id, value) in params {
                guard let check = K8sChecks.check(id: id) else { throw K8sConfigError("\(source): parameters: unknown check id \(id)") }
                guard let values = value as? [String: Any] else { throw K8sConfigError("\(source): parameters.\(id) must be a mapping") }
                for (k, v) in values {
                    guard check.parameters[k] != nil else {
                        throw K8sConfigError("\(source): parameters.\(id): unknown parameter \(k) (known: \(check.parameters.keys.sorted().joined(separator: ", ")))")
                    }
                    options.parameters[id, default: [:]][k] = (v as? [Any]).map { $0.map { "\($0)" }.joined(separator: ",") } ?? "\(v)"
                }
            }
        }
        if let list = map["exceptions"] {
            guard let list = list as? [Any] else { throw K8sConfigError("\(source): exceptions must be a list") }
            for (i, item) in list.enumerated() {
                guard let e = item as? [String: Any], let check = e["check"].map({ "\($0)" }) else {
                    throw K8sConfigError("\(source): exceptions[\(i)] needs at least check and reason")
                }
                guard check == "*" || known.contains(check) else { throw K8sConfigError("\(source): exceptions[\(i)]: unknown check id \(check)") }
                guard let reason = e["reason"].map({ "\($0)" }), !reason.isEmpty else { throw K8sConfigError("\(source): exceptions[\(i)] needs a reason") }
                options.exceptions.append(K8sException(check: check, kind: e["kind"].map { "\($0)" }, namespace: e["namespace"].map { "\($0)" },
                                                       name: e["name"].map { "\($0)" }, reason: reason))
            }
        }
        if let v = map["maxFileBytes"] {
            guard let n = v as? Int, n > 0, n <= maxFileBytesCeiling else {
                throw K8sConfigError("\(source): maxFileBytes must be a positive integer up to \(maxFileBytesCeiling)")
            }
            options.maxFileBytes = n
        }
        if let v = map["maxExpandedNodes"] {
            guard let n = v as? Int, n > 0 else { throw K8sConfigError("\(source): maxExpandedNodes must be a positive integer") }
            options.maxExpandedNodes = n
        }
        return options
    }
}

extension YAMLDocument {
    /// The node as plain Swift values (String, Int, Double, Bool, [Any], [String: Any]; nil for null), for small
    /// documents such as the config file. Aliases are already bounded by the reader; depth is capped.
    func plainValue(_ id: NodeID, depth: Int) -> Any? {
        guard id >= 0, depth < 64 else { return nil }
        switch kind(id) {
        case .scalar:
            switch scalar(id) {
            case .null, nil: return nil
            case .bool(let b): return b
            case .int(let i): return i
            case .float(let d): return d
            case .string(let s): return s
            }
        case .sequence:
            return items(id).map { plainValue($0, depth: depth + 1) ?? "" }
        case .mapping:
            var out: [String: Any] = [:]
            for (k, v) in pairs(id) where kind(k) == .scalar { out[text(k)] = plainValue(v, depth: depth + 1) ?? "" }
            return out
        }
    }
}
