//! Applies a mapping profile to a workbook: finds each sheet's header row, resolves the column
//! roles, and reads every question row into an answer with its cell reference, or into a skipped
//! row with the reason. Also guesses a profile for a layout no shipped profile knows. Pure.

use super::answer::{is_mark, normalise, Answer};
use super::profile::Detection;
use super::profile::{cell_text, ci, column_index, column_letter, header_key, ColumnSpec, MappingProfile, Role};
use super::read::{Row, Sheet, Workbook};
use calamine::Data;
use std::collections::HashMap;
use vetted_domain::hash::BuildFnv;
pub use vetted_domain::questionnaire::{ColumnRole, HeaderCell, ImportedAnswer, SheetUse, SkipReason, SkippedRow};

/// What a profile found in a workbook, besides the answers (which are handed on as they are read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    pub skipped: Vec<SkippedRow>,
    pub columns: Vec<ColumnRole>,
    pub sheets: Vec<SheetUse>,
}

/// Whether a header cell's text is the one a spec names: the same words, or starting with them
/// followed by a non-letter ("Notes (optional)" is "Notes"; "Not Applicable" is not "No").
fn header_matches(cell: &str, names: &[String], exact: bool) -> bool {
    let cell = header_key(cell);
    names
        .iter()
        .map(|n| header_key(n))
        .any(|n| cell == n || (!exact && cell.starts_with(&n) && cell[n.len()..].chars().next().is_some_and(|c| !c.is_alphanumeric())))
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

/// What identifies a question within a questionnaire and across its versions: its id without
/// spaces, in upper case; a question without an id, its text as compared (`header_key`).
pub(crate) fn question_key(id: Option<&str>, question: &str) -> String {
    match id {
        // Ids are nearly always ASCII: one pass, one allocation.
        Some(id) if id.is_ascii() => id.bytes().filter(|b| !(*b as char).is_whitespace()).map(|b| b.to_ascii_uppercase() as char).collect(),
        Some(id) => id.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase(),
        None => header_key(question),
    }
}

/// How one sheet is read: its header row and which column plays which role.
#[derive(Debug, Clone)]
pub struct SheetPlan {
    pub sheet: String,
    header_row: Option<u32>,
    cols: Resolved,
    /// The column of each role, by `Role as usize`: looked up for every cell of every row.
    by_role: [Option<u32>; ROLES],
    /// The first row that may hold a question (0-based).
    pub first: u32,
    /// Header texts (as compared) by column, to notice a header repeated for a new section.
    header_texts: Vec<(u32, String)>,
    headers: Vec<HeaderCell>,
}

impl SheetPlan {
    fn col(&self, role: Role) -> Option<u32> {
        self.by_role[role as usize]
    }

    /// The text of `role`'s cell, moved out of the row unless another role reads that column too.
    fn take(&self, row: &mut Row, role: Role) -> String {
        let Some(c) = self.col(role) else { return String::new() };
        if self.by_role.iter().filter(|r| **r == Some(c)).count() > 1 {
            cell_text(row.get(c))
        } else {
            row.take_text(c)
        }
    }

    /// Which columns the rows need: the reader converts only these.
    pub fn wanted(&self) -> Vec<bool> {
        let max = self.cols.values().map(|(c, _)| *c).max().unwrap_or(0) as usize;
        let mut w = vec![false; max + 1];
        for (c, _) in self.cols.values() {
            w[*c as usize] = true;
        }
        w
    }
}

/// The sheets `profile` reads in `book` (each sheet's first rows are enough), with their plans.
pub fn plan(profile: &MappingProfile, book: &Workbook) -> Vec<SheetPlan> {
    let mut plans = Vec::new();
    for sheet in book.sheets.iter().filter(|s| profile.reads(book, s)) {
        let Some((header_row, cols)) = find_header(profile, sheet) else { continue };
        let (r0, _) = sheet.rows().expect("a sheet with a header has rows");
        let (c0, c1) = sheet.cols().expect("a sheet with rows has columns");
        let hr = header_row.unwrap_or(r0);
        plans.push(SheetPlan {
            sheet: sheet.name.clone(),
            header_row,
            first: header_row.map(|h| h + 1 + profile.header_extra_rows).unwrap_or(r0),
            header_texts: cols.values().filter_map(|(c, h)| h.as_ref().map(|h| (*c, header_key(h)))).collect(),
            headers: (c0..=c1.min(c0 + 60)).map(|c| HeaderCell { column: column_letter(c), text: cell_text(sheet.get(hr, c)) }).collect(),
            by_role: std::array::from_fn(|i| cols.iter().find(|(role, _)| **role as usize == i).map(|(_, (c, _))| *c)),
            cols,
        });
    }
    plans
}

/// How many roles there are (`Role as usize` is below this).
const ROLES: usize = 11;
const _: () = assert!(Role::Evidence as usize + 1 == ROLES, "ROLES counts every Role");

/// The lower-cased characters of `text`'s words, one space between words: `header_key`
/// without building the string.
fn key_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.split_whitespace()
        .enumerate()
        .flat_map(|(i, word)| (i > 0).then_some(' ').into_iter().chain(word.chars().flat_map(char::to_lowercase)))
}

