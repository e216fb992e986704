//! Scoring against the baseline through the CLI and the store: the real CAIQ scored end to end
//! with the verdict and statuses established by reading its answers, a SOC 2 report moving the
//! verdict as the as-of date passes its validity, snapshots, accepted risks, baselines kept as data.

use std::collections::{BTreeMap, BTreeSet};
use vetted_core::assess::{self, ScoreOptions};
use vetted_core::domain::certification::ValidityRules;
use vetted_core::import::{self, ImportOptions};
use vetted_core::scoring::{Baseline, Verdict};
use vetted_core::store::{AcceptanceDraft, ListQuery};
use vetted_tests::{ctx, json, realdata, stderr, stdout, TestRegister};

/// The controls that rest on the vendor's word where tier 1 needs an independent attestation.
const STRONG: [&str; 8] = ["BL-01", "BL-05", "BL-06", "BL-07", "BL-09", "BL-10", "BL-12", "BL-14"];

fn codes(v: &serde_json::Value) -> Vec<(String, String)> {
    v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["code"].as_str().unwrap().to_owned(), r["control_id"].as_str().unwrap_or("").to_owned()))
        .collect()
}

fn control<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["controls"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()
}

#[tokio::test]
async fn the_real_caiq_scored_end_to_end_and_a_soc2_report_moves_the_verdict_as_days_pass() {
    let Some(dir) = realdata() else { return };
    let reg = TestRegister::new().await;
    let caiq = dir.join("caiq-v4.0.3-instructure.xlsx");
    for (name, sensitivity, impact) in [("Instructure", "high", "high"), ("Instructure Lite", "low", "low")] {
        let added =
            reg.cli(&["vendor", "add", "--name", name, "--sensitivity", sensitivity, "--impact", impact, "--service", "Canvas LMS"]);
        assert!(added.status.success(), "{}", stderr(&added));
        let imported = reg.cli(&["import", caiq.to_str().unwrap(), "--vendor", name]);
        assert!(imported.status.success(), "{}", stderr(&imported));
    }

    // Read by hand: every question the baseline names for CAIQ v4 is answered "Yes"; GRC-05.1
    // (security programme) has no implementation description, the others named do.
    let tier1 = json(&reg.cli(&["score", "Instructure", "--as-of", "2026-11-20", "--json"]));
    assert_eq!(tier1["verdict"], "conditional");
    assert_eq!(tier1["coverage"], 100.0);
    assert_eq!(tier1["tier"], 1);
    assert_eq!(tier1["saved"], false, "a day other than today is a what-if");
    let controls = tier1["controls"].as_array().unwrap();
    assert_eq!(controls.len(), 15);
    for c in controls {
        assert_eq!(c["status"], "met", "{}", c["id"]);
        let want = if c["id"] == "BL-01" { "self_declared" } else { "documented" };
        assert_eq!(c["strength"], want, "{}", c["id"]);
        assert!(c["mandatory"].is_boolean() && c["title"].is_string());
    }
    let want: Vec<(String, String)> = STRONG.iter().map(|c| ("weak_evidence".to_owned(), c.to_string())).collect();
    assert_eq!(codes(&tier1), want);
    let cited = &control(&tier1, "BL-08")["evidence"][0];
    assert_eq!((cited["source"].as_str(), cited["template"].as_str()), (Some("questionnaire"), Some("CAIQ")));
    assert_eq!(cited["answers"], serde_json::json!([{ "question_id": "IAM-14.1", "said": "Yes", "cell": "CAIQv4.0.3!C167" }]));
    // The CLI words the facts: the reasons and the evidence, in English.
    let told = stdout(&reg.cli(&["score", "Instructure", "--as-of", "2026-11-20"]));
    assert!(told.contains("CAIQ IAM-14.1: Yes, sheet CAIQv4.0.3!C167"), "{told}");
    assert!(told.contains("BL-08") && told.contains("rests on the vendor's answer with its description; the tier needs"), "{told}");

    // The same answers from a tier-3 vendor meet the baseline: its tier accepts the vendor's word.
    let tier3 = json(&reg.cli(&["score", "Instructure Lite", "--as-of", "2026-11-20", "--json"]));
    assert_eq!((tier3["verdict"].as_str(), tier3["reasons"].as_array().unwrap().len()), (Some("meets"), 0));

    // A SOC 2 Type II (Security, Availability, Confidentiality; period to 2026-09-30) gives the
    // tier-1 vendor independent evidence: current until 2027-09-30, expiring from 2027-07-02.
    let soc2 = reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Instructure",
        "--kind",
        "soc2_type2",
        "--period-start",
        "2025-10-01",
        "--period-end",
        "2026-09-30",
        "--tsc",
        "security,availability,confidentiality",
        "--opinion",
        "unqualified",
    ]);
    assert!(soc2.status.success(), "{}", stderr(&soc2));
    let on = |day: &str| json(&reg.cli(&["score", "Instructure", "--as-of", day, "--json"]));
    let now = on("2026-11-20");
    assert_eq!(now["verdict"], "meets", "{}", now["reasons"]);
    for id in STRONG {
        assert_eq!(control(&now, id)["strength"], "independent", "{id}");
    }
    let soc2 = &control(&now, "BL-09")["evidence"][0];
    assert_eq!((soc2["kind"].as_str(), soc2["current_until"].as_str()), (Some("soc2_type2"), Some("2027-09-30")));
    assert_eq!(soc2["criteria"], serde_json::json!(["availability"]));
    let soon = on("2027-08-01");
    assert_eq!(soon["verdict"], "conditional");
    assert!(codes(&soon).iter().all(|(code, _)| code == "expiring_evidence"), "{:?}", codes(&soon));
    assert_eq!(codes(&soon).len(), STRONG.len());
    let after = on("2027-10-01");
    assert_eq!(after["verdict"], "conditional");
    assert_eq!(codes(&after), want, "a lapsed report no longer counts");

    // --all scores every active vendor; a what-if saves nothing.
    let all = json(&reg.cli(&["score", "--all", "--as-of", "2026-11-20", "--json"]));
    let verdicts: BTreeMap<&str, &str> =
        all.as_array().unwrap().iter().map(|s| (s["vendor"].as_str().unwrap(), s["verdict"].as_str().unwrap())).collect();
    assert_eq!(verdicts, BTreeMap::from([("Instructure", "meets"), ("Instructure Lite", "meets")]));
    assert_eq!(reg.store().assessment_counts().await.unwrap().2, 0);
}

