import Foundation

/// PHP lock files (`composer.lock`): `packages` and `packages-dev`, each with name
/// (`vendor/project`: namespace and name of the purl), version, license list, and `require` as
/// edges to the other locked packages (platform requirements such as `php` and `ext-json` are not
/// packages and drop out).
public struct ComposerLockCataloger: Cataloger {
    public let id = "composer-lock"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        LockFiles.fileName(path) == "composer.lock" && size < LockFiles.maxBytes && !LockFiles.isForeign(path)
    }

    struct Lock: Decodable {
        var packages: [ComposerPackages.Entry]?
        var packagesDev: [ComposerPackages.Entry]?

        enum CodingKeys: String, CodingKey {
            case packages
            case packagesDev = "packages-dev"
        }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let lock = try LockFiles.decode(Lock.self, from: file, format: "composer.lock")
        guard lock.packages != nil || lock.packagesDev != nil else {
            throw CatalogError("composer.lock has neither \"packages\" nor \"packages-dev\"")
        }
        let entries = (lock.packages ?? []) + (lock.packagesDev ?? [])
        return CatalogOutput(packages: try ComposerPackages.packages(entries, format: "composer.lock", path: file.path, foundBy: id))
    }
}

/// The package entries composer.lock and `vendor/composer/installed.json` share.
enum ComposerPackages {
    /// One package. Composer writes an empty object as `[]`, and old files a license string:
    /// fields of unexpected types read as absent.
    struct Entry: Decodable {
        var name: String?
        var version: String?
        var license: [String]
        var require: [String: String]

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try? c.decodeIfPresent(String.self, forKey: .name)
            version = try? c.decodeIfPresent(String.self, forKey: .version)
            if let list = try? c.decodeIfPresent([String].self, forKey: .license) {
                license = list
            } else if let single = try? c.decodeIfPresent(String.self, forKey: .license) {
                license = [single]
            } else {
                license = []
            }
            require = (try? c.decodeIfPresent([String: String].self, forKey: .require)) ?? [:]
        }

        enum CodingKeys: String, CodingKey { case name, version, license, require }
    }

    /// Packages with edges; entries without a name or version are skipped, and a list of entries
    /// none of which has both is an error naming `format`.
    static func packages(_ entries: [Entry], format: String, path: String, foundBy: String) throws -> [Package] {
        var packages: [Package] = []
        var byName: [String: Int] = [:]
        var requires: [[String]] = []
        for entry in entries {
            guard let fullName = entry.name?.lowercased(), !fullName.isEmpty, let version = entry.version, !version.isEmpty else { continue }
            var namespace: String?
            var name = fullName
            if let slash = fullName.firstIndex(of: "/") {
                namespace = String(fullName[..<slash])
                name = String(fullName[fullName.index(after: slash)...])
            }
            byName[fullName] = packages.count
            packages.append(Package(type: .composer, namespace: namespace, name: name, version: version,
                                    licenses: entry.license.filter { !$0.isEmpty }, path: path, foundBy: foundBy))
            requires.append(entry.require.keys.map { $0.lowercased() })
        }
        if packages.isEmpty, !entries.isEmpty {
            throw CatalogError("\(format): none of its \(entries.count) packages has a name and version")
        }
        var edges: [Int: Set<Int>] = [:]
        for (from, names) in requires.enumerated() {
            edges[from] = Set(names.compactMap { byName[$0] })
        }
        return LockFiles.finish(packages, edges: edges)
    }
}
