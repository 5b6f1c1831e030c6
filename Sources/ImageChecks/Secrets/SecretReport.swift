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
        try SARIFSection.add(sarif, findings.map { f in
            SARIFSection.Result(ruleID: "secret/" + f.ruleID, ruleName: "Secret", title: f.title,
                                help: "Secret \(f.title): remove it from the image and rotate it.", severity: f.severity.name,
                                message: "\(f.title): \(f.match)" + (f.inLayerHistory ? " (deleted by a later layer, still in layer history)" : ""),
                                uri: f.path, line: f.line, endLine: f.endLine, tags: ["secret", "security"])
        })
    }

    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
