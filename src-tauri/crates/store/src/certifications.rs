//! SQL for certifications: record one for a vendor with its evidence files (and history entries),
//! read them back, mute their reminders and log the reminders shown.

use super::db;
use super::history::{self, HistoryAction};
use super::{ChangeContext, Store};
use crate::domain::certification::{CertDates, NewCertification, Opinion, TrustCriterion};
use crate::domain::wire_name;
use crate::engine::Conn;
use crate::error::{Clash, Error, Result};
use crate::evidence::{EvidenceFile, StagedFile};
use crate::seals::{RecordKind, Subject};
use chrono::NaiveDate;
use vetted_domain::Thing;

/// A certification as stored, before its validity is evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCertification {
    pub id: i64,
    pub vendor_id: i64,
    pub vendor_name: String,
    pub cert: NewCertification,
    pub created_at: String,
    pub reminders_muted: bool,
}

#[derive(sqlx::FromRow)]
struct CertRow {
    id: i64,
    vendor_id: i64,
    vendor_name: String,
    kind: String,
    issuer: String,
    certificate_number: String,
    scope: String,
    services: String,
    tsc: String,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    as_of: Option<NaiveDate>,
    issued: Option<NaiveDate>,
    expires: Option<NaiveDate>,
    opinion: Option<String>,
    exceptions: String,
    created_at: String,
    muted: bool,
}

fn from_json<T: serde::de::DeserializeOwned>(v: serde_json::Value, what: &str) -> Result<T> {
    serde_json::from_value(v).map_err(|e| Error::Corrupt(format!("{what}: {e}")))
}

impl TryFrom<CertRow> for StoredCertification {
    type Error = Error;
    fn try_from(r: CertRow) -> Result<Self> {
        let tsc: Vec<TrustCriterion> = serde_json::from_str(&r.tsc).map_err(|e| Error::Corrupt(format!("tsc: {e}")))?;
        let services: Vec<String> = serde_json::from_str(&r.services).map_err(|e| Error::Corrupt(format!("services: {e}")))?;
        Ok(StoredCertification {
            id: r.id,
            vendor_id: r.vendor_id,
            vendor_name: r.vendor_name,
            cert: NewCertification {
                kind: from_json(serde_json::Value::String(r.kind), "kind")?,
                issuer: r.issuer,
                certificate_number: r.certificate_number,
                scope: r.scope,
                services,
                tsc,
                dates: CertDates {
                    period_start: r.period_start,
                    period_end: r.period_end,
                    as_of: r.as_of,
                    issued: r.issued,
                    expires: r.expires,
                },
                opinion: r.opinion.map(|o| from_json::<Opinion>(serde_json::Value::String(o), "opinion")).transpose()?,
                exceptions: r.exceptions,
            },
            created_at: r.created_at,
            reminders_muted: r.muted,
        })
    }
}

