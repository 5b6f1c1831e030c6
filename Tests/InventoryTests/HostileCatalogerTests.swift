import Foundation
import Testing
@testable import Inventory

/// Hostile inputs for the catalogers: each must be refused with a ``CatalogError`` (or give no
/// packages) without trapping, hanging or copying the same bytes over and over.

// MARK: - Builders

/// Builds small zip archives byte by byte, and breaks them on purpose.
struct TestZip {
    struct File {
        var name: String
        var data: Data
        var deflate = false
        /// A deflate stream to store as is (method 8), instead of compressing `data`.
        var deflated: [UInt8]?
        /// The uncompressed size the headers declare, when it should lie.
        var declaredSize: UInt32?

        init(name: String, data: Data, deflate: Bool = false, deflated: [UInt8]? = nil, declaredSize: UInt32? = nil) {
            self.name = name
            self.data = data
            self.deflate = deflate
            self.deflated = deflated
            self.declaredSize = declaredSize
        }
    }

    /// Zip64 values for every central directory entry: each one given saturates its 32-bit
    /// field and goes into a zip64 extra field, in the order of the format.
    struct Zip64 {
        var uncompressedSize: UInt64?
        var compressedSize: UInt64?
        var localHeaderOffset: UInt64?
    }

    var bytes: [UInt8] = []

    mutating func u16(_ v: UInt16) {
        bytes += [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)]
    }

    mutating func u32(_ v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> shift)) }
    }

    mutating func u64(_ v: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: v >> shift)) }
    }

    /// A zip holding `files`, with one central directory entry per file unless `central` lists
    /// (file index, name) pairs; `zip64` applies to every central entry; `zip64Entries` adds a
    /// zip64 end record (and locator) claiming that many entries.
    static func make(_ files: [File], central: [(file: Int, name: String)]? = nil, zip64: Zip64? = nil,
                     zip64Entries: UInt64? = nil) throws -> Data {
        var w = TestZip()
        var records: [(offset: Int, method: UInt16, compressed: Int, size: UInt32)] = []
        for file in files {
            var payload = [UInt8](file.data)
            var method: UInt16 = 0
            if let deflated = file.deflated {
                payload = deflated
                method = 8
            } else if file.deflate {
                let zlib = try Zlib.compress(file.data)
                payload = [UInt8](zlib.dropFirst(2).dropLast(4))
                method = 8
            }
            let size = file.declaredSize ?? UInt32(file.data.count)
            records.append((offset: w.bytes.count, method: method, compressed: payload.count, size: size))
            let name = [UInt8](file.name.utf8)
            w.u32(0x0403_4b50); w.u16(20); w.u16(0); w.u16(method); w.u16(0); w.u16(0)
            w.u32(0); w.u32(UInt32(payload.count)); w.u32(size)
            w.u16(UInt16(name.count)); w.u16(0)
            w.bytes += name
            w.bytes += payload
        }
        let directoryStart = w.bytes.count
        let entries: [(file: Int, name: String)] = central ?? files.indices.map { (file: $0, name: files[$0].name) }
        for entry in entries {
            let record = records[entry.file]
            let name = [UInt8](entry.name.utf8)
            var extra = TestZip()
            if let zip64 {
                let values = [zip64.uncompressedSize, zip64.compressedSize, zip64.localHeaderOffset].compactMap { $0 }
                extra.u16(1); extra.u16(UInt16(8 * values.count))
                for value in values { extra.u64(value) }
            }
            w.u32(0x0201_4b50); w.u16(0x031e); w.u16(zip64 == nil ? 20 : 45); w.u16(0); w.u16(record.method)
            w.u16(0); w.u16(0); w.u32(0)
            w.u32(zip64?.compressedSize == nil ? UInt32(record.compressed) : 0xFFFF_FFFF)
            w.u32(zip64?.uncompressedSize == nil ? record.size : 0xFFFF_FFFF)
            w.u16(UInt16(name.count)); w.u16(UInt16(extra.bytes.count)); w.u16(0)
            w.u16(0); w.u16(0); w.u32(0o100644 << 16)
            w.u32(zip64?.localHeaderOffset == nil ? UInt32(record.offset) : 0xFFFF_FFFF)
            w.bytes += name
            w.bytes += extra.bytes
        }
        let directorySize = w.bytes.count - directoryStart
        var count = UInt16(entries.count)
        var size = UInt32(directorySize)
        var offset = UInt32(directoryStart)
        if let zip64Entries {
            let record = w.bytes.count
            w.u32(0x0606_4b50); w.u64(44); w.u16(45); w.u16(45); w.u32(0); w.u32(0)
            w.u64(zip64Entries); w.u64(zip64Entries); w.u64(UInt64(directorySize)); w.u64(UInt64(directoryStart))
            w.u32(0x0706_4b50); w.u32(0); w.u64(UInt64(record)); w.u32(1)
            count = 0xFFFF
            size = 0xFFFF_FFFF
            offset = 0xFFFF_FFFF
        }
        w.u32(0x0605_4b50); w.u16(0); w.u16(0); w.u16(count); w.u16(count); w.u32(size); w.u32(offset); w.u16(0)
        return Data(w.bytes)
    }

    /// A jar holding one `pom.properties` for `artifact` (deflated).
    static func jar(artifact: String, version: String = "1.0") throws -> Data {
        let properties = "groupId=org.example\nartifactId=\(artifact)\nversion=\(version)\n"
        return try make([File(name: "META-INF/maven/org.example/\(artifact)/pom.properties", data: Data(properties.utf8), deflate: true)])
    }
}

