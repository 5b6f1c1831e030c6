/// A file in a layer, in the merged filesystem, or in a root filesystem.
public struct FileEntry: Sendable, Hashable, Codable {
    /// Absolute path inside the image, e.g. `/usr/bin/python3`.
    public var path: String
    public var type: FileType
    /// Content size in bytes (regular files; 0 for others).
    public var size: Int64
    /// Permission bits, with setuid, setgid and sticky (`mode & 0o7777`).
    public var mode: UInt32
    public var uid: Int
    public var gid: Int
    /// Symbolic link target as written, or the path a hard link points to.
    public var linkTarget: String?
    /// Modification time, seconds since 1970.
    public var mtime: Int64
    /// Device numbers, for character and block devices.
    public var devMajor: Int?
    public var devMinor: Int?
    /// SHA-256 of the content, when asked for.
    public var sha256: Digest?
    /// The layer that last wrote the file (1-based; 0 for a root filesystem).
    public var layer: Int
    /// That layer's digest.
    public var layerDigest: Digest?
    /// Layers that wrote earlier versions of this path (their content is still in the image).
    public var earlierLayers: [Int]?
    /// True for a directory no layer wrote, implied by files inside it.
    public var implicit: Bool?
    /// The path as stored in the layer, when it differs (written through a symbolic link).
    package var storedPath: String?

    enum CodingKeys: String, CodingKey {
        case path, type, size, mode, uid, gid, linkTarget, mtime, devMajor, devMinor, sha256, layer, layerDigest,
             earlierLayers, implicit
    }

    /// Whether the path names something with content (a regular file).
    public var isRegular: Bool { type == .file }
}

/// What one layer holds: its entries in archive order, and what it deletes from the layers below.
public struct LayerListing: Sendable {
    public let layer: Layer
    /// Entries, paths absolute, in archive order. Whiteout markers are not entries.
    public var entries: [FileEntry]
    /// Paths this layer deletes (`.wh.NAME`).
    public var whiteouts: [String]
    /// Directories whose lower-layer content this layer hides (`.wh..wh..opq`).
    public var opaqueDirectories: [String]
}
