/// `palisade dockerfile lint FILE`: parses a Dockerfile and runs the Dockerfile-scope checks of
/// ``ImageConfigChecks/all`` on it.
public struct DockerfileLinter: Sendable {
    public var configuration: ImageConfigChecks.Configuration
    public var limits: DockerfileParser.Limits

    /// Creates a linter.
    /// - Parameters:
    ///   - configuration: Thresholds, disabled checks and the minimum severity.
    ///   - limits: Parser size limits.
    public init(configuration: ImageConfigChecks.Configuration = .init(), limits: DockerfileParser.Limits = .init()) {
        self.configuration = configuration
        self.limits = limits
    }

    /// Lints a file.
    /// - Parameter path: The Dockerfile; findings carry it as ``ImageConfigFinding/Location/file``.
    /// - Returns: The findings, sorted by line.
    /// - Throws: ``DockerfileParseError`` when the file cannot be read or is not a Dockerfile.
    public func lint(fileAt path: String) throws -> [ImageConfigFinding] {
        ImageConfigChecks.evaluate(try DockerfileParser(limits: limits).parse(fileAt: path), configuration: configuration)
    }

    /// Lints Dockerfile text.
    /// - Parameters:
    ///   - text: The Dockerfile's content.
    ///   - fileName: The name findings carry.
    /// - Returns: The findings, sorted by line.
    /// - Throws: ``DockerfileParseError``.
    public func lint(_ text: String, fileName: String = "Dockerfile") throws -> [ImageConfigFinding] {
        ImageConfigChecks.evaluate(try Dockerfile(parsing: text, fileName: fileName, limits: limits), configuration: configuration)
    }
}
