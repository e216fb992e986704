//! SQL for certifications: record one for a vendor with its evidence files, and what was read from
//! them (and history entries), read them back with the carve-outs and the customer's duties, mute
//! their reminders and log the reminders shown.

use super::db;
use super::history::{self, HistoryAction};
use super::{ChangeContext, Store};
use crate::domain::certification::{CarveOut, CertDates, Duty, DutyState, NewCertification, Opinion, TrustCriterion};
use crate::domain::wire_name;
use crate::engine::Conn;
use crate::engine::{on_conn, on_pool};
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
    /// Facts were read from one of its evidence files and kept.
    pub read_from_document: bool,
    /// The subservice organisations its report carves out (from every reading, in order).
    pub carve_outs: Vec<CarveOut>,
    /// The duties its report leaves to the customer.
    pub duties: Vec<Duty>,
}

/// What was read from an evidence file, to keep with its certification: the whole reading as
/// JSON (the store does not look inside), what the scoring reads from it, and the duties.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReading {
    /// The evidence file it was read from.
    pub evidence_sha256: String,
    /// The reading, as JSON.
    pub reading: String,
    pub carve_outs: Vec<CarveOut>,
    /// Each duty's words and page.
    pub duties: Vec<(String, u32)>,
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
            read_from_document: false,
            carve_outs: Vec::new(),
            duties: Vec::new(),
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
        readings: &[NewReading],
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let exists: Option<(i64,)> =
            on_conn!(&mut tx, ex => sqlx::query_as("SELECT id FROM vendors WHERE id = $1").bind(vendor_id).fetch_optional(ex).await)
                .map_err(db)?;
        if exists.is_none() {
            return Err(Error::no_such(Thing::Vendor, vendor_id));
        }
        let (id,): (i64,) = on_conn!(&mut tx, ex => sqlx::query_as(
            "INSERT INTO certifications (vendor_id, kind, issuer, certificate_number, scope, services, tsc, \
             period_start, period_end, as_of, issued, expires, opinion, exceptions, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
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
        .fetch_one(ex)
        .await)
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
        for r in readings {
            let file = files.iter().find(|f| f.sha256 == r.evidence_sha256).map_or("", |f| f.original_name.as_str());
            insert_reading(&mut tx, ctx, vendor_id, id, r, file).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(id)
    }

    /// Attaches an (already stored) evidence file to certification `cert_id`; an identical file
    /// already attached to it is refused.
    pub async fn attach_evidence(&self, ctx: &ChangeContext, cert_id: i64, f: &StagedFile, reading: Option<&NewReading>) -> Result<i64> {
        let mut tx = self.write().await?;
        let vendor: Option<(i64,)> =
            on_conn!(&mut tx, ex => sqlx::query_as("SELECT vendor_id FROM certifications WHERE id = $1").bind(cert_id).fetch_optional(ex).await).map_err(db)?;
        let Some((vendor_id,)) = vendor else {
            return Err(Error::no_such(Thing::Certification, cert_id));
        };
        let id = insert_evidence(&mut tx, ctx, vendor_id, cert_id, f).await?;
        if let Some(r) = reading {
            insert_reading(&mut tx, ctx, vendor_id, cert_id, r, &f.original_name).await?;
        }
        tx.commit().await.map_err(db)?;
        Ok(id)
    }

    /// The evidence files of one certification, or of all, oldest first.
    pub async fn evidence_files(&self, cert_id: Option<i64>) -> Result<Vec<EvidenceFile>> {
        self.evidence_files_where(if cert_id.is_some() { "WHERE certification_id = $1" } else { "WHERE $1 IS NULL" }, cert_id).await
    }

    /// The evidence files of vendor `vendor_id`'s certifications (of all, when `None`), in the order added.
    pub async fn vendor_evidence_files(&self, vendor_id: Option<i64>) -> Result<Vec<EvidenceFile>> {
        let which = if vendor_id.is_some() {
            "WHERE certification_id IN (SELECT id FROM certifications WHERE vendor_id = $1)"
        } else {
            "WHERE $1 IS NULL"
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
        let rows: Vec<Row> = on_pool!(&self.pool, ex => sqlx::query_as(&format!(
            "SELECT id, certification_id, original_name, size, media_type, sha256, added_at, added_by \
             FROM evidence_files {which} ORDER BY id"
        ))
        .bind(key)
        .fetch_all(ex)
        .await)
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
        on_pool!(&self.pool, ex => sqlx::query_as("SELECT stored_name, sha256 FROM evidence_files WHERE id = $1")
            .bind(id)
            .fetch_optional(ex)
            .await)
        .map_err(db)?
        .ok_or_else(|| Error::no_such(Thing::EvidenceFile, id))
    }

    /// Mutes (or unmutes) the reminders about certification `cert_id`, with a history entry.
    pub async fn set_reminders_muted(&self, ctx: &ChangeContext, cert_id: i64, muted: bool, label: &str) -> Result<()> {
        let mut tx = self.write().await?;
        let row: Option<(i64, bool)> = on_conn!(&mut tx, ex => sqlx::query_as(
            "SELECT vendor_id, EXISTS (SELECT 1 FROM reminder_mutes m WHERE m.certification_id = c.id) \
             FROM certifications c WHERE id = $1",
        )
        .bind(cert_id)
        .fetch_optional(ex)
        .await)
        .map_err(db)?;
        let Some((vendor_id, was_muted)) = row else {
            return Err(Error::no_such(Thing::Certification, cert_id));
        };
        if was_muted == muted {
            return Ok(());
        }
        if muted {
            on_conn!(&mut tx, ex => sqlx::query("INSERT INTO reminder_mutes (certification_id, muted_at, muted_by) VALUES ($1, $2, $3)")
                .bind(cert_id)
                .bind(ctx.timestamp())
                .bind(&ctx.actor)
                .execute(ex)
                .await.map(|r| r.rows_affected()))
            .map_err(db)?;
        } else {
            on_conn!(&mut tx, ex => sqlx::query("DELETE FROM reminder_mutes WHERE certification_id = $1").bind(cert_id).execute(ex).await.map(|r| r.rows_affected())).map_err(db)?;
        }
        let action = if muted { HistoryAction::MuteReminders } else { HistoryAction::UnmuteReminders };
        history::record(&mut tx, ctx, vendor_id, action, Some("reminders"), None, Some(label)).await?;
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// The reminders already shown, as (certification id, status, current until).
    pub async fn reminders_shown(&self) -> Result<Vec<(i64, String, NaiveDate)>> {
        on_pool!(&self.pool, ex => sqlx::query_as("SELECT certification_id, status, current_until FROM reminders_shown").fetch_all(ex).await).map_err(db)
    }

    /// Logs reminders as shown; one already logged is left as it was.
    pub async fn log_reminders_shown(&self, ctx: &ChangeContext, shown: &[(i64, String, NaiveDate)]) -> Result<()> {
        let mut tx = self.write().await?;
        for (cert_id, status, until) in shown {
            on_conn!(&mut tx, ex => sqlx::query(
                "INSERT INTO reminders_shown (certification_id, status, current_until, shown_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(cert_id)
            .bind(status)
            .bind(until)
            .bind(ctx.timestamp())
            .execute(ex)
            .await.map(|r| r.rows_affected()))
            .map_err(db)?;
        }
        tx.commit().await.map_err(db)?;
        Ok(())
    }

    /// One certification.
    pub async fn certification(&self, id: i64) -> Result<StoredCertification> {
        let row: Option<CertRow> = on_pool!(&self.pool, ex => sqlx::query_as(
            "SELECT c.*, v.name AS vendor_name, \
             EXISTS (SELECT 1 FROM reminder_mutes m WHERE m.certification_id = c.id) AS muted \
             FROM certifications c JOIN vendors v ON v.id = c.vendor_id WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(ex)
        .await)
        .map_err(db)?;
        let mut one = vec![StoredCertification::try_from(row.ok_or_else(|| Error::no_such(Thing::Certification, id))?)?];
        self.with_readings("WHERE c.id = $1", Some(id), &mut one).await?;
        Ok(one.remove(0))
    }

    /// Every certification of one vendor, or of all vendors, ordered by vendor and id.
    pub async fn certifications(&self, vendor_id: Option<i64>) -> Result<Vec<StoredCertification>> {
        let which = if vendor_id.is_some() { "WHERE c.vendor_id = $1" } else { "WHERE $1 IS NULL" };
        let rows: Vec<CertRow> = on_pool!(&self.pool, ex => sqlx::query_as(&format!(
            "SELECT c.*, v.name AS vendor_name, \
             EXISTS (SELECT 1 FROM reminder_mutes m WHERE m.certification_id = c.id) AS muted \
             FROM certifications c JOIN vendors v ON v.id = c.vendor_id \
             {which} ORDER BY c.vendor_id, c.id"
        ))
        .bind(vendor_id)
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        let mut certs = rows.into_iter().map(StoredCertification::try_from).collect::<Result<Vec<_>>>()?;
        self.with_readings(which, vendor_id, &mut certs).await?;
        Ok(certs)
    }

    /// Fills in what was read from the evidence of `certs` (those `which` selects, on `c`).
    async fn with_readings(&self, which: &str, key: Option<i64>, certs: &mut [StoredCertification]) -> Result<()> {
        let readings: Vec<(i64, String)> = on_pool!(&self.pool, ex => sqlx::query_as(&format!(
            "SELECT r.certification_id, r.carve_outs FROM certification_readings r \
             JOIN certifications c ON c.id = r.certification_id {which} ORDER BY r.id"
        ))
        .bind(key)
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        #[derive(sqlx::FromRow)]
        struct DutyRow {
            id: i64,
            certification_id: i64,
            text: String,
            page: i64,
            state: String,
            note: String,
        }
        let duties: Vec<DutyRow> = on_pool!(&self.pool, ex => sqlx::query_as(&format!(
            "SELECT d.id, d.certification_id, d.text, d.page, d.state, d.note FROM certification_duties d \
             JOIN certifications c ON c.id = d.certification_id {which} ORDER BY d.id"
        ))
        .bind(key)
        .fetch_all(ex)
        .await)
        .map_err(db)?;
        if readings.is_empty() {
            return Ok(());
        }
        let index: std::collections::HashMap<i64, usize> = certs.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        for (cert_id, carve_outs) in readings {
            let Some(&i) = index.get(&cert_id) else { continue };
            let list: Vec<CarveOut> = serde_json::from_str(&carve_outs).map_err(|e| Error::Corrupt(format!("carve_outs: {e}")))?;
            certs[i].read_from_document = true;
            certs[i].carve_outs.extend(list);
        }
        for d in duties {
            let Some(&i) = index.get(&d.certification_id) else { continue };
            certs[i].duties.push(Duty {
                id: d.id,
                certification_id: d.certification_id,
                text: d.text,
                page: d.page.max(0) as u32,
                state: from_json(serde_json::Value::String(d.state), "a duty's state")?,
                note: d.note,
            });
        }
        Ok(())
    }

    /// The readings kept with certification `cert_id` (as JSON), oldest first.
    pub async fn readings(&self, cert_id: i64) -> Result<Vec<String>> {
        let rows: Vec<(String,)> =
            on_pool!(&self.pool, ex => sqlx::query_as("SELECT reading FROM certification_readings WHERE certification_id = $1 ORDER BY id")
            .bind(cert_id)
            .fetch_all(ex)
            .await)
            .map_err(db)?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Sets where the customer stands on duty `duty_id`, with a history entry for each field
    /// that changes; returns the duty as it is now.
    pub async fn set_duty(&self, ctx: &ChangeContext, duty_id: i64, state: DutyState, note: &str) -> Result<Duty> {
        let mut tx = self.write().await?;
        let row: Option<(i64, i64, String, i64, String, String)> = on_conn!(&mut tx, ex => sqlx::query_as(
            "SELECT c.vendor_id, d.certification_id, d.text, d.page, d.state, d.note FROM certification_duties d \
             JOIN certifications c ON c.id = d.certification_id WHERE d.id = $1",
        )
        .bind(duty_id)
        .fetch_optional(ex)
        .await)
        .map_err(db)?;
        let Some((vendor_id, certification_id, text, page, before_state, before_note)) = row else {
            return Err(Error::no_such(Thing::Duty, duty_id));
        };
        let after_state = wire_name(&state);
        if before_state == after_state && before_note == note {
            return from_json::<DutyState>(serde_json::Value::String(before_state), "a duty's state").map(|state| Duty {
                id: duty_id,
                certification_id,
                text,
                page: page.max(0) as u32,
                state,
                note: note.to_owned(),
            });
        }
        on_conn!(&mut tx, ex => sqlx::query("UPDATE certification_duties SET state = $1, note = $2, changed_at = $3, changed_by = $4 WHERE id = $5")
            .bind(&after_state)
            .bind(note)
            .bind(ctx.timestamp())
            .bind(&ctx.actor)
            .bind(duty_id)
            .execute(ex)
            .await.map(|r| r.rows_affected()))
            .map_err(db)?;
        for (name, before, after) in [("state", &before_state, &after_state), ("note", &before_note, &note.to_owned())] {
            if before != after {
                let field = format!("duty:{duty_id}:{name}");
                history::record(&mut tx, ctx, vendor_id, HistoryAction::UpdateDuty, Some(&field), Some(before), Some(after)).await?;
            }
        }
        tx.commit().await.map_err(db)?;
        Ok(Duty { id: duty_id, certification_id, text, page: page.max(0) as u32, state, note: note.to_owned() })
    }
}

/// Keeps a reading with certification `cert_id` (sealed: the scoring reads its carve-outs) and
/// its duties; a file already read for it is left as it was.
async fn insert_reading(conn: &mut Conn, ctx: &ChangeContext, vendor_id: i64, cert_id: i64, r: &NewReading, file: &str) -> Result<()> {
    let inserted: Option<(i64,)> = on_conn!(&mut *conn, ex => sqlx::query_as(
        "INSERT INTO certification_readings (certification_id, evidence_sha256, reading, carve_outs, read_at, read_by) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(cert_id)
    .bind(&r.evidence_sha256)
    .bind(&r.reading)
    .bind(serde_json::to_string(&r.carve_outs).expect("carve-outs serialise"))
    .bind(ctx.timestamp())
    .bind(&ctx.actor)
    .fetch_optional(ex)
    .await)
    .map_err(db)?;
    let Some((id,)) = inserted else { return Ok(()) };
    for (position, (text, page)) in r.duties.iter().enumerate() {
        on_conn!(&mut *conn, ex => sqlx::query("INSERT INTO certification_duties (certification_id, reading_id, position, text, page) VALUES ($1, $2, $3, $4, $5)")
            .bind(cert_id)
            .bind(id)
            .bind(position as i64)
            .bind(text)
            .bind(*page as i64)
            .execute(ex)
            .await.map(|r| r.rows_affected()))
            .map_err(db)?;
    }
    let sealed = Subject::new(RecordKind::Reading, id);
    history::record_sealing(conn, ctx, vendor_id, HistoryAction::ReadDocument, Some("reading"), None, Some(file), &sealed).await?;
    Ok(())
}

async fn insert_evidence(conn: &mut Conn, ctx: &ChangeContext, vendor_id: i64, cert_id: i64, f: &StagedFile) -> Result<i64> {
    let inserted: Option<(i64,)> = on_conn!(&mut *conn, ex => sqlx::query_as(
        "INSERT INTO evidence_files (certification_id, sha256, stored_name, original_name, size, media_type, \
         added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(cert_id)
    .bind(&f.sha256)
    .bind(&f.stored_name)
    .bind(&f.original_name)
    .bind(f.size as i64)
    .bind(&f.media_type)
    .bind(ctx.timestamp())
    .bind(&ctx.actor)
    .fetch_optional(ex)
    .await)
    .map_err(db)?;
    let Some((id,)) = inserted else {
        return Err(Error::Conflict(Clash::AlreadyAttached { file: f.original_name.clone() }));
    };
    if conn.kind().is_server() {
        // A team register keeps the bytes, once per content, so every member opens the same file.
        let content = std::fs::read(&f.path).map_err(|e| Error::Io(format!("cannot read {}: {e}", f.path.display())))?;
        on_conn!(&mut *conn, ex => sqlx::query("INSERT INTO evidence_content (sha256, content) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(&f.sha256)
            .bind(content)
            .execute(ex)
            .await
            .map(|_| ()))
        .map_err(db)?;
    }
    let sealed = Subject::new(RecordKind::Evidence, id);
    history::record_sealing(conn, ctx, vendor_id, HistoryAction::AddEvidence, Some("evidence"), None, Some(&f.original_name), &sealed)
        .await?;
    Ok(id)
}
