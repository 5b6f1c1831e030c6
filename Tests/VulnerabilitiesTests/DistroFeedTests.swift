import Foundation
import Testing
import Yams
@testable import Vulnerabilities

// Distribution feeds (DistroFeeds.swift) against the real snapshots in shared/fixtures/advisories
// (Debian security tracker 2023-04-02, Alpine secdb 2020-06-08), read in place, never copied.
// Expected counts are computed in the test by a route independent of the parser (a plain line or
// text scan) wherever possible; the hard-coded numbers were obtained with a separate Python scan
// of the same files and are noted as such.

private let projectRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
private let advisoryFixtures = projectRoot.appendingPathComponent("../shared/fixtures/advisories").standardizedFileURL

private func fixtureText(_ relative: String) throws -> String {
    try String(contentsOf: advisoryFixtures.appendingPathComponent(relative), encoding: .utf8)
}

private func events(_ package: AffectedPackage) -> [String] {
    package.ranges.flatMap { range in range.events.map { "\($0.kind.rawValue) \($0.version)" } }
}

private func advisory(_ id: String, in result: DistroImport) throws -> Advisory {
    try #require(result.advisories.first { $0.id == id }, "\(id) missing")
}

// MARK: - Oracles: plain scans of the list text

/// Entry headers: lines starting `[` followed by a digit (the date), in column 0.
private func headerCount(_ text: String) -> Int {
    text.split(separator: "\n").filter { $0.hasPrefix("[") && $0.dropFirst().first?.isNumber == true }.count
}

/// `[codename] - …` lines that are not `<not-affected>`, whatever their indentation.
private func releaseLineCount(_ text: String, codename: String) -> Int {
    text.split(separator: "\n").filter { line in
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("[\(codename)] - ") && !trimmed.contains("<not-affected>")
    }.count
}

@Suite("Debian DSA/DLA lists")
struct DebianSecurityListTests {
    @Test func dsaListCountsMatchALineScan() throws {
        let text = try fixtureText("debian-tracker-2023-04/DSA-list")
        let result = try DebianSecurityList.parse(text, source: "DSA-list", kind: "DSA")

        // Every header becomes an advisory, including announcements without packages (5406 headers).
        #expect(result.advisories.count == headerCount(text))
        #expect(result.advisories.count == 5406)

        // One affected entry per release line; the single malformed line (woody, version missing:
        // `[woody] - kernel-image-2.4.17-ia64 kernel-image-2.4.17-ia64`, DSA-423) is the only skip.
        #expect(result.skipped == 1)
        #expect(result.warnings.count == 1 && result.warnings[0].contains("DSA-list:17244"))
        var perEcosystem: [String: Int] = [:]
        for advisory in result.advisories {
            for package in advisory.affected { perEcosystem[package.ecosystem, default: 0] += 1 }
        }
        for (codename, version) in DebianReleases.ordered {
            let expected = releaseLineCount(text, codename: codename) - (codename == "woody" ? 1 : 0)
            #expect(perEcosystem["Debian:\(version)", default: 0] == expected, "\(codename)")
        }
        // The same, as counted by a Python scan of the file (lines per release minus <not-affected>):
        #expect(perEcosystem["Debian:11"] == 410)
        #expect(perEcosystem["Debian:10"] == 623)
        #expect(perEcosystem["Debian:3.0"] == 805)
        #expect(perEcosystem.values.reduce(0, +) == 6932)
    }

