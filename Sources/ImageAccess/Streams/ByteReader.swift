#if canImport(Glibc)
import Glibc
#endif

/// A pull stream of bytes. Readers are used by one task at a time.
package protocol ByteReader: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 only at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A byte range of a local file, read with `pread` so several readers can share a file.
package final class FileRangeReader: ByteReader {
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var offset: Int64
    private var remaining: Int64
    private let name: String

    /// Opens `path` for reading from `offset`, `length` bytes (to the end when `nil`).
    package init(path: String, offset: Int64 = 0, length: Int64? = nil, name: String? = nil) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ImageAccessError(errno == ENOENT ? .notFound : .io,
                                   "cannot open \(name ?? path): \(String(cString: strerror(errno)))")
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            close(fd)
            throw ImageAccessError(.io, "cannot stat \(name ?? path)")
        }
        self.fd = fd
        self.ownsDescriptor = true
        self.offset = offset
        self.remaining = length ?? max(0, Int64(st.st_size) - offset)
        self.name = name ?? path
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard remaining > 0, buffer.count > 0 else { return 0 }
        let want = Int(min(Int64(buffer.count), remaining))
        while true {
            let n = pread(fd, buffer.baseAddress, want, off_t(offset))
            if n < 0 {
                if errno == EINTR { continue }
                throw ImageAccessError(.io, "reading \(name) failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 {
                throw ImageAccessError(.malformed, "\(name) ends \(remaining) bytes early")
            }
            offset += Int64(n)
            remaining -= Int64(n)
            return n
        }
    }
}

/// Hashes and counts the bytes that pass through it, and checks them against a
/// descriptor's digest and size: the size as soon as it is exceeded, the digest at the end.
package final class VerifyingReader: ByteReader {
    private let source: any ByteReader
    private var hasher: StreamingHasher
    private let expected: Digest?
    private let expectedSize: Int64?
    private let name: String
    private(set) package var count: Int64 = 0
    private var finished = false

    /// - Parameters:
    ///   - expected: the digest the bytes must hash to; with `nil` the bytes are hashed with sha256 only.
    ///   - expectedSize: the exact byte count, when known.
    ///   - name: how the blob is named in errors.
    package init(_ source: any ByteReader, expected: Digest?, expectedSize: Int64?, name: String) {
        self.source = source
        self.hasher = StreamingHasher(expected?.algorithm ?? .sha256)
        self.expected = expected
        self.expectedSize = expectedSize
        self.name = name
    }

    /// The digest of what was read, once the end was reached.
    private(set) package var computed: Digest?

    package func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if finished { return 0 }
        var limit = buffer
        if let expectedSize {
            // Read at most one byte past the declared size, to detect overlong blobs without reading them whole.
            let remaining = expectedSize - count  // never negative: an overlong read throws below
            let allowed = remaining < Int64(buffer.count) ? Int(remaining) + 1 : buffer.count
            limit = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<max(allowed, 1)])
        }
        let n = try source.read(into: limit)
        if n == 0 {
            finished = true
            let digest = hasher.finalize()
            computed = digest
            if let expectedSize, count != expectedSize {
                throw ImageAccessError(.sizeMismatch, "\(name): size mismatch: expected \(expectedSize) bytes, got \(count)")
            }
            if let expected, digest != expected {
                throw ImageAccessError(.digestMismatch, "\(name): digest mismatch: expected \(expected), got \(digest)")
            }
            return 0
        }
        count += Int64(n)
        if let expectedSize, count > expectedSize {
            throw ImageAccessError(.sizeMismatch, "\(name): size mismatch: expected \(expectedSize) bytes, got more")
        }
        hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        return n
    }
}

/// Bounds for reading hostile images. Every bound is configurable.
public struct ReadLimits: Sendable, Hashable {
    /// The largest manifest or index accepted (4 MiB, as registries enforce).
    public var maxManifestBytes: Int64 = 4 << 20
    /// The largest image config accepted.
    public var maxConfigBytes: Int64 = 8 << 20
    /// The largest uncompressed layer accepted.
    public var maxLayerBytes: Int64 = 16 << 30
    /// The largest uncompressed/compressed ratio accepted, checked once a layer has
    /// produced `ratioGraceBytes`.
    public var maxCompressionRatio: Int64 = 200
    /// Uncompressed bytes a layer may produce before the ratio is checked.
    public var ratioGraceBytes: Int64 = 64 << 20
    /// The most tar entries accepted in one layer.
    public var maxEntriesPerLayer: Int = 500_000
    /// The longest path or pax header accepted.
    public var maxHeaderBytes: Int = 1 << 20

    /// The defaults.
    public init() {}
}
