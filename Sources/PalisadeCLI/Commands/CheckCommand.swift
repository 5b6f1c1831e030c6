import ArgumentParser
import Foundation
import ImageAccess
import Inventory
import KubernetesChecks
import Policy
import Vulnerabilities

/// `palisade check ...`: the CI gate.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Evaluate policies: fail the build on an image, or a deployment's manifests, that violates an enforced policy.",
        subcommands: [CheckImageCommand.self, CheckDeployCommand.self]
    )
}

/// Options of both gates: formats, baseline, exit status.
struct CheckOutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, sarif, junit }

    @OptionGroup var policies: PolicySourceOptions

    @Option(help: "Output format: table, json, sarif (SARIF 2.1.0) or junit.")
    var format: Format = .table

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Fail only on violations not in this baseline file (from --write-baseline).", valueName: "file"))
    var baseline: String?

    @Option(help: ArgumentHelp("Write the violations found as a baseline file.", valueName: "file"))
    var writeBaseline: String?

    @Option(help: ArgumentHelp("Also fail on any violation of a policy at or above this severity, enforced or not (low, medium, high, critical).", valueName: "severity"))
    var failOn: String?

    @Option(help: ArgumentHelp("Exit status when the gate fails (default 1).", valueName: "code"))
    var exitCode: Int32 = 1

    func validate() throws {
        if let failOn, PolicySeverity(rawValue: failOn) == nil {
            throw ValidationError("--fail-on: '\(failOn)' is not one of low, medium, high, critical")
        }
        if exitCode < 1 || exitCode > 255 { throw ValidationError("--exit-code must be 1 to 255") }
    }
}

/// One violation as the gate reports it.
struct GateViolation: Codable, Hashable {
    var policyID: String
    var policy: String
    var severity: String
    var stage: String
    var subject: String
    /// `fail-build`, `block`, … when the policy is enforced at this stage.
    var enforcement: String?
    var messages: [String]
    /// True when the baseline already has it (reported, not failing).
    var inBaseline: Bool = false

    /// Identity for baselines: policy, subject and messages (an image's digest is left out, so a rebuild matches).
    var key: String {
        let subjectName = subject.split(separator: "@").first.map(String.init) ?? subject
        return ([policyID, subjectName] + messages.sorted()).joined(separator: "\u{1F}")
    }
}

struct GateReport: Codable {
    var stage: String
    var subjects: [String]
    var policies: Int
    var violations: [GateViolation]
    var failed: Bool
    var failing: Int
}

enum Gate {
    static func violations(_ found: [PolicyViolation]) -> [GateViolation] {
        found.map { v in
            GateViolation(policyID: v.policyID, policy: v.policyName, severity: v.severity.rawValue, stage: v.stage.rawValue,
                          subject: v.subject, enforcement: v.enforcement?.rawValue, messages: v.messages)
        }
    }

    /// Applies the baseline, decides, writes the report and the baseline, and exits.
    static func finish(stage: LifecycleStage, subjects: [String], policyCount: Int, violations: [GateViolation],
                       options: CheckOutputOptions) throws {
        var violations = violations.sorted { ($0.subject, $0.policy, $0.messages.first ?? "") < ($1.subject, $1.policy, $1.messages.first ?? "") }
        if let baseline = options.baseline {
            guard let data = FileManager.default.contents(atPath: baseline), data.count <= 64 << 20,
                  let known = try? JSONDecoder().decode([GateViolation].self, from: data) else {
                throw failure("\(baseline): not a baseline file (write one with --write-baseline)")
            }
            let keys = Set(known.map(\.key))
            for i in violations.indices where keys.contains(violations[i].key) { violations[i].inBaseline = true }
        }
        let threshold = options.failOn.flatMap(PolicySeverity.init(rawValue:))
        let failing = violations.filter { v in
            guard !v.inBaseline else { return false }
            if v.enforcement != nil { return true }
            guard let threshold, let severity = PolicySeverity(rawValue: v.severity) else { return false }
            return severity >= threshold
        }
        let report = GateReport(stage: stage.rawValue, subjects: subjects, policies: policyCount, violations: violations,
                                failed: !failing.isEmpty, failing: failing.count)
        let data: Data
        switch options.format {
        case .json: data = Data(try encodeJSON(report).utf8)
        case .table: data = Data(table(report).utf8)
        case .sarif: data = try sarif(report)
        case .junit: data = Data(junit(report).utf8)
        }
        do {
            try writeOutput(data, to: options.output)
            if let path = options.writeBaseline {
                var plain = violations
                for i in plain.indices { plain[i].inBaseline = false }
                try writeOutput(Data(try encodeJSON(plain).utf8), to: path)
            }
        } catch let error as ImageAccessError {
            throw failure(error.message)
        }
        if report.failed { throw ExitCode(options.exitCode) }
    }