    @Test func dsaSpotChecks() throws {
        let result = try DebianSecurityList.parse(try fixtureText("debian-tracker-2023-04/DSA-list"), source: "DSA-list", kind: "DSA")

        // [29 Mar 2023] DSA-5380-1 xorg-server - security update / {CVE-2023-1393} / [bullseye] - xorg-server 2:1.20.11-1+deb11u6
        let xorg = try advisory("DSA-5380-1", in: result)
        #expect(xorg.summary == "xorg-server - security update")
        #expect(xorg.aliases == ["CVE-2023-1393"])
        #expect(xorg.published.map(RFC3339.format) == "2023-03-29T00:00:00Z")
        #expect(xorg.affected.count == 1)
        #expect(xorg.affected.first?.ecosystem == "Debian:11")
        #expect(xorg.affected.first?.name == "xorg-server")
        #expect(xorg.affected.first.map(events) == ["introduced 0", "fixed 2:1.20.11-1+deb11u6"])
        #expect(xorg.affected.first?.ranges.first?.type == "ECOSYSTEM")

        // Two source packages in one advisory.
        let shib = try advisory("DSA-1895-2", in: result)
        #expect(shib.affected.map(\.name) == ["opensaml2", "shibboleth-sp2"])
        #expect(shib.affected.allSatisfy { $0.ecosystem == "Debian:5" })

        // [woody] - phpmyadmin <unfixed> then [sarge] - phpmyadmin 4:2.6.2-3sarge1.
        let pma = try advisory("DSA-880-1", in: result)
        #expect(pma.affected.map(\.ecosystem) == ["Debian:3.0", "Debian:3.1"])
        #expect(pma.affected.map(events) == [["introduced 0"], ["introduced 0", "fixed 4:2.6.2-3sarge1"]])

        // [jessie] - virtualbox <end-of-life>: affected, no fix, rated end-of-life.
        let vbox = try advisory("DSA-3699-1", in: result)
        #expect(vbox.affected.first.map(events) == ["introduced 0"])
        #expect(vbox.affected.first?.rating == "end-of-life")
        #expect(vbox.aliases.isEmpty)

        // Old id without revision, two spaces before the version.
        let gps = try advisory("DSA-307", in: result)
        #expect(gps.affected.first.map(events) == ["introduced 0", "fixed 0.9.4-1woody1"])
        #expect(gps.aliases == ["CVE-2003-0361", "CVE-2003-0360", "CVE-2003-0362"])

        // `[sarge] - mozilla-firefox 1.0.4-2sarge4 (medium; bug #327452)`: urgency from the annotation.
        let firefox = try advisory("DSA-837-1", in: result)
        #expect(firefox.affected.first?.rating == "medium")
        #expect(firefox.affected.first.map(events) == ["introduced 0", "fixed 1.0.4-2sarge4"])

        // Announcements keep their header; NOTE lines (even `NOTE: [etch] - clamav <end-of-life>`) are comments.
        let keyNotice = try advisory("DSA-3281-1", in: result)
        #expect(keyNotice.summary == "Debian Security Team PGP/GPG key change notice")
        #expect(keyNotice.affected.isEmpty)
        #expect(try advisory("DSA-1906-1", in: result).affected.isEmpty)
    }

