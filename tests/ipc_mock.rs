//! Boots the app's command surface on tauri's mock runtime and calls commands through real IPC
//! (serialisation, argument parsing, state lookup), against a real SQLite file in a temp folder.

use highwater_app::{specta_builder, AppState};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

fn app_with_store(dir: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let specta = specta_builder::<MockRuntime>();
    let app = mock_builder()
        .manage(AppState::open_at(dir.to_path_buf()))
        .invoke_handler(specta.invoke_handler())
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window builds");
    (app, webview)
}

fn invoke(
    webview: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<serde_json::Value>().unwrap())
}

#[test]
fn app_status_reports_the_opened_store() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app_with_store(dir.path());

    let status = invoke(&webview, "app_status", serde_json::json!({})).unwrap();

    assert_eq!(status["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(status["dataDir"], dir.path().display().to_string());
    assert_eq!(status["storeError"], serde_json::Value::Null);
    assert_eq!(status["connectwiseConnected"], false);
    assert!(
        dir.path().join("highwater.sqlite3").is_file(),
        "the store file is created at start"
    );
}

#[test]
fn pausing_background_work_goes_through_ipc() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app_with_store(dir.path());

    let paused = invoke(
        &webview,
        "set_background_paused",
        serde_json::json!({ "paused": true }),
    )
    .unwrap();
    assert_eq!(paused["backgroundPaused"], true);

    let status = invoke(&webview, "app_status", serde_json::json!({})).unwrap();
    assert_eq!(status["backgroundPaused"], true);

    // The switch survives a restart: a fresh state over the same folder reads it back.
    let reopened = AppState::open_at(dir.path().to_path_buf());
    assert!(reopened.status().background_paused);

    // A malformed argument is rejected by the IPC layer, not silently coerced.
    assert!(invoke(
        &webview,
        "set_background_paused",
        serde_json::json!({ "paused": "yes" })
    )
    .is_err());
}
