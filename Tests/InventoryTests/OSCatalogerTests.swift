import Foundation
import Testing
@testable import Inventory

struct ApkCatalogerTests {
    let installed = """
        C:Q1PfNa8/oHEeTqbAHCDKPqQmUaXBs=
        P:busybox
        V:1.36.1-r15
        A:x86_64
        S:507229
        I:930816
        T:Size optimized toolbox of many common UNIX utilities
        U:https://busybox.net/
        L:GPL-2.0-only
        o:busybox
        m:Sören Tempel <soeren+alpine@soeren-tempel.net>
        t:1700000000
        c:0e1d5c1b3a1b
        D:so:libc.musl-x86_64.so.1
        p:cmd:busybox=1.36.1-r15 cmd:sh=1.36.1-r15
        F:bin
        R:busybox
        a:0:0:755
        Z:Q1yMDl0nOQW5dpyWRcrjRVS5Dz8Ck=

        P:libcrypto3
        V:3.1.4-r5
        A:x86_64
        L:Apache-2.0
        o:openssl
        D:so:libc.musl-x86_64.so.1
        p:so:libcrypto.so.3=3

        P:musl
        V:1.2.4_git20230717-r4
        A:x86_64
        L:MIT
        o:musl
        p:so:libc.musl-x86_64.so.1=1

        P:ssl_client
        V:1.36.1-r15
        A:x86_64
        L:GPL-2.0-only AND MIT
        o:busybox
        D:so:libc.musl-x86_64.so.1 so:libcrypto.so.3 !ssl_client-old musl>=1.2 so:libmissing.so.1

        """

    @Test func installedPackages() throws {
        let out = try ApkCataloger().catalog(CatalogFile(path: "/lib/apk/db/installed", data: Data(installed.utf8)))
        #expect(out.packages.map(\.name) == ["busybox", "libcrypto3", "musl", "ssl_client"])
        let crypto = out.packages[1]
        #expect(crypto.version == "3.1.4-r5")
        #expect(crypto.type == .apk)
        #expect(crypto.arch == "x86_64")
        #expect(crypto.sourceName == "openssl")
        #expect(crypto.sourceVersion == "3.1.4-r5")
        #expect(crypto.licenses == ["Apache-2.0"])
        #expect(crypto.foundBy == "apk-installed")
        #expect(out.packages[3].licenses == ["GPL-2.0-only", "MIT"])
        let os = OperatingSystem(id: "alpine", versionID: "3.19.1", prettyName: nil, codename: nil)
        #expect(PackageURL.make(for: crypto, os: os) == "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=alpine-3.19.1&upstream=openssl")
        #expect(PackageURL.make(for: out.packages[0], os: os) == "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1")
    }

    @Test func recordFieldsAndDependencies() {
        let records = ApkCataloger.records(installed)
        #expect(records.count == 4)
        #expect(records[0].maintainer == "Sören Tempel <soeren+alpine@soeren-tempel.net>")
        #expect(records[0].provides == ["cmd:busybox=1.36.1-r15", "cmd:sh=1.36.1-r15"])
        let deps = ApkCataloger.dependencies(records)
        #expect(deps["ssl_client"] == ["musl", "libcrypto3"])
        #expect(deps["busybox"] == ["musl"])
        #expect(deps["musl"] == [])
        #expect(ApkCataloger.dependencyName("!ssl_client-old") == nil)
        #expect(ApkCataloger.dependencyName("musl>=1.2") == "musl")
        #expect(ApkCataloger.dependencyName("so:libc.musl-x86_64.so.1=1") == "so:libc.musl-x86_64.so.1")
    }

    @Test func pathsAndLineEndings() throws {
        let c = ApkCataloger()
        #expect(c.wants(path: "/lib/apk/db/installed", size: 10, mode: 0o644))
        #expect(c.wants(path: "/usr/lib/apk/db/installed", size: 10, mode: 0o644))
        #expect(!c.wants(path: "/lib/apk/db/installed.old", size: 10, mode: 0o644))
        #expect(!c.wants(path: "/etc/apk/world", size: 10, mode: 0o644))
        let crlf = "P:zlib\r\nV:1.3-r2\r\nA:aarch64\r\n\r\nP:no-origin\r\nV:1\r\n"
        let out = try c.catalog(CatalogFile(path: "/lib/apk/db/installed", data: Data(crlf.utf8)))
        #expect(out.packages.map(\.name) == ["zlib", "no-origin"])
        #expect(out.packages[0].arch == "aarch64")
        #expect(out.packages[1].sourceName == "no-origin")
        #expect(out.packages[1].arch == nil)
    }

