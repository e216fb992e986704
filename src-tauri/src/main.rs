//! The Vetted desktop binary: starts the Tauri shell defined in the library.
#![forbid(unsafe_code)]
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// mimalloc instead of glibc's malloc: scoring and import make many small, short-lived
/// allocations, and glibc's spent half the time of scoring 10,000 vendors (docs/benchmarks.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    vetted_app_lib::run()
}
