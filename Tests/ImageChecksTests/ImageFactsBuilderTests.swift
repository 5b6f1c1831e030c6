import Testing
@testable import ImageChecks

struct ImageFactsBuilderTests {
    @Test func overwrittenAndWhitedOutFilesAreWaste() throws {
        var builder = ImageFactsBuilder()
        builder.add(path: "/usr", mode: 0o755, kind: .directory, size: 0, layer: 1)
        builder.add(path: "/usr/lib/big.so", mode: 0o644, kind: .file, size: 30 << 20, layer: 1)
        builder.add(path: "usr/lib/keep.so", mode: 0o644, kind: .file, size: 100, layer: 1)
        builder.add(path: "./opt/app/bin", mode: 0o755, kind: .file, size: 1000, layer: 1)
        builder.add(path: "/opt/app/bin", mode: 0o755, kind: .file, size: 2000, layer: 2)
        builder.addWhiteout(path: "/usr/lib/big.so", layer: 3)
        let summary = builder.summary()
        #expect(summary.layerWaste.map(\.layer) == [1])
        #expect(summary.wastedBytes == (30 << 20) + 1000)
        #expect(summary.layerWaste[0].files == 2)
        #expect(summary.layerWaste[0].largest.map(\.path) == ["/usr/lib/big.so", "/opt/app/bin"])
        #expect(summary.layersSeen == 3)
        #expect(!summary.truncated)
    }

    @Test func directoryWhiteoutsAndOpaqueMarkersHideSubtrees() {
        var builder = ImageFactsBuilder()
        builder.add(path: "/data/a/b/c.bin", mode: 0o644, kind: .file, size: 10, layer: 1)
        builder.add(path: "/cache/x.bin", mode: 0o644, kind: .file, size: 20, layer: 1)
        builder.add(path: "/cache/y.bin", mode: 0o644, kind: .file, size: 40, layer: 2)
        builder.add(path: "/cache/z.bin", mode: 0o644, kind: .file, size: 80, layer: 3)
        builder.addWhiteout(path: "/data/a", layer: 2)
        builder.addOpaqueDirectory(path: "/cache", layer: 3)
        // The opaque marker's own layer keeps its entries; the file re-added after the whiteout is visible.
        builder.add(path: "/data/a/b/c.bin", mode: 0o644, kind: .file, size: 5, layer: 4)
        #expect(builder.isHidden(path: "/data/a/b/c.bin", layer: 1))
        #expect(!builder.isHidden(path: "/data/a/b/c.bin", layer: 4))
        #expect(builder.isHidden(path: "/cache/y.bin", layer: 2))
        #expect(!builder.isHidden(path: "/cache/z.bin", layer: 3))
        #expect(builder.summary().wastedBytes == 10 + 20 + 40)
    }

    @Test func aFileReplacingADirectoryHidesItsContent() {
        var builder = ImageFactsBuilder()
        builder.add(path: "/var/run/app.pid", mode: 0o644, kind: .file, size: 7, layer: 1)
        builder.add(path: "/var/run", mode: 0o777, kind: .symlink, size: 0, layer: 2)
        #expect(builder.isHidden(path: "/var/run/app.pid", layer: 1))
    }

    @Test func theResultDoesNotDependOnFeedOrder() {
        func feed(_ builder: inout ImageFactsBuilder, layer: Int) {
            switch layer {
            case 1:
                builder.add(path: "/usr/bin/sudo", mode: 0o4755, kind: .file, size: 200_000, layer: 1)
                builder.add(path: "/root/.ssh/id_rsa", mode: 0o600, kind: .file, size: 1700, layer: 1)
            default:
                builder.addWhiteout(path: "/root/.ssh/id_rsa", layer: 2)
                builder.add(path: "/srv", mode: 0o777, kind: .directory, size: 0, layer: 2)
            }
        }
        var forward = ImageFactsBuilder()
        feed(&forward, layer: 1)
        feed(&forward, layer: 2)
        var first = ImageFactsBuilder()
        var second = ImageFactsBuilder()
        feed(&second, layer: 2)
        feed(&first, layer: 1)
        second.merge(first)
        #expect(forward.summary() == second.summary())
        let files = forward.summary().files
        #expect(files.map(\.path) == ["/root/.ssh/id_rsa", "/srv", "/usr/bin/sudo"])
        #expect(files.map(\.inLayerHistory) == [true, false, false])
    }

    @Test func onlyNotableEntriesAreKept() {
        var builder = ImageFactsBuilder()
        builder.add(path: "/usr/bin/passwd", mode: 0o4755, kind: .file, size: 1, layer: 1)
        builder.add(path: "/tmp", mode: 0o1777, kind: .directory, size: 0, layer: 1)
        builder.add(path: "/var/www", mode: 0o777, kind: .directory, size: 0, layer: 1)
        builder.add(path: "/etc/motd", mode: 0o666, kind: .file, size: 1, layer: 1)
        builder.add(path: "/usr/bin/ls", mode: 0o755, kind: .file, size: 1, layer: 1)
        builder.add(path: "/usr/bin/sh", mode: 0o777, kind: .symlink, size: 0, layer: 1)
        builder.add(path: "/usr/sbin/sshd", mode: 0o755, kind: .file, size: 1, layer: 1)
        builder.add(path: "/etc/ssl/certs/ca.pem", mode: 0o644, kind: .file, size: 1, layer: 1)
        #expect(builder.summary().files.map(\.path) == ["/etc/motd", "/usr/bin/passwd", "/usr/sbin/sshd", "/var/www"])
    }

    @Test func cachesCountOnlyVisibleFiles() throws {
        var builder = ImageFactsBuilder()
        builder.add(path: "/var/lib/apt/lists/deb.debian.org_dists_bookworm_main_binary-amd64_Packages.lz4", mode: 0o644, kind: .file, size: 9_000_000, layer: 2)
        builder.add(path: "/var/lib/apt/lists/lock", mode: 0o640, kind: .file, size: 0, layer: 2)
        builder.add(path: "/var/cache/apk/APKINDEX.tar.gz", mode: 0o644, kind: .file, size: 500_000, layer: 2)
        builder.addWhiteout(path: "/var/cache/apk/APKINDEX.tar.gz", layer: 3)
        builder.add(path: "/home/app/.cache/pip/http/a/b", mode: 0o644, kind: .file, size: 1234, layer: 3)
        builder.add(path: "/root/.cache/go-build/x", mode: 0o644, kind: .file, size: 10, layer: 3)
        let caches = builder.summary().caches
        #expect(caches.map(\.directory) == ["/home/*/.cache/pip", "/root/.cache/go-build", "/var/lib/apt/lists"])
        let apt = try #require(caches.last)
        #expect(apt.manager == "apt")
        #expect(apt.bytes == 9_000_000)
        #expect(apt.files == 1)
        #expect(apt.layers == [2])
    }

    @Test func limitsBoundMemoryAndMarkTruncation() {
        var builder = ImageFactsBuilder(limits: .init(maximumTrackedPaths: 10, maximumNotableFiles: 3, examplesPerLayer: 2))
        for i in 0..<100 {
            builder.add(path: "/f\(i)", mode: 0o4755, kind: .file, size: Int64(i + 1), layer: 1)
            builder.add(path: "/f\(i)", mode: 0o755, kind: .file, size: 1, layer: 2)
        }
        #expect(builder.versions.count == 10)
        #expect(builder.notable.count == 3)
        let summary = builder.summary()
        #expect(summary.truncated)
        #expect(summary.layerWaste.first?.largest.map(\.size) == [10, 9])
    }
}
