//! Certifications through the CLI with --as-of: status over time, bridge letters, the 2013 cut-off, supersession, bad input.

use vetted_tests::{json, stderr, TestRegister};

fn row<'a>(list: &'a serde_json::Value, id: &serde_json::Value) -> &'a serde_json::Value {
    list.as_array().unwrap().iter().find(|c| &c["id"] == id).expect("the record is listed")
}

#[tokio::test]
async fn a_soc2_type2_is_current_then_expiring_then_lapsed_and_a_bridge_letter_extends_it() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Google Cloud EMEA Ltd"]).status.success());
    let soc2 = json(&reg.cli(&[
        "certs", "add", "--vendor", "Google Cloud EMEA Ltd", "--kind", "soc2_type2", "--period-start", "2025-01-01",
        "--period-end", "2025-12-31", "--tsc", "security,availability", "--opinion", "unqualified", "--json",
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
        "certs", "add", "--vendor", "Google Cloud EMEA Ltd", "--kind", "bridge_letter", "--period-start", "2026-01-01",
        "--period-end", "2026-12-31", "--json",
    ]));
    let list = on("2027-02-01");
    assert_eq!(row(&list, &soc2["id"])["current_until"], "2027-03-31");
    assert_eq!(row(&list, &soc2["id"])["status"], "expiring");

    // Next year's report supersedes it.
    json(&reg.cli(&[
        "certs", "add", "--vendor", "1", "--kind", "soc2_type2", "--period-start", "2026-01-01", "--period-end",
        "2026-12-31", "--json",
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
        "certs", "add", "--vendor", "Genesys", "--kind", "iso27001_2013", "--issued", "2024-01-10", "--expires",
        "2027-01-09", "--json",
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
        (&["--kind", "soc3"], "'soc3' is not a kind of certification"),
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
            ids.push(reg.add(vetted_tests::named(name)).await.id);
        }
        ids
    };
    let add = |vendor: i64, kind: &str, period_end: &str| {
        let (store, rules) = (reg.store.clone(), rules.clone());
        let draft = CertDraft { kind: kind.into(), period_end: period_end.into(), ..Default::default() };
        async move { certs::add(&store, &vetted_tests::ctx("a", 0), vendor, &draft, &rules, today).await.unwrap() }
    };
    add(ids[0], "soc2_type2", "2025-12-10").await; // current until 2026-12-10: 18 days
    add(ids[1], "soc2_type2", "2026-02-15").await; // until 2027-02-15: 85 days
    add(ids[2], "soc2_type2", "2025-06-30").await; // lapsed 2026-06-30
    add(ids[4], "soc1", "2026-06-30").await; // current, but not a security report

    let d = certs::dashboard(&reg.store, &rules, today).await.unwrap();
    let names = |cs: &[certs::Certification]| cs.iter().map(|c| c.vendor_name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&d.within_30), ["Soon"]);
    assert!(d.within_60.is_empty());
    assert_eq!(names(&d.within_90), ["Later"]);
    assert_eq!(names(&d.lapsed), ["Lapsed"]);
    let unattested: Vec<&str> = d.unattested.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(unattested, ["Lapsed", "Nothing", "Only SOC 1"]);
}
