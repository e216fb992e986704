//! Fuzz target: any bytes, under any of the names a vendor's file may carry, through the whole
//! import preview (sniffing, reading, template detection, extraction). It must return a result
//! or an error, never panic, hang or run out of memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vetted_import::{self as import, ImportOptions};

const EXTENSIONS: [&str; 6] = ["xlsx", "xlsm", "xlsb", "xls", "ods", "csv"];

fuzz_target!(
    init: {
        // The importer contains panics of the third-party readers it runs (`read::guarded`):
        // those become an `unreadable_file` error, not a crash. A panic anywhere else, in
        // Vetted's own code, still aborts and is reported.
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_dependency = info.location().is_some_and(|l| l.file().contains("/.cargo/registry/"));
            if !in_dependency {
                fuzzer_hook(info);
            }
        }));
    },
    |data: &[u8]| {
        // The first byte picks the extension, so a mislabelled file is tried as well as a true one.
        let Some((&pick, bytes)) = data.split_first() else { return };
        let ext = EXTENSIONS[pick as usize % EXTENSIONS.len()];
        let name = format!("answers.{ext}");
        let opts = ImportOptions::default();
        let _ = import::preview_bytes(bytes, &name, ext, &opts, import::profile::shipped(), &mut |_, _| true);
    }
);
