import Foundation

/// Installed PHP packages: `vendor/composer/installed.json`, which Composer writes on install.
/// Composer 1 writes a top-level array of packages; Composer 2 an object with `packages`. The
/// entries are those of composer.lock (``ComposerPackages``).
public struct ComposerInstalledCataloger: Cataloger {
    public let id = "composer-installed"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        path.hasSuffix("/vendor/composer/installed.json") && size < LockFiles.maxBytes
    }

    /// Either layout.
    struct Installed: Decodable {
        var packages: [ComposerPackages.Entry]

        init(from decoder: any Decoder) throws {
            if let list = try? decoder.singleValueContainer().decode([ComposerPackages.Entry].self) {
                packages = list
                return
            }
            struct Version2: Decodable { var packages: [ComposerPackages.Entry] }
            packages = try Version2(from: decoder).packages
        }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let installed = try LockFiles.decode(Installed.self, from: file, format: "installed.json")
        return CatalogOutput(packages: try ComposerPackages.packages(installed.packages, format: "installed.json", path: file.path, foundBy: id))
    }
}
