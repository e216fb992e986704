//! Certifications and attestations: the validity rules (data, in `data/validity-rules.json`) and the pure
//! computation of each record's "current until" date and status on a given day.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a record is: a report, a certificate, a letter or a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CertKind {
    Soc2Type1,
    Soc2Type2,
    /// The general-use report of a SOC 2 examination: an opinion, no list of controls.
    Soc3,
    Soc1,
    BridgeLetter,
    #[serde(rename = "iso27001_2022")]
    Iso27001_2022,
    #[serde(rename = "iso27001_2013")]
    Iso27001_2013,
    Iso27017,
    Iso27018,
    Iso27701,
    PciDssAoc,
    HitrustR2,
    HitrustI1,
    CsaStarL1,
    CsaStarL2Attestation,
    CsaStarL2Certification,
    BsiC5Type1,
    BsiC5Type2,
    Tisax,
    Fedramp,
    HipaaAttestation,
    PenTest,
    Other,
}

/// The date a kind's validity counts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The end of the period a report covers (SOC 2 Type II, bridge letters).
    PeriodEnd,
    /// The one date a point-in-time report speaks of (SOC 2 Type I, pen tests).
    AsOf,
    /// The date a certificate was issued.
    Issued,
}

/// How strong a kind is as evidence, weakest last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceLevel {
    /// Independent attestation or certification over a period or a cycle.
    Attestation,
    /// Independent, but of one date only.
    PointInTime,
    /// Management's letter bridging a gap after a report.
    Bridge,
    /// The vendor's own statement.
    SelfAssessment,
}

/// The rule for one kind: how long a record of it stays current.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct KindRule {
    pub kind: CertKind,
    pub label: String,
    /// What a record of this kind proves.
    pub attests: String,
    pub anchor: Anchor,
    /// Months the record stays current after its anchor date; absent: only a printed expiry counts.
    #[serde(default)]
    pub months: Option<u32>,
    pub evidence: EvidenceLevel,
    /// False for reports that are not about security (SOC 1 covers financial reporting).
    pub security_report: bool,
    /// A bridge letter can extend a record of this kind.
    pub bridgeable: bool,
    /// The kind is invalid after this date whatever the record says (ISO/IEC 27001:2013).
    #[serde(default)]
    pub not_after: Option<NaiveDate>,
    pub note: String,
    /// The note in German; empty: the English one is shown.
    #[serde(default)]
    pub note_de: String,
}

/// Every kind's rule, and the thresholds around them: the one place a user reads and changes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ValidityRules {
    /// A record is "expiring" this many days or fewer before it lapses.
    pub warning_days: u32,
    /// A bridge letter extends the report it bridges by at most this many months.
    pub bridge_extension_months: u32,
    pub kinds: Vec<KindRule>,
}

const DEFAULT_RULES: &str = include_str!("../data/validity-rules.json");

impl ValidityRules {
    /// The rules shipped with Vetted.
    pub fn default_rules() -> ValidityRules {
        ValidityRules::parse(DEFAULT_RULES).expect("the shipped validity rules are valid")
    }

    /// Reads rules from JSON; refuses a file that misses a kind or names one twice.
    pub fn parse(json: &str) -> Result<ValidityRules, String> {
        let rules: ValidityRules = serde_json::from_str(json).map_err(|e| format!("validity rules: {e}"))?;
        for kind in ALL_KINDS {
            match rules.kinds.iter().filter(|r| r.kind == kind).count() {
                1 => {}
                0 => return Err(format!("validity rules: no rule for {kind:?}")),
                _ => return Err(format!("validity rules: more than one rule for {kind:?}")),
            }
        }
        Ok(rules)
    }

    pub fn rule(&self, kind: CertKind) -> &KindRule {
        self.kinds.iter().find(|r| r.kind == kind).expect("parse checked every kind has a rule")
    }
}

