import Foundation

/// Bounds-checked reads from a byte buffer, for the binary rpm database formats.
///
/// Every read past the end throws ``CatalogError`` instead of trapping, so a truncated or
/// hostile file is a warning, never a crash. Only valid inside the `withUnsafeBytes` call
/// that produced the buffer.
struct ByteView {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var count: Int { bytes.count }

    /// Throws unless `length` bytes at `offset` are inside the buffer.
    func check(_ offset: Int, _ length: Int) throws {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw CatalogError("truncated: \(length) bytes at offset \(offset) of \(count)")
        }
    }

    func u8(_ offset: Int) throws -> UInt8 {
        try check(offset, 1)
        return bytes[offset]
    }

    func u16(_ offset: Int, bigEndian: Bool) throws -> UInt16 {
        try check(offset, 2)
        let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
    }

    func u32(_ offset: Int, bigEndian: Bool) throws -> UInt32 {
        try check(offset, 4)
        let raw = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
    }

    /// `length` bytes at `offset`, without copying.
    func slice(_ offset: Int, _ length: Int) throws -> UnsafeRawBufferPointer {
        try check(offset, length)
        return UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + length])
    }

    /// A copy of `length` bytes at `offset`.
    func array(_ offset: Int, _ length: Int) throws -> [UInt8] {
        [UInt8](try slice(offset, length))
    }
}

/// The tags Palisade reads from one rpm package header.
///
/// Every rpm database backend (SQLite, Berkeley DB, NDB) stores each installed package as a
/// header blob in rpm's on-disk header format (`headerExport`, lib/header.c): a big-endian
/// `int32` count of index entries (`il`), an `int32` length of the data store (`dl`), `il`
/// 16-byte index entries (tag, type, offset into the data store, count), then the data store.
/// Headers read from `.rpm` files carry an 8-byte magic (`8E AD E8 01 00 00 00 00`) in front;
/// it is accepted too. When a tag occurs more than once (rpm's "dribble" entries after the
/// immutable region), the last one wins, as in rpm's `headerImport`.
struct RpmHeader: Sendable, Equatable {
    /// Tag numbers (rpmtag.h).
    enum Tag {
        static let name: Int32 = 1000
        static let version: Int32 = 1001
        static let release: Int32 = 1002
        static let epoch: Int32 = 1003
        static let vendor: Int32 = 1011
        static let license: Int32 = 1014
        static let arch: Int32 = 1022
        static let sourceRPM: Int32 = 1044

        static let all: Set<Int32> = [name, version, release, epoch, vendor, license, arch, sourceRPM]
    }

    /// Entry types (rpmtag.h `rpmTagType`).
    enum EntryType {
        static let int32: UInt32 = 4
        static let string: UInt32 = 6
        static let stringArray: UInt32 = 8
        static let i18nString: UInt32 = 9
    }

    /// Limits from rpm's header_internal.h (`hdrchkTags`, `headerMaxbytes`).
    static let maxIndexEntries = 0xFFFF
    static let maxDataBytes = 256 << 20
    static let magic: [UInt8] = [0x8E, 0xAD, 0xE8, 0x01, 0, 0, 0, 0]

    /// String-valued tags (the first string of arrays and i18n strings), by tag number.
    private(set) var strings: [Int32: String] = [:]
    /// `INT32` tags (the first value), by tag number.
    private(set) var numbers: [Int32: Int32] = [:]

    var name: String? { strings[Tag.name] }
    var version: String? { strings[Tag.version] }
    var release: String? { strings[Tag.release] }
    var epoch: Int32? { numbers[Tag.epoch] }
    var arch: String? { strings[Tag.arch] }
    var license: String? { strings[Tag.license] }
    var sourceRPM: String? { strings[Tag.sourceRPM] }
    var vendor: String? { strings[Tag.vendor] }

    /// Parses a header blob; throws ``CatalogError`` when it is truncated or inconsistent.
    init(_ blob: [UInt8]) throws {
        self = try blob.withUnsafeBytes { raw in try RpmHeader(ByteView(raw)) }
    }

    /// Parses a header blob held in `view`.
    init(_ view: ByteView) throws {
        var start = 0
        if view.count >= 8, try view.slice(0, 8).elementsEqual(Self.magic) { start = 8 }
        let il = Int(try view.u32(start, bigEndian: true))
        let dl = Int(try view.u32(start + 4, bigEndian: true))
        guard il >= 1, il <= Self.maxIndexEntries else {
            throw CatalogError("rpm header: \(il) index entries")
        }
        guard dl <= Self.maxDataBytes else {
            throw CatalogError("rpm header: \(dl)-byte data store is over the limit")
        }
        let indexStart = start + 8
        let dataStart = indexStart + 16 * il
        guard dataStart + dl <= view.count else {
            throw CatalogError("rpm header: truncated (\(il) entries and \(dl) data bytes need \(dataStart + dl) bytes, have \(view.count))")
        }
        let store = try view.slice(dataStart, dl)
        for i in 0 ..< il {
            let entry = indexStart + 16 * i
            let tag = Int32(bitPattern: try view.u32(entry, bigEndian: true))
            guard Tag.all.contains(tag) else { continue }
            let type = try view.u32(entry + 4, bigEndian: true)
            let offset = Int(Int32(bitPattern: try view.u32(entry + 8, bigEndian: true)))
            let count = try view.u32(entry + 12, bigEndian: true)
            guard offset >= 0, offset < dl, count >= 1 else {
                throw CatalogError("rpm header: tag \(tag) has offset \(offset) and count \(count) outside the \(dl)-byte data store")
            }
            switch type {
            case EntryType.string, EntryType.stringArray, EntryType.i18nString:
                let rest = UnsafeRawBufferPointer(rebasing: store[offset...])
                guard let nul = rest.firstIndex(of: 0) else {
                    throw CatalogError("rpm header: tag \(tag) has an unterminated string")
                }
                strings[tag] = String(decoding: UnsafeRawBufferPointer(rebasing: rest[..<nul]), as: UTF8.self)
            case EntryType.int32:
                guard offset <= dl - 4 else {
                    throw CatalogError("rpm header: tag \(tag) runs past the data store")
                }
                numbers[tag] = Int32(bitPattern: try view.u32(dataStart + offset, bigEndian: true))
            default:
                throw CatalogError("rpm header: tag \(tag) has unexpected type \(type)")
            }
        }
    }
}
