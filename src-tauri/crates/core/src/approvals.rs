//! Approvals and conditions as use cases: an approval recorded on the assessment the vendor has
//! today (a justification when it does not meet the baseline, an open condition when approved
//! with conditions), conditions added, changed and closed with the record that met them.

use crate::assess::{self, ScoreOptions};
use crate::domain::approval::{Approval, ApprovalDraft, Condition, ConditionChange, ConditionDraft, MetBy};
use crate::domain::certification::ValidityRules;
use crate::domain::{Error, Status};
use crate::error::Result;
use crate::store::{ApprovalRecord, ChangeContext, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A condition after a change, and whether the vendor may now move from "approved with
/// conditions" to "approved" (its last open condition was just closed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ConditionUpdated {
    pub condition: Condition,
    pub offer_approved: bool,
}

/// Scores the vendor today (the snapshot kept when it changed) and records the approval on it.
pub async fn approve(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    vendor_id: i64,
    draft: &ApprovalDraft,
    today: NaiveDate,
) -> Result<Approval> {
    let options = ScoreOptions { as_of: today, today, baseline: None, keep: true };
    let scored = assess::score(store, ctx, rules, Some(vendor_id), &options).await?;
    let a = &scored.first().ok_or_else(|| Error::Io("the vendor was not scored".into()))?.assessment;
    let open = store.conditions(Some(vendor_id), true).await?.len();
    draft.check(a.verdict, open)?;
    let assessment_id = store.assessments(vendor_id).await?.first().map(|s| s.id);
    let record = ApprovalRecord {
        status: draft.status,
        verdict: a.verdict,
        baseline_id: a.baseline_id.to_string(),
        baseline_version: a.baseline_version,
        assessment_id,
        justification: draft.justification.trim().to_owned(),
    };
    store.approve(ctx, vendor_id, &record).await
}

pub async fn add_condition(store: &Store, ctx: &ChangeContext, vendor_id: i64, draft: &ConditionDraft) -> Result<Condition> {
    store.add_condition(ctx, vendor_id, &draft.parse()?).await
}

/// Changes a condition; the record said to have met it must be the vendor's own.
pub async fn update_condition(store: &Store, ctx: &ChangeContext, id: i64, change: &ConditionChange) -> Result<ConditionUpdated> {
    let current = store.condition(id).await?;
    let next = change.apply(&current)?;
    if let Some(met_by) = change.met_by {
        let theirs = match met_by {
            MetBy::Certification { id } => store.certification(id).await.is_ok_and(|c| c.vendor_id == current.vendor_id),
            MetBy::Questionnaire { id } => store.questionnaires(current.vendor_id).await?.iter().any(|q| q.id == id),
        };
        if !theirs {
            let why = format!("{} is not a record of {}", met_by.key(), current.vendor_name);
            return Err(Error::field("met_by", "not_the_vendors", why));
        }
    }
    let condition = store.update_condition(ctx, &next).await?;
    let closed_now = current.state.is_open() && !condition.state.is_open();
    let offer_approved = closed_now
        && store.vendor(condition.vendor_id).await?.status == Status::ApprovedWithConditions
        && store.conditions(Some(condition.vendor_id), true).await?.is_empty();
    Ok(ConditionUpdated { condition, offer_approved })
}
