//! SQL for saved mapping profiles: the column mappings users confirmed for layouts no shipped
//! profile knows, newest first.

use super::db;
use super::{ChangeContext, Store};
use crate::error::{Error, Result};
use vetted_domain::mapping::MappingProfile;

impl Store {
    /// Saves (or replaces) a mapping profile under its id.
    pub async fn save_mapping(&self, ctx: &ChangeContext, profile: &MappingProfile) -> Result<()> {
        let mut tx = self.write().await?;
        sqlx::query(
            "INSERT INTO mapping_profiles (id, profile, saved_at, saved_by) VALUES (?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET profile = excluded.profile, saved_at = excluded.saved_at, saved_by = excluded.saved_by",
        )
        .bind(&profile.id)
        .bind(serde_json::to_string(profile).expect("profiles serialise"))
        .bind(ctx.timestamp())
        .bind(&ctx.actor)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// The saved mapping profiles, most recently saved first.
    pub async fn mappings(&self) -> Result<Vec<MappingProfile>> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT id, profile FROM mapping_profiles ORDER BY saved_at DESC, id")
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        rows.into_iter()
            .map(|(id, json)| MappingProfile::parse(&json).map_err(|e| Error::Corrupt(format!("saved mapping {id}: {e}"))))
            .collect()
    }
}
