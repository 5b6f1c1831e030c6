import Foundation
import Testing
@testable import ImageAccess
@testable import Inventory

/// The inventory equals what trivy 0.76 and syft 1.18 both report (`images/expected/*.inventory.tsv`),
/// from every image form.
@Suite(.serialized)
struct ImageInventoryTests {
    func expected(_ image: String) throws -> [String] {
        let text = try String(contentsOfFile: Paths.fixtures + "/images/expected/\(image).inventory.tsv", encoding: .utf8)
        return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }.sorted()
    }

    func inventory(_ reference: String) async throws -> Inventory {
        let opener = testOpener()
        let image = try await opener.open(try ImageReference(parsing: reference))
        return try await InventoryScanner(opener: opener).scan(image)
    }

    func compare(_ got: [String], _ want: [String], _ what: String) {
        let extra = Set(got).subtracting(want).sorted()
        let missing = Set(want).subtracting(got).sorted()
        #expect(extra.isEmpty, "\(what): reported but not expected: \(extra.prefix(20))")
        #expect(missing.isEmpty, "\(what): expected but missing: \(missing.prefix(20))")
        #expect(got.count == want.count, "\(what)")
    }

    @Test func pythonAppEqualsThePeersAgreement() async throws {
        let inventory = try await inventory("oci:\(Paths.layout):python-app")
        compare(inventory.normalizedLines, try expected("python-app"), "python-app")
        #expect(inventory.normalizedLines.count == 199)
        #expect(!inventory.packages.contains { $0.name.contains("itsdangerous") })
        #expect(inventory.operatingSystem?.id == "debian")
        #expect(inventory.operatingSystem?.versionID == "12")
        #expect(inventory.warnings.isEmpty, "\(inventory.warnings)")
        // Layer attribution.
        let dive = try #require(inventory.packages.first { $0.name == "github.com/wagoodman/dive" })
        #expect(dive.locations.map(\.path) == ["/usr/local/bin/dive"])
        #expect(dive.locations.first?.layer == 4)
        #expect(!dive.dependsOn.isEmpty)
        let bsdutils = try #require(inventory.packages.first { $0.name == "bsdutils" })
        #expect(bsdutils.purl.hasPrefix("pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12&epoch=1"))
        #expect(bsdutils.sourceName == "util-linux")
        #expect(bsdutils.locations.first?.layer == 2, "the dpkg status file was last written by the python3 layer")
        let log4j = try #require(inventory.packages.first { $0.name == "log4j-core" })
        #expect(log4j.purl == "pkg:maven/org.apache.logging.log4j/log4j-core@2.19.0")
        let requests = try #require(inventory.packages.first { $0.name == "requests" })
        #expect(requests.locations.first?.layer == 3)
        #expect(requests.licenses == ["Apache 2.0"] || requests.licenses == ["Apache-2.0"])
    }

    @Test func debianMinbaseEqualsThePeersAgreement() async throws {
        let inventory = try await inventory("oci:\(Paths.layout):debian-minbase")
        compare(inventory.normalizedLines, try expected("debian-minbase"), "debian-minbase")
        #expect(inventory.normalizedLines.count == 106)
        #expect(inventory.packages.contains { $0.name == "bash" && !$0.licenses.isEmpty })
    }

    @Test func debianMinbaseFromEveryForm() async throws {
        let forms = try Fixtures.forms.get()
        let registry = try Fixtures.anonymousRegistry.get()
        let dir = Paths.scratch + "/minbase-forms"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try tool("skopeo", ["copy", "-q", "oci:\(Paths.layout):debian-minbase", "oci-archive:\(dir)/minbase.oci.tar:debian-minbase"])
        try tool("umoci", ["unpack", "--image", "\(Paths.layout):debian-minbase", dir + "/unpacked"])
        let want = try expected("debian-minbase")
        for reference in ["docker-archive:\(forms.multiArchive):debian-minbase:12", "oci-archive:\(dir)/minbase.oci.tar",
                          "docker://\(registry.host)/library/debian-minbase:latest", "rootfs:\(dir)/unpacked/rootfs"] {
            let inventory = try await inventory(reference)
            compare(inventory.normalizedLines, want, reference)
        }
    }

    @Test func everyFormGivesTheSameInventory() async throws {
        let forms = try Fixtures.forms.get()
        let registry = try Fixtures.anonymousRegistry.get()
        let want = try expected("python-app")
        for reference in ["docker-archive:\(forms.dockerArchive)", "oci-archive:\(forms.ociArchive)",
                          "docker://\(registry.host)/team/app:1", "rootfs:\(forms.unpackedRootfs)"] {
            let inventory = try await inventory(reference)
            compare(inventory.normalizedLines, want, reference)
        }
    }
}
