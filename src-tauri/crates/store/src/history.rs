//! SQL for the append-only history: who changed which field of which vendor, when, from what to what.

use super::db;
use super::{ChangeContext, Store};
use crate::engine::Conn;
use crate::engine::{on_conn, on_pool};
use crate::error::Result;
use crate::seals::{self, Subject};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HistoryAction {
    Create,
    Update,
    Archive,
    /// A certification or attestation was recorded for the vendor.
    AddCertification,
    /// An evidence file was attached to one of the vendor's certifications.
    AddEvidence,
    /// Reminders about one of the vendor's certifications were muted, or unmuted.
    MuteReminders,
    UnmuteReminders,
    /// A questionnaire the vendor answered was imported as a new version.
    ImportQuestionnaire,
    /// A risk was accepted for one baseline control.
    AcceptRisk,
    /// An assessment against the baseline gave a new verdict.
    Assess,
    /// The register kept a mapping profile a user confirmed for a layout (no vendor).
    SaveMapping,
    /// A baseline was saved as a new version (no vendor).
    SaveBaseline,
    /// A tier was held to another baseline (no vendor).
    UseBaseline,
    /// A list of sub-processors was published as a new version (no vendor).
    Publish,
    /// A run of assessment snapshots was written (no vendor; its seal covers them).
    RecordAssessments,
    /// A record already in the register was sealed by the upgrade that began sealing records (no vendor).
    SealRecord,
    /// A list of vendors was imported (no vendor): `field` the file's name, `after` the new
    /// vendors' ids as a JSON array.
    ImportList,
    /// A list import was undone (no vendor): `before` the import's history entry id, `after` the
    /// ids of the vendors it archived as a JSON array.
    UndoImport,
    /// The vendor was approved: `field` the status given, `after` the verdict it had; the entry
    /// seals the approval record.
    Approve,
    /// A condition was added: `field` is `condition:ID:title`, `after` its title.
    AddCondition,
    /// A field of a condition changed: `field` is `condition:ID:NAME`, with before and after.
    UpdateCondition,
    /// Facts were read from an evidence file and kept with its certification: `after` names the
    /// file; the entry seals the reading.
    ReadDocument,
    /// Where the customer stands on a duty changed: `field` is `duty:ID:state` or `duty:ID:note`,
    /// with before and after.
    UpdateDuty,
}

/// One recorded change. For `create`, `after` is the new vendor's name and `field` is absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// Absent for a change to the register as a whole (a mapping, a baseline, a tier's baseline).
    #[ts(type = "number | null")]
    pub vendor_id: Option<i64>,
    /// Empty for a change to the register as a whole.
    pub vendor_name: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// The OS user who made the change.
    pub actor: String,
    pub action: HistoryAction,
    pub field: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    id: i64,
    vendor_id: Option<i64>,
    vendor_name: Option<String>,
    at: String,
    actor: String,
    action: String,
    field: Option<String>,
    before: Option<String>,
    after: Option<String>,
}

/// Appends `action` on vendor `vendor_id` (none: the register as a whole) by `ctx` to the
/// history, chained to the entry before it. The caller holds the write lock.
pub(super) async fn record(
    conn: &mut Conn,
    ctx: &ChangeContext,
    vendor_id: impl Into<Option<i64>>,
    action: HistoryAction,
    field: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    append(conn, ctx, vendor_id.into(), action, field, before, after, None).await
}

/// Like [`record`], for the writing of a record a verdict rests on: the entry also seals
/// `subject`, written just before in the same transaction, with the digest of its content.
#[allow(clippy::too_many_arguments)]
pub(super) async fn record_sealing(
    conn: &mut Conn,
    ctx: &ChangeContext,
    vendor_id: impl Into<Option<i64>>,
    action: HistoryAction,
    field: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
    subject: &Subject,
) -> Result<()> {
    let digest = seals::digest(&mut *conn, subject).await?;
    record_with_seal(conn, ctx, vendor_id, action, field, before, after, subject, digest).await
}

/// [`record_sealing`] with the record's digest made already (none: the record is not there).
#[allow(clippy::too_many_arguments)]
pub(super) async fn record_with_seal(
    conn: &mut Conn,
    ctx: &ChangeContext,
    vendor_id: impl Into<Option<i64>>,
    action: HistoryAction,
    field: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
    subject: &Subject,
    digest: Option<String>,
) -> Result<()> {
    let digest = digest.ok_or_else(|| crate::Error::Database(format!("the record {subject} to seal is not in the register")))?;
    let seal = (subject.to_string(), digest);
    append(conn, ctx, vendor_id.into(), action, field, before, after, Some(seal)).await
}

