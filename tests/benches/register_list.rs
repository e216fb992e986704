//! Benchmark: the register list query (filter, search, sort, window in SQL) on 10,000 vendors in a real SQLite file.

use vetted_core::domain::{Status, Tier};
use vetted_core::store::{ListQuery, SortKey};
use vetted_core::Store;
use vetted_tests::{ctx, synthetic_register, time_ms};

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    // VETTED_BENCH_DB keeps the seeded register for a look with sqlite3; else a temp file.
    let dir = tempfile::tempdir().unwrap();
    let path = std::env::var_os("VETTED_BENCH_DB").map(std::path::PathBuf::from).unwrap_or_else(|| dir.path().join("bench.db"));
    let _ = std::fs::remove_file(&path);
    let store = rt.block_on(Store::open(&path)).unwrap();
    let vendors = synthetic_register(10_000);
    let start = std::time::Instant::now();
    rt.block_on(store.create_vendors(&ctx("bench", 0), &vendors)).unwrap();
    println!("seeded 10,000 vendors in {:.0} ms (one transaction, with history)", start.elapsed().as_secs_f64() * 1000.0);

    let cases: Vec<(&str, ListQuery)> = vec![
        ("first window, by name", ListQuery::default()),
        ("search 'cloud' (name, purpose, services)", ListQuery { search: "cloud".into(), ..Default::default() }),
        ("search with no match", ListQuery { search: "zzz-nothing".into(), ..Default::default() }),
        ("status approved + country IE", ListQuery { status: Some(Status::Approved), country: Some("IE".into()), ..Default::default() }),
        ("tier 1, by next review", ListQuery { tier: Some(Tier::CRITICAL), sort: SortKey::NextReview, ..Default::default() }),
        (
            "all with archived, by tier desc",
            ListQuery { include_archived: true, sort: SortKey::Tier, descending: true, ..Default::default() },
        ),
        ("deep window (offset 8,000)", ListQuery { offset: 8_000, ..Default::default() }),
    ];
    println!("{:<42} {:>10} {:>10} {:>7}", "list query (100-row window)", "median ms", "p95 ms", "total");
    for (name, q) in cases {
        let mut total = 0;
        let (median, p95) = time_ms(5, 50, || total = rt.block_on(store.list_vendors(&q)).unwrap().total);
        println!("{name:<42} {median:>10.2} {p95:>10.2} {total:>7}");
    }
}
