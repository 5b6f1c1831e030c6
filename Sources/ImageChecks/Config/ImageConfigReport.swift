public import Foundation

/// Renders image-misconfiguration findings for the CLI.
public enum ImageConfigReport {
    /// One line per finding, `LOCATION CHECK SEVERITY title: message [equivalents]`, in the findings' order,
    /// then a count line. For a Dockerfile the location reads `FILE:LINE`, as hadolint prints it.
    /// - Parameter findings: Sorted findings.
    public static func text(_ findings: [ImageConfigFinding]) -> String {
        var out = ""
        for f in findings {
            out += "\(f.location) \(f.checkID) \(f.severity) \(f.title): \(f.message)"
            if !f.equivalents.isEmpty { out += " [\(f.equivalents.joined(separator: ", "))]" }
            out += "\n"
        }
        let counts = ImageConfigSeverity.allCases.compactMap { severity -> String? in
            let n = findings.filter { $0.severity == severity }.count
            return n == 0 ? nil : "\(n) \(severity)"
        }
        out += findings.isEmpty ? "no findings\n" : "\(findings.count) findings (\(counts.joined(separator: ", ")))\n"
        return out
    }

    /// The findings as a JSON array with sorted keys (deterministic bytes for the same findings).
    /// - Parameter findings: Sorted findings.
    public static func json(_ findings: [ImageConfigFinding]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(findings)
    }

    /// The check catalogue as JSON (id, title, category, severity, scope, description, remediation, mappings),
    /// for docs and `palisade checks list`.
    public static func catalogue() throws -> Data {
        struct Entry: Encodable {
            var id, title, category, severity, description, remediation: String
            var scope: [String]
            var mappings: ImageConfigCheck.Mappings
        }
        let entries = ImageConfigChecks.all.map { check in
            Entry(id: check.id, title: check.title, category: check.category, severity: check.severity.rawValue,
                  description: check.description, remediation: check.remediation,
                  scope: [check.scope.contains(.image) ? "image" : nil, check.scope.contains(.dockerfile) ? "dockerfile" : nil].compactMap { $0 },
                  mappings: check.mappings)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(entries)
    }
}
