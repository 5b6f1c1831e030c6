/// One thing wrong (or doubtful) in a policy file: where, which policy and criterion, what, and a
/// suggestion. `description` reads like a compiler diagnostic:
/// `policies/prod.yaml:12:7: error: policy 'no-priv' section 1 criterion 2 'Privileged Contaner': unknown field; did you mean 'Privileged Container'?`
public struct PolicyProblem: Hashable, Sendable, CustomStringConvertible {
    /// Error (the policy or file is skipped) or warning (loaded anyway).
    public struct Severity: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        /// The policy (or file) is not loaded.
        public static let error = Severity(name: "error")
        /// Loaded, but worth fixing.
        public static let warning = Severity(name: "warning")
        public var description: String { name }
    }

    /// Error or warning.
    public var severity: Severity
    /// The file, as given to the loader.
    public var file: String?
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// The policy's id (or name when it has no id).
    public var policy: String?
    /// 1-based section number.
    public var section: Int?
    /// 1-based criterion number within the section.
    public var criterion: Int?
    /// The criterion's field as written.
    public var field: String?
    /// What is wrong.
    public var message: String
    /// A correction, e.g. `Privileged Container` (rendered as "did you mean 'Privileged Container'?").
    public var suggestion: String?
    /// Where in the policy document the problem is (`sections.0.criteria.1`), for the loader to find
    /// the line.
    var path: String?

    /// - Parameters:
    ///   - severity: error or warning.
    ///   - file: file path.
    ///   - line: line.
    ///   - column: column.
    ///   - policy: policy id or name.
    ///   - section: 1-based section.
    ///   - criterion: 1-based criterion.
    ///   - field: field as written.
    ///   - message: what is wrong.
    ///   - suggestion: a correction.
    public init(_ severity: Severity = .error, file: String? = nil, line: Int? = nil, column: Int? = nil,
                policy: String? = nil, section: Int? = nil, criterion: Int? = nil, field: String? = nil,
                message: String, suggestion: String? = nil) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.policy = policy
        self.section = section
        self.criterion = criterion
        self.field = field
        self.message = message
        self.suggestion = suggestion
    }

    /// True for errors.
    public var isError: Bool { severity == .error }

    public var description: String {
        var location = file ?? "<input>"
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        var subject: [String] = []
        if let policy { subject.append("policy '\(policy)'") }
        if let section { subject.append("section \(section)") }
        if let criterion { subject.append("criterion \(criterion)") }
        if let field { subject.append("'\(field)'") }
        var text = "\(location): \(severity): "
        if !subject.isEmpty { text += subject.joined(separator: " ") + ": " }
        text += message
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        return text
    }
}
