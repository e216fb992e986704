//! Test helpers shared by the integration tests: a fresh register file per test, and the `vetted` binary.
#![forbid(unsafe_code)]

use chrono::{DateTime, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use vetted_core::domain::VendorDraft;
use vetted_core::{ChangeContext, Register, Store, SystemContext};

/// A register in its own temporary folder, deleted when dropped.
pub struct TestRegister {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    /// The register as the app and the CLI open it.
    pub register: Register,
}

impl TestRegister {
    /// A fresh register: a file in its own folder, or, when `VETTED_TEST_ENGINE=postgres`, a new
    /// database on the test server (`VETTED_TEST_PG`, which `npm test` starts) as its URL.
    pub async fn new() -> TestRegister {
        let dir = tempfile::tempdir().expect("a temp dir");
        let db = match team_server() {
            Some(server) => PathBuf::from(new_team_database(&server)),
            None => dir.path().join("register.db"),
        };
        let register = Register::open(&db, std::sync::Arc::new(SystemContext)).await.expect("the register opens");
        TestRegister { dir, db, register }
    }

    /// The store beneath, for tests of the store itself (fixed actors and times).
    pub fn store(&self) -> &Store {
        self.register.store()
    }

    /// Runs the `vetted` CLI on this register.
    pub fn cli(&self, args: &[&str]) -> Output {
        vetted(&self.db, args)
    }

    /// Adds a vendor with the given draft fields, by the store.
    pub async fn add(&self, draft: VendorDraft) -> vetted_core::domain::Vendor {
        self.store().create_vendor(&ctx("alice", 0), &draft.parse().expect("a valid draft")).await.expect("created")
    }
}

/// The test server's superuser URL when the tests run on the team engine (PostgreSQL).
pub fn team_server() -> Option<String> {
    if std::env::var("VETTED_TEST_ENGINE").as_deref() != Ok("postgres") {
        return None;
    }
    Some(std::env::var("VETTED_TEST_PG").expect("VETTED_TEST_ENGINE=postgres needs VETTED_TEST_PG (scripts/pg.sh start prints it)"))
}

/// Whether the tests run on the team engine: tests of what only a register file has (its bytes,
/// the sqlite3 shell, the copy beside it) say so and return.
pub fn on_team_engine(test: &str) -> bool {
    let team = team_server().is_some();
    if team {
        eprintln!("{test}: a register file's own behaviour, not a team register's");
    }
    team
}

/// Makes an empty database on the server at `server` (a superuser's URL) and returns its URL.
pub fn new_team_database(server: &str) -> String {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!("vt_{}_{}_{}", std::process::id(), N.fetch_add(1, std::sync::atomic::Ordering::SeqCst), rand_suffix());
    let out = Command::new("psql")
        .arg(server)
        .args(["-q", "-v", "ON_ERROR_STOP=1", "-c", &format!("CREATE DATABASE {name}")])
        .output()
        .expect("psql runs");
    assert!(out.status.success(), "CREATE DATABASE {name}: {}", String::from_utf8_lossy(&out.stderr));
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

fn rand_suffix() -> u32 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0)
}

/// A change by `actor` at a fixed time `minutes` after 2026-11-22 09:00 UTC.
/// On a team register every change is by the database login (the server refuses a history
/// entry naming anyone else), so there `actor` is the test server's login.
pub fn ctx(actor: &str, minutes: i64) -> ChangeContext {
    ChangeContext::new(actor_of(actor), at(minutes))
}

/// Who a change by `actor` is recorded as: `actor` on a register file, the login on a team register.
pub fn actor_of(actor: &str) -> String {
    match team_server() {
        Some(url) => url.split("://").nth(1).and_then(|r| r.split(['@', ':']).next()).unwrap_or(actor).to_owned(),
        None => actor.to_owned(),
    }
}

pub fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
}

