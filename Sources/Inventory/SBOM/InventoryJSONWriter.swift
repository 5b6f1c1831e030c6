public import Foundation
import ImageAccess

/// Writes an inventory as Palisade's own JSON document (`palisade.inventory/v1`):
///
/// ```json
/// {"schema": "palisade.inventory/v1",
///  "tool": {"name": "palisade", "version": "..."},        (only when a tool version is given)
///  "image": {"reference": "...", "digest": "sha256:..." | null, "id": "sha256:..." | null, "platform": "linux/amd64"},
///  "os": {"id": "debian", "versionID": "12", ...} | null,
///  "packages": [Package, ...],
///  "warnings": ["..."],
///  "summary": {"total": 123, "byType": {"deb": 120, "pypi": 3}}}
/// ```
///
/// Pretty-printed with sorted keys; deterministic.
public struct InventoryJSONWriter: Sendable {
    /// The value of `schema`.
    public static let schema = "palisade.inventory/v1"

    public init() {}

    /// The inventory as pretty-printed JSON with sorted keys; `toolVersion`, when given, is written as
    /// `tool.version`.
    public func encode(_ inventory: Inventory, toolVersion: String? = nil) throws -> Data {
        try SBOMSupport.encode(document(for: inventory, toolVersion: toolVersion))
    }

    fileprivate func document(for inventory: Inventory, toolVersion: String?) -> Document {
        let image = inventory.image
        var byType: [String: Int] = [:]
        for package in inventory.packages { byType[package.type.rawValue, default: 0] += 1 }
        return Document(
            schema: Self.schema,
            tool: toolVersion.map { Tool(name: "palisade", version: $0) },
            image: ImageSummary(
                reference: image.reference.original,
                digest: image.manifestDigest?.description,
                id: image.configDigest?.description,
                platform: image.platform.description),
            os: inventory.operatingSystem,
            packages: inventory.packages,
            warnings: inventory.warnings,
            summary: Summary(total: inventory.packages.count, byType: byType))
    }
}

extension InventoryJSONWriter {
    fileprivate struct Document: Encodable {
        var schema: String
        var tool: Tool?
        var image: ImageSummary
        var os: OperatingSystem?
        var packages: [Package]
        var warnings: [String]
        var summary: Summary

        enum CodingKeys: String, CodingKey {
            case schema, tool, image, os, packages, warnings, summary
        }

        /// Written by hand so that a missing OS is `null`, not an absent key.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(schema, forKey: .schema)
            try container.encodeIfPresent(tool, forKey: .tool)
            try container.encode(image, forKey: .image)
            if let os {
                try container.encode(os, forKey: .os)
            } else {
                try container.encodeNil(forKey: .os)
            }
            try container.encode(packages, forKey: .packages)
            try container.encode(warnings, forKey: .warnings)
            try container.encode(summary, forKey: .summary)
        }
    }

    fileprivate struct Tool: Encodable {
        var name: String
        var version: String
    }

    fileprivate struct ImageSummary: Encodable {
        var reference: String
        var digest: String?
        var id: String?
        var platform: String

        enum CodingKeys: String, CodingKey {
            case reference, digest, id, platform
        }

        /// Written by hand so that a missing digest or id is `null`.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(reference, forKey: .reference)
            if let digest { try container.encode(digest, forKey: .digest) } else { try container.encodeNil(forKey: .digest) }
            if let id { try container.encode(id, forKey: .id) } else { try container.encodeNil(forKey: .id) }
            try container.encode(platform, forKey: .platform)
        }
    }

    fileprivate struct Summary: Encodable {
        var total: Int
        var byType: [String: Int]
    }
}
