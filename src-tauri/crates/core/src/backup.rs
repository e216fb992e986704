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
    // A team register's snapshot is a register file made beside the backup.
    let scratch = scratch_beside(if store.is_team() { out } else { db }, ".vetted-backup-")?;
    let snapshot = scratch.path().join(DB_ENTRY);
    store.snapshot_into(&snapshot).await?;

    // What the snapshot records, read from the snapshot itself.
    let Inspected { schema_version, chain: report, inventory, .. } = inspect(&snapshot, false, 0).await?;

    // A team register keeps its evidence's bytes in its database: written into the scratch
    // folder one file at a time, then packed as a register file's are (each checked on the way).
    let evidence = if store.is_team() {
        let dir = scratch.path().join("evidence");
        std::fs::create_dir_all(&dir).map_err(io_err("create", &dir))?;
        for (name, sha256) in &inventory {
            if !is_stored_name(name) {
                return Err(Error::Corrupt(format!("the evidence name {name:?} is not a name Vetted gives a file")));
            }
            let content = store.evidence_content(sha256).await?.ok_or_else(|| {
                Error::Corrupt(format!("the team register records the evidence file {name} but does not hold it; no backup was written"))
            })?;
            let path = dir.join(name);
            std::fs::write(&path, content).map_err(io_err("write", &path))?;
        }
        dir
    } else {
        evidence_dir(db)
    };
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
    /// The hash of the entry the manifest says is the newest (when it names one).
    head_at_manifest: Option<String>,
}

