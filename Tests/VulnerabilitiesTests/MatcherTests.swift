import Foundation
import Inventory
import Testing
@testable import Vulnerabilities

/// OSV semantics on small hand-made advisories, each case checked against the spec's rules, and the
/// hostile-input behaviour of the importer.
@Suite struct MatcherTests {
    static func database(_ advisories: [Advisory]) throws -> VulnerabilityDatabase {
        let dir = NSTemporaryDirectory() + "palisade-matcher-\(UUID().uuidString)"
        let db = try VulnerabilityDatabase(directory: dir, create: true)
        let source = SourceRecord(name: "test", origin: "test", etag: nil, lastModified: nil, updatedAt: Date(), advisories: advisories.count, skipped: 0)
        try db.replace([SourceBatch(source: source, advisories: advisories)])
        return db
    }

    static func pypi(_ name: String, _ version: String) -> Package {
        var p = Package(type: .pypi, name: name, version: version, path: "/x", foundBy: "test")
        p.purl = "pkg:pypi/\(name)@\(version)"
        return p
    }

    static func ids(_ db: VulnerabilityDatabase, _ packages: [Package], os: OperatingSystem? = nil) throws -> [String] {
        try Matcher(database: db).match(packages: packages, operatingSystem: os).findings.map(\.id)
    }

    static func range(_ events: [(RangeEvent.Kind, String)], type: String = "ECOSYSTEM") -> VersionRange {
        VersionRange(type: type, events: events.map { RangeEvent($0.0, $0.1) })
    }

    @Test func rangeEventsInVersionOrder() throws {
        // Events listed out of order still evaluate in version order; two introduced/fixed pairs.
        let adv = Advisory(id: "T-1", affected: [AffectedPackage(ecosystem: "PyPI", name: "Demo_Pkg", ranges: [
            Self.range([(.fixed, "2.0"), (.introduced, "1.5"), (.fixed, "1.2"), (.introduced, "0")]),
        ])])
        let db = try Self.database([adv])
        #expect(try Self.ids(db, [Self.pypi("demo-pkg", "1.0")]) == ["T-1"])   // PEP 503 name, 0 <= 1.0 < 1.2
        #expect(try Self.ids(db, [Self.pypi("demo-pkg", "1.3")]) == [])        // fixed at 1.2, re-introduced at 1.5
        #expect(try Self.ids(db, [Self.pypi("demo-pkg", "1.5")]) == ["T-1"])
        #expect(try Self.ids(db, [Self.pypi("demo-pkg", "2.0")]) == [])
    }

    @Test func lastAffectedAndLimit() throws {
        let db = try Self.database([
            Advisory(id: "L-1", affected: [AffectedPackage(ecosystem: "PyPI", name: "a", ranges: [Self.range([(.introduced, "1.0"), (.lastAffected, "1.4")])])]),
            Advisory(id: "M-1", affected: [AffectedPackage(ecosystem: "PyPI", name: "b", ranges: [Self.range([(.introduced, "0"), (.limit, "3.0")])])]),
            Advisory(id: "M-2", affected: [AffectedPackage(ecosystem: "PyPI", name: "c", ranges: [Self.range([(.introduced, "0"), (.limit, "1.0"), (.limit, "*")])])]),
        ])
        #expect(try Self.ids(db, [Self.pypi("a", "1.4")]) == ["L-1"])
        #expect(try Self.ids(db, [Self.pypi("a", "1.4.1")]) == [])
        #expect(try Self.ids(db, [Self.pypi("b", "2.9")]) == ["M-1"])
        #expect(try Self.ids(db, [Self.pypi("b", "3.0")]) == [])
        #expect(try Self.ids(db, [Self.pypi("c", "9.0")]) == ["M-2"])   // a `*` limit excludes nothing
    }

    @Test func aBadRangeDoesNotHideAGoodOne() throws {
        let db = try Self.database([Advisory(id: "B-1", affected: [AffectedPackage(ecosystem: "PyPI", name: "d", ranges: [
            Self.range([(.introduced, "0"), (.fixed, "not a version!")]),
            Self.range([(.introduced, "0"), (.fixed, "2.0")]),
        ])])])
        let result = try Matcher(database: db).match(packages: [Self.pypi("d", "1.0")], operatingSystem: nil)
        #expect(result.findings.map(\.id) == ["B-1"])
        #expect(result.advisoryWarnings.contains { $0.contains("B-1") }, "\(result.advisoryWarnings)")
    }

    @Test func unparsableVersionsAreReportedNotGuessed() throws {
        let db = try Self.database([Advisory(id: "U-1", affected: [AffectedPackage(ecosystem: "PyPI", name: "e", ranges: [Self.range([(.introduced, "0")])])])])
        let result = try Matcher(database: db).match(packages: [Self.pypi("e", "not-a-pep440-version")], operatingSystem: nil)
        #expect(result.findings.isEmpty)
        #expect(result.unparsedVersions.count == 1 && result.unparsedVersions[0].contains("pep440"))
    }

