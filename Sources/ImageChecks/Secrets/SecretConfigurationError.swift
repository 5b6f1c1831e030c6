/// A rule or configuration file that cannot be used.
///
/// Equality compares ``code`` only. ``description`` names the file, line and
/// what is wrong, never file content around it.
public struct SecretConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case invalidJSON, invalidRegex, invalidValue, unknownKey, missingField, duplicateID, unreadableFile
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The configuration file is not valid JSON.
        public static let invalidJSON = Code(.invalidJSON)
        /// A regular expression does not compile.
        public static let invalidRegex = Code(.invalidRegex)
        /// A value has the wrong type or an unknown severity.
        public static let invalidValue = Code(.invalidValue)
        /// An object has a key this format does not know (usually a typo).
        public static let unknownKey = Code(.unknownKey)
        /// A required field (`id`, `regex`) is missing.
        public static let missingField = Code(.missingField)
        /// Two rules or allow rules share an id.
        public static let duplicateID = Code(.duplicateID)
        /// The configuration file cannot be read.
        public static let unreadableFile = Code(.unreadableFile)

        public var description: String { "\(kind)" }
    }

    /// What kind of problem this is.
    public let code: Code
    /// A short explanation naming the rule id or key involved.
    public let message: String
    /// The configuration file, if the problem came from one.
    public let fileName: String?
    /// The 1-based line in ``fileName``, when it can be told.
    public let line: Int?
    /// Where the error was raised.
    public let sourceLocation: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: The kind of problem.
    ///   - message: A short explanation.
    ///   - fileName: The configuration file, if any.
    ///   - line: The 1-based line in that file, if known.
    ///   - file: Filled in by the compiler.
    ///   - sourceLine: Filled in by the compiler.
    public init(
        _ code: Code,
        _ message: String,
        fileName: String? = nil,
        line: Int? = nil,
        file: String = #fileID,
        sourceLine: Int = #line
    ) {
        self.code = code
        self.message = message
        self.fileName = fileName
        self.line = line
        self.sourceLocation = "\(file):\(sourceLine)"
    }

    public var description: String {
        var place = ""
        if let fileName {
            place = fileName
            if let line { place += ":\(line)" }
            place += ": "
        }
        return "\(place)\(message)"
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
