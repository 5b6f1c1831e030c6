import Foundation

/// Decides whether a literal value looks like a secret, by its key name or by well-known token formats.
/// Only the verdict is kept; values never leave this type.
enum SecretHeuristics {
    static let sensitiveNameParts = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "PRIVATE_KEY", "PRIVATEKEY",
                                     "CREDENTIAL", "ACCESS_KEY", "ACCESSKEY", "AUTH_KEY", "CLIENT_SECRET"]
    static let tokenPrefixes = ["AKIA", "ASIA", "ghp_", "gho_", "ghs_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "sk_live_", "AIza",
                                "-----BEGIN RSA PRIVATE KEY", "-----BEGIN PRIVATE KEY", "-----BEGIN EC PRIVATE KEY",
                                "-----BEGIN OPENSSH PRIVATE KEY"]

    static func nameLooksSensitive(_ name: String) -> Bool {
        let upper = name.uppercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        return sensitiveNameParts.contains { upper.contains($0) }
    }

    static func valueLooksLikeToken(_ value: String) -> Bool {
        let trimmed = value.drop { $0 == " " || $0 == "\n" }
        return tokenPrefixes.contains { trimmed.hasPrefix($0) } || value.contains("-----BEGIN RSA PRIVATE KEY") || value.contains("-----BEGIN PRIVATE KEY")
    }

    /// A literal env value or config entry: a sensitive name with a concrete value (not empty, not a
    /// `$(VAR)` reference, not a placeholder), or a value in a known token format.
    static func literalLooksSecret(name: String, value: String) -> Bool {
        if valueLooksLikeToken(value) { return true }
        guard nameLooksSensitive(name) else { return false }
        let v = value.trimmingCharacters(in: .whitespaces)
        if v.isEmpty || v.hasPrefix("$(") || v.hasPrefix("${") || v.hasPrefix("/") || v.count < 4 { return false }
        let lower = v.lowercased()
        if ["true", "false", "none", "null", "changeme", "<redacted>"].contains(lower) { return false }
        // File paths and secret *names* are references, not secrets.
        if lower.hasSuffix(".pem") || lower.hasSuffix(".key") || lower.hasSuffix(".txt") || lower.hasSuffix(".json") { return false }
        return true
    }
}