/// The shared real files, or `None` (and a printed reason) when the checkout has no ../shared.
pub fn realdata() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/realdata");
    if dir.join("INDEX.md").exists() {
        Some(dir)
    } else {
        eprintln!("skipped: {} is absent (the real questionnaires live beside the checkout)", dir.display());
        None
    }
}

/// A draft with just a name.
pub fn named(name: &str) -> VendorDraft {
    VendorDraft { name: name.into(), ..Default::default() }
}

/// The `vetted` binary that cargo built beside this test binary.
pub fn vetted_bin() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let dir = exe.parent().and_then(Path::parent).expect("target/<profile>/deps");
    let bin = dir.join(format!("vetted{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "{} is missing: run `cargo build -p vetted-cli` (npm test does)", bin.display());
    bin
}

/// Runs `vetted --db DB ARGS...` with a fixed OS user and no inherited data dir.
pub fn vetted(db: &Path, args: &[&str]) -> Output {
    Command::new(vetted_bin())
        .arg("--db")
        .arg(db)
        .args(args)
        .env("USER", "cli-user")
        .env_remove("VETTED_DATA_DIR")
        .output()
        .expect("vetted runs")
}

/// Runs `sql` on the register `db` as someone at the database by hand would: the sqlite3 shell on a
/// register file, psql as the server's superuser on a team register. Values separated by `|`.
pub fn run_sql(db: &Path, sql: &str) -> Output {
    match db.to_str().filter(|d| vetted_core::register::is_team_url(d)) {
        Some(url) => Command::new("psql").arg(url).args(["-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql]).output().expect("psql runs"),
        None => sqlite3(db).arg(sql).output().expect("sqlite3 runs (Debian package sqlite3)"),
    }
}

/// `run_sql` that must succeed; its output, trimmed.
pub fn sql(db: &Path, sql: &str) -> String {
    let out = run_sql(db, sql);
    assert!(out.status.success(), "{sql}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Runs `statements` on the register `db` with the trigger `trigger` of `table` out of the way, as
/// someone who means to change what Vetted never changes would (dropped from a register file;
/// disabled, then enabled again, by the superuser of a team register).
pub fn without_trigger(db: &Path, table: &str, trigger: &str, statements: &str) -> String {
    if db.to_str().is_some_and(vetted_core::register::is_team_url) {
        sql(db, &format!("ALTER TABLE {table} DISABLE TRIGGER {trigger}; {statements}; ALTER TABLE {table} ENABLE TRIGGER {trigger}"))
    } else {
        sql(db, &format!("DROP TRIGGER IF EXISTS {trigger}; {statements}"))
    }
}

/// The sqlite3 shell on `db`, waiting up to 10 s for a lock as Vetted does (a register just
/// closed may still be checkpointing), where the shell by default fails at once.
pub fn sqlite3(db: &Path) -> Command {
    let mut c = Command::new("sqlite3");
    c.args(["-cmd", ".timeout 10000"]).arg(db);
    c
}

/// Every table's rows of the register at `db`, as SQL literals in a stable order (read with the
/// sqlite3 shell): what "nothing changed" and "nothing was lost" compare.
pub fn table_rows(db: &Path) -> Vec<(String, String)> {
    table_rows_as_of(db, db)
}

/// The answers of a register upgraded to schema 12 as the tables before it held them: each with
/// its question (now in the catalog), its position in its version and its whole cell.
const ANSWERS_AS_BEFORE_V12: &str = "(SELECT a.id AS id, a.questionnaire_id AS questionnaire_id, a.id - q.first_answer AS position, \
     e.question_id AS question_id, e.question AS question, a.answer AS answer, a.original AS original, a.comment AS comment, \
     e.control AS control, e.domain AS domain, CASE WHEN e.sheet = '' THEN a.cell ELSE e.sheet || '!' || a.cell END AS cell \
     FROM questionnaire_answers a JOIN questionnaires q ON q.id = a.questionnaire_id JOIN question_catalog e ON e.id = a.entry)";

/// [`table_rows`] of the tables and columns `schema_of` has: an upgraded register read as the
/// older file it came from was laid out, so columns the upgrade added do not count.
pub fn table_rows_as_of(db: &Path, schema_of: &Path) -> Vec<(String, String)> {
    if db.to_str().is_some_and(vetted_core::register::is_team_url) {
        // A team register: every table's rows as text, in a stable order, read with psql.
        return sql(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
            .lines()
            .map(|t| (t.to_owned(), sql(db, &format!("SELECT CAST(r AS TEXT) FROM \"{t}\" r ORDER BY 1"))))
            .collect();
    }
    let query = |db: &Path, sql: &str| {
        let out = sqlite3(db).args(["-cmd", ".mode list"]).arg(sql).output().expect("sqlite3 runs (Debian package sqlite3)");
        assert!(out.status.success(), "sqlite3 {sql}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    query(schema_of, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .lines()
        .map(|t| {
            let columns = query(schema_of, &format!("SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('{t}')"));
            let upgraded = t == "questionnaire_answers"
                && query(db, "SELECT name FROM sqlite_master WHERE name = 'question_catalog'").trim() == "question_catalog"
                && query(schema_of, "SELECT name FROM sqlite_master WHERE name = 'question_catalog'").trim().is_empty();
            let source = if upgraded { ANSWERS_AS_BEFORE_V12.to_owned() } else { format!("\"{t}\"") };
            let out = sqlite3(db)
                .args(["-cmd", ".mode quote"])
                .arg(format!("SELECT {} FROM {source} ORDER BY 1, 2", columns.trim()))
                .output()
                .expect("sqlite3 runs");
            assert!(out.status.success(), "sqlite3 reading {t}: {}", String::from_utf8_lossy(&out.stderr));
            (t.to_owned(), String::from_utf8_lossy(&out.stdout).into_owned())
        })
        .collect()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Parses stdout as JSON, failing with what was printed.
pub fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "vetted failed: {}", stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// A deterministic register of `n` vendors for benchmarks: varied statuses, tiers, countries,
/// one to three services each, and every tenth vendor a sub-processor of one of the first fifty.
pub fn synthetic_register(n: usize) -> Vec<(vetted_core::domain::NewVendor, Option<usize>)> {
    const STATUSES: [&str; 6] = ["proposed", "in_review", "approved", "approved_with_conditions", "rejected", "offboarded"];
    const LEVELS: [&str; 3] = ["low", "medium", "high"];
    const COUNTRIES: [&str; 8] = ["DE", "IE", "US", "NL", "FR", "GB", "IN", "JP"];
    const WORDS: [&str; 8] = ["Cloud", "Analytics", "Payments", "Hosting", "Messaging", "Support", "Identity", "Storage"];
    (0..n)
        .map(|i| {
            let word = WORDS[i % WORDS.len()];
            let draft = VendorDraft {
                name: format!("{word} Vendor {i:05} Ltd"),
                services: (0..=(i % 3)).map(|s| format!("{word} service {s}")).collect(),
                purpose: format!("{word} for our customer portal, contract {i}"),
                countries: vec![COUNTRIES[i % 8].into(), COUNTRIES[(i / 8) % 8].into()],
                status: STATUSES[i % STATUSES.len()].into(),
                data_sensitivity: LEVELS[i % 3].into(),
                business_impact: LEVELS[(i / 3) % 3].into(),
                review_cycle_months: Some(12),
                last_review: format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                ..Default::default()
            };
            let parent = (i >= 50 && i % 10 == 0).then_some(i % 50);
            (draft.parse().expect("synthetic vendors are valid"), parent)
        })
        .collect()
}

/// Times `f` `runs` times after `warmup` runs; returns (median, 95th percentile) in milliseconds.
pub fn time_ms(warmup: usize, runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    for _ in 0..warmup {
        f();
    }
    let mut samples: Vec<f64> = (0..runs)
        .map(|_| {
            let start = std::time::Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    samples.sort_by(|a, b| a.total_cmp(b));
    (samples[runs / 2], samples[(runs * 95 / 100).min(runs - 1)])
}
