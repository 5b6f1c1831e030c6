import ArgumentParser
import Foundation
import ImageAccess
import ImageChecks
import Inventory
import Vulnerabilities

/// Options every vulnerability-reporting command shares: what to scan and filter (``ScanSelection``),
/// and how to report.
struct ScanOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, sarif, cyclonedx
    }

    @OptionGroup var selection: ScanSelection

    @Option(help: "Output format: table (for people), json (docs/scan-json.md), sarif (SARIF 2.1.0), cyclonedx (CycloneDX 1.6 with vulnerabilities).")
    var format: Format = .table

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Exit with this code when findings remain after the filters (default 0).", valueName: "code"))
    var exitCode: Int32 = 0

    func validate() throws {
        if exitCode < 0 || exitCode > 255 { throw ValidationError("--exit-code must be 0 to 255") }
    }

    var db: DatabaseOptions { selection.db }
    func scannerSet() throws -> Set<String> { try selection.scannerSet() }
    func severities() throws -> Set<Severity> { try selection.severities() }
    func filter() throws -> FindingFilter { try selection.filter() }
    func secretScanner() throws -> SecretScanner { try selection.secretScanner() }
    func record(target: String, kind: String, digest: String?, sbom: Data, report: ScanReport) {
        selection.record(target: target, kind: kind, digest: digest, sbom: sbom, report: report)
    }

    /// Renders and writes the report (with the image sections, when any), then exits with
    /// `--exit-code` when findings remain.
    func deliver(_ report: ScanReport, sbom: Data?, sections: ImageSections = ImageSections()) throws {
        for warning in report.warnings { warn(warning) }
        var data: Data
        switch format {
        case .json:
            data = try ReportWriter.json(report)
            let extra = try sections.jsonObject()
            if !extra.isEmpty, var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
                object.merge(extra) { _, new in new }
                data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                data.append(0x0A)
            }
        case .table:
            let color = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            var text = sections.vulnerabilitiesScanned ? ReportWriter.table(report, color: color) : ""
            text += sections.table()
            data = Data(text.utf8)
        case .sarif:
            data = try ReportWriter.sarif(report, toolVersion: PalisadeVersion.current)
            data = try sections.addToSARIF(data)
        case .cyclonedx: data = try ReportWriter.cyclonedx(report, bom: sbom, toolVersion: PalisadeVersion.current)
        }
        try writeOutput(data, to: output)
        if exitCode != 0 && (!report.vulnerabilities.isEmpty || sections.hasFindings) { throw ExitCode(exitCode) }
    }
}

/// What to scan and how to filter: shared by `image scan`, `sbom scan` and `check image`.
struct ScanSelection: ParsableArguments {
    @OptionGroup var db: DatabaseOptions

    @Option(help: ArgumentHelp("What to look for, comma-separated: vuln, secret, config (image misconfigurations), malware (default: all; `sbom scan` only does vuln).", valueName: "list"))
    var scanners: String = "vuln,secret,config,malware"

    @Option(help: ArgumentHelp("Report only these severities, comma-separated (CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN).", valueName: "list"))
    var severity: String?

    @Flag(help: "Leave out vulnerabilities that have no fixed version yet.")
    var ignoreUnfixed = false


    @Option(help: ArgumentHelp("Ignore file: `ID [exp:YYYY-MM-DD] # reason` lines, or YAML `vulnerabilities: [{id, statement, expired_at, purls}]` (default: ./.palisadeignore when present).", valueName: "file"))
    var ignoreFile: String?

    @Option(help: ArgumentHelp("OpenVEX document; not_affected and fixed statements suppress findings, keeping the justification (repeatable).", valueName: "file"))
    var vex: [String] = []

    @Option(help: ArgumentHelp("Secret rules, allow rules and limits: trivy's trivy-secret.yaml keys, in YAML or JSON (see docs/scan-json.md).", valueName: "file"))
    var secretConfig: String?

