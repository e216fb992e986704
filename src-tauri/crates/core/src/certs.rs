//! Certifications as a person asks about them: recorded through the store, evaluated on a given day by the validity rules.

use crate::domain::certification::{evaluate, CertDraft, CertFacts, CertStatus, EvidenceLevel, ValidityRules};
use crate::domain::name_order;
use crate::error::Result;
use crate::evidence::{self, EvidenceFile, EvidenceLimits, StagedFile};
use crate::store::{ChangeContext, NewReading, Store, StoredCertification};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use ts_rs::TS;
pub use vetted_domain::certification::Certification;

/// Where a register keeps evidence files, and how large they may be.
#[derive(Debug, Clone)]
pub struct EvidenceStore {
    pub dir: PathBuf,
    pub limits: EvidenceLimits,
}

impl EvidenceStore {
    /// The evidence folder beside the register file `db_path`, with limits from the environment
    /// (a limit that is not a sane number of megabytes is refused).
    pub fn beside(db_path: &Path) -> Result<EvidenceStore> {
        Ok(EvidenceStore { dir: evidence::evidence_dir(db_path), limits: EvidenceLimits::from_env()? })
    }

    /// The local folder of copies of a team register's evidence (the database keeps the files):
    /// files are staged here on the way in and kept here on the way out, one folder per register.
    pub fn team_copies(register: &str) -> Result<EvidenceStore> {
        let key = crate::domain::hash::hex(&<sha2::Sha256 as sha2::Digest>::digest(register.as_bytes()));
        let dir = std::env::temp_dir().join(format!("vetted-{}", whoami())).join("team-evidence").join(&key[..16]);
        Ok(EvidenceStore { dir, limits: EvidenceLimits::from_env()? })
    }
}

/// The OS user, to keep one user's copies apart from another's in the shared temporary folder.
fn whoami() -> String {
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "user".into())
}

/// Checks and records a certification for a vendor, with copies of its evidence `files`, all or
/// nothing; returns it as evaluated on `today`.
#[allow(clippy::too_many_arguments)]
pub async fn add(
    store: &Store,
    ctx: &ChangeContext,
    vendor_id: i64,
    draft: &CertDraft,
    files: &[PathBuf],
    evidence: &EvidenceStore,
    rules: &ValidityRules,
    today: NaiveDate,
) -> Result<Certification> {
    let cert = draft.parse()?;
    let staged = stage_all(evidence, files)?;
    let readings = read_staged(evidence, &staged).await;
    let id = match store.add_certification(ctx, vendor_id, &cert, &rules.rule(cert.kind).label, &staged, &readings).await {
        Ok(id) => id,
        Err(e) => {
            evidence::unstage(&evidence.dir, &staged);
            return Err(e);
        }
    };
    one(store, vendor_id, id, rules, today).await
}

/// Copies an evidence file into the register and attaches it to certification `cert_id`.
pub async fn attach(
    store: &Store,
    ctx: &ChangeContext,
    cert_id: i64,
    file: &Path,
    evidence: &EvidenceStore,
    rules: &ValidityRules,
    today: NaiveDate,
) -> Result<Certification> {
    let staged = stage_all(evidence, &[file.to_path_buf()])?;
    let reading = read_staged(evidence, &staged).await;
    if let Err(e) = store.attach_evidence(ctx, cert_id, &staged[0], reading.first()).await {
        evidence::unstage(&evidence.dir, &staged);
        return Err(e);
    }
    let vendor_id = store.certification(cert_id).await?.vendor_id;
    one(store, vendor_id, cert_id, rules, today).await
}

/// The stored copy of evidence file `id`, checked to be unchanged: what the app opens.
pub async fn evidence_path(store: &Store, evidence: &EvidenceStore, id: i64) -> Result<PathBuf> {
    let (stored_name, sha256) = store.evidence_location(id).await?;
    if store.is_team() {
        // A team register's file: the local copy when it is the file, else a new copy from the
        // database, then checked like any other.
        if let Ok(path) = evidence::verified_path(&evidence.dir, &stored_name, &sha256) {
            return Ok(path);
        }
        evidence::remove_copy(&evidence.dir, &stored_name);
        let content = store
            .evidence_content(&sha256)
            .await?
            .ok_or_else(|| crate::Error::Corrupt(format!("the team register has no content for evidence file {id} ({stored_name})")))?;
        evidence::keep_copy(&evidence.dir, &stored_name, &content)?;
    }
    evidence::verified_path(&evidence.dir, &stored_name, &sha256)
}

