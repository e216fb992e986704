//! SQL for baselines (every saved version kept), which baseline each tier is held to, accepted
//! risks, and dated assessment snapshots.

use super::db;
use super::history::{self, HistoryAction};
use super::{ChangeContext, Store};
use crate::domain::Tier;
use crate::engine::{on_conn, on_pool};
use crate::engine::{Conn, Keys};
use crate::error::{Error, Result};
use crate::seals::{self, RecordKind, Subject};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;
use vetted_domain::assessment::{Assessment, RiskAcceptance};
use vetted_domain::baseline::Baseline;

/// A baseline version as the register keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct BaselineSummary {
    pub id: String,
    pub version: u32,
    pub name: String,
    /// The German name (the English one when the baseline has none).
    pub name_de: String,
    /// Absent for the baseline shipped with Vetted that nobody has edited.
    pub saved_at: Option<String>,
    pub saved_by: Option<String>,
    /// The tiers held to it (0: every tier without a baseline of its own).
    pub used_for: Vec<u8>,
}

/// An accepted risk as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(default)]
pub struct AcceptanceDraft {
    pub baseline_id: String,
    pub control_id: String,
    pub reason: String,
    pub accepted_by: String,
    /// YYYY-MM-DD.
    pub until: String,
}

/// One saved assessment, as listed (the whole result is in `assessment`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AssessmentSnapshot {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub vendor_id: i64,
    pub assessed_at: String,
    pub assessed_by: String,
    pub assessment: Assessment,
}

#[derive(sqlx::FromRow)]
struct SnapshotRow {
    id: i64,
    vendor_id: i64,
    assessed_at: String,
    assessed_by: String,
    result: String,
}

impl TryFrom<SnapshotRow> for AssessmentSnapshot {
    type Error = Error;
    fn try_from(r: SnapshotRow) -> Result<Self> {
        let corrupt = |e: serde_json::Error| Error::Corrupt(format!("assessment {}: {e}", r.id));
        let mut value: serde_json::Value = serde_json::from_str(&r.result).map_err(corrupt)?;
        words_as_recorded(&mut value);
        let assessment = serde_json::from_value(value).map_err(corrupt)?;
        Ok(AssessmentSnapshot { id: r.id, vendor_id: r.vendor_id, assessed_at: r.assessed_at, assessed_by: r.assessed_by, assessment })
    }
}

/// A snapshot saved before Vetted kept facts said what was missing in English words: each is
/// read as `Missing::Recorded` (its evidence's words, `summary`, are read as `recorded`).
fn words_as_recorded(result: &mut serde_json::Value) {
    let controls = result.get_mut("controls").and_then(|c| c.as_array_mut());
    for missing in controls.into_iter().flatten().filter_map(|c| c.get_mut("missing").and_then(|m| m.as_array_mut())) {
        for m in missing.iter_mut() {
            if let serde_json::Value::String(text) = m {
                *m = serde_json::json!({ "code": "recorded", "text": text });
            }
        }
    }
}

#[derive(sqlx::FromRow)]
struct AcceptanceRow {
    id: i64,
    vendor_id: i64,
    baseline_id: String,
    control_id: String,
    reason: String,
    accepted_by: String,
    until: NaiveDate,
    recorded_at: String,
    recorded_by: String,
}

impl From<AcceptanceRow> for RiskAcceptance {
    fn from(r: AcceptanceRow) -> Self {
        RiskAcceptance {
            id: r.id,
            vendor_id: r.vendor_id,
            baseline_id: r.baseline_id,
            control_id: r.control_id,
            reason: r.reason,
            accepted_by: r.accepted_by,
            until: r.until,
            recorded_at: r.recorded_at,
            recorded_by: r.recorded_by,
        }
    }
}

/// `f` of each of `items`, split over the machine's cores (serialising and hashing results).
fn on_every_core<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().div_ceil(64)).max(1);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>())).collect();
        parts.into_iter().flat_map(|p| p.join().expect("serialising does not panic")).collect()
    })
}