pub const ALL_KINDS: [CertKind; 23] = [
    CertKind::Soc2Type1,
    CertKind::Soc2Type2,
    CertKind::Soc3,
    CertKind::Soc1,
    CertKind::BridgeLetter,
    CertKind::Iso27001_2022,
    CertKind::Iso27001_2013,
    CertKind::Iso27017,
    CertKind::Iso27018,
    CertKind::Iso27701,
    CertKind::PciDssAoc,
    CertKind::HitrustR2,
    CertKind::HitrustI1,
    CertKind::CsaStarL1,
    CertKind::CsaStarL2Attestation,
    CertKind::CsaStarL2Certification,
    CertKind::BsiC5Type1,
    CertKind::BsiC5Type2,
    CertKind::Tisax,
    CertKind::Fedramp,
    CertKind::HipaaAttestation,
    CertKind::PenTest,
    CertKind::Other,
];

/// The dates of one record that validity depends on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CertDates {
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub as_of: Option<NaiveDate>,
    pub issued: Option<NaiveDate>,
    /// An expiry printed on the record; it wins over the kind's rule.
    pub expires: Option<NaiveDate>,
}

impl CertDates {
    /// The date the kind's rule counts from, falling back to the nearest date the record has.
    pub fn anchor(&self, anchor: Anchor) -> Option<NaiveDate> {
        match anchor {
            Anchor::PeriodEnd => self.period_end.or(self.as_of),
            Anchor::AsOf => self.as_of.or(self.period_end).or(self.issued),
            Anchor::Issued => self.issued.or(self.as_of).or(self.period_end),
        }
    }
}

/// A record's standing on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CertStatus {
    Current,
    /// Current, but lapsing within the warning window.
    Expiring,
    Lapsed,
    /// A newer record of the same kind and scope replaces it.
    Superseded,
    /// Its dates do not say until when it is current.
    Unverified,
}

fn add_months(d: NaiveDate, months: u32) -> NaiveDate {
    d.checked_add_months(Months::new(months)).expect("dates within chrono's range")
}

/// Until when (inclusive) a record is current: the printed expiry if any, else the anchor date
/// plus the kind's months; extended by bridge letters (each bridging a gap that starts no earlier
/// than this record's period end) up to `bridge_extension_months`; never past the kind's cut-off.
pub fn current_until(kind: CertKind, dates: &CertDates, bridges: &[CertDates], rules: &ValidityRules) -> Option<NaiveDate> {
    let rule = rules.rule(kind);
    let mut until = current_until_plain(dates, rule)?;
    if rule.bridgeable {
        let bridge_rule = rules.rule(CertKind::BridgeLetter);
        let own_end = dates.anchor(rule.anchor);
        let cap = add_months(until, rules.bridge_extension_months);
        for bridge in bridges {
            let bridged_from = bridge.period_start.or(bridge.period_end);
            if own_end.is_some() && bridged_from >= own_end {
                if let Some(bridge_until) = current_until_plain(bridge, bridge_rule) {
                    until = until.max(bridge_until.min(cap));
                }
            }
        }
    }
    match rule.not_after {
        Some(cutoff) => Some(until.min(cutoff)),
        None => Some(until),
    }
}

/// The printed expiry, else the anchor date plus the kind's months: no bridges, no cut-off.
fn current_until_plain(dates: &CertDates, rule: &KindRule) -> Option<NaiveDate> {
    dates.expires.or_else(|| Some(add_months(dates.anchor(rule.anchor)?, rule.months?)))
}

