//! Seals on the records a verdict rests on: each record's content digest, written into the history entry that records it, and the check that finds a record changed, added or removed behind Vetted's back.

use super::db;
use crate::engine::{hash_row, Conn};
use crate::error::Result;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// What kind of record a seal covers. Each kind reads its record with fixed columns (a column
/// added later needs a new kind version and a re-seal in its upgrade).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Certification,
    Evidence,
    /// A questionnaire version with its answers (and the catalog keys of their questions) and its skipped rows.
    Questionnaire,
    Baseline,
    /// Which baseline a tier is held to.
    BaselineUse,
    AcceptedRisk,
    /// A run of assessment snapshots written together (`first..last` ids).
    Assessments,
    Publication,
}

impl RecordKind {
    pub const ALL: [RecordKind; 8] = [
        RecordKind::Certification,
        RecordKind::Evidence,
        RecordKind::Questionnaire,
        RecordKind::Baseline,
        RecordKind::BaselineUse,
        RecordKind::AcceptedRisk,
        RecordKind::Assessments,
        RecordKind::Publication,
    ];

    fn name(self) -> &'static str {
        match self {
            RecordKind::Certification => "certification",
            RecordKind::Evidence => "evidence",
            RecordKind::Questionnaire => "questionnaire",
            RecordKind::Baseline => "baseline",
            RecordKind::BaselineUse => "baseline_use",
            RecordKind::AcceptedRisk => "accepted_risk",
            RecordKind::Assessments => "assessments",
            RecordKind::Publication => "publication",
        }
    }

    /// The queries that read one record (bound to its key, or to the first and last id of a
    /// run), in a fixed order of rows and columns.
    fn reads(self) -> &'static [&'static str] {
        match self {
            RecordKind::Certification => &["SELECT id, vendor_id, kind, issuer, certificate_number, scope, services, tsc, period_start, \
                 period_end, as_of, issued, expires, opinion, exceptions, created_at FROM certifications WHERE id = $1"],
            RecordKind::Evidence => &["SELECT id, certification_id, sha256, stored_name, original_name, size, media_type, added_at, \
                 added_by FROM evidence_files WHERE id = $1"],
            RecordKind::Questionnaire => &[
                "SELECT id, vendor_id, version, file_name, sha256, size, format, template, template_name, template_version, variant, \
                 profile, importer_version, imported_at, imported_by, questions, first_answer FROM questionnaires WHERE id = $1",
                "SELECT a.id, a.entry, c.key, a.answer, a.original, a.comment, a.cell FROM questionnaire_answers a \
                 JOIN question_catalog c ON c.id = a.entry WHERE a.questionnaire_id = $1 ORDER BY a.id",
                "SELECT sheet, row, reason FROM questionnaire_skipped WHERE questionnaire_id = $1 ORDER BY sheet, row, reason",
            ],
            RecordKind::Baseline => &["SELECT id, version, name, baseline, saved_at, saved_by FROM baselines \
                 WHERE id || '/' || version = $1"],
            RecordKind::BaselineUse => &["SELECT tier, baseline_id, set_at, set_by FROM baseline_use WHERE tier = $1"],
            RecordKind::AcceptedRisk => &["SELECT id, vendor_id, baseline_id, control_id, reason, accepted_by, until, recorded_at, \
                 recorded_by FROM risk_acceptances WHERE id = $1"],
            RecordKind::Assessments => &["SELECT id, vendor_id, baseline_id, baseline_version, as_of, assessed_at, assessed_by, verdict, \
                 coverage, inputs, result, fingerprint FROM assessments WHERE id BETWEEN $1 AND $2 ORDER BY id"],
            RecordKind::Publication => &["SELECT version, published_at, published_by, as_of, filter, entries, entry_count, fingerprint \
                 FROM register_versions WHERE version = $1"],
        }
    }

    /// Every key of this kind in the register (for a run kind: every id); with `vendors`, the
    /// keys of the records a verdict of the vendors in the JSON array bound at `$1` rests on
    /// (their newest questionnaire only: the one scoring reads), none for the kinds scoring writes.
    fn keys(self, vendors: bool) -> Option<String> {
        let of = |column: &str| crate::engine::in_json_array(column, "$1");
        let sql = match (self, vendors) {
            (RecordKind::Certification, false) => "SELECT CAST(id AS TEXT) FROM certifications ORDER BY id".to_owned(),
            (RecordKind::Certification, true) => {
                format!("SELECT CAST(id AS TEXT) FROM certifications WHERE {} ORDER BY id", of("vendor_id"))
            }
            (RecordKind::Evidence, false) => "SELECT CAST(id AS TEXT) FROM evidence_files ORDER BY id".to_owned(),
            (RecordKind::Evidence, true) => format!(
                "SELECT CAST(e.id AS TEXT) FROM evidence_files e JOIN certifications c ON c.id = e.certification_id \
                 WHERE {} ORDER BY e.id",
                of("c.vendor_id")
            ),
            (RecordKind::Questionnaire, false) => "SELECT CAST(id AS TEXT) FROM questionnaires ORDER BY id".to_owned(),
            (RecordKind::Questionnaire, true) => {
                format!("SELECT CAST(MAX(id) AS TEXT) FROM questionnaires WHERE {} GROUP BY vendor_id ORDER BY MAX(id)", of("vendor_id"))
            }
            (RecordKind::Baseline, _) => "SELECT id || '/' || version FROM baselines ORDER BY id, version".to_owned(),
            (RecordKind::BaselineUse, _) => "SELECT CAST(tier AS TEXT) FROM baseline_use ORDER BY tier".to_owned(),
            (RecordKind::AcceptedRisk, false) => "SELECT CAST(id AS TEXT) FROM risk_acceptances ORDER BY id".to_owned(),
            (RecordKind::AcceptedRisk, true) => {
                format!("SELECT CAST(id AS TEXT) FROM risk_acceptances WHERE {} ORDER BY id", of("vendor_id"))
            }
            (RecordKind::Assessments, false) => "SELECT CAST(id AS TEXT) FROM assessments ORDER BY id".to_owned(),
            (RecordKind::Publication, false) => "SELECT CAST(version AS TEXT) FROM register_versions ORDER BY version".to_owned(),
            (RecordKind::Assessments | RecordKind::Publication, true) => return None,
        };
        Some(sql)
    }

    fn parse(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One sealed record (or run of records): `kind:key`, as the history names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Subject {
    pub kind: RecordKind,
    /// The record's key (`12`, `minimum-sub-processors/2`, a tier); for a run, `first..last`.
    pub key: String,
}

impl Subject {
    pub fn new(kind: RecordKind, key: impl ToString) -> Subject {
        Subject { kind, key: key.to_string() }
    }

    fn parse(text: &str) -> Option<Subject> {
        let (kind, key) = text.split_once(':')?;
        Some(Subject { kind: RecordKind::parse(kind)?, key: key.to_owned() })
    }

    /// The ids of a run (`first..last`); a single record is a run of one.
    fn span(&self) -> Option<(i64, i64)> {
        match self.key.split_once("..") {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => self.key.parse().ok().map(|k| (k, k)),
        }
    }
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind.name(), self.key)
    }
}

