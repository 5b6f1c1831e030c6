import Foundation
import ZIPFoundation

/// A defensive reader for zip archives (`.jar`, `.war`, `.egg`, ...) found in images, which
/// may be hostile.
///
/// ZIPFoundation 0.9.20's `Archive` is not safe on such input: a zip64 local-header offset or
/// compressed size above `Int64.max` traps (`off_t(offset)`, `Int64(size)`), its Linux inflater
/// loops forever on a deflate stream that runs off the end of the archive (and hands zlib a
/// full buffer's length for the short last read), and nothing bounds what an entry inflates to.
/// So archives are read here instead: ``entries(_:)`` checks the whole central directory
/// against the data before anything is extracted, and ``extract(_:from:limit:produced:)``
/// inflates from the archive's bytes with a provider that never reads past the entry and a
/// consumer that throws as soon as the output passes its limit. Only ZIPFoundation's raw
/// deflate codec (`Data.decompress`) is used, as ``Zlib`` does.
///
/// The end of central directory record is searched for backwards from the end, within the
/// largest comment (65,535 bytes); a zip64 locator just before it leads to the zip64 record
/// when one of its fields is saturated. Every central directory header must lie inside the
/// central directory, and the central directory before the end record. Zip64 extra fields
/// (header 0x0001) give, in order, the uncompressed size, compressed size and local header
/// offset that are 0xFFFFFFFF in the header. Rejected, with a ``CatalogError``: more than
/// ``maxEntries`` entries; a compressed size, local header offset or entry data outside the
/// data; an uncompressed size above ``maxUncompressedSize`` (larger than the data is fine:
/// that is what compression does). An archive with bytes in front of it (a launcher script,
/// a self-extractor) is read as Info-ZIP and the JDK read it: offsets are shifted by the
/// length of the prefix.
enum ZipGuard {
    /// One central directory entry, checked against the data.
    struct Entry: Sendable, Equatable {
        /// The name, decoded as UTF-8 (invalid bytes repaired).
        var path: String
        /// Compression method: 0 stored, 8 deflated; others are not extracted.
        var method: UInt16
        /// General-purpose flags (bit 0: encrypted).
        var flags: UInt16
        /// Bytes of the entry's data in the archive.
        var compressedSize: Int
        /// The size it declares once inflated (not trusted: extraction enforces its own limit).
        var uncompressedSize: UInt64
        /// Where its local header starts in the data (prefix included).
        var localHeaderOffset: Int
        /// Where its data starts in the data.
        var dataOffset: Int
        /// Not a directory nor a symbolic link.
        var isRegularFile: Bool
    }

    static let maxEntries = 1_000_000
    static let maxUncompressedSize: UInt64 = 1 << 40
    /// The end of central directory record (22 bytes) and the longest comment.
    static let maxEndSearch = 22 + 0xFFFF
    static let bufferSize = 64 << 10

    static let endSignature: UInt32 = 0x0605_4b50
    static let zip64LocatorSignature: UInt32 = 0x0706_4b50
    static let zip64EndSignature: UInt32 = 0x0606_4b50
    static let centralSignature: UInt32 = 0x0201_4b50
    static let localSignature: UInt32 = 0x0403_4b50

    /// Throws a ``CatalogError`` unless every entry of the archive in `data` lies inside it.
    static func validate(_ data: Data) throws {
        _ = try entries(data)
    }

    /// The archive's entries, in central directory order, each checked against the data.
    static func entries(_ data: Data) throws -> [Entry] {
        try data.withUnsafeBytes { raw in try parse(Reader(raw: raw)) }
    }

    /// Little-endian reads that throw outside the buffer.
    private struct Reader {
        let raw: UnsafeRawBufferPointer

        var count: Int { raw.count }

        func contains(_ offset: Int, _ length: Int) -> Bool {
            offset >= 0 && length >= 0 && offset <= raw.count && length <= raw.count - offset
        }

        func check(_ offset: Int, _ length: Int) throws {
            guard contains(offset, length) else {
                throw CatalogError("zip: truncated (\(length) bytes at offset \(offset) of \(raw.count))")
            }
        }

        func u16(_ offset: Int) throws -> UInt16 {
            try check(offset, 2)
            return UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        }

        func u32(_ offset: Int) throws -> UInt32 {
            try check(offset, 4)
            return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }

