import ArgumentParser
import Foundation
import KubernetesChecks

/// `palisade k8s ...`
struct K8sCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "k8s",
        abstract: "Check Kubernetes manifests and report compliance (CIS Kubernetes 5.x, NIST SP 800-190, Pod Security Standards).",
        subcommands: [K8sScanCommand.self, K8sComplianceCommand.self, K8sChecksCommand.self]
    )
}

/// Options `k8s scan` and `k8s compliance` share.
struct K8sInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Manifest files or directories (recursive: *.yaml, *.yml, *.json); - reads standard input (helm template, kustomize build).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("YAML config: disable, enable, parameters, exceptions, maxFileBytes (see docs/k8s-checks.md).", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Check ids not to run, comma-separated.", valueName: "ids"))
    var disable: String?

    @Option(help: ArgumentHelp("Opt-in check ids to run, comma-separated.", valueName: "ids"))
    var enable: String?

    @Option(help: ArgumentHelp("Largest manifest file to read, in bytes (default 33554432).", valueName: "bytes"))
    var maxFileBytes: Int?

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one manifest path, or - for standard input") }
        if paths.filter({ $0 == "-" }).count > 1 { throw ValidationError("standard input (-) can be given only once") }
        if let maxFileBytes, maxFileBytes <= 0 || maxFileBytes > K8sScanOptions.maxFileBytesCeiling {
            throw ValidationError("--max-file-bytes must be between 1 and \(K8sScanOptions.maxFileBytesCeiling) (1 GiB)")
        }
        let known = Set(K8sChecks.all.map(\.id))
        for id in ids(disable) + ids(enable) where !known.contains(id) {
            throw ValidationError("unknown check id '\(id)' (see `palisade k8s checks`)")
        }
    }

    private func ids(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func scanOptions() throws -> K8sScanOptions {
        var options = K8sScanOptions()
        if let config {
            do { options = try K8sScanOptions.load(configFile: config) } catch let error as K8sConfigError { throw ScanCommandError(K8sReport.printable(error.description)) }
        }
        options.disabled.formUnion(ids(disable))
        options.enabled.formUnion(ids(enable))
        if let maxFileBytes { options.maxFileBytes = maxFileBytes }
        return options
    }

    /// - Parameter evidence: record the objects each check looked at (compliance reports need them).
    func scan(evidence: Bool = false) throws -> K8sScanResult {
        var options = try scanOptions()
        options.recordEvidence = evidence
        let result = K8sScanner(options: options).scan(paths: paths)
        for error in result.errors.prefix(20) { warn(K8sReport.printable("\(error.file):\(error.line): \(error.message)")) }
        if result.errors.count > 20 { warn("… and \(result.errors.count - 20) more input errors (see the report)") }
        return result
    }
}

/// `palisade k8s scan PATH...`
struct K8sScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Check workloads, RBAC, network policies and services in Kubernetes manifests.",
        discussion: """
            Every finding carries the file and line of the offending field. Unknown kinds and custom resources are counted \
            and passed over. Except objects with the annotation palisade.io/ignore: "<check-id>: <reason>" or in --config.

            Exit status: 0 when done; 2 when any file or document could not be read (invalid YAML, duplicate keys, \
            wrong field types, limits), after writing the report; otherwise --exit-code when findings remain; 64 for usage errors; \
            1 for other errors.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, sarif, junit
    }

    @OptionGroup var input: K8sInputOptions

    @Option(help: "Output format: table, json (docs/k8s-checks.md), sarif (SARIF 2.1.0), junit (JUnit XML).")
    var format: Format = .table

    @Option(help: ArgumentHelp("Report only these severities, comma-separated (CRITICAL,HIGH,MEDIUM,LOW,INFO).", valueName: "list"))
    var severity: String?

    @Option(help: ArgumentHelp("Exit with this code when findings remain after the filters (default 0).", valueName: "code"))
    var exitCode: Int32 = 0

    func validate() throws {
        _ = try severities()
        if exitCode < 0 || exitCode > 255 { throw ValidationError("--exit-code must be 0 to 255") }
    }

    func severities() throws -> Set<K8sSeverity> {
        var out: Set<K8sSeverity> = []
        for item in (severity ?? "").split(separator: ",") {
            guard let s = K8sSeverity(rawValue: item.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--severity: '\(item)' is not one of CRITICAL, HIGH, MEDIUM, LOW, INFO")
            }
            out.insert(s)
        }
        return out
    }

    func run() async throws {
        try await runReportingScanErrors {
            let result = try input.scan().filtered(severities: try severities())
            let data: Data
            switch format {
            case .json: data = try K8sReport.json(result)
            case .table:
                let color = input.output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                data = Data(K8sReport.table(result, color: color).utf8)
            case .sarif: data = try K8sReport.sarif(result, toolVersion: PalisadeVersion.current)
            case .junit: data = Data(K8sReport.junit(result).utf8)
            }
            try writeOutput(data, to: input.output)
            if result.hasErrors { throw ExitCode(2) }
            if exitCode != 0 && !result.findings.isEmpty { throw ExitCode(exitCode) }
        }
    }
}

/// `palisade k8s compliance PATH... --standard S`
struct K8sComplianceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compliance",
        abstract: "Report a standard control by control: pass, fail, manual or not applicable, with the objects as evidence.",
        discussion: "Exit status: 0 when done; 2 when any input file had errors (the report is still written); --exit-code when a control fails."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, html
    }

    @OptionGroup var input: K8sInputOptions

    enum Standard: String, ExpressibleByArgument, CaseIterable {
        case cisK8s = "cis-k8s", nist80019 = "nist-800-190", pssBaseline = "pss-baseline", pssRestricted = "pss-restricted"
    }

    @Option(help: ArgumentHelp("The standard: \(ComplianceStandard.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "name"))
    var standard: Standard

    @Option(help: "Output format: table, json or html (self-contained).")
    var format: Format = .table

    @Option(help: ArgumentHelp("Exit with this code when a control fails (default 0).", valueName: "code"))
    var exitCode: Int32 = 0

    func validate() throws {
        if exitCode < 0 || exitCode > 255 { throw ValidationError("--exit-code must be 0 to 255") }
    }

    func run() async throws {
        try await runReportingScanErrors {
            let result = try input.scan(evidence: true)
            guard let standard = ComplianceStandard(rawValue: standard.rawValue) else { throw ScanCommandError("unknown standard \(standard.rawValue)") }
            let report = ComplianceReport(standard: standard, result: result)
            let data: Data
            switch format {
            case .table: data = Data(report.table().utf8)
            case .json: data = try report.json()
            case .html: data = Data(report.html().utf8)
            }
            try writeOutput(data, to: input.output)
            if result.hasErrors { throw ExitCode(2) }
            if exitCode != 0 && report.controls.contains(where: { $0.status == .fail }) { throw ExitCode(exitCode) }
        }
    }
}

/// `palisade k8s checks`
struct K8sChecksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "List the Kubernetes checks with their severity and mappings (markdown is docs/k8s-checks.md)."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, markdown
    }

    @Option(help: "Output format: table or markdown.")
    var format: Format = .table

    func run() async throws {
        switch format {
        case .markdown: emit(K8sReport.checksMarkdown())
        case .table:
            var out = ""
            for c in K8sChecks.all {
                let cis = c.mappings.cis.isEmpty ? "" : " CIS \(c.mappings.cis.joined(separator: ","))"
                out += "\(c.id.padding(toLength: 32, withPad: " ", startingAt: 0)) \(c.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(c.title)\(cis)\(c.enabledByDefault ? "" : " (opt-in)")\n"
            }
            emit(out)
        }
    }
}
