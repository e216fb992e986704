//! vetted-import: read any spreadsheet or CSV a vendor sends back, recognise its template
//! (mapping profiles as data), normalise every answer with its cell reference, and preview it
//! or hand its answers on as they are read. Pure of the store: saving is vetted-core's.
#![forbid(unsafe_code)]

pub mod answer;
pub mod compare;
pub mod extract;
pub mod profile;
pub mod read;
pub mod subprocessors;

pub use answer::Answer;
pub use compare::{compare, AnswerChange, ChangeKind};
pub use extract::{ColumnRole, ImportedAnswer, SheetUse, SkippedRow};
pub use profile::{MappingProfile, Role};
pub use read::{Format, ReadError, ReadLimits};
pub use vetted_domain::questionnaire::{AnswerCounts, ColumnBasis, ImportProgress, Preview, PreviewPage, IMPORTER_VERSION};

use self::profile::Detection;
use std::path::Path;
pub(crate) use vetted_domain as domain;
pub(crate) use vetted_domain::{error, hash};
use vetted_domain::{Error, Result};

/// What to import with: a profile to force, a sheet to restrict to, and the limits.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    pub mapping: Option<MappingProfile>,
    pub sheet: Option<String>,
    pub limits: ReadLimits,
}

/// Rows of each sheet read to recognise a template and find its header.
fn head_rows(opts: &ImportOptions, profiles: &[MappingProfile]) -> u32 {
    opts.mapping.iter().chain(profiles).map(|p| p.header_search_rows + p.header_extra_rows + 1).fold(40, u32::max)
}

/// Rows of each sheet read to guess a layout no profile knows (the answer column is found by
/// the verdicts below the header).
const GUESS_ROWS: u32 = 250;

/// A file opened, its template recognised and its sheets planned: ready to read its answers.
struct Prepared<'a> {
    open: read::OpenBook<'a>,
    profile: MappingProfile,
    guessed: bool,
    plans: Vec<extract::SheetPlan>,
}

/// Opens `bytes` (reading each sheet's first rows only), restricts it to `opts.sheet`, and
/// settles the profile: `opts.mapping`, else the first of `profiles` that recognises it, else a
/// best guess.
fn prepare<'a>(bytes: &'a [u8], name: &str, ext: &str, opts: &ImportOptions, profiles: &[MappingProfile]) -> Result<Prepared<'a>> {
    let mut open = read::open(bytes, name, ext, &opts.limits, Some(head_rows(opts, profiles)))?;
    if let Some(wanted) = &opts.sheet {
        let sheets = &mut open.book.sheets;
        if !sheets.iter().any(|s| &s.name == wanted) {
            let names = sheets.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ");
            return Err(ReadError::NoSuchSheet { name: name.to_owned(), sheet: wanted.clone(), sheets: names }.into());
        }
        sheets.retain(|s| &s.name == wanted);
        for s in sheets {
            s.hidden = false;
        }
    }
    let stem = Path::new(name).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let (mut profile, guessed) = match &opts.mapping {
        Some(p) => (p.clone(), false),
        None => match profiles.iter().find(|p| p.detects(&open.book)) {
            Some(p) => (p.clone(), false),
            None => {
                open.read_heads(GUESS_ROWS)?;
                let guess = extract::guess(&open.book, &stem).ok_or_else(|| ReadError::NoQuestionTable { name: name.to_owned() })?;
                (guess, true)
            }
        },
    };
    if opts.sheet.is_some() {
        profile.sheets = None;
        profile.include_hidden = true;
    }
    let plans = extract::plan(&profile, &open.book);
    if plans.is_empty() {
        return Err(ReadError::NoQuestionTable { name: name.to_owned() }.into());
    }
    Ok(Prepared { open, profile, guessed, plans })
}

/// Rows of a sheet on their way from reading to extracting, in sheet order.
enum Handover {
    /// The sheet of plan N begins.
    Begin(usize),
    /// Rows of plan N's sheet: their index and cells.
    Rows(usize, Vec<(u32, Vec<calamine::Data>)>),
    /// The sheet of plan N is read to its end.
    End(usize),
}

/// Rows handed on at a time: few at first, so a short sheet's answers are extracted (and
/// reach the register) while it is still read, not all at its end; then up to the most.
const FIRST_HANDOVER: usize = 8;
const ROWS_PER_HANDOVER: usize = 256;

/// Sheets of at least this many rows (all planned sheets together) are read on one thread and
/// extracted on another; shorter ones on one, where a thread would cost more than it saves.
const EXTRACT_APART_FROM_ROWS: u64 = 5_000;

