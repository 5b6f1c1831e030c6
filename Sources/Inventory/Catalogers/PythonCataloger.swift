import Foundation

/// Installed Python distributions: `*.dist-info/METADATA`, `*.egg-info/PKG-INFO` (file or
/// directory form) and `.egg` archives (`EGG-INFO/PKG-INFO` inside the zip).
public struct PythonCataloger: Cataloger {
    public let id = "python-installed"
    public let version = 1
    /// The most an `.egg`'s `EGG-INFO/PKG-INFO` may inflate to.
    static let maxEggMetadataBytes = 1 << 20
    public init() {}

    public func wants(path: String, size: Int64, mode: UInt32) -> Bool {
        if path.hasSuffix(".dist-info/METADATA") || path.hasSuffix(".egg-info/PKG-INFO") { return true }
        if path.hasSuffix(".egg-info") || path.hasSuffix(".egg") { return size < 256 << 20 }
        return false
    }

    /// Parses core metadata (RFC 822 headers until the first blank line).
    static func metadata(_ text: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        var lastKey: String?
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t" {
                if let lastKey, var values = fields[lastKey], !values.isEmpty {
                    values[values.count - 1] += "\n" + line.trimmingCharacters(in: .whitespaces)
                    fields[lastKey] = values
                }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            fields[key, default: []].append(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            lastKey = key
        }
        return fields
    }

    func package(from text: String, path: String) throws -> Package {
        let fields = Self.metadata(text)
        guard let name = fields["Name"]?.first, !name.isEmpty else { throw CatalogError("no Name field in Python metadata") }
        guard let version = fields["Version"]?.first, !version.isEmpty else { throw CatalogError("no Version field in Python metadata") }
        var licenses: [String] = []
        if let expression = fields["License-Expression"]?.first, !expression.isEmpty {
            licenses = [expression]
        } else if let license = fields["License"]?.first, !license.isEmpty, license != "UNKNOWN", !license.contains("\n"), license.count < 80 {
            licenses = [Licenses.normalize(license)]
        }
        if licenses.isEmpty {
            for classifier in fields["Classifier"] ?? [] where classifier.hasPrefix("License :: ") {
                let name = classifier.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if !name.isEmpty, name != "OSI Approved" { licenses.append(name) }
            }
        }
        return Package(type: .pypi, name: Python.normalize(name), version: version, licenses: licenses, path: path, foundBy: id)
    }

    public func catalog(_ file: CatalogFile) throws -> CatalogOutput {
        if file.path.hasSuffix(".egg") {
            // Read by ZipGuard: every entry checked against the data, and the metadata's
            // inflated size enforced whatever the entry declares.
            let entries: [ZipGuard.Entry]
            do {
                entries = try ZipGuard.entries(file.data)
            } catch {
                throw CatalogError("not a valid .egg (zip) archive: \(error)")
            }
            guard let entry = entries.first(where: { $0.path == "EGG-INFO/PKG-INFO" }), entry.isRegularFile,
                  entry.uncompressedSize < UInt64(Self.maxEggMetadataBytes) else { return CatalogOutput() }
            let data = try ZipGuard.extract(entry, from: file.data, limit: Self.maxEggMetadataBytes)
            return CatalogOutput(packages: [try package(from: String(decoding: data, as: UTF8.self), path: file.path)])
        }
        return CatalogOutput(packages: [try package(from: file.text, path: file.path)])
    }
}
