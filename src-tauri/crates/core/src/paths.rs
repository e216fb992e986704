//! Where the register lives: `$VETTED_DATA_DIR`, else the folder chosen in the app's Settings,
//! else the OS app-data folder (the same one Tauri gives the app); for the app, a team register
//! (`$VETTED_DB_URL`, else the one chosen in Settings) comes first.

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

/// The file that keeps the team register chosen in the app's Settings (its URL, never a password;
/// one line), beside [`chosen_folder_file`].
pub fn chosen_team_file() -> PathBuf {
    chosen_folder_file().with_file_name("team-register")
}

/// The team register the app opens: `VETTED_DB_URL` (as for the CLI), else the one chosen in Settings.
pub fn app_team() -> Option<String> {
    if let Some(url) = std::env::var("VETTED_DB_URL").ok().filter(|u| !u.is_empty()) {
        return Some(url);
    }
    chosen_team()
}

/// The team register chosen in Settings, if any.
pub fn chosen_team() -> Option<String> {
    let text = std::fs::read_to_string(chosen_team_file()).ok()?;
    let line = text.lines().next()?.trim();
    (!line.is_empty()).then(|| line.to_owned())
}

/// Whether the URL `url` carries a password (`postgres://user:password@host/...`).
fn has_password(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    authority.rsplit_once('@').is_some_and(|(user, _)| user.contains(':')) || url.contains("password=")
}

/// Checks `url` as a team register's URL Settings may keep: a `postgres://` URL without a password
/// (the password belongs in `~/.pgpass`, never in a file of Vetted's).
pub fn check_team_url(url: &str) -> crate::Result<()> {
    if !crate::store::is_team_url(url) {
        return Err(crate::Error::field(
            "team_url",
            "not_a_team_url",
            format!("'{url}' is not a PostgreSQL URL (postgres://login@server/database)"),
        ));
    }
    if has_password(url) {
        return Err(crate::Error::field(
            "team_url",
            "password_in_url",
            "a password is not kept in Settings: give it in ~/.pgpass (host:port:database:login:password)",
        ));
    }
    Ok(())
}

/// Keeps `url` as the team register the app opens from the next start (`None`: this computer's
/// register file again). The caller has tried the connection.
pub fn choose_team(url: Option<&str>) -> crate::Result<()> {
    let file = chosen_team_file();
    let Some(url) = url else {
        return match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(crate::Error::Io(format!("cannot forget the chosen team register ({}): {e}", file.display())))
            }
            _ => Ok(()),
        };
    };
    check_team_url(url)?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::Io(format!("cannot create {}: {e}", dir.display())))?;
    }
    crate::files::write_whole(&file, format!("{url}\n").as_bytes())
        .map_err(|e| crate::Error::Io(format!("cannot keep the chosen team register in {}: {e}", file.display())))
}

/// A team register reached by Settings' connection test.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct TeamCheck {
    /// Its server and database, as they may be shown.
    pub location: String,
    /// The login Vetted is known by there (who its changes will be by).
    pub login: String,
    pub vendors: u64,
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
    /// The team register open (its server and database), if the app has one open.
    pub team: Option<String>,
    /// The team register the next start opens (as chosen in Settings or named by `VETTED_DB_URL`).
    pub next_team: Option<String>,
    /// Why the team register was not opened at start (this computer's register was opened instead).
    pub team_unreachable: Option<crate::ErrorDto>,
}
