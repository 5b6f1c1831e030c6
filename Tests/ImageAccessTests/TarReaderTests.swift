import Testing
@testable import ImageAccess

/// An in-memory byte source.
final class MemoryReader: ByteReader {
    let bytes: [UInt8]
    var offset = 0
    let chunk: Int
    init(_ bytes: [UInt8], chunk: Int = 7_777) { self.bytes = bytes; self.chunk = chunk }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset, chunk)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
        offset += n
        return n
    }
}

/// Builds tar archives byte by byte, as tar writers do (independent of the reader).
struct TarBuilder {
    var bytes: [UInt8] = []

    static func octal(_ value: Int, _ width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        let padded = String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        return Array(padded.utf8) + [0]
    }

    mutating func header(name: String, type: Character, size: Int = 0, link: String = "", mode: Int = 0o644,
                         uid: Int = 0, gid: Int = 0, prefix: String = "", magicUstar: Bool = true, devMajor: Int = 0, devMinor: Int = 0) {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ at: Int, _ value: [UInt8]) { for (i, b) in value.enumerated() where at + i < 512 { h[at + i] = b } }
        put(0, Array(name.utf8.prefix(100)))
        put(100, Self.octal(mode, 8))
        put(108, Self.octal(uid, 8))
        put(116, Self.octal(gid, 8))
        put(124, Self.octal(size, 12))
        put(136, Self.octal(1_700_000_000, 12))
        put(148, Array("        ".utf8))
        h[156] = type.asciiValue!
        put(157, Array(link.utf8.prefix(100)))
        put(257, magicUstar ? Array("ustar\u{0}00".utf8) : Array("ustar  \u{0}".utf8))
        put(329, Self.octal(devMajor, 8))
        put(337, Self.octal(devMinor, 8))
        put(345, Array(prefix.utf8))
        let sum = h.reduce(0) { $0 + Int($1) }
        put(148, Self.octal(sum, 7) + [0x20])
        bytes += h
    }

    mutating func data(_ content: [UInt8]) {
        bytes += content
        bytes += [UInt8](repeating: 0, count: (512 - content.count % 512) % 512)
    }

    mutating func file(_ name: String, _ content: String, mode: Int = 0o644) {
        header(name: name, type: "0", size: content.utf8.count, mode: mode)
        data(Array(content.utf8))
    }

    mutating func pax(_ records: [(String, String)], global: Bool = false) {
        var body: [UInt8] = []
        for (k, v) in records {
            let payload = " \(k)=\(v)\n"
            var length = payload.utf8.count + 1
            while String(length).utf8.count + payload.utf8.count != length { length += 1 }
            body += Array("\(length)\(payload)".utf8)
        }
        header(name: "PaxHeaders/x", type: global ? "g" : "x", size: body.count)
        data(body)
    }

    mutating func end() { bytes += [UInt8](repeating: 0, count: 1024) }
}

struct TarReaderTests {
    func entries(_ bytes: [UInt8], contents: Bool = true) throws -> [(TarEntry, String?)] {
        let reader = TarReader(MemoryReader(bytes), name: "test", limits: ReadLimits())
        var out: [(TarEntry, String?)] = []
        while let entry = try reader.next() {
            var text: String?
            if contents && entry.type == .file {
                var data: [UInt8] = []
                try reader.readContent { data += $0 }
                text = String(decoding: data, as: UTF8.self)
            }
            out.append((entry, text))
        }
        return out
    }

