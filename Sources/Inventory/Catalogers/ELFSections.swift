import Foundation

/// The section table of an ELF file, 32- or 64-bit, either byte order: each section's name,
/// type, and where its bytes lie in the file. Extended numbering (more than 0xff00 sections,
/// the count and string-table index kept in section 0) is followed. Every offset is checked
/// against the file; a file whose table cannot be read gives `nil`, a section whose bytes lie
/// outside the file gives no contents.
struct ELFSections: Sendable {
    /// One section header.
    struct Section: Sendable, Equatable {
        var name: String
        /// `sh_type` (1 PROGBITS, 3 STRTAB, 8 NOBITS, ...).
        var type: UInt32
        /// Where the section's bytes start in the file.
        var offset: Int
        var size: Int
    }

    /// At most this many sections are read.
    static let maxSections = 1 << 16
    static let nobits: UInt32 = 8

    let sections: [Section]

    /// Reads the section table; nil when `data` is not ELF or its table is unreadable.
    init?(_ data: Data) {
        guard let sections = data.withUnsafeBytes({ Self.parse($0) }) else { return nil }
        self.sections = sections
    }

    /// The first section called `name`.
    func section(named name: String) -> Section? {
        sections.first { $0.name == name }
    }

    /// A section's bytes, when they lie inside `data` (NOBITS sections have none).
    func contents(of section: Section, in data: Data) -> Data? {
        guard section.type != Self.nobits, section.offset >= 0, section.size >= 0,
              section.offset <= data.count, section.size <= data.count - section.offset else { return nil }
        let start = data.startIndex + section.offset
        return data.subdata(in: start..<(start + section.size))
    }

    /// Bounds-checked integer reads in the file's byte order.
    private struct Reader {
        let raw: UnsafeRawBufferPointer
        let littleEndian: Bool

        func u16(_ o: Int) -> Int? {
            guard o >= 0, o <= raw.count - 2 else { return nil }
            let v = raw.loadUnaligned(fromByteOffset: o, as: UInt16.self)
            return Int(littleEndian ? UInt16(littleEndian: v) : UInt16(bigEndian: v))
        }

        func u32(_ o: Int) -> Int? {
            guard o >= 0, o <= raw.count - 4 else { return nil }
            let v = raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)
            return Int(littleEndian ? UInt32(littleEndian: v) : UInt32(bigEndian: v))
        }

        func u64(_ o: Int) -> Int? {
            guard o >= 0, o <= raw.count - 8 else { return nil }
            let v = raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)
            let x = littleEndian ? UInt64(littleEndian: v) : UInt64(bigEndian: v)
            return x > UInt64(Int.max) ? nil : Int(x)
        }
    }

    /// One raw section header.
    private struct Header {
        var name: Int
        var type: Int
        var offset: Int
        var size: Int
        var link: Int
    }

    private static func parse(_ raw: UnsafeRawBufferPointer) -> [Section]? {
        guard raw.count >= 52, raw[0] == 0x7f, raw[1] == 0x45, raw[2] == 0x4c, raw[3] == 0x46,
              raw[4] == 1 || raw[4] == 2, raw[5] == 1 || raw[5] == 2 else { return nil }
        let is64 = raw[4] == 2
        guard !is64 || raw.count >= 64 else { return nil }
        let r = Reader(raw: raw, littleEndian: raw[5] == 1)
        guard let shoff = is64 ? r.u64(0x28) : r.u32(0x20),
              let entsize = r.u16(is64 ? 0x3A : 0x2E),
              var count = r.u16(is64 ? 0x3C : 0x30),
              var strndx = r.u16(is64 ? 0x3E : 0x32),
              shoff > 0, shoff < raw.count, entsize >= (is64 ? 64 : 40) else { return nil }

        func header(_ i: Int) -> Header? {
            // i < maxSections and entsize < 65536: no overflow.
            let base = shoff + i * entsize
            guard base <= raw.count - entsize, let name = r.u32(base), let type = r.u32(base + 4) else { return nil }
            if is64 {
                guard let offset = r.u64(base + 24), let size = r.u64(base + 32), let link = r.u32(base + 40) else { return nil }
                return Header(name: name, type: type, offset: offset, size: size, link: link)
            }
            guard let offset = r.u32(base + 16), let size = r.u32(base + 20), let link = r.u32(base + 24) else { return nil }
            return Header(name: name, type: type, offset: offset, size: size, link: link)
        }

        if count == 0 {
            guard let zero = header(0), zero.size > 0, zero.size <= maxSections else { return nil }
            count = zero.size
        }
        if strndx == 0xffff {
            guard let zero = header(0) else { return nil }
            strndx = zero.link
        }
        guard count <= maxSections, strndx < count, let strtab = header(strndx),
              strtab.offset <= raw.count else { return nil }
        let stringsEnd = strtab.offset + min(strtab.size, raw.count - strtab.offset)

        var sections: [Section] = []
        sections.reserveCapacity(count)
        for i in 0..<count {
            guard let h = header(i) else { return nil }
            var name = ""
            if h.name < stringsEnd - strtab.offset {
                var end = strtab.offset + h.name
                while end < stringsEnd, raw[end] != 0, end - strtab.offset - h.name < 256 { end += 1 }
                name = String(decoding: UnsafeRawBufferPointer(rebasing: raw[(strtab.offset + h.name)..<end]), as: UTF8.self)
            }
            sections.append(Section(name: name, type: UInt32(truncatingIfNeeded: h.type), offset: h.offset, size: h.size))
        }
        return sections
    }
}