    @Test func notAffectedLinesLeaveNoEntry() throws {
        let text = try fixtureText("debian-tracker-2023-04/DSA-list")
        let result = try DebianSecurityList.parse(text, source: "DSA-list", kind: "DSA")
        // Find, by scanning the text, an entry whose only release line is <not-affected> for some release,
        // and check that release is absent from the advisory.
        var currentID: Substring?
        var checked = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("["), line.dropFirst().first?.isNumber == true {
                currentID = line.split(separator: " ").dropFirst(3).first
                continue
            }
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.hasPrefix("["), trimmed.contains("<not-affected>"), let id = currentID,
                  let codename = trimmed.dropFirst().split(separator: "]").first,
                  let package = trimmed.split(separator: " ").dropFirst(2).first,
                  let version = DebianReleases.version(codename: String(codename)) else { continue }
            let parsed = try advisory(String(id), in: result)
            #expect(!parsed.affected.contains { $0.ecosystem == "Debian:\(version)" && $0.name == package }, "\(id) \(codename) \(package)")
            checked += 1
        }
        #expect(checked == 55)  // `grep -c "<not-affected>" DSA-list` (none of them in a NOTE line)
    }

    @Test func dlaList() throws {
        let text = try fixtureText("debian-tracker-2023-04/DLA-list")
        let result = try DebianSecurityList.parse(text, source: "DLA-list", kind: "DLA")
        #expect(result.advisories.count == headerCount(text))
        #expect(result.advisories.count == 3534)  // Python scan
        #expect(result.skipped == 0)
        let buster = result.advisories.flatMap(\.affected).filter { $0.ecosystem == "Debian:10" }.count
        #expect(buster == releaseLineCount(text, codename: "buster"))
        #expect(buster == 322)  // Python scan

        let xorg = try advisory("DLA-3372-1", in: result)
        #expect(xorg.aliases == ["CVE-2023-1393"])
        #expect(xorg.affected.first?.ecosystem == "Debian:10")
        #expect(xorg.affected.first.map(events) == ["introduced 0", "fixed 2:1.20.4-1+deb10u9"])
        // A second revision of an old DLA, published later.
        let joblib = try advisory("DLA-3193-2", in: result)
        #expect(joblib.published.map(RFC3339.format) == "2023-03-30T00:00:00Z")
        #expect(joblib.affected.first.map(events) == ["introduced 0", "fixed 0.13.0-2+deb10u2"])
    }

    @Test func wrongKindSkipsEveryEntry() throws {
        let text = try fixtureText("debian-tracker-2023-04/DLA-list")
        let result = try DebianSecurityList.parse(text, source: "DLA-list", kind: "DSA")
        #expect(result.advisories.isEmpty)
        #expect(result.skipped == headerCount(text))
    }

    @Test func markersUnknownReleasesAndMalformedLines() throws {
        let text = """
        stray line before any entry
        [02 Apr 2023] DSA-9999-1 demo - security update\r
        \t{CVE-2023-0001  CVE-2023-0002 }
        \t[bookworm] - demo 1.0-1+deb12u1\r
        \t[bullseye] - demo <no-dsa> (Minor issue)
        \t[buster] - demo <not-affected> (Vulnerable code not present)
        \t[stretch] - demo <ignored>
        \t[jessie] - demo <removed>
        \t[sid] - demo 1.0-2
        \t[experimental] - demo 1.0-3
        \t[wheezy] - demo <frobnicated>
        \t[squeeze] - demo
        \tNOTE: [lenny] - demo <end-of-life>
        \t[trixie] - demo 1.0-2 (high)
        [31 Feb 2023] DSA-9998 an impossible date is no header (a malformed line of the entry above)
        [3 Jan 2005] DSA-9997 single-digit day
        \t[sarge] - other 1.2-3sarge1 trailing words
        """
        let result = try DebianSecurityList.parse(text, source: "t", kind: "DSA")
        #expect(result.advisories.map(\.id) == ["DSA-9997", "DSA-9999-1"])
        let demo = try advisory("DSA-9999-1", in: result)
        #expect(demo.aliases == ["CVE-2023-0001", "CVE-2023-0002"])
        #expect(demo.summary == "demo - security update")
        #expect(demo.affected.map(\.ecosystem) == ["Debian:12", "Debian:11", "Debian:9", "Debian:13"])
        #expect(demo.affected.map(events) == [["introduced 0", "fixed 1.0-1+deb12u1"], ["introduced 0"], ["introduced 0"],
                                              ["introduced 0", "fixed 1.0-2"]])
        #expect(demo.affected.last?.rating == "high")
        // Skipped: the stray line, sid, experimental, <frobnicated>, the version-less squeeze line, `[31 Feb 2023] …`.
        let odd = try advisory("DSA-9997", in: result)
        #expect(odd.published.map(RFC3339.format) == "2005-01-03T00:00:00Z")
        #expect(odd.affected.first.map(events) == ["introduced 0", "fixed 1.2-3sarge1"])
        #expect(result.skipped == 6)
        #expect(result.warnings.contains { $0.contains("'sid'") })
        #expect(result.warnings.contains { $0.contains("<frobnicated>") })
        #expect(result.warnings.contains { $0.contains("trailing words") })
    }

    @Test func notAListThrows() {
        #expect(throws: AdvisoryFormatError.self) {
            _ = try DebianSecurityList.parse("{\"id\": \"GHSA-1\"}\n", source: "x.json", kind: "DSA")
        }
        #expect(throws: Never.self) {
            let empty = try DebianSecurityList.parse("\n\n", source: "empty", kind: "DSA")
            #expect(empty.advisories.isEmpty)
        }
    }
}

// MARK: - Tracker JSON

@Suite("Debian tracker JSON")
struct DebianTrackerJSONTests {
    static let sampleURL = projectRoot.appendingPathComponent("Tests/VulnerabilitiesTests/Fixtures/debian-tracker-sample.json")