    @Test func ustarEntriesOfEveryType() throws {
        var t = TarBuilder()
        t.header(name: "etc/", type: "5", mode: 0o755)
        t.file("etc/hostname", "box\n")
        t.header(name: "etc/link", type: "2", link: "hostname", mode: 0o777)
        t.header(name: "etc/hard", type: "1", link: "etc/hostname")
        t.header(name: "dev/null", type: "3", mode: 0o666, devMajor: 1, devMinor: 3)
        t.header(name: "run/fifo", type: "6")
        t.header(name: "name.txt", type: "0", size: 5, prefix: "very/long/prefix")
        t.data(Array("hello".utf8))
        t.end()
        let e = try entries(t.bytes)
        #expect(e.map(\.0.path) == ["etc/", "etc/hostname", "etc/link", "etc/hard", "dev/null", "run/fifo", "very/long/prefix/name.txt"])
        #expect(e.map(\.0.type) == [.directory, .file, .symlink, .hardlink, .charDevice, .fifo, .file])
        #expect(e[1].1 == "box\n")
        #expect(e[2].0.linkTarget == "hostname")
        #expect(e[4].0.devMajor == 1 && e[4].0.devMinor == 3)
        #expect(e[6].1 == "hello")
        #expect(e[0].0.mode == 0o755)
    }

    @Test func paxAndGnuLongNames() throws {
        let long = String(repeating: "d/", count: 80) + "file-ü.txt"
        var t = TarBuilder()
        t.pax([("path", long), ("uid", "123456789"), ("mtime", "1700000000.123456789")])
        t.file("truncated", "pax")
        let gnuName = String(repeating: "g", count: 150)
        t.header(name: "././@LongLink", type: "L", size: gnuName.utf8.count + 1, magicUstar: false)
        t.data(Array(gnuName.utf8) + [0])
        t.file("short", "gnu")
        let target = String(repeating: "t/", count: 70)
        t.header(name: "././@LongLink", type: "K", size: target.utf8.count, magicUstar: false)
        t.data(Array(target.utf8))
        t.header(name: "sym", type: "2", link: "x")
        t.end()
        let e = try entries(t.bytes)
        #expect(e.count == 3)
        #expect(e[0].0.path == long)
        #expect(e[0].0.uid == 123_456_789)
        #expect(e[0].1 == "pax")
        #expect(e[1].0.path == gnuName)
        #expect(e[1].1 == "gnu")
        #expect(e[2].0.linkTarget == target)
    }

    @Test func unreadContentIsSkipped() throws {
        var t = TarBuilder()
        t.file("a", String(repeating: "x", count: 10_000))
        t.file("b", "second")
        t.end()
        let e = try entries(t.bytes, contents: false)
        #expect(e.map(\.0.path) == ["a", "b"])
        #expect(e[0].0.size == 10_000)
    }

    @Test func truncatedArchiveIsAnError() throws {
        var t = TarBuilder()
        t.file("a", String(repeating: "x", count: 5_000))
        let cut = Array(t.bytes.prefix(2_000))
        let error = #expect(throws: ImageAccessError.self) { try entries(cut) }
        #expect(error?.code == .malformed)
        #expect(error?.message.contains("truncated tar") == true)
    }

    @Test func corruptHeaderIsAnError() throws {
        var t = TarBuilder()
        t.file("a", "x")
        t.bytes[0] = UInt8(ascii: "Z")  // checksum no longer matches
        let error = #expect(throws: ImageAccessError.self) { try entries(t.bytes) }
        #expect(error?.message.contains("checksum") == true)
    }

    @Test func sparseFilesAreRefused() throws {
        var t = TarBuilder()
        t.header(name: "sparse", type: "S", size: 0)
        t.end()
        let error = #expect(throws: ImageAccessError.self) { try entries(t.bytes) }
        #expect(error?.code == .unsupported)
    }

    @Test func oversizedExtendedHeaderIsRefused() throws {
        var t = TarBuilder()
        t.header(name: "././@LongLink", type: "L", size: 2 << 20, magicUstar: false)
        let error = #expect(throws: ImageAccessError.self) { try entries(t.bytes) }
        #expect(error?.code == .limitExceeded)
    }
}

/// Hostile headers found in review: each must give an answer or a clear error, never a trap.
struct HostileTarTests {
    func entries(_ bytes: [UInt8], limits: ReadLimits = ReadLimits()) throws -> [TarEntry] {
        let reader = TarReader(MemoryReader(bytes), name: "test", limits: limits)
        var out: [TarEntry] = []
        while let entry = try reader.next() { out.append(entry) }
        return out
    }

