import Foundation

/// What the lock-file and manifest catalogers share: path filters, reading text and JSON with
/// errors that name the format, and turning dependency edges into `dependsOn` purls.
///
/// The catalogers follow one policy for bad input: an entry they cannot use (no version, a
/// local path, an unknown protocol) is skipped; a file that is not of its format at all, or whose
/// entries are all unusable, throws ``CatalogError``.
enum LockFiles {
    /// Directories that hold other projects' files (installed dependencies, package caches,
    /// vendored code): lock files there describe those projects, not the one being scanned.
    static let foreignDirectories = [
        "/node_modules/", "/site-packages/", "/dist-packages/", "/vendor/", "/.git/",
        "/pkg/mod/", "/.cargo/registry/", "/.cargo/git/", "/bower_components/",
    ]

    /// Lock files larger than this are not read.
    static let maxBytes: Int64 = 256 << 20

    /// Whether `path` lies under a dependency, cache or vendor directory.
    static func isForeign(_ path: String) -> Bool {
        foreignDirectories.contains { path.contains($0) }
    }

    /// The last component of a path.
    static func fileName(_ path: String) -> Substring {
        guard let slash = path.lastIndex(of: "/") else { return Substring(path) }
        return path[path.index(after: slash)...]
    }

    /// The file as text; binary content (a NUL byte) is an error naming `format`.
    static func text(_ file: CatalogFile, format: String) throws -> String {
        if file.data.contains(0) { throw CatalogError("\(format) is not a text file") }
        return file.text
    }

    /// The lines of a text, without line terminators (`\n` or `\r\n`).
    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }

    /// Decodes a JSON file; a syntax or structure error names `format` and where it went wrong.
    static func decode<T: Decodable>(_ type: T.Type, from file: CatalogFile, format: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: file.data)
        } catch let error as DecodingError {
            throw CatalogError("\(format) is not valid: \(describe(error))")
        } catch {
            throw CatalogError("\(format) is not valid JSON")
        }
    }

    /// A one-line account of a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let p = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "the top level" : p
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not JSON (truncated or malformed)"
        case .dataCorrupted(let context):
            return "bad value at \(path(context))"
        case .keyNotFound(let key, let context):
            return "no \"\(key.stringValue)\" in \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected type at \(path(context))"
        @unknown default:
            return "malformed"
        }
    }

    /// Sets each package's `dependsOn` from edges between indices of `packages` (unknown indices
    /// and self-edges are ignored), then merges duplicates (the same package listed twice, e.g.
    /// for two platforms), uniting their edges. Order of first appearance is kept.
    static func finish(_ packages: [Package], edges: [Int: Set<Int>] = [:]) -> [Package] {
        let purls = packages.map { PackageURL.make(for: $0, os: nil) }
        var out: [Package] = []
        var outPurls: [String] = []
        var position: [String: Int] = [:]
        for (i, package) in packages.enumerated() {
            let dependencies = (edges[i] ?? []).filter { packages.indices.contains($0) }.map { purls[$0] }
            if let j = position[package.identity] {
                out[j].dependsOn += dependencies
            } else {
                var package = package
                package.dependsOn += dependencies
                position[package.identity] = out.count
                out.append(package)
                outPurls.append(purls[i])
            }
        }
        for j in out.indices {
            out[j].dependsOn = Set(out[j].dependsOn).subtracting([outPurls[j]]).sorted()
        }
        return out
    }

    /// An index from a key (a normalised name, `name@version`, a path) to package indices.
    struct Index {
        private(set) var entries: [String: [Int]] = [:]

        mutating func add(_ key: String, _ index: Int) {
            entries[key, default: []].append(index)
        }

        /// Every package under `key`.
        subscript(key: String) -> [Int] { entries[key] ?? [] }
    }
}

/// Splitting `name@version` where a scoped npm name starts with `@`.
enum NpmNames {
    /// `("@babel/core", "7.1.0")` from `@babel/core@7.1.0`; nil without a version part.
    static func split(_ spec: Substring) -> (name: String, rest: String)? {
        guard spec.count > 1, let at = spec.dropFirst().firstIndex(of: "@") else { return nil }
        let name = spec[..<at], rest = spec[spec.index(after: at)...]
        guard !name.isEmpty else { return nil }
        return (String(name), String(rest))
    }

    /// Whether a resolved version is a registry version rather than a local path, link or URL.
    static func isRegistryVersion(_ version: String) -> Bool {
        !version.isEmpty && !version.contains(":") && !version.contains("/") && !version.contains(" ")
    }
}
