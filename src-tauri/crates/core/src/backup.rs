//! Backups of a register (its SQLite file and its evidence files, in one zip) and restoring
//! one: the backup is checked whole (integrity, history chain, every evidence file's hash)
//! before anything is replaced, and the register it replaces is set aside, not deleted.

use crate::error::{Error, Result};
use crate::evidence::{evidence_dir, is_stored_name};
use crate::store::{ChangeContext, RegisterLock, Store};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const MANIFEST: &str = "vetted-backup.json";
const DB_ENTRY: &str = "vetted.db";
const FORMAT: &str = "vetted-backup";
const FORMAT_VERSION: u32 = 1;
/// Larger than any register file or evidence file Vetted writes; a zip entry that claims
/// more is refused before it fills the disk.
const MAX_DB_BYTES: u64 = 8 << 30;
const MAX_MANIFEST_BYTES: u64 = 16 << 20;

/// What a backup holds, written into it as `vetted-backup.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    pub app_version: String,
    pub schema_version: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub history_entries: u64,
    /// The newest history entry's hash when the backup was made.
    pub history_head: Option<String>,
    pub evidence: Vec<ManifestFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// What `backup` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub bytes: u64,
    pub schema_version: i64,
    pub history_entries: u64,
    pub evidence_files: usize,
}

/// What `restore` put in place.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreSummary {
    pub schema_version: i64,
    pub history_entries: u64,
    pub evidence_files: usize,
    /// Where the register that was replaced now is (absent when there was none).
    pub set_aside: Option<PathBuf>,
}

fn io_err<'a>(what: &str, path: &'a Path) -> impl Fn(std::io::Error) -> Error + 'a {
    let what = what.to_owned();
    move |e| Error::Io(format!("cannot {what} {}: {e}", path.display()))
}

/// A scratch folder beside `db`, on the same file system so its files can be renamed into place.
fn scratch_beside(db: &Path, prefix: &str) -> Result<tempfile::TempDir> {
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
    std::fs::create_dir_all(dir).map_err(io_err("create", dir))?;
    tempfile::Builder::new().prefix(prefix).tempdir_in(dir).map_err(io_err("create a folder in", dir))
}

/// Copies `from` into `to`, returning the SHA-256 and byte count; refuses more than `limit` bytes.
fn copy_hashing(from: &mut impl Read, to: &mut impl Write, limit: u64, what: &str) -> Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = from.read(&mut buf).map_err(|e| Error::Io(format!("cannot read {what}: {e}")))?;
        if n == 0 {
            return Ok((crate::hash::hex(&hasher.finalize()), total));
        }
        total += n as u64;
        if total > limit {
            return Err(Error::Invalid(crate::error::ValidationErrors(vec![crate::FieldError::new(
                "file",
                "backup_too_large",
                format!("{what} is larger than {}; this is not a backup Vetted wrote", crate::evidence::human_size(limit)),
            )])));
        }
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n]).map_err(|e| Error::Io(format!("cannot write {what}: {e}")))?;
    }
}