    @Test func emptyDatabaseHasNoPackages() throws {
        #expect(try ApkCataloger().catalog(CatalogFile(path: "/lib/apk/db/installed", data: Data())).packages.isEmpty)
        #expect(try ApkCataloger().catalog(CatalogFile(path: "/lib/apk/db/installed", data: Data("\n\n".utf8))).packages.isEmpty)
    }

    @Test func malformedDatabaseIsAnError() {
        for text in ["\u{0}\u{1}binary\u{2}", "P:half-written-record\n", "V:1.0\nA:x86_64\n", "not an apk database\n"] {
            #expect(throws: CatalogError.self, "\(text.debugDescription)") {
                try ApkCataloger().catalog(CatalogFile(path: "/lib/apk/db/installed", data: Data(text.utf8)))
            }
        }
    }

    @Test func licenseExpressions() {
        #expect(Licenses.splitExpression("MIT and (GPLv2+ or Apache-2.0)") == ["MIT", "GPLv2+", "Apache-2.0"])
        #expect(Licenses.splitExpression("GPL-2.0-or-later WITH Linux-syscall-note OR MIT") == ["GPL-2.0-or-later WITH Linux-syscall-note", "MIT"])
        #expect(Licenses.splitExpression("Public Domain, BSD") == ["Public Domain", "BSD"])
        #expect(Licenses.splitExpression("expat AND MIT") == ["MIT"])
        #expect(Licenses.splitExpression("") == [])
    }
}

/// Builds an rpm header blob byte by byte: `il`, `dl`, the 16-byte index entries and the
/// data store, all big-endian, as rpm's `headerExport` writes it.
enum RpmHeaderBuilder {
    enum Value {
        case string(String)
        case int32(Int32)
        case raw(type: UInt32, bytes: [UInt8])
    }

    static func be32(_ v: UInt32) -> [UInt8] {
        [UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)]
    }

    static func blob(_ tags: [(Int32, Value)], magic: Bool = false) -> [UInt8] {
        var index: [UInt8] = []
        var store: [UInt8] = []
        for (tag, value) in tags {
            let type: UInt32
            let bytes: [UInt8]
            switch value {
            case .string(let s):
                type = 6
                bytes = Array(s.utf8) + [0]
            case .int32(let n):
                type = 4
                while store.count % 4 != 0 { store.append(0) }
                bytes = be32(UInt32(bitPattern: n))
            case .raw(let t, let b):
                type = t
                bytes = b
            }
            index.append(contentsOf: be32(UInt32(bitPattern: tag)))
            index.append(contentsOf: be32(type))
            index.append(contentsOf: be32(UInt32(store.count)))
            index.append(contentsOf: be32(1))
            store.append(contentsOf: bytes)
        }
        var out: [UInt8] = magic ? RpmHeader.magic : []
        out.append(contentsOf: be32(UInt32(tags.count)))
        out.append(contentsOf: be32(UInt32(store.count)))
        out.append(contentsOf: index)
        out.append(contentsOf: store)
        return out
    }

    /// A RHEL-like bash-devel header.
    static let bashDevel: [(Int32, Value)] = [
        (RpmHeader.Tag.name, .string("bash-devel")),
        (RpmHeader.Tag.version, .string("5.1.8")),
        (RpmHeader.Tag.release, .string("9.el9")),
        (RpmHeader.Tag.epoch, .int32(2)),
        (1004, .string("ignored summary")),
        (RpmHeader.Tag.vendor, .string("Red Hat, Inc.")),
        (RpmHeader.Tag.license, .string("GPLv3+")),
        (RpmHeader.Tag.arch, .string("x86_64")),
        (RpmHeader.Tag.sourceRPM, .string("bash-5.1.8-9.el9.src.rpm")),
    ]
}