/// Little-endian ELF64 files with a chosen section table.
enum TestELF {
    static func put(_ bytes: inout [UInt8], _ offset: Int, _ value: UInt64, _ width: Int) {
        for i in 0 ..< width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * i)) }
    }

    /// `size` bytes: the ELF header (section table at `shoff`, `shnum` 64-byte headers, names in
    /// section `shstrndx`), zeros elsewhere.
    static func header(size: Int = 1100, shoff: UInt64, shnum: UInt16, shstrndx: UInt16) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: size)
        b.replaceSubrange(0 ..< 7, with: [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])
        put(&b, 0x10, 2, 2)  // ET_EXEC
        put(&b, 0x28, shoff, 8)
        put(&b, 0x34, 64, 2)
        put(&b, 0x3A, 64, 2)
        put(&b, 0x3C, UInt64(shnum), 2)
        put(&b, 0x3E, UInt64(shstrndx), 2)
        return b
    }

    /// Writes section header `index` of a table at `shoff`.
    static func section(_ b: inout [UInt8], shoff: Int, index: Int, name: UInt32, type: UInt32, offset: UInt64, size: UInt64) {
        let base = shoff + 64 * index
        put(&b, base, UInt64(name), 4)
        put(&b, base + 4, UInt64(type), 4)
        put(&b, base + 24, offset, 8)
        put(&b, base + 32, size, 8)
    }

    /// Three sections (null, `.shstrtab` at 64, `.go.buildinfo`) with the table at 256.
    static func withBuildInfoSection(stringsOffset: UInt64 = 64, buildInfoOffset: UInt64) -> Data {
        var b = header(shoff: 256, shnum: 3, shstrndx: 1)
        let strings = [UInt8]("\0.shstrtab\0.go.buildinfo\0".utf8)
        b.replaceSubrange(64 ..< (64 + strings.count), with: strings)
        section(&b, shoff: 256, index: 1, name: 1, type: 3, offset: stringsOffset, size: UInt64(strings.count))
        section(&b, shoff: 256, index: 2, name: 11, type: 1, offset: buildInfoOffset, size: 32)
        return Data(b)
    }
}

// MARK: - Zip archives (ZipGuard, Java, Python .egg)

struct HostileZipTests {
    let java = JavaArchiveCataloger()

    @Test func readsAnHonestArchive() throws {
        let jar = try TestZip.jar(artifact: "honest", version: "2.0")
        try ZipGuard.validate(jar)
        let packages = try java.catalog(CatalogFile(path: "/opt/app.jar", data: jar)).packages
        #expect(packages.map(\.name) == ["honest"])
        #expect(packages.first?.version == "2.0")
        // The same file with honest zip64 fields (sizes and offset all in the extra field).
        let text = Data("hello, zip64".utf8)
        let zip = try TestZip.make([.init(name: "a.txt", data: text)],
                                   zip64: .init(uncompressedSize: UInt64(text.count), compressedSize: UInt64(text.count), localHeaderOffset: 0))
        let entries = try ZipGuard.entries(zip)
        #expect(entries.map(\.path) == ["a.txt"])
        #expect(try ZipGuard.extract(entries[0], from: zip, limit: 100) == text)
        // An archive behind a launcher script: offsets shifted by the script's length.
        let prefixed = Data("#!/bin/sh\nexec java -jar \"$0\"\n".utf8) + jar
        #expect(try java.catalog(CatalogFile(path: "/opt/app.jar", data: prefixed)).packages.map(\.name) == ["honest"])
    }

