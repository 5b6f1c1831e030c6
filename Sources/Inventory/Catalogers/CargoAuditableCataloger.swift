import Foundation

/// Rust crates from binaries built with `cargo auditable`: an ELF section `.dep-v0` holds the
/// zlib-compressed JSON `{"packages": [{"name", "version", "source", "dependencies": [indices],
/// "root"?, "kind"?}]}`. Every crate is reported, the root (the binary's own crate) included, as
/// the Go binary cataloger reports the main module; the index lists become edges.
///
/// A binary without the section has no packages; a section that does not inflate or decode is an
/// error.
public struct CargoAuditableCataloger: Cataloger {
    public let id = "cargo-auditable"
    public let version = 1
    public init() {}

    /// The section cargo-auditable writes.
    static let sectionName = ".dep-v0"
    /// cargo-auditable's own reader refuses more than 8 MiB of JSON; allow twice that.
    static let maxJSONBytes = 16 << 20

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        mode & 0o111 != 0 && size > 1024 && size < 512 << 20
    }

    /// The JSON inside the section.
    struct Audit: Decodable {
        var packages: [Crate]

        struct Crate: Decodable {
            var name: String
            var version: String
            var source: String?
            var dependencies: [Int]?
            var root: Bool?
        }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        // Only ELF files with the section; anything else is skipped silently.
        guard let sections = ELFSections(file.data), let section = sections.section(named: Self.sectionName) else {
            return CatalogOutput()
        }
        guard let compressed = sections.contents(of: section, in: file.data) else {
            throw CatalogError("the \(Self.sectionName) section lies outside the file")
        }
        let json: Data
        do {
            json = try Zlib.decompress(compressed, limit: Self.maxJSONBytes)
        } catch let error as CatalogError {
            throw CatalogError("\(Self.sectionName): \(error.message)")
        }
        let audit: Audit
        do {
            audit = try JSONDecoder().decode(Audit.self, from: json)
        } catch let error as DecodingError {
            throw CatalogError("\(Self.sectionName) is not cargo-auditable JSON: \(LockFiles.describe(error))")
        }
        var packages: [Package] = []
        var edges: [Int: Set<Int>] = [:]
        for (i, crate) in audit.packages.enumerated() {
            guard !crate.name.isEmpty, !crate.version.isEmpty else {
                throw CatalogError("\(Self.sectionName): package \(i) has no name or version")
            }
            for dependency in crate.dependencies ?? [] {
                guard audit.packages.indices.contains(dependency) else {
                    throw CatalogError("\(Self.sectionName): package \(crate.name) depends on index \(dependency), out of range")
                }
                edges[i, default: []].insert(dependency)
            }
            packages.append(Package(type: .cargo, name: crate.name, version: crate.version, path: file.path, foundBy: id))
        }
        return CatalogOutput(packages: LockFiles.finish(packages, edges: edges))
    }
}
