//! What an assurance document says, read from its lines: the kind of document, and each fact
//! (organisation, auditor or certification body, period or as-of date, issue and expiry dates,
//! certificate number, opinion, trust services categories) with the page and the words it was
//! read from. A fact not found is left empty and named as missing; nothing is guessed.

use crate::text::{Line, Page, TextLayer};
use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use ts_rs::TS;
pub use vetted_domain::certification::Opinion;

/// The kind of document, as its text names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Soc2Type1,
    Soc2Type2,
    Soc3,
    Soc1,
    /// A letter confirming a report was issued (not the report, not a bridge letter).
    AttestationStatus,
    BridgeLetter,
    BsiC5,
    /// An assurance report under ISAE 3000 that is neither a SOC 2 nor a C5 report.
    #[serde(rename = "isae3000")]
    Isae3000,
    #[serde(rename = "iso27001_2013")]
    Iso27001_2013,
    #[serde(rename = "iso27001_2022")]
    Iso27001_2022,
    Iso27017,
    Iso27018,
    Iso27701,
    CsaStarCertification,
    /// A CSA STAR registry listing: a Level 1 self-assessment, whatever it calls itself.
    CsaStarRegistry,
    PciDssAoc,
    /// A document with text that is none of the kinds above (named in `other`).
    Other,
    /// No text to read: a scan or a screenshot.
    ImageOnly,
}

/// A fact and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Fact<T> {
    pub value: T,
    /// 1-based page.
    pub page: u32,
    /// The words it was read from, as printed.
    pub quote: String,
    /// Read with doubt: to be checked by a person.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub review: bool,
}

/// How a report treats a subservice organisation's controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubserviceMethod {
    /// Left out: the vendor's vendor needs its own report.
    CarveOut,
    /// Its controls are tested in this report.
    Inclusive,
}

/// A subservice organisation a report names (or says it has without naming).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Subservice {
    /// Absent when the report says "multiple subservice organizations" without naming them.
    pub name: Option<String>,
    /// What it does for the vendor, as the report says ("cloud hosting services").
    pub service: Option<String>,
    pub method: Option<SubserviceMethod>,
    /// The criteria the report leaves to it (its complementary subservice organisation
    /// controls: "CC6.4"), where the report lists them.
    #[serde(default)]
    pub criteria: Vec<String>,
}

/// An exception the auditor noted in the tests of controls.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct TestException {
    /// The criterion (or control) the test was for: "CC6.2", "IDM-08"; absent when the row names none.
    pub criterion: Option<String>,
    /// The result as printed ("Exception noted. For 2 of 25 sampled ...").
    pub text: String,
}

/// The results of a report's tests of controls: how many tests it reports, and the exceptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Exceptions {
    /// Test results found ("No exceptions noted." counts as one).
    pub tests: u32,
    /// Exceptions noted.
    pub count: u32,
    /// The criteria with an exception, in the order of the report.
    pub criteria: Vec<String>,
    pub noted: Vec<Fact<TestException>>,
}

/// Everything read from one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Reading {
    pub kind: Fact<DocumentKind>,
    /// For `other`: what the document calls itself ("ISO 9001:2015").
    pub other: Option<String>,
    pub pages: u32,
    /// Pages with text.
    pub text_pages: u32,
    pub organisation: Option<Fact<String>>,
    pub auditor: Option<Fact<String>>,
    pub period_start: Option<Fact<NaiveDate>>,
    pub period_end: Option<Fact<NaiveDate>>,
    pub as_of: Option<Fact<NaiveDate>>,
    pub issued: Option<Fact<NaiveDate>>,
    pub expires: Option<Fact<NaiveDate>>,
    pub certificate_number: Option<Fact<String>>,
    pub opinion: Option<Fact<Opinion>>,
    /// Trust services categories in scope (security, availability, processing_integrity, confidentiality, privacy).
    pub categories: Option<Fact<Vec<String>>>,
    /// The subservice organisations the report names, and whether they are carved out.
    pub subservice_organisations: Vec<Fact<Subservice>>,
    /// The complementary user entity controls: the duties the report leaves to the customer.
    pub cuecs: Vec<Fact<String>>,
    /// The results of the tests of controls (a Type 2 report; absent where a report has none).
    pub exceptions: Option<Fact<Exceptions>>,
    /// The certification record these facts propose, for the user to confirm or correct (none
    /// for a document with no text).
    pub proposed: Option<vetted_domain::certification::CertDraft>,
    /// The facts this kind of document states that were not found in its text.
    pub missing: Vec<String>,
    /// The text was recognised in page images (OCR), not read from the PDF's text: every fact is
    /// to be checked.
    #[serde(default)]
    pub ocr: bool,
    /// For a document with no text (`image_only`): what was read from the words recognised in
    /// its page images, when text recognition is installed; every fact marked for review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recognised: Option<Box<Reading>>,
}

impl Reading {
    /// Marks a reading made from recognised text: every fact to be checked by a person.
    pub fn mark_recognised(&mut self) {
        fn doubt<T>(f: &mut Option<Fact<T>>) {
            if let Some(f) = f {
                f.review = true;
            }
        }
        self.ocr = true;
        self.kind.review = true;
        doubt(&mut self.organisation);
        doubt(&mut self.auditor);
        doubt(&mut self.period_start);
        doubt(&mut self.period_end);
        doubt(&mut self.as_of);
        doubt(&mut self.issued);
        doubt(&mut self.expires);
        doubt(&mut self.certificate_number);
        doubt(&mut self.opinion);
        doubt(&mut self.categories);
        doubt(&mut self.exceptions);
        for f in self.subservice_organisations.iter_mut() {
            f.review = true;
        }
        for f in self.cuecs.iter_mut() {
            f.review = true;
        }
    }
}

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| regex::RegexBuilder::new(pattern).case_insensitive(true).build().expect("a valid pattern"))
}

/// Lower case, no whitespace: how key phrases are matched (letter-spaced titles, split runs).
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

const MONTHS: [(&str, u32); 24] = [
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("april", 4),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("august", 8),
    ("september", 9),
    ("oktober", 10),
    ("november", 11),
    ("dezember", 12),
];

fn month(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    let name = name.trim_end_matches('.');
    MONTHS.iter().find(|(m, _)| *m == name || (name.len() >= 3 && m.starts_with(name) && name.len() <= m.len())).map(|(_, n)| *n)
}

/// The dates in `text`, in order, with the words each was read from: "November 30, 2023",
/// "16 January 2024", "30. November 2023", "2024-01-09", "30.11.2023", "09/01/2017" (US order).
pub fn dates(text: &str) -> Vec<(NaiveDate, String)> {
    dates_at(text).into_iter().map(|(d, w, _)| (d, w)).collect()
}

