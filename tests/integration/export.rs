//! Exports as a user makes them with the CLI: the vendor summary PDF read back with pdftotext (in
//! English and German, Unicode names, size), the sub-processor list of a 1,000-vendor register in
//! all four formats read back (pdfinfo, calamine, csv, the JSON Schema), published versions and the
//! change notice between them. First pages are rendered to PNG in target/report-previews.

use std::path::{Path, PathBuf};
use std::process::Command;
use vetted_tests::{ctx, realdata, stderr, synthetic_register, TestRegister};

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-layout"]).arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

/// Renders the first page of `pdf` for people to look at (kept as a CI artefact).
fn preview(pdf: &Path, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/report-previews");
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(dir.join(name))
        .output()
        .unwrap();
    assert!(out.status.success(), "pdftoppm: {}", String::from_utf8_lossy(&out.stderr));
}

fn run(reg: &TestRegister, args: &[&str]) -> String {
    let out = reg.cli(args);
    assert!(out.status.success(), "vetted {args:?}: {}", stderr(&out));
    stderr(&out)
}

#[tokio::test]
async fn a_vendor_summary_names_the_vendor_its_verdict_and_certifications_in_english_and_german() {
    let reg = TestRegister::new().await;
    let name = "Łódź Ærø 株式会社 Speech Analytics sp. z o.o.";
    run(
        &reg,
        &[
            "vendor",
            "add",
            "--name",
            name,
            "--sensitivity",
            "high",
            "--impact",
            "high",
            "--service",
            "Speech analytics",
            "--country",
            "PL,JP",
            "--transfer",
            "sccs",
            "--purpose",
            "Transcribes and scores recorded calls of the customer hotline; transcripts are kept for 30 days and then deleted.",
            "--status",
            "approved",
        ],
    );
    run(
        &reg,
        &[
            "certs",
            "add",
            "--vendor",
            name,
            "--kind",
            "soc2_type2",
            "--period-start",
            "2025-10-01",
            "--period-end",
            "2026-09-30",
            "--issuer",
            "Ernst & Young LLP",
            "--tsc",
            "security,availability",
            "--opinion",
            "unqualified",
            "--scope",
            "Speech analytics platform",
            "--exceptions",
            "CC6.2: two leavers kept access for nine days",
        ],
    );
    run(
        &reg,
        &[
            "certs",
            "add",
            "--vendor",
            name,
            "--kind",
            "iso27001_2022",
            "--issued",
            "2024-02-01",
            "--expires",
            "2027-01-31",
            "--issuer",
            "BSI Group",
        ],
    );
    if let Some(dir) = realdata() {
        run(&reg, &["import", dir.join("caiq-v4.0.3-instructure.xlsx").to_str().unwrap(), "--vendor", name]);
    }
    let en = reg.dir.path().join("summary-en.pdf");
    let de = reg.dir.path().join("summary-de.pdf");
    run(&reg, &["export", "summary", name, "-o", en.to_str().unwrap(), "--as-of", "2026-11-20"]);
    run(&reg, &["export", "summary", name, "-o", de.to_str().unwrap(), "--as-of", "2026-11-20", "--lang", "de"]);

    let text = pdftotext(&en);
    assert!(text.contains("Łódź Ærø 株式会社 Speech Analytics"), "{text}");
    for want in [
        "Vendor summary",
        "SOC 2 Type II",
        "ISO/IEC 27001:2022",
        "Ernst & Young LLP",
        "2027-09-30",
        "2027-01-31",
        "Poland (PL), Japan (JP)",
        "standard contractual clauses",
        "Baseline verdict",
        "BL-08",
        "CC6.2: two leavers",
        "as of 2026-11-20",
    ] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    // Certifications and the verdict read the same in the summary as from the CLI.
    let scored = vetted_tests::json(&reg.cli(&["score", name, "--as-of", "2026-11-20", "--json"]));
    let verdict = match scored["verdict"].as_str().unwrap() {
        "meets" => "Meets the baseline",
        "conditional" => "Meets with conditions",
        "fails" => "Fails the baseline",
        _ => "Not enough information",
    };
    assert!(text.contains(verdict), "{verdict} missing");
    // Page numbers "1 / N" (pdftotext drops the narrow spaces); one or two pages, as the README
    // promises, with a CAIQ's citations too.
    assert!(text.replace(' ', "").contains(&format!("1/{}", pages(&en))), "page numbers");
    assert!(pages(&en) <= 2 && pages(&de) <= 2, "{} and {} pages", pages(&en), pages(&de));
    // The verdict leads with its reasons; the open gaps are not listed a second time.
    assert!(text.find("Why").unwrap_or(usize::MAX) < text.find("Identity and processing").unwrap(), "the reasons lead");
    assert!(!text.contains("Open gap"), "gaps are the reasons, said once");
    assert!(text.contains("expiring soon") || text.contains("current"), "certification status in words");
    if realdata().is_some() {
        assert!(text.contains("caiq-v4.0.3-instructure.xlsx") && text.contains("CSA CAIQ"), "questionnaire provenance");
    }

    let german = pdftotext(&de);
    for want in [
        "Dienstleisterübersicht",
        "Zertifizierungen und Prüfberichte",
        "Gültig bis",
        "Verarbeitungsländer",
        "Polen (PL), Japan (JP)",
        "Standardvertragsklauseln",
        "Bewertung gegen die Mindestanforderungen",
        "Kontrolle",
        "erstellt am",
        "Łódź Ærø 株式会社",
    ] {
        assert!(german.contains(want), "{want} missing from:\n{german}");
    }
    // Numbers and dates in the German form: "Abdeckung 45,6 %", "generated" on dd.mm.yyyy.
    let coverage = german.split("Abdeckung ").nth(1).unwrap_or_default();
    let number: String = coverage.chars().take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.').collect();
    assert!(number.contains(',') && !number.contains('.'), "coverage {number:?} in: {german}");
    assert!(!german.contains("2026-11-20"), "no ISO date in the German summary");
    for pdf in [&en, &de] {
        let n = pages(pdf);
        assert!((1..=3).contains(&n), "{n} pages");
        let size = std::fs::metadata(pdf).unwrap().len();
        assert!(size < 150 * 1024, "{size} bytes: fonts must be subset");
    }
    preview(&en, "summary-en");
    preview(&de, "summary-de");
}