#[tokio::test]
async fn every_question_the_default_baseline_names_exists_in_the_real_files_of_its_template() {
    let Some(dir) = realdata() else { return };
    let files = [
        "caiq-v4.0.3-instructure.xlsx",
        "caiq-v4.0.3-blank.xlsx",
        "caiq-v3.0.1-blank.xlsx",
        "hecvat-full-3.04-canvas-lms.xlsx",
        "hecvat-lite-intelligent-insights.csv",
        "hecvat-4.1.4-blank.xlsx",
        "sig-lite-answer-library-template.csv",
    ];
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let p = import::preview(&dir.join(f), &ImportOptions::default(), import::profile::shipped()).unwrap();
        let set = ids.entry(p.template.clone()).or_default();
        set.extend(p.rows.iter().filter_map(|a| a.question_id.clone()));
    }
    let baseline = Baseline::default_baseline();
    let mut named = 0;
    for c in &baseline.controls {
        for rule in &c.questions {
            let known = ids.get(&rule.template).unwrap_or_else(|| panic!("{}: no real file of template {}", c.id, rule.template));
            for id in &rule.ids {
                assert!(known.contains(id), "{} names {} {id}, which the real files do not have", c.id, rule.template);
                named += 1;
            }
        }
    }
    assert!(named > 80, "{named} question ids checked");
    let templates: BTreeSet<&str> = baseline.controls.iter().flat_map(|c| c.questions.iter().map(|q| q.template.as_str())).collect();
    assert_eq!(templates, BTreeSet::from(["caiq-v3", "caiq-v4", "hecvat-3", "hecvat-4", "sig"]));
}