    /// The secret scanner: built-in rules, with `--secret-config` applied.
    func secretScanner() throws -> SecretScanner {
        guard let secretConfig else { return SecretScanner() }
        return SecretScanner(configuration: try SecretScanner.Configuration(contentsOf: URL(fileURLWithPath: secretConfig)))
    }

    @Flag(help: "Do not record this scan in the scan history.")
    var noHistory = false

    @Option(help: ArgumentHelp("Scan history directory (default: $PALISADE_DATA_DIR, else $XDG_DATA_HOME/palisade, else ~/.local/share/palisade).", valueName: "dir"))
    var historyDir: String?

    func validate() throws {
        _ = try severities()
        _ = try scannerSet()
    }

    static let allScanners = ["vuln", "secret", "config", "malware"]

    func scannerSet() throws -> Set<String> {
        var out: Set<String> = []
        for item in scanners.split(separator: ",") {
            let name = item.trimmingCharacters(in: .whitespaces).lowercased()
            guard Self.allScanners.contains(name) else {
                throw ValidationError("--scanners: '\(item)' is not one of \(Self.allScanners.joined(separator: ", "))")
            }
            out.insert(name)
        }
        guard !out.isEmpty else { throw ValidationError("--scanners needs at least one of \(Self.allScanners.joined(separator: ", "))") }
        return out
    }

    func severities() throws -> Set<Severity> {
        guard let severity else { return [] }
        var out: Set<Severity> = []
        for item in severity.split(separator: ",") {
            let name = item.trimmingCharacters(in: .whitespaces).uppercased()
            guard let s = Severity(rawValue: name), s != .none else {
                throw ValidationError("--severity: '\(item)' is not one of CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN")
            }
            out.insert(s)
        }
        return out
    }

    func filter() throws -> FindingFilter {
        var filter = FindingFilter()
        filter.severities = try severities()
        filter.ignoreUnfixed = ignoreUnfixed
        if let ignoreFile {
            filter.ignoreRules = try IgnoreRule.load(path: ignoreFile)
        } else if FileManager.default.fileExists(atPath: ".palisadeignore") {
            filter.ignoreRules = try IgnoreRule.load(path: ".palisadeignore")
        }
        for path in vex { filter.vex.append(contentsOf: try VEXStatement.load(path: path)) }
        return filter
    }

    /// Records the scan in the history; a history that cannot be written is a warning, never a lost report.
    func record(target: String, kind: String, digest: String?, sbom: Data, report: ScanReport) {
        guard !noHistory else { return }
        do {
            let history = try ScanHistory(directory: historyDir ?? ScanHistory.defaultDirectory())
            try history.record(target: target, kind: kind, digest: digest, at: report.createdAt, sbom: sbom, report: report)
        } catch {
            warn("scan not recorded in the history: \(error)")
        }
    }

}

/// Stage timings on standard error when PALISADE_TIMINGS is set (used by Benchmarks/vulns.sh).
struct StageClock {
    let enabled = ProcessInfo.processInfo.environment["PALISADE_TIMINGS"] != nil
    var last = ContinuousClock.now

    mutating func lap(_ stage: String) {
        let now = ContinuousClock.now
        if enabled {
            let d = now - last
            let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
            FileHandle.standardError.write(Data(String(format: "palisade: timing: %@ %.3f ms\n", stage as NSString, ms).utf8))
        }
        last = now
    }
}

func progress(_ message: String) {
    if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
}

/// `palisade image scan REF`
struct ImageScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find known vulnerabilities in an image's OS and language packages.",
        discussion: "Matches the image's inventory against the vulnerability database (see `palisade db`), with OSV range semantics and the distributions' own data for OS packages."
    )

    @OptionGroup var image: ImageOptions
    @OptionGroup var scan: ScanOptions
    @OptionGroup var checks: ImageCheckOptions

    func run() async throws {
        try await runReportingScanErrors {
            var outcome = try await ImageScan.run(image: image, scan: scan.selection, checks: checks)
            if let inventory = outcome.inventory {
                let encoded = try CycloneDXWriter().encode(inventory, toolVersion: PalisadeVersion.current)
                scan.record(target: image.reference, kind: "image", digest: outcome.report.target.digest, sbom: encoded, report: outcome.report)
                outcome.sbom = encoded
            }
            outcome.clock.lap("history")
            try scan.deliver(outcome.report, sbom: outcome.sbom, sections: outcome.sections)
            outcome.clock.lap("report")
        }
    }
}

