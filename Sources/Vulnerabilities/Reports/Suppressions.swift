public import Foundation
import Yams

/// A problem with an ignore file or VEX document, naming the file and what is wrong.
public struct SuppressionFileError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var reason: String
    public var description: String { "\(file): \(reason)" }
}

/// One entry of an ignore file: an id (CVE, GHSA, ...) with a reason and optional expiry and scope.
public struct IgnoreRule: Sendable, Hashable {
    public var id: String
    public var reason: String?
    public var expires: Date?
    /// Package-URLs (without qualifiers; a purl without version covers every version). Empty: any package.
    public var purls: [String]
    /// File paths (trivy's `paths`): the rule covers findings in packages found at these paths or below.
    public var paths: [String] = []
    public var file: String

    public func applies(to finding: Finding, now: Date) -> Bool {
        if let expires, expires <= now { return false }
        guard finding.allIDs.contains(id) else { return false }
        if !purls.isEmpty && !purls.contains(where: { PurlMatch.matches(rule: $0, package: finding.package.purl) }) { return false }
        if !paths.isEmpty {
            guard let path = finding.path else { return false }
            let normalized = path.hasPrefix("/") ? String(path.dropFirst()) : path
            return paths.contains { p in
                let rule = p.hasPrefix("/") ? String(p.dropFirst()) : p
                return normalized == rule || normalized.hasPrefix(rule.hasSuffix("/") ? rule : rule + "/")
            }
        }
        return true
    }

    /// Reads `.trivyignore`-style text (`ID [exp:YYYY-MM-DD] [# reason]`) or YAML
    /// (`vulnerabilities: [{id, statement|reason, expired_at|expires, purls}]`, trivy's `.trivyignore.yaml`).
    public static func load(path: String) throws(SuppressionFileError) -> [IgnoreRule] {
        let data: Data
        do { data = try BoundedFile.read(path, limit: 16 << 20) } catch { throw SuppressionFileError(file: path, reason: error.reason) }
        let text = String(decoding: data, as: UTF8.self)
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") || text.hasPrefix("vulnerabilities:") {
            return try loadYAML(text: text, data: data, path: path)
        }
        var rules: [IgnoreRule] = []
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            var reason: String?
            if let hash = line.firstIndex(of: "#") {
                let comment = line[line.index(after: hash)...].trimmingCharacters(in: .whitespaces)
                reason = comment.isEmpty ? nil : comment
                line = String(line[..<hash]).trimmingCharacters(in: .whitespaces)
            }
            guard !line.isEmpty else { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            var rule = IgnoreRule(id: String(fields[0]), reason: reason, expires: nil, purls: [], paths: [], file: path)
            for field in fields.dropFirst() {
                if field.hasPrefix("exp:") {
                    guard let date = RFC3339.parse(String(field.dropFirst(4))) else {
                        throw SuppressionFileError(file: path, reason: "line \(number + 1): expiry \"\(field)\" is not exp:YYYY-MM-DD")
                    }
                    rule.expires = date
                } else {
                    throw SuppressionFileError(file: path, reason: "line \(number + 1): unexpected \"\(field)\" (expected ID [exp:YYYY-MM-DD] [# reason])")
                }
            }
            rules.append(rule)
        }
        return rules
    }

    static func loadYAML(text: String, data: Data, path: String) throws(SuppressionFileError) -> [IgnoreRule] {
        let object: Any?
        do {
            object = try YAMLLimits.load(data, source: path)
        } catch {
            throw SuppressionFileError(file: path, reason: "not valid YAML (\(error))")
        }
        guard let dict = object as? [String: Any], let list = dict["vulnerabilities"] as? [Any] else {
            throw SuppressionFileError(file: path, reason: "expected a mapping with a \"vulnerabilities\" list")
        }
        var rules: [IgnoreRule] = []
        for (index, item) in list.enumerated() {
            guard let entry = item as? [String: Any], let id = OSVParser.scalar(entry["id"]), !id.isEmpty else {
                throw SuppressionFileError(file: path, reason: "vulnerabilities[\(index)] needs an \"id\"")
            }
            let known: Set<String> = ["id", "statement", "reason", "expired_at", "expires", "purls", "paths"]
            if let unknown = entry.keys.filter({ !known.contains($0) }).sorted().first {
                throw SuppressionFileError(file: path, reason: "vulnerabilities[\(index)] (\(id)): unknown key \"\(unknown)\" (known: \(known.sorted().joined(separator: ", ")))")
            }
            var rule = IgnoreRule(id: id, reason: OSVParser.scalar(entry["statement"]) ?? OSVParser.scalar(entry["reason"]),
                                  expires: nil, purls: OSVParser.strings(entry["purls"]), paths: OSVParser.strings(entry["paths"]), file: path)
            if let expiry = entry["expired_at"] ?? entry["expires"] {
                if let date = expiry as? Date {
                    rule.expires = date
                } else if let s = OSVParser.scalar(expiry), let date = RFC3339.parse(s) {
                    rule.expires = date
                } else {
                    throw SuppressionFileError(file: path, reason: "vulnerabilities[\(index)] (\(id)): expiry is not a date")
                }
            }
            rules.append(rule)
        }
        return rules
    }
}

/// One OpenVEX statement (https://github.com/openvex/spec), as it applies to findings.
public struct VEXStatement: Sendable, Hashable {
    public enum Status: String, Sendable {
        case notAffected = "not_affected", affected, fixed, underInvestigation = "under_investigation"
    }
    public var vulnerability: [String]
    public var products: [String]
    public var subcomponents: [String]
    public var status: Status
    public var justification: String?
    public var impactStatement: String?
    public var actionStatement: String?
    public var timestamp: Date?
    public var document: String

