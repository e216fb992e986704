//! The one-vendor summary PDF a procurement team files with a contract decision: identity,
//! certifications, the baseline verdict with every control, exceptions and gaps, and where the
//! questionnaire came from. Pure: everything it shows is passed in.

use super::fonts::Weight;
use super::labels::{self, t, Lang};
use super::layout::*;
use chrono::NaiveDate;
use vetted_domain::assessment::{Assessment, ControlStatus, Reason, ReasonCode, Verdict};
use vetted_domain::certification::Certification;
use vetted_domain::certification::{CertStatus, DutyState};
use vetted_domain::questionnaire::QuestionnaireVersion;
use vetted_domain::{CountryCode, Vendor};

/// What a vendor summary shows.
#[derive(Debug, Clone, Copy)]
pub struct SummaryInput<'a> {
    pub vendor: &'a Vendor,
    pub certifications: &'a [Certification],
    pub assessment: &'a Assessment,
    /// Every imported version, newest first.
    pub questionnaires: &'a [QuestionnaireVersion],
    /// The rules the certifications were evaluated by (their kinds' names).
    pub rules: &'a vetted_domain::certification::ValidityRules,
    /// The newest approval on record, if any.
    pub approval: Option<&'a vetted_domain::approval::Approval>,
    /// The conditions still open (open or in progress), by due date.
    pub open_conditions: &'a [vetted_domain::approval::Condition],
    pub made: Made<'a>,
}

pub fn verdict_color(v: Verdict) -> Rgb {
    match v {
        Verdict::Meets => GREEN,
        Verdict::Conditional => AMBER,
        Verdict::Fails => RED,
        Verdict::Insufficient => GREY,
    }
}

pub fn cert_color(s: CertStatus) -> Rgb {
    match s {
        CertStatus::Current => GREEN,
        CertStatus::Expiring => AMBER,
        CertStatus::Lapsed => RED,
        CertStatus::Superseded | CertStatus::Unverified => GREY,
    }
}

fn control_color(s: ControlStatus) -> Rgb {
    match s {
        ControlStatus::Met => GREEN,
        ControlStatus::PartiallyMet => AMBER,
        ControlStatus::NotMet => RED,
        ControlStatus::NotApplicable | ControlStatus::Unknown => GREY,
    }
}