    @Test func sampleConvertsPerCVE() throws {
        let data = try Data(contentsOf: Self.sampleURL)
        let result = try DebianTrackerJSON.parse(json: data, source: "sample")

        // Oracle, walking the raw tree: (package, issue, release) triples for a numbered release that are
        // not "resolved" with fixed_version "0"; issues with at least one such triple; sid entries.
        let tree = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: [String: Any]]])
        var triples = 0, sid = 0
        var affectedIDs = Set<String>()
        for (_, issues) in tree {
            for (id, issue) in issues {
                for (codename, release) in try #require(issue["releases"] as? [String: [String: Any]]) {
                    if codename == "sid" { sid += 1; continue }
                    if release["status"] as? String == "resolved" && release["fixed_version"] as? String == "0" { continue }
                    triples += 1
                    affectedIDs.insert(id)
                }
            }
        }
        #expect(result.advisories.map(\.id) == affectedIDs.sorted())
        #expect(result.advisories.count == 10)
        #expect(result.advisories.reduce(0) { $0 + $1.affected.count } == triples)
        #expect(result.skipped == sid)
        #expect(result.skipped == 12)

        // Not affected anywhere → no advisory.
        #expect(!result.advisories.contains { $0.id == "CVE-2007-6755" })

        // Merged across packages: libwebp and chromium.
        let webp = try advisory("CVE-2023-4863", in: result)
        #expect(Set(webp.affected.map(\.name)) == ["libwebp", "chromium"])
        let chromiumBuster = try #require(webp.affected.first { $0.name == "chromium" && $0.ecosystem == "Debian:10" })
        #expect(events(chromiumBuster) == ["introduced 0"])
        #expect(chromiumBuster.rating == "end-of-life")
        let libwebp12 = try #require(webp.affected.first { $0.name == "libwebp" && $0.ecosystem == "Debian:12" })
        #expect(events(libwebp12) == ["introduced 0", "fixed 1.2.4-0.2+deb12u1"])

        // resolved "0" in bullseye, fixed in bookworm; debianbug → reference.
        let looney = try advisory("CVE-2023-4911", in: result)
        #expect(looney.affected.map(\.ecosystem) == ["Debian:12", "Debian:13"])
        #expect(looney.affected.first.map(events) == ["introduced 0", "fixed 2.36-9+deb12u3"])
        #expect(looney.references.contains { $0.url == "https://bugs.debian.org/1053217" })
        #expect(looney.summary?.hasPrefix("A buffer overflow was discovered") == true)

        // open (no-dsa) and undetermined → no fix; urgency → rating.
        let minizip = try advisory("CVE-2023-45853", in: result)
        #expect(minizip.affected.map(\.ecosystem) == ["Debian:11", "Debian:12", "Debian:13"])
        #expect(minizip.affected.allSatisfy { events($0) == ["introduced 0"] })
        #expect(try advisory("CVE-2023-38545", in: result).affected.map(\.rating) == ["high"])
        #expect(try advisory("TEMP-0000000-A2AC6A", in: result).affected.map(\.ecosystem) == ["Debian:12"])
    }

    @Test func malformedPartsAreSkipped() throws {
        let releases: [String: Any] = [
            "bookworm": ["status": "resolved"],                           // no fixed_version
            "bullseye": ["status": "fixed", "fixed_version": "1.0-1"],   // unknown status
            "buster": ["status": "resolved", "fixed_version": "1.0-1"],
            "forky": "open",                                              // not an object
        ]
        let issues: [String: Any] = [
            "CVE-2024-0001": ["description": "d", "releases": releases] as [String: Any],
            "CVE-2024-0002": "not an object",
        ]
        let object: [String: Any] = ["pkg": issues, "other": 42]
        let result = try DebianTrackerJSON.parse(object, source: "t")
        #expect(result.advisories.map(\.id) == ["CVE-2024-0001"])
        #expect(result.advisories.first?.affected.map(\.ecosystem) == ["Debian:10"])
        #expect(result.skipped == 5)
        #expect(throws: AdvisoryFormatError.self) { _ = try DebianTrackerJSON.parse(["a", "b"], source: "t") }
        #expect(throws: AdvisoryFormatError.self) { _ = try DebianTrackerJSON.parse(["id": "GHSA-1"], source: "t") }
        #expect(throws: AdvisoryFormatError.self) { _ = try DebianTrackerJSON.parse(json: Data("{".utf8), source: "t") }
    }
}