/// A result's fingerprint: the hash of the result with its day left out (the field, not text cut
/// from the JSON), so two results that differ at most in their day match. Serialised straight
/// into the hash: the result's own JSON is made only for a snapshot to be written.
fn fingerprint(a: &Assessment) -> String {
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    serde_json::to_writer(&mut hasher, &Undated::of(a)).expect("assessments serialise");
    format!("{FINGERPRINT_V2}{}", crate::hash::hex(&sha2::Digest::finalize(hasher)))
}

/// What the fingerprints of this version begin with; older ones are bare hashes.
const FINGERPRINT_V2: &str = "2:";

/// An assessment without its day, serialised as the assessment is (the same fields, in its
/// order, but `as_of`): hashed for the fingerprint without building a JSON tree.
#[derive(Serialize)]
struct Undated<'a> {
    baseline_id: &'a str,
    baseline_version: u32,
    baseline_name: &'a str,
    baseline_name_de: &'a str,
    tier: Option<Tier>,
    verdict: vetted_domain::assessment::Verdict,
    coverage: f64,
    reasons: &'a [vetted_domain::assessment::Reason],
    controls: &'a [vetted_domain::assessment::ControlResult],
}

impl<'a> Undated<'a> {
    fn of(a: &'a Assessment) -> Self {
        // Every field named, so a field added to `Assessment` fails to compile here.
        let Assessment {
            baseline_id,
            baseline_version,
            baseline_name,
            baseline_name_de,
            as_of: _,
            tier,
            verdict,
            coverage,
            reasons,
            controls,
        } = a;
        Undated {
            baseline_id,
            baseline_version: *baseline_version,
            baseline_name,
            baseline_name_de,
            tier: *tier,
            verdict: *verdict,
            coverage: *coverage,
            reasons,
            controls,
        }
    }
}

/// The fingerprint registers before this version stored: the hash of the assessment as a JSON
/// tree (keys sorted) without `as_of`. Compared with, never written.
fn v1_fingerprint(a: &Assessment) -> String {
    let mut value = serde_json::to_value(a).expect("assessments serialise");
    if let Some(fields) = value.as_object_mut() {
        fields.remove("as_of");
    }
    crate::hash::sha256_hex(&serde_json::to_vec(&value).expect("values serialise"))
}

/// The fingerprint registers before this version stored: the JSON with its `"as_of":"…"` text
/// cut out. A latest snapshot carrying it still counts as the same result, so an upgraded
/// register does not take a new snapshot of every vendor. Compared with, never written.
fn legacy_fingerprint(a: &Assessment) -> String {
    let json = serde_json::to_string(a).expect("assessments serialise");
    let day = format!("\"as_of\":\"{}\"", a.as_of);
    crate::hash::sha256_hex(json.replacen(&day, "", 1).as_bytes())
}

/// Refuses a tier that is not 0 (every tier), 1, 2 or 3.
fn check_tier(tier: u8) -> Result<()> {
    if tier > 3 {
        return Err(Error::field("tier", "invalid_tier", format!("tier {tier} is not 0 (every tier), 1, 2 or 3")));
    }
    Ok(())
}

/// Holds `tier` to baseline `id` in the caller's write transaction; the history records a change.
async fn use_baseline(conn: &mut Conn, ctx: &ChangeContext, tier: u8, id: &str) -> Result<()> {
    let before: Option<(String,)> =
        on_conn!(&mut *conn, ex => sqlx::query_as("SELECT baseline_id FROM baseline_use WHERE tier = $1").bind(i64::from(tier)).fetch_optional(ex).await).map_err(db)?;
    if before.as_ref().is_some_and(|(b,)| b == id) {
        return Ok(());
    }
    on_conn!(&mut *conn, ex => sqlx::query(
        "INSERT INTO baseline_use (tier, baseline_id, set_at, set_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (tier) DO UPDATE SET baseline_id = excluded.baseline_id, set_at = excluded.set_at, set_by = excluded.set_by",
    )
    .bind(i64::from(tier))
    .bind(id)
    .bind(ctx.timestamp())
    .bind(&ctx.actor)
    .execute(ex)
    .await.map(|r| r.rows_affected()))
    .map_err(db)?;
    let field = format!("baseline of tier {tier}");
    let sealed = Subject::new(RecordKind::BaselineUse, tier);
    let before = before.as_ref().map(|(b,)| b.as_str());
    history::record_sealing(conn, ctx, None, HistoryAction::UseBaseline, Some(&field), before, Some(id), &sealed).await
}

