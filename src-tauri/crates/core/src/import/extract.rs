//! Applies a mapping profile to a workbook: finds each sheet's header row, resolves the column
//! roles, and reads every question row into an answer with its cell reference, or into a skipped
//! row with the reason. Also guesses a profile for a layout no shipped profile knows. Pure.

use super::answer::{is_mark, normalise, Answer};
use super::profile::{cell_text, ci, column_index, column_letter, header_key, ColumnSpec, MappingProfile, Role};
use super::read::{Sheet, Workbook};
use calamine::Data;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// One answer read from the file, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct ImportedAnswer {
    /// Where the answer is, e.g. `CAIQv4.0.3!C12`.
    pub cell: String,
    pub sheet: String,
    /// 1-based, as the spreadsheet shows it.
    pub row: u32,
    pub question_id: Option<String>,
    pub question: String,
    pub answer: Answer,
    /// The answer as written (for marks: the marked column's header).
    pub original: String,
    pub comment: String,
    pub control: Option<String>,
    pub domain: Option<String>,
}

/// A row that looks like a question but could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, schemars::JsonSchema)]
pub struct SkippedRow {
    pub sheet: String,
    /// 1-based.
    pub row: u32,
    pub reason: String,
}

/// Which column plays which role on a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ColumnRole {
    pub sheet: String,
    pub role: Role,
    /// The column letter, e.g. `C`.
    pub column: String,
    /// Its header text, when it has one.
    pub header: Option<String>,
}

/// How a sheet was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SheetUse {
    pub sheet: String,
    /// 1-based header row; absent when the profile names columns by letter only.
    pub header_row: Option<u32>,
    pub first_row: u32,
    pub last_row: u32,
    pub questions: u32,
    /// The sheet's columns with their header text: what the mapping screen offers.
    pub headers: Vec<HeaderCell>,
}

/// One column of a sheet as the mapping screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HeaderCell {
    pub column: String,
    pub text: String,
}

/// What a profile found in a workbook.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub answers: Vec<ImportedAnswer>,
    pub skipped: Vec<SkippedRow>,
    pub columns: Vec<ColumnRole>,
    pub sheets: Vec<SheetUse>,
}

/// Whether a header cell's text is the one a spec names: the same words, or starting with them
/// followed by a non-letter ("Notes (optional)" is "Notes"; "Not Applicable" is not "No").
fn header_matches(cell: &str, names: &[String], exact: bool) -> bool {
    let cell = header_key(cell);
    names.iter().map(|n| header_key(n)).any(|n| {
        cell == n
            || (!exact
                && cell.starts_with(&n)
                && cell[n.len()..].chars().next().is_some_and(|c| !c.is_alphanumeric()))
    })
}

/// Resolves the columns of `profile` on rows `rows` of `sheet`: exact header matches first, then
/// prefix matches, never two roles on one column. `None` if a required role has no column.
/// Each role's column index and, when found by its header, the header text.
type Resolved = HashMap<Role, (u32, Option<String>)>;

fn resolve(profile: &MappingProfile, sheet: &Sheet, rows: std::ops::RangeInclusive<u32>) -> Option<Resolved> {
    let (c0, c1) = sheet.cols()?;
    let mut out: Resolved = HashMap::new();
    for (role, spec) in profile.specs() {
        if let ColumnSpec::Column(letter) = spec {
            out.insert(role, (column_index(letter).expect("checked when parsed"), None));
        }
    }
    for exact in [true, false] {
        for (role, spec) in profile.specs() {
            let ColumnSpec::Header(names) = spec else { continue };
            if out.contains_key(&role) {
                continue;
            }
            'find: for r in rows.clone() {
                for c in c0..=c1 {
                    if out.values().any(|(col, _)| *col == c) {
                        continue;
                    }
                    let text = cell_text(sheet.get(r, c));
                    if !text.is_empty() && header_matches(&text, names, exact) {
                        out.insert(role, (c, Some(text)));
                        break 'find;
                    }
                }
            }
        }
    }
    let required = |role: Role| matches!(role, Role::Question | Role::Answer | Role::Id | Role::MarkYes | Role::MarkNo);
    let all_found = profile.specs().iter().all(|(role, _)| !required(*role) || out.contains_key(role));
    all_found.then_some(out)
}

