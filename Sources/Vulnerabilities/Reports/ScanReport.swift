public import Foundation
public import Inventory

/// The result of one vulnerability scan: what was scanned, against which data, what was found.
/// Its JSON form is documented in docs/scan-json.md (schema version 1).
public struct ScanReport: Sendable, Codable {
    public struct Target: Sendable, Codable {
        /// `image` or `sbom`.
        public var kind: String
        public var reference: String
        public var digest: String?
        public var operatingSystem: String?
        public var packages: Int

        public init(kind: String, reference: String, digest: String?, operatingSystem: String?, packages: Int) {
            self.kind = kind
            self.reference = reference
            self.digest = digest
            self.operatingSystem = operatingSystem
            self.packages = packages
        }
    }

    public struct DataSource: Sendable, Codable {
        public var name: String
        public var updatedAt: Date
        public var advisories: Int
    }

    public struct Summary: Sendable, Codable {
        public var total: Int
        public var critical: Int
        public var high: Int
        public var medium: Int
        public var low: Int
        public var unknown: Int
        public var fixable: Int
        public var suppressed: Int
    }

    public var schemaVersion = 1
    public var tool: String
    public var createdAt: Date
    public var target: Target
    public var dataSources: [DataSource]
    public var summary: Summary
    public var vulnerabilities: [Finding]
    /// Findings a VEX statement or the ignore file suppressed, with the reason.
    public var suppressed: [Finding]
    public var warnings: [String]
    /// `purl|id` for every id of every matched finding before any filter (not encoded): what scan
    /// history compares rescans with.
    public var matchedKeys: [String] = []

    enum CodingKeys: String, CodingKey {
        case schemaVersion, tool, createdAt, target, dataSources, summary, vulnerabilities, suppressed, warnings
    }

    public init(tool: String, createdAt: Date, target: Target, dataSources: [DataSource],
                vulnerabilities: [Finding], suppressed: [Finding], warnings: [String]) {
        self.tool = tool
        self.createdAt = createdAt
        self.target = target
        self.dataSources = dataSources
        self.vulnerabilities = vulnerabilities
        self.suppressed = suppressed
        self.warnings = warnings
        summary = Self.summarize(vulnerabilities, suppressed: suppressed.count)
    }

    static func summarize(_ findings: [Finding], suppressed: Int) -> Summary {
        var s = Summary(total: findings.count, critical: 0, high: 0, medium: 0, low: 0, unknown: 0, fixable: 0, suppressed: suppressed)
        for f in findings {
            switch f.severity {
            case .critical: s.critical += 1
            case .high: s.high += 1
            case .medium: s.medium += 1
            case .low, .none: s.low += 1
            case .unknown: s.unknown += 1
            }
            if !f.fixedVersions.isEmpty { s.fixable += 1 }
        }
        return s
    }

    public mutating func recomputeSummary() {
        summary = Self.summarize(vulnerabilities, suppressed: suppressed.count)
    }
}

/// The filters users put between findings and the exit code.
public struct FindingFilter: Sendable {
    /// Only these severities are reported (empty: all).
    public var severities: Set<Severity> = []
    public var ignoreUnfixed = false
    public var ignoreRules: [IgnoreRule] = []
    public var vex: [VEXStatement] = []
    /// The scanned target's identities (reference, digest) that image-level VEX products are matched against.
    public var target: [String] = []

    public init() {}

    /// Splits findings into reported and suppressed (VEX and ignore file), then applies severity and
    /// fix filters to what is reported. Suppressed findings keep their reason.
    public func apply(_ findings: [Finding], now: Date = Date()) -> (reported: [Finding], suppressed: [Finding]) {
        var reported: [Finding] = []
        var suppressed: [Finding] = []
        // The newest statement about a vulnerability and product wins, across all documents given.
        let statements = vex.enumerated().sorted { a, b in
            let ta = a.element.timestamp ?? .distantPast, tb = b.element.timestamp ?? .distantPast
            return ta != tb ? ta > tb : a.offset > b.offset
        }.map(\.element)
        for var finding in findings {
            if let statement = statements.first(where: { $0.matches(finding, target: target) }), statement.suppresses {
                finding.suppressed = Finding.Suppression(kind: "vex", status: statement.status.rawValue,
                                                         justification: statement.justification,
                                                         statement: statement.impactStatement ?? statement.actionStatement,
                                                         source: statement.document)
                suppressed.append(finding)
                continue
            }
            if let rule = ignoreRules.first(where: { $0.applies(to: finding, now: now) }) {
                finding.suppressed = Finding.Suppression(kind: "ignore-file", status: "ignored", justification: nil,
                                                         statement: rule.reason, source: rule.file)
                suppressed.append(finding)
                continue
            }
            if ignoreUnfixed && finding.fixedVersions.isEmpty { continue }
            if !severities.isEmpty && !severities.contains(finding.severity) { continue }
            reported.append(finding)
        }
        return (reported, suppressed)
    }
}

extension ScanReport {
    /// Matches packages against the database, applies the filters, and assembles the report.
    public static func build(packages: [Package], operatingSystem: OperatingSystem?, target: Target,
                             database: VulnerabilityDatabase, filter: FindingFilter, tool: String,
                             now: Date = Date()) throws(VulnerabilityDatabaseError) -> ScanReport {
        let matched = try Matcher(database: database).match(packages: packages, operatingSystem: operatingSystem)
        let (reported, suppressed) = filter.apply(matched.findings, now: now)
        let sources = try database.sources()
        var warnings: [String] = []
        for unsupported in matched.unsupported { warnings.append("no advisory data is matched for \(unsupported)") }
        for unparsed in matched.unparsedVersions { warnings.append("version not understood, package not matched: \(unparsed)") }
        warnings.append(contentsOf: matched.advisoryWarnings.prefix(50))
        if sources.isEmpty { warnings.append("the vulnerability database is empty; run `palisade db update` or `palisade db import`") }
        if let oldest = sources.map(\.updatedAt).min(), now.timeIntervalSince(oldest) > 7 * 86400 {
            warnings.append("vulnerability data is \(Int(now.timeIntervalSince(oldest) / 86400)) days old; run `palisade db update`")
        }
        for rule in filter.ignoreRules where rule.expires.map({ $0 <= now }) ?? false {
            warnings.append("ignore rule for \(rule.id) in \(rule.file) expired on \(RFC3339.format(rule.expires!).prefix(10)) and no longer applies")
        }
        var report = ScanReport(tool: tool, createdAt: now, target: target,
                                dataSources: sources.map { DataSource(name: $0.name, updatedAt: $0.updatedAt, advisories: $0.advisories) },
                                vulnerabilities: reported, suppressed: suppressed, warnings: warnings)
        report.matchedKeys = matched.findings.flatMap { f in f.allIDs.map { "\(f.package.purl)|\($0)" } }.sorted()
        return report
    }
}