/// Writes a backup of the open register at `db` to `out`: a consistent snapshot of the
/// database (taken while others may go on writing) and every evidence file it records, each
/// checked against its hash. `out` is written whole or not at all.
pub async fn backup(store: &Store, db: &Path, out: &Path, ctx: &ChangeContext) -> Result<BackupSummary> {
    let scratch = scratch_beside(db, ".vetted-backup-")?;
    let snapshot = scratch.path().join(DB_ENTRY);
    store.snapshot_into(&snapshot).await?;

    // What the snapshot records, read from the snapshot itself.
    let Inspected { schema_version, chain: report, inventory } = inspect(&snapshot, false).await?;

    let evidence = evidence_dir(db);
    let mut manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        app_version: crate::export::APP_VERSION.into(),
        schema_version,
        created_at: ctx.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        history_entries: report.entries,
        history_head: report.head,
        evidence: Vec::with_capacity(inventory.len()),
    };
    crate::files::write_private_with(out, |f| {
        let zip_err = |e: zip::result::ZipError| Error::Io(e.to_string());
        let mut zip = zip::ZipWriter::new(f);
        let packed = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
        // Evidence is mostly PDF and images, already compressed.
        let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored).large_file(true);
        zip.start_file(DB_ENTRY, packed).map_err(zip_err)?;
        let mut db_file = File::open(&snapshot).map_err(io_err("read", &snapshot))?;
        copy_hashing(&mut db_file, &mut zip, u64::MAX, "the register snapshot")?;
        for (name, sha256) in &inventory {
            if !is_stored_name(name) {
                return Err(Error::Corrupt(format!("the evidence name {name:?} is not a name Vetted gives a file")));
            }
            let path = evidence.join(name);
            let mut file = File::open(&path).map_err(|e| crate::evidence::missing(&path, e))?;
            zip.start_file(format!("evidence/{name}"), stored).map_err(zip_err)?;
            let (actual, size) = copy_hashing(&mut file, &mut zip, u64::MAX, &path.display().to_string())?;
            if actual != *sha256 {
                return Err(Error::Corrupt(format!("{}; no backup was written", crate::evidence::changed(&path))));
            }
            manifest.evidence.push(ManifestFile { name: name.clone(), sha256: actual, size });
        }
        zip.start_file(MANIFEST, packed).map_err(zip_err)?;
        let json = serde_json::to_vec_pretty(&manifest).expect("a manifest serialises");
        zip.write_all(&json).map_err(|e| Error::Io(e.to_string()))?;
        zip.finish().map_err(zip_err)?;
        Ok(())
    })?;
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(BackupSummary {
        path: out.to_path_buf(),
        bytes,
        schema_version,
        history_entries: manifest.history_entries,
        evidence_files: manifest.evidence.len(),
    })
}

/// What a register file (a snapshot or an unpacked backup) holds, read by opening it as a register
/// (which upgrades an older one) and closed again, so its write-ahead log is folded in.
struct Inspected {
    schema_version: i64,
    chain: crate::store::ChainReport,
    inventory: Vec<(String, String)>,
}

async fn inspect(path: &Path, check_integrity: bool) -> Result<Inspected> {
    let copy = Store::open(path).await?;
    let read = async {
        if check_integrity {
            copy.check_integrity().await?;
        }
        Ok(Inspected {
            schema_version: copy.schema_version().await?,
            chain: copy.verify_history().await?,
            inventory: copy.evidence_inventory().await?,
        })
    }
    .await;
    copy.close().await;
    read
}

fn not_a_backup(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::Invalid(crate::error::ValidationErrors(vec![crate::FieldError::new(
        "file",
        "not_a_backup",
        format!("{} is not a Vetted backup: {why}", path.display()),
    )]))
}