impl Store {
    /// Records a certification for vendor `vendor_id` with its (already stored) evidence files, in
    /// one transaction, with a history entry naming it and one per file.
    pub async fn add_certification(
        &self,
        ctx: &ChangeContext,
        vendor_id: i64,
        c: &NewCertification,
        label: &str,
        files: &[StagedFile],
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let exists: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM vendors WHERE id = ?").bind(vendor_id).fetch_optional(&mut *tx).await.map_err(db)?;
        if exists.is_none() {
            return Err(Error::no_such(Thing::Vendor, vendor_id));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO certifications (vendor_id, kind, issuer, certificate_number, scope, services, tsc, \
             period_start, period_end, as_of, issued, expires, opinion, exceptions, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(vendor_id)
        .bind(wire_name(&c.kind))
        .bind(&c.issuer)
        .bind(&c.certificate_number)
        .bind(&c.scope)
        .bind(serde_json::to_string(&c.services).expect("names serialise"))
        .bind(serde_json::to_string(&c.tsc).expect("criteria serialise"))
        .bind(c.dates.period_start)
        .bind(c.dates.period_end)
        .bind(c.dates.as_of)
        .bind(c.dates.issued)
        .bind(c.dates.expires)
        .bind(c.opinion.as_ref().map(wire_name))
        .bind(&c.exceptions)
        .bind(ctx.timestamp())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        let what = if c.scope.is_empty() { label.to_owned() } else { format!("{label}: {}", c.scope) };
        let sealed = Subject::new(RecordKind::Certification, id);
        history::record_sealing(
            &mut tx,
            ctx,
            vendor_id,
            HistoryAction::AddCertification,
            Some("certifications"),
            None,
            Some(&what),
            &sealed,
        )
        .await?;
        for f in files {
            insert_evidence(&mut tx, ctx, vendor_id, id, f).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(id)
    }

    /// Attaches an (already stored) evidence file to certification `cert_id`; an identical file
    /// already attached to it is refused.
    pub async fn attach_evidence(&self, ctx: &ChangeContext, cert_id: i64, f: &StagedFile) -> Result<i64> {
        let mut tx = self.write().await?;
        let vendor: Option<(i64,)> =
            sqlx::query_as("SELECT vendor_id FROM certifications WHERE id = ?").bind(cert_id).fetch_optional(&mut *tx).await.map_err(db)?;
        let Some((vendor_id,)) = vendor else {
            return Err(Error::no_such(Thing::Certification, cert_id));
        };
        let id = insert_evidence(&mut tx, ctx, vendor_id, cert_id, f).await?;
        tx.commit().await.map_err(db)?;
        Ok(id)
    }

    /// The evidence files of one certification, or of all, oldest first.
    pub async fn evidence_files(&self, cert_id: Option<i64>) -> Result<Vec<EvidenceFile>> {
        self.evidence_files_where(if cert_id.is_some() { "WHERE certification_id = ?" } else { "WHERE ? IS NULL" }, cert_id).await
    }

    /// The evidence files of vendor `vendor_id`'s certifications (of all, when `None`), in the order added.
    pub async fn vendor_evidence_files(&self, vendor_id: Option<i64>) -> Result<Vec<EvidenceFile>> {
        let which = if vendor_id.is_some() {
            "WHERE certification_id IN (SELECT id FROM certifications WHERE vendor_id = ?)"
        } else {
            "WHERE ? IS NULL"
        };
        self.evidence_files_where(which, vendor_id).await
    }

    async fn evidence_files_where(&self, which: &str, key: Option<i64>) -> Result<Vec<EvidenceFile>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: i64,
            certification_id: i64,
            original_name: String,
            size: i64,
            media_type: String,
            sha256: String,
            added_at: String,
            added_by: String,
        }
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "SELECT id, certification_id, original_name, size, media_type, sha256, added_at, added_by \
             FROM evidence_files {which} ORDER BY id"
        ))
        .bind(key)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        Ok(rows
            .into_iter()
            .map(|r| EvidenceFile {
                id: r.id,
                certification_id: r.certification_id,
                original_name: r.original_name,
                size: r.size.max(0) as u64,
                media_type: r.media_type,
                sha256: r.sha256,
                added_at: r.added_at,
                added_by: r.added_by,
            })
            .collect())
    }

    /// Where evidence file `id` is kept: its stored name and SHA-256.
    pub async fn evidence_location(&self, id: i64) -> Result<(String, String)> {
        sqlx::query_as("SELECT stored_name, sha256 FROM evidence_files WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or_else(|| Error::no_such(Thing::EvidenceFile, id))
    }

    /// Mutes (or unmutes) the reminders about certification `cert_id`, with a history entry.
    pub async fn set_reminders_muted(&self, ctx: &ChangeContext, cert_id: i64, muted: bool, label: &str) -> Result<()> {
        let mut tx = self.write().await?;
        let row: Option<(i64, bool)> = sqlx::query_as(
            "SELECT vendor_id, EXISTS (SELECT 1 FROM reminder_mutes m WHERE m.certification_id = c.id) \
             FROM certifications c WHERE id = ?",
        )
        .bind(cert_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db)?;
        let Some((vendor_id, was_muted)) = row else {
            return Err(Error::no_such(Thing::Certification, cert_id));
        };
        if was_muted == muted {
            return Ok(());
        }
        if muted {
            sqlx::query("INSERT INTO reminder_mutes (certification_id, muted_at, muted_by) VALUES (?, ?, ?)")
                .bind(cert_id)
                .bind(ctx.timestamp())
                .bind(&ctx.actor)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
        } else {
            sqlx::query("DELETE FROM reminder_mutes WHERE certification_id = ?").bind(cert_id).execute(&mut *tx).await.map_err(db)?;
        }
        let action = if muted { HistoryAction::MuteReminders } else { HistoryAction::UnmuteReminders };
        history::record(&mut tx, ctx, vendor_id, action, Some("reminders"), None, Some(label)).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// The reminders already shown, as (certification id, status, current until).
    pub async fn reminders_shown(&self) -> Result<Vec<(i64, String, NaiveDate)>> {
        sqlx::query_as("SELECT certification_id, status, current_until FROM reminders_shown").fetch_all(&self.pool).await.map_err(db)
    }

    /// Logs reminders as shown; one already logged is left as it was.
    pub async fn log_reminders_shown(&self, ctx: &ChangeContext, shown: &[(i64, String, NaiveDate)]) -> Result<()> {
        let mut tx = self.write().await?;
        for (cert_id, status, until) in shown {
            sqlx::query(
                "INSERT OR IGNORE INTO reminders_shown (certification_id, status, current_until, shown_at) \
                 VALUES (?, ?, ?, ?)",
            )
            .bind(cert_id)
            .bind(status)
            .bind(until)
            .bind(ctx.timestamp())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// One certification.
    pub async fn certification(&self, id: i64) -> Result<StoredCertification> {
        let row: Option<CertRow> = sqlx::query_as(
            "SELECT c.*, v.name AS vendor_name, \
             EXISTS (SELECT 1 FROM reminder_mutes m WHERE m.certification_id = c.id) AS muted \
             FROM certifications c JOIN vendors v ON v.id = c.vendor_id WHERE c.id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.ok_or_else(|| Error::no_such(Thing::Certification, id))?.try_into()
    }

    /// Every certification of one vendor, or of all vendors, ordered by vendor and id.
    pub async fn certifications(&self, vendor_id: Option<i64>) -> Result<Vec<StoredCertification>> {
        let which = if vendor_id.is_some() { "WHERE c.vendor_id = ?" } else { "WHERE ? IS NULL" };
        let rows: Vec<CertRow> = sqlx::query_as(&format!(
            "SELECT c.*, v.name AS vendor_name, \
             EXISTS (SELECT 1 FROM reminder_mutes m WHERE m.certification_id = c.id) AS muted \
             FROM certifications c JOIN vendors v ON v.id = c.vendor_id \
             {which} ORDER BY c.vendor_id, c.id"
        ))
        .bind(vendor_id)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.into_iter().map(StoredCertification::try_from).collect()
    }
}

async fn insert_evidence(conn: &mut Conn, ctx: &ChangeContext, vendor_id: i64, cert_id: i64, f: &StagedFile) -> Result<i64> {
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO evidence_files (certification_id, sha256, stored_name, original_name, size, media_type, \
         added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(cert_id)
    .bind(&f.sha256)
    .bind(&f.stored_name)
    .bind(&f.original_name)
    .bind(f.size as i64)
    .bind(&f.media_type)
    .bind(ctx.timestamp())
    .bind(&ctx.actor)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    let Some((id,)) = inserted else {
        return Err(Error::Conflict(Clash::AlreadyAttached { file: f.original_name.clone() }));
    };
    let sealed = Subject::new(RecordKind::Evidence, id);
    history::record_sealing(conn, ctx, vendor_id, HistoryAction::AddEvidence, Some("evidence"), None, Some(&f.original_name), &sealed)
        .await?;
    Ok(id)
}