/// A record's status on `today`. `superseded` says whether a newer record of the same kind and
/// scope exists (the store knows; the rule is here).
pub fn status(current_until: Option<NaiveDate>, superseded: bool, today: NaiveDate, rules: &ValidityRules) -> CertStatus {
    if superseded {
        return CertStatus::Superseded;
    }
    match current_until {
        None => CertStatus::Unverified,
        Some(until) if today > until => CertStatus::Lapsed,
        Some(until) if (until - today).num_days() <= i64::from(rules.warning_days) => CertStatus::Expiring,
        Some(_) => CertStatus::Current,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CertKind::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    fn od(s: &str) -> Option<NaiveDate> {
        (!s.is_empty()).then(|| d(s))
    }
    /// (period_start, period_end, as_of, issued, expires)
    fn dates(ps: &str, pe: &str, asof: &str, issued: &str, expires: &str) -> CertDates {
        CertDates { period_start: od(ps), period_end: od(pe), as_of: od(asof), issued: od(issued), expires: od(expires) }
    }

    #[test]
    fn the_shipped_rules_cover_every_kind_once() {
        let rules = ValidityRules::default_rules();
        assert_eq!(rules.kinds.len(), ALL_KINDS.len());
        assert!(!rules.rule(Soc1).security_report, "SOC 1 is not a security report");
        assert_eq!(rules.rule(Iso27001_2013).not_after, Some(d("2025-10-31")));
    }

    #[test]
    fn rules_files_missing_or_repeating_a_kind_are_refused() {
        let mut rules = ValidityRules::default_rules();
        rules.kinds.retain(|r| r.kind != Tisax);
        let err = ValidityRules::parse(&serde_json::to_string(&rules).unwrap()).unwrap_err();
        assert!(err.contains("Tisax"), "{err}");
        let mut rules = ValidityRules::default_rules();
        rules.kinds.push(rules.kinds[0].clone());
        assert!(ValidityRules::parse(&serde_json::to_string(&rules).unwrap()).unwrap_err().contains("more than one"));
        assert!(ValidityRules::parse("{").is_err());
    }

    #[test]
    fn current_until_by_kind() {
        let rules = ValidityRules::default_rules();
        // (kind, dates, current until)
        let table = [
            (Soc2Type2, dates("2025-01-01", "2025-12-31", "", "2026-02-15", ""), "2026-12-31"),
            (Soc2Type2, dates("2025-03-01", "2026-02-28", "", "", ""), "2027-02-28"),
            (Soc2Type2, dates("2023-03-01", "2024-02-29", "", "", ""), "2025-02-28"), // leap day, clamped
            (Soc2Type2, dates("2025-01-01", "2025-06-30", "", "", "2026-03-31"), "2026-03-31"), // printed expiry wins
            (Soc2Type1, dates("", "", "2026-01-31", "2026-03-10", ""), "2027-01-31"),
            (Soc1, dates("2025-01-01", "2025-09-30", "", "", ""), "2026-09-30"),
            (Iso27001_2022, dates("", "", "", "2024-05-31", ""), "2027-05-31"),
            (Iso27001_2022, dates("", "", "", "2024-05-31", "2027-05-30"), "2027-05-30"),
            (Iso27001_2013, dates("", "", "", "2023-12-01", "2026-11-30"), "2025-10-31"), // cut-off beats printed
            (Iso27001_2013, dates("", "", "", "2022-01-15", ""), "2025-01-15"),           // lapsed before the cut-off
            (Iso27018, dates("", "", "", "2025-08-31", ""), "2028-08-31"),
            (PciDssAoc, dates("", "", "2026-04-30", "", ""), "2027-04-30"),
            (HitrustR2, dates("", "", "", "2025-06-30", ""), "2027-06-30"),
            (HitrustI1, dates("", "", "", "2025-06-30", ""), "2026-06-30"),
            (BridgeLetter, dates("2026-01-01", "2026-03-31", "", "", ""), "2026-06-30"),
            (Tisax, dates("", "", "", "2024-02-29", ""), "2027-02-28"),
            (PenTest, dates("", "", "2026-08-31", "", ""), "2027-08-31"),
        ];
        for (kind, dates, want) in table {
            assert_eq!(current_until(kind, &dates, &[], &rules), Some(d(want)), "{kind:?} {dates:?}");
        }
    }

    #[test]
    fn records_without_the_dates_their_rule_needs_are_unverified() {
        let rules = ValidityRules::default_rules();
        assert_eq!(current_until(Soc2Type2, &CertDates::default(), &[], &rules), None);
        assert_eq!(current_until(Other, &dates("", "", "", "2026-01-01", ""), &[], &rules), None);
        assert_eq!(current_until(Other, &dates("", "", "", "2026-01-01", "2027-01-01"), &[], &rules), Some(d("2027-01-01")));
        assert_eq!(status(None, false, d("2026-11-22"), &rules), CertStatus::Unverified);
    }

    #[test]
    fn a_bridge_letter_extends_its_report_by_at_most_three_months() {
        let rules = ValidityRules::default_rules();
        let report = dates("2025-01-01", "2025-09-30", "", "", ""); // current until 2026-09-30
        let table = [
            // a gap letter from the report's end: current 3 months past its own end, capped at +3 months
            (dates("2025-10-01", "2026-09-30", "", "", ""), "2026-12-30"),
            (dates("2025-10-01", "2026-07-31", "", "", ""), "2026-10-31"),
            // a letter that ends early extends nothing
            (dates("2025-10-01", "2026-03-31", "", "", ""), "2026-09-30"),
            // a letter for an earlier period does not bridge this report
            (dates("2024-10-01", "2025-03-31", "", "", ""), "2026-09-30"),
        ];
        for (bridge, want) in table {
            assert_eq!(current_until(Soc2Type2, &report, std::slice::from_ref(&bridge), &rules), Some(d(want)), "{bridge:?}");
        }
        let iso = dates("", "", "", "2025-01-01", "");
        let bridge = dates("2025-10-01", "2028-09-30", "", "", "");
        assert_eq!(current_until(Iso27001_2022, &iso, &[bridge], &rules), Some(d("2028-01-01")), "ISO is not bridgeable");
    }

    #[test]
    fn status_on_a_day() {
        let rules = ValidityRules::default_rules(); // warning window: 90 days
        let until = Some(d("2026-12-31"));
        let table = [
            ("2026-09-01", false, CertStatus::Current),
            ("2026-10-02", false, CertStatus::Expiring), // exactly 90 days before
            ("2026-10-01", false, CertStatus::Current),  // 91 days before
            ("2026-12-31", false, CertStatus::Expiring), // the last day it is current
            ("2027-01-01", false, CertStatus::Lapsed),
            ("2026-09-01", true, CertStatus::Superseded),
        ];
        for (today, superseded, want) in table {
            assert_eq!(status(until, superseded, d(today), &rules), want, "{today}");
        }
        let iso2013 = current_until(Iso27001_2013, &dates("", "", "", "2024-01-10", "2027-01-09"), &[], &rules);
        assert_eq!(status(iso2013, false, d("2025-10-31"), &rules), CertStatus::Expiring);
        assert_eq!(status(iso2013, false, d("2025-11-01"), &rules), CertStatus::Lapsed);
    }
}

/// An auditor's opinion on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Opinion {
    Unqualified,
    Qualified,
    Adverse,
    Disclaimer,
}

