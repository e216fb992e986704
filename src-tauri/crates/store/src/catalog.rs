//! SQL for the question catalog: each question as a file states it (sheet, id, text, control,
//! domain) stored once, found again by a hash of its content; answers refer to their entry.

use super::db;
use super::Store;
use crate::engine::Conn;
use crate::engine::{on_conn, on_pool};
use crate::error::Result;
use crate::questionnaires::ANSWER_OF_VERSION;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;
use vetted_domain::questionnaire::ImportedAnswer;

/// A question as scoring reads it from the catalog: its id in the file and its text, shared by
/// every answer to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogEntry {
    pub id: i64,
    pub sheet: Arc<str>,
    pub question_id: Option<Arc<str>>,
    pub question: Arc<str>,
}

/// The catalog entries whose answers a reader wants (scoring: those a baseline can use).
#[derive(Debug, Clone, Default)]
pub struct WantedEntries {
    pub(crate) entries: HashMap<i64, CatalogEntry>,
    /// Their ids as a JSON array, as the engine's `in_json_array` reads them.
    pub(crate) ids_json: String,
}

impl WantedEntries {
    pub fn new(entries: impl IntoIterator<Item = CatalogEntry>) -> WantedEntries {
        let entries: HashMap<i64, CatalogEntry> = entries.into_iter().map(|e| (e.id, e)).collect();
        let ids_json = serde_json::to_string(&entries.keys().collect::<Vec<_>>()).expect("ids serialise");
        WantedEntries { entries, ids_json }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// "Sheet name!C12" → ("Sheet name", "C12"); a cell that names no sheet is all coordinate.
pub(crate) fn split_cell(cell: &str) -> (&str, &str) {
    cell.rsplit_once('!').unwrap_or(("", cell))
}

/// The cell as the file named it, from the entry's sheet and the answer's column and row.
pub(crate) fn join_cell(sheet: &str, coord: &str) -> String {
    if sheet.is_empty() {
        coord.to_owned()
    } else {
        format!("{sheet}!{coord}")
    }
}

/// The content of an entry, as its key hashes it.
pub(crate) struct Content<'a> {
    pub(crate) sheet: &'a str,
    pub(crate) question_id: Option<&'a str>,
    pub(crate) question: &'a str,
    pub(crate) control: Option<&'a str>,
    pub(crate) domain: Option<&'a str>,
}

impl<'a> Content<'a> {
    pub(crate) fn of(a: &'a ImportedAnswer) -> Self {
        Content {
            sheet: split_cell(&a.cell).0,
            question_id: a.question_id.as_deref(),
            question: &a.question,
            control: a.control.as_deref(),
            domain: a.domain.as_deref(),
        }
    }

    /// The first 8 bytes of a SHA-256 over every field (each tagged and length-prefixed, so no two
    /// contents hash the same bytes). Two different questions share a key with a chance of about
    /// n² / 2⁶⁵ for n entries: for a million, 3 in 100 million.
    pub(crate) fn key(&self) -> i64 {
        let mut h = Sha256::new();
        for field in [Some(self.sheet), self.question_id, Some(self.question), self.control, self.domain] {
            match field {
                None => h.update([0u8]),
                Some(s) => {
                    h.update([1u8]);
                    h.update((s.len() as u64).to_le_bytes());
                    h.update(s.as_bytes());
                }
            }
        }
        i64::from_le_bytes(h.finalize()[..8].try_into().expect("8 bytes"))
    }
}

/// An entry as stored: id, sheet, question id, question, control, domain.
type StoredEntry = (i64, String, Option<String>, String, Option<String>, Option<String>);

/// Gives the entries an upgrade made their keys (SQL cannot hash them), in one transaction.
pub(crate) async fn fill_missing_keys(conn: &mut Conn) -> Result<()> {
    let unkeyed: Vec<StoredEntry> =
        on_conn!(&mut *conn, ex => sqlx::query_as("SELECT id, sheet, question_id, question, control, domain FROM question_catalog WHERE key IS NULL")
            .fetch_all(ex)
            .await)
            .map_err(db)?;
    for (id, sheet, question_id, question, control, domain) in &unkeyed {
        let key =
            Content { sheet, question_id: question_id.as_deref(), question, control: control.as_deref(), domain: domain.as_deref() }.key();
        on_conn!(&mut *conn, ex => sqlx::query("UPDATE question_catalog SET key = $1 WHERE id = $2").bind(key).bind(id).execute(ex).await.map(|r| r.rows_affected())).map_err(db)?;
    }
    Ok(())
}

impl Store {
    /// The questions of the catalog, for scoring to tell which can speak to a baseline: all, or
    /// those vendor `vendor_id`'s newest questionnaire asks.
    pub async fn question_catalog(&self, vendor_id: Option<i64>) -> Result<Vec<CatalogEntry>> {
        let which = match vendor_id {
            Some(_) => format!(
                "WHERE id IN (SELECT a.entry FROM questionnaires q {} questionnaire_answers a \
                 ON {ANSWER_OF_VERSION} \
                 WHERE q.vendor_id = $1 AND q.version = (SELECT MAX(version) FROM questionnaires WHERE vendor_id = $1))",
                self.pool.kind().join_in_order()
            ),
            None => "WHERE $1 IS NULL".to_owned(),
        };
        let rows: Vec<(i64, String, Option<String>, String)> =
            on_pool!(&self.pool, ex => sqlx::query_as(&format!("SELECT id, sheet, question_id, question FROM question_catalog {which}"))
                .bind(vendor_id)
                .fetch_all(ex)
                .await)
            .map_err(db)?;
        Ok(rows
            .into_iter()
            .map(|(id, sheet, question_id, question)| CatalogEntry {
                id,
                sheet: Arc::from(sheet),
                question_id: question_id.map(Arc::from),
                question: Arc::from(question),
            })
            .collect())
    }
}
