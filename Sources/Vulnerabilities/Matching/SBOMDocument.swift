public import Foundation
public import Inventory
import ImageAccess

/// Packages read back from an SBOM document (CycloneDX JSON or SPDX 2.x JSON, Palisade's own or
/// another tool's, trivy's and syft's included), ready for matching.
public struct SBOMDocument: Sendable {
    public var format: String
    public var name: String
    public var packages: [Package]
    public var operatingSystem: OperatingSystem?
    /// Components without a usable package-url, skipped.
    public var skipped: Int

    public static let maxBytes = 512 << 20

    public static func read(path: String) throws(AdvisoryFormatError) -> SBOMDocument {
        try read(data: try BoundedFile.read(path, limit: maxBytes), source: path)
    }

    public static func read(data: Data, source: String) throws(AdvisoryFormatError) -> SBOMDocument {
        guard let object = try? JSONSerialization.jsonObject(with: data), let doc = object as? [String: Any] else {
            throw AdvisoryFormatError(source: source, reason: "not a JSON object (CycloneDX or SPDX JSON expected)")
        }
        if doc["bomFormat"] as? String == "CycloneDX" {
            return try cyclonedx(doc, source: source)
        }
        if let version = doc["spdxVersion"] as? String, version.hasPrefix("SPDX-") {
            return spdx(doc, source: source)
        }
        throw AdvisoryFormatError(source: source, reason: "neither CycloneDX (bomFormat) nor SPDX (spdxVersion) JSON")
    }

    static let maxComponents = 2_000_000

    static func cyclonedx(_ doc: [String: Any], source: String) throws(AdvisoryFormatError) -> SBOMDocument {
        var result = SBOMDocument(format: "cyclonedx", name: source, packages: [], operatingSystem: nil, skipped: 0)
        if let meta = doc["metadata"] as? [String: Any], let component = meta["component"] as? [String: Any],
           let name = component["name"] as? String {
            result.name = name
        }
        var stack: [Any] = (doc["components"] as? [Any]) ?? []
        var visited = 0
        while let item = stack.popLast() {
            visited += 1
            if visited > maxComponents {
                throw AdvisoryFormatError(source: source, reason: "more than \(maxComponents) components")
            }
            guard let component = item as? [String: Any] else {
                result.skipped += 1
                continue
            }
            if let nested = component["components"] as? [Any] { stack.append(contentsOf: nested) }
            if component["type"] as? String == "operating-system" {
                if let id = (component["name"] as? String)?.lowercased() {
                    result.operatingSystem = OperatingSystem(id: id, versionID: component["version"] as? String,
                                                             prettyName: component["description"] as? String, codename: nil)
                }
                continue
            }
            guard let purl = component["purl"] as? String, var package = Purl.package(purl) else {
                result.skipped += 1
                continue
            }
            var props: [String: String] = [:]
            for p in (component["properties"] as? [Any] ?? []).compactMap({ $0 as? [String: Any] }) {
                if let n = p["name"] as? String, let v = p["value"] as? String, props[n] == nil { props[n] = v }
            }
            // trivy's source-package properties.
            if let src = props["aquasecurity:trivy:SrcName"] {
                package.sourceName = src
                if let sv = props["aquasecurity:trivy:SrcVersion"] {
                    var version = sv
                    if let rel = props["aquasecurity:trivy:SrcRelease"], !rel.isEmpty { version += "-" + rel }
                    if let epoch = props["aquasecurity:trivy:SrcEpoch"], epoch != "0", !epoch.isEmpty { version = epoch + ":" + version }
                    package.sourceVersion = version
                }
            }
            // Palisade's own.
            if let src = props["palisade:package:sourceName"] { package.sourceName = src }
            if let sv = props["palisade:package:sourceVersion"] { package.sourceVersion = sv }
            if let path = props["palisade:location:path"] {
                package.locations = [PackageLocation(path: path, layer: props["palisade:location:layer"].flatMap { Int($0) } ?? 0,
                                                     layerDigest: props["palisade:location:layerDigest"].flatMap { Digest($0) },
                                                     diffID: props["palisade:location:diffID"].flatMap { Digest($0) })]
            } else if let path = props["syft:location:0:path"] {
                package.locations = [PackageLocation(path: path, diffID: props["syft:location:0:layerID"].flatMap { Digest($0) })]
            } else if let diffID = props["aquasecurity:trivy:LayerDiffID"].flatMap({ Digest($0) }) {
                package.locations = [PackageLocation(path: props["aquasecurity:trivy:FilePath"] ?? "", diffID: diffID)]
            }
            result.packages.append(package)
        }
        result.packages.reverse()
        if result.operatingSystem == nil { result.operatingSystem = Purl.distro(result.packages) }
        return result
    }

