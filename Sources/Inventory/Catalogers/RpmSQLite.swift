import CSQLite
import Foundation

/// rpm's SQLite database `rpmdb.sqlite` (rpm 4.16+: Fedora 33+, RHEL/UBI 9, Amazon Linux 2023,
/// CBL-Mariner/Azure Linux), read with the system SQLite library.
///
/// The file is opened from memory (`sqlite3_deserialize`), never from disk: no temporary file,
/// nothing to clean up. The table `Packages(hnum INTEGER PRIMARY KEY, blob BLOB)` holds one
/// header blob per package. rpm keeps the database in WAL mode; an image layer holds only the
/// main file (rpm checkpoints on close), and the in-memory VFS has no WAL, so the copy is marked
/// as a rollback-journal database (file-format bytes 18 and 19 set from 2 to 1) before opening.
///
/// The file may be hostile: the connection is read-only, defensive, with an untrusted schema,
/// a 64 MiB limit on any one value, and a budget of virtual-machine steps; `Packages` must be
/// a real table, not a view, with rpm's two stored columns and no generated ones, and its blobs
/// together may not exceed the file's size.
enum RpmSQLite {
    static let magic = Array("SQLite format 3\u{0}".utf8)
    /// The largest single value SQLite will produce (rpm headers are well under 1 MiB).
    static let maxValueBytes: Int32 = 64 << 20
    /// Progress-handler calls (each after 1,000 virtual-machine instructions) before a query is
    /// abandoned: far more than a table scan of the largest rpm database needs.
    static let maxProgressCalls = 1_000_000

    /// Whether `data` starts with the SQLite header string.
    static func matches(_ data: Data) -> Bool {
        data.count >= 100 && data.prefix(16).elementsEqual(magic)
    }

    /// The header blobs of every package, in instance-number order. Together they are at most
    /// the database file's size (see ``forEachHeaderBlob(_:maxTotalBytes:_:)``).
    static func headerBlobs(_ data: Data) throws -> [[UInt8]] {
        var blobs: [[UInt8]] = []
        try forEachHeaderBlob(data) { blobs.append([UInt8]($0)) }
        return blobs
    }

