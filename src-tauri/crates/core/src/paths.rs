//! Where the register lives: `$VETTED_DATA_DIR`, else the folder chosen in the app's Settings,
//! else the OS app-data folder (the same one Tauri gives the app).

use std::path::{Path, PathBuf};

/// The app's identifier; Tauri's app-data folder is named after it.
pub const APP_IDENTIFIER: &str = "app.vetted.desktop";

/// The register file's name inside the data directory.
pub const DB_FILE: &str = "vetted.db";

/// The data directory: `VETTED_DATA_DIR` if set, else the folder chosen in Settings (kept in
/// [`chosen_folder_file`]), else the OS app-data folder (`~/.local/share/app.vetted.desktop` on Linux).
pub fn data_dir() -> PathBuf {
    data_dir_and_source().0
}

/// [`data_dir`], and which of the three places it is (the chosen folder's file read once).
pub fn data_dir_and_source() -> (PathBuf, FolderSource) {
    if let Some(dir) = std::env::var_os("VETTED_DATA_DIR").filter(|v| !v.is_empty()) {
        return (PathBuf::from(dir), FolderSource::Environment);
    }
    match chosen_folder() {
        Some(dir) => (dir, FolderSource::Chosen),
        None => (default_data_dir(), FolderSource::Default),
    }
}

/// The OS app-data folder: where the register lives unless a folder was chosen.
pub fn default_data_dir() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(APP_IDENTIFIER)
}

/// The file that keeps the folder chosen in Settings (one path, one line), in the OS config
/// folder (`~/.config/app.vetted.desktop/register-folder` on Linux): the app and the CLI read it.
pub fn chosen_folder_file() -> PathBuf {
    dirs::config_dir().unwrap_or_else(|| PathBuf::from(".")).join(APP_IDENTIFIER).join("register-folder")
}

fn chosen_folder() -> Option<PathBuf> {
    let text = std::fs::read_to_string(chosen_folder_file()).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| PathBuf::from(line))
}

/// Where the register is, and why there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum FolderSource {
    /// The OS app-data folder.
    Default,
    /// A folder chosen in Settings.
    Chosen,
    /// `VETTED_DATA_DIR` names it (Settings cannot change it).
    Environment,
}

/// Keeps `folder` as where the register lives from the next start on (`None`: the OS app-data
/// folder again). The folder must exist and be writable; the register there is opened (or an empty
/// one made) at the next start; the current one stays where it is.
pub fn choose_folder(folder: Option<&Path>) -> crate::Result<PathBuf> {
    let file = chosen_folder_file();
    let Some(folder) = folder else {
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(crate::Error::Io(format!("cannot forget the chosen folder ({}): {e}", file.display()))),
        }
        return Ok(default_data_dir());
    };
    let meta = std::fs::metadata(folder)
        .map_err(|_| crate::Error::field("folder", "no_such_folder", format!("there is no folder {}", folder.display())))?;
    if !meta.is_dir() {
        return Err(crate::Error::field("folder", "not_a_folder", format!("{} is not a folder", folder.display())));
    }
    let probe = folder.join(".vetted-write-test");
    std::fs::write(&probe, b"")
        .map_err(|e| crate::Error::field("folder", "folder_not_writable", format!("{} cannot be written: {e}", folder.display())))?;
    let _ = std::fs::remove_file(&probe);
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::Io(format!("cannot create {}: {e}", dir.display())))?;
    }
    crate::files::write_whole(&file, format!("{}\n", folder.display()).as_bytes())
        .map_err(|e| crate::Error::Io(format!("cannot keep the chosen folder in {}: {e}", file.display())))?;
    Ok(folder)
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
    /// The folder the next start opens its register in, and why that one.
    pub next_folder: String,
    pub folder_source: FolderSource,
}
