/// A version string a scheme cannot parse. Reported, never guessed.
public struct VersionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scheme's short name, e.g. "dpkg".
    public var scheme: String
    /// The offending text.
    public var version: String
    /// What is wrong, short.
    public var reason: String

    public init(scheme: String, version: String, reason: String) {
        self.scheme = scheme
        self.version = version
        self.reason = reason
    }

    /// `invalid dpkg version "1:": nothing after colon in version number`
    public var description: String {
        "invalid \(scheme) version \"\(version)\": \(reason)"
    }
}

/// One way of ordering version strings: a package ecosystem's own rules, followed exactly.
public protocol VersionScheme: Sendable {
    /// Short name: dpkg, pep440, semver, go, rpm, maven, apk, rubygems, nuget, composer.
    var name: String { get }
    /// Throws when `text` is not a version in this scheme.
    func validate(_ text: String) throws(VersionError)
    /// -1, 0 or 1. Throws when either side does not parse.
    func compare(_ lhs: String, _ rhs: String) throws(VersionError) -> Int
}

public enum VersionSchemes {
    /// Debian and Ubuntu: dpkg's `verrevcmp` over epoch, upstream version and revision.
    public static let dpkg: any VersionScheme = DpkgScheme()
    /// Python: PEP 440 as `packaging.version.Version` parses and orders it.
    public static let pep440: any VersionScheme = PEP440Scheme()
    /// npm and crates.io: SemVer 2.0.0, strict, with a tolerated leading "v".
    public static let semver: any VersionScheme = SemVerScheme()
    /// Go modules and the Go toolchain/standard library as OSV writes them ("v" optional).
    public static let go: any VersionScheme = GoScheme()
    /// RPM: `[epoch:]version[-release]` ordered by `rpmvercmp`, as rpm's `labelCompare` does.
    public static let rpm: any VersionScheme = RPMScheme()
    /// Maven: `org.apache.maven.artifact.versioning.ComparableVersion` (Maven 3.8.7).
    public static let maven: any VersionScheme = MavenScheme()
    /// Alpine, Wolfi, Chainguard: apk-tools' `apk_version_compare`.
    public static let apk: any VersionScheme = APKScheme()
    /// RubyGems: `Gem::Version#<=>`.
    public static let rubygems: any VersionScheme = RubyGemsScheme()
    /// NuGet: `NuGet.Versioning.NuGetVersion` with `VersionComparer.Default`.
    public static let nuget: any VersionScheme = NuGetScheme()
    /// Packagist: composer/semver `VersionParser::normalize` then `Comparator`.
    public static let composer: any VersionScheme = ComposerScheme()

    /// Every scheme, in a fixed order.
    public static let all: [any VersionScheme] = [dpkg, pep440, semver, go, rpm, maven, apk, rubygems, nuget, composer]

    /// The scheme with this short name (`dpkg`, `pep440`, …), or nil.
    public static func named(_ name: String) -> (any VersionScheme)? {
        switch name {
        case "dpkg": return dpkg
        case "pep440": return pep440
        case "semver": return semver
        case "go": return go
        case "rpm": return rpm
        case "maven": return maven
        case "apk": return apk
        case "rubygems": return rubygems
        case "nuget": return nuget
        case "composer": return composer
        default: return nil
        }
    }

    /// The scheme of an OSV ecosystem name ("Debian:12", "Alpine:v3.18", "PyPI", "Rocky Linux:9", …):
    /// the part before the first ":", case-sensitive as OSV writes it. Nil when unknown, and for
    /// ecosystems whose ordering none of these schemes implements (Hex, Pub, Hackage, CRAN, …).
    public static func forEcosystem(_ ecosystem: String) -> (any VersionScheme)? {
        let base: Substring
        if let colon = ecosystem.firstIndex(of: ":") {
            base = ecosystem[..<colon]
        } else {
            base = ecosystem[...]
        }
        switch base {
        case "Debian", "Ubuntu":
            return dpkg
        case "Alpine", "Wolfi", "Chainguard":
            return apk
        case "Red Hat", "Rocky Linux", "AlmaLinux", "openSUSE", "SUSE", "Mageia", "openEuler", "Photon OS":
            return rpm
        case "PyPI":
            return pep440
        case "npm", "crates.io":
            return semver
        case "Go":
            return go
        case "Maven":
            return maven
        case "RubyGems":
            return rubygems
        case "NuGet":
            return nuget
        case "Packagist":
            return composer
        default:
            return nil
        }
    }
}

// MARK: - Shared byte-level helpers

/// Runs `body` over the UTF-8 bytes of `text` without copying a native string.
@inline(__always)
func withUTF8Bytes<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var text = text
    return text.withUTF8(body)
}

