import Foundation
import Testing
@testable import Vulnerabilities

/// Every version scheme against the real implementation of its ecosystem (Tests/Support/version_oracle.py:
/// dpkg, packaging, rpm's labelCompare, Maven's ComparableVersion, Gem::Version, composer/semver,
/// node-semver; univers for apk and NuGet, whose tools are not packaged for Debian) on thousands of
/// real and generated pairs from Tests/Support/version_pairs.py.
///
/// Where the oracle rejects a version (ERR), Palisade must throw a VersionError of that scheme. The
/// pairs that never reach the oracle, and why, are listed in version_pairs.py: the empty string
/// (Palisade throws for every scheme; dpkg, RubyGems, apk-tools and Maven accept it), limits of
/// node-semver Palisade does not copy (white space, 256 characters, numbers from 2^53), and the
/// constructs univers implements unlike apk-tools and NuGet.Versioning.
@Suite("Version schemes against their real implementations")
struct VersionOracleTests {
    static let schemeNames = ["dpkg", "pep440", "semver", "go", "rpm", "maven", "apk", "rubygems", "nuget", "composer"]

    /// Runs `python3 Tests/Support/<script> args…` (no shell), stdin from `input`; returns stdout.
    static func python(_ script: String, _ arguments: [String], input: URL? = nil) throws -> Data {
        try OracleScript.run(script, arguments, input: input)
    }

