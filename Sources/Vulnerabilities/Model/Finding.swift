public import Foundation

/// One vulnerability in one package: the unit every report, filter and policy works on.
public struct Finding: Sendable, Codable, Hashable {
    public struct PackageRef: Sendable, Codable, Hashable {
        public var type: String
        public var name: String
        public var version: String
        public var purl: String
        /// The source package the advisory keys on (Debian, Alpine), when it differs.
        public var sourceName: String?
        public var sourceVersion: String?
    }

    public struct LayerRef: Sendable, Codable, Hashable {
        public var index: Int
        public var digest: String?
        public var diffID: String?
    }

    public struct CVSSRef: Sendable, Codable, Hashable {
        public var version: String
        public var vector: String
        public var score: Double
        public var severity: Severity
        /// Where the vector came from (the advisory id).
        public var source: String
    }

    /// Why a finding is not counted (VEX statement or ignore file), kept in the report.
    public struct Suppression: Sendable, Codable, Hashable {
        /// `vex` or `ignore-file`.
        public var kind: String
        /// VEX status (`not_affected`, `fixed`) or `ignored`.
        public var status: String
        public var justification: String?
        public var statement: String?
        public var source: String
    }

    public var id: String
    public var aliases: [String]
    public var severity: Severity
    /// Where the severity came from: `cvss`, `rating`, or `none`.
    public var severitySource: String
    public var cvss: [CVSSRef]
    public var package: PackageRef
    public var fixedVersions: [String]
    /// `fixed` when a fixed version exists, `affected` when none does yet.
    public var status: String
    public var layer: LayerRef?
    public var path: String?
    public var title: String?
    public var description: String?
    public var published: Date?
    public var modified: Date?
    public var references: [String]
    /// Advisory sources that contributed (e.g. `osv/PyPI`, `debian/DSA`).
    public var dataSources: [String]
    public var suppressed: Suppression?

    /// Every identifier this finding answers to.
    public var allIDs: [String] { [id] + aliases }

    /// The identity used to compare scans: package and vulnerability.
    public var key: String { "\(package.purl)|\(id)" }
}
