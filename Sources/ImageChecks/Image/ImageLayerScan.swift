public import Foundation
public import ImageAccess

/// One pass over every layer of an image for the file-level scanners: secrets in file contents,
/// and the filesystem facts the image configuration checks need (setuid files, world-writable
/// paths, caches, files deleted by later layers). Each layer is read once, layers in parallel;
/// a scanner that is off costs nothing.
public struct ImageLayerScan: Sendable {
    /// What to look for.
    public struct Scanners: Sendable {
        /// Secrets in file contents (and in the config's Env, labels and history).
        public var secrets: SecretScanner?
        /// Extra per-file content inspectors (malware), run on the same reads as secrets.
        public var inspectors: [any LayerFileInspector]
        /// Whether to collect ``ImageFacts`` for the configuration checks.
        public var facts: Bool

        public init(secrets: SecretScanner? = nil, inspectors: [any LayerFileInspector] = [], facts: Bool = false) {
            self.secrets = secrets
            self.inspectors = inspectors
            self.facts = facts
        }
    }

    /// What the pass found.
    public struct Result: Sendable {
        public var secrets: [SecretFinding] = []
        public var inspections: [LayerFileFinding] = []
        /// The filesystem summary (when facts were asked for).
        public var filesystem: ImageFilesystemFacts?
    }

    public let scanners: Scanners
    public let opener: ImageOpener

    public init(scanners: Scanners, opener: ImageOpener) {
        self.scanners = scanners
        self.opener = opener
    }

    /// Scans the image.
    public func scan(_ image: Image) async throws -> Result {
        var result = Result()
        let config = image.config
        if let secrets = scanners.secrets {
            result.secrets += secrets.scan(environment: config?.config?.Env ?? [],
                                           labels: config?.config?.Labels ?? [:],
                                           history: (config?.history ?? []).compactMap(\.created_by))
        }
        let scanners = self.scanners
        let limits = opener.configuration.limits
        let readLimit = max(Int64(scanners.secrets?.configuration.maximumFileSize ?? 0),
                            scanners.inspectors.map(\.maximumFileSize).max() ?? 0)
        let layers = image.layers

        if layers.count == 1, case .directory(let root) = layers[0].location.kind {
            // An unpacked root filesystem: every file is final.
            let walker = RootfsWalker(root: root, limits: limits)
            var builder = ImageFactsBuilder()
            for entry in try walker.list(digests: false) {
                if scanners.facts { builder.add(path: entry.path, mode: entry.mode & 0o7777, kind: Self.kind(entry.type), size: entry.size, layer: 0) }
                guard entry.type == .file else { continue }
                guard entry.size <= readLimit, Self.wanted(scanners, path: entry.path, size: entry.size) else {
                    result.inspections += Self.inspectUnread(scanners, path: entry.path, size: entry.size, layer: nil)
                    continue
                }
                let data = Data(try walker.read(String(entry.path.dropFirst()), limit: readLimit))
                let found = Self.inspect(scanners, path: entry.path, data: data, layer: nil)
                result.secrets += found.secrets
                result.inspections += found.inspections
            }
            if scanners.facts { result.filesystem = builder.summary() }
            return result
        }

        struct LayerOutcome: Sendable {
            var paths = LayerPaths()
            var secrets: [SecretFinding] = []
            var inspections: [LayerFileFinding] = []
            var builder = ImageFactsBuilder()
        }
        var perLayer = [LayerOutcome](repeating: LayerOutcome(), count: layers.count)
        let width = max(1, opener.configuration.parallelism)
        try await withThrowingTaskGroup(of: (Int, LayerOutcome).self) { group in
            var next = 0
            func start() {
                let i = next
                let layer = layers[i]
                next += 1
                group.addTask {
                    var outcome = LayerOutcome()
                    try LayerWalker(layer: layer, limits: limits).events { event, tar in
                        switch event {
                        case .whiteout(let path):
                            outcome.paths.whiteouts.insert(path)
                            if scanners.facts { outcome.builder.addWhiteout(path: path, layer: layer.index) }
                        case .opaque(let path):
                            outcome.paths.opaque.insert(path)
                            if scanners.facts { outcome.builder.addOpaqueDirectory(path: path, layer: layer.index) }
                        case .entry(let entry):
                            outcome.paths.entries.insert(entry.path)
                            if scanners.facts {
                                outcome.builder.add(path: entry.path, mode: entry.mode & 0o7777, kind: Self.kind(entry.type), size: entry.size, layer: layer.index)
                            }
                            guard entry.type == .file else { return }
                            guard entry.size <= readLimit, Self.wanted(scanners, path: entry.path, size: entry.size) else {
                                outcome.inspections += Self.inspectUnread(scanners, path: entry.path, size: entry.size, layer: layer)
                                return
                            }
                            var data = Data()
                            data.reserveCapacity(Int(entry.size))
                            try tar.readContent { data.append(contentsOf: $0) }
                            let found = Self.inspect(scanners, path: entry.path, data: data, layer: layer)
                            outcome.secrets += found.secrets
                            outcome.inspections += found.inspections
                        }
                    }
                    return (i, outcome)
                }
            }
            while next < min(width, layers.count) { start() }
            while let (i, outcome) = try await group.next() {
                perLayer[i] = outcome
                if next < layers.count { start() }
            }
        }
        var builder = ImageFactsBuilder()
        for (position, layer) in perLayer.enumerated() {
            let later = perLayer[(position + 1)...]
            for var finding in layer.secrets {
                finding.inLayerHistory = later.contains { $0.paths.hides(finding.path) }
                result.secrets.append(finding)
            }
            for var finding in layer.inspections {
                finding.inLayerHistory = later.contains { $0.paths.hides(finding.path) }
                result.inspections.append(finding)
            }
            if scanners.facts { builder.merge(layer.builder) }
        }
        if scanners.facts { result.filesystem = builder.summary() }
        return result
    }

