/// An error creating, reading or using signing keys, or reading signature formats.
/// Messages never contain key material or passwords.
public struct SigningError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case malformedKey, wrongPassword, unsupportedKey, crypto, io
            case invalidArgument, malformedDocument, tooLarge
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        /// The key file is not in a format Palisade reads.
        public static let malformedKey = Code(.malformedKey)
        /// The password does not decrypt the key.
        public static let wrongPassword = Code(.wrongPassword)
        /// A key of another algorithm or curve.
        public static let unsupportedKey = Code(.unsupportedKey)
        /// A cryptographic primitive failed.
        public static let crypto = Code(.crypto)
        /// Reading or writing a key file failed.
        public static let io = Code(.io)
        /// A value the caller passed is not acceptable (for example a digest that is not `sha256:<64 hex>`).
        public static let invalidArgument = Code(.invalidArgument)
        /// A fetched document (manifest, index, payload, envelope, statement, bundle) is not in the expected format.
        public static let malformedDocument = Code(.malformedDocument)
        /// A document or a count is over one of ``SigningLimits``.
        public static let tooLarge = Code(.tooLarge)

        public var description: String { value.rawValue }
    }

    /// The kind of failure; equality compares this only.
    public var code: Code
    /// A human-readable explanation, free of key material.
    public var message: String
    /// Where the error was raised.
    public var file: String
    /// Where the error was raised.
    public var line: Int

    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: the explanation (never key material or passwords).
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { message }
    public static func == (a: SigningError, b: SigningError) -> Bool { a.code == b.code }
}
