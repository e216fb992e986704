//! SQL for imported questionnaires: store a previewed import as the vendor's next version (one
//! transaction, with its history entry), list versions, and read a version's answers.

use super::history::{self, HistoryAction};
use super::{ChangeContext, Store};
use crate::domain::wire_name;
use crate::error::{Error, Result};
use crate::import::{Answer, ImportedAnswer, Preview, IMPORTER_VERSION};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One stored version of a vendor's questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, sqlx::FromRow)]
pub struct QuestionnaireVersion {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub vendor_id: i64,
    #[ts(type = "number")]
    pub version: i64,
    pub file_name: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: i64,
    pub format: String,
    pub template: String,
    pub template_name: String,
    pub template_version: Option<String>,
    pub variant: Option<String>,
    pub importer_version: String,
    pub imported_at: String,
    pub imported_by: String,
    #[ts(type = "number")]
    pub questions: i64,
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    question_id: Option<String>,
    question: String,
    answer: String,
    original: String,
    comment: String,
    control: Option<String>,
    domain: Option<String>,
    cell: String,
}

impl Store {
    /// Saves `p` as vendor `vendor_id`'s next questionnaire version, all or nothing. The same
    /// file (by SHA-256) imported for the vendor before is refused. `keep_going` is asked
    /// between batches of rows; when it says no, the transaction is rolled back.
    pub async fn save_questionnaire(
        &self,
        ctx: &ChangeContext,
        vendor_id: i64,
        p: &Preview,
        keep_going: &(dyn Fn(usize, usize) -> bool + Sync),
    ) -> Result<QuestionnaireVersion> {
        let mut tx = self.write().await?;
        let vendor: Option<(String,)> =
            sqlx::query_as("SELECT name FROM vendors WHERE id = ?").bind(vendor_id).fetch_optional(&mut *tx).await?;
        let Some((vendor_name,)) = vendor else {
            return Err(Error::NotFound(format!("there is no vendor with id {vendor_id}")));
        };
        let same: Option<(i64, String)> =
            sqlx::query_as("SELECT version, imported_at FROM questionnaires WHERE vendor_id = ? AND sha256 = ?")
                .bind(vendor_id)
                .bind(&p.sha256)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((version, at)) = same {
            return Err(Error::Conflict(format!(
                "{} was already imported for {vendor_name} as version {version} on {}; nothing was saved",
                p.file_name,
                &at[..10.min(at.len())]
            )));
        }
        let (next,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(version), 0) + 1 FROM questionnaires WHERE vendor_id = ?")
            .bind(vendor_id)
            .fetch_one(&mut *tx)
            .await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO questionnaires (vendor_id, version, file_name, sha256, size, format, template, template_name, \
             template_version, variant, profile, importer_version, imported_at, imported_by, questions) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(vendor_id)
        .bind(next)
        .bind(&p.file_name)
        .bind(&p.sha256)
        .bind(p.size as i64)
        .bind(wire_name(&p.format))
        .bind(&p.template)
        .bind(&p.template_name)
        .bind(&p.template_version)
        .bind(&p.variant)
        .bind(serde_json::to_string(&p.profile).expect("profiles serialise"))
        .bind(IMPORTER_VERSION)
        .bind(ctx.timestamp())
        .bind(&ctx.actor)
        .bind(p.questions as i64)
        .fetch_one(&mut *tx)
        .await?;
        // Rows per INSERT; 3,000 (30,000 parameters) measured slower than 500.
        const BATCH: usize = 500;
        for (n, chunk) in p.rows.chunks(BATCH).enumerate() {
            if !keep_going(n * BATCH, p.rows.len()) {
                return Err(Error::Cancelled); // the transaction rolls back when dropped
            }
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO questionnaire_answers (questionnaire_id, position, question_id, question, answer, original, \
                 comment, control, domain, cell) ",
            );
            q.push_values(chunk.iter().enumerate(), |mut b, (i, a)| {
                b.push_bind(id)
                    .push_bind((n * BATCH + i) as i64)
                    .push_bind(&a.question_id)
                    .push_bind(&a.question)
                    .push_bind(wire_name(&a.answer))
                    .push_bind(&a.original)
                    .push_bind(&a.comment)
                    .push_bind(&a.control)
                    .push_bind(&a.domain)
                    .push_bind(&a.cell);
            });
            q.build().execute(&mut *tx).await?;
        }
        for s in &p.skipped_rows {
            sqlx::query("INSERT INTO questionnaire_skipped (questionnaire_id, sheet, row, reason) VALUES (?, ?, ?, ?)")
                .bind(id)
                .bind(&s.sheet)
                .bind(s.row)
                .bind(&s.reason)
                .execute(&mut *tx)
                .await?;
        }
        if !keep_going(p.rows.len(), p.rows.len()) {
            return Err(Error::Cancelled);
        }
        let what = format!("{}, version {next}: {} ({} questions)", p.template_label(), p.file_name, p.questions);
        history::record(&mut tx, ctx, vendor_id, HistoryAction::ImportQuestionnaire, Some("questionnaire"), None, Some(&what))
            .await?;
        let saved: QuestionnaireVersion =
            sqlx::query_as("SELECT * FROM questionnaires WHERE id = ?").bind(id).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// A vendor's questionnaire versions, newest first.
    pub async fn questionnaires(&self, vendor_id: i64) -> Result<Vec<QuestionnaireVersion>> {
        Ok(sqlx::query_as("SELECT * FROM questionnaires WHERE vendor_id = ? ORDER BY version DESC")
            .bind(vendor_id)
            .fetch_all(&self.pool)
            .await?)
    }

    /// The answers of one stored version, in file order.
    pub async fn questionnaire_answers(&self, questionnaire_id: i64) -> Result<Vec<ImportedAnswer>> {
        let rows: Vec<AnswerRow> = sqlx::query_as(
            "SELECT question_id, question, answer, original, comment, control, domain, cell \
             FROM questionnaire_answers WHERE questionnaire_id = ? ORDER BY position",
        )
        .bind(questionnaire_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                let answer: Answer = serde_json::from_value(serde_json::Value::String(r.answer.clone()))
                    .map_err(|_| Error::Corrupt(format!("answer '{}'", r.answer)))?;
                let (sheet, row) = split_cell(&r.cell);
                Ok(ImportedAnswer {
                    cell: r.cell,
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
            })
            .collect()
    }

    /// Row counts of the questionnaire tables: (versions, answers, skipped rows).
    pub async fn questionnaire_counts(&self) -> Result<(i64, i64, i64)> {
        Ok(sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM questionnaires), (SELECT COUNT(*) FROM questionnaire_answers), \
             (SELECT COUNT(*) FROM questionnaire_skipped)",
        )
        .fetch_one(&self.pool)
        .await?)
    }
}

/// "Sheet name!C12" → ("Sheet name", 12).
fn split_cell(cell: &str) -> (String, u32) {
    let (sheet, coord) = cell.rsplit_once('!').unwrap_or(("", cell));
    let row = coord.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().unwrap_or(0);
    (sheet.to_owned(), row)
}
