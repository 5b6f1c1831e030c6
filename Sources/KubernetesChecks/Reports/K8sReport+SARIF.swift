public import Foundation

extension K8sReport {
    private struct Log: Encodable {
        var version = "2.1.0"
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case version, schema = "$schema", runs }
    }
    private struct Run: Encodable {
        var tool: Tool
        var results: [Result]
        var invocations: [Invocation]
    }
    private struct Tool: Encodable { var driver: Driver }
    private struct Driver: Encodable {
        var name = "palisade"
        var version: String
        var informationUri = "https://github.com/palisade-security/palisade"
        var rules: [Rule]
    }
    private struct Text: Encodable { var text: String }
    private struct Rule: Encodable {
        struct Configuration: Encodable { var level: String }
        struct Properties: Encodable {
            var tags: [String]
            var securitySeverity: String
            var controls: [String]
            enum CodingKeys: String, CodingKey { case tags, securitySeverity = "security-severity", controls }
        }
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Text
        var defaultConfiguration: Configuration
        var properties: Properties
    }
    private struct Result: Encodable {
        struct Properties: Encodable {
            var kind: String
            var name: String
            var namespace: String?
            var container: String?
            var controls: [String]
        }
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Text
        var locations: [Location]
        var properties: Properties
    }
    private struct Location: Encodable {
        struct Physical: Encodable {
            struct Artifact: Encodable { var uri: String }
            struct Region: Encodable { var startLine: Int }
            var artifactLocation: Artifact
            var region: Region
        }
        struct Logical: Encodable {
            var name: String
            var fullyQualifiedName: String
            var kind: String
        }
        var physicalLocation: Physical
        var logicalLocations: [Logical]?
    }
    private struct Invocation: Encodable {
        struct Notification: Encodable {
            var level = "error"
            var message: Text
            var locations: [Location]
        }
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]
    }

    private static func level(_ s: K8sSeverity) -> String {
        switch s {
        case .critical, .high: "error"
        case .medium: "warning"
        default: "note"
        }
    }

    private static func securitySeverity(_ s: K8sSeverity) -> String {
        switch s {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        default: "1.0"
        }
    }

    /// A relative URI reference for a manifest path.
    static func uri(_ path: String) -> String {
        var p = path
        if p.hasPrefix("./") { p.removeFirst(2) }
        let encoded = p.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? p
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    /// A SARIF 2.1.0 log: one rule per check that ran, one result per finding, input errors as tool
    /// execution notifications.
    /// - Parameters:
    ///   - result: the scan result.
    ///   - toolVersion: Palisade's version.
    public static func sarif(_ result: K8sScanResult, toolVersion: String) throws -> Data {
        let checks = result.checks.compactMap { K8sChecks.check(id: $0) }
        var ruleIndex: [String: Int] = [:]
        let rules = checks.enumerated().map { i, c in
            ruleIndex[c.id] = i
            return Rule(id: c.id, name: c.title, shortDescription: Text(text: c.title), fullDescription: Text(text: c.description),
                        help: Text(text: c.remediation), defaultConfiguration: .init(level: level(c.severity)),
                        properties: .init(tags: ["security", "kubernetes", c.category], securitySeverity: securitySeverity(c.severity), controls: c.controls()))
        }
        let results = result.findings.map { f in
            Result(ruleId: f.check, ruleIndex: ruleIndex[f.check] ?? 0, level: level(f.severity), message: Text(text: f.message),
                   locations: [Location(physicalLocation: .init(artifactLocation: .init(uri: uri(f.file)), region: .init(startLine: max(1, f.line))),
                                        logicalLocations: [.init(name: f.name, fullyQualifiedName: "\(f.namespace.map { $0 + "/" } ?? "")\(f.kind)/\(f.name)", kind: "object")])],
                   properties: .init(kind: f.kind, name: f.name, namespace: f.namespace, container: f.container, controls: f.controls))
        }
        let notifications = result.errors.map { e in
            Invocation.Notification(message: Text(text: e.message),
                                    locations: [Location(physicalLocation: .init(artifactLocation: .init(uri: uri(e.file)), region: .init(startLine: max(1, e.line))),
                                                         logicalLocations: nil)])
        }
        let log = Log(runs: [Run(tool: Tool(driver: Driver(version: toolVersion, rules: rules)), results: results,
                                 invocations: [Invocation(executionSuccessful: true, toolExecutionNotifications: notifications)])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(log)
        data.append(0x0A)
        return data
    }
}
