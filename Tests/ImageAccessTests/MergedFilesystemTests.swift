import Testing
@testable import ImageAccess

struct MergedFilesystemTests {
    func layer(_ index: Int) -> Layer {
        Layer(index: index, digest: nil, size: nil, mediaType: nil, diffID: nil, history: nil,
              compression: .none, location: .blob(path: "/dev/null", length: 0))
    }

    func entry(_ path: String, _ type: FileType = .file, layer: Int, link: String? = nil, size: Int64 = 1) -> FileEntry {
        FileEntry(path: path, type: type, size: type == .file ? size : 0, mode: 0o644, uid: 0, gid: 0, linkTarget: link,
                  mtime: 0, layer: layer, layerDigest: nil)
    }

    func listing(_ index: Int, _ entries: [FileEntry], whiteouts: [String] = [], opaque: [String] = []) -> LayerListing {
        LayerListing(layer: layer(index), entries: entries, whiteouts: whiteouts, opaqueDirectories: opaque)
    }

    @Test func whiteoutsAndOpaqueDirectories() throws {
        let fs = try MergedFilesystem(layers: [
            listing(1, [entry("/a", .directory, layer: 1), entry("/a/x", layer: 1), entry("/a/y", layer: 1),
                        entry("/b", .directory, layer: 1), entry("/b/z", layer: 1),
                        entry("/c", .directory, layer: 1), entry("/c/keep", layer: 1)]),
            listing(2, [entry("/b", .directory, layer: 2), entry("/b/new", layer: 2), entry("/a/y", layer: 2, size: 9)],
                    whiteouts: ["/a/x", "/c"], opaque: ["/b"]),
        ])
        #expect(fs.entries.map(\.path) == ["/a", "/a/y", "/b", "/b/new"])
        #expect(fs.entry(at: "/a/y")?.layer == 2)
        #expect(fs.entry(at: "/a/y")?.size == 9)
        #expect(fs.entry(at: "/a/y")?.earlierLayers == [1])
    }

    @Test func opaqueMarkerKeepsItsOwnLayersEntries() throws {
        let fs = try MergedFilesystem(layers: [
            listing(1, [entry("/d", .directory, layer: 1), entry("/d/old", layer: 1)]),
            listing(2, [entry("/d/fresh", layer: 2)], opaque: ["/d"]),
        ])
        #expect(fs.entries.map(\.path) == ["/d", "/d/fresh"])
    }

    @Test func fileReplacingDirectoryHidesItsChildren() throws {
        let fs = try MergedFilesystem(layers: [
            listing(1, [entry("/x", .directory, layer: 1), entry("/x/child", layer: 1)]),
            listing(2, [entry("/x", layer: 2)]),
        ])
        #expect(fs.entries.map(\.path) == ["/x"])
        #expect(fs.entry(at: "/x")?.type == .file)
    }

    @Test func impliedParentsAreListed() throws {
        let fs = try MergedFilesystem(layers: [listing(1, [entry("/deep/er/file", layer: 1)])])
        #expect(fs.entries.map(\.path) == ["/deep", "/deep/er", "/deep/er/file"])
        #expect(fs.entry(at: "/deep")?.implicit == true)
    }

    @Test func hardLinksTakeTheirTargetsContent() throws {
        var target = entry("/bin/a", layer: 1, size: 42)
        target.sha256 = Digest.sha256(of: [1, 2, 3])
        let fs = try MergedFilesystem(layers: [
            listing(1, [target]),
            listing(2, [entry("/bin/b", .hardlink, layer: 2, link: "/bin/a")]),
        ])
        #expect(fs.entry(at: "/bin/b")?.type == .file)
        #expect(fs.entry(at: "/bin/b")?.size == 42)
        #expect(fs.entry(at: "/bin/b")?.sha256 == target.sha256)
    }

    @Test func hardLinkToMissingFileIsAnError() {
        let error = #expect(throws: ImageAccessError.self) {
            try MergedFilesystem(layers: [listing(1, [entry("/x", .hardlink, layer: 1, link: "/missing")])])
        }
        #expect(error?.message.contains("no layer before it wrote") == true)
    }

    @Test func symlinkResolutionStaysInsideTheRoot() throws {
        let fs = try MergedFilesystem(layers: [listing(1, [
            entry("/etc", .directory, layer: 1), entry("/etc/passwd", layer: 1),
            entry("/a", .symlink, layer: 1, link: "../../../../etc/passwd"),
            entry("/l1", .symlink, layer: 1, link: "l2"),
            entry("/l2", .symlink, layer: 1, link: "/../../etc"),
            entry("/l3", .symlink, layer: 1, link: "l1/passwd"),
            entry("/loop1", .symlink, layer: 1, link: "loop2"),
            entry("/loop2", .symlink, layer: 1, link: "loop1"),
        ])])
        #expect(try fs.resolve("/a")?.path == "/etc/passwd")
        #expect(try fs.resolve("/l3")?.path == "/etc/passwd")
        #expect(try fs.resolve("/l1/passwd")?.path == "/etc/passwd")
        #expect(try fs.resolve("/l1/shadow") == nil)
        #expect(try fs.resolve("/a", followFinal: false)?.type == .symlink)
        let error = #expect(throws: ImageAccessError.self) { try fs.resolve("/loop1") }
        #expect(error?.message.contains("too many levels") == true)
    }

    @Test func entriesUnderASymlinkLandWhereItLeads() throws {
        let fs = try MergedFilesystem(layers: [listing(1, [
            entry("/esc", .symlink, layer: 1, link: "/etc"),
            entry("/esc/evil", layer: 1),
            entry("/up", .symlink, layer: 1, link: "../../.."),
            entry("/up/top", layer: 1),
        ])])
        #expect(fs.entries.map(\.path) == ["/esc", "/etc", "/etc/evil", "/top", "/up"])
    }
}

struct RegistryParsingTests {
    @Test func bearerChallenge() throws {
        let c = try #require(AuthChallenge(parsing: #"Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push",error="insufficient_scope""#))
        #expect(c.scheme == "Bearer")
        #expect(c.parameters["realm"] == "https://auth.example/token")
        #expect(c.parameters["service"] == "registry.example")
        #expect(c.parameters["scope"] == "repository:a/b:pull,push")
        #expect(c.parameters["error"] == "insufficient_scope")
        let basic = try #require(AuthChallenge(parsing: #"Basic realm="fault""#))
        #expect(basic.scheme == "Basic")
    }

    @Test func credentialsNeverPrint() throws {
        let creds = try #require(Credentials(parsing: "user:p:a:ss"))
        #expect(creds.password == "p:a:ss")
        #expect(!"\(creds)".contains("p:a:ss"))
        #expect(!String(reflecting: creds).contains("p:a:ss"))
    }

    @Test func authFileKeysForDockerHub() {
        #expect(AuthFileReader.keys(for: "docker.io").contains("https://index.docker.io/v1/"))
        #expect(AuthFileReader.keys(for: "127.0.0.1:5000").first == "127.0.0.1:5000")
    }
}