#[tokio::test]
async fn snapshots_accepted_risks_and_the_register_column() {
    let reg = TestRegister::new().await;
    let s = reg.store();
    let rules = ValidityRules::default_rules();
    let acme = reg.add(vetted_tests::named("Acme")).await;
    let _other = reg.add(vetted_tests::named("Other")).await;
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
    let today = day("2026-11-22");
    let opts = ScoreOptions { as_of: today, today, baseline: None, keep: true };

    // Nothing known yet: insufficient, saved once; scoring again unchanged saves nothing.
    let first = assess::score(s, &ctx("alice", 0), &rules, Some(acme.id), &opts).await.unwrap();
    assert_eq!((first[0].assessment.verdict, first[0].saved), (Verdict::Insufficient, true));
    let again = assess::score(s, &ctx("alice", 1), &rules, Some(acme.id), &opts).await.unwrap();
    assert!(!again[0].saved);
    let what_if = ScoreOptions { as_of: day("2027-01-01"), ..opts.clone() };
    assert!(!assess::score(s, &ctx("alice", 2), &rules, Some(acme.id), &what_if).await.unwrap()[0].saved);

    // A CAIQ-like answer sheet: MFA answered "No", everything else unanswered → fails.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("answers.csv");
    std::fs::write(
        &csv,
        "Question ID,Question,Answer\nQ1,Do you enforce multi-factor authentication for admins?,No\nQ2,Do you have a firewall?,Yes\n",
    )
    .unwrap();
    let out = reg.cli(&["import", csv.to_str().unwrap(), "--vendor", "Acme"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let failing = assess::score(s, &ctx("alice", 3), &rules, Some(acme.id), &opts).await.unwrap().remove(0);
    assert_eq!(failing.assessment.verdict, Verdict::Fails);
    let mfa = failing.assessment.controls.iter().find(|c| &*c.id == "BL-08").unwrap();
    assert_eq!(mfa.status, vetted_core::scoring::ControlStatus::NotMet, "{:?}", mfa.evidence);
    assert!(failing.saved);

    // The register shows the latest verdict and filters by it.
    let page = s.list_vendors(&ListQuery { verdict: Some(Verdict::Fails), ..Default::default() }).await.unwrap();
    assert_eq!(page.rows.iter().map(|r| (r.name.as_str(), r.verdict)).collect::<Vec<_>>(), [("Acme", Some(Verdict::Fails))]);
    let all = s.list_vendors(&ListQuery::default()).await.unwrap();
    assert_eq!(all.rows.iter().find(|r| r.name == "Other").unwrap().verdict, None, "never assessed");

    // Accepting risks: refused when the control is unknown, the date past or the reason blank.
    let bad = AcceptanceDraft {
        control_id: "BL-99".into(),
        reason: " ".into(),
        accepted_by: "CISO".into(),
        until: "2026-11-01".into(),
        ..Default::default()
    };
    let e = assess::accept_risk(s, &ctx("alice", 4), acme.id, &bad, today).await.unwrap_err();
    let refused: Vec<String> = match &e {
        vetted_core::Error::Invalid(v) => v.0.iter().map(|f| f.code.clone()).collect(),
        other => panic!("{other}"),
    };
    assert_eq!(refused, ["in_the_past", "required", "unknown_control"]);
    assert_eq!(s.assessment_counts().await.unwrap().1, 0);
    let accepted = vetted_core::store::AcceptanceDraft {
        control_id: "bl-08".into(),
        reason: "admin access only through the VPN with a hardware key".into(),
        accepted_by: "CISO".into(),
        until: "2027-03-31".into(),
        ..Default::default()
    };
    let a = assess::accept_risk(s, &ctx("alice", 5), acme.id, &accepted, today).await.unwrap();
    assert_eq!((a.control_id.as_str(), a.baseline_id.as_str()), ("BL-08", "minimum-sub-processors"));
    let with_risk = assess::score(s, &ctx("alice", 6), &rules, Some(acme.id), &opts).await.unwrap().remove(0);
    let mfa = with_risk.assessment.controls.iter().find(|c| &*c.id == "BL-08").unwrap();
    assert_eq!(mfa.accepted.as_ref().map(|a| a.accepted_by.as_str()), Some("CISO"));
    assert!(with_risk.assessment.reasons.iter().any(|r| r.code == vetted_core::scoring::ReasonCode::AcceptedRisk));
    // Other mandatory controls are still unknown, so it still fails; after the acceptance
    // lapses the MFA control fails again by itself.
    assert_eq!(with_risk.assessment.verdict, Verdict::Fails);
    let later = ScoreOptions { as_of: day("2027-04-01"), ..opts.clone() };
    let lapsed = assess::score(s, &ctx("alice", 7), &rules, Some(acme.id), &later).await.unwrap().remove(0);
    assert!(lapsed
        .assessment
        .reasons
        .iter()
        .any(|r| r.code == vetted_core::scoring::ReasonCode::MandatoryNotMet && r.control_id.as_deref() == Some("BL-08")));

    // Snapshots keep what was decided; the verdict changes are in the vendor's history.
    let snaps = s.assessments(acme.id).await.unwrap();
    assert_eq!(snaps.len(), 3, "insufficient, fails, fails with the accepted risk");
    assert_eq!(snaps[2].assessment.verdict, Verdict::Insufficient);
    let history = s.history(Some(acme.id), 50).await.unwrap();
    let verdicts: Vec<(Option<&str>, &str)> = history
        .iter()
        .filter(|h| h.action == vetted_core::store::HistoryAction::Assess)
        .map(|h| (h.before.as_deref(), h.after.as_deref().unwrap().split(' ').next().unwrap()))
        .collect();
    assert_eq!(verdicts, [(Some("insufficient"), "fails"), (None, "insufficient")]);
    assert!(history.iter().any(|h| h.action == vetted_core::store::HistoryAction::AcceptRisk));

    // A different result from an assessment that started reading before the latest snapshot was
    // saved (the daily scoring of every vendor racing this vendor's page) does not overwrite it.
    let mut other = snaps[0].assessment.clone();
    other.coverage = 99.0;
    assert_eq!(s.save_assessments(&ctx("bob", 5), &[(acme.id, &other, "{}".into())], None).await.unwrap(), [false]);
    assert_eq!(s.save_assessments(&ctx("bob", 60), &[(acme.id, &other, "{}".into())], None).await.unwrap(), [true]);
}

#[tokio::test]
async fn baselines_are_exported_edited_imported_and_chosen_per_tier_through_the_cli() {
    let reg = TestRegister::new().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("strict.json");
    let out = reg.cli(&["baseline", "export", "--out", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut strict: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    strict["id"] = "tier-1-strict".into();
    strict["name"]["en"] = "Strict baseline for tier 1".into();
    for c in strict["controls"].as_array_mut().unwrap() {
        c["mandatory"] = true.into();
    }
    std::fs::write(&file, serde_json::to_string_pretty(&strict).unwrap()).unwrap();
    let saved = json(&reg.cli(&["baseline", "import", file.to_str().unwrap(), "--use-for", "1", "--json"]));
    assert_eq!((saved["id"].as_str(), saved["version"].as_u64()), (Some("tier-1-strict"), Some(1)));
    let list = json(&reg.cli(&["baseline", "show", "--json"]));
    let rows: Vec<(&str, Vec<u64>)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b["id"].as_str().unwrap(), b["used_for"].as_array().unwrap().iter().map(|t| t.as_u64().unwrap()).collect()))
        .collect();
    assert_eq!(rows, [("minimum-sub-processors", vec![0]), ("tier-1-strict", vec![1])]);
    // Saving the baseline and holding tier 1 to it are in the history, as changes to the
    // register as a whole, and the chain verifies.
    let history = json(&reg.cli(&["history", "--json"]));
    let register_level: Vec<(&str, Option<&str>, Option<&str>)> = history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["vendor_id"].is_null())
        .map(|e| (e["action"].as_str().unwrap(), e["field"].as_str(), e["after"].as_str()))
        .collect();
    assert_eq!(
        register_level,
        [
            ("use_baseline", Some("baseline of tier 1"), Some("tier-1-strict")),
            ("save_baseline", Some("baseline"), Some("tier-1-strict v1 (Strict baseline for tier 1)"))
        ]
    );
    assert!(reg.cli(&["history", "verify"]).status.success());
    let chosen = reg.cli(&["baseline", "use", "minimum-sub-processors", "--tier", "1"]);
    assert!(chosen.status.success(), "{}", stderr(&chosen));
    let newest = &json(&reg.cli(&["history", "--json", "--limit", "1"]))[0];
    assert_eq!((newest["action"].as_str(), newest["before"].as_str()), (Some("use_baseline"), Some("tier-1-strict")));
    let back = reg.cli(&["baseline", "use", "tier-1-strict", "--tier", "1"]);
    assert!(back.status.success());

    // A tier-1 vendor is scored against it; a tier-3 vendor against the default.
    reg.cli(&["vendor", "add", "--name", "Critical", "--sensitivity", "high", "--impact", "high"]);
    reg.cli(&["vendor", "add", "--name", "Minor", "--sensitivity", "low", "--impact", "low"]);
    let critical = json(&reg.cli(&["score", "Critical", "--as-of", "2026-11-20", "--json"]));
    let minor = json(&reg.cli(&["score", "Minor", "--as-of", "2026-11-20", "--json"]));
    assert_eq!((critical["baseline_id"].as_str(), minor["baseline_id"].as_str()), (Some("tier-1-strict"), Some("minimum-sub-processors")));

    // A malformed file is refused with its line and field, and replaces nothing.
    let text = std::fs::read_to_string(&file).unwrap();
    let broken = text.replacen("\"weight\": 3", "\"weight\": \"heavy\"", 1);
    let line = broken.lines().position(|l| l.contains("\"heavy\"")).unwrap() + 1;
    std::fs::write(&file, &broken).unwrap();
    let before = reg.store().assessment_counts().await.unwrap();
    let refused = reg.cli(&["baseline", "import", file.to_str().unwrap()]);
    assert!(!refused.status.success());
    let msg = stderr(&refused);
    assert!(msg.contains(&format!("line {line}, controls[0].weight")), "{msg}");
    assert_eq!(reg.store().assessment_counts().await.unwrap(), before);
    let scored_with_file = reg.cli(&["score", "Minor", "--baseline", file.to_str().unwrap()]);
    assert!(!scored_with_file.status.success() && stderr(&scored_with_file).contains("controls[0].weight"));

    // Importing the same id again makes version 2; the old version stays for old snapshots.
    std::fs::write(&file, &text).unwrap();
    let v2 = json(&reg.cli(&["baseline", "import", file.to_str().unwrap(), "--json"]));
    assert_eq!(v2["version"], 2);
    assert_eq!(reg.store().baseline("tier-1-strict", Some(1)).await.unwrap().version, 1);
}

/// The shipped data files are valid against the schemas users edit them with.
#[test]
fn the_shipped_data_files_validate_against_their_published_schemas() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |p: &str| -> serde_json::Value { serde_json::from_str(&std::fs::read_to_string(root.join(p)).unwrap()).unwrap() };
    let mut checked = 0;
    for (schema, dir) in [
        ("schemas/baseline.schema.json", "src-tauri/crates/domain/data/baselines"),
        ("schemas/mapping.schema.json", "src-tauri/crates/import/data/mappings"),
    ] {
        let validator = jsonschema::validator_for(&read(schema)).unwrap();
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            checked += 1;
        }
    }
    let rules = jsonschema::validator_for(&read("schemas/validity-rules.schema.json")).unwrap();
    assert!(rules.is_valid(&read("src-tauri/crates/domain/data/validity-rules.json")));
    assert!(checked >= 6, "{checked} files");
    // and the schema refuses what the parser refuses
    let baseline = jsonschema::validator_for(&read("schemas/baseline.schema.json")).unwrap();
    let mut broken = read("src-tauri/crates/domain/data/baselines/minimum-sub-processors.json");
    broken["controls"][0]["weight"] = 0.into();
    assert!(!baseline.is_valid(&broken));
}