        func u64(_ offset: Int) throws -> UInt64 {
            try check(offset, 8)
            return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }

        /// Whether the four bytes at `offset` are `signature` (false outside the buffer).
        func has(_ signature: UInt32, at offset: Int) -> Bool {
            contains(offset, 4) && (try? u32(offset)) == signature
        }
    }

    private static func parse(_ r: Reader) throws -> [Entry] {
        let count = r.count
        guard count >= 22 else { throw CatalogError("zip: too short for an end of central directory record") }

        // The last end record: searched backwards from the end, as every reader does.
        var end = -1
        var position = count - 22
        let lowest = max(0, count - maxEndSearch)
        while position >= lowest {
            if r.has(endSignature, at: position) {
                end = position
                break
            }
            position -= 1
        }
        guard end >= 0 else { throw CatalogError("zip: no end of central directory record") }

        var totalEntries = UInt64(try r.u16(end + 10))
        var directorySize = UInt64(try r.u32(end + 12))
        var directoryOffset = UInt64(try r.u32(end + 16))
        // Where the central directory ends: the end record, or the zip64 end record before it.
        var directoryEnd = end
        let saturated = totalEntries == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF
        if saturated, end >= 20, r.has(zip64LocatorSignature, at: end - 20) {
            let locator = end - 20
            let recordOffset = try r.u64(locator + 8)
            var record = -1
            if recordOffset <= UInt64(locator), r.has(zip64EndSignature, at: Int(recordOffset)) {
                record = Int(recordOffset)
            } else if locator >= 56, r.has(zip64EndSignature, at: locator - 56) {
                record = locator - 56  // the usual place, when bytes in front shifted every offset
            }
            guard record >= 0, r.contains(record, 56) else {
                throw CatalogError("zip: zip64 end of central directory locator without its record")
            }
            totalEntries = try r.u64(record + 32)
            directorySize = try r.u64(record + 40)
            directoryOffset = try r.u64(record + 48)
            directoryEnd = record
        }

        guard totalEntries <= UInt64(maxEntries) else {
            throw CatalogError("zip: \(totalEntries) entries (at most \(maxEntries) are read)")
        }
        guard directorySize <= UInt64(directoryEnd), directoryOffset <= UInt64(directoryEnd) - directorySize else {
            throw CatalogError("zip: the central directory (\(directorySize) bytes at offset \(directoryOffset)) extends past the data")
        }
        let size = Int(directorySize)
        var start = Int(directoryOffset)
        // Bytes in front of the archive shift every offset by their length.
        var shift = 0
        if totalEntries > 0, !r.has(centralSignature, at: start) {
            let shifted = directoryEnd - size
            guard r.has(centralSignature, at: shifted) else {
                throw CatalogError("zip: no central directory at offset \(directoryOffset)")
            }
            shift = shifted - start
            start = shifted
        }
        let limit = start + size

        var entries: [Entry] = []
        entries.reserveCapacity(min(Int(totalEntries), size / 46))
        var header = start
        for index in 0 ..< Int(totalEntries) {
            guard header <= limit - 46, r.has(centralSignature, at: header) else {
                throw CatalogError("zip: central directory header \(index) is missing or outside the central directory")
            }
            let madeBy = try r.u16(header + 4)
            let flags = try r.u16(header + 8)
            let method = try r.u16(header + 10)
            var compressed = UInt64(try r.u32(header + 20))
            var uncompressed = UInt64(try r.u32(header + 24))
            let nameLength = Int(try r.u16(header + 28))
            let extraLength = Int(try r.u16(header + 30))
            let commentLength = Int(try r.u16(header + 32))
            let external = try r.u32(header + 38)
            var localOffset = UInt64(try r.u32(header + 42))
            let name = header + 46
            let extra = name + nameLength
            let next = extra + extraLength + commentLength
            guard next <= limit else {
                throw CatalogError("zip: central directory header \(index) runs past the central directory")
            }

            if compressed == 0xFFFF_FFFF || uncompressed == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF,
               let field = try zip64Field(r, from: extra, to: extra + extraLength) {
                var cursor = field.lowerBound
                func value() throws -> UInt64 {
                    guard cursor <= field.upperBound - 8 else {
                        throw CatalogError("zip: entry \(index) has a short zip64 extra field")
                    }
                    defer { cursor += 8 }
                    return try r.u64(cursor)
                }
                if uncompressed == 0xFFFF_FFFF { uncompressed = try value() }
                if compressed == 0xFFFF_FFFF { compressed = try value() }
                if localOffset == 0xFFFF_FFFF { localOffset = try value() }
            }

            guard compressed <= UInt64(count) else {
                throw CatalogError("zip: entry \(index) claims \(compressed) compressed bytes, more than the archive's \(count)")
            }
            guard uncompressed <= maxUncompressedSize else {
                throw CatalogError("zip: entry \(index) claims to inflate to \(uncompressed) bytes")
            }
            guard localOffset <= UInt64(count) else {
                throw CatalogError("zip: entry \(index) has its local header at \(localOffset), past the archive's \(count) bytes")
            }
            let local = Int(localOffset) + shift
            guard r.has(localSignature, at: local), r.contains(local, 30) else {
                throw CatalogError("zip: entry \(index) has no local header at offset \(local)")
            }
            let localNameLength = Int(try r.u16(local + 26))
            let localExtraLength = Int(try r.u16(local + 28))
            let dataOffset = local + 30 + localNameLength + localExtraLength
            guard dataOffset <= count, Int(compressed) <= count - dataOffset else {
                throw CatalogError("zip: the data of entry \(index) runs past the end of the archive")
            }

            let path = String(decoding: UnsafeRawBufferPointer(rebasing: r.raw[name ..< extra]), as: UTF8.self)
            var isRegularFile = !path.hasSuffix("/")
            switch madeBy >> 8 {
            case 0:  // MS-DOS: the directory attribute
                if external & 0x10 != 0 { isRegularFile = false }
            case 3:  // Unix: the file type in the mode's high bits (0 when the writer left it out)
                let type = (external >> 16) & 0o170000
                if type != 0, type != 0o100000 { isRegularFile = false }
            default:
                break
            }
            entries.append(Entry(path: path, method: method, flags: flags, compressedSize: Int(compressed),
                                 uncompressedSize: uncompressed, localHeaderOffset: local, dataOffset: dataOffset,
                                 isRegularFile: isRegularFile))
            header = next
        }
        return entries
    }

