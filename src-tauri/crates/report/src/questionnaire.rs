//! Vetted's own questionnaire as an XLSX a vendor fills in with any spreadsheet program: the
//! baseline's questions for one tier, an answer list per row, question cells locked, and the
//! workbook's identity (baseline, version, language, tier) written where a re-import finds it.

use super::labels::{self, Lang};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use vetted_domain::baseline::{Baseline, Strength};
use vetted_domain::questionnaire::OwnQuestionnaire;
use vetted_domain::Tier;

/// What to write: the baseline's questions for `tier`, in `lang`, for `vendor` when known.
#[derive(Debug, Clone, Copy)]
pub struct QuestionnaireInput<'a> {
    pub baseline: &'a Baseline,
    pub tier: Tier,
    pub lang: Lang,
    pub vendor: Option<&'a str>,
    pub made_on: NaiveDate,
}

/// The questions sheet's rows: the identity line, the title, three lines the vendor fills in,
/// what the questionnaire is, how to answer, a blank row, then the header.
pub const HEADER_ROW: u32 = 8;
const COLUMNS: [(&str, f64); 7] = [
    ("col_id", 10.0),
    ("col_control", 30.0),
    ("col_question", 58.0),
    ("col_expected", 24.0),
    ("col_answer", 16.0),
    ("col_comment", 42.0),
    ("col_evidence", 36.0),
];
/// Column of the answer, the first of the three the vendor fills in.
const ANSWER_COL: u16 = 4;

/// (key, English, German)
const WORDS: &[(&str, &str, &str)] = &[
    ("sheet_questions", "Questionnaire", "Fragebogen"),
    ("sheet_instructions", "Instructions", "Anleitung"),
    ("title", "Security questionnaire", "Sicherheitsfragebogen"),
    ("vendor", "Vendor", "Dienstleister"),
    ("completed_by", "Completed by (name, role)", "Ausgefüllt von (Name, Funktion)"),
    ("completed_on", "Date", "Datum"),
    ("about", "{baseline}, version {version} · tier {tier} · made on {date}", "{baseline}, Version {version} · Risikostufe {tier} · erstellt am {date}"),
    (
        "how_short",
        "Please answer every question in the column “Answer” and name your evidence. The sheet “Instructions” says more.",
        "Bitte beantworten Sie jede Frage in der Spalte „Antwort“ und nennen Sie Ihren Nachweis. Mehr dazu im Blatt „Anleitung“.",
    ),
    // The header: the import finds its columns by these words, in either language.
    ("col_id", "Question ID", "Frage-ID"),
    ("col_control", "Control", "Kontrolle"),
    ("col_question", "Question", "Frage"),
    ("col_expected", "Expected evidence", "Erwarteter Nachweis"),
    ("col_answer", "Answer", "Antwort"),
    ("col_comment", "Comment", "Kommentar"),
    ("col_evidence", "Evidence", "Nachweis"),
    ("yes", "Yes", "Ja"),
    ("partial", "Partially", "Teilweise"),
    ("no", "No", "Nein"),
    ("na", "Not applicable", "Nicht zutreffend"),
    ("list_title", "Answer", "Antwort"),
    ("list_prompt", "Yes, Partially, No or Not applicable", "Ja, Teilweise, Nein oder Nicht zutreffend"),
    ("list_error", "Please choose one of the answers in the list.", "Bitte wählen Sie eine der Antworten aus der Liste."),
    ("expect_self_declared", "your answer is enough", "Ihre Auskunft genügt"),
    ("expect_documented", "a document: policy, procedure or record", "ein Dokument: Richtlinie, Verfahren oder Protokoll"),
    ("expect_limited", "a report of a review (limited assurance)", "ein Prüfbericht (begrenzte Prüfungssicherheit)"),
    ("expect_independent", "an independent audit report or certificate (SOC 2 Type II, ISO/IEC 27001)", "ein unabhängiger Prüfbericht oder ein Zertifikat (SOC 2 Typ II, ISO/IEC 27001)"),
    ("instructions_title", "How to fill in this questionnaire", "So füllen Sie diesen Fragebogen aus"),
    (
        "i_purpose",
        "We ask every service provider that processes personal data on our behalf how it meets our minimum security baseline (“{baseline}”, version {version}). Your answers are part of our review under Art. 28 GDPR.",
        "Wir fragen jeden Dienstleister, der in unserem Auftrag personenbezogene Daten verarbeitet, wie er unsere Mindestanforderungen erfüllt („{baseline}“, Version {version}). Ihre Antworten sind Teil unserer Prüfung nach Art. 28 DSGVO.",
    ),
    ("i_answer", "Answer: choose one for every question.", "Antwort: wählen Sie für jede Frage eine aus."),
    ("i_yes", "Yes: the measure is in place as the question describes it.", "Ja: die Maßnahme ist so umgesetzt, wie die Frage sie beschreibt."),
    ("i_partial", "Partially: part of it is in place; say in the comment what is missing.", "Teilweise: ein Teil ist umgesetzt; nennen Sie im Kommentar, was fehlt."),
    ("i_no", "No: the measure is not in place.", "Nein: die Maßnahme ist nicht umgesetzt."),
    ("i_na", "Not applicable: the question does not apply to the service; say why in the comment.", "Nicht zutreffend: die Frage betrifft den Dienst nicht; begründen Sie es im Kommentar."),
    (
        "i_comment",
        "Comment: describe briefly how the measure is implemented. A description counts as documented information.",
        "Kommentar: beschreiben Sie kurz, wie die Maßnahme umgesetzt ist. Eine Beschreibung zählt als dokumentierte Auskunft.",
    ),
    (
        "i_evidence",
        "Evidence: name the document, report or link that shows it (for example “SOC 2 Type II report 2026, CC6.1”), and send the documents with the questionnaire.",
        "Nachweis: nennen Sie das Dokument, den Bericht oder den Link, der es belegt (etwa „SOC-2-Typ-II-Bericht 2026, CC6.1“), und senden Sie die Dokumente mit dem Fragebogen zurück.",
    ),
    (
        "i_expected",
        "Expected evidence: the least we need for a service of this tier.",
        "Erwarteter Nachweis: was wir für einen Dienst dieser Risikostufe mindestens brauchen.",
    ),
    (
        "i_keep",
        "Please do not change the question IDs or the headers, and keep the first line of the sheet “{sheet}”: they are how the answers are read back.",
        "Bitte ändern Sie weder die Frage-IDs noch die Spaltenüberschriften, und lassen Sie die erste Zeile des Blatts „{sheet}“ stehen: daran werden die Antworten wieder eingelesen.",
    ),
    (
        "i_programs",
        "You can fill it in with Excel, LibreOffice, Numbers or Google Sheets and return it as XLSX, ODS or CSV.",
        "Sie können ihn mit Excel, LibreOffice, Numbers oder Google Tabellen ausfüllen und als XLSX, ODS oder CSV zurücksenden.",
    ),
];

