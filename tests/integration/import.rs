//! Questionnaire import through the CLI: every real file in ../shared/realdata with the counts
//! established by reading it by hand, the same layouts in other formats giving the same counts,
//! versions and re-imports, and hostile files refused with their code and nothing saved.

use vetted_tests::{json, realdata, stderr, stdout, TestRegister};

/// (file, template, version, questions, yes, no, partial, na, unknown, skipped rows)
type Expected = (&'static str, &'static str, Option<&'static str>, u64, u64, u64, u64, u64, u64, usize);

/// Counts established by reading each file with openpyxl / Python csv (docs/import.md):
/// question rows are those whose id matches the template's id pattern under its header row.
const REAL: &[Expected] = &[
    ("caiq-v4.0.3-instructure.xlsx", "caiq-v4", Some("4.0.3"), 261, 259, 2, 0, 0, 0, 0),
    ("caiq-v4.0.3-blank.xlsx", "caiq-v4", Some("4.0.3"), 261, 0, 0, 0, 0, 261, 0),
    ("caiq-v3.0.1-blank.xlsx", "caiq-v3", Some("3.0.1"), 295, 0, 0, 0, 0, 295, 0),
    // 52 answers left blank on purpose, 10 free-text answers with no verdict ("4) AWS", descriptions).
    // C93 answers "1) Yes" (the form's numbered choice): a yes.
    ("hecvat-full-3.04-canvas-lms.xlsx", "hecvat-3", Some("3.04"), 239, 156, 21, 0, 0, 62, 0),
    // 376 id rows over 8 tabs: 36 repeat GNRL/REQU rows of an earlier tab; 49 rows whose id is a cached #REF!.
    ("hecvat-4.1.4-blank.xlsx", "hecvat-4", Some("4.1.4"), 331, 0, 0, 0, 0, 331, 85),
    ("hecvat-lite-intelligent-insights.csv", "hecvat-3", None, 78, 64, 11, 0, 0, 3, 0),
    // Three worked examples ("Yes — ...", "Partially — ..."), thirty questions still to answer.
    ("sig-lite-answer-library-template.csv", "sig", None, 33, 2, 0, 1, 0, 30, 0),
];

/// The same layouts saved by LibreOffice in other formats, and the original each must match.
const DERIVED: &[(&str, &str)] = &[
    ("derived/caiq-v4.0.3-instructure.ods", "caiq-v4.0.3-instructure.xlsx"),
    ("derived/caiq-v4.0.3-instructure.xls", "caiq-v4.0.3-instructure.xlsx"),
    ("derived/hecvat-full-3.04-canvas-lms.ods", "hecvat-full-3.04-canvas-lms.xlsx"),
    ("derived/caiq-v3.0.1-blank.xls", "caiq-v3.0.1-blank.xlsx"),
];

fn dry_run(reg: &TestRegister, file: &std::path::Path) -> serde_json::Value {
    json(&reg.cli(&["import", file.to_str().unwrap(), "--vendor", "Instructure", "--dry-run", "--json"]))
}

#[tokio::test]
async fn every_real_questionnaire_imports_with_the_counts_read_by_hand() {
    let Some(dir) = realdata() else { return };
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Instructure"]).status.success());
    for &(file, template, version, questions, yes, no, partial, na, unknown, skipped) in REAL {
        let got = dry_run(&reg, &dir.join(file));
        let a = &got["answers"];
        assert_eq!(
            (got["template"].as_str(), got["template_version"].as_str(), got["questions"].as_u64()),
            (Some(template), version, Some(questions)),
            "{file}"
        );
        assert_eq!(
            [a["yes"].as_u64(), a["no"].as_u64(), a["partial"].as_u64(), a["na"].as_u64(), a["unknown"].as_u64()],
            [Some(yes), Some(no), Some(partial), Some(na), Some(unknown)],
            "{file}"
        );
        assert_eq!(got["skipped_rows"].as_array().unwrap().len(), skipped, "{file}: {}", got["skipped_rows"]);
    }
    assert_eq!(reg.store().questionnaire_counts().await.unwrap(), (0, 0, 0), "dry runs save nothing");
}

#[tokio::test]
async fn the_same_layouts_in_ods_and_xls_give_the_same_answers_as_their_originals() {
    let Some(dir) = realdata() else { return };
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Instructure"]).status.success());
    for (derived, original) in DERIVED {
        let (d, o) = (dry_run(&reg, &dir.join(derived)), dry_run(&reg, &dir.join(original)));
        for key in ["template", "template_version", "questions", "answers"] {
            assert_eq!(d[key], o[key], "{derived} vs {original}: {key}");
        }
    }
}

#[tokio::test]
async fn an_import_is_a_version_with_provenance_and_the_same_file_is_refused_the_second_time() {
    let Some(dir) = realdata() else { return };
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Instructure"]).status.success());
    let caiq = dir.join("caiq-v4.0.3-instructure.xlsx");
    let first = json(&reg.cli(&["import", caiq.to_str().unwrap(), "--vendor", "Instructure", "--json"]));
    let saved = &first["saved"];
    assert_eq!((saved["version"].as_i64(), saved["questions"].as_i64()), (Some(1), Some(261)));
    assert_eq!(saved["template_version"], "4.0.3");
    assert_eq!(saved["file_name"], "caiq-v4.0.3-instructure.xlsx");
    assert_eq!(saved["sha256"].as_str().unwrap().len(), 64);
    assert!(saved["importer_version"].as_str().unwrap().starts_with("vetted-import/"));

    let vendor = reg.store().resolve_vendor("Instructure").await.unwrap();
    let versions = reg.store().questionnaires(vendor).await.unwrap();
    let answers = reg.store().questionnaire_answers(versions[0].id).await.unwrap();
    assert_eq!(answers.len(), 261);
    assert_eq!(answers[0].cell, "CAIQv4.0.3!C3");
    assert_eq!(answers[0].question_id.as_deref(), Some("A&A-01.1"));
    assert_eq!(answers[0].domain.as_deref(), Some("Audit & Assurance"));
    assert_eq!(answers[1].domain.as_deref(), Some("Audit & Assurance"), "carried down from the merged cell");
    assert!(answers[0].comment.starts_with("Instructure's security program"), "{}", answers[0].comment);

    let before = reg.store().questionnaire_counts().await.unwrap();
    let again = reg.cli(&["import", caiq.to_str().unwrap(), "--vendor", "Instructure"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("was already imported for Instructure as version 1"), "{}", stderr(&again));
    assert_eq!(reg.store().questionnaire_counts().await.unwrap(), before);
    // The same questionnaire in another format is another file: version 2.
    let ods = dir.join("derived/caiq-v4.0.3-instructure.ods");
    let second = json(&reg.cli(&["import", ods.to_str().unwrap(), "--vendor", "Instructure", "--json"]));
    assert_eq!(second["saved"]["version"], 2);
    let history = json(&reg.cli(&["history", "--vendor", "Instructure", "--json"]));
    assert_eq!(history.as_array().unwrap().iter().filter(|e| e["action"] == "import_questionnaire").count(), 2);
}

/// Writes a zip whose one entry unpacks to `unpacked` bytes of zeros.
fn zip_bomb(path: &std::path::Path, unpacked: usize) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/workbook.xml", opts).unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..(unpacked >> 20) {
        zip.write_all(&block).unwrap();
    }
    zip.finish().unwrap();
}

