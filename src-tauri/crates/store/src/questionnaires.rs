//! SQL for imported questionnaires: store a previewed import as the vendor's next version (one
//! transaction, with its history entry), list versions, and read a version's answers.

use super::catalog::{self, join_cell, WantedEntries};
use super::db;
use super::history::{self, HistoryAction};
use super::{ChangeContext, Store};
use crate::domain::wire_name;
use crate::engine::{on_conn, on_pool};
use crate::engine::{BulkAnswer, Keys, Kind, WriteTx};
use crate::error::{Clash, Error, Result};
use crate::seals::{AnswersText, RecordKind, Subject};
pub use vetted_domain::questionnaire::QuestionnaireVersion;
use vetted_domain::questionnaire::{Answer, GivenAnswer, ImportedAnswer, Preview, IMPORTER_VERSION};
use vetted_domain::Thing;

#[derive(sqlx::FromRow)]
struct AnswerRow {
    questionnaire_id: i64,
    question_id: Option<String>,
    question: String,
    answer: String,
    original: String,
    comment: String,
    control: Option<String>,
    domain: Option<String>,
    /// The entry's sheet and the answer's column and row.
    sheet: String,
    cell: String,
}

impl TryFrom<AnswerRow> for ImportedAnswer {
    type Error = Error;
    fn try_from(r: AnswerRow) -> Result<Self> {
        let answer: Answer = serde_json::from_value(serde_json::Value::String(r.answer.clone()))
            .map_err(|_| Error::Corrupt(format!("answer '{}'", r.answer)))?;
        let cell = join_cell(&r.sheet, &r.cell);
        let (sheet, row) = split_cell(&cell);
        Ok(ImportedAnswer {
            cell,
            sheet,
            row,
            question_id: r.question_id,
            question: r.question,
            answer,
            original: r.original,
            comment: r.comment,
            control: r.control,
            domain: r.domain,
        })
    }
}

/// A questionnaire version being written: one open write transaction. Answers go in as they
/// are read; `finish` adds the version's record and history and commits. Dropped unfinished
/// (an error, a cancel), it rolls back and nothing is saved.
pub struct QuestionnaireWriter {
    tx: WriteTx,
    id: i64,
    vendor_id: i64,
    version: i64,
    /// The id of the version's first answer: its answers are one run of ids from here.
    first_answer: i64,
    written: usize,
    /// The staged answers' text for the version's seal (the engine's bulk path only).
    sealed_answers: AnswersText,
}

impl Store {
    /// Saves `p` as vendor `vendor_id`'s next questionnaire version, all or nothing. `keep_going`
    /// is asked between batches of rows; when it says no, nothing is saved.
    pub async fn save_questionnaire(
        &self,
        ctx: &ChangeContext,
        vendor_id: i64,
        p: &Preview,
        keep_mapping: bool,
        keep_going: &(dyn Fn(usize, usize) -> bool + Sync),
    ) -> Result<QuestionnaireVersion> {
        let mut writer = self.begin_questionnaire(vendor_id, &p.file_name, &p.sha256).await?;
        for chunk in p.rows.chunks(ROWS_PER_INSERT) {
            if !keep_going(writer.written, p.rows.len()) {
                return Err(Error::Cancelled);
            }
            writer.write(chunk).await?;
        }
        if !keep_going(p.rows.len(), p.rows.len()) {
            return Err(Error::Cancelled);
        }
        writer.finish(ctx, p, keep_mapping).await
    }