/// Mutes or unmutes the reminders about certification `cert_id`.
pub async fn set_muted(store: &Store, ctx: &ChangeContext, cert_id: i64, muted: bool, rules: &ValidityRules) -> Result<()> {
    let cert = store.certification(cert_id).await?;
    let label = &rules.rule(cert.cert.kind).label;
    let what = if cert.cert.scope.is_empty() { label.clone() } else { format!("{label}: {}", cert.cert.scope) };
    store.set_reminders_muted(ctx, cert_id, muted, &what).await
}

/// What the PDFs among `staged` (read from the register's own copies) say, to keep with the
/// record: every document with text; a file that is not a readable PDF is kept as evidence
/// without a reading.
async fn read_staged(evidence: &EvidenceStore, staged: &[StagedFile]) -> Vec<NewReading> {
    let pdfs: Vec<(String, PathBuf)> = staged
        .iter()
        .filter(|f| f.media_type == "application/pdf")
        .map(|f| (f.sha256.clone(), evidence.dir.join(&f.stored_name)))
        .collect();
    if pdfs.is_empty() {
        return Vec::new();
    }
    tokio::task::spawn_blocking(move || {
        pdfs.into_iter()
            .filter_map(|(sha256, path)| read_document(&path).ok().filter(|r| r.text_pages > 0).map(|r| kept_reading(sha256, &r)))
            .collect()
    })
    .await
    .unwrap_or_default()
}

/// A reading as the register keeps it: the whole of it, its carve-outs, its duties.
pub fn kept_reading(evidence_sha256: String, r: &crate::assurance::Reading) -> NewReading {
    use crate::assurance::SubserviceMethod;
    let carve_outs = r
        .subservice_organisations
        .iter()
        .filter(|s| s.value.method == Some(SubserviceMethod::CarveOut))
        .filter_map(|s| {
            Some(crate::domain::certification::CarveOut {
                organisation: s.value.name.clone()?,
                service: s.value.service.clone(),
                criteria: s.value.criteria.clone(),
                page: s.page,
            })
        })
        .collect();
    NewReading {
        evidence_sha256,
        reading: serde_json::to_string(r).expect("a reading serialises"),
        carve_outs,
        duties: r.cuecs.iter().map(|c| (c.value.clone(), c.page)).collect(),
    }
}

/// The readings kept with certification `cert_id`, oldest first.
pub async fn readings(store: &Store, cert_id: i64) -> Result<Vec<crate::assurance::Reading>> {
    store.certification(cert_id).await?;
    store
        .readings(cert_id)
        .await?
        .iter()
        .map(|json| serde_json::from_str(json).map_err(|e| crate::Error::Corrupt(format!("a kept reading: {e}"))))
        .collect()
}

fn stage_all(evidence: &EvidenceStore, files: &[PathBuf]) -> Result<Vec<StagedFile>> {
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        match evidence::stage(&evidence.dir, file, evidence.limits) {
            Ok(s) => staged.push(s),
            Err(e) => {
                evidence::unstage(&evidence.dir, &staged);
                return Err(e);
            }
        }
    }
    Ok(staged)
}

async fn one(store: &Store, vendor_id: i64, id: i64, rules: &ValidityRules, today: NaiveDate) -> Result<Certification> {
    let all = list(store, Some(vendor_id), rules, today).await?;
    Ok(all.into_iter().find(|c| c.id == id).expect("the record just written"))
}

/// Every certification of one vendor (or all), evaluated on `today` among its vendor's records.
pub async fn list(store: &Store, vendor_id: Option<i64>, rules: &ValidityRules, today: NaiveDate) -> Result<Vec<Certification>> {
    list_where(store, vendor_id, rules, today, |_, _, _| true).await
}

