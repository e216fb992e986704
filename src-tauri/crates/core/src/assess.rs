//! Assessments as a person asks for them: each vendor's tier, latest questionnaire,
//! certifications on the day and accepted risks are read from the store, scored against the
//! baseline its tier is held to, and, when the day is today, saved as a dated snapshot.

use crate::certs::{self, Certification};
use crate::domain::certification::ValidityRules;
use crate::domain::Tier;
use crate::error::Result;
use crate::scoring::{Assessment, Baseline, QuestionnaireFacts, RiskAcceptance, Scorer, Subject};
use crate::store::{AcceptanceDraft, ChangeContext, QuestionnaireVersion, Store, VendorRef};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// What to score against and whether to keep the result.
#[derive(Debug, Clone)]
pub struct ScoreOptions {
    /// The day asked about; a day other than `today` is a "what if" and is never saved.
    pub as_of: NaiveDate,
    pub today: NaiveDate,
    /// A baseline to use instead of the one each vendor's tier is held to (not saved either:
    /// snapshots name baselines the register keeps).
    pub baseline: Option<Baseline>,
    /// Keep today's results as snapshots (what a person asking for an assessment wants; an
    /// export reads verdicts without writing any).
    pub keep: bool,
}

/// One vendor's assessment, and whether it was saved as a new snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, ts_rs::TS)]
pub struct Scored {
    pub vendor: VendorRef,
    pub assessment: Assessment,
    /// A snapshot was written (false for what-ifs and for results unchanged since the last one).
    pub saved: bool,
}

/// What a snapshot records as known on the day, beside the result.
#[derive(Serialize)]
struct Inputs<'a> {
    tier: Option<Tier>,
    services: &'a [String],
    questionnaire: Option<QuestionnaireInput<'a>>,
    certifications: Vec<CertInput<'a>>,
    accepted: Vec<&'a RiskAcceptance>,
}

#[derive(Serialize)]
struct QuestionnaireInput<'a> {
    id: i64,
    version: i64,
    template: &'a str,
    file_name: &'a str,
    sha256: &'a str,
    imported_at: &'a str,
}

#[derive(Serialize)]
struct CertInput<'a> {
    id: i64,
    kind: &'a str,
    status: String,
    current_until: Option<NaiveDate>,
}

/// Scores one vendor (`Some(id)`) or every vendor not archived.
pub async fn score(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    vendor_id: Option<i64>,
    options: &ScoreOptions,
) -> Result<Vec<Scored>> {
    let vendors = store.vendor_tiers(vendor_id).await?;
    if let Some(id) = vendor_id.filter(|_| vendors.is_empty()) {
        return Err(crate::Error::no_such(crate::domain::Thing::Vendor, id));
    }
    let mut services: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, name) in store.vendor_services(vendor_id).await? {
        services.entry(id).or_default().push(name);
    }
    let mut certifications: HashMap<i64, Vec<Certification>> = HashMap::new();
    for c in certs::list(store, vendor_id, rules, options.as_of).await? {
        certifications.entry(c.vendor_id).or_default().push(c);
    }
    let questionnaires: HashMap<i64, (QuestionnaireVersion, Vec<crate::import::extract::ImportedAnswer>)> =
        store.latest_questionnaires(vendor_id).await?.into_iter().map(|q| (q.0.vendor_id, q)).collect();
    let mut accepted: HashMap<i64, Vec<RiskAcceptance>> = HashMap::new();
    for a in store.risk_acceptances(vendor_id).await? {
        accepted.entry(a.vendor_id).or_default().push(a);
    }

    let mut baselines: HashMap<Option<Tier>, Baseline> = HashMap::new();
    if options.baseline.is_none() {
        for (_, tier) in &vendors {
            if !baselines.contains_key(tier) {
                baselines.insert(*tier, store.baseline_for(*tier).await?);
            }
        }
    }
    let scorers: HashMap<Option<Tier>, Scorer> = baselines.iter().map(|(t, b)| (*t, Scorer::new(b))).collect();
    let override_scorer = options.baseline.as_ref().map(Scorer::new);

    // Each vendor's inputs, borrowed from what was read above.
    let accepted_in: Vec<Vec<RiskAcceptance>> = vendors
        .iter()
        .map(|(vendor, tier)| {
            let baseline = options.baseline.as_ref().unwrap_or_else(|| &baselines[tier]);
            accepted.get(&vendor.id).map_or(Vec::new(), |all| all.iter().filter(|a| a.baseline_id == baseline.id).cloned().collect())
        })
        .collect();
    let subjects: Vec<Subject> = vendors
        .iter()
        .zip(&accepted_in)
        .map(|((vendor, tier), accepted)| Subject {
            tier: *tier,
            services: services.get(&vendor.id).map_or(&[][..], Vec::as_slice),
            questionnaire: questionnaires.get(&vendor.id).map(|(v, answers)| QuestionnaireFacts {
                id: v.id,
                template: &v.template,
                template_name: &v.template_name,
                answers,
            }),
            certifications: certifications.get(&vendor.id).map_or(&[][..], Vec::as_slice),
            accepted,
        })
        .collect();

    // Scored per baseline (one per tier at most), on every core.
    let mut assessments: Vec<Option<Assessment>> = vec![None; subjects.len()];
    let groups: Vec<Option<Tier>> = match &override_scorer {
        Some(_) => vec![None],
        None => scorers.keys().copied().collect(),
    };
    for group in groups {
        let scorer = override_scorer.as_ref().unwrap_or_else(|| &scorers[&group]);
        let members: Vec<usize> = (0..subjects.len()).filter(|&i| override_scorer.is_some() || vendors[i].1 == group).collect();
        let batch: Vec<Subject> = members.iter().map(|&i| subjects[i]).collect();
        for (i, a) in members.into_iter().zip(scorer.assess_all(&batch, options.as_of, rules)) {
            assessments[i] = Some(a);
        }
    }

    let save = options.keep && options.as_of == options.today && options.baseline.is_none();
    let mut out = Vec::with_capacity(vendors.len());
    let mut inputs = Vec::with_capacity(if save { vendors.len() } else { 0 });
    for ((vendor, tier), (subject, assessment)) in vendors.into_iter().zip(subjects.iter().zip(assessments)) {
        if save {
            inputs.push(inputs_json(tier, subject, questionnaires.get(&vendor.id).map(|(v, _)| v)));
        }
        out.push(Scored { vendor, assessment: assessment.expect("every vendor is in one group"), saved: false });
    }

    if save {
        let batch: Vec<(i64, &Assessment, String)> = out.iter().zip(inputs).map(|(s, i)| (s.vendor.id, &s.assessment, i)).collect();
        let saved = store.save_assessments(ctx, &batch).await?;
        for (s, was_saved) in out.iter_mut().zip(saved) {
            s.saved = was_saved;
        }
    }
    Ok(out)
}