/// Whether `text` is `key` (a `header_key`) as compared: without allocating.
fn same_key(text: &str, key: &str) -> bool {
    key_chars(text).eq(key.chars())
}

/// A question's text as compared across sheets (`header_key`), hashed (FNV-1a) without copying it.
fn question_hash(text: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = BuildFnv.build_hasher();
    key_chars(text).for_each(|c| h.write_u32(c as u32));
    h.finish()
}

/// Reads question rows one at a time, in sheet order, into answers or skipped rows. Keeps what
/// spans rows: ids seen (duplicates), values carried down, counts per sheet.
pub struct Extractor<'p> {
    profile: &'p MappingProfile,
    id_re: Option<std::sync::Arc<regex::Regex>>,
    /// Question key → (sheet's index in `begun`, row, `question_hash` of its text) of its first occurrence.
    seen: HashMap<String, (usize, u32, u64), BuildFnv>,
    /// The sheets begun, in order.
    begun: Vec<String>,
    carried: HashMap<Role, String>,
    /// The column and `Sheet!C` prefix of the last answer's cell reference, for the next.
    cell_prefix: (u32, String),
    /// Whether several sheets are read (only then is a question compared across sheets).
    several_sheets: bool,
    questions: u32,
    last_row: u32,
    pub found: Extraction,
}

/// The most questions room is made for before reading: a sheet's declared size is the file's
/// claim (a hostile one may claim a million rows), and room for 100,000 is ~6 MB.
const ROOM_FOR_QUESTIONS: u64 = 100_000;

impl<'p> Extractor<'p> {
    /// An extractor for the sheets `plans` of one workbook, which declare `rows` rows: the ids
    /// seen get room for that many questions at once (up to `ROOM_FOR_QUESTIONS`) instead of
    /// growing, and being copied, a dozen times and more on a long sheet.
    pub fn new(profile: &'p MappingProfile, plans: &[SheetPlan], rows: u64) -> Self {
        Extractor {
            profile,
            several_sheets: plans.len() > 1,
            id_re: profile.id_pattern.as_deref().map(ci),
            seen: HashMap::with_capacity_and_hasher(rows.min(ROOM_FOR_QUESTIONS) as usize, BuildFnv),
            begun: Vec::new(),
            carried: HashMap::new(),
            cell_prefix: (u32::MAX, String::new()),
            questions: 0,
            last_row: 0,
            found: Extraction::default(),
        }
    }

    /// Starts reading the sheet of `plan`.
    pub fn begin(&mut self, plan: &SheetPlan) {
        let mut roles: Vec<(&Role, &(u32, Option<String>))> = plan.cols.iter().collect();
        roles.sort_by_key(|(role, (c, _))| (*c, format!("{role:?}")));
        for (role, (c, header)) in roles {
            self.found.columns.push(ColumnRole {
                sheet: plan.sheet.clone(),
                role: *role,
                column: column_letter(*c),
                header: header.clone(),
                basis: Default::default(),
            });
        }
        self.begun.push(plan.sheet.clone());
        self.carried.clear();
        self.cell_prefix = (u32::MAX, String::new());
        self.questions = 0;
        self.last_row = plan.first.saturating_sub(1);
    }

