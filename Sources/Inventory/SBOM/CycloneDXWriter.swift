public import Foundation
import ImageAccess

/// Writes an inventory as a CycloneDX 1.6 JSON SBOM.
///
/// The image is `metadata.component` (type `container`); the operating system, when known, is an
/// `operating-system` component; every package is a `library` component whose `bom-ref` is its purl
/// (`purl#2`, `purl#3`, ... when several packages share one). Where each package was found is kept in
/// `palisade:` properties. The output is deterministic apart from the timestamp and serial number,
/// which come from the injected clock and UUID source.
public struct CycloneDXWriter: Sendable {
    private let clock: @Sendable () -> Date
    private let serialNumber: @Sendable () -> UUID

    public init(clock: @escaping @Sendable () -> Date = { Date() },
                serialNumber: @escaping @Sendable () -> UUID = { UUID() }) {
        self.clock = clock
        self.serialNumber = serialNumber
    }

    /// The SBOM as pretty-printed JSON with sorted keys.
    public func encode(_ inventory: Inventory, toolVersion: String) throws -> Data {
        try SBOMSupport.encode(document(for: inventory, toolVersion: toolVersion))
    }

    fileprivate func document(for inventory: Inventory, toolVersion: String) -> Document {
        let image = inventory.image
        var refs = ReferenceAllocator()

        // The image.
        let imageRef = refs.allocate("palisade:image:" + (image.manifestDigest?.description ?? image.configDigest?.description ?? image.reference.original))
        var imageProperties: [Property] = []
        if let id = image.configDigest { imageProperties.append(Property("palisade:image:id", id.description)) }
        if let digest = image.manifestDigest { imageProperties.append(Property("palisade:image:digest", digest.description)) }
        if let index = image.indexDigest { imageProperties.append(Property("palisade:image:indexDigest", index.description)) }
        imageProperties.append(Property("palisade:image:platform", image.platform.description))
        for tag in image.tags { imageProperties.append(Property("palisade:image:tag", tag)) }
        let imageComponent = Component(
            type: "container", bomRef: imageRef, name: image.reference.original.isEmpty ? "image" : image.reference.original,
            version: image.manifestDigest?.description, properties: imageProperties)

        var components: [Component] = []
        var dependencies: [Dependency] = []

        // The operating system.
        if let os = inventory.operatingSystem {
            let ref = refs.allocate("palisade:os:" + os.id + (os.versionID.map { "@" + $0 } ?? ""))
            var properties: [Property] = []
            if let codename = os.codename, !codename.isEmpty { properties.append(Property("palisade:os:codename", codename)) }
            components.append(Component(
                type: "operating-system", bomRef: ref, name: os.id, version: os.versionID,
                description: os.prettyName, properties: properties))
            dependencies.append(Dependency(ref: ref, dependsOn: nil))
        }

        // The packages, in the scanner's order.
        var packageRefs: [String] = []
        var refsByPurl: [String: [String]] = [:]
        for package in inventory.packages {
            let base = package.purl.isEmpty
                ? "palisade:package:\(package.type.rawValue)/\(package.fullName)" + (package.version.isEmpty ? "" : "@\(package.version)")
                : package.purl
            let ref = refs.allocate(base)
            packageRefs.append(ref)
            if !package.purl.isEmpty { refsByPurl[package.purl, default: []].append(ref) }
        }
        for (package, ref) in zip(inventory.packages, packageRefs) {
            components.append(component(for: package, ref: ref))
            var targets: [String] = []
            for purl in package.dependsOn {
                for target in refsByPurl[purl] ?? [] where target != ref && !targets.contains(target) {
                    targets.append(target)
                }
            }
            dependencies.append(Dependency(ref: ref, dependsOn: targets.isEmpty ? nil : targets))
        }

        let tool = Component(type: "application", bomRef: nil, name: "palisade", version: toolVersion)
        return Document(
            bomFormat: "CycloneDX",
            specVersion: "1.6",
            serialNumber: "urn:uuid:" + serialNumber().uuidString.lowercased(),
            version: 1,
            metadata: Metadata(timestamp: SBOMSupport.timestamp(clock()), tools: Tools(components: [tool]), component: imageComponent),
            components: components,
            dependencies: dependencies.isEmpty ? nil : dependencies)
    }