fn w(lang: Lang, key: &str) -> &'static str {
    match WORDS.iter().find(|(k, _, _)| *k == key) {
        Some((_, en, de)) => match lang {
            Lang::En => en,
            Lang::De => de,
        },
        None => {
            debug_assert!(false, "no questionnaire word for {key}");
            "?"
        }
    }
}

/// The words every header cell of the questions sheet may carry, in both languages, by role:
/// what the mapping profile that reads a filled-in copy is written from.
pub fn header_words(key: &str) -> [&'static str; 2] {
    [w(Lang::En, key), w(Lang::De, key)]
}

/// The four answers of the dropdown list, in `lang`.
pub fn answer_words(lang: Lang) -> [&'static str; 4] {
    [w(lang, "yes"), w(lang, "partial"), w(lang, "no"), w(lang, "na")]
}

/// What a vendor of the tier is expected to show for a control that needs `s`.
pub fn expected_evidence(lang: Lang, s: Strength) -> &'static str {
    w(
        lang,
        match s {
            Strength::SelfDeclared => "expect_self_declared",
            Strength::Documented => "expect_documented",
            Strength::Limited => "expect_limited",
            Strength::Independent => "expect_independent",
        },
    )
}

impl QuestionnaireInput<'_> {
    /// The identity the workbook carries, by which its re-import is recognised.
    pub fn identity(&self) -> OwnQuestionnaire {
        OwnQuestionnaire {
            baseline: self.baseline.id.clone(),
            version: self.baseline.version,
            lang: lang_code(self.lang).into(),
            tier: self.tier.get(),
        }
    }
}

