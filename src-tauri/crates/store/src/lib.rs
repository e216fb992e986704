//! vetted-store: the one place with SQL. Opens the register, runs migrations, records history with every write, and keeps evidence files beside it; `engine` holds what is SQLite's own, the other modules the portable queries by area.
#![forbid(unsafe_code)]

pub mod evidence;
pub mod private;
pub(crate) use vetted_domain as domain;
pub(crate) use vetted_domain::Error;
pub(crate) use vetted_domain::{error, hash};

mod approvals;
mod assessments;
mod catalog;
mod certifications;
mod engine;
mod history;
mod maintenance;
mod mappings;
mod publications;
mod questionnaires;
mod seals;
mod transfer;
mod vendors;

pub use approvals::ApprovalRecord;
pub use assessments::{AcceptanceDraft, AssessmentSnapshot, BaselineSummary, CheckState, Checked};
pub use catalog::{CatalogEntry, WantedEntries};
pub use certifications::{NewReading, StoredCertification};

pub use history::{BrokenEntry, ChainBreak, ChainReport, HistoryAction, HistoryEntry};
pub use maintenance::{real_path, RegisterLock};
pub use publications::RegisterVersion;
pub use questionnaires::QuestionnaireVersion;
pub use seals::{BrokenRecord, RecordBreak, RecordKind, RecordsReport, Subject};
pub use transfer::CopySummary;
pub use vendors::{ConditionFilter, Facets, ListImport, ListPage, ListQuery, SortKey, VendorRef, VendorSummary};

pub use engine::TeamRole;
pub use vetted_domain::ChangeContext;

pub(crate) use engine::db;

use crate::engine::on_pool;
use crate::error::Clash;
use crate::error::Result;
use engine::{Pool, WriteTx};

/// The schema version that chained the history (migration 8).
const HISTORY_CHAIN: i64 = 20261122000008;
/// The schema version that began sealing records in the history (migration 13).
const RECORD_SEALS: i64 = 20261206000013;
/// The schema version that keeps each vendor name's sort key (migration 17).
const NAME_SORT: i64 = 20261207000017;
use std::path::Path;

/// Whether `at` names a team register (a PostgreSQL connection URL) rather than a register file.
pub fn is_team_url(at: &str) -> bool {
    at.starts_with("postgres://") || at.starts_with("postgresql://")
}

/// A team register's place as it may be shown: its server and database, never a password.
pub fn team_location(url: &str) -> String {
    engine::shown(url)
}

/// Who an upgrade's own history entries name.
pub const UPGRADE_ACTOR: &str = "vetted (upgrade)";

/// A handle on one register file. Cheap to clone; safe to share between tasks.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// A team register's database login: who every change is by (the server checks the history's).
    login: Option<String>,
    /// A team register's server and database, as they may be shown (never a password).
    team_place: Option<String>,
    /// Held (shared) while any clone lives, so a restore never swaps the file under us (absent
    /// for a register opened read-only because it cannot be written).
    _lock: Option<std::sync::Arc<RegisterLock>>,
    /// Why the register was opened read-only, if it was: every write is refused with it.
    read_only: Option<Clash>,
}

/// Whether an I/O error says the file system will not let us write.
fn cannot_write(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
}

/// Whether `dir` refuses a new file (tried with a file made and removed at once).
fn folder_read_only(dir: &Path) -> bool {
    let probe = dir.join(format!(".vetted-write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            false
        }
        Err(e) => cannot_write(&e),
    }
}

