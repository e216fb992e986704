//! The IPC commands through Tauri's real handler (mock runtime, real SQLite file): arguments, replies, and `{code, message, details}` errors.

use serde_json::json;
use vetted_app_lib::testing::{invoke, mock_app};

#[test]
fn commands_round_trip_and_errors_carry_code_message_and_fields() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = mock_app(&dir.path().join("vetted.db"));

    let created = invoke(
        &window,
        "vendor_create",
        json!({ "draft": { "name": "Twilio Ireland Limited", "countries": ["ie", "US"], "status": "in_review" } }),
    )
    .expect("created");
    assert_eq!(created["name"], "Twilio Ireland Limited");
    assert_eq!(created["countries"], json!(["IE", "US"]));
    let id = created["id"].as_i64().unwrap();

    let page = invoke(&window, "vendor_list", json!({ "query": { "search": "twilio" } })).unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["rows"][0]["id"], id);

    let refused = invoke(&window, "vendor_create", json!({ "draft": { "name": "Acme", "countries": ["XX"] } }))
        .expect_err("an unknown country is refused");
    assert_eq!(refused["code"], "invalid_input");
    assert_eq!(refused["details"]["fields"][0]["field"], "countries");
    assert_eq!(refused["details"]["fields"][0]["code"], "unknown_country");
    assert!(refused["message"].as_str().unwrap().contains("'XX'"));
    assert_eq!(refused["details"]["fields"][0]["value"], "XX", "the value refused, for the UI to show without reading the message");

    let missing = invoke(&window, "vendor_get", json!({ "id": 999 })).expect_err("no such vendor");
    assert_eq!((missing["code"].as_str(), missing["details"]["fields"].as_array().map(Vec::len)), (Some("not_found"), Some(0)));
    assert_eq!(
        (missing["details"]["values"]["thing"].as_str(), missing["details"]["values"]["key"].as_str()),
        (Some("vendor"), Some("999"))
    );

    let check =
        invoke(&window, "vendor_check", json!({ "draft": { "name": "", "data_sensitivity": "high", "business_impact": "high" } })).unwrap();
    assert_eq!(check["computed_tier"], 1);
    assert_eq!(check["errors"][0]["field"], "name");

    let history = invoke(&window, "vendor_history", json!({ "vendorId": id, "limit": 10 })).unwrap();
    assert_eq!(history[0]["action"], "create");
    let page = invoke(&window, "vendor_list", json!({ "query": { "include_archived": true } })).unwrap();
    assert_eq!(page["total"], 1, "the refused vendor was not saved");
}

#[test]
fn certification_commands_attach_evidence_mute_remind_and_export_a_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = mock_app(&dir.path().join("vetted.db"));
    let vendor =
        invoke(&window, "vendor_create", json!({ "draft": { "name": "Sentry", "services": ["Error tracking"] } })).unwrap()["id"].clone();
    let pdf = dir.path().join("Sentry SOC 2.pdf");
    std::fs::write(&pdf, b"%PDF-1.4\n%%EOF\n").unwrap();
    // A report whose period ended eleven months ago: it lapses within about 30 days.
    let period_end = (chrono::Local::now().date_naive() - chrono::Months::new(11)).to_string();
    let cert = invoke(
        &window,
        "cert_add",
        json!({ "vendorId": vendor, "draft": { "kind": "soc2_type2", "period_end": period_end }, "files": [pdf] }),
    )
    .unwrap();
    assert_eq!(cert["status"], "expiring");
    assert_eq!(cert["evidence_files"][0]["original_name"], "Sentry SOC 2.pdf");
    let cert_id = cert["id"].clone();

    let refused = invoke(&window, "cert_attach", json!({ "certId": cert_id, "path": dir.path().join("gone.pdf") }))
        .expect_err("a missing file is refused");
    assert_eq!(
        (refused["code"].as_str(), refused["details"]["fields"][0]["code"].as_str()),
        (Some("invalid_input"), Some("file_not_found"))
    );

    let assurance = invoke(&window, "cert_assurance", json!({ "vendorId": vendor })).unwrap();
    assert_eq!(assurance[1]["service"], "Error tracking");
    assert_eq!(assurance[1]["assured_through"], cert["current_until"]);

    let due = invoke(&window, "reminders_due", json!({})).unwrap();
    assert_eq!(due.as_array().unwrap().len(), 1);
    invoke(&window, "reminders_shown", json!({ "certs": due })).unwrap();
    assert_eq!(invoke(&window, "reminders_due", json!({})).unwrap(), json!([]));
    invoke(&window, "cert_mute", json!({ "certId": cert_id, "muted": true })).unwrap();
    let listed = invoke(&window, "cert_list", json!({ "vendorId": vendor })).unwrap();
    assert_eq!(listed[0]["reminders_muted"], true);

    let ics = dir.path().join("team.ics");
    invoke(&window, "calendar_export", json!({ "path": ics, "lang": "de" })).unwrap();
    assert!(std::fs::read_to_string(&ics).unwrap().contains("SUMMARY:Sentry: SOC 2 Type II läuft ab"), "the UI's language");
    let unwritable = invoke(&window, "calendar_export", json!({ "path": dir.path().join("no/such/dir.ics"), "lang": "en" }))
        .expect_err("a folder that is not there");
    assert_eq!(unwritable["code"], "io");
}

