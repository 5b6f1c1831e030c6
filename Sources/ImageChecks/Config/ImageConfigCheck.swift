/// One image-misconfiguration check: its metadata as data, plus the predicates that evaluate it on an image's
/// facts, on a Dockerfile, or on both.
///
/// Every check is registered in ``ImageConfigChecks/all``; its ``id`` (`PAL-IMG-001` …) is stable and is what
/// users write in exceptions and `# palisade ignore=` comments.
public struct ImageConfigCheck: Sendable, Identifiable {
    /// Where a check maps in the standards and in other tools.
    public struct Mappings: Sendable, Codable, Hashable {
        /// CIS Docker Benchmark v1.6 recommendations ("4.1").
        public var cis: [String] = []
        /// hadolint rules ("DL3002"); a finding lists the ones it matches in ``ImageConfigFinding/equivalents``.
        public var hadolint: [String] = []
        /// Dockle checkpoints ("CIS-DI-0001", "DKL-DI-0006").
        public var dockle: [String] = []
        /// Other tools (trivy "DS002", BuildKit checks, dive rules).
        public var other: [String] = []
    }

    /// What a check can look at: an image's facts, a Dockerfile, or both.
    public struct Scope: OptionSet, Sendable, Hashable, Codable {
        /// The option bits.
        public let rawValue: Int
        /// Creates a scope from its bits.
        /// - Parameter rawValue: The option bits.
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// The check reads ``ImageFacts``.
        public static let image = Scope(rawValue: 1)
        /// The check reads a parsed ``Dockerfile``.
        public static let dockerfile = Scope(rawValue: 2)
        /// Both.
        public static let both: Scope = [.image, .dockerfile]
    }

    /// Stable identifier, `PAL-IMG-NNN`.
    public let id: String
    /// A short name for reports.
    public let title: String
    /// A grouping for reports ("User", "Secrets", "Supply chain", "Filesystem", "Size", "Hygiene").
    public let category: String
    /// How serious a finding is (a finding may be more serious, e.g. a key hidden in a lower layer).
    public let severity: ImageConfigSeverity
    /// What the check looks for and why it matters.
    public let description: String
    /// How to fix a finding.
    public let remediation: String
    /// Equivalent rules in the CIS Docker Benchmark, hadolint, Dockle and other tools.
    public let mappings: Mappings
    let imageEvaluator: (@Sendable (ImageCheckInput) -> [ImageConfigViolation])?
    let dockerfileEvaluator: (@Sendable (DockerfileCheckInput) -> [ImageConfigViolation])?

    /// Where the check applies, from which predicates it has.
    public var scope: Scope {
        var scope: Scope = []
        if imageEvaluator != nil { scope.insert(.image) }
        if dockerfileEvaluator != nil { scope.insert(.dockerfile) }
        return scope
    }

    init(id: String, title: String, category: String, severity: ImageConfigSeverity, description: String, remediation: String,
         cis: [String] = [], hadolint: [String] = [], dockle: [String] = [], other: [String] = [],
         image: (@Sendable (ImageCheckInput) -> [ImageConfigViolation])? = nil,
         dockerfile: (@Sendable (DockerfileCheckInput) -> [ImageConfigViolation])? = nil) {
        self.id = id
        self.title = title
        self.category = category
        self.severity = severity
        self.description = description
        self.remediation = remediation
        self.mappings = Mappings(cis: cis, hadolint: hadolint, dockle: dockle, other: other)
        self.imageEvaluator = image
        self.dockerfileEvaluator = dockerfile
    }

    /// Evaluates the check on an image's facts (no findings when the check has no image scope).
    /// - Parameters:
    ///   - facts: What the caller collected from the image.
    ///   - configuration: Thresholds.
    /// - Returns: The findings, unsorted.
    public func evaluate(_ facts: ImageFacts, configuration: ImageConfigChecks.Configuration = .init()) -> [ImageConfigFinding] {
        guard let imageEvaluator else { return [] }
        return imageEvaluator(ImageCheckInput(facts: facts, configuration: configuration)).map(finding)
    }

    /// Evaluates the check on a parsed Dockerfile (no findings when the check has no Dockerfile scope).
    /// - Parameters:
    ///   - dockerfile: The parsed file.
    ///   - configuration: Thresholds.
    /// - Returns: The findings, unsorted, `# palisade ignore=` comments not applied.
    public func evaluate(_ dockerfile: Dockerfile, configuration: ImageConfigChecks.Configuration = .init()) -> [ImageConfigFinding] {
        evaluate(DockerfileCheckInput(dockerfile: dockerfile, configuration: configuration))
    }

    func evaluate(_ input: DockerfileCheckInput) -> [ImageConfigFinding] {
        guard let dockerfileEvaluator else { return [] }
        return dockerfileEvaluator(input).map(finding)
    }

    func finding(_ violation: ImageConfigViolation) -> ImageConfigFinding {
        ImageConfigFinding(checkID: id, severity: violation.severity ?? severity, title: title, message: violation.message,
                           location: violation.location, remediation: remediation, equivalents: violation.equivalents)
    }
}
