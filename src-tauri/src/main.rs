//! The Vetted desktop binary: starts the Tauri shell defined in the library.
#![forbid(unsafe_code)]
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

// The system allocator, not mimalloc as the CLI: the app's work after start is small (one
// vendor, one page, what changed), and mimalloc kept what the start had freed on its idle
// threads (no later allocation there runs its delayed purge): 227 MB resident on a 10,000-vendor
// register against 188 MB with glibc's malloc (docs/benchmarks.md).
fn main() {
    vetted_app_lib::run()
}
