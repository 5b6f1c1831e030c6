import Foundation

/// .NET applications' dependency manifests (`*.deps.json`, written next to the application by
/// `dotnet publish`): the `libraries` keyed `Name/Version` whose `type` is `package` (NuGet
/// packages; `project` and `reference` entries are the application's own assemblies). Edges come
/// from `targets` → framework → `Name/Version` → `dependencies` (`{name: version}`).
public struct DotnetDepsCataloger: Cataloger {
    public let id = "dotnet-deps"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        path.hasSuffix(".deps.json") && size < 64 << 20
    }

    struct Deps: Decodable {
        var targets: [String: [String: Target]]?
        var libraries: [String: Library]?

        struct Target: Decodable {
            var dependencies: [String: String]?
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                dependencies = try? c.decodeIfPresent([String: String].self, forKey: .dependencies)
            }
            enum CodingKeys: String, CodingKey { case dependencies }
        }

        struct Library: Decodable {
            var type: String?
        }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let deps = try LockFiles.decode(Deps.self, from: file, format: "deps.json")
        guard let libraries = deps.libraries else { throw CatalogError("deps.json has no \"libraries\"") }
        var packages: [Package] = []
        var byKey: [String: Int] = [:]
        for (key, library) in libraries.sorted(by: { $0.key < $1.key }) where library.type?.lowercased() == "package" {
            guard let parts = Self.split(key) else { continue }
            byKey[key] = packages.count
            packages.append(Package(type: .nuget, name: parts.name, version: parts.version, path: file.path, foundBy: id))
        }
        var edges: [Int: Set<Int>] = [:]
        for framework in (deps.targets ?? [:]).values {
            for (key, target) in framework {
                guard let from = byKey[key] else { continue }
                for (name, version) in target.dependencies ?? [:] {
                    if let to = byKey["\(name)/\(version)"] { edges[from, default: []].insert(to) }
                }
            }
        }
        return CatalogOutput(packages: LockFiles.finish(packages, edges: edges))
    }

    /// `Name/Version` → `(Name, Version)`.
    static func split(_ key: String) -> (name: String, version: String)? {
        guard let slash = key.lastIndex(of: "/") else { return nil }
        let name = String(key[..<slash]), version = String(key[key.index(after: slash)...])
        guard !name.isEmpty, !version.isEmpty else { return nil }
        return (name: name, version: version)
    }
}