/// The image-check options of `image scan` and `check image`.
struct ImageCheckOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Catalog of trusted base images (see `palisade image base add`): report the image's base and how far behind it is.", valueName: "file"))
    var baseCatalog: String?

    @Option(help: ArgumentHelp("Registries images may come from, comma-separated (`*.example.com` allowed); others are flagged.", valueName: "list"))
    var trustedRegistries: String?

    @Option(help: ArgumentHelp("YARA rules for the malware scanner: a .yar/.yara file or a directory of them (repeatable).", valueName: "path"))
    var yaraRules: [String] = []

    @Option(help: ArgumentHelp("A ClamAV signature database directory (.cvd/.cld/.hdb/.hsb/.ndb/.ldb...) for the malware scanner.", valueName: "dir"))
    var clamavDb: String?

    @Option(help: ArgumentHelp("SHA-256 blocklist for the malware scanner: one hex digest per line, optional name after it, # comments.", valueName: "file"))
    var malwareBlocklist: String?

    @Option(help: ArgumentHelp("A named key set to verify the image's cosign signatures with, NAME=PUB[,PUB...] (repeatable; registry images only).", valueName: "name=files"))
    var signatureKeys: [String] = []

    @Option(help: ArgumentHelp("Keep signature verdicts (per image digest, for an hour) in this file between runs.", valueName: "file"))
    var verdictCache: String?

}

/// One image scan with every scanner asked for: what `image scan` reports and `check image` evaluates.
struct ImageScan {
    var opened: Image
    var inventory: Inventory?
    var report: ScanReport
    var sections: ImageSections
    var sbom: Data?
    var clock: StageClock

