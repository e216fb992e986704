//! Seals on the records a verdict rests on: each record's content digest, written into the history entry that records it, and the check that finds a record changed, added or removed behind Vetted's back.

use super::db;
use crate::engine::on_conn;
use crate::engine::{Conn, Keys, Kind, SealRow, Sealed};
use crate::error::Result;
use crate::questionnaires::ANSWER_OF_VERSION;
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
    /// An approval (who, when, on which verdict, why).
    Approval,
    /// What was read from a certification's evidence file (the scoring reads its carve-outs).
    Reading,
}

impl RecordKind {
    pub const ALL: [RecordKind; 10] = [
        RecordKind::Certification,
        RecordKind::Evidence,
        RecordKind::Questionnaire,
        RecordKind::Baseline,
        RecordKind::BaselineUse,
        RecordKind::AcceptedRisk,
        RecordKind::Assessments,
        RecordKind::Publication,
        RecordKind::Approval,
        RecordKind::Reading,
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
            RecordKind::Approval => "approval",
            RecordKind::Reading => "reading",
        }
    }

    /// The queries that read records of this kind: each row starts with its record's key (as
    /// text), rows in a fixed order; `{keys}` is replaced by a test that the key is one of those
    /// in the JSON array bound at `$1` (for a run: `$1` and `$2` are its first and last id).
    fn reads(self, engine: Kind) -> Vec<String> {
        let fixed: &[&str] = match self {
            RecordKind::Certification => &["SELECT CAST(id AS TEXT) AS record_key, vendor_id, kind, issuer, certificate_number, scope, services, tsc, \
                 period_start, period_end, as_of, issued, expires, opinion, exceptions, created_at FROM certifications \
                 WHERE {keys:id} ORDER BY id"],
            RecordKind::Evidence => &["SELECT CAST(id AS TEXT) AS record_key, certification_id, sha256, stored_name, original_name, size, media_type, \
                 added_at, added_by FROM evidence_files WHERE {keys:id} ORDER BY id"],
            RecordKind::Questionnaire => &[
                "SELECT CAST(id AS TEXT) AS record_key, vendor_id, version, file_name, sha256, size, format, template, template_name, \
                 template_version, variant, profile, importer_version, imported_at, imported_by, questions, first_answer \
                 FROM questionnaires WHERE {keys:id} ORDER BY id",
                // The version's answers as scoring reads them (its run of ids), as one text each,
                // made by the engine: hundreds of answers a version, read as one row.
                "{answers}",
                "SELECT CAST(questionnaire_id AS TEXT) AS record_key, sheet, row, reason FROM questionnaire_skipped \
                 WHERE {keys:questionnaire_id} ORDER BY questionnaire_id, sheet, row, reason",
            ],
            RecordKind::Baseline => &["SELECT id || '/' || version AS record_key, id, version, name, baseline, saved_at, saved_by FROM baselines \
                 WHERE {keys:(id || '/' || version)} ORDER BY id, version"],
            RecordKind::BaselineUse => {
                &["SELECT CAST(tier AS TEXT) AS record_key, tier, baseline_id, set_at, set_by FROM baseline_use WHERE {keys:tier} ORDER BY tier"]
            }
            RecordKind::AcceptedRisk => &["SELECT CAST(id AS TEXT) AS record_key, vendor_id, baseline_id, control_id, reason, accepted_by, until, \
                 recorded_at, recorded_by FROM risk_acceptances WHERE {keys:id} ORDER BY id"],
            RecordKind::Assessments => &["SELECT '', id, vendor_id, baseline_id, baseline_version, as_of, assessed_at, assessed_by, \
                 verdict, coverage, inputs, result, fingerprint FROM assessments WHERE id BETWEEN $1 AND $2 ORDER BY id"],
            RecordKind::Publication => &["SELECT CAST(version AS TEXT) AS record_key, version, published_at, published_by, as_of, filter, entries, \
                 entry_count, fingerprint FROM register_versions WHERE {keys:version} ORDER BY version"],
            RecordKind::Approval => &["SELECT CAST(id AS TEXT) AS record_key, vendor_id, status, verdict, baseline_id, baseline_version, \
                 assessment_id, justification, open_conditions, approved_at, approved_by FROM approvals WHERE {keys:id} ORDER BY id"],
            RecordKind::Reading => &["SELECT CAST(id AS TEXT) AS record_key, certification_id, evidence_sha256, reading, carve_outs, read_at, read_by \
                 FROM certification_readings WHERE {keys:id} ORDER BY id"],
        };
        fixed.iter().map(|sql| if *sql == "{answers}" { answers_read(engine) } else { (*sql).to_owned() }).collect()
    }

    /// Every key of this kind in the register (for a run kind: every id); with `vendors`, the
    /// keys of the records a verdict of the vendors in the JSON array bound at `$1` rests on
    /// (their newest questionnaire only: the one scoring reads), none for the kinds scoring writes.
    fn keys(self, vendors: bool, engine: Kind) -> Option<String> {
        let of = |column: &str| engine.in_json_array(column, "$1", Keys::Int);
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
            (RecordKind::Approval, false) => "SELECT CAST(id AS TEXT) FROM approvals ORDER BY id".to_owned(),
            (RecordKind::Reading, false) => "SELECT CAST(id AS TEXT) FROM certification_readings ORDER BY id".to_owned(),
            (RecordKind::Reading, true) => format!(
                "SELECT CAST(r.id AS TEXT) FROM certification_readings r JOIN certifications c ON c.id = r.certification_id \
                 WHERE {} ORDER BY r.id",
                of("c.vendor_id")
            ),
            // no verdict rests on an approval: it rests on a verdict
            (RecordKind::Assessments | RecordKind::Publication | RecordKind::Approval, true) => return None,
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

/// The read of questionnaire versions' answers: one row per version that has answers, its
/// answers (in id order) as one text, each value written as its length in characters, `:`,
/// itself (`-` for none). Each version's answers are read by a subquery of their run of ids, so
/// the engine reads only those whatever its statistics say (as a join, PostgreSQL scanned every
/// answer of a register of few versions for each import's seal); materialised, so it runs once.
fn answers_read(engine: Kind) -> String {
    let text = |e: &str| format!("COALESCE(length(CAST({e} AS TEXT)) || ':' || {e}, '-')");
    let answer = format!(
        "a.id || ',' || a.entry || ',' || {} || {} || {} || {} || {}",
        text("c.key"),
        text("a.answer"),
        text("a.original"),
        text("a.comment"),
        text("a.cell")
    );
    format!(
        "WITH v AS MATERIALIZED (SELECT CAST(q.id AS TEXT) AS record_key, \
         (SELECT {} FROM questionnaire_answers a {} \
          WHERE {ANSWER_OF_VERSION}) AS answers \
         FROM questionnaires q WHERE {{keys:q.id}}) SELECT record_key, answers FROM v WHERE answers IS NOT NULL",
        engine.concat_rows(&answer, crate::engine::Sep::None, "a.id"),
        engine.join_by_key("question_catalog", "c", "c.key", "c.id = a.entry")
    )
}

/// A new version's answers as [`answers_read`] reads them back, made from the values written
/// instead (an import of 100,000 answers spent about 0.6 s of the server's time reading them
/// back). Each answer is kept as it is written, without its catalog entry (known once the answers
/// are in); [`AnswersText::text`] puts the ids and entries in. The two must agree value for
/// value: the seal is checked later by reading the answers back (`history verify`), so a
/// difference is a record reported changed; the integration suite imports text with every escape
/// COPY knows and characters of up to four bytes, and verifies it on both engines.
#[derive(Default)]
pub(crate) struct AnswersText {
    /// Each answer's text after its id and entry, one after the other.
    tails: String,
    /// Where each answer's tail ends in `tails`.
    ends: Vec<usize>,
}

impl AnswersText {
    /// The next answer (in id order): its question's catalog key and its values as stored.
    pub(crate) fn push(&mut self, key: i64, answer: &str, original: &str, comment: &str, cell: &str) {
        self.value(&key.to_string());
        for v in [answer, original, comment, cell] {
            self.value(v);
        }
        self.ends.push(self.tails.len());
    }

    /// `length(v) || ':' || v`, the length in characters, as both engines count them (SQLite's
    /// would stop at a NUL, which no text the importer stages has: only PostgreSQL stages, and
    /// it stores no NUL).
    fn value(&mut self, v: &str) {
        use std::fmt::Write;
        let _ = write!(self.tails, "{}:{v}", v.chars().count());
    }

    /// The version's answers as one text: the answers numbered from `first`, `entries` their
    /// catalog entries in the same order (one for each answer pushed).
    pub(crate) fn text(&self, first: i64, entries: &[i64]) -> String {
        debug_assert_eq!(entries.len(), self.ends.len());
        use std::fmt::Write;
        let mut out = String::with_capacity(self.tails.len() + entries.len() * 16);
        let mut start = 0;
        for (i, (entry, end)) in entries.iter().zip(&self.ends).enumerate() {
            let _ = write!(out, "{},{entry},", first + i as i64);
            out.push_str(&self.tails[start..*end]);
            start = *end;
        }
        out
    }
}

/// Which of a questionnaire's reads is its answers' (`RecordKind::reads`).
const ANSWERS_READ: usize = 1;

/// How many records one round of reading digests covers.
const DIGEST_ROUND: usize = 250;

/// The SHA-256 (hex) of the record `subject` as it is now; none when no row of it is left.
pub(crate) async fn digest(conn: &mut Conn, subject: &Subject) -> Result<Option<String>> {
    if subject.kind == RecordKind::Assessments {
        let Some((first, last)) = subject.span() else { return Ok(None) };
        let sql = &subject.kind.reads(conn.kind())[0];
        let mut h = Hasher::new(subject.kind);
        let found = on_conn!(&mut *conn, ex => {
            let rows = sqlx::query(sql).bind(first).bind(last).fetch_all(ex).await.map_err(db)?;
            for row in &rows {
                h.row(row)?;
            }
            rows.len()
        });
        h.end_query(0);
        return Ok((found > 0).then(|| h.finish()));
    }
    Ok(digests(conn, subject.kind, std::slice::from_ref(&subject.key), None).await?.remove(&subject.key))
}

/// The digest of the questionnaire version `subject`, with `answers` as its answers' text when
/// given (made as it was written, [`AnswersText`]); the rest read as [`digest`] reads it.
pub(crate) async fn digest_with_answers(conn: &mut Conn, subject: &Subject, answers: Option<&str>) -> Result<Option<String>> {
    debug_assert_eq!(subject.kind, RecordKind::Questionnaire);
    Ok(digests(conn, subject.kind, std::slice::from_ref(&subject.key), answers).await?.remove(&subject.key))
}

/// The digests of the records of `kind` with `keys` as they are now (keys with no row left are
/// absent), read a round of records at a time, each query once per round. `answers`: the text of
/// the one questionnaire's answers, not read.
async fn digests(conn: &mut Conn, kind: RecordKind, keys: &[String], answers: Option<&str>) -> Result<HashMap<String, String>> {
    let mut out = HashMap::with_capacity(keys.len());
    for round in keys.chunks(DIGEST_ROUND) {
        // Integer keys as numbers, so the test on them uses the tables' keys.
        let bound = match kind {
            RecordKind::Baseline => serde_json::to_string(round),
            _ => serde_json::to_string(&round.iter().filter_map(|k| k.parse::<i64>().ok()).collect::<Vec<_>>()),
        }
        .expect("keys serialise");
        let mut hashers: HashMap<String, Hasher> = HashMap::with_capacity(round.len());
        let keys = if kind == RecordKind::Baseline { Keys::Text } else { Keys::Int };
        for (i, sql) in kind.reads(conn.kind()).iter().enumerate() {
            if let Some(text) = answers.filter(|_| kind == RecordKind::Questionnaire && i == ANSWERS_READ) {
                for h in hashers.values_mut() {
                    h.0.update([0xfe]);
                    Sealed::Text(text).feed(&mut h.0);
                    h.end_query(i);
                }
                continue;
            }
            let sql = with_keys(sql, conn.kind(), keys);
            on_conn!(&mut *conn, ex => {
                let rows = sqlx::query(&sql).bind(&bound).fetch_all(ex).await.map_err(db)?;
                for row in &rows {
                    let key: String = sqlx::Row::try_get(row, 0).map_err(db)?;
                    if i == 0 {
                        hashers.insert(key.clone(), Hasher::new(kind));
                    }
                    if let Some(h) = hashers.get_mut(&key) {
                        h.row(row)?;
                    }
                }
            });
            for h in hashers.values_mut() {
                h.end_query(i);
            }
        }
        out.extend(hashers.into_iter().map(|(k, h)| (k, h.finish())));
    }
    Ok(out)
}

/// `sql` with its `{keys:EXPR}` placeholder made a test that EXPR is in the array at `$1`.
fn with_keys(sql: &str, engine: Kind, keys: Keys) -> String {
    let Some(start) = sql.find("{keys:") else { return sql.to_owned() };
    let end = start + sql[start..].find('}').expect("a closed placeholder");
    let expr = &sql[start + "{keys:".len()..end];
    format!("{}{}{}", &sql[..start], engine.in_json_array(expr, "$1", keys), &sql[end + 1..])
}

/// A record's digest being made: its kind, then each query's rows (every column but the key,
/// each row marked), each query's end marked, so no two different records feed the same bytes.
struct Hasher(Sha256);

impl Hasher {
    fn new(kind: RecordKind) -> Hasher {
        let mut h = Sha256::new();
        h.update(b"vetted-record-v1\0");
        h.update(kind.name().as_bytes());
        Hasher(h)
    }

    fn row(&mut self, row: &impl SealRow) -> Result<()> {
        self.0.update([0xfe]);
        row.seal_into(1, &mut self.0)
    }

    fn end_query(&mut self, i: usize) {
        self.0.update([0xff, i as u8]);
    }

    fn finish(self) -> String {
        crate::hash::hex(&self.0.finalize())
    }
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

/// The newest seal of each subject the history names: of every subject, or of `only` (as text).
async fn seals(conn: &mut Conn, only: Option<&[String]>) -> Result<HashMap<Subject, Option<String>>> {
    let rows: Vec<(String, Option<String>)> = match only {
        None => on_conn!(&mut *conn, ex => sqlx::query_as("SELECT subject, digest FROM history WHERE subject IS NOT NULL ORDER BY id").fetch_all(ex).await),
        Some(subjects) => {
            let sql = format!("SELECT subject, digest FROM history WHERE {} ORDER BY id", conn.kind().in_json_array("subject", "$1", Keys::Text));
            on_conn!(&mut *conn, ex => sqlx::query_as(&sql).bind(serde_json::to_string(subjects).expect("subjects serialise")).fetch_all(ex).await)
        }
    }
    .map_err(db)?;
    Ok(rows.into_iter().filter_map(|(s, d)| Some((Subject::parse(&s)?, d))).collect())
}

/// Checks records against their seals: every record of every kind (`vendors` none), or those a
/// verdict of `vendors` rests on (their certifications, evidence, newest questionnaires and
/// accepted risks, and the baselines and tiers' baselines).
pub(crate) async fn check(conn: &mut Conn, vendors: Option<&[i64]>) -> Result<RecordsReport> {
    let ids = vendors.map(|v| serde_json::to_string(v).expect("ids serialise"));
    let mut wanted: Vec<(RecordKind, Vec<String>)> = Vec::new();
    for kind in RecordKind::ALL {
        let Some(sql) = kind.keys(vendors.is_some(), conn.kind()) else { continue };
        let keys = on_conn!(&mut *conn, ex => {
            let mut query = sqlx::query_scalar(&sql);
            if let Some(ids) = &ids {
                query = query.bind(ids.clone());
            }
            query.fetch_all(ex).await
        })
        .map_err(db)?;
        wanted.push((kind, keys));
    }
    let sealed = match vendors {
        None => seals(conn, None).await?,
        Some(_) => {
            let subjects: Vec<String> =
                wanted.iter().flat_map(|(kind, keys)| keys.iter().map(|k| Subject::new(*kind, k).to_string())).collect();
            seals(conn, Some(&subjects)).await?
        }
    };
    let mut report = RecordsReport::default();
    fn note(report: &mut RecordsReport, subject: Subject, reason: RecordBreak) {
        if report.broken.len() < MAX_NAMED {
            report.broken.push(BrokenRecord { subject, reason });
        }
    }
    for (kind, keys) in wanted {
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
                let within = |(_, (a, b)): &(&Subject, (i64, i64))| {
                    if *b < id {
                        std::cmp::Ordering::Less
                    } else if *a > id {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                };
                if runs.binary_search_by(within).is_err() {
                    note(&mut report, Subject::new(kind, id), RecordBreak::NotSealed);
                }
            }
            continue;
        }
        let now = digests(conn, kind, &keys, None).await?;
        let mut seen = std::collections::HashSet::with_capacity(keys.len());
        for key in keys {
            let subject = Subject::new(kind, &key);
            report.checked += 1;
            match sealed.get(&subject) {
                None => note(&mut report, subject.clone(), RecordBreak::NotSealed),
                Some(d) if now.get(&key) != d.as_ref() => note(&mut report, subject.clone(), RecordBreak::Changed),
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
        let sql = kind.keys(false, conn.kind()).expect("every kind lists its keys");
        let keys: Vec<String> = on_conn!(&mut *conn, ex => sqlx::query_scalar(&sql).fetch_all(ex).await).map_err(db)?;
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
