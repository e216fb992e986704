//! Moving a whole register between a register file and a team register: `team push` and a restore copy a register file (and its evidence files) into an empty team register, verified before it commits; a team register's backup copies it out into a new register file.

use crate::engine::{copy, on_conn, Conn};
use crate::error::{Clash, Error, Result};
use crate::history::{self, ChainReport};
use crate::{db, ChangeContext, Store};
use std::path::Path;

/// What a copy into a team register brought.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CopySummary {
    pub rows: u64,
    pub history_entries: u64,
    pub history_head: Option<String>,
    pub records_checked: u64,
    pub evidence_files: usize,
}

/// The chain and seals of the register `conn` reads, refused when anything does not hold.
async fn verified(conn: &mut Conn, which: &str) -> Result<ChainReport> {
    let report = history::verify(conn).await?;
    if let Some(broken) = &report.first_broken {
        return Err(Error::Tampered(format!("in {which}, {broken}; nothing was copied")));
    }
    if let Some(broken) = report.records_broken.first() {
        return Err(Error::Tampered(format!("in {which}, {broken}; nothing was copied")));
    }
    Ok(report)
}

impl Store {
    /// Copies the register file `from` into this team register, which must be empty: every row
    /// with its ids, the history with its hashes (entries naming whoever wrote them), and the
    /// evidence files `from` records, read from the folder `evidence` and checked against their
    /// hashes. Both are verified (chain and seals) and must agree before anything is committed;
    /// the copy is recorded with who made it and from where (`source`, as it may be shown).
    pub async fn copy_into_team(&self, from: &Store, evidence: &Path, source: &str, ctx: &ChangeContext) -> Result<CopySummary> {
        if !self.is_team() || from.is_team() {
            return Err(Error::Io("a register file is copied into a team register".into()));
        }
        // One state of the file, and the file's own check first: a broken register is not spread.
        let mut reading = from.pool.begin().await?;
        let theirs = verified(&mut reading, "the register file").await?;
        let inventory = crate::maintenance::evidence_inventory(&mut reading).await?;

        let mut tx = self.write().await?;
        let tables = copy::Tables::of_team(&mut tx).await?;
        if let Some(table) = tables.first_not_empty(&mut tx).await? {
            let register = self.team_place.clone().unwrap_or_default();
            return Err(Error::Conflict(Clash::TeamNotEmpty { register, table }));
        }
        on_conn!(&mut tx, c => sqlx::query(
            "INSERT INTO register_copies (tx, by_login, at, source, history_entries, history_head) VALUES (0, '', $1, $2, $3, $4)")
            .bind(ctx.timestamp())
            .bind(source)
            .bind(i64::try_from(theirs.entries).unwrap_or(i64::MAX))
            .bind(&theirs.head)
            .execute(c)
            .await
            .map(|_| ()))
        .map_err(db)?;
        let rows = copy::file_to_team(&mut reading, &mut tx, &tables).await?;
        for (name, sha256) in &inventory {
            let path = crate::evidence::verified_path(evidence, name, sha256)?;
            let content = std::fs::read(&path).map_err(|e| crate::evidence::missing(&path, e))?;
            on_conn!(&mut tx, c => sqlx::query("INSERT INTO evidence_content (sha256, content) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING")
                .bind(sha256)
                .bind(&content)
                .execute(c)
                .await
                .map(|_| ()))
            .map_err(db)?;
        }
        let ours = verified(&mut tx, "the copy").await?;
        if (ours.entries, &ours.head, ours.records_checked) != (theirs.entries, &theirs.head, theirs.records_checked) {
            return Err(Error::Corrupt(format!(
                "the copy does not hold what the register file does ({} history entries and {} sealed records, against {} and {}); nothing was copied",
                ours.entries, ours.records_checked, theirs.entries, theirs.records_checked
            )));
        }
        tx.commit().await.map_err(db)?;
        reading.commit().await.map_err(db)?;
        Ok(CopySummary {
            rows,
            history_entries: ours.entries,
            history_head: ours.head,
            records_checked: ours.records_checked,
            evidence_files: inventory.len(),
        })
    }
}