/// The certifications `keep(record, current until, status)` keeps, evaluated on `today`: only
/// those are made into full records (with their evidence files), so asking for a few of a
/// large register does not build them all.
async fn list_where(
    store: &Store,
    vendor_id: Option<i64>,
    rules: &ValidityRules,
    today: NaiveDate,
    keep: impl Fn(&StoredCertification, Option<NaiveDate>, CertStatus) -> bool,
) -> Result<Vec<Certification>> {
    let stored = store.certifications(vendor_id).await?;
    let mut kept = Vec::new();
    for group in stored.chunk_by(|a, b| a.vendor_id == b.vendor_id) {
        let facts: Vec<CertFacts> =
            group.iter().map(|s| CertFacts { kind: s.cert.kind, scope: s.cert.scope.clone(), dates: s.cert.dates.clone() }).collect();
        for (s, (current_until, status)) in group.iter().zip(evaluate(&facts, today, rules)) {
            if keep(s, current_until, status) {
                kept.push((s, current_until, status));
            }
        }
    }
    if kept.is_empty() {
        return Ok(Vec::new());
    }
    let mut files = store.vendor_evidence_files(vendor_id).await?;
    files.sort_by_key(|f| (f.certification_id, f.id));
    let files_of = |id: i64| -> Vec<EvidenceFile> {
        let start = files.partition_point(|f| f.certification_id < id);
        files[start..].iter().take_while(|f| f.certification_id == id).cloned().collect()
    };
    Ok(kept.into_iter().map(|(s, current_until, status)| view(s, rules, current_until, status, today, files_of(s.id))).collect())
}

/// Records that stop being current within `days` after `today` (superseded ones left out),
/// soonest first.
pub fn lapsing_within(certs: &[Certification], today: NaiveDate, days: u32) -> Vec<Certification> {
    let end = today + chrono::Duration::days(i64::from(days));
    let mut out: Vec<Certification> = certs
        .iter()
        .filter(|c| c.status != CertStatus::Superseded)
        .filter(|c| c.current_until.is_some_and(|u| u >= today && u <= end))
        .cloned()
        .collect();
    out.sort_by_key(|c| (c.current_until, c.id));
    out
}

/// What lapses when, and who has nothing current: the expiry dashboard on `today`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Dashboard {
    pub as_of_date: NaiveDate,
    /// Records that stop being current within 30 days, then within 31-60, then 61-90 days.
    pub within_30: Vec<Certification>,
    pub within_60: Vec<Certification>,
    pub within_90: Vec<Certification>,
    /// Lapsed records no newer record replaces, most recently lapsed first.
    pub lapsed: Vec<Certification>,
    /// Active vendors with no current independent security attestation, the most critical tier
    /// first (untiered last), then by name.
    pub unattested: Vec<TieredVendor>,
    /// Every record not replaced by a newer one, by vendor name then start: the timeline chart.
    pub timeline: Vec<Certification>,
    /// Active vendors whose review is overdue (the next review before today), longest overdue first.
    pub overdue_reviews: Vec<ReviewDue>,
    /// Active vendors whose contract renews within 90 days or whose renewal date has passed, soonest first.
    pub contract_renewals: Vec<ReviewDue>,
    /// Active vendors with no date of a signed data processing agreement (GDPR Art. 28), by name.
    pub without_dpa: Vec<crate::store::VendorRef>,
    /// Conditions of approvals open past their due date, longest overdue first.
    pub overdue_conditions: Vec<vetted_domain::approval::Condition>,
    /// Conditions still open (overdue or not).
    pub open_conditions: u32,
}

/// A vendor with the tier in force (none: not rated).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TieredVendor {
    pub vendor: crate::store::VendorRef,
    pub tier: Option<vetted_domain::Tier>,
}

/// A vendor's date that is due (a review, a contract renewal), and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ReviewDue {
    pub vendor: crate::store::VendorRef,
    pub due: NaiveDate,
}

