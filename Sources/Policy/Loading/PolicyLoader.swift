public import Foundation
import Yams

/// Policies read from files, and everything wrong with them.
public struct PolicyLoadResult: Sendable {
    /// The policies that parsed and compiled, in file order (files sorted by path).
    public var policies: [Policy]
    /// Errors (the policy or file was skipped) and warnings.
    public var problems: [PolicyProblem]
    /// Ids of policies that are `id` + `enabled: false` only: they disable a default policy.
    public var disabledDefaults: [String]

    /// - Parameters:
    ///   - policies: the policies.
    ///   - problems: the problems.
    ///   - disabledDefaults: ids of defaults disabled without a full policy.
    public init(policies: [Policy] = [], problems: [PolicyProblem] = [], disabledDefaults: [String] = []) {
        self.policies = policies
        self.problems = problems
        self.disabledDefaults = disabledDefaults
    }

    /// True when a problem is an error.
    public var hasErrors: Bool { problems.contains(where: \.isError) }
}

/// Reads policy files: `*.yaml`, `*.yml` and `*.json` in a directory tree (hidden directories
/// skipped), one or many policies per file (a policy mapping, a list, `policies:`, or several
/// YAML documents). Every policy is validated and compiled; problems name the file, line,
/// policy, section, criterion and field, with "did you mean" suggestions. One bad file or policy
/// does not stop the others from loading unless `strict`.
public enum PolicyLoader {
    /// Loads every policy file under `directory`.
    /// - Parameters:
    ///   - directory: the policy directory.
    ///   - strict: throw when any error-level problem is found.
    /// - Returns: the policies and problems.
    /// - Throws: ``PolicyError`` `.io` when the directory cannot be read; `.invalidFile` in strict mode
    ///   when there are errors (all problems attached).
    public static func load(directory: URL, strict: Bool = false) throws(PolicyError) -> PolicyLoadResult {
        let files = try policyFiles(in: directory)
        return try load(files: files, strict: strict)
    }

    /// Loads the given files (YAML or JSON by content; `.json` files that are StackRox policies are
    /// reported with a hint to import them).
    /// - Parameters:
    ///   - files: the files.
    ///   - strict: throw when any error-level problem is found.
    /// - Returns: the policies and problems.
    /// - Throws: ``PolicyError`` `.invalidFile` in strict mode when there are errors.
    public static func load(files: [URL], strict: Bool = false) throws(PolicyError) -> PolicyLoadResult {
        var sources: [(text: String, file: String)] = []
        var result = PolicyLoadResult()
        for file in files {
            do {
                let data = try Data(contentsOf: file)
                guard let text = String(data: data, encoding: .utf8) else {
                    result.problems.append(PolicyProblem(file: file.path, message: "file is not UTF-8 text"))
                    continue
                }
                sources.append((text, file.path))
            } catch {
                result.problems.append(PolicyProblem(file: file.path, message: "cannot read file: \(error.localizedDescription)"))
            }
        }
        let loaded = load(sources: sources)
        result.policies = loaded.policies
        result.problems += loaded.problems
        result.disabledDefaults = loaded.disabledDefaults
        if strict && result.hasErrors {
            let count = result.problems.filter(\.isError).count
            throw PolicyError(.invalidFile, "\(count) error\(count == 1 ? "" : "s") in policy files", problems: result.problems)
        }
        return result
    }

    /// Loads policies from in-memory documents (no I/O).
    /// - Parameters:
    ///   - text: YAML or JSON text.
    ///   - file: the name to report problems under.
    /// - Returns: the policies and problems.
    public static func load(text: String, file: String) -> PolicyLoadResult {
        load(sources: [(text, file)])
    }

    /// Lint: every problem in the policy files under `directory` (never throws for content).
    /// - Parameter directory: the policy directory.
    /// - Returns: the problems, errors and warnings.
    /// - Throws: ``PolicyError`` `.io` when the directory cannot be read.
    public static func lint(directory: URL) throws(PolicyError) -> [PolicyProblem] {
        try load(directory: directory, strict: false).problems
    }

    /// The policy files under `directory`, sorted by path.
    public static func policyFiles(in directory: URL) throws(PolicyError) -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else {
            throw PolicyError(.io, "no such policy directory: \(directory.path)")
        }
        guard isDirectory.boolValue else { return [directory] }
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey],
                                                              options: [.skipsHiddenFiles]) else {
            throw PolicyError(.io, "cannot read policy directory: \(directory.path)")
        }
        var files: [URL] = []
        for case let url as URL in enumerator where ["yaml", "yml", "json"].contains(url.pathExtension.lowercased()) {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    static func load(sources: [(text: String, file: String)]) -> PolicyLoadResult {
        var result = PolicyLoadResult()
        var seen: [String: String] = [:]  // id → "file:line"
        for (text, file) in sources {
            if file.lowercased().hasSuffix(".json"), looksLikeStackRox(text) {
                result.problems.append(PolicyProblem(file: file, line: 1,
                    message: "this is a StackRox policy, not a Palisade policy; convert it with `palisade policy import-acs`"))
                continue
            }
            var parser = PolicyDocumentParser(file: file)
            let parsed = parser.parse(text)
            result.problems += parser.problems
            for item in parsed {
                let location = "\(file):\(item.marks[""]?.line ?? 0)"
                if let first = seen[item.policy.id] {
                    let mark = item.marks["id"] ?? item.marks[""]
                    result.problems.append(PolicyProblem(file: file, line: mark?.line, column: mark?.column,
                                                         policy: item.policy.id,
                                                         message: "duplicate policy id (first defined at \(first)); this one is skipped"))
                    continue
                }
                seen[item.policy.id] = location
                if item.isDisableOverride {
                    result.disabledDefaults.append(item.policy.id)
                    continue
                }
                let problems = PolicyCompiler.validate(item.policy).map { problem -> PolicyProblem in
                    var located = problem
                    located.file = file
                    if let mark = item.mark(for: problem.path) {
                        located.line = mark.line
                        located.column = mark.column
                    }
                    return located
                }
                result.problems += problems
                if !problems.contains(where: \.isError) { result.policies.append(item.policy) }
            }
        }
        return result
    }

    private static func looksLikeStackRox(_ text: String) -> Bool {
        text.contains("\"policySections\"") || text.contains("\"policyGroups\"")
    }
}
