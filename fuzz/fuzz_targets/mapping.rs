//! Fuzz target: any text as a mapping profile (a saved or hand-written column mapping). It must
//! parse or be refused with a reason, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = vetted_import::MappingProfile::parse(text);
    }
});
