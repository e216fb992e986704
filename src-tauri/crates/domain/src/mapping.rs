//! Mapping profiles as data: how to find one template's question table (sheets, header row, column roles, marks).

use regex::Regex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a column is: by its header text (any of these, compared without case and extra spaces;
/// a header that starts with one matches), or by its letter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColumnSpec {
    Header(Vec<String>),
    Column(String),
}

/// The column playing each role in the question table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(default)]
pub struct Columns {
    pub id: Option<ColumnSpec>,
    pub question: Option<ColumnSpec>,
    /// One answer column (a dropdown or free text). Absent when answers are marks.
    pub answer: Option<ColumnSpec>,
    /// The vendor's comment or implementation description.
    pub comment: Option<ColumnSpec>,
    pub control: Option<ColumnSpec>,
    pub domain: Option<ColumnSpec>,
    /// Where the vendor names its evidence (a document, a link, a page); kept with the comment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<ColumnSpec>,
}

/// Answers given as an "x" in one of several columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct Marks {
    pub yes: ColumnSpec,
    pub no: ColumnSpec,
    #[serde(default)]
    pub na: Option<ColumnSpec>,
    #[serde(default)]
    pub partial: Option<ColumnSpec>,
}

/// How a template is recognised: a sheet whose name matches `sheet` (if given) and whose first
/// rows (`header_search_rows`) have a cell matching each of `texts` (regular expressions,
/// case-insensitive).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(default)]
pub struct Detect {
    pub sheet: Option<String>,
    pub texts: Vec<String>,
}

/// A mapping profile: one template's layout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct MappingProfile {
    /// Stable id, e.g. `caiq-v4`.
    pub id: String,
    /// For people, e.g. "CSA CAIQ v4.0.x".
    pub name: String,
    #[serde(default)]
    pub detect: Detect,
    /// A regular expression with one group capturing the template's version, looked for in
    /// sheet names, then in the cells of each sheet's first five rows.
    #[serde(default)]
    pub version_pattern: Option<String>,
    /// A regular expression with one group capturing the variant (Full, Lite, ...), in sheet names.
    #[serde(default)]
    pub variant_pattern: Option<String>,
    /// Sheets holding questions: names matching this regular expression (all when absent).
    #[serde(default)]
    pub sheets: Option<String>,
    /// Read hidden sheets too (scoring and lookup sheets are hidden; leave this off).
    #[serde(default)]
    pub include_hidden: bool,
    /// The header row is looked for in this many rows from the top of each sheet.
    #[serde(default = "default_header_search")]
    pub header_search_rows: u32,
    /// Rows under the header row that still belong to it (sub-headers such as Yes / No / N/A).
    #[serde(default)]
    pub header_extra_rows: u32,
    pub columns: Columns,
    #[serde(default)]
    pub marks: Option<Marks>,
    /// Rows are questions when their id matches this regular expression; without it, when
    /// their question cell holds text.
    #[serde(default)]
    pub id_pattern: Option<String>,
    /// Roles whose value carries down to the rows below until the next value (merged cells).
    #[serde(default)]
    pub carry_down: Vec<Role>,
}

fn default_header_search() -> u32 {
    40
}

/// A column's role in the question table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Id,
    Question,
    Answer,
    Comment,
    Control,
    Domain,
    MarkYes,
    MarkNo,
    MarkNa,
    MarkPartial,
    Evidence,
}

impl MappingProfile {
    /// Reads a profile from JSON and checks its regular expressions and column letters.
    pub fn parse(json: &str) -> Result<MappingProfile, String> {
        let p: MappingProfile = serde_json::from_str(json).map_err(|e| format!("mapping: {e}"))?;
        for (what, re) in [
            ("detect.sheet", &p.detect.sheet),
            ("version_pattern", &p.version_pattern),
            ("variant_pattern", &p.variant_pattern),
            ("sheets", &p.sheets),
            ("id_pattern", &p.id_pattern),
        ] {
            if let Some(re) = re {
                Regex::new(re).map_err(|e| format!("mapping {}: {what}: {e}", p.id))?;
            }
        }
        for re in &p.detect.texts {
            Regex::new(re).map_err(|e| format!("mapping {}: detect.texts: {e}", p.id))?;
        }
        for (_, spec) in p.specs() {
            if let ColumnSpec::Column(letter) = spec {
                column_index(letter).ok_or_else(|| format!("mapping {}: '{letter}' is not a column letter", p.id))?;
            }
        }
        if p.columns.question.is_none() && p.columns.id.is_none() {
            return Err(format!("mapping {}: needs a question or an id column", p.id));
        }
        if p.columns.answer.is_none() && p.marks.is_none() {
            return Err(format!("mapping {}: needs an answer column or mark columns", p.id));
        }
        Ok(p)
    }

    /// Every column spec with its role.
    pub fn specs(&self) -> Vec<(Role, &ColumnSpec)> {
        let c = &self.columns;
        let mut out: Vec<(Role, &ColumnSpec)> = [
            (Role::Id, &c.id),
            (Role::Question, &c.question),
            (Role::Answer, &c.answer),
            (Role::Comment, &c.comment),
            (Role::Control, &c.control),
            (Role::Domain, &c.domain),
            (Role::Evidence, &c.evidence),
        ]
        .into_iter()
        .filter_map(|(r, s)| s.as_ref().map(|s| (r, s)))
        .collect();
        if let Some(m) = &self.marks {
            out.push((Role::MarkYes, &m.yes));
            out.push((Role::MarkNo, &m.no));
            if let Some(s) = &m.na {
                out.push((Role::MarkNa, s));
            }
            if let Some(s) = &m.partial {
                out.push((Role::MarkPartial, s));
            }
        }
        out
    }
}
/// "A" → 0, "AB" → 27.
pub fn column_index(letter: &str) -> Option<u32> {
    let letter = letter.trim();
    if letter.is_empty() || letter.len() > 3 || !letter.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(letter.chars().fold(0u32, |acc, c| acc * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)) - 1)
}

/// 0 → "A", 27 → "AB".
pub fn column_letter(mut index: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push((b'A' + (index % 26) as u8) as char);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.iter().rev().collect()
}