    static func run(image: ImageOptions, scan: ScanSelection, checks: ImageCheckOptions) async throws -> ImageScan {
        var clock = StageClock()
        let catalog = try checks.baseCatalog.map { try BaseImageCatalog.load(path: $0) }
        let trusted = checks.trustedRegistries.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let scanners = try scan.scannerSet()
        var filter = try scan.filter()
        let database = scanners.contains("vuln") ? try scan.db.open(create: false) : nil
        clock.lap("open-database")
        let opener = image.opener()
        progress("reading \(image.reference)")
        let opened = try await opener.open(try image.parsedReference())
        // The inventory is only needed for vulnerabilities (a secrets-only scan skips that pass).
        let inventory = database == nil ? nil : try await InventoryScanner(opener: opener).scan(opened)
        for warning in inventory?.warnings ?? [] { warn(warning) }
        clock.lap("inventory")
        filter.target = [image.reference, opened.reference.original, opened.manifestDigest?.description ?? ""]
        let target = ScanReport.Target(kind: "image", reference: image.reference, digest: opened.manifestDigest?.description,
                                       operatingSystem: inventory?.operatingSystem.map { [$0.id, $0.versionID].compactMap { $0 }.joined(separator: " ") },
                                       packages: inventory?.packages.count ?? 0)
        let report: ScanReport
        if let database, let inventory {
            progress("matching \(inventory.packages.count) packages")
            report = try ScanReport.build(packages: inventory.packages, operatingSystem: inventory.operatingSystem, target: target,
                                          database: database, filter: filter, tool: "palisade \(PalisadeVersion.current)")
        } else {
            report = ScanReport(tool: "palisade \(PalisadeVersion.current)", createdAt: Date(), target: target, dataSources: [],
                                vulnerabilities: [], suppressed: [], warnings: [])
        }
        clock.lap("match")
        var sections = ImageSections(vulnerabilitiesScanned: database != nil)
        if !checks.signatureKeys.isEmpty {
            sections.signatures = try await SignatureSection.verify(image: image, keySets: try SignatureSection.keySets(checks.signatureKeys),
                                                                     cacheFile: checks.verdictCache)
        }
        if database != nil {
            sections.freshness = FreshnessGrade(findings: report.vulnerabilities, imageCreated: opened.config?.created.flatMap(RFC3339.parse))
        }
        if catalog != nil || trusted != nil {
            sections.baseImage = BaseImageInfo(image: opened, catalog: catalog, trusted: trusted)
        }
        let layerScanners = scanners.intersection(["secret", "config", "malware"])
        if !layerScanners.isEmpty {
            progress("reading every layer for \(layerScanners.sorted().joined(separator: ", "))")
            var inspectors: [any LayerFileInspector] = []
            if scanners.contains("malware") {
                var configuration = MalwareConfiguration.default
                configuration.yaraPaths = checks.yaraRules
                configuration.clamavDatabase = checks.clamavDb
                configuration.blocklistPath = checks.malwareBlocklist
                inspectors.append(MalwareInspector(scanner: try MalwareScanner(configuration: configuration)))
            }
            let layerScan = ImageLayerScan(scanners: .init(secrets: scanners.contains("secret") ? try scan.secretScanner() : nil,
                                                           inspectors: inspectors, facts: scanners.contains("config")), opener: opener)
            let found = try await layerScan.scan(opened)
            let wanted = try scan.severities()
            if scanners.contains("secret") {
                // --severity applies to secrets as to vulnerabilities.
                sections.secrets = found.secrets.filter { wanted.isEmpty || wanted.contains(Severity(rawValue: $0.severity.name) ?? .unknown) }
            }
            if scanners.contains("malware") {
                sections.malware = MalwareReport.findings(found.inspections)
                    .filter { wanted.isEmpty || wanted.contains(Severity(rawValue: $0.severity.name) ?? .unknown) }
            }
            if scanners.contains("config") {
                let findings = ImageConfigChecks.evaluate(ImageFacts(image: opened, filesystem: found.filesystem))
                sections.misconfigurations = findings.filter { wanted.isEmpty || wanted.contains(Severity(rawValue: $0.severity.rawValue) ?? .unknown) }
            }
            clock.lap("layers")
        }
        return ImageScan(opened: opened, inventory: inventory, report: report, sections: sections, sbom: nil, clock: clock)
    }
}

/// `palisade sbom scan FILE`
struct SBOMScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Find known vulnerabilities in the packages an SBOM lists (CycloneDX or SPDX JSON).",
        discussion: "Reads Palisade's own SBOMs and other tools' (trivy, syft): package-urls, source packages, the operating system."
    )

    @Argument(help: ArgumentHelp("The SBOM file.", valueName: "file"))
    var file: String

    @OptionGroup var scan: ScanOptions

    func run() async throws {
        try await runReportingScanErrors {
            var clock = StageClock()
            let filter = try scan.filter()
            let database = try scan.db.open(create: false)
            clock.lap("open-database")
            let data = try BoundedFile.read(file, limit: SBOMDocument.maxBytes)
            let document = try SBOMDocument.read(data: data, source: file)
            clock.lap("read-sbom")
            if document.skipped > 0 { warn("\(document.skipped) components without a usable package-url were skipped") }
            let target = ScanReport.Target(kind: "sbom", reference: file, digest: nil,
                                           operatingSystem: document.operatingSystem.map { [$0.id, $0.versionID].compactMap { $0 }.joined(separator: " ") },
                                           packages: document.packages.count)
            let report = try ScanReport.build(packages: document.packages, operatingSystem: document.operatingSystem, target: target,
                                              database: database, filter: filter, tool: "palisade \(PalisadeVersion.current)")
            clock.lap("match")
            scan.record(target: file, kind: "sbom", digest: nil, sbom: data, report: report)
            try scan.deliver(report, sbom: document.format == "cyclonedx" ? data : nil)
        }
    }
}

