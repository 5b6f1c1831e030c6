/// Turning the collected records into ``ImageFilesystemFacts``.
extension ImageFactsBuilder {
    /// What the checks read: notable files with their hiding, cache usage and hidden bytes per layer.
    public func summary() -> ImageFilesystemFacts {
        var files = notable.map { fact in
            var fact = fact
            fact.inLayerHistory = isHidden(path: fact.path, layer: fact.layer)
            return fact
        }
        files.sort()

        var waste: [Int: ImageFilesystemFacts.LayerWaste] = [:]
        var caches: [String: ImageFilesystemFacts.CacheUsage] = [:]
        var cacheLayers: [String: Set<Int>] = [:]
        for (path, list) in versions {
            let ancestorHiding = ancestorHidingLayer(of: path)
            let exact = whiteouts[path] ?? Int.min
            let newest = list.map { Int($0.layer) }.max() ?? Int.min
            for version in list where !version.isDirectory && version.size > 0 {
                let layer = Int(version.layer)
                let hidden = newest > layer || exact > layer || ancestorHiding > layer
                if hidden {
                    var entry = waste[layer] ?? .init(layer: layer, bytes: 0, files: 0, largest: [])
                    entry.bytes += version.size
                    entry.files += 1
                    let fact = ImageFileFact(path: path, mode: 0, kind: .file, size: version.size, layer: layer, inLayerHistory: true)
                    if entry.largest.count < limits.examplesPerLayer || fact.size > entry.largest[entry.largest.count - 1].size {
                        let at = entry.largest.firstIndex { $0.size < fact.size || ($0.size == fact.size && $0.path > fact.path) } ?? entry.largest.count
                        entry.largest.insert(fact, at: at)
                        if entry.largest.count > limits.examplesPerLayer { entry.largest.removeLast() }
                    }
                    waste[layer] = entry
                } else if let (manager, directory) = Self.cacheDirectory(of: path) {
                    var usage = caches[directory] ?? .init(manager: manager, directory: directory, bytes: 0, files: 0, layers: [])
                    usage.bytes += version.size
                    usage.files += 1
                    caches[directory] = usage
                    cacheLayers[directory, default: []].insert(layer)
                }
            }
        }
        let cacheList = caches.keys.sorted().map { key in
            var usage = caches[key]!
            usage.layers = cacheLayers[key, default: []].sorted()
            return usage
        }
        return ImageFilesystemFacts(files: files, caches: cacheList, layerWaste: waste.keys.sorted().map { waste[$0]! },
                                    layersSeen: highestLayer, truncated: truncated)
    }

    /// Whether a later layer deletes or replaces the version of `path` held by `layer`.
    func isHidden(path: String, layer: Int) -> Bool {
        if (whiteouts[path] ?? Int.min) > layer { return true }
        if let list = versions[path], list.contains(where: { Int($0.layer) > layer }) { return true }
        return ancestorHidingLayer(of: path) > layer
    }

    /// The highest layer that hides everything lower layers hold under some parent of `path`: a whiteout or
    /// opaque marker on the parent, or a non-directory written at the parent's path.
    func ancestorHidingLayer(of path: String) -> Int {
        var highest = subtreeDeletes["/"] ?? Int.min
        var end = path.endIndex
        while let slash = path[..<end].lastIndex(of: "/"), slash > path.startIndex {
            let parent = String(path[..<slash])
            if let deleted = subtreeDeletes[parent] { highest = max(highest, deleted) }
            if let list = versions[parent] {
                for version in list where !version.isDirectory { highest = max(highest, Int(version.layer)) }
            }
            end = slash
        }
        return highest
    }
}
