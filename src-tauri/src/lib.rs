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
    /// Why the team register the app was to open could not be (this computer's was opened instead).
    pub team_unreachable: Option<vetted_core::ErrorDto>,
}

impl AppState {
    pub fn new(register: Register) -> Self {
        AppState { register, imports: Default::default(), team_unreachable: None }
    }
}

/// Opens the team register the app is to open (`VETTED_DB_URL`, else Settings' choice), else this
/// computer's register file; a team register that cannot be opened gives way to the file, and why.
async fn open_register() -> Result<(Register, Option<vetted_core::ErrorDto>), String> {
    let context = std::sync::Arc::new(vetted_core::SystemContext);
    let mut unreachable = None;
    if let Some(url) = paths::app_team() {
        match Register::open(std::path::Path::new(&url), context.clone()).await {
            Ok(register) => return Ok((register, None)),
            Err(e) => unreachable = Some(vetted_core::ErrorDto::from(e)),
        }
    }
    let db_path = paths::default_db();
    let register =
        Register::open(&db_path, context).await.map_err(|e| format!("cannot open the register at {}: {e}", db_path.display()))?;
    Ok((register, unreachable))
}

/// Opens the register (a team register, else the file in `$VETTED_DATA_DIR` or the OS app-data
/// folder) and runs the app.
pub fn run() {
    paint_without_compositing_when_there_is_no_gpu();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_opener::init())
        .setup(|app| {
            use tauri::Manager;
            let data_dir = paths::data_dir();
            let (register, team_unreachable) = tauri::async_runtime::block_on(open_register())?;
            // A team register tells of every change committed to it: the UI shows a colleague's.
            match tauri::async_runtime::block_on(register.watch_changes()) {
                Ok(Some(changes)) => tell_ui_of_changes(app.handle().clone(), changes),
                Ok(None) => {}
                Err(e) => eprintln!("vetted: changes made elsewhere will show when a page is opened again ({e})"),
            }
            app.manage(AppState { team_unreachable, ..AppState::new(register) });
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

/// Emits `register-changed` to the UI for the changes `changes` is told of; changes in quick
/// succession (a colleague's import, several edits) as one, a fifth of a second after the first.
fn tell_ui_of_changes<R: tauri::Runtime>(app: tauri::AppHandle<R>, mut changes: tokio::sync::mpsc::Receiver<()>) {
    use tauri::Emitter;
    tauri::async_runtime::spawn(async move {
        while changes.recv().await.is_some() {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            while changes.try_recv().is_ok() {}
            if app.emit("register-changed", ()).is_err() {
                return;
            }
        }
    });
}

/// WebKitGTK composites a page with OpenGL; on a machine without a GPU that is Mesa's llvmpipe,
/// in software. Measured there (docs/benchmarks.md, a 10,000-vendor register under Xvfb): the
/// rows painted 0.76 s after the start with compositing and 0.48 s without, and the web process
/// then spent 4.8 s of CPU in the next 4 s (a fading scrollbar, redrawn in software) against 0.5
/// s, the process tree 586 against 480 MB. So when the machine has no GPU render node and the
/// user has not chosen (`WEBKIT_DISABLE_COMPOSITING_MODE` unset), Vetted paints without
/// compositing. With a GPU WebKitGTK's own choice stands (not measured: no GPU here).
/// Called first thing, before any thread exists, as setting the environment requires.
fn paint_without_compositing_when_there_is_no_gpu() {
    #[cfg(target_os = "linux")]
    {
        const CHOICE: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
        let render_node = std::fs::read_dir("/dev/dri")
            .map(|d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with("renderD")))
            .unwrap_or(false);
        if std::env::var_os(CHOICE).is_none() && !render_node {
            std::env::set_var(CHOICE, "1");
        }
    }
}