    /// Whether any content scanner wants the file.
    static func wanted(_ scanners: Scanners, path: String, size: Int64) -> Bool {
        if let secrets = scanners.secrets, secrets.isRequired(path: path, size: Int(size)) { return true }
        return scanners.inspectors.contains { $0.isRequired(path: path, size: size) }
    }

    static func inspect(_ scanners: Scanners, path: String, data: Data, layer: Layer?) -> (secrets: [SecretFinding], inspections: [LayerFileFinding]) {
        // scan(path:data:) applies the size limit and the path allow rules itself.
        let secrets = scanners.secrets?.scan(path: path, data: data, layer: layer?.index, inLayerHistory: false) ?? []
        var inspections: [LayerFileFinding] = []
        for inspector in scanners.inspectors {
            let required = inspector.isRequired(path: path, size: Int64(data.count))
            let found = required ? inspector.inspect(path: path, data: data) : inspector.inspectUnread(path: path, size: Int64(data.count))
            for found in found {
                inspections.append(LayerFileFinding(path: path, layer: layer?.index, layerDigest: layer?.displayDigest?.description,
                                                    inLayerHistory: false, detail: found))
            }
        }
        return (secrets, inspections)
    }

    static func inspectUnread(_ scanners: Scanners, path: String, size: Int64, layer: Layer?) -> [LayerFileFinding] {
        scanners.inspectors.flatMap { inspector in
            inspector.inspectUnread(path: path, size: size).map {
                LayerFileFinding(path: path, layer: layer?.index, layerDigest: layer?.displayDigest?.description, inLayerHistory: false, detail: $0)
            }
        }
    }

    static func kind(_ type: FileType) -> ImageFileFact.Kind {
        switch type {
        case .file, .hardlink: .file
        case .directory: .directory
        case .symlink: .symlink
        default: .other
        }
    }

    /// What one layer holds, for deciding which findings later layers hide.
    struct LayerPaths: Sendable {
        var entries: Set<String> = []
        var whiteouts: Set<String> = []
        var opaque: Set<String> = []

        /// Whether this (later) layer deletes or replaces `path`.
        func hides(_ path: String) -> Bool {
            if entries.contains(path) || whiteouts.contains(path) { return true }
            var parent = path
            while let slash = parent.lastIndex(of: "/"), slash != parent.startIndex {
                parent = String(parent[..<slash])
                if whiteouts.contains(parent) || opaque.contains(parent) { return true }
            }
            return opaque.contains("/")
        }
    }
}

/// A content scanner that runs on the same file reads as the secret scanner (malware engines).
public protocol LayerFileInspector: Sendable {
    /// Files larger than this are not read for this inspector.
    var maximumFileSize: Int64 { get }
    /// Whether the inspector wants a file (cheap: path and size only).
    func isRequired(path: String, size: Int64) -> Bool
    /// What the inspector finds in one file.
    func inspect(path: String, data: Data) -> [any LayerFileFindingDetail]
    /// What the inspector finds from a file's name and size alone (a file too large to read).
    func inspectUnread(path: String, size: Int64) -> [any LayerFileFindingDetail]
}

extension LayerFileInspector {
    public func inspectUnread(path: String, size: Int64) -> [any LayerFileFindingDetail] { [] }
}

/// The inspector-specific part of a finding (a malware match).
public protocol LayerFileFindingDetail: Sendable {}

/// A finding of a ``LayerFileInspector`` with where it is.
public struct LayerFileFinding: Sendable {
    public var path: String
    public var layer: Int?
    public var layerDigest: String?
    /// True when a later layer deleted or replaced the file (it stays downloadable).
    public var inLayerHistory: Bool
    public var detail: any LayerFileFindingDetail
}
