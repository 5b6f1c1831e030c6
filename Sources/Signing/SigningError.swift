/// An error creating, reading or using signing keys. Messages never contain key material or passwords.
public struct SigningError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case malformedKey, wrongPassword, unsupportedKey, crypto, io }
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
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
    public static func == (a: SigningError, b: SigningError) -> Bool { a.code == b.code }
}
