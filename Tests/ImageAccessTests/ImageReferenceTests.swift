import Testing
@testable import ImageAccess

struct ImageReferenceTests {
    @Test func ociLayoutWithAndWithoutRef() throws {
        #expect(try ImageReference(parsing: "oci:../x/oci:python-app").transport == .ociLayout(path: "../x/oci", ref: "python-app"))
        #expect(try ImageReference(parsing: "oci:/abs/dir").transport == .ociLayout(path: "/abs/dir", ref: nil))
        #expect(try ImageReference(parsing: "oci:dir:sha256:" + String(repeating: "a", count: 64)).transport
            == .ociLayout(path: "dir", ref: "sha256:" + String(repeating: "a", count: 64)))
    }

    @Test func archivesAndRootfs() throws {
        #expect(try ImageReference(parsing: "oci-archive:/t/a.tar:app").transport == .ociArchive(path: "/t/a.tar", ref: "app"))
        #expect(try ImageReference(parsing: "docker-archive:/t/a.tar:app:1.0").transport == .dockerArchive(path: "/t/a.tar", name: "app:1.0"))
        #expect(try ImageReference(parsing: "docker-archive:/t/a.tar").transport == .dockerArchive(path: "/t/a.tar", name: nil))
        #expect(try ImageReference(parsing: "rootfs:/").transport == .rootfs(path: "/"))
    }

    @Test func dockerDefaults() throws {
        guard case .registry(let r) = try ImageReference(parsing: "debian").transport else { Issue.record("not a registry ref"); return }
        #expect(r.host == "docker.io")
        #expect(r.repository == "library/debian")
        #expect(r.tag == "latest")
        #expect(r.apiHost == "registry-1.docker.io")
        guard case .registry(let r2) = try ImageReference(parsing: "bitnami/redis:7.2").transport else { return }
        #expect(r2.repository == "bitnami/redis")
        #expect(r2.tag == "7.2")
    }

    @Test func registryWithPortTagAndDigest() throws {
        let digest = "sha256:" + String(repeating: "0", count: 64)
        guard case .registry(let r) = try ImageReference(parsing: "docker://127.0.0.1:5000/team/app@\(digest)").transport else {
            Issue.record("not a registry ref"); return
        }
        #expect(r.host == "127.0.0.1:5000")
        #expect(r.repository == "team/app")
        #expect(r.digest?.description == digest)
        #expect(r.tag == nil)
        #expect(r.reference == digest)
        guard case .registry(let l) = try ImageReference(parsing: "localhost/app:v1").transport else { return }
        #expect(l.host == "localhost")
        #expect(l.repository == "app")
    }

    @Test(arguments: ["docker://", "docker://UPPER/case", "app:bad tag", "app@sha256:123", "oci:", "rootfs:", "docker-daemon:x:1", "a//b"])
    func invalidReferencesAreRefused(_ text: String) {
        #expect(throws: ImageAccessError.self) { try ImageReference(parsing: text) }
    }
}

struct DigestAndPlatformTests {
    @Test func digestParsing() {
        #expect(Digest("sha256:" + String(repeating: "a", count: 64)) != nil)
        #expect(Digest("sha512:" + String(repeating: "b", count: 128)) != nil)
        #expect(Digest("sha256:" + String(repeating: "A", count: 64)) == nil)
        #expect(Digest("sha256:abc") == nil)
        #expect(Digest("md5:" + String(repeating: "a", count: 32)) == nil)
        #expect(Digest.sha256(of: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func platformSelection() {
        let amd64 = Platform(os: "linux", architecture: "amd64")
        #expect(Platform(parsing: "linux/amd64") == amd64)
        #expect(Platform(parsing: "linux/arm64/v8")?.variant == "v8")
        #expect(Platform(parsing: "linux") == nil)
        #expect(Platform(parsing: "linux//v7") == nil)
        #expect(Platform(parsing: "linux/arm64")!.accepts(Platform(os: "linux", architecture: "arm64", variant: "v8")))
        #expect(!Platform(parsing: "linux/arm/v7")!.accepts(Platform(os: "linux", architecture: "arm", variant: "v6")))
        #expect(!amd64.accepts(Platform(os: "windows", architecture: "amd64")))
    }

    @Test func mediaTypesAndSniffing() {
        #expect(LayerCompression(mediaType: MediaType.ociLayerZstd) == .zstd)
        #expect(LayerCompression(mediaType: MediaType.dockerLayerGzip) == .gzip)
        #expect(LayerCompression(mediaType: "application/vnd.example+tar") == nil)
        #expect(LayerCompression(sniffing: [0x1f, 0x8b, 8, 0]) == .gzip)
        #expect(LayerCompression(sniffing: [0x28, 0xb5, 0x2f, 0xfd]) == .zstd)
        #expect(LayerCompression(sniffing: Array("usr/".utf8)) == .none)
    }
}