struct RpmHeaderTests {
    @Test func parsesTags() throws {
        let header = try RpmHeader(RpmHeaderBuilder.blob(RpmHeaderBuilder.bashDevel))
        #expect(header.name == "bash-devel")
        #expect(header.version == "5.1.8")
        #expect(header.release == "9.el9")
        #expect(header.epoch == 2)
        #expect(header.vendor == "Red Hat, Inc.")
        #expect(header.license == "GPLv3+")
        #expect(header.arch == "x86_64")
        #expect(header.sourceRPM == "bash-5.1.8-9.el9.src.rpm")
        #expect(try RpmHeader(RpmHeaderBuilder.blob(RpmHeaderBuilder.bashDevel, magic: true)) == header)
    }

    @Test func packageAndPurl() throws {
        let header = try RpmHeader(RpmHeaderBuilder.blob(RpmHeaderBuilder.bashDevel))
        let bash = try #require(try RpmCataloger().makePackage(from: header, path: "/var/lib/rpm/rpmdb.sqlite"))
        #expect(bash.type == .rpm)
        #expect(bash.version == "2:5.1.8-9.el9")
        #expect(bash.sourceName == "bash")
        #expect(bash.sourceVersion == "2:5.1.8-9.el9")
        #expect(bash.licenses == ["GPLv3+"])
        #expect(bash.arch == "x86_64")
        let os = OperatingSystem(id: "rhel", versionID: "9.4", prettyName: nil, codename: nil)
        #expect(PackageURL.make(for: bash, os: os) == "pkg:rpm/rhel/bash-devel@5.1.8-9.el9?arch=x86_64&distro=rhel-9.4&epoch=2&upstream=bash")
    }

    @Test func laterEntriesWinAndKeysAreSkipped() throws {
        var tags = RpmHeaderBuilder.bashDevel
        tags.append((RpmHeader.Tag.name, .string("bash-devel-dribble")))
        #expect(try RpmHeader(RpmHeaderBuilder.blob(tags)).name == "bash-devel-dribble")
        let key = try RpmHeader(RpmHeaderBuilder.blob([
            (RpmHeader.Tag.name, .string("gpg-pubkey")), (RpmHeader.Tag.version, .string("fd431d51")),
            (RpmHeader.Tag.release, .string("4ae0493b")),
        ]))
        #expect(try RpmCataloger().makePackage(from: key, path: "/var/lib/rpm/Packages") == nil)
    }

    @Test func versionsAndSourceRPMs() {
        #expect(RpmCataloger.evr(epoch: nil, version: "1.0", release: "1") == "1.0-1")
        #expect(RpmCataloger.evr(epoch: 0, version: "1.0", release: "1") == "1.0-1")
        #expect(RpmCataloger.evr(epoch: 1, version: "1.0", release: "") == "1:1.0")
        let glibc = RpmCataloger.parseSourceRPM("glibc-2.34-100.el9_4.2.src.rpm")
        #expect(glibc?.name == "glibc")
        #expect(glibc?.version == "2.34")
        #expect(glibc?.release == "100.el9_4.2")
        #expect(RpmCataloger.parseSourceRPM("python-setuptools-wheel-53.0.0-12.el9.nosrc.rpm")?.name == "python-setuptools-wheel")
        #expect(RpmCataloger.parseSourceRPM("(none)") == nil)
        #expect(RpmCataloger.parseSourceRPM("foo-1.src.rpm") == nil)
    }

    @Test func malformedHeadersAreErrors() {
        let good = RpmHeaderBuilder.blob(RpmHeaderBuilder.bashDevel)
        var outOfRange = good
        outOfRange[8 + 8 ..< 8 + 12] = ArraySlice(RpmHeaderBuilder.be32(0x7FFF_0000))  // first entry's offset
        let unterminated = RpmHeaderBuilder.blob([(RpmHeader.Tag.name, .raw(type: 6, bytes: Array("bash".utf8)))])
        let wrongType = RpmHeaderBuilder.blob([(RpmHeader.Tag.name, .raw(type: 7, bytes: [1, 2, 3, 0]))])
        let cases: [(String, [UInt8])] = [
            ("empty", []),
            ("truncated", Array(good.dropLast())),
            ("no entries", RpmHeaderBuilder.be32(0) + RpmHeaderBuilder.be32(0)),
            ("huge index", RpmHeaderBuilder.be32(0xFFFF_FFFF) + RpmHeaderBuilder.be32(16)),
            ("huge store", RpmHeaderBuilder.be32(1) + RpmHeaderBuilder.be32(0x7FFF_FFFF) + [UInt8](repeating: 0, count: 32)),
            ("offset out of range", outOfRange),
            ("unterminated string", unterminated),
            ("wrong type", wrongType),
        ]
        for (label, blob) in cases {
            #expect(throws: CatalogError.self, "\(label)") { try RpmHeader(blob) }
        }
    }
}

