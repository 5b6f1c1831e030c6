/// A Dockerfile that cannot be read.
///
/// Equality compares ``code`` only. ``description`` names the file, the line and what is wrong, never the
/// content of the line (a Dockerfile may hold credentials).
public struct DockerfileParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case unreadableFile, tooLarge, binary, invalidDirective, unknownInstruction, invalidInstruction,
                 unterminatedHeredoc, missingFrom
        }

        private let kind: Kind

        private init(_ kind: Kind) { self.kind = kind }

        /// The file cannot be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// The file, a line or the number of lines is over ``DockerfileParser/Limits``.
        public static let tooLarge = Code(.tooLarge)
        /// The file holds NUL bytes or is not UTF-8: not a Dockerfile.
        public static let binary = Code(.binary)
        /// A parser directive (`# escape=`) is repeated or has an invalid value.
        public static let invalidDirective = Code(.invalidDirective)
        /// A line starts with a word that is not a Dockerfile instruction.
        public static let unknownInstruction = Code(.unknownInstruction)
        /// An instruction's arguments are malformed (FROM without an image, ONBUILD FROM, …).
        public static let invalidInstruction = Code(.invalidInstruction)
        /// A heredoc's delimiter line never comes.
        public static let unterminatedHeredoc = Code(.unterminatedHeredoc)
        /// There is no FROM, or an instruction other than ARG comes before the first FROM.
        public static let missingFrom = Code(.missingFrom)

        public var description: String { "\(kind)" }
    }

    /// What kind of problem this is.
    public let code: Code
    /// A short explanation naming the instruction keyword involved.
    public let message: String
    /// The Dockerfile.
    public let fileName: String
    /// The 1-based line, when the problem is on one.
    public let line: Int?
    /// Where the error was raised.
    public let sourceLocation: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: A short explanation (no file content).
    ///   - fileName: The Dockerfile.
    ///   - line: The 1-based line, if known.
    ///   - file: Filled in by the compiler.
    ///   - sourceLine: Filled in by the compiler.
    public init(_ code: Code, _ message: String, fileName: String, line: Int? = nil,
                file: String = #fileID, sourceLine: Int = #line) {
        self.code = code
        self.message = message
        self.fileName = fileName
        self.line = line
        self.sourceLocation = "\(file):\(sourceLine)"
    }

    public var description: String {
        "\(fileName)\(line.map { ":\($0)" } ?? ""): \(message)"
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
