//! SQL for approvals (a record per approval, sealed, with the vendor's status change in the same
//! transaction) and conditions (added, changed field by field with history, never deleted).

use super::db;
use super::history::{self, HistoryAction};
use super::vendors::{change_vendor, corrupt, fetch_vendor};
use super::{ChangeContext, Store};
use crate::engine::Conn;
use crate::engine::{on_conn, on_pool};
use crate::error::{Error, Result};
use crate::seals::{RecordKind, Subject};
use chrono::NaiveDate;
use vetted_domain::approval::{Approval, Condition, ConditionState, MetBy, NewCondition};
use vetted_domain::assessment::Verdict;
use vetted_domain::{Status, Thing};

/// What an approval records besides the draft: the assessment it rests on.
#[derive(Debug, Clone, PartialEq)]
pub struct ApprovalRecord {
    pub status: Status,
    pub verdict: Verdict,
    pub baseline_id: String,
    pub baseline_version: u32,
    pub assessment_id: Option<i64>,
    pub justification: String,
}

#[derive(sqlx::FromRow)]
struct ConditionRow {
    id: i64,
    vendor_id: i64,
    vendor_name: String,
    control_id: Option<String>,
    title: String,
    owner: String,
    due: Option<NaiveDate>,
    state: String,
    met_by: Option<String>,
    note: String,
    created_at: String,
    created_by: String,
    closed_at: Option<String>,
    closed_by: Option<String>,
}

