//! vetted-scoring: scoring a vendor against a baseline: a pure, deterministic function of (baseline, answers,
//! certifications, exceptions, date) that gives a verdict and, for every control, its status, the
//! evidence used and what is missing. No clock, no database.

#![forbid(unsafe_code)]

pub use vetted_domain::assessment::*;
pub use vetted_domain::baseline;

pub use baseline::{AskedQuestion, Baseline, BaselineError, CertRule, Control, Localized, Strength, TierStrengths, OWN_TEMPLATE};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;
use vetted_domain::certification::Certification;
use vetted_domain::certification::{current_until, CertDates, CertStatus, EvidenceLevel, Opinion, TrustCriterion, ValidityRules};
use vetted_domain::hash::BuildFnv;
use vetted_domain::questionnaire::{Answer, GivenAnswer};
use vetted_domain::Tier;

/// The questionnaire a vendor answered last, as scoring reads it.
#[derive(Debug, Clone, Copy)]
pub struct QuestionnaireFacts<'a> {
    pub id: i64,
    /// The mapping profile's id, e.g. `caiq-v4`.
    pub template: &'a str,
    /// For people, e.g. "CSA CAIQ".
    pub template_name: &'a str,
    pub answers: &'a [GivenAnswer],
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

/// A baseline prepared for scoring many vendors: question ids looked up by hash per template,
/// keywords and criteria lower-cased once.
pub struct Scorer<'b> {
    baseline: &'b Baseline,
    /// template → upper-cased question id → the controls it answers.
    questions: HashMap<String, HashMap<String, Vec<usize>, BuildFnv>>,
    keywords: Vec<Vec<Vec<String>>>,
    /// Per control and certification rule, its criteria lower-cased.
    criteria: Vec<Vec<Vec<String>>>,
    /// Per control: id, English and German title, domain.
    names: Vec<[Arc<str>; 4]>,
}

impl<'b> Scorer<'b> {
    pub fn new(baseline: &'b Baseline) -> Scorer<'b> {
        let mut questions: HashMap<String, HashMap<String, Vec<usize>, BuildFnv>> = HashMap::new();
        for (i, c) in baseline.controls.iter().enumerate() {
            // the baseline's own questions answer their control in Vetted's own questionnaire
            let own = (!c.ask.is_empty()).then(|| (OWN_TEMPLATE, c.ask.iter().map(|q| q.id.as_str()).collect::<Vec<_>>()));
            let rules = c.questions.iter().map(|r| (r.template.as_str(), r.ids.iter().map(String::as_str).collect::<Vec<_>>()));
            for (template, rule_ids) in rules.chain(own) {
                let ids = questions.entry(template.to_owned()).or_default();
                for id in rule_ids {
                    let entry = ids.entry(id.trim().to_uppercase()).or_default();
                    if !entry.contains(&i) {
                        entry.push(i);
                    }
                }
            }
        }
        let lower = |words: &[String]| -> Vec<String> { words.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect() };
        let keywords = baseline.controls.iter().map(|c| c.keywords.iter().map(|g| lower(g)).collect()).collect();
        let criteria = baseline
            .controls
            .iter()
            .map(|c| c.certifications.iter().map(|r| r.criteria.iter().map(|k| k.trim().to_lowercase()).collect()).collect())
            .collect();
        let names = baseline
            .controls
            .iter()
            .map(|c| [c.id.as_str().into(), c.title.en.as_str().into(), c.title.de.as_str().into(), c.domain.as_str().into()])
            .collect();
        Scorer { baseline, questions, keywords, criteria, names }
    }

    pub fn baseline(&self) -> &'b Baseline {
        self.baseline
    }

    /// The vendor's assessment on `as_of`.
    pub fn assess(&self, subject: &Subject, as_of: NaiveDate, rules: &ValidityRules) -> Assessment {
        let answers = self.answers_by_control(subject);
        let exceptions: Vec<String> = subject.certifications.iter().map(|c| c.exceptions.to_lowercase()).collect();
        let mut controls = Vec::with_capacity(self.baseline.controls.len());
        for (i, control) in self.baseline.controls.iter().enumerate() {
            let mut evidence = Vec::with_capacity(subject.certifications.len() + 1);
            for (record, exceptions) in subject.certifications.iter().zip(&exceptions) {
                for (rule, criteria) in control.certifications.iter().zip(&self.criteria[i]) {
                    if let Some(e) = certification_evidence(record, rule, criteria, exceptions, subject.services, as_of, rules) {
                        evidence.push(e);
                        break;
                    }
                }
            }
            if let Some(q) = subject.questionnaire {
                let start = answers.partition_point(|&(c, _)| c < i);
                let end = answers.partition_point(|&(c, _)| c <= i);
                if let Some(e) = questionnaire_evidence(q, &answers[start..end]) {
                    evidence.push(e);
                }
            }
            controls.push(rate(control, &self.names[i], evidence, subject, as_of));
        }
        let (verdict, reasons) = verdict(&controls);
        Assessment {
            baseline_id: self.baseline.id.clone(),
            baseline_version: self.baseline.version,
            baseline_name: self.baseline.name.en.clone(),
            baseline_name_de: self.baseline.name.de.clone(),
            as_of,
            tier: subject.tier,
            verdict,
            coverage: coverage(&controls),
            reasons,
            controls,
        }
    }

