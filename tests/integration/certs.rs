//! Certifications through the CLI with --as-of: status over time, bridge letters, the 2013 cut-off, supersession,
//! bad input, evidence files, assurance per service, reminders and the calendar export.

use chrono::Datelike;
use vetted_tests::{json, stderr, TestRegister};

fn row<'a>(list: &'a serde_json::Value, id: &serde_json::Value) -> &'a serde_json::Value {
    list.as_array().unwrap().iter().find(|c| &c["id"] == id).expect("the record is listed")
}

#[tokio::test]
async fn a_soc2_type2_is_current_then_expiring_then_lapsed_and_a_bridge_letter_extends_it() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Google Cloud EMEA Ltd"]).status.success());
    let soc2 = json(&reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Google Cloud EMEA Ltd",
        "--kind",
        "soc2_type2",
        "--period-start",
        "2025-01-01",
        "--period-end",
        "2025-12-31",
        "--tsc",
        "security,availability",
        "--opinion",
        "unqualified",
        "--json",
    ]))[0]
        .clone();
    assert_eq!(soc2["kind"], "soc2_type2");
    assert_eq!(soc2["tsc"], serde_json::json!(["security", "availability"]));

    let on = |day: &str| json(&reg.cli(&["certs", "list", "--as-of", day, "--json"]));
    let table = [
        ("2026-06-01", "current", "2026-12-31"),
        ("2026-10-02", "expiring", "2026-12-31"),
        ("2026-12-31", "expiring", "2026-12-31"),
        ("2027-01-01", "lapsed", "2026-12-31"),
    ];
    for (day, status, until) in table {
        let list = on(day);
        let c = row(&list, &soc2["id"]);
        assert_eq!((c["status"].as_str(), c["current_until"].as_str()), (Some(status), Some(until)), "as of {day}");
    }

    let lapsing = json(&reg.cli(&["certs", "expiring", "--within", "30", "--as-of", "2026-12-15", "--json"]));
    assert_eq!(lapsing.as_array().unwrap().len(), 1);
    assert!(json(&reg.cli(&["certs", "expiring", "--within", "30", "--as-of", "2026-11-15", "--json"])).as_array().unwrap().is_empty());

    // A bridge letter covering 2026 extends the report by three months at most.
    json(&reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Google Cloud EMEA Ltd",
        "--kind",
        "bridge_letter",
        "--period-start",
        "2026-01-01",
        "--period-end",
        "2026-12-31",
        "--json",
    ]));
    let list = on("2027-02-01");
    assert_eq!(row(&list, &soc2["id"])["current_until"], "2027-03-31");
    assert_eq!(row(&list, &soc2["id"])["status"], "expiring");

    // Next year's report supersedes it.
    json(&reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "1",
        "--kind",
        "soc2_type2",
        "--period-start",
        "2026-01-01",
        "--period-end",
        "2026-12-31",
        "--json",
    ]));
    assert_eq!(row(&on("2027-02-01"), &soc2["id"])["status"], "superseded");

    let history = json(&reg.cli(&["history", "--vendor", "1", "--json"]));
    assert!(history.as_array().unwrap().iter().any(|e| e["action"] == "add_certification"));
}

#[tokio::test]
async fn iso_27001_2013_lapsed_on_2025_10_31_whatever_is_printed() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Genesys"]).status.success());
    let c = json(&reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Genesys",
        "--kind",
        "iso27001_2013",
        "--issued",
        "2024-01-10",
        "--expires",
        "2027-01-09",
        "--json",
    ]));
    assert_eq!(c[0]["current_until"], "2025-10-31");
    let later = json(&reg.cli(&["certs", "list", "--vendor", "Genesys", "--as-of", "2025-11-01", "--json"]));
    assert_eq!(later[0]["status"], "lapsed");
}