/// Country codes as names in `lang` ("Germany (DE)").
pub fn country_names(codes: &[String], lang: Lang) -> String {
    codes
        .iter()
        .map(|code| match CountryCode::parse(code) {
            Ok(c) => format!("{} ({})", if lang == Lang::De { c.name_de() } else { c.name_en() }, c.as_str()),
            Err(_) => code.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn date(d: Option<NaiveDate>, lang: Lang) -> String {
    d.map(|d| labels::date(lang, d)).unwrap_or_else(|| t(lang, "not_recorded").to_string())
}

/// What a reader checks of a report besides its kind: the period (or the day) it speaks of,
/// the criteria in scope and the auditor's opinion; the certificate number.
fn details(c: &Certification, lang: Lang) -> String {
    let mut out = Vec::new();
    match (c.period_start, c.period_end, c.as_of) {
        (Some(s), Some(e), _) => out.push(format!("{} {}–{}", t(lang, "period"), labels::date(lang, s), labels::date(lang, e))),
        (_, _, Some(d)) => out.push(format!("{} {}", t(lang, "report_date"), labels::date(lang, d))),
        _ => {}
    }
    if !c.tsc.is_empty() {
        out.push(c.tsc.iter().map(|&k| crate::words::criterion(lang, k)).collect::<Vec<_>>().join(", "));
    }
    if let Some(o) = c.opinion {
        out.push(format!("{}: {}", t(lang, "opinion"), labels::opinion(lang, o)));
    }
    if !c.certificate_number.trim().is_empty() {
        out.push(format!("{} {}", t(lang, "number"), c.certificate_number.trim()));
    }
    let mut text = out.join(" · ");
    for o in &c.carve_outs {
        text.push('\n');
        text.push_str(&labels::carve_out(lang, o));
    }
    text
}

/// Reasons shown in full at the top; the others are named by their controls' ids.
const SHOWN_REASONS: usize = 3;

/// The reasons in the order they weigh: what fails the vendor, then what makes it conditional.
fn deciding(reasons: &[Reason]) -> Vec<&Reason> {
    let weight = |r: &Reason| match r.code {
        ReasonCode::MandatoryNotMet => 0,
        ReasonCode::MandatoryUnknown => 1,
        ReasonCode::NoEvidence => 2,
        ReasonCode::WeakEvidence => 3,
        ReasonCode::PartiallyMet => 4,
        ReasonCode::ExpiringEvidence => 5,
        ReasonCode::AcceptedRisk => 6,
    };
    let mut out: Vec<&Reason> = reasons.iter().collect();
    out.sort_by_key(|r| weight(r)); // stable: the baseline's order within a kind
    out
}

/// The summary as PDF bytes.
pub fn vendor_summary(input: &SummaryInput<'_>) -> Result<Vec<u8>, String> {
    let SummaryInput { vendor: v, assessment: a, made, .. } = *input;
    let lang = made.lang;
    let mut l = Layout::new(A4_PORTRAIT);

    // Title block.
    l.paragraph(&t(lang, "vendor_summary").to_uppercase(), Style::new(Weight::Bold, 8.0, MUTED), 0.0);
    l.space(2.0);
    l.paragraph(&v.name, Style::new(Weight::Bold, 20.0, INK), 0.0);
    l.space(3.0);
    let tier = v.tier.map(|t| format!("{} {}", labels::t(lang, "tier"), t.get())).unwrap_or_default();
    let line = [labels::vendor_status(lang, v.status).to_string(), tier, format!("{} {}", t(lang, "as_of"), labels::date(lang, a.as_of))]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("  ·  ");
    l.paragraph(&line, Style::new(Weight::Regular, 9.5, MUTED), 0.0);
    l.space(6.0);
    let verdict_row = vec![vec![
        Cell {
            text: labels::verdict(lang, a.verdict).to_string(),
            bold: true,
            color: Some(verdict_color(a.verdict)),
            chip: Some(verdict_color(a.verdict)),
        },
        Cell::muted(format!(
            "{} {}  ·  {} v{}",
            t(lang, "coverage"),
            labels::percent(lang, a.coverage),
            if lang == Lang::De && !a.baseline_name_de.is_empty() { &a.baseline_name_de } else { &a.baseline_name },
            a.baseline_version
        )),
    ]];
    l.table(&[Column::new("", 1.0), Column::new("", 1.4)], &verdict_row, 10.5, false);
    // What decides the verdict, first: the weightiest reasons, the rest by their ids.
    let reasons = deciding(&a.reasons);
    if !reasons.is_empty() {
        l.space(2.0);
        l.paragraph(t(lang, "reasons"), Style::new(Weight::Bold, 9.5, INK), 0.0);
        for r in reasons.iter().take(SHOWN_REASONS) {
            l.bullet(&crate::words::reason(lang, a, r), BODY);
        }
        if reasons.len() > SHOWN_REASONS {
            let rest: Vec<&str> = reasons[SHOWN_REASONS..].iter().filter_map(|r| r.control_id.as_deref()).collect();
            l.bullet(&format!("{} {}", labels::more_reasons(lang, reasons.len() - SHOWN_REASONS), rest.join(", ")), BODY);
        }
    }
    if a.tier.is_none() {
        l.paragraph(t(lang, "untiered_rule"), NOTE, 0.0);
    }
    // The approval on record: who, when, on which verdict, why.
    l.space(4.0);
    match input.approval {
        Some(ap) => {
            // the baseline by its name when it is the one scored here
            let baseline = match lang {
                Lang::De if ap.baseline_id == a.baseline_id && !a.baseline_name_de.is_empty() => a.baseline_name_de.to_string(),
                _ if ap.baseline_id == a.baseline_id => a.baseline_name.to_string(),
                _ => ap.baseline_id.clone(),
            };
            let status = labels::capitalised(labels::vendor_status(lang, ap.status));
            let line = t(lang, "approval_line")
                .replace("{status}", &status)
                .replace("{who}", &ap.approved_by)
                .replace("{date}", &labels::date_text(lang, ap.approved_at.get(..10).unwrap_or(&ap.approved_at)))
                .replace("{verdict}", labels::verdict(lang, ap.verdict))
                .replace("{baseline}", &baseline)
                .replace("{version}", &ap.baseline_version.to_string());
            l.paragraph(&line, BODY, 0.0);
            if !ap.justification.is_empty() {
                l.paragraph(&format!("{}: {}", t(lang, "justification"), ap.justification), NOTE, 0.0);
            }
        }
        None => l.paragraph(t(lang, "no_approval"), NOTE, 0.0),
    }

    // Identity.
    l.heading(t(lang, "identity"), 60.0);
    let tier_text = match (v.tier, v.tier_override, &v.tier_override_reason) {
        (Some(tier), Some(_), Some(reason)) => format!("{} ({}: {reason})", tier.get(), t(lang, "tier_override")),
        (Some(tier), _, _) => tier.get().to_string(),
        (None, _, _) => String::new(),
    };
    let review = match (v.last_review, v.next_review) {
        (None, None) => String::new(),
        (last, next) => format!("{} / {}", date(last, lang), date(next, lang)),
    };
    let pairs: Vec<(&str, String)> = vec![
        ("legal_name", v.name.clone()),
        ("services", v.services.join(", ")),
        ("parent", v.serves.iter().map(|l| labels::link(lang, &l.client_name, l)).collect::<Vec<_>>().join("\n")),
        ("own_sub_processors", v.sub_processors.iter().map(|l| labels::link(lang, &l.vendor_name, l)).collect::<Vec<_>>().join("\n")),
        ("purpose", v.purpose.clone()),
        ("data_categories", v.data_categories.iter().map(|c| labels::data_category(lang, c)).collect::<Vec<_>>().join(", ")),
        ("data_subjects", v.data_subjects.iter().map(|c| labels::data_subject(lang, c)).collect::<Vec<_>>().join(", ")),
        ("countries", country_names(&v.countries, lang)),
        ("transfer", v.transfer_mechanism.map(|m| labels::transfer(lang, m).to_string()).unwrap_or_default()),
        ("tier", tier_text),
        ("status", labels::vendor_status(lang, v.status).to_string()),
        ("owner", v.owner.clone()),
        ("dpa_signed", v.dpa_signed.map(|d| labels::date(lang, d)).unwrap_or_default()),
        ("renewal", v.contract_renewal.map(|d| labels::date(lang, d)).unwrap_or_default()),
        ("next_review", review),
        ("website", v.website.clone().unwrap_or_default()),
    ];
    let rows: Vec<Vec<Cell>> = pairs
        .into_iter()
        .filter(|(key, value)| !(matches!(*key, "parent" | "own_sub_processors" | "website") && value.is_empty()))
        .map(|(key, value)| {
            let label = if key == "next_review" {
                format!("{} / {}", t(lang, "last_review"), t(lang, "next_review"))
            } else {
                t(lang, key).to_string()
            };
            let cell = if value.trim().is_empty() { Cell::muted(t(lang, "not_recorded")) } else { Cell::text(value) };
            vec![Cell::muted(label), cell]
        })
        .collect();
    l.table(&[Column::new("", 1.35), Column::new("", 3.2)], &rows, 8.8, false);

    // Certifications.
    l.heading(t(lang, "certifications"), 40.0);
    if input.certifications.is_empty() {
        l.paragraph(t(lang, "no_certifications"), NOTE, 0.0);
    } else {
        let columns = [
            Column::new(t(lang, "kind"), 1.3),
            Column::new(t(lang, "scope"), 2.8),
            Column::new(t(lang, "issuer"), 1.4),
            Column::new(t(lang, "current_until"), 1.0),
            Column::new(t(lang, "status"), 1.1),
        ];
        let rows: Vec<Vec<Cell>> = input
            .certifications
            .iter()
            .map(|c| {
                let scope = if c.services.is_empty() {
                    c.scope.clone()
                } else if c.scope.is_empty() {
                    c.services.join(", ")
                } else {
                    format!("{} ({})", c.scope, c.services.join(", "))
                };
                vec![
                    Cell::bold(&c.kind_label),
                    Cell::text(match details(c, lang) {
                        d if d.is_empty() => scope,
                        d if scope.is_empty() => d,
                        d => format!("{scope}\n{d}"),
                    }),
                    Cell::text(&c.issuer),
                    Cell::text(date(c.current_until, lang)),
                    Cell::status(labels::cert_status(lang, c.status), cert_color(c.status)),
                ]
            })
            .collect();
        l.table(&columns, &rows, 8.5, true);
    }

    // Every control (the verdict and its reasons lead the first page).
    l.heading(t(lang, "verdict_heading"), 60.0);
    let columns = [
        Column::new("ID", 0.55),
        Column::new(t(lang, "control"), 2.5),
        Column::new(t(lang, "status"), 1.15),
        Column::new(t(lang, "evidence"), 3.95),
    ];
    let rows: Vec<Vec<Cell>> = a
        .controls
        .iter()
        .map(|c| {
            let title = if lang == Lang::De { &c.title_de } else { &c.title };
            let mut control =
                Cell::text(format!("{title}{}", if c.mandatory { format!(" ({})", t(lang, "mandatory")) } else { String::new() }));
            control.bold = c.mandatory;
            let evidence = match c.evidence.first() {
                Some(e) => format!("{}: {}", labels::strength(lang, e.strength), crate::words::evidence(lang, e, input.rules)),
                None => format!("{} ({} {})", t(lang, "none"), t(lang, "needed"), labels::strength(lang, c.needed)),
            };
            vec![
                Cell::muted(&*c.id),
                control,
                Cell::status(labels::control_status(lang, c.status), control_color(c.status)),
                Cell::text(evidence),
            ]
        })
        .collect();
    l.table(&columns, &rows, 8.0, true);

    // The conditions still open, the overdue ones marked.
    if !input.open_conditions.is_empty() {
        l.heading(t(lang, "open_conditions"), 30.0);
        let columns = [
            Column::new(t(lang, "condition"), 3.6),
            Column::new(t(lang, "control"), 0.8),
            Column::new(t(lang, "owner"), 1.4),
            Column::new(t(lang, "due"), 1.6),
        ];
        let today = input.made.generated_on;
        let rows: Vec<Vec<Cell>> = input
            .open_conditions
            .iter()
            .map(|c| {
                let due = match c.due {
                    Some(d) if c.overdue(today) => Cell::status(format!("{} ({})", labels::date(lang, d), t(lang, "overdue")), RED),
                    Some(d) => Cell::text(labels::date(lang, d)),
                    None => Cell::muted("–"),
                };
                vec![Cell::text(&c.title), Cell::muted(c.control_id.as_deref().unwrap_or("–")), Cell::text(&c.owner), due]
            })
            .collect();
        l.table(&columns, &rows, 8.5, true);
    }

    // The customer's side: the duties the kept reports leave to it, and where it stands on each.
    let with_duties: Vec<&Certification> =
        input.certifications.iter().filter(|c| !c.duties.is_empty() && c.status != CertStatus::Superseded).collect();
    if !with_duties.is_empty() {
        l.heading(t(lang, "duties_heading"), 30.0);
        l.paragraph(t(lang, "duties_intro"), NOTE, 0.0);
        let columns = [Column::new(t(lang, "duty"), 4.6), Column::new(t(lang, "duty_state"), 1.3), Column::new(t(lang, "kind"), 1.3)];
        let rows: Vec<Vec<Cell>> = with_duties
            .iter()
            .flat_map(|c| c.duties.iter().map(move |d| (c, d)))
            .map(|(c, d)| {
                let word = labels::duty_state(lang, d.state);
                let state = match d.state {
                    DutyState::Open => Cell::status(word, AMBER),
                    DutyState::InPlace => Cell::status(word, GREEN),
                    DutyState::NotApplicable => Cell::muted(word),
                };
                let note = if d.note.is_empty() { String::new() } else { format!("\n{}", d.note) };
                vec![Cell::text(format!("{} ({} {}){note}", d.text, t(lang, "page_short"), d.page)), state, Cell::muted(&c.kind_label)]
            })
            .collect();
        l.table(&columns, &rows, 8.5, true);
    }

    // Exceptions: risks accepted and what auditors noted (open gaps are the reasons above).
    let accepted: Vec<_> = a.controls.iter().filter_map(|c| c.accepted.as_ref().map(|acc| (c, acc))).collect();
    let noted: Vec<_> =
        input.certifications.iter().filter(|c| !c.exceptions.trim().is_empty() && c.status != CertStatus::Superseded).collect();
    if !accepted.is_empty() || !noted.is_empty() {
        l.heading(t(lang, "gaps_heading"), 30.0);
        for (c, acc) in accepted {
            let title = if lang == Lang::De { &c.title_de } else { &c.title };
            l.bullet(
                &format!(
                    "{} {} ({title}): {}; {} {}, {} {}",
                    t(lang, "accepted_risk"),
                    c.id,
                    acc.reason,
                    t(lang, "accepted_by"),
                    acc.accepted_by,
                    t(lang, "until"),
                    labels::date(lang, acc.until)
                ),
                BODY,
            );
        }
        for c in noted {
            l.bullet(&format!("{} ({}): {}", t(lang, "auditor_exceptions"), c.kind_label, c.exceptions.trim()), BODY);
        }
    }

    // Provenance.
    l.heading(t(lang, "provenance"), 30.0);
    if input.questionnaires.is_empty() {
        l.paragraph(t(lang, "no_questionnaire"), NOTE, 0.0);
    } else {
        let columns = [
            Column::new(t(lang, "version"), 0.6),
            Column::new(t(lang, "file"), 2.6),
            Column::new("SHA-256", 1.2),
            Column::new(t(lang, "template"), 1.4),
            Column::new(t(lang, "imported_on"), 1.0),
        ];
        let rows: Vec<Vec<Cell>> = input
            .questionnaires
            .iter()
            .map(|q| {
                vec![
                    Cell::text(q.version.to_string()),
                    Cell::text(&q.file_name),
                    Cell::muted(q.sha256.chars().take(12).collect::<String>()),
                    Cell::text(&q.template_name),
                    Cell::text(labels::date_text(lang, &q.imported_at)),
                ]
            })
            .collect();
        l.table(&columns, &rows, 8.0, true);
    }

    let title = format!("{} — {}", t(lang, "vendor_summary"), v.name);
    let info = DocInfo { subject: labels::verdict(lang, a.verdict).to_string(), footer_center: title.clone(), title };
    l.finish(&info, &made)
}
