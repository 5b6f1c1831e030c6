#if canImport(Glibc)
import Glibc
#endif
import Crypto
import CSystemShims

/// Lists an unpacked root filesystem (`rootfs:DIR`, e.g. a host's `/`) without following
/// symbolic links and without entering kernel pseudo filesystems (/proc, /sys, ...).
package struct RootfsWalker {
    package let root: String
    package let limits: ReadLimits

    /// statfs magic numbers of pseudo filesystems that hold no image content.
    static let pseudoFilesystems: Set<Int> = [
        0x9fa0,        // proc
        0x6265_6572,   // sysfs
        0x6367_7270,   // cgroup2
        0x0027_e0eb,   // cgroup
        0x6462_6720,   // debugfs
        0x7472_6163,   // tracefs
        0x7363_6673,   // securityfs
        0x1cd1,        // devpts
        0xcafe_4a11,   // bpf
        0x6265_6570,   // configfs
        0x6165_676c,   // pstore
        0x6573_5546,   // fusectl
        0x1980_0202,   // mqueue
        0x4249_4e4d,   // binfmt_misc
    ]

    package init(root: String, limits: ReadLimits) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.limits = limits
    }

    package func list(digests: Bool) throws -> [FileEntry] {
        var st = stat()
        guard stat(root, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
            throw ImageAccessError(.notFound, "rootfs:\(root): not a directory")
        }
        var out: [FileEntry] = []
        try walk(relative: "", into: &out, digests: digests)
        return out
    }

    private func absolute(_ relative: String) -> String {
        relative.isEmpty ? root : (root == "/" ? "/" + relative : root + "/" + relative)
    }

    private func walk(relative: String, into out: inout [FileEntry], digests: Bool) throws {
        let dirPath = absolute(relative)
        if !relative.isEmpty, Self.pseudoFilesystems.contains(palisade_fs_type(dirPath)) {
            return
        }
        guard let dir = opendir(dirPath) else {
            if errno == EACCES || errno == ENOENT { return }
            throw ImageAccessError(.io, "rootfs:\(root): cannot read directory '/\(relative)': \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let ent = readdir(dir) {
            let name = withUnsafeBytes(of: ent.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        names.sort()
        for name in names {
            let rel = relative.isEmpty ? name : relative + "/" + name
            let path = absolute(rel)
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            guard out.count < limits.maxEntriesPerLayer * 4 else {
                throw ImageAccessError(.limitExceeded, "rootfs:\(root): more than \(limits.maxEntriesPerLayer * 4) files")
            }
            var entry = FileEntry(path: "/" + rel, type: .file, size: 0, mode: UInt32(st.st_mode) & 0o7777,
                                  uid: Int(st.st_uid), gid: Int(st.st_gid), linkTarget: nil,
                                  mtime: Int64(st.st_mtim.tv_sec), layer: 0, layerDigest: nil)
            switch st.st_mode & S_IFMT {
            case S_IFREG:
                entry.size = Int64(st.st_size)
                if digests { entry.sha256 = try? hash(path) }
            case S_IFDIR:
                entry.type = .directory
            case S_IFLNK:
                entry.type = .symlink
                var buffer = [CChar](repeating: 0, count: 4097)
                let n = readlink(path, &buffer, 4096)
                if n >= 0 { entry.linkTarget = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
            case S_IFCHR:
                entry.type = .charDevice
                entry.devMajor = Int(palisade_dev_major(st.st_rdev)); entry.devMinor = Int(palisade_dev_minor(st.st_rdev))
            case S_IFBLK:
                entry.type = .blockDevice
                entry.devMajor = Int(palisade_dev_major(st.st_rdev)); entry.devMinor = Int(palisade_dev_minor(st.st_rdev))
            case S_IFIFO:
                entry.type = .fifo
            default:
                entry.type = .socket
            }
            out.append(entry)
            if entry.type == .directory {
                try walk(relative: rel, into: &out, digests: digests)
            }
        }
    }

    /// SHA-256 of a regular file, opened without following links.
    func hash(_ path: String) throws -> Digest {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ImageAccessError(.io, "cannot open \(path)") }
        defer { close(fd) }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw ImageAccessError(.io, "cannot read \(path)")
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return Digest(algorithm: .sha256, hex: hasher.finalize().hexString)
    }

    /// Reads a file's content, at most `limit` bytes.
    package func read(_ relative: String, limit: Int64) throws -> [UInt8] {
        let path = absolute(relative)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ImageAccessError(.notFound, "rootfs:\(root): cannot open '/\(relative)'") }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out.append(contentsOf: chunk[0..<n])
            guard Int64(out.count) <= limit else {
                throw ImageAccessError(.limitExceeded, "rootfs:\(root): '/\(relative)' is larger than \(limit) bytes")
            }
        }
        return out
    }
}
