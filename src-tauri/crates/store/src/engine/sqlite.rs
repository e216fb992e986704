//! The embedded engine, SQLite: the pool and its pragmas, write transactions that take the lock at once, the engine's error codes, migrations, snapshots (`VACUUM INTO`), checkpoints, the integrity check and how a row's values are sealed.

use super::{db, Sealed};
use crate::error::{Error, Result};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::time::Duration;

type Pool = sqlx::SqlitePool;
type WriteTx = sqlx::Transaction<'static, sqlx::Sqlite>;

/// The register's schema, one file per version.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// A pool on the register file at `path`, created if missing. WAL and a busy timeout let the
/// app and the CLI use the same file at once.
pub(crate) async fn connect(path: &Path) -> Result<Pool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // A 10,000-vendor register's vendors are a few MB: keep them in each connection's page
        // cache (the default 2 MB is too small), but no more: the app holds four connections,
        // and 32 MB each made a quarter of its resident memory after reading a full register.
        .pragma("cache_size", "-8192")
        .pragma("temp_store", "memory");
    SqlitePoolOptions::new().max_connections(4).connect_with(options).await.map_err(db)
}

/// A write transaction that takes the write lock at once, so two writers queue on the busy
/// timeout instead of failing halfway.
pub(crate) async fn begin_write(pool: &Pool) -> Result<WriteTx> {
    pool.begin_with("BEGIN IMMEDIATE").await.map_err(db)
}

/// An error of the engine (with its code) as the register's: a busy or locked database (SQLite's
/// codes 5, 6 and 517) is `Busy`, for a retry; a damaged file (11, corrupt; 26, not a database) is
/// `Damaged`, with the hint to restore; anything else keeps the engine's message.
pub(crate) fn error(e: sqlx::Error, code: &str) -> Error {
    match code {
        "5" | "6" | "517" => Error::Busy,
        "11" | "26" => Error::Damaged(e.as_database_error().map(|d| d.message().to_owned()).unwrap_or_else(|| e.to_string())),
        _ => Error::Database(e.to_string()),
    }
}

/// A pool that only reads the register file at `path`: for a register a newer Vetted wrote, or one
/// whose file or folder cannot be written (`immutable`: SQLite then needs no file beside it).
pub(crate) async fn connect_read_only(path: &Path, immutable: bool) -> Result<Pool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(immutable)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("cache_size", "-8192");
    SqlitePoolOptions::new().max_connections(4).connect_with(options).await.map_err(db)
}

/// The newest schema version this build knows.
pub(crate) fn newest_known() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The newest schema version applied to the file, if it is a Vetted register at all.
pub(crate) async fn applied_version(pool: &Pool) -> Result<Option<i64>> {
    let has_table: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations')")
            .fetch_one(pool)
            .await
            .map_err(db)?;
    if !has_table {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1").fetch_one(pool).await.map_err(db)
}

/// Writes a consistent copy of the register to `target` (which must not exist yet) while
/// others go on writing: `VACUUM INTO` reads one snapshot.
pub(crate) async fn snapshot_into(pool: &Pool, target: &Path) -> Result<()> {
    let path = target.to_str().ok_or_else(|| Error::Io(format!("{} is not a UTF-8 path", target.display())))?;
    sqlx::query("VACUUM INTO ?").bind(path).execute(pool).await.map_err(db)?;
    Ok(())
}

/// Folds everything committed so far into the database file, waiting out a checkpoint already
/// under way for up to 10 s.
pub(crate) async fn checkpoint(pool: &Pool) -> Result<()> {
    for _ in 0..2000 {
        // (busy, frames in the WAL, frames copied into the database file)
        let (busy, frames, copied): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(pool).await.map_err(db)?;
        if busy == 0 && frames == copied {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Err(Error::Busy)
}

/// Copies every committed page from the WAL into the database file, without waiting for anyone
/// (a passive checkpoint); a failure leaves the pages in the WAL, where they are safe.
pub(crate) async fn fold_wal(pool: &Pool) {
    let _ = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(pool).await;
}

/// The engine's own check of every page and index: empty when the file is sound, else what it found.
pub(crate) async fn integrity_problems(pool: &Pool) -> Result<Vec<String>> {
    let found: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(pool).await.map_err(db)?;
    Ok(if found == ["ok"] { Vec::new() } else { found })
}

/// Feeds the columns of `row` from `from` on into `h`, each value tagged by its kind and text length-prefixed,
/// so that no two different rows feed the same bytes: what a record's seal (`seals`) is made of.
pub(crate) fn hash_row(row: &sqlx::sqlite::SqliteRow, from: usize, h: &mut sha2::Sha256) -> Result<()> {
    use sqlx::{Row, TypeInfo, ValueRef};
    for i in from..row.len() {
        let raw = row.try_get_raw(i).map_err(db)?;
        if raw.is_null() {
            Sealed::Null.feed(h);
            continue;
        }
        match raw.type_info().name() {
            "INTEGER" | "BOOLEAN" => Sealed::Int(row.try_get(i).map_err(db)?).feed(h),
            "REAL" => Sealed::Real(row.try_get(i).map_err(db)?).feed(h),
            "BLOB" => Sealed::Bytes(&row.try_get::<Vec<u8>, _>(i).map_err(db)?).feed(h),
            _ => Sealed::Text(&row.try_get::<String, _>(i).map_err(db)?).feed(h),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::engine::Kind;
    use crate::questionnaires::{latest_answers_sql, version_answers_sql};

    /// Reading answers looks up each version's run of ids, in either query. The plans are
    /// SQLite's choice, so they are checked (the register keeps no statistics: a plan does not
    /// depend on the rows, and an empty register shows it).
    #[tokio::test]
    async fn answers_are_read_by_their_versions_id_range_never_by_a_scan() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&dir.path().join("plan.db")).await.unwrap();
        for sql in [version_answers_sql(Kind::Sqlite), latest_answers_sql(Kind::Sqlite)] {
            // (The parameter bound as NULL: a vendor's or every vendor's newest.)
            let explain = format!("EXPLAIN QUERY PLAN {sql}");
            let crate::engine::Pool::Sqlite(pool) = &store.pool else { unreachable!("a register file is SQLite's") };
            let plan: Vec<(i64, i64, i64, String)> = sqlx::query_as(&explain).bind(None::<i64>).fetch_all(pool).await.unwrap();
            let steps: Vec<&str> = plan.iter().map(|(.., step)| step.as_str()).collect();
            assert!(steps.contains(&"SEARCH a USING INTEGER PRIMARY KEY (rowid>? AND rowid<?)"), "{sql}: {steps:?}");
            assert!(
                !steps.iter().any(|s| s.starts_with("SCAN a") || s.contains("AUTOMATIC") || s.contains("TEMP B-TREE")),
                "{sql}: {steps:?}"
            );
        }
    }
}