/// What a snapshot records as known about one vendor, as JSON.
fn inputs_json(tier: Option<Tier>, subject: &Subject, questionnaire: Option<&QuestionnaireVersion>) -> String {
    let record = Inputs {
        tier,
        services: subject.services,
        questionnaire: questionnaire.map(|v| QuestionnaireInput {
            id: v.id,
            version: v.version,
            template: &v.template,
            file_name: &v.file_name,
            sha256: &v.sha256,
            imported_at: &v.imported_at,
        }),
        certifications: subject
            .certifications
            .iter()
            .map(|c| CertInput {
                id: c.id,
                kind: &c.kind_label,
                status: crate::domain::wire_name(&c.status),
                current_until: c.current_until,
            })
            .collect(),
        accepted: subject.accepted.iter().collect(),
    };
    serde_json::to_string(&record).expect("inputs serialise")
}

/// Records an accepted risk for a control of the baseline the vendor is held to.
pub async fn accept_risk(
    store: &Store,
    ctx: &ChangeContext,
    vendor_id: i64,
    draft: &AcceptanceDraft,
    today: NaiveDate,
) -> Result<RiskAcceptance> {
    let mut errors = crate::error::ValidationErrors::default();
    let until = crate::domain::parse_date(&draft.until).map_err(|e| errors.push("until", "invalid_date", e)).ok();
    if until.is_some_and(|u| u < today) {
        errors.push("until", "in_the_past", "an acceptance must hold until today or later");
    }
    for (field, value, max) in [("reason", &draft.reason, 4000), ("accepted_by", &draft.accepted_by, 200)] {
        if value.trim().is_empty() {
            errors.push(field, "required", format!("{} is required", field.replace('_', " ")));
        } else if value.trim().chars().count() > max {
            errors.push(field, "too_long", format!("at most {max} characters"));
        }
    }
    let (_, tier) = store
        .vendor_tiers(Some(vendor_id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| crate::Error::no_such(crate::domain::Thing::Vendor, vendor_id))?;
    let baseline = if draft.baseline_id.trim().is_empty() {
        store.baseline_for(tier).await?
    } else {
        store.baseline(draft.baseline_id.trim(), None).await?
    };
    let control = baseline.controls.iter().find(|c| c.id.eq_ignore_ascii_case(draft.control_id.trim()));
    if control.is_none() {
        errors.push(
            "control_id",
            "unknown_control",
            format!("'{}' is not a control of {} (e.g. {})", draft.control_id.trim(), baseline.name.en, baseline.controls[0].id),
        );
    }
    errors.into_result(())?;
    let draft = AcceptanceDraft { baseline_id: baseline.id.clone(), control_id: control.expect("checked").id.clone(), ..draft.clone() };
    store.accept_risk(ctx, vendor_id, &draft, until.expect("checked")).await
}