/// `palisade image rescan --all`
struct ImageRescanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescan",
        abstract: "Re-match stored SBOMs from the scan history against the current database, without reading images again.",
        discussion: "Reports, per image, what is new since its last scan (after `palisade db update`)."
    )

    @Argument(help: ArgumentHelp("Images (as they were scanned) to rescan.", valueName: "image"))
    var references: [String] = []

    @Flag(help: "Rescan every image in the history.")
    var all = false

    @OptionGroup var db: DatabaseOptions

    @Option(help: ArgumentHelp("Scan history directory.", valueName: "dir"))
    var historyDir: String?

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Exit with this code when any new vulnerability appeared (default 0).", valueName: "code"))
    var exitCode: Int32 = 0

    struct Change: Encodable {
        var target: String
        var digest: String?
        var previousScan: Date
        var total: Int
        var new: [Finding]
        var resolved: [String]
    }

    func validate() throws {
        if all != references.isEmpty { throw ValidationError("give image references or --all (not both)") }
    }

    func run() async throws {
        try await runReportingScanErrors {
            let database = try db.open(create: false)
            let history = try ScanHistory(directory: historyDir ?? ScanHistory.defaultDirectory())
            var entries = try history.latestPerTarget()
            if !all {
                let wanted = Set(references)
                let missing = wanted.subtracting(entries.map(\.target))
                if !missing.isEmpty { throw ScanCommandError("not in the scan history: \(missing.sorted().joined(separator: ", ")); scan them with `palisade image scan` first") }
                entries = entries.filter { wanted.contains($0.target) }
            }
            var changes: [Change] = []
            for entry in entries {
                let document = try SBOMDocument.read(data: entry.sbom, source: "stored SBOM of \(entry.target)")
                let target = ScanReport.Target(kind: entry.kind, reference: entry.target, digest: entry.digest,
                                               operatingSystem: document.operatingSystem.map { [$0.id, $0.versionID].compactMap { $0 }.joined(separator: " ") },
                                               packages: document.packages.count)
                let report = try ScanReport.build(packages: document.packages, operatingSystem: document.operatingSystem, target: target,
                                                  database: database, filter: FindingFilter(), tool: "palisade \(PalisadeVersion.current)")
                try history.record(target: entry.target, kind: entry.kind, digest: entry.digest, at: report.createdAt, sbom: entry.sbom, report: report)
                // New: no id of the finding was seen for that package before (an added alias is not news).
                let now = Set(report.matchedKeys)
                let new = report.vulnerabilities.filter { f in !f.allIDs.contains { entry.findingKeys.contains("\(f.package.purl)|\($0)") } }
                changes.append(Change(target: entry.target, digest: entry.digest, previousScan: entry.createdAt, total: report.vulnerabilities.count,
                                      new: new, resolved: entry.findingKeys.subtracting(now).sorted()))
            }
            switch format {
            case .json:
                emit(String(decoding: try ReportWriter.jsonEncoder().encode(changes), as: UTF8.self) + "\n")
            case .table:
                var out = ""
                for c in changes {
                    out += "\(c.target)\(c.digest.map { " (\($0))" } ?? ""): \(c.total) vulnerabilities, \(c.new.count) new, \(c.resolved.count) resolved since \(RFC3339.format(c.previousScan))\n"
                    for f in c.new { out += "  NEW  \(f.id)  \(f.severity.rawValue)  \(f.package.name) \(f.package.version)\n" }
                }
                if changes.isEmpty { out = "The scan history is empty.\n" }
                emit(out)
            }
            if exitCode != 0 && changes.contains(where: { !$0.new.isEmpty }) { throw ExitCode(exitCode) }
        }
    }
}

/// `palisade sbom ...`
struct SBOMGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sbom",
        abstract: "Work with SBOM files.",
        subcommands: [SBOMScanCommand.self]
    )
}
