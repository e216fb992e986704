//! Generated workbooks (rust_xlsxwriter) for each edge the real files teach (../shared/realdata/INDEX.md):
//! header rows under a legend and away from A1, German answers, "x" marks, formulas with cached
//! values and cached errors, hidden scoring sheets, padded sheets, ids with `&` and stray spaces,
//! duplicate ids, dates, non-Latin text. Each is imported through the core and checked exactly.

use rust_xlsxwriter::{Formula, Workbook};
use vetted_core::import::{self, Answer, ImportOptions};

fn preview(path: &std::path::Path) -> import::Preview {
    import::preview(path, &ImportOptions::default(), import::profile::shipped()).unwrap()
}

fn answers(p: &import::Preview) -> Vec<(Option<String>, Answer, String)> {
    p.rows.iter().map(|r| (r.question_id.clone(), r.answer, r.original.clone())).collect()
}

#[test]
fn a_home_made_german_sheet_with_a_legend_formulas_a_hidden_sheet_and_padding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Lieferantenfragebogen.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Fragebogen").unwrap();
    // A legend above the table, and the table starting in column B.
    sheet.write_string(0, 1, "Informationssicherheit – Lieferantenbewertung 2026").unwrap();
    sheet.write_string(1, 1, "Bitte beantworten Sie jede Frage mit Ja, Nein, Teilweise oder Nicht zutreffend.").unwrap();
    for (c, h) in ["Nr.", "Frage", "Antwort", "Bemerkung"].iter().enumerate() {
        sheet.write_string(4, 1 + c as u16, *h).unwrap();
    }
    let rows: [(&str, &str, &str, &str); 8] = [
        ("1.1", "Gibt es eine Informationssicherheitsleitlinie?", "Ja", "Freigegeben 2025"),
        ("1.2", "Werden Daten im Ruhezustand verschlüsselt?", "Teilweise", "nur Produktion"),
        ("1.3", "Ist MFA für alle Konten aktiv?", "Nein", ""),
        ("1.4", "Werden Kartendaten verarbeitet?", "Nicht zutreffend", ""),
        ("1.5", "Gibt es ein ISMS nach ISO 27001?", "k. A.", ""),
        ("1.6", "Werden Zugriffe protokolliert? 访问日志", "Ja - zentral im SIEM", ""),
        ("1.7", "Letzter Penetrationstest?", "", ""),
        ("1.8", "Notfallhandbuch vorhanden?", "", ""),
    ];
    for (i, (id, q, a, c)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        sheet.write_string(r, 1, *id).unwrap();
        sheet.write_string(r, 2, *q).unwrap();
        if !a.is_empty() {
            sheet.write_string(r, 3, *a).unwrap();
        }
        if !c.is_empty() {
            sheet.write_string(r, 4, *c).unwrap();
        }
    }
    // A formula answer with its cached value, a cached error, and a date in the comment.
    sheet.write_formula(11, 3, Formula::new("=IF(TRUE,\"Ja\",\"Nein\")").set_result("Ja")).unwrap();
    sheet.write_formula(12, 3, Formula::new("=VLOOKUP(B13,Bewertung!A:B,2,FALSE)").set_result("#N/A")).unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2026, 3, 31).unwrap();
    sheet.write_datetime_with_format(11, 4, &date, &rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy")).unwrap();
    // Google-Sheets-style padding: a blank cell far below the table.
    sheet.write_blank(999, 5, &rust_xlsxwriter::Format::new().set_bold()).unwrap();
    // A hidden scoring sheet with question-like rows that are not the vendor's answers.
    let scoring = book.add_worksheet();
    scoring.set_name("Bewertung").unwrap();
    scoring.set_hidden(true);
    scoring.write_string(0, 0, "Frage").unwrap();
    scoring.write_string(0, 1, "Antwort").unwrap();
    scoring.write_string(1, 0, "Gewichtung Frage 1.1?").unwrap();
    scoring.write_string(1, 1, "Ja").unwrap();
    book.save(&path).unwrap();

    let p = preview(&path);
    assert!(p.guessed, "no shipped profile knows this layout");
    assert_eq!(p.sheets.len(), 1, "the hidden scoring sheet is not read: {:?}", p.sheets);
    assert_eq!(p.sheets[0].header_row, Some(5));
    assert_eq!(p.questions, 8);
    let got = answers(&p);
    let want: Vec<(Option<String>, Answer, String)> = vec![
        (Some("1.1".into()), Answer::Yes, "Ja".into()),
        (Some("1.2".into()), Answer::Partial, "Teilweise".into()),
        (Some("1.3".into()), Answer::No, "Nein".into()),
        (Some("1.4".into()), Answer::Na, "Nicht zutreffend".into()),
        (Some("1.5".into()), Answer::Unknown, "k. A.".into()),
        (Some("1.6".into()), Answer::Yes, "Ja - zentral im SIEM".into()),
        (Some("1.7".into()), Answer::Yes, "Ja".into()),
        (Some("1.8".into()), Answer::Unknown, "#N/A".into()),
    ];
    assert_eq!(got, want);
    assert_eq!(p.rows[6].comment, "2026-03-31", "a date cell reads as a date");
    assert_eq!(p.rows[5].question, "Werden Zugriffe protokolliert? 访问日志");
    assert_eq!(p.rows[0].cell, "Fragebogen!D6");
}