/// [`dates`] with where each starts in `text` (a byte offset).
fn dates_at(text: &str) -> Vec<(NaiveDate, String, usize)> {
    static DATE: OnceLock<Regex> = OnceLock::new();
    let r = re(
        &DATE,
        r"(?x)
        \b(?P<mdy_m>[A-Za-zä]{3,9})\.?\s+(?P<mdy_d>\d{1,2}),?\s+(?P<mdy_y>\d{4})\b
        | \b(?P<dmy_d>\d{1,2})\.?\s+(?P<dmy_m>[A-Za-zä]{3,9})\.?,?\s+(?P<dmy_y>\d{4})\b
        | \b(?P<iso_y>\d{4})-(?P<iso_m>\d{2})-(?P<iso_d>\d{2})\b
        | \b(?P<de_d>\d{1,2})\.(?P<de_m>\d{1,2})\.(?P<de_y>\d{4})\b
        | \b(?P<us_m>\d{1,2})/(?P<us_d>\d{1,2})/(?P<us_y>\d{4})\b",
    );
    let mut out = Vec::new();
    for c in r.captures_iter(text) {
        let n = |k: &str| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
        let (y, m, d) = if let Some(mm) = c.name("mdy_m").and_then(|m| month(m.as_str())) {
            (n("mdy_y"), Some(mm), n("mdy_d"))
        } else if let Some(mm) = c.name("dmy_m").and_then(|m| month(m.as_str())) {
            (n("dmy_y"), Some(mm), n("dmy_d"))
        } else if c.name("iso_y").is_some() {
            (n("iso_y"), n("iso_m"), n("iso_d"))
        } else if c.name("de_y").is_some() {
            (n("de_y"), n("de_m"), n("de_d"))
        } else {
            (n("us_y"), n("us_m"), n("us_d"))
        };
        if let (Some(y), Some(m), Some(d)) = (y, m, d) {
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                out.push((date, c[0].to_owned(), c.get(0).map_or(0, |m| m.start())));
            }
        }
    }
    out
}

/// Cells of a line: its runs split where they are far apart (columns of a form).
fn cells(line: &Line) -> Vec<(f32, f32, String)> {
    split_cells(line, 1.5)
}

/// Cells of a table's line: split at any gap wider than a word space (`gap` in ems).
fn table_cells(line: &Line) -> Vec<(f32, f32, String)> {
    split_cells(line, 0.45)
}

fn split_cells(line: &Line, gap: f32) -> Vec<(f32, f32, String)> {
    let mut out: Vec<(f32, f32, String)> = Vec::new();
    for r in &line.runs {
        match out.last_mut() {
            Some((_, end, text)) if r.x - *end < r.size * gap => {
                if r.x - *end > r.size * 0.18 && !text.ends_with(' ') {
                    text.push(' ');
                }
                text.push_str(&r.text);
                *end = end.max(r.end);
            }
            _ => out.push((r.x, r.end, r.text.clone())),
        }
    }
    out.into_iter().map(|(x, e, t)| (x, e, t.split_whitespace().collect::<Vec<_>>().join(" "))).filter(|c| !c.2.is_empty()).collect()
}

/// A value printed after `label` on its line, or under it in the next line of a row of labels
/// over a row of values; with the page and the words it came from.
fn labelled<T>(pages: &[Page], labels: &[&str], parse: impl Fn(&str) -> Option<T>) -> Option<Fact<T>> {
    for page in pages {
        for (i, line) in page.lines.iter().enumerate() {
            let lower = line.text.to_ascii_lowercase(); // same byte offsets as the text
            for label in labels {
                // the label itself, not the end of a longer one ("re-issue date" is not "issue date")
                let Some(at) = lower
                    .match_indices(label)
                    .map(|(at, _)| at)
                    .find(|&at| lower[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '-')))
                else {
                    continue;
                };
                // on the same line, after the label (and its colon)
                let after = line.text[at + label.len()..].trim_start_matches([':', ' ', '#']);
                if let Some(v) = parse(after) {
                    return Some(Fact { value: v, page: page.number, quote: line.text[at..].trim().to_owned(), review: false });
                }
                // a row of labels ("Issue date: Expiry date: Certificate #:") over a row of as many
                // values: the label's place in its row is its value's place in the row below
                let row_labels: Vec<&str> = line.text.split(':').map(str::trim).filter(|l| !l.is_empty()).collect();
                let place = lower.split(':').map(str::trim).filter(|l| !l.is_empty()).position(|l| l.ends_with(label) || l == *label);
                if row_labels.len() >= 2 && line.text.trim_end().ends_with(':') {
                    if let Some(place) = place {
                        for below in page.lines.iter().skip(i + 1).take(3) {
                            let items = row_items(&below.text);
                            if items.len() == row_labels.len() {
                                if let Some(value) = parse(&items[place]) {
                                    let quote = format!("{} … {}", row_labels[place], items[place]);
                                    return Some(Fact { value, page: page.number, quote, review: false });
                                }
                                break;
                            }
                        }
                    }
                }
                // under it: the value cell whose left edge is nearest the label cell's
                let label_cells = cells(line);
                let Some(cell) = label_cells.iter().find(|c| c.2.to_lowercase().contains(label)) else { continue };
                for below in page.lines.iter().skip(i + 1).take(3) {
                    let values = cells(below);
                    let nearest = values.iter().min_by(|a, b| (a.0 - cell.0).abs().total_cmp(&(b.0 - cell.0).abs()));
                    if let Some(v) = nearest.filter(|v| (v.0 - cell.0).abs() < (cell.1 - cell.0).max(40.0)) {
                        if let Some(value) = parse(&v.2) {
                            return Some(Fact { value, page: page.number, quote: format!("{} … {}", cell.2, v.2), review: false });
                        }
                    }
                }
            }
        }
    }
    None
}

/// The values of a row under a row of labels: its dates, and the words between them.
fn row_items(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = 0;
    let words = |s: &str, items: &mut Vec<String>| items.extend(s.split_whitespace().map(str::to_owned));
    for (_, w, at) in dates_at(text) {
        words(&text[rest..at], &mut items);
        items.push(w.clone());
        rest = at + w.len();
    }
    words(&text[rest..], &mut items);
    items
}

fn first_date(text: &str) -> Option<NaiveDate> {
    let found = dates(text);
    // the date must open the text: "November 5, 2019", not a date further on
    found.first().filter(|(_, words)| text.trim_start().starts_with(words.as_str())).map(|(d, _)| *d)
}