/// Seals every record already in the register, each by an entry of its own (run once, by the
/// upgrade that began sealing records; see `Store::open`).
pub(super) async fn seal_every_record(conn: &mut Conn, ctx: &ChangeContext) -> Result<()> {
    for subject in seals::every_record(&mut *conn).await? {
        let text = subject.to_string();
        record_sealing(conn, ctx, None, HistoryAction::SealRecord, Some("record"), None, Some(&text), &subject).await?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn append(
    conn: &mut Conn,
    ctx: &ChangeContext,
    vendor_id: Option<i64>,
    action: HistoryAction,
    field: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
    seal_of: Option<(String, String)>,
) -> Result<()> {
    let last = last(&mut *conn).await?;
    let (subject, digest) = seal_of.unzip();
    let e = seal(last, ctx, vendor_id, action, field, before, after, subject.as_deref(), digest.as_deref());
    on_conn!(conn, ex => sqlx::query(INSERT_ENTRY)
        .bind(e.id)
        .bind(e.vendor_id)
        .bind(&e.at)
        .bind(e.actor)
        .bind(&e.action)
        .bind(e.field)
        .bind(e.before)
        .bind(e.after)
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .bind(e.subject)
        .bind(e.digest)
        .execute(ex)
        .await.map(|r| r.rows_affected()))
    .map_err(db)?;
    Ok(())
}

/// The history's newest entry, its id and hash; none before the first. Read in the write
/// transaction that appends after it (`BEGIN IMMEDIATE`), so it cannot change in between.
type Last = Option<(i64, Option<String>)>;

/// The history's newest entry (see `Last`).
async fn last(conn: &mut Conn) -> Result<Last> {
    on_conn!(conn, ex => sqlx::query_as("SELECT id, hash FROM history ORDER BY id DESC LIMIT 1").fetch_optional(ex).await).map_err(db)
}

/// Appends one entry.
const INSERT_ENTRY: &str =
    "INSERT INTO history (id, vendor_id, at, actor, action, field, before, after, prev_hash, hash, subject, digest) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";

/// A change to append after `Last`, sealed: chained to its hash.
struct Entry<'a> {
    id: i64,
    vendor_id: Option<i64>,
    at: String,
    actor: &'a str,
    action: String,
    field: Option<&'a str>,
    before: Option<&'a str>,
    after: Option<&'a str>,
    prev_hash: Option<String>,
    hash: String,
    subject: Option<&'a str>,
    digest: Option<&'a str>,
}

/// The entry recording `action` on vendor `vendor_id` by `ctx`, after `last`.
#[allow(clippy::too_many_arguments)]
fn seal<'a>(
    last: Last,
    ctx: &'a ChangeContext,
    vendor_id: Option<i64>,
    action: HistoryAction,
    field: Option<&'a str>,
    before: Option<&'a str>,
    after: Option<&'a str>,
    subject: Option<&'a str>,
    digest: Option<&'a str>,
) -> Entry<'a> {
    let (id, prev_hash) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, None),
    };
    let at = ctx.timestamp();
    let action = crate::domain::wire_name(&action);
    let hash = Sealed { id, vendor_id, at: &at, actor: &ctx.actor, action: &action, field, before, after, subject, digest }
        .hash(prev_hash.as_deref());
    Entry { id, vendor_id, at, actor: &ctx.actor, action, field, before, after, prev_hash, hash, subject, digest }
}

/// What one history entry's hash covers: every column but the hashes themselves.
struct Sealed<'a> {
    id: i64,
    vendor_id: Option<i64>,
    at: &'a str,
    actor: &'a str,
    action: &'a str,
    field: Option<&'a str>,
    before: Option<&'a str>,
    after: Option<&'a str>,
    /// The record the entry seals and its digest (absent in entries that seal none, and in every
    /// entry before records were sealed: those keep the hash they were written with).
    subject: Option<&'a str>,
    digest: Option<&'a str>,
}

