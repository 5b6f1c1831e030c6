import Foundation

/// An allow rule: marks paths or matches as not secrets.
///
/// Conditions are independent, as in trivy: a file whose path matches
/// ``path`` or ``pathGlob`` is not scanned (by the rules in ``ruleIDs``, or by
/// any rule when ``ruleIDs`` is empty), and a match whose text matches
/// ``pattern`` is dropped. Paths are absolute paths in the image (`/opt/app/…`).
public struct SecretAllowRule: Sendable {
    /// A unique id (`tests`, `markdown`).
    public let id: String
    /// Why the rule exists.
    public let description: String
    /// The rules this allow rule applies to; empty means all rules.
    public let ruleIDs: [String]
    /// A regex on the absolute path.
    public let path: String?
    /// A glob on the absolute path: `*` and `?` stay within a path segment,
    /// `**` crosses segments (`/opt/app/**/fixtures/*.pem`).
    public let pathGlob: String?
    /// A regex on the matched text (the whole match, not only the secret).
    public let pattern: String?

    let pathRegexes: [NSRegularExpression]
    let patternRegex: NSRegularExpression?

    /// Creates and compiles an allow rule.
    ///
    /// - Parameters:
    ///   - id: A unique id.
    ///   - description: Why the rule exists.
    ///   - ruleIDs: The rules it applies to; empty for all.
    ///   - path: A regex on the absolute path.
    ///   - pathGlob: A glob on the absolute path.
    ///   - pattern: A regex on the matched text.
    /// - Throws: ``SecretConfigurationError/Code/invalidRegex`` when a regex
    ///   does not compile.
    public init(
        id: String,
        description: String = "",
        ruleIDs: [String] = [],
        path: String? = nil,
        pathGlob: String? = nil,
        pattern: String? = nil
    ) throws(SecretConfigurationError) {
        self.id = id
        self.description = description
        self.ruleIDs = ruleIDs
        self.path = path
        self.pathGlob = pathGlob
        self.pattern = pattern
        var regexes: [NSRegularExpression] = []
        if let path { regexes.append(try compileRegex(path, what: "allow rule \(id) path")) }
        if let pathGlob { regexes.append(try compileRegex(PathGlob.regex(for: pathGlob), what: "allow rule \(id) glob")) }
        self.pathRegexes = regexes
        self.patternRegex = try pattern.map { (p) throws(SecretConfigurationError) in try compileRegex(p, what: "allow rule \(id) regex") }
    }

    func applies(to ruleID: String) -> Bool {
        ruleIDs.isEmpty || ruleIDs.contains(ruleID)
    }
}
