import ArgumentParser
import Foundation
import ImageChecks

/// `palisade dockerfile ...`
struct DockerfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dockerfile",
        abstract: "Check Dockerfiles with the image misconfiguration checks that apply at source level.",
        subcommands: [DockerfileLintCommand.self]
    )
}

/// `palisade dockerfile lint FILE...`
struct DockerfileLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Lint Dockerfiles: root user, missing HEALTHCHECK, secrets in ENV/ARG, ADD from URLs, :latest, curl | sh, package caches, SSH, setuid chmod and the hadolint-style build practices.",
        discussion: "`# palisade ignore=PAL-IMG-…` and `# hadolint ignore=DL…` comments above an instruction silence it. Exit 2 when a file cannot be parsed."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, sarif }

    @Argument(help: ArgumentHelp("Dockerfiles (- for standard input).", valueName: "file"))
    var files: [String]

    @Option(help: "Output format: table (FILE:LINE CHECK SEVERITY, as hadolint prints), json or sarif.")
    var format: Format = .table

    @Option(help: ArgumentHelp("Report only findings at or above this severity (LOW, MEDIUM, HIGH, CRITICAL).", valueName: "severity"))
    var severityThreshold: String = "LOW"

    @Option(help: ArgumentHelp("Checks to skip, comma-separated ids (PAL-IMG-…).", valueName: "list"))
    var disable: String?

    @Option(help: ArgumentHelp("Exit with this code when findings remain (default 1; 0 to never fail on findings).", valueName: "code"))
    var exitCode: Int32 = 1

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var output: String?

    func validate() throws {
        guard ImageConfigSeverity(rawValue: severityThreshold) != nil else {
            throw ValidationError("--severity-threshold: '\(severityThreshold)' is not one of LOW, MEDIUM, HIGH, CRITICAL")
        }
        if exitCode < 0 || exitCode > 255 { throw ValidationError("--exit-code must be 0 to 255") }
        if let disable {
            for id in disable.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where ImageConfigChecks.check(id: id) == nil {
                throw ValidationError("--disable: no check '\(id)' (see docs/image-checks.md)")
            }
        }
    }

    func run() throws {
        var configuration = ImageConfigChecks.Configuration()
        configuration.minimumSeverity = ImageConfigSeverity(rawValue: severityThreshold) ?? .low
        configuration.disabledChecks = Set((disable ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let linter = DockerfileLinter(configuration: configuration)
        var findings: [ImageConfigFinding] = []
        var broken = 0
        for file in files {
            do {
                if file == "-" {
                    let data = FileHandle.standardInput.readDataToEndOfFile()
                    findings += try linter.lint(String(decoding: data, as: UTF8.self), fileName: "-")
                } else {
                    findings += try linter.lint(fileAt: file)
                }
            } catch let error as DockerfileParseError {
                FileHandle.standardError.write(Data("palisade: error: \(error)\n".utf8))
                broken += 1
            }
        }
        findings.sort()
        let data: Data
        switch format {
        case .table: data = Data(ImageConfigReport.text(findings).utf8)
        case .json: data = try ImageConfigReport.json(findings) + Data("\n".utf8)
        case .sarif:
            let empty: [String: Any] = [
                "version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "runs": [["tool": ["driver": ["name": "palisade", "version": PalisadeVersion.current,
                                              "informationUri": "https://github.com/palisade", "rules": [[String: Any]]()]],
                          "results": [[String: Any]](), "originalUriBaseIds": ["ROOTPATH": ["uri": "file:///"]]]],
            ]
            let base = try JSONSerialization.data(withJSONObject: empty, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            data = findings.isEmpty ? base + Data("\n".utf8) : try SARIFSection.add(base, ImageConfigReport.sarifResults(findings))
        }
        do {
            try writeOutput(data, to: output)
        } catch {
            throw failure("\(error)")
        }
        if broken > 0 { throw ExitCode(2) }
        if exitCode != 0 && !findings.isEmpty { throw ExitCode(exitCode) }
    }
}

/// `palisade image checks`: the image misconfiguration check catalogue.
struct ImageChecksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checks",
        abstract: "List the image misconfiguration checks (id, severity, scope, CIS Docker / hadolint / Dockle equivalents)."
    )

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        switch format {
        case .json:
            emit(String(decoding: try ImageConfigReport.catalogue(), as: UTF8.self) + "\n")
        case .table:
            var out = ""
            for check in ImageConfigChecks.all {
                out += "\(check.id)  \(check.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(check.title)\n"
            }
            emit(out)
        }
    }
}
