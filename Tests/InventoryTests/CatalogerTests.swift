import Foundation
import Testing
@testable import Inventory

struct DpkgCatalogerTests {
    let status = """
        Package: bsdutils
        Status: install ok installed
        Priority: required
        Architecture: amd64
        Source: util-linux (2.38.1-5+deb12u3)
        Version: 1:2.38.1-5+deb12u3
        Description: basic utilities from 4.4BSD-Lite
         This package contains the bare minimum of BSD utilities
         .
         with odd continuation: lines: that look like fields
        Conffiles:
         /etc/x 0123 obsolete

        Package: removed
        Status: deinstall ok config-files
        Version: 1.0

        Package: libc6
        Status: install ok installed
        Architecture: amd64
        Source: glibc
        Version: 2.36-9+deb12u14

        Package: half-installed
        Status: install reinstreq half-installed
        Version: 2.0
        """

    @Test func installedPackagesWithSources() throws {
        let out = try DpkgCataloger().catalog(CatalogFile(path: "/var/lib/dpkg/status", data: Data(status.utf8)))
        #expect(out.packages.map(\.name) == ["bsdutils", "libc6"])
        let bsd = out.packages[0]
        #expect(bsd.version == "1:2.38.1-5+deb12u3")
        #expect(bsd.sourceName == "util-linux")
        #expect(bsd.sourceVersion == "2.38.1-5+deb12u3")
        #expect(bsd.arch == "amd64")
        #expect(out.packages[1].sourceName == "glibc")
        #expect(out.packages[1].sourceVersion == "2.36-9+deb12u14")
        let os = OperatingSystem(id: "debian", versionID: "12", prettyName: nil, codename: nil)
        #expect(PackageURL.make(for: bsd, os: os) == "pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12&epoch=1&upstream=util-linux")
    }

    @Test func distrolessStatusDirectory() throws {
        let cataloger = DpkgCataloger()
        #expect(cataloger.wants(path: "/var/lib/dpkg/status.d/base", size: 100, mode: 0o644))
        #expect(!cataloger.wants(path: "/var/lib/dpkg/status.d/base.md5sums", size: 100, mode: 0o644))
        #expect(!cataloger.wants(path: "/var/lib/dpkg/status-old", size: 100, mode: 0o644))
        let out = try cataloger.catalog(CatalogFile(path: "/var/lib/dpkg/status.d/base", data: Data("Package: base-files\nVersion: 12.4\nArchitecture: amd64\n".utf8)))
        #expect(out.packages.map(\.name) == ["base-files"])
    }