/// The document's kind from its text: the title page first, then the whole text.
fn kind(pages: &[Page]) -> (DocumentKind, Option<String>, u32, String) {
    let page_text: Vec<String> = pages.iter().map(|p| squash(&p.text())).collect();
    let find = |needles: &[&str], within: usize| -> Option<(u32, String)> {
        pages.iter().zip(&page_text).take(within).find_map(|(p, t)| {
            needles.iter().find(|n| t.contains(&squash(n))).map(|n| {
                (p.number, p.lines.iter().find(|l| squash(&l.text).contains(&squash(n))).map_or(n.to_string(), |l| l.text.clone()))
            })
        })
    };
    let all = pages.len();
    if let Some((p, q)) = find(&["attestation status"], 2) {
        return (DocumentKind::AttestationStatus, None, p, q);
    }
    if let Some((p, q)) = find(&["bridge letter", "gap letter"], 2) {
        return (DocumentKind::BridgeLetter, None, p, q);
    }
    if let Some((p, q)) = find(&["attestation of compliance"], 2)
        .filter(|_| page_text.iter().take(2).any(|t| t.contains("pcidss") || t.contains("paymentcardindustry")))
    {
        return (DocumentKind::PciDssAoc, None, p, q);
    }
    if let Some((p, q)) = find(&["soc 3", "soc3", "system and organization controls 3", "(soc) 3"], 2) {
        return (DocumentKind::Soc3, None, p, q);
    }
    if let Some((p, q)) = find(&["soc 1", "isae 3402"], 2) {
        return (DocumentKind::Soc1, None, p, q);
    }
    if let Some((p, q)) = find(&["c5", "cloud computing compliance criteria catalogue"], 1)
        .filter(|_| page_text[0].contains("bsi") || page_text[0].contains("criteriacatalogue"))
    {
        return (DocumentKind::BsiC5, None, p, q);
    }
    if page_text.iter().take(2).any(|t| t.contains("soc2") || t.contains("(soc)2")) {
        let type2 = find(&["type 2", "type ii"], 3);
        let type1 = find(&["type 1", "type i report", "type i "], 3);
        match (type1, type2) {
            (Some((p, q)), None) => return (DocumentKind::Soc2Type1, None, p, q),
            (None, Some((p, q))) => return (DocumentKind::Soc2Type2, None, p, q),
            (Some((p1, q1)), Some((p2, q2))) => {
                return if p1 <= p2 { (DocumentKind::Soc2Type1, None, p1, q1) } else { (DocumentKind::Soc2Type2, None, p2, q2) }
            }
            (None, None) => {}
        }
    }
    // a registry listing (a self-assessment) is not a certification, whatever it calls itself
    if let Some((p, q)) = find(&["star registry listing", "level 1: self-assessment", "level 1 self-assessment"], 2) {
        return (DocumentKind::CsaStarRegistry, None, p, q);
    }
    // an ISAE 3000 report that is not a SOC 2 or C5 one (those name ISAE 3000 too, and are found above)
    if let Some((p, q)) = find(&["isae 3000"], 2) {
        return (DocumentKind::Isae3000, None, p, q);
    }
    if let Some((p, q)) = find(&["csa star"], 1).filter(|_| page_text[0].contains("certificat")) {
        return (DocumentKind::CsaStarCertification, None, p, q);
    }
    // certificates: the standard the holder is certified to
    static STANDARD: OnceLock<Regex> = OnceLock::new();
    let standard = re(&STANDARD, r"\bISO(?:/IEC)?\s*(\d{4,5})\b(?:\s*[:\-]\s*(\d{4})\b)?");
    for page in pages.iter().take(1) {
        for line in &page.lines {
            for c in standard.captures_iter(&line.text) {
                let (num, year) = (&c[1], c.get(2).map(|m| m.as_str()));
                let kind = match (num, year) {
                    ("27001", Some("2013")) => Some(DocumentKind::Iso27001_2013),
                    ("27001", Some("2022")) => Some(DocumentKind::Iso27001_2022),
                    ("27017", _) => Some(DocumentKind::Iso27017),
                    ("27018", _) => Some(DocumentKind::Iso27018),
                    ("27701", _) => Some(DocumentKind::Iso27701),
                    ("17021" | "27006" | "17065", _) => continue, // the rules bodies certify by
                    _ => None,
                };
                return match kind {
                    Some(k) => (k, None, page.number, line.text.clone()),
                    None => (DocumentKind::Other, Some(c[0].to_owned()), page.number, line.text.clone()),
                };
            }
        }
    }
    let first = pages.iter().find(|p| !p.lines.is_empty());
    let _ = all;
    (DocumentKind::Other, first.and_then(|p| p.lines.first()).map(|l| l.text.clone()), first.map_or(1, |p| p.number), String::new())
}

fn is_report(k: DocumentKind) -> bool {
    matches!(
        k,
        DocumentKind::Soc2Type1
            | DocumentKind::Soc2Type2
            | DocumentKind::Soc3
            | DocumentKind::Soc1
            | DocumentKind::BsiC5
            | DocumentKind::Isae3000
    )
}

fn is_certificate(k: DocumentKind) -> bool {
    matches!(
        k,
        DocumentKind::Iso27001_2013
            | DocumentKind::Iso27001_2022
            | DocumentKind::Iso27017
            | DocumentKind::Iso27018
            | DocumentKind::Iso27701
            | DocumentKind::CsaStarCertification
            | DocumentKind::Other
    )
}

/// "For the Period June 30, 2024 to June 29, 2025", "throughout the period 1 November 2022 to 31
/// October 2023", "JULY 1, 2021 TO JUNE 30, 2022": the first such span in the first pages.
fn period(pages: &[Page]) -> Option<(Fact<NaiveDate>, Fact<NaiveDate>)> {
    for page in pages.iter().take(6) {
        // a title may break a date over two lines: read pairs of lines too
        for (i, line) in page.lines.iter().enumerate() {
            let joined = match page.lines.get(i + 1) {
                Some(next) => format!("{} {}", line.text, next.text),
                None => line.text.clone(),
            };
            let found = dates_at(&joined);
            for w in found.windows(2) {
                let ((a, aw, at), (b, bw, bt)) = (&w[0], &w[1]);
                let between = joined.get(at + aw.len()..*bt).unwrap_or("").trim().to_lowercase();
                let joins =
                    matches!(between.as_str(), "to" | "-" | "–" | "bis" | "bis zum" | "bis einschließlich" | "through" | "and" | "until");
                // the span starts on this line (the next one is read on its own turn)
                if joins && a < b && *at < line.text.len() {
                    let quote = joined[*at..bt + bw.len()].to_owned();
                    let fact = |d: NaiveDate| Fact { value: d, page: page.number, quote: quote.clone(), review: false };
                    return Some((fact(*a), fact(*b)));
                }
            }
        }
    }
    None
}

fn as_of(pages: &[Page]) -> Option<Fact<NaiveDate>> {
    static AS_OF: OnceLock<Regex> = OnceLock::new();
    let r = re(&AS_OF, r"\bas of\s+(.{6,24})");
    for page in pages.iter().take(6) {
        for line in &page.lines {
            if let Some(c) = r.captures(&line.text) {
                if let Some(d) = first_date(&c[1]) {
                    return Some(Fact { value: d, page: page.number, quote: c[0].trim().to_owned(), review: false });
                }
            }
        }
    }
    None
}