/// The register opened on `day` by a fixed user.
async fn open_on(db: &std::path::Path, day: &str) -> vetted_core::register::Register {
    let today = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    let at = chrono::TimeZone::from_utc_datetime(&chrono::Utc, &today.and_hms_opt(9, 0, 0).unwrap());
    let context = vetted_core::register::FixedContext { actor: "dpo".into(), at, today };
    vetted_core::register::Register::open(db, std::sync::Arc::new(context)).await.unwrap()
}

/// Every vendor's latest snapshot says what scoring the whole register again on the day says.
async fn assert_latest_snapshots_are_a_full_rescore(register: &vetted_core::register::Register, day: &str) {
    let today = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    let options = ScoreOptions { as_of: today, today, baseline: None, keep: false };
    let fresh = assess::score(register.store(), &ctx("check", 0), register.rules(), None, &options).await.unwrap();
    assert!(fresh.len() > 30);
    for s in fresh {
        let latest = register.assessment_history(s.vendor.id).await.unwrap().remove(0).assessment;
        let rescored = vetted_core::scoring::Assessment { as_of: latest.as_of, ..s.assessment };
        assert_eq!(latest, rescored, "{day}: {}", s.vendor.name);
    }
}

/// What the app does when it starts and when the day changes: score again only the vendors whose
/// assessment may have changed. After questionnaires, certifications, accepted risks, a vendor's
/// tier and a baseline changed, and after days that pass lapses, warning windows, a report's own
/// period (a bridge letter carrying it) and an acceptance's end, every vendor's latest snapshot
/// is what a full re-score gives; on a day when nothing changed, nothing is scored.
#[tokio::test]
async fn refreshing_only_what_changed_leaves_every_verdict_as_a_full_rescore_gives_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vetted.db");
    let register = open_on(&db, "2026-06-01").await;
    let ids = register.store().create_vendors(&ctx("dpo", 0), &vetted_tests::synthetic_register(48)).await.unwrap();
    let caiq = realdata().map(|d| d.join("caiq-v4.0.3-instructure.xlsx"));
    let preview = match &caiq {
        Some(f) => Some(register.preview_questionnaire(f.clone(), ImportOptions::default(), |_, _| true).await.unwrap()),
        None => None,
    };
    let cert = |kind: &str, end: &str, issued: &str, expires: &str| vetted_core::domain::certification::CertDraft {
        kind: kind.into(),
        issuer: "Auditor LLP".into(),
        tsc: if kind.starts_with("soc2") { vec!["security".into()] } else { vec![] },
        period_start: if end.is_empty() { String::new() } else { "2025-01-01".into() },
        period_end: end.into(),
        issued: issued.into(),
        expires: expires.into(),
        opinion: if kind.starts_with("soc2") { "unqualified".into() } else { String::new() },
        ..Default::default()
    };
    for (i, &id) in ids.iter().enumerate() {
        if let Some(p) = preview.as_ref().filter(|_| i % 2 == 0) {
            let mut p = p.clone();
            p.sha256 = format!("{i:064x}");
            for (n, a) in p.rows.iter_mut().enumerate() {
                if (n + i) % 11 == 0 {
                    a.answer = import::Answer::No;
                }
            }
            register.save_questionnaire(id, &p, &|_, _| true).await.unwrap();
        }
        // SOC 2 periods ending month by month: lapsing (and warned of) on different days.
        let end = format!("2025-{:02}-28", 1 + i % 12);
        register.add_certification(id, &cert("soc2_type2", &end, "", ""), &[]).await.unwrap();
        if i % 3 == 0 {
            let expires = format!("2026-{:02}-15", 6 + i % 7);
            register.add_certification(id, &cert("iso27001_2022", "", "2023-01-10", &expires), &[]).await.unwrap();
        }
        if i % 8 == 1 {
            register.add_certification(id, &cert("bridge_letter", &end, "", "2026-09-30"), &[]).await.unwrap();
        }
    }
    let acceptance = AcceptanceDraft {
        baseline_id: String::new(),
        control_id: "BL-08".into(),
        reason: "VPN only".into(),
        accepted_by: "CISO".into(),
        until: "2026-08-31".into(),
    };
    register.accept_risk(ids[4], &acceptance).await.unwrap();
    let active = register.assess(None, None, None).await.unwrap().len();
    assert_eq!(register.refresh_assessments().await.unwrap().scored, 0, "scored today, nothing changed");
    assert_latest_snapshots_are_a_full_rescore(&register, "2026-06-01").await;
    register.close().await;

    // The next day: a few inputs change; only those vendors are scored again.
    let register = open_on(&db, "2026-06-02").await;
    let mut changed = vec![ids[6], ids[7], ids[10]];
    register.add_certification(ids[6], &cert("pen_test", "", "2026-05-01", ""), &[]).await.unwrap();
    register.accept_risk(ids[7], &acceptance).await.unwrap();
    let mut draft = register.vendor(ids[10]).await.unwrap().to_draft();
    draft.data_sensitivity = "high".into();
    register.update_vendor(ids[10], &draft).await.unwrap();
    if let Some(p) = &preview {
        let mut p = p.clone();
        p.sha256 = "next".repeat(16);
        p.rows.iter_mut().for_each(|a| a.answer = import::Answer::Yes);
        register.save_questionnaire(ids[12], &p, &|_, _| true).await.unwrap();
        changed.push(ids[12]);
    }
    let refreshed = register.refresh_assessments().await.unwrap();
    assert_eq!(refreshed.scored as usize, changed.len(), "only the vendors that changed");
    assert_latest_snapshots_are_a_full_rescore(&register, "2026-06-02").await;
    register.close().await;

    // Days pass: records lapse and enter their warning windows, the bridge letters end, the
    // acceptances end; a baseline is saved for tier 1. Each time, a full re-score agrees.
    for day in ["2026-07-01", "2026-09-01", "2026-10-01", "2027-03-01"] {
        let register = open_on(&db, day).await;
        let refreshed = register.refresh_assessments().await.unwrap();
        assert!(refreshed.scored as usize <= active, "{day}");
        assert_latest_snapshots_are_a_full_rescore(&register, day).await;
        assert_eq!(register.refresh_assessments().await.unwrap().scored, 0, "{day}: again the same day");
        register.close().await;
    }
    let register = open_on(&db, "2027-03-01").await;
    let mut baseline = register.baseline(None).await.unwrap();
    baseline.controls[2].mandatory = !baseline.controls[2].mandatory;
    register.save_baseline(&baseline).await.unwrap();
    assert_eq!(register.refresh_assessments().await.unwrap().scored as usize, active, "every vendor is held to it");
    assert_latest_snapshots_are_a_full_rescore(&register, "2027-03-01").await;
    register.close().await;
}

