public import ImageAccess

/// The ecosystem of a package, as package-url names it.
public struct PackageType: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let deb = PackageType(rawValue: "deb")
    public static let apk = PackageType(rawValue: "apk")
    public static let rpm = PackageType(rawValue: "rpm")
    public static let pypi = PackageType(rawValue: "pypi")
    public static let npm = PackageType(rawValue: "npm")
    public static let golang = PackageType(rawValue: "golang")
    public static let maven = PackageType(rawValue: "maven")
    public static let gem = PackageType(rawValue: "gem")
    public static let cargo = PackageType(rawValue: "cargo")
    public static let composer = PackageType(rawValue: "composer")
    public static let nuget = PackageType(rawValue: "nuget")

    /// Whether packages of this type belong to the operating system.
    public var isOS: Bool { self == .deb || self == .apk || self == .rpm }

    public var description: String { rawValue }
    public static func < (a: PackageType, b: PackageType) -> Bool { a.rawValue < b.rawValue }
}

/// Where a package was found: the file and the layer that holds its final version.
public struct PackageLocation: Hashable, Sendable, Codable, Comparable {
    /// Absolute path in the image.
    public var path: String
    /// The layer (1-based; 0 for a root filesystem).
    public var layer: Int
    /// The layer's digest.
    public var layerDigest: Digest?
    /// The layer's diff id.
    public var diffID: Digest?

    public init(path: String, layer: Int = 0, layerDigest: Digest? = nil, diffID: Digest? = nil) {
        self.path = path
        self.layer = layer
        self.layerDigest = layerDigest
        self.diffID = diffID
    }

    public static func < (a: PackageLocation, b: PackageLocation) -> Bool {
        (a.path, a.layer) < (b.path, b.layer)
    }
}

/// One installed or declared package.
public struct Package: Hashable, Sendable, Codable {
    public var type: PackageType
    /// Maven groupId, Go module host path part, npm scope: what package-url calls the namespace.
    public var namespace: String?
    public var name: String
    /// The version as the ecosystem writes it (dpkg: with epoch, `1:2.38.1-5+deb12u3`).
    public var version: String
    /// The source package (Debian, RPM, Alpine origin), where the format has one.
    public var sourceName: String?
    public var sourceVersion: String?
    /// Declared licenses, as the package states them (SPDX ids where recognisable).
    public var licenses: [String] = []
    /// CPU architecture for OS packages.
    public var arch: String?
    /// Every place the package was found.
    public var locations: [PackageLocation] = []
    /// package-url, filled in once the distribution is known.
    public var purl: String = ""
    /// purls of packages this one depends on, where the source says so.
    public var dependsOn: [String] = []
    /// The cataloger that found it.
    public var foundBy: String = ""

    public init(type: PackageType, namespace: String? = nil, name: String, version: String,
                sourceName: String? = nil, sourceVersion: String? = nil, licenses: [String] = [],
                arch: String? = nil, path: String, foundBy: String) {
        self.type = type
        self.namespace = namespace
        self.name = name
        self.version = version
        self.sourceName = sourceName
        self.sourceVersion = sourceVersion
        self.licenses = licenses
        self.arch = arch
        self.locations = [PackageLocation(path: path)]
        self.foundBy = foundBy
    }

    /// The name with its namespace, as users write it (`org.apache.logging.log4j/log4j-core`).
    public var fullName: String { namespace.map { "\($0)/\(name)" } ?? name }

    /// Identity for merging the same package found in several places.
    var identity: String { "\(type.rawValue)|\(namespace ?? "")|\(name)|\(version)|\(arch ?? "")|\(sourceName ?? "")" }
}

/// The operating system of an image, from os-release.
public struct OperatingSystem: Hashable, Sendable, Codable {
    /// `ID` (debian, ubuntu, alpine, rhel, ...).
    public var id: String
    /// `VERSION_ID` (12, 22.04, 3.19.1, ...).
    public var versionID: String?
    public var prettyName: String?
    public var codename: String?

    public init(id: String, versionID: String?, prettyName: String?, codename: String?) {
        self.id = id
        self.versionID = versionID
        self.prettyName = prettyName
        self.codename = codename
    }

    /// The `distro` qualifier of package-urls: `debian-12`.
    public var distroQualifier: String { versionID.map { "\(id)-\($0)" } ?? id }
}
