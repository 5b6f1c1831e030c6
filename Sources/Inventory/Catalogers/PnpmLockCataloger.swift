import Foundation

/// pnpm lock files (`pnpm-lock.yaml`), by `lockfileVersion`:
///
/// - 5.x: `packages:` keys `/name/version` (peers after `_`: `/debug/4.3.4_supports-color@5.5.0`);
/// - 6.x: `/name@version` (peers in parentheses: `/debug@4.3.4(supports-color@5.5.0)`);
/// - 9.x: `name@version` under `packages:`, dependency edges under `snapshots:`.
///
/// Entries from tarballs and git carry `name:` and `version:` fields, which take precedence over
/// the key. Local packages (`link:`, `file:`) are skipped.
public struct PnpmLockCataloger: Cataloger {
    public let id = "pnpm-lock"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        LockFiles.fileName(path) == "pnpm-lock.yaml" && size < LockFiles.maxBytes && !LockFiles.isForeign(path)
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let roots = LockYAML.parse(try LockFiles.text(file, format: "pnpm-lock.yaml"))
        guard let lockfileVersion = roots.first(where: { $0.key == "lockfileVersion" })?.value, !lockfileVersion.isEmpty else {
            throw CatalogError("pnpm-lock.yaml has no lockfileVersion")
        }
        let legacy = lockfileVersion.hasPrefix("5") || lockfileVersion.hasPrefix("4") || lockfileVersion.hasPrefix("3")
        let entries = roots.filter { $0.key == "packages" }.flatMap(\.children)
        var packages: [Package] = []
        var byKey: [String: Int] = [:]
        var unreadable = 0
        for entry in entries {
            guard let found = Self.identity(of: entry, legacy: legacy) else {
                unreadable += 1
                continue
            }
            let (name, version) = found
            guard NpmNames.isRegistryVersion(version) else { continue }
            byKey["\(name)@\(version)"] = packages.count
            packages.append(Package(type: .npm, name: name, version: version, path: file.path, foundBy: id))
        }
        if packages.isEmpty, unreadable > 0 {
            throw CatalogError("pnpm-lock.yaml: none of its \(entries.count) package entries has a readable name and version")
        }

        // Edges: 5.x/6.x list dependencies in the package entries, 9.x in `snapshots`.
        let snapshots = roots.filter { $0.key == "snapshots" }.flatMap(\.children)
        var edges: [Int: Set<Int>] = [:]
        for entry in entries + snapshots {
            guard let source = Self.identity(of: entry, legacy: legacy), let from = byKey["\(source.name)@\(source.version)"] else { continue }
            for block in ["dependencies", "optionalDependencies"] {
                for dependency in entry.child(block)?.children ?? [] {
                    guard let reference = dependency.value,
                          let target = Self.dependency(dependency.key, reference, legacy: legacy),
                          let to = byKey["\(target.name)@\(target.version)"] else { continue }
                    edges[from, default: []].insert(to)
                }
            }
        }
        return CatalogOutput(packages: LockFiles.finish(packages, edges: edges))
    }

    /// An entry's name and version: its `name:`/`version:` fields, else its key.
    static func identity(of entry: LockYAML.Node, legacy: Bool) -> (name: String, version: String)? {
        let fromKey = parseKey(entry.key, legacy: legacy)
        guard let name = entry.value(of: "name") ?? fromKey?.name, let version = entry.value(of: "version") ?? fromKey?.version,
              !name.isEmpty, !version.isEmpty else { return nil }
        return (name, version)
    }

    /// Name and version from a `packages:` or `snapshots:` key, peer suffix removed.
    static func parseKey(_ key: String, legacy: Bool) -> (name: String, version: String)? {
        var key = Substring(key)
        if legacy {
            guard key.hasPrefix("/") else { return nil }
            let parts = key.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
            let nameParts = parts.first?.hasPrefix("@") == true ? 2 : 1
            guard parts.count > nameParts else { return nil }
            let name = parts[0..<nameParts].joined(separator: "/")
            let version = parts[nameParts].split(separator: "_", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard !name.isEmpty, !version.isEmpty else { return nil }
            return (name, String(version))
        }
        if key.hasPrefix("/") { key = key.dropFirst() }
        if let paren = key.firstIndex(of: "(") { key = key[..<paren] }
        guard let split = NpmNames.split(key), !split.rest.isEmpty else { return nil }
        return (split.name, split.rest)
    }

    /// The package a dependency line refers to: `name: version(peers)`, or an alias whose value
    /// names another package (`/real/1.0.0`, `/real@1.0.0`, `real@1.0.0`).
    static func dependency(_ name: String, _ reference: String, legacy: Bool) -> (name: String, version: String)? {
        if reference.hasPrefix("link:") || reference.hasPrefix("file:") { return nil }
        if reference.hasPrefix("/") { return parseKey(reference, legacy: legacy) }
        var version = Substring(reference)
        if let cut = version.firstIndex(of: legacy ? "_" : "(") { version = version[..<cut] }
        if version.contains("@") { return parseKey(String(version), legacy: false) }
        guard !version.isEmpty else { return nil }
        return (name, String(version))
    }
}
