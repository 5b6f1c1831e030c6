import Foundation
import Testing
@testable import ImageChecks

struct SHA256BlocklistTests {
    @Test func blocklistedFileIsReported() throws {
        let content = Data("#!/bin/sh\necho dropper\n".utf8)
        let digest = MalwareDigest.sha256(content)
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let list = try MalwareTestSupport.write(
                "# incident 42\n\n\(String(repeating: "0", count: 64))  other\nsha256:\(digest.uppercased())  evil-dropper v2\n",
                "blocklist.txt", in: directory
            )
            let scanner = try MalwareScanner(configuration: MalwareConfiguration(blocklistPath: list.path, builtins: false))
            let finding = try #require(scanner.scan(path: "usr/bin/helper", data: content).first)
            #expect(finding.detector == .blocklist)
            #expect(finding.ruleID == "sha256-blocklist")
            #expect(finding.severity == .critical)
            #expect(finding.match == "evil-dropper v2")
            #expect(finding.sha256 == digest)
            #expect(finding.path == "/usr/bin/helper")
            #expect(scanner.scan(path: "/other", data: Data("clean".utf8)).isEmpty)
        }
    }

    @Test func sha256sumOutputParses() throws {
        let list = try SHA256Blocklist(text: "\(String(repeating: "ab", count: 32)) *tool.bin\n", fileName: "list")
        #expect(list.entries[String(repeating: "ab", count: 32)] == "tool.bin")
    }

    @Test func badLineNamesFileAndLine() throws {
        let text = "# header\n\(String(repeating: "a", count: 64))\nnot-a-digest  name\n"
        let error = try #require(throws: MalwareConfigurationError.self) {
            try SHA256Blocklist(text: text, fileName: "/etc/palisade/blocklist.txt")
        }
        #expect(error.code == .invalidBlocklistEntry)
        #expect(error.fileName == "/etc/palisade/blocklist.txt")
        #expect(error.line == 3)
        #expect(error.description.hasPrefix("/etc/palisade/blocklist.txt:3: "))
        #expect(error.description.contains("not-a-digest"))
    }

    @Test func shortDigestIsRejected() throws {
        let error = try #require(throws: MalwareConfigurationError.self) {
            try SHA256Blocklist(text: String(repeating: "a", count: 63), fileName: "list")
        }
        #expect(error.line == 1)
    }

    @Test func missingFileIsAnError() throws {
        let error = try #require(throws: MalwareConfigurationError.self) {
            try MalwareScanner(configuration: MalwareConfiguration(blocklistPath: "/nonexistent/blocklist.txt"))
        }
        #expect(error.code == .unreadableFile)
        #expect(error.fileName == "/nonexistent/blocklist.txt")
    }
}
