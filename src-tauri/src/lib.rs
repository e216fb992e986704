//! The Vetted desktop shell: opens the register, registers the IPC commands, starts the window.
#![forbid(unsafe_code)]

pub mod commands;
pub mod imports;
#[cfg(feature = "test-support")]
pub mod testing;

use vetted_core::{paths, Store};

/// What every command can reach: the open register and where it lives.
pub struct AppState {
    pub store: Store,
    pub db_path: std::path::PathBuf,
    /// The certification validity rules, read once at start.
    pub rules: vetted_core::domain::certification::ValidityRules,
    /// Where evidence files are copied, beside the register.
    pub evidence: vetted_core::certs::EvidenceStore,
    /// Questionnaire previews waiting to be saved.
    pub imports: imports::PendingImports,
}

impl AppState {
    pub fn new(store: Store, db_path: std::path::PathBuf) -> Self {
        let evidence = vetted_core::certs::EvidenceStore::beside(&db_path);
        let rules = vetted_core::domain::certification::ValidityRules::default_rules();
        AppState { store, db_path, rules, evidence, imports: Default::default() }
    }
}

/// Opens the register in `$VETTED_DATA_DIR` (else the OS app-data folder) and runs the app.
pub fn run() {
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            use tauri::Manager;
            let data_dir = paths::data_dir();
            let db_path = paths::default_db();
            let store = tauri::async_runtime::block_on(Store::open(&db_path))
                .map_err(|e| format!("cannot open the register at {}: {e}", db_path.display()))?;
            app.manage(AppState::new(store, db_path));
            // The webview keeps its own storage (the UI's settings) beside the register,
            // so VETTED_DATA_DIR moves all of the app's data.
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::default())
                .title("Vetted")
                .inner_size(1280.0, 820.0)
                .min_inner_size(900.0, 600.0)
                .data_directory(data_dir.join("webview"))
                .build()?;
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the Vetted window could not start");
}