    private func component(for package: Package, ref: String) -> Component {
        var properties: [Property] = [
            Property("palisade:package:type", package.type.rawValue),
        ]
        if !package.foundBy.isEmpty { properties.append(Property("palisade:package:foundBy", package.foundBy)) }
        if let arch = package.arch, !arch.isEmpty { properties.append(Property("palisade:package:arch", arch)) }
        if let source = package.sourceName, !source.isEmpty {
            properties.append(Property("palisade:package:sourceName", source))
        }
        if let sourceVersion = package.sourceVersion, !sourceVersion.isEmpty {
            properties.append(Property("palisade:package:sourceVersion", sourceVersion))
        }
        for location in package.locations {
            properties.append(Property("palisade:location:path", location.path))
            properties.append(Property("palisade:location:layer", String(location.layer)))
            if let digest = location.layerDigest { properties.append(Property("palisade:location:layerDigest", digest.description)) }
            if let diffID = location.diffID { properties.append(Property("palisade:location:diffID", diffID.description)) }
        }
        let isMaven = package.type == .maven
        return Component(
            type: "library",
            bomRef: ref,
            group: isMaven ? package.namespace : nil,
            name: isMaven ? package.name : package.fullName,
            version: package.version.isEmpty ? nil : package.version,
            licenses: Self.licenses(package.licenses),
            purl: package.purl.isEmpty ? nil : package.purl,
            properties: properties)
    }

    /// CycloneDX `licenses`: one SPDX expression when a declared license is a compound expression of known
    /// ids (all declared licenses joined with `AND`); otherwise one entry per license, by `id` when it is a
    /// known SPDX id and by `name` when not. CycloneDX forbids mixing the two forms in one array.
    static func licenses(_ declared: [String]) -> [LicenseChoice]? {
        let entries = SBOMSupport.uniqueNonEmpty(declared)
        guard !entries.isEmpty else { return nil }
        let parsed = entries.map { SPDXLicenses.expression($0) }
        if parsed.contains(where: { $0?.compound == true }), let expression = SPDXLicenses.combinedExpression(entries) {
            return [LicenseChoice(license: nil, expression: expression)]
        }
        var choices: [LicenseChoice] = []
        var seen = Set<String>()
        for entry in entries {
            let license: License
            if let id = SPDXLicenses.canonicalID(entry) {
                license = License(id: id, name: nil)
            } else {
                license = License(id: nil, name: entry)
            }
            guard seen.insert(license.id ?? "name:" + (license.name ?? "")).inserted else { continue }
            choices.append(LicenseChoice(license: license, expression: nil))
        }
        return choices
    }
}

/// Hands out unique `bom-ref`s: the wanted one, else the wanted one with `#2`, `#3`, ...
private struct ReferenceAllocator {
    private var used = Set<String>()

    mutating func allocate(_ wanted: String) -> String {
        if used.insert(wanted).inserted { return wanted }
        var n = 2
        while !used.insert("\(wanted)#\(n)").inserted { n += 1 }
        return "\(wanted)#\(n)"
    }
}

// MARK: - CycloneDX 1.6 JSON model (the parts Palisade writes)

extension CycloneDXWriter {
    fileprivate struct Document: Encodable {
        var bomFormat: String
        var specVersion: String
        var serialNumber: String
        var version: Int
        var metadata: Metadata
        var components: [Component]
        var dependencies: [Dependency]?
    }

    fileprivate struct Metadata: Encodable {
        var timestamp: String
        var tools: Tools
        var component: Component
    }

    fileprivate struct Tools: Encodable {
        var components: [Component]
    }

    fileprivate struct Component: Encodable {
        var type: String
        var bomRef: String?
        var group: String?
        var name: String
        var version: String?
        var description: String?
        var licenses: [LicenseChoice]?
        var purl: String?
        var properties: [Property]?

        init(type: String, bomRef: String?, group: String? = nil, name: String, version: String?,
             description: String? = nil, licenses: [LicenseChoice]? = nil, purl: String? = nil,
             properties: [Property] = []) {
            self.type = type
            self.bomRef = bomRef
            self.group = group
            self.name = name
            self.version = version
            self.description = description
            self.licenses = licenses
            self.purl = purl
            self.properties = properties.isEmpty ? nil : properties
        }

        enum CodingKeys: String, CodingKey {
            case type
            case bomRef = "bom-ref"
            case group, name, version, description, licenses, purl, properties
        }
    }

    /// One element of `licenses`: either `{"license": {...}}` or `{"expression": "..."}`.
    struct LicenseChoice: Encodable, Equatable {
        var license: License?
        var expression: String?
    }

    /// A license by SPDX `id` or by free-text `name` (exactly one is set).
    struct License: Encodable, Equatable {
        var id: String?
        var name: String?
    }

    fileprivate struct Property: Encodable {
        var name: String
        var value: String

        init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    fileprivate struct Dependency: Encodable {
        var ref: String
        var dependsOn: [String]?
    }
}