    @Test func aliasesMergeButMultiCVEAdvisoriesDoNotJoinCVEs() throws {
        let deb = { (name: String) in
            AffectedPackage(ecosystem: "Debian:12", name: name, ranges: [Self.range([(.introduced, "0"), (.fixed, "3.0.11-1")])])
        }
        let db = try Self.database([
            Advisory(id: "DSA-1", aliases: ["CVE-2023-0001", "CVE-2023-0002"], affected: [deb("openssl")]),
            Advisory(id: "CVE-2023-0001", affected: [deb("openssl")]),
            Advisory(id: "CVE-2023-0002", affected: [deb("openssl")]),
            Advisory(id: "DEBIAN-CVE-2023-0003", aliases: ["CVE-2023-0003"], affected: [deb("openssl")]),
            Advisory(id: "CVE-2023-0003", affected: [deb("openssl")]),
        ])
        var libssl = Package(type: .deb, name: "libssl3", version: "3.0.9-1", sourceName: "openssl", sourceVersion: "3.0.9-1", path: "/var/lib/dpkg/status", foundBy: "test")
        libssl.purl = "pkg:deb/debian/libssl3@3.0.9-1"
        let os = OperatingSystem(id: "debian", versionID: "12", prettyName: nil, codename: "bookworm")
        let findings = try Matcher(database: db).match(packages: [libssl], operatingSystem: os).findings
        #expect(Set(findings.map(\.id)) == ["DSA-1", "CVE-2023-0001", "CVE-2023-0002", "CVE-2023-0003"])
        #expect(findings.first { $0.id == "CVE-2023-0003" }?.aliases == ["DEBIAN-CVE-2023-0003"])
        // Another release's data does not apply.
        let bullseye = OperatingSystem(id: "debian", versionID: "11", prettyName: nil, codename: "bullseye")
        #expect(try Matcher(database: db).match(packages: [libssl], operatingSystem: bullseye).findings.isEmpty)
    }

    @Test func yamlAliasBombIsRefused() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...12 { yaml += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1)]\n" }
        yaml += "id: BOMB-1\n"
        #expect(throws: AdvisoryFormatError.self) {
            _ = try OSVParser.parse(yaml: Data(yaml.utf8), source: "bomb.yaml")
        }
    }

    @Test func yamlVersionsStayStrings() throws {
        let yaml = "id: Y-1\nmodified: 2024-01-01T00:00:00Z\naffected:\n  - package: {ecosystem: PyPI, name: f}\n    ranges:\n      - type: ECOSYSTEM\n        events: [{introduced: 0}, {fixed: 1.10}]\n"
        let adv = try OSVParser.parse(yaml: Data(yaml.utf8), source: "y.yaml")
        #expect(adv.affected[0].ranges[0].events.map(\.version) == ["0", "1.10"])
        #expect(adv.modified != nil)
    }

    @Test func devicesAndFIFOsAreNotRead() throws {
        #expect(throws: AdvisoryFormatError.self) { _ = try BoundedFile.read("/dev/zero", limit: 1 << 20) }
        #expect(throws: AdvisoryFormatError.self) { _ = try AdvisoryImporter().read(paths: ["/dev/zero"]) }
    }

    @Test func ignoreFileWithCRLFAndScopedPurls() throws {
        let path = NSTemporaryDirectory() + "ignore-\(UUID().uuidString)"
        try "CVE-1 # one\r\nCVE-2\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        let rules = try IgnoreRule.load(path: path)
        #expect(rules.map(\.id) == ["CVE-1", "CVE-2"])
        #expect(PurlMatch.matches(rule: "pkg:npm/@babel/core", package: "pkg:npm/%40babel/core@7.0.0"))
        #expect(PurlMatch.matches(rule: "pkg:npm/@babel/core", package: "pkg:npm/@babel/core@7.0.0"))
        #expect(!PurlMatch.matches(rule: "pkg:npm/@babel/core@7.1.0", package: "pkg:npm/@babel/core@7.0.0"))
        #expect(PurlMatch.matches(rule: "pkg:pypi/Django", package: "pkg:pypi/django@2.2"))
    }

    @Test func newestVEXStatementWinsAndImageProductsMustNameTheTarget() throws {
        func finding(_ id: String) -> Finding {
            Finding(id: id, aliases: [], severity: .high, severitySource: "cvss", cvss: [],
                    package: .init(type: "pypi", name: "requests", version: "2.19.1", purl: "pkg:pypi/requests@2.19.1"),
                    fixedVersions: [], status: "affected", references: [], dataSources: [])
        }
        func statement(_ status: VEXStatement.Status, _ date: String, products: [String], sub: [String] = []) -> VEXStatement {
            VEXStatement(vulnerability: ["CVE-9"], products: products, subcomponents: sub, status: status,
                         justification: "component_not_present", timestamp: RFC3339.parse(date), document: "v.json")
        }
        var filter = FindingFilter()
        filter.target = ["oci:/x:app", "sha256:abc"]
        filter.vex = [statement(.notAffected, "2023-01-01T00:00:00Z", products: ["pkg:pypi/requests"]),
                      statement(.affected, "2024-01-01T00:00:00Z", products: ["pkg:pypi/requests"])]
        #expect(filter.apply([finding("CVE-9")]).reported.count == 1)
        filter.vex = [statement(.notAffected, "2023-01-01T00:00:00Z", products: ["pkg:oci/other@sha256%3Adef"])]
        #expect(filter.apply([finding("CVE-9")]).reported.count == 1)
        filter.vex = [statement(.notAffected, "2023-01-01T00:00:00Z", products: ["pkg:oci/app@sha256%3Aabc"], sub: ["pkg:pypi/requests"])]
        #expect(filter.apply([finding("CVE-9")]).suppressed.count == 1)
    }
}
