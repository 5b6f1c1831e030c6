/// One build stage: a `FROM` and the instructions up to the next `FROM`.
public struct DockerfileStage: Sendable, Hashable, Codable {
    /// 0-based position among the stages.
    public var index: Int
    /// The `AS` name, lower-cased as BuildKit does; nil when unnamed.
    public var name: String?
    /// The image as written after `FROM` (`python:3.12-slim`, `$base`, `build`).
    public var baseImage: String
    /// ``baseImage`` with the global `ARG` defaults substituted; nil when it uses an `ARG` without a default
    /// (a build argument whose value only the build knows).
    public var resolvedBaseImage: String?
    /// The `--platform` flag, if any.
    public var platform: String?
    /// The `FROM` instruction.
    public var from: DockerfileInstruction
    /// The instructions after `FROM`, in order.
    public var instructions: [DockerfileInstruction]

    /// The earlier stage this one builds on (`FROM build`, or `FROM 0` by index), if any.
    /// - Parameter stages: All stages of the Dockerfile.
    public func parentStage(in stages: [DockerfileStage]) -> DockerfileStage? {
        let image = (resolvedBaseImage ?? baseImage).lowercased()
        if let match = stages[..<index].last(where: { $0.name == image }) { return match }
        if let number = Int(image), number >= 0, number < index { return stages[number] }
        return nil
    }
}