fn opinion(pages: &[Page]) -> Option<Fact<Opinion>> {
    for page in pages.iter().take(10) {
        for (i, line) in page.lines.iter().enumerate() {
            let lower = line.text.to_ascii_lowercase(); // same byte offsets as the text
            let Some(at) = lower.find("in our opinion").or_else(|| lower.find("nach unserer beurteilung")) else { continue };
            let rest: String = std::iter::once(&line.text[at..])
                .chain(page.lines.iter().skip(i + 1).take(4).map(|l| l.text.as_str()))
                .collect::<Vec<_>>()
                .join(" ");
            let lower_rest = rest.to_lowercase();
            let value = if lower_rest.contains("except for") || lower_rest.contains("mit ausnahme") {
                Opinion::Qualified
            } else if lower_rest.contains("do not present fairly")
                || lower_rest.contains("were not effective")
                || lower_rest.contains("was not effective")
            {
                Opinion::Adverse
            } else {
                Opinion::Unqualified
            };
            // a qualification or adverse wording elsewhere in the report makes the plain reading doubtful
            let elsewhere = pages.iter().take(10).any(|p| {
                p.lines.iter().any(|l| {
                    let t = l.text.to_lowercase();
                    t.contains("qualified opinion") || t.contains("adverse opinion") || t.contains("basis for qualified")
                })
            });
            let quote: String = rest.chars().take(180).collect();
            return Some(Fact { value, page: page.number, quote, review: elsewhere && value == Opinion::Unqualified });
        }
    }
    for page in pages.iter().take(10) {
        for line in &page.lines {
            if squash(&line.text).contains("disclaimerofopinion") {
                return Some(Fact { value: Opinion::Disclaimer, page: page.number, quote: line.text.clone(), review: false });
            }
        }
    }
    None
}

fn categories(pages: &[Page]) -> Option<Fact<Vec<String>>> {
    const NAMES: [(&str, &str); 5] = [
        ("security", "security"),
        ("availability", "availability"),
        ("processing integrity", "processing_integrity"),
        ("confidentiality", "confidentiality"),
        ("privacy", "privacy"),
    ];
    for page in pages.iter().take(6) {
        for (i, line) in page.lines.iter().enumerate() {
            // same byte offsets as the text; not "Trust Services Criteria for Security,
            // Availability, ...": the title of the criteria, which names all five whatever the
            // report covers
            let lower = line.text.to_ascii_lowercase();
            let starts = ["relevant to ", "trust services criteria relevant to "];
            let Some(at) = starts.iter().find_map(|s| lower.find(s).map(|a| a + s.len())) else { continue };
            // the list may run onto the next line
            let mut original = line.text[at..].to_owned();
            if let Some(next) = page.lines.get(i + 1) {
                original.push(' ');
                original.push_str(&next.text);
            }
            let text = original.to_ascii_lowercase();
            // up to where the list ends
            let end = text
                .find(" (applicable")
                .or_else(|| text.find(" set forth"))
                .or_else(|| text.find(" for the period"))
                .unwrap_or(text.len());
            let list = &text[..end];
            let found: Vec<String> = NAMES.iter().filter(|(n, _)| list.contains(n)).map(|(_, k)| k.to_string()).collect();
            if !found.is_empty() {
                let quote: String = original[..end].chars().take(160).collect();
                return Some(Fact { value: found, page: page.number, quote: quote.trim().to_owned(), review: false });
            }
        }
    }
    None
}

/// The holder: "To the Management of X", "Awarded to: X", "THIS IS TO CONFIRM THAT X", the name
/// under "as defined and implemented by", "certifies that the following organization", or under a
/// certificate's title ("Certificate of Registration").
fn organisation(pages: &[Page]) -> Option<Fact<String>> {
    let clean = |s: &str| s.trim().trim_end_matches([',', '*', ':']).trim().to_owned();
    let company = |s: &str| {
        let s = s.trim();
        let words = s.split_whitespace().count();
        s.len() > 2
            && s.len() < 90
            && words <= 8
            && s.chars().next().is_some_and(|c| c.is_uppercase() || c == 'Ö' || c == 'Ü')
            && !s.ends_with(':')
            && !s.to_lowercase().starts_with("has ")
            && !["iso/iec", "iso ", "management system", "certificate"].iter().any(|w| s.to_lowercase().contains(w))
    };
    // a form's next label ends the name ("Instructure, Inc.   DBA (doing business as):")
    let clean = |s: &str| {
        let s = clean(s);
        match s.find(" DBA (") {
            Some(at) => s[..at].trim().to_owned(),
            None => s,
        }
    };
    let after = [
        "to the management of",
        "to the board of directors of",
        "awarded to:",
        "this is to confirm that",
        "as defined and implemented by",
        "certifies that the management system of",
        "certifies that the following organization",
        "company name:",
        "an die geschäftsführung der ",
        "an den vorstand der ",
        "an die gesellschafter der ",
    ];
    for page in pages.iter().take(4) {
        for (i, line) in page.lines.iter().enumerate() {
            let lower = line.text.to_ascii_lowercase(); // same byte offsets as the text
            let title = matches!(squash(&line.text).as_str(), "certificateofregistration" | "registration");
            let cue = after.iter().find_map(|a| lower.find(a).map(|at| (at, a.len())));
            if cue.is_none() && !title {
                continue;
            }
            let (at, len) = cue.unwrap_or((line.text.len(), 0));
            let rest = clean(line.text.get(at + len..).unwrap_or(""));
            // on the same line: the name's own cell ("Company Name: Instructure, Inc.   DBA ...")
            let same = cells(line).into_iter().map(|c| c.2).find_map(|c| {
                let l = c.to_lowercase();
                after.iter().find_map(|a| l.find(a).map(|p| clean(&c[p + a.len()..])))
            });
            let same = same.filter(|s| !s.is_empty()).unwrap_or(rest);
            if company(&same) && !same.contains("has performed") {
                return Some(Fact { value: same, page: page.number, quote: line.text.clone(), review: false });
            }
            // under it: the nearest cell in x on the next lines
            let x = cells(line).iter().find(|c| after.iter().any(|a| c.2.to_lowercase().contains(a))).map_or(line.runs[0].x, |c| c.0);
            for next in page.lines.iter().skip(i + 1).take(3) {
                let cell = cells(next).into_iter().min_by(|a, b| (a.0 - x).abs().total_cmp(&(b.0 - x).abs()));
                let Some((cx, _, text)) = cell else { continue };
                let name = clean(&text);
                if name == "*" || name.is_empty() || (cx - x).abs() > 200.0 {
                    continue;
                }
                if company(&name) {
                    return Some(Fact {
                        value: name,
                        page: page.number,
                        quote: format!("{} … {}", line.text.trim(), next.text.trim()),
                        review: false,
                    });
                }
            }
        }
    }
    None
}