/// A SOC 2 (or C5) Trust Services Criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrustCriterion {
    Security,
    Availability,
    ProcessingIntegrity,
    Confidentiality,
    Privacy,
}

fn parse_enum<T: serde::de::DeserializeOwned>(raw: &str, what: &str, choices: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(super::normalise_key(raw)))
        .map_err(|_| format!("'{}' is not {what} ({choices})", raw.trim()))
}

impl CertKind {
    pub fn parse(raw: &str) -> Result<CertKind, String> {
        parse_enum(raw, "a kind of certification", "e.g. soc2_type2, iso27001_2022, pci_dss_aoc, bridge_letter, other")
    }
}

/// A certification as typed: every field raw, dates as YYYY-MM-DD, empty means "not recorded".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(default)]
pub struct CertDraft {
    pub kind: String,
    /// Auditor or certification body.
    pub issuer: String,
    pub certificate_number: String,
    pub scope: String,
    /// Which of the vendor's services the record covers; empty: it does not say (the whole vendor).
    pub services: Vec<String>,
    /// Trust Services Criteria covered (SOC 2, C5).
    pub tsc: Vec<String>,
    pub period_start: String,
    pub period_end: String,
    pub as_of: String,
    pub issued: String,
    pub expires: String,
    pub opinion: String,
    /// Exceptions the auditor noted, with the criteria they affect.
    pub exceptions: String,
}

/// A certification whose every field has been checked.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCertification {
    pub kind: CertKind,
    pub issuer: String,
    pub certificate_number: String,
    pub scope: String,
    pub services: Vec<String>,
    pub tsc: Vec<TrustCriterion>,
    pub dates: CertDates,
    pub opinion: Option<Opinion>,
    pub exceptions: String,
}

