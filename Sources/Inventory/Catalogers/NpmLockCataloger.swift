import Foundation

/// npm lock files: `package-lock.json` and `npm-shrinkwrap.json`, lockfileVersion 1 (the nested
/// `dependencies` tree) and 2/3 (the flat `packages` map keyed by `node_modules/...` paths, which
/// version 2 files also carry, so it is preferred).
///
/// Dependency edges follow Node's resolution: a package's dependency is the nearest copy in its
/// own `node_modules`, then its parents'. The root project, workspace folders and `link: true`
/// entries are not packages. An entry without a version is skipped; a file whose entries all lack
/// one is an error.
public struct NpmLockCataloger: Cataloger {
    public let id = "npm-lock"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        let name = LockFiles.fileName(path)
        return (name == "package-lock.json" || name == "npm-shrinkwrap.json") && size < LockFiles.maxBytes && !LockFiles.isForeign(path)
    }

    /// The parts of a lock file read here.
    struct Lock: Decodable {
        var lockfileVersion: Int?
        var packages: [String: Entry]?
        var dependencies: [String: LegacyEntry]?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            lockfileVersion = try? c.decodeIfPresent(Int.self, forKey: .lockfileVersion)
            packages = try c.decodeIfPresent([String: Entry].self, forKey: .packages)
            dependencies = try c.decodeIfPresent([String: LegacyEntry].self, forKey: .dependencies)
        }

        enum CodingKeys: String, CodingKey { case lockfileVersion, packages, dependencies }
    }

    /// An entry of the v2/v3 `packages` map. Fields of unexpected types read as absent.
    struct Entry: Decodable {
        var name: String?
        var version: String?
        var link: Bool?
        var license: NpmCataloger.Manifest.License?
        var dependencies: [String: String]?
        var optionalDependencies: [String: String]?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try? c.decodeIfPresent(String.self, forKey: .name)
            version = try? c.decodeIfPresent(String.self, forKey: .version)
            link = try? c.decodeIfPresent(Bool.self, forKey: .link)
            license = try? c.decodeIfPresent(NpmCataloger.Manifest.License.self, forKey: .license)
            dependencies = try? c.decodeIfPresent([String: String].self, forKey: .dependencies)
            optionalDependencies = try? c.decodeIfPresent([String: String].self, forKey: .optionalDependencies)
        }

        enum CodingKeys: String, CodingKey { case name, version, link, license, dependencies, optionalDependencies }
    }

    /// An entry of the v1 `dependencies` tree.
    struct LegacyEntry: Decodable {
        var version: String?
        var requires: [String: String]?
        var dependencies: [String: LegacyEntry]?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            version = try? c.decodeIfPresent(String.self, forKey: .version)
            requires = try? c.decodeIfPresent([String: String].self, forKey: .requires)
            dependencies = try c.decodeIfPresent([String: LegacyEntry].self, forKey: .dependencies)
        }

        enum CodingKeys: String, CodingKey { case version, requires, dependencies }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let format = String(LockFiles.fileName(file.path))
        let lock = try LockFiles.decode(Lock.self, from: file, format: format)
        let result: (packages: [Package], edges: [Int: Set<Int>], missingVersions: Int)
        if let packages = lock.packages {
            result = flat(packages, path: file.path)
        } else if let dependencies = lock.dependencies {
            result = tree(dependencies, path: file.path)
        } else {
            throw CatalogError("\(format) has neither \"packages\" nor \"dependencies\"")
        }
        if result.packages.isEmpty, result.missingVersions > 0 {
            throw CatalogError("\(format): none of its \(result.missingVersions) entries has a version")
        }
        return CatalogOutput(packages: LockFiles.finish(result.packages, edges: result.edges))
    }

    /// A package from a name and a lock-file version; `npm:name@version` aliases give the real name.
    func package(name: String, version: String, licenses: [String] = [], path: String) -> Package? {
        var name = name, version = version
        if version.hasPrefix("npm:"), let alias = NpmNames.split(version.dropFirst(4)) {
            name = alias.name
            version = alias.rest
        }
        guard !name.isEmpty, NpmNames.isRegistryVersion(version) else { return nil }
        return Package(type: .npm, name: name, version: version, licenses: licenses, path: path, foundBy: id)
    }

    /// lockfileVersion 2 and 3: the `packages` map.
    func flat(_ entries: [String: Entry], path: String) -> (packages: [Package], edges: [Int: Set<Int>], missingVersions: Int) {
        var packages: [Package] = []
        var index: [String: Int] = [:]
        var missing = 0
        let marker = "node_modules/"
        for (key, entry) in entries.sorted(by: { $0.key < $1.key }) {
            // The root ("") and workspace folders are the project itself.
            guard let last = key.range(of: marker, options: .backwards), entry.link != true else { continue }
            guard let version = entry.version, !version.isEmpty else { missing += 1; continue }
            let name = entry.name ?? String(key[last.upperBound...])
            let licenses = [entry.license?.name].compactMap { $0 }.filter { !$0.isEmpty }
            guard let p = package(name: name, version: version, licenses: licenses, path: path) else { continue }
            index[key] = packages.count
            packages.append(p)
        }
        var edges: [Int: Set<Int>] = [:]
        for (key, entry) in entries {
            guard let from = index[key] else { continue }
            let names = Array((entry.dependencies ?? [:]).keys) + Array((entry.optionalDependencies ?? [:]).keys)
            for name in names {
                if let to = Self.resolve(name, from: key, in: index) { edges[from, default: []].insert(to) }
            }
        }
        return (packages, edges, missing)
    }

    /// Node's lookup: `<dir>/node_modules/<name>` from the package's own folder up to the root.
    static func resolve(_ name: String, from key: String, in index: [String: Int]) -> Int? {
        var base = Substring(key)
        while true {
            let candidate = base.isEmpty ? "node_modules/\(name)" : "\(base)/node_modules/\(name)"
            if let found = index[candidate] { return found }
            if base.isEmpty { return nil }
            if let up = base.range(of: "/node_modules/", options: .backwards) {
                base = base[..<up.lowerBound]
            } else {
                base = ""
            }
        }
    }

    /// lockfileVersion 1: the nested `dependencies` tree, with `requires` resolved up the tree.
    func tree(_ top: [String: LegacyEntry], path: String) -> (packages: [Package], edges: [Int: Set<Int>], missingVersions: Int) {
        struct Node {
            var parent: Int?
            var children: [String: Int] = [:]
            var requires: [String] = []
            var packageIndex: Int?
        }
        var nodes = [Node(parent: nil)]
        var packages: [Package] = []
        var missing = 0
        // Breadth-first, so that node ids and package order are stable.
        var queue: [(parent: Int, entries: [String: LegacyEntry])] = [(parent: 0, entries: top)]
        var next = 0
        while next < queue.count {
            let (parent, entries) = queue[next]
            next += 1
            for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
                var node = Node(parent: parent, requires: (entry.requires ?? [:]).keys.sorted())
                if let version = entry.version, !version.isEmpty {
                    if let p = package(name: name, version: version, path: path) {
                        node.packageIndex = packages.count
                        packages.append(p)
                    }
                } else {
                    missing += 1
                }
                let nodeID = nodes.count
                nodes.append(node)
                nodes[parent].children[name] = nodeID
                if let nested = entry.dependencies, !nested.isEmpty { queue.append((parent: nodeID, entries: nested)) }
            }
        }
        var edges: [Int: Set<Int>] = [:]
        for (nodeID, node) in nodes.enumerated() {
            guard let from = node.packageIndex else { continue }
            for name in node.requires {
                // Its own nested copies first, then each ancestor's.
                var scope: Int? = nodeID
                while let s = scope {
                    if let found = nodes[s].children[name] {
                        if let to = nodes[found].packageIndex { edges[from, default: []].insert(to) }
                        break
                    }
                    scope = nodes[s].parent
                }
            }
        }
        return (packages, edges, missing)
    }
}