#[tokio::test]
async fn bad_certifications_are_refused_and_save_nothing() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Twilio"]).status.success());
    let cases: [(&[&str], &str); 4] = [
        (&["--kind", "soc2_type2", "--period-start", "2025-12-31", "--period-end", "2025-01-01"], "ends (2025-01-01) before it starts"),
        (&["--kind", "soc4"], "'soc4' is not a kind of certification"),
        (&["--kind", "soc2_type2", "--tsc", "secrecy"], "'secrecy' is not a Trust Services Criterion"),
        (&["--kind", "pen_test", "--issued", "31.12.2026"], "'31.12.2026' is not a date"),
    ];
    for (flags, message) in cases {
        let mut args = vec!["certs", "add", "--vendor", "Twilio"];
        args.extend_from_slice(flags);
        let out = reg.cli(&args);
        assert!(!out.status.success(), "{flags:?} was accepted");
        assert!(stderr(&out).contains(message), "{flags:?}: {}", stderr(&out));
    }
    let unknown = reg.cli(&["certs", "add", "--vendor", "Nobody", "--kind", "soc2_type2"]);
    assert!(stderr(&unknown).contains("no vendor with the id or name 'Nobody'"));
    assert!(json(&reg.cli(&["certs", "list", "--json"])).as_array().unwrap().is_empty());
}

#[tokio::test]
async fn the_dashboard_sorts_records_into_lapse_windows_and_names_vendors_without_assurance() {
    use vetted_core::certs;
    use vetted_core::domain::certification::{CertDraft, ValidityRules};
    let reg = TestRegister::new().await;
    let rules = ValidityRules::default_rules();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let ids: Vec<i64> = {
        let mut ids = Vec::new();
        for name in ["Soon", "Later", "Lapsed", "Nothing", "Only SOC 1"] {
            let mut draft = vetted_tests::named(name);
            if name == "Only SOC 1" {
                // the most critical vendor without an attestation leads the list
                draft.tier_override = Some(1);
                draft.tier_override_reason = "payroll data".into();
            }
            ids.push(reg.add(draft).await.id);
        }
        ids
    };
    let add = |vendor: i64, kind: &str, period_end: &str| {
        let (store, rules) = (reg.store().clone(), rules.clone());
        let draft = CertDraft { kind: kind.into(), period_end: period_end.into(), ..Default::default() };
        let evidence = certs::EvidenceStore::beside(&reg.db).unwrap();
        async move { certs::add(&store, &vetted_tests::ctx("a", 0), vendor, &draft, &[], &evidence, &rules, today).await.unwrap() }
    };
    add(ids[0], "soc2_type2", "2025-12-10").await; // current until 2026-12-10: 18 days
    add(ids[1], "soc2_type2", "2026-02-15").await; // until 2027-02-15: 85 days
    add(ids[2], "soc2_type2", "2025-06-30").await; // lapsed 2026-06-30
    add(ids[4], "soc1", "2026-06-30").await; // current, but not a security report

    let d = certs::dashboard(reg.store(), &rules, today).await.unwrap();
    let names = |cs: &[certs::Certification]| cs.iter().map(|c| c.vendor_name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&d.within_30), ["Soon"]);
    assert!(d.within_60.is_empty());
    assert_eq!(names(&d.within_90), ["Later"]);
    assert_eq!(names(&d.lapsed), ["Lapsed"]);
    let unattested: Vec<(&str, Option<u8>)> = d.unattested.iter().map(|u| (u.vendor.name.as_str(), u.tier.map(|t| t.get()))).collect();
    assert_eq!(unattested, [("Only SOC 1", Some(1)), ("Lapsed", None), ("Nothing", None)]);
}

/// Row counts of the tables a certification writes to.
async fn counts(reg: &TestRegister) -> (usize, usize, usize) {
    let certs = reg.store().certifications(None).await.unwrap().len();
    let files = reg.store().evidence_files(None).await.unwrap().len();
    let history = reg.store().history(None, 10_000).await.unwrap().len();
    (certs, files, history)
}

