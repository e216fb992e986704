//! Approvals and their conditions: an approval as a record (who, when, on which assessment, why),
//! and the conditions (findings) a vendor must still meet, with owner, due date and state; drafts
//! parsed into checked values. No clock: "today" is passed in.

use crate::assessment::Verdict;
use crate::error::{Error, FieldError, ValidationErrors};
use crate::vendor::Status;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a condition stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConditionState {
    Open,
    InProgress,
    /// Done, with the evidence that shows it.
    Met,
    /// Given up on, with the reason why.
    Waived,
}

impl ConditionState {
    pub const ALL: [ConditionState; 4] = [ConditionState::Open, ConditionState::InProgress, ConditionState::Met, ConditionState::Waived];

    pub fn as_str(self) -> &'static str {
        match self {
            ConditionState::Open => "open",
            ConditionState::InProgress => "in_progress",
            ConditionState::Met => "met",
            ConditionState::Waived => "waived",
        }
    }

    pub fn parse(raw: &str) -> Result<ConditionState, String> {
        let key = raw.trim().to_lowercase().replace([' ', '-'], "_");
        ConditionState::ALL
            .into_iter()
            .find(|s| s.as_str() == key)
            .ok_or_else(|| format!("'{raw}' is not a condition state (open, in_progress, met, waived)"))
    }

    /// Still to be done: open or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, ConditionState::Open | ConditionState::InProgress)
    }
}

/// The record that met a condition: a certification or a questionnaire version of the vendor's
/// (or, with neither, the condition's note says how).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MetBy {
    Certification {
        #[ts(type = "number")]
        id: i64,
    },
    Questionnaire {
        #[ts(type = "number")]
        id: i64,
    },
}

impl MetBy {
    /// As the register stores it: `certification:12`, `questionnaire:3`.
    pub fn key(self) -> String {
        match self {
            MetBy::Certification { id } => format!("certification:{id}"),
            MetBy::Questionnaire { id } => format!("questionnaire:{id}"),
        }
    }

    pub fn parse(raw: &str) -> Option<MetBy> {
        let (kind, id) = raw.split_once(':')?;
        let id = id.trim().parse().ok()?;
        match kind.trim() {
            "certification" | "cert" => Some(MetBy::Certification { id }),
            "questionnaire" => Some(MetBy::Questionnaire { id }),
            _ => None,
        }
    }
}

/// A condition as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Condition {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub vendor_id: i64,
    pub vendor_name: String,
    /// The baseline control it is about, if any (`BL-07`).
    pub control_id: Option<String>,
    pub title: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub state: ConditionState,
    pub met_by: Option<MetBy>,
    pub note: String,
    pub created_at: String,
    pub created_by: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
}

impl Condition {
    /// Open past its due date on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.state.is_open() && self.due.is_some_and(|d| d < today)
    }
}

/// A new condition as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ConditionDraft {
    pub control_id: Option<String>,
    pub title: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due: Option<String>,
    pub note: String,
}

/// A condition checked: a title, a date that is one.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCondition {
    pub control_id: Option<String>,
    pub title: String,
    pub owner: String,
    pub due: Option<NaiveDate>,
    pub note: String,
}

const TITLE_MAX: usize = 300;

fn with(field: &str, code: &str, message: impl Into<String>, value: &str) -> FieldError {
    FieldError { value: Some(value.to_owned()), ..FieldError::new(field, code, message) }
}

fn parse_due(raw: Option<&str>, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let raw = raw.map(str::trim).filter(|d| !d.is_empty())?;
    match crate::parse_date(raw) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(with("due", "invalid_date", format!("'{raw}' is not a date (YYYY-MM-DD)"), raw));
            None
        }
    }
}

impl ConditionDraft {
    pub fn parse(&self) -> Result<NewCondition, Error> {
        let mut errors = Vec::new();
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            errors.push(FieldError::new("title", "required", "a condition needs a title"));
        } else if title.chars().count() > TITLE_MAX {
            errors.push(FieldError::new("title", "too_long", format!("at most {TITLE_MAX} characters")));
        }
        let due = parse_due(self.due.as_deref(), &mut errors);
        if !errors.is_empty() {
            return Err(Error::Invalid(ValidationErrors(errors)));
        }
        let control_id = self.control_id.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
        Ok(NewCondition { control_id, title, owner: self.owner.trim().to_owned(), due, note: self.note.trim().to_owned() })
    }
}