#[tokio::test]
async fn hostile_files_get_their_error_code_and_leave_the_register_unchanged() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Acme"]).status.success());
    let dir = reg.dir.path();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let mut truncated = Vec::new();
    if let Some(real) = realdata() {
        let bytes = std::fs::read(real.join("caiq-v4.0.3-instructure.xlsx")).unwrap();
        truncated = bytes[..bytes.len() / 2].to_vec();
    }
    let mut encrypted = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    encrypted.extend(std::iter::repeat_n(0u8, 504));
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(|u| u.to_le_bytes()));
    let random: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let bomb = dir.join("bomb.xlsx");
    zip_bomb(&bomb, 300 << 20);
    let mut million = String::from("id,question,answer\n");
    for i in 0..1_000_000 {
        million.push_str(&format!("Q-{i},Do you encrypt?,Yes\n"));
    }
    // XML entities nested ten deep (a "billion laughs"): refused unexpanded.
    let laughs = dir.join("laughs.xlsx");
    billion_laughs(&laughs);
    // Two cells, the second in column ZZZZZZ (321 million along) of row 30: a range holding
    // both would be 9.6 billion cells, 300 GB, and asking for it ended the process; refused
    // before it is made.
    let far = dir.join("far.xlsx");
    let cell = |r: &str, text: &str| format!("<c r=\"{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>");
    xlsx_by_hand(&far, "", "Answers", &format!("<row r=\"1\">{}</row><row r=\"30\">{}</row>", cell("A1", "ID"), cell("ZZZZZZ30", "Yes")));
    // Found by the fuzzer (fuzz/): an xls whose sector chain points past its end made calamine panic.
    let fuzzed = write("fuzzed.xls", &hostile_fixture("fuzz-cfb-sector-out-of-range.xls.gz"));
    // Also found by the fuzzer: an xls whose sheet claims 26 billion cells; calamine set aside
    // room for them all and the failed allocation ended the process.
    let huge = write("huge.xls", &hostile_fixture("fuzz-xls-huge-dimensions.xls.gz"));
    let cell = |mb: usize| format!("id,question,answer\nQ-1,{},Yes\n", "a".repeat(mb << 20));
    let mut cases = vec![
        (write("empty.xlsx", b""), "file_empty", "empty.xlsx is empty"),
        (write("random.xlsx", &random), "unsupported_format", "not a spreadsheet"),
        (
            write("locked.xlsx", &encrypted),
            "encrypted_workbook",
            "encrypted workbook: locked.xlsx is protected with a password; save it without a password and import again",
        ),
        (write("report.xlsx", b"%PDF-1.7\n"), "unsupported_format", "a PDF document"),
        (
            write("answers.xlsx", b"id,question,answer\nA-1,Encrypted?,Yes\n"),
            "format_mismatch",
            "is named .xlsx but its content is CSV text",
        ),
        (bomb, "zip_bomb", "looks like a zip bomb"),
        (write("million.csv", million.as_bytes()), "too_many_rows", "the importer reads at most 500000"),
        (write("notes.csv", b"just,some\nwords,here\n"), "no_question_table", "no question table"),
        (laughs, "unreadable_file", "unrecognized entity"),
        (fuzzed, "unreadable_file", "fuzzed.xls cannot be read: it is damaged or truncated"),
        (huge, "too_many_cells", "huge.xls has more than 20000000 cells"),
        (far, "too_many_cells", "far.xlsx has more than 20000000 cells"),
        (write("100mb-cell.csv", cell(100).as_bytes()), "file_too_large", "the importer reads files of at most 100.0 MB"),
        (write("50mb-cell.csv", cell(50).as_bytes()), "cell_too_large", "row 2 has a cell of more than 32767 characters"),
        (write("nul.csv", b"id,question,answer\nQ-1,Enc\x00rypt?,Yes\n\x00\x00\x00\x00\n"), "unsupported_format", "binary data"),
        (dir.join("missing.xlsx"), "file_not_found", "there is no file at"),
    ];
    if !truncated.is_empty() {
        cases.push((write("truncated.xlsx", &truncated), "unreadable_file", "damaged or truncated"));
    }
    let before = reg.store().questionnaire_counts().await.unwrap();
    let tables = vetted_tests::table_rows(&reg.db);
    for (path, code, message) in cases {
        let out = reg.cli(&["import", path.to_str().unwrap(), "--vendor", "Acme", "--json"]);
        assert!(!out.status.success(), "{code}: accepted");
        let err = stderr(&out);
        assert!(err.contains(message), "{code}: {err}");
        let core = vetted_core::import::preview(&path, &Default::default(), vetted_core::import::profile::shipped()).unwrap_err();
        assert_eq!(core.code(), code, "{}", path.display());
    }
    assert_eq!(reg.store().questionnaire_counts().await.unwrap(), before, "nothing saved");
    assert_eq!(vetted_tests::table_rows(&reg.db), tables, "every table as it was");
}

