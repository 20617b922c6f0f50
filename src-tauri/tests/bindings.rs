//! Guards the contract between Rust and the UI: `ui/src/bindings.ts` must be exactly what the
//! Rust commands generate. `UPDATE_BINDINGS=1` (make bindings) rewrites it.

#[test]
fn typescript_bindings_match_the_rust_commands() {
    let generated = waybill_desktop::bindings::render().expect("bindings render");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).expect("write bindings");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "ui/src/bindings.ts has drifted from the Rust commands: run `make bindings` and commit the result"
    );
}
