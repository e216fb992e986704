//! Test helpers shared by the integration tests: a fresh register file per test, and the `vetted` binary.

use chrono::{DateTime, TimeZone, Utc};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use vetted_core::domain::VendorDraft;
use vetted_core::{ChangeContext, Store};

/// A register in its own temporary folder, deleted when dropped.
pub struct TestRegister {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub store: Store,
}

impl TestRegister {
    pub async fn new() -> TestRegister {
        let dir = tempfile::tempdir().expect("a temp dir");
        let db = dir.path().join("register.db");
        let store = Store::open(&db).await.expect("the register opens");
        TestRegister { dir, db, store }
    }

    /// Runs the `vetted` CLI on this register.
    pub fn cli(&self, args: &[&str]) -> Output {
        vetted(&self.db, args)
    }

    /// Adds a vendor with the given draft fields, by the store.
    pub async fn add(&self, draft: VendorDraft) -> vetted_core::domain::Vendor {
        self.store.create_vendor(&ctx("alice", 0), &draft.parse().expect("a valid draft")).await.expect("created")
    }
}

/// A change by `actor` at a fixed time `minutes` after 2026-11-22 09:00 UTC.
pub fn ctx(actor: &str, minutes: i64) -> ChangeContext {
    ChangeContext::new(actor, at(minutes))
}

pub fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap() + chrono::Duration::minutes(minutes)
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
    assert!(bin.exists(), "{} is missing: run `cargo build -p vetted-cli` (cargo test --workspace builds it)", bin.display());
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
