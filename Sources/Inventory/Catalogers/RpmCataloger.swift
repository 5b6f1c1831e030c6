import Foundation

/// RPM packages from the rpm database, in all three of rpm's storage formats:
///
/// - SQLite `rpmdb.sqlite` (rpm 4.16+: Fedora 33+, RHEL/UBI 9, Amazon Linux 2023), see ``RpmSQLite``;
/// - Berkeley DB `Packages` (RHEL/CentOS 7 and 8, Amazon Linux 2), see ``RpmBerkeleyDB``;
/// - NDB `Packages.db` (SUSE), see ``RpmNDB``;
///
/// under `/var/lib/rpm/` or `/usr/lib/sysimage/rpm/`. The format is told by the content's magic,
/// not the file name. Each package's header is parsed by ``RpmHeader``. The version is
/// `[epoch:]version-release` (epoch 0 is left out, as rpm prints it); the source package
/// comes from the `SOURCERPM` file name (`bash-5.1.8-9.el9.src.rpm`). `gpg-pubkey` entries are
/// imported signing keys, not software, and are skipped.
public struct RpmCataloger: Cataloger {
    public let id = "rpm-db"
    public let version = 1
    public init() {}

    static let directories = ["/var/lib/rpm/", "/usr/lib/sysimage/rpm/"]
    static let fileNames: Set<Substring> = ["rpmdb.sqlite", "Packages", "Packages.db"]

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        for directory in Self.directories where path.hasPrefix(directory) {
            return Self.fileNames.contains(path.dropFirst(directory.count))
        }
        return false
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        guard !file.data.isEmpty else { return CatalogOutput() }
        var packages: [Package] = []
        for (number, blob) in try Self.headerBlobs(file.data).enumerated() {
            let header: RpmHeader
            do {
                header = try RpmHeader(blob)
            } catch let error as CatalogError {
                throw CatalogError("package header \(number + 1): \(error.message)")
            }
            if let found = try makePackage(from: header, path: file.path) {
                packages.append(found)
            }
        }
        return CatalogOutput(packages: packages)
    }

    /// The header blobs stored in an rpm database of any of the three formats.
    static func headerBlobs(_ data: Data) throws -> [[UInt8]] {
        if RpmSQLite.matches(data) { return try RpmSQLite.headerBlobs(data) }
        if RpmNDB.matches(data) { return try RpmNDB.headerBlobs(data) }
        if RpmBerkeleyDB.matches(data) { return try RpmBerkeleyDB.headerBlobs(data) }
        throw CatalogError("not an rpm database (SQLite, Berkeley DB hash or NDB)")
    }

    /// The package a header describes; nil for `gpg-pubkey` entries.
    func makePackage(from header: RpmHeader, path: String) throws -> Package? {
        guard let name = header.name, !name.isEmpty, let version = header.version, !version.isEmpty else {
            throw CatalogError("package header without a name or version")
        }
        if name == "gpg-pubkey" { return nil }
        let epoch = header.epoch
        let release = header.release ?? ""
        var sourceName = name
        var sourceVersion = Self.evr(epoch: epoch, version: version, release: release)
        if let sourceRPM = header.sourceRPM, let source = Self.parseSourceRPM(sourceRPM) {
            sourceName = source.name
            // A source package's file name has no epoch; its binaries share the spec's epoch.
            sourceVersion = Self.evr(epoch: epoch, version: source.version, release: source.release)
        }
        let arch = header.arch.flatMap { $0.isEmpty ? nil : $0 }
        return Package(type: .rpm, name: name, version: Self.evr(epoch: epoch, version: version, release: release),
                       sourceName: sourceName, sourceVersion: sourceVersion,
                       licenses: Licenses.splitExpression(header.license ?? ""),
                       arch: arch, path: path, foundBy: id)
    }

    /// `[epoch:]version[-release]`, with no epoch for a missing or zero one.
    static func evr(epoch: Int32?, version: String, release: String) -> String {
        var out = ""
        if let epoch, epoch != 0 { out += "\(epoch):" }
        out += version
        if !release.isEmpty { out += "-" + release }
        return out
    }

    /// Splits a source RPM file name, `name-version-release.src.rpm` (or `.nosrc.rpm`);
    /// nil for anything else, such as rpm's `(none)`.
    static func parseSourceRPM(_ fileName: String) -> (name: String, version: String, release: String)? {
        var base = Substring(fileName)
        if base.hasSuffix(".src.rpm") {
            base = base.dropLast(8)
        } else if base.hasSuffix(".nosrc.rpm") {
            base = base.dropLast(10)
        } else {
            return nil
        }
        guard let releaseDash = base.lastIndex(of: "-") else { return nil }
        let release = base[base.index(after: releaseDash)...]
        let rest = base[..<releaseDash]
        guard let versionDash = rest.lastIndex(of: "-") else { return nil }
        let version = rest[rest.index(after: versionDash)...]
        let name = rest[..<versionDash]
        guard !name.isEmpty, !version.isEmpty, !release.isEmpty else { return nil }
        return (String(name), String(version), String(release))
    }
}
