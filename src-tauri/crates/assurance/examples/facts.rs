//! Prints what the reader takes from PDFs, as JSON (a development aid).
fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let t0 = std::time::Instant::now();
        let r = vetted_assurance::read(&bytes, &Default::default());
        println!("=== {path} ({:.1} ms)", t0.elapsed().as_secs_f64() * 1e3);
        match r {
            Ok(r) => {
                let mut v = serde_json::to_value(&r).unwrap();
                for (_, f) in v.as_object_mut().unwrap().iter_mut() {
                    if let Some(o) = f.as_object_mut() {
                        o.remove("quote");
                    }
                }
                println!("{v}");
            }
            Err(e) => println!("{e:?}"),
        }
    }
}
