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
    public var file: String

    public func applies(to finding: Finding, now: Date) -> Bool {
        if let expires, expires <= now { return false }
        guard finding.allIDs.contains(id) else { return false }
        return purls.isEmpty || purls.contains { PurlMatch.matches(rule: $0, package: finding.package.purl) }
    }

    /// Reads `.trivyignore`-style text (`ID [exp:YYYY-MM-DD] [# reason]`) or YAML
    /// (`vulnerabilities: [{id, statement|reason, expired_at|expires, purls}]`, trivy's `.trivyignore.yaml`).
    public static func load(path: String) throws(SuppressionFileError) -> [IgnoreRule] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SuppressionFileError(file: path, reason: "cannot be read")
        }
        guard data.count <= 16 << 20 else { throw SuppressionFileError(file: path, reason: "larger than 16 MiB") }
        let text = String(decoding: data, as: UTF8.self)
        if path.hasSuffix(".yaml") || path.hasSuffix(".yml") || text.hasPrefix("vulnerabilities:") {
            return try loadYAML(text: text, data: data, path: path)
        }
        var rules: [IgnoreRule] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            var reason: String?
            if let hash = line.firstIndex(of: "#") {
                let comment = line[line.index(after: hash)...].trimmingCharacters(in: .whitespaces)
                reason = comment.isEmpty ? nil : comment
                line = String(line[..<hash]).trimmingCharacters(in: .whitespaces)
            }
            guard !line.isEmpty else { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            var rule = IgnoreRule(id: String(fields[0]), reason: reason, expires: nil, purls: [], file: path)
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
            var rule = IgnoreRule(id: id, reason: OSVParser.scalar(entry["statement"]) ?? OSVParser.scalar(entry["reason"]),
                                  expires: nil, purls: OSVParser.strings(entry["purls"]), file: path)
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
    public func applies(to finding: Finding) -> Bool {
        guard status == .notAffected || status == .fixed else { return false }
        guard vulnerability.contains(where: finding.allIDs.contains) else { return false }
        let purl = finding.package.purl
        if subcomponents.contains(where: { PurlMatch.matches(rule: $0, package: purl) }) { return true }
        if products.contains(where: { PurlMatch.matches(rule: $0, package: purl) }) { return true }
        // A statement about the image as a whole (an OCI purl or other product id) with no subcomponents
        // covers every package in it.
        return subcomponents.isEmpty && products.contains { !$0.hasPrefix("pkg:") || $0.hasPrefix("pkg:oci/") || $0.hasPrefix("pkg:docker/") }
    }

    /// Reads an OpenVEX JSON document. Later statements about the same vulnerability and product win,
    /// as the spec says, so the list is returned newest first.
    public static func load(path: String) throws(SuppressionFileError) -> [VEXStatement] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SuppressionFileError(file: path, reason: "cannot be read")
        }
        guard data.count <= 64 << 20 else { throw SuppressionFileError(file: path, reason: "larger than 64 MiB") }
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
        return out.enumerated().sorted { a, b in
            let ta = a.element.timestamp ?? .distantPast, tb = b.element.timestamp ?? .distantPast
            return ta != tb ? ta > tb : a.offset > b.offset
        }.map(\.element)
    }
}

/// Package-URL comparison for suppressions: type, namespace and name must match; a version in the rule
/// must match; qualifiers in the rule must be present with the same value.
enum PurlMatch {
    static func matches(rule: String, package: String) -> Bool {
        guard rule.hasPrefix("pkg:"), package.hasPrefix("pkg:") else { return false }
        let (ruleBase, ruleQualifiers) = split(rule)
        let (packageBase, packageQualifiers) = split(package)
        let ruleHasVersion = ruleBase.contains("@")
        let packageNoVersion = packageBase.split(separator: "@", maxSplits: 1).first.map(String.init) ?? packageBase
        if ruleHasVersion {
            guard decode(ruleBase) == decode(packageBase) else { return false }
        } else {
            guard decode(ruleBase) == decode(packageNoVersion) else { return false }
        }
        for (key, value) in ruleQualifiers where packageQualifiers[key] != value { return false }
        return true
    }

    static func split(_ purl: String) -> (String, [String: String]) {
        var text = purl
        if let hash = text.firstIndex(of: "#") { text = String(text[..<hash]) }
        guard let q = text.firstIndex(of: "?") else { return (text, [:]) }
        var qualifiers: [String: String] = [:]
        for pair in text[text.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { qualifiers[String(kv[0]).lowercased()] = decode(String(kv[1])) }
        }
        return (String(text[..<q]), qualifiers)
    }

    static func decode(_ s: String) -> String { s.removingPercentEncoding ?? s }
}