/// The auditor or certification body: a firm named where auditors sign or own certificates.
fn auditor(pages: &[Page], kind: DocumentKind) -> Option<Fact<String>> {
    static FIRM: OnceLock<Regex> = OnceLock::new();
    let firm = re(&FIRM, r"\b([A-Z][\w&.,' -]{1,60}?(?:LLP|LLC|B\.V\.?|GmbH|Ltd|Limited|Inc\.?|PLLC|P\.C\.|CertifyPoint))\b");
    let ours = |t: &str| firm.captures(t).map(|c| c[1].trim().trim_end_matches(',').to_owned());
    for page in pages.iter().take(8) {
        for line in &page.lines {
            let lower = line.text.to_ascii_lowercase(); // same byte offsets as the text
            for cue in ["remains the property of ", "has been assessed and certified by ", "for and on behalf of "] {
                if let Some(at) = lower.find(cue) {
                    let rest = &line.text[at + cue.len()..];
                    let name = ours(rest).or_else(|| {
                        let n = rest.split([',', '.']).next().unwrap_or("").trim();
                        (n.len() > 2).then(|| n.split(" to the following").next().unwrap_or(n).trim().to_owned())
                    });
                    if let Some(name) = name {
                        return Some(Fact { value: name, page: page.number, quote: line.text.clone(), review: false });
                    }
                }
            }
            for cue in [", a certification body", " hereby certifies"] {
                if let Some(at) = lower.find(cue) {
                    return Some(Fact {
                        value: line.text[..at].trim().to_owned(),
                        page: page.number,
                        quote: line.text.clone(),
                        review: false,
                    });
                }
            }
        }
    }
    if kind == DocumentKind::PciDssAoc {
        // the Qualified Security Assessor's company, in its own part of the form
        let mut in_qsa = false;
        for page in pages.iter().take(3) {
            for line in &page.lines {
                let lower = line.text.to_ascii_lowercase(); // same byte offsets as the text
                in_qsa |= lower.contains("qualified security assessor company information");
                if in_qsa {
                    if let Some(at) = lower.find("company name:") {
                        let name = line.text[at + 13..].trim().to_owned();
                        if !name.is_empty() {
                            return Some(Fact { value: name, page: page.number, quote: line.text.clone(), review: false });
                        }
                    }
                }
            }
        }
        return None;
    }
    if is_report(kind) {
        // the auditor's own letterhead or signature: a firm line on the report's pages
        for page in pages.iter().take(8) {
            let text = page.text().to_lowercase();
            if !(text.contains("auditor") || text.contains("in our opinion")) {
                continue;
            }
            for line in &page.lines {
                if let Some(name) = ours(&line.text).filter(|n| n.ends_with("LLP") || n.ends_with("LLC") || n.ends_with("PLLC")) {
                    // a letterhead or a signature starts with the firm; a firm named inside a
                    // sentence may be someone else (a subservice organisation): to be checked
                    let review = !line.text.trim_start().starts_with(&name);
                    return Some(Fact { value: name, page: page.number, quote: line.text.clone(), review });
                }
            }
        }
        // a German audit firm signs as a "Wirtschaftsprüfungsgesellschaft", on a line of its own
        static WPG: OnceLock<Regex> = OnceLock::new();
        let wpg = WPG.get_or_init(|| {
            Regex::new(r"^([A-ZÄÖÜ][\w&.,' -]{1,80}?Wirtschaftsprüfungsgesellschaft(?:\s+(?:mbH|AG|GmbH|KG))?)\s*(?:$|,)")
                .expect("a valid pattern")
        });
        for page in pages.iter().take(8) {
            if !page.text().to_lowercase().contains("nach unserer beurteilung") {
                continue;
            }
            for line in &page.lines {
                if let Some(c) = wpg.captures(line.text.trim()) {
                    return Some(Fact { value: c[1].trim().to_owned(), page: page.number, quote: line.text.clone(), review: false });
                }
            }
        }
    }
    None
}