    @Test func garbageIsAnError() {
        #expect(throws: CatalogError.self) {
            try DpkgCataloger().catalog(CatalogFile(path: "/var/lib/dpkg/status", data: Data("\u{0}\u{1}binary".utf8)))
        }
    }

    @Test func copyrightLicenses() throws {
        let text = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: GPL-2+\n\nFiles: lib/*\nLicense: LGPL-2.1+ or BSD-3-clause\n"
        let c = DebianCopyrightCataloger()
        #expect(c.wants(path: "/usr/share/doc/bash/copyright", size: 10, mode: 0o644))
        #expect(!c.wants(path: "/usr/share/doc/bash/examples/copyright", size: 10, mode: 0o644))
        let out = try c.catalog(CatalogFile(path: "/usr/share/doc/bash/copyright", data: Data(text.utf8)))
        #expect(out.licenses["bash"] == ["GPL-2.0-or-later", "LGPL-2.1-or-later", "BSD-3-Clause"])
    }
}

struct PythonCatalogerTests {
    @Test func distInfoMetadata() throws {
        let metadata = "Metadata-Version: 2.1\nName: PyYAML\nVersion: 5.3\nLicense: MIT\nClassifier: License :: OSI Approved :: MIT License\n\nlong description\nName: not-this\n"
        let out = try PythonCataloger().catalog(CatalogFile(path: "/usr/lib/python3/dist-packages/PyYAML-5.3.dist-info/METADATA", data: Data(metadata.utf8)))
        #expect(out.packages.map(\.name) == ["pyyaml"])
        #expect(out.packages[0].version == "5.3")
        #expect(out.packages[0].licenses == ["MIT"])
        #expect(PackageURL.make(for: out.packages[0], os: nil) == "pkg:pypi/pyyaml@5.3")
        #expect(Python.normalize("Zope.Interface__x") == "zope-interface-x")
    }

    @Test func crlfMetadata() throws {
        let metadata = "Metadata-Version: 2.1\r\nName: pip\r\nVersion: 23.2.1\r\nLicense: MIT\r\n\r\nbody\r\n"
        let out = try PythonCataloger().catalog(CatalogFile(path: "/x/pip-23.2.1.dist-info/METADATA", data: Data(metadata.utf8)))
        #expect(out.packages.map(\.name) == ["pip"])
        #expect(out.packages[0].version == "23.2.1")
        let manifest = JavaArchiveCataloger.manifest("Manifest-Version: 1.0\r\nBundle-License: https://www.apache.org/licenses/LICENSE-2.0.tx\r\n t\r\n\r\n")
        #expect(manifest["Bundle-License"] == "https://www.apache.org/licenses/LICENSE-2.0.txt")
    }

    @Test func truncatedMetadataIsAnError() {
        #expect(throws: CatalogError.self) {
            try PythonCataloger().catalog(CatalogFile(path: "/x.dist-info/METADATA", data: Data("Metadata-Version: 2.1\nNa".utf8)))
        }
    }
}

struct NpmCatalogerTests {
    @Test func installedPackageJSON() throws {
        let c = NpmCataloger()
        #expect(c.wants(path: "/app/node_modules/lodash/package.json", size: 100, mode: 0o644))
        #expect(c.wants(path: "/app/node_modules/@babel/core/package.json", size: 100, mode: 0o644))
        #expect(!c.wants(path: "/app/node_modules/lodash/fp/package.json", size: 100, mode: 0o644))
        #expect(!c.wants(path: "/app/package.json", size: 100, mode: 0o644))
        let out = try c.catalog(CatalogFile(path: "/app/node_modules/@babel/core/package.json",
                                            data: Data(#"{"name":"@babel/core","version":"7.1.0","license":{"type":"MIT"}}"#.utf8)))
        #expect(out.packages[0].name == "@babel/core")
        #expect(out.packages[0].licenses == ["MIT"])
        #expect(PackageURL.make(for: out.packages[0], os: nil) == "pkg:npm/%40babel/core@7.1.0")
    }

    @Test func missingVersionIsAnError() {
        let error = #expect(throws: CatalogError.self) {
            try NpmCataloger().catalog(CatalogFile(path: "/a/node_modules/x/package.json", data: Data(#"{"name":"x"}"#.utf8)))
        }
        #expect(error?.message.contains("no version") == true)
    }
}

struct GoBinaryCatalogerTests {
    /// A minimal ELF-looking file with inline (Go 1.18+) build info found by the magic search.
    func binary(modinfo: String, version: String = "go1.22.3") -> Data {
        var bytes: [UInt8] = [0x7f, 0x45, 0x4c, 0x46, 2, 1] + [UInt8](repeating: 0, count: 1024 + 10)
        bytes += [0xff] + Array(" Go buildinf:".utf8) + [8, 2] + [UInt8](repeating: 0, count: 16)
        func varint(_ n: Int) -> [UInt8] { var n = n; var out: [UInt8] = []; while n >= 0x80 { out.append(UInt8(n & 0x7f) | 0x80); n >>= 7 }; return out + [UInt8(n)] }
        let start: [UInt8] = [0x30, 0x77, 0xaf, 0x0c, 0x92, 0x74, 0x08, 0x02, 0x41, 0xe1, 0xc1, 0x07, 0xe6, 0xd6, 0x18, 0xe6]
        let end: [UInt8] = [0xf9, 0x32, 0x43, 0x31, 0x86, 0x18, 0x20, 0x72, 0x00, 0x82, 0x42, 0x10, 0x41, 0x16, 0xd8, 0xf2]
        let info = start + Array(modinfo.utf8) + end
        bytes += varint(version.utf8.count) + Array(version.utf8) + varint(info.count) + info
        return Data(bytes + [UInt8](repeating: 0, count: 64))
    }

    @Test func modulesReplacementsAndStdlib() throws {
        let modinfo = "path\texample.com/app\nmod\texample.com/app\tv1.2.3\th1:x=\ndep\tgolang.org/x/net\tv0.1.0\th1:y=\ndep\texample.com/old\tv1.0.0\th1:z=\n=>\texample.com/new\tv1.1.0\th1:w=\nbuild\t-compiler=gc\n"
        let out = try GoBinaryCataloger().catalog(CatalogFile(path: "/usr/bin/app", data: binary(modinfo: modinfo), mode: 0o755))
        #expect(out.packages.map { "\($0.name)@\($0.version)" } == ["example.com/app@v1.2.3", "golang.org/x/net@v0.1.0", "example.com/new@v1.1.0", "stdlib@v1.22.3"])
        #expect(out.packages[0].dependsOn.contains("pkg:golang/golang.org/x/net@v0.1.0"))
        #expect(PackageURL.make(for: out.packages[1], os: nil) == "pkg:golang/golang.org/x/net@v0.1.0")
    }

    @Test func binaryWithoutBuildInfoHasNoPackages() throws {
        var elf = Data([0x7f, 0x45, 0x4c, 0x46, 2, 1])
        elf.append(Data(count: 4096))
        #expect(try GoBinaryCataloger().catalog(CatalogFile(path: "/bin/ls", data: elf, mode: 0o755)).packages.isEmpty)
        #expect(try GoBinaryCataloger().catalog(CatalogFile(path: "/bin/sh", data: Data("#!/bin/sh\n".utf8) + Data(count: 2000), mode: 0o755)).packages.isEmpty)
    }

    @Test func truncatedBuildInfoIsAnError() {
        var data = binary(modinfo: "mod\tx\tv1\t\n")
        data = data.prefix(1024 + 16 + 40)
        #expect(throws: CatalogError.self) { try GoBinaryCataloger().catalog(CatalogFile(path: "/b", data: data, mode: 0o755)) }
    }
}

struct JavaArchiveCatalogerTests {
    @Test func corruptJarIsAnError() {
        #expect(throws: CatalogError.self) {
            try JavaArchiveCataloger().catalog(CatalogFile(path: "/opt/x.jar", data: Data("PK\u{3}\u{4}garbage".utf8)))
        }
    }

    @Test func fileNameFallback() {
        let p = JavaArchiveCataloger().fallbackPackage([:], fileName: "commons-io-2.11.0.jar", location: "/x")
        #expect(p?.name == "commons-io")
        #expect(p?.version == "2.11.0")
    }

    @Test func osRelease() throws {
        let text = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\nVERSION_CODENAME=bookworm\n"
        let os = try OSReleaseCataloger().catalog(CatalogFile(path: "/etc/os-release", data: Data(text.utf8))).operatingSystem
        #expect(os == OperatingSystem(id: "debian", versionID: "12", prettyName: "Debian GNU/Linux 12 (bookworm)", codename: "bookworm"))
        #expect(throws: CatalogError.self) { try OSReleaseCataloger().catalog(CatalogFile(path: "/etc/os-release", data: Data("NAME=x\n".utf8))) }
    }

    @Test func registryIdsAreUnique() {
        let ids = Catalogers.all.map(\.id)
        #expect(Set(ids).count == ids.count)
    }
}
