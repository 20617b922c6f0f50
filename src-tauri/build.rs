//! Compiles tauri.conf.json, the capabilities and the icons into the desktop binary.
fn main() {
    tauri_build::build();
}
