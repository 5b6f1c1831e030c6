/// One secret found by ``SecretScanner``.
///
/// A finding never holds the secret itself: ``match`` is the line around the
/// secret with every character of every secret on it replaced by `*`, the way
/// trivy prints it (`AWS_ACCESS_KEY_ID=********************`).
public struct SecretFinding: Hashable, Sendable {
    /// The id of the rule that matched (`aws-access-key-id`).
    public var ruleID: String
    /// The rule's category (`AWS`, `GitHub`, `AsymmetricPrivateKey`).
    public var category: String
    /// The rule's severity.
    public var severity: SecretSeverity
    /// The rule's title (`AWS Access Key ID`).
    public var title: String
    /// The absolute path of the file in the image (always starts with `/`),
    /// or `Env`, `Labels`, `History` for the image config.
    public var path: String
    /// The 1-based line where the secret starts. For the image config it is
    /// the 1-based index of the `Env` entry, label (sorted by key) or history
    /// entry.
    public var line: Int
    /// The 1-based line where the secret ends (differs from ``line`` for
    /// multi-line secrets such as PEM keys).
    public var endLine: Int
    /// The 1-based column (in UTF-16 code units, which equals characters for
    /// ASCII text) where the secret starts on ``line``.
    public var column: Int?
    /// The line around the secret with the secret masked. Lines over 100
    /// characters are cut to 30 characters before and 20 after the secret.
    public var match: String
    /// The index of the layer the file came from (0 is the base layer), if
    /// known.
    public var layer: Int?
    /// True when the file is not in the final image because a later layer
    /// deleted or replaced it; it can still be downloaded with the layer.
    public var inLayerHistory: Bool
    /// Which part of the image the secret is in.
    public var source: SecretSource

    /// Creates a finding.
    ///
    /// - Parameters:
    ///   - ruleID: The id of the matching rule.
    ///   - category: The rule's category.
    ///   - severity: The rule's severity.
    ///   - title: The rule's title.
    ///   - path: The file path, or `Env`/`Labels`/`History`.
    ///   - line: The 1-based first line.
    ///   - endLine: The 1-based last line.
    ///   - column: The 1-based column on `line`.
    ///   - match: The masked line; must not contain the secret.
    ///   - layer: The layer index, if known.
    ///   - inLayerHistory: Whether the file is gone from the final image.
    ///   - source: Which part of the image was scanned.
    public init(
        ruleID: String,
        category: String,
        severity: SecretSeverity,
        title: String,
        path: String,
        line: Int,
        endLine: Int,
        column: Int?,
        match: String,
        layer: Int? = nil,
        inLayerHistory: Bool = false,
        source: SecretSource = .file
    ) {
        self.ruleID = ruleID
        self.category = category
        self.severity = severity
        self.title = title
        self.path = path
        self.line = line
        self.endLine = endLine
        self.column = column
        self.match = match
        self.layer = layer
        self.inLayerHistory = inLayerHistory
        self.source = source
    }
}
