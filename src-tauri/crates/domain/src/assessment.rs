//! What an assessment says: the verdict, each control's status with its evidence and reasons, and accepted risks. Facts only; the scorer that makes them is vetted-scoring.

use crate::baseline::Strength;
use crate::certification::{CertKind, TrustCriterion};
use crate::risk::Tier;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

/// The answer to "does this vendor meet our baseline?".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every mandatory control met, on evidence strong enough for the vendor's tier.
    Meets,
    /// Met, but resting on weak or expiring evidence, a partial control, or an accepted risk.
    Conditional,
    /// A mandatory control is not met, or nothing shows it is.
    Fails,
    /// Nothing to judge by: no questionnaire and no certification that speaks to any control.
    Insufficient,
}

/// How far one control is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ControlStatus {
    Met,
    PartiallyMet,
    NotMet,
    NotApplicable,
    Unknown,
}

impl ControlStatus {
    /// The share of a control's weight it earns towards coverage.
    pub fn credit(self) -> f64 {
        match self {
            ControlStatus::Met => 1.0,
            ControlStatus::PartiallyMet => 0.5,
            _ => 0.0,
        }
    }

    /// Which of two findings wins: met before partial before n/a before not met before unknown.
    pub fn rank(self) -> u8 {
        match self {
            ControlStatus::Met => 0,
            ControlStatus::PartiallyMet => 1,
            ControlStatus::NotApplicable => 2,
            ControlStatus::NotMet => 3,
            ControlStatus::Unknown => 4,
        }
    }
}

/// Where a piece of evidence comes from, with the facts it shows (the UI and the documents word
/// them in the reader's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "source")]
pub enum Source {
    /// A certification of the register.
    Certification {
        #[ts(type = "number")]
        certification_id: i64,
        kind: CertKind,
        /// The trust services criteria the control asks of it and it has in scope.
        #[serde(default)]
        criteria: Vec<TrustCriterion>,
        /// The last day the record counts as current; absent when its dates do not say.
        #[serde(default)]
        current_until: Option<NaiveDate>,
        /// What makes it weaker evidence than its kind would be.
        #[serde(default)]
        weakened: Vec<Weakness>,
        /// The baseline's note when the record meets the control only in part (the baseline's words).
        #[serde(default)]
        partly: Option<String>,
        /// The same note in German, when the baseline has it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        partly_de: Option<String>,
    },
    /// Answers of the vendor's latest questionnaire, each cited with its cell.
    Questionnaire {
        #[ts(type = "number")]
        questionnaire_id: i64,
        /// The template as cited, e.g. "CAIQ".
        #[serde(default)]
        template: String,
        #[serde(default)]
        answers: Vec<CitedAnswer>,
    },
}

/// What weakens a certification as evidence for a control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum Weakness {
    /// Its dates do not show it is current.
    DatesUnverified,
    /// It does not say whether these criteria are in scope.
    CriteriaUnstated { criteria: Vec<TrustCriterion> },
    /// The auditor's opinion is qualified.
    QualifiedOpinion,
    /// The auditor noted exceptions on these criteria (as the baseline names them).
    Exceptions { criteria: Vec<String> },
    /// Its scope does not cover these services of the vendor.
    ServicesNotCovered { services: Vec<String> },
    /// It is current only through a bridge letter.
    BridgeOnly,
    /// The report carves out the subservice organisation whose controls these criteria rest on
    /// (as the baseline names them): that organisation needs its own report.
    CarvedOut { organisation: String, criteria: Vec<String> },
}

/// One answer a piece of evidence cites: the question, the answer as the vendor wrote it, the cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct CitedAnswer {
    pub question_id: Option<String>,
    /// As the vendor wrote it; empty when the vendor gave no answer.
    pub said: String,
    pub cell: String,
}

/// One piece of evidence for a control, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Evidence {
    #[serde(flatten)]
    pub source: Source,
    pub strength: Strength,
    pub status: ControlStatus,
    /// The record stops being current within the warning window.
    pub expiring: bool,
    /// The English words a snapshot saved before Vetted kept facts (its `summary`): shown as they
    /// were recorded. Absent from every new assessment.
    #[serde(default, rename = "summary", skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recorded: Option<String>,
}

