/// An error loading, compiling or importing policies. Carries the problems found (each with
/// file, line, policy, criterion and a suggestion) so callers can print all of them.
public struct PolicyError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidPolicy, invalidFile, invalidImport, io
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// A policy does not validate or compile.
        public static let invalidPolicy = Code(.invalidPolicy)
        /// A policy file is not valid YAML/JSON or not in the policy format (strict loading).
        public static let invalidFile = Code(.invalidFile)
        /// A StackRox policy cannot be read.
        public static let invalidImport = Code(.invalidImport)
        /// Reading a file or directory failed.
        public static let io = Code(.io)
        public var description: String { value.rawValue }
    }

    /// The kind of failure; equality compares this only.
    public var code: Code
    /// A summary.
    public var message: String
    /// The problems, when the failure is about policy content.
    public var problems: [PolicyProblem]
    /// Where the error was raised.
    public var file: String
    /// Where the error was raised.
    public var line: Int

    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: a summary.
    ///   - problems: the problems found.
    public init(_ code: Code, _ message: String, problems: [PolicyProblem] = [], file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.problems = problems
        self.file = file
        self.line = line
    }

    public var description: String {
        problems.isEmpty ? message : ([message] + problems.map(\.description)).joined(separator: "\n")
    }

    public static func == (a: PolicyError, b: PolicyError) -> Bool { a.code == b.code }
}