@inline(__always) func isASCIIDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
@inline(__always) func isASCIILower(_ c: UInt8) -> Bool { c &- 0x61 < 26 }
@inline(__always) func isASCIIUpper(_ c: UInt8) -> Bool { c &- 0x41 < 26 }
@inline(__always) func isASCIIAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }
@inline(__always) func isASCIIAlnum(_ c: UInt8) -> Bool { isASCIIDigit(c) || isASCIIAlpha(c) }
@inline(__always) func asciiLower(_ c: UInt8) -> UInt8 { isASCIIUpper(c) ? c | 0x20 : c }

@inline(__always) func sign(_ x: Int) -> Int { x < 0 ? -1 : (x > 0 ? 1 : 0) }

/// Compares two runs of ASCII digits numerically, whatever their length (leading zeros ignored).
@inline(__always)
func compareDigitRuns(_ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int,
                      _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int) -> Int {
    var i = aStart, j = bStart
    while i < aEnd && a[i] == 0x30 { i += 1 }
    while j < bEnd && b[j] == 0x30 { j += 1 }
    let la = aEnd - i, lb = bEnd - j
    if la != lb { return la < lb ? -1 : 1 }
    while i < aEnd {
        if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
        i += 1
        j += 1
    }
    return 0
}

/// Compares two byte ranges as C's strcmp/memcmp would (unsigned bytes, shorter prefix first).
@inline(__always)
func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ aStart: Int, _ aEnd: Int,
                  _ b: UnsafeBufferPointer<UInt8>, _ bStart: Int, _ bEnd: Int) -> Int {
    var i = aStart, j = bStart
    while i < aEnd && j < bEnd {
        if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
        i += 1
        j += 1
    }
    let ra = aEnd - i, rb = bEnd - j
    return ra == rb ? 0 : (ra < rb ? -1 : 1)
}

/// A non-negative integer of any size, kept as a machine word when it fits.
struct BigNum: Hashable, Sendable, Comparable {
    /// The value when it has at most 19 significant digits.
    var small: UInt64
    /// The significant ASCII digits when there are more than 19 (then `small` is 0).
    var big: [UInt8]?

    static let zero = BigNum(small: 0, big: nil)

    init(small: UInt64, big: [UInt8]? = nil) {
        self.small = small
        self.big = big
    }

    init(_ value: UInt64) {
        self.small = value
        self.big = nil
    }

    /// From ASCII digits `buf[start..<end]` (all digits; may be empty, meaning 0).
    init(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        var i = start
        while i < end && buf[i] == 0x30 { i += 1 }
        if end - i <= 19 {
            var v: UInt64 = 0
            while i < end {
                v = v &* 10 &+ UInt64(buf[i] &- 0x30)
                i += 1
            }
            self.small = v
            self.big = nil
        } else {
            self.small = 0
            self.big = Array(buf[i..<end])
        }
    }

    var isZero: Bool { big == nil && small == 0 }

    static func < (a: BigNum, b: BigNum) -> Bool { compare(a, b) < 0 }

    static func compare(_ a: BigNum, _ b: BigNum) -> Int {
        switch (a.big, b.big) {
        case (nil, nil):
            return a.small == b.small ? 0 : (a.small < b.small ? -1 : 1)
        case (nil, _?):
            return -1
        case (_?, nil):
            return 1
        case let (x?, y?):
            if x.count != y.count { return x.count < y.count ? -1 : 1 }
            for k in 0..<x.count where x[k] != y[k] {
                return x[k] < y[k] ? -1 : 1
            }
            return 0
        }
    }
}

/// A scheme that can parse once and compare parsed values: the matcher parses the package version and
/// each event once per range instead of once per comparison.
protocol ParsingVersionScheme: VersionScheme {
    associatedtype Parsed
    func parsed(_ text: String) throws(VersionError) -> Parsed
    func compareParsed(_ a: Parsed, _ b: Parsed) -> Int
    /// A cheap necessary condition for equality: versions that compare equal have equal hints.
    func equalityHint(_ text: String) -> UInt64
}

extension PEP440Scheme: ParsingVersionScheme {
    func parsed(_ text: String) throws(VersionError) -> PEP440Version { try Self.parse(text) }
    func compareParsed(_ a: PEP440Version, _ b: PEP440Version) -> Int { PEP440Version.compare(a, b) }

    /// A hash of the non-zero numbers in the text, in order. Equal PEP 440 versions differ only in
    /// spelling (case, separators, `v`, alpha/a, rc/c, implicit 0 numbers, padded release zeros, leading
    /// zeros, a 0 epoch), none of which changes that sequence.
    func equalityHint(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf29ce484222325
        var value: UInt64 = 0
        var inDigits = false
        func flush() {
            if inDigits && value != 0 {
                hash = (hash ^ value) &* 0x100000001b3
                hash = (hash ^ 0xff) &* 0x100000001b3
            }
            value = 0
            inDigits = false
        }
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                value = value &* 10 &+ UInt64(byte - 0x30)
                inDigits = true
            } else {
                flush()
            }
        }
        flush()
        return hash
    }
}