/// Replaces the register at `db` with the backup at `from`. Everything is checked first, in a
/// scratch folder: the manifest, each evidence file's hash, SQLite's integrity check and the
/// history chain; an older backup is upgraded there. Only then, and only when nobody has the
/// register open, is the current file set aside as `<name>.before-restore-<time>` and the
/// restored one renamed into its place. Evidence files are added, never overwritten.
pub async fn restore(db: &Path, from: &Path, ctx: &ChangeContext) -> Result<RestoreSummary> {
    // The register itself, not a link to it: the file set aside and replaced is the real one.
    let db = &crate::store::real_path(db);
    let file = File::open(from).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::NotFound(format!("there is no file at {}", from.display())),
        _ => Error::Io(format!("cannot read {}: {e}", from.display())),
    })?;
    let mut zip = zip::ZipArchive::new(file).map_err(|_| not_a_backup(from, "it is not a zip file"))?;
    let manifest: Manifest = {
        let entry = zip.by_name(MANIFEST).map_err(|_| not_a_backup(from, format!("it has no {MANIFEST}")))?;
        let mut text = Vec::new();
        entry.take(MAX_MANIFEST_BYTES).read_to_end(&mut text).map_err(io_err("read", from))?;
        serde_json::from_slice(&text).map_err(|e| not_a_backup(from, format!("its {MANIFEST} cannot be read ({e})")))?
    };
    if manifest.format != FORMAT || manifest.format_version > FORMAT_VERSION {
        return Err(not_a_backup(from, format!("its format is {} {}", manifest.format, manifest.format_version)));
    }

    // Unpack and check, in a scratch folder beside the register.
    let scratch = scratch_beside(db, ".vetted-restore-")?;
    let restored = scratch.path().join(DB_ENTRY);
    {
        let mut entry = zip.by_name(DB_ENTRY).map_err(|_| not_a_backup(from, format!("it has no {DB_ENTRY}")))?;
        let mut out = crate::store::private::file_options().create_new(true).open(&restored).map_err(io_err("write", &restored))?;
        copy_hashing(&mut entry, &mut out, MAX_DB_BYTES, "the backup's register")?;
        out.sync_all().map_err(io_err("write", &restored))?;
    }
    let staged_evidence = scratch.path().join("evidence");
    std::fs::create_dir_all(&staged_evidence).map_err(io_err("create", &staged_evidence))?;
    let max_evidence = crate::evidence::EvidenceLimits::from_env().max_bytes;
    for f in &manifest.evidence {
        if !is_stored_name(&f.name) {
            return Err(not_a_backup(from, format!("it names an evidence file {:?}", f.name)));
        }
        let mut entry = zip
            .by_name(&format!("evidence/{}", f.name))
            .map_err(|_| not_a_backup(from, format!("the evidence file {} is missing from it", f.name)))?;
        let target = staged_evidence.join(&f.name);
        let mut out = crate::store::private::file_options().create_new(true).open(&target).map_err(io_err("write", &target))?;
        // A file the register once took is taken back whatever today's size limit: read up to
        // the size the manifest and the zip both state (then checked against its hash), so a
        // limit changed since the backup does not refuse it.
        let stated = if entry.size() == f.size { f.size.max(max_evidence) } else { max_evidence };
        let (sha256, size) = copy_hashing(&mut entry, &mut out, stated, &f.name)?;
        if sha256 != f.sha256 || !f.name.starts_with(&sha256) || size != f.size {
            return Err(Error::Corrupt(format!("the evidence file {} in {} does not match its hash", f.name, from.display())));
        }
    }

    let copy = inspect(&restored, true).await.map_err(|e| match e {
        Error::Database(e) => not_a_backup(from, format!("its register cannot be opened ({e})")),
        other => other,
    })?;
    if let Some(broken) = copy.chain.first_broken {
        return Err(Error::Tampered(format!("the backup's {broken}; nothing was restored")));
    }
    if let Some((name, _)) =
        copy.inventory.iter().find(|(name, sha256)| !manifest.evidence.iter().any(|f| f.name == *name && f.sha256 == *sha256))
    {
        return Err(not_a_backup(from, format!("the evidence file {name} it records is not in it")));
    }
    let (schema_version, history_entries, evidence_files) = (copy.schema_version, copy.chain.entries, copy.inventory.len());

    // Swap, holding the register's lock so nobody has it open meanwhile.
    let _lock = RegisterLock::exclusive(db)?;
    let evidence = evidence_dir(db);
    std::fs::create_dir_all(&evidence).map_err(io_err("create", &evidence))?;
    for f in &manifest.evidence {
        let target = evidence.join(&f.name);
        if !target.exists() {
            let staged = staged_evidence.join(&f.name);
            let mut perms = std::fs::metadata(&staged).map_err(io_err("read", &staged))?.permissions();
            perms.set_readonly(true);
            std::fs::set_permissions(&staged, perms).map_err(io_err("protect", &staged))?;
            std::fs::rename(&staged, &target).map_err(io_err("move into place", &target))?;
        }
    }
    let set_aside = if db.exists() {
        let stamp = ctx.at.format("%Y%m%dT%H%M%SZ");
        let mut name = db.file_name().expect("a file name").to_os_string();
        name.push(format!(".before-restore-{stamp}"));
        let aside = db.with_file_name(name);
        std::fs::rename(db, &aside).map_err(io_err("set aside", db))?;
        // A write-ahead log belongs to its file: it goes along, the shared-memory index is rebuilt.
        let with = |p: &Path, suffix: &str| {
            let mut n = p.as_os_str().to_os_string();
            n.push(suffix);
            PathBuf::from(n)
        };
        if with(db, "-wal").exists() {
            std::fs::rename(with(db, "-wal"), with(&aside, "-wal")).map_err(io_err("set aside", db))?;
        }
        let _ = std::fs::remove_file(with(db, "-shm"));
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&restored, db).map_err(io_err("move into place", db))?;
    Ok(RestoreSummary { schema_version, history_entries, evidence_files, set_aside })
}
