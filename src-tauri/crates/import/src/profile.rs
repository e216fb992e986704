//! Mapping profiles: how to find the question table of one questionnaire template (which sheets,
//! which header row, which column plays which role, how answers are given), as data validated by
//! `schemas/mapping.schema.json`. The shipped profiles live in `data/mappings/`.

use super::read::{Format, Sheet, Workbook};
use calamine::Data;
use regex::Regex;
use std::sync::Arc;
pub use vetted_domain::mapping::*;

const SHIPPED: &[(&str, &str)] = &[
    ("vetted.json", include_str!("../data/mappings/vetted.json")),
    ("caiq-v4.json", include_str!("../data/mappings/caiq-v4.json")),
    ("caiq-v3.json", include_str!("../data/mappings/caiq-v3.json")),
    ("hecvat-4.json", include_str!("../data/mappings/hecvat-4.json")),
    ("k12cvat.json", include_str!("../data/mappings/k12cvat.json")),
    ("hecvat-3.json", include_str!("../data/mappings/hecvat-3.json")),
    ("sig.json", include_str!("../data/mappings/sig.json")),
];

/// The profiles shipped with Vetted, most specific first (parsed and checked once).
pub fn shipped() -> &'static [MappingProfile] {
    static PARSED: std::sync::OnceLock<Vec<MappingProfile>> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| {
        SHIPPED.iter().map(|(file, json)| MappingProfile::parse(json).unwrap_or_else(|e| panic!("shipped mapping {file}: {e}"))).collect()
    })
}

fn capture(pattern: &str, book: &Workbook, in_cells: bool) -> Option<String> {
    let re = ci(pattern);
    let found = |text: &str| re.captures(text).and_then(|c| c.get(1)).map(|m| m.as_str().trim().to_owned());
    if let Some(v) = book.sheets.iter().find_map(|s| found(&s.name)) {
        return Some(v);
    }
    if !in_cells {
        return None;
    }
    book.sheets.iter().find_map(|s| head_texts(s, 5).iter().find_map(|t| found(t)))
}

/// A case-insensitive regular expression (patterns are checked when a profile is parsed).
/// Compiled once per pattern: building one costs more than reading a small workbook. Shared,
/// not cloned: a cloned `Regex` starts with an empty search cache and builds one at its first
/// match (over the profiles tried, 0.2-0.4 ms of a CAIQ import's 2.6-3.1 ms).
pub(crate) fn ci(pattern: &str) -> Arc<Regex> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static COMPILED: OnceLock<Mutex<HashMap<String, Arc<Regex>>>> = OnceLock::new();
    let mut compiled = COMPILED.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(re) = compiled.get(pattern) {
        return re.clone();
    }
    let re = Arc::new(regex::RegexBuilder::new(pattern).case_insensitive(true).build().expect("checked when the profile was parsed"));
    if compiled.len() >= 1024 {
        compiled.clear(); // user mappings are few; this only bounds a long-running app
    }
    compiled.insert(pattern.to_owned(), re.clone());
    re
}

/// The identity line of a questionnaire Vetted wrote, in the first rows of any sheet (the hidden
/// one included: a CSV has only the questions sheet's line).
pub fn own_identity(book: &Workbook) -> Option<vetted_domain::questionnaire::OwnQuestionnaire> {
    use vetted_domain::questionnaire::OwnQuestionnaire;
    book.sheets.iter().find_map(|s| head_texts(s, 5).iter().find_map(|t| OwnQuestionnaire::parse(t)))
}

/// The texts of the non-empty cells in a sheet's first `rows` rows.
fn head_texts(sheet: &Sheet, rows: u32) -> Vec<String> {
    let (Some((r0, r1)), Some((c0, c1))) = (sheet.rows(), sheet.cols()) else { return Vec::new() };
    let mut out = Vec::new();
    for r in r0..=r1.min(r0 + rows - 1) {
        for c in c0..=c1.min(c0 + 60) {
            let t = cell_text(sheet.get(r, c));
            if !t.is_empty() {
                out.push(t);
            }
        }
    }
    out
}

/// A cell as text: numbers without a trailing ".0", dates as YYYY-MM-DD, errors as "#REF!".
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.date().to_string(),
            Some(t) => t.to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("{e}"),
    }
}

/// Header text as compared: lower case, whitespace collapsed.
pub fn header_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// What a profile finds in a workbook: whether it is its template, its version and variant, and which sheets to read.
pub trait Detection {
    /// Whether this profile's template is the one in `book`.
    fn detects(&self, book: &Workbook) -> bool;
    /// The template version (e.g. "4.0.3"), from sheet names or the first rows' cells.
    fn version(&self, book: &Workbook) -> Option<String>;
    /// The variant (e.g. "Full"), from sheet names, capitalised.
    fn variant(&self, book: &Workbook) -> Option<String>;
    /// Whether `sheet` of `book` is one to read questions from (a CSV file's one sheet always is).
    fn reads(&self, book: &Workbook, sheet: &Sheet) -> bool;
}

impl Detection for MappingProfile {
    fn detects(&self, book: &Workbook) -> bool {
        let sheet_re = self.detect.sheet.as_deref().map(ci);
        let texts: Vec<Arc<Regex>> = self.detect.texts.iter().map(|t| ci(t)).collect();
        book.sheets.iter().any(|sheet| {
            if sheet_re.as_ref().is_some_and(|re| !re.is_match(&sheet.name)) {
                return false;
            }
            let head = head_texts(sheet, self.header_search_rows);
            texts.iter().all(|re| head.iter().any(|t| re.is_match(t)))
        })
    }

    fn version(&self, book: &Workbook) -> Option<String> {
        capture(self.version_pattern.as_deref()?, book, true)
    }

    fn variant(&self, book: &Workbook) -> Option<String> {
        let v = capture(self.variant_pattern.as_deref()?, book, false)?;
        let mut chars = v.chars();
        Some(chars.next().map(|c| c.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()).unwrap_or_default())
    }

    fn reads(&self, book: &Workbook, sheet: &Sheet) -> bool {
        if book.format == Format::Csv {
            return true;
        }
        (self.include_hidden || !sheet.hidden) && self.sheets.as_deref().is_none_or(|re| ci(re).is_match(&sheet.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_profiles_parse() {
        let ids: Vec<&str> = shipped().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["vetted", "caiq-v4", "caiq-v3", "hecvat-4", "k12cvat", "hecvat-3", "sig"]);
    }

    #[test]
    fn bad_profiles_are_refused_with_the_reason() {
        let base = serde_json::json!({ "id": "x", "name": "X", "columns": { "question": { "column": "B" }, "answer": { "column": "C" } } });
        assert!(MappingProfile::parse(&base.to_string()).is_ok());
        let mut bad = base.clone();
        bad["id_pattern"] = "([".into();
        assert!(MappingProfile::parse(&bad.to_string()).unwrap_err().contains("id_pattern"));
        let mut bad = base.clone();
        bad["columns"]["answer"] = serde_json::json!({ "column": "C1" });
        assert!(MappingProfile::parse(&bad.to_string()).unwrap_err().contains("not a column letter"));
        let mut bad = base;
        bad["columns"]["answer"] = serde_json::Value::Null;
        assert!(MappingProfile::parse(&bad.to_string()).unwrap_err().contains("answer column or mark columns"));
    }

    #[test]
    fn column_letters_round_trip() {
        for (i, l) in [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")] {
            assert_eq!(column_letter(i), l);
            assert_eq!(column_index(l), Some(i));
        }
        assert_eq!(column_index("a"), Some(0));
        assert_eq!(column_index("1"), None);
    }
}
