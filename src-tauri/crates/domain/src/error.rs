//! The register's error type; `ErrorCode`, every code the UI and scripts can see; and `ErrorDto`,
//! the `{code, message, details}` shape errors take at the boundary (the UI words an error from
//! its code and details, never from the English message).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// Every code an error can carry out of Vetted, for the UI's catalogs, scripts and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input refused field by field: `details.fields`.
    InvalidInput,
    NotFound,
    Conflict,
    /// Another Vetted is writing to the register; try again.
    Busy,
    /// The team register's database refused the change: the login's role does not allow it
    /// (`details.values.what`: the server's words).
    NotPermitted,
    /// The team register's server cannot be reached, or the connection was lost
    /// (`details.values.reason`: why, an `Unreached`; `what`: the engine's words); nothing
    /// half-written was kept.
    RegisterUnreachable,
    /// The team register's server refused the sign-in: no such login, a wrong or missing password,
    /// no valid client certificate, no rule for this address (`details.values.what`: the server's words).
    SignInRefused,
    /// The team register's server accepts no changes: a standby (after a failover, or the address
    /// names one) or a database its administrator made read-only (`details.values.what`: the
    /// server's words); nothing was saved, and reading works.
    RegisterReadOnly,
    Database,
    Migration,
    Io,
    CorruptData,
    /// The register file itself is damaged (`details.values.what`: the engine's words); restore a backup.
    RegisterDamaged,
    /// The history's hash chain does not hold.
    HistoryTampered,
    /// The user stopped a long operation; nothing was saved.
    Cancelled,
    // A file to import could not be read (`details.values` names the file and what was found).
    FileNotFound,
    FileEmpty,
    FileTooLarge,
    EncryptedWorkbook,
    FormatMismatch,
    UnsupportedFormat,
    UnreadableFile,
    ZipBomb,
    TooManyRows,
    TooManyCells,
    CellTooLarge,
    NoQuestionTable,
    NoSuchSheet,
}

impl ErrorCode {
    /// The code as it is written: `invalid_input`, `too_many_rows`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::Busy => "busy",
            ErrorCode::NotPermitted => "not_permitted",
            ErrorCode::RegisterUnreachable => "register_unreachable",
            ErrorCode::SignInRefused => "sign_in_refused",
            ErrorCode::RegisterReadOnly => "register_read_only",
            ErrorCode::Database => "database",
            ErrorCode::Migration => "migration",
            ErrorCode::Io => "io",
            ErrorCode::CorruptData => "corrupt_data",
            ErrorCode::RegisterDamaged => "register_damaged",
            ErrorCode::HistoryTampered => "history_tampered",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::FileNotFound => "file_not_found",
            ErrorCode::FileEmpty => "file_empty",
            ErrorCode::FileTooLarge => "file_too_large",
            ErrorCode::EncryptedWorkbook => "encrypted_workbook",
            ErrorCode::FormatMismatch => "format_mismatch",
            ErrorCode::UnsupportedFormat => "unsupported_format",
            ErrorCode::UnreadableFile => "unreadable_file",
            ErrorCode::ZipBomb => "zip_bomb",
            ErrorCode::TooManyRows => "too_many_rows",
            ErrorCode::TooManyCells => "too_many_cells",
            ErrorCode::CellTooLarge => "cell_too_large",
            ErrorCode::NoQuestionTable => "no_question_table",
            ErrorCode::NoSuchSheet => "no_such_sheet",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// One field of an input that was refused, with a stable code the UI can translate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct FieldError {
    /// The input field, as named in `VendorDraft` (e.g. `countries`).
    pub field: String,
    /// A stable machine code (e.g. `unknown_country`), for translations and tests.
    pub code: String,
    /// An English sentence for people, naming the bad value.
    pub message: String,
    /// The value refused, when there is one to show beside the field (a country code typed).
    pub value: Option<String>,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_owned(), code: code.to_owned(), message: message.into(), value: None }
    }
}

/// What a `not_found` error looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Thing {
    Vendor,
    Certification,
    EvidenceFile,
    PublishedList,
    Condition,
    /// A duty a report leaves to the customer.
    Duty,
}

impl Thing {
    /// The English message for `key` of this thing not being there.
    fn missing(self, key: &str) -> String {
        match self {
            Thing::Vendor => format!("there is no vendor with the id or name '{key}'"),
            Thing::PublishedList => format!("there is no published list with version {key}"),
            thing => format!("there is no {} with id {key}", thing.noun()),
        }
    }

