import Foundation

/// Python lock files and pinned requirements, all as `.pypi` packages with PEP 503 names:
///
/// - `requirements*.txt`: only exact pins (`name==version`, `name[extra]==version`); options,
///   `-r`/`-e` lines, URLs, paths and ranges are ignored, and markers after `;` dropped;
/// - `poetry.lock`: `[[package]]` name and version, `[package.dependencies]` as edges;
/// - `Pipfile.lock`: the `default` and `develop` sections (`"version": "==x"`);
/// - `uv.lock`: `[[package]]` name and version, `dependencies = [{ name = ... }]` as edges;
///   the project itself (an `editable` or `virtual` source) is skipped.
public struct PythonLockCataloger: Cataloger {
    public let id = "python-lock"
    public let version = 1
    public init() {}

    enum Format { case requirements, poetry, pipfile, uv }

    static func format(of path: String) -> Format? {
        let name = LockFiles.fileName(path)
        switch name {
        case "poetry.lock": return .poetry
        case "Pipfile.lock": return .pipfile
        case "uv.lock": return .uv
        default: return name.hasPrefix("requirements") && name.hasSuffix(".txt") ? .requirements : nil
        }
    }

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        size < LockFiles.maxBytes && !LockFiles.isForeign(path) && Self.format(of: path) != nil
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        switch Self.format(of: file.path) {
        case .requirements: return CatalogOutput(packages: try requirements(file))
        case .poetry: return CatalogOutput(packages: try poetry(file))
        case .pipfile: return CatalogOutput(packages: try pipfile(file))
        case .uv: return CatalogOutput(packages: try uv(file))
        case nil: return CatalogOutput()
        }
    }

    func package(_ name: String, _ version: String, path: String) -> Package {
        Package(type: .pypi, name: Python.normalize(name), version: version, path: path, foundBy: id)
    }

    // MARK: requirements.txt

    func requirements(_ file: CatalogFile) throws -> [Package] {
        let name = String(LockFiles.fileName(file.path))
        var packages: [Package] = []
        var logical = ""
        for line in LockFiles.lines(try LockFiles.text(file, format: name)) {
            let content = Self.withoutComment(line)
            // A trailing backslash continues the requirement on the next line.
            if content.hasSuffix("\\") {
                logical += String(content.dropLast()) + " "
                continue
            }
            logical += String(content)
            if let pin = Self.pin(logical) { packages.append(package(pin.name, pin.version, path: file.path)) }
            logical = ""
        }
        if let pin = Self.pin(logical) { packages.append(package(pin.name, pin.version, path: file.path)) }
        return LockFiles.finish(packages)
    }

    /// The line up to a comment: `#` at its start or after whitespace.
    static func withoutComment(_ line: Substring) -> Substring {
        var previous: Character = " "
        for i in line.indices {
            if line[i] == "#", previous == " " || previous == "\t" { return line[..<i] }
            previous = line[i]
        }
        return line
    }

    /// `(name, version)` for an exact pin, nil for anything else.
    static func pin(_ line: String) -> (name: String, version: String)? {
        var s = Substring(line.trimmingCharacters(in: .whitespaces))
        // Options (-r, -e, --hash, --index-url), paths and URLs start with something else.
        guard let first = s.first, first.isASCII, first.isLetter || first.isNumber else { return nil }
        if let semicolon = s.firstIndex(of: ";") { s = s[..<semicolon] }
        if let option = s.range(of: " -") ?? s.range(of: "\t-") { s = s[..<option.lowerBound] }
        guard let equals = s.range(of: "==") else { return nil }
        var name = s[..<equals.lowerBound].trimmingCharacters(in: .whitespaces)
        var version = s[equals.upperBound...]
        if version.hasPrefix("=") { version = version.dropFirst() }  // `===`, arbitrary equality
        let pinned = version.trimmingCharacters(in: .whitespaces)
        if let bracket = name.firstIndex(of: "[") {
            guard name.hasSuffix("]") else { return nil }
            name = name[..<bracket].trimmingCharacters(in: .whitespaces)
        }
        let nameCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        let versionCharacters = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.+!"))
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && nameCharacters.contains($0) }),
              !pinned.isEmpty, pinned.unicodeScalars.allSatisfy({ $0.isASCII && versionCharacters.contains($0) }) else { return nil }
        return (name: name, version: pinned)
    }

    // MARK: poetry.lock

    func poetry(_ file: CatalogFile) throws -> [Package] {
        let toml = try LockTOML(try LockFiles.text(file, format: "poetry.lock"), format: "poetry.lock")
        let tables = toml.arrays["package"] ?? []
        var packages: [Package] = []
        var dependencies: [[(String, String?)]] = []
        for table in tables {
            guard let name = table.values["name"]?.string, let version = table.values["version"]?.string,
                  !name.isEmpty, !version.isEmpty else { continue }
            packages.append(package(name, version, path: file.path))
            dependencies.append((table.subtables["dependencies"] ?? [:]).keys.map { (name: String) -> (String, String?) in (name, nil) })
        }
        if packages.isEmpty, !tables.isEmpty {
            throw CatalogError("poetry.lock: none of its \(tables.count) packages has a name and version")
        }
        return LockFiles.finish(packages, edges: Self.edges(packages, dependencies))
    }

    /// Edges from dependency names (and versions, where the lock states them) to packages.
    static func edges(_ packages: [Package], _ dependencies: [[(String, String?)]]) -> [Int: Set<Int>] {
        var byName = LockFiles.Index()
        for (i, p) in packages.enumerated() { byName.add(p.name, i) }
        var edges: [Int: Set<Int>] = [:]
        for (from, names) in dependencies.enumerated() {
            for (name, version) in names {
                let candidates = byName[Python.normalize(name)].filter { version == nil || packages[$0].version == version }
                edges[from, default: []].formUnion(candidates)
            }
        }
        return edges
    }

    // MARK: Pipfile.lock

    struct Pipfile: Decodable {
        var `default`: [String: Entry]?
        var develop: [String: Entry]?

        struct Entry: Decodable {
            var version: String?
            init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                version = try? c.decodeIfPresent(String.self, forKey: .version)
            }
            enum CodingKeys: String, CodingKey { case version }
        }
    }

    func pipfile(_ file: CatalogFile) throws -> [Package] {
        let lock = try LockFiles.decode(Pipfile.self, from: file, format: "Pipfile.lock")
        guard lock.default != nil || lock.develop != nil else {
            throw CatalogError("Pipfile.lock has neither a \"default\" nor a \"develop\" section")
        }
        var packages: [Package] = []
        for section in [lock.default, lock.develop] {
            for (name, entry) in (section ?? [:]).sorted(by: { $0.key < $1.key }) {
                // Git, path and editable entries have no version.
                guard var version = entry.version else { continue }
                while version.hasPrefix("=") { version.removeFirst() }
                version = version.trimmingCharacters(in: .whitespaces)
                if !version.isEmpty { packages.append(package(name, version, path: file.path)) }
            }
        }
        return LockFiles.finish(packages)
    }

    // MARK: uv.lock

    func uv(_ file: CatalogFile) throws -> [Package] {
        let toml = try LockTOML(try LockFiles.text(file, format: "uv.lock"), format: "uv.lock")
        let tables = toml.arrays["package"] ?? []
        var packages: [Package] = []
        var dependencies: [[(String, String?)]] = []
        var unnamed = 0
        for table in tables {
            guard let name = table.values["name"]?.string, !name.isEmpty else { unnamed += 1; continue }
            // The project itself, and virtual workspace roots.
            if let source = table.values["source"]?.table, source["editable"] != nil || source["virtual"] != nil { continue }
            guard let version = table.values["version"]?.string, !version.isEmpty else { unnamed += 1; continue }
            packages.append(package(name, version, path: file.path))
            dependencies.append((table.values["dependencies"]?.array ?? []).compactMap { (item: LockTOML.Value) -> (String, String?)? in
                guard let d = item.table, let dependency = d["name"]?.string else { return nil }
                return (dependency, d["version"]?.string)
            })
        }
        if packages.isEmpty, unnamed > 0 {
            throw CatalogError("uv.lock: none of its \(tables.count) packages has a name and version")
        }
        return LockFiles.finish(packages, edges: Self.edges(packages, dependencies))
    }
}