/// When a round of scoring read its inputs: the day scored and the newest history entry then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub as_of: NaiveDate,
    pub history_id: i64,
}

/// What the register knows of a vendor's last scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckState {
    pub vendor_id: i64,
    /// The day last scored, if it was since this register kept checks.
    pub checked_on: Option<NaiveDate>,
    /// An input changed after that.
    pub changed: bool,
}

/// A saved baseline's German name, read from its JSON (none when it has none).
fn german_name(json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    value["name"]["de"].as_str().map(str::trim).filter(|n| !n.is_empty()).map(str::to_owned)
}

impl Store {
    /// Saves `baseline` as the next version of its id (1 for a new id) and returns it as saved;
    /// with `use_for`, holds that tier (0: every tier without its own) to it. One transaction,
    /// with its history entries.
    pub async fn save_baseline(&self, ctx: &ChangeContext, baseline: &Baseline, use_for: Option<u8>) -> Result<Baseline> {
        if let Some(tier) = use_for {
            check_tier(tier)?;
        }
        let mut tx = self.write().await?;
        let (latest,): (Option<i64>,) =
            on_conn!(&mut tx, ex => sqlx::query_as("SELECT MAX(version) FROM baselines WHERE id = $1").bind(&baseline.id).fetch_one(ex).await).map_err(db)?;
        let shipped = Baseline::default_baseline();
        let floor = if shipped.id == baseline.id { shipped.version } else { 0 };
        let version = latest.map_or(floor, |v| v as u32).max(floor) + 1;
        let saved = Baseline { version, ..baseline.clone() };
        on_conn!(&mut tx, ex => sqlx::query("INSERT INTO baselines (id, version, name, baseline, saved_at, saved_by) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(&saved.id)
            .bind(i64::from(version))
            .bind(&saved.name.en)
            .bind(saved.to_json())
            .bind(ctx.timestamp())
            .bind(&ctx.actor)
            .execute(ex)
            .await.map(|r| r.rows_affected()))
            .map_err(db)?;
        let what = format!("{} v{version} ({})", saved.id, saved.name.en);
        let sealed = Subject::new(RecordKind::Baseline, format!("{}/{version}", saved.id));
        history::record_sealing(&mut tx, ctx, None, HistoryAction::SaveBaseline, Some("baseline"), None, Some(&what), &sealed).await?;
        if let Some(tier) = use_for {
            use_baseline(&mut tx, ctx, tier, &saved.id).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(saved)
    }

    /// A baseline by id: the version asked for, else the newest saved, else the shipped one.
    pub async fn baseline(&self, id: &str, version: Option<u32>) -> Result<Baseline> {
        let row: Option<(String,)> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT baseline FROM baselines WHERE id = $1 AND ($2 IS NULL OR version = $2) ORDER BY version DESC LIMIT 1")
                .bind(id)
                .bind(version.map(i64::from))
                .fetch_optional(ex)
                .await)
                .map_err(db)?;
        match row {
            Some((json,)) => Baseline::parse(&json).map_err(|e| Error::Corrupt(format!("saved baseline {id}: {e}"))),
            // the shipped baseline until someone saves a version of it (saved versions start above it)
            None if id == Baseline::SHIPPED_ID && version.is_none_or(|v| v == Baseline::default_baseline().version) => {
                Ok(Baseline::default_baseline())
            }
            None => Err(Error::NotFound(match version {
                Some(v) => format!("there is no baseline '{id}' version {v}"),
                None => format!("there is no baseline '{id}'"),
            })),
        }
    }

    /// Every baseline (its newest version), the shipped one included, by name.
    pub async fn baselines(&self) -> Result<Vec<BaselineSummary>> {
        type Row = (String, i64, String, String, String, String);
        let rows: Vec<Row> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT id, version, name, saved_at, saved_by, baseline FROM baselines b \
             WHERE version = (SELECT MAX(version) FROM baselines WHERE id = b.id) ORDER BY name COLLATE NOCASE",
        )
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        let mut uses = self.baseline_use().await?;
        let shipped = Baseline::default_baseline();
        if !uses.iter().any(|(t, _)| *t == 0) {
            uses.insert(0, (0, shipped.id.clone())); // nobody chose a default: the shipped one is it
        }
        let used_for = |id: &str| uses.iter().filter(|(_, b)| b == id).map(|(t, _)| *t).collect::<Vec<u8>>();
        let mut out: Vec<BaselineSummary> = rows
            .into_iter()
            .map(|(id, version, name, saved_at, saved_by, json)| BaselineSummary {
                used_for: used_for(&id),
                id,
                version: version as u32,
                name_de: german_name(&json).unwrap_or_else(|| name.clone()),
                name,
                saved_at: Some(saved_at),
                saved_by: Some(saved_by),
            })
            .collect();
        if !out.iter().any(|b| b.id == shipped.id) {
            out.insert(
                0,
                BaselineSummary {
                    used_for: used_for(&shipped.id),
                    id: shipped.id,
                    version: shipped.version,
                    name_de: if shipped.name.de.is_empty() { shipped.name.en.clone() } else { shipped.name.de.clone() },
                    name: shipped.name.en,
                    saved_at: None,
                    saved_by: None,
                },
            );
        }
        Ok(out)
    }