impl Store {
    /// Opens (creating if needed) the register at `path` and brings its schema up to date,
    /// copying it to `backups/` first when there is an upgrade to run.
    /// WAL and a busy timeout let the app and the CLI use the same file at once.
    /// A register that cannot be written (its file or folder read-only) or that a newer Vetted
    /// wrote is opened read-only: it can be read and backed up, and every write says why not.
    /// A team register's URL (`postgres://...`) given as the path opens that (`open_team`).
    pub async fn open(path: &Path) -> Result<Store> {
        if let Some(url) = path.to_str().filter(|p| is_team_url(p)) {
            return Self::open_team(url).await;
        }
        let shown = path.display().to_string();
        let folder = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or_else(|| Path::new("."));
        let unwritable = || Clash::ReadOnlyRegister { register: path.display().to_string() };
        let read_only = || async {
            let pool = engine::open_file_read_only(path, true).await?;
            Ok(Store { pool, login: None, team_place: None, _lock: None, read_only: Some(unwritable()) })
        };
        if path.is_file() && std::fs::OpenOptions::new().append(true).open(path).is_err_and(|e| cannot_write(&e)) {
            return read_only().await;
        }
        private::create_dir_all(folder).map_err(|e| crate::Error::Io(format!("cannot create the folder {}: {e}", folder.display())))?;
        private::create_empty_file(path).map_err(|e| crate::Error::Io(format!("cannot create {}: {e}", path.display())))?;
        // The lock file is made beside the register: where that fails, the folder is tried for
        // being read-only (only then, so that an ordinary open leaves nothing in the folder).
        let lock = match RegisterLock::shared(path) {
            Ok(lock) => Some(std::sync::Arc::new(lock)),
            Err(crate::Error::Io(_)) if path.is_file() && folder_read_only(folder) => return read_only().await,
            Err(e) => return Err(e),
        };
        let pool = engine::open_file(path).await?;
        let schema_before = pool.applied_version().await?;
        if let Some(found) = schema_before.filter(|v| *v > pool.newest_known()) {
            let known = pool.newest_known().to_string();
            pool.close().await;
            let pool = engine::open_file_read_only(path, false).await?;
            let read_only = Clash::NewerRegister { register: shown, found: found.to_string(), known };
            return Ok(Store { pool, login: None, team_place: None, _lock: lock, read_only: Some(read_only) });
        }
        maintenance::back_up_before_upgrade(&pool, path).await?;
        pool.migrate().await?;
        let store = Store { pool, login: None, team_place: None, _lock: lock, read_only: None };
        store.key_catalog().await?;
        if schema_before.is_some_and(|v| v < NAME_SORT) {
            store.write_name_sort_keys().await?;
        }
        // Entries written before the chain existed are sealed once, by the upgrade that brings
        // it; an entry without a hash in a chained register was put there by someone else, and
        // `verify` names it (sealing it would make a forgery genuine).
        if schema_before.is_some_and(|v| v < HISTORY_CHAIN) {
            store.seal_history().await?;
        }
        // Likewise the records already there are sealed once, by the upgrade that begins sealing
        // them, and never later: a record found unsealed afterwards was added by someone else.
        if schema_before.is_some_and(|v| v < RECORD_SEALS) {
            let mut tx = store.write().await?;
            let ctx = ChangeContext::new(UPGRADE_ACTOR, chrono::Utc::now());
            history::seal_every_record(&mut tx, &ctx).await?;
            tx.commit().await.map_err(db)?;
        }
        Ok(store)
    }

    /// Opens the team register on the PostgreSQL server at `url` (`postgres://...`) and brings its
    /// schema up to date. Several Vettes use it at once; the server keeps them apart.
    pub async fn open_team(url: &str) -> Result<Store> {
        let pool = engine::open_server(url).await?;
        let login = pool.login().await?;
        let team_place = pool.team_place();
        let applied = pool.applied_version().await?;
        if let Some(found) = applied.filter(|v| *v > pool.newest_known()) {
            let register = team_place.clone().unwrap_or_default();
            let read_only = Clash::NewerRegister { register, found: found.to_string(), known: pool.newest_known().to_string() };
            return Ok(Store { pool, login, team_place, _lock: None, read_only: Some(read_only) });
        }
        // Only a schema to make or upgrade is the migrations' (and its owner's) business: a
        // member who may not create tables opens an up-to-date register all the same.
        if applied != Some(pool.newest_known()) {
            // A new register's database is asked first whether the schema can be made in it.
            if applied.is_none() {
                if let Some(encoding) = pool.unusable_encoding().await? {
                    return Err(crate::Error::Conflict(Clash::DatabaseEncoding { register: team_place.unwrap_or_default(), encoding }));
                }
            }
            pool.migrate().await?;
        }
        let store = Store { pool, login, team_place, _lock: None, read_only: None };
        store.key_catalog().await?;
        // The upgrade's migrations ran as the one opening it (their owner): the keys are theirs too.
        if applied.is_some_and(|v| v < NAME_SORT) {
            store.write_name_sort_keys().await?;
        }
        Ok(store)
    }

