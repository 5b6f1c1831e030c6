import Foundation
import Testing
@testable import Vulnerabilities

/// CVSS scoring against an independent oracle (Red Hat's Python `cvss` library, through
/// Tests/Support/cvss_oracle.py) on real OSV vectors and seeded random ones, plus known scores.
@Suite struct CVSSOracleTests {
    /// Runs `python3 script args…` (no shell) with stdin from a file; returns stdout.
    static func python(_ script: String, _ arguments: [String] = [], stdin: URL? = nil) throws -> String {
        String(decoding: try OracleScript.run(script, arguments, input: stdin), as: UTF8.self)
    }

    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    @Test func matchesTheOracleOnEveryVector() throws {
        let vectorText = try Self.python("cvss_vectors.py", ["5000"])
        let vectors = Self.lines(vectorText)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-cvss-\(UUID().uuidString).txt")
        try Data(vectorText.utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let answers = Self.lines(try Self.python("cvss_oracle.py", stdin: input))
        try #require(answers.count == vectors.count, "the oracle answered \(answers.count) lines for \(vectors.count) vectors")

        var checked: [String: Int] = [:]
        var rejected = 0
        var mismatches: [String] = []
        for (vector, answer) in zip(vectors, answers) {
            let columns = answer.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.first == vector, columns.count == 2 || columns.count == 3 else {
                mismatches.append("oracle line \"\(answer)\" does not answer \"\(vector)\"")
                continue
            }
            let mine: Result<CVSSScore, CVSSError> = Result { () throws(CVSSError) in try CVSS.score(vector) }
            switch (mine, columns.count) {
            case (.success(let score), 3):
                checked[score.version, default: 0] += 1
                if Double(columns[1]) != score.baseScore || columns[2] != score.severity.rawValue {
                    mismatches.append("\(vector): oracle \(columns[1]) \(columns[2]), mine \(score.baseScore) \(score.severity.rawValue)")
                }
            case (.failure, 2) where columns[1] == "ERR":
                rejected += 1
            case (.success(let score), _):
                mismatches.append("\(vector): oracle rejects it, mine scores \(score.baseScore)")
            case (.failure(let error), _):
                mismatches.append("\(vector): oracle scores \(columns.dropFirst().joined(separator: " ")), mine throws \(error)")
            }
        }
        let mismatchCount = mismatches.count
        #expect(mismatchCount == 0, "first mismatches:\n\(mismatches.prefix(20).joined(separator: "\n"))")
        // Not vacuous: every version was scored on thousands of vectors, and malformed ones were rejected.
        #expect((checked["2.0"] ?? 0) >= 5000)
        #expect((checked["3.0"] ?? 0) >= 5000)
        #expect((checked["3.1"] ?? 0) >= 5000)
        #expect((checked["4.0"] ?? 0) >= 5000)
        #expect(rejected >= 40)
    }

    // MARK: - Known scores

    static let known: [(String, String, Double, Severity)] = [
        // CVE-2021-44228 (Log4Shell), NVD.
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "3.1", 10.0, Severity.critical),
        // CVE-2014-0160 (Heartbleed), NVD v3.1 and v2.
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "3.1", 7.5, .high),
        ("AV:N/AC:L/Au:N/C:P/I:N/A:N", "2.0", 5.0, .medium),
        ("(AV:N/AC:L/Au:N/C:C/I:C/A:C)", "2.0", 10.0, .high),
        ("CVSS:2.0/AV:L/AC:H/Au:M/C:N/I:N/A:P", "2.0", 0.8, .low),
        ("AV:N/AC:L/Au:N/C:N/I:N/A:N", "2.0", 0.0, .low),
        ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.0", 9.8, .critical),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", "3.1", 0.0, Severity.none),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:U/CR:L/MAV:P", "3.1", 9.8, .critical),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", "4.0", 10.0, .critical),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "4.0", 9.3, .critical),
        // FIRST CVSS v4.0 examples: CVE-2022-41741 (nginx).
        ("CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "4.0", 7.3, .high),
        // The reference calculator's own example (CVSS-BTE).
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A", "4.0", 8.7, .high),
        // Interpolated x.x5 ties one ULP short, rounded half up as the fixed calculator does
        // (cvss-v4-calculator issues #48 and #66): 8.549999… → 8.6, 0.35 → 0.4, 8.95 → 9.0.
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", "4.0", 8.6, .high),
        ("CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:U", "4.0", 0.4, .low),
        ("CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:H/E:P", "4.0", 9.0, .critical),
        // Every threat, environmental and supplemental metric (MSI:S/MSA:S: Safety).
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/E:P/CR:L/IR:L/AR:L/MAV:N/MAC:L/MAT:N/MPR:L/MUI:A/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:P/AU:Y/R:I/V:C/RE:H/U:Red",
         "4.0", 8.5, .high),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", "4.0", 0.0, Severity.none),
        ("  CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N/E:U\n", "4.0", 0.1, .low),
    ]

    @Test(arguments: known)
    func knownScores(vector: String, version: String, score: Double, severity: Severity) throws {
        let result = try CVSS.score(vector)
        #expect(result.version == version)
        #expect(result.baseScore == score)
        #expect(result.severity == severity)
        #expect(result.vector == vector.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func v3RoundupFunctions() {
        // CVSS v3.1 Appendix A: the integer-based Roundup is immune to floating-point artefacts.
        #expect(CVSS.roundUp31(4.000_000_000_000_001) == 4.0)
        #expect(CVSS.roundUp30(4.000_000_000_000_001) == 4.1)
        #expect(CVSS.roundUp31(4.02) == 4.1)
        #expect(CVSS.roundUp31(4.0) == 4.0)
        #expect(CVSS.roundUp30(4.02) == 4.1)
        #expect(CVSS4.roundHalfUp(8.45) == 8.4)  // 8.45 is 8.4499999999999993 in binary
        #expect(CVSS4.roundHalfUp(8.45 + 1e-6) == 8.5)
        #expect(CVSS4.roundHalfUp(0.25) == 0.3)
    }

    @Test func lookupTableIsComplete() {
        #expect(CVSS4.lookup.count == 270)
        #expect(CVSS4.lookup[000000] == 10.0)
        #expect(CVSS4.lookup[212221] == 0.1)
    }

    // MARK: - Malformed vectors

    static let malformed: [(String, String)] = [
        ("", "empty vector"),
        ("   ", "empty vector"),
        ("CVSS:3.1", "no metrics"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", "missing mandatory base metric A"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H", "missing mandatory base metrics S, A"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L", "duplicate metric AV"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/XX:N", "unknown CVSS v3 metric \"XX\""),
        ("CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "invalid value \"Q\" for metric AV"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", "empty metric field"),
        ("CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "malformed metric field \"AV:N:L\""),
        ("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "unsupported CVSS version \"3.2\""),
        ("cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "upper case"),
        ("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "needs its \"CVSS:3.x/\" prefix"),
        ("AV:N/AC:L/Au:N/C:P/I:P/A:X", "invalid value \"X\" for metric A"),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", "missing mandatory base metric SA"),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", "invalid value \"S\" for metric SI"),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MS:C", "unknown CVSS v4 metric \"MS\""),
        ("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/E:P", "duplicate metric E"),
    ]

    @Test(arguments: malformed)
    func malformedVectorsNameTheProblem(vector: String, problem: String) {
        do {
            let score = try CVSS.score(vector)
            Issue.record("\(vector) scored \(score.baseScore), expected an error about \(problem)")
        } catch {
            #expect(error.vector == vector)
            #expect(error.reason.contains(problem), "\(error.reason)")
            #expect(error.description.contains(problem))
        }
    }

    // MARK: - Severity

    @Test func severityFromScoreAndRating() {
        #expect(Severity(score: 0) == Severity.none)
        #expect(Severity(score: 0.1) == .low)
        #expect(Severity(score: 3.9) == .low)
        #expect(Severity(score: 4.0) == .medium)
        #expect(Severity(score: 6.9) == .medium)
        #expect(Severity(score: 7.0) == .high)
        #expect(Severity(score: 8.9) == .high)
        #expect(Severity(score: 9.0) == .critical)
        #expect(Severity(score: 10.0) == .critical)
        #expect(Severity(score: -1) == .unknown)
        #expect(Severity(score: .nan) == .unknown)
        #expect(Severity(rating: "Moderate") == .medium)
        #expect(Severity(rating: "IMPORTANT") == .high)
        #expect(Severity(rating: "negligible") == .low)
        #expect(Severity(rating: "Unimportant") == .low)
        #expect(Severity(rating: " critical ") == .critical)
        #expect(Severity(rating: "none") == Severity.none)
        #expect(Severity(rating: "whatever") == .unknown)
        #expect(Severity.allCases.sorted() == [Severity.unknown, .none, .low, .medium, .high, .critical])
        #expect(Severity.high > .medium)
    }
}