    /// Holds vendors of `tier` (0: every tier without its own) to the baseline `id`; the history
    /// records the change.
    pub async fn set_baseline_use(&self, ctx: &ChangeContext, tier: u8, id: &str) -> Result<()> {
        check_tier(tier)?;
        self.baseline(id, None).await?;
        let mut tx = self.write().await?;
        use_baseline(&mut tx, ctx, tier, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// (tier, baseline id) for every tier with a baseline chosen; tier 0 is the default.
    pub async fn baseline_use(&self) -> Result<Vec<(u8, String)>> {
        let rows: Vec<(i64, String)> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT tier, baseline_id FROM baseline_use ORDER BY tier").fetch_all(ex).await)
                .map_err(db)?;
        rows.into_iter().map(|(tier, id)| Ok((u8::try_from(tier).map_err(|e| Error::Corrupt(format!("tier: {e}")))?, id))).collect()
    }

    /// The baseline vendors of `tier` are held to.
    pub async fn baseline_for(&self, tier: Option<Tier>) -> Result<Baseline> {
        let uses = self.baseline_use().await?;
        let tier = tier.map_or(0, Tier::get);
        let chosen = uses.iter().find(|(t, _)| *t == tier).or_else(|| uses.iter().find(|(t, _)| *t == 0));
        match chosen {
            Some((_, id)) => self.baseline(id, None).await,
            None => Ok(Baseline::default_baseline()),
        }
    }

    /// Records an accepted risk for one control of one vendor.
    pub async fn accept_risk(&self, ctx: &ChangeContext, vendor_id: i64, a: &AcceptanceDraft, until: NaiveDate) -> Result<RiskAcceptance> {
        let mut tx = self.write().await?;
        let row: AcceptanceRow = on_conn!(&mut tx, ex => sqlx::query_as(
            "INSERT INTO risk_acceptances (vendor_id, baseline_id, control_id, reason, accepted_by, until, recorded_at, recorded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
        )
        .bind(vendor_id)
        .bind(a.baseline_id.trim())
        .bind(a.control_id.trim())
        .bind(a.reason.trim())
        .bind(a.accepted_by.trim())
        .bind(until)
        .bind(ctx.timestamp())
        .bind(&ctx.actor)
        .fetch_one(ex)
        .await)
        .map_err(db)?;
        let what = format!("{}: accepted by {} until {until}: {}", row.control_id, row.accepted_by, row.reason);
        let sealed = Subject::new(RecordKind::AcceptedRisk, row.id);
        history::record_sealing(&mut tx, ctx, vendor_id, HistoryAction::AcceptRisk, Some("accepted_risk"), None, Some(&what), &sealed)
            .await?;
        tx.commit().await.map_err(db)?;
        Ok(row.into())
    }

    /// Accepted risks of one vendor (or all), newest first.
    pub async fn risk_acceptances(&self, vendor_id: Option<i64>) -> Result<Vec<RiskAcceptance>> {
        let which = if vendor_id.is_some() { "WHERE vendor_id = $1" } else { "WHERE $1 IS NULL" };
        let rows: Vec<AcceptanceRow> =
            on_pool!(&self.pool, ex => sqlx::query_as(&format!("SELECT * FROM risk_acceptances {which} ORDER BY vendor_id, id DESC"))
            .bind(vendor_id)
            .fetch_all(ex)
            .await)
            .map_err(db)?;
        Ok(rows.into_iter().map(RiskAcceptance::from).collect())
    }

    /// Saves each vendor's assessment as a snapshot, in one transaction, unless it says the same as
    /// that vendor's latest snapshot or a later-started assessment was saved meanwhile (`ctx.at`
    /// is when this one started reading); a changed verdict is written to the vendor's history.
    /// Returns, for each, whether a snapshot was written.
    /// `checked`, when given, is recorded for each vendor as the day scored and the newest history
    /// entry its inputs reflect (see `assessment_checks`).
    pub async fn save_assessments(
        &self,
        ctx: &ChangeContext,
        batch: &[(i64, &Assessment, String)],
        checked: Option<Checked>,
    ) -> Result<Vec<bool>> {
        // Each result's fingerprint, on every core, before the write lock is taken.
        let fingerprints = on_every_core(batch, |(_, a, _)| fingerprint(a));
        let mut tx = self.write().await?;
        // Each vendor's latest snapshot, in one query: (assessed_at, fingerprint, verdict).
        let ids = serde_json::to_string(&batch.iter().map(|(id, ..)| id).collect::<Vec<_>>()).expect("ids serialise");
        let latest: Vec<(i64, String, String, String)> = on_conn!(&mut tx, ex => sqlx::query_as(&format!(
            "SELECT vendor_id, assessed_at, fingerprint, verdict FROM assessments \
             WHERE id IN (SELECT MAX(id) FROM assessments WHERE {} GROUP BY vendor_id)",
            self.pool.kind().in_json_array("vendor_id", "$1", Keys::Int)
        ))
        .bind(&ids)
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        let latest: HashMap<i64, (String, String, String)> = latest.into_iter().map(|(v, at, f, verdict)| (v, (at, f, verdict))).collect();
        // Each vendor's last check: the fingerprint it saw (its latest result, saved or not), the
        // day and the history it was as of.
        let seen: HashMap<i64, (String, NaiveDate, i64)> = match checked {
            Some(_) => on_conn!(&mut tx, ex => sqlx::query_as(&format!(
                "SELECT vendor_id, fingerprint, as_of, history_id FROM assessment_checks WHERE {}",
                self.pool.kind().in_json_array("vendor_id", "$1", Keys::Int)
            ))
            .bind(&ids)
            .fetch_all(ex)
            .await)
            .map_err(db)?
            .into_iter()
            .map(|(id, fingerprint, as_of, history_id)| (id, (fingerprint, as_of, history_id)))
            .collect(),
            None => HashMap::new(),
        };
        let started = ctx.timestamp();
        // For each: none when overtaken by an assessment that started after this one read its
        // inputs (the app's daily scoring of every vendor racing a vendor's page), else whether
        // it says something new (a snapshot to write).
        let new: Vec<Option<bool>> = batch
            .iter()
            .zip(&fingerprints)
            .map(|((vendor_id, assessment, _), fingerprint)| {
                let last = latest.get(vendor_id);
                if last.is_some_and(|(at, _, _)| *at > started) {
                    return None;
                }
                let same = seen.get(vendor_id).is_some_and(|(f, ..)| f == fingerprint)
                    || last.is_some_and(|(_, f, _)| {
                        f == fingerprint
                            || (!f.starts_with(FINGERPRINT_V2)
                                && (*f == v1_fingerprint(assessment) || *f == legacy_fingerprint(assessment)))
                    });
                Some(!same)
            })
            .collect();
        // No verdict recorded on data changed behind Vetted's back: what the verdicts to be
        // written rest on (and a vendor's scored on its own) must be as its seals say.
        let vendor_ids: Vec<i64> =
            batch.iter().zip(&new).filter(|(_, new)| batch.len() == 1 || **new == Some(true)).map(|((id, ..), _)| *id).collect();
        if !vendor_ids.is_empty() {
            let report = seals::check(&mut tx, Some(&vendor_ids)).await?;
            if let Some(first) = report.broken.first() {
                return Err(Error::Tampered(format!(
                    "{first}{}; no verdict was recorded (`vetted history verify` names every such record)",
                    match report.broken.len() {
                        1 => String::new(),
                        n => format!(", and {} more", n - 1),
                    }
                )));
            }
        }
        // The results to be written, as JSON (on every core: the first scoring writes every one).
        let to_write: Vec<(&Assessment, bool)> = batch.iter().zip(&new).map(|((_, a, _), new)| (*a, *new == Some(true))).collect();
        let results: Vec<Option<String>> =
            on_every_core(&to_write, |(a, new)| new.then(|| serde_json::to_string(a).expect("assessments serialise")));
        let mut written = Vec::with_capacity(batch.len());
        let mut checks: Vec<(i64, &str)> = Vec::with_capacity(batch.len());
        // The first and last snapshot written (one run: the write lock is held throughout).
        let mut run: Option<(i64, i64)> = None;
        for ((((vendor_id, assessment, inputs), fingerprint), new), result) in batch.iter().zip(&fingerprints).zip(&new).zip(&results) {
            let last = latest.get(vendor_id);
            let Some(new) = new else {
                written.push(false);
                continue;
            };
            // A check already as it would be written is left alone (a second scoring with
            // nothing new writes nothing).
            let unchanged = checked.is_some_and(|c| {
                seen.get(vendor_id)
                    .is_some_and(|(f, as_of, history_id)| f == fingerprint && *as_of == c.as_of && *history_id == c.history_id)
            });
            if !unchanged {
                checks.push((*vendor_id, fingerprint));
            }
            if !new {
                written.push(false);
                continue;
            }
            let verdict = crate::domain::wire_name(&assessment.verdict);
            let id: i64 = on_conn!(&mut tx, ex => sqlx::query_scalar(
                "INSERT INTO assessments (vendor_id, baseline_id, baseline_version, as_of, assessed_at, assessed_by, verdict, coverage, inputs, result, fingerprint) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
            )
            .bind(vendor_id)
            .bind(&assessment.baseline_id)
            .bind(i64::from(assessment.baseline_version))
            .bind(assessment.as_of)
            .bind(&started)
            .bind(&ctx.actor)
            .bind(&verdict)
            .bind(assessment.coverage)
            .bind(inputs)
            .bind(result.as_deref().expect("every result to write was serialised"))
            .bind(fingerprint)
            .fetch_one(ex)
            .await).map_err(db)?;
            run = Some(run.map_or((id, id), |(first, _)| (first, id)));
            written.push(true);
            let before = last.map(|(_, _, v)| v.as_str());
            if before != Some(verdict.as_str()) {
                let after =
                    format!("{verdict} ({}% coverage; {} v{})", assessment.coverage, assessment.baseline_name, assessment.baseline_version);
                history::record(&mut tx, ctx, *vendor_id, HistoryAction::Assess, Some("verdict"), before, Some(&after)).await?;
            }
        }
        if let Some((first, last)) = run {
            let n = written.iter().filter(|w| **w).count().to_string();
            let sealed = Subject::new(RecordKind::Assessments, format!("{first}..{last}"));
            history::record_sealing(&mut tx, ctx, None, HistoryAction::RecordAssessments, Some("assessments"), None, Some(&n), &sealed)
                .await?;
        }
        if let Some(checked) = checked {
            for chunk in checks.chunks(200) {
                on_conn!(&mut tx, ex => {
                    let mut upsert = sqlx::QueryBuilder::new("INSERT INTO assessment_checks (vendor_id, as_of, history_id, fingerprint) ");
                    upsert.push_values(chunk, |mut b, (id, fingerprint)| {
                        b.push_bind(*id).push_bind(checked.as_of).push_bind(checked.history_id).push_bind(*fingerprint);
                    });
                    upsert.push(
                        " ON CONFLICT (vendor_id) DO UPDATE SET as_of = excluded.as_of, history_id = excluded.history_id, \
                         fingerprint = excluded.fingerprint",
                    );
                    upsert.build().execute(ex).await.map(|_| ())
                })
                .map_err(db)?;
            }
        }
        tx.commit().await.map_err(db)?;
        Ok(written)
    }

    /// The newest history entry's id: what the inputs read after it reflect.
    pub async fn history_mark(&self) -> Result<i64> {
        on_pool!(&self.pool, ex => sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM history").fetch_one(ex).await).map_err(db)
    }

    /// Each active vendor, with the day it was last scored (`None`: never, or not since this
    /// register kept checks) and whether its inputs changed since: a history entry of the vendor
    /// other than a verdict, or a baseline saved or given to a tier, after its check.
    pub async fn assessment_checks(&self) -> Result<Vec<CheckState>> {
        let rows: Vec<(i64, Option<NaiveDate>, bool)> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT v.id, c.as_of, \
             c.vendor_id IS NOT NULL AND (\
               EXISTS (SELECT 1 FROM history h WHERE h.vendor_id = v.id AND h.id > c.history_id AND h.action <> 'assess') \
               OR EXISTS (SELECT 1 FROM history h WHERE h.vendor_id IS NULL AND h.id > c.history_id \
                          AND h.action IN ('save_baseline', 'use_baseline'))) \
             FROM vendors v LEFT JOIN assessment_checks c ON c.vendor_id = v.id \
             WHERE v.status <> 'offboarded' ORDER BY v.id",
        )
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        Ok(rows.into_iter().map(|(vendor_id, checked_on, changed)| CheckState { vendor_id, checked_on, changed }).collect())
    }

    /// A vendor's saved assessments, newest first.
    pub async fn assessments(&self, vendor_id: i64) -> Result<Vec<AssessmentSnapshot>> {
        let rows: Vec<SnapshotRow> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT id, vendor_id, assessed_at, assessed_by, result FROM assessments WHERE vendor_id = $1 ORDER BY id DESC")
                .bind(vendor_id)
                .fetch_all(ex)
                .await)
                .map_err(db)?;
        rows.into_iter().map(AssessmentSnapshot::try_from).collect()
    }

    /// Row counts of the assessment tables: (baselines, accepted risks, snapshots).
    pub async fn assessment_counts(&self) -> Result<(i64, i64, i64)> {
        on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM baselines), (SELECT COUNT(*) FROM risk_acceptances), (SELECT COUNT(*) FROM assessments)",
        )
        .fetch_one(ex)
        .await)
        .map_err(db)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assessment(day: &str, coverage: f64) -> Assessment {
        Assessment {
            baseline_id: "minimum-sub-processors".into(),
            baseline_version: 3,
            baseline_name: "Minimum security measures".into(),
            baseline_name_de: "Mindestsicherheitsmaßnahmen".into(),
            as_of: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            tier: None,
            verdict: vetted_domain::assessment::Verdict::Conditional,
            coverage,
            reasons: Vec::new(),
            controls: Vec::new(),
        }
    }

