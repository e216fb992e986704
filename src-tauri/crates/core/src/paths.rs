//! Where the register lives: `$VETTED_DATA_DIR`, else the OS app-data folder (the same one Tauri gives the app).

use std::path::PathBuf;

/// The app's identifier; Tauri's app-data folder is named after it.
pub const APP_IDENTIFIER: &str = "app.vetted.desktop";

/// The register file's name inside the data directory.
pub const DB_FILE: &str = "vetted.db";

/// The data directory: `VETTED_DATA_DIR` if set, else the OS app-data folder
/// (`~/.local/share/app.vetted.desktop` on Linux).
pub fn data_dir() -> PathBuf {
    match std::env::var_os("VETTED_DATA_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(APP_IDENTIFIER),
    }
}

/// The register the app and the CLI open when none is named.
pub fn default_db() -> PathBuf {
    data_dir().join(DB_FILE)
}

/// What the app tells its UI about itself.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct AppInfo {
    pub version: String,
    /// The register file the app has open.
    pub db_path: String,
    /// The OS locale's language (`de`, `en`, ...): the UI's default language.
    pub os_language: String,
}