    /// Starts vendor `vendor_id`'s next questionnaire version from the file `file_name` with
    /// hash `sha256`. The same file imported for the vendor before is refused here, before
    /// anything is read.
    pub async fn begin_questionnaire(&self, vendor_id: i64, file_name: &str, sha256: &str) -> Result<QuestionnaireWriter> {
        let mut tx = self.write().await?;
        // One statement: the vendor, a version of the same file, the next id and version, and
        // the id the answers begin at (after the last; under the write lock, nobody else's).
        let found: Option<Starting> = on_conn!(&mut tx, ex => sqlx::query_as(
            "SELECT v.name, same.version, same.imported_at, \
                    (SELECT COALESCE(MAX(id), 0) + 1 FROM questionnaires), \
                    (SELECT COALESCE(MAX(version), 0) + 1 FROM questionnaires WHERE vendor_id = v.id), \
                    (SELECT COALESCE(MAX(id), 0) + 1 FROM questionnaire_answers) \
             FROM vendors v LEFT JOIN questionnaires same ON same.vendor_id = v.id AND same.sha256 = $1 \
             WHERE v.id = $2",
        )
        .bind(sha256)
        .bind(vendor_id)
        .fetch_optional(ex)
        .await)
        .map_err(db)?;
        let Some((vendor_name, same_version, same_at, id, version, first_answer)) = found else {
            return Err(Error::no_such(Thing::Vendor, vendor_id));
        };
        if let (Some(version), Some(at)) = (same_version, same_at) {
            return Err(Error::Conflict(Clash::AlreadyImported {
                file: file_name.to_owned(),
                vendor: vendor_name,
                version: version.to_string(),
                date: at[..10.min(at.len())].to_owned(),
            }));
        }
        // The version's record is written last, when its counts are known (records are never
        // updated), with where its answers begin (migration 10).
        Ok(QuestionnaireWriter { tx, id, vendor_id, version, first_answer, written: 0, sealed_answers: AnswersText::default() })
    }
}

/// A new version's vendor name, the version and import time of the same file if imported
/// before, the next id and version number, and the id its answers begin at.
type Starting = (String, Option<i64>, Option<String>, i64, i64, i64);

/// The head of the statement that adds questions to the catalog.
const CATALOG_INSERT: &str = "INSERT INTO question_catalog (key, sheet, question_id, question, control, domain) ";

/// Adds `contents` (each with its key) to the catalog statement `insert`, those there already left as they are.
fn push_catalog<'a, DB: sqlx::Database>(insert: &mut sqlx::QueryBuilder<'a, DB>, contents: &'a [(catalog::Content<'a>, i64)])
where
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Option<&'a str>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    insert.push_values(contents, |mut b, (c, key)| {
        b.push_bind(*key).push_bind(c.sheet).push_bind(c.question_id).push_bind(c.question).push_bind(c.control).push_bind(c.domain);
    });
    insert.push(" ON CONFLICT (key) DO NOTHING");
}

/// Answers saved between two questions to `keep_going`.
const ROWS_PER_INSERT: usize = 500;

/// Answers (or skipped rows) in one round trip to the engine: 12 values each (the question and
/// the answer), well under SQLite's 32,766 parameters, and enough that the round trip to sqlx's
/// worker is paid once per 250 answers.
const ANSWERS_PER_STATEMENT: usize = 250;

