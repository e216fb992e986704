//! Benchmark: a full register — 10,000 vendors, each with its own questionnaire of the real
//! CAIQ's shape (varied answers and comments), three certifications and a snapshot history —
//! measured as a user meets it: `vetted score --all` (time and peak memory, the release CLI),
//! one vendor scored end to end, a CAIQ imported into it, and what a stored CAIQ takes.
//!
//! The register is built once through the front door and kept in `target/bench/` (about a
//! minute to build; `VETTED_BENCH_REBUILD=1` builds it again). Needs ../shared (the real CAIQ)
//! and `cargo build --release -p vetted-cli`.

use chrono::{NaiveDate, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use vetted_core::domain::certification::CertDraft;
use vetted_core::import::{Answer, ImportOptions, Preview};
use vetted_core::register::{FixedContext, Register};
use vetted_tests::{realdata, synthetic_register, time_ms};

/// The allocator the shipped binaries use (see src-tauri/src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

const VENDORS: usize = 10_000;
/// Bumped when what the register holds changes, so a kept register is built again.
const SHAPE: u32 = 1;

fn context(today: NaiveDate) -> Arc<FixedContext> {
    let at = Utc.from_utc_datetime(&today.and_hms_opt(9, 0, 0).unwrap());
    Arc::new(FixedContext { actor: "bench".into(), at, today })
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Vendor `v`'s own copy of the CAIQ: every answer its own, varied by vendor, with comments.
fn vendors_caiq(base: &Preview, v: usize) -> Preview {
    let mut p = base.clone();
    p.file_name = format!("caiq-vendor-{v:05}.xlsx");
    p.sha256 = format!("{v:064x}");
    for (i, a) in p.rows.iter_mut().enumerate() {
        let (answer, said) = match (i * 7 + v * 13) % 23 {
            0 => (Answer::No, "No"),
            1 => (Answer::Partial, "Partial"),
            2 => (Answer::Unknown, ""),
            3 => (Answer::Na, "NA"),
            _ => (Answer::Yes, "Yes"),
        };
        a.answer = answer;
        a.original = said.into();
        a.comment = match (i + v) % 4 {
            0 => String::new(),
            1 => format!("See policy ISMS-{:03}, section {}.", v % 997, i % 12 + 1),
            2 => format!("Implemented for all production systems; reviewed yearly (last review {}-{:02}).", 2025 + v % 2, 1 + i % 12),
            _ => "Documented in our information security policy and audited in our SOC 2 Type II report.".into(),
        };
    }
    p
}

fn cert(kind: &str, start: &str, end: &str, issued: &str, expires: &str) -> CertDraft {
    CertDraft {
        kind: kind.into(),
        issuer: "Auditor LLP".into(),
        scope: "All services".into(),
        tsc: if kind.starts_with("soc2") { vec!["security".into(), "availability".into(), "confidentiality".into()] } else { vec![] },
        period_start: start.into(),
        period_end: end.into(),
        issued: issued.into(),
        expires: expires.into(),
        opinion: if kind.starts_with("soc2") { "unqualified".into() } else { String::new() },
        ..Default::default()
    }
}

/// Builds the full register at `path`: vendors, a CAIQ each, three certifications each (some
/// lapsing around the days scored), snapshots on two days with changes between them.
fn build(path: &Path, caiq: &Path) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let started = std::time::Instant::now();
    rt.block_on(async {
        let first_day = day("2026-06-01");
        let register = Register::open(path, context(first_day)).await.unwrap();
        let ids = register.store().create_vendors(&vetted_tests::ctx("bench", 0), &synthetic_register(VENDORS)).await.unwrap();
        let base = register.preview_questionnaire(caiq.to_owned(), ImportOptions::default(), |_, _| true).await.unwrap();
        for (v, &id) in ids.iter().enumerate() {
            register.save_questionnaire(id, &vendors_caiq(&base, v), &|_, _| true).await.unwrap();
            let soc2_end = ["2025-09-30", "2025-12-31", "2026-03-31"][v % 3];
            register.add_certification(id, &cert("soc2_type2", "2025-01-01", soc2_end, "", ""), &[]).await.unwrap();
            let iso_expiry = ["2027-01-09", "2026-08-15", "2028-05-01"][v % 3];
            register.add_certification(id, &cert("iso27001_2022", "", "", "2024-01-10", iso_expiry), &[]).await.unwrap();
            register.add_certification(id, &cert("pen_test", "", "", "2026-02-01", ""), &[]).await.unwrap();
            if v % 1000 == 999 {
                println!("  built {} vendors ({:.0} s)", v + 1, started.elapsed().as_secs_f64());
            }
        }
        register.assess(None, None, None).await.unwrap();
        register.close().await;
        // A second day: a tenth of the vendors answered a new version, then everyone is scored again.
        let register = Register::open(path, context(day("2026-10-01"))).await.unwrap();
        for (v, &id) in ids.iter().enumerate().filter(|(v, _)| v % 10 == 0) {
            register.save_questionnaire(id, &vendors_caiq(&base, v + 1), &|_, _| true).await.unwrap();
        }
        register.assess(None, None, None).await.unwrap();
        register.close().await;
    });
    println!("built the full register in {:.0} s", started.elapsed().as_secs_f64());
}

/// The release `vetted` binary.
fn release_cli() -> PathBuf {
    let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/vetted");
    assert!(bin.exists(), "{} is missing: cargo build --release -p vetted-cli", bin.display());
    bin
}

/// `vetted --db path args...` under /usr/bin/time: (seconds, peak resident MB).
fn timed_cli(db: &Path, args: &[&str]) -> (f64, f64) {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(release_cli())
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("/usr/bin/time runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "vetted {args:?}: {stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    let secs: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
    let kb: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
    (secs, kb / 1024.0)
}

/// `vetted ARGS` on `db` five times: the median seconds, every run's (sorted), the highest peak MB.
fn five_runs(db: &Path, args: &[&str]) -> (f64, Vec<f64>, f64) {
    let runs: Vec<(f64, f64)> = (0..5).map(|_| timed_cli(db, args)).collect();
    let mut times: Vec<f64> = runs.iter().map(|r| r.0).collect();
    times.sort_by(f64::total_cmp);
    (times[2], times.clone(), runs.iter().map(|r| r.1).fold(0.0, f64::max))
}

fn file_mb(p: &Path) -> f64 {
    std::fs::metadata(p).map(|m| m.len() as f64 / 1e6).unwrap_or(0.0)
}

/// What one stored CAIQ takes: a register of 200 vendors compacted before and after each got one.
fn stored_caiq_kb(caiq: &Path, dir: &Path) -> f64 {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = dir.join("size.db");
        let register = Register::open(&db, context(day("2026-06-01"))).await.unwrap();
        let ids = register.store().create_vendors(&vetted_tests::ctx("bench", 0), &synthetic_register(200)).await.unwrap();
        let before = dir.join("size-before.db");
        register.store().snapshot_into(&before).await.unwrap();
        let base = register.preview_questionnaire(caiq.to_owned(), ImportOptions::default(), |_, _| true).await.unwrap();
        for (v, &id) in ids.iter().enumerate() {
            register.save_questionnaire(id, &vendors_caiq(&base, v), &|_, _| true).await.unwrap();
        }
        let after = dir.join("size-after.db");
        register.store().snapshot_into(&after).await.unwrap();
        register.close().await;
        (file_mb(&after) - file_mb(&before)) * 1000.0 / ids.len() as f64
    })
}

fn main() {
    let Some(real) = realdata() else { return };
    let caiq = real.join("caiq-v4.0.3-instructure.xlsx");
    let kept = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../target/bench/full-register-{SHAPE}.db"));
    if std::env::var_os("VETTED_BENCH_REBUILD").is_some() || !kept.exists() {
        std::fs::create_dir_all(kept.parent().unwrap()).unwrap();
        for f in ["", "-wal", "-shm", ".lock"] {
            let _ = std::fs::remove_file(format!("{}{f}", kept.display()));
        }
        build(&kept, &caiq);
    }
    // Each run works on a copy, so a schema upgrade or a new snapshot does not change the kept one.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("full.db");
    std::fs::copy(&kept, &db).unwrap();
    println!("full register: {VENDORS} vendors, a CAIQ each (10% with two versions), 3 certifications each; file {:.0} MB", file_mb(&db));

    let (secs, mb) = timed_cli(&db, &["vendor", "list", "--limit", "100", "--json"]);
    println!("  first open (a schema upgrade if the kept register is older) and 100 vendors listed: {secs:.2} s, {mb:.0} MB peak");

    // The first score of a day compares every vendor's result with its last; the first after this
    // upgrade also meets fingerprints of the older kind.
    let (secs, mb) = timed_cli(&db, &["score", "--all"]);
    println!("  vetted score --all, the first after the upgrade: {secs:.2} s, peak {mb:.0} MB");
    let (median, times, peak) = five_runs(&db, &["score", "--all"]);
    println!("  vetted score --all: median {median:.2} s of 5 ({times:?}), peak {peak:.0} MB  (target < 2 s, < 300 MB)");
    let (secs, mb) = timed_cli(&db, &["score", "--all", "--json"]);
    println!("  vetted score --all --json (every assessment in full, about 200 MB of JSON): {secs:.2} s, peak {mb:.0} MB");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let register = rt.block_on(Register::open(&db, context(vetted_core::context::today()))).unwrap();
    let vendor = 4_242;
    let (med, p95) = time_ms(5, 101, || {
        rt.block_on(register.assess(Some(vendor), None, None)).unwrap();
    });
    println!("  one vendor end to end (read, score, snapshot check): median {med:.2} ms, p95 {p95:.2} ms  (target < 5 ms)");
    let mut n = 0;
    let (med, p95) = time_ms(3, 31, || {
        n += 1;
        rt.block_on(register.import_questionnaire(100 + n, &caiq, &ImportOptions::default())).unwrap();
    });
    println!("  a CAIQ imported into it: median {med:.2} ms, p95 {p95:.2} ms");
    rt.block_on(register.close());

    println!("  a stored CAIQ takes {:.1} KB  (target < 30 KB)", stored_caiq_kb(&caiq, dir.path()));

    // VETTED_BENCH_TEAM (a PostgreSQL superuser's URL, as `scripts/pg.sh start` prints): the same
    // register pushed into a team register there, and scored there.
    if let Ok(server) = std::env::var("VETTED_BENCH_TEAM") {
        team(&server, &kept);
    }
}

/// The kept register pushed into a new team register on `server` (`team push`), then `score --all`
/// there, over TCP loopback; the database is dropped afterwards.
fn team(server: &str, kept: &Path) {
    let url = PathBuf::from(vetted_tests::new_team_database(server));
    let (secs, mb) = timed_cli(&url, &["team", "init"]);
    println!("team register {}: team init {secs:.2} s, {mb:.0} MB", vetted_core::store::team_location(url.to_str().unwrap()));
    let (secs, mb) = timed_cli(&url, &["team", "push", "--from", kept.to_str().unwrap()]);
    println!("  team push of the full register: {secs:.2} s, peak {mb:.0} MB");
    let (secs, mb) = timed_cli(&url, &["score", "--all"]);
    println!("  vetted score --all, the first (writes a snapshot per changed verdict): {secs:.2} s, peak {mb:.0} MB");
    let (median, times, peak) = five_runs(&url, &["score", "--all"]);
    println!("  vetted score --all: median {median:.2} s of 5 ({times:?}), peak {peak:.0} MB  (target < 1 s)");
    let name = url.to_str().unwrap().rsplit('/').next().unwrap().to_owned();
    let _ = Command::new("psql").arg(server).args(["-q", "-c", &format!("DROP DATABASE {name}")]).status();
}