/// The bytes of `tests/fixtures/hostile/<name>` (gzipped there), unpacked.
fn hostile_fixture(name: &str) -> Vec<u8> {
    let gz = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile").join(name);
    let out = std::process::Command::new("gzip").arg("-dc").arg(&gz).output().expect("gzip runs");
    assert!(out.status.success(), "{} unpacks", gz.display());
    out.stdout
}

/// An xlsx whose sheet name and only cell are an entity nested ten levels deep.
fn billion_laughs(path: &std::path::Path) {
    let mut dtd = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
    for i in 1..10 {
        dtd.push_str(&format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10)));
    }
    dtd.push_str("]>\n");
    xlsx_by_hand(path, &dtd, "&lol9;", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>");
}

/// An xlsx of one sheet named `sheet`, its rows `rows` (sheetData's XML), each part after `prolog`.
fn xlsx_by_hand(path: &std::path::Path, prolog: &str, sheet: &str, rows: &str) {
    let parts = [
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>".to_owned()),
        ("_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".to_owned()),
        ("xl/workbook.xml", format!("{prolog}<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"{sheet}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")),
        ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".to_owned()),
        ("xl/worksheets/sheet1.xml", format!("{prolog}<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData></worksheet>")),
    ];
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, text) in parts {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut zip, text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
}

#[tokio::test]
async fn two_versions_compare_answer_by_answer() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Acme"]).status.success());
    let last_year = reg.dir.path().join("acme-2025.csv");
    std::fs::write(&last_year, "ID,Question,Answer,Comments\nIAM-01,Do you enforce MFA?,Partially,Admins only\nDSP-01,Do you encrypt data at rest?,Yes,\nBCR-01,Do you test restores?,No,\n").unwrap();
    let this_year = reg.dir.path().join("acme-2026.csv");
    std::fs::write(&this_year, "ID,Question,Answer,Comments\nIAM-01,Do you enforce MFA?,Yes,All users\nDSP-01,Do you encrypt data at rest?,Yes,\nSEF-01,Do you have an incident plan?,Yes,\n").unwrap();
    for f in [&last_year, &this_year] {
        let out = reg.cli(&["import", f.to_str().unwrap(), "--vendor", "Acme"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let list = json(&reg.cli(&["questionnaire", "list", "--vendor", "Acme", "--json"]));
    assert_eq!(list.as_array().unwrap().iter().map(|v| v["version"].as_i64().unwrap()).collect::<Vec<_>>(), [2, 1]);
    let diff = json(&reg.cli(&["questionnaire", "compare", "--vendor", "Acme", "--json"]));
    assert_eq!((diff["from"].as_i64(), diff["to"].as_i64()), (Some(1), Some(2)));
    let rows: Vec<(String, String, String, String)> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or("-").to_owned();
            (s("kind"), s("question_id"), s("before"), s("after"))
        })
        .collect();
    let row = |k: &str, id: &str, b: &str, a: &str| (k.to_owned(), id.to_owned(), b.to_owned(), a.to_owned());
    assert_eq!(rows, [row("changed", "IAM-01", "partial", "yes"), row("added", "SEF-01", "-", "yes"), row("removed", "BCR-01", "no", "-")]);
    let none = reg.cli(&["questionnaire", "compare", "--vendor", "Acme", "--from", "7"]);
    assert!(stderr(&none).contains("has no questionnaire version 7"), "{}", stderr(&none));
}

#[tokio::test]
async fn an_existing_sub_processor_list_enters_the_register_once() {
    let reg = TestRegister::new().await;
    let count = |reg: &TestRegister| json(&reg.cli(&["vendor", "list", "--archived", "--json"])).as_array().unwrap().len();
    if let Some(dir) = realdata() {
        let list = dir.join("subprocessors-delta-green.json");
        let dry = json(&reg.cli(&["vendor", "import", list.to_str().unwrap(), "--dry-run", "--json"]));
        assert_eq!(dry["to_add"], 6);
        assert_eq!(count(&reg), 0, "a dry run saves nothing");
        let done = json(&reg.cli(&["vendor", "import", list.to_str().unwrap(), "--json"]));
        assert_eq!(done["added"].as_array().unwrap().len(), 6);
        let aws = json(&reg.cli(&["vendor", "show", "Amazon Web Services (AWS)", "--json"]));
        assert_eq!(aws["countries"], serde_json::json!(["IE"]));
        assert_eq!(aws["transfer_mechanism"], "no_transfer");
        assert_eq!(aws["data_categories"], serde_json::json!(["Platform data", "Customer data", "Telemetry"]));
        assert_eq!(aws["notes"], "Location as listed: EU (Frankfurt, Ireland)", "what is not a country is kept as written");
        assert_eq!(aws["status"], "proposed", "a list kept elsewhere says nothing of Vetted's vetting");
        let hubspot = json(&reg.cli(&["vendor", "show", "HubSpot", "--json"]));
        assert_eq!(
            (hubspot["countries"].clone(), hubspot["transfer_mechanism"].clone()),
            (serde_json::json!(["US"]), serde_json::json!("sccs"))
        );
        let again = json(&reg.cli(&["vendor", "import", list.to_str().unwrap(), "--json"]));
        assert_eq!(again["added"].as_array().unwrap().len(), 0, "names already in the register are skipped");
        assert_eq!(again["rows"][0]["skip"], serde_json::json!({"code": "already_listed", "name": "Amazon Web Services (AWS)"}));

        // The import undone as a whole: its six vendors archived, in one step the history names.
        let imports = json(&reg.cli(&["vendor", "imports", "--json"]));
        assert_eq!(imports.as_array().unwrap().len(), 2, "{imports}");
        let first = imports[1]["id"].as_i64().unwrap();
        assert_eq!(imports[1]["vendors"], done["added"]);
        let undone = json(&reg.cli(&["vendor", "undo-import", &first.to_string(), "--json"]));
        assert_eq!(undone["archived"], done["added"]);
        assert!(json(&reg.cli(&["vendor", "list", "--json"])).as_array().unwrap().is_empty(), "no vendor of the list is active");
        assert_eq!(count(&reg), 6, "archived, not deleted");
        let twice = reg.cli(&["vendor", "undo-import", &first.to_string()]);
        assert!(stderr(&twice).contains("was already undone"), "{}", stderr(&twice));
        assert_eq!(json(&reg.cli(&["vendor", "imports", "--json"]))[1]["undone"], true);
        let verified = reg.cli(&["history", "verify"]);
        assert!(verified.status.success(), "{}", stderr(&verified));
        for id in done["added"].as_array().unwrap() {
            json(&reg.cli(&["vendor", "edit", &id.to_string(), "--status", "proposed", "--json"]));
        }
    }
    // A German CSV with semicolons, and a column mapped by hand.
    let csv = reg.dir.path().join("unterauftragsverarbeiter.csv");
    std::fs::write(
        &csv,
        "Anbieter;Verarbeitungszweck;Standort;Rechtsgrundlage Drittland;Freigabe\n\
         IONOS SE;Hosting;Deutschland;kein Transfer;Genehmigt\n\
         Twilio Ireland Limited;SMS-Versand;IE / US;Standardvertragsklauseln;wartet auf DPA\n",
    )
    .unwrap();
    let before = count(&reg);
    let out = json(&reg.cli(&[
        "vendor",
        "import",
        csv.to_str().unwrap(),
        "--map",
        "transfer_mechanism=Rechtsgrundlage Drittland",
        "--lang",
        "de",
        "--json",
    ]));
    assert_eq!(out["added"].as_array().unwrap().len(), 2, "{out}");
    assert_eq!(count(&reg), before + 2);
    let twilio = json(&reg.cli(&["vendor", "show", "Twilio Ireland Limited", "--json"]));
    // The status the list states, in German; one it states in words Vetted does not know is
    // proposed, the words kept in the notes (in German: the import was in German).
    let ionos = json(&reg.cli(&["vendor", "show", "IONOS SE", "--json"]));
    assert_eq!(ionos["status"], "approved");
    assert_eq!((twilio["status"].as_str(), twilio["notes"].as_str()), (Some("proposed"), Some("Status laut Liste: wartet auf DPA")));
    assert_eq!(out["rows"][1]["notes"], serde_json::json!([{"code": "status", "value": "wartet auf DPA"}]));
    assert_eq!(
        (twilio["countries"].clone(), twilio["transfer_mechanism"].clone()),
        (serde_json::json!(["IE", "US"]), serde_json::json!("sccs"))
    );
    let bad = reg.cli(&["vendor", "import", csv.to_str().unwrap(), "--map", "countries=Land"]);
    assert!(stderr(&bad).contains("has no column 'Land'"), "{}", stderr(&bad));
}

#[tokio::test]
async fn a_confirmed_mapping_is_re_applied_to_files_of_the_same_layout() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Acme"]).status.success());
    let write = |name: &str, body: &str| {
        let p = reg.dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        p
    };
    // A layout no profile knows; its answers sit in a column whose header says nothing.
    let layout = "Lfd. Nr.;Anforderung;Erfüllt;Nachweis\n";
    let spring = write("acme-frühjahr.csv", &format!("{layout}A1;Verschlüsselung?;Ja;Richtlinie\nA2;MFA?;Nein;\n"));
    let mapping = write(
        "acme-mapping.json",
        r#"{ "id": "custom-acme", "name": "Acme supplier sheet",
             "detect": { "texts": ["^Anforderung$", "^Erfüllt$"] },
             "columns": { "id": { "header": ["Lfd. Nr."] }, "question": { "header": ["Anforderung"] },
                          "answer": { "header": ["Erfüllt"] }, "comment": { "header": ["Nachweis"] } } }"#,
    );
    let first = json(&reg.cli(&["import", spring.to_str().unwrap(), "--vendor", "Acme", "--mapping", mapping.to_str().unwrap(), "--json"]));
    assert_eq!((first["template"].as_str(), first["answers"]["yes"].as_u64()), (Some("custom-acme"), Some(1)));
    // Next time, no --mapping: the saved mapping recognises the layout.
    let autumn =
        write("acme-herbst.csv", &format!("{layout}A1;Verschlüsselung?;Ja;Richtlinie\nA2;MFA?;Teilweise;Admins\nA3;Backups?;Ja;\n"));
    let second = json(&reg.cli(&["import", autumn.to_str().unwrap(), "--vendor", "Acme", "--json"]));
    assert_eq!((second["template"].as_str(), second["guessed"].as_bool()), (Some("custom-acme"), Some(false)));
    assert_eq!((second["questions"].as_u64(), second["answers"]["partial"].as_u64()), (Some(3), Some(1)));
    // The kept mapping is in the history (once: the second import kept the same one), in the
    // chain, and in the same transaction as the import that kept it.
    let history = json(&reg.cli(&["history", "--json"]));
    let kept: Vec<&serde_json::Value> = history.as_array().unwrap().iter().filter(|e| e["action"] == "save_mapping").collect();
    assert_eq!(kept.len(), 1, "{history}");
    assert_eq!((kept[0]["vendor_id"].is_null(), kept[0]["after"].as_str()), (true, Some("Acme supplier sheet (custom-acme)")));
    assert!(reg.cli(&["history", "verify"]).status.success());
    let bad = write("bad-mapping.json", r#"{ "id": "x", "name": "X", "columns": { "question": { "column": "B" } } }"#);
    let refused = reg.cli(&["import", autumn.to_str().unwrap(), "--vendor", "Acme", "--mapping", bad.to_str().unwrap()]);
    assert!(stderr(&refused).contains("needs an answer column or mark columns"), "{}", stderr(&refused));
}

/// Every real questionnaire, imported for two vendors: each answer reads back exactly as it was
/// read from the file, and the second vendor's copy adds no question to the catalog (a
/// template's texts are stored once).
#[tokio::test]
async fn a_templates_questions_are_stored_once_and_every_answer_reads_back_as_imported() {
    let Some(dir) = realdata() else { return };
    let reg = TestRegister::new().await;
    let first = reg.add(vetted_tests::named("First")).await.id;
    let second = reg.add(vetted_tests::named("Second")).await.id;
    let entries = || vetted_tests::sql(&reg.db, "SELECT count(*) FROM question_catalog");
    for (file, ..) in REAL {
        let path = dir.join(file);
        let opts = vetted_core::import::ImportOptions::default();
        let read = reg.register.preview_questionnaire(path.clone(), opts.clone(), |_, _| true).await.unwrap();
        let (_, version) = reg.register.import_questionnaire(first, &path, &opts).await.unwrap();
        assert_eq!(reg.register.answers(version.id).await.unwrap(), read.rows, "{file}");
        let before = entries();
        let (_, again) = reg.register.import_questionnaire(second, &path, &opts).await.unwrap();
        assert_eq!(entries(), before, "{file}: the second copy's questions are the first's");
        assert_eq!(reg.register.answers(again.id).await.unwrap(), read.rows, "{file}");
    }
}

/// The real CAIQ saved by LibreOffice Calc as a `;` CSV (as a German Excel or Calc user saves
/// it: quoted question texts with line breaks) imports exactly as the workbook does: the dialect
/// is told from whole records, not physical lines.
#[tokio::test]
async fn a_caiq_saved_by_libreoffice_as_a_semicolon_csv_with_line_breaks_imports_exactly() {
    let Some(dir) = realdata() else { return };
    let reg = TestRegister::new().await;
    let work = reg.dir.path();
    let converted = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}/lo-profile", work.display()))
        .args(["--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,2", "--outdir"])
        .arg(work)
        .arg(dir.join("caiq-v4.0.3-instructure.xlsx"))
        .output()
        .expect("LibreOffice runs (Debian package libreoffice-calc-nogui; scripts/setup.sh --test installs it)");
    assert!(converted.status.success(), "{}", stderr(&converted));
    let csv = work.join("caiq-v4.0.3-instructure-CAIQv4.0.3.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("A&A-01.1;\"Are audit and assurance policies") && text.contains("documented,\napproved"), "{}", &text[..400]);

    assert!(reg.cli(&["vendor", "add", "--name", "Instructure"]).status.success());
    let imported = json(&reg.cli(&["import", csv.to_str().unwrap(), "--vendor", "Instructure", "--json"]));
    assert_eq!(imported["saved"]["questions"].as_i64(), Some(261), "{}", imported["preview"]);
    let vendor = reg.store().resolve_vendor("Instructure").await.unwrap();
    let versions = reg.store().questionnaires(vendor).await.unwrap();
    let answers = reg.store().questionnaire_answers(versions[0].id).await.unwrap();
    let yes = answers.iter().filter(|a| a.answer == vetted_core::domain::questionnaire::Answer::Yes).count();
    let no = answers.iter().filter(|a| a.answer == vetted_core::domain::questionnaire::Answer::No).count();
    assert_eq!((answers.len(), yes, no), (261, 259, 2));
    assert_eq!(answers[0].question_id.as_deref(), Some("A&A-01.1"));
    assert!(answers[0].question.contains("documented,\napproved"), "{:?}", answers[0].question);
}