#[test]
fn import_commands_preview_save_once_and_forget_cancelled_previews() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = mock_app(&dir.path().join("vetted.db"));
    let vendor = invoke(&window, "vendor_create", json!({ "draft": { "name": "Acme" } })).unwrap()["id"].clone();
    let csv = dir.path().join("acme-answers.csv");
    std::fs::write(&csv, "Question;Antwort;Kommentar\nVerschlüsseln Sie Daten?;Ja;AES-256\nMFA für alle?;Teilweise;nur Admins\n").unwrap();

    let page = invoke(&window, "import_preview", json!({ "path": csv, "progress": "__CHANNEL__:10" })).unwrap();
    assert_eq!(page["preview"]["guessed"], true);
    assert_eq!(page["preview"]["questions"], 2);
    assert_eq!(page["preview"]["answers"], json!({ "yes": 1, "no": 0, "partial": 1, "na": 0, "unknown": 0 }));
    let token = page["token"].clone();
    let saved = invoke(&window, "import_commit", json!({ "token": token, "vendorId": vendor, "progress": "__CHANNEL__:1" })).unwrap();
    assert_eq!(saved["version"], 1);
    let again = invoke(&window, "import_commit", json!({ "token": token, "vendorId": vendor, "progress": "__CHANNEL__:2" }))
        .expect_err("a preview is saved once");
    assert_eq!(again["code"], "not_found");

    let page = invoke(&window, "import_preview", json!({ "path": csv, "progress": "__CHANNEL__:11" })).unwrap();
    invoke(&window, "import_cancel", json!({ "token": page["token"] })).unwrap();
    let cancelled = invoke(&window, "import_commit", json!({ "token": page["token"], "vendorId": vendor, "progress": "__CHANNEL__:3" }))
        .expect_err("a cancelled preview is gone");
    assert_eq!(cancelled["code"], "not_found");

    let versions = invoke(&window, "questionnaire_list", json!({ "vendorId": vendor })).unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 1);
    let answers = invoke(&window, "questionnaire_answers", json!({ "id": versions[0]["id"] })).unwrap();
    assert_eq!(answers[1]["cell"], "acme-answers!B3");
    assert_eq!(answers[1]["answer"], "partial");
    let same = invoke(&window, "questionnaire_compare", json!({ "fromId": versions[0]["id"], "toId": versions[0]["id"] })).unwrap();
    assert_eq!(same, json!([]), "a version compared with itself differs nowhere");

    let locked = dir.path().join("locked.xlsx");
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend("EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()));
    std::fs::write(&locked, bytes).unwrap();
    let refused = invoke(&window, "import_preview", json!({ "path": locked, "progress": "__CHANNEL__:12" })).expect_err("encrypted");
    assert_eq!(refused["code"], "encrypted_workbook");
    assert_eq!(refused["details"]["values"]["name"], "locked.xlsx", "the file named, for the UI to word the error");
}

