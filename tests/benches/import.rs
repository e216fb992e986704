//! Benchmark: end-to-end questionnaire import (read, detect, map, normalise, store in a real SQLite
//! file) beside calamine's bare read of the same file, for the real CAIQ v4 and a generated
//! 100,000-row sheet; and the same CAIQ read by a short openpyxl script, for comparison.

use calamine::Reader;

/// The allocator the shipped binaries use (see src-tauri/src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::{Path, PathBuf};
use std::time::Instant;
use vetted_core::import::{self, ImportOptions};
use vetted_core::Store;
use vetted_tests::ctx;

/// Median and 95th percentile of `ms`, in ms.
fn stats(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], ms[(ms.len() * 95 / 100).min(ms.len() - 1)])
}

/// Milliseconds `f` takes.
fn timed(f: impl FnOnce()) -> f64 {
    let t = Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1000.0
}

/// Median and 95th percentile of `runs` timings of `f`, in ms.
fn time(runs: usize, mut f: impl FnMut()) -> (f64, f64) {
    stats((0..runs).map(|_| timed(&mut f)).collect())
}

/// Calamine alone: open the workbook and read every sheet's cells.
fn bare_read(path: &Path) -> usize {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let mut cells = 0;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        cells += range.get_size().0 * range.get_size().1;
    }
    cells
}

/// Vendors to import for, made before the clock starts (the same file twice for one vendor
/// is refused, so each run imports for a new one).
fn vendors(rt: &tokio::runtime::Runtime, store: &Store, n: usize) -> Vec<i64> {
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    (0..n)
        .map(|_| {
            let made = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let draft = vetted_tests::named(&format!("Vendor {made}")).parse().unwrap();
            rt.block_on(store.create_vendor(&ctx("bench", 0), &draft)).unwrap().id
        })
        .collect()
}

/// The whole import as `vetted import FILE --vendor V` does it, into an open register: read,
/// detect, map, normalise, and save as a new version, reading and saving at once.
fn end_to_end(rt: &tokio::runtime::Runtime, store: &Store, path: &Path, vendor: i64) -> u32 {
    let opts = ImportOptions::default();
    let profiles = import::profile::shipped().to_vec();
    let (summary, _) = rt.block_on(import::import_file(store, &ctx("bench", 1), vendor, path, &opts, profiles)).unwrap();
    summary.questions
}

