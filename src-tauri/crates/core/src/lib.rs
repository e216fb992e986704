//! vetted-core: the use cases the app and the CLI share (certifications, assessments, imports, exports, backups) over the store and the pure crates; no desktop code.
#![forbid(unsafe_code)]

pub mod approvals;
pub mod assess;
pub mod backup;
pub mod calendar;
pub mod certs;
pub mod context;

pub mod example;
pub mod export;
pub mod files;
/// The import crate, with the use cases that save what it reads.
pub mod import {
    pub use crate::questionnaires::{commit, commit_list, import_file, profiles};
    pub use vetted_import::*;
}
pub mod generated;
pub mod paths;
pub mod questionnaires;
pub mod recognise;
pub mod register;
pub use vetted_assurance as assurance;
pub use vetted_report as report;
pub use vetted_scoring as scoring;
pub use vetted_store as store;
pub use vetted_store::evidence;

pub use context::SystemContext;
pub use error::{Error, ErrorDto, FieldError, Result};
pub use register::{Context, FixedContext, Register};
pub use store::{ChangeContext, Store};
pub use vetted_domain as domain;
pub use vetted_domain::{error, hash};
