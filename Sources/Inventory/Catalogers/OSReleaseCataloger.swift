/// The operating system from `/etc/os-release` or `/usr/lib/os-release` (os-release(5)).
public struct OSReleaseCataloger: Cataloger {
    public let id = "os-release"
    public let version = 1
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        (path == "/etc/os-release" || path == "/usr/lib/os-release") && size < 1 << 16
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        var fields: [String: String] = [:]
        for line in file.text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            var value = String(trimmed[trimmed.index(after: eq)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            fields[String(trimmed[..<eq])] = value
        }
        guard let id = fields["ID"], !id.isEmpty else {
            throw CatalogError("no ID field")
        }
        return CatalogOutput(operatingSystem: OperatingSystem(
            id: id, versionID: fields["VERSION_ID"], prettyName: fields["PRETTY_NAME"], codename: fields["VERSION_CODENAME"]))
    }
}

extension String {
    func trimmingCharacters(in set: CharacterSetLite) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: CharacterSetLite) -> String { String(self).trimmingCharacters(in: set) }
}

/// A tiny character set (whitespace) without Foundation.
struct CharacterSetLite: Sendable {
    let contains: @Sendable (Character) -> Bool
    static let whitespaces = CharacterSetLite { $0 == " " || $0 == "\t" || $0 == "\r" }
}