/// The dashboard on `today`: three lapse windows, the lapsed, and vendors without assurance.
pub async fn dashboard(store: &Store, rules: &ValidityRules, today: NaiveDate) -> Result<Dashboard> {
    let all = list(store, None, rules, today).await?;
    let band = |from: u32, to: u32| -> Vec<Certification> {
        lapsing_within(&all, today, to)
            .into_iter()
            .filter(|c| c.current_until.is_some_and(|u| (u - today).num_days() >= i64::from(from)))
            .collect()
    };
    let mut lapsed: Vec<Certification> = all.iter().filter(|c| c.status == CertStatus::Lapsed).cloned().collect();
    lapsed.sort_by_key(|c| std::cmp::Reverse((c.current_until, c.id)));
    let assured = |vendor_id: i64| {
        all.iter().any(|c| {
            c.vendor_id == vendor_id
                && c.security_report
                && c.evidence == EvidenceLevel::Attestation
                && matches!(c.status, CertStatus::Current | CertStatus::Expiring)
        })
    };
    let mut unattested: Vec<TieredVendor> = store
        .vendor_tiers(None)
        .await?
        .into_iter()
        .filter(|(v, _)| !assured(v.id))
        .map(|(vendor, tier)| TieredVendor { vendor, tier })
        .collect();
    // Within a tier by name in the register's order (umlauts among their letters), as the store lists them.
    let tier = |u: &TieredVendor| u.tier.map_or(u8::MAX, |t| t.get());
    unattested
        .sort_by(|a, b| tier(a).cmp(&tier(b)).then_with(|| name_order(&a.vendor.name, &b.vendor.name)).then(a.vendor.id.cmp(&b.vendor.id)));
    let mut timeline: Vec<Certification> = all.iter().filter(|c| c.status != CertStatus::Superseded).cloned().collect();
    timeline.sort_by(|a, b| {
        name_order(&a.vendor_name, &b.vendor_name)
            .then_with(|| (a.period_start.or(a.issued).or(a.as_of), a.id).cmp(&(b.period_start.or(b.issued).or(b.as_of), b.id)))
    });
    let overdue_reviews = store
        .review_dates()
        .await?
        .into_iter()
        .filter(|(_, _, due)| *due < today)
        .map(|(id, name, due)| ReviewDue { vendor: crate::store::VendorRef { id, name }, due })
        .collect();
    let contracts = store.contract_dates().await?;
    let mut contract_renewals: Vec<ReviewDue> = contracts
        .iter()
        .filter_map(|(id, name, _, renewal)| {
            let due = (*renewal)?;
            ((due - today).num_days() <= 90).then(|| ReviewDue { vendor: crate::store::VendorRef { id: *id, name: name.clone() }, due })
        })
        .collect();
    contract_renewals.sort_by_key(|r| (r.due, r.vendor.id));
    let without_dpa =
        contracts.into_iter().filter(|(_, _, dpa, _)| dpa.is_none()).map(|(id, name, _, _)| crate::store::VendorRef { id, name }).collect();
    let open = store.conditions(None, true).await?;
    let open_conditions = open.len() as u32;
    let overdue_conditions = open.into_iter().filter(|c| c.overdue(today)).collect(); // by due date already
    Ok(Dashboard {
        overdue_conditions,
        open_conditions,
        overdue_reviews,
        contract_renewals,
        without_dpa,
        timeline,
        as_of_date: today,
        within_30: band(0, 30),
        within_60: band(31, 60),
        within_90: band(61, 90),
        lapsed,
        unattested,
    })
}

fn view(
    s: &StoredCertification,
    rules: &ValidityRules,
    current_until: Option<NaiveDate>,
    status: CertStatus,
    today: NaiveDate,
    evidence_files: Vec<EvidenceFile>,
) -> Certification {
    let rule = rules.rule(s.cert.kind);
    let c = &s.cert;
    Certification {
        id: s.id,
        vendor_id: s.vendor_id,
        vendor_name: s.vendor_name.clone(),
        kind: c.kind,
        kind_label: rule.label.clone(),
        issuer: c.issuer.clone(),
        certificate_number: c.certificate_number.clone(),
        scope: c.scope.clone(),
        services: c.services.clone(),
        tsc: c.tsc.clone(),
        period_start: c.dates.period_start,
        period_end: c.dates.period_end,
        as_of: c.dates.as_of,
        issued: c.dates.issued,
        expires: c.dates.expires,
        opinion: c.opinion,
        exceptions: c.exceptions.clone(),
        evidence: rule.evidence,
        security_report: rule.security_report,
        current_until,
        status,
        as_of_date: today,
        created_at: s.created_at.clone(),
        evidence_files,
        reminders_muted: s.reminders_muted,
        read_from_document: s.read_from_document,
        carve_outs: s.carve_outs.clone(),
        duties: s.duties.clone(),
    }
}

/// How far a vendor's service, or the vendor as a whole, is covered by independent security
/// evidence: the latest "current until" among the records that cover it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Assurance {
    #[ts(type = "number")]
    pub vendor_id: i64,
    /// The service; absent: the vendor as a whole.
    pub service: Option<String>,
    /// The last day it is covered; absent: no record covers it.
    pub assured_through: Option<NaiveDate>,
    /// The record that gives (for the whole vendor: that limits) the date.
    #[ts(type = "number | null")]
    pub by: Option<i64>,
    pub by_label: Option<String>,
}

/// Whether a record counts towards assurance: an independent report or certificate about
/// security (not a bridge letter alone, not a self-assessment, not SOC 1), not replaced, with dates
/// that say until when.
fn assures(c: &Certification) -> bool {
    c.security_report
        && matches!(c.evidence, EvidenceLevel::Attestation | EvidenceLevel::PointInTime)
        && c.status != CertStatus::Superseded
        && c.current_until.is_some()
}

