/// One path in one layer that a check cares about (setuid, world-writable, sudo, sshd, a key file).
public struct ImageFileFact: Sendable, Codable, Hashable, Comparable {
    /// What the path is. A struct with static members, so kinds can be added without breaking the API.
    public struct Kind: RawRepresentable, Sendable, Codable, Hashable {
        /// The kind's name (`file`, `directory`, …).
        public let rawValue: String
        /// Creates a kind from its name.
        /// - Parameter rawValue: The name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A regular file (hard links count as files).
        public static let file = Kind(rawValue: "file")
        /// A directory.
        public static let directory = Kind(rawValue: "directory")
        /// A symbolic link (its mode is ignored).
        public static let symlink = Kind(rawValue: "symlink")
        /// Devices, FIFOs, sockets.
        public static let other = Kind(rawValue: "other")
    }

    /// Absolute path inside the image.
    public var path: String
    /// Permission bits with setuid (0o4000), setgid (0o2000) and sticky (0o1000): `mode & 0o7777`.
    public var mode: UInt32
    /// File, directory, symlink or other.
    public var kind: Kind
    /// Content size in bytes (0 for non-files).
    public var size: Int64
    /// The layer that holds this version (numbered by the caller; ImageAccess numbers from 1).
    public var layer: Int
    /// True when a later layer deletes or replaces the path: it is not in the final filesystem but its bytes
    /// are still downloadable from this layer.
    public var inLayerHistory: Bool

    /// Creates a fact.
    /// - Parameters:
    ///   - path: Absolute path.
    ///   - mode: `mode & 0o7777`.
    ///   - kind: File, directory, symlink or other.
    ///   - size: Content size.
    ///   - layer: The layer index.
    ///   - inLayerHistory: Whether a later layer hides it.
    public init(path: String, mode: UInt32, kind: Kind, size: Int64 = 0, layer: Int, inLayerHistory: Bool = false) {
        self.path = path
        self.mode = mode
        self.kind = kind
        self.size = size
        self.layer = layer
        self.inLayerHistory = inLayerHistory
    }

    /// The setuid bit (0o4000).
    public var isSetuid: Bool { mode & 0o4000 != 0 }
    /// The setgid bit (0o2000).
    public var isSetgid: Bool { mode & 0o2000 != 0 }
    /// The sticky bit (0o1000).
    public var isSticky: Bool { mode & 0o1000 != 0 }
    /// Write permission for others (0o002).
    public var isWorldWritable: Bool { mode & 0o002 != 0 }
    /// The permission bits as four octal digits (`4755`).
    public var octalMode: String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    public static func < (lhs: ImageFileFact, rhs: ImageFileFact) -> Bool {
        (lhs.path, lhs.layer) < (rhs.path, rhs.layer)
    }
}