async fn inspect(path: &Path, check_integrity: bool, manifest_entries: u64) -> Result<Inspected> {
    let copy = Store::open(path).await?;
    let read = async {
        if check_integrity {
            copy.check_integrity().await?;
        }
        Ok(Inspected {
            schema_version: copy.schema_version().await?,
            chain: copy.verify_history().await?,
            inventory: copy.evidence_inventory().await?,
            head_at_manifest: copy.history_hash_of_entry(manifest_entries).await?,
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
    if let Some(url) = db.to_str().filter(|p| crate::store::is_team_url(p)) {
        return restore_into_team(url, from, ctx).await;
    }
    // The register itself, not a link to it: the file set aside and replaced is the real one.
    let db = &crate::store::real_path(db);
    finish_interrupted_restore(db)?;
    // Unpacked and checked in a scratch folder beside the register.
    let scratch = scratch_beside(db, ".vetted-restore-")?;
    let Unpacked { manifest, restored, staged_evidence, schema_version, history_entries, evidence_files } =
        unpack(from, scratch.path()).await?;
    // Swap, holding the register's lock so nobody has it open meanwhile.
    let _lock = RegisterLock::exclusive(db)?;
    let stamp = ctx.at.format("%Y%m%dT%H%M%SZ").to_string();
    let evidence = evidence_dir(db);
    std::fs::create_dir_all(&evidence).map_err(io_err("create", &evidence))?;
    for f in &manifest.evidence {
        let target = evidence.join(&f.name);
        if target.exists() {
            // A copy already here is kept only when it is still the file its name promises; an
            // altered one is set aside (never deleted) and the backup's genuine file takes its place.
            let mut current = File::open(&target).map_err(io_err("read", &target))?;
            let (sha256, _) = copy_hashing(&mut current, &mut std::io::sink(), u64::MAX, &target.display().to_string())?;
            if sha256 == f.sha256 {
                continue;
            }
            let aside = evidence.join(format!("{}.altered-before-restore-{stamp}", f.name));
            std::fs::rename(&target, &aside).map_err(io_err("set aside", &target))?;
        }
        let staged = staged_evidence.join(&f.name);
        let mut perms = std::fs::metadata(&staged).map_err(io_err("read", &staged))?.permissions();
        perms.set_readonly(true);
        std::fs::set_permissions(&staged, perms).map_err(io_err("protect", &staged))?;
        std::fs::rename(&staged, &target).map_err(io_err("move into place", &target))?;
    }
    // From here on the swap is journalled: a restore killed halfway is finished by the next open.
    let set_aside = db.exists().then(|| {
        (1..)
            .map(|n| match n {
                1 => sibling(db, &format!(".before-restore-{stamp}")),
                n => sibling(db, &format!(".before-restore-{stamp}-{n}")),
            })
            .find(|p| !p.exists())
            .expect("an unused name")
    });
    let journal = Journal { restored, scratch: scratch.keep(), set_aside: set_aside.clone() };
    journal.write(db)?;
    journal.finish(db)?;
    Ok(RestoreSummary { schema_version, history_entries, evidence_files, set_aside })
}

/// A backup unpacked into a scratch folder and checked whole.
struct Unpacked {
    manifest: Manifest,
    /// Its register file and evidence files.
    restored: PathBuf,
    staged_evidence: PathBuf,
    schema_version: i64,
    history_entries: u64,
    evidence_files: usize,
}

/// Unpacks the backup `from` into the folder `into` and checks it whole: the manifest, each
/// evidence file's hash, SQLite's integrity check and the history chain (an older backup is
/// upgraded there).
async fn unpack(from: &Path, into: &Path) -> Result<Unpacked> {
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

    let restored = into.join(DB_ENTRY);
    {
        let mut entry = zip.by_name(DB_ENTRY).map_err(|_| not_a_backup(from, format!("it has no {DB_ENTRY}")))?;
        let mut out = crate::store::private::file_options().create_new(true).open(&restored).map_err(io_err("write", &restored))?;
        copy_hashing(&mut entry, &mut out, MAX_DB_BYTES, "the backup's register")?;
        out.sync_all().map_err(io_err("write", &restored))?;
    }
    let staged_evidence = into.join("evidence");
    std::fs::create_dir_all(&staged_evidence).map_err(io_err("create", &staged_evidence))?;
    let max_evidence = crate::evidence::EvidenceLimits::from_env()?.max_bytes;
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

    let copy = inspect(&restored, true, manifest.history_entries).await.map_err(|e| match e {
        Error::Database(e) => not_a_backup(from, format!("its register cannot be opened ({e})")),
        other => other,
    })?;
    if let Some(broken) = copy.chain.first_broken {
        return Err(Error::Tampered(format!("the backup's {broken}; nothing was restored")));
    }
    if let Some(broken) = copy.chain.records_broken.first() {
        return Err(Error::Tampered(format!("in the backup, {broken}; nothing was restored")));
    }
    if let Some((name, _)) =
        copy.inventory.iter().find(|(name, sha256)| !manifest.evidence.iter().any(|f| f.name == *name && f.sha256 == *sha256))
    {
        return Err(not_a_backup(from, format!("the evidence file {name} it records is not in it")));
    }
    // The chain holds; it must also end where the manifest says, or its newest entries were cut
    // off (a chain alone cannot show that). An upgrade on unpacking may append entries after them.
    if manifest.history_entries > copy.chain.entries || (manifest.history_head.is_some() && copy.head_at_manifest != manifest.history_head)
    {
        return Err(Error::Tampered(format!(
            "the backup's history does not end where its manifest says (entry {}{}): entries were removed or the \
             manifest was changed; nothing was restored",
            manifest.history_entries,
            manifest.history_head.as_deref().map(|h| format!(", hash {}", &h[..h.len().min(12)])).unwrap_or_default()
        )));
    }
    Ok(Unpacked {
        manifest,
        restored,
        staged_evidence,
        schema_version: copy.schema_version,
        history_entries: copy.chain.entries,
        evidence_files: copy.inventory.len(),
    })
}

/// Restores the backup `from` into the empty team register at `url`: checked whole in a scratch
/// folder as for a register file, then copied in with its evidence files (`Store::copy_into_team`),
/// verified before it commits. A team register is never replaced: restore into a new, empty one.
async fn restore_into_team(url: &str, from: &Path, ctx: &ChangeContext) -> Result<RestoreSummary> {
    let scratch = tempfile::Builder::new()
        .prefix(".vetted-restore-")
        .tempdir()
        .map_err(|e| Error::Io(format!("cannot make a scratch folder: {e}")))?;
    let unpacked = unpack(from, scratch.path()).await?;
    let team = Store::open_team(url).await?;
    let copied = async {
        let file = Store::open(&unpacked.restored).await?;
        let ctx = ChangeContext::new(team.login().unwrap_or(&ctx.actor), ctx.at);
        let copied = team.copy_into_team(&file, &unpacked.staged_evidence, &from.display().to_string(), &ctx).await;
        file.close().await;
        copied
    }
    .await;
    team.close().await;
    let copied = copied?;
    Ok(RestoreSummary {
        schema_version: unpacked.schema_version,
        history_entries: copied.history_entries,
        evidence_files: copied.evidence_files,
        set_aside: None,
    })
}

/// `path` with `suffix` added to its file name (`vetted.db` → `vetted.db-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// `<register>.restore-journal`: a restore that has begun to swap files, written before the first
/// rename and removed after the last, so that the swap, however it was interrupted, is finished
/// (or, when the checked copy is gone, undone) before the register is next opened.
#[derive(Debug, Serialize, Deserialize)]
struct Journal {
    /// The checked register, in the scratch folder, until it is renamed into place.
    restored: PathBuf,
    scratch: PathBuf,
    /// Where the replaced register goes (absent when there was none).
    set_aside: Option<PathBuf>,
}

impl Journal {
    fn path(db: &Path) -> PathBuf {
        sibling(db, ".restore-journal")
    }

    fn write(&self, db: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).expect("a journal serialises");
        crate::files::write_private_with(&Self::path(db), |f| f.write_all(&json).map_err(|e| Error::Io(e.to_string())))
    }

    /// Takes each step of the swap that is not yet done, in order: the register (and its
    /// write-ahead log, which holds its last commits) set aside, the checked copy moved in. Run
    /// again after an interruption at any step, it ends in the same place.
    fn finish(&self, db: &Path) -> Result<()> {
        let (wal, shm) = (sibling(db, "-wal"), sibling(db, "-shm"));
        if self.restored.exists() {
            if let Some(aside) = &self.set_aside {
                if db.exists() {
                    if aside.exists() {
                        // Both: the register was set aside and an empty one made in its place.
                        if std::fs::metadata(db).map_err(io_err("read", db))?.len() > 0 {
                            return Err(Error::Corrupt(format!(
                                "an interrupted restore left both {} and {}; move one away and open the register again",
                                db.display(),
                                aside.display()
                            )));
                        }
                        std::fs::remove_file(db).map_err(io_err("remove", db))?;
                    } else {
                        std::fs::rename(db, aside).map_err(io_err("set aside", db))?;
                    }
                }
                // A write-ahead log belongs to its file: it goes along, the shared-memory index is rebuilt.
                if wal.exists() {
                    std::fs::rename(&wal, sibling(aside, "-wal")).map_err(io_err("set aside", &wal))?;
                }
            }
            let _ = std::fs::remove_file(&shm);
            std::fs::rename(&self.restored, db).map_err(io_err("move into place", db))?;
        } else if !db.exists() {
            // The checked copy is gone and the register is not in place: put the old one back.
            if let Some(aside) = self.set_aside.as_ref().filter(|a| a.exists()) {
                if sibling(aside, "-wal").exists() {
                    std::fs::rename(sibling(aside, "-wal"), &wal).map_err(io_err("move back", &wal))?;
                }
                std::fs::rename(aside, db).map_err(io_err("move back", db))?;
            }
        }
        sync_folder(db);
        std::fs::remove_file(Self::path(db)).map_err(io_err("remove", &Self::path(db)))?;
        let _ = std::fs::remove_dir_all(&self.scratch);
        Ok(())
    }
}

/// Makes the renames in `db`'s folder durable (where the platform can).
fn sync_folder(db: &Path) {
    #[cfg(unix)]
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
}

/// Finishes a restore of the register at `db` that was interrupted while it swapped files (see
/// `Journal`). Called before the register is opened; does nothing when no restore was under way.
pub fn finish_interrupted_restore(db: &Path) -> Result<()> {
    let db = &crate::store::real_path(db);
    let path = Journal::path(db);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::Io(format!("cannot read {}: {e}", path.display()))),
    };
    // A restore still running holds the lock: it is not interrupted, and this open must wait.
    let _lock = RegisterLock::exclusive(db).map_err(|e| match e {
        Error::Conflict(_) => Error::Conflict(crate::error::Clash::BeingRestored { register: db.display().to_string() }),
        other => other,
    })?;
    let journal: Journal = serde_json::from_slice(&text)
        .map_err(|e| Error::Corrupt(format!("{} cannot be read ({e}); the restore it records was not finished", path.display())))?;
    journal.finish(db)
}
