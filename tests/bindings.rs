//! The TypeScript bindings the UI imports are generated from the Rust commands and committed. This
//! test regenerates them and fails when the committed file differs, so Rust and UI types never drift.
//! `make bindings` (or `UPDATE_BINDINGS=1 cargo test --test bindings`) rewrites the file.

use std::path::Path;

#[test]
fn committed_bindings_match_the_commands() {
    let fresh = highwater_app::render_bindings().expect("bindings render");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(highwater_app::BINDINGS_PATH);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("bindings written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is out of date with the Rust commands; run `make bindings` and commit it",
        path.display()
    );
}
