public import Foundation
import ImageAccess

/// Writes an inventory as an SPDX 2.3 JSON document.
///
/// The image is the package `SPDXRef-Image` (purpose `CONTAINER`), which the document `DESCRIBES`;
/// the operating system (`OPERATING-SYSTEM`) and every package (`LIBRARY`) are packages the image
/// `CONTAINS`, and a package's known dependencies are `DEPENDS_ON` relationships. The output is
/// deterministic apart from the creation time and the namespace's UUID, which come from the injected
/// clock and UUID source.
public struct SPDXWriter: Sendable {
    private let clock: @Sendable () -> Date
    private let uuid: @Sendable () -> UUID

    public init(clock: @escaping @Sendable () -> Date = { Date() },
                serialNumber: @escaping @Sendable () -> UUID = { UUID() }) {
        self.clock = clock
        self.uuid = serialNumber
    }

    /// The document as pretty-printed JSON with sorted keys.
    public func encode(_ inventory: Inventory, toolVersion: String) throws -> Data {
        try SBOMSupport.encode(document(for: inventory, toolVersion: toolVersion))
    }

    fileprivate func document(for inventory: Inventory, toolVersion: String) -> Document {
        let image = inventory.image
        let name = image.reference.original.isEmpty ? "image" : image.reference.original
        let imageID = "SPDXRef-Image"

        var packages: [SPDXPackage] = []
        var relationships: [Relationship] = [
            Relationship(spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: imageID),
        ]

        var imageInfo: [String] = []
        if let id = image.configDigest { imageInfo.append("image id \(id.description)") }
        if let digest = image.manifestDigest { imageInfo.append("manifest digest \(digest.description)") }
        if let index = image.indexDigest { imageInfo.append("index digest \(index.description)") }
        imageInfo.append("platform \(image.platform.description)")
        packages.append(SPDXPackage(
            id: imageID, name: name, versionInfo: image.manifestDigest?.description,
            licenseDeclared: "NOASSERTION", externalRefs: nil,
            sourceInfo: nil, comment: imageInfo.joined(separator: "; "), primaryPackagePurpose: "CONTAINER"))

        if let os = inventory.operatingSystem {
            let osID = "SPDXRef-OperatingSystem-" + Self.sanitize(os.id)
            packages.append(SPDXPackage(
                id: osID, name: os.id, versionInfo: os.versionID, licenseDeclared: "NOASSERTION",
                externalRefs: nil, sourceInfo: nil, comment: os.prettyName, primaryPackagePurpose: "OPERATING-SYSTEM"))
            relationships.append(Relationship(spdxElementId: imageID, relationshipType: "CONTAINS", relatedSpdxElement: osID))
        }

        var ids: [String] = []
        var idsByPurl: [String: [String]] = [:]
        for (n, package) in inventory.packages.enumerated() {
            let id = "SPDXRef-Package-\(Self.sanitize(package.type.rawValue))-\(Self.sanitize(package.fullName))-\(n + 1)"
            ids.append(id)
            if !package.purl.isEmpty { idsByPurl[package.purl, default: []].append(id) }
        }
        for (package, id) in zip(inventory.packages, ids) {
            packages.append(spdxPackage(for: package, id: id))
            relationships.append(Relationship(spdxElementId: imageID, relationshipType: "CONTAINS", relatedSpdxElement: id))
        }
        for (package, id) in zip(inventory.packages, ids) {
            var targets: [String] = []
            for purl in package.dependsOn {
                for target in idsByPurl[purl] ?? [] where target != id && !targets.contains(target) {
                    targets.append(target)
                }
            }
            for target in targets {
                relationships.append(Relationship(spdxElementId: id, relationshipType: "DEPENDS_ON", relatedSpdxElement: target))
            }
        }

        return Document(
            spdxVersion: "SPDX-2.3",
            dataLicense: "CC0-1.0",
            spdxID: "SPDXRef-DOCUMENT",
            name: name,
            documentNamespace: "https://palisade.dev/spdx/\(Self.sanitizeForURL(name))-\(uuid().uuidString.lowercased())",
            creationInfo: CreationInfo(created: SBOMSupport.timestamp(clock()), creators: ["Tool: palisade-\(toolVersion)"]),
            packages: packages,
            relationships: relationships)
    }