impl CertDraft {
    pub fn parse(&self) -> Result<NewCertification, crate::error::ValidationErrors> {
        let mut errors = crate::error::ValidationErrors::default();
        let kind = CertKind::parse(&self.kind);
        if let Err(e) = &kind {
            errors.push("kind", "unknown_kind", e.clone());
        }
        let mut date = |field: &str, raw: &str| -> Option<NaiveDate> {
            super::optional(raw, super::parse_date).unwrap_or_else(|e| {
                errors.push(field, "invalid_date", e);
                None
            })
        };
        let dates = CertDates {
            period_start: date("period_start", &self.period_start),
            period_end: date("period_end", &self.period_end),
            as_of: date("as_of", &self.as_of),
            issued: date("issued", &self.issued),
            expires: date("expires", &self.expires),
        };
        if let (Some(start), Some(end)) = (dates.period_start, dates.period_end) {
            if end < start {
                errors.push("period_end", "period_reversed", format!("the period ends ({end}) before it starts ({start})"));
            }
        }
        let mut tsc = Vec::new();
        for raw in self.tsc.iter().flat_map(|t| t.split(',')).filter(|t| !t.trim().is_empty()) {
            match parse_enum::<TrustCriterion>(
                raw,
                "a Trust Services Criterion",
                "security, availability, processing_integrity, confidentiality, privacy",
            ) {
                Ok(c) if !tsc.contains(&c) => tsc.push(c),
                Ok(_) => {}
                Err(e) => errors.push("tsc", "unknown_criterion", e),
            }
        }
        let opinion = if self.opinion.trim().is_empty() {
            None
        } else {
            parse_enum::<Opinion>(&self.opinion, "an opinion", "unqualified, qualified, adverse, disclaimer")
                .map_err(|e| errors.push("opinion", "unknown_opinion", e))
                .ok()
        };
        for (field, value, max) in [
            ("issuer", &self.issuer, 200),
            ("certificate_number", &self.certificate_number, 200),
            ("scope", &self.scope, 4000),
            ("exceptions", &self.exceptions, 20000),
        ] {
            if value.trim().chars().count() > max {
                errors.push(field, "too_long", format!("at most {max} characters"));
            }
        }
        let services = super::clean_list(&self.services, 200).unwrap_or_else(|e| {
            errors.push("services", "too_long", e);
            Vec::new()
        });
        errors.into_result(())?;
        Ok(NewCertification {
            kind: kind.expect("checked"),
            issuer: self.issuer.trim().to_owned(),
            certificate_number: self.certificate_number.trim().to_owned(),
            scope: self.scope.trim().to_owned(),
            services,
            tsc,
            dates,
            opinion,
            exceptions: self.exceptions.trim().to_owned(),
        })
    }
}

/// One vendor's record as the evaluation needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct CertFacts {
    pub kind: CertKind,
    pub scope: String,
    pub dates: CertDates,
}

/// Each record's current-until date and status on `today`, among all records of one vendor:
/// bridge letters extend the reports they bridge, and a newer record (later anchor date) of the
/// same kind and scope supersedes an older one.
pub fn evaluate(records: &[CertFacts], today: NaiveDate, rules: &ValidityRules) -> Vec<(Option<NaiveDate>, CertStatus)> {
    let bridges: Vec<CertDates> = records.iter().filter(|r| r.kind == CertKind::BridgeLetter).map(|r| r.dates.clone()).collect();
    let same_scope = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    records
        .iter()
        .map(|r| {
            let anchor = r.dates.anchor(rules.rule(r.kind).anchor);
            let superseded = records
                .iter()
                .any(|o| o.kind == r.kind && same_scope(&o.scope, &r.scope) && o.dates.anchor(rules.rule(o.kind).anchor) > anchor);
            let until = current_until(r.kind, &r.dates, &bridges, rules);
            (until, status(until, superseded, today, rules))
        })
        .collect()
}

#[cfg(test)]
mod draft_tests {
    use super::*;

    fn fields(d: CertDraft) -> Vec<String> {
        d.parse().err().map(|e| e.0.into_iter().map(|f| f.code).collect()).unwrap_or_default()
    }