impl Sealed<'_> {
    /// SHA-256 (hex) over a version tag, the previous entry's hash and this entry's columns,
    /// each text length-prefixed and absent values marked, so no two different entries encode alike.
    fn hash(&self, prev_hash: Option<&str>) -> String {
        use sha2::{Digest, Sha256};
        fn text(h: &mut Sha256, t: Option<&str>) {
            match t {
                None => h.update([0u8]),
                Some(t) => {
                    h.update([1u8]);
                    h.update((t.len() as u64).to_le_bytes());
                    h.update(t.as_bytes());
                }
            }
        }
        let mut h = Sha256::new();
        h.update(if self.subject.is_some() { &b"vetted-history-v2"[..] } else { &b"vetted-history-v1"[..] });
        text(&mut h, prev_hash);
        h.update(self.id.to_le_bytes());
        // A vendor's id as its 8 bytes (as every entry before register-level ones was sealed);
        // none as the bytes of -1, which no vendor id is (they start at 1).
        h.update(self.vendor_id.unwrap_or(-1).to_le_bytes());
        for t in [Some(self.at), Some(self.actor), Some(self.action), self.field, self.before, self.after] {
            text(&mut h, t);
        }
        if self.subject.is_some() {
            text(&mut h, self.subject);
            text(&mut h, self.digest);
        }
        crate::hash::hex(&h.finalize())
    }
}

#[derive(sqlx::FromRow)]
struct ChainRow {
    id: i64,
    vendor_id: Option<i64>,
    at: String,
    actor: String,
    action: String,
    field: Option<String>,
    before: Option<String>,
    after: Option<String>,
    prev_hash: Option<String>,
    hash: Option<String>,
    subject: Option<String>,
    digest: Option<String>,
}

impl ChainRow {
    fn sealed(&self) -> Sealed<'_> {
        Sealed {
            id: self.id,
            vendor_id: self.vendor_id,
            at: &self.at,
            actor: &self.actor,
            action: &self.action,
            field: self.field.as_deref(),
            before: self.before.as_deref(),
            after: self.after.as_deref(),
            subject: self.subject.as_deref(),
            digest: self.digest.as_deref(),
        }
    }
}

const CHAIN_BATCH: i64 = 5_000;

async fn chain_batch(conn: &mut Conn, after_id: i64, unsealed_only: bool) -> Result<Vec<ChainRow>> {
    on_conn!(conn, ex => sqlx::query_as(
        "SELECT id, vendor_id, at, actor, action, field, before, after, prev_hash, hash, subject, digest FROM history \
         WHERE id > $1 AND (NOT $2 OR hash IS NULL) ORDER BY id LIMIT $3",
    )
    .bind(after_id)
    .bind(unsealed_only)
    .bind(CHAIN_BATCH)
    .fetch_all(ex)
    .await)
    .map_err(db)
}

/// Seals entries written before the chain existed (or by a version that did not write
/// hashes), in order, after the last sealed one. Runs when the register is opened.
pub(super) async fn seal_unsealed(conn: &mut Conn) -> Result<()> {
    let Some(first) = chain_batch(conn, 0, true).await?.into_iter().next() else { return Ok(()) };
    let mut prev: Option<String> =
        on_conn!(&mut *conn, ex => sqlx::query_scalar("SELECT hash FROM history WHERE id < $1 ORDER BY id DESC LIMIT 1")
        .bind(first.id)
        .fetch_optional(ex)
        .await)
        .map_err(db)?
        .flatten();
    let mut after_id = first.id - 1;
    loop {
        let rows = chain_batch(conn, after_id, false).await?;
        let Some(last) = rows.last() else { return Ok(()) };
        after_id = last.id;
        for row in &rows {
            if row.hash.is_some() {
                // Entries after the unsealed ones were written by this version on top of them.
                prev = row.hash.clone();
                continue;
            }
            let hash = row.sealed().hash(prev.as_deref());
            on_conn!(&mut *conn, ex => sqlx::query("UPDATE history SET prev_hash = $1, hash = $2 WHERE id = $3")
                .bind(&prev)
                .bind(&hash)
                .bind(row.id)
                .execute(ex)
                .await.map(|r| r.rows_affected()))
            .map_err(db)?;
            prev = Some(hash);
        }
    }
}