/// The SHA-256 (hex) of the record `subject` as it is now; none when no row of it is left.
pub(crate) async fn digest(conn: &mut Conn, subject: &Subject) -> Result<Option<String>> {
    let mut h = Sha256::new();
    h.update(b"vetted-record-v1");
    h.update(subject.kind.name().as_bytes());
    let mut rows_seen = 0usize;
    for (i, sql) in subject.kind.reads().iter().enumerate() {
        let mut query = sqlx::query(sql);
        query = match (subject.kind, subject.span()) {
            (RecordKind::Assessments, Some((first, last))) => query.bind(first).bind(last),
            (RecordKind::Baseline, _) => query.bind(subject.key.clone()),
            (_, Some((id, _))) => query.bind(id),
            (_, None) => return Ok(None),
        };
        let rows = query.fetch_all(&mut *conn).await.map_err(db)?;
        if i == 0 {
            rows_seen = rows.len();
        }
        h.update((i as u64).to_le_bytes());
        h.update((rows.len() as u64).to_le_bytes());
        for row in &rows {
            hash_row(row, &mut h)?;
        }
    }
    Ok((rows_seen > 0).then(|| crate::hash::hex(&h.finalize())))
}

/// A record that is not as its seal says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BrokenRecord {
    pub subject: Subject,
    pub reason: RecordBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordBreak {
    /// Its content no longer gives the digest its history entry sealed.
    Changed,
    /// No history entry seals it: it was added behind Vetted's back.
    NotSealed,
    /// Its history entry seals a record that is no longer there.
    Removed,
}

impl std::fmt::Display for BrokenRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let why = match self.reason {
            RecordBreak::Changed => "was changed after it was written",
            RecordBreak::NotSealed => "was added outside Vetted (no history entry records it)",
            RecordBreak::Removed => "was removed outside Vetted",
        };
        write!(f, "record {} {why}", self.subject)
    }
}

/// What checking the records against their seals found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordsReport {
    /// Records (and runs of snapshots) checked.
    pub checked: u64,
    /// Each record that is not as sealed, in kind and key order (at most `MAX_NAMED`).
    pub broken: Vec<BrokenRecord>,
}

const MAX_NAMED: usize = 100;

