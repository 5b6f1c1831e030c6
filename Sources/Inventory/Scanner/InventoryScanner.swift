public import Foundation
public import ImageAccess

/// Everything found in an image.
public struct Inventory: Sendable {
    /// The image the inventory is of.
    public var image: Image
    /// The operating system, when os-release says.
    public var operatingSystem: OperatingSystem?
    /// Packages, sorted by type, name, version.
    public var packages: [Package]
    /// Files that could not be cataloged, and why.
    public var warnings: [String]
}

/// Finds every package in an image: one pass over each layer (layers in parallel), reading only
/// the files some cataloger wants, then keeping what survives in the merged filesystem.
public struct InventoryScanner: Sendable {
    /// Options.
    public struct Configuration: Sendable {
        /// The catalogers to run (default: ``Catalogers/imageDefaults``).
        public var catalogers: [any Cataloger] = Catalogers.imageDefaults
        /// Files larger than this are not read (with a warning).
        public var maxFileBytes: Int64 = 512 << 20
        /// The defaults.
        public init() {}
    }

    public let configuration: Configuration
    public let opener: ImageOpener

    public init(configuration: Configuration = .init(), opener: ImageOpener) {
        self.configuration = configuration
        self.opener = opener
    }

    /// What one layer's pass found.
    struct Found: Sendable {
        var output: CatalogOutput
        var path: String
        var layer: Int
        var cataloger: String
    }

