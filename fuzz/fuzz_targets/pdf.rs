//! Any bytes as an assurance document: the PDF reader (text layer, kind, facts) must refuse or
//! read them, never panic, within its limits.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vetted_assurance::{read, Limits};

fuzz_target!(|data: &[u8]| {
    // limits smaller than the app's, so that one input stays fast
    let limits = Limits { max_bytes: 4 << 20, max_pages: 60, max_stream: 8 << 20, max_objects: 50_000, max_runs: 50_000, max_nesting: 4 };
    let _ = read(data, &limits);
});
