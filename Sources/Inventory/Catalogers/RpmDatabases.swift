import Foundation

/// rpm's Berkeley DB `Packages` file (rpm up to 4.15: RHEL/CentOS 7 and 8, Amazon Linux 2,
/// SLES 12/15 before NDB), read without libdb.
///
/// It is a Berkeley DB hash database: page 0 is the hash metadata page (magic `0x061561` at
/// offset 12, in the byte order of the machine that wrote it, page size at offset 20, last
/// page number at offset 32); hash pages (`P_HASH` 13, or `P_HASH_UNSORTED` 2 from older libdb)
/// hold key/data item pairs through an index of 2-byte offsets after the 26-byte page header.
/// Keys are package instance numbers; a data item is either the header blob itself
/// (`H_KEYDATA`) or, for blobs too big for the page, an `H_OFFPAGE` reference to a chain of
/// overflow pages (`P_OVERFLOW` 7) each holding `hf_offset` bytes after its header
/// (db_page.h in libdb; knqyf263/go-rpmdb reads it the same way).
enum RpmBerkeleyDB {
    static let hashMagic: UInt32 = 0x061561
    static let pageHeaderSize = 26

    /// Page types (db_page.h).
    enum PageType {
        static let hashUnsorted: UInt8 = 2
        static let overflow: UInt8 = 7
        static let hashMetadata: UInt8 = 8
        static let hash: UInt8 = 13
    }

    /// Hash item types (db_page.h).
    enum ItemType {
        static let keyData: UInt8 = 1
        static let offPage: UInt8 = 3
    }

    /// Whether `data` starts with a Berkeley DB metadata page, in either byte order.
    static func matches(_ data: Data) -> Bool {
        guard data.count >= 512 else { return false }
        return data.withUnsafeBytes { raw in
            let view = ByteView(raw)
            return (try? view.u32(12, bigEndian: false)) == hashMagic || (try? view.u32(12, bigEndian: true)) == hashMagic
        }
    }

    /// The header blobs of every package, in page order.
    static func headerBlobs(_ data: Data) throws -> [[UInt8]] {
        try data.withUnsafeBytes { raw in try headerBlobs(ByteView(raw)) }
    }

    static func headerBlobs(_ view: ByteView) throws -> [[UInt8]] {
        let bigEndian: Bool
        if try view.u32(12, bigEndian: false) == hashMagic {
            bigEndian = false
        } else if try view.u32(12, bigEndian: true) == hashMagic {
            bigEndian = true
        } else {
            throw CatalogError("not a Berkeley DB hash database")
        }
        let pageSize = Int(try view.u32(20, bigEndian: bigEndian))
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else {
            throw CatalogError("Berkeley DB: bad page size \(pageSize)")
        }
        guard try view.u8(24) == 0 else { throw CatalogError("Berkeley DB: encrypted database") }
        guard try view.u8(25) == PageType.hashMetadata else {
            throw CatalogError("Berkeley DB: page 0 is not a hash metadata page")
        }
        let lastPage = Int(try view.u32(32, bigEndian: bigEndian))
        let pageCount = min(lastPage + 1, view.count / pageSize)

        var blobs: [[UInt8]] = []
        // Every overflow page may belong to one chain only, read once: many off-page items
        // pointing at the same chain would otherwise copy it again and again.
        var overflowPages = Set<Int>()
        // Honest blobs are disjoint parts of the file, so together they are at most its size.
        var returnedBytes = 0
        func add(_ blob: [UInt8]) throws {
            guard blob.count <= view.count - returnedBytes else {
                throw CatalogError("Berkeley DB: the header blobs add up to more than the file's \(view.count) bytes")
            }
            returnedBytes += blob.count
            blobs.append(blob)
        }
        for pageNumber in stride(from: 1, to: pageCount, by: 1) {
            let page = pageNumber * pageSize
            let type = try view.u8(page + 25)
            guard type == PageType.hash || type == PageType.hashUnsorted else { continue }
            let entries = Int(try view.u16(page + 20, bigEndian: bigEndian))
            let indexEnd = pageHeaderSize + 2 * entries
            guard indexEnd <= pageSize else {
                throw CatalogError("Berkeley DB: page \(pageNumber) claims \(entries) items")
            }
            let offsets = try (0 ..< entries).map { Int(try view.u16(page + pageHeaderSize + 2 * $0, bigEndian: bigEndian)) }
            // Items fill the page from its end: item i ends where item i-1 starts (LEN_HITEM).
            func item(_ i: Int) throws -> (start: Int, length: Int) {
                let start = offsets[i]
                let end = i == 0 ? pageSize : offsets[i - 1]
                guard start >= indexEnd, start < end, end <= pageSize else {
                    throw CatalogError("Berkeley DB: page \(pageNumber) item \(i) is out of place")
                }
                return (page + start, end - start)
            }
            for pair in stride(from: 0, to: entries - 1, by: 2) {
                let key = try item(pair)
                let value = try item(pair + 1)
                // Record 0 is rpm's instance counter, not a package.
                if try view.u8(key.start) == ItemType.keyData, key.length == 5,
                   try view.slice(key.start + 1, 4).allSatisfy({ $0 == 0 }) {
                    continue
                }
                switch try view.u8(value.start) {
                case ItemType.keyData:
                    try add(try view.array(value.start + 1, value.length - 1))
                case ItemType.offPage:
                    guard value.length >= 12 else {
                        throw CatalogError("Berkeley DB: page \(pageNumber) has a short off-page item")
                    }
                    let first = Int(try view.u32(value.start + 4, bigEndian: bigEndian))
                    let total = Int(try view.u32(value.start + 8, bigEndian: bigEndian))
                    guard total <= view.count - returnedBytes else {
                        throw CatalogError("Berkeley DB: page \(pageNumber) has a \(total)-byte off-page item, more than the file")
                    }
                    try add(try overflow(view, first: first, total: total, pageSize: pageSize,
                                         pageCount: pageCount, bigEndian: bigEndian, visited: &overflowPages))
                default:
                    continue  // duplicate sets: rpm never stores them in Packages
                }
            }
        }
        return blobs
    }