    #[test]
    fn drafts_parse_and_refuse_bad_values() {
        let ok = CertDraft {
            kind: "SOC2 Type2".into(),
            period_start: "2025-01-01".into(),
            period_end: "2025-12-31".into(),
            tsc: vec!["security, availability".into()],
            opinion: "Unqualified".into(),
            ..Default::default()
        };
        let c = ok.parse().unwrap();
        assert_eq!((c.kind, c.tsc.len(), c.opinion), (CertKind::Soc2Type2, 2, Some(Opinion::Unqualified)));
        assert_eq!(fields(CertDraft { kind: "soc4".into(), ..Default::default() }), ["unknown_kind"]);
        assert_eq!(
            fields(CertDraft { period_start: "2025-12-31".into(), period_end: "2025-01-01".into(), ..ok.clone() }),
            ["period_reversed"]
        );
        assert_eq!(
            fields(CertDraft { tsc: vec!["secrecy".into()], opinion: "fine".into(), issued: "1/2/2025".into(), ..ok }),
            ["invalid_date", "unknown_criterion", "unknown_opinion"]
        );
    }

    #[test]
    fn evaluation_supersedes_older_records_of_the_same_kind_and_scope() {
        let rules = ValidityRules::default_rules();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let soc2 = |end: &str, scope: &str| CertFacts {
            kind: CertKind::Soc2Type2,
            scope: scope.into(),
            dates: CertDates { period_end: Some(d(end)), ..Default::default() },
        };
        let records = [soc2("2024-12-31", "Cloud CX"), soc2("2025-12-31", "cloud cx "), soc2("2024-12-31", "Workforce")];
        let got: Vec<CertStatus> = evaluate(&records, d("2026-03-01"), &rules).into_iter().map(|(_, s)| s).collect();
        assert_eq!(got, [CertStatus::Superseded, CertStatus::Current, CertStatus::Lapsed]);
        let with_bridge = [
            soc2("2025-03-31", "Cloud CX"),
            CertFacts {
                kind: CertKind::BridgeLetter,
                scope: "Cloud CX".into(),
                dates: CertDates { period_start: Some(d("2025-04-01")), period_end: Some(d("2026-03-31")), ..Default::default() },
            },
        ];
        let (until, status) = evaluate(&with_bridge, d("2026-04-15"), &rules)[0];
        assert_eq!((until, status), (Some(d("2026-06-30")), CertStatus::Expiring));
    }
}

/// A subservice organisation a report leaves out of its scope (carve-out method): the vendor's
/// own vendor, whose controls for `criteria` the report does not cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct CarveOut {
    pub organisation: String,
    /// What it does for the vendor, as the report says.
    pub service: Option<String>,
    /// The criteria the report leaves to it ("CC6.4"); empty when the report does not list them.
    pub criteria: Vec<String>,
    /// The report's page that names it.
    pub page: u32,
}

/// Where the customer stands on a duty a report leaves to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DutyState {
    Open,
    /// The customer has the control in place.
    InPlace,
    NotApplicable,
}

impl DutyState {
    pub fn parse(raw: &str) -> Result<DutyState, String> {
        parse_enum(raw, "a duty's state", "open, in_place, not_applicable")
    }
}

/// A complementary user entity control: a duty the vendor's report leaves to the customer, kept
/// as a checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Duty {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub certification_id: i64,
    /// The report's words.
    pub text: String,
    pub page: u32,
    pub state: DutyState,
    pub note: String,
}

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
    /// The vendor's services the record covers; empty: the whole vendor.
    pub services: Vec<String>,
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
    pub evidence_files: Vec<EvidenceFile>,
    /// A user asked not to be reminded about this record.
    pub reminders_muted: bool,
    /// Facts were read from one of its evidence PDFs and kept with it.
    #[serde(default)]
    pub read_from_document: bool,
    /// The subservice organisations its report carves out.
    #[serde(default)]
    pub carve_outs: Vec<CarveOut>,
    /// The duties its report leaves to the customer (complementary user entity controls).
    #[serde(default)]
    pub duties: Vec<Duty>,
}

/// An evidence file attached to a certification, as the UI and the CLI show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct EvidenceFile {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub certification_id: i64,
    pub original_name: String,
    #[ts(type = "number")]
    pub size: u64,
    pub media_type: String,
    pub sha256: String,
    pub added_at: String,
    pub added_by: String,
}
