/// Debian packages from the dpkg database: `/var/lib/dpkg/status` and distroless `status.d/*`.
public struct DpkgCataloger: Cataloger {
    public let id = "dpkg-status"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        path == "/var/lib/dpkg/status" || (path.hasPrefix("/var/lib/dpkg/status.d/") && !path.hasSuffix(".md5sums"))
    }

    /// Parses RFC 822-style stanzas; continuation lines start with a space or tab.
    static func stanzas(_ text: String) -> [[String: String]] {
        var out: [[String: String]] = []
        var current: [String: String] = [:]
        var lastKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                if !current.isEmpty { out.append(current) }
                current = [:]
                lastKey = nil
                continue
            }
            if line.first == " " || line.first == "\t" {
                if let lastKey { current[lastKey, default: ""] += "\n" + line.dropFirst() }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            current[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            lastKey = key
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let stanzas = Self.stanzas(file.text)
        guard !stanzas.isEmpty || file.data.isEmpty else {
            throw CatalogError("no package stanzas")
        }
        var packages: [Package] = []
        for fields in stanzas {
            guard let name = fields["Package"], let version = fields["Version"], !name.isEmpty, !version.isEmpty else { continue }
            if let status = fields["Status"] {
                // "install ok installed": the last word is the state; skip anything not installed.
                let state = status.split(separator: " ").last.map(String.init) ?? ""
                if state != "installed" { continue }
            }
            var sourceName: String?
            var sourceVersion: String?
            if let source = fields["Source"], !source.isEmpty {
                // "Source: util-linux (2.38.1-5)"
                let parts = source.split(separator: " ", maxSplits: 1)
                sourceName = String(parts[0])
                if parts.count > 1 {
                    sourceVersion = parts[1].trimmingCharacters(in: .whitespaces)
                        .trimmingCharacters(in: CharacterSetLite { $0 == "(" || $0 == ")" })
                }
            }
            var package = Package(type: .deb, name: name, version: version,
                                  sourceName: sourceName ?? name, sourceVersion: sourceVersion ?? version,
                                  arch: fields["Architecture"], path: file.path, foundBy: id)
            if sourceName == nil { package.sourceName = name }
            packages.append(package)
        }
        return CatalogOutput(packages: packages)
    }
}

/// Declared licenses of Debian packages from `/usr/share/doc/<package>/copyright` (DEP-5 `License:` fields).
public struct DebianCopyrightCataloger: Cataloger {
    public let id = "dpkg-copyright"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        path.hasPrefix("/usr/share/doc/") && path.hasSuffix("/copyright") && size < 1 << 20
            && path.split(separator: "/").count == 5
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let package = String(file.path.split(separator: "/")[3])
        var found: [String] = []
        for line in file.text.split(whereSeparator: \.isNewline) where line.hasPrefix("License:") {
            let value = line.dropFirst(8).trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { continue }
            for token in value.split(separator: " ") where !["or", "and", "with", "|", ","].contains(token.lowercased()) {
                let name = String(token).trimmingCharacters(in: CharacterSetLite { $0 == "," || $0 == "(" || $0 == ")" })
                let normalized = Licenses.normalize(name)
                if !normalized.isEmpty, !found.contains(normalized) { found.append(normalized) }
            }
        }
        return CatalogOutput(licenses: found.isEmpty ? [:] : [package: found])
    }
}

/// License name normalisation to SPDX identifiers where the mapping is clear.
public enum Licenses {
    static let known: [String: String] = [
        "gpl-2": "GPL-2.0-only", "gpl-2+": "GPL-2.0-or-later", "gpl-3": "GPL-3.0-only", "gpl-3+": "GPL-3.0-or-later",
        "lgpl-2": "LGPL-2.0-only", "lgpl-2+": "LGPL-2.0-or-later", "lgpl-2.1": "LGPL-2.1-only", "lgpl-2.1+": "LGPL-2.1-or-later",
        "lgpl-3": "LGPL-3.0-only", "lgpl-3+": "LGPL-3.0-or-later", "gpl": "GPL-1.0-or-later", "gpl-1+": "GPL-1.0-or-later",
        "apache-2.0": "Apache-2.0", "apache-2": "Apache-2.0", "apache 2.0": "Apache-2.0", "mit": "MIT", "expat": "MIT",
        "bsd-2-clause": "BSD-2-Clause", "bsd-3-clause": "BSD-3-Clause", "bsd-4-clause": "BSD-4-Clause", "isc": "ISC",
        "zlib": "Zlib", "mpl-2.0": "MPL-2.0", "psf-2.0": "PSF-2.0", "artistic": "Artistic-1.0-Perl", "artistic-2.0": "Artistic-2.0",
        "public-domain": "public-domain", "cc0-1.0": "CC0-1.0", "curl": "curl", "openssl": "OpenSSL", "unlicense": "Unlicense",
    ]

    /// Maps a license name to its SPDX id when known, else returns it trimmed.
    public static func normalize(_ name: String) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return known[trimmed.lowercased()] ?? trimmed
    }
}
