/// A streaming tar reader: ustar, pax (local and global headers), GNU long names and
/// long links, base-256 numbers. Sparse files are refused. Nothing is written anywhere:
/// the caller sees each entry and may read its content once, in chunks.
package final class TarReader {
    private let source: any ByteReader
    private let name: String
    private let limits: ReadLimits
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    private var sourceEOF = false
    /// Uncompressed offset of `buffer[start]`.
    private var position: Int64 = 0
    /// Unread content + padding of the current entry.
    private var pendingContent: Int64 = 0
    private var pendingPadding: Int64 = 0
    private var finished = false

    package init(_ source: any ByteReader, name: String, limits: ReadLimits) {
        self.source = source
        self.name = name
        self.limits = limits
        self.buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
    }

    deinit { buffer.deallocate() }

    // MARK: - Buffering

    /// Makes at least `count` bytes available (count ≤ buffer size); returns false at the end of the source.
    private func ensure(_ count: Int) throws -> Bool {
        if end - start >= count { return true }
        if start > 0 {
            let live = end - start
            if live > 0 {
                buffer.baseAddress!.copyMemory(from: buffer.baseAddress!.advanced(by: start), byteCount: live)
            }
            start = 0
            end = live
        }
        while end - start < count && !sourceEOF {
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            if n == 0 { sourceEOF = true } else { end += n }
        }
        return end - start >= count
    }

    /// Passes the next `count` bytes to `body` in chunks.
    private func consume(_ count: Int64, _ body: (UnsafeRawBufferPointer) throws -> Void = { _ in }) throws {
        var left = count
        while left > 0 {
            if start == end {
                guard try ensure(1) else {
                    throw ImageAccessError(.malformed, "\(name): truncated tar: the stream ends inside an entry at offset \(position)")
                }
            }
            let n = Int(min(Int64(end - start), left))
            try body(UnsafeRawBufferPointer(rebasing: buffer[start..<(start + n)]))
            start += n
            position += Int64(n)
            left -= Int64(n)
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count)
        try consume(Int64(count)) { out.append(contentsOf: $0) }
        return out
    }

    // MARK: - Entries

    /// The offset of the current entry's content in the uncompressed stream (valid right after `next()`).
    package var contentOffset: Int64 { position }

    /// Reads the content of the current entry, once, in chunks.
    package func readContent(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let count = pendingContent
        pendingContent = 0
        try consume(count, body)
    }

    private func skipRest() throws {
        try consume(pendingContent + pendingPadding)
        pendingContent = 0
        pendingPadding = 0
    }

    /// The next entry, or `nil` at the end of the archive. Unread content of the previous entry is skipped.
    package func next() throws -> TarEntry? {
        if finished { return nil }
        try skipRest()
        var pax: [String: String] = [:]
        var longName: String?
        var longLink: String?
        while true {
            guard try ensure(512) else {
                if end - start == 0 {
                    // Some writers omit the end-of-archive blocks.
                    finished = true
                    return nil
                }
                if position == 0 {
                    throw ImageAccessError(.malformed, "\(name): not a tar archive (shorter than one tar header)")
                }
                throw ImageAccessError(.malformed, "\(name): truncated tar: partial header at offset \(position)")
            }
            let headerOffset = position
            let header = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + 512)])
            if header.allSatisfy({ $0 == 0 }) {
                finished = true
                try drain()
                return nil
            }
            try verifyChecksum(header, offset: headerOffset)
            let typeflag = header[156]
            let size = try number(header, 124, 12, field: "size", offset: headerOffset)
            guard size >= 0 else {
                throw ImageAccessError(.malformed, "\(name): tar header at offset \(headerOffset) has a negative size")
            }
            guard size <= limits.maxLayerBytes else {
                throw ImageAccessError(.limitExceeded, "\(name): tar entry at offset \(headerOffset) claims \(size) bytes, over the layer limit of \(limits.maxLayerBytes)")
            }
            var entry = TarEntry(
                path: "", type: .file, size: size,
                mode: UInt32(truncatingIfNeeded: try number(header, 100, 8, field: "mode", offset: headerOffset)),
                uid: Int(try number(header, 108, 8, field: "uid", offset: headerOffset)),
                gid: Int(try number(header, 116, 8, field: "gid", offset: headerOffset)),
                linkTarget: nil,
                mtime: try number(header, 136, 12, field: "mtime", offset: headerOffset),
                devMajor: 0, devMinor: 0, offset: headerOffset)
            let isUstar = header[257] == 0x75 && header[258] == 0x73 && header[259] == 0x74
                && header[260] == 0x61 && header[261] == 0x72 && header[262] == 0
            var path = cString(header, 0, 100)
            if isUstar {
                let prefix = cString(header, 345, 155)
                if !prefix.isEmpty { path = prefix + "/" + path }
            }
            let link = cString(header, 157, 100)
            if typeflag == 0x33 || typeflag == 0x34 {
                entry.devMajor = Int(try number(header, 329, 8, field: "devmajor", offset: headerOffset))
                entry.devMinor = Int(try number(header, 337, 8, field: "devminor", offset: headerOffset))
            }
            start += 512
            position += 512
            let padding = (512 - size % 512) % 512

            switch typeflag {
            case UInt8(ascii: "x"), UInt8(ascii: "g"), UInt8(ascii: "L"), UInt8(ascii: "K"):
                guard size <= Int64(limits.maxHeaderBytes) else {
                    throw ImageAccessError(.limitExceeded, "\(name): extended header of \(size) bytes at offset \(headerOffset) exceeds the limit of \(limits.maxHeaderBytes)")
                }
                let bytes = try readBytes(Int(size))
                try consume(padding)
                switch typeflag {
                case UInt8(ascii: "x"): pax.merge(try parsePax(bytes, offset: headerOffset)) { $1 }
                // Global pax records are ignored, as Go's archive/tar (containerd, moby) ignores them.
                case UInt8(ascii: "g"): break
                case UInt8(ascii: "L"): longName = cString(bytes)
                default: longLink = cString(bytes)
                }
                continue
            case UInt8(ascii: "S"):
                throw ImageAccessError(.unsupported, "\(name): '\(path)' at offset \(headerOffset) is a GNU sparse file, which Palisade does not read")
            case UInt8(ascii: "V"):
                try consume(size + padding)
                continue
            default:
                break
            }

            let attrs = pax
            if attrs.keys.contains(where: { $0.hasPrefix("GNU.sparse.") }) {
                throw ImageAccessError(.unsupported, "\(name): '\(path)' at offset \(headerOffset) is a pax sparse file, which Palisade does not read")
            }
            entry.path = attrs["path"] ?? longName ?? path
            let linkName = attrs["linkpath"] ?? longLink ?? link
            if let s = attrs["size"] {
                guard let v = Int64(s), v >= 0 else {
                    throw ImageAccessError(.malformed, "\(name): pax size '\(s.prefix(40))' at offset \(headerOffset) is not a number")
                }
                guard v <= limits.maxLayerBytes else {
                    throw ImageAccessError(.limitExceeded, "\(name): tar entry at offset \(headerOffset) claims \(v) bytes, over the layer limit of \(limits.maxLayerBytes)")
                }
                entry.size = v
            }
            if let s = attrs["uid"], let v = Int(s) { entry.uid = v }
            if let s = attrs["gid"], let v = Int(s) { entry.gid = v }
            if let s = attrs["mtime"], let v = Double(s), let seconds = Int64(exactly: v.rounded(.down)) { entry.mtime = seconds }

            switch typeflag {
            case 0, UInt8(ascii: "0"), UInt8(ascii: "7"): entry.type = .file
            case UInt8(ascii: "1"): entry.type = .hardlink; entry.linkTarget = linkName
            case UInt8(ascii: "2"): entry.type = .symlink; entry.linkTarget = linkName
            case UInt8(ascii: "3"): entry.type = .charDevice
            case UInt8(ascii: "4"): entry.type = .blockDevice
            case UInt8(ascii: "5"): entry.type = .directory
            case UInt8(ascii: "6"): entry.type = .fifo
            default:
                throw ImageAccessError(.unsupported, "\(name): '\(entry.path)' at offset \(headerOffset) has unknown tar type '\(Character(Unicode.Scalar(typeflag)))'")
            }
            if entry.type == .file && entry.path.hasSuffix("/") { entry.type = .directory }
            // Only regular files carry content; hard links and others with a size field skip it.
            pendingContent = entry.type == .file ? entry.size : 0
            let trueSize = entry.size
            // Links, directories, devices and FIFOs are header-only, whatever their size field says
            // (Go's archive/tar, which container runtimes extract with, reads no data for them).
            pendingPadding = entry.type == .file ? (512 - trueSize % 512) % 512 : 0
            if entry.type != .file { entry.size = 0 }
            if let target = entry.linkTarget, target.utf8.count > PathSanitizer.maxPathBytes {
                throw ImageAccessError(.unsafePath, "\(name): link target at offset \(headerOffset) is longer than \(PathSanitizer.maxPathBytes) bytes")
            }
            return entry
        }
    }

    /// Reads the source to its end (so a digest over the whole stream can be checked).
    package func drain() throws {
        while !sourceEOF {
            if try source.read(into: buffer) == 0 { sourceEOF = true }
        }
        start = 0
        end = 0
    }

    // MARK: - Header fields

    private func verifyChecksum(_ header: UnsafeRawBufferPointer, offset: Int64) throws {
        var unsigned = 0
        for i in 0..<512 { unsigned += (i >= 148 && i < 156) ? 32 : Int(header[i]) }
        let stored = (try? number(header, 148, 8, field: "checksum", offset: offset)) ?? -1
        if Int64(unsigned) != stored {
            var signed = 0
            for i in 0..<512 { signed += (i >= 148 && i < 156) ? 32 : Int(Int8(bitPattern: header[i])) }
            if Int64(signed) != stored {
                throw ImageAccessError(.malformed, "\(name): not a tar stream or corrupt tar header at offset \(offset) (checksum mismatch)")
            }
        }
    }

    private func number(_ header: UnsafeRawBufferPointer, _ at: Int, _ length: Int, field: String, offset: Int64) throws -> Int64 {
        let first = header[at]
        if first & 0x80 != 0 {
            // GNU base-256: big-endian two's complement in the remaining bits.
            guard first & 0x40 == 0 || first == 0xff else {
                throw ImageAccessError(.malformed, "\(name): tar \(field) at offset \(offset) is out of range")
            }
            guard first != 0xff else {
                throw ImageAccessError(.malformed, "\(name): tar \(field) at offset \(offset) is negative")
            }
            var value: Int64 = Int64(first & 0x7f)
            for i in (at + 1)..<(at + length) {
                guard value.leadingZeroBitCount > 8 || value < 0 else {
                    throw ImageAccessError(.malformed, "\(name): tar \(field) at offset \(offset) is out of range")
                }
                value = (value << 8) | Int64(header[i])
            }
            return value
        }
        var value: Int64 = 0
        var seenDigit = false
        for i in at..<(at + length) {
            let c = header[i]
            if c == 0 || (c == 0x20 && seenDigit) { break }
            if c == 0x20 { continue }
            guard c >= 0x30 && c <= 0x37 else {
                throw ImageAccessError(.malformed, "\(name): tar \(field) at offset \(offset) is not an octal number")
            }
            seenDigit = true
            guard value < Int64.max >> 3 else {
                throw ImageAccessError(.malformed, "\(name): tar \(field) at offset \(offset) is out of range")
            }
            value = value << 3 + Int64(c - 0x30)
        }
        return value
    }

    private func cString(_ header: UnsafeRawBufferPointer, _ at: Int, _ length: Int) -> String {
        var n = 0
        while n < length && header[at + n] != 0 { n += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: header[at..<(at + n)]), as: UTF8.self)
    }

    private func cString(_ bytes: [UInt8]) -> String {
        let n = bytes.firstIndex(of: 0) ?? bytes.count
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }

    /// Parses pax records: `"%d %s=%s\n"`, length including itself.
    private func parsePax(_ bytes: [UInt8], offset: Int64) throws -> [String: String] {
        var out: [String: String] = [:]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0 { break }
            var j = i
            var length = 0
            while j < bytes.count, bytes[j] >= 0x30, bytes[j] <= 0x39, length < 1 << 24 {
                length = length * 10 + Int(bytes[j] - 0x30); j += 1
            }
            guard j < bytes.count, bytes[j] == 0x20, length > j - i, i + length <= bytes.count,
                  bytes[i + length - 1] == 0x0a else {
                throw ImageAccessError(.malformed, "\(name): malformed pax header at offset \(offset)")
            }
            let record = bytes[(j + 1)..<(i + length - 1)]
            guard let eq = record.firstIndex(of: 0x3d) else {
                throw ImageAccessError(.malformed, "\(name): malformed pax record at offset \(offset)")
            }
            let key = String(decoding: record[record.startIndex..<eq], as: UTF8.self)
            let value = String(decoding: record[(eq + 1)...], as: UTF8.self)
            out[key] = value
            i += length
        }
        return out
    }
}