/// What would be needed to meet a control fully.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "code")]
pub enum Missing {
    /// Evidence that the control is met in full (it is met in part).
    FullEvidence,
    /// The vendor says the control is not in place.
    NotInPlace,
    /// A current certification that covers it (no question asks about it).
    Certification,
    /// An answer to its questions or a current certification that covers it.
    AnswerOrCertification,
    /// Stronger evidence: the tier (none: a vendor without a tier is held to tier 1) needs
    /// `needed`; the control rests on `has`.
    StrongerEvidence { tier: Option<Tier>, needed: Strength, has: Strength },
    /// A newer report: the one used lapses within the warning window.
    NewerReport,
    /// The English words a snapshot saved before Vetted kept facts: shown as they were recorded.
    Recorded { text: String },
}

/// An accepted risk: the DPO decided a control may stay unmet until a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct RiskAcceptance {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub vendor_id: i64,
    pub baseline_id: String,
    pub control_id: String,
    pub reason: String,
    /// Who accepted the risk (a person or a body, e.g. "CISO").
    pub accepted_by: String,
    /// The last day the acceptance holds; it lapses by itself after it.
    pub until: NaiveDate,
    pub recorded_at: String,
    pub recorded_by: String,
}

impl RiskAcceptance {
    pub fn active_on(&self, day: NaiveDate) -> bool {
        day <= self.until
    }
}

/// What kind of cause a reason names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// A mandatory control is not met (fails).
    MandatoryNotMet,
    /// Nothing shows a mandatory control is met (fails).
    MandatoryUnknown,
    /// A mandatory control is met only in part (conditional).
    PartiallyMet,
    /// A mandatory control rests on evidence weaker than the tier needs (conditional).
    WeakEvidence,
    /// A mandatory control rests on a record lapsing within the warning window (conditional).
    ExpiringEvidence,
    /// A risk was accepted for a mandatory control not fully met (conditional).
    AcceptedRisk,
    /// Nothing speaks to any control (insufficient).
    NoEvidence,
}

/// Why the verdict is what it is, one line per cause, with a code the UI can translate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Reason {
    pub code: ReasonCode,
    #[ts(type = "string | null")]
    pub control_id: Option<Arc<str>>,
}

/// One control's result. Its names are shared with the baseline (`Arc<str>`): scoring 10,000
/// vendors would otherwise copy them 600,000 times.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ControlResult {
    #[ts(type = "string")]
    pub id: Arc<str>,
    #[ts(type = "string")]
    pub title: Arc<str>,
    #[ts(type = "string")]
    pub title_de: Arc<str>,
    #[ts(type = "string")]
    pub domain: Arc<str>,
    pub mandatory: bool,
    pub weight: u32,
    pub status: ControlStatus,
    /// The strength of the evidence the status rests on; absent when nothing speaks to it.
    pub strength: Option<Strength>,
    /// What the vendor's tier needs.
    pub needed: Strength,
    /// Every piece of evidence found, the one the status rests on first.
    pub evidence: Vec<Evidence>,
    /// What would be needed to meet the control fully.
    pub missing: Vec<Missing>,
    /// An accepted risk in force on the day.
    pub accepted: Option<RiskAcceptance>,
    /// The status rests on a record that lapses within the warning window, and no other
    /// evidence strong enough for the tier would carry it.
    pub expiring: bool,
}

/// A vendor's assessment on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Assessment {
    pub baseline_id: String,
    pub baseline_version: u32,
    pub baseline_name: String,
    /// The baseline's German name (snapshots from before it was kept: empty).
    #[serde(default)]
    pub baseline_name_de: String,
    pub as_of: NaiveDate,
    pub tier: Option<Tier>,
    pub verdict: Verdict,
    /// Weighted share of the applicable controls met (partial counts half), 0-100, one decimal.
    /// It stands beside the verdict and never changes it.
    pub coverage: f64,
    pub reasons: Vec<Reason>,
    pub controls: Vec<ControlResult>,
}
