//! The one-vendor summary PDF a procurement team files with a contract decision: identity,
//! certifications, the baseline verdict with every control, exceptions and gaps, and where the
//! questionnaire came from. Pure: everything it shows is passed in.

use super::fonts::Weight;
use super::labels::{self, t, Lang};
use super::layout::*;
use chrono::NaiveDate;
use vetted_domain::assessment::{Assessment, ControlStatus, Source, Verdict};
use vetted_domain::certification::CertStatus;
use vetted_domain::certification::Certification;
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

/// A mandatory control that is not (fully) met, or that nothing shows is met.
fn gap(c: &vetted_domain::assessment::ControlResult) -> bool {
    matches!(c.status, ControlStatus::NotMet | ControlStatus::Unknown | ControlStatus::PartiallyMet)
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
            "{} {}  ·  {} {} v{}",
            t(lang, "coverage"),
            labels::percent(lang, a.coverage),
            t(lang, "baseline"),
            if lang == Lang::De && !a.baseline_name_de.is_empty() { &a.baseline_name_de } else { &a.baseline_name },
            a.baseline_version
        )),
    ]];
    l.table(&[Column::new("", 1.0), Column::new("", 1.4)], &verdict_row, 10.5, false);

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
        ("parent", v.parent_name.clone().unwrap_or_default()),
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
        .filter(|(key, value)| !(matches!(*key, "parent" | "website") && value.is_empty()))
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
    l.table(&[Column::new("", 1.0), Column::new("", 3.2)], &rows, 8.8, false);

    // Certifications.
    l.heading(t(lang, "certifications"), 40.0);
    if input.certifications.is_empty() {
        l.paragraph(t(lang, "no_certifications"), NOTE, 0.0);
    } else {
        let columns = [
            Column::new(t(lang, "kind"), 1.5),
            Column::new(t(lang, "scope"), 2.6),
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
                    Cell::text(scope),
                    Cell::text(&c.issuer),
                    Cell::text(date(c.current_until, lang)),
                    Cell::status(labels::cert_status(lang, c.status), cert_color(c.status)),
                ]
            })
            .collect();
        l.table(&columns, &rows, 8.5, true);
    }

    // Verdict: reasons, then every control.
    l.heading(t(lang, "verdict_heading"), 60.0);
    let verdict_style = Style::new(Weight::Bold, 10.0, verdict_color(a.verdict));
    l.paragraph(&format!("{}: {}", t(lang, "verdict"), labels::verdict(lang, a.verdict)), verdict_style, 0.0);
    l.space(3.0);
    for r in &a.reasons {
        l.bullet(&crate::words::reason(lang, a, r), BODY);
    }
    l.space(6.0);
    let columns = [
        Column::new("ID", 0.55),
        Column::new(t(lang, "control"), 2.5),
        Column::new(t(lang, "status"), 1.15),
        Column::new(t(lang, "evidence"), 3.0),
        Column::new(t(lang, "source"), 0.95),
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
            let source = match c.evidence.first().map(|e| &e.source) {
                Some(Source::Certification { .. }) => t(lang, "source_certification"),
                Some(Source::Questionnaire { .. }) => t(lang, "source_questionnaire"),
                None => "",
            };
            vec![
                Cell::muted(&*c.id),
                control,
                Cell::status(labels::control_status(lang, c.status), control_color(c.status)),
                Cell::text(evidence),
                Cell::text(source),
            ]
        })
        .collect();
    l.table(&columns, &rows, 8.0, true);

    // Exceptions and gaps.
    l.heading(t(lang, "gaps_heading"), 30.0);
    let mut any = false;
    for c in &a.controls {
        let title = if lang == Lang::De { &c.title_de } else { &c.title };
        if let Some(acc) = &c.accepted {
            any = true;
            l.bullet(
                &format!(
                    "{} {} ({title}): {}; {} {}, {} {}",
                    t(lang, "accepted_risk"),
                    c.id,
                    acc.reason,
                    t(lang, "accepted_by"),
                    acc.accepted_by,
                    t(lang, "until"),
                    acc.until
                ),
                BODY,
            );
        } else if c.mandatory && (gap(c) || c.strength.is_some_and(|s| s < c.needed) || c.expiring) {
            any = true;
            let kind = if gap(c) { t(lang, "open_gap") } else { t(lang, "condition") };
            let detail = c.missing.iter().map(|m| crate::words::missing(lang, m)).collect::<Vec<_>>().join("; ");
            l.bullet(&format!("{kind} {} ({title}): {detail}", c.id), BODY);
        }
    }
    for c in input.certifications.iter().filter(|c| !c.exceptions.trim().is_empty() && c.status != CertStatus::Superseded) {
        any = true;
        l.bullet(&format!("{} ({}): {}", t(lang, "auditor_exceptions"), c.kind_label, c.exceptions.trim()), BODY);
    }
    if !any {
        l.paragraph(t(lang, "no_gaps"), NOTE, 0.0);
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