#[test]
fn x_marks_in_yes_no_na_columns_with_stray_spaces_ampersands_and_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("caiq-v3-filled.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("CSA CAIQ v3.0.1").unwrap();
    sheet.write_string(0, 2, "CONSENSUS ASSESSMENTS INITIATIVE QUESTIONNAIRE v3.0.1").unwrap();
    for (c, h) in [
        "Control Domain",
        "Control ID",
        "Question ID",
        "Control Specification",
        "Consensus Assessment Questions",
        "Consensus Assessment Answers",
        "",
        "",
        "Notes",
    ]
    .iter()
    .enumerate()
    {
        if !h.is_empty() {
            sheet.write_string(1, c as u16, *h).unwrap();
        }
    }
    for (c, h) in [(5, "Yes"), (6, "No"), (7, "Not Applicable")] {
        sheet.write_string(3, c, h).unwrap();
    }
    // (domain, control, id, question, mark columns, note)
    type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a [u16], &'a str);
    let rows: [Row; 6] = [
        ("Application & Interface Security", "AIS-01", "AIS-01.1", "Do you use industry standards?", &[5], "OWASP ASVS"),
        ("", "", "AIS- 02.2", "Do you use an automated scanner?", &[6], ""),
        ("", "AIS-02", "AIS-02.1", "Are requirements met before access?", &[7], ""),
        ("Audit Assurance & Compliance", "AAC-01", "AAC-01.1", "Do you produce audit assertions?", &[5, 6], "conflicting marks"),
        ("", "", "AAC-01.2", "Do you allow tenants to view reports?", &[], ""),
        ("", "", "AAC-01.1", "Do you produce audit assertions?", &[5], "a duplicate row"),
    ];
    for (i, (domain, control, id, q, marks, note)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        for (c, v) in [(0, domain), (1, control), (2, id), (4, q), (8, note)] {
            if !v.is_empty() {
                sheet.write_string(r, c, *v).unwrap();
            }
        }
        for m in *marks {
            sheet.write_string(r, *m, "x").unwrap();
        }
    }
    book.save(&path).unwrap();

    let p = preview(&path);
    assert_eq!((p.template.as_str(), p.template_version.as_deref()), ("caiq-v3", Some("3.0.1")));
    assert_eq!(
        answers(&p),
        vec![
            (Some("AIS-01.1".into()), Answer::Yes, "Yes".into()),
            (Some("AIS- 02.2".into()), Answer::No, "No".into()),
            (Some("AIS-02.1".into()), Answer::Na, "Not Applicable".into()),
            (Some("AAC-01.1".into()), Answer::Unknown, "Yes + No".into()),
            (Some("AAC-01.2".into()), Answer::Unknown, "".into()),
        ]
    );
    assert_eq!(p.rows[1].domain.as_deref(), Some("Application & Interface Security"), "carried down");
    assert_eq!(p.rows[1].control.as_deref(), Some("AIS-01"));
    assert_eq!(p.skipped_rows.len(), 1);
    assert_eq!(p.skipped_rows[0].row, 10);
    assert!(p.skipped_rows[0].reason.contains("duplicate id AAC-01.1 (first on row 8)"), "{:?}", p.skipped_rows);
}

