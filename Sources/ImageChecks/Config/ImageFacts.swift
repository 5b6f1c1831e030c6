/// What the image-misconfiguration checks need to know about one image, filled by the caller from the image's
/// reference, config and layers (this module reads no images).
///
/// Config fields map one to one to the OCI image config (`config.User`, `config.ExposedPorts`, …). The
/// filesystem part comes from an ``ImageFactsBuilder`` fed while walking the layers; leave it nil to run
/// only the config checks.
public struct ImageFacts: Sendable, Codable, Hashable {
    /// The image reference as the user named it, split into parts.
    public struct Reference: Sendable, Codable, Hashable, CustomStringConvertible {
        /// `registry.example.com:5000`, nil for Docker Hub short names.
        public var registry: String?
        /// `library/nginx`, `team/app`.
        public var repository: String
        /// `1.25-alpine`; nil when the reference has none (Docker then uses `latest`).
        public var tag: String?
        /// `sha256:…`, when pinned by digest.
        public var digest: String?

        /// Creates a reference from its parts.
        /// - Parameters:
        ///   - registry: The registry host, if any.
        ///   - repository: The repository path.
        ///   - tag: The tag, if any.
        ///   - digest: The digest, if any.
        public init(registry: String? = nil, repository: String, tag: String? = nil, digest: String? = nil) {
            self.registry = registry
            self.repository = repository
            self.tag = tag
            self.digest = digest
        }

        /// Splits `[registry/]repository[:tag][@digest]`, as Docker does: the first component is a registry
        /// when it holds a `.` or `:` or is `localhost`.
        /// - Parameter text: A reference such as `ghcr.io/org/app:1.2@sha256:…`.
        public init(parsing text: String) {
            var rest = Substring(text)
            if let at = rest.firstIndex(of: "@") {
                digest = String(rest[rest.index(after: at)...])
                rest = rest[..<at]
            }
            if let slash = rest.firstIndex(of: "/") {
                let first = rest[..<slash]
                if first.contains(".") || first.contains(":") || first == "localhost" {
                    registry = String(first)
                    rest = rest[rest.index(after: slash)...]
                }
            }
            let lastComponentStart = rest.lastIndex(of: "/").map { rest.index(after: $0) } ?? rest.startIndex
            if let colon = rest[lastComponentStart...].lastIndex(of: ":") {
                tag = String(rest[rest.index(after: colon)...])
                rest = rest[..<colon]
            }
            repository = String(rest)
        }

        public var description: String {
            (registry.map { $0 + "/" } ?? "") + repository + (tag.map { ":" + $0 } ?? "") + (digest.map { "@" + $0 } ?? "")
        }
    }

    /// One entry of the config's `history`.
    public struct HistoryEntry: Sendable, Codable, Hashable {
        /// `created_by`: the instruction or shell command that made the layer.
        public var createdBy: String
        /// `empty_layer`: the step changed only the config.
        public var emptyLayer: Bool

        /// Creates a history entry.
        /// - Parameters:
        ///   - createdBy: The `created_by` text.
        ///   - emptyLayer: Whether the step made no layer.
        public init(createdBy: String, emptyLayer: Bool = false) {
            self.createdBy = createdBy
            self.emptyLayer = emptyLayer
        }
    }

    /// The image reference, when known.
    public var reference: Reference?
    /// `config.User`; nil or empty means root.
    public var user: String?
    /// `config.ExposedPorts` keys (`80/tcp`).
    public var exposedPorts: [String]
    /// `config.Env` as `NAME=value` strings.
    public var environment: [String]
    /// `config.Labels`.
    public var labels: [String: String]
    /// `config.Healthcheck.Test`: nil when the image has no health check, `["NONE"]` when it is disabled.
    public var healthcheck: [String]?
    /// `config.Entrypoint`.
    public var entrypoint: [String]
    /// `config.Cmd`.
    public var cmd: [String]
    /// `history`, oldest first.
    public var history: [HistoryEntry]
    /// The number of layers in the manifest.
    public var layerCount: Int
    /// What the layer walk found; nil when the layers were not walked.
    public var filesystem: ImageFilesystemFacts?

    /// Creates facts; everything but the layer count is optional.
    /// - Parameters:
    ///   - reference: The image reference.
    ///   - user: `config.User`.
    ///   - exposedPorts: `config.ExposedPorts` keys.
    ///   - environment: `config.Env`.
    ///   - labels: `config.Labels`.
    ///   - healthcheck: `config.Healthcheck.Test`.
    ///   - entrypoint: `config.Entrypoint`.
    ///   - cmd: `config.Cmd`.
    ///   - history: `history`, oldest first.
    ///   - layerCount: The number of layers.
    ///   - filesystem: The layer walk's summary, from ``ImageFactsBuilder/summary()``.
    public init(reference: Reference? = nil, user: String? = nil, exposedPorts: [String] = [], environment: [String] = [],
                labels: [String: String] = [:], healthcheck: [String]? = nil, entrypoint: [String] = [], cmd: [String] = [],
                history: [HistoryEntry] = [], layerCount: Int = 0, filesystem: ImageFilesystemFacts? = nil) {
        self.reference = reference
        self.user = user
        self.exposedPorts = exposedPorts
        self.environment = environment
        self.labels = labels
        self.healthcheck = healthcheck
        self.entrypoint = entrypoint
        self.cmd = cmd
        self.history = history
        self.layerCount = layerCount
        self.filesystem = filesystem
    }
}
