//! Assessments as a person asks for them: each vendor's tier, latest questionnaire (the answers
//! a baseline can use), certifications on the day and accepted risks are read from the store,
//! scored against the baseline its tier is held to, and, when the day is today, saved as a dated
//! snapshot; round by round for a whole register, and again only where something changed.

use crate::certs::{self, Certification};
use crate::domain::certification::ValidityRules;
use crate::domain::certification::{current_until, evaluate, CertFacts};
use crate::domain::questionnaire::GivenAnswer;
use crate::domain::Tier;
use crate::error::Result;
use crate::scoring::{Assessment, Baseline, QuestionnaireFacts, RiskAcceptance, Scorer, Subject};
use crate::store::{AcceptanceDraft, ChangeContext, Checked, QuestionnaireVersion, Store, StoredCertification, VendorRef, WantedEntries};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

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

/// Vendors scored per round: their answers read, scored on every core, snapshots saved, handed
/// on; then the next (its answers read meanwhile). Memory stays that of two rounds, however
/// large the register.
const VENDORS_PER_ROUND: usize = 500;

/// Reads a round's answers are split into, run at once.
const READS_PER_ROUND: usize = 2;

/// Which vendors to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Which {
    One(i64),
    /// Every vendor not archived.
    All,
    /// These of the vendors not archived.
    These(Vec<i64>),
}

/// Scores one vendor (`Some(id)`) or every vendor not archived, and returns every result.
pub async fn score(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    vendor_id: Option<i64>,
    options: &ScoreOptions,
) -> Result<Vec<Scored>> {
    let which = vendor_id.map_or(Which::All, Which::One);
    let mut out = Vec::new();
    score_each(store, ctx, rules, &which, options, &mut |round| {
        out.extend(round);
        Ok(())
    })
    .await?;
    Ok(out)
}

/// Scores `which` vendors round by round, in the order of their names, handing each round's
/// results to `each` as soon as they are saved; returns how many were scored.
pub async fn score_each(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    which: &Which,
    options: &ScoreOptions,
    each: &mut (dyn FnMut(Vec<Scored>) -> Result<()> + Send),
) -> Result<usize> {
    let one = match which {
        Which::One(id) => Some(*id),
        _ => None,
    };
    // The history's newest entry before any input is read: a change after it makes the vendor
    // stale again (`refresh`).
    let mark = store.history_mark().await?;
    let mut vendors = store.vendor_tiers(one).await?;
    if let Some(id) = one.filter(|_| vendors.is_empty()) {
        return Err(crate::Error::no_such(crate::domain::Thing::Vendor, id));
    }
    if let Which::These(ids) = which {
        let wanted: HashSet<i64> = ids.iter().copied().collect();
        vendors.retain(|(v, _)| wanted.contains(&v.id));
    }
    if vendors.is_empty() {
        return Ok(0);
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

    // The questions whose answers can count: for one vendor, those its questionnaire asks; for
    // many, those some baseline names or matches by keywords (for the default baseline, 34 of a
    // CAIQ's 261).
    let wanted = match one {
        Some(id) => WantedEntries::new(store.question_catalog(Some(id)).await?),
        None => {
            let templates = store.questionnaire_templates().await?;
            let templates: Vec<&str> = templates.iter().map(String::as_str).collect();
            let readers: Vec<_> = override_scorer.iter().chain(scorers.values()).map(|s| s.reader(&templates)).collect();
            let catalog = store.question_catalog(None).await?;
            WantedEntries::new(catalog.into_iter().filter(|e| readers.iter().any(|reads| reads(e.question_id.as_deref(), &e.question))))
        }
    };

    let save = options.keep && options.as_of == options.today && options.baseline.is_none();
    let checked = save.then_some(Checked { as_of: options.today, history_id: mark });
    let mut scored = 0;
    // Each round's answers are read while the round before is scored and saved (the reading is
    // the engine's work, the scoring ours), at most one round ahead, in two halves at once (the
    // engine's work on two cores: a team register's server, or SQLite's threads).
    let wanted = std::sync::Arc::new(wanted);
    let read_ahead = |round: &[(VendorRef, Option<Tier>)]| {
        round
            .chunks(round.len().div_ceil(READS_PER_ROUND).max(1))
            .map(|part| {
                let (store, wanted) = (store.clone(), wanted.clone());
                let ids: Vec<i64> = part.iter().map(|(v, _)| v.id).collect();
                tokio::spawn(async move { store.latest_answers_to(&ids, &wanted).await })
            })
            .collect::<Vec<_>>()
    };
    let rounds: Vec<&[(VendorRef, Option<Tier>)]> = vendors.chunks(VENDORS_PER_ROUND).collect();
    let mut reading = rounds.first().map(|round| read_ahead(round));
    // What else a vendor's score rests on, read while the first round's answers are: three
    // independent reads at once (a team register's server answers each on its own connection).
    let (named, stored, risks) =
        tokio::try_join!(store.vendor_services(one), certs::list(store, one, rules, options.as_of), store.risk_acceptances(one))?;
    let mut services: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, name) in named {
        services.entry(id).or_default().push(name);
    }
    let mut certifications: HashMap<i64, Vec<Certification>> = HashMap::new();
    for c in stored {
        certifications.entry(c.vendor_id).or_default().push(c);
    }
    let mut accepted: HashMap<i64, Vec<RiskAcceptance>> = HashMap::new();
    for a in risks {
        accepted.entry(a.vendor_id).or_default().push(a);
    }
    for (n, round) in rounds.iter().enumerate() {
        let mut read = Vec::with_capacity(round.len());
        for part in reading.take().expect("each round's answers are being read") {
            match part.await {
                Ok(part) => read.extend(part?),
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(_) => return Err(crate::Error::Cancelled),
            }
        }
        reading = rounds.get(n + 1).map(|next| read_ahead(next));
        let questionnaires: HashMap<i64, (QuestionnaireVersion, Vec<GivenAnswer>)> = read.into_iter().map(|q| (q.0.vendor_id, q)).collect();

        // Each vendor's inputs, borrowed from what was read above.
        let accepted_in: Vec<Vec<RiskAcceptance>> = round
            .iter()
            .map(|(vendor, tier)| {
                let baseline = options.baseline.as_ref().unwrap_or_else(|| &baselines[tier]);
                accepted.get(&vendor.id).map_or(Vec::new(), |all| all.iter().filter(|a| a.baseline_id == baseline.id).cloned().collect())
            })
            .collect();
        let subjects: Vec<Subject> = round
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
            let members: Vec<usize> = (0..subjects.len()).filter(|&i| override_scorer.is_some() || round[i].1 == group).collect();
            let batch: Vec<Subject> = members.iter().map(|&i| subjects[i]).collect();
            for (i, a) in members.into_iter().zip(scorer.assess_all(&batch, options.as_of, rules)) {
                assessments[i] = Some(a);
            }
        }

        let mut out = Vec::with_capacity(round.len());
        let mut inputs = Vec::with_capacity(if save { round.len() } else { 0 });
        for ((vendor, tier), (subject, assessment)) in round.iter().zip(subjects.iter().zip(assessments)) {
            if save {
                inputs.push(inputs_json(*tier, subject, questionnaires.get(&vendor.id).map(|(v, _)| v)));
            }
            out.push(Scored { vendor: vendor.clone(), assessment: assessment.expect("every vendor is in one group"), saved: false });
        }
        if save {
            let batch: Vec<(i64, &Assessment, String)> = out.iter().zip(inputs).map(|(s, i)| (s.vendor.id, &s.assessment, i)).collect();
            let saved = store.save_assessments(ctx, &batch, checked).await?;
            for (s, was_saved) in out.iter_mut().zip(saved) {
                s.saved = was_saved;
            }
        }
        scored += out.len();
        each(out)?;
    }
    Ok(scored)
}

