import Foundation
import Testing
@testable import ImageChecks

struct SecretScannerTests {
    let scanner = SecretScanner()

    @Test func findingCarriesLineColumnAndMaskedMatch() throws {
        let key = TestSecrets.awsAccessKeyID
        let text = "# settings\nname=demo\n  AWS_ACCESS_KEY_ID=\(key)\n"
        let finding = try #require(scanner.scan(path: "opt/app/a.env", data: Data(text.utf8)).first)
        #expect(finding.path == "/opt/app/a.env")
        #expect(finding.line == 3)
        #expect(finding.endLine == 3)
        #expect(finding.column == 21)
        #expect(finding.match == "  AWS_ACCESS_KEY_ID=" + String(repeating: "*", count: 20))
        #expect(finding.severity == .critical)
        #expect(finding.category == "AWS")
        #expect(finding.source == .file)
        #expect(finding.layer == nil)
        #expect(!finding.inLayerHistory)
    }

    @Test func everySecretOnALineIsMasked() {
        let id = TestSecrets.awsAccessKeyID
        let pat = TestSecrets.githubPAT
        let text = "creds \(id) \(pat)\n"
        let findings = scanner.scan(path: "/a", data: Data(text.utf8))
        #expect(findings.count == 2)
        for finding in findings {
            #expect(!finding.match.contains(id))
            #expect(!finding.match.contains(pat))
            #expect(!finding.match.contains(String(pat.dropFirst(4).prefix(8))))
            #expect(!"\(finding)".contains(String(id.suffix(8))))
        }
    }

    @Test func longLinesAreCutAroundTheSecret() throws {
        let pat = TestSecrets.githubPAT
        let text = String(repeating: "a", count: 500) + " " + pat + " " + String(repeating: "b", count: 500)
        let finding = try #require(scanner.scan(path: "/app.min.js", data: Data(text.utf8)).first)
        #expect(finding.match == String(repeating: "a", count: 29) + " " + String(repeating: "*", count: 40) + " " + String(repeating: "b", count: 19))
        #expect(finding.column == 502)
    }

    @Test func multiLineSecretSpansLines() throws {
        let text = "# key\n" + TestSecrets.pem("RSA PRIVATE KEY")
        let finding = try #require(scanner.scan(path: "/etc/app/server.key", data: Data(text.utf8)).first)
        #expect(finding.ruleID == "private-key")
        #expect(finding.line == 3)
        #expect(finding.endLine == 7)
        #expect(finding.match == String(repeating: "*", count: 64))
    }

    @Test func crlfLinesKeepNumbersAndDropCarriageReturn() throws {
        let text = "a=1\r\nGITHUB_TOKEN=\(TestSecrets.githubPAT)\r\n"
        let finding = try #require(scanner.scan(path: "/w.env", data: Data(text.utf8)).first)
        #expect(finding.line == 2)
        #expect(finding.match == "GITHUB_TOKEN=" + String(repeating: "*", count: 40))
    }

    @Test func binaryFilesAreSkipped() {
        var bytes = Array("GITHUB_TOKEN=\(TestSecrets.githubPAT)\n".utf8)
        #expect(scanner.scan(path: "/bin/tool", data: Data(bytes)).count == 1)
        bytes.insert(0, at: 3)
        #expect(scanner.scan(path: "/bin/tool", data: Data(bytes)).isEmpty, "NUL byte")
        let invalid = Data((0..<2000).map { _ in UInt8(0xFE) } + Array("GITHUB_TOKEN=\(TestSecrets.githubPAT)\n".utf8))
        #expect(scanner.scan(path: "/bin/tool", data: invalid).isEmpty, "mostly invalid UTF-8")
        let latin1 = Data(Array("caf\u{E9} ".utf8).map { $0 == 0xC3 ? 0xE9 : $0 }.filter { $0 != 0xA9 } + Array("GITHUB_TOKEN=\(TestSecrets.githubPAT)\n".utf8))
        #expect(scanner.scan(path: "/etc/latin1.conf", data: latin1).count == 1, "a few high bytes stay text")
    }

    @Test func sizeLimitIsConfigurable() {
        let text = Data(("GITHUB_TOKEN=\(TestSecrets.githubPAT)\n" + String(repeating: "#", count: 4096)).utf8)
        #expect(scanner.scan(path: "/a.env", data: text).count == 1)
        #expect(SecretScanner.Configuration.default.maximumFileSize == 10 * 1024 * 1024)
        let small = SecretScanner(configuration: .init(maximumFileSize: 1024))
        #expect(small.scan(path: "/a.env", data: text).isEmpty)
        #expect(!small.isRequired(path: "/a.env", size: 4096))
        #expect(small.isRequired(path: "/a.env", size: 100))
        #expect(!scanner.isRequired(path: "/usr/share/doc/x", size: 100))
    }

    @Test func layerInformationIsKept() throws {
        let data = Data("t=\(TestSecrets.githubPAT)\n".utf8)
        let finding = try #require(scanner.scan(path: "/old.env", data: data, layer: 2, inLayerHistory: true).first)
        #expect(finding.layer == 2)
        #expect(finding.inLayerHistory)
    }

