import ArgumentParser
import Foundation
import ImageChecks
import Vulnerabilities

/// Where the vulnerability database lives.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db-dir"), help: ArgumentHelp("Vulnerability database directory (default: $PALISADE_DB_DIR, else $XDG_CACHE_HOME/palisade/db, else ~/.cache/palisade/db).", valueName: "dir"))
    var directory: String?

    var resolvedDirectory: String { directory ?? VulnerabilityDatabase.defaultDirectory() }

    func open(create: Bool) throws -> VulnerabilityDatabase {
        try VulnerabilityDatabase(directory: resolvedDirectory, create: create)
    }
}

/// `palisade db ...`
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the vulnerability database (OSV, Debian security tracker, Alpine secdb).",
        subcommands: [DBUpdateCommand.self, DBImportCommand.self, DBStatusCommand.self]
    )
}

/// `palisade db update`
struct DBUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Download the OSV per-ecosystem exports (<source>/<Ecosystem>/all.zip).",
        discussion: "Conditional requests (ETag / Last-Modified) skip unchanged exports. All new data becomes visible at once; a failed update leaves the old data in place."
    )

    @OptionGroup var db: DatabaseOptions

    @Option(help: ArgumentHelp("Base URL of the OSV export (default: the public OSV export).", valueName: "url"))
    var source: String = OSVUpdater.defaultBase

    @Option(name: .customLong("ecosystem"), help: ArgumentHelp("An ecosystem to download (repeatable; default: \(OSVUpdater.defaultEcosystems.joined(separator: ", "))).", valueName: "name"))
    var ecosystems: [String] = []

    func run() async throws {
        try await runReportingScanErrors {
            let database = try db.open(create: true)
            var updater = OSVUpdater(base: source, ecosystems: ecosystems.isEmpty ? OSVUpdater.defaultEcosystems : ecosystems)
            if isatty(STDERR_FILENO) == 1 {
                updater.progress = { ecosystem, received, total in
                    let mib = Double(received) / 1_048_576
                    var line = String(format: "\r%-12@ %8.1f MiB", ecosystem as NSString, mib)
                    if let total, total > 0 {
                        let fraction = Double(received) / Double(total)
                        let filled = Int(fraction * 30)
                        line += " [" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "]" + String(format: " %3d%%", Int(fraction * 100))
                    }
                    FileHandle.standardError.write(Data(line.utf8))
                    if let total, received >= total { FileHandle.standardError.write(Data("\n".utf8)) }
                }
            }
            let summary = try await updater.update(database, directory: db.resolvedDirectory)
            for problem in summary.malformed.prefix(20) { warn("skipped malformed advisory: \(problem)") }
            if summary.malformed.count > 20 { warn("… and \(summary.malformed.count - 20) more malformed advisories") }
            for (ecosystem, count) in summary.unknownEcosystems.sorted(by: { $0.key < $1.key }) {
                warn("ignored \(count) affected entries in ecosystem \(ecosystem) (no version scheme)")
            }
            var lines: [String] = []
            if !summary.updated.isEmpty { lines.append("updated: \(summary.updated.joined(separator: ", ")) (\(summary.advisories) advisories)") }
            if !summary.notModified.isEmpty { lines.append("not modified: \(summary.notModified.joined(separator: ", "))") }
            if !summary.notOffered.isEmpty { lines.append("not offered by \(source): \(summary.notOffered.joined(separator: ", "))") }
            if summary.withdrawn > 0 { lines.append("withdrawn advisories skipped: \(summary.withdrawn)") }
            if !summary.malformed.isEmpty { lines.append("malformed advisories skipped: \(summary.malformed.count)") }
            emit(lines.joined(separator: "\n") + "\n")
        }
    }
}

