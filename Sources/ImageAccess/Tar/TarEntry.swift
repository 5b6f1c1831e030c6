/// The kind of a file in a layer or a root filesystem.
public enum FileType: String, Sendable, Codable, Hashable {
    case file, directory, symlink, hardlink, charDevice = "char", blockDevice = "block", fifo, socket
}

/// One entry of a tar stream, after pax and GNU extensions are applied.
package struct TarEntry: Sendable {
    package var path: String
    package var type: FileType
    package var size: Int64
    package var mode: UInt32
    package var uid: Int
    package var gid: Int
    package var linkTarget: String?
    package var mtime: Int64
    package var devMajor: Int
    package var devMinor: Int
    /// Byte offset of the header in the uncompressed stream (for error messages).
    package var offset: Int64
}
