import Foundation
import Testing
@testable import ImageChecks

struct SecretRulesTests {
    let scanner = SecretScanner()

    func ruleIDs(_ text: String, path: String = "/app/config.txt") -> [String] {
        scanner.scan(path: path, data: Data(text.utf8)).map(\.ruleID)
    }

    @Test func builtinIDsAreUnique() {
        let ids = SecretRules.builtin.map(\.id)
        #expect(Set(ids).count == ids.count)
        let allowIDs = SecretAllowRules.builtin.map(\.id)
        #expect(Set(allowIDs).count == allowIDs.count)
    }

    @Test func builtinKeywordsAreLowerCase() {
        for rule in SecretRules.builtin {
            #expect(!rule.keywords.isEmpty, "\(rule.id) has no keyword prefilter")
            #expect(rule.keywords == rule.keywords.map { $0.lowercased() })
        }
    }

    @Test func awsAccessKeyID() {
        #expect(ruleIDs("key_id = \(TestSecrets.awsAccessKeyID)\n") == ["aws-access-key-id"])
        #expect(ruleIDs("X\(TestSecrets.awsAccessKeyID)\n").isEmpty, "must start at a word boundary")
        // AWS's documented example key is allowed by the `examples` allow rule.
        #expect(ruleIDs("aws_access_key_id = AKIAIOSFODNN7" + "EXAMPLE\n").isEmpty)
    }

    @Test func awsSecretAccessKey() {
        #expect(ruleIDs("aws_secret_access_key = \(TestSecrets.awsSecretKey)\n") == ["aws-secret-access-key"])
        #expect(ruleIDs("\"AwsSecretKey\": \"\(TestSecrets.awsSecretKey)\"\n") == ["aws-secret-access-key"])
        #expect(!ruleIDs("aws_secret_access_key = \(TestSecrets.awsSecretKey)extra\n").contains("aws-secret-access-key"), "not 40 characters")
    }

    @Test func gcpServiceAccount() {
        let json = """
            {
              "type": "service_account",
              "project_id": "demo-project",
              "private_key_id": "\(TestSecrets.random(40, alphabet: "0123456789abcdef"))",
              "private_key": "-----BEGIN PRIVATE KEY-----\\n\(TestSecrets.random(64, alphabet: TestSecrets.base64))\\n-----END PRIVATE KEY-----\\n",
              "client_email": "deployer@demo-project.iam.gserviceaccount.com",
              "client_id": "1234567890"
            }
            """
        #expect(ruleIDs(json, path: "/app/sa.json") == ["gcp-service-account", "private-key"])
        let noEmail = json.replacingOccurrences(of: "client_email", with: "owner")
        #expect(ruleIDs(noEmail, path: "/app/sa.json") == ["private-key"])
    }

    @Test func azureStorageKey() {
        let key = TestSecrets.random(86, alphabet: TestSecrets.base64) + "=="
        let connection = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=\(key);EndpointSuffix=core.windows.net"
        #expect(ruleIDs(connection) == ["azure-storage-account-key"])
        #expect(ruleIDs("AZURE_STORAGE_KEY=\(key)\n") == ["azure-storage-account-key"])
        #expect(ruleIDs("AccountKey=short==\n").isEmpty)
    }

    @Test func githubTokens() {
        let body = TestSecrets.random(36, seed: 5)
        #expect(ruleIDs("token: \(TestSecrets.githubPAT)\n") == ["github-pat"])
        #expect(ruleIDs("t=gh" + "o_\(body)\n") == ["github-oauth"])
        #expect(ruleIDs("t=gh" + "u_\(body)\n") == ["github-app-token"])
        #expect(ruleIDs("t=gh" + "s_\(body)\n") == ["github-app-token"])
        #expect(ruleIDs("t=gh" + "r_\(body)\n") == ["github-refresh-token"])
        let fine = "github" + "_pat_" + TestSecrets.random(22, seed: 8) + "_" + TestSecrets.random(59, seed: 9)
        #expect(ruleIDs("GH=\(fine)\n") == ["github-fine-grained-pat"])
        #expect(ruleIDs("ghp_short\n").isEmpty)
    }