    /// The bytes of the first zip64 extended-information field (header 0x0001) of an extra
    /// field, without its 4-byte header; nil when there is none.
    private static func zip64Field(_ r: Reader, from start: Int, to end: Int) throws -> Range<Int>? {
        var position = start
        while position <= end - 4 {
            let id = try r.u16(position)
            let size = Int(try r.u16(position + 2))
            guard size <= end - position - 4 else { return nil }  // a truncated field: stop there
            if id == 0x0001 { return (position + 4) ..< (position + 4 + size) }
            position += 4 + size
        }
        return nil
    }

    /// The bytes of a stored or deflated entry read by ``entries(_:)`` from the same `data`.
    /// Throws a ``CatalogError`` as soon as they pass `limit` (whatever size the entry
    /// declares), when the deflate stream is corrupt or runs past the entry's data, and for
    /// encrypted entries or other compression methods.
    static func extract(_ entry: Entry, from data: Data, limit: Int) throws -> Data {
        var produced = 0
        return try extract(entry, from: data, limit: limit, produced: &produced)
    }

    /// ``extract(_:from:limit:)``, adding to `produced` the bytes inflated, also when it throws.
    static func extract(_ entry: Entry, from data: Data, limit: Int, produced: inout Int) throws -> Data {
        guard entry.flags & 1 == 0 else { throw CatalogError("zip: \(entry.path) is encrypted") }
        guard entry.dataOffset >= 0, entry.compressedSize >= 0, entry.dataOffset <= data.count,
              entry.compressedSize <= data.count - entry.dataOffset else {
            throw CatalogError("zip: the data of \(entry.path) lies outside the archive")
        }
        let start = data.startIndex + entry.dataOffset
        let body = data.subdata(in: start ..< (start + entry.compressedSize))
        switch entry.method {
        case 0:
            guard body.count <= limit else { throw CatalogError("zip: \(entry.path) is more than \(limit) bytes") }
            produced += body.count
            return body
        case 8:
            return try Zlib.inflateRaw(body, limit: limit, produced: &produced, what: "zip: \(entry.path)")
        default:
            throw CatalogError("zip: \(entry.path) uses compression method \(entry.method), which is not read")
        }
    }
}
