//! SQLite's C API where sqlx has no way in, on a connection sqlx lends out with `lock_handle`:
//! one statement run many times, for bulk inserts, where sqlx's per-statement hand-over to its
//! worker thread and its copies of every bound string cost more than SQLite's own work; and the
//! WAL hook, so checkpoints run beside a commit instead of inside it (see docs/benchmarks.md,
//! questionnaire import). The only `unsafe` in the core.

use crate::error::{Error, Result};
use libsqlite3_sys as ffi;
use sqlx::sqlite::LockedSqliteHandle;
use std::ffi::{c_char, c_int, c_void, CStr};
use std::ptr::NonNull;
use std::sync::LazyLock;
use tokio::sync::watch;

/// A value bound to one parameter.
#[derive(Debug, Clone, Copy)]
pub(super) enum Value<'a> {
    Int(i64),
    Text(&'a str),
    Null,
}

impl<'a> From<Option<&'a str>> for Value<'a> {
    fn from(v: Option<&'a str>) -> Self {
        v.map_or(Value::Null, Value::Text)
    }
}

/// A prepared statement on a locked connection; finalized when dropped. It borrows the lock,
/// so sqlx's worker cannot touch the connection while the statement lives.
pub(super) struct Statement<'h> {
    db: NonNull<ffi::sqlite3>,
    stmt: NonNull<ffi::sqlite3_stmt>,
    params: usize,
    _lock: std::marker::PhantomData<&'h mut ()>,
}

// SAFETY: SQLite is built thread-safe (libsqlite3-sys's bundled build), so a connection and
// its statements may be used from any thread, one at a time; the statement borrows the lock
// on its connection exclusively, so it is never used from two at once. (sqlx's own connection
// handle is `Send` for the same reason.) This lets a task hold a statement across an `.await`
// and be resumed on another of tokio's threads.
unsafe impl Send for Statement<'_> {}

impl<'h> Statement<'h> {
    /// Prepares `sql` (one statement) on the connection `handle` holds.
    pub(super) fn prepare(handle: &'h mut LockedSqliteHandle<'_>, sql: &str) -> Result<Statement<'h>> {
        let db = handle.as_raw_handle();
        let mut stmt = std::ptr::null_mut();
        let len = c_int::try_from(sql.len()).map_err(|_| Error::Database("statement too long".into()))?;
        // SAFETY: `db` is a live connection we hold exclusively (the lock); `sql` is valid for
        // `len` bytes; `stmt` is written by SQLite.
        let rc = unsafe { ffi::sqlite3_prepare_v2(db.as_ptr(), sql.as_ptr().cast(), len, &mut stmt, std::ptr::null_mut()) };
        check(db, rc)?;
        let stmt = NonNull::new(stmt).ok_or_else(|| Error::Database(format!("no statement in {sql}")))?;
        // SAFETY: `stmt` was just prepared.
        let params = unsafe { ffi::sqlite3_bind_parameter_count(stmt.as_ptr()) } as usize;
        Ok(Statement { db, stmt, params, _lock: std::marker::PhantomData })
    }

    /// Binds `values` to the parameters, in order (one value for each), and runs the statement
    /// to its end. Text is bound without copying: SQLite reads it only during this call.
    pub(super) fn run(&mut self, values: &[Value<'_>]) -> Result<()> {
        assert_eq!(values.len(), self.params, "one value for each parameter");
        let stmt = self.stmt.as_ptr();
        for (i, value) in values.iter().enumerate() {
            let i = i as c_int + 1;
            // SAFETY: `stmt` is live and `i` within its parameters. Text is bound as
            // SQLITE_STATIC: its bytes outlive the step and reset below, after which SQLite no
            // longer reads them (every run binds every parameter again).
            let rc = unsafe {
                match *value {
                    Value::Int(n) => ffi::sqlite3_bind_int64(stmt, i, n),
                    Value::Null => ffi::sqlite3_bind_null(stmt, i),
                    Value::Text(s) => match c_int::try_from(s.len()) {
                        Ok(len) => ffi::sqlite3_bind_text(stmt, i, s.as_ptr().cast(), len, ffi::SQLITE_STATIC()),
                        Err(_) => return Err(Error::Database(format!("a text of {} bytes is too long to store", s.len()))),
                    },
                }
            };
            check(self.db, rc)?;
        }
        // SAFETY: `stmt` is live, its parameters bound.
        let rc = unsafe { ffi::sqlite3_step(stmt) };
        // SAFETY: as above; reset leaves the statement ready for the next run.
        unsafe { ffi::sqlite3_reset(stmt) };
        if rc == ffi::SQLITE_DONE || rc == ffi::SQLITE_ROW {
            Ok(())
        } else {
            check(self.db, rc)
        }
    }
}

impl Drop for Statement<'_> {
    fn drop(&mut self) {
        // SAFETY: the statement is live and never used again; the connection is still locked.
        unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
    }
}

/// The rowid of the last row inserted on the connection `handle` holds.
pub(super) fn last_insert_rowid(handle: &mut LockedSqliteHandle<'_>) -> i64 {
    // SAFETY: the connection is live and we hold it exclusively (the lock).
    unsafe { ffi::sqlite3_last_insert_rowid(handle.as_raw_handle().as_ptr()) }
}

/// Frames in the WAL after a commit from which a checkpoint is due: SQLite's own default for
/// the checkpoint it would otherwise run inside that commit.
const CHECKPOINT_FRAMES: c_int = 1000;

/// Told, in this process, each time a commit leaves the WAL with `CHECKPOINT_FRAMES` or more.
static CHECKPOINT_DUE: LazyLock<watch::Sender<()>> = LazyLock::new(|| watch::Sender::new(()));

