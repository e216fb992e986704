//! Exports with what they read from the store: a vendor's summary PDF, the sub-processor list
//! (published as a numbered version each time it changes) and the change notice between two
//! versions. The CLI and the app call these; the documents themselves are made in `report`.

use crate::assess::{self, ScoreOptions};
use crate::certs;
use crate::domain::certification::{CertStatus, ValidityRules};
use crate::domain::publication::Served;
use crate::error::{Error, Result};
use crate::report::{self, Lang, Made, RegisterCert, RegisterDiff, RegisterEntry, RegisterFilter, RegisterList};
use crate::store::{ChangeContext, Store};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The version written into every document.
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A file format the sub-processor list or a change notice can be exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Pdf,
    Xlsx,
    Csv,
    Json,
}

impl ExportFormat {
    pub fn parse(raw: &str) -> Result<ExportFormat> {
        match raw.trim().trim_start_matches('.').to_ascii_lowercase().as_str() {
            "pdf" => Ok(ExportFormat::Pdf),
            "xlsx" => Ok(ExportFormat::Xlsx),
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            other => Err(Error::field("format", "unknown_format", format!("'{other}' is not an export format (pdf, xlsx, csv, json)"))),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Pdf => "pdf",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }
}

/// The day to judge on, the day it is, and the language of the document.
#[derive(Debug, Clone, Copy)]
pub struct ExportOptions {
    pub as_of: NaiveDate,
    pub today: NaiveDate,
    pub lang: Lang,
}

fn made(ctx: &ChangeContext, options: &ExportOptions) -> Made<'static> {
    Made { lang: options.lang, generated_on: options.today, generated_at: ctx.at.timestamp(), app_version: APP_VERSION }
}

fn render_error(e: String) -> Error {
    Error::Io(format!("the document could not be made: {e}"))
}

/// One vendor's summary as PDF bytes, judged on `options.as_of`. Assessing it saves a snapshot
/// as scoring always does on today's date.
pub async fn summary_pdf(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    vendor_id: i64,
    options: &ExportOptions,
) -> Result<Vec<u8>> {
    let vendor = store.vendor(vendor_id).await?;
    let certifications = certs::list(store, Some(vendor_id), rules, options.as_of).await?;
    let score = ScoreOptions { as_of: options.as_of, today: options.today, baseline: None, keep: false };
    let scored = assess::score(store, ctx, rules, Some(vendor_id), &score).await?;
    let assessment = &scored.first().ok_or_else(|| Error::NotFound(format!("vendor {vendor_id} was not assessed")))?.assessment;
    let questionnaires = store.questionnaires(vendor_id).await?;
    let approvals = store.approvals(vendor_id).await?;
    let open_conditions = store.conditions(Some(vendor_id), true).await?;
    let input = report::SummaryInput {
        vendor: &vendor,
        certifications: &certifications,
        assessment,
        questionnaires: &questionnaires,
        rules,
        approval: approvals.first(),
        open_conditions: &open_conditions,
        made: made(ctx, options),
    };
    report::vendor_summary(&input).map_err(render_error)
}

/// The sub-processors `filter` selects, as the list shows them on `options.as_of`.
pub async fn register_entries(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    filter: &RegisterFilter,
    options: &ExportOptions,
) -> Result<Vec<RegisterEntry>> {
    let vendors = store.vendors(&filter.statuses).await?;
    let mut certs_of: HashMap<i64, Vec<RegisterCert>> = HashMap::new();
    for c in certs::list(store, None, rules, options.as_of).await? {
        if c.status != CertStatus::Superseded {
            let cert = RegisterCert { kind: c.kind, label: c.kind_label, scope: c.scope, current_until: c.current_until, status: c.status };
            certs_of.entry(c.vendor_id).or_default().push(cert);
        }
    }
    let mut open_conditions: HashMap<i64, u32> = HashMap::new();
    for c in store.conditions(None, true).await? {
        *open_conditions.entry(c.vendor_id).or_default() += 1;
    }
    let mut verdicts = HashMap::new();
    if filter.with_verdict {
        let score = ScoreOptions { as_of: options.as_of, today: options.today, baseline: None, keep: false };
        assess::score_each(store, ctx, rules, &assess::Which::All, &score, &mut |round| {
            verdicts.extend(round.into_iter().map(|s| (s.vendor.id, s.assessment.verdict)));
            Ok(())
        })
        .await?;
    }
    Ok(vendors
        .into_iter()
        .map(|v| RegisterEntry {
            vendor_id: v.id,
            certifications: certs_of.remove(&v.id).unwrap_or_default(),
            verdict: verdicts.get(&v.id).copied(),
            open_conditions: open_conditions.get(&v.id).copied().unwrap_or(0),
            entity: v.name,
            services: v.services,
            purpose: v.purpose,
            data_categories: v.data_categories,
            countries: v.countries,
            transfer_mechanism: v.transfer_mechanism,
            serves: v.serves.into_iter().map(|l| Served { client: l.client_name, purpose: l.purpose, locations: l.locations }).collect(),
            parent: None,
            status: v.status,
        })
        .collect())
}

/// Publishes the list `filter` selects: a new numbered version when it differs from the newest,
/// else the newest again (the flag says which).
pub async fn publish_register(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    filter: &RegisterFilter,
    options: &ExportOptions,
) -> Result<(RegisterList, bool)> {
    let entries = register_entries(store, ctx, rules, filter, options).await?;
    store.publish_register(ctx, options.as_of, filter, &entries).await
}