    /// The record's name in an English message: "vendor", "evidence file".
    pub fn noun(self) -> &'static str {
        match self {
            Thing::Vendor => "vendor",
            Thing::Certification => "certification",
            Thing::EvidenceFile => "evidence file",
            Thing::PublishedList => "published list",
            Thing::Condition => "condition",
            Thing::Duty => "duty",
        }
    }
}

/// Why the team register's server could not be reached; `details.values.reason` carries its
/// name (`refused`, ...) for the UI to word the cause in the user's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Unreached {
    /// Nothing answered at the address in time (a host down, a firewall dropping packets).
    NoAnswer,
    /// The host answered that nothing listens on the port (the server not running).
    Refused,
    /// The server's name is not known (a typo, no DNS, no VPN).
    UnknownHost,
    /// The encrypted connection could not be set up: the server's certificate was not trusted or
    /// not for its name, or the TLS handshake failed.
    Tls,
    /// The connection was cut, or the server ended it (shut down, restarted, the session killed).
    ConnectionLost,
    /// The server is starting up (or recovering) and accepts no connections yet.
    ServerStarting,
    /// A statement ran longer than the server allows (`statement_timeout`) and was cancelled.
    StatementTimeout,
    /// Anything else the connection said; its words are in `what`.
    Other,
}

/// How a change clashes with the register: `details.values` carries `reason` (the variant's
/// serde name) and the fields named here, for the UI to word it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Clash {
    #[error("{file} is already attached to this certification")]
    AlreadyAttached { file: String },
    #[error("'{name}' is already archived")]
    AlreadyArchived { name: String },
    #[error("{file} was already imported for {vendor} as version {version} on {date}; nothing was saved")]
    AlreadyImported { file: String, vendor: String, version: String, date: String },
    #[error("{register} is being restored from a backup; open it again when the restore has finished")]
    BeingRestored { register: String },
    #[error("Vetted or a vetted command has {register} open: close it, then restore again")]
    RegisterInUse { register: String },
    #[error("the example register cannot be loaded twice: {vendor} is already in it")]
    ExampleLoaded { vendor: String },
    #[error("the import of {file} was already undone")]
    ImportUndone { file: String },
    /// The register was opened read-only: a newer Vetted wrote it.
    #[error("{register} was written by a newer version of Vetted (schema {found}; this one knows up to {known}): it is open read-only; update Vetted to change it")]
    NewerRegister { register: String, found: String, known: String },
    /// An edit started from a vendor that was changed since (by a colleague, another window):
    /// `fields` (comma-separated, as the history names them) were changed by `by`.
    #[error("{by} changed {fields} of '{name}' after this edit began; nothing was saved: open the vendor again and make the change there")]
    ChangedMeanwhile { name: String, fields: String, by: String },
    /// A register is copied (`team push`, a restore) only into an empty team register.
    #[error("{register} already holds a register (its {table} are not empty): a register is copied only into an empty team register; nothing was copied")]
    TeamNotEmpty { register: String, table: String },
    /// A team register's schema cannot be made in its database: PostgreSQL refuses the ICU
    /// collations it compares and sorts names with in the database's `encoding` (SQL_ASCII).
    #[error("{register} is encoded in {encoding}, where PostgreSQL offers no ICU collation, which a team register compares and sorts names with: create its database with ENCODING 'UTF8'; nothing was written")]
    DatabaseEncoding { register: String, encoding: String },
    /// The register was opened read-only: its file or folder cannot be written.
    #[error("{register} cannot be written (the file or its folder is read-only): it is open read-only")]
    ReadOnlyRegister { register: String },
}

impl Clash {
    /// `reason` and the named fields, as strings.
    fn values(&self) -> BTreeMap<String, String> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => {
                map.into_iter().map(|(k, v)| (k, v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))).collect()
            }
            _ => BTreeMap::new(),
        }
    }
}

impl Error {
    /// `key` of `thing` is not in the register.
    pub fn no_such(thing: Thing, key: impl ToString) -> Error {
        Error::NoSuch { thing, key: key.to_string() }
    }
}