/// A change to a condition: the fields given change, the others stay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ConditionChange {
    pub title: Option<String>,
    pub owner: Option<String>,
    /// YYYY-MM-DD; an empty text clears the date.
    pub due: Option<String>,
    pub state: Option<ConditionState>,
    pub met_by: Option<MetBy>,
    pub note: Option<String>,
}

impl ConditionChange {
    /// `current` with this change applied, checked: meeting a condition needs the record that met
    /// it or a note saying how; waiving it needs a note saying why.
    pub fn apply(&self, current: &Condition) -> Result<Condition, Error> {
        let mut errors = Vec::new();
        let mut next = current.clone();
        if let Some(title) = &self.title {
            let title = title.trim();
            if title.is_empty() {
                errors.push(FieldError::new("title", "required", "a condition needs a title"));
            } else if title.chars().count() > TITLE_MAX {
                errors.push(FieldError::new("title", "too_long", format!("at most {TITLE_MAX} characters")));
            }
            next.title = title.to_owned();
        }
        if let Some(owner) = &self.owner {
            next.owner = owner.trim().to_owned();
        }
        if let Some(due) = &self.due {
            next.due = parse_due(Some(due), &mut errors);
        }
        if let Some(note) = &self.note {
            next.note = note.trim().to_owned();
        }
        if let Some(met_by) = self.met_by {
            next.met_by = Some(met_by);
        }
        if let Some(state) = self.state {
            next.state = state;
        }
        match next.state {
            ConditionState::Met if next.met_by.is_none() && next.note.is_empty() => {
                errors.push(FieldError::new("met_by", "evidence_required", "a met condition names the record that met it, or a note"))
            }
            ConditionState::Waived if next.note.is_empty() => {
                errors.push(FieldError::new("note", "reason_required", "a waived condition says why in its note"))
            }
            _ => {}
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(ValidationErrors(errors)));
        }
        Ok(next)
    }
}

/// What approving a vendor asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ApprovalDraft {
    /// `approved` or `approved_with_conditions`.
    pub status: Status,
    /// Why, when the verdict is not "meets" (required then).
    #[serde(default)]
    pub justification: String,
}

/// An approval as recorded: never changed afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Approval {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub vendor_id: i64,
    pub status: Status,
    /// The verdict the vendor had when it was approved.
    pub verdict: Verdict,
    pub baseline_id: String,
    pub baseline_version: u32,
    /// The assessment snapshot the approval rests on.
    #[ts(type = "number | null")]
    pub assessment_id: Option<i64>,
    pub justification: String,
    /// Conditions still open when it was approved.
    pub open_conditions: u32,
    pub approved_at: String,
    pub approved_by: String,
}