    /// `Sheet!C12`, the reference of the cell in `col` and (1-based) `row` of `plan`'s sheet;
    /// its `Sheet!C` kept for the next row's (one per answer).
    fn cell_ref(&mut self, plan: &SheetPlan, col: u32, row: u32) -> String {
        use std::fmt::Write;
        if self.cell_prefix.0 != col {
            self.cell_prefix = (col, format!("{}!{}", plan.sheet, column_letter(col)));
        }
        let mut cell = String::with_capacity(self.cell_prefix.1.len() + 7);
        cell.push_str(&self.cell_prefix.1);
        write!(cell, "{row}").expect("writing to a String");
        cell
    }

    /// Ends the sheet of `plan`: records how it was used.
    pub fn end(&mut self, plan: &SheetPlan) {
        self.found.sheets.push(SheetUse {
            sheet: plan.sheet.clone(),
            header_row: plan.header_row.map(|h| h + 1),
            first_row: plan.first + 1,
            last_row: self.last_row + 1,
            questions: self.questions,
            headers: plan.headers.clone(),
        });
    }

    fn skip(&mut self, plan: &SheetPlan, row: u32, why: SkipReason) {
        self.found.skipped.push(SkippedRow { sheet: plan.sheet.clone(), row, reason: why.to_string(), why: Some(why) });
    }