/// Everything wrong with one input, field by field.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn push(&mut self, field: &str, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }
    /// A refusal that names the value refused.
    pub fn push_value(&mut self, field: &str, code: &str, value: &str, message: impl Into<String>) {
        self.0.push(FieldError { value: Some(value.to_owned()), ..FieldError::new(field, code, message) });
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
        // A length error says how long, and here also which field ("purpose: at most 2000 characters").
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| match e.code.as_str() {
                "too_long" if !e.message.contains(&e.field.replace('_', " ")) => format!("{}: {}", e.field.replace('_', " "), e.message),
                _ => e.message.clone(),
            })
            .collect();
        f.write_str(&parts.join("; "))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Invalid(ValidationErrors),
    #[error("{0}")]
    NotFound(String),
    /// A record looked for by its id (or, for a vendor, its name) is not in the register.
    #[error("{}", .thing.missing(key))]
    NoSuch { thing: Thing, key: String },
    /// The change clashes with what the register (or another Vetted) holds; `Clash` says how.
    #[error("{0}")]
    Conflict(Clash),
    #[error("the register is busy: another Vetted window or command is writing to it; try again")]
    Busy,
    /// The team register's database refused what the login may not do (the server's words).
    #[error("the team register does not allow this change for your login: {0}")]
    NotPermitted(String),
    /// The team register's server could not be reached or the connection broke: why, as a code
    /// for the UI to word, and the engine's own words.
    #[error("the team register cannot be reached ({what}); nothing was saved")]
    Unreachable { why: Unreached, what: String },
    /// The team register's server refused the sign-in (the server's words).
    #[error("the team register refused the sign-in ({0}): check the login, its password (~/.pgpass) or its client certificate")]
    SignInRefused(String),
    /// The team register's server accepts no changes (the server's words).
    #[error("the team register accepts no changes ({0}): its server is a standby or was made read-only; nothing was saved")]
    ReadOnly(String),
    /// The storage engine failed; its own message.
    #[error("the register database failed: {0}")]
    Database(String),
    #[error("the register database could not be upgraded: {0}")]
    Migration(String),
    #[error("{0}")]
    Io(String),
    #[error("the register holds a value this version cannot read: {0}")]
    Corrupt(String),
    /// The register file is damaged (the engine's own words).
    #[error("the register file is damaged ({0}): restore it from a backup (`vetted restore FILE`) or from the copy in backups/ beside it")]
    Damaged(String),
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
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) => ErrorCode::InvalidInput,
            Error::NotFound(_) | Error::NoSuch { .. } => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Busy => ErrorCode::Busy,
            Error::NotPermitted(_) => ErrorCode::NotPermitted,
            Error::Unreachable { .. } => ErrorCode::RegisterUnreachable,
            Error::SignInRefused(_) => ErrorCode::SignInRefused,
            Error::ReadOnly(_) => ErrorCode::RegisterReadOnly,
            Error::Database(_) => ErrorCode::Database,
            Error::Migration(_) => ErrorCode::Migration,
            Error::Io(_) => ErrorCode::Io,
            Error::Corrupt(_) => ErrorCode::CorruptData,
            Error::Damaged(_) => ErrorCode::RegisterDamaged,
            Error::File(e) => e.code(),
            Error::Tampered(_) => ErrorCode::HistoryTampered,
            Error::Cancelled => ErrorCode::Cancelled,
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

/// What an error names, for the UI to word it: the fields refused, and values such as a file's
/// name, its size and the limit it broke.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ErrorDetails {
    /// For `invalid_input`: which fields were refused and why; empty otherwise.
    pub fields: Vec<FieldError>,
    /// Named values (`name`, `size`, `max`, `sheet`, ...); empty when there are none.
    pub values: BTreeMap<String, String>,
}

/// An error as it crosses to the UI: `{code, message, details}`. `message` is English, for logs
/// and scripts; the UI words the error from `code` and `details`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ErrorDto {
    pub code: ErrorCode,
    pub message: String,
    pub details: ErrorDetails,
}

