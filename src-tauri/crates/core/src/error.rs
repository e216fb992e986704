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
    #[error("the register database failed: {0}")]
    Database(sqlx::Error),
    /// From a statement run through SQLite's C API (bulk inserts): SQLite's own message.
    #[error("the register database failed: {0}")]
    Sqlite(String),
    #[error("the register database could not be upgraded: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Io(String),
    #[error("the register holds a value this version cannot read: {0}")]
    Corrupt(String),
    /// A file to import could not be read; its own code says why (`encrypted_workbook`, ...).
    #[error("{0}")]
    File(#[from] crate::import::ReadError),
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

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        let busy = matches!(&e, sqlx::Error::Database(db)
            if matches!(db.code().as_deref(), Some("5") | Some("6") | Some("517")));
        if busy {
            Error::Busy
        } else {
            Error::Database(e)
        }
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
            Error::Database(_) | Error::Sqlite(_) => "database",
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
