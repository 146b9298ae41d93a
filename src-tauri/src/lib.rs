//! The Highwater desktop shell: window, tray, notifications, logging and the typed IPC surface.
//! It stays thin: commands adapt IPC calls to the engine (`highwater-engine`), which holds every
//! business rule and has no tauri dependency.

mod background;
mod commands;
pub mod demo;
mod error;
mod ipc;
mod notify;
mod state;
mod tray;

use tauri::{Manager, RunEvent, WindowEvent};
use tauri_specta::Event;

pub use error::IpcError;
pub use ipc::{render_bindings, specta_builder, BINDINGS_PATH};
pub use state::{AppState, AppStatus};

/// Starts the desktop app and blocks until it quits (from the tray's Quit).
pub fn run() {
    let specta = ipc::specta_builder::<tauri::Wry>();

    let app = tauri::Builder::default()
        // Must be first: a second launch hands over to the running instance before anything starts.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            tray::show_main_window(app);
        }))
        .plugin(
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::LogDir { file_name: None },
                ))
                .target(tauri_plugin_log::Target::new(
                    tauri_plugin_log::TargetKind::Stderr,
                ))
                .max_file_size(2_000_000)
                .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepSome(5))
                .build(),
        )
        .plugin(tauri_plugin_window_state::Builder::new().build())
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            let state = state::AppState::open();
            let store_problem = state.store_error().map(str::to_owned);
            let handle = app.handle().clone();
            state.observe(move |status| {
                tray::refresh(&handle);
                if let Err(err) = state::StatusChanged(status.clone()).emit(&handle) {
                    log::warn!("could not tell the window about a status change: {err}");
                }
            });
            app.manage(state);
            tray::create(app.handle())?;
            demo::start_if_requested(app.handle());
            if let Some(problem) = store_problem {
                log::error!("data store unavailable: {problem}");
                tray::set_activity(app.handle(), tray::TrayActivity::Error);
                notify::error_notice(app.handle(), "Highwater cannot open its data", &problem);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            // Closing the window hides it to the tray; background work goes on. Quit really exits.
            if let WindowEvent::CloseRequested { api, .. } = event {
                if window.label() == tray::MAIN_WINDOW {
                    api.prevent_close();
                    let _ = window.hide();
                }
            }
        })
        .build(tauri::generate_context!())
        .expect("Highwater could not start its window");

    app.run(|_app, event| {
        // Exit only when asked explicitly (tray Quit passes a code); otherwise stay in the tray.
        if let RunEvent::ExitRequested {
            api, code: None, ..
        } = event
        {
            api.prevent_exit();
        }
    });
}
