public import Foundation
import GRDB

/// Every scan Palisade ran: the image digest, its SBOM, the findings and when. Lets `image rescan`
/// re-match stored SBOMs after a database update without reading the images again.
public final class ScanHistory: Sendable {
    public static let fileName = "scan-history.sqlite"
    public let path: String
    let queue: DatabaseQueue

    public struct Entry: Sendable {
        public var id: Int64
        public var target: String
        public var kind: String
        public var digest: String?
        public var createdAt: Date
        public var sbom: Data
        public var findingKeys: Set<String>
    }

    /// `$PALISADE_DATA_DIR`, else `$XDG_DATA_HOME/palisade`, else `~/.local/share/palisade`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dir = environment["PALISADE_DATA_DIR"], !dir.isEmpty { return dir }
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") { return data + "/palisade" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/palisade"
    }

    public init(directory: String) throws(VulnerabilityDatabaseError) {
        path = directory + "/" + Self.fileName
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            var config = Configuration()
            config.busyMode = .timeout(30)
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE scan (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        target TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        digest TEXT,
                        created_at REAL NOT NULL,
                        sbom BLOB NOT NULL,
                        report BLOB NOT NULL,
                        finding_keys TEXT NOT NULL
                    );
                    CREATE INDEX scan_target ON scan(target, created_at);
                    """)
            }
            try migrator.migrate(queue)
            if try queue.read({ try migrator.hasBeenSuperseded($0) }) {
                throw VulnerabilityDatabaseError(path: path, message: "written by a newer Palisade (unknown schema)")
            }
        } catch let error as VulnerabilityDatabaseError {
            throw error
        } catch {
            throw VulnerabilityDatabase.mapOpenError(error, path: path)
        }
    }

    /// Records a scan; durable when this returns (SQLite commit, WAL).
    @discardableResult
    public func record(target: String, kind: String, digest: String?, at date: Date, sbom: Data, report: ScanReport) throws -> Int64 {
        let reportData = try ReportWriter.json(report)
        let keys = report.matchedKeys.joined(separator: "\n")
        return try queue.write { db in
            try db.execute(sql: """
                INSERT INTO scan(target, kind, digest, created_at, sbom, report, finding_keys) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [target, kind, digest, date.timeIntervalSince1970, sbom, reportData, keys])
            return db.lastInsertedRowID
        }
    }

    /// The latest scan of every target, by the reference it was scanned as.
    public func latestPerTarget() throws -> [Entry] {
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.* FROM scan s
                JOIN (SELECT target, MAX(id) AS id FROM scan GROUP BY target) latest
                ON s.id = latest.id ORDER BY s.target
                """)
            return rows.map(Self.entry)
        }
    }

    static func entry(_ row: Row) -> Entry {
        let keys: String = row["finding_keys"]
        return Entry(id: row["id"], target: row["target"], kind: row["kind"], digest: row["digest"],
                     createdAt: Date(timeIntervalSince1970: row["created_at"]), sbom: row["sbom"],
                     findingKeys: Set(keys.split(separator: "\n").map(String.init)))
    }
}