impl QuestionnaireWriter {
    /// Adds the next answers, in file order. SQLite numbers each (its `id`, the rowid) on from
    /// the table's last: the version's answers get consecutive ids from `first_answer` (checked
    /// by `finish`).
    pub async fn write(&mut self, rows: &[ImportedAnswer]) -> Result<()> {
        if self.tx.stages_answers() {
            // The engine's bulk path: staged now, written with their catalog entries by `finish`.
            let first = self.first_answer + self.written as i64;
            let staged: Vec<BulkAnswer> = rows
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let question = catalog::Content::of(a);
                    BulkAnswer {
                        id: first + i as i64,
                        questionnaire_id: self.id,
                        key: question.key(),
                        question,
                        answer: a.answer.wire(),
                        original: a.original.as_str(),
                        comment: a.comment.as_str(),
                        cell: split_coord(&a.cell),
                    }
                })
                .collect();
            crate::engine::stage_answers(&mut self.tx, &staged, self.written == 0).await?;
            for a in &staged {
                self.sealed_answers.push(a.key, a.answer, a.original, a.comment, a.cell);
            }
            self.written += rows.len();
            return Ok(());
        }
        for chunk in rows.chunks(ANSWERS_PER_STATEMENT) {
            // Two statements in one round trip to the engine: each question into the catalog
            // unless it is there, then each answer with its entry looked up by key.
            let contents: Vec<(catalog::Content, i64)> = chunk
                .iter()
                .map(catalog::Content::of)
                .map(|c| {
                    let k = c.key();
                    (c, k)
                })
                .collect();
            let id = self.id;
            // The answers numbered here, on from the last (the write lock keeps others out): one
            // run of ids from `first_answer`, as the version's record says.
            let first = self.first_answer + self.written as i64;
            on_conn!(&mut self.tx, ex => {
                let mut insert = sqlx::QueryBuilder::new(CATALOG_INSERT);
                push_catalog(&mut insert, &contents);
                insert.build().execute(&mut *ex).await.map_err(db)?;
                let mut insert =
                    sqlx::QueryBuilder::new("INSERT INTO questionnaire_answers (id, questionnaire_id, entry, answer, original, comment, cell) ");
                insert.push_values(chunk.iter().zip(&contents).enumerate(), |mut b, (i, (a, (_, key)))| {
                    b.push_bind(first + i as i64);
                    b.push_bind(id);
                    b.push("(SELECT id FROM question_catalog WHERE key = ");
                    b.push_bind_unseparated(*key);
                    b.push_unseparated(")");
                    b.push_bind(a.answer.wire()).push_bind(a.original.as_str()).push_bind(a.comment.as_str()).push_bind(split_coord(&a.cell));
                });
                insert.build().execute(ex).await.map(|_| ())
            })
            .map_err(db)?;
            self.written += chunk.len();
        }
        Ok(())
    }

    /// Adds the answers of each batch `batches` brings, in file order, until it closes.
    pub async fn write_all(&mut self, batches: &mut tokio::sync::mpsc::Receiver<Vec<ImportedAnswer>>) -> Result<()> {
        while let Some(batch) = batches.recv().await {
            self.write(&batch).await?;
        }
        Ok(())
    }

    /// Records the version (file, template, counts from `p`; its answers are those written),
    /// its skipped rows and the history entry, keeps the mapping it was read with when `keep_mapping` (a layout the user mapped), and
    /// commits: all or nothing.
    pub async fn finish(mut self, ctx: &ChangeContext, p: &Preview, keep_mapping: bool) -> Result<QuestionnaireVersion> {
        let saved = QuestionnaireVersion {
            id: self.id,
            vendor_id: self.vendor_id,
            version: self.version,
            file_name: p.file_name.clone(),
            sha256: p.sha256.clone(),
            size: p.size as i64,
            format: wire_name(&p.format),
            template: p.template.clone(),
            template_name: p.template_name.clone(),
            template_version: p.template_version.clone(),
            variant: p.variant.clone(),
            importer_version: IMPORTER_VERSION.to_owned(),
            imported_at: ctx.timestamp(),
            imported_by: ctx.actor.clone(),
            questions: self.written as i64,
        };
        // The answers' text for the seal, when they were staged: made from what was written.
        let mut answers_text = None;
        if self.tx.stages_answers() && self.written > 0 {
            let entries = crate::engine::move_staged_answers(&mut self.tx).await?;
            if entries.len() != self.written {
                let found = entries.len();
                return Err(Error::Corrupt(format!("{found} of the {} answers staged found their catalog entries", self.written)));
            }
            answers_text = Some(self.sealed_answers.text(self.first_answer, &entries));
        }
        on_conn!(&mut self.tx, ex => sqlx::query(
            "INSERT INTO questionnaires (id, vendor_id, version, file_name, sha256, size, format, template, template_name, \
             template_version, variant, profile, importer_version, imported_at, imported_by, questions, first_answer) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        )
        .bind(saved.id)
        .bind(saved.vendor_id)
        .bind(saved.version)
        .bind(&saved.file_name)
        .bind(&saved.sha256)
        .bind(saved.size)
        .bind(&saved.format)
        .bind(&saved.template)
        .bind(&saved.template_name)
        .bind(&saved.template_version)
        .bind(&saved.variant)
        .bind(serde_json::to_string(&p.profile).expect("profiles serialise"))
        .bind(&saved.importer_version)
        .bind(&saved.imported_at)
        .bind(&saved.imported_by)
        .bind(saved.questions)
        .bind(self.first_answer)
        .execute(ex)
        .await.map(|r| r.rows_affected()))
        .map_err(db)?;
        for chunk in p.skipped_rows.chunks(ANSWERS_PER_STATEMENT) {
            let id = self.id;
            on_conn!(&mut self.tx, ex => {
                let mut insert = sqlx::QueryBuilder::new("INSERT INTO questionnaire_skipped (questionnaire_id, sheet, row, reason) ");
                insert.push_values(chunk, |mut b, s| {
                    b.push_bind(id).push_bind(s.sheet.as_str()).push_bind(s.row as i64).push_bind(s.reason.as_str());
                });
                insert.build().execute(ex).await.map(|_| ())
            })
            .map_err(db)?;
        }
        let what = format!("{}, version {}: {} ({} questions)", p.template_label(), self.version, p.file_name, self.written);
        let sealed = Subject::new(RecordKind::Questionnaire, self.id);
        let action = HistoryAction::ImportQuestionnaire;
        let digest = crate::seals::digest_with_answers(&mut self.tx, &sealed, answers_text.as_deref()).await?;
        history::record_with_seal(&mut self.tx, ctx, self.vendor_id, action, Some("questionnaire"), None, Some(&what), &sealed, digest)
            .await?;
        if keep_mapping {
            super::mappings::keep_mapping(&mut self.tx, ctx, &p.profile).await?;
        }
        self.tx.commit().await.map_err(db)?;
        Ok(saved)
    }
}

