public import Foundation

/// Adds a section of findings (misconfigurations, malware) to a SARIF 2.1.0 log's first run:
/// one rule per check id, one result per finding.
public enum SARIFSection {
    public struct Result: Sendable {
        public var ruleID: String
        public var ruleName: String
        public var title: String
        public var help: String
        /// CRITICAL, HIGH, MEDIUM, LOW, INFO/UNKNOWN.
        public var severity: String
        public var message: String
        /// A path in the image or a file; nil for the image as a whole.
        public var uri: String?
        public var line: Int?
        public var endLine: Int?
        public var tags: [String]

        public init(ruleID: String, ruleName: String, title: String, help: String, severity: String, message: String,
                    uri: String?, line: Int?, endLine: Int? = nil, tags: [String]) {
            self.ruleID = ruleID
            self.ruleName = ruleName
            self.title = title
            self.help = help
            self.severity = severity
            self.message = message
            self.uri = uri
            self.line = line
            self.endLine = endLine
            self.tags = tags
        }
    }

    public static func add(_ sarif: Data, _ results: [Result]) throws -> Data {
        guard !results.isEmpty, var log = try JSONSerialization.jsonObject(with: sarif) as? [String: Any],
              var runs = log["runs"] as? [[String: Any]], var run = runs.first,
              var tool = run["tool"] as? [String: Any], var driver = tool["driver"] as? [String: Any] else { return sarif }
        var rules = driver["rules"] as? [[String: Any]] ?? []
        var out = run["results"] as? [[String: Any]] ?? []
        var index: [String: Int] = [:]
        for (i, rule) in rules.enumerated() { if let id = rule["id"] as? String { index[id] = i } }
        for r in results {
            if index[r.ruleID] == nil {
                index[r.ruleID] = rules.count
                rules.append(["id": r.ruleID, "name": r.ruleName, "shortDescription": ["text": r.title], "fullDescription": ["text": r.title],
                              "defaultConfiguration": ["level": level(r.severity)], "help": ["text": r.help],
                              "properties": ["tags": r.tags + [r.severity], "security-severity": score(r.severity)]])
            }
            var uri = r.uri ?? "image"
            while uri.hasPrefix("/") { uri.removeFirst() }
            uri = uri.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: ":"))) ?? uri
            var physical: [String: Any] = ["artifactLocation": ["uri": uri.isEmpty ? "image" : uri, "uriBaseId": "ROOTPATH"]]
            if let line = r.line {
                var region = ["startLine": max(1, line)]
                if let end = r.endLine { region["endLine"] = max(1, end) }
                physical["region"] = region
            }
            out.append(["ruleId": r.ruleID, "ruleIndex": index[r.ruleID]!, "level": level(r.severity),
                        "message": ["text": r.message], "locations": [["physicalLocation": physical]]])
        }
        driver["rules"] = rules
        tool["driver"] = driver
        run["tool"] = tool
        run["results"] = out
        runs[0] = run
        log["runs"] = runs
        var data = try JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        data.append(0x0A)
        return data
    }

    static func level(_ severity: String) -> String {
        switch severity {
        case "CRITICAL", "HIGH": "error"
        case "MEDIUM": "warning"
        default: "note"
        }
    }

    static func score(_ severity: String) -> String {
        switch severity {
        case "CRITICAL": "9.5"
        case "HIGH": "8.0"
        case "MEDIUM": "5.5"
        default: "2.0"
        }
    }
}

extension ImageConfigReport {
    /// Misconfiguration findings as SARIF results (`config/PAL-IMG-…`).
    public static func sarifResults(_ findings: [ImageConfigFinding]) -> [SARIFSection.Result] {
        findings.map { f in
            SARIFSection.Result(ruleID: "config/" + f.checkID, ruleName: "Misconfiguration", title: f.title,
                                help: f.remediation, severity: "\(f.severity)".uppercased(),
                                message: "\(f.title): \(f.message)", uri: f.location.file ?? f.location.imagePath,
                                line: f.location.line, tags: ["misconfiguration", "security"] + f.equivalents)
        }
    }
}
