//! The `vetted` CLI as a user runs it, on a temporary register file: JSON contract, errors, history.

use vetted_tests::{json, stderr, stdout, vetted_bin, TestRegister};

#[tokio::test]
async fn add_show_list_edit_archive_and_history() {
    let reg = TestRegister::new().await;
    let genesys = json(&reg.cli(&["vendor", "add", "--name", "Genesys Cloud Services, Inc.", "--country", "DE", "--json"]));
    assert_eq!(genesys["name"], "Genesys Cloud Services, Inc.");
    let genesys_id = genesys["id"].as_i64().expect("an id");

    let google = json(&reg.cli(&[
        "vendor",
        "add",
        "--name",
        "Google Cloud EMEA Ltd",
        "--service",
        "Dialogflow CX",
        "--service",
        "Speech-to-Text",
        "--country",
        "de,ie",
        "--serves",
        "Genesys Cloud Services, Inc.",
        "--link-purpose",
        "Speech recognition of calls",
        "--link-location",
        "europe-west3",
        "--json",
    ]));
    assert_eq!(google["serves"][0]["client_id"].as_i64(), Some(genesys_id));
    assert_eq!(google["serves"][0]["purpose"], "Speech recognition of calls");
    assert_eq!(google["serves"][0]["locations"], serde_json::json!(["europe-west3"]));
    // `--parent` (the flag before chains were links) adds a link too; --unlink takes it away.
    let other = json(&reg.cli(&["vendor", "add", "--name", "Other Client", "--json"]));
    let both = json(&reg.cli(&["vendor", "edit", "Google Cloud EMEA Ltd", "--parent", "Other Client", "--json"]));
    assert_eq!(both["serves"].as_array().unwrap().len(), 2, "{both}");
    assert_eq!(both["serves"][0]["purpose"], "Speech recognition of calls", "the other link is kept");
    let one = json(&reg.cli(&["vendor", "edit", "Google Cloud EMEA Ltd", "--unlink", &other["id"].to_string(), "--json"]));
    assert_eq!(one["serves"].as_array().unwrap().len(), 1);
    assert_eq!(google["services"], serde_json::json!(["Dialogflow CX", "Speech-to-Text"]));
    assert_eq!(google["countries"], serde_json::json!(["DE", "IE"]));
    assert_eq!(google["status"], "proposed");

    // By its name in another case, or written another way.
    for name in ["google cloud emea ltd", "Google Cloud EMEA Limited"] {
        let shown = json(&reg.cli(&["vendor", "show", name, "--json"]));
        assert_eq!(shown["id"], google["id"], "{name}");
    }

    let found = json(&reg.cli(&["vendor", "list", "--search", "dialogflow", "--json"]));
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["name"], "Google Cloud EMEA Ltd");

    let edited = json(&reg.cli(&[
        "vendor",
        "edit",
        "Google Cloud EMEA Ltd",
        "--status",
        "in_review",
        "--sensitivity",
        "high",
        "--impact",
        "medium",
        "--json",
    ]));
    assert_eq!(edited["status"], "in_review");
    assert_eq!(edited["tier"], 1);
    assert_eq!(edited["services"], google["services"], "fields not named stay as they were");

    // approving is its own step, on the record with the verdict it rests on
    let refused = reg.cli(&["vendor", "edit", "Google Cloud EMEA Ltd", "--status", "approved"]);
    assert!(!refused.status.success() && stderr(&refused).contains("approve the vendor"), "{}", stderr(&refused));
    let approval = json(&reg.cli(&["vendor", "approve", "Google Cloud EMEA Ltd", "--justification", "pilot only", "--json"]));
    assert_eq!((&approval["status"], &approval["justification"]), (&"approved".into(), &"pilot only".into()));
    let approved = json(&reg.cli(&["vendor", "list", "--status", "approved", "--json"]));
    assert_eq!(approved.as_array().unwrap().len(), 1);

    let history = json(&reg.cli(&["history", "--vendor", "Google Cloud EMEA Ltd", "--json"]));
    let status_change = history.as_array().unwrap().iter().rev().find(|e| e["field"] == "status").expect("a status entry");
    assert_eq!((&status_change["before"], &status_change["after"]), (&"proposed".into(), &"in_review".into()));
    assert_eq!(status_change["actor"], vetted_tests::actor_of("cli-user").as_str());

    let archived = reg.cli(&["vendor", "archive", &genesys_id.to_string()]);
    assert!(archived.status.success(), "{}", stderr(&archived));
    assert!(stdout(&archived).contains("Archived vendor"), "{}", stdout(&archived));
    // Google and the other client stay; Genesys is archived.
    assert_eq!(json(&reg.cli(&["vendor", "list", "--json"])).as_array().unwrap().len(), 2);
    assert_eq!(json(&reg.cli(&["vendor", "list", "--archived", "--json"])).as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn bad_input_is_one_clear_sentence_and_saves_nothing() {
    let reg = TestRegister::new().await;
    let bad = reg.cli(&["vendor", "add", "--name", "Acme GmbH", "--country", "DE,XX", "--json"]);
    assert!(!bad.status.success());
    assert!(stdout(&bad).is_empty(), "no JSON on failure");
    let err = stderr(&bad);
    assert!(err.starts_with("error: ") && err.contains("'XX' is not an ISO 3166 country code"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert_eq!(reg.store().vendor_count().await.unwrap(), 0);

    let missing = reg.cli(&["vendor", "show", "Nobody Ltd"]);
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("no vendor with the id or name 'Nobody Ltd'"), "{}", stderr(&missing));

    let dup = [reg.cli(&["vendor", "add", "--name", "Twilio"]), reg.cli(&["vendor", "add", "--name", "twilio"])];
    assert!(dup[0].status.success() && !dup[1].status.success());
    assert!(stderr(&dup[1]).contains("already in the register"), "{}", stderr(&dup[1]));

    let bad_date = reg.cli(&["vendor", "edit", "Twilio", "--renewal", "31.12.2026"]);
    assert!(stderr(&bad_date).contains("'31.12.2026' is not a date in the form YYYY-MM-DD"));
    assert_eq!(json(&reg.cli(&["vendor", "show", "Twilio", "--json"]))["contract_renewal"], serde_json::Value::Null);
}

#[tokio::test]
async fn the_data_dir_variable_places_the_register() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(vetted_bin())
        .args(["vendor", "add", "--name", "Datadog", "--json"])
        .env("VETTED_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("vetted.db").exists());
}

#[tokio::test]
async fn the_example_register_loads_from_the_cli() {
    let reg = TestRegister::new().await;
    let ids = json(&reg.cli(&["example", "--json"]));
    assert!(ids.as_array().unwrap().len() >= 4);
    let list = json(&reg.cli(&["vendor", "list", "--parent", "Genesys Cloud Services, Inc.", "--json"]));
    assert!(list.as_array().unwrap().iter().any(|v| v["name"] == "Google Cloud EMEA Ltd"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cli_processes_and_the_store_write_the_same_file_at_once() {
    let reg = TestRegister::new().await;
    let db = reg.db.clone();
    // Four CLI processes add 10 vendors each while the store (as the app would) adds 40.
    let clis: Vec<_> = (0..4)
        .map(|p| {
            let db = db.clone();
            std::thread::spawn(move || {
                (0..10)
                    .map(|i| vetted_tests::vetted(&db, &["vendor", "add", "--name", &format!("cli {p}-{i}")]))
                    .filter(|o| !o.status.success())
                    .map(|o| stderr(&o))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for i in 0..40 {
        reg.add(vetted_tests::named(&format!("app {i}"))).await;
    }
    for handle in clis {
        let failures = handle.join().unwrap();
        assert!(failures.is_empty(), "CLI writes failed: {failures:?}");
    }
    assert_eq!(reg.store().vendor_count().await.unwrap(), 80);
    assert_eq!(reg.store().history(None, 1000).await.unwrap().len(), 80);
}

#[tokio::test]
async fn a_list_import_on_a_register_of_1500_vendors_adds_only_the_new_ones() {
    // The duplicate check once read a window of the register, which holds at most 1,000 rows:
    // vendors past it were counted as new and the save failed on their names.
    let reg = TestRegister::new().await;
    let vendors = vetted_tests::synthetic_register(1_500);
    let names: Vec<String> = vendors.iter().map(|(v, _)| v.name.as_str().to_owned()).collect();
    let no_parents: Vec<_> = vendors.into_iter().map(|(v, _)| (v, None)).collect();
    reg.store().create_vendors(&vetted_tests::ctx("alice", 0), &no_parents).await.unwrap();
    let mut csv = String::from("Name,Country\n");
    for i in [0, 1, 2, 700, 999, 1_000, 1_001, 1_200, 1_498, 1_499] {
        csv.push_str(&format!("{},DE\n", names[i].to_uppercase()));
    }
    for i in 0..5 {
        csv.push_str(&format!("Brand New Vendor {i} GmbH,DE\n"));
    }
    let file = reg.dir.path().join("list.csv");
    std::fs::write(&file, csv).unwrap();
    let dry = json(&reg.cli(&["vendor", "import", file.to_str().unwrap(), "--dry-run", "--json"]));
    assert_eq!(dry["to_add"], 5, "{dry}");
    let done = reg.cli(&["vendor", "import", file.to_str().unwrap(), "--json"]);
    assert!(done.status.success(), "{}", stderr(&done));
    assert_eq!(json(&done)["added"].as_array().unwrap().len(), 5);
    assert_eq!(reg.store().vendor_names().await.unwrap().len(), 1_505);
}

/// One company's name written another way ("Limited" for "Ltd", a comma, a dot) is the name of a
/// vendor already in the register: refused when added by hand, skipped when a list is imported;
/// another legal form is another company.
#[tokio::test]
async fn a_name_written_another_way_is_the_vendor_already_in_the_register() {
    let reg = TestRegister::new().await;
    json(&reg.cli(&["example", "--json"]));
    let refused = reg.cli(&["vendor", "add", "--name", "Google Cloud EMEA Limited"]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        stderr(&refused).trim(),
        "error: 'Google Cloud EMEA Limited' is the name of a vendor already in the register, written another way: 'Google Cloud EMEA Ltd' (id 2)"
    );
    let file = reg.dir.path().join("list.csv");
    std::fs::write(&file, "Name,Country\nGoogle Cloud EMEA Limited,IE\n\"Genesys Cloud Services Inc.\",US\nGoogle Cloud EMEA GmbH,DE\n")
        .unwrap();
    let dry = json(&reg.cli(&["vendor", "import", file.to_str().unwrap(), "--dry-run", "--json"]));
    assert_eq!(dry["to_add"], 1, "{dry}");
    json(&reg.cli(&["vendor", "add", "--name", "Acme G.m.b.H.", "--json"]));
    assert!(stderr(&reg.cli(&["vendor", "add", "--name", "ACME GmbH"])).contains("written another way: 'Acme G.m.b.H.'"));
}

/// The folder chosen in the app's Settings is where the CLI opens the register too (when neither
/// `--db` nor `VETTED_DATA_DIR` names one); the standard folder again when the choice is forgotten.
#[test]
fn the_folder_chosen_in_settings_is_where_the_cli_opens_the_register() {
    let home = tempfile::tempdir().unwrap();
    let (config, data, chosen) = (home.path().join("config"), home.path().join("data"), home.path().join("Datenschutz"));
    std::fs::create_dir_all(&chosen).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(vetted_tests::vetted_bin())
            .args(args)
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_DATA_HOME", &data)
            .env_remove("VETTED_DATA_DIR")
            .output()
            .unwrap()
    };
    assert!(run(&["vendor", "add", "--name", "Standard"]).status.success());
    assert!(data.join("app.vetted.desktop/vetted.db").exists());
    // What the Settings' "Choose another folder…" keeps.
    std::fs::create_dir_all(config.join("app.vetted.desktop")).unwrap();
    std::fs::write(config.join("app.vetted.desktop/register-folder"), format!("{}\n", chosen.display())).unwrap();
    let added = run(&["vendor", "add", "--name", "Im gewählten Ordner"]);
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(chosen.join("vetted.db").exists(), "the register is made in the chosen folder");
    let listed = String::from_utf8(run(&["vendor", "list"]).stdout).unwrap();
    assert!(listed.contains("Im gewählten Ordner") && !listed.contains("Standard"), "{listed}");
    std::fs::remove_file(config.join("app.vetted.desktop/register-folder")).unwrap();
    let listed = String::from_utf8(run(&["vendor", "list"]).stdout).unwrap();
    assert!(listed.contains("Standard"), "{listed}");
}

/// The example register in German: the vendors' purposes, notes and owners and its report's
/// scope are German, names and services as the companies write them.
#[test]
fn the_example_register_speaks_the_language_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("beispiel.db");
    assert!(vetted_tests::vetted(&db, &["example", "--lang", "de"]).status.success());
    let google = json(&vetted_tests::vetted(&db, &["vendor", "show", "Google Cloud EMEA Ltd", "--json"]));
    assert!(google["purpose"].as_str().unwrap().starts_with("Virtueller Agent und Sprachtranskription"), "{google}");
    assert_eq!(google["owner"], "Kundenservice-Betrieb");
    let certs = json(&vetted_tests::vetted(&db, &["certs", "list", "--json"]));
    assert!(certs[0]["scope"].as_str().unwrap().contains("mit Dialogflow CX"), "{certs}");
    let english = dir.path().join("example.db");
    assert!(vetted_tests::vetted(&english, &["example"]).status.success());
    let google = json(&vetted_tests::vetted(&english, &["vendor", "show", "Google Cloud EMEA Ltd", "--json"]));
    assert!(google["purpose"].as_str().unwrap().starts_with("Virtual agent"), "{google}");
}