#[tokio::test]
async fn evidence_files_are_copied_by_sha256_and_opened_unchanged() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Genesys"]).status.success());
    let pdf = reg.dir.path().join("Genesys SOC 2 Type II 2025.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n% a report\n%%EOF\n").unwrap();
    let c = json(&reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Genesys",
        "--kind",
        "soc2_type2",
        "--period-end",
        "2025-12-31",
        "--file",
        pdf.to_str().unwrap(),
        "--json",
    ]))[0]
        .clone();
    let file = &c["evidence_files"][0];
    assert_eq!(file["original_name"], "Genesys SOC 2 Type II 2025.pdf");
    assert_eq!(file["media_type"], "application/pdf");
    let sha = file["sha256"].as_str().unwrap();
    let id = file["id"].as_i64().unwrap();
    let stored = reg.register.evidence_path(id).await.unwrap();
    assert_eq!(std::fs::read(&stored).unwrap(), std::fs::read(&pdf).unwrap());
    if vetted_tests::team_server().is_none() {
        // A register file's evidence is beside it, named by its content.
        assert_eq!(stored, reg.dir.path().join("evidence").join(format!("{sha}.pdf")));
    } else {
        // A team register's is in the database: a local copy lost or changed is made again from it.
        std::fs::remove_dir_all(stored.parent().unwrap()).unwrap();
        assert_eq!(std::fs::read(reg.register.evidence_path(id).await.unwrap()).unwrap(), std::fs::read(&pdf).unwrap());
    }

    // Attaching the same file again to the same record is refused; the original can go away.
    let again = reg.cli(&["certs", "attach", "--cert", &c["id"].to_string(), "--file", pdf.to_str().unwrap()]);
    assert!(stderr(&again).contains("already attached"), "{}", stderr(&again));
    std::fs::remove_file(&pdf).unwrap();
    let opened = reg.register.evidence_path(id).await.unwrap();
    assert_eq!(opened, stored);
    let history = json(&reg.cli(&["history", "--vendor", "Genesys", "--json"]));
    assert!(history.as_array().unwrap().iter().any(|e| e["action"] == "add_evidence"));
}

#[tokio::test]
async fn a_missing_file_or_a_2_gb_file_gets_a_clear_message_and_saves_nothing() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Twilio"]).status.success());
    let before = counts(&reg).await;
    let missing = reg.dir.path().join("not-there.pdf");
    let huge = reg.dir.path().join("huge.pdf");
    // Sparse: 2 GiB long, takes no disk space.
    std::fs::File::create(&huge).unwrap().set_len(2 * 1024 * 1024 * 1024).unwrap();
    let cases = [
        (missing.to_str().unwrap().to_owned(), format!("there is no file at {}", missing.display())),
        (huge.to_str().unwrap().to_owned(), "huge.pdf is 2.0 GB; evidence files may be at most 256.0 MB".to_owned()),
        (reg.dir.path().to_str().unwrap().to_owned(), "is a folder, not a file".to_owned()),
    ];
    for (file, message) in cases {
        let out = reg.cli(&["certs", "add", "--vendor", "Twilio", "--kind", "pen_test", "--report-date", "2026-10-01", "--file", &file]);
        assert!(!out.status.success(), "{file} was accepted");
        assert!(stderr(&out).contains(&message), "{file}: {}", stderr(&out));
    }
    assert_eq!(counts(&reg).await, before, "nothing saved");
    let stored = std::fs::read_dir(reg.dir.path().join("evidence")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(stored, 0, "no file left in the evidence folder");
}

