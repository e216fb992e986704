//! Approvals on record and conditions with owners and due dates: through the CLI as a DPO uses it,
//! on a real register file, with a fixed "today" where overdue matters.

use std::sync::Arc;
use vetted_core::domain::approval::{ApprovalDraft, ConditionChange, ConditionDraft, ConditionState, MetBy};
use vetted_core::domain::{Status, VendorDraft};
use vetted_core::register::{ConditionFilter, ListQuery};
use vetted_core::{FixedContext, Register};
use vetted_tests::{json, stderr, stdout, TestRegister};

fn codes(e: vetted_core::Error) -> Vec<String> {
    vetted_core::ErrorDto::from(e).details.fields.into_iter().map(|f| f.code).collect()
}

/// Approving is a record with the verdict it rests on; a verdict other than "meets" needs a
/// justification, "with conditions" an open condition; an edit cannot approve behind its back;
/// every step is in the history, and the approval is sealed.
#[tokio::test]
async fn an_approval_is_a_record_on_the_verdict_it_rests_on() {
    let reg = TestRegister::new().await;
    let r = &reg.register;
    let v = r.create_vendor(&VendorDraft { name: "Acme Cloud GmbH".into(), ..Default::default() }).await.unwrap();
    // no evidence at all: the verdict is not "meets"
    let bare = ApprovalDraft { status: Status::Approved, justification: "  ".into() };
    assert_eq!(codes(r.approve(v.id, &bare).await.unwrap_err()), ["justification_required"]);
    let with = ApprovalDraft { status: Status::ApprovedWithConditions, justification: "SOC 2 report promised for March".into() };
    assert_eq!(codes(r.approve(v.id, &with).await.unwrap_err()), ["conditions_required"]);
    assert_eq!(r.vendor(v.id).await.unwrap().status, Status::Proposed, "nothing changed");

    // an edit that would approve is refused: approving is its own step
    let mut draft = r.vendor(v.id).await.unwrap().to_draft();
    draft.status = "approved".into();
    assert_eq!(codes(r.update_vendor(v.id, &draft).await.unwrap_err()), ["approval_needed"]);

    let c = r
        .add_condition(
            v.id,
            &ConditionDraft {
                control_id: Some("BL-01".into()),
                title: "SOC 2 Type II report".into(),
                owner: "Anna".into(),
                due: Some("2027-03-31".into()),
                note: String::new(),
            },
        )
        .await
        .unwrap();
    let approval = r.approve(v.id, &with).await.unwrap();
    assert_eq!(approval.status, Status::ApprovedWithConditions);
    assert_eq!(approval.verdict, vetted_core::scoring::Verdict::Insufficient);
    assert_eq!((approval.baseline_id.as_str(), approval.open_conditions), ("minimum-sub-processors", 1));
    let snapshot = r.assessment_history(v.id).await.unwrap()[0].id;
    assert_eq!(approval.assessment_id, Some(snapshot), "it names the snapshot it rests on");
    assert_eq!(r.vendor(v.id).await.unwrap().status, Status::ApprovedWithConditions);
    assert_eq!(r.approvals(v.id).await.unwrap(), std::slice::from_ref(&approval));

    // closing the last condition offers "approved"; the record that met it must be the vendor's
    let other = r.create_vendor(&VendorDraft { name: "Other".into(), ..Default::default() }).await.unwrap();
    let cert = reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Other",
        "--kind",
        "iso27001_2022",
        "--issued",
        "2026-01-10",
        "--expires",
        "2029-01-09",
        "--json",
    ]);
    assert!(cert.status.success(), "{}", stderr(&cert));
    let cert_id = json(&cert)[0]["id"].as_i64().unwrap();
    let not_theirs =
        ConditionChange { state: Some(ConditionState::Met), met_by: Some(MetBy::Certification { id: cert_id }), ..Default::default() };
    assert_eq!(codes(r.update_condition(c.id, &not_theirs).await.unwrap_err()), ["not_the_vendors"]);
    let _ = other;
    let cert = reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Acme Cloud GmbH",
        "--kind",
        "soc2_type2",
        "--period-start",
        "2026-01-01",
        "--period-end",
        "2026-09-30",
        "--json",
    ]);
    assert!(cert.status.success(), "{}", stderr(&cert));
    let theirs = ConditionChange { met_by: Some(MetBy::Certification { id: json(&cert)[0]["id"].as_i64().unwrap() }), ..not_theirs };
    let closed = r.update_condition(c.id, &theirs).await.unwrap();
    assert!(closed.offer_approved);
    assert_eq!(closed.condition.state, ConditionState::Met);
    assert!(closed.condition.closed_at.is_some() && closed.condition.closed_by.is_some());

    // the history: each step, and the approval sealed
    let history = r.history(Some(v.id), 100).await.unwrap();
    let fields: Vec<String> = history.iter().filter_map(|h| h.field.clone()).collect();
    for want in [
        format!("condition:{}:title", c.id),
        format!("condition:{}:state", c.id),
        format!("condition:{}:met_by", c.id),
        "status".into(),
        "approved_with_conditions".into(),
    ] {
        assert!(fields.contains(&want), "{want} in {fields:?}");
    }
    let verified = reg.cli(&["history", "verify"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    // an approval changed behind Vetted's back is found
    vetted_tests::without_trigger(&reg.db, "approvals", "approvals_never_updated", "UPDATE approvals SET justification = 'none needed'");
    let verified = reg.cli(&["history", "verify"]);
    assert!(!verified.status.success());
    assert!(
        stdout(&verified).contains(&format!("approval:{}", approval.id))
            || stderr(&verified).contains(&format!("approval:{}", approval.id)),
        "{}{}",
        stdout(&verified),
        stderr(&verified)
    );
}

/// Overdue conditions as of a fixed day: in the register's filter, the dashboard and the CLI.
#[tokio::test]
async fn overdue_conditions_show_in_the_filter_the_dashboard_and_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    let at = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let r = Register::open(&db, Arc::new(FixedContext { actor: "dpo".into(), at, today })).await.unwrap();
    let a = r.create_vendor(&VendorDraft { name: "Late Ltd".into(), ..Default::default() }).await.unwrap();
    let b = r.create_vendor(&VendorDraft { name: "Early Ltd".into(), ..Default::default() }).await.unwrap();
    let cond = |title: &str, due: &str| ConditionDraft { title: title.into(), due: Some(due.into()), ..Default::default() };
    let late = r.add_condition(a.id, &cond("MFA for admins", "2026-12-05")).await.unwrap();
    r.add_condition(a.id, &cond("Pen test", "2027-01-31")).await.unwrap();
    r.add_condition(b.id, &cond("DPA signed", "2026-12-06")).await.unwrap(); // due today: not yet overdue

    let q = |f: ConditionFilter| ListQuery { conditions: Some(f), ..Default::default() };
    let names = |page: vetted_core::register::ListPage| page.rows.into_iter().map(|v| (v.name, v.open_conditions)).collect::<Vec<_>>();
    assert_eq!(names(r.vendors(&q(ConditionFilter::Overdue)).await.unwrap()), [("Late Ltd".to_owned(), 2)]);
    assert_eq!(names(r.vendors(&q(ConditionFilter::Open)).await.unwrap()), [("Early Ltd".to_owned(), 1), ("Late Ltd".to_owned(), 2)]);

    let dash = r.dashboard().await.unwrap();
    assert_eq!(dash.open_conditions, 3);
    assert_eq!(dash.overdue_conditions.iter().map(|c| c.id).collect::<Vec<_>>(), [late.id]);

    // in progress is still open; met is not
    r.update_condition(
        late.id,
        &ConditionChange { state: Some(ConditionState::InProgress), owner: Some("IT".into()), ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!(r.dashboard().await.unwrap().overdue_conditions.len(), 1);
    r.update_condition(
        late.id,
        &ConditionChange { state: Some(ConditionState::Met), note: Some("seen in the admin console".into()), ..Default::default() },
    )
    .await
    .unwrap();
    assert!(r.dashboard().await.unwrap().overdue_conditions.is_empty());
    assert!(r.vendors(&q(ConditionFilter::Overdue)).await.unwrap().rows.is_empty());
    r.close().await;

    // the CLI, with --json
    let listed = vetted_tests::vetted(&db, &["condition", "list", "--vendor", "Late Ltd", "--json"]);
    let listed = json(&listed);
    let states: Vec<&str> = listed.as_array().unwrap().iter().map(|c| c["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["open", "met"], "open first");
    let updated = json(&vetted_tests::vetted(
        &db,
        &["condition", "update", &late.id.to_string(), "--state", "open", "--due", "2027-02-01", "--json"],
    ));
    assert_eq!((updated["condition"]["state"].as_str(), updated["condition"]["due"].as_str()), (Some("open"), Some("2027-02-01")));
    assert!(updated["condition"]["closed_at"].is_null(), "reopened: no longer closed");
    let history = stdout(&vetted_tests::vetted(&db, &["history", "--vendor", "Late Ltd"]));
    assert!(history.contains(&format!("condition {} state: in_progress -> met", late.id)), "{history}");
    assert!(history.contains(&format!("added condition {}: MFA for admins", late.id)), "{history}");
    let pen_test = (late.id + 1).to_string(); // no note yet: waiving it needs one
    let bad = vetted_tests::vetted(&db, &["condition", "close", &pen_test, "--waive"]);
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("says why"), "{}", stderr(&bad));
}

/// The summary PDF says who approved the vendor, on which verdict and why, and lists the open
/// conditions with the overdue ones marked; the sub-processor list carries "approved with
/// conditions" with how many are open (a fixed "today").
#[tokio::test]
async fn the_summary_and_the_list_show_the_approval_and_its_open_conditions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("register.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    let at = today.and_hms_opt(9, 0, 0).unwrap().and_utc();
    let r = Register::open(&db, Arc::new(FixedContext { actor: "Anna DPO".into(), at, today })).await.unwrap();
    let v = r.create_vendor(&VendorDraft { name: "Acme Cloud GmbH".into(), ..Default::default() }).await.unwrap();
    let cond = |title: &str, due: &str| ConditionDraft {
        title: title.into(),
        owner: "IT-Leitung".into(),
        due: Some(due.into()),
        ..Default::default()
    };
    r.add_condition(v.id, &cond("SOC-2-Typ-II-Bericht vorlegen", "2026-11-30")).await.unwrap();
    r.add_condition(v.id, &cond("MFA für Administratoren", "2027-03-31")).await.unwrap();
    let done = r.add_condition(v.id, &cond("AVV unterzeichnen", "2026-10-01")).await.unwrap();
    r.update_condition(
        done.id,
        &ConditionChange { state: Some(ConditionState::Met), note: Some("unterzeichnet".into()), ..Default::default() },
    )
    .await
    .unwrap();
    let draft = ApprovalDraft { status: Status::ApprovedWithConditions, justification: "Pilotbetrieb bis zum Prüfbericht".into() };
    r.approve(v.id, &draft).await.unwrap();

    let pdf = dir.path().join("acme.pdf");
    r.write_summary(v.id, vetted_core::report::Lang::De, None, &pdf).await.unwrap();
    let out = std::process::Command::new("pdftotext").args(["-layout"]).arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Freigegeben mit Auflagen von Anna DPO am 06.12.2026, auf die Bewertung „Zu wenig Informationen“"), "{flat}");
    assert!(flat.contains("Begründung: Pilotbetrieb bis zum Prüfbericht"), "{flat}");
    assert!(flat.contains("Offene Auflagen"), "{flat}");
    let open_at = flat.find("Offene Auflagen").unwrap();
    let section = &flat[open_at..];
    assert!(section.contains("SOC-2-Typ-II-Bericht vorlegen") && section.contains("30.11.2026 (überfällig)"), "{section}");
    assert!(section.contains("MFA für Administratoren") && section.contains("31.03.2027"), "{section}");
    assert!(!flat.contains("AVV unterzeichnen"), "a met condition is not open: {flat}");

    let csv = dir.path().join("liste.csv");
    let filter = vetted_core::report::RegisterFilter { statuses: vec![Status::ApprovedWithConditions], with_verdict: false };
    r.write_register(&filter, vetted_core::export::ExportFormat::Csv, vetted_core::report::Lang::De, None, &csv).await.unwrap();
    let list = std::fs::read_to_string(&csv).unwrap();
    assert!(list.contains("Freigegeben mit Auflagen (2 offen)"), "{list}");
}
