/// The built-in secret rules: the one explicit list.
///
/// Order matters: when two rules find the same secret, the earlier rule wins
/// and the later finding is dropped (the generic assignment rule is last).
/// Ids, categories, titles and severities follow trivy's built-in rules where
/// trivy has the rule, so reports compare one to one.
public enum SecretRules {
    /// All built-in rules.
    public static let builtin: [SecretRule] = cloud + sourceControl + keys + services + [genericAssignment]

    /// Keyword-assignment placeholders that are never real secrets.
    static let placeholderPatterns: [String] = [
        #"(?i)change[_-]?me|changeit|placeholder|redacted|dummy|sample|your[_-]|insert[_-]|replace[_-]?me|fixme|todo"#,
        #"(?i)x{4,}|\*{3,}|\.{3,}|<[^>\n]{0,64}>|\$\{|\{\{|%\(|\$\("#,
    ]

    // MARK: - Cloud providers

    static let cloud: [SecretRule] = [
        rule(
            id: "aws-access-key-id", title: "AWS Access Key ID", severity: .critical, category: "AWS",
            keywords: ["AKIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA", "ASIA", "A3T"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])"#,
            secretGroup: "secret"
        ),
        rule(
            id: "aws-secret-access-key", title: "AWS Secret Access Key", severity: .critical, category: "AWS",
            keywords: ["aws"],
            pattern: #"(?i)["']?aws_?(?:sec(?:ret)?)?_?(?:access)?_?key["']?[ \t]{0,8}(?::|=>|=)?[ \t]{0,8}["']?(?<secret>[A-Za-z0-9/+=]{40})["']?(?=[.,]?(?:\s|$))"#,
            secretGroup: "secret"
        ),
        rule(
            id: "gcp-service-account", title: "Google (GCP) Service-account", severity: .critical, category: "Google",
            keywords: ["iam.gserviceaccount.com"],
            // A service-account key file: the private key id, then (within a few KiB) the private key and the account e-mail.
            pattern: #""private_key_id"\s{0,4}:\s{0,4}"(?<secret>[0-9a-f]{40})"[\s\S]{0,8192}?"private_key"\s{0,4}:\s{0,4}"-----BEGIN[\s\S]{0,8192}?"client_email"\s{0,4}:\s{0,4}"[^"@\s]{1,128}@[^"\s]{1,128}\.iam\.gserviceaccount\.com""#,
            secretGroup: "secret", singleLine: false
        ),
        rule(
            id: "azure-storage-account-key", title: "Azure Storage Account Key", severity: .critical, category: "Azure",
            keywords: ["accountkey", "storage"],
            pattern: #"(?i)(?:accountkey[ \t]{0,2}=[ \t]{0,2}|storage[_.-]?(?:account[_.-]?)?(?:access[_.-]?)?key["']?[ \t]{0,4}(?::|=>|=)[ \t]{0,4}["']?)(?<secret>[A-Za-z0-9+/]{86}==)"#,
            secretGroup: "secret"
        ),
    ]

    // MARK: - Source control and package registries

    static let sourceControl: [SecretRule] = [
        rule(
            id: "github-pat", title: "GitHub Personal Access Token", severity: .critical, category: "GitHub",
            keywords: ["ghp_"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>ghp_[0-9A-Za-z]{36})(?![A-Za-z0-9])"#, secretGroup: "secret"
        ),
        rule(
            id: "github-fine-grained-pat", title: "GitHub Fine-grained personal access tokens", severity: .critical,
            category: "GitHub", keywords: ["github_pat_"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})(?![A-Za-z0-9])"#,
            secretGroup: "secret"
        ),
        rule(
            id: "github-oauth", title: "GitHub OAuth Access Token", severity: .critical, category: "GitHub",
            keywords: ["gho_"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>gho_[0-9A-Za-z]{36})(?![A-Za-z0-9])"#, secretGroup: "secret"
        ),
        rule(
            id: "github-app-token", title: "GitHub App Token", severity: .critical, category: "GitHub",
            keywords: ["ghu_", "ghs_"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>gh[us]_[0-9A-Za-z]{36})(?![A-Za-z0-9])"#, secretGroup: "secret"
        ),
        rule(
            id: "github-refresh-token", title: "GitHub Refresh Token", severity: .critical, category: "GitHub",
            keywords: ["ghr_"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>ghr_[0-9A-Za-z]{36,76})(?![A-Za-z0-9])"#, secretGroup: "secret"
        ),
        rule(
            id: "gitlab-pat", title: "GitLab Personal Access Token", severity: .critical, category: "GitLab",
            keywords: ["glpat-"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>glpat-[0-9A-Za-z_-]{20,50})(?![A-Za-z0-9_-])"#, secretGroup: "secret"
        ),
        rule(
            id: "npm-access-token", title: "npm access token", severity: .critical, category: "Npm",
            keywords: ["npm_"],
            pattern: #"(?<![A-Za-z0-9_])(?<secret>npm_[0-9A-Za-z]{36})(?![A-Za-z0-9])"#, secretGroup: "secret"
        ),
        rule(
            id: "pypi-upload-token", title: "PyPI upload token", severity: .high, category: "PyPI",
            keywords: ["pypi-AgEIcHlwaS5vcmc"],
            pattern: #"(?<secret>pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50,1000})"#, secretGroup: "secret"
        ),
    ]

    // MARK: - Keys and tokens

    static let keys: [SecretRule] = [
        rule(
            id: "private-key", title: "Asymmetric Private Key", severity: .high, category: "AsymmetricPrivateKey",
            keywords: ["-----"],
            // RSA, EC, DSA, OPENSSH, ENCRYPTED, PKCS#8 and PGP blocks; optional `Proc-Type:`-style headers;
            // `\\` and `\n` escapes allowed in the body for keys embedded in JSON strings.
            pattern: #"(?i)-----[ \t]{0,4}BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?[ \t]{0,4}-----\s{0,8}(?:[A-Za-z-]{1,40}:[^\n]{0,200}\n){0,8}\s{0,8}(?<secret>[A-Za-z0-9=+/\\][A-Za-z0-9=+/\\\s]{31,}?)\s{0,8}-----[ \t]{0,4}END[ A-Z0-9_-]{0,40} PRIVATE KEY(?: BLOCK)?[ \t]{0,4}-----"#,
            secretGroup: "secret", singleLine: false
        ),
        rule(
            id: "jwt-token", title: "JWT token", severity: .medium, category: "JWT",
            keywords: [".eyJ"],
            pattern: #"(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{15,4096}\.eyJ[A-Za-z0-9_-]{15,8192}\.[A-Za-z0-9_-]{10,4096}={0,2})"#,
            secretGroup: "secret"
        ),
    ]

    // MARK: - Services

    static let services: [SecretRule] = [
        rule(
            id: "slack-access-token", title: "Slack token", severity: .high, category: "Slack",
            keywords: ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"],
            // Real tokens always carry digits (workspace and user ids); `xoxb-your-token` does not.
            pattern: #"(?<![A-Za-z0-9])(?<secret>xox[baprs]-(?=[0-9A-Za-z-]{0,250}[0-9])[0-9A-Za-z][0-9A-Za-z-]{9,250})"#,
            secretGroup: "secret"
        ),
        rule(
            id: "slack-web-hook", title: "Slack Webhook", severity: .medium, category: "Slack",
            keywords: ["hooks.slack.com"],
            pattern: #"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9+/]{43,56}"#
        ),
        rule(
            id: "stripe-secret-token", title: "Stripe Secret Key", severity: .critical, category: "Stripe",
            keywords: ["sk_live_", "rk_live_"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>[sr]k_live_[0-9A-Za-z]{10,99})(?![A-Za-z0-9])"#, secretGroup: "secret"
        ),
        rule(
            id: "stripe-test-secret-token", title: "Stripe Test Secret Key", severity: .low, category: "Stripe",
            keywords: ["sk_test_", "rk_test_"],
            pattern: #"(?<![A-Za-z0-9])(?<secret>[sr]k_test_[0-9A-Za-z]{10,99})(?![A-Za-z0-9])"#, secretGroup: "secret"
        ),
    ]

    // MARK: - Generic assignments

    /// `password=…`, `secret: …`, `api_key => …` with a value that has letters
    /// and digits, enough entropy, and is not a placeholder or an expression.
    static let genericAssignment = rule(
        id: "generic-secret-assignment", title: "Generic secret assignment", severity: .medium, category: "Generic",
        keywords: ["passw", "pwd", "secret", "token", "apikey", "api_key", "api-key", "api.key",
                   "access_key", "accesskey", "access-key", "access.key"],
        pattern: #"(?i)(?<![A-Za-z0-9])(?:passw(?:or)?d|pwd|secret|token|api[_.-]?key|access[_.-]?key)(?:[_.-][A-Za-z0-9_.-]{0,20})?["']?[ \t]{0,4}(?::=|=>|=|:)[ \t]{0,4}["']?(?=[^\s"']{0,127}[0-9])(?=[^\s"']{0,127}[A-Za-z])(?<secret>[A-Za-z0-9!#%&*+./:=?@^_|~-]{8,128})(?![A-Za-z0-9!#%&*+./:=?@^_|~(\[{$<-])"#,
        secretGroup: "secret",
        allowPatterns: placeholderPatterns,
        minimumEntropy: 3.0
    )

    /// Builds a built-in rule; the unit tests prove every one compiles. Built-in
    /// rules are single-line (the regex runs only on lines holding a keyword)
    /// unless they say otherwise; a unit test checks that every single-line
    /// rule finds what the whole-file scan finds.
    static func rule(
        id: String, title: String, severity: SecretSeverity, category: String, keywords: [String],
        pattern: String, secretGroup: String? = nil, allowPatterns: [String] = [], minimumEntropy: Double? = nil,
        singleLine: Bool = true
    ) -> SecretRule {
        do {
            return try SecretRule(
                id: id, title: title, severity: severity, category: category, keywords: keywords,
                pattern: pattern, secretGroup: secretGroup, allowPatterns: allowPatterns, minimumEntropy: minimumEntropy,
                singleLine: singleLine
            )
        } catch {
            fatalError("built-in secret rule \(id) does not compile: \(error)")
        }
    }
}
