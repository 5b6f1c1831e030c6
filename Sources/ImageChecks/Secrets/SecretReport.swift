public import Foundation

/// Secret findings in the report formats `image scan` writes (the section beside vulnerabilities).
public enum SecretReport {
    /// JSON objects: `ruleID, category, severity, title, path, line, endLine, match (masked), layer,
    /// inLayerHistory, source`.
    public static func jsonObjects(_ findings: [SecretFinding]) -> [[String: Any]] {
        findings.map { f in
            var o: [String: Any] = ["ruleID": f.ruleID, "category": f.category, "severity": f.severity.name, "title": f.title,
                                    "path": f.path, "line": f.line, "endLine": f.endLine, "match": f.match,
                                    "inLayerHistory": f.inLayerHistory, "source": f.source.name]
            if let layer = f.layer { o["layer"] = layer }
            return o
        }
    }

    public static func table(_ findings: [SecretFinding]) -> String {
        var out = "\nSecrets: \(findings.count)\n"
        for f in findings.sorted(by: { ($0.path, $0.line) < ($1.path, $1.line) }) {
            var line = "  \(f.severity.name.padding(toLength: 8, withPad: " ", startingAt: 0))  \(f.ruleID)  \(f.path):\(f.line)"
            if let layer = f.layer { line += "  [layer \(layer)\(f.inLayerHistory ? ", deleted later: still in layer history" : "")]" }
            out += printable(line) + "\n    " + printable(f.match) + "\n"
        }
        return out
    }

    /// Appends secret rules and results to a SARIF 2.1.0 log's first run.
    public static func addToSARIF(_ sarif: Data, _ findings: [SecretFinding]) throws -> Data {
        guard !findings.isEmpty, var log = try JSONSerialization.jsonObject(with: sarif) as? [String: Any],
              var runs = log["runs"] as? [[String: Any]], var run = runs.first,
              var tool = run["tool"] as? [String: Any], var driver = tool["driver"] as? [String: Any] else { return sarif }
        var rules = driver["rules"] as? [[String: Any]] ?? []
        var results = run["results"] as? [[String: Any]] ?? []
        var index: [String: Int] = [:]
        for (i, rule) in rules.enumerated() { if let id = rule["id"] as? String { index[id] = i } }
        for f in findings {
            let id = "secret/" + f.ruleID
            if index[id] == nil {
                index[id] = rules.count
                rules.append(["id": id, "name": "Secret", "shortDescription": ["text": f.title], "fullDescription": ["text": f.title],
                              "defaultConfiguration": ["level": level(f.severity)],
                              "help": ["text": "Secret \(f.title): remove it from the image and rotate it."],
                              "properties": ["tags": ["secret", "security", f.severity.name], "security-severity": score(f.severity)]])
            }
            var uri = f.path
            while uri.hasPrefix("/") { uri.removeFirst() }
            uri = uri.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ":"))) ?? uri
            results.append(["ruleId": id, "ruleIndex": index[id]!, "level": level(f.severity),
                            "message": ["text": "\(f.title): \(f.match)" + (f.inLayerHistory ? " (deleted by a later layer, still in layer history)" : "")],
                            "locations": [["physicalLocation": ["artifactLocation": ["uri": uri.isEmpty ? "image" : uri, "uriBaseId": "ROOTPATH"],
                                                                "region": ["startLine": max(1, f.line), "endLine": max(1, f.endLine)]]]]])
        }
        driver["rules"] = rules
        tool["driver"] = driver
        run["tool"] = tool
        run["results"] = results
        runs[0] = run
        log["runs"] = runs
        var data = try JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    static func level(_ s: SecretSeverity) -> String {
        switch s.name {
        case "CRITICAL", "HIGH": "error"
        case "MEDIUM": "warning"
        default: "note"
        }
    }

    static func score(_ s: SecretSeverity) -> String {
        switch s.name {
        case "CRITICAL": "9.5"
        case "HIGH": "8.0"
        case "MEDIUM": "5.5"
        default: "2.0"
        }
    }

    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
