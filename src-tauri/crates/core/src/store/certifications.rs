//! SQL for certifications: record one for a vendor (with its history entry), and read them back.

use super::history::{self, HistoryAction};
use super::{ChangeContext, Store};
use crate::domain::wire_name;
use crate::domain::certification::{CertDates, NewCertification, Opinion, TrustCriterion};
use crate::error::{Error, Result};
use chrono::NaiveDate;

/// A certification as stored, before its validity is evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredCertification {
    pub id: i64,
    pub vendor_id: i64,
    pub vendor_name: String,
    pub cert: NewCertification,
    pub created_at: String,
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
    tsc: String,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    as_of: Option<NaiveDate>,
    issued: Option<NaiveDate>,
    expires: Option<NaiveDate>,
    opinion: Option<String>,
    exceptions: String,
    created_at: String,
}

fn from_json<T: serde::de::DeserializeOwned>(v: serde_json::Value, what: &str) -> Result<T> {
    serde_json::from_value(v).map_err(|e| Error::Corrupt(format!("{what}: {e}")))
}

impl TryFrom<CertRow> for StoredCertification {
    type Error = Error;
    fn try_from(r: CertRow) -> Result<Self> {
        let tsc: Vec<TrustCriterion> = serde_json::from_str(&r.tsc).map_err(|e| Error::Corrupt(format!("tsc: {e}")))?;
        Ok(StoredCertification {
            id: r.id,
            vendor_id: r.vendor_id,
            vendor_name: r.vendor_name,
            cert: NewCertification {
                kind: from_json(serde_json::Value::String(r.kind), "kind")?,
                issuer: r.issuer,
                certificate_number: r.certificate_number,
                scope: r.scope,
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
        })
    }
}

impl Store {
    /// Records a certification for vendor `vendor_id`, with a history entry naming it.
    pub async fn add_certification(
        &self,
        ctx: &ChangeContext,
        vendor_id: i64,
        c: &NewCertification,
        label: &str,
    ) -> Result<i64> {
        let mut tx = self.write().await?;
        let exists: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM vendors WHERE id = ?").bind(vendor_id).fetch_optional(&mut *tx).await?;
        if exists.is_none() {
            return Err(Error::NotFound(format!("there is no vendor with id {vendor_id}")));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO certifications (vendor_id, kind, issuer, certificate_number, scope, tsc, period_start, \
             period_end, as_of, issued, expires, opinion, exceptions, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(vendor_id)
        .bind(wire_name(&c.kind))
        .bind(&c.issuer)
        .bind(&c.certificate_number)
        .bind(&c.scope)
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
        .await?;
        let what = if c.scope.is_empty() { label.to_owned() } else { format!("{label}: {}", c.scope) };
        history::record(&mut tx, ctx, vendor_id, HistoryAction::AddCertification, Some("certifications"), None, Some(&what))
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every certification of one vendor, or of all vendors, ordered by vendor and id.
    pub async fn certifications(&self, vendor_id: Option<i64>) -> Result<Vec<StoredCertification>> {
        let rows: Vec<CertRow> = sqlx::query_as(
            "SELECT c.*, v.name AS vendor_name FROM certifications c JOIN vendors v ON v.id = c.vendor_id \
             WHERE ?1 IS NULL OR c.vendor_id = ?1 ORDER BY c.vendor_id, c.id",
        )
        .bind(vendor_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(StoredCertification::try_from).collect()
    }
}
