import Foundation

/// Installed JavaScript packages: `node_modules/**/package.json`.
public struct NpmCataloger: Cataloger {
    public let id = "npm-installed"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        guard path.hasSuffix("/package.json"), size < 4 << 20, let range = path.range(of: "/node_modules/", options: .backwards) else {
            return false
        }
        // node_modules/NAME/package.json or node_modules/@scope/NAME/package.json
        let rest = path[range.upperBound...].split(separator: "/")
        return rest.count == 2 || (rest.count == 3 && rest[0].hasPrefix("@"))
    }

    struct Manifest: Decodable {
        var name: String?
        var version: String?
        var license: License?
        var licenses: [License]?
        var dependencies: [String: String]?

        enum License: Decodable {
            case text(String)
            case object(String)
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let s = try? c.decode(String.self) { self = .text(s); return }
                struct O: Decodable { var type: String? }
                self = .object((try? c.decode(O.self))?.type ?? "")
            }
            var name: String { switch self { case .text(let s), .object(let s): return s } }
        }
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        let manifest: Manifest
        do { manifest = try JSONDecoder().decode(Manifest.self, from: file.data) } catch {
            throw CatalogError("package.json is not valid JSON")
        }
        guard let name = manifest.name, !name.isEmpty else { throw CatalogError("package.json has no name") }
        guard let version = manifest.version, !version.isEmpty else { throw CatalogError("package.json of \(name) has no version") }
        var licenses = [manifest.license?.name].compactMap { $0 } + (manifest.licenses ?? []).map(\.name)
        licenses = licenses.filter { !$0.isEmpty }
        return CatalogOutput(packages: [Package(type: .npm, name: name, version: version, licenses: licenses, path: file.path, foundBy: id)])
    }
}
