//! vetted-assurance: the assurance documents vendors send (SOC 2 / SOC 3 reports, ISO/IEC
//! certificates, attestation letters) read offline: the text layer, the kind of document, and the
//! facts it states, each with its page and the words it came from. Pure: bytes in, facts out.
#![forbid(unsafe_code)]

pub mod facts;
pub mod ocr;
pub mod text;

pub use facts::{DocumentKind, Exceptions, Fact, Opinion, Reading, Subservice, SubserviceMethod, TestException};
pub use text::{Limits, TextError};

/// Reads a PDF's text and the facts it states.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Reading, TextError> {
    Ok(facts::read_facts(&text::read(bytes, limits)?))
}

/// Reads the facts of a document from the text recognised in its page images (an image-only
/// PDF): what `read` gives, from that text, every fact marked for review and the reading marked
/// as recognised (`ocr`), with the document's own page count.
pub fn read_recognised(pages: &[ocr::RecognisedPage<'_>], document_pages: u32) -> Reading {
    let mut r = facts::read_facts(&ocr::layer(pages));
    r.pages = document_pages;
    r.mark_recognised();
    r
}
