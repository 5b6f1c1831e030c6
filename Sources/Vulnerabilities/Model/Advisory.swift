public import Foundation

/// One advisory, in the OSV model (https://ossf.github.io/osv-schema/). Every feed Palisade reads
/// (OSV exports, the Debian security tracker, Alpine secdb) is converted to this shape on import.
public struct Advisory: Sendable, Codable, Hashable {
    public var id: String
    public var aliases: [String]
    public var summary: String?
    public var details: String?
    public var published: Date?
    public var modified: Date?
    public var withdrawn: Date?
    /// CVSS vectors (`CVSS_V2`, `CVSS_V3`, `CVSS_V4`) or ratings (`Ubuntu`, ...) at the advisory level.
    public var severity: [SeverityEntry]
    public var affected: [AffectedPackage]
    public var references: [Reference]
    /// A qualitative rating the source gives (GHSA `database_specific.severity`, Debian urgency, ...).
    public var rating: String?

    public init(id: String, aliases: [String] = [], summary: String? = nil, details: String? = nil,
                published: Date? = nil, modified: Date? = nil, withdrawn: Date? = nil,
                severity: [SeverityEntry] = [], affected: [AffectedPackage] = [],
                references: [Reference] = [], rating: String? = nil) {
        self.id = id
        self.aliases = aliases
        self.summary = summary
        self.details = details
        self.published = published
        self.modified = modified
        self.withdrawn = withdrawn
        self.severity = severity
        self.affected = affected
        self.references = references
        self.rating = rating
    }
}

public struct SeverityEntry: Sendable, Codable, Hashable {
    public var type: String
    public var score: String
    public init(type: String, score: String) {
        self.type = type
        self.score = score
    }
}

public struct Reference: Sendable, Codable, Hashable {
    public var type: String
    public var url: String
    public init(type: String, url: String) {
        self.type = type
        self.url = url
    }
}

/// `affected[]`: one package in one ecosystem, with the versions it is vulnerable in.
public struct AffectedPackage: Sendable, Codable, Hashable {
    /// As the source writes it: `PyPI`, `Go`, `Debian:12`, `Alpine:v3.18`.
    public var ecosystem: String
    public var name: String
    public var purl: String?
    public var ranges: [VersionRange]
    public var versions: [String]
    public var severity: [SeverityEntry]
    /// A per-package rating from the source (Debian urgency, `ecosystem_specific.severity`).
    public var rating: String?

    public init(ecosystem: String, name: String, purl: String? = nil, ranges: [VersionRange] = [],
                versions: [String] = [], severity: [SeverityEntry] = [], rating: String? = nil) {
        self.ecosystem = ecosystem
        self.name = name
        self.purl = purl
        self.ranges = ranges
        self.versions = versions
        self.severity = severity
        self.rating = rating
    }
}

/// `ranges[]`: events in version order. `GIT` ranges are kept for completeness but never match a package version.
public struct VersionRange: Sendable, Codable, Hashable {
    public var type: String
    public var events: [RangeEvent]
    public init(type: String, events: [RangeEvent]) {
        self.type = type
        self.events = events
    }
}

public struct RangeEvent: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        case introduced, fixed, lastAffected = "last_affected", limit
    }
    public var kind: Kind
    public var version: String
    public init(_ kind: Kind, _ version: String) {
        self.kind = kind
        self.version = version
    }
}

extension Advisory {
    /// Splits an OSV ecosystem into its base and release: `Debian:12` → (`Debian`, `12`),
    /// `Ubuntu:22.04:LTS` → (`Ubuntu`, `22.04`), `Alpine:v3.18` → (`Alpine`, `v3.18`), `PyPI` → (`PyPI`, ``).
    public static func splitEcosystem(_ ecosystem: String) -> (base: String, release: String) {
        guard let colon = ecosystem.firstIndex(of: ":") else { return (ecosystem, "") }
        let base = String(ecosystem[..<colon])
        var release = String(ecosystem[ecosystem.index(after: colon)...])
        if base == "Ubuntu" {
            // Ubuntu:22.04:LTS, Ubuntu:Pro:18.04:LTS → the numeric release.
            let parts = release.split(separator: ":").map(String.init)
            let number = parts.first { $0.first?.isNumber == true } ?? release
            // Ubuntu Pro (ESM) data applies only to Pro-enabled systems, never to a plain release.
            release = parts.contains("Pro") ? "pro:" + number : number
        }
        return (base, release)
    }

    /// The name under which an ecosystem keys packages: PEP 503 for PyPI, lower case where the
    /// registry is case-insensitive (NuGet, Packagist, crates.io stays as written).
    public static func normalizedName(_ name: String, ecosystemBase: String) -> String {
        switch ecosystemBase {
        case "PyPI":
            var out = ""
            var pendingSeparator = false
            for ch in name.lowercased() {
                if ch == "-" || ch == "_" || ch == "." {
                    pendingSeparator = true
                } else {
                    if pendingSeparator && !out.isEmpty { out.append("-") }
                    pendingSeparator = false
                    out.append(ch)
                }
            }
            return out
        case "NuGet", "Packagist":
            return name.lowercased()
        default:
            return name
        }
    }
}