#[tokio::test]
async fn the_list_of_a_1000_vendor_register_in_pdf_xlsx_csv_and_json_reads_back_whole() {
    let reg = TestRegister::new().await;
    let mut vendors = synthetic_register(1000);
    let mut evil = vendors[2].0.clone();
    evil.name = vetted_core::domain::VendorName::parse("=HYPERLINK(\"http://x\",\"click\")").unwrap();
    vendors.push((evil, None));
    reg.store().create_vendors(&ctx("alice", 0), &vendors).await.unwrap();
    let certified = vendors[2].0.name.as_str().to_owned();
    run(&reg, &["certs", "add", "--vendor", &certified, "--kind", "iso27001_2022", "--issued", "2024-02-01", "--expires", "2027-01-31"]);
    let approved = vendors.iter().filter(|(v, _)| matches!(v.status.as_str(), "approved" | "approved_with_conditions")).count();
    let active = vendors.iter().filter(|(v, _)| v.status.as_str() != "offboarded").count();
    let path = |ext: &str| reg.dir.path().join(format!("list.{ext}"));

    let said = run(
        &reg,
        &["export", "register", "--format", "pdf", "-o", path("pdf").to_str().unwrap(), "--status", "all", "--as-of", "2026-11-20"],
    );
    assert!(said.contains("published as version 1"), "{said}");
    let n = pages(&path("pdf"));
    let text = pdftotext(&path("pdf"));
    let per_page: Vec<&str> = text.split('\x0c').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(per_page.len(), n);
    assert!(n > 10, "{active} vendors on {n} pages");
    for (i, page) in per_page.iter().enumerate() {
        assert!(page.contains("Entity") && page.contains("Processing"), "page {} has the header", i + 1);
        assert!(page.replace(' ', "").contains(&format!("{}/{n}", i + 1)), "page {} is numbered", i + 1);
    }
    for i in [0, 499, 998] {
        let (v, _) = &vendors[i];
        if v.status.as_str() != "offboarded" {
            // Entity names wrap in their column: look for the line that ends them.
            assert!(text.contains(&format!("{i:05} Ltd")), "{} missing", v.name.as_str());
        }
    }
    preview(&path("pdf"), "register");

    // The same content again is the same version, whatever the format.
    for ext in ["xlsx", "csv", "json"] {
        let said = run(
            &reg,
            &["export", "register", "--format", ext, "-o", path(ext).to_str().unwrap(), "--status", "all", "--as-of", "2026-11-20"],
        );
        assert!(said.contains("unchanged since version 1"), "{said}");
    }

    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(path("xlsx")).unwrap();
    let names = book.sheet_names();
    let list = book.worksheet_range(&names[0]).unwrap();
    // A title, what the list is (version, day, count, filter), a blank row, the header, the rows.
    let head = vetted_core::report::register::XLSX_HEAD_ROW as usize;
    assert_eq!(list.height(), head + 1 + active);
    assert_eq!(list.get((0, 0)), Some(&Data::String("Sub-processors".into())));
    let what = list.get((1, 0)).map(|d| d.to_string()).unwrap_or_default();
    assert!(what.contains("Version 1") && what.contains(&format!("{active} sub-processors")), "{what}");
    assert_eq!(list.get((head, 0)), Some(&Data::String("Entity".into())));
    let certs = book.worksheet_range(&names[1]).unwrap();
    let row =
        (head + 1..certs.height()).find(|r| certs.get((*r, 0)) == Some(&Data::String(certified.clone()))).expect("the certification row");
    match certs.get((row, 3)) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_datetime().unwrap().date(), chrono::NaiveDate::from_ymd_opt(2027, 1, 31).unwrap()),
        other => panic!("the date is not a date: {other:?}"),
    }

    let bytes = std::fs::read(path("csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut rows = csv::Reader::from_reader(&bytes[3..]);
    assert_eq!(&rows.headers().unwrap()[0], "Entity");
    let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), active);
    assert!(records.iter().any(|r| &r[0] == "'=HYPERLINK(\"http://x\",\"click\")"), "a formula is neutralised");
    assert!(records.iter().all(|r| !r[0].starts_with('=')));

    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(path("json")).unwrap()).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas/register-export.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json), "{:?}", validator.iter_errors(&json).map(|e| e.to_string()).take(3).collect::<Vec<_>>());
    assert_eq!(json["version"], 1);
    assert_eq!(json["entries"].as_array().unwrap().len(), active);

    // The default list holds approved sub-processors only: a new version.
    let said = run(&reg, &["export", "register", "--format", "json", "-o", path("json").to_str().unwrap(), "--as-of", "2026-11-20"]);
    assert!(said.contains(&format!("{approved} sub-processors, published as version 2")), "{said}");
}

