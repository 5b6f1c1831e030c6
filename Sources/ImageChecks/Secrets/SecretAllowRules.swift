/// The built-in allow rules, after trivy's `builtin-allow-rules.go`.
///
/// Paths are absolute (`/usr/share/…`); trivy writes the same rules against
/// image paths without the leading `/`.
public enum SecretAllowRules {
    /// All built-in allow rules.
    public static let builtin: [SecretAllowRule] = [
        allow("tests", "Avoid test files and paths", path: #"(?i)(?:/test|-test|_test|\.test)"#),
        allow("examples", "Avoid example files and paths", path: "example", pattern: "(?i)example"),
        allow("vendor", "Vendor dirs", path: "/vendor/"),
        allow("usr-dirs", "System dirs", path: "^/usr/(?:share|include|lib)/"),
        allow("locale-dir", "Locales directory contains locales file", path: "/locales?/"),
        allow("markdown", "Markdown files", path: #"\.md$"#),
        allow("node.js", "Node container images", path: #"^/opt/yarn-v[\d.]+/"#),
        allow("golang", "Go container images", path: "^/usr/local/go/"),
        allow("python", "Python container images", path: #"^/usr/local/lib/python[\d.]+/"#),
        allow("rubygems", "Ruby container images", path: "^/usr/lib/gems/"),
        allow("wordpress", "Wordpress container images", path: "^/usr/src/wordpress/"),
        allow("anaconda-log", "Anaconda CI Logs in container images", path: "^/var/log/anaconda/"),
    ]

    private static func allow(_ id: String, _ description: String, path: String, pattern: String? = nil) -> SecretAllowRule {
        do {
            return try SecretAllowRule(id: id, description: description, path: path, pattern: pattern)
        } catch {
            fatalError("built-in allow rule \(id) does not compile: \(error)")
        }
    }
}
