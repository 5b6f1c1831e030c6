#include <sqlite3.h>

/// Hardens a connection that reads an untrusted database file: defensive mode (no writes to
/// the schema or shadow tables) and an untrusted schema (no SQL functions with side effects in
/// views, triggers or generated columns). `sqlite3_db_config` is variadic, so Swift cannot call
/// it directly. Returns SQLITE_OK or the first error.
static inline int palisade_sqlite3_harden(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)0);
}
