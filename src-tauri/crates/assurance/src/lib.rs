//! vetted-assurance: the assurance documents vendors send (SOC 2 / SOC 3 reports, ISO/IEC
//! certificates, attestation letters) read offline: the text layer, the kind of document, and the
//! facts it states, each with its page and the words it came from. Pure: bytes in, facts out.
#![forbid(unsafe_code)]

pub mod facts;
pub mod text;

pub use facts::{DocumentKind, Exceptions, Fact, Opinion, Reading, Subservice, SubserviceMethod, TestException};
pub use text::{Limits, TextError};

/// Reads a PDF's text and the facts it states.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Reading, TextError> {
    Ok(facts::read_facts(&text::read(bytes, limits)?))
}