/// What checking the history's hash chain found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainReport {
    /// Entries checked.
    pub entries: u64,
    /// The newest entry's hash: note it down (or keep a backup) to notice later if the newest
    /// entries were removed, which a chain alone cannot show.
    pub head: Option<String>,
    /// The first entry that does not match, and why; absent when the whole chain holds.
    pub first_broken: Option<BrokenEntry>,
    /// Records (and runs of snapshots) checked against the seals their entries carry.
    pub records_checked: u64,
    /// Each record not as its seal says (the first 100); empty when every record is.
    pub records_broken: Vec<seals::BrokenRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenEntry {
    pub id: i64,
    pub reason: ChainBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainBreak {
    /// Its content no longer gives its hash: the entry was edited.
    ContentChanged,
    /// It does not name the entry before it: an entry before it was removed, inserted or re-hashed.
    LinkBroken,
    /// It carries no hash at all.
    NotSealed,
}

impl std::fmt::Display for BrokenEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.reason {
            ChainBreak::ContentChanged => "its content was changed after it was written",
            ChainBreak::LinkBroken => "it does not follow the entry before it: an entry was removed, inserted or re-hashed",
            ChainBreak::NotSealed => "it carries no hash",
        };
        write!(f, "history entry {} does not match: {why}", self.id)
    }
}

/// The chain of the history `conn` reads, and every sealed record against its seal.
pub(crate) async fn verify(conn: &mut Conn) -> Result<ChainReport> {
    let mut report = verify_chain(conn).await?;
    let records = seals::check(conn, None).await?;
    (report.records_checked, report.records_broken) = (records.checked, records.broken);
    Ok(report)
}

async fn verify_chain(conn: &mut Conn) -> Result<ChainReport> {
    let mut report = ChainReport { entries: 0, head: None, first_broken: None, records_checked: 0, records_broken: Vec::new() };
    let mut after_id = 0;
    loop {
        let rows = chain_batch(conn, after_id, false).await?;
        let Some(last) = rows.last() else { return Ok(report) };
        after_id = last.id;
        for row in rows {
            report.entries += 1;
            let reason = match &row.hash {
                None => Some(ChainBreak::NotSealed),
                Some(_) if row.prev_hash != report.head => Some(ChainBreak::LinkBroken),
                Some(h) if *h != row.sealed().hash(row.prev_hash.as_deref()) => Some(ChainBreak::ContentChanged),
                Some(_) => None,
            };
            if let (Some(reason), None) = (reason, &report.first_broken) {
                report.first_broken = Some(BrokenEntry { id: row.id, reason });
            }
            report.head = row.hash;
        }
    }
}

impl Store {
    /// Checks every history entry against its hash and the entry before it, oldest first,
    /// and names the first that does not match; then every sealed record against its seal.
    pub async fn verify_history(&self) -> Result<ChainReport> {
        // One read transaction: entries appended meanwhile are not half-seen.
        let mut tx = self.pool.begin().await?;
        let report = verify(&mut tx).await?;
        tx.commit().await.map_err(db)?;
        Ok(report)
    }

    /// The hash of the history's `n`-th entry, oldest first (none for 0 or past the end).
    pub async fn history_hash_of_entry(&self, n: u64) -> Result<Option<String>> {
        let Some(offset) = n.checked_sub(1) else { return Ok(None) };
        let hash: Option<Option<String>> =
            on_pool!(&self.pool, ex => sqlx::query_scalar("SELECT hash FROM history ORDER BY id LIMIT 1 OFFSET $1")
            .bind(i64::try_from(offset).unwrap_or(i64::MAX))
            .fetch_optional(ex)
            .await)
            .map_err(db)?;
        Ok(hash.flatten())
    }

    /// The newest `limit` changes, of one vendor or of the whole register, newest first.
    pub async fn history(&self, vendor_id: Option<i64>, limit: u32) -> Result<Vec<HistoryEntry>> {
        let rows: Vec<HistoryRow> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT h.id, h.vendor_id, v.name AS vendor_name, h.at, h.actor, h.action, h.field, h.before, h.after \
             FROM history h LEFT JOIN vendors v ON v.id = h.vendor_id \
             WHERE $1 IS NULL OR h.vendor_id = $1 ORDER BY h.id DESC LIMIT $2",
        )
        .bind(vendor_id)
        .bind(limit as i64)
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        Ok(rows
            .into_iter()
            .map(|r| HistoryEntry {
                id: r.id,
                vendor_id: r.vendor_id,
                vendor_name: r.vendor_name.unwrap_or_default(),
                at: r.at,
                actor: r.actor,
                // An action this version does not know reads as a plain update.
                action: serde_json::from_value(serde_json::Value::String(r.action)).unwrap_or(HistoryAction::Update),
                field: r.field,
                before: r.before,
                after: r.after,
            })
            .collect())
    }
}