    static func table(_ report: GateReport) -> String {
        var out = ""
        for v in report.violations {
            let mark = v.inBaseline ? "baseline" : (v.enforcement.map { "ENFORCED \($0)" } ?? "inform")
            out += "\(v.severity.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0))  \(v.policy)  [\(mark)]  \(v.subject)\n"
            for message in v.messages.prefix(10) { out += "    - \(message)\n" }
            if v.messages.count > 10 { out += "    … and \(v.messages.count - 10) more\n" }
        }
        out += "\(report.violations.count) violation(s) of \(report.policies) policies on \(report.subjects.count) subject(s); "
        out += report.failed ? "FAILED: \(report.failing) enforced violation(s)\n" : "passed\n"
        return out
    }

    static func sarif(_ report: GateReport) throws -> Data {
        var rules: [[String: Any]] = []
        var index: [String: Int] = [:]
        var results: [[String: Any]] = []
        for v in report.violations {
            if index[v.policyID] == nil {
                index[v.policyID] = rules.count
                rules.append(["id": "policy/" + v.policyID, "name": "PolicyViolation", "shortDescription": ["text": v.policy],
                              "properties": ["tags": ["policy", v.severity]]])
            }
            let level = v.enforcement != nil && !v.inBaseline ? "error" : (["critical", "high"].contains(v.severity) ? "warning" : "note")
            results.append(["ruleId": "policy/" + v.policyID, "ruleIndex": index[v.policyID]!, "level": level,
                            "message": ["text": "\(v.policy) (\(v.subject)): " + v.messages.prefix(5).joined(separator: "; ")],
                            "locations": [["physicalLocation": ["artifactLocation": ["uri": Self.uri(v.subject)]]]]])
        }
        let log: [String: Any] = [
            "version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "runs": [["tool": ["driver": ["name": "palisade", "version": PalisadeVersion.current, "informationUri": "https://github.com/palisade", "rules": rules]],
                      "results": results]],
        ]
        return try JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]) + Data("\n".utf8)
    }

    static func uri(_ subject: String) -> String {
        let file = subject.split(separator: " ").last.map(String.init) ?? subject
        return file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ":@"))) ?? "subject"
    }

    static func junit(_ report: GateReport) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .unicodeScalars.filter { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" }.map(String.init).joined()
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"palisade check \(report.stage)\" tests=\"\(report.violations.count)\" failures=\"\(report.failing)\">\n"
        for subject in report.subjects {
            let mine = report.violations.filter { $0.subject == subject }
            let failures = mine.filter { $0.enforcement != nil && !$0.inBaseline }.count
            out += "  <testsuite name=\"\(esc(subject))\" tests=\"\(max(1, mine.count))\" failures=\"\(failures)\">\n"
            if mine.isEmpty { out += "    <testcase name=\"policies\" classname=\"\(esc(subject))\"/>\n" }
            for v in mine {
                out += "    <testcase name=\"\(esc(v.policy))\" classname=\"\(esc(subject))\">\n"
                if v.enforcement != nil && !v.inBaseline {
                    out += "      <failure message=\"\(esc(v.policy))\" type=\"\(esc(v.severity))\">\(esc(v.messages.joined(separator: "\n")))</failure>\n"
                } else {
                    out += "      <system-out>\(esc(v.messages.joined(separator: "\n")))</system-out>\n"
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Converts string-keyed rows to the engine's rows; unknown keys are left out.
    static func rows(_ rows: [[String: [String]]]) -> [FactRow] {
        var cache: [String: PolicyField] = [:]
        return rows.map { row in
            var values: [PolicyField: [String]] = [:]
            for (key, value) in row {
                let field: PolicyField?
                if let known = cache[key] { field = known } else { field = PolicyField(named: key); if let field { cache[key] = field } }
                if let field { values[field] = value }
            }
            return FactRow(values)
        }
    }

    /// Evaluation time per (policy, subject) pair on standard error with PALISADE_TIMINGS.
    static func timing(_ duration: Duration, policies: Int, subjects: Int) {
        guard ProcessInfo.processInfo.environment["PALISADE_TIMINGS"] != nil, policies > 0, subjects > 0 else { return }
        let micros = Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
        FileHandle.standardError.write(Data(String(format: "palisade: timing: policy-evaluation %.3f us per pair (%d policies x %d subjects, %.1f ms)\n",
                                                   micros / Double(policies * subjects), policies, subjects, micros / 1000).utf8))
    }
}

/// `palisade check image REF`
struct CheckImageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Scan an image and evaluate the build-stage policies; exit non-zero when an enforced policy is violated.",
        discussion: "The scan is `image scan`'s (vulnerabilities, secrets, malware, misconfigurations, freshness, base image, signatures with --signature-keys)."
    )

    @OptionGroup var image: ImageOptions
    @OptionGroup var scan: ScanSelection
    @OptionGroup var checks: ImageCheckOptions
    @OptionGroup var gate: CheckOutputOptions

    func run() async throws {
        try await runReportingScanErrors {
            let set = try gate.policies.load()
            let (engine, problems) = set.engine()
            for problem in problems { warn(problem.description) }
            let outcome = try await ImageScan.run(image: image, scan: scan, checks: checks)
            let facts = ImagePolicyFacts(image: outcome.opened, reference: image.reference, packages: outcome.inventory?.packages,
                                         report: outcome.report, sections: outcome.sections)
            let subject = PolicySubject(kind: .image, name: facts.name, scope: SubjectScope(images: facts.images), rows: Gate.rows(facts.rows))
            let clock = ContinuousClock()
            var found: [PolicyViolation] = []
            let elapsed = clock.measure { found = engine.evaluate(subject, stage: .build) }
            Gate.timing(elapsed, policies: set.policies.filter(\.enabled).count, subjects: 1)
            try Gate.finish(stage: .build, subjects: [facts.name], policyCount: set.policies.filter(\.enabled).count,
                            violations: Gate.violations(found), options: gate)
        }
    }
}

/// `palisade check deploy PATH...`
struct CheckDeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Evaluate the deploy-stage policies on Kubernetes manifests; exit non-zero when an enforced policy is violated.",
        discussion: "Reads what `k8s scan` reads (files, directories, - for Helm or kustomize output). Each workload is a subject; its failed Kubernetes checks are the 'Config Check Failed' field."
    )

    @Argument(help: ArgumentHelp("Manifest files or directories, or - for standard input.", valueName: "path"))
    var paths: [String]

    @Option(help: ArgumentHelp("The cluster name policy scopes match against.", valueName: "name"))
    var cluster: String?

    @OptionGroup var gate: CheckOutputOptions

    func run() async throws {
        let set = try gate.policies.load()
        let (engine, problems) = set.engine()
        for problem in problems { warn(problem.description) }
        // One parse: the Kubernetes checks each workload fails ("Config Check Failed") and the workloads' facts.
        let (result, workloads) = K8sScanner().scanWithFacts(paths: paths)
        let errors = result.errors
        for error in errors { warn("\(error.file):\(error.line): \(error.message)") }
        var failedChecks: [String: Set<String>] = [:]
        for finding in result.findings {
            failedChecks["\(finding.file)|\(finding.kind)|\(finding.namespace ?? "default")|\(finding.name)", default: []].insert(finding.check)
        }
        var subjects: [PolicySubject] = []
        for workload in workloads {
            var rows = workload.rows
            let checks = failedChecks["\(workload.file)|\(workload.kind)|\(workload.namespace)|\(workload.name)"] ?? []
            for i in rows.indices { rows[i]["Config Check Failed"] = checks.sorted() }
            subjects.append(PolicySubject(kind: .deployment, name: "\(workload.kind) \(workload.namespace)/\(workload.name) \(workload.file)",
                                          scope: SubjectScope(cluster: cluster, namespace: workload.namespace, labels: workload.labels,
                                                              images: workload.images, deploymentName: workload.name),
                                          rows: Gate.rows(rows)))
        }
        let clock = ContinuousClock()
        var found: [PolicyViolation] = []
        let elapsed = clock.measure {
            for subject in subjects { found += engine.evaluate(subject, stage: .deploy) }
        }
        Gate.timing(elapsed, policies: set.policies.filter(\.enabled).count, subjects: subjects.count)
        try Gate.finish(stage: .deploy, subjects: subjects.map(\.name), policyCount: set.policies.filter(\.enabled).count,
                        violations: Gate.violations(found), options: gate)
        if !errors.isEmpty { throw ExitCode(2) }
    }
}
