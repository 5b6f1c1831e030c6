/// Where in an image a secret was found.
public struct SecretSource: Hashable, Sendable, CustomStringConvertible {
    /// `file`, `env`, `label` or `history`.
    public let name: String

    private init(_ name: String) {
        self.name = name
    }

    /// The content of a file in a layer.
    public static let file = SecretSource("file")
    /// An `Env` entry of the image config.
    public static let environment = SecretSource("env")
    /// A label of the image config.
    public static let label = SecretSource("label")
    /// A `created_by` entry of the image history (`ARG`/`ENV`/`RUN` lines).
    public static let history = SecretSource("history")

    public var description: String { name }
}