fn generated_sheet(path: &Path, rows: u32) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Questionnaire").unwrap();
    for (c, h) in ["Question ID", "Question", "Answer", "Comments"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let answers = ["Yes", "No", "Partially - in progress", "N/A", "Yes - see policy", ""];
    for r in 1..=rows {
        sheet.write_string(r, 0, format!("Q-{r:06}")).unwrap();
        sheet.write_string(r, 1, format!("Is control number {r} implemented and reviewed at least annually?")).unwrap();
        sheet.write_string(r, 2, answers[r as usize % answers.len()]).unwrap();
        sheet.write_string(r, 3, if r % 3 == 0 { "Documented in the ISMS; evidence on request." } else { "" }).unwrap();
    }
    book.save(path).unwrap();
}

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let realdata = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/realdata");
    // VETTED_BENCH_DB: another register (a team register's URL, for PostgreSQL's figures).
    let db = std::env::var_os("VETTED_BENCH_DB").map(PathBuf::from).unwrap_or_else(|| dir.path().join("bench.db"));
    let store = rt.block_on(Store::open(&db)).unwrap();
    let big = dir.path().join("generated-100k.xlsx");
    let t = Instant::now();
    generated_sheet(&big, 100_000);
    println!(
        "generated a 100,000-row sheet in {:.0} ms ({} KB)",
        t.elapsed().as_secs_f64() * 1000.0,
        std::fs::metadata(&big).unwrap().len() / 1024
    );

    let mut files: Vec<(&str, PathBuf, usize)> = Vec::new();
    let caiq = realdata.join("caiq-v4.0.3-instructure.xlsx");
    if caiq.exists() {
        files.push(("CAIQ v4.0.3 (Instructure, real)", caiq.clone(), 100));
    } else {
        println!("skipped the real CAIQ: {} is absent", caiq.display());
    }
    files.push(("generated 100,000 rows x 4 columns", big.clone(), 11));

    println!("{:<36} {:>12} {:>12} {:>12} {:>8} {:>14}", "file", "bare ms", "import ms", "p95 ms", "ratio", "cells/s");
    for (name, path, runs) in &files {
        let cells = bare_read(path);
        // Bare read and import in turns, so a slow spell of this shared machine slows both;
        // the ratio is the median of each pair's.
        let mut questions = 0;
        let mut ids = vendors(&rt, &store, *runs).into_iter();
        let (mut bares, mut imports, mut ratios, mut previews, mut preview_ratios) = (vec![], vec![], vec![], vec![], vec![]);
        let mut checkpoints = vec![];
        for _ in 0..*runs {
            let bare = timed(|| {
                bare_read(path);
            });
            let import = timed(|| questions = end_to_end(&rt, &store, path, ids.next().unwrap()));
            // A complete checkpoint after each import, waited for here and timed apart, so it
            // slows neither the next read nor import. The next import then restarts the WAL
            // (and SQLite syncs its header first), as each `vetted import` run does: a new
            // process, whose register folded its WAL when it closed. (An open register folds
            // its WAL only once a commit leaves 1,000 pages in it.)
            checkpoints.push(timed(|| rt.block_on(store.checkpoint()).unwrap()));
            let preview = timed(|| {
                import::preview(path, &ImportOptions::default(), import::profile::shipped()).unwrap();
            });
            bares.push(bare);
            imports.push(import);
            ratios.push(bare / import);
            previews.push(preview);
            preview_ratios.push(bare / preview);
        }
        let ((bare, _), (e2e, p95), (ratio, _)) = (stats(bares), stats(imports), stats(ratios));
        let ((read_only, _), (read_only_ratio, _)) = (stats(previews), stats(preview_ratios));
        println!("    preview alone (read, detect, map, normalise; what the app shows before saving): {read_only:.1} ms, ratio {read_only_ratio:.2}");
        let (checkpoint, checkpoint_p95) = stats(checkpoints);
        println!("    then the checkpoint, after the import returned: median {checkpoint:.1} ms, p95 {checkpoint_p95:.1} ms");
        let rate = cells as f64 / (e2e / 1000.0);
        println!("{name:<36} {bare:>12.1} {e2e:>12.1} {p95:>12.1} {ratio:>8.2} {rate:>14.0}");
        println!(
            "    {questions} questions, {cells} cells; ratio = bare read time / end-to-end time, median of {runs} pairs (target >= 0.8)"
        );
    }

    if caiq.exists() {
        let script = "import sys, time, openpyxl\nt=time.perf_counter()\nwb=openpyxl.load_workbook(sys.argv[1], data_only=True, read_only=True)\nws=wb['CAIQv4.0.3']\nc={}\nfor row in ws.iter_rows(min_row=3, values_only=True):\n    if row[0] and '-' in str(row[0]):\n        a=str(row[2]).strip(); c[a]=c.get(a,0)+1\nprint((time.perf_counter()-t)*1000, c)\n";
        let runs: Vec<f64> = (0..5)
            .filter_map(|_| {
                let out = std::process::Command::new("python3").args(["-c", script, caiq.to_str().unwrap()]).output().ok()?;
                let text = String::from_utf8_lossy(&out.stdout).into_owned();
                text.split_whitespace().next()?.parse().ok()
            })
            .collect();
        if runs.is_empty() {
            println!("openpyxl: not available (pip install openpyxl) - no comparison");
        } else {
            let mut runs = runs;
            runs.sort_by(f64::total_cmp);
            let py = runs[runs.len() / 2];
            let mut ids = vendors(&rt, &store, 30).into_iter();
            let (e2e, _) = time(30, || {
                end_to_end(&rt, &store, &caiq, ids.next().unwrap());
                rt.block_on(store.checkpoint()).unwrap();
            });
            println!(
                "openpyxl script (read-only, count answers, no storing): {py:.1} ms median; Vetted end to end {e2e:.1} ms: {:.1}x faster",
                py / e2e
            );
        }
    }
}
