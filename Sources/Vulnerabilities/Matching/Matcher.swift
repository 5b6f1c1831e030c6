import Foundation
public import Inventory
import ImageAccess

/// The outcome of matching an inventory against the database.
public struct MatchResult: Sendable {
    public var findings: [Finding]
    /// Packages whose version the ecosystem's scheme cannot parse: reported, never guessed.
    public var unparsedVersions: [String]
    /// Packages of types (or distributions) Palisade has no advisory data mapping for.
    public var unsupported: [String]
    /// Advisory events that did not parse (advisory id and reason), skipped.
    public var advisoryWarnings: [String]
    public var packagesChecked: Int
}

/// Matches packages against advisories with OSV semantics exactly:
/// `ranges` of type ECOSYSTEM and SEMVER, events sorted in version order and evaluated in turn
/// (`introduced`, `fixed`, `last_affected`, `limit`), explicit `versions` lists, aliases merged.
public struct Matcher: Sendable {
    let database: VulnerabilityDatabase

    public init(database: VulnerabilityDatabase) {
        self.database = database
    }

    struct Hit {
        var target: Int
        var advisory: Int64
        var fixed: [String]
        var severity: [SeverityEntry]
        var rating: String?
    }

    /// A range skipped because an event did not parse: named by advisory id once the advisory is read.
    struct RangeProblem: Hashable {
        var advisory: Int64
        var ecosystem: String
        var problem: String
    }

    /// Where one package is looked up, and with which version scheme.
    struct Target {
        var package: Package
        var keys: [PackageKey]
        var version: String
        var ecosystem: String
    }

    public func match(packages: [Package], operatingSystem: OperatingSystem?) throws(VulnerabilityDatabaseError) -> MatchResult {
        var result = MatchResult(findings: [], unparsedVersions: [], unsupported: [], advisoryWarnings: [], packagesChecked: 0)
        let distro = operatingSystem.flatMap(Distro.init)
        var targets: [Target] = []
        var unsupportedTypes: Set<String> = []
        for package in packages {
            guard let target = Self.target(for: package, distro: distro) else {
                if package.type.isOS {
                    unsupportedTypes.insert(operatingSystem.map { "\(package.type.rawValue) packages on \($0.distroQualifier)" } ?? "\(package.type.rawValue) packages (no operating system identified)")
                } else {
                    unsupportedTypes.insert("\(package.type.rawValue) packages")
                }
                continue
            }
            targets.append(target)
        }
        result.unsupported = unsupportedTypes.sorted()
        result.packagesChecked = targets.count
        // One snapshot for the rows and the advisories they point at, even while an update commits.
        let (hits, unparsed, warnings, advisories) = try database.snapshot { db in
            let rows = try VulnerabilityDatabase.affectedRows(for: targets.flatMap(\.keys), in: db)
            var hits: [Hit] = []
            var unparsed: Set<String> = []
            var warnings: Set<RangeProblem> = []
            for (index, target) in targets.enumerated() {
                var seen: Set<Int64> = []
                for key in target.keys {
                    for row in rows[key] ?? [] where !seen.contains(row.advisory) {
                        let verdict = Self.evaluate(version: target.version, row: row)
                        for problem in verdict.advisoryProblems { warnings.insert(RangeProblem(advisory: row.advisory, ecosystem: row.ecosystem, problem: problem)) }
                        switch verdict.outcome {
                        case .notAffected:
                            break
                        case .affected(let fixed):
                            seen.insert(row.advisory)
                            hits.append(Hit(target: index, advisory: row.advisory, fixed: fixed, severity: row.severity, rating: row.rating))
                        case .unparsedPackage(let error):
                            unparsed.insert("\(target.package.purl.isEmpty ? target.package.fullName : target.package.purl): \(error)")
                        }
                    }
                }
            }
            let advisories = try VulnerabilityDatabase.advisories(Set(hits.map(\.advisory) + warnings.map(\.advisory)), in: db)
            return (hits, unparsed, warnings, advisories)
        }
        result.unparsedVersions = unparsed.sorted()

        result.advisoryWarnings = warnings.map { w in
            "advisory \(advisories[w.advisory]?.id ?? String(w.advisory)) (\(w.ecosystem)): \(w.problem)"
        }.sorted()

        // Group hits per package, then merge advisories that alias each other.
        var byTarget: [Int: [Hit]] = [:]
        for hit in hits { byTarget[hit.target, default: []].append(hit) }
        for (index, targetHits) in byTarget {
            let target = targets[index]
            let groups = Self.aliasGroups(targetHits.map(\.advisory), advisories: advisories)
            for group in groups {
                let members = targetHits.filter { group.contains($0.advisory) }
                let stored = members.compactMap { advisories[$0.advisory] }
                guard !stored.isEmpty else { continue }
                result.findings.append(Self.finding(target: target, stored: stored,
                                                    fixed: members.flatMap(\.fixed),
                                                    extraSeverity: members.flatMap(\.severity),
                                                    ratings: members.compactMap(\.rating) + stored.compactMap(\.rating)))
            }
        }
        result.findings.sort { ($0.package.purl, $0.id) < ($1.package.purl, $1.id) }
        return result
    }

