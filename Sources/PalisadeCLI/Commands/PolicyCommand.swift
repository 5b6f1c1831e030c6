import ArgumentParser
import Foundation
import Policy

/// `palisade policy ...`
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Policies as code: lint, list, show, and import StackRox policies.",
        discussion: "Policies are YAML or JSON files in a directory (docs/policy-format.md); the built-in default pack holds equivalents of StackRox's build and deploy defaults, overridable by id.",
        subcommands: [PolicyLintCommand.self, PolicyListCommand.self, PolicyShowCommand.self, PolicyImportACSCommand.self]
    )
}

/// Where policies come from: the default pack and `--policy DIR`s.
struct PolicySourceOptions: ParsableArguments {
    @Option(name: .customLong("policy"), help: ArgumentHelp("A directory (or file) of policies (repeatable); they add to or override the default pack by id.", valueName: "dir"))
    var directories: [String] = []

    @Flag(help: "Leave out the built-in default pack.")
    var noDefaults = false

    @Flag(help: "Stop on the first bad policy file instead of loading the others.")
    var strict = false

    /// Loads the policies; problems are printed as warnings (errors stop with `--strict`).
    func load() throws -> PolicySet {
        var loaded = PolicyLoadResult()
        for path in directories {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw failure("\(path): no such policy file or directory")
            }
            let url = URL(fileURLWithPath: path)
            let result: PolicyLoadResult
            do {
                result = isDirectory.boolValue ? try PolicyLoader.load(directory: url, strict: strict) : try PolicyLoader.load(files: [url], strict: strict)
            } catch {
                throw failure(error.description)
            }
            loaded.policies += result.policies
            loaded.problems += result.problems
            loaded.disabledDefaults += result.disabledDefaults
        }
        for problem in loaded.problems { warn(problem.description) }
        if strict && loaded.hasErrors { throw failure("\(loaded.problems.filter(\.isError).count) policy problem(s) (--strict)") }
        return PolicySet.merging(defaults: noDefaults ? [] : DefaultPolicies.policies, loaded: loaded)
    }
}

/// `palisade policy lint DIR...`
struct PolicyLintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check policy files: every problem names file, line, policy, criterion and what is wrong, with 'did you mean'."
    )

    @Argument(help: ArgumentHelp("Policy directories or files.", valueName: "dir"))
    var paths: [String]

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        var problems: [PolicyProblem] = []
        var policies = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw failure("\(path): no such policy file or directory")
            }
            let url = URL(fileURLWithPath: path)
            do {
                let result = isDirectory.boolValue ? try PolicyLoader.load(directory: url) : try PolicyLoader.load(files: [url])
                policies += result.policies.count
                problems += result.problems
                // Compile what loaded: regexes and values are checked too.
                for policy in result.policies { problems += PolicyCompiler.validate(policy) }
            } catch {
                throw failure(error.description)
            }
        }
        let unique = Array(Set(problems.map(\.description))).sorted()
        switch format {
        case .json:
            let object: [String: Any] = ["policies": policies, "problems": unique]
            emit(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) + "\n")
        case .table:
            emit(unique.map { $0 + "\n" }.joined() + "\(policies) policies, \(unique.count) problem(s)\n")
        }
        if problems.contains(where: \.isError) { throw ExitCode(1) }
    }
}

/// `palisade policy list`
struct PolicyListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the policies in force (default pack and --policy directories).")

    @OptionGroup var source: PolicySourceOptions

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        let set = try source.load()
        let policies = set.policies.sorted { $0.name < $1.name }
        switch format {
        case .json:
            let objects: [[String: Any]] = policies.map { p in
                ["id": p.id, "name": p.name, "severity": p.severity.rawValue, "enabled": p.enabled,
                 "lifecycleStages": p.lifecycleStages.map(\.rawValue), "categories": p.categories,
                 "enforcement": LifecycleStage.allValues.compactMap { stage in p.enforcement.action(for: stage).map { "\(stage.rawValue):\($0.rawValue)" } }]
            }
            emit(String(decoding: try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) + "\n")
        case .table:
            var out = ""
            for p in policies {
                let stages = p.lifecycleStages.map(\.rawValue).joined(separator: ",")
                out += "\(p.enabled ? " " : "-") \(p.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  \(stages.padding(toLength: 22, withPad: " ", startingAt: 0))  \(p.name)  [\(p.id)]\n"
            }
            emit(out + "\(policies.count) policies (\(policies.filter(\.enabled).count) enabled; - marks disabled)\n")
        }
    }
}

/// `palisade policy show ID|NAME`
struct PolicyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print one policy as YAML.")

    @Argument(help: ArgumentHelp("The policy's id or name.", valueName: "id"))
    var id: String

    @OptionGroup var source: PolicySourceOptions

    func run() throws {
        let set = try source.load()
        guard let policy = set.policies.first(where: { $0.id == id || $0.name.caseInsensitiveCompare(id) == .orderedSame }) else {
            let close = set.policies.map(\.name).filter { $0.lowercased().contains(id.lowercased()) }.prefix(5)
            throw failure("no policy '\(id)'\(close.isEmpty ? "" : "; did you mean \(close.map { "'\($0)'" }.joined(separator: ", "))?")")
        }
        emit(PolicyYAML.encode(policy))
    }
}

/// `palisade policy import-acs FILE|DIR [-o DIR]`
struct PolicyImportACSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-acs",
        abstract: "Convert StackRox / Red Hat ACS policy JSON (single policies or roxctl exports) into Palisade's YAML.",
        discussion: "Every criterion that cannot be expressed is reported (file, policy, section, field, why) and kept, marked unsupported, so the converted policy is never silently weaker."
    )

    @Argument(help: ArgumentHelp("StackRox policy JSON files or directories.", valueName: "path"))
    var paths: [String]

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Write one YAML file per policy into this directory (default: all to standard output).", valueName: "dir"))
    var output: String?

    func run() throws {
        var converted: [Policy] = []
        var failed = 0
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else { throw failure("\(path): no such file or directory") }
            for result in ACSImporter.convert(contentsOf: URL(fileURLWithPath: path)) {
                if let error = result.error {
                    FileHandle.standardError.write(Data("palisade: error: \(result.file): \(error)\n".utf8))
                    failed += 1
                    continue
                }
                for note in result.notes { warn(note.description) }
                converted += result.policies
            }
        }
        if let output {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            for policy in converted {
                let path = (output as NSString).appendingPathComponent(PolicyYAML.fileName(for: policy))
                do {
                    try writeOutput(Data(PolicyYAML.encode(policy).utf8), to: path)
                } catch {
                    throw failure("\(error)")
                }
            }
            FileHandle.standardError.write(Data("palisade: converted \(converted.count) policies into \(output)\n".utf8))
        } else {
            emit(PolicyYAML.encode(converted))
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