#[tokio::test]
async fn published_versions_are_kept_and_the_change_notice_names_what_changed() {
    let reg = TestRegister::new().await;
    for (name, transfer) in [("Alpha Hosting GmbH", "no_transfer"), ("Beta Mail Ltd", "eu_us_dpf"), ("Gamma SMS Ltd", "sccs")] {
        run(
            &reg,
            &["vendor", "add", "--name", name, "--status", "approved", "--transfer", transfer, "--country", "DE", "--service", "Service"],
        );
    }
    let out = |n: &str| reg.dir.path().join(n).to_str().unwrap().to_owned();
    // An export that cannot write its file publishes no version.
    let failed = reg.cli(&["export", "register", "--format", "csv", "-o", &out("missing-folder/list.csv")]);
    assert!(!failed.status.success() && stderr(&failed).contains("cannot write"), "{}", stderr(&failed));
    assert_eq!(reg.register.register_versions().await.unwrap().len(), 0, "no version for a file never written");
    run(&reg, &["export", "register", "--format", "json", "-o", &out("v1.json")]);
    assert_eq!(reg.register.register_versions().await.unwrap().len(), 1);
    run(&reg, &["vendor", "archive", "Alpha Hosting GmbH"]);
    run(&reg, &["vendor", "edit", "Beta Mail Ltd", "--transfer", "sccs", "--country", "DE,US"]);
    run(&reg, &["vendor", "add", "--name", "Delta Voice Inc.", "--status", "approved", "--country", "US"]);
    run(&reg, &["export", "register", "--format", "csv", "-o", &out("v2.csv")]);
    let versions = vetted_tests::json(&reg.cli(&["export", "versions", "--json"]));
    assert_eq!(versions.as_array().unwrap().iter().map(|v| v["version"].as_u64().unwrap()).collect::<Vec<_>>(), [2, 1]);

    run(&reg, &["export", "diff", "--from", "1", "--to", "2", "--format", "json", "-o", &out("diff.json")]);
    let diff: serde_json::Value = serde_json::from_slice(&std::fs::read(out("diff.json")).unwrap()).unwrap();
    let entities = |key: &str| diff[key].as_array().unwrap().iter().map(|e| e["entity"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(entities("added"), ["Delta Voice Inc."]);
    assert_eq!(entities("removed"), ["Alpha Hosting GmbH"]);
    let changed = &diff["changed"][0];
    assert_eq!(changed["entity"], "Beta Mail Ltd");
    let fields: Vec<(&str, &str, &str)> = changed["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["field"].as_str().unwrap(), c["before"].as_str().unwrap(), c["after"].as_str().unwrap()))
        .collect();
    assert_eq!(fields, [("countries", "DE", "DE; US"), ("transfer_mechanism", "eu_us_dpf", "sccs")]);

    run(&reg, &["export", "diff", "--from", "1", "--to", "2", "--format", "csv", "-o", &out("diff.csv")]);
    let csv_text = std::fs::read_to_string(out("diff.csv")).unwrap();
    assert!(
        csv_text.contains("Changed,Beta Mail Ltd,Transfer mechanism,EU-US Data Privacy Framework,standard contractual clauses (Art. 46)"),
        "{csv_text}"
    );
    run(&reg, &["export", "diff", "--from", "1", "--to", "2", "--format", "pdf", "-o", &out("diff.pdf"), "--lang", "de"]);
    let text = pdftotext(Path::new(&out("diff.pdf")));
    for want in ["Änderungen der Liste", "Hinzugefügt (1)", "Entfernt (1)", "Geändert (1)", "Delta Voice Inc.", "Standardvertragsklauseln"]
    {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    preview(Path::new(&out("diff.pdf")), "change-notice");

    let missing = reg.cli(&["export", "diff", "--from", "1", "--to", "9", "-o", &out("x.pdf")]);
    assert!(!missing.status.success() && stderr(&missing).contains("no published list with version 9"));
    assert!(!Path::new(&out("x.pdf")).exists(), "nothing is written on error");
    let xlsx = reg.cli(&["export", "diff", "--from", "1", "--to", "2", "--format", "xlsx", "-o", &out("x.xlsx")]);
    assert!(!xlsx.status.success() && stderr(&xlsx).contains("pdf, csv or json"));

    // Published versions are never changed, even by hand.
    let refused = vetted_tests::run_sql(&reg.db, "UPDATE register_versions SET entries = '[]' WHERE version = 1");
    assert!(!refused.status.success() && stderr(&refused).contains("never changed"), "{}", stderr(&refused));
}

#[tokio::test]
async fn the_published_list_shows_each_link_of_the_chain_and_the_change_notice_compares_them() {
    let reg = TestRegister::new().await;
    for name in ["Genesys Cloud Services, Inc.", "Twilio Ireland Limited", "Amazon Web Services EMEA SARL"] {
        run(&reg, &["vendor", "add", "--name", name, "--status", "approved", "--country", "IE"]);
    }
    let aws = "Amazon Web Services EMEA SARL";
    let link = |client: &str, purpose: &str, at: &str| {
        run(&reg, &["vendor", "edit", aws, "--serves", client, "--link-purpose", purpose, "--link-location", at]);
    };
    link("Genesys Cloud Services, Inc.", "Hosts the call recordings", "Frankfurt");
    let out = |n: &str| reg.dir.path().join(n).to_str().unwrap().to_owned();
    run(&reg, &["export", "register", "--format", "json", "-o", &out("v1.json")]);
    link("Twilio Ireland Limited", "Hosts the logs", "Dublin");
    run(&reg, &["export", "register", "--format", "json", "-o", &out("v2.json")]);
    let list: serde_json::Value = serde_json::from_slice(&std::fs::read(out("v2.json")).unwrap()).unwrap();
    let entry = list["entries"].as_array().unwrap().iter().find(|e| e["entity"] == aws).unwrap().clone();
    assert_eq!(
        entry["serves"],
        serde_json::json!([
            {"client": "Genesys Cloud Services, Inc.", "purpose": "Hosts the call recordings", "locations": ["Frankfurt"]},
            {"client": "Twilio Ireland Limited", "purpose": "Hosts the logs", "locations": ["Dublin"]}
        ])
    );
    run(&reg, &["export", "diff", "--from", "1", "--to", "2", "--format", "json", "-o", &out("diff.json")]);
    let diff: serde_json::Value = serde_json::from_slice(&std::fs::read(out("diff.json")).unwrap()).unwrap();
    let change = &diff["changed"][0]["changes"][0];
    assert_eq!(
        (&change["field"], &change["after"]),
        (
            &"serves".into(),
            &"Genesys Cloud Services, Inc. (Hosts the call recordings; Frankfurt); Twilio Ireland Limited (Hosts the logs; Dublin)".into()
        )
    );
    // The list's PDF and the vendor summaries, in German: each link with what for and where.
    run(&reg, &["export", "register", "--format", "pdf", "-o", &out("list.pdf"), "--lang", "de"]);
    let text = pdftotext(Path::new(&out("list.pdf"))).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Twilio Ireland Limited (Hosts the logs; Dublin)"), "{text}");
    run(&reg, &["export", "summary", "Genesys Cloud Services, Inc.", "-o", &out("genesys.pdf"), "--lang", "de"]);
    let text = pdftotext(Path::new(&out("genesys.pdf"))).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Eigene Unterauftragsverarbeiter"), "{text}");
    assert!(text.contains("Amazon Web Services EMEA SARL (Hosts the call recordings; Frankfurt)"), "{text}");
    preview(Path::new(&out("genesys.pdf")), "summary-with-sub-processors-de");
}

#[tokio::test]
async fn exports_read_verdicts_without_writing_assessment_snapshots() {
    // Exports once saved today's assessments as a side effect: a summary or a list with its
    // verdict column wrote snapshots (and verdict entries in the history) nobody asked for.
    let reg = TestRegister::new().await;
    run(&reg, &["vendor", "add", "--name", "Twilio Inc.", "--sensitivity", "high", "--impact", "high", "--status", "approved"]);
    run(&reg, &["certs", "add", "--vendor", "Twilio Inc.", "--kind", "iso27001_2022", "--issued", "2025-03-01", "--issuer", "BSI Group"]);
    let before = reg.store().assessment_counts().await.unwrap();
    let history = reg.store().history(None, 10_000).await.unwrap().len();
    let pdf = reg.dir.path().join("summary.pdf");
    run(&reg, &["export", "summary", "Twilio Inc.", "-o", pdf.to_str().unwrap()]);
    let list = reg.dir.path().join("list.csv");
    run(&reg, &["export", "register", "--format", "csv", "-o", list.to_str().unwrap(), "--with-verdict"]);
    assert!(std::fs::read_to_string(&list).unwrap().contains("Twilio Inc."));
    // In German the verdict that too little is known is not a failing grade ("unzureichend").
    run(&reg, &["vendor", "add", "--name", "Genesys Cloud Services", "--status", "approved"]);
    let german = reg.dir.path().join("liste.csv");
    run(&reg, &["export", "register", "--format", "csv", "-o", german.to_str().unwrap(), "--with-verdict", "--lang", "de"]);
    let german = std::fs::read_to_string(&german).unwrap();
    assert!(german.contains("Genesys Cloud Services,") && german.contains("zu wenig Informationen"), "{german}");
    assert!(german.contains("unter Auflagen") && !german.contains("unzureichend"), "{german}");
    // Dates as a German reader writes them.
    assert!(german.contains("ISO/IEC 27001:2022 – 01.03.2028 (gültig)"), "{german}");
    assert_eq!(reg.store().assessment_counts().await.unwrap(), before, "no snapshot written");
    let added: Vec<_> = reg.store().history(None, 10_000).await.unwrap().into_iter().skip(history).map(|e| e.action).collect();
    assert!(!added.contains(&vetted_core::store::HistoryAction::Assess), "{added:?}");
    // Asking for the assessment still keeps it.
    run(&reg, &["score", "Twilio Inc."]);
    assert_eq!(reg.store().assessment_counts().await.unwrap().2, before.2 + 1);
}

/// The register's own data categories and subjects are words in the documents, in the list's
/// language (`call_recordings` is "Gesprächsaufzeichnungen"); the JSON keeps the keys.
#[tokio::test]
async fn data_categories_are_words_in_the_documents_and_keys_in_the_json() {
    let reg = TestRegister::new().await;
    run(&reg, &["example"]);
    let csv = reg.dir.path().join("liste.csv");
    run(&reg, &["export", "register", "--format", "csv", "-o", csv.to_str().unwrap(), "--lang", "de", "--status", "all"]);
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("Gesprächsaufzeichnungen") && !text.contains("call_recordings"), "{text}");
    let en = reg.dir.path().join("list.csv");
    run(&reg, &["export", "register", "--format", "csv", "-o", en.to_str().unwrap(), "--status", "all"]);
    assert!(std::fs::read_to_string(&en).unwrap().contains("Call recordings"));
    let json = reg.dir.path().join("list.json");
    run(&reg, &["export", "register", "--format", "json", "-o", json.to_str().unwrap(), "--status", "all"]);
    assert!(std::fs::read_to_string(&json).unwrap().contains("\"call_recordings\""));
    let pdf = reg.dir.path().join("summary.pdf");
    let vendor = "Genesys Cloud Services, Inc.";
    run(&reg, &["export", "summary", vendor, "--lang", "de", "-o", pdf.to_str().unwrap()]);
    let summary = pdftotext(&pdf);
    assert!(summary.contains("Gesprächsaufzeichnungen") && !summary.contains("call_recordings"), "{summary}");
}

/// The XLSX list printed from a spreadsheet program (LibreOffice Calc, as a user would): each
/// sheet on landscape A4, one page wide, under its title and the line that says what the list
/// is; wrapped cells get the height they need.
#[tokio::test]
async fn the_xlsx_list_prints_one_page_wide_in_landscape_with_its_title() {
    let reg = TestRegister::new().await;
    run(&reg, &["example"]);
    let work = reg.dir.path();
    let xlsx = work.join("liste.xlsx");
    run(&reg, &["export", "register", "--format", "xlsx", "--status", "all", "--lang", "de", "-o", xlsx.to_str().unwrap()]);
    let printed = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}/lo-profile", work.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(work)
        .arg(&xlsx)
        .output()
        .expect("LibreOffice runs (Debian package libreoffice-calc-nogui; scripts/setup.sh --test installs it)");
    assert!(printed.status.success(), "{}", stderr(&printed));
    let pdf = work.join("liste.pdf");
    // Both sheets (the list, its certifications) each on one page: nothing spills to the right.
    assert_eq!(pages(&pdf), 2);
    let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(info.contains("841.89 x 595.") && info.contains("(A4)"), "landscape A4: {info}");
    let text = pdftotext(&pdf);
    let first = text.split('\x0c').next().unwrap();
    for expected in ["Unterauftragsverarbeiter", "Version 1", "6 Unterauftragsverarbeiter", "Unternehmen", "Twilio Ireland Limited", "1/2"]
    {
        assert!(first.contains(expected), "{expected:?} is not on the printed page:\n{first}");
    }
    // Each wrapped row is as tall as its lines: the row after Genesys's five data categories starts below them.
    let lines: Vec<&str> = first.lines().collect();
    let at = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle:?} not printed"));
    assert!(at("Nutzungsdaten") < at("Google Cloud EMEA Ltd"), "{first}");
}
