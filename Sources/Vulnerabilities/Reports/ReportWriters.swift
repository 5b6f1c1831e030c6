public import Foundation

/// Renders a ``ScanReport`` in the formats people and tools read.
public enum ReportWriter {
    // MARK: JSON

    /// The encoder of every Palisade JSON report: sorted keys, indented, RFC 3339 dates.
    public static func jsonEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(RFC3339.format(date))
        }
        return encoder
    }

    public static func json(_ report: ScanReport) throws -> Data {
        var data = try jsonEncoder().encode(report)
        data.append(0x0A)
        return data
    }

    public static func decodeJSON(_ data: Data) throws -> ScanReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an RFC 3339 date: \(text)")
            }
            return date
        }
        return try decoder.decode(ScanReport.self, from: data)
    }

    // MARK: Table

    /// Advisory text and package names are data from outside: no control characters reach a terminal.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }

    /// Grouped by package; severity colours only when `color` (a terminal without NO_COLOR).
    public static func table(_ report: ScanReport, color: Bool) -> String {
        func paint(_ text: String, _ severity: Severity) -> String {
            guard color else { return text }
            let code: String
            switch severity {
            case .critical: code = "1;31"
            case .high: code = "31"
            case .medium: code = "33"
            case .low, .none: code = "34"
            case .unknown: code = "37"
            }
            return "\u{1B}[\(code)m\(text)\u{1B}[0m"
        }
        var out = ""
        let s = report.summary
        var header = printable(report.target.reference)
        if let os = report.target.operatingSystem { header += " (\(printable(os)))" }
        out += "\(header)\n"
        out += "Total: \(s.total) (CRITICAL: \(s.critical), HIGH: \(s.high), MEDIUM: \(s.medium), LOW: \(s.low), UNKNOWN: \(s.unknown)); fixable: \(s.fixable)"
        if s.suppressed > 0 { out += "; suppressed: \(s.suppressed)" }
        out += "\n"
        if report.vulnerabilities.isEmpty {
            out += "\nNo vulnerabilities found.\n"
        }
        var groups: [String: [Finding]] = [:]
        var order: [String] = []
        for f in report.vulnerabilities {
            let key = f.package.purl.isEmpty ? "\(f.package.type)/\(f.package.name)@\(f.package.version)" : f.package.purl
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(f)
        }
        for key in order {
            let findings = groups[key]!.sorted { ($0.severity, $1.id) > ($1.severity, $0.id) }
            let first = findings[0]
            out += "\n\(printable(first.package.name)) \(printable(first.package.version)) (\(first.package.type))"
            if let path = first.path { out += "  \(printable(path))" }
            if let layer = first.layer { out += "  [layer \(layer.index)]" }
            out += "\n"
            let idWidth = min(24, findings.map(\.id.count).max() ?? 0)
            for f in findings {
                let sev = f.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                let fixed = f.fixedVersions.isEmpty ? "no fix" : "fixed in \(f.fixedVersions.joined(separator: ", "))"
                let id = printable(f.id)
                var line = "  " + id.padding(toLength: max(idWidth, id.count), withPad: " ", startingAt: 0) + "  " + paint(sev, f.severity) + "  " + printable(fixed)
                if let title = f.title.map(printable) { line += "  " + (title.count > 80 ? String(title.prefix(79)) + "…" : title) }
                out += line + "\n"
            }
        }
        if !report.suppressed.isEmpty {
            out += "\nSuppressed (\(report.suppressed.count)):\n"
            for f in report.suppressed {
                let why = [f.suppressed?.status, f.suppressed?.justification, f.suppressed?.statement].compactMap { $0 }.joined(separator: ": ")
                out += printable("  \(f.id)  \(f.package.name) \(f.package.version)  \(why)") + "\n"
            }
        }
        return out
    }

    // MARK: SARIF 2.1.0

    public static func sarif(_ report: ScanReport, toolVersion: String) throws -> Data {
        var rules: [[String: Any]] = []
        var ruleIndex: [String: Int] = [:]
        var results: [[String: Any]] = []
        for f in report.vulnerabilities {
            if ruleIndex[f.id] == nil {
                ruleIndex[f.id] = rules.count
                let score = f.cvss.map(\.score).max()
                var properties: [String: Any] = ["tags": ["vulnerability", "security", f.severity.rawValue]]
                if let score { properties["security-severity"] = String(format: "%.1f", score) } else {
                    properties["security-severity"] = defaultScore(f.severity)
                }
                var rule: [String: Any] = [
                    "id": f.id,
                    "name": "Vulnerability",
                    "shortDescription": ["text": f.title ?? f.id],
                    "fullDescription": ["text": f.description ?? f.title ?? f.id],
                    "defaultConfiguration": ["level": level(f.severity)],
                    "help": ["text": "Vulnerability \(f.id)\nSeverity: \(f.severity.rawValue)\nAliases: \(f.aliases.joined(separator: ", "))"],
                    "properties": properties,
                ]
                if let url = f.references.first { rule["helpUri"] = url }
                rules.append(rule)
            }
            let fix = f.fixedVersions.isEmpty ? "no fixed version yet" : "fixed in \(f.fixedVersions.joined(separator: ", "))"
            var uri = f.path ?? ""
            while uri.hasPrefix("/") { uri.removeFirst() }
            if uri.isEmpty { uri = "image" }
            // A relative URI reference: percent-encode what RFC 3986 does not allow in a path.
            uri = uri.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ":"))) ?? uri
            results.append([
                "ruleId": f.id,
                "ruleIndex": ruleIndex[f.id]!,
                "level": level(f.severity),
                "message": ["text": "Package: \(f.package.name)\nInstalled version: \(f.package.version)\nVulnerability \(f.id)\nSeverity: \(f.severity.rawValue)\n\(fix)"],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": uri, "uriBaseId": "ROOTPATH"],
                        "region": ["startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1],
                    ],
                    "message": ["text": "\(report.target.reference): \(f.package.purl)"],
                ]],
                "partialFingerprints": ["palisade/v1": f.key],
            ])
        }
        let document: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [[
                "tool": ["driver": [
                    "name": "Palisade",
                    "fullName": "Palisade container security scanner",
                    "version": toolVersion,
                    "semanticVersion": toolVersion,
                    "informationUri": "https://palisade.invalid/docs",
                    "rules": rules,
                ]],
                "results": results,
                "columnKind": "utf16CodeUnits",
                "originalUriBaseIds": ["ROOTPATH": ["uri": "file:///"]],
                "properties": ["imageName": report.target.reference, "digest": report.target.digest ?? ""],
            ]],
        ]
        var data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .none, .unknown: "note"
        }
    }

    static func defaultScore(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "2.0"
        case .none, .unknown: "0.0"
        }
    }

    // MARK: CycloneDX 1.6 with vulnerabilities

    /// Adds a `vulnerabilities` section to a CycloneDX BOM (Palisade's own SBOM of the image when given,
    /// else a BOM of the affected packages).
    public static func cyclonedx(_ report: ScanReport, bom: Data?, toolVersion: String) throws -> Data {
        var document: [String: Any]
        if let bom, let parsed = try JSONSerialization.jsonObject(with: bom) as? [String: Any] {
            document = parsed
        } else {
            var components: [[String: Any]] = []
            var seen: Set<String> = []
            for f in report.vulnerabilities + report.suppressed where !f.package.purl.isEmpty && !seen.contains(f.package.purl) {
                seen.insert(f.package.purl)
                components.append(["type": "library", "bom-ref": f.package.purl, "name": f.package.name,
                                   "version": f.package.version, "purl": f.package.purl])
            }
            document = [
                "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                "serialNumber": "urn:uuid:\(UUID().uuidString.lowercased())",
                "metadata": [
                    "timestamp": RFC3339.format(report.createdAt),
                    "tools": ["components": [["type": "application", "name": "palisade", "version": toolVersion]]],
                    "component": ["type": "container", "bom-ref": "target", "name": report.target.reference],
                ],
                "components": components,
            ]
        }
        var refs: [String: String] = [:]
        for c in document["components"] as? [[String: Any]] ?? [] {
            if let purl = c["purl"] as? String, let ref = c["bom-ref"] as? String, refs[purl] == nil { refs[purl] = ref }
        }
        var vulnerabilities: [[String: Any]] = []
        for f in report.vulnerabilities + report.suppressed {
            var v: [String: Any] = ["bom-ref": "vuln:\(f.id):\(f.package.purl)", "id": f.id]
            v["source"] = sourceEntry(f.id)
            if !f.aliases.isEmpty { v["references"] = f.aliases.map { ["id": $0, "source": sourceEntry($0)] } }
            var ratings: [[String: Any]] = f.cvss.map { c in
                ["score": c.score, "severity": c.severity.rawValue.lowercased(), "method": method(c.version), "vector": c.vector,
                 "source": sourceEntry(c.source)]
            }
            if ratings.isEmpty {
                ratings = [["severity": f.severity == .unknown ? "unknown" : f.severity.rawValue.lowercased(), "method": "other"]]
            }
            v["ratings"] = ratings
            if let t = f.title { v["description"] = t }
            if let d = f.description { v["detail"] = d }
            if !f.fixedVersions.isEmpty { v["recommendation"] = "Upgrade \(f.package.name) to \(f.fixedVersions.joined(separator: " or "))" }
            if !f.references.isEmpty { v["advisories"] = f.references.prefix(20).map { ["url": $0] } }
            if let p = f.published { v["published"] = RFC3339.format(p) }
            if let m = f.modified { v["updated"] = RFC3339.format(m) }
            let ref = refs[f.package.purl] ?? f.package.purl
            var affects: [String: Any] = ["ref": ref, "versions": [["version": f.package.version, "status": "affected"]]]
            if let s = f.suppressed {
                var analysis: [String: Any] = ["state": s.status == "fixed" ? "resolved" : (s.kind == "vex" ? "not_affected" : "false_positive")]
                if let j = s.justification, let mapped = cdxJustification(j) { analysis["justification"] = mapped }
                if let text = s.statement ?? s.justification { analysis["detail"] = text }
                v["analysis"] = analysis
                affects["versions"] = [["version": f.package.version, "status": "unaffected"]]
            }
            v["affects"] = [affects]
            vulnerabilities.append(v)
        }
        document["vulnerabilities"] = vulnerabilities
        var data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    static func method(_ version: String) -> String {
        switch version {
        case "2.0": "CVSSv2"
        case "3.0": "CVSSv3"
        case "3.1": "CVSSv31"
        case "4.0": "CVSSv4"
        default: "other"
        }
    }

    static func sourceEntry(_ id: String) -> [String: String] {
        if id.hasPrefix("CVE-") { return ["name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/\(id)"] }
        if id.hasPrefix("GHSA-") { return ["name": "GitHub", "url": "https://github.com/advisories/\(id)"] }
        if id.hasPrefix("GO-") { return ["name": "Go Vulnerability Database", "url": "https://pkg.go.dev/vuln/\(id)"] }
        if id.hasPrefix("DSA-") || id.hasPrefix("DLA-") { return ["name": "Debian", "url": "https://security-tracker.debian.org/tracker/\(id)"] }
        return ["name": "OSV", "url": "https://osv.dev/vulnerability/\(id)"]
    }

    /// OpenVEX justifications → CycloneDX impact-analysis justifications.
    static func cdxJustification(_ vex: String) -> String? {
        switch vex {
        case "component_not_present": "requires_dependency"
        case "vulnerable_code_not_present": "code_not_present"
        case "vulnerable_code_not_in_execute_path": "code_not_reachable"
        case "vulnerable_code_cannot_be_controlled_by_adversary": "protected_by_mitigating_control"
        case "inline_mitigations_already_exist": "protected_by_mitigating_control"
        default: nil
        }
    }
}
