import Foundation

/// package-url (purl) strings, per the package-url specification.
public enum PackageURL {
    /// Percent-encodes a purl component: everything but unreserved characters (and `/` where allowed).
    static func encode(_ s: String, keepSlash: Bool = false) -> String {
        var out = ""
        for byte in s.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)
                || c == "-" || c == "." || c == "_" || c == "~" || (keepSlash && c == "/") {
                out.append(c)
            } else {
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// Builds `pkg:type/namespace/name@version?qualifiers`.
    public static func build(type: String, namespace: String?, name: String, version: String?,
                             qualifiers: [(String, String)] = []) -> String {
        var s = "pkg:\(type)/"
        if let namespace, !namespace.isEmpty {
            s += namespace.split(separator: "/").map { encode(String($0)) }.joined(separator: "/") + "/"
        }
        s += encode(name)
        if let version, !version.isEmpty { s += "@" + encode(version) }
        let q = qualifiers.filter { !$0.1.isEmpty }.sorted { $0.0 < $1.0 }
        if !q.isEmpty { s += "?" + q.map { "\($0.0)=\(encode($0.1))" }.joined(separator: "&") }
        return s
    }

    /// The purl of a package, with the distribution for OS packages.
    public static func make(for package: Package, os: OperatingSystem?) -> String {
        switch package.type {
        case .deb, .apk, .rpm:
            var version = package.version
            var qualifiers: [(String, String)] = []
            if let arch = package.arch { qualifiers.append(("arch", arch)) }
            if let os { qualifiers.append(("distro", os.distroQualifier)) }
            if package.type != .apk, let colon = version.firstIndex(of: ":"), version[..<colon].allSatisfy(\.isNumber) {
                qualifiers.append(("epoch", String(version[..<colon])))
                version = String(version[version.index(after: colon)...])
            }
            if let source = package.sourceName, source != package.name {
                qualifiers.append(("upstream", source))
            }
            let vendor = os?.id ?? (package.type == .deb ? "debian" : package.type == .apk ? "alpine" : "")
            return build(type: package.type.rawValue, namespace: vendor, name: package.name, version: version, qualifiers: qualifiers)
        case .golang:
            // Go module paths keep their slashes as namespace/name.
            let parts = package.name.split(separator: "/").map(String.init)
            let namespace = parts.count > 1 ? parts.dropLast().joined(separator: "/") : nil
            return build(type: "golang", namespace: namespace, name: parts.last ?? package.name, version: package.version)
        case .npm:
            if package.name.hasPrefix("@"), let slash = package.name.firstIndex(of: "/") {
                return build(type: "npm", namespace: String(package.name[..<slash]), name: String(package.name[package.name.index(after: slash)...]), version: package.version)
            }
            return build(type: "npm", namespace: nil, name: package.name, version: package.version)
        case .pypi:
            return build(type: "pypi", namespace: nil, name: Python.normalize(package.name), version: package.version)
        default:
            return build(type: package.type.rawValue, namespace: package.namespace, name: package.name, version: package.version)
        }
    }
}

/// Python naming rules.
public enum Python {
    /// PEP 503 normalisation: lower case, runs of `-`, `_`, `.` become `-`.
    public static func normalize(_ name: String) -> String {
        var out = ""
        var lastDash = false
        for c in name.lowercased() {
            if c == "-" || c == "_" || c == "." {
                if !lastDash { out.append("-") }
                lastDash = true
            } else {
                out.append(c)
                lastDash = false
            }
        }
        return out
    }
}