#[tokio::test]
async fn assured_through_per_service_follows_the_records_that_cover_it() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Google Cloud EMEA Ltd", "--service", "Dialogflow CX,Vertex AI"]).status.success());
    let add = |flags: &[&str]| {
        let mut args = vec!["certs", "add", "--vendor", "Google Cloud EMEA Ltd", "--json"];
        args.extend_from_slice(flags);
        json(&reg.cli(&args))
    };
    add(&["--kind", "soc2_type2", "--period-end", "2026-03-31", "--service", "Dialogflow CX"]);
    let assured = |day: &str| json(&reg.cli(&["certs", "assured", "--vendor", "Google Cloud EMEA Ltd", "--as-of", day, "--json"]));
    let dates = |v: &serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value)> {
        v.as_array().unwrap().iter().map(|a| (a["service"].clone(), a["assured_through"].clone())).collect()
    };
    use serde_json::json as j;
    assert_eq!(dates(&assured("2026-11-22")), [(j!(null), j!(null)), (j!("Dialogflow CX"), j!("2027-03-31")), (j!("Vertex AI"), j!(null))]);
    add(&["--kind", "iso27001_2022", "--issued", "2025-01-15"]); // names no service: covers both
    assert_eq!(
        dates(&assured("2026-11-22")),
        [(j!(null), j!("2028-01-15")), (j!("Dialogflow CX"), j!("2028-01-15")), (j!("Vertex AI"), j!("2028-01-15"))]
    );
}

