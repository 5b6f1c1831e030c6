import Foundation

/// A secret-detection rule: data, compiled once.
///
/// A rule's regular expression runs on a file only when the lower-cased file
/// contains one of its ``keywords`` (a cheap prefilter), the file's path
/// matches ``paths`` (when given) and no ``allowPaths`` entry matches.
/// A match is dropped when ``allowPatterns`` match the whole match, or when the
/// secret's Shannon entropy is below ``minimumEntropy``.
public struct SecretRule: Sendable {
    /// A unique id (`github-pat`).
    public let id: String
    /// A human title (`GitHub Personal Access Token`).
    public let title: String
    /// How serious a leak is.
    public let severity: SecretSeverity
    /// The family (`AWS`, `GitHub`, `Generic`).
    public let category: String
    /// Lower-cased literals; the regex runs only if one occurs in the file.
    /// Empty means "always run".
    public let keywords: [String]
    /// The regular expression (ICU syntax, as `NSRegularExpression`).
    public let pattern: String
    /// The named capture group that holds the secret (`secret`); `nil` means
    /// the whole match is the secret.
    public let secretGroup: String?
    /// Path regexes; if not empty, the rule runs only on matching paths.
    public let paths: [String]
    /// Path regexes on which the rule does not run.
    public let allowPaths: [String]
    /// Regexes that, matching the whole match, mark it as not a secret
    /// (placeholders such as `changeme` or `${VAR}`).
    public let allowPatterns: [String]
    /// The minimum Shannon entropy (bits per character) of the secret.
    public let minimumEntropy: Double?
    /// True when the regex never matches across a line break and every match
    /// contains one of the ``keywords``: the regex then runs only on the lines
    /// that hold a keyword, not on the whole file.
    public let singleLine: Bool

    let regex: NSRegularExpression
    let pathRegexes: [NSRegularExpression]
    let allowPathRegexes: [NSRegularExpression]
    let allowRegexes: [NSRegularExpression]
    let keywordBytes: [[UInt8]]

    /// Creates and compiles a rule.
    ///
    /// - Parameters:
    ///   - id: A unique id.
    ///   - title: A human title.
    ///   - severity: How serious a leak is.
    ///   - category: The family of the secret.
    ///   - keywords: Literals of which one must occur in the file (any case).
    ///   - pattern: The regular expression.
    ///   - secretGroup: The named group holding the secret, or `nil`.
    ///   - paths: Path regexes the rule is limited to.
    ///   - allowPaths: Path regexes the rule skips.
    ///   - allowPatterns: Regexes that allow a match.
    ///   - minimumEntropy: The minimum entropy of the secret, if any.
    ///   - singleLine: Whether matches never span lines and always contain a keyword.
    /// - Throws: ``SecretConfigurationError/Code/invalidRegex`` when a regex
    ///   does not compile or `secretGroup` is not in `pattern`.
    public init(
        id: String,
        title: String,
        severity: SecretSeverity,
        category: String,
        keywords: [String],
        pattern: String,
        secretGroup: String? = nil,
        paths: [String] = [],
        allowPaths: [String] = [],
        allowPatterns: [String] = [],
        minimumEntropy: Double? = nil,
        singleLine: Bool = false
    ) throws(SecretConfigurationError) {
        self.id = id
        self.title = title
        self.severity = severity
        self.category = category
        self.keywords = keywords.map { $0.lowercased() }
        self.pattern = pattern
        self.secretGroup = secretGroup
        self.paths = paths
        self.allowPaths = allowPaths
        self.allowPatterns = allowPatterns
        self.minimumEntropy = minimumEntropy
        self.singleLine = singleLine && !keywords.isEmpty
        self.regex = try compileRegex(pattern, what: "rule \(id)")
        if let secretGroup, !pattern.contains("(?<\(secretGroup)>") && !pattern.contains("(?P<\(secretGroup)>") {
            throw SecretConfigurationError(.invalidRegex, "rule \(id): the regex has no group named '\(secretGroup)'")
        }
        self.pathRegexes = try paths.map { (p) throws(SecretConfigurationError) in try compileRegex(p, what: "rule \(id) path") }
        self.allowPathRegexes = try allowPaths.map { (p) throws(SecretConfigurationError) in try compileRegex(p, what: "rule \(id) allow path") }
        self.allowRegexes = try allowPatterns.map { (p) throws(SecretConfigurationError) in try compileRegex(p, what: "rule \(id) allow pattern") }
        self.keywordBytes = self.keywords.map { Array($0.utf8) }
    }
}

/// Compiles an ICU regex, turning Go/RE2 `(?P<name>` groups into ICU `(?<name>`.
func compileRegex(_ pattern: String, what: String) throws(SecretConfigurationError) -> NSRegularExpression {
    let icu = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
    do {
        return try NSRegularExpression(pattern: icu)
    } catch {
        throw SecretConfigurationError(.invalidRegex, "\(what): the regex does not compile")
    }
}
