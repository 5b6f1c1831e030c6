/// Collects ``ImageFilesystemFacts`` while the caller walks an image's layers, entry by entry.
///
/// Feed every tar entry with ``add(path:mode:kind:size:layer:)`` and every whiteout with
/// ``addWhiteout(path:layer:)`` / ``addOpaqueDirectory(path:layer:)``, then call ``summary()``.
///
/// **Hiding is computed here, from whiteouts, not passed in.** An entry is "in layer history" (deleted or
/// replaced: not in the final filesystem, still in its layer's bytes) when a later layer has an entry at the
/// same path, a whiteout of the path or of a parent directory, an opaque marker on a parent directory, or a
/// non-directory entry at a parent path. Because every fact carries its layer index, the result does not
/// depend on the order of the calls: layers may be walked in parallel with one builder each, combined with
/// ``merge(_:)``. (A directory replacing a non-directory in a later layer counts; a directory entry in a later
/// layer replacing an earlier directory's metadata counts too, so `chmod` fixes in a later layer clear a
/// world-writable finding.)
///
/// **Memory.** The builder keeps one small record per path (layer, size, whether a directory) to compute
/// hiding and hidden bytes, plus the notable entries (setuid/setgid files, world-writable paths, sudo and SSH
/// daemon binaries, key-like files). Both are capped by ``Limits``; past a cap it stops recording new paths
/// and marks the summary ``ImageFilesystemFacts/truncated``. File contents are never needed.
public struct ImageFactsBuilder: Sendable {
    /// Bounds on what the builder keeps.
    public struct Limits: Sendable, Hashable {
        /// Paths whose layer and size are kept for hiding and hidden-byte accounting (default 2 000 000,
        /// about 200 MB at the cap; a large distribution image has ~100 000).
        public var maximumTrackedPaths: Int
        /// Notable entries kept (default 10 000).
        public var maximumNotableFiles: Int
        /// Largest hidden files listed per layer (default 5).
        public var examplesPerLayer: Int

        /// Creates limits; every value has a documented default.
        /// - Parameters:
        ///   - maximumTrackedPaths: Paths tracked for hiding.
        ///   - maximumNotableFiles: Notable entries kept.
        ///   - examplesPerLayer: Largest hidden files listed per layer.
        public init(maximumTrackedPaths: Int = 2_000_000, maximumNotableFiles: Int = 10_000, examplesPerLayer: Int = 5) {
            self.maximumTrackedPaths = maximumTrackedPaths
            self.maximumNotableFiles = maximumNotableFiles
            self.examplesPerLayer = examplesPerLayer
        }
    }

    /// One version of a path.
    struct Version: Sendable {
        var layer: Int32
        var isDirectory: Bool
        var size: Int64
    }

    public let limits: Limits
    var versions: [String: [Version]] = [:]
    /// Whiteouts: path → highest layer deleting exactly that path (and its subtree).
    var whiteouts: [String: Int] = [:]
    /// Whiteouts and opaque markers: directory → highest layer hiding what lower layers hold under it.
    var subtreeDeletes: [String: Int] = [:]
    var notable: [ImageFileFact] = []
    var highestLayer = 0
    var truncated = false

    /// Creates an empty builder.
    /// - Parameter limits: Memory bounds.
    public init(limits: Limits = .init()) {
        self.limits = limits
    }

    /// Records one entry of one layer.
    /// - Parameters:
    ///   - path: The path inside the image (`/usr/bin/sudo`; `usr/bin/sudo` and `./usr/bin/sudo` are accepted).
    ///   - mode: Permission bits including setuid/setgid/sticky (`mode & 0o7777` of the tar header).
    ///   - kind: File, directory, symlink or other; a hard link is a `.file`.
    ///   - size: Content size in bytes (0 for non-files).
    ///   - layer: The layer's index (any numbering that grows with the layer order; ImageAccess uses 1-based).
    public mutating func add(path: String, mode: UInt32, kind: ImageFileFact.Kind, size: Int64, layer: Int) {
        let path = Self.normalize(path)
        highestLayer = max(highestLayer, layer)
        let version = Version(layer: Int32(clamping: layer), isDirectory: kind == .directory, size: kind == .file ? max(0, size) : 0)
        if versions[path] != nil {
            versions[path]!.append(version)
        } else if versions.count < limits.maximumTrackedPaths {
            versions[path] = [version]
        } else {
            truncated = true
        }
        if Self.isNotable(path: path, mode: mode, kind: kind) {
            if notable.count < limits.maximumNotableFiles {
                notable.append(ImageFileFact(path: path, mode: mode & 0o7777, kind: kind, size: max(0, size), layer: layer))
            } else {
                truncated = true
            }
        }
    }

    /// Records a whiteout (`.wh.NAME`): the layer deletes `path` and everything under it from lower layers.
    /// - Parameters:
    ///   - path: The deleted path (without the `.wh.` prefix).
    ///   - layer: The layer holding the whiteout.
    public mutating func addWhiteout(path: String, layer: Int) {
        let path = Self.normalize(path)
        highestLayer = max(highestLayer, layer)
        whiteouts[path] = max(whiteouts[path] ?? layer, layer)
        subtreeDeletes[path] = max(subtreeDeletes[path] ?? layer, layer)
    }

    /// Records an opaque directory (`.wh..wh..opq`): the layer hides what lower layers hold under `path`.
    /// - Parameters:
    ///   - path: The directory.
    ///   - layer: The layer holding the marker.
    public mutating func addOpaqueDirectory(path: String, layer: Int) {
        let path = Self.normalize(path)
        highestLayer = max(highestLayer, layer)
        subtreeDeletes[path] = max(subtreeDeletes[path] ?? layer, layer)
    }

    /// Adds what another builder collected (for example one builder per layer, filled in parallel).
    /// - Parameter other: The other builder.
    public mutating func merge(_ other: ImageFactsBuilder) {
        for (path, list) in other.versions {
            if versions[path] != nil {
                versions[path]!.append(contentsOf: list)
            } else if versions.count < limits.maximumTrackedPaths {
                versions[path] = list
            } else {
                truncated = true
            }
        }
        whiteouts.merge(other.whiteouts, uniquingKeysWith: max)
        subtreeDeletes.merge(other.subtreeDeletes, uniquingKeysWith: max)
        let room = max(0, limits.maximumNotableFiles - notable.count)
        notable += other.notable.prefix(room)
        truncated = truncated || other.truncated || other.notable.count > room
        highestLayer = max(highestLayer, other.highestLayer)
    }

    /// `/a/b`, without `./`, duplicate or trailing slashes.
    static func normalize(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        return "/" + parts.joined(separator: "/")
    }
}
