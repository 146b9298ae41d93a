//! The system-tray icon and its menu: Open Highwater, Sync now, Pause/Resume background work, Quit.
//! The icon shows idle / working / error, so the admin sees trouble without opening the window.

use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIcon, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::AppState;

pub const MAIN_WINDOW: &str = "main";
const TRAY_ID: &str = "highwater";

const ICON_IDLE: &[u8] = include_bytes!("../../icons/tray-idle.png");
const ICON_WORKING: &[u8] = include_bytes!("../../icons/tray-working.png");
const ICON_ERROR: &[u8] = include_bytes!("../../icons/tray-error.png");

/// What the tray icon shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayActivity {
    Idle,
    /// Shown by the background jobs (billing sync, ticket pushes) while they run.
    #[allow(dead_code)]
    Working,
    Error,
}

/// Menu items whose label follows the app's state.
struct TrayMenu<R: Runtime> {
    pause: MenuItem<R>,
}

pub fn create<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<TrayIcon<R>> {
    let open = MenuItem::with_id(app, "open", "Open Highwater", true, None::<&str>)?;
    // Stays disabled until there is a billing sync to run (it arrives with the billing work, which
    // enables it once both services are connected); a menu item that does nothing would mislead.
    let sync_now = MenuItem::with_id(app, "sync-now", "Sync now", false, None::<&str>)?;
    let pause = MenuItem::with_id(app, "pause", pause_label(false), true, None::<&str>)?;
    let quit = MenuItem::with_id(app, "quit", "Quit Highwater", true, None::<&str>)?;
    let separator = PredefinedMenuItem::separator(app)?;
    let menu = Menu::with_items(app, &[&open, &sync_now, &pause, &separator, &quit])?;

    app.manage(TrayMenu {
        pause: pause.clone(),
    });

    let tray = TrayIconBuilder::with_id(TRAY_ID)
        .icon(Image::from_bytes(icon_bytes(TrayActivity::Idle))?)
        .tooltip("Highwater")
        .menu(&menu)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| match event.id().as_ref() {
            "open" => show_main_window(app),
            "pause" => toggle_pause(app),
            "quit" => app.exit(0),
            _ => {}
        })
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                show_main_window(tray.app_handle());
            }
        })
        .build(app)?;
    refresh(app);
    Ok(tray)
}

/// Brings the main window back from the tray (or from behind other windows) and focuses it.
pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Re-reads the app state into the menu (the Pause/Resume label).
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let (Some(menu), Some(state)) = (app.try_state::<TrayMenu<R>>(), app.try_state::<AppState>())
    else {
        return;
    };
    let status = state.status();
    let _ = menu.pause.set_text(pause_label(status.background_paused));
}

/// Switches the tray icon between idle, working and error.
pub fn set_activity<R: Runtime>(app: &AppHandle<R>, activity: TrayActivity) {
    if let (Some(tray), Ok(icon)) = (
        app.tray_by_id(TRAY_ID),
        Image::from_bytes(icon_bytes(activity)),
    ) {
        let _ = tray.set_icon(Some(icon));
    }
}

fn icon_bytes(activity: TrayActivity) -> &'static [u8] {
    match activity {
        TrayActivity::Idle => ICON_IDLE,
        TrayActivity::Working => ICON_WORKING,
        TrayActivity::Error => ICON_ERROR,
    }
}

fn toggle_pause<R: Runtime>(app: &AppHandle<R>) {
    if let Some(state) = app.try_state::<AppState>() {
        if let Err(err) = state.set_background_paused(!state.background_paused()) {
            log::error!("could not switch background work: {err}");
        }
    }
}

fn pause_label(paused: bool) -> &'static str {
    if paused {
        "Resume background work"
    } else {
        "Pause background work"
    }
}
