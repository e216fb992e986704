//! Scoring a vendor against a baseline: a pure, deterministic function of (baseline, answers,
//! certifications, exceptions, date) that gives a verdict and, for every control, its status, the
//! evidence used and what is missing. No clock, no database.

pub mod baseline;

use crate::certs::Certification;
use crate::domain::certification::{current_until, CertDates, CertKind, CertStatus, EvidenceLevel, Opinion, TrustCriterion, ValidityRules};
use crate::domain::Tier;
use crate::import::extract::ImportedAnswer;
use crate::import::Answer;
pub use baseline::{Baseline, BaselineError, CertRule, Control, Localized, Strength, TierStrengths};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
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
    fn credit(self) -> f64 {
        match self {
            ControlStatus::Met => 1.0,
            ControlStatus::PartiallyMet => 0.5,
            _ => 0.0,
        }
    }

    /// Which of two findings wins: met before partial before n/a before not met before unknown.
    fn rank(self) -> u8 {
        match self {
            ControlStatus::Met => 0,
            ControlStatus::PartiallyMet => 1,
            ControlStatus::NotApplicable => 2,
            ControlStatus::NotMet => 3,
            ControlStatus::Unknown => 4,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ControlStatus::Met => "met",
            ControlStatus::PartiallyMet => "partially met",
            ControlStatus::NotMet => "not met",
            ControlStatus::NotApplicable => "not applicable",
            ControlStatus::Unknown => "unknown",
        }
    }
}

/// Where a piece of evidence comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", tag = "source")]
pub enum Source {
    /// A certification of the register.
    Certification {
        #[ts(type = "number")]
        certification_id: i64,
        kind: CertKind,
    },
    /// Answers of the vendor's latest questionnaire.
    Questionnaire {
        #[ts(type = "number")]
        questionnaire_id: i64,
        /// Where each answer used is, e.g. `CAIQv4.0.3!C167`.
        cells: Vec<String>,
    },
}

/// One piece of evidence for a control, with what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Evidence {
    #[serde(flatten)]
    pub source: Source,
    pub strength: Strength,
    pub status: ControlStatus,
    /// For people: "SOC 2 Type II, Security in scope, current until 2026-03-31".
    pub summary: String,
    /// The record stops being current within the warning window.
    pub expiring: bool,
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

/// Why the verdict is what it is, one line per cause, with a code the UI can translate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Reason {
    /// `mandatory_not_met`, `mandatory_unknown`, `partially_met`, `weak_evidence`,
    /// `expiring_evidence`, `accepted_risk`, `no_evidence`.
    pub code: String,
    pub control_id: Option<String>,
    pub message: String,
}

/// One control's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ControlResult {
    pub id: String,
    pub title: String,
    pub title_de: String,
    pub domain: String,
    pub mandatory: bool,
    pub weight: u32,
    pub status: ControlStatus,
    /// The strength of the evidence the status rests on; absent when nothing speaks to it.
    pub strength: Option<Strength>,
    /// What the vendor's tier needs.
    pub needed: Strength,
    /// Every piece of evidence found, the one the status rests on first.
    pub evidence: Vec<Evidence>,
    /// What would be needed to meet the control fully, for people.
    pub missing: Vec<String>,
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
    pub as_of: NaiveDate,
    pub tier: Option<Tier>,
    pub verdict: Verdict,
    /// Weighted share of the applicable controls met (partial counts half), 0-100, one decimal.
    /// It stands beside the verdict and never changes it.
    pub coverage: f64,
    pub reasons: Vec<Reason>,
    pub controls: Vec<ControlResult>,
}

/// The questionnaire a vendor answered last, as scoring reads it.
#[derive(Debug, Clone, Copy)]
pub struct QuestionnaireFacts<'a> {
    pub id: i64,
    /// The mapping profile's id, e.g. `caiq-v4`.
    pub template: &'a str,
    /// For people, e.g. "CSA CAIQ".
    pub template_name: &'a str,
    pub answers: &'a [ImportedAnswer],
}

/// Everything about one vendor that scoring reads.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub tier: Option<Tier>,
    /// The vendor's services, to tell whether a record's scope covers them.
    pub services: &'a [String],
    pub questionnaire: Option<QuestionnaireFacts<'a>>,
    /// The vendor's certifications, evaluated on the day asked about.
    pub certifications: &'a [Certification],
    pub accepted: &'a [RiskAcceptance],
}

