import Foundation

/// yarn lock files, both formats:
///
/// - classic (v1): `"name@range", name@range:` then indented `version "x"` and a `dependencies:`
///   block of `name "range"` lines;
/// - berry (v2+, YAML): `"name@npm:range, name@npm:range2":` then `version: x`, `resolution:`,
///   `dependencies:` of `name: range`, and a `__metadata:` entry.
///
/// Entries of local protocols (`workspace:`, `link:`, `portal:`, `file:`) are the project's own
/// code and skipped. Dependencies are resolved through the patterns that head each entry.
public struct YarnLockCataloger: Cataloger {
    public let id = "yarn-lock"
    public let version = 1
    public init() {}

    static let localProtocols = ["workspace:", "link:", "portal:", "file:", "exec:"]

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        LockFiles.fileName(path) == "yarn.lock" && size < LockFiles.maxBytes && !LockFiles.isForeign(path)
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let text = try LockFiles.text(file, format: "yarn.lock")
        var packages: [Package] = []
        var byPattern: [String: Int] = [:]
        var byName = LockFiles.Index()
        var dependencies: [(from: Int, node: LockYAML.Node)] = []
        var entries = 0
        var missingVersions = 0
        for node in LockYAML.parse(text) where node.key != "__metadata" {
            guard node.value == nil else {
                // A top-level `key value` line is not an entry of either format.
                throw CatalogError("yarn.lock: unexpected line \(node.line): \(node.rawKey)")
            }
            entries += 1
            let patterns = Self.patterns(node.rawKey)
            guard let first = patterns.first, let head = NpmNames.split(Substring(first)) else {
                throw CatalogError("yarn.lock: entry at line \(node.line) has no name@range pattern")
            }
            if patterns.allSatisfy({ pattern in Self.localProtocols.contains { Self.range(of: pattern).hasPrefix($0) } }) { continue }
            guard let version = node.value(of: "version"), !version.isEmpty else { missingVersions += 1; continue }
            if let resolution = node.value(of: "resolution"), let resolved = NpmNames.split(Substring(resolution)),
               Self.localProtocols.contains(where: { resolved.rest.hasPrefix($0) }) {
                continue
            }
            guard NpmNames.isRegistryVersion(version) else { continue }
            let name = Self.realName(patternName: head.name, range: head.rest, resolution: node.value(of: "resolution"))
            let index = packages.count
            packages.append(Package(type: .npm, name: name, version: version, path: file.path, foundBy: id))
            for pattern in patterns { byPattern[pattern] = index }
            byName.add(name, index)
            dependencies.append((from: index, node: node))
        }
        if packages.isEmpty, missingVersions > 0 {
            throw CatalogError("yarn.lock: none of its \(entries) entries has a version")
        }
        var edges: [Int: Set<Int>] = [:]
        for (from, node) in dependencies {
            for block in ["dependencies", "optionalDependencies"] {
                for dependency in node.child(block)?.children ?? [] {
                    let range = dependency.value ?? ""
                    let target = byPattern["\(dependency.key)@\(range)"] ?? byPattern["\(dependency.key)@npm:\(range)"]
                    if let target {
                        edges[from, default: []].insert(target)
                    } else if byName[dependency.key].count == 1 {
                        edges[from, default: []].insert(byName[dependency.key][0])
                    }
                }
            }
        }
        return CatalogOutput(packages: LockFiles.finish(packages, edges: edges))
    }

    /// The patterns of an entry key: classic writes `"a@^1", a@^2`, berry `"a@npm:^1, a@npm:^2"`.
    static func patterns(_ rawKey: String) -> [String] {
        rawKey.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }.filter { !$0.isEmpty }
    }

    /// The range part of `name@range`.
    static func range(of pattern: String) -> String {
        NpmNames.split(Substring(pattern))?.rest ?? ""
    }

    /// The installed package's name: berry's `resolution` names it; an alias
    /// (`alias@npm:real@^1`) names the real package in its range.
    static func realName(patternName: String, range: String, resolution: String?) -> String {
        if let resolution, let resolved = NpmNames.split(Substring(resolution)) { return resolved.name }
        if range.hasPrefix("npm:"), let aliased = NpmNames.split(range.dropFirst(4)) { return aliased.name }
        return patternName
    }
}
