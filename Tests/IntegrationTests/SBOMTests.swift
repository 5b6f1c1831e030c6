import Foundation
import Testing
@testable import ImageAccess
@testable import Inventory

/// SBOM documents, checked with the official validators (cyclonedx-python-lib, spdx-tools).
@Suite(.serialized)
struct SBOMTests {
    let image = "oci:\(Paths.layout):python-app"

    func validate(_ file: String, _ kind: String) throws {
        let result = try run("/usr/bin/env", ["python3", Paths.support + "/validate_sbom.py", file, kind])
        #expect(result.status == 0, "\(kind) validation: \(result.text) \(result.stderr)")
    }

    @Test func cycloneDXIsValidAndComplete() throws {
        let out = Paths.scratch + "/python-app.cdx.json"
        let result = try palisade(["image", "sbom", "--format", "cyclonedx", "-o", out, image])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        try validate(out, "cyclonedx")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(json["specVersion"] as? String == "1.6")
        let components = try #require(json["components"] as? [[String: Any]])
        let libraries = components.filter { $0["type"] as? String == "library" }
        #expect(libraries.count == 199)
        #expect(components.contains { $0["type"] as? String == "operating-system" && $0["name"] as? String == "debian" })
        let log4j = try #require(libraries.first { $0["name"] as? String == "log4j-core" })
        #expect(log4j["group"] as? String == "org.apache.logging.log4j")
        #expect(log4j["purl"] as? String == "pkg:maven/org.apache.logging.log4j/log4j-core@2.19.0")
        let properties = try #require(log4j["properties"] as? [[String: String]])
        #expect(properties.contains { $0["name"] == "palisade:location:path" && $0["value"] == "/opt/app/lib/log4j-core-2.19.0.jar" })
        #expect(properties.contains { $0["name"] == "palisade:location:layerDigest" && $0["value"] == "sha256:2d42f6b204ee76c960bc02bcbbe620142b334427ae4dba6ce58c758323b2d8fb" })
        // Go binary → modules.
        let dependencies = try #require(json["dependencies"] as? [[String: Any]])
        let dive = try #require(dependencies.first { ($0["ref"] as? String)?.contains("wagoodman/dive") == true })
        #expect((dive["dependsOn"] as? [String])?.contains("pkg:golang/stdlib@v1.24.1") == true)
    }

    @Test func spdxIsValid() throws {
        let out = Paths.scratch + "/python-app.spdx.json"
        let result = try palisade(["image", "sbom", "--format", "spdx", "-o", out, image])
        #expect(result.status == 0, "\(result.stderr)")
        try validate(out, "spdx")
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(json["spdxVersion"] as? String == "SPDX-2.3")
        let packages = try #require(json["packages"] as? [[String: Any]])
        #expect(packages.count >= 200)
    }