    @Test func imageConfigAndHistory() {
        let pat = TestSecrets.githubPAT
        let findings = scanner.scan(
            environment: ["PATH=/usr/bin", "GITHUB_TOKEN=\(pat)"],
            labels: ["maintainer": "me", "deploy.key": TestSecrets.awsAccessKeyID],
            history: ["/bin/sh -c #(nop) ADD file", "ARG DB_PASSWORD=\(TestSecrets.random(16, seed: 30))", "RUN |1 TOKEN=\(pat) /bin/sh -c make"]
        )
        let summary = findings.map { "\($0.source) \($0.path):\($0.line) \($0.ruleID)" }
        #expect(summary == [
            "env Env:2 github-pat",
            "label Labels:1 aws-access-key-id",
            "history History:2 generic-secret-assignment",
            "history History:3 github-pat",
        ])
        #expect(findings.allSatisfy { !$0.match.contains(pat) })
        #expect(findings[0].match == "GITHUB_TOKEN=" + String(repeating: "*", count: 40))
    }

    @Test(.timeLimit(.minutes(1)))
    func pathologicalInputFinishesQuickly() {
        let clock = ContinuousClock()
        let inputs = [
            String(repeating: "-----BEGIN RSA PRIVATE KEY-----\nAAAA", count: 20_000),
            String(repeating: "password=a1", count: 50_000),
            String(repeating: "A", count: 1_000_000) + "\n",
            "-----BEGIN PRIVATE KEY-----\n" + String(repeating: "A", count: 2_000_000),
            String(repeating: "eyJ", count: 300_000) + ".eyJ",
            String(repeating: "aws_key=", count: 100_000),
        ]
        for input in inputs {
            let elapsed = clock.measure { _ = scanner.scan(path: "/x", data: Data(input.utf8)) }
            #expect(elapsed < .seconds(5), "\(input.prefix(20))…")
        }
    }

    @Test func pathGlobs() {
        #expect(PathGlob.regex(for: "/opt/**/*.pem") == "^/opt/(?:.*/)?[^/]*\\.pem$")
        #expect(PathGlob.regex(for: "/a?c/**") == "^/a[^/]c/.*$")
    }

    @Test func entropy() {
        #expect(Entropy.bitsPerCharacter("aaaa") == 0)
        #expect(abs(Entropy.bitsPerCharacter("abcd") - 2) < 1e-9)
    }

    /// Line-scoped single-line rules against whole-file runs on a generated
    /// corpus: many keyword assignments and tokens, multi-byte characters
    /// before them (UTF-16 offsets), CRLF lines, keywords split across lines,
    /// and files with invalid UTF-8 (which fall back to the whole-file run).
    @Test func lineScopingFindsWhatWholeFileRunsFind() throws {
        var scoped = SecretScanner.Configuration()
        var whole = scoped
        scoped.lineScoping = true
        whole.lineScoping = false
        let fast = SecretScanner(configuration: scoped), slow = SecretScanner(configuration: whole)
        let keys = ["password", "db_passwd", "PWD", "secret", "client-secret", "token", "api.key", "API_KEY",
                    "apikey", "access-key", "aws_secret_access_key", "AccountKey", "storage_account_key"]
        let separators = [" = ", ":", " => ", "=\"", ": '", ":=", "\t=\t"]
        let prefixes = ["", "  ", "export ", "é ", "日本語 ", "😀😀 ", "x", "# ", "\"", "let "]
        var total = 0
        for file in 0..<60 {
            var lines: [String] = []
            for line in 0..<40 {
                let n = file * 40 + line
                let value = TestSecrets.random(8 + n % 40, alphabet: TestSecrets.base64, seed: UInt64(n + 100))
                switch n % 7 {
                case 0: lines.append(prefixes[n % prefixes.count] + keys[n % keys.count] + separators[n % separators.count] + value)
                case 1: lines.append(prefixes[n % prefixes.count] + "token=" + "\n" + value)
                case 2: lines.append("ghp_" + TestSecrets.random(36, seed: UInt64(n)) + " and xoxb-" + TestSecrets.random(24, seed: UInt64(n + 1)) + "1")
                case 3: lines.append("url = https://hooks.slack.com/services/" + TestSecrets.random(44, alphabet: TestSecrets.base64, seed: UInt64(n)))
                case 4: lines.append("AK" + "IA" + TestSecrets.random(16, alphabet: TestSecrets.upperDigits, seed: UInt64(n)) + " sk_live_" + TestSecrets.random(24, seed: UInt64(n)))
                case 5: lines.append("plain text line \(n) with ünïcödé and no keyword")
                default: lines.append("header.eyJ" + TestSecrets.random(20, seed: UInt64(n)) + ".eyJ" + TestSecrets.random(20, seed: UInt64(n + 2)) + "." + TestSecrets.random(12, seed: UInt64(n + 3)))
                }
            }
            var data = Data(lines.joined(separator: file % 3 == 0 ? "\r\n" : "\n").utf8)
            if file % 5 == 0 { data.insert(0xFF, at: data.count / 2) }  // invalid UTF-8: the whole-file path
            let a = fast.scan(path: "/f\(file).txt", data: data).map { "\($0.ruleID) \($0.line):\($0.column) \($0.match)" }
            let b = slow.scan(path: "/f\(file).txt", data: data).map { "\($0.ruleID) \($0.line):\($0.column) \($0.match)" }
            #expect(a == b, "file \(file)")
            total += b.count
        }
        #expect(total > 500, "the corpus must make the rules fire: \(total)")
    }
}
