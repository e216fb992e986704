//! SQL that keeps a register safe: consistent snapshots for backups, a copy before a schema
//! upgrade, integrity checks, and the lock file that keeps a restore from swapping an open file.

use super::db;
use super::Store;
use crate::error::{Error, Result};
use sqlx::migrate::Migrator;
use sqlx::SqlitePool;
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

/// `<register>.lock` beside the register file. Every open `Store` holds it shared; a restore
/// takes it exclusively. (SQLite's own locks are per transaction and cannot say "open".)
#[derive(Debug)]
pub struct RegisterLock(#[allow(dead_code)] File);

fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    db.with_file_name(name)
}

impl RegisterLock {
    /// What every open register holds: many at once, none while a restore runs.
    pub fn shared(db: &Path) -> Result<RegisterLock> {
        Self::take(db, File::try_lock_shared, |db| {
            format!("{db} is being restored from a backup; open it again when the restore has finished")
        })
    }

    /// What a restore holds while it swaps the file: only when nobody has the register open.
    pub fn exclusive(db: &Path) -> Result<RegisterLock> {
        Self::take(db, File::try_lock, |db| format!("Vetted or a vetted command has {db} open: close it, then restore again"))
    }

    /// Opens `<register>.lock` and takes `lock` on it without waiting; `held` says why not.
    fn take(db: &Path, lock: fn(&File) -> Result<(), TryLockError>, held: fn(&str) -> String) -> Result<RegisterLock> {
        let path = lock_path(db);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::Io(format!("cannot open {}: {e}", path.display())))?;
        match lock(&file) {
            Ok(()) => Ok(RegisterLock(file)),
            Err(TryLockError::WouldBlock) => Err(Error::Conflict(held(&db.display().to_string()))),
            Err(TryLockError::Error(e)) => Err(Error::Io(format!("cannot lock {}: {e}", path.display()))),
        }
    }
}

/// The newest schema version applied to the file, if it is a Vetted register at all.
async fn applied_version(pool: &SqlitePool) -> Result<Option<i64>> {
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

/// Before a register written by an older version is upgraded: copies it whole to
/// `backups/<name>-schema-<version>.db` beside it (a new name if that exists), so an upgrade
/// that goes wrong loses nothing. A new or up-to-date register is not copied.
pub(super) async fn back_up_before_upgrade(pool: &SqlitePool, db: &Path, migrator: &Migrator) -> Result<Option<PathBuf>> {
    let Some(applied) = applied_version(pool).await? else { return Ok(None) };
    if !migrator.iter().any(|m| m.version > applied) {
        return Ok(None);
    }
    let dir = db.parent().unwrap_or_else(|| Path::new(".")).join("backups");
    std::fs::create_dir_all(&dir).map_err(|e| Error::Io(format!("cannot create {}: {e}", dir.display())))?;
    let stem = db.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "register".into());
    let target = (1..)
        .map(|n| match n {
            1 => dir.join(format!("{stem}-schema-{applied}.db")),
            n => dir.join(format!("{stem}-schema-{applied}-{n}.db")),
        })
        .find(|p| !p.exists())
        .expect("an unused name");
    vacuum_into(pool, &target).await?;
    Ok(Some(target))
}

async fn vacuum_into(pool: &SqlitePool, target: &Path) -> Result<()> {
    let path = target.to_str().ok_or_else(|| Error::Io(format!("{} is not a UTF-8 path", target.display())))?;
    sqlx::query("VACUUM INTO ?").bind(path).execute(pool).await.map_err(db)?;
    Ok(())
}

impl Store {
    /// Writes a consistent copy of the register to `target` (which must not exist yet) while
    /// others go on writing: `VACUUM INTO` reads one snapshot.
    pub async fn snapshot_into(&self, target: &Path) -> Result<()> {
        vacuum_into(&self.pool, target).await
    }

    /// Folds everything committed so far into the database file, waiting out a checkpoint
    /// already under way (the store's own, after a large commit) for up to 10 s. For a
    /// benchmark that must not time one run's checkpoint inside the next.
    pub async fn checkpoint(&self) -> Result<()> {
        for _ in 0..2000 {
            // (busy, frames in the WAL, frames copied into the database file)
            let (busy, frames, copied): (i64, i64, i64) =
                sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&self.pool).await.map_err(db)?;
            if busy == 0 && frames == copied {
                return Ok(());
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        Err(Error::Busy)
    }

    /// SQLite's own check of every page and index; a clear error naming what it found.
    pub async fn check_integrity(&self) -> Result<()> {
        let found: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&self.pool).await.map_err(db)?;
        if found == ["ok"] {
            Ok(())
        } else {
            Err(Error::Corrupt(format!("the register file is damaged: {}", found.join("; "))))
        }
    }

    /// The schema version the register is at.
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(applied_version(&self.pool).await?.unwrap_or(0))
    }

    /// Every evidence file the register records: its stored name and SHA-256.
    pub async fn evidence_inventory(&self) -> Result<Vec<(String, String)>> {
        sqlx::query_as("SELECT DISTINCT stored_name, sha256 FROM evidence_files ORDER BY stored_name")
            .fetch_all(&self.pool)
            .await
            .map_err(db)
    }
}
