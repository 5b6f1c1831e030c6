import Foundation
import ImageChecks
import Vulnerabilities

/// The parts of an image scan beyond vulnerabilities: each is nil when its scanner did not run.
/// Every section renders in every format (json keys, table blocks, SARIF results).
struct ImageSections {
    /// Whether the vulnerability scanner ran (the table then starts with its section).
    var vulnerabilitiesScanned = true
    var secrets: [SecretFinding]?
    var freshness: FreshnessGrade?
    var baseImage: BaseImageInfo?

    /// Whether any section found something that `--exit-code` should fail on.
    var hasFindings: Bool {
        !(secrets ?? []).isEmpty || baseImage?.trustedRegistry == false
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }

    static func object(_ value: some Encodable) throws -> Any {
        try JSONSerialization.jsonObject(with: try encoder().encode(value), options: [.fragmentsAllowed])
    }

    /// Top-level keys to add to the JSON report.
    func jsonObject() throws -> [String: Any] {
        var out: [String: Any] = [:]
        if let secrets { out["secrets"] = SecretReport.jsonObjects(secrets) }
        if let freshness { out["freshness"] = try Self.object(freshness) }
        if let baseImage { out["baseImage"] = try Self.object(baseImage) }
        return out
    }

    func table() -> String {
        var text = ""
        if let freshness { text += "\n\(freshness)\n" }
        if let baseImage { text += "\n" + baseImage.tableText }
        if let secrets { text += SecretReport.table(secrets) }
        return text
    }

    func addToSARIF(_ data: Data) throws -> Data {
        var data = data
        if let secrets { data = try SecretReport.addToSARIF(data, secrets) }
        return data
    }
}
