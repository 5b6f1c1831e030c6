import Foundation
import Testing

/// Base-image detection, trusted registries and the freshness grade, end to end from the command
/// line, on the fixture images, a newer base version made with umoci, and a real registry.
@Suite(.serialized)
struct BaseImageTests {
    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.text)")
    }

    @Test func baseImageVersionsAndHowFarBehind() throws {
        let dir = Paths.scratch + "/base-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let catalog = dir + "/bases.json"
        // The fixture's debian-minbase is the base python-app was built on.
        let added = try palisade(["image", "base", "add", "oci:\(Paths.layout):debian-minbase", "--catalog", catalog, "--name", "debian-minbase"])
        #expect(added.status == 0, "\(added.stderr)")

        let scan = ["image", "scan", "oci:\(Paths.layout):python-app", "--scanners", "secret", "--no-history", "--format", "json", "--base-catalog", catalog]
        var report = try Self.json(try palisade(scan))
        var base = try #require((report["baseImage"] as? [String: Any])?["base"] as? [String: Any])
        #expect(base["name"] as? String == "debian-minbase")
        #expect(base["layers"] as? Int == 1)
        #expect(base["current"] as? Bool == true)
        #expect((report["baseImage"] as? [String: Any])?["ownLayers"] as? Int == 3)

        // A newer version of the base: one more layer on top, rebuilt later (umoci stamps the time).
        try tool("skopeo", ["copy", "-q", "oci:\(Paths.layout):debian-minbase", "oci:\(dir)/layout:old"])
        try tool("umoci", ["unpack", "--image", "\(dir)/layout:old", dir + "/bundle"])
        try "security update\n".write(toFile: dir + "/bundle/rootfs/etc/palisade-update", atomically: true, encoding: .utf8)
        try tool("umoci", ["repack", "--image", "\(dir)/layout:new", dir + "/bundle"])
        try tool("umoci", ["config", "--image", "\(dir)/layout:new", "--created", "2030-01-01T00:00:00Z"])
        let newer = try palisade(["image", "base", "add", "oci:\(dir)/layout:new", "--catalog", catalog, "--name", "debian-minbase"])
        #expect(newer.status == 0, "\(newer.stderr)")
        let listed = try palisade(["image", "base", "list", "--catalog", catalog, "--format", "json"])
        #expect(((try Self.json(listed))["bases"] as? [Any])?.count == 2)

        report = try Self.json(try palisade(scan))
        base = try #require((report["baseImage"] as? [String: Any])?["base"] as? [String: Any])
        #expect(base["current"] as? Bool == false)
        #expect(base["newerVersions"] as? Int == 1)
        #expect(base["newest"] as? String == "oci:\(dir)/layout:new")
        let behind = try #require(base["behindDays"] as? Int)
        #expect(behind > 365, "the fixture base was built before 2029: \(behind) days")
        let table = try palisade(Array(scan.dropLast(4)) + ["--base-catalog", catalog])
        #expect(table.text.contains("1 newer version recorded, \(behind) days behind"), "\(table.text)")

        // The new base matches itself as current; an unrelated catalog matches nothing.
        let own = try Self.json(try palisade(["image", "scan", "oci:\(dir)/layout:new", "--scanners", "secret", "--no-history", "--format", "json", "--base-catalog", catalog]))
        #expect(((own["baseImage"] as? [String: Any])?["base"] as? [String: Any])?["current"] as? Bool == true)

        // Bad catalogs: named, with what is wrong, exit 1.
        try #"{"schemaVersion": 1, "bases": [{"name": "x", "reference": "r", "diffIDs": ["sha256:nothex"]}]}"#.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let bad = try palisade(["image", "scan", "oci:\(Paths.layout):python-app", "--scanners", "secret", "--no-history", "--base-catalog", dir + "/bad.json"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(dir)/bad.json") && bad.stderr.contains("is not a sha256 digest"), "\(bad.stderr)")
        let missing = try palisade(["image", "base", "list", "--catalog", dir + "/none.json"])
        #expect(missing.status == 1 && missing.stderr.contains("no such file"))
    }

    @Test func trustedRegistriesFlagOthers() throws {
        let registry = try Fixtures.anonymousRegistry.get()
        let image = "docker://\(registry.host)/team/app:1"
        let base = ["image", "scan", image, "--tls-verify=false", "--scanners", "secret", "--no-history", "--format", "json"]
        let trusted = try Self.json(try palisade(base + ["--trusted-registries", "quay.io, \(registry.host)"]))
        #expect((trusted["baseImage"] as? [String: Any])?["trustedRegistry"] as? Bool == true)
        #expect((trusted["baseImage"] as? [String: Any])?["registry"] as? String == registry.host)

        let other = try palisade(base + ["--trusted-registries", "registry.example.com,*.corp.example", "--exit-code", "3"])
        #expect(other.status == 3, "an untrusted registry is a finding --exit-code applies to")
        #expect((try Self.json(other)["baseImage"] as? [String: Any])?["trustedRegistry"] as? Bool == false)
        let table = try palisade(Array(base.dropLast(2)) + ["--trusted-registries", "registry.example.com"])
        #expect(table.text.contains("Registry \(registry.host) is NOT on the trusted list"), "\(table.text)")
    }

    /// python-app carries fixable HIGH advisories published in 2023: the grade is F, driven by the oldest.
    @Test func freshnessGradeOfPythonApp() throws {
        let db = Paths.scratch + "/freshness-db"
        let imported = try palisade(["db", "import", "--db-dir", db, Paths.fixtures + "/advisories/osv/PyPI/all.zip", Paths.fixtures + "/advisories/osv/Go/all.zip"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try Self.json(try palisade(["image", "scan", "oci:\(Paths.layout):python-app", "--db-dir", db, "--scanners", "vuln", "--no-history", "--format", "json"]))
        let freshness = try #require(report["freshness"] as? [String: Any])
        #expect(freshness["grade"] as? String == "F")
        let driver = try #require(freshness["driver"] as? [String: Any])
        // The oldest unapplied HIGH fix, checked against the report's own findings.
        let vulns = try #require(report["vulnerabilities"] as? [[String: Any]])
        let high = vulns.filter { $0["severity"] as? String == "HIGH" && !(($0["fixedVersions"] as? [String]) ?? []).isEmpty }
        let oldest = high.compactMap { $0["published"] as? String }.min()
        #expect(driver["published"] as? String == oldest)
        #expect((driver["ageDays"] as? Int ?? 0) > 365)
        #expect(freshness["fixableCriticalOrHigh"] as? Int == high.count)
        // The image's age comes from its config's `created`, as `image inspect` shows it (to the second).
        let inspected = try #require(try JSONSerialization.jsonObject(with: palisade(["image", "inspect", "oci:\(Paths.layout):python-app", "--format", "json"]).stdout) as? [String: Any])
        let created = try #require(inspected["created"] as? String)
        #expect(freshness["imageCreated"] as? String == String(created.prefix(19)) + "Z")
    }
}
