import Foundation

/// Java archives (JAR, WAR, EAR) including nested ones: `META-INF/maven/**/pom.properties`
/// (every artifact of a shaded jar), `MANIFEST.MF`, and the file name as a last resort.
///
/// Archives are read by ``ZipGuard``, which checks every entry against the data first. Nested
/// archives are read three levels deep, within a ``Budget`` shared by a top-level archive and
/// everything nested in it; an entry whose local header was already read in the same archive
/// (many central directory entries pointing at one inner jar) is skipped.
public struct JavaArchiveCataloger: Cataloger {
    public let id = "java-archive"
    public let version = 1
    static let extensions = [".jar", ".war", ".ear", ".jpi", ".hpi", ".par", ".sar"]
    static let maxNestedBytes = 256 << 20
    /// The most `pom.properties` or `MANIFEST.MF` may inflate to.
    static let maxMetadataBytes = 1 << 20

    /// What one top-level archive may cost, nested archives included: past either limit, the
    /// remaining entries are skipped (not an error). One per `catalog` call, never shared.
    final class Budget {
        let maxNestedArchives: Int
        let maxExtractedBytes: Int
        /// Nested archives extracted so far.
        var nestedArchives = 0
        /// Bytes inflated so far, metadata and nested archives alike.
        var extractedBytes = 0

        init(maxNestedArchives: Int = 1_000, maxExtractedBytes: Int = 1 << 30) {
            self.maxNestedArchives = maxNestedArchives
            self.maxExtractedBytes = maxExtractedBytes
        }

        var remainingBytes: Int { max(0, maxExtractedBytes - extractedBytes) }
    }

    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        let lower = path.lowercased()
        return size < 512 << 20 && Self.extensions.contains { lower.hasSuffix($0) }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        CatalogOutput(packages: try scan(file.data, location: file.path, fileName: String(file.name), depth: 0, budget: Budget()))
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

    /// An entry's bytes; nil (skipped) when it declares more than `limit` bytes or more than
    /// the budget has left. Throws when it inflates to more than that, whatever it declared.
    func extract(_ data: Data, _ entry: ZipGuard.Entry, limit: Int, budget: Budget) throws -> Data? {
        let allowed = min(limit, budget.remainingBytes)
        guard allowed > 0, entry.uncompressedSize <= UInt64(allowed) else { return nil }
        var produced = 0
        defer { budget.extractedBytes += produced }
        return try ZipGuard.extract(entry, from: data, limit: allowed, produced: &produced)
    }

    func scan(_ data: Data, location: String, fileName: String, depth: Int, budget: Budget) throws -> [Package] {
        let entries: [ZipGuard.Entry]
        do {
            entries = try ZipGuard.entries(data)
        } catch {
            throw CatalogError("not a valid Java archive (zip): \(error)")
        }
        var packages: [Package] = []
        var manifestFields: [String: String] = [:]
        var nested: [ZipGuard.Entry] = []
        // Local headers already read: central directory entries sharing one are read once.
        var visited = Set<Int>()
        let lowerExtensions = Self.extensions
        do {
            for entry in entries where entry.isRegularFile {
                let path = entry.path
                if path.hasPrefix("META-INF/maven/") && path.hasSuffix("/pom.properties") {
                    guard visited.insert(entry.localHeaderOffset).inserted,
                          let bytes = try extract(data, entry, limit: Self.maxMetadataBytes, budget: budget) else { continue }
                    let p = Self.properties(String(decoding: bytes, as: UTF8.self))
                    guard let group = p["groupId"], let artifact = p["artifactId"], let version = p["version"],
                          !group.isEmpty, !artifact.isEmpty, !version.isEmpty else { continue }
                    packages.append(Package(type: .maven, namespace: group, name: artifact, version: version, path: location, foundBy: id))
                } else if path == "META-INF/MANIFEST.MF" {
                    if visited.insert(entry.localHeaderOffset).inserted,
                       let bytes = try extract(data, entry, limit: Self.maxMetadataBytes, budget: budget) {
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
        // A nested archive that cannot be read is skipped: the outer one is valid.
        for entry in nested {
            guard budget.nestedArchives < budget.maxNestedArchives, budget.remainingBytes > 0 else { break }
            guard visited.insert(entry.localHeaderOffset).inserted else { continue }
            budget.nestedArchives += 1
            guard let bytes = try? extract(data, entry, limit: Self.maxNestedBytes, budget: budget) else { continue }
            let name = String(entry.path.split(separator: "/").last ?? Substring(entry.path))
            packages += (try? scan(bytes, location: location + ":" + entry.path, fileName: name, depth: depth + 1, budget: budget)) ?? []
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