/// An answer's columns as `AnswerRow` reads them, from `version_answers`.
const ANSWER_COLUMNS: &str =
    "a.questionnaire_id, e.question_id, e.question, a.answer, a.original, a.comment, e.control, e.domain, e.sheet, a.cell";

/// Answer `a` is one of version `q`'s: its id in the version's run (migration 10), read as a range
/// of the table's own key; the answer's version is checked too, for a run gone wrong. `+` keeps
/// the equality from being looked up: SQLite's planner prefers it, and would scan every answer
/// of the vendor's versions or index them all for each query. Every read of a version's answers
/// says it this way.
pub(crate) const ANSWER_OF_VERSION: &str =
    "a.id BETWEEN q.first_answer AND q.first_answer + q.questions - 1 AND +a.questionnaire_id = q.id";

/// Versions `q` with their answers `a` (`ANSWER_OF_VERSION`). Written so SQLite goes from
/// versions to answers, never the other way: CROSS JOIN keeps the order. Each answer's catalog
/// entry is found by its key (`Kind::join_by_key`), whatever the statistics say.
fn version_answers(k: Kind) -> String {
    format!(
        "questionnaires q {} questionnaire_answers a ON {ANSWER_OF_VERSION} {}",
        k.join_in_order(),
        k.join_by_key("question_catalog", "e", "e.question_id, e.question, e.control, e.domain, e.sheet", "e.id = a.entry")
    )
}

/// The answers of version `?`, in file order.
pub(crate) fn version_answers_sql(k: Kind) -> String {
    format!("SELECT {ANSWER_COLUMNS} FROM {} WHERE q.id = $1 ORDER BY a.id", version_answers(k))
}

