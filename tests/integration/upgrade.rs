//! Schema upgrades: a register written by each earlier schema version (tests/fixtures/schema,
//! made by that version's own `vetted`, see scripts/make-schema-fixtures.sh) opens with today's
//! code, keeps every row it had, gets a copy in `backups/`, and its history verifies.

use std::path::{Path, PathBuf};
use vetted_tests::{json, stderr, table_rows_as_of};

fn sql(db: &Path, query: &str) -> String {
    let out = vetted_tests::sqlite3(db).args(["-cmd", ".mode quote"]).arg(query).output().expect("sqlite3 runs");
    assert!(out.status.success(), "{query}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn migrations() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../src-tauri/crates/store/migrations/sqlite");
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_register_of_every_earlier_schema_upgrades_and_keeps_every_row() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/schema");
    let all = migrations();
    // Every schema but the newest was released and has its fixture.
    for n in 1..all.len() {
        assert!(
            fixtures.join(format!("v{n}.db")).exists(),
            "no fixture for schema v{n} ({}): run scripts/make-schema-fixtures.sh",
            all[n - 1]
        );
    }
    for n in 1..all.len() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("vetted.db");
        std::fs::copy(fixtures.join(format!("v{n}.db")), &db).unwrap();
        let evidence = fixtures.join(format!("v{n}-evidence"));
        if evidence.exists() {
            std::fs::create_dir(dir.path().join("evidence")).unwrap();
            for f in std::fs::read_dir(&evidence).unwrap() {
                let f = f.unwrap();
                std::fs::copy(f.path(), dir.path().join("evidence").join(f.file_name())).unwrap();
            }
        }
        let old_version = sql(&db, "SELECT MAX(version) FROM _sqlx_migrations").trim().to_owned();
        let original = dir.path().join("original.db");
        std::fs::copy(&db, &original).unwrap();
        let before = table_rows_as_of(&db, &original);
        let vendors = sql(&db, "SELECT count(*) FROM vendors").trim().parse::<usize>().unwrap();

        // Opened by today's code: upgraded, nothing lost.
        let opened = vetted_tests::vetted(&db, &["vendor", "list", "--json"]);
        assert!(opened.status.success(), "v{n}: {}", stderr(&opened));
        assert!(vendors >= 6, "v{n}: the fixture holds the example register");
        // Every name was given its sort key: listed among its letters ("Łódź Analytics" among the L's).
        assert_eq!(sql(&db, "SELECT count(*) FROM vendors WHERE name_sort IS NULL").trim(), "0", "v{n}");
        let listed: Vec<String> = json(&opened).as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap().to_owned()).collect();
        let mut sorted = listed.clone();
        sorted.sort_by(|a, b| vetted_core::domain::name_order(a, b));
        assert_eq!(listed, sorted, "v{n}");
        assert_eq!(sql(&db, "SELECT count(*) FROM vendors").trim().parse::<usize>().unwrap(), vendors);
        let after = table_rows_as_of(&db, &original);
        for ((table, old), (_, new)) in before.iter().zip(&after) {
            if table == "_sqlx_migrations" || table == "history" {
                // Migrations applied, and the upgrade's own entries (sealing the records there), come after.
                assert!(new.starts_with(old.as_str()), "v{n}: the applied migrations and the history are kept");
            } else {
                assert_eq!(new, old, "v{n}: table {table} changed in the upgrade");
            }
        }
        if sql(&original, "SELECT count(*) FROM sqlite_master WHERE name = 'vendor_links'").trim() == "0" {
            // Every parent a vendor had is its link now, with nothing lost.
            let parents = sql(&original, "SELECT id, parent_id FROM vendors WHERE parent_id IS NOT NULL ORDER BY 1, 2");
            assert!(parents.lines().count() >= 2, "v{n}: the example register's chain");
            assert_eq!(sql(&db, "SELECT vendor_id, client_id FROM vendor_links ORDER BY 1, 2"), parents, "v{n}");
            let google = json(&vetted_tests::vetted(&db, &["vendor", "show", "Google Cloud EMEA Ltd", "--json"]));
            assert_eq!(google["serves"][0]["client_name"], "Genesys Cloud Services, Inc.", "v{n}");
        }
        assert_eq!(sql(&db, "PRAGMA integrity_check").trim(), "'ok'");
        assert_eq!(sql(&db, "SELECT MAX(version) FROM _sqlx_migrations").trim(), all.last().unwrap().split('_').next().unwrap());
        let copy = dir.path().join("backups").join(format!("vetted-schema-{old_version}.db"));
        assert_eq!(table_rows_as_of(&copy, &original), before, "v{n}: the copy before the upgrade is the register as it was");
        let verified = vetted_tests::vetted(&db, &["history", "verify"]);
        assert!(verified.status.success(), "v{n}: {}", stderr(&verified));
        // Every saved assessment still reads (those saved before facts keep their words).
        let snapshots = tokio::runtime::Runtime::new().unwrap().block_on(async {
            let store = vetted_core::Store::open(&db).await.unwrap();
            let mut read = 0;
            for id in 1..=vendors as i64 {
                read += store.assessments(id).await.unwrap_or_else(|e| panic!("v{n}: vendor {id}'s assessments: {e}")).len();
            }
            store.close().await;
            read
        });
        let saved = sql(&db, "SELECT count(*) FROM assessments").trim().parse::<usize>().unwrap_or(0);
        assert_eq!(snapshots, saved, "v{n}");

        // And it goes on working: a change, a certification list that opens its evidence, a score.
        json(&vetted_tests::vetted(&db, &["vendor", "add", "--name", "Added after the upgrade", "--json"]));
        json(&vetted_tests::vetted(&db, &["certs", "list", "--json"]));
        let scored = vetted_tests::vetted(&db, &["score", "--all", "--json"]);
        assert!(scored.status.success(), "v{n}: {}", stderr(&scored));
        // The questionnaire imported before the upgrade reads back whole: a new version of it
        // differs from it in the one answer changed.
        if sql(&original, "SELECT count(*) FROM sqlite_master WHERE name = 'questionnaires'").trim() == "1" {
            let twilio = "Twilio Ireland Limited";
            // The same file name: the same sheet, so the same questions in the catalog.
            std::fs::create_dir(dir.path().join("next")).unwrap();
            let next = dir.path().join("next").join("answers.csv");
            let entries = sql(&db, "SELECT count(*) FROM question_catalog");
            let csv = "ID,Question,Answer,Comment\nIAM-01,Do you enforce MFA for all users?,Yes,All staff\n\
                       DSP-01,Do you encrypt data at rest?,Partial,Production only\nBCR-01,Do you test restores?,Yes,Quarterly\n";
            std::fs::write(&next, csv).unwrap();
            json(&vetted_tests::vetted(&db, &["import", next.to_str().unwrap(), "--vendor", twilio, "--json"]));
            // The upgrade's entries were found again by their keys: no question stored twice.
            assert_eq!(sql(&db, "SELECT count(*) FROM question_catalog"), entries, "v{n}");
            let compared = json(&vetted_tests::vetted(&db, &["questionnaire", "compare", "--vendor", twilio, "--json"]));
            let changes = compared["changes"].as_array().unwrap();
            assert_eq!(changes.len(), 1, "v{n}: {compared}");
            assert_eq!(
                (&changes[0]["question_id"], &changes[0]["before"], &changes[0]["after"]),
                (&"BCR-01".into(), &"no".into(), &"yes".into())
            );
        }
        assert!(vetted_tests::vetted(&db, &["history", "verify"]).status.success());
    }
}