/// The newest seal of each subject the history names, of every kind or only of `vendors`' records.
async fn seals(conn: &mut Conn, vendors: Option<&[i64]>) -> Result<HashMap<Subject, Option<String>>> {
    let rows: Vec<(String, Option<String>)> = match vendors {
        None => sqlx::query_as("SELECT subject, digest FROM history WHERE subject IS NOT NULL ORDER BY id").fetch_all(&mut *conn).await,
        Some(ids) => {
            let sql = format!(
                "SELECT subject, digest FROM history WHERE subject IS NOT NULL AND (vendor_id IS NULL OR {}) ORDER BY id",
                crate::engine::in_json_array("vendor_id", "$1")
            );
            sqlx::query_as(&sql).bind(serde_json::to_string(ids).expect("ids serialise")).fetch_all(&mut *conn).await
        }
    }
    .map_err(db)?;
    Ok(rows.into_iter().filter_map(|(s, d)| Some((Subject::parse(&s)?, d))).collect())
}

/// Checks records against their seals: every record of every kind (`vendors` none), or those a
/// verdict of `vendors` rests on (their certifications, evidence, newest questionnaires and
/// accepted risks, and the baselines and tiers' baselines).
pub(crate) async fn check(conn: &mut Conn, vendors: Option<&[i64]>) -> Result<RecordsReport> {
    let sealed = seals(conn, vendors).await?;
    let ids = vendors.map(|v| serde_json::to_string(v).expect("ids serialise"));
    let mut report = RecordsReport::default();
    fn note(report: &mut RecordsReport, subject: Subject, reason: RecordBreak) {
        if report.broken.len() < MAX_NAMED {
            report.broken.push(BrokenRecord { subject, reason });
        }
    }
    for kind in RecordKind::ALL {
        let Some(sql) = kind.keys(vendors.is_some()) else { continue };
        let mut query = sqlx::query_scalar(&sql);
        if let Some(ids) = &ids {
            query = query.bind(ids.clone());
        }
        let keys: Vec<String> = query.fetch_all(&mut *conn).await.map_err(db)?;
        if kind == RecordKind::Assessments {
            // Runs: every snapshot must lie in a sealed run whose content is as sealed.
            let mut runs: Vec<(&Subject, (i64, i64))> =
                sealed.keys().filter(|s| s.kind == kind).filter_map(|s| Some((s, s.span()?))).collect();
            runs.sort_by_key(|(_, span)| *span);
            for (subject, _) in &runs {
                report.checked += 1;
                match digest(conn, subject).await? {
                    None => note(&mut report, (*subject).clone(), RecordBreak::Removed),
                    now if now != sealed[*subject] => note(&mut report, (*subject).clone(), RecordBreak::Changed),
                    _ => {}
                }
            }
            for id in keys.iter().filter_map(|k| k.parse::<i64>().ok()) {
                if runs
                    .binary_search_by(|(_, (a, b))| {
                        if *b < id {
                            std::cmp::Ordering::Less
                        } else if *a > id {
                            std::cmp::Ordering::Greater
                        } else {
                            std::cmp::Ordering::Equal
                        }
                    })
                    .is_err()
                {
                    note(&mut report, Subject::new(kind, id), RecordBreak::NotSealed);
                }
            }
            continue;
        }
        let mut seen = std::collections::HashSet::with_capacity(keys.len());
        for key in keys {
            let subject = Subject::new(kind, &key);
            report.checked += 1;
            match sealed.get(&subject) {
                None => note(&mut report, subject.clone(), RecordBreak::NotSealed),
                Some(d) if digest(conn, &subject).await? != *d => note(&mut report, subject.clone(), RecordBreak::Changed),
                Some(_) => {}
            }
            seen.insert(subject);
        }
        if vendors.is_none() {
            let mut gone: Vec<&Subject> = sealed.keys().filter(|s| s.kind == kind && !seen.contains(*s)).collect();
            gone.sort();
            for subject in gone {
                note(&mut report, subject.clone(), RecordBreak::Removed);
            }
        }
    }
    Ok(report)
}

/// Every record of every kind in the register, for the upgrade that seals them once: each with
/// the vendor it belongs to. Snapshots come as one run.
pub(crate) async fn every_record(conn: &mut Conn) -> Result<Vec<Subject>> {
    let mut all = Vec::new();
    for kind in RecordKind::ALL {
        let sql = kind.keys(false).expect("every kind lists its keys");
        let keys: Vec<String> = sqlx::query_scalar(&sql).fetch_all(&mut *conn).await.map_err(db)?;
        if kind == RecordKind::Assessments {
            if let (Some(first), Some(last)) = (keys.first(), keys.last()) {
                all.push(Subject::new(kind, format!("{first}..{last}")));
            }
            continue;
        }
        all.extend(keys.into_iter().map(|k| Subject::new(kind, k)));
    }
    Ok(all)
}
