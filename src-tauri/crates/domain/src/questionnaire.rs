//! A questionnaire as imported: its answers with their cells, the rows skipped, the columns and sheets used, the mapping profile applied, and the stored version.

use crate::mapping::{MappingProfile, Role};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

/// A vendor's answer as Vetted scores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    Partial,
    /// Not applicable.
    Na,
    /// Blank, skipped, "?", or text that gives no verdict.
    Unknown,
}

impl Answer {
    /// The answer from its stored word (`wire`'s inverse).
    pub fn from_wire(word: &str) -> Option<Answer> {
        [Answer::Yes, Answer::No, Answer::Partial, Answer::Na, Answer::Unknown].into_iter().find(|a| a.wire() == word)
    }

    /// The answer's name in JSON and in the database: `yes`, `no`, `partial`, `na`, `unknown`.
    pub fn wire(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::Partial => "partial",
            Answer::Na => "na",
            Answer::Unknown => "unknown",
        }
    }
}
/// One answer read from the file, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ImportedAnswer {
    /// Where the answer is, e.g. `CAIQv4.0.3!C12`.
    pub cell: String,
    pub sheet: String,
    /// 1-based, as the spreadsheet shows it.
    pub row: u32,
    pub question_id: Option<String>,
    pub question: String,
    pub answer: Answer,
    /// The answer as written (for marks: the marked column's header).
    pub original: String,
    pub comment: String,
    pub control: Option<String>,
    pub domain: Option<String>,
}

/// An answer as scoring reads it: the question (shared by every vendor's copy of a template, so
/// one allocation however many vendors answered it) and what the vendor said.
#[derive(Debug, Clone, PartialEq)]
pub struct GivenAnswer {
    pub question_id: Option<Arc<str>>,
    pub question: Arc<str>,
    pub answer: Answer,
    /// The answer as written, trimmed.
    pub said: String,
    /// The vendor wrote a comment beside it (more than white space).
    pub commented: bool,
    /// Where the answer is, e.g. `CAIQv4.0.3!C12`.
    pub cell: String,
}

impl From<&ImportedAnswer> for GivenAnswer {
    fn from(a: &ImportedAnswer) -> Self {
        GivenAnswer {
            question_id: a.question_id.as_deref().map(Arc::from),
            question: Arc::from(a.question.as_str()),
            answer: a.answer,
            said: a.original.trim().to_owned(),
            commented: !a.comment.trim().is_empty(),
            cell: a.cell.clone(),
        }
    }
}

/// A row that looks like a question but could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct SkippedRow {
    pub sheet: String,
    /// 1-based.
    pub row: u32,
    /// The reason in English, as the register keeps it with the version.
    pub reason: String,
    /// The reason as a code and its values, for the UI to word (absent on rows read back from
    /// the register).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub why: Option<SkipReason>,
}

/// Why a row that looks like a question was not read: a code and the values it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SkipReason {
    /// The id cell holds a cached formula error (`#REF!`).
    IdFormulaError { value: String },
    /// The question cell holds a cached formula error.
    QuestionFormulaError { value: String },
    /// A code with no question text: a withdrawn requirement, a section's code.
    NoQuestionText { id: String },
    /// A section's title in the question column: no code, answer or comment.
    SectionTitle { text: String },
    /// The same id (or question, when there is no id) earlier on the same sheet.
    Duplicate { id: Option<String>, first_row: u32 },
    /// The same question on an earlier sheet.
    Repeated { id: Option<String>, sheet: String },
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = |id: &Option<String>| id.as_ref().map_or("the same question".to_owned(), |id| format!("id {id}"));
        match self {
            SkipReason::IdFormulaError { value } => write!(f, "the question id cell holds the formula error {value}"),
            SkipReason::QuestionFormulaError { value } => write!(f, "the question text is the formula error {value}"),
            SkipReason::NoQuestionText { id } => write!(f, "{id} has no question text"),
            SkipReason::SectionTitle { text } => write!(f, "a section title, not a question: {text}"),
            SkipReason::Duplicate { id, first_row } => write!(f, "duplicate {} (first on row {first_row})", what(id)),
            SkipReason::Repeated { id, sheet } => write!(f, "repeats {} from sheet {sheet}", what(id)),
        }
    }
}