    @Test func zip64OffsetPastInt64MaxIsAnError() throws {
        // ZIPFoundation's off_t(offset) traps on this.
        let zip = try TestZip.make([.init(name: "a.jar", data: Data("x".utf8))], zip64: .init(localHeaderOffset: UInt64.max))
        #expect(throws: CatalogError.self) { try ZipGuard.validate(zip) }
        #expect(throws: CatalogError.self) { try java.catalog(CatalogFile(path: "/opt/x.jar", data: zip)) }
        #expect(throws: CatalogError.self) { try PythonCataloger().catalog(CatalogFile(path: "/usr/lib/x.egg", data: zip)) }
    }

    @Test func zip64SizesAreChecked() throws {
        // A compressed size past Int64.max (ZIPFoundation's Int64(size) traps) or past the data.
        for compressed: UInt64 in [.max, 1 << 62, 1 << 20] {
            let zip = try TestZip.make([.init(name: "a.txt", data: Data("x".utf8))], zip64: .init(compressedSize: compressed))
            #expect(throws: CatalogError.self, "\(compressed)") { try ZipGuard.validate(zip) }
        }
        // An absurd uncompressed size; a large one is only a claim, checked when inflating.
        let absurd = try TestZip.make([.init(name: "a.txt", data: Data("x".utf8))], zip64: .init(uncompressedSize: UInt64(1) << 41))
        #expect(throws: CatalogError.self) { try ZipGuard.validate(absurd) }
        let large = try TestZip.make([.init(name: "a.txt", data: Data("x".utf8))], zip64: .init(uncompressedSize: UInt64(1) << 33))
        try ZipGuard.validate(large)
    }

    @Test func tooManyEntriesOrADirectoryPastTheDataAreErrors() throws {
        let jar = try TestZip.jar(artifact: "a")
        let many = try TestZip.make([.init(name: "a.txt", data: Data("x".utf8))], zip64Entries: 2_000_000)
        #expect(throws: CatalogError.self) { try ZipGuard.validate(many) }
        #expect(throws: CatalogError.self) { try java.catalog(CatalogFile(path: "/opt/x.jar", data: many)) }
        // The end record's central directory size made huge, then its offset.
        for field in [12, 16] {
            var broken = jar
            let at = broken.count - 22 + field
            broken.replaceSubrange(at ..< (at + 4), with: [0xf0, 0xff, 0xff, 0x7f])
            #expect(throws: CatalogError.self, "field \(field)") { try ZipGuard.validate(broken) }
        }
        // More entries claimed than the central directory holds.
        var claims = jar
        claims.replaceSubrange((claims.count - 12) ..< (claims.count - 10), with: [9, 0])
        #expect(throws: CatalogError.self) { try ZipGuard.validate(claims) }
    }

    @Test func deflateBombIsAnError() throws {
        // 10 MB of zeros declared as 100 bytes: pom.properties, MANIFEST.MF, PKG-INFO.
        let zeros = Data(count: 10 << 20)
        for name in ["META-INF/maven/org.example/bomb/pom.properties", "META-INF/MANIFEST.MF"] {
            let jar = try TestZip.make([.init(name: name, data: zeros, deflate: true, declaredSize: 100)])
            #expect(throws: CatalogError.self, "\(name)") { try java.catalog(CatalogFile(path: "/opt/bomb.jar", data: jar)) }
        }
        let egg = try TestZip.make([.init(name: "EGG-INFO/PKG-INFO", data: zeros, deflate: true, declaredSize: 100)])
        #expect(throws: CatalogError.self) { try PythonCataloger().catalog(CatalogFile(path: "/usr/lib/bomb.egg", data: egg)) }
        let entry = try #require(try ZipGuard.entries(egg).first)
        var produced = 0
        do {
            _ = try ZipGuard.extract(entry, from: egg, limit: 1 << 20, produced: &produced)
            Issue.record("10 MB inflated under a 1 MiB limit")
        } catch is CatalogError {
            #expect(produced <= 1 << 20)
        }
        #expect(try ZipGuard.extract(entry, from: egg, limit: 10 << 20).count == 10 << 20)
    }

