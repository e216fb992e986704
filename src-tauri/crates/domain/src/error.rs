//! The core's error type, and `ErrorDto`, the `{code, message, fields}` shape errors take at the boundary.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One field of an input that was refused, with a stable code the UI can translate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct FieldError {
    /// The input field, as named in `VendorDraft` (e.g. `countries`).
    pub field: String,
    /// A stable machine code (e.g. `unknown_country`), for translations and tests.
    pub code: String,
    /// An English sentence for people, naming the bad value.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), code: code.to_owned(), message: message.into() }
    }
}

/// Everything wrong with one input, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn push(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(value)` when nothing was refused.
    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        f.write_str(&parts.join("; "))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the register is busy: another Vetted window or command is writing to it; try again")]
    Busy,
    /// The storage engine failed; its own message.
    #[error("the register database failed: {0}")]
    Database(String),
    #[error("the register database could not be upgraded: {0}")]
    Migration(String),
    #[error("{0}")]
    Io(String),
    #[error("the register holds a value this version cannot read: {0}")]
    Corrupt(String),
    /// A file to import could not be read; its own code says why (`encrypted_workbook`, ...).
    #[error("{0}")]
    File(#[from] ReadError),
    /// The history's hash chain does not hold: an entry was changed, removed or inserted
    /// outside Vetted.
    #[error("{0}")]
    Tampered(String),
    /// The user stopped a long operation; nothing was saved.
    #[error("cancelled: nothing was saved")]
    Cancelled,
}

impl From<ValidationErrors> for Error {
    fn from(e: ValidationErrors) -> Self {
        Error::Invalid(e)
    }
}

impl Error {
    /// The stable code of this kind of error, as the UI and scripts see it.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid_input",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Busy => "busy",
            Error::Database(_) => "database",
            Error::Migration(_) => "migration",
            Error::Io(_) => "io",
            Error::Corrupt(_) => "corrupt_data",
            Error::File(e) => e.code(),
            Error::Tampered(_) => "history_tampered",
            Error::Cancelled => "cancelled",
        }
    }

    /// A refusal of one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        let mut errors = ValidationErrors::default();
        errors.push(field, code, message);
        Error::Invalid(errors)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error as it crosses to the UI: `{code, message, fields}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ErrorDto {
    pub code: String,
    pub message: String,
    /// For `invalid_input`: which fields were refused and why; empty otherwise.
    pub fields: Vec<FieldError>,
}

impl From<&Error> for ErrorDto {
    fn from(e: &Error) -> Self {
        let fields = match e {
            Error::Invalid(v) => v.0.clone(),
            _ => Vec::new(),
        };
        ErrorDto { code: e.code().to_owned(), message: e.to_string(), fields }
    }
}

impl From<Error> for ErrorDto {
    fn from(e: Error) -> Self {
        ErrorDto::from(&e)
    }
}
/// Why a file could not be read; `code()` is stable for the UI and tests.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    NotFound(String),
    #[error("{name} is empty")]
    Empty { name: String },
    #[error("{name} is {size}; the importer reads files of at most {max}")]
    TooLarge { name: String, size: String, max: String },
    #[error("encrypted workbook: {name} is protected with a password; save it without a password and import again")]
    Encrypted { name: String },
    #[error("{name} is named .{ext} but its content is {actual}; rename it or save it again as .{ext}")]
    FormatMismatch { name: String, ext: String, actual: &'static str },
    #[error("{name} is not a spreadsheet or CSV file Vetted can read ({why})")]
    Unsupported { name: String, why: String },
    #[error("{name} cannot be read: it is damaged or truncated ({why})")]
    Corrupt { name: String, why: String },
    #[error("{name} unpacks to {unzipped} from {size} on disk, which looks like a zip bomb; refused")]
    ZipBomb { name: String, unzipped: String, size: String },
    #[error("{name}: {what} has more than {max} rows; the importer reads at most {max}")]
    TooManyRows { name: String, what: String, max: usize },
    #[error("{name} has more than {max} cells; the importer reads at most {max}")]
    TooManyCells { name: String, max: usize },
    #[error("{name}: row {row} has a cell of more than {max} characters, more than a spreadsheet cell holds; refused")]
    CellTooLarge { name: String, row: usize, max: usize },
    #[error(
        "{name} has no question table Vetted recognises: no sheet has a question column and an answer column; map its columns by hand"
    )]
    NoQuestionTable { name: String },
    #[error("{name} has no sheet named '{sheet}'; its sheets are: {sheets}")]
    NoSuchSheet { name: String, sheet: String, sheets: String },
}

impl ReadError {
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::NotFound(_) => "file_not_found",
            ReadError::Empty { .. } => "file_empty",
            ReadError::TooLarge { .. } => "file_too_large",
            ReadError::Encrypted { .. } => "encrypted_workbook",
            ReadError::FormatMismatch { .. } => "format_mismatch",
            ReadError::Unsupported { .. } => "unsupported_format",
            ReadError::Corrupt { .. } => "unreadable_file",
            ReadError::ZipBomb { .. } => "zip_bomb",
            ReadError::TooManyRows { .. } => "too_many_rows",
            ReadError::TooManyCells { .. } => "too_many_cells",
            ReadError::CellTooLarge { .. } => "cell_too_large",
            ReadError::NoQuestionTable { .. } => "no_question_table",
            ReadError::NoSuchSheet { .. } => "no_such_sheet",
        }
    }
}