/// A baseline prepared for scoring many vendors: question ids looked up by hash, keywords lower-cased.
pub struct Scorer<'b> {
    baseline: &'b Baseline,
    /// (template, upper-cased question id) → the controls it answers.
    questions: HashMap<(String, String), Vec<usize>>,
    /// Per control, the templates it names questions for.
    templates: Vec<Vec<String>>,
    keywords: Vec<Vec<Vec<String>>>,
}

impl<'b> Scorer<'b> {
    pub fn new(baseline: &'b Baseline) -> Scorer<'b> {
        let mut questions: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, c) in baseline.controls.iter().enumerate() {
            for rule in &c.questions {
                for id in &rule.ids {
                    let entry = questions.entry((rule.template.clone(), id.trim().to_uppercase())).or_default();
                    if !entry.contains(&i) {
                        entry.push(i);
                    }
                }
            }
        }
        let templates = baseline.controls.iter().map(|c| c.questions.iter().map(|q| q.template.clone()).collect()).collect();
        let keywords = baseline
            .controls
            .iter()
            .map(|c| {
                c.keywords
                    .iter()
                    .map(|g| g.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect())
                    .collect()
            })
            .collect();
        Scorer { baseline, questions, templates, keywords }
    }

    pub fn baseline(&self) -> &'b Baseline {
        self.baseline
    }

    /// The vendor's assessment on `as_of`.
    pub fn assess(&self, subject: &Subject, as_of: NaiveDate, rules: &ValidityRules) -> Assessment {
        let answers = self.answers_by_control(subject);
        let mut controls = Vec::with_capacity(self.baseline.controls.len());
        for (i, control) in self.baseline.controls.iter().enumerate() {
            let mut evidence = Vec::new();
            for record in subject.certifications {
                for rule in &control.certifications {
                    if let Some(e) = certification_evidence(record, rule, subject.services, as_of, rules) {
                        evidence.push(e);
                        break;
                    }
                }
            }
            if let Some(q) = subject.questionnaire {
                if let Some(e) = questionnaire_evidence(q, &answers[i]) {
                    evidence.push(e);
                }
            }
            controls.push(rate(control, evidence, subject, as_of));
        }
        let (verdict, reasons) = verdict(&controls);
        Assessment {
            baseline_id: self.baseline.id.clone(),
            baseline_version: self.baseline.version,
            baseline_name: self.baseline.name.en.clone(),
            as_of,
            tier: subject.tier,
            verdict,
            coverage: coverage(&controls),
            reasons,
            controls,
        }
    }

    /// For each control, the answers of the vendor's questionnaire that speak to it: by question id
    /// when the baseline names questions of its template, else by keywords in the question text.
    fn answers_by_control<'s>(&self, subject: &Subject<'s>) -> Vec<Vec<&'s ImportedAnswer>> {
        let mut out: Vec<Vec<&ImportedAnswer>> = vec![Vec::new(); self.baseline.controls.len()];
        let Some(q) = subject.questionnaire else { return out };
        let by_keywords: Vec<usize> =
            (0..out.len()).filter(|&i| !self.templates[i].iter().any(|t| t == q.template) && !self.keywords[i].is_empty()).collect();
        let mut key = (q.template.to_owned(), String::new());
        let mut text = String::new();
        for a in q.answers {
            if let Some(id) = &a.question_id {
                key.1.clear();
                key.1.extend(id.trim().chars().flat_map(char::to_uppercase));
                if let Some(found) = self.questions.get(&key) {
                    for &i in found {
                        out[i].push(a);
                    }
                }
            }
            if !by_keywords.is_empty() {
                text.clear();
                text.extend(a.question.chars().flat_map(char::to_lowercase));
                for &i in &by_keywords {
                    if self.keywords[i].iter().all(|group| group.iter().any(|w| starts_a_word(&text, w))) {
                        out[i].push(a);
                    }
                }
            }
        }
        out
    }
}

/// Scores one vendor (for many, build one `Scorer` and reuse it).
pub fn assess(baseline: &Baseline, subject: &Subject, as_of: NaiveDate, rules: &ValidityRules) -> Assessment {
    Scorer::new(baseline).assess(subject, as_of, rules)
}

/// `word` occurs in `text` at the start of a word.
fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| !text[..at].chars().next_back().is_some_and(char::is_alphanumeric))
}