/// A page's lines as one text, with where each line starts in it.
fn flat(page: &Page) -> String {
    page.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// "X uses a subservice organization, Amazon Web Services (“AWS”), to provide cloud hosting
/// services", "uses Amazon Web Services for hosting services (subservice organization)", "uses
/// multiple subservice organizations to provide ...": the organisations, and how the report treats
/// them ("does not disclose the actual controls at the subservice organization": carved out).
fn subservices(pages: &[Page]) -> Vec<Fact<Subservice>> {
    static NAMED: OnceLock<Regex> = OnceLock::new();
    static FOR: OnceLock<Regex> = OnceLock::new();
    static MANY: OnceLock<Regex> = OnceLock::new();
    let named = re(
        &NAMED,
        r"uses (?:a|one) subservice organi[sz]ation,? ([A-Z][\w&.' -]{1,60}?)(?: \([“\x22]([^)“”\x22]{1,20})[”\x22]\))?,? to provide ([\w ,-]{3,80}?)[.;]",
    );
    let for_ = re(&FOR, r"uses ([A-Z][\w&.' -]{1,60}?) for ()([\w ,-]{3,60}?) \(subservice organi[sz]ation\)");
    let many = re(&MANY, r"uses (?:multiple|several|various) subservice organi[sz]ations to provide ([\w ,-]{3,80}?)\s*[.;(]");
    let mut out: Vec<Fact<Subservice>> = Vec::new();
    let mut aliases: Vec<Option<String>> = Vec::new();
    let mut method = None;
    for page in pages.iter().take(12) {
        let text = flat(page);
        let lower = text.to_lowercase();
        if method.is_none() {
            if lower.contains("does not disclose the actual controls at the subservice") || lower.contains("carve-out method") {
                method = Some(SubserviceMethod::CarveOut);
            } else if lower.contains("inclusive method") || lower.contains("includes the controls of") {
                method = Some(SubserviceMethod::Inclusive);
            }
        }
        for c in named.captures_iter(&text).chain(for_.captures_iter(&text)) {
            let name = c[1].trim().to_owned();
            if out.iter().any(|f| f.value.name.as_deref() == Some(&name)) {
                continue;
            }
            let service = Some(c[3].trim().to_owned());
            aliases.push(c.get(2).map(|a| a.as_str().trim().to_owned()).filter(|a| !a.is_empty()));
            out.push(Fact {
                value: Subservice { name: Some(name), service, method: None, criteria: Vec::new() },
                page: page.number,
                quote: c[0].to_owned(),
                review: false,
            });
        }
        if out.is_empty() {
            if let Some(c) = many.captures(&text) {
                let service = Some(c[1].trim().to_owned());
                out.push(Fact {
                    value: Subservice { name: None, service, method: None, criteria: Vec::new() },
                    page: page.number,
                    quote: c[0].trim().to_owned(),
                    review: false,
                });
            }
        }
    }
    for f in &mut out {
        f.value.method = method;
        f.review = method.is_none();
    }
    // the criteria each one is left: with one organisation all of them, with several those whose
    // block names it (or the short name the report gives it)
    let blocks = csoc_blocks(pages);
    let one = out.len() == 1;
    for (f, alias) in out.iter_mut().zip(aliases.iter().chain(std::iter::repeat(&None))) {
        let names: Vec<String> = f.value.name.iter().chain(alias.iter()).map(|n| n.to_lowercase()).collect();
        for (criterion, text) in &blocks {
            let lower = text.to_lowercase();
            if (one || names.iter().any(|n| lower.contains(n.as_str()))) && !f.value.criteria.contains(criterion) {
                f.value.criteria.push(criterion.clone());
            }
        }
    }
    out
}

/// A criterion or control id as a table's first column prints it ("CC6.4", "CC6.4.1", "A1.2",
/// "IDM-08"): the criterion, without a control's own number.
fn criterion(cell: &str) -> Option<String> {
    static ID: OnceLock<Regex> = OnceLock::new();
    let id = ID.get_or_init(|| {
        Regex::new(r"^((?:CC|PI|A|C|P)\d{1,2}\.\d{1,2}|[A-Z]{2,4}-\d{2})(?:\.\d{1,2})?(?:$|[\s:–-])").expect("a valid pattern")
    });
    id.captures(cell.trim()).map(|c| c[1].to_owned())
}

/// The table of complementary subservice organisation controls: each criterion with the words
/// of its row.
fn csoc_blocks(pages: &[Page]) -> Vec<(String, String)> {
    let heading = |t: &str| squash(t).ends_with("complementarysubserviceorganizationcontrols") && !t.contains("...");
    let mut out: Vec<(String, String)> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let Some(start) = page.lines.iter().position(|l| heading(&l.text)) else { continue };
        let lines = page.lines[start + 1..].iter().chain(pages.iter().skip(p + 1).take(1).flat_map(|q| q.lines.iter()));
        for line in lines {
            let s = squash(&line.text);
            if s.contains("complementaryuserentitycontrol") || s.starts_with("section") {
                break;
            }
            let first = cells(line).into_iter().next().map(|c| c.2).unwrap_or_default();
            match criterion(&first) {
                Some(c) => out.push((c, line.text.clone())),
                None => {
                    if let Some((_, text)) = out.last_mut() {
                        text.push(' ');
                        text.push_str(&line.text);
                    }
                }
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// Where a cell starts with a test's result: `Some(true)` an exception, `Some(false)` none.
fn result(cell: &str) -> Option<bool> {
    const NONE: [&str; 12] = [
        "no exceptions noted",
        "no exception noted",
        "no exceptions were noted",
        "no exceptions identified",
        "no deviations noted",
        "no deviation noted",
        "no deviations were noted",
        "keine abweichungen",
        "keine abweichung",
        "ohne abweichung",
        "keine feststellungen",
        "ohne feststellung",
    ];
    const NOTED: [&str; 12] = [
        "exception noted",
        "exceptions noted",
        "exceptions were noted",
        "exception was noted",
        "exception identified",
        "exceptions identified",
        "deviation noted",
        "deviations noted",
        "deviations were noted",
        "abweichung festgestellt",
        "abweichungen festgestellt",
        "abweichung:",
    ];
    let lower = cell.trim().to_lowercase();
    if NONE.iter().any(|n| lower.starts_with(n)) {
        Some(false)
    } else if NOTED.iter().any(|n| lower.starts_with(n)) {
        Some(true)
    } else {
        None
    }
}

/// The tests of controls: every result cell ("No exceptions noted.", "Exception noted. For 2 of
/// 25 ..."), each exception with its criterion. A table row's cells may be centred: on a page
/// with as many criteria as results they pair in order; otherwise the nearest criterion is
/// taken and marked for review.
fn exceptions(pages: &[Page]) -> Option<Fact<Exceptions>> {
    let mut first: Option<(u32, String)> = None;
    let mut tests = 0u32;
    let mut noted: Vec<Fact<TestException>> = Vec::new();
    let mut carried: Option<String> = None;
    for page in pages {
        let rows: Vec<Vec<(f32, f32, String)>> = page.lines.iter().map(table_cells).collect();
        let mut criteria: Vec<(usize, String)> = Vec::new();
        let mut results: Vec<(usize, f32, String, bool)> = Vec::new();
        for (i, cells) in rows.iter().enumerate() {
            if let Some(c) = cells.first().and_then(|c| criterion(&c.2)) {
                criteria.push((i, c));
            }
            if let Some((x, _, text, bad)) = cells.iter().find_map(|c| result(&c.2).map(|bad| (c.0, c.1, c.2.clone(), bad))) {
                results.push((i, x, text, bad));
            }
        }
        if first.is_none() {
            first = results.first().map(|r| (page.number, r.2.clone()));
        }
        tests += results.len() as u32;
        let paired = criteria.len() == results.len();
        for (n, (i, x, text, bad)) in results.iter().enumerate() {
            if !bad {
                continue;
            }
            let (criterion, review) = if paired {
                (Some(criteria[n].1.clone()), false)
            } else {
                let nearest = criteria.iter().min_by_key(|(j, _)| (*j as i64 - *i as i64).abs()).map(|c| c.1.clone());
                (nearest.or_else(|| carried.clone()), true)
            };
            // the result's own column on the lines below, up to the next result
            let mut whole = text.clone();
            for cells in rows.iter().skip(i + 1).take(8) {
                if cells.iter().any(|c| result(&c.2).is_some()) {
                    break;
                }
                if let Some(c) = cells.iter().find(|c| (c.0 - x).abs() < 3.0) {
                    whole.push(' ');
                    whole.push_str(&c.2);
                }
            }
            noted.push(Fact { value: TestException { criterion, text: whole }, page: page.number, quote: text.clone(), review });
        }
        if let Some((_, c)) = criteria.last() {
            carried = Some(c.clone());
        }
    }
    let (page, quote) = first?;
    let mut criteria: Vec<String> = Vec::new();
    for c in noted.iter().filter_map(|n| n.value.criterion.clone()) {
        if !criteria.contains(&c) {
            criteria.push(c);
        }
    }
    let review = noted.iter().any(|n| n.review);
    Some(Fact { value: Exceptions { tests, count: noted.len() as u32, criteria, noted }, page, quote, review })
}

/// The complementary user entity controls: the items (bullets or numbers) under the section of
/// that name in the system description, each with its wrapped lines joined.
fn cuecs(pages: &[Page]) -> Vec<Fact<String>> {
    static ITEM: OnceLock<Regex> = OnceLock::new();
    let item = re(&ITEM, r"^(?:[•●▪◦‣∙·\-–]|\d{1,2}[.)]?)\s+(\S.*)$");
    let footer = |t: &str| {
        t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
            || t.to_lowercase().contains("confidential")
            || t.to_lowercase().starts_with("page ")
    };
    let heading = |t: &str| {
        let s = squash(t);
        (s.ends_with("complementaryuserentitycontrols")
            || s.ends_with("complementaryuserentitycontrolconsiderations")
            || s.ends_with("complementaryuserentitycontrolconsiderations(cuecs)")
            || s.ends_with("complementaryuserentitycontrols(cuecs)"))
            && s.len() < 70
    };
    let mut out: Vec<Fact<String>> = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        let Some(start) = page.lines.iter().position(|l| heading(&l.text) && !l.text.contains("...")) else { continue };
        let mut current: Option<(u32, String)> = None;
        let mut seen_item = false;
        let lines = page.lines[start + 1..]
            .iter()
            .map(|l| (page.number, l))
            .chain(pages.iter().skip(p + 1).take(3).flat_map(|q| q.lines.iter().map(move |l| (q.number, l))));
        for (number, line) in lines {
            let t = line.text.trim();
            if footer(t) || heading(t) {
                continue;
            }
            if let Some(c) = item.captures(t) {
                if let Some((n, text)) = current.take() {
                    out.push(Fact { value: text.clone(), page: n, quote: text, review: false });
                }
                current = Some((number, c[1].to_owned()));
                seen_item = true;
            } else if seen_item && t.chars().next().is_some_and(|c| c.is_lowercase()) {
                if let Some((_, text)) = current.as_mut() {
                    text.push(' ');
                    text.push_str(t);
                }
            } else if seen_item {
                break;
            }
            if out.len() > 60 {
                break;
            }
        }
        if let Some((n, text)) = current.take() {
            out.push(Fact { value: text.clone(), page: n, quote: text, review: false });
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

impl DocumentKind {
    /// The kind of certification record it makes (`None`: the user chooses, as for a C5 report
    /// whose type the text does not say).
    pub fn cert_kind(self) -> Option<&'static str> {
        Some(match self {
            DocumentKind::Soc2Type1 => "soc2_type1",
            DocumentKind::Soc2Type2 => "soc2_type2",
            DocumentKind::Soc3 => "soc3",
            DocumentKind::Soc1 => "soc1",
            DocumentKind::BridgeLetter => "bridge_letter",
            DocumentKind::Iso27001_2013 => "iso27001_2013",
            DocumentKind::Iso27001_2022 => "iso27001_2022",
            DocumentKind::Iso27017 => "iso27017",
            DocumentKind::Iso27018 => "iso27018",
            DocumentKind::Iso27701 => "iso27701",
            DocumentKind::CsaStarCertification => "csa_star_l2_certification",
            DocumentKind::CsaStarRegistry => "csa_star_l1",
            DocumentKind::PciDssAoc => "pci_dss_aoc",
            DocumentKind::AttestationStatus | DocumentKind::Isae3000 | DocumentKind::Other => "other",
            DocumentKind::BsiC5 | DocumentKind::ImageOnly => return None,
        })
    }
}

/// A C5 report's type as its title pages name it ("Typ 2", "Type 1"), when they name one only.
fn c5_type(pages: &[Page]) -> Option<u8> {
    let text: String = pages.iter().take(2).map(|p| squash(&p.text())).collect();
    let two = ["typ2", "type2", "typii", "typeii"].iter().any(|w| text.contains(w));
    let one = ["typ1", "type1"].iter().any(|w| text.contains(w)) || text.contains("typi)") || text.contains("typei)");
    match (one, two) {
        (true, false) => Some(1),
        (false, true) => Some(2),
        _ => None,
    }
}

/// The record the facts propose: every field from a fact read, the rest empty (a C5 report's
/// kind only when its title pages name its type).
fn proposal(r: &Reading, c5_type: Option<u8>) -> vetted_domain::certification::CertDraft {
    let day = |f: &Option<Fact<NaiveDate>>| f.as_ref().map(|f| f.value.to_string()).unwrap_or_default();
    let text = |f: &Option<Fact<String>>| f.as_ref().map(|f| f.value.clone()).unwrap_or_default();
    let scope = match (&r.kind.value, &r.other) {
        (DocumentKind::Other | DocumentKind::AttestationStatus, Some(other)) => other.clone(),
        (DocumentKind::Isae3000, _) => "ISAE 3000".to_owned(),
        _ => String::new(),
    };
    let kind = match (r.kind.value, c5_type) {
        (DocumentKind::BsiC5, Some(1)) => "bsi_c5_type1",
        (DocumentKind::BsiC5, Some(2)) => "bsi_c5_type2",
        (k, _) => k.cert_kind().unwrap_or(""),
    };
    vetted_domain::certification::CertDraft {
        kind: kind.to_owned(),
        issuer: text(&r.auditor),
        certificate_number: text(&r.certificate_number),
        scope,
        services: Vec::new(),
        tsc: r.categories.as_ref().map(|c| c.value.clone()).unwrap_or_default(),
        period_start: day(&r.period_start),
        period_end: day(&r.period_end),
        as_of: day(&r.as_of),
        issued: day(&r.issued),
        expires: day(&r.expires),
        opinion: r.opinion.as_ref().map(|o| vetted_domain::wire_name(&o.value)).unwrap_or_default(),
        exceptions: r
            .exceptions
            .iter()
            .flat_map(|e| &e.value.noted)
            .map(|n| match &n.value.criterion {
                Some(c) => format!("{c}: {}", n.value.text),
                None => n.value.text.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// Reads the facts of a document from its text layer.
pub fn read_facts(layer: &TextLayer) -> Reading {
    let pages = &layer.pages;
    let text_pages = pages.iter().filter(|p| !p.lines.is_empty()).count() as u32;
    let total = pages.len() as u32;
    if text_pages == 0 {
        return Reading {
            kind: Fact { value: DocumentKind::ImageOnly, page: 1, quote: String::new(), review: false },
            other: None,
            pages: total,
            text_pages,
            organisation: None,
            auditor: None,
            period_start: None,
            period_end: None,
            as_of: None,
            issued: None,
            expires: None,
            certificate_number: None,
            opinion: None,
            categories: None,
            subservice_organisations: Vec::new(),
            cuecs: Vec::new(),
            exceptions: None,
            proposed: None,
            missing: Vec::new(),
            ocr: false,
            recognised: None,
        };
    }
    let (k, other, page, quote) = kind(pages);
    let report = is_report(k);
    let certificate = is_certificate(k) || k == DocumentKind::PciDssAoc;
    let (period_start, period_end) = match report.then(|| period(pages)).flatten() {
        Some((a, b)) => (Some(a), Some(b)),
        None => (None, None),
    };
    let as_of = (report && period_start.is_none()).then(|| as_of(pages)).flatten();
    let date_labels = |labels: &[&str]| labelled(pages, labels, first_date);
    let issued = if certificate || k == DocumentKind::AttestationStatus {
        date_labels(&["issue date of certificate", "date of issue", "issue date", "latest issue", "valid from", "issued on"])
    } else {
        None
    };
    let expires = certificate
        .then(|| {
            date_labels(&["expiration date of certificate", "expiry date", "expiration date", "expiration", "valid until", "gültig bis"])
        })
        .flatten();
    static NUMBER: OnceLock<Regex> = OnceLock::new();
    let number_re = re(&NUMBER, r"^([A-Z0-9][A-Z0-9\-/._]{2,40})");
    let number = |s: &str| {
        number_re.captures(s.trim()).map(|c| c[1].trim_end_matches(['.', ',']).to_owned()).filter(|n| n.chars().any(|c| c.is_ascii_digit()))
    };
    let certificate_number = certificate
        .then(|| {
            labelled(
                pages,
                &[
                    "certificate number",
                    "certificate no.",
                    "certificate no",
                    "certificate #",
                    "certiﬁcate no.",
                    "report id",
                    "holds certificate number",
                ],
                number,
            )
        })
        .flatten()
        .or_else(|| (k == DocumentKind::AttestationStatus).then(|| labelled(pages, &["report id"], number)).flatten());
    let opinion = report.then(|| opinion(pages)).flatten();
    let categories =
        matches!(k, DocumentKind::Soc2Type1 | DocumentKind::Soc2Type2 | DocumentKind::Soc3).then(|| categories(pages)).flatten();
    let mut reading = Reading {
        kind: Fact { value: k, page, quote, review: false },
        other,
        pages: total,
        text_pages,
        organisation: organisation(pages),
        auditor: auditor(pages, k),
        period_start,
        period_end,
        as_of,
        issued,
        expires,
        certificate_number,
        opinion,
        categories,
        subservice_organisations: if report { subservices(pages) } else { Vec::new() },
        cuecs: if report { cuecs(pages) } else { Vec::new() },
        exceptions: if matches!(k, DocumentKind::Soc2Type2 | DocumentKind::Soc1 | DocumentKind::BsiC5 | DocumentKind::Isae3000) {
            exceptions(pages)
        } else {
            None
        },
        proposed: None,
        missing: Vec::new(),
        ocr: false,
        recognised: None,
    };
    let c5 = if k == DocumentKind::BsiC5 { c5_type(pages) } else { None };
    reading.proposed = Some(proposal(&reading, c5));
    let r = &reading;
    let mut missing: Vec<&str> = Vec::new();
    let mut want = |name: &'static str, found: bool| {
        if !found {
            missing.push(name);
        }
    };
    want("organisation", r.organisation.is_some());
    // a self-assessment has no auditor
    if k != DocumentKind::CsaStarRegistry {
        want("auditor", r.auditor.is_some());
    }
    if report {
        want("period", r.period_start.is_some() || r.as_of.is_some());
        want("opinion", r.opinion.is_some());
    }
    if matches!(k, DocumentKind::Soc2Type1 | DocumentKind::Soc2Type2 | DocumentKind::Soc3) {
        want("categories", r.categories.is_some());
    }
    if k == DocumentKind::Soc2Type2 {
        want("exceptions", r.exceptions.is_some());
    }
    if certificate {
        want("issued", r.issued.is_some());
        want("expires", r.expires.is_some());
        want("certificate_number", r.certificate_number.is_some());
    }
    reading.missing = missing.into_iter().map(str::to_owned).collect();
    reading
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_reports_and_certificates_print() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let got: Vec<NaiveDate> = dates("As of November 30, 2023; 16 January 2024; 2024-01-09; 30.11.2023; 09/01/2017; 30. November 2023")
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        assert_eq!(got, [d(2023, 11, 30), d(2024, 1, 16), d(2024, 1, 9), d(2023, 11, 30), d(2017, 9, 1), d(2023, 11, 30)]);
        assert!(dates("version 2020.01, 1300 495 855").is_empty());
        assert_eq!(first_date("JULY 1, 2021 TO JUNE 30, 2022"), Some(d(2021, 7, 1)));
    }

    /// A line of cells, each `(x, text)`, 9 pt type.
    fn line(y: f32, cells: &[(f32, &str)]) -> Line {
        let runs: Vec<crate::text::Run> = cells
            .iter()
            .map(|(x, t)| crate::text::Run { x: *x, end: x + t.chars().count() as f32 * 4.5, y, size: 9.0, text: t.to_string() })
            .collect();
        Line { y, text: cells.iter().map(|c| c.1).collect::<Vec<_>>().join(" "), runs }
    }

    #[test]
    fn an_isae_3000_report_in_german_with_its_period() {
        let page = Page {
            number: 1,
            images: 0,
            lines: vec![
                line(760.0, &[(50.0, "Bericht des unabhängigen Prüfers nach ISAE 3000 (Revised)")]),
                line(740.0, &[(50.0, "Berichtszeitraum vom 1. Januar 2025 bis zum 31. Dezember 2025")]),
            ],
        };
        let r = read_facts(&TextLayer { pages: vec![page], encrypted: false });
        assert_eq!(r.kind.value, DocumentKind::Isae3000);
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!((r.period_start.map(|f| f.value), r.period_end.map(|f| f.value)), (Some(d(2025, 1, 1)), Some(d(2025, 12, 31))));
        assert_eq!(r.proposed.map(|p| (p.kind, p.scope)), Some(("other".to_owned(), "ISAE 3000".to_owned())));
    }

    #[test]
    fn exceptions_in_tests_of_controls_with_their_criteria() {
        // one criterion over three controls: the counts differ, so the nearest criterion is
        // taken and marked for review; boilerplate that speaks of exceptions is no result
        let page = Page {
            number: 31,
            images: 0,
            lines: vec![
                line(700.0, &[(50.0, "If exceptions are noted in the tests of controls, they are described below.")]),
                line(680.0, &[(50.0, "CC6.1"), (100.0, "Access is reviewed."), (300.0, "No deviations noted.")]),
                line(660.0, &[(100.0, "MFA is enforced."), (300.0, "Exception noted. One of 25 admins had no MFA.")]),
                line(650.0, &[(300.0, "It was enabled after the test.")]),
                line(640.0, &[(100.0, "Keys are rotated."), (300.0, "No exceptions noted.")]),
            ],
        };
        let x = exceptions(std::slice::from_ref(&page)).expect("tests of controls");
        assert_eq!((x.value.tests, x.value.count, x.value.criteria.clone(), x.review), (3, 1, vec!["CC6.1".to_owned()], true));
        assert_eq!(x.value.noted[0].value.text, "Exception noted. One of 25 admins had no MFA. It was enabled after the test.");
        assert_eq!((x.page, x.quote.as_str()), (31, "No deviations noted."));
        // results without one exception: none noted, and certain
        let clean =
            Page { number: 2, images: 0, lines: vec![line(600.0, &[(50.0, "IDM-03"), (300.0, "Keine Abweichungen festgestellt.")])] };
        let x = exceptions(std::slice::from_ref(&clean)).expect("tests of controls");
        assert_eq!((x.value.tests, x.value.count, x.review), (1, 0, false));
        // a report with no tests of controls has none to read
        let none = Page { number: 1, images: 0, lines: vec![line(600.0, &[(50.0, "Section IV lists the controls in scope.")])] };
        assert!(exceptions(&[none]).is_none());
        assert_eq!(criterion("CC6.4.2"), Some("CC6.4".to_owned()));
        assert_eq!(criterion("CC6.4 - The entity restricts"), Some("CC6.4".to_owned()));
        assert_eq!(criterion("OPS-12"), Some("OPS-12".to_owned()));
        assert_eq!(criterion("Criteria"), None);
    }
}
