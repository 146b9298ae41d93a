//! What the shell holds while running: the data folder, the engine over it (or why it could not be
//! opened), the demo session when one runs, and the background-work switch. Opening happens once,
//! at start.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use highwater_engine::secrets::{LayeredStore, SecretStore};
use highwater_engine::{Engine, EngineOptions};
use highwater_store::Store;
use serde::Serialize;
use specta::Type;

use crate::background::BackgroundControl;
use crate::demo::{self, DemoSession};
use crate::error::IpcError;

/// Runtime override of the ConnectWise clientId (the CLI's `--client-id`), for builds without a
/// built-in one and for self-hosted integrations registered under their own id.
const CLIENT_ID_ENV: &str = "HIGHWATER_CW_CLIENT_ID";

/// The app's state as the UI sees it. No secret is ever part of it.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    pub version: String,
    pub data_dir: String,
    pub connectwise_connected: bool,
    pub jumpcloud_connected: bool,
    pub background_paused: bool,
    /// True while the built-in demo tenant is explored instead of the admin's own services.
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
    engine: Result<Arc<Engine>, String>,
    demo: Mutex<Option<DemoSession>>,
    background: BackgroundControl,
    observer: OnceLock<StatusObserver>,
}

impl AppState {
    /// Opens the data folder (`--data-dir`, `HIGHWATER_DATA_DIR` or the default), with the keys
    /// in the OS keyring (environment variables first).
    pub fn open() -> Self {
        match highwater_engine::paths::data_dir_from_args(std::env::args_os().skip(1)) {
            Some(dir) => Self::open_at(dir),
            None => Self::unavailable(
                "This system has no per-user data folder; set HIGHWATER_DATA_DIR to a writable folder.",
            ),
        }
    }

    /// Opens `data_dir` with the keys in the OS keyring (environment variables first).
    pub fn open_at(data_dir: PathBuf) -> Self {
        Self::open_with(
            data_dir,
            Arc::new(LayeredStore::from_process()),
            engine_options(),
        )
    }

    /// Opens `data_dir` with the given secret store and engine options (tests use an in-memory
    /// store and the sandbox's clientId).
    pub fn open_with(
        data_dir: PathBuf,
        secrets: Arc<dyn SecretStore>,
        options: EngineOptions,
    ) -> Self {
        // A demo never outlives the process: its simulators are gone, so its data is stale.
        if let Err(err) = demo::remove_folder(&demo::demo_folder(&data_dir)) {
            log::warn!("could not remove an old demo folder: {err}");
        }
        let engine = Engine::open(&data_dir, secrets, options)
            .map(Arc::new)
            .map_err(|err| err.to_string());
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
            engine,
            demo: Mutex::new(None),
            background,
            observer: OnceLock::new(),
        }
    }

    fn unavailable(problem: &str) -> Self {
        Self {
            data_dir: PathBuf::new(),
            store: Err(problem.to_owned()),
            engine: Err(problem.to_owned()),
            demo: Mutex::new(None),
            background: BackgroundControl::default(),
            observer: OnceLock::new(),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The engine commands act on: the demo's while a demo runs, else the admin's own.
    pub fn engine(&self) -> Result<Arc<Engine>, IpcError> {
        if let Some(session) = self.demo().as_ref() {
            return Ok(session.engine());
        }
        match &self.engine {
            Ok(engine) => Ok(engine.clone()),
            Err(problem) => Err(IpcError::store(problem.clone())),
        }
    }

    pub fn demo_active(&self) -> bool {
        self.demo().is_some()
    }

    /// Makes `session` the active demo and tells the observer. A demo started concurrently is
    /// replaced (its simulators stop; both used the same folder, now holding the new data).
    pub fn enter_demo(&self, session: DemoSession) -> AppStatus {
        let previous = self.demo().replace(session);
        drop(previous);
        self.changed()
    }

    /// Stops the demo and deletes its data; the admin's own connections show again.
    pub fn leave_demo(&self) -> Result<AppStatus, IpcError> {
        let session = self.demo().take();
        if let Some(session) = session {
            session.leave()?;
        }
        Ok(self.changed())
    }

    fn demo(&self) -> MutexGuard<'_, Option<DemoSession>> {
        self.demo.lock().unwrap_or_else(PoisonError::into_inner)
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
            Ok(store) => Ok(store.lock().unwrap_or_else(PoisonError::into_inner)),
            Err(problem) => Err(IpcError::store(problem.clone())),
        }
    }

    /// Reads the status afresh and tells the observer (tray, window); commands call it after a
    /// change of the connections.
    pub fn changed(&self) -> AppStatus {
        let status = self.status();
        if let Some(observer) = self.observer.get() {
            observer(&status);
        }
        status
    }

    pub fn store_error(&self) -> Option<&str> {
        self.store
            .as_ref()
            .err()
            .or(self.engine.as_ref().err())
            .map(String::as_str)
    }

    pub fn status(&self) -> AppStatus {
        let connected = self
            .engine()
            .ok()
            .and_then(|engine| engine.status().ok())
            .map(|s| (s.connectwise.connected, s.jumpcloud.connected));
        let (connectwise_connected, jumpcloud_connected) = connected.unwrap_or((false, false));
        AppStatus {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.data_dir.display().to_string(),
            connectwise_connected,
            jumpcloud_connected,
            background_paused: self.background.is_paused(),
            demo: self.demo_active(),
            store_error: self.store_error().map(str::to_owned),
        }
    }
}

/// The engine options of the desktop app: defaults, plus the clientId override when set.
fn engine_options() -> EngineOptions {
    EngineOptions {
        connectwise_client_id: std::env::var(CLIENT_ID_ENV)
            .ok()
            .map(|id| id.trim().to_owned())
            .filter(|id| !id.is_empty()),
        ..EngineOptions::default()
    }
}