/// `palisade db import PATH...`
struct DBImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import advisories from files, directories or zips (air-gapped sites).",
        discussion: "Reads OSV JSON and YAML (files, directories, all.zip exports), the Debian security tracker's DSA/DLA lists and JSON, and Alpine secdb YAML. Each source replaces its earlier data, all in one transaction."
    )

    @OptionGroup var db: DatabaseOptions

    @Argument(help: ArgumentHelp("Files, directories or zips to import.", valueName: "path"))
    var paths: [String]

    func run() async throws {
        try await runReportingScanErrors {
            let result = try AdvisoryImporter().read(paths: paths)
            for problem in result.malformed.prefix(20) { warn("skipped malformed advisory: \(problem)") }
            if result.malformed.count > 20 { warn("… and \(result.malformed.count - 20) more malformed advisories") }
            for (ecosystem, count) in result.unknownEcosystems.sorted(by: { $0.key < $1.key }) {
                warn("ignored \(count) affected entries in ecosystem \(ecosystem) (no version scheme)")
            }
            for w in result.warnings.prefix(20) { warn(w) }
            guard !result.batches.isEmpty else {
                throw ScanCommandError("no advisories found in \(paths.joined(separator: ", "))" + (result.malformed.isEmpty ? "" : " (\(result.malformed.count) malformed files)"))
            }
            let database = try db.open(create: true)
            try database.replace(result.batches)
            var out = "imported \(result.advisoryCount) advisories into \(database.path)\n"
            for batch in result.batches { out += "  \(batch.source.name): \(batch.advisories.count)\n" }
            if result.withdrawn > 0 { out += "withdrawn advisories skipped: \(result.withdrawn)\n" }
            if !result.malformed.isEmpty { out += "malformed advisories skipped: \(result.malformed.count)\n" }
            emit(out)
        }
    }
}

/// `palisade db status`
struct DBStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the database's sources, advisory counts per ecosystem and age."
    )

    @OptionGroup var db: DatabaseOptions

    @Option(help: "Output format.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Warn when data is older than this many days.", valueName: "days"))
    var maxAge: Int = 7

    struct Status: Encodable {
        var path: String
        var sources: [SourceRecord]
        var ecosystems: [String: Int]
        var lastUpdate: Date?
        var stale: Bool
        var integrity: String
    }

    func run() async throws {
        try await runReportingScanErrors {
            let database = try db.open(create: false)
            if let problem = database.integrityProblem() {
                throw VulnerabilityDatabaseError(path: database.path, message: "integrity check failed (\(problem)); the file is damaged. Delete it and run `palisade db update` or `palisade db import` to rebuild it")
            }
            let sources = try database.sources()
            let counts = try database.countsByEcosystem()
            let last = sources.map(\.updatedAt).max()
            let oldest = sources.map(\.updatedAt).min()
            let stale = oldest.map { Date().timeIntervalSince($0) > Double(maxAge) * 86400 } ?? true
            switch format {
            case .json:
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                let status = Status(path: database.path, sources: sources,
                                    ecosystems: Dictionary(counts.map { ($0.ecosystem, $0.advisories) }, uniquingKeysWith: +),
                                    lastUpdate: last, stale: stale, integrity: "ok")
                emit(String(decoding: try encoder.encode(status), as: UTF8.self) + "\n")
            case .table:
                var out = "Database: \(database.path)\n"
                out += "Last update: \(last.map { RFC3339.format($0) } ?? "never")\n\nSources:\n"
                for s in sources {
                    out += "  \(s.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(String(s.advisories).padding(toLength: 7, withPad: " ", startingAt: 0)) advisories  updated \(RFC3339.format(s.updatedAt))  from \(s.origin)\n"
                }
                out += "\nAdvisories per ecosystem:\n"
                for c in counts { out += "  \(c.ecosystem.padding(toLength: 22, withPad: " ", startingAt: 0)) \(c.advisories)\n" }
                emit(out)
            }
            if sources.isEmpty {
                warn("the database is empty; run `palisade db update` or `palisade db import`")
            } else if stale, let oldest {
                warn("vulnerability data is \(Int(Date().timeIntervalSince(oldest) / 86400)) days old (more than \(maxAge)); run `palisade db update`")
            }
        }
    }
}

/// A command-line problem with a message for the user.
struct ScanCommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func warn(_ message: String) {
    FileHandle.standardError.write(Data("palisade: warning: \(message)\n".utf8))
}

/// Like `runReportingErrors`, for the vulnerability commands' errors too.
func runReportingScanErrors(_ body: () async throws -> Void) async throws {
    do {
        try await runReportingErrors(body)
    } catch let error as VulnerabilityDatabaseError {
        throw failure(error.description)
    } catch let error as AdvisoryFormatError {
        throw failure(error.description)
    } catch let error as SuppressionFileError {
        throw failure(error.description)
    } catch let error as ScanCommandError {
        throw failure(error.description)
    } catch let error as SecretConfigurationError {
        throw failure(error.description)
    } catch let error as BaseImageCatalogError {
        throw failure(error.description)    } catch let error as MalwareConfigurationError {
        throw failure(error.description)
    }
}

func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("palisade: error: \(message)\n".utf8))
    return ExitCode(1)
}
