public import Foundation

/// An image's freshness grade, A (fresh) to F (stale), in the style of Red Hat's Container
/// Health Index: the grade falls with the age of the oldest fix the image has not applied for a
/// Critical or Important (here: HIGH) vulnerability. Medium, low and unrated vulnerabilities never
/// lower it, whatever their age.
///
/// Thresholds (Red Hat, "Container Health Index grades as used inside the Red Hat Container
/// Catalog", https://access.redhat.com/articles/2803031; Japanese edition
/// https://access.redhat.com/ja/articles/5855541):
///
/// | grade | oldest unapplied Critical fix | oldest unapplied Important fix |
/// |---|---|---|
/// | A | none | none |
/// | B | at most 7 days | at most 30 days |
/// | C | at most 30 days | at most 90 days |
/// | D | at most 90 days | at most 12 months |
/// | E | at most 12 months | — |
/// | F | older than 12 months | older than 12 months |
///
/// A fix's age counts from the advisory's publication date (OSV `published`; the date the fix was
/// announced), to `now`. The image's own age (its config's `created`) is reported beside the grade.
public struct FreshnessGrade: Sendable, Codable, Hashable {
    public enum Letter: String, Sendable, Codable, Comparable, CaseIterable {
        case a = "A", b = "B", c = "C", d = "D", e = "E", f = "F"

        public static func < (lhs: Letter, rhs: Letter) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The fix that sets the grade.
    public struct Driver: Sendable, Codable, Hashable {
        public var id: String
        public var severity: Severity
        public var package: String
        public var installedVersion: String
        public var fixedVersions: [String]
        public var published: Date
        public var ageDays: Int
    }

    public var grade: Letter
    /// Why, in one sentence.
    public var reason: String
    /// The unapplied fix that sets the grade (none for A).
    public var driver: Driver?
    /// Fixable Critical and High findings counted.
    public var fixableCriticalOrHigh: Int
    /// Fixable Critical or High findings whose advisory has no publication date (not graded).
    public var undated: Int
    /// Fixable findings of unknown severity: they may hide Critical flaws, so the grade is a lower bound of staleness.
    public var fixableUnrated: Int
    /// The image's `created` time and age, when the config says.
    public var imageCreated: Date?
    public var imageAgeDays: Int?

    /// Age limits in days per grade (B, C, D, E); beyond the last: F.
    public static let criticalLimits: [(Letter, Int)] = [(.b, 7), (.c, 30), (.d, 90), (.e, 365)]
    public static let importantLimits: [(Letter, Int)] = [(.b, 30), (.c, 90), (.d, 365)]

    /// The grade for an age of `days` at `severity` (critical or high).
    public static func letter(severity: Severity, ageDays days: Int) -> Letter {
        let limits = severity == .critical ? criticalLimits : importantLimits
        return limits.first { days <= $0.1 }?.0 ?? .f
    }

    /// Grades the findings of one image. Suppressed findings (VEX, ignore file) do not count.
    public init(findings: [Finding], imageCreated: Date?, now: Date = Date()) {
        var worst: (Letter, Driver)?
        var counted = 0, undated = 0, unrated = 0
        for finding in findings where finding.suppressed == nil && !finding.fixedVersions.isEmpty {
            guard finding.severity == .critical || finding.severity == .high else {
                if finding.severity == .unknown { unrated += 1 }
                continue
            }
            counted += 1
            guard let published = finding.published else { undated += 1; continue }
            let days = max(0, Int(now.timeIntervalSince(published) / 86_400))
            let letter = Self.letter(severity: finding.severity, ageDays: days)
            let driver = Driver(id: finding.id, severity: finding.severity, package: finding.package.name,
                                installedVersion: finding.package.version, fixedVersions: finding.fixedVersions,
                                published: published, ageDays: days)
            // Worst grade first; on a tie the older fix, then the id, so the driver is stable.
            if let current = worst {
                let worse = letter > current.0
                    || (letter == current.0 && (days > current.1.ageDays || (days == current.1.ageDays && driver.id < current.1.id)))
                if !worse { continue }
            }
            worst = (letter, driver)
        }
        if let (letter, driver) = worst {
            grade = letter
            self.driver = driver
            let label = driver.severity == .critical ? "Critical" : "Important (HIGH)"
            reason = "oldest unapplied \(label) fix: \(driver.id) in \(driver.package) \(driver.installedVersion), published \(driver.ageDays) days ago (fixed in \(driver.fixedVersions.joined(separator: ", ")))"
        } else {
            grade = .a
            driver = nil
            reason = counted == 0 ? "no unapplied fix for a Critical or Important vulnerability" : "Critical or Important fixes without a publication date only"
        }
        fixableCriticalOrHigh = counted
        self.undated = undated
        fixableUnrated = unrated
        self.imageCreated = imageCreated
        imageAgeDays = imageCreated.map { max(0, Int(now.timeIntervalSince($0) / 86_400)) }
    }
}

extension FreshnessGrade: CustomStringConvertible {
    public var description: String {
        var text = "Freshness grade \(grade.rawValue): \(reason)"
        if let imageAgeDays { text += "; image built \(imageAgeDays) days ago" }
        if fixableUnrated > 0 { text += "; \(fixableUnrated) fixable vulnerabilities have no severity rating and are not graded" }
        return text
    }
}