    /// Only `not_affected` and `fixed` suppress; `affected` and `under_investigation` keep the finding.
    public var suppresses: Bool { status == .notAffected || status == .fixed }

    /// Whether this statement speaks about this finding in this target. A product that is a package-URL
    /// names the package; any other product (an OCI purl, an image reference) must name the scanned image
    /// (its digest or reference), and then covers its subcomponents, or every package when it lists none.
    public func matches(_ finding: Finding, target: [String]) -> Bool {
        guard vulnerability.contains(where: finding.allIDs.contains) else { return false }
        let purl = finding.package.purl
        for product in products {
            if product.hasPrefix("pkg:") && !product.hasPrefix("pkg:oci/") && !product.hasPrefix("pkg:docker/") {
                if PurlMatch.matches(rule: product, package: purl) { return true }
                continue
            }
            guard Self.names(product, target: target) else { continue }
            if subcomponents.isEmpty || subcomponents.contains(where: { PurlMatch.matches(rule: $0, package: purl) }) { return true }
        }
        return products.isEmpty && subcomponents.contains { PurlMatch.matches(rule: $0, package: purl) }
    }

    /// An image product (`pkg:oci/app@sha256%3A…`, `registry/app@sha256:…`, `registry/app:tag`) names the
    /// target when it carries the target's digest or equals its reference.
    static func names(_ product: String, target: [String]) -> Bool {
        let decoded = product.removingPercentEncoding ?? product
        for id in target where !id.isEmpty {
            if id.hasPrefix("sha256:") ? decoded.contains(id) : (decoded == id || decoded.hasSuffix(":" + id) || decoded.hasSuffix("/" + id)) {
                return true
            }
        }
        return false
    }

    /// Reads an OpenVEX JSON document, statements in document order (``FindingFilter`` orders them by
    /// time across all documents: the newest statement about a vulnerability and product wins).
    public static func load(path: String) throws(SuppressionFileError) -> [VEXStatement] {
        let data: Data
        do { data = try BoundedFile.read(path, limit: 64 << 20) } catch { throw SuppressionFileError(file: path, reason: error.reason) }
        guard let object = try? JSONSerialization.jsonObject(with: data), let doc = object as? [String: Any] else {
            throw SuppressionFileError(file: path, reason: "not a JSON object")
        }
        guard let context = doc["@context"] as? String, context.contains("openvex") else {
            throw SuppressionFileError(file: path, reason: "not an OpenVEX document (no openvex @context)")
        }
        guard let statements = doc["statements"] as? [Any] else {
            throw SuppressionFileError(file: path, reason: "no \"statements\" list")
        }
        let documentTime = (doc["timestamp"] as? String).flatMap(RFC3339.parse)
        func ids(_ value: Any?) -> [String] {
            if let s = value as? String { return [s] }
            if let d = value as? [String: Any] {
                var out: [String] = []
                if let id = d["@id"] as? String { out.append(id) }
                if let name = d["name"] as? String { out.append(name) }
                out.append(contentsOf: OSVParser.strings(d["aliases"]))
                if let identifiers = d["identifiers"] as? [String: Any] {
                    out.append(contentsOf: identifiers.values.compactMap { $0 as? String })
                }
                return out
            }
            if let list = value as? [Any] { return list.flatMap { ids($0) } }
            return []
        }
        var out: [VEXStatement] = []
        for (index, item) in statements.enumerated() {
            guard let s = item as? [String: Any] else {
                throw SuppressionFileError(file: path, reason: "statements[\(index)] is not an object")
            }
            guard let statusText = s["status"] as? String, let status = Status(rawValue: statusText) else {
                throw SuppressionFileError(file: path, reason: "statements[\(index)]: status must be not_affected, affected, fixed or under_investigation")
            }
            let vulnerability = ids(s["vulnerability"])
            guard !vulnerability.isEmpty else {
                throw SuppressionFileError(file: path, reason: "statements[\(index)]: no vulnerability")
            }
            var products: [String] = []
            var subcomponents: [String] = []
            if let list = s["products"] as? [Any] {
                for product in list {
                    products.append(contentsOf: ids(product))
                    if let p = product as? [String: Any] { subcomponents.append(contentsOf: ids(p["subcomponents"])) }
                }
            }
            subcomponents.append(contentsOf: ids(s["subcomponents"]))
            if status == .notAffected && s["justification"] == nil && s["impact_statement"] == nil {
                throw SuppressionFileError(file: path, reason: "statements[\(index)]: not_affected needs a justification or an impact_statement")
            }
            out.append(VEXStatement(vulnerability: vulnerability, products: products, subcomponents: subcomponents, status: status,
                                    justification: s["justification"] as? String, impactStatement: s["impact_statement"] as? String,
                                    actionStatement: s["action_statement"] as? String,
                                    timestamp: (s["timestamp"] as? String).flatMap(RFC3339.parse) ?? documentTime, document: path))
        }
        return out
    }
}

/// Package-URL comparison for suppressions: type, namespace and name must match; a version in the rule
/// must match; qualifiers in the rule must be present with the same value.
enum PurlMatch {
    static func matches(rule: String, package: String) -> Bool {
        guard let r = Purl.parse(rule), let p = Purl.parse(package) else { return false }
        func norm(_ s: String?) -> String? { s.map { r.type == "pypi" ? Advisory.normalizedName($0, ecosystemBase: "PyPI") : $0 } }
        guard r.type == p.type, r.namespace?.lowercased() == p.namespace?.lowercased(), norm(r.name) == norm(p.name) else { return false }
        if let version = r.version, version != p.version { return false }
        for (key, value) in r.qualifiers where p.qualifiers[key] != value { return false }
        return true
    }
}