/// Scoring every vendor again with nothing new writes nothing: no snapshot and no check rewritten
/// as it was (a trigger refusing any change to the checks stands in the way of the third run);
/// after a change, each vendor's check moves on to the history it was scored against.
#[tokio::test]
async fn scoring_again_with_nothing_new_writes_nothing() {
    let reg = TestRegister::new().await;
    reg.store().create_vendors(&ctx("dpo", 0), &vetted_tests::synthetic_register(12)).await.unwrap();
    let score_all = || {
        let out = reg.cli(&["score", "--all"]);
        assert!(out.status.success(), "{}", stderr(&out));
    };
    let counts = "SELECT (SELECT COUNT(*) FROM assessments) || ' ' || (SELECT COUNT(*) FROM assessment_checks) || ' ' || \
                  (SELECT COUNT(DISTINCT history_id) FROM assessment_checks)";
    // The first scoring writes a snapshot each, and with them history; the second sees that
    // history, and its checks say so.
    score_all();
    score_all();
    let first = vetted_tests::sql(&reg.db, counts);
    let active: usize = vetted_tests::sql(&reg.db, "SELECT COUNT(*) FROM vendors WHERE status <> 'offboarded'").parse().unwrap();
    assert_eq!(first, format!("{active} {active} 1"));

    let team = reg.db.to_str().is_some_and(vetted_core::register::is_team_url);
    let guard = if team {
        "CREATE TRIGGER no_rewrite BEFORE UPDATE OR INSERT ON assessment_checks FOR EACH ROW EXECUTE FUNCTION vetted_refuse('a check written')"
    } else {
        "CREATE TRIGGER no_rewrite BEFORE UPDATE ON assessment_checks BEGIN SELECT RAISE(ABORT, 'a check written'); END; \
         CREATE TRIGGER no_rewrite_insert BEFORE INSERT ON assessment_checks BEGIN SELECT RAISE(ABORT, 'a check written'); END"
    };
    vetted_tests::sql(&reg.db, guard);
    score_all();
    assert_eq!(vetted_tests::sql(&reg.db, counts), first, "nothing written");

    // A change: the guard would refuse the checks now (each moves on), so it goes first.
    let unguard =
        if team { "DROP TRIGGER no_rewrite ON assessment_checks" } else { "DROP TRIGGER no_rewrite; DROP TRIGGER no_rewrite_insert" };
    vetted_tests::sql(&reg.db, unguard);
    let before = vetted_tests::sql(&reg.db, "SELECT MAX(history_id) FROM assessment_checks");
    let out = reg.cli(&["vendor", "add", "--name", "Neu GmbH"]);
    assert!(out.status.success(), "{}", stderr(&out));
    score_all();
    let after = vetted_tests::sql(&reg.db, "SELECT MIN(history_id) || ' ' || COUNT(*) FROM assessment_checks");
    let (min, n) = after.split_once(' ').unwrap();
    assert!(min.parse::<i64>().unwrap() > before.parse::<i64>().unwrap(), "{after} after {before}");
    assert_eq!(n.parse::<usize>().unwrap(), active + 1);
}
