//! Fuzz target: any text as a baseline file (what a user imports in Settings or with `vetted
//! baseline import`). It must parse or be refused with a reason, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = vetted_scoring::Baseline::parse(text) {
            let _ = e.to_string();
        }
    }
});
