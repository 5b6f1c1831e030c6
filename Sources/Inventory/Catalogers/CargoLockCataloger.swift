import Foundation

/// Rust lock files (`Cargo.lock`, every format version): each `[[package]]` with its name and
/// version, and `dependencies = [...]` as edges. A dependency is written `name`, `name version`
/// or `name version (source)`, the longer forms only where the name alone is ambiguous. Workspace
/// members (no `source`) are packages too, as syft reports them; the `[root]` table of the oldest
/// format is read as one more package.
public struct CargoLockCataloger: Cataloger {
    public let id = "cargo-lock"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        LockFiles.fileName(path) == "Cargo.lock" && size < LockFiles.maxBytes && !LockFiles.isForeign(path)
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let toml = try LockTOML(try LockFiles.text(file, format: "Cargo.lock"), format: "Cargo.lock")
        var tables = (toml.arrays["package"] ?? []).map(\.values)
        if let root = toml.tables["root"] { tables.insert(root, at: 0) }
        var packages: [Package] = []
        var dependencies: [[String]] = []
        var byName = LockFiles.Index()
        for table in tables {
            guard let name = table["name"]?.string, let version = table["version"]?.string, !name.isEmpty, !version.isEmpty else { continue }
            byName.add(name, packages.count)
            packages.append(Package(type: .cargo, name: name, version: version, path: file.path, foundBy: id))
            dependencies.append((table["dependencies"]?.array ?? []).compactMap(\.string))
        }
        if packages.isEmpty, !tables.isEmpty {
            throw CatalogError("Cargo.lock: none of its \(tables.count) packages has a name and version")
        }
        var edges: [Int: Set<Int>] = [:]
        for (from, references) in dependencies.enumerated() {
            for reference in references {
                let words = reference.split(separator: " ")
                guard let name = words.first else { continue }
                var candidates = byName[String(name)]
                if words.count > 1 { candidates = candidates.filter { packages[$0].version == words[1] } }
                // Without a version the name is unique in the lock; if not, the edge is unknown.
                if words.count > 1 || candidates.count == 1 { edges[from, default: []].formUnion(candidates) }
            }
        }
        return CatalogOutput(packages: LockFiles.finish(packages, edges: edges))
    }
}
