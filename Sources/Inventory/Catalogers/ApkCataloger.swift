import Foundation

/// Alpine packages from the apk database: `/lib/apk/db/installed` (`/usr/lib/apk/db/installed`
/// on usr-merged systems).
///
/// The database is a list of records separated by blank lines; each line is one field, a
/// single-letter key, a colon and the value (`P:busybox`), as apk-tools' `apk_db_index_read`
/// reads it. Palisade uses `P` (name), `V` (version), `A` (architecture), `o` (origin: the
/// source package), `L` (license), `m` (maintainer), `D` (dependencies) and `p` (provides);
/// the file lists (`F`, `R`, `Z`, ...) are ignored.
public struct ApkCataloger: Cataloger {
    public let id = "apk-installed"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        path == "/lib/apk/db/installed" || path == "/usr/lib/apk/db/installed"
    }

    /// One package's record in the database.
    struct Record: Equatable, Sendable {
        var name = ""
        var version = ""
        var arch: String?
        var origin: String?
        var license: String?
        var maintainer: String?
        /// `D:` tokens as written: `so:libc.musl-x86_64.so.1`, `musl>=1.2`, `!conflict`.
        var depends: [String] = []
        /// `p:` tokens as written: `cmd:sh=1.36.1-r15`.
        var provides: [String] = []
    }

    /// Parses the database into records; records without any field are dropped.
    static func records(_ text: String) -> [Record] {
        var out: [Record] = []
        var current = Record()
        var sawField = false
        // `isNewline`: Swift reads "\r\n" as one Character, which `split(separator: "\n")` misses.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if sawField { out.append(current) }
                current = Record()
                sawField = false
                continue
            }
            // "X:value": one key character, then a colon.
            guard line.count >= 2, let key = line.first, line[line.index(after: line.startIndex)] == ":" else { continue }
            let value = String(line.dropFirst(2))
            sawField = true
            switch key {
            case "P": current.name = value
            case "V": current.version = value
            case "A": current.arch = value
            case "o": current.origin = value
            case "L": current.license = value
            case "m": current.maintainer = value
            case "D": current.depends = value.split(separator: " ").map(String.init)
            case "p": current.provides = value.split(separator: " ").map(String.init)
            default: break
            }
        }
        if sawField { out.append(current) }
        return out
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let text = file.text
        var packages: [Package] = []
        for record in Self.records(text) where !record.name.isEmpty && !record.version.isEmpty {
            let origin = record.origin.flatMap { $0.isEmpty ? nil : $0 } ?? record.name
            packages.append(Package(type: .apk, name: record.name, version: record.version,
                                    sourceName: origin, sourceVersion: record.version,
                                    licenses: Licenses.splitExpression(record.license ?? ""),
                                    arch: record.arch.flatMap { $0.isEmpty ? nil : $0 },
                                    path: file.path, foundBy: id))
        }
        guard !packages.isEmpty || text.allSatisfy(\.isWhitespace) else {
            throw CatalogError("no package records (P: and V: lines)")
        }
        return CatalogOutput(packages: packages)
    }

    /// The package a dependency or provides token names: `musl>=1.2` is `musl`,
    /// `so:libc.musl-x86_64.so.1=1` is `so:libc.musl-x86_64.so.1`; nil for conflicts (`!name`).
    static func dependencyName(_ token: String) -> String? {
        guard !token.hasPrefix("!") else { return nil }
        let name = token.prefix { !"<>=~".contains($0) }
        return name.isEmpty ? nil : String(name)
    }

    /// For each installed package, the installed packages it depends on, by name, resolved
    /// through package names and what packages provide (`so:`, `cmd:`, `pc:` names), in the
    /// order of its `D:` line. Conflicts and dependencies nothing installed satisfies are left out.
    static func dependencies(_ records: [Record]) -> [String: [String]] {
        var provider: [String: String] = [:]
        for record in records {
            for token in record.provides {
                if let provided = dependencyName(token), provider[provided] == nil { provider[provided] = record.name }
            }
        }
        for record in records where !record.name.isEmpty { provider[record.name] = record.name }
        var out: [String: [String]] = [:]
        for record in records where !record.name.isEmpty {
            var targets: [String] = []
            for token in record.depends {
                guard let wanted = dependencyName(token), let target = provider[wanted],
                      target != record.name, !targets.contains(target) else { continue }
                targets.append(target)
            }
            out[record.name] = targets
        }
        return out
    }
}

extension Licenses {
    /// Splits a license expression into its licenses, normalised: `MIT and (GPLv2+ or
    /// Apache-2.0)` gives `MIT`, `GPLv2+`, `Apache-2.0`; SPDX `AND`/`OR` work the same. Names of
    /// several words (`Public Domain`) and `WITH` exceptions stay whole; duplicates are dropped.
    static func splitExpression(_ expression: String) -> [String] {
        var out: [String] = []
        var words: [Substring] = []
        func flush() {
            let name = normalize(words.joined(separator: " "))
            words = []
            if !name.isEmpty, !out.contains(name) { out.append(name) }
        }
        let unparenthesised = String(expression.map { $0 == "(" || $0 == ")" ? " " : $0 })
        for word in unparenthesised.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }) {
            switch word.lowercased() {
            case "and", "or", "&", "&&", "|", "||", ",":
                flush()
            default:
                if word.hasSuffix(","), word.count > 1 {
                    words.append(word.dropLast())
                    flush()
                } else {
                    words.append(word)
                }
            }
        }
        flush()
        return out
    }
}