    // MARK: - Lookup keys

    static func target(for package: Package, distro: Distro?) -> Target? {
        switch package.type {
        case .deb, .apk, .rpm:
            guard let distro, distro.packageType == package.type else { return nil }
            var names = [package.sourceName ?? package.name]
            if package.type == .rpm, let source = package.sourceName, source != package.name { names = [package.name, source] }
            let version: String
            if package.type == .deb, package.sourceName != nil, let sv = package.sourceVersion, !sv.isEmpty {
                version = sv
            } else {
                version = package.version
            }
            return Target(package: package,
                          keys: names.map { PackageKey(base: distro.ecosystem, name: Advisory.normalizedName($0, ecosystemBase: distro.ecosystem), release: distro.release) },
                          version: version, ecosystem: distro.ecosystem + ":" + distro.release)
        default:
            guard let base = languageEcosystem[package.type] else { return nil }
            let name: String
            switch package.type {
            case .maven: name = package.namespace.map { "\($0):\(package.name)" } ?? package.name
            default: name = package.fullName
            }
            return Target(package: package, keys: [PackageKey(base: base, name: Advisory.normalizedName(name, ecosystemBase: base), release: nil)],
                          version: package.version, ecosystem: base)
        }
    }

    static let languageEcosystem: [PackageType: String] = [
        .pypi: "PyPI", .npm: "npm", .golang: "Go", .maven: "Maven", .gem: "RubyGems",
        .cargo: "crates.io", .composer: "Packagist", .nuget: "NuGet",
    ]

    /// The distribution's OSV ecosystem and release, from os-release.
    struct Distro {
        var ecosystem: String
        var release: String
        var packageType: PackageType

        init?(_ os: OperatingSystem) {
            let version = os.versionID ?? ""
            func major(_ v: String) -> String { String(v.split(separator: ".").first ?? "") }
            switch os.id {
            case "debian":
                ecosystem = "Debian"
                packageType = .deb
                if !version.isEmpty {
                    release = major(version)
                } else if let codename = os.codename, let number = Distro.debianReleases[codename] {
                    release = number
                } else {
                    return nil
                }
            case "ubuntu":
                ecosystem = "Ubuntu"; packageType = .deb; release = version
            case "alpine":
                ecosystem = "Alpine"; packageType = .apk
                let parts = version.split(separator: ".")
                guard parts.count >= 2 else { return nil }
                release = "v\(parts[0]).\(parts[1])"
            case "rocky":
                ecosystem = "Rocky Linux"; packageType = .rpm; release = major(version)
            case "almalinux":
                ecosystem = "AlmaLinux"; packageType = .rpm; release = major(version)
            default:
                return nil
            }
            if release.isEmpty { return nil }
        }

