//! SQL that keeps a register safe: consistent snapshots for backups, a copy before a schema
//! upgrade, integrity checks, and the lock file that keeps a restore from swapping an open file.

use super::db;
use super::Store;
use crate::engine::Pool;
use crate::engine::{on_conn, on_pool};
use crate::error::{Clash, Error, Result};
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// `<register>.lock` beside the register file. Every open `Store` holds it shared; a restore
/// takes it exclusively. (SQLite's own locks are per transaction and cannot say "open".)
#[derive(Debug)]
pub struct RegisterLock(#[allow(dead_code)] File);

/// Where the register file really is: links in the path followed (a register reached through a
/// symbolic link and through its real path is one register, with one lock); a file not yet
/// made is placed in its folder's real location.
pub fn real_path(db: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(db) {
        return real;
    }
    match (db.parent().filter(|p| !p.as_os_str().is_empty()).and_then(|p| std::fs::canonicalize(p).ok()), db.file_name()) {
        (Some(folder), Some(name)) => folder.join(name),
        _ => db.to_owned(),
    }
}

fn lock_path(db: &Path) -> PathBuf {
    let db = real_path(db);
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    db.with_file_name(name)
}

impl RegisterLock {
    /// What every open register holds: many at once, none while a restore runs.
    pub fn shared(db: &Path) -> Result<RegisterLock> {
        Self::take(db, File::try_lock_shared, |register| Clash::BeingRestored { register })
    }

    /// What a restore holds while it swaps the file: only when nobody has the register open.
    pub fn exclusive(db: &Path) -> Result<RegisterLock> {
        Self::take(db, File::try_lock, |register| Clash::RegisterInUse { register })
    }

    /// Opens `<register>.lock` and takes `lock` on it without waiting; `held` says why not.
    fn take(db: &Path, lock: fn(&File) -> Result<(), TryLockError>, held: fn(String) -> Clash) -> Result<RegisterLock> {
        let path = lock_path(db);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::Io(format!("cannot open {}: {e}", path.display())))?;
        match lock(&file) {
            Ok(()) => Ok(RegisterLock(file)),
            Err(TryLockError::WouldBlock) => Err(Error::Conflict(held(db.display().to_string()))),
            Err(TryLockError::Error(e)) => Err(Error::Io(format!("cannot lock {}: {e}", path.display()))),
        }
    }
}

/// Before a register written by an older version is upgraded: copies it whole to
/// `backups/<name>-schema-<version>.db` beside it (a new name if that exists), so an upgrade
/// that goes wrong loses nothing. A new or up-to-date register is not copied.
pub(super) async fn back_up_before_upgrade(pool: &Pool, db: &Path) -> Result<Option<PathBuf>> {
    let Some(applied) = pool.applied_version().await? else { return Ok(None) };
    if pool.newest_known() <= applied {
        return Ok(None);
    }
    let dir = db.parent().unwrap_or_else(|| Path::new(".")).join("backups");
    crate::private::create_dir_all(&dir).map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
    let stem = db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "register".into());
    let target = (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}-schema-{applied}.db")),
            n => dir.join(format!("{stem}-schema-{applied}-{n}.db")),
        })
        .find(|p| !p.exists())
        .expect("an unused name");
    // The copy is as private as the register: made empty and owner-only, then filled.
    crate::private::create_empty_file(&target).map_err(|e| Error::Io(format!("cannot create {}: {e}", target.display())))?;
    pool.snapshot_into(&target).await?;
    Ok(Some(target))
}

impl Store {
    /// Writes a consistent copy of the register to `target` (which must not exist yet) while
    /// others go on writing: `VACUUM INTO` reads one snapshot.
    pub async fn snapshot_into(&self, target: &Path) -> Result<()> {
        self.pool.snapshot_into(target).await
    }

    /// Folds everything committed so far into the database file, waiting out a checkpoint
    /// already under way (the store's own, after a large commit) for up to 10 s. For a
    /// benchmark that must not time one run's checkpoint inside the next.
    pub async fn checkpoint(&self) -> Result<()> {
        self.pool.checkpoint().await
    }

    /// The engine's own check of every page and index; a clear error naming what it found.
    pub async fn check_integrity(&self) -> Result<()> {
        let found = self.pool.integrity_problems().await?;
        if found.is_empty() {
            Ok(())
        } else {
            Err(Error::Corrupt(format!("the register file is damaged: {}", found.join("; "))))
        }
    }

    /// The schema version the register is at.
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(self.pool.applied_version().await?.unwrap_or(0))
    }

    /// The bytes of the evidence file with `sha256`, as a team register keeps them (a register
    /// file keeps its evidence in the folder beside it: none here).
    pub async fn evidence_content(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        if !self.pool.kind().is_server() {
            return Ok(None);
        }
        on_pool!(&self.pool, ex => sqlx::query_scalar("SELECT content FROM evidence_content WHERE sha256 = $1").bind(sha256).fetch_optional(ex).await)
            .map_err(db)
    }

    /// Every evidence file the register records: its stored name and SHA-256.
    pub async fn evidence_inventory(&self) -> Result<Vec<(String, String)>> {
        evidence_inventory(&mut self.pool.acquire().await?).await
    }
}

/// Every evidence file the register `conn` reads records: its stored name and SHA-256.
pub(crate) async fn evidence_inventory(conn: &mut crate::engine::Conn) -> Result<Vec<(String, String)>> {
    on_conn!(conn, ex => sqlx::query_as("SELECT DISTINCT stored_name, sha256 FROM evidence_files ORDER BY stored_name")
        .fetch_all(ex)
        .await)
    .map_err(db)
}