    @Test func absurdPaxTimesAreIgnored() throws {
        for mtime in ["1e300", "nan", "inf", "-1e300"] {
            var t = TarBuilder()
            t.pax([("mtime", mtime)])
            t.file("a", "x")
            t.end()
            #expect(try entries(t.bytes).map(\.path) == ["a"])
        }
    }

    @Test func hugeSizeClaimsAreRefused() {
        var t = TarBuilder()
        t.pax([("size", "9223372036854775807")])
        t.header(name: "link", type: "2", link: "x")
        t.end()
        let error = #expect(throws: ImageAccessError.self) { try entries(t.bytes) }
        #expect(error?.code == .limitExceeded)
    }

    /// Links, directories and devices are header-only (as Go's archive/tar reads them): a size field
    /// on them must not hide the entries that follow.
    @Test func headerOnlyTypesSkipNoData() throws {
        var t = TarBuilder()
        t.header(name: "sym", type: "2", size: 1024, link: "target")
        t.file("etc/cron.d/evil", "* * * * * root sh\n")
        t.end()
        #expect(try entries(t.bytes).map(\.path) == ["sym", "etc/cron.d/evil"])
    }

    @Test func globalPaxRecordsAreIgnored() throws {
        var t = TarBuilder()
        t.pax([("path", "x")], global: true)
        t.file("a", "1")
        t.file("b", "2")
        t.end()
        #expect(try entries(t.bytes).map(\.path) == ["a", "b"])
    }

    @Test func negativeBase256IsRefused() {
        var t = TarBuilder()
        t.header(name: "a", type: "0", size: 0)
        // size field: 0xff then zeros = a negative base-256 number; fix the checksum afterwards.
        t.bytes[124] = 0xff
        for i in 125..<136 { t.bytes[i] = 0 }
        for i in 148..<156 { t.bytes[i] = 0x20 }
        let sum = t.bytes[0..<512].reduce(0) { $0 + Int($1) }
        let octal = TarBuilder.octal(sum, 7)
        for (i, b) in octal.enumerated() { t.bytes[148 + i] = b }
        t.bytes[155] = 0x20
        let error = #expect(throws: ImageAccessError.self) { try entries(t.bytes) }
        #expect(error?.message.contains("negative") == true)
    }

    @Test func overlongPathsAreRefused() {
        #expect(throws: ImageAccessError.self) { try PathSanitizer.clean(String(repeating: "a/", count: 2100)) }
        #expect(throws: ImageAccessError.self) { try PathSanitizer.clean(String(repeating: "a/", count: 300)) }
        #expect(throws: Never.self) { try PathSanitizer.clean(String(repeating: "a/", count: 200)) }
    }

    @Test func verifyingReaderWithAbsurdDeclaredSize() throws {
        let reader = VerifyingReader(MemoryReader([1, 2, 3]), expected: nil, expectedSize: Int64.max, name: "blob")
        var buffer = [UInt8](repeating: 0, count: 16)
        let error = #expect(throws: ImageAccessError.self) {
            while try buffer.withUnsafeMutableBytes({ try reader.read(into: $0) }) > 0 {}
        }
        #expect(error?.code == .sizeMismatch)
    }
}

struct PathSanitizerTests {
    @Test func cleansRelativePaths() throws {
        #expect(try PathSanitizer.clean("./usr//bin/../lib/") == "usr/lib")
        #expect(try PathSanitizer.clean("a/./b") == "a/b")
        #expect(try PathSanitizer.clean("./") == "")
    }

    @Test(arguments: ["../etc/passwd", "a/../../b", "/etc/shadow", "..", "x/../../../y"])
    func refusesEscapes(_ path: String) {
        let error = #expect(throws: ImageAccessError.self) { try PathSanitizer.clean(path) }
        #expect(error?.code == .unsafePath)
    }
}