/// The answers of each vendor's newest version (of vendor `?1`, or of all when it is NULL),
/// by version, in file order.
pub(crate) fn latest_answers_sql(k: Kind) -> String {
    format!(
        "SELECT {ANSWER_COLUMNS} FROM {} \
         WHERE ($1 IS NULL OR q.vendor_id = $1) \
         AND q.version = (SELECT MAX(version) FROM questionnaires WHERE vendor_id = q.vendor_id) \
         ORDER BY q.id, a.id",
        version_answers(k)
    )
}

/// A version's record as the readers select it (all but the mapping profile it was read with).
const VERSION_COLUMNS: &str = "q.id, q.vendor_id, q.version, q.file_name, q.sha256, q.size, q.format, q.template, q.template_name, \
     q.template_version, q.variant, q.importer_version, q.imported_at, q.imported_by, q.questions";

/// A version with its answers as the engine's JSON rows.
#[derive(sqlx::FromRow)]
struct VersionWithAnswers {
    #[sqlx(flatten)]
    version: VersionRow,
    answers: Option<String>,
}

/// A version's record as stored.
#[derive(sqlx::FromRow)]
struct VersionRow {
    id: i64,
    vendor_id: i64,
    version: i64,
    file_name: String,
    sha256: String,
    size: i64,
    format: String,
    template: String,
    template_name: String,
    template_version: Option<String>,
    variant: Option<String>,
    importer_version: String,
    imported_at: String,
    imported_by: String,
    questions: i64,
}

impl From<VersionRow> for QuestionnaireVersion {
    fn from(r: VersionRow) -> Self {
        QuestionnaireVersion {
            id: r.id,
            vendor_id: r.vendor_id,
            version: r.version,
            file_name: r.file_name,
            sha256: r.sha256,
            size: r.size,
            format: r.format,
            template: r.template,
            template_name: r.template_name,
            template_version: r.template_version,
            variant: r.variant,
            importer_version: r.importer_version,
            imported_at: r.imported_at,
            imported_by: r.imported_by,
            questions: r.questions,
        }
    }
}

