/// The image configuration (OCI image spec `config.json`, Docker's container config).
public struct ImageConfig: Codable, Hashable, Sendable {
    /// The runtime defaults of a container.
    public struct RunConfig: Codable, Hashable, Sendable {
        public var User: String?
        public var Env: [String]?
        public var Entrypoint: [String]?
        public var Cmd: [String]?
        public var WorkingDir: String?
        public var ExposedPorts: [String: Empty]?
        public var Volumes: [String: Empty]?
        public var Labels: [String: String]?
        public var StopSignal: String?
        public var Healthcheck: Healthcheck?
        public var Shell: [String]?
        public var OnBuild: [String]?
    }

    /// Docker's HEALTHCHECK.
    public struct Healthcheck: Codable, Hashable, Sendable {
        public var Test: [String]?
        public var Interval: Int64?
        public var Timeout: Int64?
        public var StartPeriod: Int64?
        public var Retries: Int?
    }

    /// An empty JSON object (`{}`), the value type of port and volume sets.
    public struct Empty: Codable, Hashable, Sendable {
        public init() {}
    }

    /// The layer list of the config.
    public struct RootFS: Codable, Hashable, Sendable {
        public var type: String?
        public var diff_ids: [Digest]
    }

    /// One build step.
    public struct History: Codable, Hashable, Sendable {
        public var created: String?
        public var created_by: String?
        public var author: String?
        public var comment: String?
        public var empty_layer: Bool?
    }

    public var created: String?
    public var author: String?
    public var architecture: String?
    public var os: String?
    public var variant: String?
    public var config: RunConfig?
    public var rootfs: RootFS
    public var history: [History]?

    /// The platform the config declares.
    public var platform: Platform {
        Platform(os: os ?? "unknown", architecture: architecture ?? "unknown", variant: variant)
    }

    /// History entries that created a layer, in layer order.
    public var layerHistory: [History] {
        (history ?? []).filter { $0.empty_layer != true }
    }
}