impl From<&Error> for ErrorDto {
    fn from(e: &Error) -> Self {
        let details = match e {
            Error::Invalid(v) => ErrorDetails { fields: v.0.clone(), values: BTreeMap::new() },
            Error::File(f) => ErrorDetails { fields: Vec::new(), values: f.values() },
            Error::NoSuch { thing, key } => ErrorDetails {
                fields: Vec::new(),
                values: BTreeMap::from([("thing".to_owned(), crate::wire_name(thing)), ("key".to_owned(), key.clone())]),
            },
            Error::Conflict(clash) => ErrorDetails { fields: Vec::new(), values: clash.values() },
            Error::Unreachable { why, what } => ErrorDetails {
                fields: Vec::new(),
                values: BTreeMap::from([("reason".to_owned(), crate::wire_name(why)), ("what".to_owned(), what.clone())]),
            },
            Error::Damaged(what) | Error::NotPermitted(what) | Error::SignInRefused(what) | Error::ReadOnly(what) => {
                ErrorDetails { fields: Vec::new(), values: BTreeMap::from([("what".to_owned(), what.clone())]) }
            }
            _ => ErrorDetails::default(),
        };
        ErrorDto { code: e.code(), message: e.to_string(), details }
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
    pub fn code(&self) -> ErrorCode {
        match self {
            ReadError::NotFound(_) => ErrorCode::FileNotFound,
            ReadError::Empty { .. } => ErrorCode::FileEmpty,
            ReadError::TooLarge { .. } => ErrorCode::FileTooLarge,
            ReadError::Encrypted { .. } => ErrorCode::EncryptedWorkbook,
            ReadError::FormatMismatch { .. } => ErrorCode::FormatMismatch,
            ReadError::Unsupported { .. } => ErrorCode::UnsupportedFormat,
            ReadError::Corrupt { .. } => ErrorCode::UnreadableFile,
            ReadError::ZipBomb { .. } => ErrorCode::ZipBomb,
            ReadError::TooManyRows { .. } => ErrorCode::TooManyRows,
            ReadError::TooManyCells { .. } => ErrorCode::TooManyCells,
            ReadError::CellTooLarge { .. } => ErrorCode::CellTooLarge,
            ReadError::NoQuestionTable { .. } => ErrorCode::NoQuestionTable,
            ReadError::NoSuchSheet { .. } => ErrorCode::NoSuchSheet,
        }
    }

    /// The values the error names, by name, for the UI to word it.
    pub fn values(&self) -> BTreeMap<String, String> {
        let pairs: Vec<(&str, String)> = match self {
            ReadError::NotFound(_) => vec![],
            ReadError::Empty { name } | ReadError::Encrypted { name } | ReadError::NoQuestionTable { name } => {
                vec![("name", name.clone())]
            }
            ReadError::TooLarge { name, size, max } => vec![("name", name.clone()), ("size", size.clone()), ("max", max.clone())],
            ReadError::FormatMismatch { name, ext, actual } => {
                vec![("name", name.clone()), ("ext", ext.clone()), ("actual", (*actual).to_owned())]
            }
            ReadError::Unsupported { name, why } | ReadError::Corrupt { name, why } => vec![("name", name.clone()), ("why", why.clone())],
            ReadError::ZipBomb { name, unzipped, size } => {
                vec![("name", name.clone()), ("unzipped", unzipped.clone()), ("size", size.clone())]
            }
            ReadError::TooManyRows { name, what, max } => vec![("name", name.clone()), ("what", what.clone()), ("max", max.to_string())],
            ReadError::TooManyCells { name, max } => vec![("name", name.clone()), ("max", max.to_string())],
            ReadError::CellTooLarge { name, row, max } => vec![("name", name.clone()), ("row", row.to_string()), ("max", max.to_string())],
            ReadError::NoSuchSheet { name, sheet, sheets } => {
                vec![("name", name.clone()), ("sheet", sheet.clone()), ("sheets", sheets.clone())]
            }
        };
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_conflict_names_its_reason_and_values_for_the_ui() {
        let e = Error::Conflict(Clash::AlreadyImported {
            file: "caiq.xlsx".into(),
            vendor: "Acme".into(),
            version: "2".into(),
            date: "2026-11-03".into(),
        });
        let dto = ErrorDto::from(&e);
        assert_eq!(dto.code, ErrorCode::Conflict);
        assert_eq!(dto.message, "caiq.xlsx was already imported for Acme as version 2 on 2026-11-03; nothing was saved");
        let values: Vec<(&str, &str)> = dto.details.values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            values,
            [("date", "2026-11-03"), ("file", "caiq.xlsx"), ("reason", "already_imported"), ("vendor", "Acme"), ("version", "2")]
        );
        let busy = ErrorDto::from(&Error::Conflict(Clash::RegisterInUse { register: "/r/vetted.db".into() }));
        assert_eq!(busy.details.values.get("reason").map(String::as_str), Some("register_in_use"));
    }

    #[test]
    fn an_unreachable_register_names_its_cause_as_a_code_and_keeps_the_engines_words() {
        let e = Error::Unreachable { why: Unreached::Refused, what: "Connection refused (os error 111)".into() };
        let dto = ErrorDto::from(&e);
        assert_eq!(dto.code, ErrorCode::RegisterUnreachable);
        assert_eq!(dto.message, "the team register cannot be reached (Connection refused (os error 111)); nothing was saved");
        let values: Vec<(&str, &str)> = dto.details.values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(values, [("reason", "refused"), ("what", "Connection refused (os error 111)")]);
    }
}