    /// One row of the sheet of `plan` (rows come in order): its answer, if it is a question.
    pub fn row(&mut self, plan: &SheetPlan, mut row: Row) -> Option<ImportedAnswer> {
        let r = row.index;
        if r < plan.first {
            return None;
        }
        self.last_row = r;
        let col = |role: Role| plan.col(role);
        let shown_row = r + 1;
        // A header repeated for a new section.
        // (Cheap test first: a header cell is text of the header's length, give or take spaces.)
        let looks_like = |c: u32, h: &str| match row.get(c) {
            Data::String(s) => s.len() + 4 >= h.len() && s.len() <= h.len() * 2 + 4 && same_key(s, h),
            _ => false,
        };
        let header_texts = &plan.header_texts;
        if !header_texts.is_empty() && header_texts.iter().filter(|(c, h)| looks_like(*c, h)).count() * 2 > header_texts.len().max(1) {
            return None;
        }
        let is_error = |row: &Row, role: Role| col(role).is_some_and(|c| matches!(row.get(c), Data::Error(_)));
        let (id_error, question_error, answer_error) =
            (is_error(&row, Role::Id), is_error(&row, Role::Question), is_error(&row, Role::Answer));
        // Each role's text, taken out of the row once.
        let id = plan.take(&mut row, Role::Id);
        let question = plan.take(&mut row, Role::Question);
        let mut carried_down = |role: Role, value: String| {
            if !self.profile.carry_down.contains(&role) {
                return (!value.is_empty()).then_some(value);
            }
            if value.is_empty() {
                return self.carried.get(&role).cloned();
            }
            self.carried.insert(role, value.clone());
            Some(value)
        };
        let control = carried_down(Role::Control, plan.take(&mut row, Role::Control));
        let domain = carried_down(Role::Domain, plan.take(&mut row, Role::Domain));
        if id_error {
            self.skip(plan, shown_row, SkipReason::IdFormulaError { value: id });
            return None;
        }
        let is_question = match (&self.id_re, col(Role::Id)) {
            (Some(re), Some(_)) => re.is_match(&id),
            _ => !question.is_empty(),
        };
        if !is_question {
            // A code but no question (a layout no mapping knows): a requirement withdrawn from its
            // catalogue ("ENTFALLEN"), or a section's row; named, not silently left out.
            if self.id_re.is_none() && !id.is_empty() && col(Role::Question).is_some() {
                self.skip(plan, shown_row, SkipReason::NoQuestionText { id });
            }
            return None;
        }
        if question_error {
            self.skip(plan, shown_row, SkipReason::QuestionFormulaError { value: question });
            return None;
        }
        if question.is_empty() && col(Role::Question).is_some() {
            self.skip(plan, shown_row, SkipReason::NoQuestionText { id });
            return None;
        }
        // A section's title in the question column of a layout no mapping knows: no code, no
        // answer, no comment, and not a sentence ("Access control", "Abschnitt 3: Verschlüsselung").
        if self.id_re.is_none() && id.is_empty() && !is_sentence(&question) {
            let blank = |role: Role| col(role).is_none_or(|c| cell_text(row.get(c)).trim().is_empty());
            if blank(Role::Answer) && blank(Role::Comment) {
                self.skip(plan, shown_row, SkipReason::SectionTitle { text: question });
                return None;
            }
        }
        let key = question_key((!id.is_empty()).then_some(id.as_str()), &question);
        if let Some((s, first_row, q)) = self.seen.get(&key) {
            let id = (!id.is_empty()).then(|| id.clone());
            let s = &self.begun[*s];
            if *s == plan.sheet {
                let why = SkipReason::Duplicate { id, first_row: *first_row };
                self.skip(plan, shown_row, why);
                return None;
            }
            if *q == question_hash(&question) && self.several_sheets {
                let why = SkipReason::Repeated { id, sheet: s.clone() };
                self.skip(plan, shown_row, why);
                return None;
            }
        } else {
            let hash = if self.several_sheets { question_hash(&question) } else { 0 };
            self.seen.insert(key, (self.begun.len() - 1, shown_row, hash));
        }
        let (answer, original, answer_col) = match col(Role::Answer) {
            Some(c) => {
                let original = plan.take(&mut row, Role::Answer);
                let answer = if answer_error { Answer::Unknown } else { normalise(&original).0 };
                (answer, original, c)
            }
            None => {
                let marked: Vec<(Answer, u32)> = [
                    (Role::MarkYes, Answer::Yes),
                    (Role::MarkNo, Answer::No),
                    (Role::MarkNa, Answer::Na),
                    (Role::MarkPartial, Answer::Partial),
                ]
                .into_iter()
                .filter_map(|(role, a)| col(role).filter(|c| is_mark(&cell_text(row.get(*c)))).map(|c| (a, c)))
                .collect();
                let label = |c: u32| plan.cols.values().find(|(cc, _)| *cc == c).and_then(|(_, h)| h.clone()).unwrap_or_default();
                match marked.as_slice() {
                    [(a, c)] => (*a, label(*c), *c),
                    [] => (Answer::Unknown, String::new(), col(Role::MarkYes).expect("marks resolved")),
                    many => (Answer::Unknown, many.iter().map(|(_, c)| label(*c)).collect::<Vec<_>>().join(" + "), many[0].1),
                }
            }
        };
        self.questions += 1;
        let mut comment = plan.take(&mut row, Role::Comment);
        let evidence = plan.take(&mut row, Role::Evidence);
        if !evidence.trim().is_empty() {
            // kept with the comment, under the evidence column's own header (the file's words)
            let header = col(Role::Evidence).and_then(|c| plan.cols.values().find(|(cc, _)| *cc == c)).and_then(|(_, h)| h.clone());
            if !comment.is_empty() {
                comment.push('\n');
            }
            match header {
                Some(h) => comment.push_str(&format!("{h}: {}", evidence.trim())),
                None => comment.push_str(evidence.trim()),
            }
        }
        Some(ImportedAnswer {
            cell: self.cell_ref(plan, answer_col, shown_row),
            sheet: plan.sheet.clone(),
            row: shown_row,
            question_id: (!id.is_empty()).then_some(id),
            question,
            answer,
            original,
            comment,
            control,
            domain,
        })
    }
}