#[test]
fn the_same_file_as_csv_with_semicolons_and_crlf_reads_alike() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("antworten.csv");
    std::fs::write(&csv, "\u{feff}Nr.;Frage;Antwort;Bemerkung\r\n1.1;\"Leitlinie\r\nvorhanden?\";Ja;\r\n1.2;Verschlüsselung?;Teilweise;\"nur Produktion; nicht Backups\"\r\n").unwrap();
    let p = preview(&csv);
    assert_eq!(
        answers(&p),
        vec![(Some("1.1".into()), Answer::Yes, "Ja".into()), (Some("1.2".into()), Answer::Partial, "Teilweise".into())]
    );
    assert_eq!(p.rows[0].question, "Leitlinie\r\nvorhanden?");
    assert_eq!(p.rows[1].comment, "nur Produktion; nicht Backups");
}

/// A sheet of `rows` questions with one answer each, as a vendor's home-made export; every
/// 1,000th row repeats the id of the row before it (a duplicate, skipped).
fn long_sheet(path: &std::path::Path, rows: u32) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["ID", "Question", "Answer", "Comment"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for r in 1..=rows {
        let id = if r % 1000 == 0 { r - 1 } else { r };
        sheet.write_string(r, 0, format!("Q-{id}")).unwrap();
        sheet.write_string(r, 1, format!("Control {r} in place?")).unwrap();
        sheet.write_string(r, 2, ["Yes", "No", "Partially", "N/A"][r as usize % 4]).unwrap();
        sheet.write_string(r, 3, format!("note {r}")).unwrap();
    }
    book.save(path).unwrap();
}

#[tokio::test]
async fn a_streamed_import_stores_what_the_preview_shows_and_a_failure_midway_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.xlsx");
    long_sheet(&path, 3000);
    let reg = vetted_tests::TestRegister::new().await;
    let (a, b) = (reg.add(vetted_tests::named("A")).await, reg.add(vetted_tests::named("B")).await);
    let ctx = vetted_tests::ctx("alice", 1);
    let shipped = || import::profile::shipped().to_vec();

    let shown = preview(&path);
    let (summary, saved) = import::import_file(reg.store(), &ctx, a.id, &path, &ImportOptions::default(), shipped()).await.unwrap();
    assert_eq!((summary.questions, summary.answers, saved.questions), (shown.questions, shown.answers, 2997));
    assert_eq!(summary.sha256, shown.sha256);
    let stored = reg.store().questionnaire_answers(saved.id).await.unwrap();
    let key = |r: &import::ImportedAnswer| (r.cell.clone(), r.question_id.clone(), r.answer, r.original.clone(), r.comment.clone());
    assert_eq!(stored.iter().map(key).collect::<Vec<_>>(), shown.rows.iter().map(key).collect::<Vec<_>>());
    // The version returned is the one stored, with the duplicates skipped, and the history
    // records it, chained to the entries before it.
    assert_eq!(reg.store().questionnaires(a.id).await.unwrap(), std::slice::from_ref(&saved));
    assert_eq!(
        (saved.version, saved.file_name.as_str(), saved.imported_by.as_str()),
        (1, "long.xlsx", vetted_tests::actor_of("alice").as_str())
    );
    assert_eq!(shown.skipped_rows.len(), 3, "{:?}", shown.skipped_rows);
    assert_eq!(reg.store().questionnaire_counts().await.unwrap(), (1, 2997, 3));
    let newest = &reg.store().history(Some(a.id), 1).await.unwrap()[0];
    assert_eq!(newest.after.as_deref(), Some("long, version 1: long.xlsx (2997 questions)"));
    assert!(reg.store().verify_history().await.unwrap().first_broken.is_none());

    // Over the row limit: found only after thousands of answers were already written.
    let before = reg.store().questionnaire_counts().await.unwrap();
    let opts = ImportOptions { limits: import::ReadLimits { max_rows: 2500, ..Default::default() }, ..Default::default() };
    let err = import::import_file(reg.store(), &ctx, b.id, &path, &opts, shipped()).await.unwrap_err();
    assert_eq!(err.code(), "too_many_rows", "{err}");
    assert_eq!(reg.store().questionnaire_counts().await.unwrap(), before, "nothing of the failed import is kept");
    assert!(reg.store().questionnaires(b.id).await.unwrap().is_empty());
}

