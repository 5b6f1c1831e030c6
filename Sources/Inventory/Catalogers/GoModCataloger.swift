import Foundation

/// Go module manifests (`go.mod`): every required module (`require` lines and blocks, `// indirect`
/// ones too), with `replace` directives applied as Go applies them: a replacement with a version
/// swaps the module; one to a local directory (no version) removes it, as trivy does. Versions keep
/// their `v`, as in the Go binary cataloger. go.mod states no edges between modules.
public struct GoModCataloger: Cataloger {
    public let id = "go-mod"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        LockFiles.fileName(path) == "go.mod" && size < 16 << 20 && !LockFiles.isForeign(path)
    }

    /// A module path and version, as written.
    struct Module: Hashable {
        var path: String
        var version: String?
    }

    /// One `replace old [v] => new [v]` directive.
    struct Replacement {
        var old: Module
        var new: Module
    }

    /// The directives read from a go.mod.
    struct Manifest {
        var module: String?
        var requires: [Module] = []
        var replacements: [Replacement] = []
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let manifest = try Self.parse(try LockFiles.text(file, format: "go.mod"))
        var packages: [Package] = []
        for required in manifest.requires {
            guard let resolved = Self.apply(manifest.replacements, to: required), let version = resolved.version else { continue }
            packages.append(Package(type: .golang, name: resolved.path, version: version, path: file.path, foundBy: id))
        }
        return CatalogOutput(packages: LockFiles.finish(packages))
    }

    /// What a required module becomes: a version-specific replacement wins over a general one;
    /// nil when it is replaced by a local directory.
    static func apply(_ replacements: [Replacement], to module: Module) -> Module? {
        let matching = replacements.filter { $0.old.path == module.path && ($0.old.version == nil || $0.old.version == module.version) }
        guard let replacement = matching.first(where: { $0.old.version != nil }) ?? matching.last else { return module }
        return replacement.new.version == nil ? nil : replacement.new
    }

    /// Reads the directives of a go.mod; an unterminated block is an error.
    static func parse(_ text: String) throws -> Manifest {
        var manifest = Manifest()
        var block: (verb: String, line: Int)?
        for (n, raw) in LockFiles.lines(text).enumerated() {
            var line = raw
            if let comment = line.range(of: "//") { line = line[..<comment.lowerBound] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if let open = block {
                if trimmed == ")" { block = nil; continue }
                apply(open.verb, fields(trimmed), to: &manifest)
                continue
            }
            var words = fields(trimmed)
            let verb = words.removeFirst()
            if words == ["("] {
                block = (verb: verb, line: n + 1)
            } else if verb.hasSuffix("("), words.isEmpty {
                block = (verb: String(verb.dropLast()), line: n + 1)
            } else {
                apply(verb, words, to: &manifest)
            }
        }
        if let open = block { throw CatalogError("go.mod: the \(open.verb) block at line \(open.line) is not closed") }
        return manifest
    }

    /// One directive (or block line) of the verbs read here; others are ignored.
    static func apply(_ verb: String, _ words: [String], to manifest: inout Manifest) {
        switch verb {
        case "module":
            manifest.module = words.first
        case "require":
            // A line with a path but no version is malformed: skipped.
            guard words.count >= 2 else { return }
            manifest.requires.append(Module(path: words[0], version: words[1]))
        case "replace":
            guard let arrow = words.firstIndex(of: "=>") else { return }
            let old = words[..<arrow], new = words[(arrow + 1)...]
            guard let oldPath = old.first, let newPath = new.first, old.count <= 2, new.count <= 2 else { return }
            manifest.replacements.append(Replacement(old: Module(path: oldPath, version: old.dropFirst().first),
                                                     new: Module(path: newPath, version: new.dropFirst().first)))
        default:
            break
        }
    }

    /// Whitespace-separated words, quotes (`"..."`, `` `...` ``) removed.
    static func fields(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { word in
            var w = Substring(word)
            if w.count >= 2, let q = w.first, q == "\"" || q == "`", w.last == q { w = w.dropFirst().dropLast() }
            return String(w)
        }
    }
}