    /// Whether the register is a team register (on PostgreSQL).
    pub fn is_team(&self) -> bool {
        self.pool.kind().is_server()
    }

    /// A team register's database login: the one who every change is by (none for a register file).
    pub fn login(&self) -> Option<&str> {
        self.login.as_deref()
    }

    /// Makes a team register's roles (administrator, editor, viewer) and what each may do, and
    /// makes the login running it an administrator; their names, administrator first.
    pub async fn team_init(&self) -> Result<[String; 3]> {
        self.pool.init_roles().await
    }

    /// Gives `login` the role `role` in the team register (any other it had taken back).
    pub async fn team_grant(&self, login: &str, role: TeamRole) -> Result<()> {
        self.pool.grant(login, role).await
    }

    /// Takes every role in the team register from `login`.
    pub async fn team_revoke(&self, login: &str) -> Result<()> {
        self.pool.revoke(login).await
    }

    /// The logins with a role in the team register.
    pub async fn team_members(&self) -> Result<Vec<(String, TeamRole)>> {
        self.pool.members().await
    }

    /// A receiver told soon after every change anyone commits to a team register (for the app to
    /// show a colleague's change); none for a register file.
    pub async fn watch_changes(&self) -> Result<Option<tokio::sync::mpsc::Receiver<()>>> {
        self.pool.watch().await
    }

    /// Whether assessments may be recorded: not in a register open read-only, nor by a team
    /// register's viewer (whose role the database refuses it).
    pub async fn may_record_assessments(&self) -> Result<bool> {
        Ok(self.read_only.is_none() && self.pool.may_insert("assessments").await?)
    }

    /// Why the register is open read-only, if it is.
    pub fn read_only(&self) -> Option<&Clash> {
        self.read_only.as_ref()
    }

    /// A write transaction that takes the write lock at once, so two writers queue on the
    /// busy timeout instead of failing halfway; refused on a register open read-only.
    async fn write(&self) -> Result<WriteTx> {
        if let Some(why) = &self.read_only {
            return Err(crate::Error::Conflict(why.clone()));
        }
        self.pool.begin_write().await
    }

    /// Gives the catalog entries an upgrade made their keys (written once, after migration 12).
    async fn key_catalog(&self) -> Result<()> {
        if !self.any("SELECT EXISTS (SELECT 1 FROM question_catalog WHERE key IS NULL)").await? {
            return Ok(());
        }
        let mut tx = self.write().await?;
        catalog::fill_missing_keys(&mut tx).await?;
        tx.commit().await.map_err(db)
    }

    /// Seals history entries that have no hash (written before the chain existed).
    async fn seal_history(&self) -> Result<()> {
        if !self.any("SELECT EXISTS (SELECT 1 FROM history WHERE hash IS NULL)").await? {
            return Ok(());
        }
        let mut tx = self.write().await?;
        history::seal_unsealed(&mut tx).await?;
        tx.commit().await.map_err(db)
    }

    /// What an `EXISTS` query says, read before taking the write lock, so that opening a register
    /// with nothing to mend writes nothing.
    async fn any(&self, exists: &str) -> Result<bool> {
        on_pool!(&self.pool, ex => sqlx::query_scalar(exists).fetch_one(ex).await).map_err(db)
    }

    /// Folds what this register committed into its file, then closes every connection. SQLite
    /// folds the WAL in when the last connection closes, but a command's process may end before
    /// sqlx's worker threads have closed theirs: the file alone must hold every commit (a user
    /// copies "the one SQLite file"). Folding does not wait for other readers and writers (the
    /// app may have the register open): what they hold back is folded in by the next close.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}
