/// The final filesystem of an image: the layers applied in order with their whiteouts,
/// each path attributed to the layer that last wrote it.
public struct MergedFilesystem: Sendable {
    /// Every path, sorted.
    public let entries: [FileEntry]
    private let byPath: [String: Int]

    /// The entry at an absolute path, without following links.
    public func entry(at path: String) -> FileEntry? {
        byPath[path].map { entries[$0] }
    }

    /// Builds the merged view from layer listings, base first (OCI image spec, "Applying Changesets").
    /// - Throws: for hard links to files no layer wrote.
    public init(layers: [LayerListing]) throws {
        var files: [String: FileEntry] = [:]
        var children: [String: Set<String>] = [:]

        func parent(_ path: String) -> String {
            guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
            return String(path[..<slash])
        }
        func removeSubtree(_ path: String) {
            if let kids = children.removeValue(forKey: path) {
                for kid in kids { removeSubtree(kid) }
            }
            files.removeValue(forKey: path)
        }
        func removeTree(_ path: String) {
            removeSubtree(path)
            children[parent(path)]?.remove(path)
        }

        for listing in layers {
            let name = "layer \(listing.layer.index) (\(listing.layer.displayDigest?.description ?? "?"))"
            for dir in listing.opaqueDirectories {
                let prefix = dir == "/" ? "/" : dir
                for kid in children[prefix] ?? [] { removeTree(kid) }
            }
            for path in listing.whiteouts {
                removeTree(path)
            }
            var added: [String] = []
            added.reserveCapacity(listing.entries.count)
            for var entry in listing.entries {
                // A path under a symbolic link is written where the link leads, inside the root
                // (as container runtimes and umoci extract it).
                let dir = parent(entry.path)
                if dir != "/", files[dir]?.type != .directory, let resolved = Self.resolveDirectory(dir, in: files), resolved != dir {
                    entry.storedPath = entry.path
                    entry.path = (resolved == "/" ? "" : resolved) + "/" + PathSanitizer.base(entry.path)
                }
                if entry.type == .hardlink {
                    guard let target = entry.linkTarget, let resolved = files[target], resolved.type == .file || resolved.type == .hardlink else {
                        throw ImageAccessError(.malformed, "\(name): hard link '\(entry.path.prefix(200))' points to '\((entry.linkTarget ?? "").prefix(200))', which no layer before it wrote")
                    }
                    entry.size = resolved.size
                    entry.sha256 = resolved.sha256
                    entry.mode = resolved.mode
                    entry.uid = resolved.uid
                    entry.gid = resolved.gid
                    entry.type = .file
                }
                if let old = files[entry.path] {
                    if old.type == .directory && entry.type == .directory {
                        // Directories merge; the newer metadata wins.
                    } else if old.type == .directory {
                        for kid in children[entry.path] ?? [] { removeSubtree(kid) }
                        children[entry.path] = nil
                    }
                    var earlier = old.earlierLayers ?? []
                    if old.implicit != true, old.layer != entry.layer { earlier.append(old.layer) }
                    entry.earlierLayers = earlier.isEmpty ? nil : earlier
                }
                files[entry.path] = entry
                children[parent(entry.path), default: []].insert(entry.path)
                added.append(entry.path)
            }
            // Directories implied by a path but written by no layer.
            for path in added {
                var dir = parent(path)
                while dir != "/", files[dir] == nil {
                    files[dir] = FileEntry(path: dir, type: .directory, size: 0, mode: 0o755, uid: 0, gid: 0,
                                           linkTarget: nil, mtime: 0, layer: listing.layer.index,
                                           layerDigest: listing.layer.displayDigest, implicit: true)
                    children[parent(dir), default: []].insert(dir)
                    dir = parent(dir)
                }
            }
        }
        let sorted = files.values.sorted { $0.path < $1.path }
        self.entries = sorted
        var index: [String: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, e) in sorted.enumerated() { index[e.path] = i }
        self.byPath = index
    }

    /// Outcomes of walking a path through symbolic links.
    enum Walk {
        case resolved(String)
        case missing
        case loop
    }

    /// Walks `path` the way a chroot would: symbolic links are followed, `..` at the root stays at
    /// the root, absolute targets start at the image root, at most 40 links.
    /// - Parameters:
    ///   - lookup: the entry at a path, if any.
    ///   - requireExisting: a missing component ends the walk with `.missing`.
    ///   - followFinal: whether a link in the last component is followed.
    static func walk(_ path: String, lookup: (String) -> FileEntry?, requireExisting: Bool, followFinal: Bool) -> Walk {
        var pending = path.split(separator: "/").map(String.init).reversed() as [String]
        var resolved: [String] = []
        var hops = 0
        while let part = pending.popLast() {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = resolved.popLast(); continue }
            let candidate = "/" + (resolved + [part]).joined(separator: "/")
            let entry = lookup(candidate)
            if entry == nil && requireExisting { return .missing }
            if let entry, entry.type == .symlink, followFinal || !pending.isEmpty {
                hops += 1
                guard hops <= 40 else { return .loop }
                let target = entry.linkTarget ?? ""
                if target.hasPrefix("/") { resolved = [] }
                pending.append(contentsOf: target.split(separator: "/").map(String.init).reversed())
                continue
            }
            resolved.append(part)
        }
        return .resolved("/" + resolved.joined(separator: "/"))
    }

    /// Where a directory path leads once symbolic links are followed; `nil` for a link loop.
    static func resolveDirectory(_ path: String, in files: [String: FileEntry]) -> String? {
        if case .resolved(let target) = walk(path, lookup: { files[$0] }, requireExisting: false, followFinal: true) {
            return target
        }
        return nil
    }

    /// A merged view of a root filesystem's listing (no layers).
    public init(rootfs entries: [FileEntry]) {
        let sorted = entries.sorted { $0.path < $1.path }
        self.entries = sorted
        var index: [String: Int] = [:]
        for (i, e) in sorted.enumerated() { index[e.path] = i }
        self.byPath = index
    }

    /// Resolves a path the way a chroot would: symbolic links are followed, `..` at the root
    /// stays at the root, absolute targets start at the image root. Returns `nil` for a
    /// missing path; throws on a link loop.
    public func resolve(_ path: String, followFinal: Bool = true) throws -> FileEntry? {
        switch Self.walk(path, lookup: entry(at:), requireExisting: true, followFinal: followFinal) {
        case .resolved(let target): return entry(at: target)
        case .missing: return nil
        case .loop: throw ImageAccessError(.unsafePath, "'\(path.prefix(200))': too many levels of symbolic links")
        }
    }
}