/// Header words that suggest each role, for layouts no profile knows (English and German).
const GUESS_WORDS: &[(Role, &[&str])] = &[
    (
        Role::Id,
        &[
            "id",
            "question id",
            "ref",
            "ref.",
            "ques num",
            "question number",
            "no.",
            "nr.",
            "nr",
            "#",
            "nummer",
            "control id",
            "id-anforderung",
            "anforderungs-id",
        ],
    ),
    (Role::Question, &["question", "questions", "frage", "fragen", "requirement", "anforderung", "control question", "question text"]),
    (
        Role::Answer,
        &[
            "answer",
            "answers",
            "response",
            "antwort",
            "vendor answer",
            "vendor answers",
            "your answer",
            "vendor response",
            "yes/no",
            "ja/nein",
            // How far a requirement is met (the BSI IT-Grundschutz check, compliance sheets).
            "umsetzung",
            "umsetzungsstatus",
            "status der umsetzung",
            "implementation status",
            "implemented",
            "réponse",
            "respuesta",
        ],
    ),
    (
        Role::Comment,
        &[
            "comment",
            "comments",
            "notes",
            "note",
            "kommentar",
            "bemerkung",
            "bemerkungen",
            "additional information",
            "explanation",
            "erläuterung",
            "details",
            "justification",
            "begründung",
            "umsetzungshinweise",
        ],
    ),
    (Role::Domain, &["domain", "category", "kategorie", "section", "bereich", "control domain"]),
    (Role::Evidence, &["evidence", "nachweis", "nachweise", "supporting evidence", "evidence reference"]),
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
            // Roles told by their column's cells rather than a header word.
            let mut by_content: Vec<Role> = Vec::new();
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
            // An answer column named but no question column (a HECVAT-family sheet has none above
            // its questions): the question is the column whose cells below are mostly sentences,
            // and the id, when no header names it, the column of short codes ("DOCU-01").
            if found.contains_key(&Role::Answer) && !found.contains_key(&Role::Question) {
                let taken: Vec<u32> = found.values().map(|(c, _)| *c).collect();
                if let Some(qc) = content_column(sheet, r, (c0, c1), &taken, is_sentence) {
                    found.insert(Role::Question, (qc, cell_text(sheet.get(r, qc))));
                    by_content.push(Role::Question);
                    if let std::collections::hash_map::Entry::Vacant(id) = found.entry(Role::Id) {
                        if let Some(ic) = content_column(sheet, r, (c0, qc.saturating_sub(1).max(c0)), &[qc], is_code) {
                            id.insert((ic, cell_text(sheet.get(r, ic))));
                            by_content.push(Role::Id);
                        }
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
                by_content.push(Role::Answer);
            }
            let score = found.len();
            if best.as_ref().is_some_and(|(s, _)| *s >= score) {
                continue;
            }
            let spec = |role: Role| {
                found.get(&role).map(|(c, h)| {
                    if h.is_empty() || by_content.contains(&role) {
                        ColumnSpec::Column(column_letter(*c))
                    } else {
                        ColumnSpec::Header(vec![h.clone()])
                    }
                })
            };
            let profile = MappingProfile {
                id: format!("custom-{}", slug(file_stem)),
                // named after the file it was first read from, in no language: the UI says it is a guess
                name: file_stem.to_owned(),
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
                    evidence: spec(Role::Evidence),
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

/// Of the columns `cols` (but `taken`), the one whose cells in the 200 rows under `header` most
/// often pass `test` (at least 3, and more than any other); none if no column does.
fn content_column(sheet: &Sheet, header: u32, cols: (u32, u32), taken: &[u32], test: fn(&str) -> bool) -> Option<u32> {
    let last_row = sheet.rows().map_or(header, |(_, r1)| r1).min(header + 200);
    let mut best: Option<(u32, usize)> = None;
    for c in cols.0..=cols.1.min(cols.0 + 60) {
        if taken.contains(&c) {
            continue;
        }
        let hits = (header + 1..=last_row).filter(|&r| test(&cell_text(sheet.get(r, c)))).count();
        if hits >= 3 && best.is_none_or(|(_, n)| hits > n) {
            best = Some((c, hits));
        }
    }
    best.map(|(c, _)| c)
}

/// Text that reads as a question or a requirement: several words, or a question mark.
fn is_sentence(text: &str) -> bool {
    text.split_whitespace().count() >= 5 || (text.ends_with('?') && text.len() > 8)
}

/// A short code such as `DOCU-01`, `A&A-01.1`, `ORP.4.A1`, `Q12`: letters, then digits, no spaces.
fn is_code(text: &str) -> bool {
    let t = text.trim();
    (2..=20).contains(&t.len())
        && !t.contains(' ')
        && t.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && t.chars().any(|c| c.is_ascii_digit())
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
