import Foundation

/// Helpers shared by the SBOM and inventory encoders.
enum SBOMSupport {
    /// Encodes a document as pretty-printed JSON with sorted keys and unescaped slashes, ending with a newline.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0a)
        return data
    }

    /// `2024-05-01T12:34:56Z`: ISO 8601, UTC, whole seconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Trimmed, non-empty, first occurrence kept.
    static func uniqueNonEmpty(_ values: [String]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for value in values {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty, seen.insert(trimmed).inserted { out.append(trimmed) }
        }
        return out
    }
}

/// The SPDX license identifiers Palisade recognises, and a strict reader of SPDX license expressions.
///
/// Only identifiers on this list are written as SPDX ids (CycloneDX `license.id`, SPDX `licenseDeclared`);
/// anything else is written as a free-text license name (CycloneDX) or `NOASSERTION` (SPDX).
/// Every id here is on the SPDX license list and in the CycloneDX 1.6 `spdx.schema.json` enumeration.
enum SPDXLicenses {
    /// Current (non-deprecated) SPDX license identifiers, in their canonical spelling.
    static let ids: [String] = [
        "0BSD", "AFL-2.1", "AFL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-1.0", "Apache-1.1",
        "Apache-2.0", "APSL-2.0", "Artistic-1.0", "Artistic-1.0-Perl", "Artistic-2.0", "Beerware", "blessing",
        "BSD-1-Clause", "BSD-2-Clause", "BSD-3-Clause", "BSD-4-Clause", "BSL-1.0", "bzip2-1.0.6",
        "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC0-1.0", "CDDL-1.0", "CDDL-1.1", "curl",
        "EPL-1.0", "EPL-2.0", "EUPL-1.1", "EUPL-1.2", "FSFAP", "FSFUL", "FSFULLR", "FTL",
        "GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3-only", "GFDL-1.3-or-later",
        "GPL-1.0-only", "GPL-1.0-or-later", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
        "HPND", "ICU", "IJG", "ISC", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1-only", "LGPL-2.1-or-later",
        "LGPL-3.0-only", "LGPL-3.0-or-later", "Libpng", "libpng-2.0", "MIT", "MIT-0", "MPL-1.1", "MPL-2.0",
        "MS-PL", "MS-RL", "NCSA", "OFL-1.1", "OLDAP-2.8", "OpenSSL", "PHP-3.01",
        "PostgreSQL", "PSF-2.0", "Python-2.0", "Ruby", "Sleepycat", "TCL", "Unicode-DFS-2016", "Unlicense",
        "UPL-1.0", "Vim", "W3C", "WTFPL", "X11", "Zlib", "ZPL-2.1",
    ]

    /// Other spellings (deprecated SPDX ids, Debian copyright short names, common long names) and the id they mean.
    static let aliases: [String: String] = [
        "GPL-1.0": "GPL-1.0-only", "GPL-1.0+": "GPL-1.0-or-later", "GPL-1": "GPL-1.0-only", "GPL-1+": "GPL-1.0-or-later",
        "GPL-2.0": "GPL-2.0-only", "GPL-2.0+": "GPL-2.0-or-later", "GPL-2": "GPL-2.0-only", "GPL-2+": "GPL-2.0-or-later",
        "GPL-3.0": "GPL-3.0-only", "GPL-3.0+": "GPL-3.0-or-later", "GPL-3": "GPL-3.0-only", "GPL-3+": "GPL-3.0-or-later",
        "LGPL-2.0": "LGPL-2.0-only", "LGPL-2.0+": "LGPL-2.0-or-later", "LGPL-2": "LGPL-2.0-only", "LGPL-2+": "LGPL-2.0-or-later",
        "LGPL-2.1": "LGPL-2.1-only", "LGPL-2.1+": "LGPL-2.1-or-later",
        "LGPL-3.0": "LGPL-3.0-only", "LGPL-3.0+": "LGPL-3.0-or-later", "LGPL-3": "LGPL-3.0-only", "LGPL-3+": "LGPL-3.0-or-later",
        "AGPL-3.0": "AGPL-3.0-only", "AGPL-3.0+": "AGPL-3.0-or-later", "AGPL-3": "AGPL-3.0-only", "AGPL-3+": "AGPL-3.0-or-later",
        "GFDL-1.2": "GFDL-1.2-only", "GFDL-1.2+": "GFDL-1.2-or-later", "GFDL-1.3": "GFDL-1.3-only", "GFDL-1.3+": "GFDL-1.3-or-later",
        "GPL": "GPL-1.0-or-later", "Artistic": "Artistic-1.0-Perl", // Debian's meanings, as DpkgCataloger's `Licenses`
        "Expat": "MIT", "MIT License": "MIT", "The MIT License": "MIT", "The MIT License (MIT)": "MIT",
        "Apache 2.0": "Apache-2.0", "Apache-2": "Apache-2.0", "Apache License 2.0": "Apache-2.0",
        "Apache License, Version 2.0": "Apache-2.0", "Apache Software License 2.0": "Apache-2.0",
        "ISC License": "ISC", "ISC License (ISCL)": "ISC", "Zlib License": "Zlib",
        "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0", "The Unlicense": "Unlicense", "Unlicense License": "Unlicense",
        "BSD-2-Clause License": "BSD-2-Clause", "BSD-3-Clause License": "BSD-3-Clause",
    ]

