//! The team engine, PostgreSQL: connecting by URL (PostgreSQL's own conventions for passwords and TLS), the engine's error codes, migrations, and how a row's values are sealed so that a record seals the same on both engines.

use super::db;
use crate::error::{Error, Result};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::str::FromStr;
use std::time::Duration;

type Pool = sqlx::PgPool;

/// The team register's schema, one file per version.
pub(crate) static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A pool on the team register at `url` (`postgres://...`; a password comes from the URL, `PGPASSWORD`,
/// the password file (`.pgpass`, `PGPASSFILE`) or a service file, as with psql).
pub(crate) async fn connect(url: &str) -> Result<Pool> {
    let options = PgConnectOptions::from_str(url).map_err(|e| Error::Database(format!("not a PostgreSQL connection: {e}")))?;
    let options = options.application_name("vetted").options([("statement_timeout", "30s"), ("lock_timeout", "10s")]);
    PgPoolOptions::new().max_connections(4).acquire_timeout(Duration::from_secs(10)).connect_with(options).await.map_err(db)
}

/// The server and database of `url` as a user may see them: never its password.
pub(crate) fn shown(url: &str) -> String {
    match PgConnectOptions::from_str(url) {
        Ok(o) => format!("{}:{}/{}", o.get_host(), o.get_port(), o.get_database().unwrap_or("")),
        Err(_) => "the team register".to_owned(),
    }
}

/// The key of the register's writer lock (an advisory lock, scoped to the database by the server).
const WRITER_LOCK: i64 = 0x7665_7474_6564; // "vetted"

/// A write transaction holding the register's writer lock until it ends: writers queue as on
/// SQLite (waiting at most the connection's `lock_timeout`), so the history's chain stays one
/// line and every write reads the state the last one left. Readers never wait for it.
pub(crate) async fn begin_write(pool: &Pool) -> Result<sqlx::Transaction<'static, sqlx::Postgres>> {
    let mut tx = pool.begin().await.map_err(db)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITER_LOCK).execute(&mut *tx).await.map_err(db)?;
    Ok(tx)
}

/// An error of the engine with its SQLSTATE as the register's: a serialization failure, a deadlock
/// or a lock not had in time is `Busy`, for a retry; anything else keeps the engine's message.
pub(crate) fn error(e: sqlx::Error, code: &str) -> Error {
    match code {
        "40001" | "40P01" | "55P03" => Error::Busy,
        _ => Error::Database(e.to_string()),
    }
}

/// An error without a SQLSTATE: the connection's own (refused, cut, timed out).
pub(crate) fn error_without_code(e: sqlx::Error) -> Error {
    Error::Database(e.to_string())
}

/// The newest schema version this build knows.
pub(crate) fn newest_known() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The newest schema version applied to the database, if it holds a Vetted register at all.
pub(crate) async fn applied_version(pool: &Pool) -> Result<Option<i64>> {
    let has_table: bool = sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations') IS NOT NULL").fetch_one(pool).await.map_err(db)?;
    if !has_table {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success").fetch_one(pool).await.map_err(db)
}

/// Feeds the columns of `row` from `from` on into `h` exactly as the SQLite engine feeds the same
/// values (a date as its ISO text, a boolean as an integer), so a record seals the same on both.
pub(crate) fn hash_row(row: &sqlx::postgres::PgRow, from: usize, h: &mut sha2::Sha256) -> Result<()> {
    use sha2::Digest;
    use sqlx::{Row, TypeInfo, ValueRef};
    for i in from..row.len() {
        let raw = row.try_get_raw(i).map_err(db)?;
        if raw.is_null() {
            h.update([0u8]);
            continue;
        }
        let name = raw.type_info().name().to_owned();
        match name.as_str() {
            "INT8" | "INT4" | "INT2" => {
                let n: i64 = match name.as_str() {
                    "INT8" => row.try_get::<i64, _>(i).map_err(db)?,
                    "INT4" => row.try_get::<i32, _>(i).map_err(db)?.into(),
                    _ => row.try_get::<i16, _>(i).map_err(db)?.into(),
                };
                h.update([1u8]);
                h.update(n.to_le_bytes());
            }
            "BOOL" => {
                h.update([1u8]);
                h.update(i64::from(row.try_get::<bool, _>(i).map_err(db)?).to_le_bytes());
            }
            "FLOAT8" => {
                h.update([2u8]);
                h.update(row.try_get::<f64, _>(i).map_err(db)?.to_le_bytes());
            }
            "BYTEA" => {
                let bytes: Vec<u8> = row.try_get(i).map_err(db)?;
                h.update([4u8]);
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(&bytes);
            }
            "DATE" => {
                let text = row.try_get::<chrono::NaiveDate, _>(i).map_err(db)?.format("%Y-%m-%d").to_string();
                h.update([3u8]);
                h.update((text.len() as u64).to_le_bytes());
                h.update(text.as_bytes());
            }
            _ => {
                let text: String = row.try_get(i).map_err(db)?;
                h.update([3u8]);
                h.update((text.len() as u64).to_le_bytes());
                h.update(text.as_bytes());
            }
        }
    }
    Ok(())
}
