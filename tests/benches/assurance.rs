//! Benchmark: reading the real assurance documents (text layer, kind, facts), each on its own,
//! the 46-page SOC 2 report and the 40-page SOC 3 among them (target: a 50-page report < 1 s).

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

use vetted_core::assurance;
use vetted_tests::{realdata, time_ms};

fn main() {
    let Some(dir) = realdata() else { return };
    let mut files: Vec<_> = std::fs::read_dir(dir.join("assurance"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    files.sort();
    let limits = assurance::Limits::default();
    println!("{:<62} {:>5} {:>10} {:>10}", "file", "pages", "median ms", "p95 ms");
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let pages = assurance::read(&bytes, &limits).map(|r| r.pages).unwrap_or(0);
        let (median, p95) = time_ms(1, 9, || {
            std::hint::black_box(assurance::read(&bytes, &limits).ok());
        });
        println!("{:<62} {pages:>5} {median:>10.1} {p95:>10.1}", f.file_name().unwrap().to_string_lossy());
    }
}