    @Test func truncatedDeflateStreamIsAnErrorNotAHang() throws {
        // A stored block, not the last, of 65,535 bytes with 10 present: the stream never ends.
        // ZIPFoundation's Linux inflater loops forever on this at the end of an archive.
        let stream: [UInt8] = [0x00, 0xff, 0xff, 0x00, 0x00] + [UInt8](repeating: 0x61, count: 10)
        let jar = try TestZip.make([.init(name: "META-INF/MANIFEST.MF", data: Data(), deflated: stream, declaredSize: 10)])
        let entry = try #require(try ZipGuard.entries(jar).first)
        #expect(throws: CatalogError.self) { try ZipGuard.extract(entry, from: jar, limit: 1 << 20) }
        #expect(throws: CatalogError.self) { try java.catalog(CatalogFile(path: "/opt/x.jar", data: jar)) }
    }

    @Test func nestedArchivesSharingALocalHeaderAreReadOnce() throws {
        // Three central entries, one inner jar: read once, not three times (N^3 over three levels).
        let inner = try TestZip.jar(artifact: "inner")
        let outer = try TestZip.make([.init(name: "lib/inner-1.0.jar", data: inner)],
                                     central: [(file: 0, name: "lib/a.jar"), (file: 0, name: "lib/b.jar"), (file: 0, name: "lib/c.jar")])
        let packages = try java.catalog(CatalogFile(path: "/opt/app.jar", data: outer)).packages
        #expect(packages.map(\.name) == ["inner"])
        #expect(packages.first?.locations.map(\.path) == ["/opt/app.jar:lib/a.jar"])
    }

    @Test func nestedArchivesStopAtTheBudget() throws {
        let outer = try TestZip.make([.init(name: "lib/one.jar", data: try TestZip.jar(artifact: "one")),
                                      .init(name: "lib/two.jar", data: try TestZip.jar(artifact: "two"))])
        let all = try java.scan(outer, location: "/opt/app.jar", fileName: "app.jar", depth: 0, budget: .init())
        #expect(all.map(\.name).sorted() == ["one", "two"])
        let oneArchive = JavaArchiveCataloger.Budget(maxNestedArchives: 1)
        let first = try java.scan(outer, location: "/opt/app.jar", fileName: "app.jar", depth: 0, budget: oneArchive)
        #expect(first.map(\.name) == ["one"])
        #expect(oneArchive.nestedArchives == 1)
        // Too few bytes left for either inner jar: both skipped, no error.
        let fewBytes = JavaArchiveCataloger.Budget(maxExtractedBytes: 64)
        #expect(try java.scan(outer, location: "/opt/app.jar", fileName: "app.jar", depth: 0, budget: fewBytes).isEmpty)
        #expect(fewBytes.extractedBytes <= 64)
    }
}

// MARK: - Go binaries

struct HostileGoBinaryTests {
    let go = GoBinaryCataloger()

    @Test func sectionTableOffsetNearIntMaxGivesNoPackages() throws {
        // shoff + shnum * shentsize overflowed before.
        let elf = Data(TestELF.header(shoff: 0x7fff_ffff_ffff_fff0, shnum: 2, shstrndx: 1))
        #expect(try go.catalog(CatalogFile(path: "/usr/bin/x", data: elf, mode: 0o755)).packages.isEmpty)
    }

    @Test func sectionOffsetsNearIntMaxGiveNoPackages() throws {
        // s.offset + 32 and strtab.offset + s.name overflowed before.
        for elf in [TestELF.withBuildInfoSection(buildInfoOffset: 0x7fff_ffff_ffff_fff0),
                    TestELF.withBuildInfoSection(stringsOffset: 0x7fff_ffff_ffff_fff0, buildInfoOffset: 512)] {
            #expect(try go.catalog(CatalogFile(path: "/usr/bin/x", data: elf, mode: 0o755)).packages.isEmpty)
        }
    }

    @Test func hugeBuildInfoLengthIsAnError() throws {
        // Build info found by its magic (no section table); the version's length is a varint.
        for varint: [UInt8] in [[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f],  // Int.max
                                [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],  // 2^63
                                [0xe8, 0x07]] {  // 1000: past the end of the file
            var b = TestELF.header(shoff: 0, shnum: 0, shstrndx: 0)
            let info = GoBinaryCataloger.magic + [8, 2] + [UInt8](repeating: 0, count: 16) + varint
            b.replaceSubrange(128 ..< (128 + info.count), with: info)
            let elf = Data(b)
            #expect(GoBinaryCataloger.buildInfoOffset(elf) == 128)
            #expect(throws: CatalogError.self, "\(varint)") { try go.catalog(CatalogFile(path: "/usr/bin/x", data: elf, mode: 0o755)) }
            #expect(throws: CatalogError.self) { try GoBinaryCataloger.parseBuildInfo(elf, at: 128) }
        }
    }
}