    #[test]
    fn a_fingerprint_leaves_out_the_day_and_nothing_else() {
        let a = fingerprint(&assessment("2026-12-01", 61.5));
        let b = fingerprint(&assessment("2026-12-05", 61.5));
        let c = fingerprint(&assessment("2026-12-05", 61.6));
        assert_eq!(a, b);
        assert_ne!(b, c);
        // Hashed as it streams, the same as the hash of the undated result's JSON that registers
        // hold (so no vendor seems changed after an upgrade).
        let old = assessment("2026-12-01", 61.5);
        let whole = serde_json::to_vec(&Undated::of(&old)).unwrap();
        assert_eq!(a, format!("{FINGERPRINT_V2}{}", crate::hash::sha256_hex(&whole)));
        // A snapshot an older version fingerprinted still reads as the same result.
        let later = assessment("2026-12-05", 61.5);
        assert_eq!(legacy_fingerprint(&old), legacy_fingerprint(&later));
        // This version's fingerprints say so; the scheme before (a JSON tree's hash) is told
        // apart from them, and still compared with.
        assert!(a.starts_with(FINGERPRINT_V2));
        assert!(!v1_fingerprint(&old).starts_with(FINGERPRINT_V2));
        assert_eq!(v1_fingerprint(&old), v1_fingerprint(&later));
    }
}
