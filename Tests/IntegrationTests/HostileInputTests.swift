import Foundation
import Testing
@testable import ImageAccess

/// Hostile images (made by Tests/Support/make_hostile.py) get a clear error naming the input and
/// the problem, with bounded memory and nothing written anywhere; valid oddities are read right.
@Suite(.serialized)
struct HostileInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var code: ImageAccessError.Code
        var says: String
        var description: String { name }
    }

    static let refused: [Case] = [
        Case(name: "corrupt-gzip", code: .decompression, says: "corrupt gzip stream"),
        Case(name: "truncated-gzip", code: .decompression, says: "truncated gzip stream"),
        Case(name: "truncated-tar", code: .malformed, says: "truncated tar"),
        Case(name: "digest-mismatch", code: .digestMismatch, says: "digest mismatch: expected sha256:"),
        Case(name: "size-mismatch", code: .sizeMismatch, says: "size mismatch"),
        Case(name: "diffid-mismatch", code: .digestMismatch, says: "diff_id: digest mismatch"),
        Case(name: "big-manifest", code: .limitExceeded, says: "over the limit of 4194304"),
        Case(name: "dotdot-entry", code: .unsafePath, says: "escapes the root"),
        Case(name: "absolute-path", code: .unsafePath, says: "absolute path '/etc/evil-abs'"),
        Case(name: "hardlink-missing", code: .malformed, says: "points to '/missing/file', which no layer before it wrote"),
        Case(name: "million-entries", code: .limitExceeded, says: "more than 500000 entries"),
        Case(name: "gzip-bomb", code: .limitExceeded, says: "decompression bomb"),
        Case(name: "unknown-media-type", code: .unsupported, says: "unknown media type 'application/vnd.example.weird+tar'"),
        Case(name: "schema1-in-layout", code: .unsupported, says: "schema 1"),
        Case(name: "sparse", code: .unsupported, says: "sparse file"),
    ]

    @Test(arguments: refused)
    func refusedWithAClearError(_ hostile: Case) async throws {
        let dir = try Fixtures.hostile.get()
        let opener = testOpener()
        let error = await #expect(throws: ImageAccessError.self) {
            let image = try await opener.open(try ImageReference(parsing: "oci:\(dir)/\(hostile.name):img"))
            _ = try await opener.filesystem(of: image, digests: true)
        }
        #expect(error?.code == hostile.code, "\(hostile.name): \(error?.message ?? "no error")")
        #expect(error?.message.contains(hostile.says) == true, "\(hostile.name): \(error?.message ?? "no error")")
    }

    /// The command line: exit 1, the message names the image input, nothing on standard output, bounded memory.
    @Test(arguments: ["corrupt-gzip", "digest-mismatch", "dotdot-entry", "gzip-bomb", "million-entries", "big-manifest"])
    func commandLineFailsCleanlyWithBoundedMemory(_ name: String) throws {
        let dir = try Fixtures.hostile.get()
        let result = try run("/usr/bin/time", ["-f", "maxrss=%M", Paths.palisade, "image", "files", "--digests", "oci:\(dir)/\(name):img"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty, "no partial output")
        #expect(result.stderr.contains("palisade: error: "))
        #expect(result.stderr.contains(dir) || result.stderr.contains("layer 1 (sha256:"), "the message names the input: \(result.stderr)")
        let rss = result.stderr.split(separator: "\n").last { $0.hasPrefix("maxrss=") }.flatMap { Int($0.dropFirst(7)) }
        let kib = try #require(rss)
        #expect(kib < 512 * 1024, "\(name) used \(kib) KiB")
    }

    @Test func limitsAreConfigurable() async throws {
        let dir = try Fixtures.hostile.get()
        // A bigger entry limit lists all million files; a higher ratio lets the 4 GiB of zeros through, streamed.
        var limits = ReadLimits()
        limits.maxEntriesPerLayer = 2_000_000
        let opener = testOpener(limits: limits)
        let image = try await opener.open(try ImageReference(parsing: "oci:\(dir)/million-entries:img"))
        let listing = try await opener.listLayers(of: image, digests: false)
        #expect(listing[0].entries.count == 1_001_001)

        let bomb = try run("/usr/bin/time", ["-f", "maxrss=%M", Paths.palisade, "image", "files", "--digests", "--format", "json",
                                             "--max-ratio", "5000", "oci:\(dir)/gzip-bomb:img"])
        #expect(bomb.status == 0, "\(bomb.stderr)")
        #expect(bomb.text.contains("\"size\":4294967296"))
        let kib = bomb.stderr.split(separator: "\n").last { $0.hasPrefix("maxrss=") }.flatMap { Int($0.dropFirst(7)) } ?? .max
        #expect(kib < 256 * 1024, "streaming 4 GiB used \(kib) KiB")

        let small = await #expect(throws: ImageAccessError.self) {
            var tight = ReadLimits()
            tight.maxLayerBytes = 10_000
            let o = testOpener(limits: tight)
            _ = try await o.listLayers(of: try await o.open(try ImageReference(parsing: "oci:\(dir)/good:img")), digests: false)
        }
        #expect(small?.message.contains("exceeds the limit of 10000 bytes") == true)
    }

    /// What the generator says each valid case holds, against what we list.
    func expected(_ name: String) throws -> [[String: Any]] {
        let dir = try Fixtures.hostile.get()
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)/expected.json"))
        let json = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require((json["entries"] ?? json["present"]) as? [[String: Any]])
    }

    @Test(arguments: ["good", "sha512", "zstd", "uncompressed", "pax-gnu"])
    func validOdditiesAreRead(_ name: String) async throws {
        let dir = try Fixtures.hostile.get()
        let opener = testOpener()
        let image = try await opener.open(try ImageReference(parsing: "oci:\(dir)/\(name):img"))
        let layer = try await opener.listLayers(of: image, digests: true)[0]
        let expectation = FileManager.default.fileExists(atPath: "\(dir)/\(name)/expected.json") ? name : "good"
        for want in try expected(expectation) {
            let path = "/" + (want["path"] as! String)
            let got = try #require(layer.entries.first { $0.path == path }, "\(name): \(path) missing")
            let type = want["type"] as! String
            let map = ["dir": FileType.directory, "file": .file, "symlink": .symlink, "hardlink": .hardlink]
            #expect(got.type == map[type], "\(name): \(path)")
            if type == "file" { #expect(got.size == want["size"] as? Int64 ?? Int64(want["size"] as! Int)) }
            if type == "symlink" { #expect(got.linkTarget == want["linkname"] as? String) }
            if type == "hardlink" { #expect(got.linkTarget == "/" + (want["linkname"] as! String)) }
        }
        if name == "sha512" { #expect(image.layers[0].digest?.algorithm == .sha512) }
        if name == "zstd" { #expect(image.layers[0].compression == .zstd) }
    }

    @Test func whiteoutsAndOpaqueDirectoriesApply() async throws {
        let dir = try Fixtures.hostile.get()
        let opener = testOpener()
        let image = try await opener.open(try ImageReference(parsing: "oci:\(dir)/whiteouts:img"))
        let fs = try await opener.filesystem(of: image, digests: false)
        let present = try expected("whiteouts").map { "/" + ($0["path"] as! String) }
        #expect(fs.entries.map(\.path) == present.sorted())
        // The oracle: the same tree umoci writes.
        let unpack = Paths.scratch + "/whiteouts-\(UUID().uuidString)"
        try tool("umoci", ["unpack", "--image", "\(dir)/whiteouts:img", unpack])
        let tree = try tool("python3", [Paths.support + "/tree_listing.py", unpack + "/rootfs"])
        let paths = try #require(JSONSerialization.jsonObject(with: tree.stdout) as? [[String: Any]]).map { $0["path"] as! String }
        #expect(fs.entries.map(\.path) == paths.sorted())
    }

    @Test func symlinksCannotLeaveTheRoot() async throws {
        let dir = try Fixtures.hostile.get()
        let opener = testOpener()
        let image = try await opener.open(try ImageReference(parsing: "oci:\(dir)/symlink-escape:img"))
        let fs = try await opener.filesystem(of: image, digests: false)
        #expect(fs.entry(at: "/a")?.linkTarget == "../../../../etc/passwd")
        // Resolution is chroot-like: every chain ends at /etc/... inside the image, which holds no /etc.
        for link in ["/a", "/l1", "/l2", "/l3"] {
            #expect(try fs.resolve(link) == nil, "\(link) must not resolve outside the image")
        }
        #expect(try fs.resolve("/ok.txt")?.type == .file)
        let read = #expect(throws: ImageAccessError.self) { try opener.readFile("/a", in: image, filesystem: fs) }
        #expect(read?.code == .notFound)
        // A file written through a link to /etc lands in the image's /etc, as umoci writes it.
        let through = try await opener.open(try ImageReference(parsing: "oci:\(dir)/symlink-write-through:img"))
        let throughFS = try await opener.filesystem(of: through, digests: false)
        #expect(throughFS.entry(at: "/etc/evil-through")?.type == .file)
        #expect(throughFS.entry(at: "/esc/evil-through") == nil)
        let content = try opener.readFile("/esc/evil-through", in: through, filesystem: throughFS)
        #expect(!content.isEmpty)
    }

    @Test func deviceNodesAreListedNeverOpened() async throws {
        let dir = try Fixtures.hostile.get()
        let opener = testOpener()
        let image = try await opener.open(try ImageReference(parsing: "oci:\(dir)/device-node:img"))
        let fs = try await opener.filesystem(of: image, digests: true)
        let device = try #require(fs.entry(at: "/dev/evil"))
        #expect(device.type == .charDevice)
        #expect(device.devMajor == 1 && device.devMinor == 1)
        #expect(fs.entries.contains { $0.type == .blockDevice })
        #expect(fs.entries.contains { $0.type == .fifo })
        let error = #expect(throws: ImageAccessError.self) { try opener.readFile("/dev/evil", in: image, filesystem: fs) }
        #expect(error?.message.contains("is a char, not a regular file") == true)
    }
}
