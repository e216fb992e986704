//! Certifications as a person asks about them: recorded through the store, evaluated on a given day by the validity rules.

use crate::domain::certification::{
    evaluate, CertDraft, CertFacts, CertKind, CertStatus, EvidenceLevel, Opinion, TrustCriterion, ValidityRules,
};
use crate::error::Result;
use crate::store::{ChangeContext, Store, StoredCertification};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A certification with its standing on the day asked about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Certification {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub vendor_id: i64,
    pub vendor_name: String,
    pub kind: CertKind,
    pub kind_label: String,
    pub issuer: String,
    pub certificate_number: String,
    pub scope: String,
    pub tsc: Vec<TrustCriterion>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub as_of: Option<NaiveDate>,
    pub issued: Option<NaiveDate>,
    pub expires: Option<NaiveDate>,
    pub opinion: Option<Opinion>,
    pub exceptions: String,
    pub evidence: EvidenceLevel,
    /// False for reports that are not about security (SOC 1).
    pub security_report: bool,
    /// The last day the record counts as current; absent when its dates do not say.
    pub current_until: Option<NaiveDate>,
    pub status: CertStatus,
    /// The day `status` speaks of.
    pub as_of_date: NaiveDate,
    pub created_at: String,
}

/// Checks and records a certification for a vendor; returns it as evaluated on `today`.
pub async fn add(
    store: &Store,
    ctx: &ChangeContext,
    vendor_id: i64,
    draft: &CertDraft,
    rules: &ValidityRules,
    today: NaiveDate,
) -> Result<Certification> {
    let cert = draft.parse()?;
    let id = store.add_certification(ctx, vendor_id, &cert, &rules.rule(cert.kind).label).await?;
    let all = list(store, Some(vendor_id), rules, today).await?;
    Ok(all.into_iter().find(|c| c.id == id).expect("the record just written"))
}

/// Every certification of one vendor (or all), evaluated on `today` among its vendor's records.
pub async fn list(store: &Store, vendor_id: Option<i64>, rules: &ValidityRules, today: NaiveDate) -> Result<Vec<Certification>> {
    let stored = store.certifications(vendor_id).await?;
    let mut out = Vec::with_capacity(stored.len());
    for group in stored.chunk_by(|a, b| a.vendor_id == b.vendor_id) {
        let facts: Vec<CertFacts> = group
            .iter()
            .map(|s| CertFacts { kind: s.cert.kind, scope: s.cert.scope.clone(), dates: s.cert.dates.clone() })
            .collect();
        for (s, (current_until, status)) in group.iter().zip(evaluate(&facts, today, rules)) {
            out.push(view(s, rules, current_until, status, today));
        }
    }
    Ok(out)
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
    /// Active vendors with no current independent security attestation.
    pub unattested: Vec<crate::store::VendorRef>,
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
    let unattested = store.active_vendors().await?.into_iter().filter(|v| !assured(v.id)).collect();
    Ok(Dashboard {
        as_of_date: today,
        within_30: band(0, 30),
        within_60: band(31, 60),
        within_90: band(61, 90),
        lapsed,
        unattested,
    })
}

fn view(s: &StoredCertification, rules: &ValidityRules, current_until: Option<NaiveDate>, status: CertStatus, today: NaiveDate) -> Certification {
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
    }
}
