//! One statement run many times through SQLite's C API, on a connection sqlx lends out with
//! `lock_handle`: for bulk inserts, where sqlx's per-statement hand-over to its worker thread
//! and its copies of every bound string cost more than SQLite's own work (see
//! docs/benchmarks.md, questionnaire import). The only `unsafe` in the core.

use crate::error::{Error, Result};
use libsqlite3_sys as ffi;
use sqlx::sqlite::LockedSqliteHandle;
use std::ffi::{c_int, CStr};
use std::ptr::NonNull;

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

impl<'h> Statement<'h> {
    /// Prepares `sql` (one statement) on the connection `handle` holds.
    pub(super) fn prepare(handle: &'h mut LockedSqliteHandle<'_>, sql: &str) -> Result<Statement<'h>> {
        let db = handle.as_raw_handle();
        let mut stmt = std::ptr::null_mut();
        let len = c_int::try_from(sql.len()).map_err(|_| Error::Sqlite("statement too long".into()))?;
        // SAFETY: `db` is a live connection we hold exclusively (the lock); `sql` is valid for
        // `len` bytes; `stmt` is written by SQLite.
        let rc = unsafe { ffi::sqlite3_prepare_v2(db.as_ptr(), sql.as_ptr().cast(), len, &mut stmt, std::ptr::null_mut()) };
        check(db, rc)?;
        let stmt = NonNull::new(stmt).ok_or_else(|| Error::Sqlite(format!("no statement in {sql}")))?;
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
                        Err(_) => return Err(Error::Sqlite(format!("a text of {} bytes is too long to store", s.len()))),
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
    Err(Error::Sqlite(format!("{message} (code {rc})")))
}

#[cfg(test)]
mod tests {
    use super::{Statement, Value};

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
        let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as("SELECT k, v, note FROM t ORDER BY k").fetch_all(&mut *conn).await.unwrap();
        assert_eq!(rows, [(1, "one".into(), None), (3, "Łódź ✓".into(), Some("kept".into()))]);
    }
}