/// Which column plays which role on a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnRole {
    pub sheet: String,
    pub role: Role,
    /// The column letter, e.g. `C`.
    pub column: String,
    /// Its header text, when it has one.
    pub header: Option<String>,
    /// What chose it: the template's profile, a header word, or its cells' content.
    pub basis: ColumnBasis,
}

/// What chose a column for its role, for the preview to say how sure it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ColumnBasis {
    /// The template's (or a saved) mapping names it: certain.
    #[default]
    Template,
    /// A layout no mapping knows: its header is a word for the role. A good guess.
    HeaderWord,
    /// A layout no mapping knows, with no header word for the role: its cells read as the role
    /// does (sentences for questions, codes for ids, verdicts for answers). A guess to check.
    Content,
}

/// How a sheet was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SheetUse {
    pub sheet: String,
    /// 1-based header row; absent when the profile names columns by letter only.
    pub header_row: Option<u32>,
    pub first_row: u32,
    pub last_row: u32,
    pub questions: u32,
    /// The sheet's columns with their header text: what the mapping screen offers.
    pub headers: Vec<HeaderCell>,
}
/// The importer's version, recorded with every import.
pub const IMPORTER_VERSION: &str = concat!("vetted-import/", env!("CARGO_PKG_VERSION"));

/// How many answers of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct AnswerCounts {
    pub yes: u32,
    pub no: u32,
    pub partial: u32,
    pub na: u32,
    pub unknown: u32,
}

/// What an import would save: shown to the user before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Preview {
    pub file_name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    pub format: Format,
    /// The profile's id, e.g. `caiq-v4`; for a guessed layout `custom-...`.
    pub template: String,
    pub template_name: String,
    /// E.g. "4.0.3", when the file says.
    pub template_version: Option<String>,
    /// E.g. "Full", when the file says.
    pub variant: Option<String>,
    /// True when no profile recognised the file and the columns are a best guess.
    pub guessed: bool,
    /// The profile applied: what the mapping screen edits and what is saved for next time.
    pub profile: MappingProfile,
    pub sheets: Vec<SheetUse>,
    pub columns: Vec<ColumnRole>,
    pub questions: u32,
    pub answers: AnswerCounts,
    pub rows: Vec<ImportedAnswer>,
    pub skipped_rows: Vec<SkippedRow>,
    /// For Vetted's own questionnaire: the baseline, version, language and tier it was made from.
    #[serde(default)]
    pub made_from: Option<OwnQuestionnaire>,
}

/// What a questionnaire Vetted wrote says about itself, in its first line (and a hidden sheet):
/// `vetted-questionnaire baseline=ID version=N lang=de tier=1`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OwnQuestionnaire {
    pub baseline: String,
    pub version: u32,
    pub lang: String,
    pub tier: u8,
}

impl OwnQuestionnaire {
    /// The word a questionnaire's identity line starts with.
    pub const MARK: &'static str = "vetted-questionnaire";

    /// The identity line.
    pub fn marker(&self) -> String {
        format!("{} baseline={} version={} lang={} tier={}", Self::MARK, self.baseline, self.version, self.lang, self.tier)
    }

    /// Reads an identity line; `None` for any other text, or one missing a part.
    pub fn parse(line: &str) -> Option<OwnQuestionnaire> {
        let mut words = line.split_whitespace();
        if words.next()? != Self::MARK {
            return None;
        }
        let (mut baseline, mut version, mut lang, mut tier) = (None, None, None, None);
        for word in words {
            match word.split_once('=')? {
                ("baseline", v) if !v.is_empty() => baseline = Some(v.to_owned()),
                ("version", v) => version = v.parse().ok(),
                ("lang", v @ ("de" | "en")) => lang = Some(v.to_owned()),
                ("tier", v) => tier = v.parse().ok().filter(|t| (1..=3).contains(t)),
                _ => {}
            }
        }
        Some(OwnQuestionnaire { baseline: baseline?, version: version?, lang: lang?, tier: tier? })
    }
}