    /// Calls `body` with each package's header blob, in instance-number order, one row at a time;
    /// the bytes are valid only during the call.
    ///
    /// A hostile file could make SQLite produce far more bytes than it holds: many b-tree cells
    /// sharing one overflow chain (SQLite does not check that when reading), or a generated
    /// column (`blob BLOB GENERATED ALWAYS AS (zeroblob(50000000)) VIRTUAL`: `zeroblob` is
    /// innocuous, so an untrusted schema allows it). So `Packages` must be a real table with
    /// exactly rpm's two stored columns, and the blobs together may not exceed `maxTotalBytes`
    /// (by default the size of the file, which holds every honest blob).
    static func forEachHeaderBlob(_ data: Data, maxTotalBytes: Int? = nil,
                                  _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard matches(data) else { throw CatalogError("not a SQLite database") }
        var handle: OpaquePointer?
        let opened = sqlite3_open_v2(":memory:", &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
        defer { sqlite3_close(handle) }
        guard opened == SQLITE_OK, let db = handle else {
            throw CatalogError("SQLite: cannot open an in-memory database")
        }
        guard palisade_sqlite3_harden(db) == SQLITE_OK else {
            throw CatalogError("SQLite: cannot harden the connection: \(message(db))")
        }

        // SQLite frees the copy when the connection closes (or at once if deserializing fails).
        let size = data.count
        guard let buffer = sqlite3_malloc64(sqlite3_uint64(size)) else {
            throw CatalogError("SQLite: cannot allocate \(size) bytes")
        }
        let bytes = buffer.bindMemory(to: UInt8.self, capacity: size)
        data.copyBytes(to: bytes, count: size)
        if bytes[18] == 2 { bytes[18] = 1 }
        if bytes[19] == 2 { bytes[19] = 1 }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
        guard sqlite3_deserialize(db, "main", bytes, sqlite3_int64(size), sqlite3_int64(size), flags) == SQLITE_OK else {
            throw CatalogError("SQLite: cannot load the database: \(message(db))")
        }

        sqlite3_limit(db, SQLITE_LIMIT_LENGTH, maxValueBytes)
        let budget = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        budget.initialize(to: maxProgressCalls)
        sqlite3_progress_handler(db, 1000, { context in
            guard let remaining = context?.assumingMemoryBound(to: Int.self) else { return 1 }
            remaining.pointee -= 1
            return remaining.pointee < 0 ? 1 : 0
        }, UnsafeMutableRawPointer(budget))
        defer {
            sqlite3_progress_handler(db, 0, nil, nil)
            budget.deallocate()
        }

        try checkPackagesTable(db)
        let limit = maxTotalBytes ?? size
        var total = 0
        try forEachRow(db, "SELECT blob FROM Packages ORDER BY hnum") { statement in
            // sqlite3_column_blob first, then sqlite3_column_bytes (SQLite's documented order).
            let pointer = sqlite3_column_blob(statement, 0)
            let count = Int(sqlite3_column_bytes(statement, 0))
            guard count >= 0, count <= limit - total else {
                throw CatalogError("SQLite: the Packages blobs add up to more than \(limit) bytes (the database's size)")
            }
            total += count
            guard let pointer, count > 0 else {
                try body(UnsafeRawBufferPointer(start: nil, count: 0))
                return
            }
            try body(UnsafeRawBufferPointer(start: pointer, count: count))
        }
    }

    /// Throws unless `Packages` is a real table (not a view or a virtual table) whose columns are
    /// exactly rpm's `hnum` and `blob`, both stored (`PRAGMA table_xinfo` shows generated
    /// columns as hidden 2 or 3). rpm writes
    /// `CREATE TABLE 'Packages' (hnum INTEGER PRIMARY KEY AUTOINCREMENT,blob BLOB NOT NULL)`.
    static func checkPackagesTable(_ db: OpaquePointer) throws {
        let definitions = try rows(db, "SELECT type, sql FROM sqlite_master WHERE name = 'Packages'") { statement in
            (type: sqlite3_column_text(statement, 0).map { String(cString: $0) } ?? "",
             sql: sqlite3_column_text(statement, 1).map { String(cString: $0) } ?? "")
        }
        guard definitions.count == 1, definitions[0].type == "table" else {
            throw CatalogError("SQLite: no Packages table (not an rpm database)")
        }
        guard definitions[0].sql.uppercased().hasPrefix("CREATE TABLE") else {
            throw CatalogError("SQLite: Packages is not a plain table (not an rpm database)")
        }
        let columns = try rows(db, "PRAGMA table_xinfo('Packages')") { statement -> String in
            let name = sqlite3_column_text(statement, 1).map { String(cString: $0) } ?? ""
            let hidden = sqlite3_column_int(statement, 6)
            return hidden == 0 ? name.lowercased() : "\(name) (hidden \(hidden))"
        }
        guard columns.sorted() == ["blob", "hnum"] else {
            throw CatalogError("SQLite: the Packages table has columns \(columns), not rpm's stored hnum and blob")
        }
    }

    /// Runs a query and maps every row.
    static func rows<T>(_ db: OpaquePointer, _ sql: String, _ row: (OpaquePointer) throws -> T) throws -> [T] {
        var out: [T] = []
        try forEachRow(db, sql) { out.append(try row($0)) }
        return out
    }

    /// Runs a query and hands each row to `row` as it is stepped to.
    static func forEachRow(_ db: OpaquePointer, _ sql: String, _ row: (OpaquePointer) throws -> Void) throws {
        var handle: OpaquePointer?
        let prepared = sqlite3_prepare_v2(db, sql, -1, &handle, nil)
        defer { sqlite3_finalize(handle) }
        guard prepared == SQLITE_OK, let statement = handle else {
            throw CatalogError("SQLite: \(message(db))")
        }
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return }
            guard step == SQLITE_ROW else { throw CatalogError("SQLite: \(message(db))") }
            try row(statement)
        }
    }

    /// The connection's last error message.
    static func message(_ db: OpaquePointer) -> String {
        sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error"
    }
}