    /// Every subject's assessment, on as many threads as the machine has cores.
    pub fn assess_all(&self, subjects: &[Subject], as_of: NaiveDate, rules: &ValidityRules) -> Vec<Assessment> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(subjects.len().div_ceil(256)).max(1);
        if threads == 1 {
            return subjects.iter().map(|s| self.assess(s, as_of, rules)).collect();
        }
        let chunk = subjects.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = subjects
                .chunks(chunk)
                .map(|part| scope.spawn(move || part.iter().map(|s| self.assess(s, as_of, rules)).collect::<Vec<_>>()))
                .collect();
            handles.into_iter().flat_map(|h| h.join().expect("scoring does not panic")).collect()
        })
    }

    /// Calls `found` with each control an answer to this question speaks to: by its id among
    /// `ids` (the baseline's questions of the questionnaire's template), and by the keywords of
    /// the controls `by_keywords`. `text` is scratch space for the lower-cased question.
    fn controls_of(
        &self,
        ids: Option<&HashMap<String, Vec<usize>, BuildFnv>>,
        by_keywords: &[usize],
        question_id: Option<&str>,
        question: &str,
        text: &mut String,
        found: &mut impl FnMut(usize),
    ) {
        if let (Some(ids), Some(id)) = (ids, question_id) {
            let id = id.trim();
            // ids are nearly always printed in capitals: look them up without a copy
            let upper;
            let key = if id.bytes().any(|b| b.is_ascii_lowercase()) || !id.is_ascii() {
                upper = id.chars().flat_map(char::to_uppercase).collect::<String>();
                upper.as_str()
            } else {
                id
            };
            if let Some(controls) = ids.get(key) {
                controls.iter().for_each(|&i| found(i));
            }
        }
        if !by_keywords.is_empty() {
            text.clear();
            text.extend(question.chars().flat_map(char::to_lowercase));
            for &i in by_keywords {
                if self.keywords[i].iter().all(|group| group.iter().any(|w| finds(text, w))) {
                    found(i);
                }
            }
        }
    }

    /// The controls that read questionnaires of `template` by keywords: those with keywords that
    /// name no question of it.
    fn keyword_controls(&self, template: &str) -> Vec<usize> {
        (0..self.baseline.controls.len()).filter(|&i| !self.keywords[i].is_empty() && !self.names_questions_of(i, template)).collect()
    }

    /// Whether an answer to this question can speak to any control, in a questionnaire of one of
    /// `templates`: what scoring needs to read of a register's answers.
    pub fn reads(&self, templates: &[&str], question_id: Option<&str>, question: &str) -> bool {
        self.reader(templates)(question_id, question)
    }

    /// [`Scorer::reads`] for many questions: each template's questions and keyword controls
    /// looked up once.
    pub fn reader<'s>(&'s self, templates: &[&str]) -> impl Fn(Option<&str>, &str) -> bool + 's {
        let per_template: Vec<_> = templates.iter().map(|t| (self.questions.get(*t), self.keyword_controls(t))).collect();
        move |question_id, question| {
            let mut text = String::new();
            per_template.iter().any(|(ids, by_keywords)| {
                let mut any = false;
                self.controls_of(*ids, by_keywords, question_id, question, &mut text, &mut |_| any = true);
                any
            })
        }
    }

    /// Control `i` names questions of `template` (so keywords are not used for it).
    fn names_questions_of(&self, i: usize, template: &str) -> bool {
        let c = &self.baseline.controls[i];
        c.questions.iter().any(|q| q.template == template) || (template == OWN_TEMPLATE && !c.ask.is_empty())
    }

    /// The answers of the vendor's questionnaire that speak to each control, as (control, answer)
    /// by control: by question id when the baseline names questions of its template, else by
    /// keywords in the question text.
    fn answers_by_control<'s>(&self, subject: &Subject<'s>) -> Vec<(usize, &'s GivenAnswer)> {
        let Some(q) = subject.questionnaire else { return Vec::new() };
        let mut out: Vec<(usize, &GivenAnswer)> = Vec::with_capacity(64);
        let by_keywords = self.keyword_controls(q.template);
        let ids = self.questions.get(q.template);
        let mut text = String::new();
        for a in q.answers {
            self.controls_of(ids, &by_keywords, a.question_id.as_deref(), &a.question, &mut text, &mut |i| out.push((i, a)));
        }
        out.sort_by_key(|&(i, _)| i); // stable: file order within each control
        out
    }
}