#[test]
fn assessment_commands_score_save_accept_risks_and_keep_baselines() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, window) = mock_app(&dir.path().join("vetted.db"));
    let id = invoke(&window, "vendor_create", json!({ "draft": { "name": "Acme", "data_sensitivity": "low", "business_impact": "low" } }))
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    // Today: nothing known yet, saved once; the register shows the verdict.
    let today = invoke(&window, "assess_vendor", json!({ "vendorId": id })).unwrap();
    assert_eq!((today["assessment"]["verdict"].as_str(), today["saved"].as_bool()), (Some("insufficient"), Some(true)));
    assert_eq!(today["assessment"]["controls"].as_array().unwrap().len(), 15);
    let page = invoke(&window, "vendor_list", json!({ "query": { "verdict": "insufficient" } })).unwrap();
    assert_eq!(page["rows"][0]["verdict"], "insufficient");
    let nothing = json!({ "scored": 0, "saved": 0 });
    assert_eq!(invoke(&window, "refresh_assessments", json!({})).unwrap(), nothing, "nothing changed since: nothing scored again");
    let bad_day = invoke(&window, "assess_vendor", json!({ "vendorId": id, "asOf": "22.11.2026" })).expect_err("not a date");
    assert_eq!((bad_day["code"].as_str(), bad_day["details"]["fields"][0]["field"].as_str()), (Some("invalid_input"), Some("as_of")));

    let refused = invoke(
        &window,
        "risk_accept",
        json!({ "vendorId": id, "draft": { "control_id": "BL-08", "reason": "", "accepted_by": "CISO", "until": "2999-01-01" } }),
    )
    .expect_err("a reason is required");
    assert_eq!(refused["details"]["fields"][0]["code"], "required");
    let accepted = invoke(
        &window,
        "risk_accept",
        json!({ "vendorId": id, "draft": { "control_id": "BL-08", "reason": "VPN only", "accepted_by": "CISO", "until": "2999-01-01" } }),
    )
    .unwrap();
    assert_eq!(accepted["baseline_id"], "minimum-sub-processors");
    let after = invoke(&window, "assess_vendor", json!({ "vendorId": id })).unwrap();
    let mfa = after["assessment"]["controls"].as_array().unwrap().iter().find(|c| c["id"] == "BL-08").unwrap().clone();
    assert_eq!(mfa["accepted"]["accepted_by"], "CISO");
    assert_eq!(invoke(&window, "assessment_history", json!({ "vendorId": id })).unwrap().as_array().unwrap().len(), 2);

    // A baseline edited in the app is saved as a new version; a broken one names its field.
    let mut baseline = invoke(&window, "baseline_get", json!({ "id": "minimum-sub-processors" })).unwrap();
    baseline["controls"][2]["mandatory"] = json!(true);
    let shipped = baseline["version"].as_u64().unwrap();
    let saved = invoke(&window, "baseline_save", json!({ "baseline": baseline.clone() })).unwrap();
    assert_eq!(saved["version"].as_u64(), Some(shipped + 1), "saved versions follow the shipped one");
    // The baseline the vendor is held to changed: the next refresh scores it again, then not.
    assert_eq!(invoke(&window, "refresh_assessments", json!({})).unwrap()["scored"], 1);
    assert_eq!(invoke(&window, "refresh_assessments", json!({})).unwrap(), nothing);
    baseline["controls"][0]["weight"] = json!(0);
    let broken = invoke(&window, "baseline_save", json!({ "baseline": baseline })).expect_err("weight 0");
    assert_eq!(broken["details"]["fields"][0]["code"], "invalid_baseline");
    assert!(broken["message"].as_str().unwrap().contains("controls[0].weight"), "{}", broken["message"]);
    let list = invoke(&window, "baseline_list", json!({})).unwrap();
    assert_eq!((list[0]["version"].as_u64(), list[0]["used_for"].clone()), (Some(shipped + 1), json!([0])));
    let exported = dir.path().join("baseline.json");
    invoke(&window, "baseline_export", json!({ "id": "minimum-sub-processors", "path": exported })).unwrap();
    assert!(std::fs::read_to_string(&exported).unwrap().contains(&format!("\"version\": {}", shipped + 1)));
}
