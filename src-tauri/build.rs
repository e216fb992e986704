//! Build script of the desktop shell: lets tauri-build generate the app context and capability schemas.

fn main() {
    tauri_build::build()
}
