//! The example register a first-time user can load: a contact-center platform and its real-world
//! sub-processors, with an attestation and a questionnaire so a first look shows real verdicts.

use crate::domain::VendorDraft;
use crate::error::{Clash, Error, Result};
use crate::report::Lang;
use crate::store::{ChangeContext, Store};
use chrono::{Days, Months, NaiveDate};
use serde::Deserialize;
use vetted_domain::certification::{CertDraft, ValidityRules};

const EXAMPLE: &str = include_str!("../data/example-register.json");
/// A home-made German questionnaire the example's smallest vendor sent back (made up for the example).
const QUESTIONNAIRE: &[u8] = include_bytes!("../data/example-questionnaire.csv");
const QUESTIONNAIRE_NAME: &str = "Sicherheitsfragebogen (Beispiel).csv";
/// The vendor (by index in the example) with the attestation, and the one with the questionnaire.
const ATTESTED: usize = 1;
const ANSWERED: usize = 5;

#[derive(Deserialize)]
struct ExampleVendor {
    /// Name of the vendor (earlier in the file) this one is a sub-processor of.
    parent: Option<String>,
    /// The texts a German register gets instead of the English ones.
    #[serde(default)]
    de: German,
    #[serde(flatten)]
    draft: VendorDraft,
}

#[derive(Deserialize, Default)]
struct German {
    purpose: Option<String>,
    notes: Option<String>,
    owner: Option<String>,
}

/// Adds the example vendors to the register in one transaction, then a SOC 2 Type II report
/// (dated around `today`, so it is current) and an answered questionnaire; returns the vendors' ids.
pub async fn load(store: &Store, ctx: &ChangeContext, rules: &ValidityRules, today: NaiveDate, lang: Lang) -> Result<Vec<i64>> {
    let ids = load_vendors(store, ctx, lang).await?;
    let (Some(&attested), Some(&answered)) = (ids.get(ATTESTED), ids.get(ANSWERED)) else {
        return Err(Error::Corrupt("example register: fewer vendors than its records name".into()));
    };
    let report = soc2_report(today, lang).parse()?;
    store.add_certification(ctx, attested, &report, &rules.rule(report.kind).label, &[], &[]).await?;
    let profiles = vetted_import::profile::shipped();
    let opts = vetted_import::ImportOptions::default();
    let preview = vetted_import::preview_bytes(QUESTIONNAIRE, QUESTIONNAIRE_NAME, "csv", &opts, profiles, &mut |_, _| true)?;
    store.save_questionnaire(ctx, answered, &preview, false, &|_, _| true).await?;
    Ok(ids)
}

/// The example's SOC 2 Type II: a year's period that ended two months before `today`.
fn soc2_report(today: NaiveDate, lang: Lang) -> CertDraft {
    let end = today - Days::new(61);
    let start = end - Months::new(12) + Days::new(1);
    let de = lang == Lang::De;
    CertDraft {
        kind: "soc2_type2".into(),
        issuer: if de {
            "Beispielprüfer (erfunden für das Beispielregister)"
        } else {
            "Example auditor (made up for the example register)"
        }
        .into(),
        scope: if de {
            "Google Cloud Platform, mit Dialogflow CX und Speech-to-Text"
        } else {
            "Google Cloud Platform, with Dialogflow CX and Speech-to-Text"
        }
        .into(),
        services: Vec::new(),
        tsc: ["security", "availability", "confidentiality"].map(String::from).to_vec(),
        period_start: start.to_string(),
        period_end: end.to_string(),
        opinion: "unqualified".into(),
        ..CertDraft::default()
    }
}

async fn load_vendors(store: &Store, ctx: &ChangeContext, lang: Lang) -> Result<Vec<i64>> {
    let mut examples: Vec<ExampleVendor> = serde_json::from_str(EXAMPLE).map_err(|e| Error::Corrupt(format!("example register: {e}")))?;
    if lang == Lang::De {
        for e in &mut examples {
            let German { purpose, notes, owner } = std::mem::take(&mut e.de);
            e.draft.purpose = purpose.unwrap_or(std::mem::take(&mut e.draft.purpose));
            e.draft.notes = notes.unwrap_or(std::mem::take(&mut e.draft.notes));
            e.draft.owner = owner.unwrap_or(std::mem::take(&mut e.draft.owner));
        }
    }
    let mut batch = Vec::with_capacity(examples.len());
    for (i, e) in examples.iter().enumerate() {
        let vendor = e.draft.parse()?;
        let parent = e
            .parent
            .as_ref()
            .map(|p| {
                examples[..i]
                    .iter()
                    .position(|earlier| &earlier.draft.name == p)
                    .ok_or_else(|| Error::Corrupt(format!("example register: unknown parent {p}")))
            })
            .transpose()?;
        batch.push((vendor, parent));
    }
    store.create_vendors(ctx, &batch).await.map_err(|e| match e {
        Error::Invalid(v) if v.0.iter().any(|f| f.code == "name_taken") => {
            let vendor = v.0.iter().find(|f| f.code == "name_taken").and_then(|f| f.value.clone()).unwrap_or_default();
            Error::Conflict(Clash::ExampleLoaded { vendor })
        }
        other => other,
    })
}
