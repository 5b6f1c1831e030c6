import Foundation
import Testing
@testable import Vulnerabilities

/// The freshness grade against Red Hat's published Container Health Index thresholds
/// (see FreshnessGrade's documentation for the table and its source).
struct FreshnessGradeTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func finding(_ id: String, _ severity: Severity, ageDays: Int?, fixed: Bool = true, package: String = "openssl") -> Finding {
        var f = Finding(id: id, aliases: [], severity: severity, severitySource: "rating", cvss: [],
                        package: .init(type: "deb", name: package, version: "1.0", purl: "pkg:deb/debian/\(package)@1.0"),
                        fixedVersions: fixed ? ["1.1"] : [], status: fixed ? "fixed" : "affected", references: [], dataSources: [])
        f.published = ageDays.map { now.addingTimeInterval(-Double($0) * 86_400 - 60) }
        return f
    }

    /// Every boundary of the table: the last day of each grade and the first day of the next.
    @Test(arguments: [
        (Severity.critical, 0, "B"), (.critical, 7, "B"), (.critical, 8, "C"), (.critical, 30, "C"), (.critical, 31, "D"),
        (.critical, 90, "D"), (.critical, 91, "E"), (.critical, 365, "E"), (.critical, 366, "F"), (.critical, 4000, "F"),
        (.high, 0, "B"), (.high, 30, "B"), (.high, 31, "C"), (.high, 90, "C"), (.high, 91, "D"), (.high, 365, "D"),
        (.high, 366, "F"),
    ])
    func thresholds(severity: Severity, days: Int, expected: String) {
        let grade = FreshnessGrade(findings: [Self.finding("CVE-1", severity, ageDays: days)], imageCreated: nil, now: Self.now)
        #expect(grade.grade.rawValue == expected, "\(severity) fix \(days) days old")
        #expect(grade.driver?.ageDays == days)
    }

    @Test func onlyUnappliedCriticalAndImportantFixesCount() {
        let noise = [
            Self.finding("CVE-MED", .medium, ageDays: 3000),
            Self.finding("CVE-LOW", .low, ageDays: 3000),
            Self.finding("CVE-UNRATED", .unknown, ageDays: 3000),
            Self.finding("CVE-NOFIX", .critical, ageDays: 3000, fixed: false),
        ]
        var suppressed = Self.finding("CVE-VEX", .critical, ageDays: 3000)
        suppressed.suppressed = .init(kind: "vex", status: "not_affected", justification: nil, statement: nil, source: "v.json")
        let grade = FreshnessGrade(findings: noise + [suppressed], imageCreated: Self.now.addingTimeInterval(-86_400 * 10), now: Self.now)
        #expect(grade.grade == .a)
        #expect(grade.driver == nil)
        #expect(grade.fixableUnrated == 1)
        #expect(grade.imageAgeDays == 10)
    }

    @Test func theWorstFixSetsTheGradeAndTheOldestBreaksTies() {
        let grade = FreshnessGrade(findings: [
            Self.finding("CVE-A", .high, ageDays: 200),      // D
            Self.finding("CVE-B", .critical, ageDays: 100),  // E
            Self.finding("CVE-C", .critical, ageDays: 300),  // E, older
            Self.finding("CVE-D", .high, ageDays: 5),        // B
        ], imageCreated: nil, now: Self.now)
        #expect(grade.grade == .e)
        #expect(grade.driver?.id == "CVE-C")
        #expect(grade.fixableCriticalOrHigh == 4)
        #expect(grade.reason.contains("CVE-C"))
        let undated = FreshnessGrade(findings: [Self.finding("CVE-X", .critical, ageDays: nil)], imageCreated: nil, now: Self.now)
        #expect(undated.grade == .a && undated.undated == 1)
    }
}