/// Scores one vendor (for many, build one `Scorer` and reuse it).
pub fn assess(baseline: &Baseline, subject: &Subject, as_of: NaiveDate, rules: &ValidityRules) -> Assessment {
    Scorer::new(baseline).assess(subject, as_of, rules)
}

/// `word` occurs in `text` at the start of a word.
/// Keyword `word` (lower-cased) is in `text`: at the start of a word, or anywhere when it is
/// written `*word` (the end of a German compound).
fn finds(text: &str, word: &str) -> bool {
    match word.strip_prefix('*') {
        Some(inside) => text.contains(inside),
        None => starts_a_word(text, word),
    }
}

fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| !text[..at].chars().next_back().is_some_and(char::is_alphanumeric))
}

/// `criterion` (e.g. `cc6.1`, `8.7`, both lower-cased) is named in `text` (lower-cased) as a
/// whole token: `8.7` is found in "a.8.7" and "8.7," but not in "18.7", "8.70" or "8.7.1".
fn mentions(text: &str, criterion: &str) -> bool {
    !criterion.is_empty()
        && text.match_indices(criterion).any(|(at, _)| {
            let (before, after) = (&text[..at], &text[at + criterion.len()..]);
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

/// What one certification shows for a control under one rule; `None` when it does not speak to it
/// (another kind, a lapsed or superseded record, a criterion out of scope, an adverse opinion).
fn certification_evidence(
    c: &Certification,
    rule: &CertRule,
    criteria: &[String],
    exceptions: &str,
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
    let mut weakened = Vec::new();
    if c.status == CertStatus::Unverified {
        weakened.push(Weakness::DatesUnverified);
    }
    if !missing_tsc.is_empty() {
        weakened.push(Weakness::CriteriaUnstated { criteria: missing_tsc });
    }
    if c.opinion == Some(Opinion::Qualified) {
        weakened.push(Weakness::QualifiedOpinion);
    }
    let excepted: Vec<String> =
        rule.criteria.iter().zip(criteria).filter(|(_, k)| mentions(exceptions, k)).map(|(k, _)| k.clone()).collect();
    if !excepted.is_empty() {
        weakened.push(Weakness::Exceptions { criteria: excepted });
    }
    for carve_out in &c.carve_outs {
        let left: Vec<String> =
            rule.criteria.iter().filter(|k| carve_out.criteria.iter().any(|x| x.eq_ignore_ascii_case(k))).cloned().collect();
        if !left.is_empty() {
            weakened.push(Weakness::CarvedOut { organisation: carve_out.organisation.clone(), criteria: left });
        }
    }
    let uncovered: Vec<String> =
        services.iter().filter(|s| !c.services.is_empty() && !c.services.iter().any(|x| x.eq_ignore_ascii_case(s))).cloned().collect();
    if !uncovered.is_empty() {
        weakened.push(Weakness::ServicesNotCovered { services: uncovered });
    }
    if rules.rule(c.kind).bridgeable {
        let dates =
            CertDates { period_start: c.period_start, period_end: c.period_end, as_of: c.as_of, issued: c.issued, expires: c.expires };
        let own = current_until(c.kind, &dates, &[], rules);
        if own.is_some_and(|own| own < as_of) {
            weakened.push(Weakness::BridgeOnly);
        }
    }
    if !weakened.is_empty() {
        strength = strength.min(Strength::Limited);
    }
    let status = if rule.partial { ControlStatus::PartiallyMet } else { ControlStatus::Met };
    let criteria = if c.tsc.is_empty() { Vec::new() } else { rule.tsc.clone() };
    Some(Evidence {
        source: Source::Certification {
            certification_id: c.id,
            kind: c.kind,
            criteria,
            current_until: c.current_until,
            weakened,
            partly: (rule.partial && !rule.note.is_empty()).then(|| rule.note.clone()),
            partly_de: (rule.partial && !rule.note_de.is_empty()).then(|| rule.note_de.clone()),
        },
        strength,
        status,
        expiring: c.status == CertStatus::Expiring,
        recorded: None,
    })
}

/// What the answers to a control's questions show: all yes is met, some yes is partially met, all
/// no is not met, all n/a is not applicable; unanswered questions count against "met".
fn questionnaire_evidence(q: QuestionnaireFacts, matched: &[(usize, &GivenAnswer)]) -> Option<Evidence> {
    if matched.is_empty() {
        return None;
    }
    let answers = || matched.iter().map(|&(_, a)| a);
    let count = |want: Answer| answers().filter(|a| a.answer == want).count();
    let (yes, partial, no, na, unknown) =
        (count(Answer::Yes), count(Answer::Partial), count(Answer::No), count(Answer::Na), count(Answer::Unknown));
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
    let described = answers().any(|a| a.answer != Answer::Unknown && a.commented);
    let strength = if described { Strength::Documented } else { Strength::SelfDeclared };
    // "CSA CAIQ" is cited as "CAIQ": the acronym a template's name ends with, else the whole name
    let acronym = q.template_name.split_whitespace().last().filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_uppercase()));
    let answers = answers()
        .map(|a| CitedAnswer { question_id: a.question_id.as_deref().map(str::to_owned), said: a.said.clone(), cell: a.cell.clone() })
        .collect();
    let source = Source::Questionnaire { questionnaire_id: q.id, template: acronym.unwrap_or(q.template_name).to_owned(), answers };
    Some(Evidence { source, strength, status, expiring: false, recorded: None })
}

/// A control's status from its evidence: the best finding wins (a report showing a control is not
/// undone by a missing answer), and among equal findings the strongest evidence.
fn rate(control: &Control, names: &[Arc<str>; 4], mut evidence: Vec<Evidence>, subject: &Subject, as_of: NaiveDate) -> ControlResult {
    evidence.sort_by(|a, b| a.status.rank().cmp(&b.status.rank()).then(b.strength.cmp(&a.strength)).then(a.expiring.cmp(&b.expiring)));
    let best = evidence.first();
    let status = best.map_or(ControlStatus::Unknown, |e| e.status);
    let strength = best.filter(|e| e.status != ControlStatus::Unknown).map(|e| e.strength);
    let needed = control.evidence_needed.for_tier(subject.tier);
    let mut missing = Vec::new();
    match status {
        ControlStatus::Met | ControlStatus::NotApplicable => {}
        ControlStatus::PartiallyMet => missing.push(Missing::FullEvidence),
        ControlStatus::NotMet => missing.push(Missing::NotInPlace),
        ControlStatus::Unknown => missing.push(if control.questions.is_empty() && control.keywords.is_empty() {
            Missing::Certification
        } else {
            Missing::AnswerOrCertification
        }),
    }
    if let Some(has) = strength.filter(|&s| s < needed && status != ControlStatus::NotApplicable) {
        missing.push(Missing::StrongerEvidence { tier: subject.tier, needed, has });
    }
    let expiring =
        best.is_some_and(|b| b.expiring && !evidence.iter().any(|e| !e.expiring && e.status == b.status && e.strength >= needed));
    if expiring {
        missing.push(Missing::NewerReport);
    }
    let accepted = subject
        .accepted
        .iter()
        .filter(|a| a.control_id.eq_ignore_ascii_case(&control.id) && a.active_on(as_of))
        .max_by_key(|a| a.until)
        .cloned();
    let [id, title, title_de, domain] = names.clone();
    ControlResult {
        id,
        title,
        title_de,
        domain,
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
    let reason = |code: ReasonCode, c: &ControlResult| Reason { code, control_id: Some(c.id.clone()) };
    if controls.iter().all(|c| c.evidence.is_empty()) {
        return (Verdict::Insufficient, vec![Reason { code: ReasonCode::NoEvidence, control_id: None }]);
    }
    let mut fails = Vec::new();
    let mut conditions = Vec::new();
    for c in controls.iter().filter(|c| c.mandatory) {
        let unmet = matches!(c.status, ControlStatus::NotMet | ControlStatus::Unknown);
        if c.accepted.is_some() && (unmet || c.status == ControlStatus::PartiallyMet || c.strength.is_some_and(|s| s < c.needed)) {
            conditions.push(reason(ReasonCode::AcceptedRisk, c));
            continue;
        }
        match c.status {
            ControlStatus::NotMet => fails.push(reason(ReasonCode::MandatoryNotMet, c)),
            ControlStatus::Unknown => fails.push(reason(ReasonCode::MandatoryUnknown, c)),
            ControlStatus::PartiallyMet => conditions.push(reason(ReasonCode::PartiallyMet, c)),
            ControlStatus::Met | ControlStatus::NotApplicable => {}
        }
        if c.strength.is_some_and(|s| s < c.needed) && c.status != ControlStatus::NotApplicable {
            conditions.push(reason(ReasonCode::WeakEvidence, c));
        }
        if c.status != ControlStatus::NotApplicable && c.expiring {
            conditions.push(reason(ReasonCode::ExpiringEvidence, c));
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