#[tokio::test]
async fn reminders_are_due_once_per_status_and_not_when_muted() {
    use vetted_core::certs;
    use vetted_core::domain::certification::{CertDraft, ValidityRules};
    let reg = TestRegister::new().await;
    let rules = ValidityRules::default_rules();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let vendor = reg.add(vetted_tests::named("Sentry")).await.id;
    let evidence = certs::EvidenceStore::beside(&reg.db).unwrap();
    let ctx = vetted_tests::ctx("dpo", 0);
    let mut ids = Vec::new();
    for (scope, end) in [("EU", "2025-12-31"), ("US", "2026-02-28")] {
        let draft = CertDraft { kind: "soc2_type2".into(), scope: scope.into(), period_end: end.into(), ..Default::default() };
        ids.push(certs::add(reg.store(), &ctx, vendor, &draft, &[], &evidence, &rules, day("2026-01-01")).await.unwrap().id);
    }
    let due = |on: &'static str| {
        let (store, rules) = (reg.store().clone(), rules.clone());
        async move { certs::reminders_due(&store, &rules, day(on)).await.unwrap().into_iter().map(|c| c.id).collect::<Vec<_>>() }
    };
    assert!(due("2026-09-01").await.is_empty(), "nothing inside the 90-day window yet");
    let first = certs::reminders_due(reg.store(), &rules, day("2026-10-15")).await.unwrap();
    assert_eq!(first.iter().map(|c| c.id).collect::<Vec<_>>(), [ids[0]]);
    certs::mark_reminded(reg.store(), &ctx, &first).await.unwrap();
    assert!(due("2026-10-16").await.is_empty(), "shown once");
    assert_eq!(due("2027-01-01").await, [ids[0], ids[1]], "the first announced again as it lapses; the second now expiring");
    let out = reg.cli(&["certs", "mute", "--cert", &ids[0].to_string()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(due("2027-01-01").await, [ids[1]], "muting one leaves the others");
    assert!(reg.cli(&["certs", "mute", "--cert", &ids[0].to_string(), "--unmute"]).status.success());
    assert_eq!(due("2027-01-01").await, [ids[0], ids[1]]);
    let actions: Vec<String> =
        reg.store().history(Some(vendor), 100).await.unwrap().into_iter().map(|h| vetted_core::domain::wire_name(&h.action)).collect();
    assert!(actions.contains(&"mute_reminders".to_owned()) && actions.contains(&"unmute_reminders".to_owned()), "{actions:?}");
    assert!(stderr(&reg.cli(&["certs", "mute", "--cert", "999"])).contains("no certification with id 999"));
}

#[tokio::test]
async fn the_calendar_export_has_an_event_per_lapse_and_review() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Twilio", "--last-review", "2026-06-30", "--review-cycle", "12"]).status.success());
    json(&reg.cli(&["certs", "add", "--vendor", "Twilio", "--kind", "pen_test", "--report-date", "2026-03-31", "--json"]));
    let path = reg.dir.path().join("team.ics");
    let out = reg.cli(&["certs", "calendar", "--out", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ics = std::fs::read_to_string(&path).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 2, "{ics}");
    assert!(ics.contains("SUMMARY:Twilio: Penetration test report lapses\r\n"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20270401\r\n"), "the day after 2027-03-31");
    assert!(ics.contains("SUMMARY:Twilio: vendor review due\r\nDESCRIPTION") || ics.contains("SUMMARY:Twilio: vendor review due"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20270630\r\n"), "next review a cycle after the last");
}

/// The dashboard names what is overdue beside what lapses: vendors whose review date has passed,
/// longest overdue first, and not those reviewed in time or archived.
#[tokio::test]
async fn the_dashboard_names_overdue_reviews() {
    let reg = TestRegister::new().await;
    let today = vetted_core::context::today();
    let review = |name: &str, last: chrono::NaiveDate| vetted_core::domain::VendorDraft {
        name: name.into(),
        last_review: last.to_string(),
        review_cycle_months: Some(12),
        ..Default::default()
    };
    let years_ago = |y: i32| today.with_year(today.year() - y).unwrap_or(today);
    let long = reg.add(review("Long overdue", years_ago(3))).await;
    let late = reg.add(review("Overdue", years_ago(2))).await;
    reg.add(review("Reviewed in time", today)).await;
    let gone = reg.add(review("Archived", years_ago(3))).await;
    reg.register.archive_vendor(gone.id).await.unwrap();
    let dash = reg.register.dashboard().await.unwrap();
    let names: Vec<(&str, bool)> = dash.overdue_reviews.iter().map(|r| (r.vendor.name.as_str(), r.due < today)).collect();
    assert_eq!(names, [("Long overdue", true), ("Overdue", true)]);
    assert_eq!((dash.overdue_reviews[0].vendor.id, dash.overdue_reviews[1].vendor.id), (long.id, late.id));
}

/// The dashboard names contract renewals (within 90 days, or passed) soonest first, and the active
/// vendors with no signed DPA, by name; archived vendors are not named.
#[tokio::test]
async fn the_dashboard_names_contract_renewals_and_vendors_without_a_signed_dpa() {
    let reg = TestRegister::new().await;
    let today = vetted_core::context::today();
    let vendor = |name: &str, dpa: Option<i64>, renewal: Option<i64>| vetted_core::domain::VendorDraft {
        name: name.into(),
        dpa_signed: dpa.map(|d| (today - chrono::Duration::days(d)).to_string()).unwrap_or_default(),
        contract_renewal: renewal.map(|d| (today + chrono::Duration::days(d)).to_string()).unwrap_or_default(),
        ..Default::default()
    };
    reg.add(vendor("Zendesk", Some(400), Some(30))).await;
    reg.add(vendor("genesys", None, Some(-5))).await;
    reg.add(vendor("Twilio", Some(10), Some(200))).await;
    reg.add(vendor("Amazon Web Services", None, None)).await;
    let gone = reg.add(vendor("Archived", None, Some(1))).await;
    reg.register.archive_vendor(gone.id).await.unwrap();
    let dash = reg.register.dashboard().await.unwrap();
    let renewals: Vec<(&str, i64)> = dash.contract_renewals.iter().map(|r| (r.vendor.name.as_str(), (r.due - today).num_days())).collect();
    assert_eq!(renewals, [("genesys", -5), ("Zendesk", 30)]);
    let no_dpa: Vec<&str> = dash.without_dpa.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(no_dpa, ["Amazon Web Services", "genesys"]);
}