impl Prepared<'_> {
    /// Reads every answer, in file order, handing each to `answer`; `progress` hears (rows
    /// read, rows in the sheets read) now and then. Either saying false stops: `Cancelled`.
    /// A long sheet is read on this thread and its rows turned into answers on another:
    /// reading (calamine's parsing) is the longest stage of an import, so it does nothing else.
    fn read_answers(
        &mut self,
        answer: &mut (dyn FnMut(ImportedAnswer) -> bool + Send),
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<extract::Extraction> {
        let Prepared { open, profile, plans, .. } = self;
        let plans = &*plans;
        let declared = |name: &str| open.book.sheets.iter().find(|s| s.name == name).map_or(0, |s| s.declared_rows as u64);
        let total: u64 = plans.iter().map(|p| declared(&p.sheet)).sum();
        let mut x = extract::Extractor::new(profile, plans, total);
        let mut extract = |x: &mut extract::Extractor, h: Handover| match h {
            Handover::Begin(i) => {
                x.begin(&plans[i]);
                true
            }
            Handover::Rows(i, rows) => {
                rows.into_iter().all(|(index, mut cells)| x.row(&plans[i], read::Row::new(index, &mut cells)).is_none_or(&mut *answer))
            }
            Handover::End(i) => {
                x.end(&plans[i]);
                true
            }
        };
        let (whole, done) = if total < EXTRACT_APART_FROM_ROWS {
            read_rows(open, plans, total, progress, &mut |h| extract(&mut x, h))?
        } else {
            std::thread::scope(|scope| {
                let (hand, handed) = std::sync::mpsc::sync_channel::<Handover>(8);
                let x = &mut x;
                let extracting = scope.spawn(move || handed.into_iter().all(|h| extract(x, h)));
                let read = read_rows(open, plans, total, progress, &mut |h| hand.send(h).is_ok());
                drop(hand);
                let extracted = extracting.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                read.map(|(whole, done)| (whole && extracted, done))
            })?
        };
        if !whole {
            return Err(Error::Cancelled);
        }
        progress(total.max(done), total.max(done));
        Ok(x.found)
    }

    /// The preview of what was read: `rows` are the answers kept (none when they went
    /// straight to the register), `counts` covers all of them.
    fn preview(self, file: (String, String, u64), x: extract::Extraction, rows: Vec<ImportedAnswer>, counts: AnswerCounts) -> Preview {
        let (file_name, sha256, size) = file;
        let book = &self.open.book;
        let mut columns = x.columns;
        if self.guessed {
            for c in &mut columns {
                let spec = match c.role {
                    Role::Id => self.profile.columns.id.as_ref(),
                    Role::Question => self.profile.columns.question.as_ref(),
                    Role::Answer => self.profile.columns.answer.as_ref(),
                    Role::Comment => self.profile.columns.comment.as_ref(),
                    Role::Control => self.profile.columns.control.as_ref(),
                    Role::Domain => self.profile.columns.domain.as_ref(),
                    Role::Evidence => self.profile.columns.evidence.as_ref(),
                    _ => None,
                };
                c.basis = match spec {
                    Some(profile::ColumnSpec::Header(_)) => ColumnBasis::HeaderWord,
                    _ => ColumnBasis::Content,
                };
            }
        }
        Preview {
            file_name,
            sha256,
            size,
            format: book.format,
            template: self.profile.id.clone(),
            template_name: self.profile.name.clone(),
            template_version: self.profile.version(book),
            variant: self.profile.variant(book),
            guessed: self.guessed,
            sheets: x.sheets,
            columns,
            questions: counts.total(),
            answers: counts,
            rows,
            skipped_rows: x.skipped,
            made_from: (self.profile.id == vetted_domain::baseline::OWN_TEMPLATE).then(|| profile::own_identity(book)).flatten(),
            profile: self.profile,
        }
    }
}

/// Reads the rows of every planned sheet from its first question row on, handing them to `hand`, with
/// the sheets' beginnings and ends, in order. Returns whether all were read (neither `hand` nor
/// `progress` said stop) and how many rows were.
fn read_rows(
    open: &mut read::OpenBook,
    plans: &[extract::SheetPlan],
    total: u64,
    progress: &mut dyn FnMut(u64, u64) -> bool,
    hand: &mut dyn FnMut(Handover) -> bool,
) -> Result<(bool, u64)> {
    let mut done: u64 = 0;
    for (i, plan) in plans.iter().enumerate() {
        if !hand(Handover::Begin(i)) {
            return Ok((false, done));
        }
        let mut size = FIRST_HANDOVER;
        let mut rows = Vec::with_capacity(size);
        let whole = open.rows(&plan.sheet, plan.first, Some(&plan.wanted()), &mut |row| {
            done += 1;
            if done.is_multiple_of(4096) && !progress(done, total.max(done)) {
                return false;
            }
            rows.push(row.into_owned());
            if rows.len() < size {
                return true;
            }
            size = (size * 2).min(ROWS_PER_HANDOVER);
            hand(Handover::Rows(i, std::mem::replace(&mut rows, Vec::with_capacity(size))))
        })?;
        if !whole || !hand(Handover::Rows(i, rows)) || !hand(Handover::End(i)) {
            return Ok((false, done));
        }
    }
    Ok((true, done))
}

