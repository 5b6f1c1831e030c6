public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A place holding named files: a directory (OCI layout) or an uncompressed tar
/// archive (oci-archive, docker-archive), read in place without extraction.
package protocol ContentStore: Sendable {
    /// How the store is named in errors.
    var name: String { get }
    /// The byte range holding `relativePath`, or `nil` when there is no such file.
    func locate(_ relativePath: String) throws -> LayerLocation?
}

extension ContentStore {
    /// Reads a whole file of at most `limit` bytes.
    package func read(_ relativePath: String, limit: Int64, what: String) throws -> Data {
        guard let location = try locate(relativePath) else {
            throw ImageAccessError(.notFound, "\(name): \(what) '\(relativePath)' is missing")
        }
        return try location.readAll(limit: limit, what: "\(name): \(what) '\(relativePath)'")
    }

    /// The location of a blob named by digest (`blobs/<alg>/<hex>`).
    package func blob(_ digest: Digest) throws -> LayerLocation? {
        try locate("blobs/\(digest.algorithm.name)/\(digest.hex)")
    }
}

extension LayerLocation {
    /// The number of bytes at this location (a directory has none).
    package var length: Int64 {
        if case .blob(_, _, let length) = kind { return length }
        return 0
    }

    /// Opens the bytes for streaming.
    package func open(name: String) throws -> any ByteReader {
        switch kind {
        case .blob(let path, let offset, let length):
            return try FileRangeReader(path: path, offset: offset, length: length, name: name)
        case .directory(let path):
            throw ImageAccessError(.unsupported, "\(name): '\(path)' is a directory, not a blob")
        }
    }

    /// Reads everything, refusing more than `limit` bytes.
    package func readAll(limit: Int64, what: String) throws -> Data {
        guard length <= limit else {
            throw ImageAccessError(.limitExceeded, "\(what) is \(length) bytes, over the limit of \(limit)")
        }
        let reader = try open(name: what)
        var data = Data(count: Int(length))
        var filled = 0
        try data.withUnsafeMutableBytes { raw in
            while filled < raw.count {
                let n = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]))
                if n == 0 { break }
                filled += n
            }
        }
        return data.prefix(filled)
    }
}

/// A directory (an OCI image layout). Paths are relative and never leave it; symbolic links are not followed.
package struct DirectoryStore: ContentStore {
    package let root: String
    package var name: String { root }

    package init(root: String) throws {
        var st = stat()
        guard stat(root, &st) == 0 else {
            throw ImageAccessError(.notFound, "\(root): no such directory")
        }
        guard st.st_mode & S_IFMT == S_IFDIR else {
            throw ImageAccessError(.malformed, "\(root): not a directory")
        }
        self.root = root
    }

    package func locate(_ relativePath: String) throws -> LayerLocation? {
        let parts = relativePath.split(separator: "/")
        guard !relativePath.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else {
            throw ImageAccessError(.unsafePath, "\(root): refusing path '\(relativePath.prefix(200))' outside the layout")
        }
        let path = root + "/" + relativePath
        var st = stat()
        guard lstat(path, &st) == 0 else { return nil }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw ImageAccessError(.unsafePath, "\(root): '\(relativePath.prefix(200))' is not a regular file (symbolic links are not followed)")
        }
        return .blob(path: path, offset: 0, length: Int64(st.st_size))
    }
}

/// An uncompressed tar archive, indexed once by reading its headers; members are read in place.
package struct TarArchiveStore: ContentStore {
    package let path: String
    package var name: String { path }
    private let members: [String: LayerLocation]
    /// Every member path, in archive order.
    package let memberNames: [String]

    package init(path: String, limits: ReadLimits) throws {
        var st = stat()
        guard stat(path, &st) == 0 else { throw ImageAccessError(.notFound, "\(path): no such file") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw ImageAccessError(.malformed, "\(path): not a regular file") }
        self.path = path
        let file = try FileRangeReader(path: path, name: path)
        var prefix = [UInt8](repeating: 0, count: 4)
        let n = try prefix.withUnsafeMutableBytes { try file.read(into: $0) }
        switch LayerCompression(sniffing: Array(prefix[0..<n])) {
        case .gzip, .zstd:
            throw ImageAccessError(.unsupported, "\(path): the archive is compressed; decompress it first (e.g. gunzip)")
        case .none: break
        }
        let reader = TarReader(try FileRangeReader(path: path, name: path), name: path, limits: limits)
        var members: [String: LayerLocation] = [:]
        var links: [(String, String, Bool)] = []
        var names: [String] = []
        var count = 0
        while let entry = try reader.next() {
            count += 1
            guard count <= limits.maxEntriesPerLayer else {
                throw ImageAccessError(.limitExceeded, "\(path): more than \(limits.maxEntriesPerLayer) archive members")
            }
            guard let clean = try? PathSanitizer.clean(entry.path), !clean.isEmpty else { continue }
            names.append(clean)
            switch entry.type {
            case .file:
                members[clean] = .blob(path: path, offset: reader.contentOffset, length: entry.size)
            case .symlink:
                links.append((clean, entry.linkTarget ?? "", true))
            case .hardlink:
                links.append((clean, entry.linkTarget ?? "", false))
            default:
                break
            }
        }
        // docker save links duplicate layers (`id/layer.tar -> ../other/layer.tar`); resolve within the archive.
        for _ in 0..<8 {
            for (member, target, isSymlink) in links where members[member] == nil {
                let base = isSymlink ? (member.split(separator: "/").dropLast().joined(separator: "/")) : ""
                let joined = target.hasPrefix("/") ? target : (base.isEmpty ? target : base + "/" + target)
                if let resolved = try? PathSanitizer.clean(joined), let location = members[resolved] {
                    members[member] = location
                }
            }
        }
        self.members = members
        self.memberNames = names
    }

    package func locate(_ relativePath: String) throws -> LayerLocation? {
        guard let clean = try? PathSanitizer.clean(relativePath) else { return nil }
        return members[clean]
    }
}