/// A German checklist in the BSI IT-Grundschutz style, a layout no profile knows: "ID-Anforderung"
/// is the id, "Umsetzung" the answer (not the "Entbehrlich" flag beside it, though both hold
/// Ja/Nein), "Begründung" the comment; "entbehrlich" is not applicable; a requirement's second
/// sentence on a row of the same id is one requirement, and a withdrawn ("ENTFALLEN") one none.
#[tokio::test]
async fn a_german_grundschutz_checklist_is_read_by_its_headers_and_words() {
    let reg = TestRegister::new().await;
    assert!(reg.cli(&["vendor", "add", "--name", "Instructure"]).status.success());
    let file = reg.dir.path().join("grundschutz-check.csv");
    std::fs::write(
        &file,
        "Baustein;ID-Anforderung;Titel;Anforderung;Entbehrlich;Umsetzung;Begründung\n\
         ORP.4 Identitäts- und Berechtigungsmanagement;ORP.4.A1;Regelung für Benutzende (B);Es MUSS geregelt werden, wie Benutzende einzurichten und zu löschen sind.;Nein;Ja;Richtlinie IAM-01\n\
         ;ORP.4.A1;;Jede Benutzendenkennung MUSS eindeutig einer Person zugeordnet werden können.;Nein;Ja;\n\
         ;ORP.4.A2;Einrichtung, Änderung und Entzug von Berechtigungen (B);Berechtigungen DÜRFEN NUR nach Bedarf vergeben werden.;Nein;Teilweise;Rezertifizierung läuft\n\
         ;ORP.4.A3;ENTFALLEN;;;;\n\
         ;ORP.4.A4;Aufgabenverteilung und Funktionstrennung (B);Die Institution MUSS unvereinbare Aufgaben festlegen.;Ja;entbehrlich;Nur zwei Mitarbeitende\n\
         ;ORP.4.A5;Vergabe von Zutrittsberechtigungen (B);Es MUSS festgelegt werden, wer Zutritt erhält.;Nein;Nein;\n",
    )
    .unwrap();
    let got = dry_run(&reg, &file);
    let a = &got["answers"];
    assert_eq!(got["questions"].as_u64(), Some(4), "{got}");
    assert_eq!(
        [a["yes"].as_u64(), a["no"].as_u64(), a["partial"].as_u64(), a["na"].as_u64(), a["unknown"].as_u64()],
        [Some(1), Some(1), Some(1), Some(1), Some(0)],
        "{got}"
    );
    let roles: Vec<(String, String)> = got["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["role"].as_str().unwrap().to_owned(), c["header"].as_str().unwrap_or_default().to_owned()))
        .collect();
    for (role, header) in [("id", "ID-Anforderung"), ("question", "Anforderung"), ("answer", "Umsetzung"), ("comment", "Begründung")] {
        assert!(roles.contains(&(role.to_owned(), header.to_owned())), "{role}: {roles:?}");
    }
    assert!(got["columns"].as_array().unwrap().iter().all(|c| c["basis"] == "header_word"), "{}", got["columns"]);
    // The withdrawn requirement is named among the rows skipped, not silently left out.
    let skipped = got["skipped_rows"].to_string();
    assert!(skipped.contains("ORP.4.A3 has no question text") && skipped.contains("duplicate id ORP.4.A1"), "{skipped}");
    assert_eq!(got["guessed"], true);
}

/// The rows of a two-level chain as one real published list has them (846 rows, 47 companies,
/// 471 sub-processors, most named under two companies): (company, sub-processor, what it does).
fn chain_rows() -> Vec<(String, String, String)> {
    (0..846)
        .map(|k| {
            let (company, sub) = (k % 47, (k * 13) % 471);
            let what = ["Cloud hosting", "Email delivery", "Error tracking", "Payments; card data", "Support desk"][sub % 5];
            (format!("Company {company} GmbH"), format!("Sub-processor {sub} Ltd"), what.to_owned())
        })
        .collect()
}

/// A two-level sub-processor list becomes vendors and the links between them, each with its
/// purpose: from CSV, from the same list saved as XLSX by LibreOffice, and from JSON (flat, and
/// with each company's sub-processors nested under it). A
/// sub-processor under several companies is one vendor with several links; what the register has
/// (a vendor written another way, a link) is linked, not added again; importing the file twice
/// adds nothing; undoing the import takes its links away and archives its vendors.
#[tokio::test]
async fn a_two_level_chain_becomes_vendors_and_links_from_csv_xlsx_and_json() {
    let rows = chain_rows();
    let work = tempfile::tempdir().unwrap();
    let csv = work.path().join("chain.csv");
    let mut text = String::from("Company,Sub-processor,Service category / What they do\n");
    for (c, s, w) in &rows {
        text.push_str(&format!("{c},{s},\"{w}\"\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let converted = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}/lo-profile", work.path().display()))
        .args(["--headless", "--convert-to", "xlsx", "--outdir"])
        .arg(work.path())
        .arg(&csv)
        .output()
        .expect("LibreOffice runs (Debian package libreoffice-calc-nogui; scripts/setup.sh --test installs it)");
    assert!(converted.status.success(), "{}", stderr(&converted));
    let json_file = work.path().join("chain.json");
    let items: Vec<_> = rows.iter().map(|(c, s, w)| serde_json::json!({"company": c, "subprocessor": s, "purpose": w})).collect();
    std::fs::write(&json_file, serde_json::to_vec(&serde_json::json!({ "subprocessors": items })).unwrap()).unwrap();
    // The same chain as JSON with each company's sub-processors nested under it.
    let nested_file = work.path().join("chain-nested.json");
    let mut companies: Vec<(String, Vec<serde_json::Value>)> = Vec::new();
    for (c, s, w) in &rows {
        let sub = serde_json::json!({"name": s, "purpose": w});
        match companies.iter_mut().find(|(name, _)| name == c) {
            Some((_, subs)) => subs.push(sub),
            None => companies.push((c.clone(), vec![sub])),
        }
    }
    let nested: Vec<_> = companies.into_iter().map(|(c, subs)| serde_json::json!({"company": c, "sub_processors": subs})).collect();
    std::fs::write(&nested_file, serde_json::to_vec(&serde_json::json!({ "processors": nested })).unwrap()).unwrap();

    // Already in the register: one sub-processor (written another way) serving its first company.
    let (first_company, _, _) = rows.iter().find(|(_, s, _)| s == "Sub-processor 5 Ltd").unwrap().clone();
    for file in [csv.clone(), work.path().join("chain.xlsx"), json_file, nested_file] {
        let reg = TestRegister::new().await;
        assert!(reg.cli(&["vendor", "add", "--name", &first_company]).status.success());
        let added = reg.cli(&["vendor", "add", "--name", "Sub-processor 5 Ltd.", "--serves", &first_company]);
        assert!(added.status.success(), "{}", stderr(&added));
        let path = file.to_str().unwrap();
        let dry = json(&reg.cli(&["vendor", "import", path, "--dry-run", "--json"]));
        let chain = &dry["chain"];
        assert_eq!((chain["companies"].as_u64(), chain["sub_processors"].as_u64()), (Some(47), Some(471)), "{path}: {}", dry["mapping"]);
        assert_eq!((chain["new_links"].as_u64(), chain["known_links"].as_u64()), (Some(845), Some(1)), "{path}");
        assert_eq!(dry["to_add"].as_u64(), Some(47 + 471 - 2), "{path}");
        assert_eq!(json(&reg.cli(&["vendor", "list", "--json"])).as_array().unwrap().len(), 2, "a dry run saves nothing");
        let text = stdout(&reg.cli(&["vendor", "import", path, "--dry-run"]));
        let summary =
            "A chain of 47 companies and 471 sub-processors: 516 new vendor(s), 845 new link(s), 1 link(s) already in the register.";
        assert!(text.contains(summary), "{text}");

        let done = json(&reg.cli(&["vendor", "import", path, "--json"]));
        assert_eq!((done["added"].as_array().unwrap().len(), done["linked"].as_array().unwrap().len()), (516, 845), "{path}");
        // A sub-processor under two companies: one vendor, a link to each with the purpose.
        let twice = rows.iter().filter(|(_, s, _)| s == "Sub-processor 7 Ltd").map(|(c, _, _)| c.clone()).collect::<Vec<_>>();
        assert_eq!(twice.len(), 2);
        let sub = json(&reg.cli(&["vendor", "show", "Sub-processor 7 Ltd", "--json"]));
        let mut clients: Vec<String> =
            sub["serves"].as_array().unwrap().iter().map(|l| l["client_name"].as_str().unwrap().to_owned()).collect();
        clients.sort();
        let mut want = twice.clone();
        want.sort();
        assert_eq!(clients, want, "{path}");
        let what = &rows.iter().find(|(_, s, _)| s == "Sub-processor 7 Ltd").unwrap().2;
        assert_eq!(sub["serves"][0]["purpose"].as_str(), Some(what.as_str()), "{path}");
        let company = json(&reg.cli(&["vendor", "show", &twice[0], "--json"]));
        let expected = rows.iter().filter(|(c, _, _)| *c == twice[0]).count();
        assert_eq!(company["sub_processors"].as_array().unwrap().len(), expected, "{path}");
        let known = json(&reg.cli(&["vendor", "show", "Sub-processor 5 Ltd.", "--json"]));
        assert_eq!(known["serves"].as_array().unwrap().len(), 2, "the one in the register got its other link: {path}");

        let again = json(&reg.cli(&["vendor", "import", path, "--json"]));
        assert_eq!((again["to_add"].as_u64(), again["chain"]["new_links"].as_u64()), (Some(0), Some(0)), "{path}");
        assert_eq!(again["chain"]["known_links"].as_u64(), Some(846));
        let total = json(&reg.cli(&["vendor", "list", "--archived", "--limit", "1000", "--json"])).as_array().unwrap().len();
        assert_eq!(total, 518, "{path}");

        // Undone: its links gone (the one there before stays), its vendors archived.
        let first_import = done["import"].as_i64().unwrap();
        let undone = json(&reg.cli(&["vendor", "undo-import", &first_import.to_string(), "--json"]));
        assert_eq!(undone["archived"].as_array().unwrap().len(), 516);
        let known = json(&reg.cli(&["vendor", "show", "Sub-processor 5 Ltd.", "--json"]));
        assert_eq!(known["serves"].as_array().unwrap().len(), 1, "{path}");
        assert_eq!(known["serves"][0]["client_name"].as_str(), Some(first_company.as_str()));
        let verified = reg.cli(&["history", "verify"]);
        assert!(verified.status.success(), "{}", stderr(&verified));
    }
}

/// Texts with what a bulk write must escape (tabs, line breaks with and without a carriage
/// return, backslashes, a literal `\N` and `\.`, quotes) and characters of two to four bytes
/// (umlauts, a combining mark, an emoji) read back exactly as the file had them, on either
/// engine (a team register streams them with COPY), and the version's seal holds: a team
/// register's import makes its answers' part from the values it wrote (counting characters as
/// the database does), which `history verify` checks by reading them back.
#[tokio::test]
async fn texts_with_tabs_breaks_and_backslashes_read_back_exactly() {
    let reg = TestRegister::new().await;
    let vendor = reg.add(vetted_tests::named("Acme")).await.id;
    let csv = reg.dir.path().join("tricky.csv");
    let mut text = String::from(
        "Question ID,Question,Answer,Comments\n\
         Q-1,\"Tab\there, and a backslash \\ at C:\\Temp\\new\",Yes,\"Line one\nLine two\r\nLine three\"\n\
         Q-2,Is \\N a null?,No,\\N\n\
         Q-3,\"Verschlüsselung \"\"at rest\"\" (AES-256)?\",Yes,\"\\\\server\\share\t\\t\"\n\
         Q-4,Zugriff nur über VPN?,\"Ja – größtenteils 😀\",\"geprüft ✓ (Kü\u{308}che)\n\\.\n\"\n",
    );
    // Enough rows for several batches (the first is 32 answers), each with a character of its own.
    for n in 5..=120u32 {
        let c = char::from_u32(0xC0 + n).unwrap();
        text.push_str(&format!("Q-{n},Frage {n} {c}?,Yes,Kommentar {c}{c} 🔒\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let opts = vetted_core::import::ImportOptions::default();
    let read = reg.register.preview_questionnaire(csv.clone(), opts.clone(), |_, _| true).await.unwrap();
    assert_eq!(read.rows.len(), 120);
    assert!(read.rows[0].question.contains("Tab\there") && read.rows[2].comment.contains("\\\\server\\share\t\\t"), "{:?}", read.rows);
    assert_eq!(read.rows[3].original, "Ja – größtenteils 😀");
    let (_, version) = reg.register.import_questionnaire(vendor, &csv, &opts).await.unwrap();
    assert_eq!(reg.register.answers(version.id).await.unwrap(), read.rows);
    let verified = reg.register.verify_history().await.unwrap();
    assert!(verified.first_broken.is_none() && verified.records_broken.is_empty(), "{verified:?}");
    assert!(verified.records_checked >= 1);
    assert!(reg.cli(&["history", "verify"]).status.success());
}
