//! The Vetted desktop binary: starts the Tauri shell defined in the library.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    vetted_app_lib::run()
}
