/// An error reading an image: what input, what went wrong, and why.
///
/// Follows the house style for public errors: an extensible ``Code`` (static
/// members over a private enum), a message naming the input, and an optional
/// underlying cause. Equality compares the code only.
public struct ImageAccessError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; compare against the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidReference, notFound, unsupported, malformed, digestMismatch,
                sizeMismatch, limitExceeded, unsafePath, io, decompression,
                registry, unauthorized, denied, network
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The image reference could not be parsed.
        public static let invalidReference = Code(.invalidReference)
        /// The image, tag, blob or file does not exist.
        public static let notFound = Code(.notFound)
        /// A format, media type or feature Palisade does not read.
        public static let unsupported = Code(.unsupported)
        /// The input is not well formed (JSON, tar, manifest).
        public static let malformed = Code(.malformed)
        /// Content does not hash to the digest that names it.
        public static let digestMismatch = Code(.digestMismatch)
        /// Content is not the size its descriptor says.
        public static let sizeMismatch = Code(.sizeMismatch)
        /// A configured bound (size, ratio, entry count) was exceeded.
        public static let limitExceeded = Code(.limitExceeded)
        /// A path would leave the image root.
        public static let unsafePath = Code(.unsafePath)
        /// Reading local files failed.
        public static let io = Code(.io)
        /// A compressed stream is corrupt or truncated.
        public static let decompression = Code(.decompression)
        /// The registry answered with an error.
        public static let registry = Code(.registry)
        /// The registry wants (other) credentials.
        public static let unauthorized = Code(.unauthorized)
        /// The registry refused access with the credentials given.
        public static let denied = Code(.denied)
        /// The connection failed or was cut.
        public static let network = Code(.network)

        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong, naming the input. Never contains credentials.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error & Sendable)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - message: a sentence naming the input and the problem.
    ///   - cause: the underlying error.
    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    public static func == (lhs: ImageAccessError, rhs: ImageAccessError) -> Bool {
        lhs.code == rhs.code
    }
}