    @Test func outputIsDeterministicWithAnInjectedClock() async throws {
        let opener = testOpener()
        let opened = try await opener.open(try ImageReference(parsing: image))
        let inventory = try await InventoryScanner(opener: opener).scan(opened)
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_800_000_000) }
        let serial: @Sendable () -> UUID = { UUID(uuidString: "00000000-0000-4000-8000-000000000001")! }
        let a = try CycloneDXWriter(clock: clock, serialNumber: serial).encode(inventory, toolVersion: "test")
        let again = try await InventoryScanner(opener: opener).scan(opened)
        let b = try CycloneDXWriter(clock: clock, serialNumber: serial).encode(again, toolVersion: "test")
        #expect(a == b)
        let s1 = try SPDXWriter(clock: clock, serialNumber: serial).encode(inventory, toolVersion: "test")
        let s2 = try SPDXWriter(clock: clock, serialNumber: serial).encode(again, toolVersion: "test")
        #expect(s1 == s2)
    }

    @Test func jsonAndTableFormats() throws {
        let json = try palisade(["image", "sbom", "--format", "json", image])
        #expect(json.status == 0)
        let doc = try #require(JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
        #expect(doc["schema"] as? String == "palisade.inventory/v1")
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(summary["total"] as? Int == 199)
        #expect((summary["byType"] as? [String: Int]) == ["deb": 122, "golang": 56, "maven": 3, "npm": 1, "pypi": 17])
        let table = try palisade(["image", "sbom", image])
        #expect(table.text.contains("deb (122)"))
        #expect(table.text.contains("golang (56)"))
    }

    /// Lock files are cataloged on request only (as trivy and syft do for images): python-app's
    /// requirements.txt still pins the itsdangerous a later layer deleted.
    @Test func lockFilesOnRequest() throws {
        let with = try palisade(["image", "sbom", "--lock-files", "--format", "json", image])
        #expect(with.status == 0, "\(with.stderr)")
        let doc = try #require(JSONSerialization.jsonObject(with: with.stdout) as? [String: Any])
        let packages = try #require(doc["packages"] as? [[String: Any]])
        let pinned = try #require(packages.first { $0["name"] as? String == "itsdangerous" })
        #expect(pinned["version"] as? String == "0.24")
        let locations = try #require(pinned["locations"] as? [[String: Any]])
        #expect(locations.map { $0["path"] as? String } == ["/opt/app/requirements.txt"])
        #expect(pinned["foundBy"] as? String == "python-lock")
    }

    /// A malformed file never aborts a scan: it is skipped with a warning naming it; --strict fails.
    @Test func malformedFilesWarnOrFailWithStrict() throws {
        let layout = Paths.scratch + "/malformed-\(UUID().uuidString)"
        let bundle = layout + "-bundle"
        try tool("umoci", ["init", "--layout", layout])
        try tool("umoci", ["new", "--image", "\(layout):x"])
        try tool("umoci", ["unpack", "--rootless", "--image", "\(layout):x", bundle])
        let root = bundle + "/rootfs"
        let site = root + "/usr/lib/python3/dist-packages"
        try FileManager.default.createDirectory(atPath: site + "/good-1.0.dist-info", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: site + "/broken-2.0.dist-info", withIntermediateDirectories: true)
        try Data("Metadata-Version: 2.1\nName: good\nVersion: 1.0\n".utf8).write(to: URL(fileURLWithPath: site + "/good-1.0.dist-info/METADATA"))
        try Data("Metadata-Version: 2.1\nNam".utf8).write(to: URL(fileURLWithPath: site + "/broken-2.0.dist-info/METADATA"))
        try FileManager.default.createDirectory(atPath: root + "/app/node_modules/bad", withIntermediateDirectories: true)
        try Data(#"{"name":"bad"}"#.utf8).write(to: URL(fileURLWithPath: root + "/app/node_modules/bad/package.json"))
        try FileManager.default.createDirectory(atPath: root + "/app/lib", withIntermediateDirectories: true)
        try Data("PK\u{3}\u{4}not really a zip".utf8).write(to: URL(fileURLWithPath: root + "/app/lib/corrupt-1.0.jar"))
        try tool("umoci", ["repack", "--image", "\(layout):x", bundle])

        let relaxed = try palisade(["image", "sbom", "--format", "json", "oci:\(layout):x"])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")
        #expect(relaxed.text.contains("\"good\""))
        #expect(relaxed.stderr.contains("palisade: warning: /usr/lib/python3/dist-packages/broken-2.0.dist-info/METADATA"))
        #expect(relaxed.stderr.contains("/app/node_modules/bad/package.json"))
        #expect(relaxed.stderr.contains("/app/lib/corrupt-1.0.jar"))
        let strict = try palisade(["image", "sbom", "--strict", "-o", layout + "/out.json", "oci:\(layout):x"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("could not be cataloged (--strict)"))
        #expect(!FileManager.default.fileExists(atPath: layout + "/out.json"), "no partial output file")
    }
}