/// `criterion` (e.g. `CC6.1`, `8.7`) is named in `text` as a whole token: `8.7` is found in
/// "A.8.7" and "8.7," but not in "18.7", "8.70" or "8.7.1".
fn mentions(text: &str, criterion: &str) -> bool {
    let lower = text.to_lowercase();
    let c = criterion.trim().to_lowercase();
    !c.is_empty()
        && lower.match_indices(&c).any(|(at, _)| {
            let (before, after) = (&lower[..at], &lower[at + c.len()..]);
            let glued_before = match before.chars().next_back() {
                Some('.') => !before.ends_with("a."),
                Some(p) => p.is_alphanumeric(),
                None => false,
            };
            let mut rest = after.chars();
            let glued_after = match rest.next() {
                Some('.') => rest.next().is_some_and(|n| n.is_ascii_digit()),
                Some(n) => n.is_alphanumeric(),
                None => false,
            };
            !glued_before && !glued_after
        })
}

fn criterion_label(c: TrustCriterion) -> &'static str {
    match c {
        TrustCriterion::Security => "Security",
        TrustCriterion::Availability => "Availability",
        TrustCriterion::ProcessingIntegrity => "Processing Integrity",
        TrustCriterion::Confidentiality => "Confidentiality",
        TrustCriterion::Privacy => "Privacy",
    }
}

/// What one certification shows for a control under one rule; `None` when it does not speak to it
/// (another kind, a lapsed or superseded record, a criterion out of scope, an adverse opinion).
fn certification_evidence(
    c: &Certification,
    rule: &CertRule,
    services: &[String],
    as_of: NaiveDate,
    rules: &ValidityRules,
) -> Option<Evidence> {
    if !rule.kinds.contains(&c.kind) || !c.security_report {
        return None;
    }
    if matches!(c.status, CertStatus::Lapsed | CertStatus::Superseded) {
        return None;
    }
    if matches!(c.opinion, Some(Opinion::Adverse | Opinion::Disclaimer)) {
        return None;
    }
    let missing_tsc: Vec<TrustCriterion> = rule.tsc.iter().copied().filter(|t| !c.tsc.contains(t)).collect();
    if !missing_tsc.is_empty() && !c.tsc.is_empty() {
        return None; // the report names its criteria, and these are not among them
    }
    let mut strength = match rules.rule(c.kind).evidence {
        EvidenceLevel::Attestation => Strength::Independent,
        EvidenceLevel::PointInTime | EvidenceLevel::Bridge => Strength::Limited,
        EvidenceLevel::SelfAssessment => Strength::SelfDeclared,
    };
    let mut notes: Vec<String> = Vec::new();
    let mut weaken = |note: String, strength: &mut Strength| {
        *strength = (*strength).min(Strength::Limited);
        notes.push(note);
    };
    if c.status == CertStatus::Unverified {
        weaken("its dates do not show it is current".into(), &mut strength);
    }
    if !missing_tsc.is_empty() {
        let names: Vec<&str> = missing_tsc.iter().map(|&t| criterion_label(t)).collect();
        weaken(format!("it does not say whether {} is in scope", names.join(" and ")), &mut strength);
    }
    if c.opinion == Some(Opinion::Qualified) {
        weaken("qualified opinion".into(), &mut strength);
    }
    let excepted: Vec<&str> = rule.criteria.iter().filter(|k| mentions(&c.exceptions, k)).map(String::as_str).collect();
    if !excepted.is_empty() {
        weaken(format!("the auditor noted exceptions on {}", excepted.join(", ")), &mut strength);
    }
    let uncovered: Vec<&String> =
        services.iter().filter(|s| !c.services.is_empty() && !c.services.iter().any(|x| x.eq_ignore_ascii_case(s))).collect();
    if !uncovered.is_empty() {
        let names: Vec<&str> = uncovered.iter().map(|s| s.as_str()).collect();
        weaken(format!("its scope does not cover {}", names.join(", ")), &mut strength);
    }
    if rules.rule(c.kind).bridgeable {
        let dates = CertDates { period_start: c.period_start, period_end: c.period_end, as_of: c.as_of, issued: c.issued, expires: c.expires };
        let own = current_until(c.kind, &dates, &[], rules);
        if own.is_some_and(|own| own < as_of) {
            weaken("current only through a bridge letter".into(), &mut strength);
        }
    }
    let status = if rule.partial { ControlStatus::PartiallyMet } else { ControlStatus::Met };
    let mut summary = c.kind_label.clone();
    if !c.tsc.is_empty() && !rule.tsc.is_empty() {
        let names: Vec<&str> = rule.tsc.iter().map(|&t| criterion_label(t)).collect();
        summary.push_str(&format!(", {} in scope", names.join(" and ")));
    }
    match c.current_until {
        Some(until) => summary.push_str(&format!(", current until {until}")),
        None => summary.push_str(", no date shows until when it is current"),
    }
    if !notes.is_empty() {
        summary.push_str(&format!(" ({})", notes.join("; ")));
    }
    if rule.partial && !rule.note.is_empty() {
        summary.push_str(&format!("; partly: {}", rule.note));
    }
    Some(Evidence {
        source: Source::Certification { certification_id: c.id, kind: c.kind },
        strength,
        status,
        summary,
        expiring: c.status == CertStatus::Expiring,
    })
}

