import Foundation

/// Go modules from the build information Go embeds in binaries (`.go.buildinfo`, Go 1.18+):
/// the main module, every dependency (replacements applied), and the toolchain as `stdlib`.
public struct GoBinaryCataloger: Cataloger {
    public let id = "go-binary"
    public let version = 1
    public init() {}

    static let magic: [UInt8] = [0xff] + Array(" Go buildinf:".utf8)

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        mode & 0o111 != 0 && size > 1024 && size < 512 << 20
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let bytes = file.data
        // Only ELF executables; everything else is skipped silently.
        guard bytes.count > 64, bytes[bytes.startIndex] == 0x7f, bytes[bytes.startIndex + 1] == 0x45,
              bytes[bytes.startIndex + 2] == 0x4c, bytes[bytes.startIndex + 3] == 0x46 else { return CatalogOutput() }
        guard let start = Self.buildInfoOffset(bytes) else { return CatalogOutput() }
        let info = try Self.parseBuildInfo(bytes, at: start)
        return CatalogOutput(packages: packages(goVersion: info.goVersion, modinfo: info.modinfo, path: file.path))
    }

    /// Where `.go.buildinfo` starts: from the section table, else by searching for the magic.
    static func buildInfoOffset(_ data: Data) -> Int? {
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
            func u16(_ o: Int, _ le: Bool) -> Int? { guard o + 2 <= raw.count else { return nil }
                let v = raw.loadUnaligned(fromByteOffset: o, as: UInt16.self); return Int(le ? UInt16(littleEndian: v) : UInt16(bigEndian: v)) }
            func u32(_ o: Int, _ le: Bool) -> Int? { guard o + 4 <= raw.count else { return nil }
                let v = raw.loadUnaligned(fromByteOffset: o, as: UInt32.self); return Int(le ? UInt32(littleEndian: v) : UInt32(bigEndian: v)) }
            func u64(_ o: Int, _ le: Bool) -> Int? { guard o + 8 <= raw.count else { return nil }
                let v = raw.loadUnaligned(fromByteOffset: o, as: UInt64.self); let x = le ? UInt64(littleEndian: v) : UInt64(bigEndian: v)
                return x > UInt64(Int.max) ? nil : Int(x) }
            let is64 = raw[4] == 2
            let le = raw[5] == 1
            if let shoff = is64 ? u64(0x28, le) : u32(0x20, le),
               let shentsize = u16(is64 ? 0x3A : 0x2E, le), let shnum = u16(is64 ? 0x3C : 0x30, le),
               let shstrndx = u16(is64 ? 0x3E : 0x32, le), shnum > 0, shnum < 65_000, shstrndx < shnum,
               shentsize >= (is64 ? 64 : 40), shoff > 0, shoff + shnum * shentsize <= raw.count {
                func section(_ i: Int) -> (name: Int, offset: Int, size: Int)? {
                    let base = shoff + i * shentsize
                    guard let name = u32(base, le) else { return nil }
                    if is64 {
                        guard let off = u64(base + 24, le), let size = u64(base + 32, le) else { return nil }
                        return (name, off, size)
                    }
                    guard let off = u32(base + 16, le), let size = u32(base + 20, le) else { return nil }
                    return (name, off, size)
                }
                if let strtab = section(shstrndx) {
                    let target = Array(".go.buildinfo".utf8) + [0]
                    for i in 0..<shnum {
                        guard let s = section(i) else { continue }
                        let at = strtab.offset + s.name
                        guard at >= 0, at + target.count <= raw.count else { continue }
                        if (0..<target.count).allSatisfy({ raw[at + $0] == target[$0] }), s.offset + 32 <= raw.count {
                            return s.offset
                        }
                    }
                }
            }
            // Fallback: the magic is 16-byte aligned in the data segment.
            var i = 0
            let m = magic
            while i + 32 <= raw.count {
                if raw[i] == 0xff, (1..<m.count).allSatisfy({ raw[i + $0] == m[$0] }) { return i }
                i += 16
            }
            return nil
        }
    }

    struct BuildInfo { var goVersion: String; var modinfo: String }

    static func parseBuildInfo(_ data: Data, at offset: Int) throws -> BuildInfo {
        let bytes = [UInt8](data[(data.startIndex + offset)..<min(data.endIndex, data.startIndex + offset + (1 << 20))])
        guard bytes.count >= 32, Array(bytes[0..<14]) == magic else { throw CatalogError("corrupt Go build info header") }
        let flags = bytes[15]
        guard flags & 0x2 != 0 else {
            throw CatalogError("Go build info from before Go 1.18 (pointer format) is not read yet")
        }
        var position = 32
        func readString() throws -> String {
            var length = 0, shift = 0
            while true {
                guard position < bytes.count, shift < 63 else { throw CatalogError("truncated Go build info") }
                let b = bytes[position]; position += 1
                length |= Int(b & 0x7f) << shift
                if b & 0x80 == 0 { break }
                shift += 7
            }
            guard length >= 0, position + length <= bytes.count else { throw CatalogError("truncated Go build info") }
            defer { position += length }
            return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
        }
        let version = try readString()
        var modinfo = try readString()
        // modinfo is wrapped in 16-byte sentinels.
        if modinfo.utf8.count >= 33 {
            let u = Array(modinfo.utf8)
            if u[u.count - 17] == 0x0a { modinfo = String(decoding: u[16..<(u.count - 16)], as: UTF8.self) }
        }
        return BuildInfo(goVersion: version, modinfo: modinfo)
    }

    func packages(goVersion: String, modinfo: String, path: String) -> [Package] {
        var main: Package?
        var deps: [Package] = []
        for line in modinfo.split(whereSeparator: \.isNewline) {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 3 else { continue }
            switch f[0] {
            case "mod" where f[2] != "(devel)" && !f[2].isEmpty:
                main = Package(type: .golang, name: f[1], version: f[2], path: path, foundBy: id)
            case "dep":
                deps.append(Package(type: .golang, name: f[1], version: f[2], path: path, foundBy: id))
            case "=>" where !deps.isEmpty && f[2].hasPrefix("v"):
                deps[deps.count - 1].name = f[1]
                deps[deps.count - 1].version = f[2]
            default:
                break
            }
        }
        var out = deps
        if goVersion.hasPrefix("go") {
            let v = goVersion.dropFirst(2).split(separator: " ").first.map(String.init) ?? ""
            if !v.isEmpty { out.append(Package(type: .golang, name: "stdlib", version: "v" + v, path: path, foundBy: id)) }
        }
        if var main {
            main.dependsOn = out.map { PackageURL.make(for: $0, os: nil) }
            out.insert(main, at: 0)
        }
        return out
    }
}
