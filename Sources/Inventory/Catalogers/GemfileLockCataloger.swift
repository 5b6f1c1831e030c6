import Foundation

/// Bundler lock files (`Gemfile.lock`, `gems.locked`): the `specs:` of the `GEM` and `GIT`
/// sections. Bundler's layout is fixed: a spec is `    name (version)` (four spaces), its
/// dependencies follow as `      name (constraint)` (six spaces). A platform suffix
/// (`1.13.10-x86_64-linux`) is dropped from the version, as trivy does. `PATH` sections (the
/// project's own gems) are skipped.
///
/// Lines with other indentation in a specs block are skipped; a file whose specs are all
/// unreadable, or that has none of Bundler's sections, is an error.
public struct GemfileLockCataloger: Cataloger {
    public let id = "gemfile-lock"
    public let version = 1
    public init() {}

    static let sections: Set<String> = ["GEM", "GIT", "PATH", "PLUGIN SOURCE", "PLATFORMS", "DEPENDENCIES", "RUBY VERSION", "BUNDLED WITH", "CHECKSUMS"]
    static let cataloged: Set<String> = ["GEM", "GIT"]

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        let name = LockFiles.fileName(path)
        return (name == "Gemfile.lock" || name == "gems.locked") && size < 64 << 20 && !LockFiles.isForeign(path)
    }

    /// One spec line and the dependency names under it.
    struct Spec {
        var name: String
        var version: String
        var dependencies: [String] = []
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let text = try LockFiles.text(file, format: "Gemfile.lock")
        let (specs, oddLine, sawSection) = Self.specs(text)
        if specs.isEmpty, let oddLine {
            throw CatalogError("Gemfile.lock: line \(oddLine) of a specs block is not Bundler's `    name (version)` layout")
        }
        if !sawSection, !text.allSatisfy(\.isWhitespace) {
            throw CatalogError("Gemfile.lock has none of Bundler's sections (GEM, DEPENDENCIES, ...)")
        }
        var packages: [Package] = []
        var byName = LockFiles.Index()
        for spec in specs {
            byName.add(spec.name, packages.count)
            packages.append(Package(type: .gem, name: spec.name, version: spec.version, path: file.path, foundBy: id))
        }
        var edges: [Int: Set<Int>] = [:]
        for (from, spec) in specs.enumerated() {
            for dependency in spec.dependencies { edges[from, default: []].formUnion(byName[dependency]) }
        }
        return CatalogOutput(packages: LockFiles.finish(packages, edges: edges))
    }

    /// The specs of the cataloged sections, the first line that did not fit, and whether any
    /// Bundler section header was seen.
    static func specs(_ text: String) -> (specs: [Spec], oddLine: Int?, sawSection: Bool) {
        var specs: [Spec] = []
        var section: String?
        var inSpecs = false
        var oddLine: Int?
        var sawSection = false
        // Whether dependency lines attach to the last spec (not after a skipped spec line).
        var attach = false
        for (n, line) in LockFiles.lines(text).enumerated() {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            if indent == 0 {
                section = String(line).trimmingCharacters(in: .whitespaces)
                sawSection = sawSection || Self.sections.contains(section ?? "")
                inSpecs = false
                continue
            }
            guard let current = section, Self.cataloged.contains(current) else { continue }
            let content = line.dropFirst(indent)
            if indent == 2 {
                inSpecs = content == "specs:"
                continue
            }
            guard inSpecs else { continue }
            let tabbed = line.prefix(indent).contains("\t")
            if indent == 4, !tabbed, let parsed = Self.spec(content) {
                specs.append(parsed)
                attach = true
            } else if indent == 6, !tabbed, attach, let name = content.split(separator: " ").first, !name.hasPrefix("(") {
                specs[specs.count - 1].dependencies.append(String(name))
            } else {
                oddLine = oddLine ?? n + 1
                attach = false
            }
        }
        return (specs, oddLine, sawSection)
    }

    /// `name (version)`, the platform removed from the version.
    static func spec(_ content: Substring) -> Spec? {
        guard let open = content.range(of: " ("), content.hasSuffix(")") else { return nil }
        let name = content[..<open.lowerBound]
        let full = content[open.upperBound..<content.index(before: content.endIndex)]
        let version = full.split(separator: "-", maxSplits: 1).first ?? ""
        guard !name.isEmpty, !name.contains(" "), !version.isEmpty, !version.contains(" ") else { return nil }
        return Spec(name: String(name), version: String(version))
    }
}
