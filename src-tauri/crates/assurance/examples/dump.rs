//! Prints the text layer of PDFs as the reader sees it (a development aid).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let t0 = std::time::Instant::now();
        match vetted_assurance::text::read(&bytes, &Default::default()) {
            Ok(layer) => {
                println!(
                    "=== {path}: {} pages, encrypted {} ({:.1} ms)",
                    layer.pages.len(),
                    layer.encrypted,
                    t0.elapsed().as_secs_f64() * 1e3
                );
                for p in &layer.pages {
                    println!("--- page {} ({} lines, {} images)", p.number, p.lines.len(), p.images);
                    for l in &p.lines {
                        println!("{:7.1} | {}", l.y, l.text);
                        if std::env::var_os("RUNS").is_some() {
                            for r in &l.runs {
                                println!("          [{:6.1}..{:6.1} {:4.1}] {}", r.x, r.end, r.size, r.text);
                            }
                        }
                    }
                }
            }
            Err(e) => println!("=== {path}: {e:?}"),
        }
    }
}