/// Reads `path` and applies `opts.mapping`, else the first of `profiles` that recognises it, else
/// a best guess. Errors when the file cannot be read or has no question table.
pub fn preview(path: &Path, opts: &ImportOptions, profiles: &[MappingProfile]) -> Result<Preview> {
    preview_with_progress(path, opts, profiles, &mut |_, _| true)
}

/// `preview`, telling `progress` (rows read, rows in all) as it reads a large file; when
/// `progress` says false, reading stops with `Cancelled`.
pub fn preview_with_progress(
    path: &Path,
    opts: &ImportOptions,
    profiles: &[MappingProfile],
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Preview> {
    let (name, ext) = read::names(path);
    let bytes = read::file_bytes(path, &opts.limits)?;
    preview_bytes(&bytes, &name, &ext, opts, profiles, progress)
}

/// `preview_with_progress` of a file already in memory, named `name` with extension `ext`: the
/// import's one entry point for bytes (the fuzzer drives it). Keeps every answer as a row.
pub fn preview_bytes(
    bytes: &[u8],
    name: &str,
    ext: &str,
    opts: &ImportOptions,
    profiles: &[MappingProfile],
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Preview> {
    let mut preview = read_into(bytes, name, ext, opts, profiles, &mut Keep(Vec::new()), progress)?;
    preview.sha256 = crate::hash::sha256_hex(bytes);
    Ok(preview)
}

/// Answers handed on at a time: the first batch small, so saving starts while a short
/// questionnaire is still being read, then doubling up to the most.
const FIRST_BATCH: usize = 32;
const ANSWERS_PER_BATCH: usize = 1000;

/// Reads a questionnaire's bytes and hands its answers to `send` in batches as they are read
/// (`send` says false to stop: `Cancelled`); returns what was imported, its `rows` empty and its
/// `sha256` blank (the caller hashes the bytes beside the reading): what an import that writes
/// while it reads takes.
pub fn stream_answers(
    bytes: &[u8],
    name: &str,
    ext: &str,
    opts: &ImportOptions,
    profiles: &[MappingProfile],
    send: &mut (dyn FnMut(Vec<ImportedAnswer>) -> bool + Send),
) -> Result<Preview> {
    let mut sink = Batches { size: FIRST_BATCH, batch: Vec::with_capacity(FIRST_BATCH), send };
    read_into(bytes, name, ext, opts, profiles, &mut sink, &mut |_, _| true)
}

/// Where an import's answers go as they are read: kept for a preview, or passed on in batches.
trait Sink: Send {
    /// Takes one answer; false stops the reading (`Cancelled`).
    fn answer(&mut self, a: ImportedAnswer) -> bool;
    /// The reading is over: what the sink still holds goes on; false: it could not (`Cancelled`).
    fn end(&mut self) -> bool;
    /// The answers a preview shows as its rows (none for a sink that passed them on).
    fn rows(&mut self) -> Vec<ImportedAnswer>;
}

/// Every answer kept, for a preview.
struct Keep(Vec<ImportedAnswer>);

impl Sink for Keep {
    fn answer(&mut self, a: ImportedAnswer) -> bool {
        self.0.push(a);
        true
    }
    fn end(&mut self) -> bool {
        true
    }
    fn rows(&mut self) -> Vec<ImportedAnswer> {
        std::mem::take(&mut self.0)
    }
}

/// Answers passed on in batches, the first small, then doubling up to the most.
struct Batches<'s> {
    size: usize,
    batch: Vec<ImportedAnswer>,
    send: &'s mut (dyn FnMut(Vec<ImportedAnswer>) -> bool + Send),
}

impl Sink for Batches<'_> {
    fn answer(&mut self, a: ImportedAnswer) -> bool {
        self.batch.push(a);
        if self.batch.len() < self.size {
            return true;
        }
        self.size = (self.size * 2).min(ANSWERS_PER_BATCH);
        (self.send)(std::mem::replace(&mut self.batch, Vec::with_capacity(self.size)))
    }
    fn end(&mut self) -> bool {
        self.batch.is_empty() || (self.send)(std::mem::take(&mut self.batch))
    }
    fn rows(&mut self) -> Vec<ImportedAnswer> {
        Vec::new()
    }
}

