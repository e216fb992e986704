//! The tidy test: the rules ARCHITECTURE.md states about the code's layout, checked on the tree
//! itself (crate arrows from `cargo metadata`, the `//!` line, SQL only in the store, no `unsafe`
//! anywhere, `tauri` only in the shell, front ends only through `Register`), so a change that
//! breaks one fails here.

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Which workspace crates each crate may depend on (normal dependencies). The arrows point
/// down only: front ends → use cases → pure crates and the store → domain.
const ARROWS: &[(&str, &[&str])] = &[
    ("vetted-domain", &[]),
    ("vetted-import", &["vetted-domain"]),
    ("vetted-assurance", &["vetted-domain"]),
    ("vetted-scoring", &["vetted-domain"]),
    ("vetted-report", &["vetted-domain"]),
    ("vetted-store", &["vetted-domain"]),
    ("vetted-core", &["vetted-domain", "vetted-import", "vetted-assurance", "vetted-scoring", "vetted-report", "vetted-store"]),
    ("vetted-cli", &["vetted-core"]),
    ("vetted-app", &["vetted-core"]),
    ("vetted-tests", &["vetted-core"]),
];

/// The one crate that talks to the database engine.
const STORE: &str = "vetted-store";
const SHELL: &str = "vetted-app";
const ENGINE_CRATES: &[&str] = &["sqlx", "libsqlite3-sys", "sqlx-sqlite", "sqlx-postgres"];
/// Text that is SQL when it appears in a string.
/// What a front end (the shell, the CLI) would write to reach past the `Register` to the store.
const STORE_WORDS: &[&str] = &["vetted_core::store", "vetted_core::Store", "Store::open", ".store()", "vetted_store"];
const FRONT_ENDS: &[&str] = &["src-tauri/src/", "src-tauri/crates/cli/"];
const SQL_WORDS: &[&str] =
    &["SELECT ", "INSERT INTO", "DELETE FROM", "CREATE TABLE", "CREATE INDEX", "PRAGMA ", "VACUUM", "BEGIN IMMEDIATE"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every break of the crate rules in `metadata` (`cargo metadata --no-deps` output).
fn crate_rule_breaks(metadata: &Value) -> Vec<String> {
    let mut breaks = Vec::new();
    let packages = metadata["packages"].as_array().expect("packages");
    let ours: Vec<&str> = packages.iter().filter_map(|p| p["name"].as_str()).collect();
    for p in packages {
        let name = p["name"].as_str().unwrap_or_default();
        let Some((_, allowed)) = ARROWS.iter().find(|(n, _)| *n == name) else {
            breaks.push(format!("{name} is not in the tidy test's map of crates: add it with its arrows"));
            continue;
        };
        for d in p["dependencies"].as_array().into_iter().flatten() {
            let dep = d["name"].as_str().unwrap_or_default();
            let normal = d["kind"].is_null();
            if normal && ours.contains(&dep) && !allowed.contains(&dep) {
                breaks.push(format!("{name} depends on {dep}"));
            }
            if normal && dep.starts_with("tauri") && name != SHELL {
                breaks.push(format!("{name} depends on {dep}: only the shell ({SHELL}) may"));
            }
            if normal && ENGINE_CRATES.contains(&dep) && name != STORE {
                breaks.push(format!("{name} depends on {dep}: only the store ({STORE}) may"));
            }
        }
    }
    breaks
}

/// The Rust files of the product under `dir`, relative to `root`.
fn rust_files(root: &Path, dir: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.join(dir)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(name.as_str(), "target" | "gen" | "node_modules" | "corpus" | "artifacts") {
                    stack.push(path);
                }
            } else if name.ends_with(".rs") {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// The store's engine files: the only ones that may name an engine's types, pragmas, commands and dialect.
const ENGINES: &str = "src-tauri/crates/store/src/engine/";
/// What only an engine says: its sqlx types and options, its pragmas, catalog, commands and the
/// SQL the two engines spell differently (the dialect helpers in `engine/mod.rs` write it).
const ENGINE_WORDS: &[&str] = &[
    "Sqlite",
    "sqlite::",
    "PRAGMA",
    "VACUUM",
    "sqlite_master",
    "BEGIN IMMEDIATE",
    "migrate!",
    "Postgres",
    "postgres::",
    "PgPool",
    "PgConnection",
    "pg_advisory",
    "group_concat",
    "string_agg",
    "json_each",
    "jsonb",
    "ILIKE",
    "instr(",
    "strpos(",
    "CROSS JOIN",
];

/// The code of a line, without a `//` comment (good enough for this check: no SQL or `unsafe`
/// is written after `//` inside a string in this code base).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) if !line[..i].contains('"') => &line[..i],
        _ => line,
    }
}

/// Every break of the file rules under `root`.
fn file_rule_breaks(root: &Path) -> Vec<String> {
    let mut breaks = Vec::new();
    let product = rust_files(root, "src-tauri");
    let all: Vec<PathBuf> = product.iter().cloned().chain(rust_files(root, "tests")).chain(rust_files(root, "fuzz")).collect();
    for file in &all {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        if !text.starts_with("//!") {
            breaks.push(format!("{}: does not start with a `//!` line saying what it is for", file.display()));
        }
    }
    for file in &product {
        let shown = file.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_default();
        let in_store = shown.starts_with("src-tauri/crates/store/");
        let in_engine = shown.starts_with(ENGINES);
        let front_end = FRONT_ENDS.iter().any(|f| shown.starts_with(f));
        for (n, line) in text.lines().enumerate() {
            let c = code(line);
            if front_end && STORE_WORDS.iter().any(|w| c.contains(w)) {
                breaks.push(format!("{shown}:{}: a front end names the store; go through `Register`", n + 1));
            }
            if !in_store && c.contains('"') && SQL_WORDS.iter().any(|w| c.contains(w)) {
                breaks.push(format!("{shown}:{}: SQL outside the store", n + 1));
            }
            if in_store && !in_engine && ENGINE_WORDS.iter().any(|w| c.contains(w)) {
                breaks.push(format!("{shown}:{}: an engine's own words outside the engine; put them in store/src/engine/", n + 1));
            }
            if (c.contains("unsafe ") || c.contains("unsafe{")) && !c.contains("unsafe_code") {
                breaks.push(format!(
                    "{shown}:{}: `unsafe` (Vetted has none; an engine that needs it gets its own crate and a rule here)",
                    n + 1
                ));
            }
        }
    }
    breaks
}