/// What the answers to a control's questions show: all yes is met, some yes is partially met, all
/// no is not met, all n/a is not applicable; unanswered questions count against "met".
fn questionnaire_evidence(q: QuestionnaireFacts, answers: &[&ImportedAnswer]) -> Option<Evidence> {
    if answers.is_empty() {
        return None;
    }
    let count = |want: Answer| answers.iter().filter(|a| a.answer == want).count();
    let (yes, partial, no, na, unknown) = (count(Answer::Yes), count(Answer::Partial), count(Answer::No), count(Answer::Na), count(Answer::Unknown));
    let status = if yes + partial + no + na == 0 {
        ControlStatus::Unknown
    } else if yes + partial + no == 0 {
        ControlStatus::NotApplicable
    } else if yes > 0 && partial == 0 && no == 0 && unknown == 0 {
        ControlStatus::Met
    } else if yes + partial > 0 {
        ControlStatus::PartiallyMet
    } else {
        ControlStatus::NotMet
    };
    let described = answers.iter().any(|a| a.answer != Answer::Unknown && !a.comment.trim().is_empty());
    let strength = if described { Strength::Documented } else { Strength::SelfDeclared };
    let shown: Vec<String> = answers
        .iter()
        .take(4)
        .map(|a| {
            let said = if a.original.trim().is_empty() { "no answer".to_owned() } else { a.original.trim().to_owned() };
            format!("{}: {said}, sheet {}", a.question_id.as_deref().unwrap_or("question"), a.cell)
        })
        .collect();
    let more = answers.len().saturating_sub(4);
    // "CSA CAIQ" is cited as "CAIQ": the acronym a template's name ends with, else the whole name
    let acronym = q.template_name.split_whitespace().last().filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase()));
    let short_name = acronym.unwrap_or(q.template_name);
    let mut summary = format!("{short_name} {}", shown.join("; "));
    if more > 0 {
        summary.push_str(&format!("; and {more} more"));
    }
    Some(Evidence {
        source: Source::Questionnaire { questionnaire_id: q.id, cells: answers.iter().map(|a| a.cell.clone()).collect() },
        strength,
        status,
        summary,
        expiring: false,
    })
}

