import Foundation

/// NuGet lock files (`packages.lock.json`): `dependencies` → target framework → package name →
/// `{"type", "resolved", "dependencies"}`. `Project` entries (other projects of the solution) are
/// not packages. A package's `dependencies` name other packages of the same framework, whose
/// `resolved` version the edge points to.
public struct NuGetLockCataloger: Cataloger {
    public let id = "nuget-lock"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        LockFiles.fileName(path) == "packages.lock.json" && size < LockFiles.maxBytes && !LockFiles.isForeign(path)
    }

    struct Lock: Decodable {
        var dependencies: [String: [String: Entry]]?

        struct Entry: Decodable {
            var type: String?
            var resolved: String?
            var dependencies: [String: String]?

            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                type = try? c.decodeIfPresent(String.self, forKey: .type)
                resolved = try? c.decodeIfPresent(String.self, forKey: .resolved)
                dependencies = try? c.decodeIfPresent([String: String].self, forKey: .dependencies)
            }

            enum CodingKeys: String, CodingKey { case type, resolved, dependencies }
        }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let lock = try LockFiles.decode(Lock.self, from: file, format: "packages.lock.json")
        guard let frameworks = lock.dependencies else { throw CatalogError("packages.lock.json has no \"dependencies\"") }
        var packages: [Package] = []
        var edges: [Int: Set<Int>] = [:]
        var unresolved = 0
        for (_, entries) in frameworks.sorted(by: { $0.key < $1.key }) {
            // Name → index, for this framework's edges (names are case-insensitive in NuGet).
            var byName: [String: Int] = [:]
            var framework: [(index: Int, entry: Lock.Entry)] = []
            for (name, entry) in entries.sorted(by: { $0.key < $1.key }) where entry.type?.lowercased() != "project" {
                guard let version = entry.resolved, !version.isEmpty else { unresolved += 1; continue }
                byName[name.lowercased()] = packages.count
                framework.append((index: packages.count, entry: entry))
                packages.append(Package(type: .nuget, name: name, version: version, path: file.path, foundBy: id))
            }
            for (index, entry) in framework {
                for dependency in (entry.dependencies ?? [:]).keys {
                    if let to = byName[dependency.lowercased()] { edges[index, default: []].insert(to) }
                }
            }
        }
        if packages.isEmpty, unresolved > 0 {
            throw CatalogError("packages.lock.json: none of its \(unresolved) packages has a resolved version")
        }
        return CatalogOutput(packages: LockFiles.finish(packages, edges: edges))
    }
}