/// The questionnaire for `input`; an error when the baseline asks no question.
pub fn questionnaire_xlsx(input: &QuestionnaireInput<'_>) -> Result<Vec<u8>, String> {
    let QuestionnaireInput { baseline, tier, lang, vendor, made_on } = *input;
    if baseline.controls.iter().all(|c| c.ask.is_empty()) {
        return Err(format!("the baseline '{}' asks no questions", baseline.id));
    }
    let err = |e: XlsxError| e.to_string();
    let identity = input.identity();
    let name = if lang == Lang::De && !baseline.name.de.trim().is_empty() { &baseline.name.de } else { &baseline.name.en };
    let fill = |text: &str| {
        text.replace("{baseline}", name)
            .replace("{version}", &baseline.version.to_string())
            .replace("{tier}", &tier.get().to_string())
            .replace("{date}", &labels::date(lang, made_on))
            .replace("{sheet}", w(lang, "sheet_questions"))
    };

    let mut book = Workbook::new();
    let open = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(0xFFF8DC)
        .set_border(FormatBorder::Thin);
    let open_line = Format::new().set_unlocked().set_background_color(0xFFF8DC).set_border_bottom(FormatBorder::Thin);
    let locked = Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(FormatBorder::Thin).set_border_color(0xC8CDD4);
    let head =
        Format::new().set_bold().set_text_wrap().set_align(FormatAlign::Top).set_background_color(0xE8ECF1).set_border(FormatBorder::Thin);
    let title_fmt = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let muted = Format::new().set_font_color(0x5B6472).set_text_wrap().set_align(FormatAlign::Top);
    let marker = Format::new().set_font_color(0x8A929C).set_font_size(8);

    let sheet = book.add_worksheet().set_name(w(lang, "sheet_questions")).map_err(err)?;
    sheet.set_active(true);
    sheet.write_string_with_format(0, 0, identity.marker(), &marker).map_err(err)?;
    sheet.write_string_with_format(1, 0, format!("{}: {name}", w(lang, "title")), &title_fmt).map_err(err)?;
    for (row, key, value) in [(2, "vendor", vendor.unwrap_or("")), (3, "completed_by", ""), (4, "completed_on", "")] {
        sheet.write_string_with_format(row, 0, w(lang, key), &bold).map_err(err)?;
        sheet.write_string_with_format(row, 2, value, &open_line).map_err(err)?;
    }
    // across the table's width, so that they wrap there rather than in the narrow id column
    let last_col = COLUMNS.len() as u16 - 1;
    sheet.merge_range(5, 0, 5, last_col, &fill(w(lang, "about")), &muted).map_err(err)?;
    sheet.merge_range(6, 0, 6, last_col, w(lang, "how_short"), &muted).map_err(err)?;
    let widths: Vec<f64> = COLUMNS.iter().map(|(_, width)| *width).collect();
    for (c, (key, width)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, w(lang, key), &head).map_err(err)?;
        sheet.set_column_width(c as u16, *width).map_err(err)?;
    }
    let mut row = HEADER_ROW + 1;
    for control in &baseline.controls {
        let title = if lang == Lang::De && !control.title.de.trim().is_empty() { &control.title.de } else { &control.title.en };
        let expected = expected_evidence(lang, control.evidence_needed.for_tier(Some(tier)));
        for q in &control.ask {
            let text = if lang == Lang::De { &q.text.de } else { &q.text.en };
            let cells = [q.id.as_str(), &format!("{} {title}", control.id), text, expected];
            for (c, value) in cells.iter().enumerate() {
                sheet.write_string_with_format(row, c as u16, *value, &locked).map_err(err)?;
            }
            for c in ANSWER_COL..COLUMNS.len() as u16 {
                sheet.write_blank(row, c, &open).map_err(err)?;
            }
            sheet.set_row_height(row, super::register::row_height(&cells, &widths)).map_err(err)?;
            row += 1;
        }
    }
    let last = row - 1;
    let list = DataValidation::new()
        .allow_list_strings(&answer_words(lang))
        .map_err(err)?
        .set_input_title(w(lang, "list_title"))
        .map_err(err)?
        .set_input_message(w(lang, "list_prompt"))
        .map_err(err)?
        .set_error_title(w(lang, "list_title"))
        .map_err(err)?
        .set_error_message(w(lang, "list_error"))
        .map_err(err)?
        .set_error_style(DataValidationErrorStyle::Stop);
    sheet.add_data_validation(HEADER_ROW + 1, ANSWER_COL, last, ANSWER_COL, &list).map_err(err)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0).map_err(err)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW).map_err(err)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&R&8&P / &N");
    protect(sheet);

    let guide = book.add_worksheet().set_name(w(lang, "sheet_instructions")).map_err(err)?;
    guide.set_column_width(0, 68.0).map_err(err)?;
    guide.set_paper_size(9); // A4, portrait, one page wide
    guide.set_print_fit_to_pages(1, 0);
    guide.write_string_with_format(0, 0, w(lang, "instructions_title"), &title_fmt).map_err(err)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let lines =
        ["i_purpose", "i_answer", "i_yes", "i_partial", "i_no", "i_na", "i_comment", "i_evidence", "i_expected", "i_keep", "i_programs"];
    for (i, key) in lines.iter().enumerate() {
        let text = fill(w(lang, key));
        let indent = matches!(*key, "i_yes" | "i_partial" | "i_no" | "i_na");
        let text = if indent { format!("    • {text}") } else { text };
        guide.write_string_with_format(2 + i as u32, 0, &text, &wrap).map_err(err)?;
        guide.set_row_height(2 + i as u32, super::register::row_height(&[&text], &[68.0])).map_err(err)?;
    }
    protect(guide);

    // The identity again where no one edits it (a CSV keeps only the questions sheet's line).
    let hidden = book.add_worksheet().set_name("_vetted").map_err(err)?;
    hidden.write_string(0, 0, identity.marker()).map_err(err)?;
    hidden.set_hidden(true);
    hidden.protect();

    book.save_to_buffer().map_err(err)
}

/// Locked cells stay locked; columns and rows may still be resized, and unlocked cells filled.
fn protect(sheet: &mut Worksheet) {
    sheet.protect_with_options(&ProtectionOptions { format_columns: true, format_rows: true, ..ProtectionOptions::default() });
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::De => "de",
    }
}