/// "Assured through" for each of a vendor's `services` (records naming no service cover them all),
/// then for the vendor as a whole: the earliest of its services' dates, or, when it lists no
/// services, the latest of its records.
pub fn assurance(vendor_id: i64, services: &[String], certs: &[Certification]) -> Vec<Assurance> {
    let counting: Vec<&Certification> = certs.iter().filter(|c| c.vendor_id == vendor_id && assures(c)).collect();
    let best = |service: Option<&str>| -> Option<&Certification> {
        counting
            .iter()
            .filter(|c| match service {
                None => true,
                Some(s) => c.services.is_empty() || c.services.iter().any(|x| x.eq_ignore_ascii_case(s)),
            })
            .max_by_key(|c| (c.current_until, c.id))
            .copied()
    };
    let row = |service: Option<&str>, by: Option<&Certification>| Assurance {
        vendor_id,
        service: service.map(str::to_owned),
        assured_through: by.and_then(|c| c.current_until),
        by: by.map(|c| c.id),
        by_label: by.map(|c| c.kind_label.clone()),
    };
    let mut out: Vec<Assurance> = services.iter().map(|s| row(Some(s), best(Some(s)))).collect();
    let whole = if services.is_empty() {
        row(None, best(None))
    } else if out.iter().any(|a| a.assured_through.is_none()) {
        row(None, None)
    } else {
        let weakest = out.iter().min_by_key(|a| a.assured_through).expect("services is not empty");
        Assurance { service: None, ..weakest.clone() }
    };
    out.insert(0, whole);
    out
}

/// One vendor's assurance on `today`, the whole vendor first, then each service.
pub async fn vendor_assurance(store: &Store, vendor_id: i64, rules: &ValidityRules, today: NaiveDate) -> Result<Vec<Assurance>> {
    let certs = list(store, Some(vendor_id), rules, today).await?;
    let services: Vec<String> = store.vendor_services(Some(vendor_id)).await?.into_iter().map(|(_, s)| s).collect();
    Ok(assurance(vendor_id, &services, &certs))
}

/// Records to remind people of on `today`: expiring or lapsed, not muted, and not yet announced
/// with this status and date.
pub async fn reminders_due(store: &Store, rules: &ValidityRules, today: NaiveDate) -> Result<Vec<Certification>> {
    let shown: std::collections::HashSet<(i64, String, NaiveDate)> = store.reminders_shown().await?.into_iter().collect();
    list_where(store, None, rules, today, |s, current_until, status| {
        matches!(status, CertStatus::Expiring | CertStatus::Lapsed)
            && !s.reminders_muted
            && current_until.is_some_and(|until| !shown.contains(&(s.id, crate::domain::wire_name(&status), until)))
    })
    .await
}

/// Logs that reminders about `certs` were shown, so they are not shown again for the same status.
pub async fn mark_reminded(store: &Store, ctx: &ChangeContext, certs: &[Certification]) -> Result<()> {
    let shown: Vec<(i64, String, NaiveDate)> =
        certs.iter().filter_map(|c| Some((c.id, crate::domain::wire_name(&c.status), c.current_until?))).collect();
    store.log_reminders_shown(ctx, &shown).await
}

/// Reads an assurance document from disk within the reader's limits; a file that is not a
/// readable PDF is refused with the reason. A scan (no text) is reported as such, with what text
/// recognition read from its images when it is installed (`recognised`).
pub fn read_assurance(path: &std::path::Path) -> Result<crate::assurance::Reading> {
    let mut reading = read_document(path)?;
    if reading.text_pages == 0 {
        reading.recognised = crate::recognise::recognise(path, reading.pages).map(Box::new);
    }
    Ok(reading)
}