    /// License exceptions allowed after `WITH`.
    static let exceptions: [String] = [
        "Autoconf-exception-2.0", "Autoconf-exception-3.0", "Bison-exception-2.2", "Classpath-exception-2.0",
        "Font-exception-2.0", "GCC-exception-2.0", "GCC-exception-3.1", "Libtool-exception",
        "Linux-syscall-note", "LLVM-exception", "Qt-GPL-exception-1.0", "Qt-LGPL-exception-1.1",
        "Universal-FOSS-exception-1.0", "WxWindows-exception-3.1",
    ]

    private static let byLowercase: [String: String] = {
        var table: [String: String] = [:]
        for id in ids { table[id.lowercased()] = id }
        for (alias, id) in aliases where table[alias.lowercased()] == nil { table[alias.lowercased()] = id }
        return table
    }()

    private static let exceptionsByLowercase: [String: String] = Dictionary(
        exceptions.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })

    /// The canonical SPDX id a license string names, when it is a single license Palisade knows.
    static func canonicalID(_ text: String) -> String? {
        byLowercase[text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()]
    }

    /// A license string as a valid SPDX license expression (ids in canonical spelling, operators upper case),
    /// when every license and exception in it is known; `compound` says whether it uses `AND`, `OR` or `WITH`.
    static func expression(_ text: String) -> (expression: String, compound: Bool)? {
        // A single license, possibly spelled with spaces (`MIT License`).
        if let id = canonicalID(text) { return (id, false) }
        var parser = ExpressionParser(tokens: tokenize(text))
        guard let result = parser.parseOr(), parser.atEnd else { return nil }
        return (result, parser.sawOperator)
    }

    /// The SPDX expression for a list of declared licenses (all must be known): joined with `AND`.
    static func combinedExpression(_ licenses: [String]) -> String? {
        let entries = SBOMSupport.uniqueNonEmpty(licenses)
        guard !entries.isEmpty else { return nil }
        var parts: [(expression: String, compound: Bool)] = []
        for entry in entries {
            guard let parsed = expression(entry) else { return nil }
            if !parts.contains(where: { $0.expression == parsed.expression }) { parts.append(parsed) }
        }
        if parts.count == 1 { return parts[0].expression }
        return parts.map { $0.compound ? "(\($0.expression))" : $0.expression }.joined(separator: " AND ")
    }

    private static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        for c in text {
            if c == "(" || c == ")" || c.isWhitespace {
                if !current.isEmpty { tokens.append(current); current = "" }
                if !c.isWhitespace { tokens.append(String(c)) }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// Recursive descent over `or := and (OR and)*`, `and := term (AND term)*`,
    /// `term := "(" or ")" | license [WITH exception]`. Operators are matched case-insensitively
    /// (Debian writes `or`) and written upper case.
    private struct ExpressionParser {
        let tokens: [String]
        var position = 0
        var sawOperator = false

        init(tokens: [String]) { self.tokens = tokens }

        var atEnd: Bool { position == tokens.count }

        private func peekIs(_ keyword: String) -> Bool {
            position < tokens.count && tokens[position].uppercased() == keyword
        }

        mutating func parseOr() -> String? {
            guard var left = parseAnd() else { return nil }
            while peekIs("OR") {
                position += 1
                sawOperator = true
                guard let right = parseAnd() else { return nil }
                left += " OR " + right
            }
            return left
        }

        mutating func parseAnd() -> String? {
            guard var left = parseTerm() else { return nil }
            while peekIs("AND") {
                position += 1
                sawOperator = true
                guard let right = parseTerm() else { return nil }
                left += " AND " + right
            }
            return left
        }

        mutating func parseTerm() -> String? {
            guard position < tokens.count else { return nil }
            let token = tokens[position]
            if token == "(" {
                position += 1
                guard let inner = parseOr(), position < tokens.count, tokens[position] == ")" else { return nil }
                position += 1
                return "(\(inner))"
            }
            guard !["AND", "OR", "WITH", ")"].contains(token.uppercased()),
                  let id = SPDXLicenses.byLowercase[token.lowercased()] else { return nil }
            position += 1
            if peekIs("WITH") {
                position += 1
                sawOperator = true
                guard position < tokens.count,
                      let exception = SPDXLicenses.exceptionsByLowercase[tokens[position].lowercased()] else { return nil }
                position += 1
                return "\(id) WITH \(exception)"
            }
            return id
        }
    }
}