    private func spdxPackage(for package: Package, id: String) -> SPDXPackage {
        var info: [String] = []
        if let source = package.sourceName, !source.isEmpty {
            var text = "source package \(source)"
            if let version = package.sourceVersion, !version.isEmpty { text += " \(version)" }
            info.append(text)
        }
        for location in package.locations {
            var text = "found in \(location.path) (layer \(location.layer)"
            if let digest = location.layerDigest ?? location.diffID { text += " \(digest.description)" }
            text += ")"
            info.append(text)
        }
        var comment: [String] = ["type \(package.type.rawValue)"]
        if !package.foundBy.isEmpty { comment.append("found by \(package.foundBy)") }
        if let arch = package.arch, !arch.isEmpty { comment.append("arch \(arch)") }
        return SPDXPackage(
            id: id,
            name: package.fullName,
            versionInfo: package.version.isEmpty ? nil : package.version,
            licenseDeclared: SPDXLicenses.combinedExpression(package.licenses) ?? "NOASSERTION",
            externalRefs: package.purl.isEmpty ? nil : [
                ExternalRef(referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: package.purl),
            ],
            sourceInfo: info.isEmpty ? nil : info.joined(separator: "; "),
            comment: comment.joined(separator: "; "),
            primaryPackagePurpose: "LIBRARY")
    }

    /// Only letters, digits, `.` and `-` (the SPDXID character set): other characters become `-`,
    /// runs of `-` one `-`, and leading and trailing `-` go.
    static func sanitize(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".":
                out.unicodeScalars.append(scalar)
            default:
                if !out.isEmpty && !out.hasSuffix("-") { out.append("-") }
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "unnamed" : out
    }

    /// Letters, digits, `.`, `-` and `_` for the document namespace's path segment.
    static func sanitizeForURL(_ text: String) -> String {
        var out = ""
        var lastDash = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_":
                out.unicodeScalars.append(scalar)
                lastDash = false
            default:
                if !lastDash && !out.isEmpty { out.append("-") }
                lastDash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "image" : out
    }
}

// MARK: - SPDX 2.3 JSON model (the parts Palisade writes)

extension SPDXWriter {
    fileprivate struct Document: Encodable {
        var spdxVersion: String
        var dataLicense: String
        var spdxID: String
        var name: String
        var documentNamespace: String
        var creationInfo: CreationInfo
        var packages: [SPDXPackage]
        var relationships: [Relationship]

        enum CodingKeys: String, CodingKey {
            case spdxVersion, dataLicense
            case spdxID = "SPDXID"
            case name, documentNamespace, creationInfo, packages, relationships
        }
    }

    fileprivate struct CreationInfo: Encodable {
        var created: String
        var creators: [String]
    }

    fileprivate struct SPDXPackage: Encodable {
        var id: String
        var name: String
        var versionInfo: String?
        var downloadLocation = "NOASSERTION"
        var filesAnalyzed = false
        var licenseConcluded = "NOASSERTION"
        var licenseDeclared: String
        var copyrightText = "NOASSERTION"
        var externalRefs: [ExternalRef]?
        var sourceInfo: String?
        var comment: String?
        var primaryPackagePurpose: String

        init(id: String, name: String, versionInfo: String?, licenseDeclared: String, externalRefs: [ExternalRef]?,
             sourceInfo: String?, comment: String?, primaryPackagePurpose: String) {
            self.id = id
            self.name = name
            self.versionInfo = versionInfo
            self.licenseDeclared = licenseDeclared
            self.externalRefs = externalRefs
            self.sourceInfo = sourceInfo
            self.comment = comment
            self.primaryPackagePurpose = primaryPackagePurpose
        }

        enum CodingKeys: String, CodingKey {
            case id = "SPDXID"
            case name, versionInfo, downloadLocation, filesAnalyzed, licenseConcluded, licenseDeclared
            case copyrightText, externalRefs, sourceInfo, comment, primaryPackagePurpose
        }
    }

    fileprivate struct ExternalRef: Encodable {
        var referenceCategory: String
        var referenceType: String
        var referenceLocator: String
    }

    fileprivate struct Relationship: Encodable {
        var spdxElementId: String
        var relationshipType: String
        var relatedSpdxElement: String
    }
}