/// The import's one pipeline: the file read, its template recognised, every question row turned
/// into an answer for `sink` as it is read; then what was imported, `sha256` left blank.
fn read_into(
    bytes: &[u8],
    name: &str,
    ext: &str,
    opts: &ImportOptions,
    profiles: &[MappingProfile],
    sink: &mut dyn Sink,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Preview> {
    read::guarded(name, || {
        let mut prepared = prepare(bytes, name, ext, opts, profiles)?;
        let mut counts = AnswerCounts::default();
        let x = prepared.read_answers(
            &mut |a| {
                counts.add(a.answer);
                sink.answer(a)
            },
            progress,
        )?;
        if !sink.end() {
            return Err(Error::Cancelled);
        }
        if counts.total() == 0 {
            return Err(ReadError::NoQuestionTable { name: name.to_owned() }.into());
        }
        Ok(prepared.preview((name.to_owned(), String::new(), bytes.len() as u64), x, sink.rows(), counts))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_page_carries_the_summary_and_only_the_first_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.csv");
        let mut text = String::from("ID,Question,Answer\n");
        for i in 0..50 {
            text.push_str(&format!("Q-{i},Encrypted?,{}\n", if i % 2 == 0 { "Yes" } else { "No" }));
        }
        std::fs::write(&path, text).unwrap();
        let p = super::preview(&path, &Default::default(), super::profile::shipped()).unwrap();
        let page = p.page(9, 10);
        assert_eq!((page.token, page.shown, page.preview.rows.len()), (9, 10, 10));
        assert_eq!((page.preview.questions, page.preview.answers.yes, page.preview.answers.no), (50, 25, 25));
        assert_eq!(p.page(1, 500).shown, 50);
    }

    #[test]
    fn a_long_sheet_extracted_beside_its_reading_gives_what_a_short_one_read_alone_gives() {
        // 6,000 rows are turned into answers on a thread of their own while the sheet is read;
        // their first 4,000, as a file of their own, on the reading thread: the same answers,
        // skipped rows and reasons, in the same order.
        let dir = tempfile::tempdir().unwrap();
        let write = |rows: u32| {
            let path = dir.path().join(format!("answers-{rows}.xlsx"));
            let mut book = rust_xlsxwriter::Workbook::new();
            let sheet = book.add_worksheet();
            for (c, h) in ["ID", "Question", "Answer", "Comment"].iter().enumerate() {
                sheet.write_string(0, c as u16, *h).unwrap();
            }
            for r in 1..=rows {
                let id = if r % 97 == 0 { format!("Q-{}", r - 50) } else { format!("Q-{r}") };
                let question = if r % 89 == 0 { String::new() } else { format!("Is control {r} in place?") };
                sheet.write_string(r, 0, &id).unwrap();
                sheet.write_string(r, 1, &question).unwrap();
                sheet.write_string(r, 2, ["Yes", "No", "Partially", "N/A", "?"][r as usize % 5]).unwrap();
                sheet.write_string(r, 3, if r % 3 == 0 { "see policy" } else { "" }).unwrap();
            }
            book.save(&path).unwrap();
            path
        };
        let (long, short) = (write(6_000), write(4_000));
        let shipped = super::profile::shipped();
        let (l, s) =
            (super::preview(&long, &Default::default(), shipped).unwrap(), super::preview(&short, &Default::default(), shipped).unwrap());
        assert!(s.questions > 3_800 && l.questions > 5_800, "{} {}", s.questions, l.questions);
        assert_eq!(l.rows[..s.rows.len()], s.rows[..]);
        assert!(s.skipped_rows.len() >= 40, "the duplicate ids: {}", s.skipped_rows.len());
        assert_eq!(l.skipped_rows[..s.skipped_rows.len()], s.skipped_rows[..]);
        assert_eq!(l.columns, s.columns);

        // A limit met halfway through the long sheet is its error, not an import of half of it.
        let opts = super::ImportOptions { limits: super::ReadLimits { max_rows: 5_500, ..Default::default() }, ..Default::default() };
        let err = super::preview(&long, &opts, shipped).unwrap_err();
        assert_eq!(err.code(), "too_many_rows", "{err}");
    }

    #[test]
    fn reading_reports_progress_and_stops_when_told() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.csv");
        let mut text = String::from("ID,Question,Answer\n");
        for i in 0..10_000 {
            text.push_str(&format!("Q-{i},Encrypted?,Yes\n"));
        }
        std::fs::write(&path, text).unwrap();
        let mut heard = Vec::new();
        let p = super::preview_with_progress(&path, &Default::default(), super::profile::shipped(), &mut |done, total| {
            heard.push((done, total));
            true
        })
        .unwrap();
        assert_eq!(p.questions, 10_000);
        assert_eq!(heard, [(4096, 10_001), (8192, 10_001), (10_001, 10_001)], "the last says: all read");
        let stopped = super::preview_with_progress(&path, &Default::default(), super::profile::shipped(), &mut |done, _| done < 4096);
        assert!(matches!(stopped, Err(super::Error::Cancelled)), "{stopped:?}");
    }
}
