//! A mock Tauri app over a real register file: runs the IPC commands exactly as the window calls them, without a webview (tests and benches).

use crate::{commands, AppState};
use serde_json::Value;
use std::path::Path;
use tauri::test::{mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::{Manager, WebviewWindow};
use vetted_core::{Register, SystemContext};

/// The app with the real command handler and a register at `db_path`, and its window.
pub fn mock_app(db_path: &Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let app = mock_builder().invoke_handler(commands::handler()).build(mock_context(noop_assets())).expect("the mock app builds");
    let register = tauri::async_runtime::block_on(Register::open(db_path, std::sync::Arc::new(SystemContext))).expect("the register opens");
    app.manage(AppState::new(register));
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("a window");
    (app, window)
}

/// Invokes `cmd` with JSON `args` through Tauri's IPC; `Err` holds the error as the UI receives it.
pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = tauri::webview::InvokeRequest {
        cmd: cmd.into(),
        callback: tauri::ipc::CallbackFn(0),
        error: tauri::ipc::CallbackFn(1),
        url: "tauri://localhost".parse().expect("a URL"),
        body: tauri::ipc::InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    tauri::test::get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("commands answer JSON"))
}