    @Test func gitlabNpmPypi() {
        #expect(ruleIDs("CI_TOKEN=gl" + "pat-\(TestSecrets.random(20, seed: 4))\n") == ["gitlab-pat"])
        #expect(ruleIDs("//registry.npmjs.org/:_authToken=np" + "m_\(TestSecrets.random(36, seed: 6))\n") == ["npm-access-token"])
        let pypi = "pypi-" + "AgEIcHlwaS5vcmc" + TestSecrets.random(70, seed: 12)
        #expect(ruleIDs("password = \(pypi)\n") == ["pypi-upload-token"], "the specific rule wins over the generic one")
    }

    @Test func slackAndStripe() {
        let slack = "xo" + "xb-1234567890-1234567890123-\(TestSecrets.random(24, seed: 13))"
        #expect(ruleIDs("SLACK=\(slack)\n") == ["slack-access-token"])
        #expect(ruleIDs("SLACK=xoxb-your-token-here\n").isEmpty, "placeholders carry no digits")
        let hook = "https://hooks.slack.com/services/T0\(TestSecrets.random(7, seed: 1))/B0\(TestSecrets.random(7, seed: 2))/\(TestSecrets.random(24, seed: 14))"
        #expect(ruleIDs("url: \(hook)\n") == ["slack-web-hook"])
        #expect(ruleIDs("k=sk" + "_live_\(TestSecrets.random(24, seed: 15))\n") == ["stripe-secret-token"])
        #expect(ruleIDs("k=rk" + "_live_\(TestSecrets.random(24, seed: 15))\n") == ["stripe-secret-token"])
        #expect(ruleIDs("k=sk" + "_test_\(TestSecrets.random(24, seed: 15))\n") == ["stripe-test-secret-token"])
    }

    @Test func jwt() {
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + "." + "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFsaWNlIn0" + "." + TestSecrets.random(43, seed: 16)
        #expect(ruleIDs("Authorization: Bearer \(jwt)\n") == ["jwt-token"])
        #expect(ruleIDs("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.\n").isEmpty, "an unsigned token carries no secret")
    }

    @Test(arguments: ["RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK"])
    func privateKeys(kind: String) {
        #expect(ruleIDs(TestSecrets.pem(kind), path: "/etc/app/key.pem") == ["private-key"])
    }

    @Test func encryptedPEMWithHeaders() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0123456789ABCDEF\n\n\(TestSecrets.pemBody)\n-----END RSA PRIVATE KEY-----\n"
        #expect(ruleIDs(pem) == ["private-key"])
    }

    @Test func publicKeysAndShortBlocksAreNotSecrets() {
        #expect(ruleIDs("-----BEGIN PUBLIC KEY-----\n\(TestSecrets.pemBody)\n-----END PUBLIC KEY-----\n").isEmpty)
        #expect(ruleIDs("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n").isEmpty)
    }

    @Test func genericAssignments() {
        let value = TestSecrets.random(20, seed: 17)
        #expect(ruleIDs("DB_PASSWORD=\(value)\n") == ["generic-secret-assignment"])
        #expect(ruleIDs("\"client_secret\": \"\(value)\"\n") == ["generic-secret-assignment"])
        #expect(ruleIDs("api_key: \(value)\n") == ["generic-secret-assignment"])
    }

    @Test(arguments: [
        "password=changeme", "password=changeme123", "PASSWORD=${DB_PASSWORD}", "password: <password>",
        "password=xxxxxxxx1", "secret = \"your-secret-here-123\"", "password=password1", "token = self.token",
        "password = os.environ[\"DB_PASSWORD\"]", "secret_key = get_secret(name)", "password=aaaaaaaa1",
        "token: {{ .Values.token123 }}", "password = %(db_password)s", "tokenizer=bert12345", "password=",
    ])
    func genericPlaceholders(line: String) {
        #expect(ruleIDs(line + "\n").isEmpty, "\(line)")
    }

    @Test func testPathsAreAllowed() {
        let text = "AWS=\(TestSecrets.awsAccessKeyID)\n"
        for path in ["/src/tests/config.env", "/app/test_settings.py", "/app/foo.test.js", "/usr/share/doc/x/conf", "/srv/vendor/lib/a.env", "/docs/README.md", "/usr/local/lib/python3.11/site-packages/a.py", "/opt/examples/a.env"] {
            #expect(scanner.scan(path: path, data: Data(text.utf8)).isEmpty, "\(path)")
        }
        #expect(scanner.scan(path: "/opt/app/settings.env", data: Data(text.utf8)).count == 1)
    }
}
