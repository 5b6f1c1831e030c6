public import Foundation

/// A file handed to catalogers: its path in the image and its content.
public struct CatalogFile: Sendable {
    /// Absolute path in the image.
    public var path: String
    /// The content (bounded by the scanner's file-size limit).
    public var data: Data
    /// Permission bits.
    public var mode: UInt32

    public init(path: String, data: Data, mode: UInt32 = 0o644) {
        self.path = path
        self.data = data
        self.mode = mode
    }

    /// The file's name.
    public var name: Substring {
        guard let slash = path.lastIndex(of: "/") else { return Substring(path) }
        return path[path.index(after: slash)...]
    }

    /// The content as text (invalid UTF-8 repaired).
    public var text: String { String(decoding: data, as: UTF8.self) }
}

/// What a cataloger found in one file.
public struct CatalogOutput: Sendable {
    public var packages: [Package]
    /// The operating system, for os-release files.
    public var operatingSystem: OperatingSystem?
    /// License texts keyed by package name (Debian copyright files).
    public var licenses: [String: [String]]

    public init(packages: [Package] = [], operatingSystem: OperatingSystem? = nil, licenses: [String: [String]] = [:]) {
        self.packages = packages
        self.operatingSystem = operatingSystem
        self.licenses = licenses
    }
}

/// A plug-in that finds packages in files (trivy's analyzers, syft's catalogers).
///
/// `wants` is a cheap filter on the path alone, called for every regular file of every layer;
/// `catalog` reads one file's content. A malformed file throws ``CatalogError``; the scan
/// goes on and reports it as a warning.
public protocol Cataloger: Sendable {
    /// A stable identifier (`dpkg-status`, `python-metadata`, ...).
    var id: String { get }
    /// Bumped when results change; part of cache keys.
    var version: Int { get }
    /// Whether this cataloger wants to read the file at `path` (size and mode for cheap checks).
    func wants(path: String, size: Int64, mode: UInt32) -> Bool
    /// Finds packages in one file.
    func catalog(_ file: CatalogFile) throws -> CatalogOutput
}

/// A file a cataloger could not read: the scan goes on, and the file is named in a warning.
public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