        static let debianReleases = ["stretch": "9", "buster": "10", "bullseye": "11", "bookworm": "12", "trixie": "13", "forky": "14"]
    }

    // MARK: - Range evaluation

    enum Outcome {
        case notAffected
        case affected(fixed: [String])
        case unparsedPackage(VersionError)
    }

    struct Verdict {
        var outcome: Outcome
        /// Ranges skipped because an event did not parse (the other ranges still count).
        var advisoryProblems: [String] = []
    }

    static func scheme(ecosystem: String, rangeType: String) -> (any VersionScheme)? {
        let base = Advisory.splitEcosystem(ecosystem).base
        if rangeType == "SEMVER" { return base == "Go" ? VersionSchemes.go : VersionSchemes.semver }
        return VersionSchemes.forEcosystem(ecosystem)
    }

    static func evaluate(version: String, row: AffectedRow) -> Verdict {
        guard let ecosystemScheme = VersionSchemes.forEcosystem(row.ecosystem) else { return Verdict(outcome: .notAffected) }
        var problems: [String] = []
        var validated: String?
        for range in row.ranges where range.type == "ECOSYSTEM" || range.type == "SEMVER" {
            guard let scheme = scheme(ecosystem: row.ecosystem, rangeType: range.type) else { continue }
            if validated != scheme.name {
                do throws(VersionError) {
                    try scheme.validate(version)
                } catch {
                    return Verdict(outcome: .unparsedPackage(error), advisoryProblems: problems)
                }
                validated = scheme.name
            }
            switch evaluate(version: version, events: range.events, scheme: scheme) {
            case .success(let affected):
                if affected { return Verdict(outcome: .affected(fixed: fixedVersions(row, scheme: scheme, above: version)), advisoryProblems: problems) }
            case .failure(let error):
                problems.append(error.description)
            }
        }
        // Explicit versions: equal under the ecosystem's scheme (exact text when either side does not parse).
        // Checked after the ranges, which decide most cases more cheaply.
        if !row.versions.isEmpty, listedVersionsContain(row.versions, version, scheme: ecosystemScheme) {
            return Verdict(outcome: .affected(fixed: fixedVersions(row, scheme: ecosystemScheme, above: version)), advisoryProblems: problems)
        }
        return Verdict(outcome: .notAffected, advisoryProblems: problems)
    }

    static func listedVersionsContain(_ listed: [String], _ version: String, scheme: any VersionScheme) -> Bool {
        listed.contains(version) || listedParsed(listed, version, scheme: parsing(scheme))
    }

    static func listedParsed<S: ParsingVersionScheme>(_ listed: [String], _ version: String, scheme: S) -> Bool {
        guard let v = try? scheme.parsed(version) else { return false }
        let hint = scheme.equalityHint(version)
        return listed.contains { text in
            scheme.equalityHint(text) == hint && ((try? scheme.parsed(text)).map { scheme.compareParsed($0, v) == 0 } ?? false)
        }
    }

    /// OSV's algorithm: sort events by version ("0" lowest), walk them, and let the last event at or below
    /// the version decide; `limit` events cap the range.
    static func evaluate(version: String, events: [RangeEvent], scheme: any VersionScheme) -> Result<Bool, VersionError> {
        evaluateParsed(version: version, events: events, scheme: parsing(scheme))
    }

    /// The scheme's parse-once form, or its strings validated once and compared as strings.
    static func parsing(_ scheme: any VersionScheme) -> any ParsingVersionScheme {
        scheme as? any ParsingVersionScheme ?? ValidatedStrings(base: scheme)
    }

    /// A scheme without a parsed form: "parsing" validates, comparing compares validated strings.
    struct ValidatedStrings: ParsingVersionScheme {
        let base: any VersionScheme
        var name: String { base.name }
        func validate(_ text: String) throws(VersionError) { try base.validate(text) }
        func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int { try base.compare(lhs, rhs) }
        func parsed(_ text: String) throws(VersionError) -> String {
            try base.validate(text)
            return text
        }
        func compareParsed(_ a: String, _ b: String) -> Int { (try? base.compare(a, b)) ?? 0 }
        func equalityHint(_ text: String) -> UInt64 { 0 }
    }

