import Foundation

/// A parsed Dockerfile: parser directives, the global `ARG`s before the first `FROM`, and the build stages.
///
/// Produce one with ``DockerfileParser``; lint it with ``DockerfileLinter`` or ``ImageConfigChecks/evaluate(_:configuration:)-(Dockerfile,_)``.
public struct Dockerfile: Sendable, Hashable, Codable {
    /// The name used in findings and errors (usually the path given by the user).
    public var fileName: String
    /// Parser directives, lower-cased names (`syntax`, `escape`, `check`).
    public var directives: [String: String]
    /// The escape character: `\` unless `# escape=` chose the backtick.
    public var escapeCharacter: String
    /// `ARG` instructions before the first `FROM`.
    public var globalArguments: [DockerfileInstruction]
    /// The build stages, at least one.
    public var stages: [DockerfileStage]

    /// Every instruction in file order (global ARGs, then each stage's FROM and instructions).
    public var instructions: [DockerfileInstruction] {
        globalArguments + stages.flatMap { [$0.from] + $0.instructions }
    }

    /// The last stage: what `docker build` produces without `--target`.
    public var finalStage: DockerfileStage { stages[stages.count - 1] }

    /// The final stage and the earlier stages it is built `FROM`, final first.
    public var finalStageChain: [DockerfileStage] {
        var chain = [finalStage]
        var seen: Set<Int> = [finalStage.index]
        while let parent = chain[chain.count - 1].parentStage(in: stages), seen.insert(parent.index).inserted {
            chain.append(parent)
        }
        return chain
    }
}

extension Dockerfile {
    /// Parses Dockerfile text.
    /// - Parameters:
    ///   - text: The file's content.
    ///   - fileName: The name used in findings and errors.
    ///   - limits: Size limits.
    /// - Throws: ``DockerfileParseError``.
    public init(parsing text: String, fileName: String = "Dockerfile", limits: DockerfileParser.Limits = .init()) throws {
        self = try DockerfileParser(limits: limits).parse(Data(text.utf8), fileName: fileName)
    }
}