/// What scoring the vendors that needed it did: how many were scored and how many snapshots
/// that wrote (a changed result).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct Refreshed {
    pub scored: u32,
    pub saved: u32,
}

/// Scores, as of `today`, only the vendors whose assessment may have changed since each was last
/// scored: an input changed (a questionnaire, a certification, an accepted risk, the vendor's
/// tier or services, a baseline), a date that matters was crossed (a record lapsing, entering
/// its warning window or left current only by a bridge letter; an accepted risk ending), or it
/// was never scored. The rest keep their latest snapshot: it says what a new score would.
pub async fn refresh(store: &Store, ctx: &ChangeContext, rules: &ValidityRules, today: NaiveDate) -> Result<Refreshed> {
    let states = store.assessment_checks().await?;
    let mut stale: Vec<i64> = states.iter().filter(|s| s.changed || s.checked_on.is_none()).map(|s| s.vendor_id).collect();
    let dated: Vec<(i64, NaiveDate)> =
        states.iter().filter(|s| !s.changed).filter_map(|s| s.checked_on.filter(|d| *d != today).map(|d| (s.vendor_id, d))).collect();
    if !dated.is_empty() {
        let mut stored: HashMap<i64, Vec<StoredCertification>> = HashMap::new();
        for c in store.certifications(None).await? {
            stored.entry(c.vendor_id).or_default().push(c);
        }
        let mut accepted: HashMap<i64, Vec<RiskAcceptance>> = HashMap::new();
        for a in store.risk_acceptances(None).await? {
            accepted.entry(a.vendor_id).or_default().push(a);
        }
        for (vendor, checked_on) in dated {
            let (from, to) = (checked_on.min(today), checked_on.max(today));
            let certs = stored.get(&vendor).map_or(&[][..], Vec::as_slice);
            let risks = accepted.get(&vendor).map_or(&[][..], Vec::as_slice);
            if crossed(certs, risks, from, to, rules) {
                stale.push(vendor);
            }
        }
    }
    if stale.is_empty() {
        return Ok(Refreshed { scored: 0, saved: 0 });
    }
    let options = ScoreOptions { as_of: today, today, baseline: None, keep: true };
    let mut saved = 0;
    let scored = score_each(store, ctx, rules, &Which::These(stale), &options, &mut |round| {
        saved += round.iter().filter(|s| s.saved).count() as u32;
        Ok(())
    })
    .await?;
    Ok(Refreshed { scored: scored as u32, saved })
}

/// Whether a vendor's certifications or accepted risks read differently on `to` than on `from`:
/// a record's status or "current until" (lapsed, expiring, superseded, bridged), a report's own
/// period ending so that only a bridge letter keeps it current, an acceptance ending.
fn crossed(certs: &[StoredCertification], accepted: &[RiskAcceptance], from: NaiveDate, to: NaiveDate, rules: &ValidityRules) -> bool {
    let facts: Vec<CertFacts> =
        certs.iter().map(|s| CertFacts { kind: s.cert.kind, scope: s.cert.scope.clone(), dates: s.cert.dates.clone() }).collect();
    if evaluate(&facts, from, rules) != evaluate(&facts, to, rules) {
        return true;
    }
    let own_ends_between = |f: &CertFacts| {
        rules.rule(f.kind).bridgeable && current_until(f.kind, &f.dates, &[], rules).is_some_and(|own| own >= from && own < to)
    };
    facts.iter().any(own_ends_between) || accepted.iter().any(|a| a.active_on(from) != a.active_on(to))
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