/// The header row of `sheet` under `profile` (absent when every column is named by letter) and
/// the resolved columns; `None` when the sheet has no such header.
fn find_header(profile: &MappingProfile, sheet: &Sheet) -> Option<(Option<u32>, Resolved)> {
    let (r0, r1) = sheet.rows()?;
    let by_header = profile.specs().iter().any(|(_, s)| matches!(s, ColumnSpec::Header(_)));
    if !by_header {
        return resolve(profile, sheet, r0..=r0).map(|cols| (None, cols));
    }
    let last = r1.min(r0 + profile.header_search_rows.saturating_sub(1));
    for r in r0..=last {
        // A header row has a header-based required role on it; extra rows may add sub-headers.
        let rows = r..=(r + profile.header_extra_rows).min(r1);
        if let Some(cols) = resolve(profile, sheet, rows) {
            let on_this_row = cols.values().any(|(c, h)| h.as_deref().is_some_and(|h| cell_text(sheet.get(r, *c)) == h));
            if on_this_row {
                return Some((Some(r), cols));
            }
        }
    }
    None
}

fn compact(id: &str) -> String {
    id.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// Reads every sheet `profile` covers in `book`.
pub fn extract(profile: &MappingProfile, book: &Workbook) -> Extraction {
    let id_re = profile.id_pattern.as_deref().map(ci);
    let mut x = Extraction::default();
    // Question key → (sheet, row, question text) of its first occurrence.
    let mut seen: HashMap<String, (String, u32, String)> = HashMap::new();
    for sheet in book.sheets.iter().filter(|s| profile.reads(book, s)) {
        let Some((header_row, cols)) = find_header(profile, sheet) else { continue };
        let (r0, r1) = sheet.rows().expect("a sheet with a header has rows");
        let mut roles: Vec<(&Role, &(u32, Option<String>))> = cols.iter().collect();
        roles.sort_by_key(|(role, (c, _))| (*c, format!("{role:?}")));
        for (role, (c, header)) in roles {
            x.columns.push(ColumnRole { sheet: sheet.name.clone(), role: *role, column: column_letter(*c), header: header.clone() });
        }
        let col = |role: Role| cols.get(&role).map(|(c, _)| *c);
        let header_texts: Vec<(u32, String)> =
            cols.values().filter_map(|(c, h)| h.as_ref().map(|h| (*c, header_key(h)))).collect();
        let first = header_row.map(|h| h + 1 + profile.header_extra_rows).unwrap_or(r0);
        let mut carried: HashMap<Role, String> = HashMap::new();
        let mut questions = 0;
        for r in first..=r1 {
            let text = |role: Role| col(role).map(|c| cell_text(sheet.get(r, c))).unwrap_or_default();
            let is_error = |role: Role| col(role).is_some_and(|c| matches!(sheet.get(r, c), Data::Error(_)));
            let shown_row = r + 1;
            // A header repeated for a new section.
            // (Cheap test first: a header cell is text of the header's length, give or take spaces.)
            let looks_like = |c: u32, h: &str| match sheet.get(r, c) {
                Data::String(s) => s.len() + 4 >= h.len() && s.len() <= h.len() * 2 + 4 && header_key(s) == h,
                _ => false,
            };
            if !header_texts.is_empty()
                && header_texts.iter().filter(|(c, h)| looks_like(*c, h)).count() * 2 > header_texts.len().max(1)
            {
                continue;
            }
            for role in &profile.carry_down {
                let v = text(*role);
                if !v.is_empty() {
                    carried.insert(*role, v);
                }
            }
            let id = text(Role::Id);
            let question = text(Role::Question);
            if is_error(Role::Id) {
                x.skipped.push(SkippedRow {
                    sheet: sheet.name.clone(),
                    row: shown_row,
                    reason: format!("the question id cell holds the formula error {id}"),
                });
                continue;
            }
            let is_question = match (&id_re, col(Role::Id)) {
                (Some(re), Some(_)) => re.is_match(&id),
                _ => !question.is_empty(),
            };
            if !is_question {
                continue;
            }
            if is_error(Role::Question) {
                x.skipped.push(SkippedRow { sheet: sheet.name.clone(), row: shown_row, reason: format!("the question text is the formula error {question}") });
                continue;
            }
            if question.is_empty() && col(Role::Question).is_some() {
                x.skipped.push(SkippedRow { sheet: sheet.name.clone(), row: shown_row, reason: format!("{id} has no question text") });
                continue;
            }
            let key = if id.is_empty() { header_key(&question) } else { compact(&id) };
            if let Some((s, row, q)) = seen.get(&key) {
                let what = if id.is_empty() { "the same question".to_owned() } else { format!("id {id}") };
                if *s == sheet.name {
                    x.skipped.push(SkippedRow { sheet: sheet.name.clone(), row: shown_row, reason: format!("duplicate {what} (first on row {row})") });
                    continue;
                }
                if header_key(q) == header_key(&question) {
                    x.skipped.push(SkippedRow { sheet: sheet.name.clone(), row: shown_row, reason: format!("repeats {what} from sheet {s}") });
                    continue;
                }
            } else {
                seen.insert(key, (sheet.name.clone(), shown_row, question.clone()));
            }
            let (answer, original, answer_col) = match (col(Role::Answer), &profile.marks) {
                (Some(c), _) => {
                    let original = cell_text(sheet.get(r, c));
                    let answer = if is_error(Role::Answer) { Answer::Unknown } else { normalise(&original).0 };
                    (answer, original, c)
                }
                (None, _) => {
                    let marked: Vec<(Answer, u32)> = [
                        (Role::MarkYes, Answer::Yes),
                        (Role::MarkNo, Answer::No),
                        (Role::MarkNa, Answer::Na),
                        (Role::MarkPartial, Answer::Partial),
                    ]
                    .into_iter()
                    .filter_map(|(role, a)| col(role).filter(|c| is_mark(&cell_text(sheet.get(r, *c)))).map(|c| (a, c)))
                    .collect();
                    let label = |c: u32| cols.values().find(|(cc, _)| *cc == c).and_then(|(_, h)| h.clone()).unwrap_or_default();
                    match marked.as_slice() {
                        [(a, c)] => (*a, label(*c), *c),
                        [] => (Answer::Unknown, String::new(), col(Role::MarkYes).expect("marks resolved")),
                        many => (
                            Answer::Unknown,
                            many.iter().map(|(_, c)| label(*c)).collect::<Vec<_>>().join(" + "),
                            many[0].1,
                        ),
                    }
                }
            };
            questions += 1;
            let carried_or = |role: Role| {
                let v = text(role);
                if v.is_empty() { carried.get(&role).cloned() } else { Some(v) }
            };
            x.answers.push(ImportedAnswer {
                cell: format!("{}!{}{}", sheet.name, column_letter(answer_col), shown_row),
                sheet: sheet.name.clone(),
                row: shown_row,
                question_id: (!id.is_empty()).then_some(id),
                question,
                answer,
                original,
                comment: text(Role::Comment),
                control: carried_or(Role::Control),
                domain: carried_or(Role::Domain),
            });
        }
        let (c0, c1) = sheet.cols().expect("a sheet with rows has columns");
        let hr = header_row.unwrap_or(r0);
        let headers = (c0..=c1.min(c0 + 60))
            .map(|c| HeaderCell { column: column_letter(c), text: cell_text(sheet.get(hr, c)) })
            .collect();
        x.sheets.push(SheetUse {
            sheet: sheet.name.clone(),
            header_row: header_row.map(|h| h + 1),
            first_row: first + 1,
            last_row: r1 + 1,
            questions,
            headers,
        });
    }
    x
}

/// Header words that suggest each role, for layouts no profile knows (English and German).
const GUESS_WORDS: &[(Role, &[&str])] = &[
    (Role::Id, &["id", "question id", "ref", "ref.", "ques num", "question number", "no.", "nr.", "nr", "#", "nummer", "control id"]),
    (Role::Question, &["question", "questions", "frage", "fragen", "requirement", "anforderung", "control question", "question text"]),
    (Role::Answer, &["answer", "answers", "response", "antwort", "vendor answer", "vendor answers", "your answer", "vendor response", "yes/no", "ja/nein"]),
    (Role::Comment, &["comment", "comments", "notes", "note", "kommentar", "bemerkung", "bemerkungen", "additional information", "explanation", "erläuterung", "evidence", "details", "justification"]),
    (Role::Domain, &["domain", "category", "kategorie", "section", "bereich", "control domain"]),
];

/// A best guess for a layout no profile knows: on each visible sheet, the row among the first 40
/// whose cells name the most roles; the answer column, if no header names it, is the column
/// whose cells below most often give a verdict. `None` if no sheet has a question and an answer column.
pub fn guess(book: &Workbook, file_stem: &str) -> Option<MappingProfile> {
    let mut best: Option<(usize, MappingProfile)> = None;
    for sheet in book.sheets.iter().filter(|s| !s.hidden) {
        let (Some((r0, r1)), Some((c0, c1))) = (sheet.rows(), sheet.cols()) else { continue };
        for r in r0..=r1.min(r0 + 39) {
            let mut found: HashMap<Role, (u32, String)> = HashMap::new();
            for c in c0..=c1.min(c0 + 60) {
                let text = cell_text(sheet.get(r, c));
                let key = header_key(&text);
                for (role, words) in GUESS_WORDS {
                    if !found.contains_key(role) && words.iter().any(|w| key == *w || (key.starts_with(w) && w.len() > 4)) {
                        found.insert(*role, (c, text.clone()));
                        break;
                    }
                }
            }
            let Some((qc, _)) = found.get(&Role::Question).cloned() else { continue };
            #[allow(clippy::map_entry)] // the search below reads `found`
            if !found.contains_key(&Role::Answer) {
                // The column after the question whose values most often give a verdict.
                let mut best_col: Option<(u32, usize)> = None;
                for c in (qc + 1)..=c1.min(qc + 10) {
                    let verdicts = (r + 1..=r1.min(r + 200)).filter(|&rr| normalise(&cell_text(sheet.get(rr, c))).1).count();
                    if verdicts > best_col.map_or(2, |(_, n)| n) {
                        best_col = Some((c, verdicts));
                    }
                }
                let Some((ac, _)) = best_col else { continue };
                let header = cell_text(sheet.get(r, ac));
                found.insert(Role::Answer, (ac, header));
            }
            let score = found.len();
            if best.as_ref().is_some_and(|(s, _)| *s >= score) {
                continue;
            }
            let spec = |role: Role| {
                found.get(&role).map(|(c, h)| {
                    if h.is_empty() { ColumnSpec::Column(column_letter(*c)) } else { ColumnSpec::Header(vec![h.clone()]) }
                })
            };
            let profile = MappingProfile {
                id: format!("custom-{}", slug(file_stem)),
                name: format!("Custom layout ({file_stem})"),
                detect: super::profile::Detect {
                    sheet: Some(format!("^{}$", regex::escape(&sheet.name))),
                    texts: found.values().filter(|(_, h)| !h.is_empty()).map(|(_, h)| format!("^{}$", regex::escape(h))).collect(),
                },
                version_pattern: None,
                variant_pattern: None,
                sheets: Some(format!("^{}$", regex::escape(&sheet.name))),
                include_hidden: false,
                header_search_rows: 40,
                header_extra_rows: 0,
                columns: super::profile::Columns {
                    id: spec(Role::Id),
                    question: spec(Role::Question),
                    answer: spec(Role::Answer),
                    comment: spec(Role::Comment),
                    control: None,
                    domain: spec(Role::Domain),
                },
                marks: None,
                id_pattern: None,
                carry_down: if found.contains_key(&Role::Domain) { vec![Role::Domain] } else { vec![] },
            };
            best = Some((score, profile));
        }
    }
    best.map(|(_, p)| p)
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').chars().take(40).collect()
}