impl Preview {
    /// The template as people name it: "CSA CAIQ v4.0.3", "EDUCAUSE HECVAT Full v3.04".
    pub fn template_label(&self) -> String {
        let mut label = self.template_name.clone();
        if let Some(v) = &self.variant {
            label = format!("{label} {v}");
        }
        if let Some(v) = &self.template_version {
            label = format!("{label} v{v}");
        }
        label
    }
}

impl AnswerCounts {
    /// All answers counted.
    pub fn total(&self) -> u32 {
        self.yes + self.no + self.partial + self.na + self.unknown
    }

    pub fn add(&mut self, a: Answer) {
        match a {
            Answer::Yes => self.yes += 1,
            Answer::No => self.no += 1,
            Answer::Partial => self.partial += 1,
            Answer::Na => self.na += 1,
            Answer::Unknown => self.unknown += 1,
        }
    }
}

/// A preview as the UI shows it: the summary and the first rows; the whole preview stays with
/// the app until it is saved or dropped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PreviewPage {
    /// Names this preview when saving it.
    #[ts(type = "number")]
    pub token: u64,
    pub template_label: String,
    /// The preview, its `rows` cut to the first `shown` rows.
    pub preview: Preview,
    pub shown: u32,
}

impl Preview {
    /// This preview for the UI, with at most `rows` rows.
    pub fn page(&self, token: u64, rows: usize) -> PreviewPage {
        // Copies only the rows shown: a preview may hold 100,000 of them.
        let preview = Preview {
            file_name: self.file_name.clone(),
            sha256: self.sha256.clone(),
            size: self.size,
            format: self.format,
            template: self.template.clone(),
            template_name: self.template_name.clone(),
            template_version: self.template_version.clone(),
            variant: self.variant.clone(),
            guessed: self.guessed,
            profile: self.profile.clone(),
            sheets: self.sheets.clone(),
            columns: self.columns.clone(),
            questions: self.questions,
            answers: self.answers,
            rows: self.rows[..rows.min(self.rows.len())].to_vec(),
            skipped_rows: self.skipped_rows.clone(),
            made_from: self.made_from.clone(),
        };
        PreviewPage { token, template_label: self.template_label(), shown: preview.rows.len() as u32, preview }
    }
}

/// How far reading or saving has got, for a progress bar: rows read of the rows the sheets
/// declare, or answers saved of all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportProgress {
    /// The import this is about: what `import_cancel` takes.
    #[ts(type = "number")]
    pub token: u64,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}
/// The formats the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Xlsx,
    Xlsm,
    Xlsb,
    Xls,
    Ods,
    Csv,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Xlsx => "Excel workbook (.xlsx)",
            Format::Xlsm => "Excel macro-enabled workbook (.xlsm)",
            Format::Xlsb => "Excel binary workbook (.xlsb)",
            Format::Xls => "Excel 97-2003 workbook (.xls)",
            Format::Ods => "OpenDocument spreadsheet (.ods)",
            Format::Csv => "CSV text",
        }
    }

    /// Whether a file named with `ext` may hold this format.
    pub fn matches_extension(self, ext: &str) -> bool {
        match self {
            Format::Xlsx | Format::Xlsm => matches!(ext, "xlsx" | "xlsm"),
            Format::Xlsb => ext == "xlsb",
            Format::Xls => ext == "xls",
            Format::Ods => ext == "ods",
            Format::Csv => matches!(ext, "csv" | "txt" | "tsv"),
        }
    }
}

/// One stored version of a vendor's questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct QuestionnaireVersion {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub vendor_id: i64,
    #[ts(type = "number")]
    pub version: i64,
    pub file_name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: i64,
    pub format: String,
    pub template: String,
    pub template_name: String,
    pub template_version: Option<String>,
    pub variant: Option<String>,
    pub importer_version: String,
    pub imported_at: String,
    pub imported_by: String,
    #[ts(type = "number")]
    pub questions: i64,
}
/// One column of a sheet as the mapping screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeaderCell {
    pub column: String,
    pub text: String,
}
