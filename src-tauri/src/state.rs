//! What the shell holds while running: the data folder, the opened store (or why it could not be
//! opened) and the background-work switch. Opening happens once, at start.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, OnceLock};

use highwater_store::Store;
use serde::Serialize;
use specta::Type;

use crate::background::BackgroundControl;
use crate::error::IpcError;

/// The app's state as the UI sees it. No secret is ever part of it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub version: String,
    pub data_dir: String,
    pub connectwise_connected: bool,
    pub jumpcloud_connected: bool,
    pub background_paused: bool,
    pub demo: bool,
    /// Why the data store could not be opened (e.g. written by a newer Highwater), if so.
    pub store_error: Option<String>,
}

/// Called after every change of the status (the shell refreshes the tray and tells the UI).
type StatusObserver = Box<dyn Fn(&AppStatus) + Send + Sync>;

/// Emitted whenever the status changes outside the page's own request (tray, background work).
#[derive(Debug, Clone, Serialize, Type, tauri_specta::Event)]
pub struct StatusChanged(pub AppStatus);

pub struct AppState {
    data_dir: PathBuf,
    store: Result<Mutex<Store>, String>,
    background: BackgroundControl,
    observer: OnceLock<StatusObserver>,
}

impl AppState {
    /// Opens the store in the data folder (`--data-dir`, `HIGHWATER_DATA_DIR` or the default).
    pub fn open() -> Self {
        match highwater_engine::paths::data_dir_from_args(std::env::args_os().skip(1)) {
            Some(dir) => Self::open_at(dir),
            None => Self {
                data_dir: PathBuf::new(),
                store: Err("This system has no per-user data folder; set HIGHWATER_DATA_DIR to a writable folder.".into()),
                background: BackgroundControl::default(),
                observer: OnceLock::new(),
            },
        }
    }

    pub fn open_at(data_dir: PathBuf) -> Self {
        let path = highwater_engine::paths::database_path(&data_dir);
        let opened = Store::open(&path).and_then(|store| {
            let background = BackgroundControl::load(&store)?;
            Ok((store, background))
        });
        let (store, background) = match opened {
            Ok((store, background)) => (Ok(Mutex::new(store)), background),
            Err(err) => (Err(err.to_string()), BackgroundControl::default()),
        };
        Self {
            data_dir,
            store,
            background,
            observer: OnceLock::new(),
        }
    }

    /// Registers the one observer of status changes (set once by the shell at start).
    pub fn observe(&self, observer: impl Fn(&AppStatus) + Send + Sync + 'static) {
        let _ = self.observer.set(Box::new(observer));
    }

    pub fn background_paused(&self) -> bool {
        self.background.is_paused()
    }

    /// Pauses or resumes background work and tells the observer.
    pub fn set_background_paused(&self, paused: bool) -> Result<AppStatus, IpcError> {
        let store = self.store()?;
        self.background
            .set_paused(&store, paused)
            .map_err(|err| IpcError::store(err.to_string()))?;
        drop(store);
        Ok(self.changed())
    }

    /// The open store, or the reason it could not be opened.
    fn store(&self) -> Result<MutexGuard<'_, Store>, IpcError> {
        match &self.store {
            Ok(store) => Ok(store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())),
            Err(problem) => Err(IpcError::store(problem.clone())),
        }
    }

    fn changed(&self) -> AppStatus {
        let status = self.status();
        if let Some(observer) = self.observer.get() {
            observer(&status);
        }
        status
    }

    pub fn store_error(&self) -> Option<&str> {
        self.store.as_ref().err().map(String::as_str)
    }

    pub fn status(&self) -> AppStatus {
        AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.data_dir.display().to_string(),
            connectwise_connected: false,
            jumpcloud_connected: false,
            background_paused: self.background.is_paused(),
            demo: false,
            store_error: self.store_error().map(str::to_owned),
        }
    }
}
