//! The IPC commands through Tauri's real handler (mock runtime, real SQLite file): arguments, replies, and `{code, message, fields}` errors.

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
    assert_eq!(refused["fields"][0]["field"], "countries");
    assert_eq!(refused["fields"][0]["code"], "unknown_country");
    assert!(refused["message"].as_str().unwrap().contains("'XX'"));

    let missing = invoke(&window, "vendor_get", json!({ "id": 999 })).expect_err("no such vendor");
    assert_eq!((missing["code"].as_str(), missing["fields"].as_array().map(Vec::len)), (Some("not_found"), Some(0)));

    let check = invoke(
        &window,
        "vendor_check",
        json!({ "draft": { "name": "", "data_sensitivity": "high", "business_impact": "high" } }),
    )
    .unwrap();
    assert_eq!(check["computed_tier"], 1);
    assert_eq!(check["errors"][0]["field"], "name");

    let history = invoke(&window, "vendor_history", json!({ "vendorId": id, "limit": 10 })).unwrap();
    assert_eq!(history[0]["action"], "create");
    let page = invoke(&window, "vendor_list", json!({ "query": { "include_archived": true } })).unwrap();
    assert_eq!(page["total"], 1, "the refused vendor was not saved");
}
