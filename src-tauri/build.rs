//! Compiles tauri.conf.json, the capabilities and the icons into the desktop binary.
fn main() {
    // `generate_context!` embeds ../ui/dist but is only re-expanded when this crate recompiles:
    // without this line a rebuilt UI would not reach the binary until some Rust file changed.
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build();
}
