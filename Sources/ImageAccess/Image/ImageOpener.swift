public import Foundation
public import Logging

/// Opens images from any supported place, and reads their layers.
public struct ImageOpener: Sendable {
    /// Options for opening images.
    public struct Configuration: Sendable {
        /// The platform to select from multi-platform images; `nil` means the host's.
        public var platform: Platform?
        /// Bounds for hostile input.
        public var limits = ReadLimits()
        /// Registry access.
        public var registry = RegistryConfiguration()
        /// Layers read at once (default: the number of cores).
        public var parallelism = ProcessInfo.processInfo.activeProcessorCount

        /// The defaults.
        public init() {}
    }

    public let configuration: Configuration
    let logger: Logger

    /// - Parameters:
    ///   - configuration: options.
    ///   - logger: where progress and warnings go.
    public init(configuration: Configuration = .init(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Opens an image: resolves the reference to one image manifest and config, verified.
    public func open(_ reference: ImageReference) async throws -> Image {
        let limits = configuration.limits
        switch reference.transport {
        case .ociLayout(let path, let ref):
            return try await LayoutOpener(store: try DirectoryStore(root: path), reference: reference, ref: ref,
                                          platform: configuration.platform, limits: limits).open()
        case .ociArchive(let path, let ref):
            return try await LayoutOpener(store: try TarArchiveStore(path: path, limits: limits), reference: reference,
                                          ref: ref, platform: configuration.platform, limits: limits).open()
        case .dockerArchive(let path, let name):
            return try await DockerArchiveOpener(store: try TarArchiveStore(path: path, limits: limits),
                                                 reference: reference, name: name, limits: limits).open()
        case .rootfs(let path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ImageAccessError(.notFound, "rootfs:\(path): no such directory")
            }
            let layer = Layer(index: 0, digest: nil, size: nil, mediaType: nil, diffID: nil, history: nil,
                              compression: nil, location: .directory(path))
            return Image(reference: reference, manifestDigest: nil, manifest: nil, configDigest: nil, config: nil,
                         layers: [layer], tags: [])
        case .registry(let ref):
            let client = try RegistryClient(configuration: configuration.registry, logger: logger)
            do {
                let image = try await client.open(ref, reference: reference, platform: configuration.platform,
                                                  limits: limits, parallelism: configuration.parallelism)
                try await client.shutdown()
                return image
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    /// Lists every layer (in parallel), base first. With `digests`, hashes every regular file.
    public func listLayers(of image: Image, digests: Bool) async throws -> [LayerListing] {
        let limits = configuration.limits
        if image.layers.count == 1, case .directory(let root) = image.layers[0].location.kind {
            var entries = try RootfsWalker(root: root, limits: limits).list(digests: digests)
            entries.sort { $0.path < $1.path }
            return [LayerListing(layer: image.layers[0], entries: entries, whiteouts: [], opaqueDirectories: [])]
        }
        let layers = image.layers
        let width = max(1, configuration.parallelism)
        return try await withThrowingTaskGroup(of: (Int, LayerListing).self) { group in
            var results = [LayerListing?](repeating: nil, count: layers.count)
            var next = 0
            func start() {
                let i = next
                let layer = layers[i]
                group.addTask { (i, try LayerWalker(layer: layer, limits: limits).list(digests: digests)) }
                next += 1
            }
            while next < min(width, layers.count) { start() }
            while let (i, listing) = try await group.next() {
                results[i] = listing
                if next < layers.count { start() }
            }
            return results.map { $0! }
        }
    }

    /// The merged filesystem of an image.
    public func filesystem(of image: Image, digests: Bool) async throws -> MergedFilesystem {
        let listings = try await listLayers(of: image, digests: digests)
        if image.layers.count == 1, case .directory = image.layers[0].location.kind {
            return MergedFilesystem(rootfs: listings[0].entries)
        }
        return try MergedFilesystem(layers: listings)
    }

    /// Reads a regular file of the merged filesystem, following symbolic links within the image root.
    /// - Parameters:
    ///   - path: absolute path in the image.
    ///   - limit: the most bytes returned.
    public func readFile(_ path: String, in image: Image, filesystem: MergedFilesystem, limit: Int64 = 256 << 20) throws -> Data {
        guard let entry = try filesystem.resolve(path) else {
            throw ImageAccessError(.notFound, "\(image.reference): '\(path.prefix(200))' does not exist")
        }
        guard entry.type == .file else {
            throw ImageAccessError(.unsupported, "\(image.reference): '\(entry.path)' is a \(entry.type.rawValue), not a regular file")
        }
        guard entry.size <= limit else {
            throw ImageAccessError(.limitExceeded, "\(image.reference): '\(entry.path)' is \(entry.size) bytes, over the limit of \(limit)")
        }
        if let layer = image.layers.first(where: { $0.index == entry.layer }), case .directory(let root) = layer.location.kind {
            return Data(try RootfsWalker(root: root, limits: configuration.limits).read(String(entry.path.dropFirst()), limit: limit))
        }
        // A hard link's content is stored under its target's name, maybe in a lower layer.
        let stored = String((entry.linkTarget.map { entry.type == .file ? $0 : entry.path } ?? entry.storedPath ?? entry.path).dropFirst())
        var found: Data?
        for layer in image.layers.filter({ $0.index <= entry.layer }).reversed() {
            // The walk goes to the end of the layer, so its digests are verified before the content is used.
            try LayerWalker(layer: layer, limits: configuration.limits).walk { tarEntry, tar in
                guard tarEntry.type == .file, (try? PathSanitizer.clean(tarEntry.path)) == stored else { return true }
                guard tarEntry.size <= limit else {
                    throw ImageAccessError(.limitExceeded, "\(image.reference): '\(entry.path)' in layer \(layer.index) is \(tarEntry.size) bytes, over the limit of \(limit)")
                }
                // The last copy in a layer is the one that counts.
                var data = Data()
                data.reserveCapacity(Int(tarEntry.size))
                try tar.readContent { data.append(contentsOf: $0) }
                found = data
                return true
            }
            if found != nil { break }
        }
        guard let found else {
            throw ImageAccessError(.notFound, "\(image.reference): the content of '\(entry.path)' is missing from its layers")
        }
        return found
    }
}