/// Hears each time a checkpoint falls due on a connection that `checkpoint_elsewhere` set up
/// (of any register open in this process).
pub(super) fn checkpoints_due() -> watch::Receiver<()> {
    CHECKPOINT_DUE.subscribe()
}

/// Stops the connection `handle` holds from checkpointing inside its commits (SQLite's
/// auto-checkpoint: the commit that fills the WAL past 1,000 pages copies all of it into the
/// database file and syncs both before returning); such a commit tells `checkpoints_due`
/// instead, and the store checkpoints on another connection.
pub(super) fn checkpoint_elsewhere(handle: &mut LockedSqliteHandle<'_>) {
    let db = handle.as_raw_handle();
    // SAFETY: `db` is a live connection we hold exclusively (the lock). The hook takes no
    // argument (null) and replaces the auto-checkpoint, which is itself a WAL hook.
    unsafe { ffi::sqlite3_wal_hook(db.as_ptr(), Some(wal_committed), std::ptr::null_mut()) };
}

/// SQLite calls this after each commit in WAL mode, with the frames the WAL holds.
extern "C" fn wal_committed(_: *mut c_void, _: *mut ffi::sqlite3, _: *const c_char, frames: c_int) -> c_int {
    if frames >= CHECKPOINT_FRAMES {
        CHECKPOINT_DUE.send_replace(());
    }
    ffi::SQLITE_OK
}

/// `rc` as the core's error: busy as `Busy` (another writer), anything else with SQLite's message.
fn check(db: NonNull<ffi::sqlite3>, rc: c_int) -> Result<()> {
    if rc == ffi::SQLITE_OK {
        return Ok(());
    }
    if rc & 0xff == ffi::SQLITE_BUSY || rc & 0xff == ffi::SQLITE_LOCKED {
        return Err(Error::Busy);
    }
    // SAFETY: `db` is live; the message is copied before any other call on it.
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db.as_ptr())) }.to_string_lossy().into_owned();
    Err(Error::Database(format!("{message} (code {rc})")))
}

#[cfg(test)]
mod tests {
    use super::{Statement, Value};
    use sqlx::{Connection, Executor};

    /// Fills the WAL past 1,000 pages with one commit: a 5 MB row.
    const FILL: &str = "CREATE TABLE IF NOT EXISTS big (b BLOB); INSERT INTO big VALUES (zeroblob(5000000))";

    #[tokio::test]
    async fn a_commit_that_fills_the_wal_says_a_checkpoint_is_due_instead_of_running_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wal.db");
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal);
        let mut conn = sqlx::SqliteConnection::connect_with(&options).await.unwrap();
        super::checkpoint_elsewhere(&mut conn.lock_handle().await.unwrap());
        // (The signal is process-wide: other tests may raise it too, so only its raising is checked.)
        let due = super::checkpoints_due();
        conn.execute(FILL).await.unwrap();
        assert!(due.has_changed().unwrap(), "the checkpoint is due");
        // Not run: the 5 MB are in the WAL only, the database file is as before.
        assert!(std::fs::metadata(&path).unwrap().len() < 100_000);
        assert!(std::fs::metadata(dir.path().join("wal.db-wal")).unwrap().len() > 5_000_000);
    }

    #[tokio::test]
    async fn the_store_checkpoints_a_filled_wal_on_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("register.db");
        let store = crate::Store::open(&path).await.unwrap();
        store.pool.execute(FILL).await.unwrap();
        let folded = async {
            while std::fs::metadata(&path).unwrap().len() < 5_000_000 {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        };
        tokio::time::timeout(std::time::Duration::from_secs(10), folded)
            .await
            .expect("the 5 MB reach the database file without closing the register");
    }

    #[tokio::test]
    async fn a_row_sqlite_refuses_is_an_error_with_its_message_and_the_next_rows_still_go_in() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::Store::open(&dir.path().join("raw.db")).await.unwrap();
        let mut conn = store.pool.acquire().await.unwrap();
        sqlx::query("CREATE TEMP TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL, note TEXT)").execute(&mut *conn).await.unwrap();
        {
            let mut handle = conn.lock_handle().await.unwrap();
            let mut insert = Statement::prepare(&mut handle, "INSERT INTO t VALUES (?, ?, ?)").unwrap();
            insert.run(&[Value::Int(1), Value::Text("one"), Value::Null]).unwrap();
            let twice = insert.run(&[Value::Int(1), Value::Text("again"), Value::Null]).unwrap_err();
            assert_eq!(twice.code(), "database");
            assert!(twice.to_string().contains("UNIQUE constraint failed: t.k"), "{twice}");
            let missing = insert.run(&[Value::Int(2), Value::Null, Value::Null]).unwrap_err();
            assert!(missing.to_string().contains("NOT NULL constraint failed: t.v"), "{missing}");
            insert.run(&[Value::Int(3), Value::Text("Łódź ✓"), Some("kept").into()]).unwrap();
            drop(insert);
            let bad = Statement::prepare(&mut handle, "INSERT INTO nowhere VALUES (?)").err().expect("no such table");
            assert!(bad.to_string().contains("no such table: nowhere"), "{bad}");
        }
        let rows: Vec<(i64, String, Option<String>)> =
            sqlx::query_as("SELECT k, v, note FROM t ORDER BY k").fetch_all(&mut *conn).await.unwrap();
        assert_eq!(rows, [(1, "one".into(), None), (3, "Łódź ✓".into(), Some("kept".into()))]);
    }
}
