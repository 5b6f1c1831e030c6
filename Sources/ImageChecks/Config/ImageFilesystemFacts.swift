/// The part of ``ImageFacts`` that comes from walking the layers: only what the checks need, bounded in size.
public struct ImageFilesystemFacts: Sendable, Codable, Hashable {
    /// Bytes a package manager left in a cache directory of the final filesystem.
    public struct CacheUsage: Sendable, Codable, Hashable {
        /// The package manager (`apt`, `apk`, `pip`, …).
        public var manager: String
        /// The cache directory as a pattern (`/var/lib/apt/lists`, `/home/*/.cache/pip`).
        public var directory: String
        /// Bytes of the cache's files in the final filesystem.
        public var bytes: Int64
        /// How many files.
        public var files: Int
        /// The layers holding those files, ascending.
        public var layers: [Int]

        /// Creates cache usage (normally made by ``ImageFactsBuilder/summary()``).
        /// - Parameters:
        ///   - manager: The package manager.
        ///   - directory: The cache directory pattern.
        ///   - bytes: Bytes in the final filesystem.
        ///   - files: Files in the final filesystem.
        ///   - layers: The layers holding them.
        public init(manager: String, directory: String, bytes: Int64, files: Int, layers: [Int]) {
            self.manager = manager
            self.directory = directory
            self.bytes = bytes
            self.files = files
            self.layers = layers
        }
    }

    /// Bytes of one layer that the final filesystem no longer shows (deleted or replaced by a later layer).
    public struct LayerWaste: Sendable, Codable, Hashable {
        /// The layer that holds the hidden files.
        public var layer: Int
        /// Their total size.
        public var bytes: Int64
        /// How many there are.
        public var files: Int
        /// The largest hidden files of the layer, largest first (at most ``ImageFactsBuilder/Limits/examplesPerLayer``).
        public var largest: [ImageFileFact]

        /// Creates a layer's waste (normally made by ``ImageFactsBuilder/summary()``).
        /// - Parameters:
        ///   - layer: The layer.
        ///   - bytes: Hidden bytes.
        ///   - files: Hidden files.
        ///   - largest: The largest hidden files.
        public init(layer: Int, bytes: Int64, files: Int, largest: [ImageFileFact]) {
            self.layer = layer
            self.bytes = bytes
            self.files = files
            self.largest = largest
        }
    }

    /// Setuid/setgid files, world-writable paths, sudo and SSH daemons, and key-like files, each with
    /// ``ImageFileFact/inLayerHistory`` set; sorted by path, then layer.
    public var files: [ImageFileFact]
    /// Caches with files in the final filesystem, sorted by directory.
    public var caches: [CacheUsage]
    /// Layers with hidden bytes, sorted by layer.
    public var layerWaste: [LayerWaste]
    /// Layers seen (the highest layer index fed).
    public var layersSeen: Int
    /// True when a limit was hit: some notable files or hidden bytes were not recorded.
    public var truncated: Bool

    /// Creates filesystem facts (normally made by ``ImageFactsBuilder/summary()``).
    /// - Parameters:
    ///   - files: Notable files.
    ///   - caches: Cache usage.
    ///   - layerWaste: Hidden bytes per layer.
    ///   - layersSeen: The highest layer index.
    ///   - truncated: Whether a limit was hit.
    public init(files: [ImageFileFact] = [], caches: [CacheUsage] = [], layerWaste: [LayerWaste] = [], layersSeen: Int = 0,
                truncated: Bool = false) {
        self.files = files
        self.caches = caches
        self.layerWaste = layerWaste
        self.layersSeen = layersSeen
        self.truncated = truncated
    }

    /// Total hidden bytes over all layers.
    public var wastedBytes: Int64 { layerWaste.reduce(0) { $0 + $1.bytes } }
}
