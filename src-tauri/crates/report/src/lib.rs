//! vetted-report: documents that leave the app: the vendor summary PDF, the sub-processor list (PDF, XLSX, CSV,
//! JSON) and the change notice between two published lists. Pure functions of what they show; the
//! store and the clock stay with the caller (vetted-core's `export`).
#![forbid(unsafe_code)]

pub mod fonts;
pub mod labels;
pub mod layout;
pub mod questionnaire;
pub mod register;
pub mod summary;
pub mod words;

pub use labels::Lang;
pub use layout::Made;
pub use register::{diff, EntryChange, FieldChange, RegisterCert, RegisterDiff, RegisterEntry, RegisterFilter, RegisterList};
pub use summary::{vendor_summary, SummaryInput};