impl TryFrom<ConditionRow> for Condition {
    type Error = Error;
    fn try_from(r: ConditionRow) -> Result<Condition> {
        Ok(Condition {
            state: ConditionState::parse(&r.state).map_err(|e| corrupt("condition", e))?,
            met_by: r.met_by.as_deref().map(|m| MetBy::parse(m).ok_or_else(|| corrupt("condition", m))).transpose()?,
            id: r.id,
            vendor_id: r.vendor_id,
            vendor_name: r.vendor_name,
            control_id: r.control_id,
            title: r.title,
            owner: r.owner,
            due: r.due,
            note: r.note,
            created_at: r.created_at,
            created_by: r.created_by,
            closed_at: r.closed_at,
            closed_by: r.closed_by,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ApprovalRow {
    id: i64,
    vendor_id: i64,
    status: String,
    verdict: String,
    baseline_id: String,
    baseline_version: i64,
    assessment_id: Option<i64>,
    justification: String,
    open_conditions: i64,
    approved_at: String,
    approved_by: String,
}

impl TryFrom<ApprovalRow> for Approval {
    type Error = Error;
    fn try_from(r: ApprovalRow) -> Result<Approval> {
        Ok(Approval {
            status: Status::parse(&r.status).map_err(|e| corrupt("approval", e))?,
            verdict: serde_json::from_value(serde_json::Value::String(r.verdict.clone())).map_err(|e| corrupt("approval", e))?,
            id: r.id,
            vendor_id: r.vendor_id,
            baseline_id: r.baseline_id,
            baseline_version: r.baseline_version as u32,
            assessment_id: r.assessment_id,
            justification: r.justification,
            open_conditions: r.open_conditions as u32,
            approved_at: r.approved_at,
            approved_by: r.approved_by,
        })
    }
}

const CONDITION: &str = "SELECT c.*, v.name AS vendor_name FROM conditions c JOIN vendors v ON v.id = c.vendor_id";

async fn fetch_condition(conn: &mut Conn, id: i64) -> Result<Condition> {
    let row: Option<ConditionRow> =
        on_conn!(&mut *conn, ex => sqlx::query_as(&format!("{CONDITION} WHERE c.id = $1")).bind(id).fetch_optional(ex).await)
            .map_err(db)?;
    row.ok_or_else(|| Error::no_such(Thing::Condition, id.to_string()))?.try_into()
}

/// The history's name for a condition's field: `condition:7:state`.
fn field(id: i64, name: &str) -> String {
    format!("condition:{id}:{name}")
}

impl Store {
    /// Adds a condition to a vendor; the history names it with its title.
    pub async fn add_condition(&self, ctx: &ChangeContext, vendor_id: i64, c: &NewCondition) -> Result<Condition> {
        let mut tx = self.write().await?;
        fetch_vendor(&mut tx, vendor_id).await?;
        let (id,): (i64,) = on_conn!(&mut tx, ex => sqlx::query_as(
            "INSERT INTO conditions (vendor_id, control_id, title, owner, due, note, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(vendor_id)
        .bind(&c.control_id)
        .bind(&c.title)
        .bind(&c.owner)
        .bind(c.due)
        .bind(&c.note)
        .bind(ctx.timestamp())
        .bind(&ctx.actor)
        .fetch_one(ex)
        .await)
        .map_err(db)?;
        history::record(&mut tx, ctx, vendor_id, HistoryAction::AddCondition, Some(&field(id, "title")), None, Some(&c.title)).await?;
        let saved = fetch_condition(&mut tx, id).await?;
        tx.commit().await.map_err(db)?;
        Ok(saved)
    }

    /// Writes `next` over condition `next.id` (as [`ConditionChange::apply`] made it): one history
    /// entry per changed field, before and after; closing it (met, waived) stamps who and when.
    /// Nothing changed writes nothing.
    ///
    /// [`ConditionChange::apply`]: vetted_domain::approval::ConditionChange::apply
    pub async fn update_condition(&self, ctx: &ChangeContext, next: &Condition) -> Result<Condition> {
        let mut tx = self.write().await?;
        let old = fetch_condition(&mut tx, next.id).await?;
        let text = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let changes: Vec<(&str, Option<String>, Option<String>)> = [
            ("title", Some(old.title.clone()), Some(next.title.clone())),
            ("owner", Some(old.owner.clone()), Some(next.owner.clone())),
            ("due", text(old.due), text(next.due)),
            ("state", Some(old.state.as_str().to_owned()), Some(next.state.as_str().to_owned())),
            ("met_by", old.met_by.map(MetBy::key), next.met_by.map(MetBy::key)),
            ("note", Some(old.note.clone()), Some(next.note.clone())),
        ]
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .collect();
        if changes.is_empty() {
            return Ok(old);
        }
        let closing = old.state.is_open() && !next.state.is_open();
        let reopening = !old.state.is_open() && next.state.is_open();
        on_conn!(&mut tx, ex => sqlx::query(
            "UPDATE conditions SET title = $1, owner = $2, due = $3, state = $4, met_by = $5, note = $6, \
             closed_at = CASE WHEN $7 THEN $8 WHEN $9 THEN NULL ELSE closed_at END, \
             closed_by = CASE WHEN $10 THEN $11 WHEN $12 THEN NULL ELSE closed_by END WHERE id = $13",
        )
        .bind(&next.title)
        .bind(&next.owner)
        .bind(next.due)
        .bind(next.state.as_str())
        .bind(next.met_by.map(MetBy::key))
        .bind(&next.note)
        .bind(closing)
        .bind(ctx.timestamp())
        .bind(reopening)
        .bind(closing)
        .bind(&ctx.actor)
        .bind(reopening)
        .bind(next.id)
        .execute(ex)
        .await.map(|r| r.rows_affected()))
        .map_err(db)?;
        for (name, before, after) in &changes {
            let f = field(next.id, name);
            history::record(&mut tx, ctx, old.vendor_id, HistoryAction::UpdateCondition, Some(&f), before.as_deref(), after.as_deref())
                .await?;
        }
        let saved = fetch_condition(&mut tx, next.id).await?;
        tx.commit().await.map_err(db)?;
        Ok(saved)
    }

    pub async fn condition(&self, id: i64) -> Result<Condition> {
        let mut conn = self.pool.acquire().await?;
        fetch_condition(&mut conn, id).await
    }

    /// Conditions of one vendor (or of all), the open ones only when asked; open first, then by
    /// due date (none last), then as added.
    pub async fn conditions(&self, vendor_id: Option<i64>, open_only: bool) -> Result<Vec<Condition>> {
        let sql = format!(
            "{CONDITION} WHERE ($1 IS NULL OR c.vendor_id = $1) AND (NOT $2 OR c.state IN ('open', 'in_progress')) \
             ORDER BY c.state IN ('met', 'waived'), c.due IS NULL, c.due, c.id"
        );
        let rows: Vec<ConditionRow> =
            on_pool!(&self.pool, ex => sqlx::query_as(&sql).bind(vendor_id).bind(open_only).fetch_all(ex).await).map_err(db)?;
        rows.into_iter().map(Condition::try_from).collect()
    }

    /// Records an approval and sets the vendor's status to it, in one transaction: the status
    /// change is an `update` entry like any other, the approval its own sealed entry.
    pub async fn approve(&self, ctx: &ChangeContext, vendor_id: i64, a: &ApprovalRecord) -> Result<Approval> {
        let mut tx = self.write().await?;
        let vendor = fetch_vendor(&mut tx, vendor_id).await?;
        let (open,): (i64,) = on_conn!(&mut tx, ex => sqlx::query_as("SELECT count(*) FROM conditions WHERE vendor_id = $1 AND state IN ('open', 'in_progress')")
            .bind(vendor_id)
            .fetch_one(ex)
            .await)
            .map_err(db)?;
        let row: ApprovalRow = on_conn!(&mut tx, ex => sqlx::query_as(
            "INSERT INTO approvals (vendor_id, status, verdict, baseline_id, baseline_version, assessment_id, justification, \
             open_conditions, approved_at, approved_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *",
        )
        .bind(vendor_id)
        .bind(a.status.as_str())
        .bind(vetted_domain::wire_name(&a.verdict))
        .bind(&a.baseline_id)
        .bind(i64::from(a.baseline_version))
        .bind(a.assessment_id)
        .bind(a.justification.trim())
        .bind(open)
        .bind(ctx.timestamp())
        .bind(&ctx.actor)
        .fetch_one(ex)
        .await)
        .map_err(db)?;
        if vendor.status != a.status {
            let mut v = vendor.to_draft().parse().map_err(|e| corrupt("stored vendor", e))?;
            v.status = a.status;
            change_vendor(&mut tx, ctx, vendor_id, &v, HistoryAction::Update).await?;
        }
        let sealed = Subject::new(RecordKind::Approval, row.id);
        let what = vetted_domain::wire_name(&a.verdict);
        history::record_sealing(&mut tx, ctx, vendor_id, HistoryAction::Approve, Some(a.status.as_str()), None, Some(&what), &sealed)
            .await?;
        tx.commit().await.map_err(db)?;
        row.try_into()
    }

    /// A vendor's approvals, newest first.
    pub async fn approvals(&self, vendor_id: i64) -> Result<Vec<Approval>> {
        let rows: Vec<ApprovalRow> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT * FROM approvals WHERE vendor_id = $1 ORDER BY id DESC")
            .bind(vendor_id)
            .fetch_all(ex)
            .await)
            .map_err(db)?;
        rows.into_iter().map(Approval::try_from).collect()
    }
}
