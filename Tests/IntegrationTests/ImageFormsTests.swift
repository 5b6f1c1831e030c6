import Foundation
import Testing
@testable import ImageAccess

/// The same image in every form gives the same merged filesystem, equal to what `umoci unpack` writes.
@Suite(.serialized)
struct ImageFormsTests {
    static let manifestDigest = "sha256:7be0f62c42b948f7f8d77e9a93b88207214b19aa06e70cd5e832f28d3e6a8617"
    static let configDigest = "sha256:dee624dd238c3b165d05c7d1f2bb01a92b030e787940d4aa43e6c5987d500460"

    func facts(_ reference: String, opener: ImageOpener = testOpener()) async throws -> [FileFacts] {
        let image = try await opener.open(try ImageReference(parsing: reference))
        return try await opener.filesystem(of: image, digests: true).entries.map(FileFacts.init)
    }

    @Test func everyFormGivesTheSameMergedFilesystem() async throws {
        let forms = try Fixtures.forms.get()
        let registry = try Fixtures.anonymousRegistry.get()
        let reference = try await facts("oci:\(Paths.layout):python-app")
        #expect(reference.count > 17_000)
        let others = [
            "docker-archive:\(forms.dockerArchive)",
            "docker-archive:\(forms.dockerArchive):python-app:latest",
            "oci-archive:\(forms.ociArchive):python-app",
            "docker-archive:\(forms.ociStyleArchive)",
            "docker://\(registry.host)/team/app:1",
            "rootfs:\(forms.unpackedRootfs)",
        ]
        for other in others {
            let listing = try await facts(other)
            let diff = differences(reference, listing)
            #expect(diff.isEmpty, "\(other) differs from the OCI layout: \(diff.joined(separator: "\n"))")
        }
    }

    @Test func mergedFilesystemEqualsTheTreeUmociWrites() async throws {
        let forms = try Fixtures.forms.get()
        // The oracle: Python's os.walk over umoci's rootfs, hashing every file itself.
        let oracle = try tool("python3", [Paths.support + "/tree_listing.py", forms.unpackedRootfs])
        let tree = try #require(JSONSerialization.jsonObject(with: oracle.stdout) as? [[String: Any]]).map { FileFacts(oracle: $0) }
        let merged = try await facts("oci:\(Paths.layout):python-app")
        let diff = differences(merged, tree)
        #expect(diff.isEmpty, "merged view differs from umoci's tree: \(diff.joined(separator: "\n"))")
        #expect(tree.count == merged.count)
    }

    @Test func deletedFilesLiveOnlyInTheirLayer() async throws {
        let opener = testOpener()
        let image = try await opener.open(try ImageReference(parsing: "oci:\(Paths.layout):python-app"))
        let merged = try await opener.filesystem(of: image, digests: false)
        #expect(!merged.entries.contains { $0.path.contains("itsdangerous") })
        let layers = try await opener.listLayers(of: image, digests: false)
        #expect(layers.map(\.layer.index) == [1, 2, 3, 4])
        // Layer 3 (pip install) still holds the files; layer 4 deletes them.
        let installed = layers[2].entries.filter { $0.path.contains("/itsdangerous") }
        #expect(installed.contains { $0.path == "/usr/local/lib/python3.11/dist-packages/itsdangerous.py" })
        #expect(installed.contains { $0.path == "/usr/local/lib/python3.11/dist-packages/itsdangerous-0.24.dist-info/METADATA" })
        #expect(installed.allSatisfy { $0.layer == 3 })
        #expect(Set(layers[3].whiteouts) == ["/usr/local/lib/python3.11/dist-packages/itsdangerous-0.24.dist-info",
                                             "/usr/local/lib/python3.11/dist-packages/itsdangerous.py"])
        // Files later layers overwrite remember the earlier writers.
        #expect(merged.entries.contains { $0.earlierLayers != nil })
    }

    @Test func identityAndConfigAreReadFromEveryForm() async throws {
        let forms = try Fixtures.forms.get()
        for reference in ["oci:\(Paths.layout):python-app", "oci-archive:\(forms.ociArchive)", "docker-archive:\(forms.dockerArchive)"] {
            let image = try await testOpener().open(try ImageReference(parsing: reference))
            #expect(image.configDigest?.description == Self.configDigest, "\(reference)")
            #expect(image.layers.count == 4)
            #expect(image.config?.config?.User == "1000:1000")
            #expect(image.platform.description == "linux/amd64")
            #expect(image.layers.map(\.diffID) == image.config?.rootfs.diff_ids)
        }
        let oci = try await testOpener().open(try ImageReference(parsing: "oci:\(Paths.layout):python-app"))
        #expect(oci.manifestDigest?.description == Self.manifestDigest)
        // By digest instead of ref name.
        let byDigest = try await testOpener().open(try ImageReference(parsing: "oci:\(Paths.layout):\(Self.manifestDigest)"))
        #expect(byDigest.configDigest?.description == Self.configDigest)
    }

    @Test func multiImageDockerArchives() async throws {
        let forms = try Fixtures.forms.get()
        let minbase = try await testOpener().open(try ImageReference(parsing: "docker-archive:\(forms.multiArchive):debian-minbase:12"))
        #expect(minbase.layers.count == 1)
        #expect(minbase.tags.contains { $0.hasSuffix("debian-minbase:12") })
        let first = try await testOpener().open(try ImageReference(parsing: "docker-archive:\(forms.multiArchive):@0"))
        #expect(first.configDigest?.description == Self.configDigest)
        let error = await #expect(throws: ImageAccessError.self) {
            try await testOpener().open(try ImageReference(parsing: "docker-archive:\(forms.multiArchive)"))
        }
        #expect(error?.message.contains("holds 2 images") == true)
        let missing = await #expect(throws: ImageAccessError.self) {
            try await testOpener().open(try ImageReference(parsing: "docker-archive:\(forms.multiArchive):nope:1"))
        }
        #expect(missing?.code == .notFound)
        // The newer layout also names the manifest.
        let ociStyle = try await testOpener().open(try ImageReference(parsing: "docker-archive:\(forms.ociStyleArchive)"))
        #expect(ociStyle.manifestDigest != nil)
        #expect(ociStyle.layers.allSatisfy { $0.digest != nil })
    }

    @Test func readingAFileFollowsLinksInsideTheImage() async throws {
        let opener = testOpener()
        let image = try await opener.open(try ImageReference(parsing: "oci:\(Paths.layout):python-app"))
        let fs = try await opener.filesystem(of: image, digests: true)
        // /etc/os-release is a symlink to ../usr/lib/os-release in Debian.
        #expect(fs.entry(at: "/etc/os-release")?.type == .symlink)
        let data = try opener.readFile("/etc/os-release", in: image, filesystem: fs)
        #expect(String(decoding: data, as: UTF8.self).contains("VERSION_CODENAME=bookworm"))
        let target = try #require(fs.entry(at: "/usr/lib/os-release"))
        #expect(Digest.sha256(of: data) == target.sha256)
        // A file from a lower layer than the last.
        let settings = try opener.readFile("/opt/app/config/settings.env", in: image, filesystem: fs)
        #expect(Digest.sha256(of: settings) == fs.entry(at: "/opt/app/config/settings.env")?.sha256)
    }
}