impl Store {
    /// A vendor's questionnaire versions, newest first.
    pub async fn questionnaires(&self, vendor_id: i64) -> Result<Vec<QuestionnaireVersion>> {
        let rows: Vec<VersionRow> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT * FROM questionnaires WHERE vendor_id = $1 ORDER BY version DESC")
            .bind(vendor_id)
            .fetch_all(ex)
            .await)
            .map_err(db)?;
        Ok(rows.into_iter().map(QuestionnaireVersion::from).collect())
    }

    /// The answers of one stored version, in file order.
    pub async fn questionnaire_answers(&self, questionnaire_id: i64) -> Result<Vec<ImportedAnswer>> {
        let rows: Vec<AnswerRow> =
            on_pool!(&self.pool, ex => sqlx::query_as(&version_answers_sql(self.pool.kind())).bind(questionnaire_id).fetch_all(ex).await)
                .map_err(db)?;
        rows.into_iter().map(ImportedAnswer::try_from).collect()
    }

    /// Each vendor's newest questionnaire version (of one vendor, or of all) with its answers.
    pub async fn latest_questionnaires(&self, vendor_id: Option<i64>) -> Result<Vec<(QuestionnaireVersion, Vec<ImportedAnswer>)>> {
        let versions: Vec<VersionRow> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT * FROM questionnaires q WHERE ($1 IS NULL OR q.vendor_id = $1) \
             AND q.version = (SELECT MAX(version) FROM questionnaires WHERE vendor_id = q.vendor_id) ORDER BY q.id",
        )
        .bind(vendor_id)
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        let rows: Vec<AnswerRow> =
            on_pool!(&self.pool, ex => sqlx::query_as(&latest_answers_sql(self.pool.kind())).bind(vendor_id).fetch_all(ex).await)
                .map_err(db)?;
        let mut rows = rows.into_iter().peekable();
        let mut out = Vec::with_capacity(versions.len());
        for v in versions {
            let mut answers = Vec::new();
            while let Some(r) = rows.next_if(|r| r.questionnaire_id == v.id) {
                answers.push(ImportedAnswer::try_from(r)?);
            }
            out.push((QuestionnaireVersion::from(v), answers));
        }
        Ok(out)
    }

    /// The newest version of each of `vendors`, by vendor id, with its answers
    /// to the `wanted` questions, in file order: what scoring reads. The engine hands over one
    /// row per version (its answers as one JSON array), not one per answer.
    pub async fn latest_answers_to(
        &self,
        vendors: &[i64],
        wanted: &WantedEntries,
    ) -> Result<Vec<(QuestionnaireVersion, Vec<GivenAnswer>)>> {
        let kind = self.pool.kind();
        let sql = format!(
            "SELECT {VERSION_COLUMNS}, \
             (SELECT {} FROM questionnaire_answers a \
              WHERE {ANSWER_OF_VERSION} AND {}) AS answers \
             FROM questionnaires q WHERE {} \
             AND q.version = (SELECT MAX(version) FROM questionnaires WHERE vendor_id = q.vendor_id) ORDER BY q.vendor_id",
            kind.json_rows(&format!("a.entry, a.answer, a.original, {}, a.cell", kind.not_blank("a.comment")), "a.id"),
            kind.in_json_array("a.entry", "$2", Keys::Int),
            kind.in_json_array("q.vendor_id", "$1", Keys::Int),
        );
        let ids = serde_json::to_string(vendors).expect("ids serialise");
        let rows: Vec<VersionWithAnswers> =
            on_pool!(&self.pool, ex => sqlx::query_as(&sql).bind(&ids).bind(&wanted.ids_json).fetch_all(ex).await).map_err(db)?;
        rows.into_iter()
            .map(|r| {
                let given: Vec<(i64, String, String, i64, String)> = match &r.answers {
                    Some(json) => {
                        serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("answers of questionnaire {}: {e}", r.version.id)))?
                    }
                    None => Vec::new(),
                };
                let answers = given
                    .into_iter()
                    .map(|(entry, answer, said, commented, coord)| {
                        let e = wanted.entries.get(&entry).ok_or_else(|| Error::Corrupt(format!("question catalog entry {entry}")))?;
                        Ok(GivenAnswer {
                            question_id: e.question_id.clone(),
                            question: e.question.clone(),
                            answer: Answer::from_wire(&answer).ok_or_else(|| Error::Corrupt(format!("answer '{answer}'")))?,
                            said: said.trim().to_owned(),
                            commented: commented != 0,
                            cell: join_cell(&e.sheet, &coord),
                        })
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok((QuestionnaireVersion::from(r.version), answers))
            })
            .collect()
    }

    /// The templates the register's questionnaires were read with (`caiq-v4`, `generic`, ...).
    pub async fn questionnaire_templates(&self) -> Result<Vec<String>> {
        on_pool!(&self.pool, ex => sqlx::query_scalar("SELECT DISTINCT template FROM questionnaires").fetch_all(ex).await).map_err(db)
    }

    /// Row counts of the questionnaire tables: (versions, answers, skipped rows).
    pub async fn questionnaire_counts(&self) -> Result<(i64, i64, i64)> {
        on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM questionnaires), (SELECT COUNT(*) FROM questionnaire_answers), \
             (SELECT COUNT(*) FROM questionnaire_skipped)",
        )
        .fetch_one(ex)
        .await)
        .map_err(db)
    }
}

/// The column and row of a cell, as an answer keeps it (its sheet is its entry's).
fn split_coord(cell: &str) -> &str {
    catalog::split_cell(cell).1
}

/// "Sheet name!C12" → ("Sheet name", 12).
fn split_cell(cell: &str) -> (String, u32) {
    let (sheet, coord) = cell.rsplit_once('!').unwrap_or(("", cell));
    let row = coord.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().unwrap_or(0);
    (sheet.to_owned(), row)
}
