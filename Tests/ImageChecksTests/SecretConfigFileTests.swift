import Foundation
import Testing
@testable import ImageChecks

struct SecretConfigFileTests {
    func configuration(_ json: String) throws -> SecretScanner.Configuration {
        try SecretScanner.Configuration(configFile: Data(json.utf8), fileName: "secret.json")
    }

    @Test func addsCustomRules() throws {
        let config = try configuration(#"""
            {
              "rules": [{
                "id": "acme-key", "title": "ACME key", "severity": "high", "category": "ACME",
                "keywords": ["ACME_"], "regex": "ACME_(?P<secret>[0-9a-f]{32})", "secret-group-name": "secret",
                "path": "\\.env$", "allow-regexes": ["ACME_0{32}"]
              }]
            }
            """#)
        let scanner = SecretScanner(configuration: config)
        let key = TestSecrets.random(32, alphabet: "0123456789abcdef")
        let findings = scanner.scan(path: "/srv/a.env", data: Data("K=ACME_\(key)\n".utf8))
        #expect(findings.map(\.ruleID) == ["acme-key"])
        #expect(findings.first?.severity == .high)
        #expect(findings.first?.match == "K=ACME_" + String(repeating: "*", count: 32))
        #expect(scanner.scan(path: "/srv/a.txt", data: Data("K=ACME_\(key)\n".utf8)).isEmpty, "path limits the rule")
        #expect(scanner.scan(path: "/srv/a.env", data: Data("K=ACME_\(String(repeating: "0", count: 32))\n".utf8)).isEmpty)
        #expect(config.rules.count == SecretRules.builtin.count + 1)
    }

    @Test func disablesAndEnablesRules() throws {
        let text = Data("A=\(TestSecrets.awsAccessKeyID)\nG=\(TestSecrets.githubPAT)\n".utf8)
        let disabled = SecretScanner(configuration: try configuration(#"{"disable-rules": ["github-pat"]}"#))
        #expect(disabled.scan(path: "/a", data: text).map(\.ruleID) == ["aws-access-key-id"])
        let only = SecretScanner(configuration: try configuration(#"{"enable-builtin-rules": ["github-pat"]}"#))
        #expect(only.scan(path: "/a", data: text).map(\.ruleID) == ["github-pat"])
    }

    @Test func allowRulesByPathGlobPatternAndRuleID() throws {
        let text = Data("A=\(TestSecrets.awsAccessKeyID)\nG=\(TestSecrets.githubPAT)\n".utf8)
        let config = try configuration(#"""
            {
              "allow-rules": [
                {"id": "fixtures", "glob": "/srv/fixtures/**"},
                {"id": "demo-pat", "rules": ["github-pat"], "path": "^/srv/demo/"},
                {"id": "known", "rules": ["github-pat"], "regex": "^ghp_"}
              ],
              "disable-allow-rules": ["markdown"]
            }
            """#)
        let scanner = SecretScanner(configuration: config)
        #expect(scanner.scan(path: "/srv/fixtures/deep/a.env", data: text).isEmpty)
        #expect(scanner.scan(path: "/srv/demo/a.env", data: text).map(\.ruleID) == ["aws-access-key-id"])
        #expect(scanner.scan(path: "/srv/other/a.env", data: text).map(\.ruleID) == ["aws-access-key-id"], "pattern allows the PAT")
        #expect(scanner.scan(path: "/srv/README.md", data: text).count == 1, "markdown allow rule disabled")
    }

    @Test func maxFileSize() throws {
        #expect(try configuration(#"{"max-file-size": 2048}"#).maximumFileSize == 2048)
    }

    @Test func invalidJSONNamesFileAndLine() {
        let error = #expect(throws: SecretConfigurationError.self) {
            try configuration("{\n  \"rules\": [\n    {\"id\" \"a\"}\n  ]\n}")
        }
        #expect(error?.code == .invalidJSON)
        #expect(error?.fileName == "secret.json")
        #expect(error?.line == 3)
    }

    @Test func badRegexNamesRuleAndLine() {
        let error = #expect(throws: SecretConfigurationError.self) {
            try configuration("{\n  \"rules\": [\n    {\"id\": \"ok\", \"regex\": \"a\"},\n    {\"id\": \"broken\", \"regex\": \"(unclosed\"}\n  ]\n}")
        }
        #expect(error?.code == .invalidRegex)
        #expect(error?.line == 4)
        #expect(error?.description.hasPrefix("secret.json:4: rule broken") == true)
    }

    @Test func unknownKeysAndBadValues() {
        let typo = #expect(throws: SecretConfigurationError.self) {
            try configuration("{\n  \"disable-rule\": [\"jwt-token\"]\n}")
        }
        #expect(typo?.code == .unknownKey)
        #expect(typo?.line == 2)
        let severity = #expect(throws: SecretConfigurationError.self) {
            try configuration(#"{"rules": [{"id": "x", "regex": "x", "severity": "urgent"}]}"#)
        }
        #expect(severity?.code == .invalidValue)
        let missing = #expect(throws: SecretConfigurationError.self) {
            try configuration(#"{"rules": [{"id": "x"}]}"#)
        }
        #expect(missing?.code == .missingField)
        let duplicate = #expect(throws: SecretConfigurationError.self) {
            try configuration(#"{"rules": [{"id": "github-pat", "regex": "x"}]}"#)
        }
        #expect(duplicate?.code == .duplicateID)
        let emptyAllow = #expect(throws: SecretConfigurationError.self) {
            try configuration(#"{"allow-rules": [{"id": "nothing"}]}"#)
        }
        #expect(emptyAllow?.code == .missingField)
    }

    @Test func unreadableFile() {
        let error = #expect(throws: SecretConfigurationError.self) {
            try SecretScanner.Configuration(contentsOf: URL(fileURLWithPath: "/nonexistent/secret.json"))
        }
        #expect(error?.code == .unreadableFile)
    }

    func yaml(_ text: String) throws -> SecretScanner.Configuration {
        try SecretScanner.Configuration(configFile: Data(text.utf8), fileName: "trivy-secret.yaml")
    }

    /// trivy's own `trivy-secret.yaml` layout (its documentation's example keys).
    @Test func readsTrivyYAML() throws {
        let config = try yaml("""
            rules:
              - id: acme-key
                category: ACME
                title: ACME key
                severity: HIGH
                keywords:
                  - acme_
                regex: ACME_(?P<secret>[0-9a-f]{32})
                secret-group-name: secret
                entropy: 2
            allow-rules:
              - id: fixtures
                description: test fixtures
                path: ^/srv/fixtures/
            disable-rules:
              - jwt-token
            max-file-size: 2048
            """)
        let scanner = SecretScanner(configuration: config)
        let key = TestSecrets.random(32, alphabet: "0123456789abcdef")
        #expect(scanner.scan(path: "/srv/a.env", data: Data("K=ACME_\(key)\n".utf8)).map(\.ruleID) == ["acme-key"])
        #expect(scanner.scan(path: "/srv/fixtures/a.env", data: Data("K=ACME_\(key)\n".utf8)).isEmpty)
        #expect(!config.rules.contains { $0.id == "jwt-token" })
        #expect(config.maximumFileSize == 2048)
        #expect(config.rules.first { $0.id == "acme-key" }?.minimumEntropy == 2)
    }

    @Test func yamlErrorsNameFileAndLine() {
        let syntax = #expect(throws: SecretConfigurationError.self) {
            try yaml("rules:\n  - id: a\n    regex: [unclosed\n")
        }
        #expect(syntax?.code == .invalidJSON)
        #expect(syntax?.fileName == "trivy-secret.yaml")
        #expect(syntax?.line != nil)
        let regex = #expect(throws: SecretConfigurationError.self) {
            try yaml("rules:\n  - id: ok\n    regex: a\n  - id: broken\n    regex: \"(unclosed\"\n")
        }
        #expect(regex?.code == .invalidRegex)
        #expect(regex?.line == 4)
        let typo = #expect(throws: SecretConfigurationError.self) {
            try yaml("# comment\ndisable-rule:\n  - jwt-token\n")
        }
        #expect(typo?.code == .unknownKey)
        #expect(typo?.line == 2)
        let size = #expect(throws: SecretConfigurationError.self) {
            try yaml("max-file-size: true\n")
        }
        #expect(size?.code == .invalidValue)
    }
}
