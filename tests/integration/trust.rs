//! Trust under faults and tampering: the history's hash chain, concurrent writers, backups and restores, kills mid-write.

use std::path::Path;
use std::process::Command;
use vetted_tests::{json, stderr, stdout, table_rows, TestRegister};

/// Runs SQL on the register with the sqlite3 shell, as someone editing the file by hand would.
fn sqlite3(db: &Path, sql: &str) -> String {
    let out = vetted_tests::sqlite3(db).arg(sql).output().expect("sqlite3 runs (Debian package sqlite3)");
    assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Writes to `out` the backup `backup` with `sql` run on its register (its manifest as it was), as
/// someone editing a backup by hand would.
fn edited_backup(backup: &Path, out: &Path, sql: &str) {
    let unpacked = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::fs::File::open(backup).unwrap()).unwrap().extract(unpacked.path()).unwrap();
    sqlite3(&unpacked.path().join("vetted.db"), sql);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for name in ["vetted.db", "vetted-backup.json"] {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, &std::fs::read(unpacked.path().join(name)).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

#[tokio::test]
async fn the_history_chain_names_the_first_entry_edited_or_removed_outside_vetted() {
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    json(&reg.cli(&["vendor", "edit", "Twilio Ireland Limited", "--status", "rejected", "--json"]));
    let report = json(&reg.cli(&["history", "verify", "--json"]));
    let entries = report["entries"].as_u64().unwrap();
    assert!(entries >= 7, "{report}");
    assert!(report["first_broken"].is_null(), "{report}");
    let ok = reg.cli(&["history", "verify"]);
    assert!(ok.status.success());
    assert!(stdout(&ok).contains(&format!("History verified: {entries} entries")), "{}", stdout(&ok));

    // History refuses edits through SQL as long as its trigger is there ...
    let refused = vetted_tests::run_sql(&reg.db, "UPDATE history SET actor = 'mallory' WHERE id = 3");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("history is append-only"));
    // ... and someone who drops it and edits a row is caught, at that row.
    vetted_tests::without_trigger(&reg.db, "history", "history_append_only_update", "UPDATE history SET actor = 'mallory' WHERE id = 3");
    let caught = reg.cli(&["history", "verify"]);
    assert_eq!(caught.status.code(), Some(1));
    assert!(stdout(&caught).contains("History NOT verified"), "{}", stdout(&caught));
    assert_eq!(stderr(&caught).trim(), "error: history entry 3 does not match: its content was changed after it was written");
    let out = reg.cli(&["history", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the report as JSON");
    assert_eq!(report["first_broken"], serde_json::json!({"id": 3, "reason": "content_changed"}));

    // Re-hashing the edited row does not help: the next entry no longer follows it.
    vetted_tests::without_trigger(
        &reg.db,
        "history",
        "history_append_only_update",
        &format!("UPDATE history SET actor = '{}' WHERE id = 3", vetted_tests::actor_of("cli-user")),
    );
    vetted_tests::without_trigger(&reg.db, "history", "history_append_only_delete", "DELETE FROM history WHERE id = 5");
    let caught = reg.cli(&["history", "verify"]);
    assert_eq!(
        stderr(&caught).trim(),
        "error: history entry 6 does not match: it does not follow the entry before it: an entry was removed, inserted or re-hashed"
    );
}

#[tokio::test]
async fn a_backup_taken_while_the_register_is_open_restores_every_table_and_evidence_file() {
    if vetted_tests::on_team_engine("a_backup_taken_while_the_register_is_ope") {
        return;
    }
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    let report = reg.dir.path().join("Genesys SOC 2 2025.pdf");
    std::fs::write(&report, b"%PDF-1.7\nSOC 2 Type II report of Genesys").unwrap();
    json(&reg.cli(&[
        "certs",
        "add",
        "--vendor",
        "Genesys Cloud Services, Inc.",
        "--kind",
        "soc2_type2",
        "--period-start",
        "2025-01-01",
        "--period-end",
        "2025-12-31",
        "--report-date",
        "2026-02-15",
        "--file",
        report.to_str().unwrap(),
        "--json",
    ]));
    // Online: the test's own store (as the app would) holds the register open meanwhile.
    let backup = reg.dir.path().join("backups out").join("register backup.zip");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    let written = json(&reg.cli(&["backup", "-o", backup.to_str().unwrap(), "--json"]));
    assert_eq!(written["evidence_files"], 1);
    assert!(written["history_entries"].as_u64().unwrap() >= 8, "{written}");
    let before = table_rows(&reg.db);
    assert!(before.iter().any(|(t, rows)| t == "evidence_files" && rows.contains("Genesys SOC 2 2025.pdf")));

    // Later work, then the evidence folder is lost.
    json(&reg.cli(&["vendor", "add", "--name", "Added after the backup", "--json"]));
    std::fs::remove_dir_all(reg.dir.path().join("evidence")).ok();

    // Refused while the register is open, and nothing changes.
    let refused = reg.cli(&["restore", backup.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("has") && stderr(&refused).contains("open: close it, then restore again"), "{}", stderr(&refused));
    let TestRegister { dir, db, register: store } = reg;
    store.close().await;
    drop(store);

    let restored = json(&vetted_tests::vetted(&db, &["restore", backup.to_str().unwrap(), "--json"]));
    assert_eq!(restored["evidence_files"], 1);
    assert_eq!(table_rows(&db), before, "every table as it was when the backup was taken");
    let aside = std::path::PathBuf::from(restored["set_aside"].as_str().unwrap());
    assert!(sqlite3(&aside, "SELECT name FROM vendors").contains("Added after the backup"), "the replaced register is kept");
    let verified = vetted_tests::vetted(&db, &["history", "verify"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    // The evidence file is back, whole: it opens through the hash check.
    let files = json(&vetted_tests::vetted(&db, &["certs", "list", "--json"]));
    assert!(files.to_string().contains("Genesys SOC 2 2025.pdf"), "{files}");
    let stored: Vec<_> = std::fs::read_dir(dir.path().join("evidence")).unwrap().collect();
    assert_eq!(stored.len(), 1);
    assert_eq!(std::fs::read(stored[0].as_ref().unwrap().path()).unwrap(), std::fs::read(&report).unwrap());
}

#[tokio::test]
async fn a_restore_refuses_what_is_not_a_whole_untampered_backup_and_changes_nothing() {
    if vetted_tests::on_team_engine("a_restore_refuses_what_is_not_a_whole_un") {
        return;
    }
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    let backup = reg.dir.path().join("good.zip");
    json(&reg.cli(&["backup", "-o", backup.to_str().unwrap(), "--json"]));
    let TestRegister { dir, db, register: store } = reg;
    store.close().await;
    drop(store);
    let before = table_rows(&db);
    let restore = |file: &Path| {
        let out = vetted_tests::vetted(&db, &["restore", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        stderr(&out).trim().to_owned()
    };

    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\nnot a backup").unwrap();
    assert!(restore(&pdf).ends_with("is not a Vetted backup: it is not a zip file"), "{}", restore(&pdf));
    assert_eq!(
        restore(&dir.path().join("missing.zip")),
        format!("error: there is no file at {}", dir.path().join("missing.zip").display())
    );

    // A backup whose register was edited by hand: its history no longer holds.
    let tampered = dir.path().join("tampered.zip");
    edited_backup(
        &backup,
        &tampered,
        "DROP TRIGGER history_append_only_update; UPDATE history SET after = 'Someone Else Ltd' WHERE id = 1",
    );
    assert_eq!(
        restore(&tampered),
        "error: the backup's history entry 1 does not match: its content was changed after it was written; nothing was restored"
    );
    assert_eq!(table_rows(&db), before, "the register is unchanged");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!left.iter().any(|n| n.starts_with(".vetted-restore") || n.contains("before-restore")), "{left:?}");
}

#[tokio::test]
async fn a_register_of_an_older_schema_is_copied_before_it_is_upgraded_and_its_history_sealed() {
    if vetted_tests::on_team_engine("a_register_of_an_older_schema_is_copied_") {
        return;
    }
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    let TestRegister { dir, db, register: store } = reg;
    store.close().await;
    drop(store);
    // Undo the ten newest migrations by hand: the file is now as schema 7 left it, with
    // history entries that carry no hashes (17 kept each name's sort key, 16 made the chain's links a table of their own, each
    // vendor's first link back to its parent; 15 kept readings of evidence, 14 added approvals and
    // conditions, 13 sealed records in the history, 12 moved question
    // texts to a catalog, 11 let history name no vendor, which needs no undoing here; 10 numbered
    // each version's answers as one run, 9 deferred the answers' reference, 8 chained history).
    sqlite3(
        &db,
        "DROP INDEX vendors_by_name; ALTER TABLE vendors DROP COLUMN name_sort; \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         UPDATE vendors SET parent_id = (SELECT client_id FROM vendor_links l WHERE l.vendor_id = vendors.id ORDER BY position LIMIT 1); \
         DROP TABLE vendor_links; DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         DROP TABLE certification_duties; DROP TABLE certification_readings; \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         DROP TABLE approvals; DROP TABLE conditions; \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         DROP INDEX history_subject; DROP INDEX questionnaire_skipped_version; DROP TRIGGER history_append_only_update; \
         ALTER TABLE history DROP COLUMN subject; ALTER TABLE history DROP COLUMN digest; \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         CREATE TABLE answers_v8 (questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id), \
         position INTEGER NOT NULL, question_id TEXT, question TEXT NOT NULL, answer TEXT NOT NULL, \
         original TEXT NOT NULL, comment TEXT NOT NULL, control TEXT, domain TEXT, cell TEXT NOT NULL, \
         PRIMARY KEY (questionnaire_id, position)); \
         INSERT INTO answers_v8 SELECT a.questionnaire_id, a.id - q.first_answer, e.question_id, e.question, a.answer, \
         a.original, a.comment, e.control, e.domain, CASE WHEN e.sheet = '' THEN a.cell ELSE e.sheet || '!' || a.cell END \
         FROM questionnaire_answers a JOIN questionnaires q ON q.id = a.questionnaire_id JOIN question_catalog e ON e.id = a.entry; \
         DROP TABLE questionnaire_answers; DROP TABLE question_catalog; DROP TABLE assessment_checks; \
         DROP INDEX assessments_latest; CREATE INDEX assessments_vendor ON assessments(vendor_id, id); \
         ALTER TABLE answers_v8 RENAME TO questionnaire_answers; \
         CREATE TRIGGER questionnaire_answers_immutable BEFORE UPDATE ON questionnaire_answers \
         BEGIN SELECT RAISE(ABORT, 'imported answers are never changed'); END; \
         ALTER TABLE questionnaires DROP COLUMN first_answer; \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations); \
         DROP INDEX history_unsealed; \
         ALTER TABLE history DROP COLUMN prev_hash; ALTER TABLE history DROP COLUMN hash; \
         CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END; \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    );
    let old_version = sqlite3(&db, "SELECT MAX(version) FROM _sqlx_migrations");
    let old = table_rows(&db);
    let unchained: usize = sqlite3(&db, "SELECT COUNT(*) FROM history").parse().unwrap();
    assert!(unchained >= 8, "the example's vendors, its certification and questionnaire: {unchained} entries");

    let verified = vetted_tests::vetted(&db, &["history", "verify"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    // The entries written before the chain, sealed by the upgrade; the records already there
    // (the example's certification, questionnaire and verdicts) each sealed by an entry of the
    // upgrade after them.
    let records: usize = sqlite3(&db, "SELECT COUNT(*) FROM history WHERE action = 'seal_record'").parse().unwrap();
    assert!(records >= 2, "{records} records sealed by the upgrade");
    assert!(stdout(&verified).contains(&format!("History verified: {} entries", unchained + records)), "{}", stdout(&verified));
    assert!(stdout(&verified).contains(&format!("Records verified: {records},")), "{}", stdout(&verified));
    assert_eq!(
        sqlite3(&db, "SELECT DISTINCT actor FROM history WHERE action = 'seal_record'"),
        if records > 0 { "vetted (upgrade)" } else { "" }
    );
    let copy = dir.path().join("backups").join(format!("register-schema-{old_version}.db"));
    assert_eq!(table_rows(&copy), old, "the copy is the register as it was before the upgrade");
    assert_ne!(sqlite3(&db, "SELECT MAX(version) FROM _sqlx_migrations"), old_version);
    // Every vendor there before was given its name's sort key by the upgrade: the list is in
    // the register's order.
    assert_eq!(sqlite3(&db, "SELECT COUNT(*) FROM vendors WHERE name_sort IS NULL"), "0");
    // Opening again upgrades nothing and copies nothing.
    let listed = json(&vetted_tests::vetted(&db, &["vendor", "list", "--json"]));
    let names: Vec<&str> = listed.as_array().expect("a list").iter().map(|r| r["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort_by(|a, b| vetted_core::domain::name_order(a, b));
    assert!(names.len() >= 5 && names == sorted, "{names:?}");
    assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_store_and_the_cli_write_1000_times_each_at_once_and_lose_nothing() {
    let reg = TestRegister::new().await;
    let db = reg.db.clone();
    // The CLI, a second process each time: 500 vendors added, each then edited.
    let cli = std::thread::spawn(move || {
        let mut failures = Vec::new();
        for i in 0..500 {
            let name = format!("cli {i}");
            for args in [vec!["vendor", "add", "--name", &name], vec!["vendor", "edit", &name, "--owner", "procurement"]] {
                let out = vetted_tests::vetted(&db, &args);
                if !out.status.success() {
                    failures.push(stderr(&out));
                }
            }
        }
        failures
    });
    // The app's store, meanwhile: the same, 1,000 writes.
    for i in 0..500 {
        let v = reg.add(vetted_tests::named(&format!("app {i}"))).await;
        let draft = vetted_core::domain::VendorDraft { owner: "security".into(), ..vetted_tests::named(v.name.as_str()) };
        reg.store().update_vendor(&vetted_tests::ctx("alice", 1), v.id, &draft.parse().unwrap()).await.expect("no write of the app fails");
    }
    let failures = cli.join().unwrap();
    assert!(failures.is_empty(), "{} CLI writes failed, e.g. {:?}", failures.len(), failures.first());
    assert_eq!(reg.store().vendor_count().await.unwrap(), 1000);
    let history = reg.store().history(None, 5000).await.unwrap();
    assert_eq!(history.len(), 2000, "one entry per create and per edit");
    assert_eq!(history.iter().filter(|h| h.field.as_deref() == Some("owner")).count(), 1000);
    let chain = reg.store().verify_history().await.unwrap();
    assert_eq!((chain.entries, chain.first_broken), (2000, None), "the chain holds through interleaved writers");
}

/// A questionnaire of `rows` questions, different in every `round` so no import is refused as a repeat.
fn questionnaire(path: &Path, rows: usize, round: usize) {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(["Question ID", "Question", "Answer", "Comment"]).unwrap();
    for i in 0..rows {
        let answer = ["Yes", "No", "Partial", "N/A"][i % 4];
        w.write_record([format!("Q-{i}"), format!("Is control {i} in place?"), answer.into(), format!("round {round}")]).unwrap();
    }
    w.flush().unwrap();
}

/// Starts `vetted ARGS`, lets it run for `after`, then SIGKILLs it; whether it finished first.
fn kill_after(db: &Path, args: &[&str], after: std::time::Duration) -> bool {
    let mut child = Command::new(vetted_tests::vetted_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("VETTED_DATA_DIR")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    child.kill().ok(); // SIGKILL on Unix
    child.wait().unwrap();
    finished
}

/// A small deterministic generator (xorshift): the same "random" moments on every run.
struct Moments(u64);
impl Moments {
    fn next_ms(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

#[tokio::test]
async fn imports_and_exports_killed_at_random_moments_leave_a_sound_register_with_whole_imports() {
    if vetted_tests::on_team_engine("imports_and_exports_killed_at_random_mom") {
        return;
    }
    let reg = TestRegister::new().await;
    for i in 0..300 {
        let status = if i % 3 == 0 { "approved" } else { "in_review" };
        let draft = vetted_core::domain::VendorDraft { status: status.into(), ..vetted_tests::named(&format!("Vendor {i:03}")) };
        reg.store().create_vendor(&vetted_tests::ctx("alice", 0), &draft.parse().unwrap()).await.unwrap();
    }
    let TestRegister { dir, db, register: store } = reg;
    store.close().await;
    drop(store);
    // The moments are drawn across how long each takes here, uninterrupted, and a bit beyond.
    let pdf = dir.path().join("list.pdf");
    let timed = |args: &[&str]| {
        let start = std::time::Instant::now();
        let out = vetted_tests::vetted(&db, args);
        assert!(out.status.success(), "{}", stderr(&out));
        start.elapsed().as_millis() as u64 * 13 / 10 + 1
    };
    let first = dir.path().join("answers-first.csv");
    questionnaire(&first, 20_000, 99);
    let import_ms = timed(&["import", first.to_str().unwrap(), "--vendor", "Vendor 002", "--json"]);
    let export_ms = timed(&["export", "register", "--format", "pdf", "-o", pdf.to_str().unwrap(), "--status", "all"]);
    let mut moments = Moments(0x5eed_1234_abcd_0042);
    let (mut imports_finished, mut exports_finished) = (0, 0);
    for round in 0..50 {
        let file = dir.path().join(format!("answers-{round}.csv"));
        questionnaire(&file, 20_000, round);
        let ms = moments.next_ms(import_ms);
        imports_finished +=
            kill_after(&db, &["import", file.to_str().unwrap(), "--vendor", "Vendor 001"], std::time::Duration::from_millis(ms)) as u32;

        // Add a vendor so every export has new content to publish.
        json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", &format!("Round {round}"), "--status", "approved", "--json"]));
        let ms = moments.next_ms(export_ms);
        exports_finished += kill_after(
            &db,
            &["export", "register", "--format", "pdf", "-o", pdf.to_str().unwrap(), "--status", "all"],
            std::time::Duration::from_millis(ms),
        ) as u32;
        if pdf.exists() {
            let bytes = std::fs::read(&pdf).unwrap();
            assert!(bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"), "round {round}: a half-written PDF");
        }

        assert_eq!(sqlite3(&db, "PRAGMA integrity_check"), "ok", "round {round}");
        let partial = sqlite3(
            &db,
            "SELECT count(*) FROM questionnaires q WHERE q.questions <> (SELECT count(*) FROM questionnaire_answers a WHERE a.questionnaire_id = q.id)",
        );
        assert_eq!(partial, "0", "round {round}: an import is present in part");
        let orphans =
            sqlite3(&db, "SELECT count(*) FROM questionnaire_answers WHERE questionnaire_id NOT IN (SELECT id FROM questionnaires)");
        assert_eq!(orphans, "0", "round {round}: answers without their questionnaire");
    }
    let imported: u32 =
        sqlite3(&db, "SELECT count(*) FROM questionnaires WHERE vendor_id = (SELECT id FROM vendors WHERE name = 'Vendor 001')")
            .parse()
            .unwrap();
    assert!(imported >= imports_finished, "every import that finished is there");
    assert!(imported > 0 && imported < 50, "some imports were killed before and some after their commit: {imported}");
    assert!(exports_finished < 50, "some exports were killed midway: {exports_finished}");
    let verified = vetted_tests::vetted(&db, &["history", "verify"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    println!("import {import_ms} ms, export {export_ms} ms (×1.3); imports saved {imported}/50 (finished before the kill {imports_finished}), exports finished {exports_finished}/50");
}

/// A command's changes are in the register file itself when it exits, not only in the WAL beside
/// it: a copy of the one file (as a user would copy "the SQLite file") has every vendor added.
#[test]
fn every_command_leaves_its_changes_in_the_register_file_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vetted.db");
    let copy = dir.path().join("copy").join("vetted.db");
    std::fs::create_dir(copy.parent().unwrap()).unwrap();
    for i in 1..=20 {
        json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", &format!("Vendor {i}"), "--json"]));
        std::fs::copy(&db, &copy).unwrap();
        assert_eq!(sqlite3(&copy, "SELECT count(*) FROM vendors"), i.to_string(), "after command {i}, the file alone");
        std::fs::remove_file(&copy).unwrap();
    }
}

/// The register, its evidence copies and its backups are readable by their owner only: the
/// folders Vetted makes 0700, the register and backups 0600, an evidence copy 0400 whatever
/// the permissions of the file it was copied from.
#[cfg(unix)]
#[test]
fn the_register_its_evidence_and_its_backups_are_its_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = data.join("vetted.db");
    json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", "Genesys", "--json"]));
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&db), 0o600, "the register");
    let pdf = dir.path().join("soc2.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n% a report\n%%EOF\n").unwrap();
    std::fs::set_permissions(&pdf, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = ["certs", "add", "--vendor", "Genesys", "--kind", "soc2_type2", "--period-end", "2025-12-31", "--file"];
    json(&vetted_tests::vetted(&db, &[&args[..], &[pdf.to_str().unwrap(), "--json"]].concat()));
    let evidence = data.join("evidence");
    assert_eq!(mode(&evidence), 0o700, "the evidence folder");
    for f in std::fs::read_dir(&evidence).unwrap() {
        assert_eq!(mode(&f.unwrap().path()), 0o400, "an evidence copy");
    }
    let backup = dir.path().join("backup.zip");
    json(&vetted_tests::vetted(&db, &["backup", "-o", backup.to_str().unwrap(), "--json"]));
    assert_eq!(mode(&backup), 0o600, "the backup");
}

/// A vendor's text from an imported list cannot drive the terminal (escape codes are shown, not
/// obeyed), and names that look alike are one name to the duplicate check.
#[tokio::test]
async fn escape_codes_are_shown_not_obeyed_and_look_alike_names_are_one_name() {
    let reg = TestRegister::new().await;
    let list = reg.dir.path().join("list.csv");
    std::fs::write(&list, "Name,Purpose\nGenesys,\"Contact center\x1b[2J\x1b]0;owned\x07\"\n").unwrap();
    json(&reg.cli(&["vendor", "import", list.to_str().unwrap(), "--json"]));
    let shown = reg.cli(&["vendor", "show", "Genesys"]);
    assert!(shown.status.success(), "{}", stderr(&shown));
    let text = stdout(&shown);
    assert!(text.contains("Contact center") && !text.contains('\x1b') && !text.contains('\x07'), "{text:?}");
    // A zero-width space or a decomposed accent makes no second vendor; a direction override is refused.
    let again = reg.cli(&["vendor", "add", "--name", "Gene\u{200B}sys"]);
    assert!(!again.status.success() && stderr(&again).contains("already in the register"), "{}", stderr(&again));
    json(&reg.cli(&["vendor", "add", "--name", "L\u{00F3}d\u{017A} Analytics", "--json"]));
    let decomposed = reg.cli(&["vendor", "add", "--name", "Lo\u{0301}dz\u{0301} Analytics"]);
    assert!(!decomposed.status.success() && stderr(&decomposed).contains("already in the register"), "{}", stderr(&decomposed));
    let reversed = reg.cli(&["vendor", "add", "--name", "Acme \u{202E}Ltd"]);
    assert!(!reversed.status.success() && stderr(&reversed).contains("text-direction"), "{}", stderr(&reversed));
}

/// A history entry put in by hand without a hash (backdated, any actor) is not sealed as genuine
/// by the next command: `history verify` names it, before and after other commands ran.
#[tokio::test]
async fn a_history_entry_forged_without_a_hash_is_named_not_sealed() {
    let reg = TestRegister::new().await;
    json(&reg.cli(&["vendor", "add", "--name", "Genesys", "--json"]));
    // (A forger on a team register can only name the login they connect as.)
    vetted_tests::sql(
        &reg.db,
        &format!(
            "INSERT INTO history (id, vendor_id, at, actor, action, field, before, after) \
             VALUES ((SELECT MAX(id) + 1 FROM history), 1, '2025-01-01T09:00:00Z', '{}', 'update', 'status', 'proposed', 'approved')",
            vetted_tests::actor_of("ciso")
        ),
    );
    let forged = vetted_tests::sql(&reg.db, "SELECT MAX(id) FROM history");
    json(&reg.cli(&["vendor", "add", "--name", "Twilio", "--json"]));
    let verified = reg.cli(&["history", "verify"]);
    assert!(!verified.status.success(), "{}", stdout(&verified));
    let said = format!("{}{}", stdout(&verified), stderr(&verified));
    assert!(said.contains(&format!("history entry {forged} does not match: it carries no hash")), "{said}");
    let unsealed = vetted_tests::sql(&reg.db, &format!("SELECT CASE WHEN hash IS NULL THEN 1 ELSE 0 END FROM history WHERE id = {forged}"));
    assert_eq!(unsealed, "1", "left unsealed");
}

/// A backup restores whatever the evidence size limit is at the time: a report the register took
/// under a higher limit (VETTED_MAX_EVIDENCE_MB) is not refused by a lower one later.
#[test]
fn a_backup_restores_under_a_lower_evidence_size_limit_than_it_was_taken_with() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vetted.db");
    let with_limit = |mb: &str, args: &[&str]| {
        Command::new(vetted_tests::vetted_bin())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("VETTED_MAX_EVIDENCE_MB", mb)
            .env_remove("VETTED_DATA_DIR")
            .output()
            .unwrap()
    };
    json(&with_limit("4", &["vendor", "add", "--name", "Genesys", "--json"]));
    let report = dir.path().join("soc2.pdf");
    let mut bytes = b"%PDF-1.7\n".to_vec();
    bytes.resize(3 << 20, b'x');
    std::fs::write(&report, &bytes).unwrap();
    let args = ["certs", "add", "--vendor", "Genesys", "--kind", "soc2_type2", "--period-end", "2025-12-31", "--file"];
    json(&with_limit("4", &[&args[..], &[report.to_str().unwrap(), "--json"]].concat()));
    let backup = dir.path().join("backup.zip");
    json(&with_limit("4", &["backup", "-o", backup.to_str().unwrap(), "--json"]));
    let restored = with_limit("1", &["restore", backup.to_str().unwrap(), "--json"]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert_eq!(json(&restored)["evidence_files"], 1);
}

/// A register reached through a symbolic link is the same register: open through the link, a
/// restore through the real path is refused; a restore through the link replaces the real file
/// and leaves the link a link.
#[cfg(unix)]
#[tokio::test]
async fn a_register_reached_through_a_link_is_one_register_with_one_lock() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real").join("vetted.db");
    json(&vetted_tests::vetted(&real, &["vendor", "add", "--name", "Genesys", "--json"]));
    let backup = dir.path().join("backup.zip");
    json(&vetted_tests::vetted(&real, &["backup", "-o", backup.to_str().unwrap(), "--json"]));
    let alias = dir.path().join("alias.db");
    std::os::unix::fs::symlink(&real, &alias).unwrap();
    let open = vetted_core::register::Register::open(&alias, std::sync::Arc::new(vetted_core::SystemContext)).await.unwrap();
    let refused = vetted_tests::vetted(&real, &["restore", backup.to_str().unwrap()]);
    assert!(!refused.status.success() && stderr(&refused).contains("open: close it"), "{}", stderr(&refused));
    open.close().await;
    drop(open);
    json(&vetted_tests::vetted(&alias, &["restore", backup.to_str().unwrap(), "--json"]));
    assert!(std::fs::symlink_metadata(&alias).unwrap().file_type().is_symlink(), "the link stays a link");
    assert_eq!(sqlite3(&real, "SELECT name FROM vendors"), "Genesys");
}

/// Leaves a commit only in the register's write-ahead log, as a process killed while it held the
/// register open would: a table `last_commit` that the register file itself does not have yet.
#[cfg(unix)]
fn commit_left_in_the_wal(db: &Path) {
    use std::io::{BufRead, Write};
    let mut shell = vetted_tests::sqlite3(db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("sqlite3 runs (Debian package sqlite3)");
    let mut input = shell.stdin.take().unwrap();
    writeln!(input, "PRAGMA wal_autocheckpoint = 0; CREATE TABLE last_commit (x); INSERT INTO last_commit VALUES (42); SELECT 'done';")
        .unwrap();
    input.flush().unwrap();
    // (The pragma answers with its value first.)
    let mut lines = std::io::BufReader::new(shell.stdout.take().unwrap()).lines();
    assert!(lines.any(|l| l.unwrap().trim() == "done"));
    shell.kill().unwrap();
    shell.wait().unwrap();
    assert!(Path::new(&format!("{}-wal", db.display())).exists(), "the commit is in the WAL");
}

/// A restore killed before any of its renames (strace kills it on entry to the Nth) is finished
/// by the next command: the register is the backup's, the replaced one is set aside whole, with
/// the last commits its write-ahead log held; killed before the swap began, nothing changed.
#[cfg(unix)]
#[test]
fn a_restore_killed_at_any_step_of_its_swap_is_finished_by_the_next_command_and_loses_no_commit() {
    for kill_at in 1..=5 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("vetted.db");
        json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", "In the backup", "--json"]));
        let backup = dir.path().join("backup.zip");
        json(&vetted_tests::vetted(&db, &["backup", "-o", backup.to_str().unwrap(), "--json"]));
        json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", "Added after the backup", "--json"]));
        commit_left_in_the_wal(&db);

        let killed = Command::new("strace")
            .args(["-f", "-o", "/dev/null", "-e", "trace=rename", "-e", &format!("inject=rename:signal=KILL:when={kill_at}")])
            .arg(vetted_tests::vetted_bin())
            .arg("--db")
            .arg(&db)
            .args(["restore", backup.to_str().unwrap()])
            .env_remove("VETTED_DATA_DIR")
            .output()
            .expect("strace runs (Debian package strace)");
        let names = json(&vetted_tests::vetted(&db, &["vendor", "list", "--json"])).to_string();
        let files: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert!(!files.iter().any(|f| f.ends_with(".restore-journal")), "kill at {kill_at}: {files:?}");
        let aside: Vec<_> = files.iter().filter(|f| f.starts_with("vetted.db.before-restore-") && !f.contains("-wal")).collect();
        if kill_at == 1 {
            // Killed writing the journal: the swap had not begun; the register is as it was.
            assert!(!killed.status.success());
            assert!(names.contains("Added after the backup"), "kill at 1: {names}");
            assert!(aside.is_empty(), "{files:?}");
            assert_eq!(sqlite3(&db, "SELECT x FROM last_commit"), "42");
            continue;
        }
        assert!(names.contains("In the backup") && !names.contains("Added after the backup"), "kill at {kill_at}: {names}");
        assert_eq!(aside.len(), 1, "kill at {kill_at}: {files:?}");
        let aside = dir.path().join(aside[0]);
        assert!(sqlite3(&aside, "SELECT name FROM vendors").contains("Added after the backup"), "kill at {kill_at}");
        assert_eq!(sqlite3(&aside, "SELECT x FROM last_commit"), "42", "kill at {kill_at}: the set-aside register keeps its WAL's commit");
        let verified = vetted_tests::vetted(&db, &["history", "verify"]);
        assert!(verified.status.success(), "kill at {kill_at}: {}", stderr(&verified));
        assert!(!files.iter().any(|f| f.starts_with(".vetted-restore")), "kill at {kill_at}: scratch left: {files:?}");
    }
}

/// An evidence file of the current register that was altered is not kept by a restore: the
/// backup's genuine file takes its place (the altered one is set aside), and later backups work.
#[tokio::test]
async fn a_restore_replaces_an_altered_evidence_file_with_the_backups_genuine_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vetted.db");
    json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", "Genesys", "--json"]));
    let report = dir.path().join("soc2.pdf");
    std::fs::write(&report, b"%PDF-1.7\nSOC 2 Type II report of Genesys").unwrap();
    let args = ["certs", "add", "--vendor", "Genesys", "--kind", "soc2_type2", "--period-end", "2025-12-31", "--file"];
    json(&vetted_tests::vetted(&db, &[&args[..], &[report.to_str().unwrap(), "--json"]].concat()));
    let backup = dir.path().join("backup.zip");
    json(&vetted_tests::vetted(&db, &["backup", "-o", backup.to_str().unwrap(), "--json"]));

    let stored = std::fs::read_dir(dir.path().join("evidence")).unwrap().next().unwrap().unwrap().path();
    let mut perms = std::fs::metadata(&stored).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&stored, perms).unwrap();
    std::fs::write(&stored, b"%PDF-1.7\nan altered report").unwrap();
    let refused = vetted_tests::vetted(&db, &["backup", "-o", dir.path().join("refused.zip").to_str().unwrap()]);
    assert!(!refused.status.success(), "an altered evidence file is not backed up");

    let restored = vetted_tests::vetted(&db, &["restore", backup.to_str().unwrap(), "--json"]);
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert_eq!(std::fs::read(&stored).unwrap(), std::fs::read(&report).unwrap(), "the genuine file is back");
    let aside: Vec<_> = std::fs::read_dir(dir.path().join("evidence"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".altered-before-restore-"))
        .collect();
    assert_eq!(aside.len(), 1, "the altered file is set aside, not deleted");
    assert_eq!(std::fs::read(dir.path().join("evidence").join(&aside[0])).unwrap(), b"%PDF-1.7\nan altered report");
    json(&vetted_tests::vetted(&db, &["backup", "-o", dir.path().join("again.zip").to_str().unwrap(), "--json"]));
}

/// A backup whose newest history entries were cut off (the chain that is left still holds) is
/// refused: the manifest says how many entries there were and the newest one's hash.
#[tokio::test]
async fn a_restore_refuses_a_backup_whose_newest_history_entries_were_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vetted.db");
    json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", "Genesys", "--json"]));
    json(&vetted_tests::vetted(&db, &["vendor", "edit", "Genesys", "--status", "in_review", "--json"]));
    let backup = dir.path().join("backup.zip");
    json(&vetted_tests::vetted(&db, &["backup", "-o", backup.to_str().unwrap(), "--json"]));
    let cut = dir.path().join("cut.zip");
    edited_backup(&backup, &cut, "DROP TRIGGER history_append_only_delete; DELETE FROM history WHERE id = (SELECT MAX(id) FROM history)");
    let before = table_rows(&db);
    let refused = vetted_tests::vetted(&db, &["restore", cut.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("the backup's history does not end where its manifest says")
            && stderr(&refused).contains("nothing was restored"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(table_rows(&db), before);
    // The whole backup restores.
    json(&vetted_tests::vetted(&db, &["restore", backup.to_str().unwrap(), "--json"]));
}

/// Every record a verdict rests on is sealed by the history entry that records it: a change
/// made behind Vetted's back (the certification's dates, an answer, a baseline, an accepted risk,
/// a snapshot, a published list, a record added or removed) is named by `history verify`, and
/// scoring refuses to record a verdict on it.
#[tokio::test]
async fn a_record_changed_behind_vetteds_back_is_named_by_verify_and_no_verdict_rests_on_it() {
    if vetted_tests::on_team_engine("a_record_changed_behind_vetteds_back_is_") {
        return;
    }
    let reg = TestRegister::new().await;
    json(&reg.cli(&["vendor", "add", "--name", "Acme", "--json"]));
    json(&reg.cli(&["vendor", "add", "--name", "Other", "--json"]));
    let report = reg.dir.path().join("soc2.pdf");
    std::fs::write(&report, b"%PDF-1.7\nSOC 2 Type II report of Acme").unwrap();
    let cert = [
        "certs",
        "add",
        "--vendor",
        "Acme",
        "--kind",
        "soc2_type2",
        "--period-start",
        "2024-10-01",
        "--period-end",
        "2025-09-30",
        "--report-date",
        "2025-11-15",
        "--file",
        report.to_str().unwrap(),
        "--json",
    ];
    json(&reg.cli(&cert));
    let csv = reg.dir.path().join("answers.csv");
    std::fs::write(
        &csv,
        "Question ID,Question,Answer\nQ1,Do you enforce multi-factor authentication for admins?,No\nQ2,Do you have a firewall?,Yes\n",
    )
    .unwrap();
    assert!(reg.cli(&["import", csv.to_str().unwrap(), "--vendor", "Acme"]).status.success());
    json(&reg.cli(&[
        "accept-risk",
        "Acme",
        "--control",
        "BL-08",
        "--reason",
        "MFA by end of quarter",
        "--by",
        "CISO",
        "--until",
        "2027-03-31",
        "--json",
    ]));
    let baseline = reg.dir.path().join("baseline.json");
    assert!(reg.cli(&["baseline", "export", "minimum-sub-processors", "--out", baseline.to_str().unwrap()]).status.success());
    assert!(reg.cli(&["baseline", "import", baseline.to_str().unwrap(), "--use-for", "0"]).status.success());
    assert!(reg.cli(&["score", "--all"]).status.success());
    assert!(reg
        .cli(&["export", "register", "--format", "json", "-o", reg.dir.path().join("list.json").to_str().unwrap()])
        .status
        .success());

    let verified = reg.cli(&["history", "verify", "--json"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    let sealed = json(&verified);
    assert!(sealed["records_checked"].as_u64().unwrap() >= 8, "{sealed}");
    let kinds: Vec<String> =
        sqlite3(&reg.db, "SELECT DISTINCT substr(subject, 1, instr(subject, ':') - 1) FROM history WHERE subject IS NOT NULL ORDER BY 1")
            .lines()
            .map(str::to_owned)
            .collect();
    assert_eq!(
        kinds,
        ["accepted_risk", "assessments", "baseline", "baseline_use", "certification", "evidence", "publication", "questionnaire"]
    );
    let score_before = stdout(&reg.cli(&["score", "Acme"]));

    // Each change outside Vetted, on a copy of the register: named by verify, and no verdict.
    let tamper = |name: &str, sql: &str, named: &str| {
        let copy = reg.dir.path().join(format!("{name}.db"));
        std::fs::copy(&reg.db, &copy).unwrap();
        sqlite3(&copy, sql);
        let caught = vetted_tests::vetted(&copy, &["history", "verify"]);
        assert_eq!(caught.status.code(), Some(1), "{name}: {}", stdout(&caught));
        assert!(stdout(&caught).contains("Records NOT verified"), "{name}: {}", stdout(&caught));
        assert!(stdout(&caught).contains(named), "{name}: {}", stdout(&caught));
        assert!(stderr(&caught).contains(named), "{name}: {}", stderr(&caught));
        copy
    };
    let lapsed = tamper(
        "dates",
        "UPDATE certifications SET period_start = '2025-10-01', period_end = '2026-09-30'",
        "record certification:1 was changed after it was written",
    );
    let refused = vetted_tests::vetted(&lapsed, &["score", "Acme"]);
    assert_eq!(refused.status.code(), Some(1), "{}", stdout(&refused));
    assert!(
        stderr(&refused).contains("record certification:1 was changed") && stderr(&refused).contains("no verdict was recorded"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(
        sqlite3(&lapsed, "SELECT COUNT(*) FROM assessments"),
        sqlite3(&reg.db, "SELECT COUNT(*) FROM assessments"),
        "no snapshot was written"
    );
    let refused_all = vetted_tests::vetted(&lapsed, &["score", "--all"]);
    assert_eq!(refused_all.status.code(), Some(1));
    // The other vendor's verdict does not rest on the changed record: it is scored.
    assert!(vetted_tests::vetted(&lapsed, &["score", "Other"]).status.success());

    tamper(
        "answer",
        "DROP TRIGGER questionnaire_answers_immutable; UPDATE questionnaire_answers SET answer = 'yes', original = 'Yes' WHERE answer = 'no'",
        "record questionnaire:1 was changed after it was written",
    );
    tamper("evidence", "UPDATE evidence_files SET size = size + 1", "record evidence:1 was changed");
    tamper(
        "baseline",
        "DROP TRIGGER baselines_immutable; UPDATE baselines SET baseline = replace(baseline, '\"BL-08\"', '\"BL-8\"')",
        "was changed after it was written",
    );
    tamper("tier", "UPDATE baseline_use SET set_by = 'mallory'", "record baseline_use:0 was changed");
    tamper(
        "risk",
        "DROP TRIGGER risk_acceptances_immutable; UPDATE risk_acceptances SET until = '2099-12-31'",
        "record accepted_risk:1 was changed",
    );
    tamper("snapshot", "DROP TRIGGER assessments_immutable; UPDATE assessments SET verdict = 'meets'", "record assessments:");
    tamper(
        "published",
        "DROP TRIGGER register_versions_immutable; UPDATE register_versions SET as_of = '2020-01-01'",
        "record publication:1 was changed",
    );
    tamper(
        "added",
        "INSERT INTO certifications (vendor_id, kind, period_end, created_at) VALUES (1, 'iso27001', '2027-12-31', '2026-01-01T00:00:00Z')",
        "record certification:2 was added outside Vetted",
    );
    tamper(
        "removed",
        "DELETE FROM reminder_mutes; DELETE FROM reminders_shown; DELETE FROM evidence_files",
        "record evidence:1 was removed outside Vetted",
    );

    // The register itself is untouched and scores as before.
    assert_eq!(stdout(&reg.cli(&["score", "Acme"])), score_before);
    assert!(reg.cli(&["history", "verify"]).status.success());
}

/// An evidence size limit that is not a sane number of megabytes is refused with its name (it
/// once overflowed into a 0-byte limit), and a date after 9999 is not a date (it broke sorting
/// and the calendar file).
#[test]
fn an_absurd_evidence_limit_and_a_date_after_9999_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vetted.db");
    json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", "Genesys", "--json"]));
    let report = dir.path().join("soc2.pdf");
    std::fs::write(&report, b"%PDF-1.7\nSOC 2").unwrap();
    let add = |limit: &str| {
        Command::new(vetted_tests::vetted_bin())
            .arg("--db")
            .arg(&db)
            .args(["certs", "add", "--vendor", "Genesys", "--kind", "soc2_type2", "--period-end", "2025-12-31", "--file"])
            .arg(&report)
            .env("VETTED_MAX_EVIDENCE_MB", limit)
            .env_remove("VETTED_DATA_DIR")
            .output()
            .unwrap()
    };
    for absurd in ["17592186044417", "0", "-1", "lots"] {
        let refused = add(absurd);
        assert_eq!(refused.status.code(), Some(1), "{absurd}");
        assert!(
            stderr(&refused).contains(&format!("VETTED_MAX_EVIDENCE_MB is \"{absurd}\": give a whole number of megabytes from 1 to 4096")),
            "{absurd}: {}",
            stderr(&refused)
        );
    }
    assert_eq!(sqlite3(&db, "SELECT COUNT(*) FROM certifications"), "0");
    assert!(add("400").status.success());

    for args in [
        &["vendor", "edit", "Genesys", "--dpa-signed", "+10004-12-31"][..],
        &["certs", "add", "--vendor", "Genesys", "--kind", "iso27001_2022", "--issued", "+10004-12-31"][..],
        &["certs", "add", "--vendor", "Genesys", "--kind", "iso27001_2022", "--issued", "10004-12-31"][..],
    ] {
        let refused = vetted_tests::vetted(&db, args);
        assert_eq!(refused.status.code(), Some(1), "{args:?}");
        assert!(stderr(&refused).contains("is not a date in the form YYYY-MM-DD"), "{args:?}: {}", stderr(&refused));
    }
    assert_eq!(sqlite3(&db, "SELECT COUNT(*) FROM certifications"), "1");
}

/// Messages that say what is wrong: a pipe is not "a folder", a length error names its field, a
/// damaged file points to the backups, and a register a newer Vetted wrote, or one that cannot be
/// written, opens read-only: it lists and backs up, and a change says why it cannot be made.
#[cfg(unix)]
#[test]
fn messages_name_what_is_wrong_and_a_newer_or_unwritable_register_opens_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vetted.db");
    json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", "Genesys", "--json"]));
    let said = |args: &[&str]| {
        let out = vetted_tests::vetted(&db, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stdout(&out));
        stderr(&out).trim().to_owned()
    };
    let fifo = dir.path().join("report.pdf");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let pipe = format!("error: {} is not a regular file (a pipe, a device or a socket)", fifo.display());
    assert_eq!(
        said(&[
            "certs",
            "add",
            "--vendor",
            "Genesys",
            "--kind",
            "soc2_type2",
            "--period-end",
            "2025-12-31",
            "--file",
            fifo.to_str().unwrap()
        ]),
        pipe
    );
    assert_eq!(said(&["import", fifo.to_str().unwrap(), "--vendor", "Genesys"]), pipe);
    assert_eq!(said(&["vendor", "edit", "Genesys", "--purpose", &"x".repeat(2001)]), "error: purpose: at most 2000 characters");

    // Written by a newer Vetted: read, listed and backed up as it is; a change is refused.
    let newer = dir.path().join("newer.db");
    std::fs::copy(&db, &newer).unwrap();
    sqlite3(&newer, "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (20991231000099, 'future', 1, x'00', 0)");
    let before = table_rows(&newer);
    let listed = json(&vetted_tests::vetted(&newer, &["vendor", "list", "--json"]));
    assert!(listed.to_string().contains("Genesys"), "{listed}");
    json(&vetted_tests::vetted(&newer, &["backup", "-o", dir.path().join("newer.zip").to_str().unwrap(), "--json"]));
    let refused = vetted_tests::vetted(&newer, &["vendor", "add", "--name", "Twilio"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("was written by a newer version of Vetted (schema 20991231000099; this one knows up to")
            && stderr(&refused).contains("it is open read-only; update Vetted to change it"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(table_rows(&newer), before, "nothing written, nothing upgraded");
    assert!(!dir.path().join("backups").exists(), "no copy before an upgrade that does not happen");

    // Damaged: the engine's words and where to go from here.
    let damaged = dir.path().join("damaged.db");
    let mut bytes = std::fs::read(&db).unwrap();
    for b in &mut bytes[4096..12288] {
        *b = 0x5a;
    }
    std::fs::write(&damaged, bytes).unwrap();
    let out = vetted_tests::vetted(&damaged, &["vendor", "list"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the register file is damaged (")
            && stderr(&out).contains("restore it from a backup (`vetted restore FILE`)"),
        "{}",
        stderr(&out)
    );

    // A folder that cannot be written (as a user other than root: root writes anywhere).
    let folder = tempfile::tempdir().unwrap();
    let root = Command::new("id").arg("-u").output().map(|o| stdout(&o).trim() == "0").unwrap_or(false);
    // As root, `nobody` runs a copy of the CLI in a folder it may enter (the checkout may not be).
    let bin_dir = tempfile::tempdir().unwrap();
    use std::os::unix::fs::PermissionsExt;
    let bin = if root {
        let bin = bin_dir.path().join("vetted");
        std::fs::copy(vetted_tests::vetted_bin(), &bin).unwrap();
        std::fs::set_permissions(bin_dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
        bin
    } else {
        vetted_tests::vetted_bin()
    };
    let as_user = |args: &[&str]| {
        let mut c = if root {
            let mut c = Command::new("runuser");
            c.args(["-u", "nobody", "--"]).arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        c.arg("--db").arg(folder.path().join("vetted.db")).args(args).env_remove("VETTED_DATA_DIR").output().unwrap()
    };
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    json(&as_user(&["vendor", "add", "--name", "Genesys", "--json"]));
    // The register file alone, in a folder nobody may write to (a copy on a read-only share):
    // SQLite can make neither its WAL nor Vetted its lock file beside it.
    for f in std::fs::read_dir(folder.path()).unwrap() {
        let f = f.unwrap().path();
        if f.file_name().unwrap() != "vetted.db" {
            std::fs::remove_file(f).unwrap();
        }
    }
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let listed = as_user(&["vendor", "list", "--json"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert!(json(&listed).to_string().contains("Genesys"));
    let refused = as_user(&["vendor", "add", "--name", "Twilio"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        stderr(&refused).contains("cannot be written (the file or its folder is read-only): it is open read-only"),
        "{}",
        stderr(&refused)
    );
    std::fs::set_permissions(folder.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
}