    static func spdx(_ doc: [String: Any], source: String) -> SBOMDocument {
        var result = SBOMDocument(format: "spdx", name: (doc["name"] as? String) ?? source, packages: [], operatingSystem: nil, skipped: 0)
        for item in doc["packages"] as? [Any] ?? [] {
            guard let p = item as? [String: Any] else {
                result.skipped += 1
                continue
            }
            if p["primaryPackagePurpose"] as? String == "OPERATING-SYSTEM", let id = (p["name"] as? String)?.lowercased() {
                result.operatingSystem = OperatingSystem(id: id, versionID: p["versionInfo"] as? String, prettyName: nil, codename: nil)
                continue
            }
            let refs = (p["externalRefs"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }
            guard let purl = refs.first(where: { ($0["referenceType"] as? String) == "purl" })?["referenceLocator"] as? String,
                  var package = Purl.package(purl) else {
                result.skipped += 1
                continue
            }
            // trivy: "sourceInfo": "built package from: openssl 3.0.11-1~deb12u2".
            if package.sourceName == nil, let info = p["sourceInfo"] as? String, info.hasPrefix("built package from: ") {
                let parts = info.dropFirst("built package from: ".count).split(separator: " ")
                if parts.count == 2 {
                    package.sourceName = String(parts[0])
                    package.sourceVersion = String(parts[1])
                }
            }
            result.packages.append(package)
        }
        if result.operatingSystem == nil { result.operatingSystem = Purl.distro(result.packages) }
        return result
    }
}

/// Parsing package-urls back into packages.
enum Purl {
    struct Parts {
        var type: String
        var namespace: String?
        var name: String
        var version: String?
        var qualifiers: [String: String]
    }

    static func parse(_ purl: String) -> Parts? {
        guard purl.hasPrefix("pkg:") else { return nil }
        var rest = Substring(purl.dropFirst(4))
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var qualifiers: [String: String] = [:]
        if let q = rest.firstIndex(of: "?") {
            for pair in rest[rest.index(after: q)...].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                if kv.count == 2 { qualifiers[kv[0].lowercased()] = String(kv[1]).removingPercentEncoding ?? String(kv[1]) }
            }
            rest = rest[..<q]
        }
        while rest.hasPrefix("/") { rest = rest.dropFirst() }
        var version: String?
        // The version follows the last `@` after the last `/` (`pkg:npm/@babel/core@7.0.0`: the scope's `@` is not it).
        if let at = rest.lastIndex(of: "@"), let slash = rest.lastIndex(of: "/"), at > slash {
            version = String(rest[rest.index(after: at)...]).removingPercentEncoding
            rest = rest[..<at]
        }
        var segments = rest.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard segments.count >= 2 else { return nil }
        let type = segments.removeFirst().lowercased()
        let name = segments.removeLast()
        return Parts(type: type, namespace: segments.isEmpty ? nil : segments.joined(separator: "/"), name: name,
                     version: version, qualifiers: qualifiers)
    }

    static func package(_ purl: String) -> Package? {
        guard let p = parse(purl), var version = p.version, !version.isEmpty else { return nil }
        let type: PackageType
        switch p.type {
        case "deb": type = .deb
        case "apk": type = .apk
        case "rpm": type = .rpm
        case "pypi": type = .pypi
        case "npm": type = .npm
        case "golang": type = .golang
        case "maven": type = .maven
        case "gem": type = .gem
        case "cargo": type = .cargo
        case "composer": type = .composer
        case "nuget": type = .nuget
        default: return nil
        }
        var namespace = p.namespace
        var name = p.name
        switch type {
        case .golang:
            if let ns = namespace { name = ns + "/" + name }
            namespace = nil
        case .npm:
            if let ns = namespace { name = ns + "/" + name }
            namespace = nil
        case .deb, .apk, .rpm:
            namespace = nil
            if let epoch = p.qualifiers["epoch"], epoch != "0", !version.contains(":") { version = epoch + ":" + version }
        default:
            break
        }
        var package = Package(type: type, namespace: namespace, name: name, version: version, arch: p.qualifiers["arch"],
                              path: "", foundBy: "sbom")
        package.locations = []
        package.purl = purl
        if let upstream = p.qualifiers["upstream"] {
            // syft: `glibc` or `python3-defaults@3.11.2-1`; rpm: the source rpm file name.
            if type == .rpm, upstream.hasSuffix(".src.rpm") {
                let base = upstream.dropLast(8)
                let parts = base.split(separator: "-")
                if parts.count >= 3 { package.sourceName = parts.dropLast(2).joined(separator: "-") }
            } else if let at = upstream.firstIndex(of: "@") {
                package.sourceName = String(upstream[..<at])
                package.sourceVersion = String(upstream[upstream.index(after: at)...])
            } else {
                package.sourceName = upstream
            }
        }
        return package
    }

    /// The distribution from `distro=debian-12.15` qualifiers when the SBOM has no OS component.
    static func distro(_ packages: [Package]) -> OperatingSystem? {
        for package in packages where package.type.isOS {
            guard let q = parse(package.purl)?.qualifiers["distro"], let dash = q.firstIndex(of: "-") else { continue }
            return OperatingSystem(id: String(q[..<dash]).lowercased(), versionID: String(q[q.index(after: dash)...]), prettyName: nil, codename: nil)
        }
        return nil
    }
}