    /// The algorithm over parsed versions (each string parsed once).
    static func evaluateParsed<S: ParsingVersionScheme>(version: String, events: [RangeEvent], scheme: S) -> Result<Bool, VersionError> {
        do throws(VersionError) {
            let v = try scheme.parsed(version)
            var ordered: [(event: RangeEvent, parsed: S.Parsed?)] = []
            var limits: [S.Parsed] = []
            var unlimited = false
            for event in events {
                if event.kind == .limit {
                    if event.version == "*" { unlimited = true } else { limits.append(try scheme.parsed(event.version)) }
                } else if event.kind == .introduced && event.version == "0" {
                    ordered.append((event, nil))
                } else {
                    ordered.append((event, try scheme.parsed(event.version)))
                }
            }
            ordered.sort { a, b in
                guard let pa = a.parsed else { return b.parsed != nil }
                guard let pb = b.parsed else { return false }
                let c = scheme.compareParsed(pa, pb)
                return c != 0 ? c < 0 : rank(a.event.kind) < rank(b.event.kind)
            }
            var vulnerable = false
            for (event, parsed) in ordered {
                switch event.kind {
                case .introduced:
                    if parsed.map({ scheme.compareParsed(v, $0) >= 0 }) ?? true { vulnerable = true }
                case .fixed:
                    if let p = parsed, scheme.compareParsed(v, p) >= 0 { vulnerable = false }
                case .lastAffected:
                    if let p = parsed, scheme.compareParsed(v, p) > 0 { vulnerable = false }
                case .limit:
                    break
                }
            }
            if vulnerable && !limits.isEmpty && !unlimited && !limits.contains(where: { scheme.compareParsed(v, $0) < 0 }) {
                vulnerable = false
            }
            return .success(vulnerable)
        } catch {
            return .failure(error)
        }
    }

    /// Equal versions: an introduction applies before a fix at the same version.
    static func rank(_ kind: RangeEvent.Kind) -> Int {
        switch kind {
        case .introduced: 0
        case .lastAffected: 1
        case .fixed: 2
        case .limit: 3
        }
    }


    /// The fixed versions above the package version, in version order.
    static func fixedVersions(_ row: AffectedRow, scheme: any VersionScheme, above version: String) -> [String] {
        var fixed: [String] = []
        for range in row.ranges where range.type == "ECOSYSTEM" || range.type == "SEMVER" {
            let s = Self.scheme(ecosystem: row.ecosystem, rangeType: range.type) ?? scheme
            for event in range.events where event.kind == .fixed {
                if let c = try? s.compare(event.version, version), c > 0, !fixed.contains(event.version) {
                    fixed.append(event.version)
                }
            }
        }
        return fixed.sorted { ((try? scheme.compare($0, $1)) ?? 0) < 0 }
    }

    // MARK: - Alias merging and severity

    /// Connected components of advisories linked by id or alias.
    static func aliasGroups(_ rows: [Int64], advisories: [Int64: StoredAdvisory]) -> [Set<Int64>] {
        var parent: [Int64: Int64] = [:]
        func find(_ x: Int64) -> Int64 {
            var x = x
            while let p = parent[x], p != x { x = p }
            return x
        }
        var owner: [String: Int64] = [:]
        for row in Set(rows).sorted() {
            parent[row] = row
            guard let adv = advisories[row] else { continue }
            // An advisory naming several CVEs (a DSA fixing five) is not an alias of each: linking
            // through it would merge distinct vulnerabilities, so it links by its own id only.
            let names = [adv.id] + adv.aliases
            let linking = names.filter { $0.hasPrefix("CVE-") }.count > 1 ? [adv.id] : names
            for name in linking {
                if let other = owner[name] {
                    let a = find(other), b = find(row)
                    if a != b { parent[max(a, b)] = min(a, b) }
                } else {
                    owner[name] = row
                }
            }
        }
        var groups: [Int64: Set<Int64>] = [:]
        for row in parent.keys { groups[find(row), default: []].insert(row) }
        return groups.keys.sorted().map { groups[$0]! }
    }

