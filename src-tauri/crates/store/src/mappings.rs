//! SQL for saved mapping profiles: the column mappings users confirmed for layouts no shipped
//! profile knows, newest first.

use super::db;
use super::history::{self, HistoryAction};
use super::{ChangeContext, Store};
use crate::engine::Conn;
use crate::engine::{on_conn, on_pool};
use crate::error::{Error, Result};
use vetted_domain::mapping::MappingProfile;

/// Saves (or replaces) a mapping profile under its id and records it in the history, in the
/// caller's write transaction.
pub(super) async fn keep_mapping(conn: &mut Conn, ctx: &ChangeContext, profile: &MappingProfile) -> Result<()> {
    let json = serde_json::to_string(profile).expect("profiles serialise");
    let before: Option<(String,)> = on_conn!(&mut *conn, ex => sqlx::query_as("SELECT profile FROM mapping_profiles WHERE id = $1")
        .bind(&profile.id)
        .fetch_optional(ex)
        .await)
    .map_err(db)?;
    if before.as_ref().is_some_and(|(b,)| *b == json) {
        return Ok(());
    }
    on_conn!(&mut *conn, ex => sqlx::query(
        "INSERT INTO mapping_profiles (id, profile, saved_at, saved_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, saved_at = excluded.saved_at, saved_by = excluded.saved_by",
    )
    .bind(&profile.id)
    .bind(&json)
    .bind(ctx.timestamp())
    .bind(&ctx.actor)
    .execute(ex)
    .await.map(|r| r.rows_affected()))
    .map_err(db)?;
    let what = format!("{} ({})", profile.name, profile.id);
    let before = before.map(|_| what.as_str());
    history::record(conn, ctx, None, HistoryAction::SaveMapping, Some("mapping"), before, Some(&what)).await
}

impl Store {
    /// Saves (or replaces) a mapping profile under its id; the history records it.
    pub async fn save_mapping(&self, ctx: &ChangeContext, profile: &MappingProfile) -> Result<()> {
        let mut tx = self.write().await?;
        keep_mapping(&mut tx, ctx, profile).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// The saved mapping profiles, most recently saved first.
    pub async fn mappings(&self) -> Result<Vec<MappingProfile>> {
        let rows: Vec<(String, String)> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT id, profile FROM mapping_profiles ORDER BY saved_at DESC, id")
            .fetch_all(ex)
            .await)
            .map_err(db)?;
        rows.into_iter()
            .map(|(id, json)| MappingProfile::parse(&json).map_err(|e| Error::Corrupt(format!("saved mapping {id}: {e}"))))
            .collect()
    }
}