/// Reads a document's text layer and facts, without text recognition.
fn read_document(path: &std::path::Path) -> Result<crate::assurance::Reading> {
    use crate::assurance::{Limits, TextError};
    let limits = Limits::default();
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let meta = std::fs::metadata(path)
        .map_err(|_| crate::domain::Error::field("file", "file_not_found", format!("there is no file {}", path.display())))?;
    if meta.len() as usize > limits.max_bytes {
        return Err(crate::domain::Error::field("file", "file_too_large", format!("{name} is over {} MB", limits.max_bytes >> 20)));
    }
    let bytes = std::fs::read(path).map_err(|e| crate::Error::Io(format!("cannot read {name}: {e}")))?;
    let reading = crate::assurance::read(&bytes, &limits).map_err(|e| {
        let (code, why) = match e {
            TextError::NotPdf => ("not_a_pdf", format!("{name} is not a PDF")),
            TextError::NeedsPassword => ("pdf_password", format!("{name} needs a password to open")),
            TextError::TooLarge { limit } => ("file_too_large", format!("{name} is over {} MB", limit >> 20)),
            TextError::TooManyPages { pages, limit } => {
                ("pdf_too_many_pages", format!("{name} has {pages} pages; at most {limit} are read"))
            }
            TextError::TooManyObjects { limit } => ("pdf_too_complex", format!("{name} has more than {limit} objects")),
            TextError::Damaged(why) => ("pdf_damaged", format!("{name} cannot be read as a PDF: {why}")),
        };
        crate::domain::Error::field("file", code, why)
    })?;
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::certification::CertKind;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cert(id: i64, kind: CertKind, services: &[&str], until: &str, status: CertStatus) -> Certification {
        let rules = ValidityRules::default_rules();
        let rule = rules.rule(kind);
        Certification {
            id,
            vendor_id: 1,
            vendor_name: "Genesys".into(),
            kind,
            kind_label: rule.label.clone(),
            issuer: String::new(),
            certificate_number: String::new(),
            scope: String::new(),
            services: services.iter().map(|s| s.to_string()).collect(),
            tsc: vec![],
            period_start: None,
            period_end: None,
            as_of: None,
            issued: None,
            expires: None,
            opinion: None,
            exceptions: String::new(),
            evidence: rule.evidence,
            security_report: rule.security_report,
            current_until: (!until.is_empty()).then(|| d(until)),
            status,
            as_of_date: d("2026-11-22"),
            created_at: String::new(),
            evidence_files: vec![],
            reminders_muted: false,
            read_from_document: false,
            carve_outs: vec![],
            duties: vec![],
        }
    }

    fn through(rows: &[Assurance]) -> Vec<(Option<&str>, Option<String>)> {
        rows.iter().map(|a| (a.service.as_deref(), a.assured_through.map(|d| d.to_string()))).collect()
    }

    #[test]
    fn assured_through_per_service_and_for_the_weakest_service() {
        use crate::domain::certification::CertKind::*;
        use CertStatus::*;
        let services = ["Cloud CX".to_string(), "Workforce".to_string(), "Dialogflow".to_string()];
        let certs = [
            cert(1, Soc2Type2, &["Cloud CX"], "2027-03-31", Current),
            cert(2, Iso27001_2022, &[], "2026-12-15", Expiring), // names no service: covers all
            cert(3, Soc2Type2, &["workforce"], "2028-01-31", Current),
            cert(4, Soc2Type2, &["Cloud CX"], "2029-01-01", Superseded), // replaced: does not count
            cert(5, Soc1, &["Dialogflow"], "2029-01-01", Current),       // not about security
            cert(6, CsaStarL1, &["Dialogflow"], "2029-01-01", Current),  // self-assessment
            cert(7, BridgeLetter, &["Dialogflow"], "2029-01-01", Current),
        ];
        let rows = assurance(1, &services, &certs);
        assert_eq!(
            through(&rows),
            [
                (None, Some("2026-12-15".into())),
                (Some("Cloud CX"), Some("2027-03-31".into())),
                (Some("Workforce"), Some("2028-01-31".into())),
                (Some("Dialogflow"), Some("2026-12-15".into())),
            ]
        );
        assert_eq!((rows[0].by, rows[3].by_label.as_deref()), (Some(2), Some("ISO/IEC 27001:2022")));
        // Without the certificate covering everything, one service has nothing and neither has the vendor.
        let rows = assurance(1, &services, &certs[..1]);
        assert_eq!(through(&rows)[0], (None, None));
        assert_eq!(through(&rows)[2], (Some("Workforce"), None));
        // A vendor listing no services is assured by its latest record, lapsed or not.
        let rows = assurance(1, &[], &[cert(1, PenTest, &[], "2026-01-31", Lapsed), cert(2, Soc2Type1, &[], "2025-05-01", Lapsed)]);
        assert_eq!(through(&rows), [(None, Some("2026-01-31".into()))]);
        assert_eq!(through(&assurance(1, &[], &[])), [(None, None)]);
    }
}