    static func finding(target: Target, stored: [StoredAdvisory], fixed: [String],
                        extraSeverity: [SeverityEntry], ratings: [String]) -> Finding {
        // The id: a CVE when one of the merged advisories is itself a CVE record (distribution data),
        // otherwise the first advisory's own id (PYSEC-, GHSA-, GO-, DSA-...); everything else is an alias.
        let ordered = stored.sorted { ($0.id.hasPrefix("CVE-") ? 0 : 1, $0.source, $0.id) < ($1.id.hasPrefix("CVE-") ? 0 : 1, $1.source, $1.id) }
        let primary = ordered[0]
        var aliases: [String] = []
        for adv in ordered {
            for name in [adv.id] + adv.aliases where name != primary.id && !aliases.contains(name) { aliases.append(name) }
        }
        var cvss: [Finding.CVSSRef] = []
        for adv in ordered {
            for entry in adv.severity where entry.type.hasPrefix("CVSS") {
                if let score = try? CVSS.score(entry.score), !cvss.contains(where: { $0.vector == score.vector }) {
                    cvss.append(Finding.CVSSRef(version: score.version, vector: score.vector, score: score.baseScore, severity: score.severity, source: adv.id))
                }
            }
        }
        for entry in extraSeverity where entry.type.hasPrefix("CVSS") {
            if let score = try? CVSS.score(entry.score), !cvss.contains(where: { $0.vector == score.vector }) {
                cvss.append(Finding.CVSSRef(version: score.version, vector: score.vector, score: score.baseScore, severity: score.severity, source: primary.id))
            }
        }
        // Severity: the highest CVSS v3/v4 base score; else the source's rating; else a v2 score; else unknown.
        var severity = Severity.unknown
        var severitySource = "none"
        if let best = cvss.filter({ !$0.version.hasPrefix("2") }).max(by: { $0.score < $1.score }) {
            severity = best.severity
            severitySource = "cvss"
        } else if let rating = ratings.map(Severity.init(rating:)).filter({ $0 != .unknown }).max() {
            severity = rating
            severitySource = "rating"
        } else if let v2 = cvss.max(by: { $0.score < $1.score }) {
            severity = v2.severity
            severitySource = "cvss"
        }
        let scheme = VersionSchemes.forEcosystem(target.ecosystem)
        var fixedUnique: [String] = []
        for f in fixed where !fixedUnique.contains(f) { fixedUnique.append(f) }
        if let scheme { fixedUnique.sort { ((try? scheme.compare($0, $1)) ?? 0) < 0 } }
        let package = target.package
        let location = package.locations.first
        var references: [String] = []
        for adv in ordered { for r in adv.references where !references.contains(r.url) { references.append(r.url) } }
        return Finding(
            id: primary.id,
            aliases: aliases,
            severity: severity,
            severitySource: severitySource,
            cvss: cvss,
            package: Finding.PackageRef(type: package.type.rawValue, name: package.fullName, version: package.version,
                                        purl: package.purl, sourceName: package.sourceName, sourceVersion: package.sourceVersion),
            fixedVersions: fixedUnique,
            status: fixedUnique.isEmpty ? "affected" : "fixed",
            layer: location.map { Finding.LayerRef(index: $0.layer, digest: $0.layerDigest?.description, diffID: $0.diffID?.description) },
            path: location?.path,
            title: ordered.lazy.compactMap(\.summary).first { !$0.isEmpty },
            description: ordered.lazy.compactMap(\.details).first { !$0.isEmpty },
            published: ordered.compactMap(\.published).min(),
            modified: ordered.compactMap(\.modified).max(),
            references: references,
            dataSources: Array(Set(ordered.map(\.source))).sorted(),
            suppressed: nil)
    }
}