// MARK: - Alpine secdb

@Suite("Alpine secdb")
struct AlpineSecDBTests {
    static let releases = ["v3.3", "v3.4", "v3.5", "v3.6", "v3.7", "v3.8", "v3.9", "v3.10", "v3.11"]

    private func load(_ relative: String) throws -> (text: String, result: DistroImport) {
        let text = try fixtureText(relative)
        let object = try #require(try Yams.load(yaml: text))
        return (text, try AlpineSecDB.parse(object, source: relative))
    }

    /// CVE ids in the raw text (any `CVE-`, `CVE_`, `CVE ` spelling), leaving out those listed only under
    /// a `"0":` (never affected) version key.
    private func cveOracle(_ text: String) throws -> Set<String> {
        let pattern = try NSRegularExpression(pattern: "CVE[-_ ]([0-9]{4})-([0-9]{4,})")
        var inZero = false
        var ids = Set<String>()
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasSuffix(":") && !trimmed.hasPrefix("-") { inZero = trimmed == "\"0\":" || trimmed == "0:" || trimmed == "'0':" }
            if inZero { continue }
            let s = String(line)
            for m in pattern.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
                let ns = s as NSString
                ids.insert("CVE-\(ns.substring(with: m.range(at: 1)))-\(ns.substring(with: m.range(at: 2)))")
            }
        }
        return ids
    }

    @Test(arguments: releases)
    func everyFileMatchesATextScan(release: String) throws {
        for repo in ["main", "community"] {
            let (text, result) = try load("alpine-secdb-2020/\(release)/\(repo).yaml")
            #expect(result.skipped == 0, "\(release)/\(repo)")
            #expect(Set(result.advisories.filter { $0.id.hasPrefix("CVE-") }.map(\.id)) == (try cveOracle(text)), "\(release)/\(repo)")
            #expect(result.advisories.allSatisfy { $0.affected.allSatisfy { $0.ecosystem == "Alpine:\(release)" } })
            #expect(result.advisories.allSatisfy { !$0.affected.isEmpty })
        }
    }

    @Test func countsPerFile() throws {
        // Advisories per file (CVE ids plus XSA/ZBX/wnpa ids listed without a CVE), from a Python scan.
        let expected: [String: Int] = [
            "v3.3/main": 458, "v3.3/community": 0, "v3.4/main": 666, "v3.4/community": 14,
            "v3.8/main": 1084, "v3.10/main": 1110, "v3.10/community": 692, "v3.11/main": 1123, "v3.11/community": 829,
        ]
        for (file, count) in expected {
            #expect(try load("alpine-secdb-2020/\(file).yaml").result.advisories.count == count, "\(file)")
        }
    }

    @Test func spotChecks() throws {
        let main = try load("alpine-secdb-2020/v3.10/main.yaml").result
        // ansible: 2.8.4-r0: [CVE-2019-10206, CVE-2019-10217]
        let ansible = try advisory("CVE-2019-10206", in: main)
        #expect(ansible.affected.count == 1)
        #expect(ansible.affected.first?.ecosystem == "Alpine:v3.10")
        #expect(ansible.affected.first?.name == "ansible")
        #expect(ansible.affected.first.map(events) == ["introduced 0", "fixed 2.8.4-r0"])
        // xen 4.11.1-r0: `CVE-2018-3620   XSA-273` → the CVE, XSA as alias.
        let l1tf = try advisory("CVE-2018-3620", in: main)
        #expect(l1tf.aliases == ["XSA-273"])
        #expect(l1tf.affected.first?.name == "xen")
        #expect(l1tf.affected.first.map(events) == ["introduced 0", "fixed 4.11.1-r0"])
        // A bare XSA is an advisory of its own.
        #expect(try advisory("XSA-207", in: main).affected.first?.name == "xen")
        // rsync: CVE-2017-17434-1 and -2 → CVE-2017-17434.
        #expect(try advisory("CVE-2017-17434", in: main).affected.first?.name == "rsync")
        // tcpdump: `CVE-2018-14462 (ICMP)`.
        #expect(try advisory("CVE-2018-14462", in: main).affected.first.map(events) == ["introduced 0", "fixed 4.9.3-r0"])
        // busybox lists CVE-2019-5747 under 1.30.1-r2 and 1.29.3-r10: one package, two ranges (their union).
        let busybox = try advisory("CVE-2019-5747", in: main)
        #expect(busybox.affected.count == 1)
        #expect(busybox.affected.first?.ranges.count == 2)

        // community: `CVE_2019-2426` spelled with an underscore.
        let community = try load("alpine-secdb-2020/v3.10/community.yaml").result
        #expect(community.advisories.contains { $0.id == "CVE-2019-2426" })

        // v3.8 main: db lists Oracle BDB CVEs under "0" (never affected).
        let v38 = try load("alpine-secdb-2020/v3.8/main.yaml").result
        #expect(!v38.advisories.contains { $0.id == "CVE-2016-0682" })
    }

    @Test func numericVersionKeysAndOddEntries() throws {
        let yaml = """
        distroversion: v3.99
        packages:
          - pkg:
              name: demo
              secfixes:
                0:
                  - CVE-2020-0001
                1.10:
                  - CVE-2020-0002 CVE-2020-0003
                1.2.3-r1:
                  - CVE ????-????? XSA-9
                  - cve-2020-0004.patch
                  - "CVE-2017-5753 CVE-2017-5715 XSA-254 XPTI"
                  - (only a comment)
                1.2.4-r0:
          - pkg:
              name: nofixes
          - notapkg: 1
        """
        let object = try #require(try Yams.load(yaml: yaml))
        let result = try AlpineSecDB.parse(object, source: "inline")
        #expect(result.advisories.map(\.id) == ["CVE-2017-5715", "CVE-2017-5753", "CVE-2020-0002", "CVE-2020-0003", "CVE-2020-0004", "XSA-9"])
        // Yams keeps keys as written: `1.10` is not the number 1.1.
        #expect(try advisory("CVE-2020-0002", in: result).affected.first.map(events) == ["introduced 0", "fixed 1.10"])
        #expect(try advisory("CVE-2017-5715", in: result).aliases == ["XSA-254"])
        #expect(result.skipped == 2)  // `(only a comment)` and the item without pkg
        #expect(result.advisories.allSatisfy { $0.affected.first?.ecosystem == "Alpine:v3.99" })
    }

    @Test func numberKeysFromOtherDecoders() throws {
        // A decoder that turns keys into numbers (Yams 6 does not): Int 0 is "never affected", a Double
        // is used as printed and warned about.
        let secfixes: [AnyHashable: Any] = [AnyHashable(0): ["CVE-2020-0001"], AnyHashable(2.8): ["CVE-2020-0002"], AnyHashable("1.0-r1"): NSNull()]
        let pkg: [String: Any] = ["name": "demo", "secfixes": secfixes]
        let object: [String: Any] = ["distroversion": 3.12, "packages": [["pkg": pkg] as [String: Any]]]
        let result = try AlpineSecDB.parse(object, source: "numbers")
        #expect(result.advisories.map(\.id) == ["CVE-2020-0002"])
        #expect(result.advisories.first?.affected.first?.ecosystem == "Alpine:v3.12")
        #expect(result.advisories.first?.affected.first.map(events) == ["introduced 0", "fixed 2.8"])
        #expect(result.warnings.count == 2)
        #expect(result.skipped == 0)
    }

    @Test func idsInEntry() {
        #expect(AlpineSecDB.ids(inEntry: "CVE-2019-1234 CVE-2019-5678").primary == ["CVE-2019-1234", "CVE-2019-5678"])
        #expect(AlpineSecDB.ids(inEntry: "CVE-2017-8904 XSA-214") == (["CVE-2017-8904"], ["XSA-214"]))
        #expect(AlpineSecDB.ids(inEntry: "CVE-2017-14450 TALOS-2017-0499") == (["CVE-2017-14450"], ["TALOS-2017-0499"]))
        #expect(AlpineSecDB.ids(inEntry: "CVE 2018-16859").primary == ["CVE-2018-16859"])
        #expect(AlpineSecDB.ids(inEntry: " CVE-2016-6263").primary == ["CVE-2016-6263"])
        #expect(AlpineSecDB.ids(inEntry: "CVE-2018-10105 (SMB - too unreliably reproduced, SMB printing disabled)") == (["CVE-2018-10105"], []))
        #expect(AlpineSecDB.ids(inEntry: "CVE-????-?????  XSA-295") == (["XSA-295"], []))
        #expect(AlpineSecDB.ids(inEntry: "wnpa-sec-2017-21").primary == ["wnpa-sec-2017-21"])
        #expect(AlpineSecDB.ids(inEntry: "ZBX-11023").primary == ["ZBX-11023"])
        #expect(AlpineSecDB.ids(inEntry: "CVE-2017-2616 (+ regression fix)").primary == ["CVE-2017-2616"])
        #expect(AlpineSecDB.ids(inEntry: "no ids here").primary.isEmpty)
    }

    @Test func notSecDBThrows() {
        #expect(throws: AdvisoryFormatError.self) { _ = try AlpineSecDB.parse(["id": "GHSA-1"], source: "t") }
        #expect(throws: AdvisoryFormatError.self) { _ = try AlpineSecDB.parse([1, 2], source: "t") }
        #expect(throws: AdvisoryFormatError.self) { _ = try AlpineSecDB.parse(["distroversion": "v3.1", "packages": "x"], source: "t") }
    }
}

