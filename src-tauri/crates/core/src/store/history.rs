//! SQL for the append-only history: who changed which field of which vendor, when, from what to what.

use super::{ChangeContext, Store};
use crate::error::Result;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
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
}

/// One recorded change. For `create`, `after` is the new vendor's name and `field` is absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub vendor_id: i64,
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
    vendor_id: i64,
    vendor_name: String,
    at: String,
    actor: String,
    action: String,
    field: Option<String>,
    before: Option<String>,
    after: Option<String>,
}

pub(super) async fn record(
    conn: &mut SqliteConnection,
    ctx: &ChangeContext,
    vendor_id: i64,
    action: HistoryAction,
    field: Option<&str>,
    before: Option<&str>,
    after: Option<&str>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO history (vendor_id, at, actor, action, field, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(vendor_id)
    .bind(ctx.timestamp())
    .bind(&ctx.actor)
    .bind(crate::domain::wire_name(&action))
    .bind(field)
    .bind(before)
    .bind(after)
    .execute(conn)
    .await?;
    Ok(())
}

impl Store {
    /// The newest `limit` changes, of one vendor or of the whole register, newest first.
    pub async fn history(&self, vendor_id: Option<i64>, limit: u32) -> Result<Vec<HistoryEntry>> {
        let rows: Vec<HistoryRow> = sqlx::query_as(
            "SELECT h.id, h.vendor_id, v.name AS vendor_name, h.at, h.actor, h.action, h.field, h.before, h.after \
             FROM history h JOIN vendors v ON v.id = h.vendor_id \
             WHERE ?1 IS NULL OR h.vendor_id = ?1 ORDER BY h.id DESC LIMIT ?2",
        )
        .bind(vendor_id)
        .bind(limit as i64)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| HistoryEntry {
                id: r.id,
                vendor_id: r.vendor_id,
                vendor_name: r.vendor_name,
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
