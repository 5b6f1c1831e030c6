import Foundation
import ZIPFoundation

/// Java archives (JAR, WAR, EAR) including nested ones: `META-INF/maven/**/pom.properties`
/// (every artifact of a shaded jar), `MANIFEST.MF`, and the file name as a last resort.
public struct JavaArchiveCataloger: Cataloger {
    public let id = "java-archive"
    public let version = 1
    static let extensions = [".jar", ".war", ".ear", ".jpi", ".hpi", ".par", ".sar"]
    static let maxNestedBytes: UInt64 = 256 << 20

    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        let lower = path.lowercased()
        return size < 512 << 20 && Self.extensions.contains { lower.hasSuffix($0) }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        CatalogOutput(packages: try scan(file.data, location: file.path, fileName: String(file.name), depth: 0))
    }

    static func properties(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard !t.hasPrefix("#"), !t.hasPrefix("!"), let eq = t.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            out[t[..<eq].trimmingCharacters(in: .whitespaces)] = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    /// MANIFEST.MF main attributes (continuation lines start with one space).
    static func manifest(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        var last: String?
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty { break }
            if line.first == " ", let last { out[last, default: ""] += line.dropFirst(); continue }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            out[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            last = key
        }
        return out
    }

    func extract(_ archive: Archive, _ entry: Entry, limit: UInt64) throws -> Data? {
        guard entry.uncompressedSize <= limit else { return nil }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
        return data
    }

    func scan(_ data: Data, location: String, fileName: String, depth: Int) throws -> [Package] {
        guard let archive = try? Archive(data: data, accessMode: .read) else {
            throw CatalogError("not a valid Java archive (zip)")
        }
        var packages: [Package] = []
        var manifestFields: [String: String] = [:]
        var nested: [Entry] = []
        let lowerExtensions = Self.extensions
        do {
            for entry in archive where entry.type == .file {
                let path = entry.path
                if path.hasPrefix("META-INF/maven/") && path.hasSuffix("/pom.properties") {
                    guard let bytes = try extract(archive, entry, limit: 1 << 20) else { continue }
                    let p = Self.properties(String(decoding: bytes, as: UTF8.self))
                    guard let group = p["groupId"], let artifact = p["artifactId"], let version = p["version"],
                          !group.isEmpty, !artifact.isEmpty, !version.isEmpty else { continue }
                    packages.append(Package(type: .maven, namespace: group, name: artifact, version: version, path: location, foundBy: id))
                } else if path == "META-INF/MANIFEST.MF" {
                    if let bytes = try extract(archive, entry, limit: 1 << 20) {
                        manifestFields = Self.manifest(String(decoding: bytes, as: UTF8.self))
                    }
                } else if depth < 3, lowerExtensions.contains(where: { path.lowercased().hasSuffix($0) }) {
                    nested.append(entry)
                }
            }
        } catch {
            throw CatalogError("corrupt Java archive: \(error)")
        }
        // One declared license for the archive's own artifact.
        let license = manifestFields["Bundle-License"].map(Self.licenseName)
        if packages.isEmpty {
            if let fallback = fallbackPackage(manifestFields, fileName: fileName, location: location) { packages.append(fallback) }
        }
        if let license {
            for i in packages.indices where fileName.hasPrefix(packages[i].name) && packages[i].licenses.isEmpty {
                packages[i].licenses = [license]
            }
        }
        for entry in nested {
            guard let bytes = try? extract(archive, entry, limit: Self.maxNestedBytes) else { continue }
            let name = String(entry.path.split(separator: "/").last ?? Substring(entry.path))
            packages += (try? scan(bytes, location: location + ":" + entry.path, fileName: name, depth: depth + 1)) ?? []
        }
        return packages
    }

    static func licenseName(_ value: String) -> String {
        let lower = value.lowercased()
        if lower.contains("apache.org/licenses/license-2.0") || lower.contains("apache license, version 2.0") || lower == "apache-2.0" { return "Apache-2.0" }
        if lower.contains("opensource.org/licenses/mit") { return "MIT" }
        if lower.contains("eclipse.org/legal/epl-2.0") { return "EPL-2.0" }
        return value
    }

    /// From MANIFEST.MF, else from a `name-1.2.3.jar` file name.
    func fallbackPackage(_ manifest: [String: String], fileName: String, location: String) -> Package? {
        var stem = fileName
        for ext in Self.extensions where stem.lowercased().hasSuffix(ext) { stem = String(stem.dropLast(ext.count)) }
        var name: String?
        var version: String?
        if let match = stem.firstMatch(of: /^(.+?)-(\d[\w.+-]*)$/) {
            name = String(match.1)
            version = String(match.2)
        }
        version = version ?? manifest["Implementation-Version"] ?? manifest["Bundle-Version"] ?? manifest["Specification-Version"]
        name = name ?? manifest["Implementation-Title"] ?? manifest["Bundle-SymbolicName"]?.split(separator: ";").first.map(String.init)
        guard let name, let version, !name.isEmpty, !version.isEmpty else { return nil }
        let group = manifest["Implementation-Vendor-Id"] ?? manifest["Bundle-SymbolicName"].flatMap { symbolic -> String? in
            let s = symbolic.split(separator: ";").first.map(String.init) ?? ""
            guard let dot = s.lastIndex(of: ".") else { return nil }
            return String(s[..<dot])
        }
        return Package(type: .maven, namespace: group, name: name, version: version, path: location, foundBy: id)
    }
}
