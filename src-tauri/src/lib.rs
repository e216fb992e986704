//! The Vetted desktop shell: opens the register, registers the IPC commands, starts the window.
#![forbid(unsafe_code)]

pub mod commands;
pub mod imports;
#[cfg(feature = "test-support")]
pub mod testing;

use vetted_core::{paths, Register};

/// What every command can reach: the open register, and the questionnaire previews waiting to
/// be saved.
pub struct AppState {
    pub register: Register,
    pub imports: imports::PendingImports,
}

impl AppState {
    pub fn new(register: Register) -> Self {
        AppState { register, imports: Default::default() }
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
            let context = std::sync::Arc::new(vetted_core::SystemContext);
            let register = tauri::async_runtime::block_on(Register::open(&db_path, context))
                .map_err(|e| format!("cannot open the register at {}: {e}", db_path.display()))?;
            app.manage(AppState::new(register));
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