struct RpmDatabaseTests {
    /// Databases made by Tests/Support/make_rpmdb.py with Debian's rpm and libdb.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/rpm")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: fixtures.appendingPathComponent(name))
    }

    @Test(arguments: ["rpmdb.sqlite", "Packages", "Packages-8k", "Packages-be512", "Packages.db"])
    func readsEveryFormat(_ name: String) throws {
        let data = try Self.fixture(name)
        let out = try RpmCataloger().catalog(CatalogFile(path: "/var/lib/rpm/\(name)", data: data))
        let packages = out.packages.sorted { $0.name < $1.name }
        #expect(packages.map(\.name) == ["palisade-hello", "palisade-other"])
        guard packages.count == 2 else { return }
        let hello = packages[0]
        #expect(hello.version == "2:1.2.3-4.el9")
        #expect(hello.arch == "noarch")
        #expect(hello.sourceName == "palisade-hello")
        #expect(hello.sourceVersion == "2:1.2.3-4.el9")
        #expect(hello.licenses == ["MIT", "GPLv2+", "Apache-2.0"])
        #expect(hello.foundBy == "rpm-db")
        #expect(hello.locations.map(\.path) == ["/var/lib/rpm/\(name)"])
        #expect(packages[1].version == "0.9-1")
        #expect(packages[1].licenses == ["BSD"])
        let os = OperatingSystem(id: "rhel", versionID: "9.4", prettyName: nil, codename: nil)
        #expect(PackageURL.make(for: hello, os: os) == "pkg:rpm/rhel/palisade-hello@1.2.3-4.el9?arch=noarch&distro=rhel-9.4&epoch=2")
    }

    @Test func wantedPaths() {
        let c = RpmCataloger()
        for path in ["/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/var/lib/rpm/Packages.db",
                     "/usr/lib/sysimage/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/Packages", "/usr/lib/sysimage/rpm/Packages.db"] {
            #expect(c.wants(path: path, size: 1 << 20, mode: 0o644), "\(path)")
        }
        for path in ["/var/lib/rpm/rpmdb.sqlite-wal", "/var/lib/rpm/Name", "/var/lib/rpm/sub/Packages", "/opt/var/lib/rpm/Packages"] {
            #expect(!c.wants(path: path, size: 1 << 20, mode: 0o644), "\(path)")
        }
    }

    @Test func emptyFileHasNoPackages() throws {
        #expect(try RpmCataloger().catalog(CatalogFile(path: "/var/lib/rpm/Packages", data: Data())).packages.isEmpty)
    }

    @Test func malformedDatabasesAreErrors() throws {
        let sqlite = try Self.fixture("rpmdb.sqlite")
        let bdb = try Self.fixture("Packages")
        let ndb = try Self.fixture("Packages.db")
        var ndbTampered = ndb
        ndbTampered[4096 + 40] ^= 0xFF  // a byte inside the first blob: the Adler-32 no longer matches
        var ndbBadSlot = ndb
        ndbBadSlot[32] = 0  // the first slot's magic
        var bdbBadChain = try Self.fixture("Packages-be512")
        bdbBadChain[3 * 512 + 25] = 13  // an overflow page of a header's chain is no longer one
        let cases: [(String, Data)] = [
            ("garbage", Data("this is not a database at all".utf8) + Data(count: 600)),
            ("sqlite header only", Data("SQLite format 3\u{0}".utf8) + Data(count: 4096)),
            ("sqlite truncated to its header", sqlite.prefix(100)),
            ("bdb truncated", bdb.prefix(3 * 4096)),
            ("bdb broken overflow chain", bdbBadChain),
            ("ndb truncated", ndb.prefix(4096 + 100)),
            ("ndb tampered", ndbTampered),
            ("ndb bad slot", ndbBadSlot),
        ]
        for (label, data) in cases {
            #expect(throws: CatalogError.self, "\(label)") {
                try RpmCataloger().catalog(CatalogFile(path: "/var/lib/rpm/Packages", data: data))
            }
        }
    }
}