// MARK: - Detection

@Suite("Feed detection")
struct FeedDetectorTests {
    private func prefix(_ relative: String) throws -> Data {
        try Data(contentsOf: advisoryFixtures.appendingPathComponent(relative)).prefix(FeedDetector.suggestedPrefixLength)
    }

    @Test func fixtures() throws {
        let dsa = try prefix("debian-tracker-2023-04/DSA-list")
        #expect(FeedDetector.kind(fileName: "DSA-list", prefix: dsa) == .debianList)
        #expect(FeedDetector.kind(fileName: "data/DLA/list", prefix: Data()) == .debianList)
        #expect(FeedDetector.kind(fileName: "list", prefix: dsa) == .debianList)  // by content
        #expect(FeedDetector.kind(fileName: "main.yaml", prefix: try prefix("alpine-secdb-2020/v3.10/main.yaml")) == .alpineSecDB)
        let sample = try Data(contentsOf: DebianTrackerJSONTests.sampleURL).prefix(FeedDetector.suggestedPrefixLength)
        #expect(FeedDetector.kind(fileName: "json", prefix: sample) == .debianTrackerJSON)
        #expect(FeedDetector.kind(fileName: "tracker.json", prefix: sample) == .debianTrackerJSON)
    }

    @Test func inline() {
        func kind(_ name: String, _ text: String) -> FeedKind? { FeedDetector.kind(fileName: name, prefix: Data(text.utf8)) }
        #expect(kind("GHSA-1.json", #"{"schema_version": "1.4.0", "id": "GHSA-1"}"#) == .osvJSON)
        #expect(kind("GO-1.json", "\u{FEFF}\n {\"id\":\"GO-2020-0001\",\"modified\":\"…\"}") == .osvJSON)
        #expect(kind("x.json", #"{"389-ds-base": {"CVE-2012-0833": {"description": "…"#) == .debianTrackerJSON)
        #expect(kind("x.json", #"{"bash": {"TEMP-0841856-B18BAF": {}}}"#) == .debianTrackerJSON)
        #expect(kind("x.json", #"{"openssl": {"CV"#) == nil)  // prefix too short to tell
        #expect(kind("x.json", "") == nil)
        #expect(kind("x.json", "[1, 2]") == .unknown)
        #expect(kind("x.json", #"{"a": 1, "b": [1, {"c": "}"}]}"#) == .unknown)
        #expect(kind("v3.10-main.json", #"{"apkurl": "{{urlprefix}}", "archs": ["x86_64"], "distroversion": "v3.10"}"#) == .alpineSecDB)
        #expect(kind("RUSTSEC-1.yaml", "id: RUSTSEC-2020-0001\nmodified: 2021-01-01\n") == .osvYAML)
        #expect(kind("main.yml", "---\ndistroversion: v3.12\n") == .alpineSecDB)
        #expect(kind("secdb", "---\ndistroversion: v3.12\n") == .alpineSecDB)
        #expect(kind("README", "hello\n") == .unknown)
        #expect(kind("foo", "[01 Apr 2023] DLA-3380-1 firmware-nonfree - security update\n") == .debianList)
        #expect(kind("foo", "[01 Apr 2023] nothing\n") == .unknown)
    }
}