    /// Concatenates a chain of overflow pages holding `total` bytes. `visited` holds the overflow
    /// pages already read in the whole database: a page met again (a cycle, or a second item
    /// pointing into a chain already read) is an error.
    static func overflow(_ view: ByteView, first: Int, total: Int, pageSize: Int, pageCount: Int, bigEndian: Bool,
                         visited: inout Set<Int>) throws -> [UInt8] {
        guard total <= RpmHeader.maxDataBytes else {
            throw CatalogError("Berkeley DB: \(total)-byte item is over the limit")
        }
        var out: [UInt8] = []
        out.reserveCapacity(min(total, view.count))
        var pageNumber = first
        while out.count < total {
            guard pageNumber > 0, pageNumber < pageCount else {
                throw CatalogError("Berkeley DB: broken overflow chain at page \(pageNumber)")
            }
            guard visited.insert(pageNumber).inserted else {
                throw CatalogError("Berkeley DB: overflow page \(pageNumber) is used twice")
            }
            let page = pageNumber * pageSize
            guard try view.u8(page + 25) == PageType.overflow else {
                throw CatalogError("Berkeley DB: page \(pageNumber) is not an overflow page")
            }
            let length = Int(try view.u16(page + 22, bigEndian: bigEndian))
            guard length <= pageSize - pageHeaderSize else {
                throw CatalogError("Berkeley DB: overflow page \(pageNumber) claims \(length) bytes")
            }
            out.append(contentsOf: try view.slice(page + pageHeaderSize, min(length, total - out.count)))
            pageNumber = Int(try view.u32(page + 16, bigEndian: bigEndian))
        }
        return out
    }
}

/// rpm's NDB `Packages.db` (rpm 4.16+ `ndb` backend, the default of SUSE since SLES 15 SP3),
/// as lib/backend/ndb/rpmpkg.c writes it; all numbers little-endian.
///
/// A 32-byte header (`RpmP`, version 0, generation, number of slot pages, next package index)
/// shares the first 4 KiB slot page with 16-byte slots (`Slot`, package index, block offset,
/// block count; offset 0 means free). Blocks are 16 bytes; a package's blocks hold a blob
/// header (`BlbS`, package index, timestamp, length), the header blob, zero padding and a
/// tail (Adler-32 of everything before it, length, `BlbE`).
enum RpmNDB {
    static let headerMagic: UInt32 = 0x506D_7052  // "RpmP"
    static let slotMagic: UInt32 = 0x746F_6C53  // "Slot"
    static let blobHeadMagic: UInt32 = 0x5362_6C42  // "BlbS"
    static let blobTailMagic: UInt32 = 0x4562_6C42  // "BlbE"
    static let pageSize = 4096
    static let blockSize = 16
    static let headerSize = 32
    static let blobHeadSize = 16
    static let blobTailSize = 12
    /// go-rpmdb's sanity bound: 2048 slot pages are over 500,000 packages.
    static let maxSlotPages = 2048