/// The crate roots that must say `#![forbid(unsafe_code)]`: every one.
fn forbid_breaks(root: &Path) -> Vec<String> {
    let roots = [
        "src-tauri/crates/domain/src/lib.rs",
        "src-tauri/crates/import/src/lib.rs",
        "src-tauri/crates/scoring/src/lib.rs",
        "src-tauri/crates/report/src/lib.rs",
        "src-tauri/crates/store/src/lib.rs",
        "src-tauri/crates/core/src/lib.rs",
        "src-tauri/crates/cli/src/main.rs",
        "src-tauri/src/lib.rs",
        "src-tauri/src/main.rs",
        "tests/lib.rs",
    ];
    roots
        .iter()
        .filter(|r| !std::fs::read_to_string(root.join(r)).unwrap_or_default().contains("#![forbid(unsafe_code)]"))
        .map(|r| format!("{r}: lacks #![forbid(unsafe_code)]"))
        .collect()
}

fn metadata() -> Value {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--offline"])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("metadata is JSON")
}

#[test]
fn the_crates_depend_on_each_other_only_downwards() {
    let breaks = crate_rule_breaks(&metadata());
    assert!(breaks.is_empty(), "{breaks:#?}");
}

#[test]
fn every_file_says_what_it_is_for_sql_stays_in_the_store_and_nothing_is_unsafe() {
    let mut breaks = file_rule_breaks(&root());
    breaks.extend(forbid_breaks(&root()));
    assert!(breaks.is_empty(), "{breaks:#?}");
}

#[test]
fn the_tidy_checks_find_what_is_planted() {
    // A `use` of the store from scoring, tauri below the shell, sqlx in the core.
    let mut m = metadata();
    for p in m["packages"].as_array_mut().unwrap() {
        let plant = match p["name"].as_str().unwrap() {
            "vetted-scoring" => "vetted-store",
            "vetted-domain" => "tauri",
            "vetted-core" => "sqlx",
            _ => continue,
        };
        p["dependencies"].as_array_mut().unwrap().push(serde_json::json!({ "name": plant, "kind": null }));
    }
    let breaks = crate_rule_breaks(&m);
    assert_eq!(breaks.len(), 3, "{breaks:#?}");
    assert!(breaks.iter().any(|b| b == "vetted-scoring depends on vetted-store"), "{breaks:#?}");

    // An `unsafe` block, SQL in the core, SQLite in a portable store module, a file with no `//!` line.
    let dir = tempfile::tempdir().unwrap();
    let core = dir.path().join("src-tauri/crates/core/src");
    std::fs::create_dir_all(&core).unwrap();
    std::fs::write(core.join("lib.rs"), "//! A core.\n#![forbid(unsafe_code)]\npub fn f() -> u8 { unsafe { 1 } }\n").unwrap();
    std::fs::write(core.join("q.rs"), "//! Queries.\nconst Q: &str = \"SELECT * FROM vendors\";\n").unwrap();
    std::fs::write(core.join("bare.rs"), "fn f() {}\n").unwrap();
    let store = dir.path().join("src-tauri/crates/store/src");
    std::fs::create_dir_all(&store).unwrap();
    std::fs::write(store.join("vendors.rs"), "//! Vendors.\nasync fn f(c: &mut sqlx::SqliteConnection) {}\n").unwrap();
    std::fs::create_dir_all(store.join("engine")).unwrap();
    std::fs::write(store.join("engine/sqlite.rs"), "//! The engine.\nasync fn f(c: &mut sqlx::SqliteConnection) {}\n").unwrap();
    std::fs::write(store.join("seals.rs"), "//! Seals.\nconst Q: &str = \"SELECT string_agg(x, ',') FROM t\";\n").unwrap();
    let cli = dir.path().join("src-tauri/crates/cli/src");
    std::fs::create_dir_all(&cli).unwrap();
    std::fs::write(cli.join("main.rs"), "//! A CLI.\nuse vetted_core::store::ListQuery;\n").unwrap();
    let breaks = file_rule_breaks(dir.path());
    assert!(breaks.iter().any(|b| b.contains("main.rs:2: a front end names the store")), "{breaks:#?}");
    assert!(breaks.iter().any(|b| b.contains("lib.rs:3: `unsafe`")), "{breaks:#?}");
    assert!(breaks.iter().any(|b| b.contains("q.rs:2: SQL outside the store")), "{breaks:#?}");
    assert!(breaks.iter().any(|b| b.contains("bare.rs: does not start")), "{breaks:#?}");
    assert!(breaks.iter().any(|b| b.contains("vendors.rs:2: an engine's own words outside the engine")), "{breaks:#?}");
    assert!(breaks.iter().any(|b| b.contains("seals.rs:2: an engine's own words outside the engine")), "{breaks:#?}");
    assert_eq!(breaks.len(), 6, "{breaks:#?}");
}