/// A HECVAT-family sheet that is not a HECVAT (CoSN's K-12CVAT is laid out so): ids such as
/// `DOCU-01` in column A, the question in B with no header above it, "Vendor Answers" in C, a
/// block of contact fields above the table, the section header row repeated through the sheet,
/// and a sheet of dropdown values. The question column is told by its content.
#[test]
fn a_hecvat_family_sheet_with_no_header_above_its_questions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("K-12CVAT 4.1 Acme.xlsx");
    let mut book = Workbook::new();
    let intro = book.add_worksheet();
    intro.set_name("Instructions").unwrap();
    intro.write_string(0, 0, "Complete every question on the K-12CVAT tab; choose answers from the dropdowns.").unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("K-12CVAT").unwrap();
    sheet.write_string(0, 0, "K-12 Cloud Vendor Assessment Tool v4.1").unwrap();
    for (r, (id, field, value)) in [
        ("DATE-01", "Date", "2026-01-15"),
        ("GNRL-01", "Vendor Name", "Acme EdTech"),
        ("GNRL-02", "Product Name and Version", "Acme LMS 5"),
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1 + r as u32, 0, *id).unwrap();
        sheet.write_string(1 + r as u32, 1, *field).unwrap();
        sheet.write_string(1 + r as u32, 2, *value).unwrap();
    }
    let rows: [(&str, &str, &str); 8] = [
        ("DOCUMENTATION", "", "Vendor Answers"),
        ("DOCU-01", "Have you undergone a SSAE 18 / SOC 2 audit?", "Yes"),
        ("DOCU-02", "Have you completed the Cloud Security Alliance (CSA) CAIQ?", "No"),
        ("DOCU-03", "Do you have a documented, published information security policy?", "Yes"),
        ("APPLICATION SECURITY", "", "Vendor Answers"),
        ("APPL-01", "Are access controls for institutional accounts based on structured rules?", "Yes"),
        ("APPL-02", "Are you using a web application firewall (WAF) in front of the product?", "N/A"),
        ("APPL-03", "Do you have a process for managing your hardware supply chain?", ""),
    ];
    for (i, (a, b, c)) in rows.iter().enumerate() {
        let r = 5 + i as u32;
        for (col, text) in [a, b, c].iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(r, col as u16, **text).unwrap();
            }
        }
    }
    let values = book.add_worksheet();
    values.set_name("Values").unwrap();
    for (r, v) in ["Yes", "No", "N/A"].iter().enumerate() {
        values.write_string(r as u32, 0, *v).unwrap();
    }
    book.save(&path).unwrap();

    let p = preview(&path);
    assert_eq!(p.questions, 6, "{:?}", p.columns);
    assert_eq!((p.answers.yes, p.answers.no, p.answers.na, p.answers.unknown), (3, 1, 1, 1));
    let got = answers(&p);
    assert_eq!(got[0], (Some("DOCU-01".into()), Answer::Yes, "Yes".into()));
    assert_eq!(got[4].0.as_deref(), Some("APPL-02"));
    assert!(p.rows.iter().all(|r| r.sheet == "K-12CVAT"));
    // the K-12CVAT is a template Vetted knows (a profile as data), with its version
    assert!(!p.guessed);
    assert_eq!((p.template.as_str(), p.template_version.as_deref()), ("k12cvat", Some("4.1")), "{:?}", p.template_name);

    // The same sheet without the tool's name on it is no template Vetted knows: it is read by
    // content, and the preview says what chose each column: the answer's header, the question's
    // and id's cells.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Vendor questions").unwrap();
    for (i, (a, b, c)) in rows.iter().enumerate() {
        for (col, text) in [a, b, c].iter().enumerate() {
            if !text.is_empty() {
                sheet.write_string(5 + i as u32, col as u16, **text).unwrap();
            }
        }
    }
    let plain = dir.path().join("questions.xlsx");
    book.save(&plain).unwrap();
    let p = preview(&plain);
    assert_eq!(p.questions, 6, "{:?}", p.columns);
    assert!(p.guessed, "a layout no profile knows is a best guess, and says so");
    let basis = |role: import::Role| p.columns.iter().find(|c| c.role == role).map(|c| (c.column.clone(), c.basis));
    assert_eq!(basis(import::Role::Answer), Some(("C".into(), import::ColumnBasis::HeaderWord)));
    assert_eq!(basis(import::Role::Question), Some(("B".into(), import::ColumnBasis::Content)));
    assert_eq!(basis(import::Role::Id), Some(("A".into(), import::ColumnBasis::Content)));
}