    /// Scans an opened image.
    public func scan(_ image: Image) async throws -> Inventory {
        let visitor = FileVisitor(catalogers: configuration.catalogers, maxFileBytes: configuration.maxFileBytes)
        let maxFileBytes = configuration.maxFileBytes

        let limits = opener.configuration.limits
        var found: [Found] = []
        var warnings: [String] = []
        if image.layers.count == 1, case .directory(let root) = image.layers[0].location.kind {
            // An unpacked root filesystem: every file is final.
            let walker = RootfsWalker(root: root, limits: limits)
            let entries = try walker.list(digests: false)
            for entry in entries where entry.type == .file {
                let (f, w) = visitor.visit(entry) { Data(try walker.read(String(entry.path.dropFirst()), limit: maxFileBytes)) }
                found += f
                warnings += w
            }
            let layers = Dictionary(image.layers.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
            return assemble(image: image, found: found, layers: layers, warnings: warnings)
        }

        // One pass per layer (in parallel): catalog wanted files and keep a compact index of paths.
        let layers = image.layers
        let width = max(1, opener.configuration.parallelism)
        var indexes = [LayerPathIndex](repeating: LayerPathIndex(), count: layers.count)
        try await withThrowingTaskGroup(of: (Int, LayerPathIndex, [Found], [String]).self) { group in
            var next = 0
            func start() {
                let i = next
                let layer = layers[i]
                next += 1
                group.addTask {
                    var index = LayerPathIndex()
                    var layerFound: [Found] = []
                    var layerWarnings: [String] = []
                    try LayerWalker(layer: layer, limits: limits).events { event, tar in
                        switch event {
                        case .whiteout(let path): index.whiteouts.insert(path)
                        case .opaque(let path): index.opaque.insert(path)
                        case .entry(let entry):
                            index.isDirectory[entry.path] = entry.type == .directory
                            if entry.type == .hardlink, let target = entry.linkTarget {
                                index.hardLinks.append((entry.path, target))
                            }
                            guard entry.type == .file else { return }
                            let (f, w) = visitor.visit(entry) {
                                var data = Data()
                                data.reserveCapacity(Int(entry.size))
                                try tar.readContent { data.append(contentsOf: $0) }
                                return data
                            }
                            layerFound += f
                            layerWarnings += w
                        }
                    }
                    return (i, index, layerFound, layerWarnings)
                }
            }
            while next < min(width, layers.count) { start() }
            while let (i, index, layerFound, layerWarnings) = try await group.next() {
                indexes[i] = index
                found += layerFound
                warnings += layerWarnings
                if next < layers.count { start() }
            }
        }

        // A hard link holds what its target holds (same layer: the content was read under the target's name).
        let positions = Dictionary(layers.enumerated().map { ($1.index, $0) }, uniquingKeysWith: { a, _ in a })
        for (position, index) in indexes.enumerated() where !index.hardLinks.isEmpty {
            let layerIndex = layers[position].index
            var byPath: [String: [Found]] = [:]
            for item in found where item.layer == layerIndex { byPath[item.path, default: []].append(item) }
            for (link, target) in index.hardLinks {
                for var item in byPath[target] ?? [] {
                    item.path = link
                    item.output.packages = item.output.packages.map { package in
                        var copy = package
                        copy.locations = [PackageLocation(path: link)]
                        return copy
                    }
                    found.append(item)
                }
            }
        }

        // Keep what the final filesystem still holds: no later layer rewrote, deleted or hid the file.
        let surviving = found.filter { item in
            guard let position = positions[item.layer] else { return false }
            return LayerPathIndex.survives(item.path, above: indexes[(position + 1)...])
        }
        let layerInfo = Dictionary(layers.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
        return assemble(image: image, found: surviving, layers: layerInfo, warnings: warnings)
    }

    /// The paths one layer writes and deletes: enough to tell whether a file found in a lower
    /// layer is still in the final filesystem (OCI image spec, "Applying Changesets"), in a
    /// fraction of the memory of a full listing.
    struct LayerPathIndex: Sendable {
        /// Every path the layer writes, and whether it is a directory.
        var isDirectory: [String: Bool] = [:]
        var whiteouts: Set<String> = []
        var opaque: Set<String> = []
        /// Hard links (link, target) in this layer.
        var hardLinks: [(String, String)] = []

        /// Whether a file at `path` in a lower layer survives the layers `above`.
        static func survives(_ path: String, above: ArraySlice<LayerPathIndex>) -> Bool {
            var ancestors: [String] = []
            var i = path.index(after: path.startIndex)
            while let slash = path[i...].firstIndex(of: "/") {
                ancestors.append(String(path[..<slash]))
                i = path.index(after: slash)
            }
            for layer in above {
                if layer.isDirectory[path] != nil || layer.whiteouts.contains(path) || layer.opaque.contains("/") { return false }
                for ancestor in ancestors {
                    if layer.whiteouts.contains(ancestor) || layer.opaque.contains(ancestor) || layer.isDirectory[ancestor] == false {
                        return false
                    }
                }
            }
            return true
        }
    }

    /// Runs the catalogers that want a file on its content.
    struct FileVisitor: Sendable {
        let catalogers: [any Cataloger]
        let maxFileBytes: Int64

        func visit(_ entry: FileEntry, read: () throws -> Data?) -> ([Found], [String]) {
            let wanting = catalogers.filter { $0.wants(path: entry.path, size: entry.size, mode: entry.mode) }
            guard !wanting.isEmpty else { return ([], []) }
            guard entry.size <= maxFileBytes else {
                return ([], ["\(entry.path): skipped, \(entry.size) bytes is over the \(maxFileBytes)-byte limit"])
            }
            let data: Data
            do {
                guard let read = try read() else { return ([], []) }
                data = read
            } catch {
                return ([], ["\(entry.path): cannot read: \(error)"])
            }
            let file = CatalogFile(path: entry.path, data: data, mode: entry.mode)
            var found: [Found] = []
            var warnings: [String] = []
            for cataloger in wanting {
                do {
                    let output = try cataloger.catalog(file)
                    if !output.packages.isEmpty || output.operatingSystem != nil || !output.licenses.isEmpty {
                        found.append(Found(output: output, path: entry.path, layer: entry.layer, cataloger: cataloger.id))
                    }
                } catch {
                    warnings.append("\(entry.path): \(cataloger.id): \(error)")
                }
            }
            return (found, warnings)
        }
    }

    /// Merges findings into the inventory: the OS, licenses, locations with layers, purls.
    func assemble(image: Image, found: [Found], layers: [Int: Layer], warnings: [String]) -> Inventory {
        // os-release: /etc/os-release wins over /usr/lib/os-release.
        let osFindings = found.filter { $0.output.operatingSystem != nil }.sorted { a, b in
            a.path.hasPrefix("/etc/") && !b.path.hasPrefix("/etc/")
        }
        let os = osFindings.first?.output.operatingSystem
        var licenses: [String: [String]] = [:]
        for item in found { licenses.merge(item.output.licenses) { $1 } }

        var byIdentity: [String: Package] = [:]
        var order: [String] = []
        for item in found {
            let layer = layers[item.layer]
            for var package in item.output.packages {
                package.foundBy = item.cataloger
                package.locations = package.locations.map { location in
                    PackageLocation(path: location.path, layer: item.layer, layerDigest: layer?.displayDigest, diffID: layer?.diffID)
                }
                if package.type == .deb, package.licenses.isEmpty, let declared = licenses[package.name] {
                    package.licenses = declared
                }
                let key = package.identity
                if var existing = byIdentity[key] {
                    existing.locations = Array(Set(existing.locations + package.locations)).sorted()
                    byIdentity[key] = existing
                } else {
                    byIdentity[key] = package
                    order.append(key)
                }
            }
        }
        var packages = order.map { byIdentity[$0]! }
        for i in packages.indices {
            packages[i].purl = PackageURL.make(for: packages[i], os: os)
        }
        packages.sort { ($0.type, $0.fullName, $0.version, $0.locations.first?.path ?? "") < ($1.type, $1.fullName, $1.version, $1.locations.first?.path ?? "") }
        return Inventory(image: image, operatingSystem: os, packages: packages, warnings: warnings.sorted())
    }
}