/// A published list as a file's bytes.
pub fn render_register(list: &RegisterList, format: ExportFormat, ctx: &ChangeContext, options: &ExportOptions) -> Result<Vec<u8>> {
    let m = made(ctx, options);
    match format {
        ExportFormat::Pdf => report::register::register_pdf(list, m).map_err(render_error),
        ExportFormat::Xlsx => report::register::register_xlsx(list, options.lang).map_err(render_error),
        ExportFormat::Csv => report::register::register_csv(list, options.lang).map_err(render_error),
        ExportFormat::Json => Ok(report::register::register_json(list)),
    }
}

/// What changed from published version `from` to `to`.
pub async fn diff_versions(store: &Store, from: u32, to: u32) -> Result<RegisterDiff> {
    let (a, b) = (store.register_version(from).await?, store.register_version(to).await?);
    Ok(report::diff(&a, &b))
}

/// A change notice as a file's bytes (PDF, CSV or JSON).
pub fn render_diff(diff: &RegisterDiff, format: ExportFormat, ctx: &ChangeContext, options: &ExportOptions) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Pdf => report::register::diff_pdf(diff, made(ctx, options)).map_err(render_error),
        ExportFormat::Csv => report::register::diff_csv(diff, options.lang).map_err(render_error),
        ExportFormat::Json => Ok(report::register::diff_json(diff)),
        ExportFormat::Xlsx => Err(Error::field("format", "unsupported_format", "a change notice is exported as pdf, csv or json")),
    }
}

/// What exporting the list did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Published {
    /// The published version the file holds.
    pub version: u32,
    /// A new version was published (false: the list is unchanged since `version`).
    pub new: bool,
    pub entries: u32,
    pub bytes: u32,
}

/// Publishes the list (see `publish_register`) and writes it to `path` whole or not at all.
#[allow(clippy::too_many_arguments)]
pub async fn write_register(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    filter: &RegisterFilter,
    format: ExportFormat,
    options: &ExportOptions,
    path: &std::path::Path,
) -> Result<Published> {
    // The file is made before the version is published: a place that cannot be written fails
    // first, and publishes nothing.
    let staged = crate::files::Staged::beside(path)?;
    let (list, new) = publish_register(store, ctx, rules, filter, options).await?;
    let bytes = render_register(&list, format, ctx, options)?;
    staged.fill(&bytes)?;
    Ok(Published { version: list.version, new, entries: list.entries.len() as u32, bytes: bytes.len() as u32 })
}

/// Writes a vendor's summary PDF to `path`; returns its size in bytes.
pub async fn write_summary(
    store: &Store,
    ctx: &ChangeContext,
    rules: &ValidityRules,
    vendor_id: i64,
    options: &ExportOptions,
    path: &std::path::Path,
) -> Result<u32> {
    let pdf = summary_pdf(store, ctx, rules, vendor_id, options).await?;
    crate::files::write_whole(path, &pdf)?;
    Ok(pdf.len() as u32)
}

/// Writes the change notice from version `from` to `to` to `path`, and returns the changes.
pub async fn write_diff(
    store: &Store,
    ctx: &ChangeContext,
    (from, to): (u32, u32),
    format: ExportFormat,
    options: &ExportOptions,
    path: &std::path::Path,
) -> Result<RegisterDiff> {
    let diff = diff_versions(store, from, to).await?;
    let bytes = render_diff(&diff, format, ctx, options)?;
    crate::files::write_whole(path, &bytes)?;
    Ok(diff)
}

/// What Vetted's own questionnaire is to be made for: a baseline (default: the one the vendor,
/// or a vendor of the tier, is held to), a tier (default: the vendor's, else 1), a language,
/// and the vendor whose name it carries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct QuestionnaireRequest {
    pub baseline: Option<String>,
    pub tier: Option<u8>,
    pub lang: Lang,
    pub vendor_id: Option<i64>,
}

/// A questionnaire written: what it was made from, and how many questions it asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MadeQuestionnaire {
    pub made_from: crate::domain::questionnaire::OwnQuestionnaire,
    pub baseline_name: crate::scoring::Localized,
    pub questions: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Writes Vetted's own questionnaire for `request` to `path`, whole or not at all.
pub async fn write_questionnaire(
    store: &Store,
    request: &QuestionnaireRequest,
    today: NaiveDate,
    path: &std::path::Path,
) -> Result<MadeQuestionnaire> {
    use crate::domain::Tier;
    let vendor = match request.vendor_id {
        Some(id) => Some(store.vendor(id).await?),
        None => None,
    };
    let tier = match request.tier {
        Some(t) => Tier::new(t).map_err(|e| crate::domain::Error::field("tier", "invalid_tier", e))?,
        None => vendor.as_ref().and_then(|v| v.tier).unwrap_or(Tier::new(1).expect("1 is a tier")),
    };
    let baseline = match &request.baseline {
        Some(id) => store.baseline(id, None).await?,
        None => store.baseline_for(Some(tier)).await?,
    };
    let questions = baseline.controls.iter().map(|c| c.ask.len() as u32).sum();
    if questions == 0 {
        let why = format!("the baseline '{}' asks no questions", baseline.id);
        return Err(crate::domain::Error::field("baseline", "no_questions", why));
    }
    let input = report::questionnaire::QuestionnaireInput {
        baseline: &baseline,
        tier,
        lang: request.lang,
        vendor: vendor.as_ref().map(|v| v.name.as_str()),
        made_on: today,
    };
    let bytes = report::questionnaire::questionnaire_xlsx(&input).map_err(Error::Io)?;
    crate::files::write_whole(path, &bytes)?;
    Ok(MadeQuestionnaire { made_from: input.identity(), baseline_name: baseline.name.clone(), questions, bytes: bytes.len() as u64 })
}