    /// Whether `data` starts with the NDB magic.
    static func matches(_ data: Data) -> Bool {
        data.count >= 4 && data.prefix(4).elementsEqual("RpmP".utf8)
    }

    /// The header blobs of every package, in slot order.
    static func headerBlobs(_ data: Data) throws -> [[UInt8]] {
        try data.withUnsafeBytes { raw in try headerBlobs(ByteView(raw)) }
    }

    static func headerBlobs(_ view: ByteView) throws -> [[UInt8]] {
        guard try view.u32(0, bigEndian: false) == headerMagic else { throw CatalogError("not an NDB database") }
        let version = try view.u32(4, bigEndian: false)
        guard version == 0 else { throw CatalogError("NDB: unsupported version \(version)") }
        let slotPages = Int(try view.u32(12, bigEndian: false))
        guard slotPages >= 1, slotPages <= maxSlotPages, slotPages * pageSize <= view.count else {
            throw CatalogError("NDB: bad slot page count \(slotPages)")
        }
        let firstBlock = slotPages * pageSize / blockSize
        // First every slot, then no two blobs may share a block: many slots pointing at the
        // same blob would otherwise copy it (and check its Adler-32) once per slot.
        var used: [(start: Int, end: Int, packageIndex: UInt32)] = []
        for slot in stride(from: headerSize, to: slotPages * pageSize, by: 16) {
            guard try view.u32(slot, bigEndian: false) == slotMagic else {
                throw CatalogError("NDB: bad slot at offset \(slot)")
            }
            let blockOffset = Int(try view.u32(slot + 8, bigEndian: false))
            if blockOffset == 0 { continue }  // a free slot
            let packageIndex = try view.u32(slot + 4, bigEndian: false)
            let blockCount = Int(try view.u32(slot + 12, bigEndian: false))
            // Both are 32-bit: the products cannot overflow a 64-bit Int.
            let start = blockOffset * blockSize
            let end = (blockOffset + blockCount) * blockSize
            guard packageIndex != 0, blockCount != 0, blockOffset >= firstBlock, end <= view.count else {
                throw CatalogError("NDB: slot for package \(packageIndex) points outside the file")
            }
            used.append((start, end, packageIndex))
        }
        let byStart = used.sorted { $0.start < $1.start }
        for (previous, next) in zip(byStart, byStart.dropFirst()) where next.start < previous.end {
            throw CatalogError("NDB: the blobs of packages \(previous.packageIndex) and \(next.packageIndex) overlap")
        }

        var blobs: [[UInt8]] = []
        var returnedBytes = 0
        for (start, end, packageIndex) in used {
            let blockOffset = start / blockSize
            let blockCount = (end - start) / blockSize
            guard try view.u32(start, bigEndian: false) == blobHeadMagic,
                  try view.u32(start + 4, bigEndian: false) == packageIndex else {
                throw CatalogError("NDB: no blob for package \(packageIndex) at block \(blockOffset)")
            }
            let length = Int(try view.u32(start + 12, bigEndian: false))
            guard blockCount == (blobHeadSize + length + blobTailSize + blockSize - 1) / blockSize else {
                throw CatalogError("NDB: blob of package \(packageIndex) does not fill its \(blockCount) blocks")
            }
            let tail = end - blobTailSize
            guard try view.u32(tail, bigEndian: false) == adler32(try view.slice(start, tail - start)),
                  try view.u32(tail + 4, bigEndian: false) == UInt32(length),
                  try view.u32(tail + 8, bigEndian: false) == blobTailMagic else {
                throw CatalogError("NDB: blob of package \(packageIndex) is corrupt (checksum or tail)")
            }
            // Disjoint blocks inside the file already bound the total; checked again all the same.
            guard length <= view.count - returnedBytes else {
                throw CatalogError("NDB: the header blobs add up to more than the file's \(view.count) bytes")
            }
            returnedBytes += length
            blobs.append(try view.array(start + blobHeadSize, length))
        }
        return blobs
    }

    /// Adler-32 (RFC 1950), as rpmpkg.c computes it.
    static func adler32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            // 5552 bytes is the most that cannot overflow 32 bits before the modulo (zlib's NMAX).
            let end = min(index + 5552, bytes.count)
            for i in index ..< end {
                a &+= UInt32(bytes[i])
                b &+= a
            }
            a %= 65521
            b %= 65521
            index = end
        }
        return b << 16 | a
    }
}