// MARK: - Lock files

struct HostileTOMLTests {
    @Test func deepNestingIsAnError() throws {
        let arrays = "a = " + String(repeating: "[", count: 1_000_000)
        #expect(throws: CatalogError.self) { try LockTOML(arrays, format: "poetry.lock") }
        let tables = "a = " + String(repeating: "{ b = ", count: 200) + "1" + String(repeating: " }", count: 200) + "\n"
        #expect(throws: CatalogError.self) { try LockTOML(tables, format: "uv.lock") }
        // Nesting well within the limit still reads.
        let fine = try LockTOML("a = " + String(repeating: "[", count: 100) + "1" + String(repeating: "]", count: 100) + "\n", format: "x")
        #expect(fine.root["a"] != nil)
    }
}

// MARK: - rpm databases

struct HostileRpmDatabaseTests {
    /// A 1 KiB SQLite file (512-byte pages) made by
    /// `CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY, blob BLOB GENERATED ALWAYS AS
    /// (zeroblob(50000000)) VIRTUAL)` and three rows: 150 MB of blobs from nothing.
    static let generatedBlobs = Data(base64Encoded: [
        "U1FMaXRlIGZvcm1hdCAzAAIAAQEAQCAgAAAAAgAAAAIAAAAAAAAAAAAAAAEAAAAEAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAACAC5jAQ0AAAABAXIAAXIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIELAQcX",
        "HR0BgWl0YWJsZVBhY2thZ2VzUGFja2FnZXMCQ1JFQVRFIFRBQkxFICdQYWNrYWdlcycgKGhudW0gSU5URUdFUiBQUklNQVJZIEtF",
        "WSwgYmxvYiBCTE9CIEdFTkVSQVRFRCBBTFdBWVMgQVMgKHplcm9ibG9iKDUwMDAwMDAwKSkgVklSVFVBTCkNAAAAAwH0AAH8AfgB",
        "9AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIDAgACAgIAAgECAA==",
    ].joined())!

    @Test func generatedBlobColumnIsRefused() throws {
        let error = #expect(throws: CatalogError.self) { try RpmSQLite.headerBlobs(Self.generatedBlobs) }
        #expect(error?.message.contains("hnum and blob") == true, "\(String(describing: error))")
        #expect(throws: CatalogError.self) {
            try RpmCataloger().catalog(CatalogFile(path: "/var/lib/rpm/rpmdb.sqlite", data: Self.generatedBlobs))
        }
    }

    @Test func sqliteBlobsAreReadRowByRowWithinTheFileSize() throws {
        let sqlite = try RpmDatabaseTests.fixture("rpmdb.sqlite")
        var rows = 0
        try RpmSQLite.forEachHeaderBlob(sqlite) { blob in
            rows += 1
            #expect((try? RpmHeader(ByteView(blob)))?.name != nil)
        }
        #expect(rows == 2)
        #expect(throws: CatalogError.self) { try RpmSQLite.forEachHeaderBlob(sqlite, maxTotalBytes: 100) { _ in } }
    }

    @Test func ndbSlotsSharingABlobAreAnError() throws {
        var ndb = try RpmDatabaseTests.fixture("Packages.db")
        #expect(try RpmNDB.headerBlobs(ndb).count == 2)
        // The third slot (free) becomes a copy of the first: two slots, one blob.
        let firstSlot = ndb.subdata(in: 32 ..< 48)
        ndb.replaceSubrange(64 ..< 80, with: firstSlot)
        #expect(throws: CatalogError.self) { try RpmNDB.headerBlobs(ndb) }
    }

    @Test func bdbItemsSharingAnOverflowChainAreAnError() throws {
        var bdb = try RpmDatabaseTests.fixture("Packages")  // little-endian, 4 KiB pages
        #expect(try RpmBerkeleyDB.headerBlobs(bdb).count == 2)
        // The off-page item on page 2 (its chain starts at page 3, 1,300 bytes) made to point at
        // the chain of page 1's item (page 4, 1,412 bytes).
        let item = 2 * 4096 + 4079
        #expect(bdb[item] == 3)
        bdb.replaceSubrange((item + 4) ..< (item + 12), with: [4, 0, 0, 0, 0x84, 0x05, 0, 0])
        #expect(throws: CatalogError.self) { try RpmBerkeleyDB.headerBlobs(bdb) }
    }
}