impl ApprovalDraft {
    /// Checks the draft against the verdict the vendor has now and its open conditions.
    pub fn check(&self, verdict: Verdict, open_conditions: usize) -> Result<(), Error> {
        let mut errors = Vec::new();
        if !matches!(self.status, Status::Approved | Status::ApprovedWithConditions) {
            errors.push(with("status", "not_an_approval", "approve as approved or approved_with_conditions", self.status.as_str()));
        }
        if verdict != Verdict::Meets && self.justification.trim().is_empty() {
            errors.push(with(
                "justification",
                "justification_required",
                "the verdict is not 'meets': say why the vendor is approved anyway",
                &crate::wire_name(&verdict),
            ));
        }
        if self.status == Status::ApprovedWithConditions && open_conditions == 0 {
            errors.push(FieldError::new("conditions", "conditions_required", "approved with conditions needs at least one open condition"));
        }
        if !errors.is_empty() {
            return Err(Error::Invalid(ValidationErrors(errors)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(due: Option<&str>) -> Condition {
        Condition {
            id: 1,
            vendor_id: 2,
            vendor_name: "Acme".into(),
            control_id: Some("BL-08".into()),
            title: "MFA for admins".into(),
            owner: "CISO".into(),
            due: due.map(|d| crate::parse_date(d).unwrap()),
            state: ConditionState::Open,
            met_by: None,
            note: String::new(),
            created_at: "2026-12-01T10:00:00Z".into(),
            created_by: "dpo".into(),
            closed_at: None,
            closed_by: None,
        }
    }

    fn codes(e: Error) -> Vec<String> {
        match e {
            Error::Invalid(v) => v.0.into_iter().map(|f| f.code).collect(),
            other => panic!("not a validation error: {other}"),
        }
    }

    #[test]
    fn a_condition_is_overdue_only_while_open_and_past_its_day() {
        let day = crate::parse_date("2026-12-06").unwrap();
        assert!(open(Some("2026-12-05")).overdue(day));
        assert!(!open(Some("2026-12-06")).overdue(day), "due today is not overdue yet");
        assert!(!open(None).overdue(day));
        let met = ConditionChange { state: Some(ConditionState::Met), met_by: Some(MetBy::Certification { id: 4 }), ..Default::default() };
        assert!(!met.apply(&open(Some("2026-01-01"))).unwrap().overdue(day));
    }

    #[test]
    fn meeting_needs_evidence_and_waiving_needs_a_reason() {
        let c = open(None);
        let met = ConditionChange { state: Some(ConditionState::Met), ..Default::default() };
        assert_eq!(codes(met.apply(&c).unwrap_err()), ["evidence_required"]);
        let with_note = ConditionChange { note: Some("MFA seen in a demo on 2026-12-04".into()), ..met.clone() };
        assert_eq!(with_note.apply(&c).unwrap().state, ConditionState::Met);
        let waived = ConditionChange { state: Some(ConditionState::Waived), ..Default::default() };
        assert_eq!(codes(waived.apply(&c).unwrap_err()), ["reason_required"]);
        let bad_date = ConditionChange { due: Some("31.03.2027x".into()), ..Default::default() };
        assert_eq!(codes(bad_date.apply(&c).unwrap_err()), ["invalid_date"]);
        assert_eq!(ConditionChange { due: Some(String::new()), ..Default::default() }.apply(&open(Some("2027-03-31"))).unwrap().due, None);
    }

    #[test]
    fn an_approval_that_is_not_on_a_meets_verdict_needs_a_justification() {
        let draft = ApprovalDraft { status: Status::Approved, justification: " ".into() };
        assert!(draft.check(Verdict::Meets, 0).is_ok());
        assert_eq!(codes(draft.check(Verdict::Fails, 0).unwrap_err()), ["justification_required"]);
        let with_conditions = ApprovalDraft { status: Status::ApprovedWithConditions, justification: "SOC 2 by March".into() };
        assert_eq!(codes(with_conditions.check(Verdict::Conditional, 0).unwrap_err()), ["conditions_required"]);
        assert!(with_conditions.check(Verdict::Conditional, 1).is_ok());
        assert_eq!(
            codes(ApprovalDraft { status: Status::Rejected, justification: String::new() }.check(Verdict::Meets, 0).unwrap_err()),
            ["not_an_approval"]
        );
    }

    #[test]
    fn drafts_are_checked() {
        let d = ConditionDraft { title: "  ".into(), due: Some("2027-02-30".into()), ..Default::default() };
        assert_eq!(codes(d.parse().unwrap_err()), ["required", "invalid_date"]);
        let ok = ConditionDraft {
            control_id: Some(" BL-07 ".into()),
            title: "SOC 2 Type II".into(),
            due: Some("2027-03-31".into()),
            ..Default::default()
        };
        let parsed = ok.parse().unwrap();
        assert_eq!(parsed.control_id.as_deref(), Some("BL-07"));
        assert_eq!(MetBy::parse(&MetBy::Questionnaire { id: 3 }.key()), Some(MetBy::Questionnaire { id: 3 }));
    }
}
