//! Published versions of the sub-processor list: numbered, dated and immutable, so a DPO can say
//! what a customer was sent and what changed since.

use super::db;
use super::{ChangeContext, Store};
use crate::engine::{on_conn, on_pool};
use crate::error::{Error, Result};
use crate::history::{self, HistoryAction};
use crate::seals::{RecordKind, Subject};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use vetted_domain::publication::{RegisterEntry, RegisterFilter, RegisterList};
use vetted_domain::Thing;

/// A published version, without its entries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RegisterVersion {
    pub version: u32,
    pub published_at: String,
    pub published_by: String,
    pub as_of: NaiveDate,
    pub filter: RegisterFilter,
    pub entries: u32,
}

#[derive(sqlx::FromRow)]
struct VersionRow {
    version: i64,
    published_at: String,
    published_by: String,
    as_of: NaiveDate,
    filter: String,
    entries: String,
    entry_count: i64,
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Corrupt(format!("{what}: {e}"))
}

impl VersionRow {
    fn summary(&self) -> Result<RegisterVersion> {
        Ok(RegisterVersion {
            version: self.version as u32,
            published_at: self.published_at.clone(),
            published_by: self.published_by.clone(),
            as_of: self.as_of,
            filter: serde_json::from_str(&self.filter).map_err(|e| corrupt("a published list's filter", e))?,
            entries: self.entry_count as u32,
        })
    }

    fn list(self) -> Result<RegisterList> {
        let s = self.summary()?;
        Ok(RegisterList {
            version: s.version,
            published_at: s.published_at,
            published_by: s.published_by,
            as_of: s.as_of,
            filter: s.filter,
            entries: serde_json::from_str(&self.entries).map_err(|e| corrupt("a published list's entries", e))?,
        })
    }
}

fn fingerprint(filter: &str, entries: &str) -> String {
    let mut h = Sha256::new();
    h.update(filter.as_bytes());
    h.update([0]);
    h.update(entries.as_bytes());
    format!("{:x}", h.finalize())
}

impl Store {
    /// Publishes `entries` as the next version, unless the newest version already holds the same
    /// filter and entries: then that version is the answer. The flag says whether one was added.
    pub async fn publish_register(
        &self,
        ctx: &ChangeContext,
        as_of: NaiveDate,
        filter: &RegisterFilter,
        entries: &[RegisterEntry],
    ) -> Result<(RegisterList, bool)> {
        let filter_json = serde_json::to_string(filter).expect("a filter serialises");
        let entries_json = serde_json::to_string(entries).expect("entries serialise");
        let print = fingerprint(&filter_json, &entries_json);
        let mut tx = self.write().await?;
        let latest: Option<(i64, String, String, NaiveDate, String)> = on_conn!(&mut tx, ex => sqlx::query_as(
            "SELECT version, published_at, published_by, as_of, fingerprint FROM register_versions ORDER BY version DESC LIMIT 1",
        )
        .fetch_optional(ex)
        .await)
        .map_err(db)?;
        let list = |version: i64, published_at: String, published_by: String, as_of: NaiveDate| RegisterList {
            version: version as u32,
            published_at,
            published_by,
            as_of,
            filter: filter.clone(),
            entries: entries.to_vec(),
        };
        let version = latest.as_ref().map_or(1, |l| l.0 + 1);
        // The same filter and entries as the newest version: that version is the answer.
        if let Some((newest, published_at, published_by, as_of, same)) = latest {
            if same == print {
                tx.commit().await.map_err(db)?;
                return Ok((list(newest, published_at, published_by, as_of), false));
            }
        }
        on_conn!(&mut tx, ex => sqlx::query(
            "INSERT INTO register_versions (version, published_at, published_by, as_of, filter, entries, entry_count, fingerprint) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(version)
        .bind(ctx.timestamp())
        .bind(&ctx.actor)
        .bind(as_of)
        .bind(&filter_json)
        .bind(&entries_json)
        .bind(entries.len() as i64)
        .bind(&print)
        .execute(ex)
        .await.map(|r| r.rows_affected()))
        .map_err(db)?;
        let what = format!("version {version} ({} sub-processors)", entries.len());
        let sealed = Subject::new(RecordKind::Publication, version);
        history::record_sealing(&mut tx, ctx, None, HistoryAction::Publish, Some("published_list"), None, Some(&what), &sealed).await?;
        tx.commit().await.map_err(db)?;
        Ok((list(version, ctx.timestamp(), ctx.actor.clone(), as_of), true))
    }

    /// Every published version, newest first.
    pub async fn register_versions(&self) -> Result<Vec<RegisterVersion>> {
        let rows: Vec<VersionRow> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT version, published_at, published_by, as_of, filter, '' AS entries, entry_count \
             FROM register_versions ORDER BY version DESC",
        )
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        rows.iter().map(VersionRow::summary).collect()
    }

    /// One published version, whole.
    pub async fn register_version(&self, version: u32) -> Result<RegisterList> {
        let row: Option<VersionRow> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT version, published_at, published_by, as_of, filter, entries, entry_count FROM register_versions WHERE version = $1",
        )
        .bind(i64::from(version))
        .fetch_optional(ex)
        .await)
        .map_err(db)?;
        row.ok_or_else(|| Error::no_such(Thing::PublishedList, version))?.list()
    }
}