/// A control's status from its evidence: the best finding wins (a report showing a control is not
/// undone by a missing answer), and among equal findings the strongest evidence.
fn rate(control: &Control, mut evidence: Vec<Evidence>, subject: &Subject, as_of: NaiveDate) -> ControlResult {
    evidence.sort_by(|a, b| a.status.rank().cmp(&b.status.rank()).then(b.strength.cmp(&a.strength)).then(a.expiring.cmp(&b.expiring)));
    let best = evidence.first();
    let status = best.map_or(ControlStatus::Unknown, |e| e.status);
    let strength = best.filter(|e| e.status != ControlStatus::Unknown).map(|e| e.strength);
    let needed = control.evidence_needed.for_tier(subject.tier);
    let mut missing = Vec::new();
    match status {
        ControlStatus::Met | ControlStatus::NotApplicable => {}
        ControlStatus::PartiallyMet => missing.push("evidence that the control is met in full".to_owned()),
        ControlStatus::NotMet => missing.push("the vendor says the control is not in place".to_owned()),
        ControlStatus::Unknown => missing.push(if control.questions.is_empty() && control.keywords.is_empty() {
            "a current certification that covers it".to_owned()
        } else {
            "an answer to its questions or a current certification that covers it".to_owned()
        }),
    }
    if let Some(s) = strength.filter(|&s| s < needed && status != ControlStatus::NotApplicable) {
        let tier = match subject.tier {
            Some(t) => format!("tier {}", t.get()),
            None => "a vendor without a tier is held to tier 1, which".to_owned(),
        };
        missing.push(format!("{tier} needs {}; this rests on {}", needed.label(), s.label()));
    }
    let expiring = best.is_some_and(|b| {
        b.expiring && !evidence.iter().any(|e| !e.expiring && e.status == b.status && e.strength >= needed)
    });
    if expiring {
        missing.push("a newer report: the one used lapses soon".to_owned());
    }
    let accepted = subject
        .accepted
        .iter()
        .filter(|a| a.control_id.eq_ignore_ascii_case(&control.id) && a.active_on(as_of))
        .max_by_key(|a| a.until)
        .cloned();
    ControlResult {
        id: control.id.clone(),
        title: control.title.en.clone(),
        title_de: control.title.de.clone(),
        domain: control.domain.clone(),
        mandatory: control.mandatory,
        weight: control.weight,
        status,
        strength,
        needed,
        evidence,
        missing,
        accepted,
        expiring,
    }
}

/// Gate first: a mandatory control not met or unknown fails, unless a risk was accepted for it;
/// partial controls, weak or expiring evidence and accepted risks make the verdict conditional.
fn verdict(controls: &[ControlResult]) -> (Verdict, Vec<Reason>) {
    let reason = |code: &str, c: &ControlResult, message: String| Reason { code: code.into(), control_id: Some(c.id.clone()), message };
    if controls.iter().all(|c| c.evidence.is_empty()) {
        let r = Reason {
            code: "no_evidence".into(),
            control_id: None,
            message: "no questionnaire answer or current certification speaks to any control".into(),
        };
        return (Verdict::Insufficient, vec![r]);
    }
    let mut fails = Vec::new();
    let mut conditions = Vec::new();
    for c in controls.iter().filter(|c| c.mandatory) {
        let name = format!("{} {}", c.id, c.title);
        let unmet = matches!(c.status, ControlStatus::NotMet | ControlStatus::Unknown);
        if let Some(a) = &c.accepted {
            if unmet || c.status == ControlStatus::PartiallyMet || c.strength.is_some_and(|s| s < c.needed) {
                conditions.push(reason(
                    "accepted_risk",
                    c,
                    format!("{name}: {} — risk accepted by {} until {}: {}", c.status.label(), a.accepted_by, a.until, a.reason),
                ));
                continue;
            }
        }
        match c.status {
            ControlStatus::NotMet => fails.push(reason("mandatory_not_met", c, format!("{name} is not met"))),
            ControlStatus::Unknown => fails.push(reason("mandatory_unknown", c, format!("nothing shows {name} is met"))),
            ControlStatus::PartiallyMet => conditions.push(reason("partially_met", c, format!("{name} is only partially met"))),
            ControlStatus::Met | ControlStatus::NotApplicable => {}
        }
        if let Some(s) = c.strength.filter(|&s| s < c.needed && c.status != ControlStatus::NotApplicable) {
            conditions.push(reason("weak_evidence", c, format!("{name} rests on {}; the tier needs {}", s.label(), c.needed.label())));
        }
        if c.status != ControlStatus::NotApplicable && c.expiring {
            conditions.push(reason("expiring_evidence", c, format!("{name} rests on a record that lapses within the warning window")));
        }
    }
    if !fails.is_empty() {
        fails.extend(conditions);
        (Verdict::Fails, fails)
    } else if !conditions.is_empty() {
        (Verdict::Conditional, conditions)
    } else {
        (Verdict::Meets, Vec::new())
    }
}

/// Sum of weight x credit over the applicable controls, as a share of their weight, one decimal.
fn coverage(controls: &[ControlResult]) -> f64 {
    let applicable = controls.iter().filter(|c| c.status != ControlStatus::NotApplicable);
    let (earned, total) = applicable.fold((0.0, 0.0), |(e, t), c| (e + f64::from(c.weight) * c.status.credit(), t + f64::from(c.weight)));
    if total == 0.0 {
        0.0
    } else {
        (earned / total * 1000.0).round() / 10.0
    }
}

#[cfg(test)]
mod tests;