    static func lines(_ data: Data) -> [String] {
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Palisade's answer in the oracle's words: -1, 0, 1, or ERR (checking the error names the scheme).
    static func answer(_ scheme: any VersionScheme, _ a: String, _ b: String) -> String {
        do throws(VersionError) {
            return String(try scheme.compare(a, b))
        } catch {
            return error.scheme == scheme.name ? "ERR" : "ERR from scheme \(error.scheme)"
        }
    }

    @Test("agrees with the real implementation on every pair", arguments: schemeNames)
    func agreesWithOracle(_ name: String) throws {
        let scheme = try #require(VersionSchemes.named(name))
        #expect(scheme.name == name)
        let pairData = try Self.python("version_pairs.py", [name])
        let pairFile = FileManager.default.temporaryDirectory.appendingPathComponent("palisade-\(name)-\(UUID().uuidString).tsv")
        try pairData.write(to: pairFile)
        defer { try? FileManager.default.removeItem(at: pairFile) }
        let pairs = Self.lines(pairData).map { line -> (String, String) in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        let answers = Self.lines(try Self.python("version_oracle.py", [name], input: pairFile))
        try #require(answers.count == pairs.count, "the \(name) oracle answered \(answers.count) lines for \(pairs.count) pairs")
        #expect(pairs.count >= 2000, "only \(pairs.count) \(name) pairs")

        var mismatches: [String] = []
        var rejected = 0
        for ((a, b), expected) in zip(pairs, answers) {
            let mine = Self.answer(scheme, a, b)
            if mine != expected {
                mismatches.append("\"\(a)\" <=> \"\(b)\": oracle \(expected), Palisade \(mine)")
                continue
            }
            if expected == "ERR" {
                rejected += 1
                // Unordered composer branches throw from compare although both validate.
                if name != "composer" {
                    let valid = (try? scheme.validate(a)) != nil && (try? scheme.validate(b)) != nil
                    if valid { mismatches.append("\"\(a)\" <=> \"\(b)\": compare throws but both validate") }
                }
            } else {
                if (try? scheme.validate(a)) == nil || (try? scheme.validate(b)) == nil {
                    mismatches.append("\"\(a)\" <=> \"\(b)\": compare answers but validate throws")
                }
                let reverse = Self.answer(scheme, b, a)
                if reverse != String(-(Int(expected) ?? 0)) {
                    mismatches.append("\"\(b)\" <=> \"\(a)\": \(reverse), not the reverse of \(expected)")
                }
            }
        }
        #expect(pairs.count - rejected >= 1000, "only \(pairs.count - rejected) \(name) pairs were ordered")
        #expect(mismatches.isEmpty, """
            \(mismatches.count) of \(pairs.count) \(name) pairs differ from the oracle (\(rejected) rejected by both); first:
            \(mismatches.prefix(25).joined(separator: "\n"))
            """)
    }
}

/// Known orderings and rejections, scheme by scheme.
@Suite("Version schemes by hand")
struct VersionSchemeTests {
    /// Asserts that every version in `ascending` sorts strictly before the next, and every pair in order.
    static func expectAscending(_ scheme: any VersionScheme, _ ascending: [String],
                                sourceLocation: SourceLocation = #_sourceLocation) {
        for i in ascending.indices {
            for j in ascending.indices {
                let expected = i < j ? -1 : (i > j ? 1 : 0)
                let got = try? scheme.compare(ascending[i], ascending[j])
                #expect(got == expected, "\(scheme.name): \(ascending[i]) <=> \(ascending[j])", sourceLocation: sourceLocation)
            }
        }
    }

    static func expectEqual(_ scheme: any VersionScheme, _ a: String, _ b: String,
                            sourceLocation: SourceLocation = #_sourceLocation) {
        #expect((try? scheme.compare(a, b)) == 0, "\(scheme.name): \(a) == \(b)", sourceLocation: sourceLocation)
    }

    static func expectInvalid(_ scheme: any VersionScheme, _ texts: [String],
                              sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts {
            do throws(VersionError) {
                try scheme.validate(text)
                Issue.record("\(scheme.name) accepted \"\(text)\"", sourceLocation: sourceLocation)
            } catch {
                #expect(error.scheme == scheme.name && error.version == text, sourceLocation: sourceLocation)
                #expect(error.description.hasPrefix("invalid \(scheme.name) version \""), sourceLocation: sourceLocation)
            }
            #expect(throws: VersionError.self, sourceLocation: sourceLocation) { try scheme.compare(text, "1") }
            #expect(throws: VersionError.self, sourceLocation: sourceLocation) { try scheme.compare("1", text) }
        }
    }

    @Test func dpkg() {
        let s = VersionSchemes.dpkg
        Self.expectAscending(s, ["1.0~~", "1.0~~a", "1.0~", "1.0", "1.0-0.1", "1.0-1~bpo11+1", "1.0-1", "1.0-1+b1",
                                 "1.0a", "1.0+dfsg", "1.0.1", "1.00001", "1.2", "1.10", "1:0.9", "2:0.1"])
        Self.expectEqual(s, "1.0", "0:1.0")
        Self.expectEqual(s, "1.0", "1.0-0")
        Self.expectEqual(s, "1.01", "1.1")
        Self.expectEqual(s, " 1.0 ", "1.0")
        // dpkg only warns about these, so --compare-versions orders them.
        #expect((try? s.compare("abc", "1.0")) == 1)
        #expect((try? s.compare("1.0@", "1.0")) == 1)
        Self.expectInvalid(s, ["", " ", "1:", ":1.0", "a:1.0", "1.0-", "-1", "1:-1", "1 0", "-1:1.0", "2147483648:1"])
        do throws(VersionError) {
            try s.validate("1:")
        } catch {
            #expect(error.description == "invalid dpkg version \"1:\": nothing after colon in version number")
        }
    }

    @Test func pep440() {
        let s = VersionSchemes.pep440
        Self.expectAscending(s, ["1.0.dev0", "1.0a1.dev1", "1.0a1", "1.0a2.post1", "1.0b1", "1.0rc1", "1.0",
                                 "1.0+abc", "1.0+abc.5", "1.0+5", "1.0.post1.dev1", "1.0.post1", "1.1.dev1", "1.1", "1!0.1"])
        Self.expectEqual(s, "1.0", "1.0.0.0")
        Self.expectEqual(s, "v1.0-1", "1.0.post1")
        Self.expectEqual(s, "1.0-ALPHA-1", "1.0a1")
        Self.expectEqual(s, "1.0c1", "1.0rc1")
        Self.expectEqual(s, " 1.0.DEV ", "1.0.dev0")
        Self.expectEqual(s, "1.0+Ubuntu-1", "1.0+ubuntu.1")
        Self.expectEqual(s, "99999999999999999999999.0", "099999999999999999999999")
        Self.expectInvalid(s, ["", "1.0-foo", "foo", "1..0", "1.0+", "1.0 a", "b1b323042264740c398140da32e93fb9c2c9f33e"])
    }

    @Test func semver() {
        let s = VersionSchemes.semver
        Self.expectAscending(s, ["1.0.0-0", "1.0.0-1", "1.0.0-10", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                 "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0",
                                 "2.0.0", "99999999999999999999.0.0"])
        Self.expectEqual(s, "v1.2.3", "1.2.3+build.5")
        Self.expectInvalid(s, ["", "1.0", "1", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "=1.0.0", " 1.0.0", "V1.0.0", "1.0.0.0"])
    }

    @Test func go() {
        let s = VersionSchemes.go
        Self.expectAscending(s, ["v0.0.0-20191109021931-daa7c04131f5", "v0.0.1", "v1.2.3-pre", "v1.2.3-pre.0.20191109021931-daa7c04131f5",
                                 "v1.2.3", "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", "v2.0.0-rc.1", "v2.0.0+incompatible"])
        Self.expectEqual(s, "v1", "1.0.0")
        Self.expectEqual(s, "v1.2", "v1.2.0")
        Self.expectEqual(s, "v28.0.4+incompatible", "28.0.4")
        Self.expectEqual(s, "1.21.0", "v1.21.0")
        #expect((try? s.compare("1.22.0-rc.1", "1.22.0")) == -1)
        Self.expectInvalid(s, ["", "1", "1.2", "vv1.0.0", "v01.0.0", "v1.2-pre", "v1.0.0+in+compatible", "go1.21"])
    }

    @Test func rpm() {
        let s = VersionSchemes.rpm
        Self.expectAscending(s, ["1.0~~", "1.0~rc1", "1.0~rc1-1", "1.0", "1.0-1", "1.0-1.el9", "1.0-1.el9_2",
                                 "1.0-2", "1.0^git1-1", "1.0a-1", "1.0.1-1", "1.10-1", "0:2.0-1", "1:0.1-1"])
        Self.expectEqual(s, "0:1.0-1", "1.0-1")
        Self.expectEqual(s, "1.01-1", "1.1-1")
        Self.expectEqual(s, "1.0_1-1", "1.0.1-1")
        Self.expectInvalid(s, ["", ":1.0", "a:1.0", "1.0-", "-1", "1-2-3", "1..0", "1.0 -1", "1:1:1"])
    }

    @Test func maven() {
        let s = VersionSchemes.maven
        Self.expectAscending(s, ["1-alpha", "1-alpha1", "1-beta", "1-m1", "1-rc", "1-snapshot", "1", "1-sp", "1-abc", "1-1",
                                 "1.0.1", "1.1", "2.0.0.RC1", "2-SNAPSHOT", "2.0"])
        Self.expectEqual(s, "1", "1.0.0")
        Self.expectEqual(s, "1-ga", "1.final")
        Self.expectEqual(s, "1-RELEASE", "1")
        Self.expectEqual(s, "1-cr1", "1-rc-1")
        Self.expectEqual(s, "1.0-1", "1-1")
        Self.expectEqual(s, "1a1", "1-alpha-1")
        Self.expectEqual(s, "1.٣", "1.3")  // Character.isDigit and Integer.parseInt read any decimal digit
        #expect((try? s.compare("1.0.0.X1", "1.0.0-X2")) == -1)
        #expect((try? s.compare("12345678901234567890", "123456789")) == 1)
        Self.expectInvalid(s, [""])
    }

    @Test func apk() {
        let s = VersionSchemes.apk
        Self.expectAscending(s, ["1.0_alpha", "1.0_alpha1", "1.0_beta2", "1.0_pre1", "1.0_rc1", "1.0", "1.0-r0", "1.0-r1",
                                 "1.0_cvs1", "1.0_svn", "1.0_git20230101", "1.0_hg1", "1.0_p1", "1.0a", "1.0b", "1.0.1", "1.01",
                                 "1.1", "1.10", "2.8.4-r0"])
        #expect((try? s.compare("1.0", "1.00")) == -1)
        #expect((try? s.compare("1.0~abc1-r0", "1.0~abc2-r0")) == -1)
        #expect((try? s.compare("1.0~abc1", "1.0")) == 1)
        Self.expectInvalid(s, ["", "a1", "1..0", "1.0.", "1.0_", "1.0-r", "1.0-r1-r2", "1.0_foo", "1.0A", "1.2a3", "1.0~", "1.0~ABC"])
    }

    @Test func rubygems() {
        let s = VersionSchemes.rubygems
        Self.expectAscending(s, ["1.0.a", "1.0.a.1", "1.0.b", "1.0.pre", "1.0.rc1", "1.0", "1.0.1", "1.1.A", "1.1.a", "1.1"])
        Self.expectEqual(s, "1.0", "1.0.0.0")
        Self.expectEqual(s, "1.0-1", "1.0.pre.1")
        Self.expectEqual(s, "1.0.a.0", "1.0.a")
        Self.expectEqual(s, " 1.0 ", "1")
        Self.expectInvalid(s, ["", "  ", "a", "1.0-", "1..0", ".1", "1.0+1", "1 0"])
    }

    @Test func nuget() {
        let s = VersionSchemes.nuget
        Self.expectAscending(s, ["1.0.0-1", "1.0.0-alpha", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.10", "1.0.0-rc.1",
                                 "1.0.0", "1.0.0.1-beta", "1.0.0.1", "1.0.1", "1.1"])
        Self.expectEqual(s, "1.0.0-BETA", "1.0.0-beta")
        Self.expectEqual(s, "1", "1.0.0.0")
        Self.expectEqual(s, "01.02.03", "1.2.3")
        Self.expectEqual(s, "1.0.0+meta", "1.0.0+other")
        Self.expectEqual(s, " 1.0.0 ", "1.0.0")
        #expect((try? s.compare("1.0.0--1", "1.0.0-0")) == -1)  // int.TryParse reads "-1" as a number
        #expect((try? s.compare("1.0.0-2147483648", "1.0.0-a")) == -1)  // not an Int32: text, "2" < "a"
        Self.expectInvalid(s, ["", "v1.0.0", "1.0.0-", "1.0.0+", "1.0.0-01", "1.0.0.0.0", "1..2", "1.", "2147483648.0", "1.0.0-a_b"])
    }

    @Test func composer() {
        let s = VersionSchemes.composer
        Self.expectAscending(s, ["1.0.0-dev", "1.0.0-alpha1", "1.0.0-beta", "1.0.0-beta2", "1.0.0-RC1", "1.0.0",
                                 "1.0.0-p1", "1.0.1", "1.x-dev", "2.0.0", "2010.01.02", "dev-master"])
        Self.expectEqual(s, "v1.0", "1.0.0.0")
        Self.expectEqual(s, "1.0.0-b2", "1.0.0-beta2")
        Self.expectEqual(s, "1.0.0-pl1", "1.0.0-patch1")
        Self.expectEqual(s, "1.0@dev", "1.0")
        Self.expectEqual(s, "1.0+build.5", "1.0")
        Self.expectEqual(s, "1.0 as 2.0", "1.0")
        Self.expectEqual(s, "dev-feature", "dev-feature")
        #expect(throws: VersionError.self) { try s.compare("dev-feature", "dev-other") }
        Self.expectInvalid(s, ["", "foo", "1.0.0.0.0", "12345678901234567890", "1.0-5", "1.0+", "dev"])
    }

    @Test func ecosystems() {
        let cases: [(String, String?)] = [
            ("Debian", "dpkg"), ("Debian:12", "dpkg"), ("Ubuntu:22.04:LTS", "dpkg"), ("Alpine:v3.18", "apk"),
            ("PyPI", "pep440"), ("npm", "semver"), ("crates.io", "semver"), ("Go", "go"), ("Maven", "maven"),
            ("RubyGems", "rubygems"), ("NuGet", "nuget"), ("Packagist", "composer"), ("Rocky Linux:9", "rpm"),
            ("AlmaLinux:8", "rpm"), ("Red Hat", "rpm"), ("Red Hat:enterprise_linux:9::appstream", "rpm"),
            ("openSUSE", "rpm"), ("SUSE", "rpm"), ("Hex", nil), ("Pub", nil), ("debian", nil), ("", nil), ("pypi", nil),
        ]
        for (ecosystem, expected) in cases {
            #expect(VersionSchemes.forEcosystem(ecosystem)?.name == expected, "\(ecosystem)")
        }
        for name in VersionOracleTests.schemeNames {
            #expect(VersionSchemes.named(name)?.name == name)
        }
        #expect(VersionSchemes.named("deb") == nil)
        #expect(VersionSchemes.all.map(\.name) == VersionOracleTests.schemeNames)
    }
}
