public import Foundation
public import ImageAccess

/// Secret scanning of a whole image: every regular file of every layer (files a later layer deletes or
/// replaces included, reported as "in layer history" since they stay downloadable), plus the config's
/// `Env`, labels and the history's `created_by` lines. Each layer is read once, in parallel.
public struct ImageSecretScan: Sendable {
    public let scanner: SecretScanner
    public let opener: ImageOpener

    public init(scanner: SecretScanner = SecretScanner(), opener: ImageOpener) {
        self.scanner = scanner
        self.opener = opener
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

    public func scan(_ image: Image) async throws -> [SecretFinding] {
        var findings: [SecretFinding] = []
        let config = image.config
        findings += scanner.scan(environment: config?.config?.Env ?? [],
                                 labels: config?.config?.Labels ?? [:],
                                 history: (config?.history ?? []).compactMap(\.created_by))

        let layers = image.layers
        let limits = opener.configuration.limits
        let scanner = self.scanner
        let maxSize = scanner.configuration.maximumFileSize
        if layers.count == 1, case .directory(let root) = layers[0].location.kind {
            // An unpacked root filesystem: every file is final.
            let walker = RootfsWalker(root: root, limits: limits)
            for entry in try walker.list(digests: false) where entry.type == .file && scanner.isRequired(path: entry.path, size: Int(entry.size)) {
                let data = Data(try walker.read(String(entry.path.dropFirst()), limit: Int64(maxSize)))
                findings += scanner.scan(path: entry.path, data: data, layer: nil, inLayerHistory: false)
            }
            return findings
        }

        var perLayer = [(paths: LayerPaths, findings: [SecretFinding])](repeating: (LayerPaths(), []), count: layers.count)
        let width = max(1, opener.configuration.parallelism)
        try await withThrowingTaskGroup(of: (Int, LayerPaths, [SecretFinding]).self) { group in
            var next = 0
            func start() {
                let i = next
                let layer = layers[i]
                next += 1
                group.addTask {
                    var paths = LayerPaths()
                    var found: [SecretFinding] = []
                    try LayerWalker(layer: layer, limits: limits).events { event, tar in
                        switch event {
                        case .whiteout(let path): paths.whiteouts.insert(path)
                        case .opaque(let path): paths.opaque.insert(path)
                        case .entry(let entry):
                            paths.entries.insert(entry.path)
                            guard entry.type == .file, entry.size <= Int64(maxSize),
                                  scanner.isRequired(path: entry.path, size: Int(entry.size)) else { return }
                            var data = Data()
                            data.reserveCapacity(Int(entry.size))
                            try tar.readContent { data.append(contentsOf: $0) }
                            found += scanner.scan(path: entry.path, data: data, layer: layer.index, inLayerHistory: false)
                        }
                    }
                    return (i, paths, found)
                }
            }
            while next < min(width, layers.count) { start() }
            while let (i, paths, found) = try await group.next() {
                perLayer[i] = (paths, found)
                if next < layers.count { start() }
            }
        }
        for (position, layer) in perLayer.enumerated() {
            for var finding in layer.findings {
                finding.inLayerHistory = perLayer[(position + 1)...].contains { $0.paths.hides(finding.path) }
                findings.append(finding)
            }
        }
        return findings
    }
}
