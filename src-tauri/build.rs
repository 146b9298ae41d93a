fn main() {
    // The root folder is the app package (tauri.conf.json lives there), but capabilities are kept
    // with the shell's sources.
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    if let Err(err) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {err:#}");
    }
}
