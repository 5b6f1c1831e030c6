#if canImport(Glibc)
import Glibc
#endif
import Crypto

/// Streams a layer, verifying the blob digest and size, decompressing within the limits,
/// and verifying the diff id, and shows each tar entry to a visitor that may read its content.
package struct LayerWalker {
    package let layer: Layer
    package let limits: ReadLimits

    package init(layer: Layer, limits: ReadLimits) {
        self.layer = layer
        self.limits = limits
    }

    /// How the layer is named in errors.
    package var name: String {
        "layer \(layer.index) (\(layer.displayDigest?.description ?? "unknown digest"))"
    }

    /// Walks the entries; `visit` gets each entry with a clean relative path, and a reader for the
    /// content of regular files. Returning `false` stops the walk early (no verification then).
    package func walk(_ visit: (TarEntry, TarReader) throws -> Bool) throws {
        guard case .blob(let path, let offset, let length) = layer.location.kind else {
            throw ImageAccessError(.unsupported, "\(name) is not a blob")
        }
        let compression: LayerCompression
        if let known = layer.compression {
            compression = known
        } else {
            let probe = try FileRangeReader(path: path, offset: offset, length: min(length, 4), name: name)
            var head = [UInt8](repeating: 0, count: 4)
            let n = try head.withUnsafeMutableBytes { try probe.read(into: $0) }
            compression = LayerCompression(sniffing: Array(head[0..<n]))
        }
        let raw = VerifyingReader(try FileRangeReader(path: path, offset: offset, length: length, name: name),
                                  expected: layer.digest, expectedSize: layer.size, name: name)
        let inflated = DecompressingReader(raw, compression: compression, limits: limits, name: name)
        let diff = VerifyingReader(inflated, expected: layer.diffID, expectedSize: nil, name: "\(name) diff_id")
        let tar = TarReader(diff, name: name, limits: limits)
        do {
            var count = 0
            while let entry = try tar.next() {
                count += 1
                guard count <= limits.maxEntriesPerLayer else {
                    throw ImageAccessError(.limitExceeded, "\(name) has more than \(limits.maxEntriesPerLayer) entries (the limit)")
                }
                if try !visit(entry, tar) { return }
            }
        } catch let error as ImageAccessError where error.code != .digestMismatch && error.code != .sizeMismatch {
            // A corrupt stream is often a tampered blob: report the digest mismatch if there is one.
            var scratch = [UInt8](repeating: 0, count: 1 << 16)
            do {
                try scratch.withUnsafeMutableBytes { buffer in
                    while try raw.read(into: buffer) > 0 {}
                }
            } catch let digestError as ImageAccessError where digestError.code == .digestMismatch || digestError.code == .sizeMismatch {
                throw digestError
            } catch {}
            throw error
        }
    }

    /// Lists the layer: entries with clean absolute paths, whiteouts and opaque markers;
    /// with `digests`, the SHA-256 of every regular file.
    package func list(digests: Bool) throws -> LayerListing {
        try list(digests: digests, onFile: nil)
    }

    /// What a layer says, entry by entry, with clean absolute paths.
    package enum Event {
        /// A file, directory, link or device (hard links carry their target in `linkTarget`).
        case entry(FileEntry)
        /// `.wh.NAME`: the path is deleted from the layers below.
        case whiteout(String)
        /// `.wh..wh..opq`: the directory's content in the layers below is hidden.
        case opaque(String)
    }

    /// Streams the layer as events; for regular files the tar reader is positioned at the content,
    /// which the handler may read (once).
    package func events(_ handle: (Event, TarReader) throws -> Void) throws {
        try walk { entry, tar in
            let clean: String
            do { clean = try PathSanitizer.clean(entry.path) } catch let error as ImageAccessError {
                throw ImageAccessError(.unsafePath, "\(name): entry at offset \(entry.offset): \(error.message)")
            }
            if clean.isEmpty { return true }
            let base = PathSanitizer.base(clean)
            if base.hasPrefix(".wh.") {
                let parent = PathSanitizer.parent(clean)
                if base == ".wh..wh..opq" {
                    try handle(.opaque("/" + parent), tar)
                } else if !base.hasPrefix(".wh..wh.") {
                    let target = String(base.dropFirst(4))
                    guard !target.isEmpty, target != ".", target != ".." else {
                        throw ImageAccessError(.unsafePath, "\(name): malformed whiteout '\(clean.prefix(200))'")
                    }
                    try handle(.whiteout("/" + (parent.isEmpty ? target : parent + "/" + target)), tar)
                }
                return true
            }
            var file = FileEntry(path: "/" + clean, type: entry.type, size: entry.size, mode: entry.mode & 0o7777,
                                 uid: entry.uid, gid: entry.gid, linkTarget: entry.linkTarget, mtime: entry.mtime,
                                 layer: layer.index, layerDigest: layer.displayDigest)
            switch entry.type {
            case .charDevice, .blockDevice:
                file.devMajor = entry.devMajor
                file.devMinor = entry.devMinor
            case .hardlink:
                let target: String
                do { target = try PathSanitizer.clean(entry.linkTarget ?? "") } catch let error as ImageAccessError {
                    throw ImageAccessError(.unsafePath, "\(name): hard link '\(clean.prefix(200))': \(error.message)")
                }
                guard !target.isEmpty else {
                    throw ImageAccessError(.malformed, "\(name): hard link '\(clean.prefix(200))' has no target")
                }
                file.linkTarget = "/" + target
            default:
                break
            }
            try handle(.entry(file), tar)
            return true
        }
    }

    /// Lists the layer; `onFile` sees each regular file (clean absolute path) and may read its content
    /// from the tar reader (content digests are then not computed for that file).
    package func list(digests: Bool, onFile: ((FileEntry, TarReader) throws -> Void)?) throws -> LayerListing {
        var entries: [FileEntry] = []
        var whiteouts: [String] = []
        var opaque: [String] = []
        var seen: [String: Int] = [:]
        try events { event, tar in
            var file: FileEntry
            switch event {
            case .whiteout(let path): whiteouts.append(path); return
            case .opaque(let path): opaque.append(path); return
            case .entry(let entry): file = entry
            }
            switch file.type {
            case .hardlink:
                if let i = seen[file.linkTarget!] {
                    let t = entries[i]
                    guard t.type == .file else {
                        throw ImageAccessError(.malformed, "\(name): hard link '\(file.path.prefix(200))' points to '\(file.linkTarget!.prefix(200))', which is not a regular file")
                    }
                    file.size = t.size
                    file.sha256 = t.sha256
                }
            case .file where onFile != nil:
                try onFile!(file, tar)
            case .file where digests:
                var hasher = SHA256()
                try tar.readContent { hasher.update(bufferPointer: $0) }
                file.sha256 = Digest(algorithm: .sha256, hex: hasher.finalize().hexString)
            default:
                break
            }
            if let existing = seen[file.path] {
                entries[existing] = file
            } else {
                seen[file.path] = entries.count
                entries.append(file)
            }
        }
        return LayerListing(layer: layer, entries: entries, whiteouts: whiteouts, opaqueDirectories: opaque)
    }
}
