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
    /// The section table is read by ``ELFSections``, which checks every offset against the file
    /// without overflowing on hostile 64-bit values.
    static func buildInfoOffset(_ data: Data) -> Int? {
        if let elf = ELFSections(data), let section = elf.section(named: ".go.buildinfo"),
           section.offset >= 0, data.count >= 32, section.offset <= data.count - 32 {
            return section.offset
        }
        // Fallback: the magic is 16-byte aligned in the data segment.
        return data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
            let m = magic
            guard raw.count >= 32 else { return nil }
            var i = 0
            while i <= raw.count - 32 {
                if raw[i] == 0xff, (1..<m.count).allSatisfy({ raw[i + $0] == m[$0] }) { return i }
                i += 16
            }
            return nil
        }
    }

    struct BuildInfo { var goVersion: String; var modinfo: String }

    static func parseBuildInfo(_ data: Data, at offset: Int) throws -> BuildInfo {
        guard offset >= 0, offset <= data.count else { throw CatalogError("corrupt Go build info header") }
        let start = data.startIndex + offset
        let bytes = [UInt8](data[start..<(start + min(data.count - offset, 1 << 20))])
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
            // As a subtraction: a hostile varint near Int.max must not overflow `position + length`.
            guard length >= 0, position <= bytes.count, length <= bytes.count - position else {
                throw CatalogError("truncated Go build info")
            }
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
