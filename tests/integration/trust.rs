//! Trust under faults and tampering: the history's hash chain, concurrent writers, backups and restores, kills mid-write.

use std::path::Path;
use std::process::Command;
use vetted_tests::{json, stderr, stdout, TestRegister};

/// Runs SQL on the register with the sqlite3 shell, as someone editing the file by hand would.
fn sqlite3(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().expect("sqlite3 runs (Debian package sqlite3)");
    assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test]
async fn the_history_chain_names_the_first_entry_edited_or_removed_outside_vetted() {
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    json(&reg.cli(&["vendor", "edit", "Twilio Ireland Limited", "--status", "approved", "--json"]));
    let report = json(&reg.cli(&["history", "verify", "--json"]));
    let entries = report["entries"].as_u64().unwrap();
    assert!(entries >= 7, "{report}");
    assert!(report["first_broken"].is_null(), "{report}");
    let ok = reg.cli(&["history", "verify"]);
    assert!(ok.status.success());
    assert!(stdout(&ok).contains(&format!("History verified: {entries} entries")), "{}", stdout(&ok));

    // History refuses edits through SQL as long as its trigger is there ...
    let refused = Command::new("sqlite3").arg(&reg.db).arg("UPDATE history SET actor = 'mallory' WHERE id = 3").output().unwrap();
    assert!(String::from_utf8_lossy(&refused.stderr).contains("history is append-only"));
    // ... and someone who drops it and edits a row is caught, at that row.
    sqlite3(&reg.db, "DROP TRIGGER history_append_only_update; UPDATE history SET actor = 'mallory' WHERE id = 3");
    let caught = reg.cli(&["history", "verify"]);
    assert_eq!(caught.status.code(), Some(1));
    assert!(stdout(&caught).contains("History NOT verified"), "{}", stdout(&caught));
    assert_eq!(
        stderr(&caught).trim(),
        "error: history entry 3 does not match: its content was changed after it was written"
    );
    let out = reg.cli(&["history", "verify", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the report as JSON");
    assert_eq!(report["first_broken"], serde_json::json!({"id": 3, "reason": "content_changed"}));

    // Re-hashing the edited row does not help: the next entry no longer follows it.
    sqlite3(&reg.db, "UPDATE history SET actor = 'cli-user' WHERE id = 3; DROP TRIGGER history_append_only_delete; DELETE FROM history WHERE id = 5");
    let caught = reg.cli(&["history", "verify"]);
    assert_eq!(
        stderr(&caught).trim(),
        "error: history entry 6 does not match: it does not follow the entry before it: an entry was removed, inserted or re-hashed"
    );
}

/// Every table's rows, as SQL literals, in a stable order: what "nothing was lost" compares.
fn tables(db: &Path) -> Vec<(String, String)> {
    let names = sqlite3(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    names
        .lines()
        .map(|t| {
            let out = Command::new("sqlite3").args(["-cmd", ".mode quote"]).arg(db).arg(format!("SELECT * FROM \"{t}\" ORDER BY 1, 2")).output().unwrap();
            (t.to_owned(), String::from_utf8_lossy(&out.stdout).into_owned())
        })
        .collect()
}

#[tokio::test]
async fn a_backup_taken_while_the_register_is_open_restores_every_table_and_evidence_file() {
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    let report = reg.dir.path().join("Genesys SOC 2 2025.pdf");
    std::fs::write(&report, b"%PDF-1.7\nSOC 2 Type II report of Genesys").unwrap();
    json(&reg.cli(&[
        "certs", "add", "--vendor", "Genesys Cloud Services, Inc.", "--kind", "soc2_type2", "--period-start", "2025-01-01",
        "--period-end", "2025-12-31", "--report-date", "2026-02-15", "--file", report.to_str().unwrap(), "--json",
    ]));
    // Online: the test's own store (as the app would) holds the register open meanwhile.
    let backup = reg.dir.path().join("backups out").join("register backup.zip");
    std::fs::create_dir_all(backup.parent().unwrap()).unwrap();
    let written = json(&reg.cli(&["backup", "-o", backup.to_str().unwrap(), "--json"]));
    assert_eq!(written["evidence_files"], 1);
    assert!(written["history_entries"].as_u64().unwrap() >= 8, "{written}");
    let before = tables(&reg.db);
    assert!(before.iter().any(|(t, rows)| t == "evidence_files" && rows.contains("Genesys SOC 2 2025.pdf")));

    // Later work, then the evidence folder is lost.
    json(&reg.cli(&["vendor", "add", "--name", "Added after the backup", "--json"]));
    std::fs::remove_dir_all(reg.dir.path().join("evidence")).ok();

    // Refused while the register is open, and nothing changes.
    let refused = reg.cli(&["restore", backup.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("has") && stderr(&refused).contains("open: close it, then restore again"), "{}", stderr(&refused));
    let TestRegister { dir, db, store } = reg;
    store.close().await;
    drop(store);

    let restored = json(&vetted_tests::vetted(&db, &["restore", backup.to_str().unwrap(), "--json"]));
    assert_eq!(restored["evidence_files"], 1);
    assert_eq!(tables(&db), before, "every table as it was when the backup was taken");
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
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    let backup = reg.dir.path().join("good.zip");
    json(&reg.cli(&["backup", "-o", backup.to_str().unwrap(), "--json"]));
    let TestRegister { dir, db, store } = reg;
    store.close().await;
    drop(store);
    let before = tables(&db);
    let restore = |file: &Path| {
        let out = vetted_tests::vetted(&db, &["restore", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
        stderr(&out).trim().to_owned()
    };

    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\nnot a backup").unwrap();
    assert!(restore(&pdf).ends_with("is not a Vetted backup: it is not a zip file"), "{}", restore(&pdf));
    assert_eq!(restore(&dir.path().join("missing.zip")), format!("error: there is no file at {}", dir.path().join("missing.zip").display()));

    // A backup whose register was edited by hand: its history no longer holds.
    let unpacked = dir.path().join("unpacked");
    std::fs::create_dir(&unpacked).unwrap();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&backup).unwrap()).unwrap();
    zip.extract(&unpacked).unwrap();
    let inner = unpacked.join("vetted.db");
    sqlite3(&inner, "DROP TRIGGER history_append_only_update; UPDATE history SET after = 'Someone Else Ltd' WHERE id = 1");
    let tampered = dir.path().join("tampered.zip");
    let mut out = zip::ZipWriter::new(std::fs::File::create(&tampered).unwrap());
    for name in ["vetted.db", "vetted-backup.json"] {
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, &std::fs::read(unpacked.join(name)).unwrap()).unwrap();
    }
    out.finish().unwrap();
    assert_eq!(
        restore(&tampered),
        "error: the backup's history entry 1 does not match: its content was changed after it was written; nothing was restored"
    );
    assert_eq!(tables(&db), before, "the register is unchanged");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!left.iter().any(|n| n.starts_with(".vetted-restore") || n.contains("before-restore")), "{left:?}");
}

#[tokio::test]
async fn a_register_of_an_older_schema_is_copied_before_it_is_upgraded_and_its_history_sealed() {
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    let TestRegister { dir, db, store } = reg;
    store.close().await;
    drop(store);
    // Undo the newest migration by hand: the file is now as the previous version left it,
    // with history entries that carry no hashes.
    sqlite3(
        &db,
        "DROP INDEX history_unsealed; DROP TRIGGER history_append_only_update; \
         ALTER TABLE history DROP COLUMN prev_hash; ALTER TABLE history DROP COLUMN hash; \
         CREATE TRIGGER history_append_only_update BEFORE UPDATE ON history BEGIN SELECT RAISE(ABORT, 'history is append-only'); END; \
         DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    );
    let old_version = sqlite3(&db, "SELECT MAX(version) FROM _sqlx_migrations");
    let old = tables(&db);

    let verified = vetted_tests::vetted(&db, &["history", "verify"]);
    assert!(verified.status.success(), "{}", stderr(&verified));
    assert!(stdout(&verified).contains("History verified: 6 entries"), "{}", stdout(&verified));
    let copy = dir.path().join("backups").join(format!("register-schema-{old_version}.db"));
    assert_eq!(tables(&copy), old, "the copy is the register as it was before the upgrade");
    assert_ne!(sqlite3(&db, "SELECT MAX(version) FROM _sqlx_migrations"), old_version);
    // Opening again upgrades nothing and copies nothing.
    json(&vetted_tests::vetted(&db, &["vendor", "list", "--json"]));
    assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1);
}
