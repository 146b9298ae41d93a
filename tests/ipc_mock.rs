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

/// An app over `dir` whose keys live in memory and whose engine sends the sandbox's clientId.
fn app_for_sandbox(
    dir: &std::path::Path,
    client_id: &str,
) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let specta = specta_builder::<MockRuntime>();
    let options = highwater_engine::EngineOptions {
        connectwise_client_id: Some(client_id.to_owned()),
        ..Default::default()
    };
    let state = AppState::open_with(
        dir.to_path_buf(),
        std::sync::Arc::new(highwater_app::demo::EphemeralSecrets::default()),
        options,
    );
    let app = mock_builder()
        .manage(state)
        .invoke_handler(specta.invoke_handler())
        .build(mock_context(noop_assets()))
        .expect("mock app builds");
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("mock window builds");
    (app, webview)
}

#[test]
fn connecting_connectwise_reports_typed_errors_and_never_returns_a_key() {
    let sandbox = tauri::async_runtime::block_on(highwater_sandbox::connectwise::start(
        "127.0.0.1:0".parse().unwrap(),
        highwater_sandbox::connectwise::SandboxConfig::default(),
    ))
    .expect("sandbox starts");
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app_for_sandbox(dir.path(), sandbox.client_id());
    let form = |private_key: &str| {
        serde_json::json!({ "form": {
            "site": format!("https://{}/v4_6_release/apis/3.0/", sandbox.site()),
            "companyId": sandbox.company_id(),
            "publicKey": sandbox.public_key(),
            "privateKey": private_key,
        }})
    };

    let refused = invoke(&webview, "connect_connectwise", form("not-the-key")).unwrap_err();
    assert_eq!(refused["kind"], "Unauthorized");
    assert_eq!(refused["service"], "connectwise");
    let status = invoke(&webview, "app_status", serde_json::json!({})).unwrap();
    assert_eq!(
        status["connectwiseConnected"], false,
        "nothing saved on failure"
    );

    let connected = invoke(&webview, "connect_connectwise", form(sandbox.private_key())).unwrap();
    assert_eq!(connected["message"], "Integration has been created");
    assert_eq!(connected["site"], sandbox.site());
    assert!(
        !connected["site_changes"].as_array().unwrap().is_empty(),
        "the pasted scheme and path are explained"
    );
    let status = invoke(&webview, "app_status", serde_json::json!({})).unwrap();
    assert_eq!(status["connectwiseConnected"], true);

    let saved = invoke(&webview, "connection_status", serde_json::json!({})).unwrap();
    let text = saved.to_string();
    assert!(!text.contains(sandbox.private_key()) && !text.contains(sandbox.public_key()));
    let tail = &sandbox.private_key()[sandbox.private_key().len() - 4..];
    assert!(text.contains(&format!("ends in …{tail}")), "{text}");

    let refused = invoke(
        &webview,
        "disable_connectwise",
        serde_json::json!({ "confirmed": false }),
    )
    .unwrap_err();
    assert_eq!(refused["kind"], "ConfirmationRequired");
    invoke(
        &webview,
        "disable_connectwise",
        serde_json::json!({ "confirmed": true }),
    )
    .unwrap();
    let status = invoke(&webview, "app_status", serde_json::json!({})).unwrap();
    assert_eq!(status["connectwiseConnected"], false);
}

#[test]
fn the_demo_tenant_starts_maps_and_leaves_without_a_trace() {
    let dir = tempfile::tempdir().unwrap();
    let (_app, webview) = app_with_store(dir.path());

    let status = invoke(&webview, "start_demo", serde_json::json!({})).unwrap();
    assert_eq!(status["demo"], true);
    assert_eq!(status["connectwiseConnected"], true);
    assert_eq!(status["jumpcloudConnected"], true);
    assert!(dir.path().join("demo").is_dir());

    let rows = invoke(&webview, "mapping_rows", serde_json::json!({})).unwrap();
    let rows = rows["rows"].as_array().unwrap();
    assert!(rows.len() >= 40, "about 50 demo orgs, got {}", rows.len());
    let companies = invoke(
        &webview,
        "list_companies",
        serde_json::json!({ "refresh": false }),
    )
    .unwrap();
    assert!(companies["items"].as_array().unwrap().len() > 100);

    let status = invoke(&webview, "leave_demo", serde_json::json!({})).unwrap();
    assert_eq!(status["demo"], false);
    assert_eq!(status["connectwiseConnected"], false);
    assert!(
        !dir.path().join("demo").exists(),
        "the demo's data is deleted"
    );
}
