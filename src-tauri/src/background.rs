//! Pause/Resume of background work (scheduled sync, alert polling). The flag is persisted in the
//! store's settings so a paused app stays paused across restarts; the jobs read it before each run.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Utc;
use highwater_store::{settings, Store};

/// Settings key of the persisted flag.
const PAUSED_KEY: &str = "background.paused";

/// Shared flag the tray, the Settings page and the background jobs agree on.
#[derive(Debug, Default)]
pub struct BackgroundControl {
    paused: AtomicBool,
}

impl BackgroundControl {
    /// Reads the persisted flag (absent = running).
    pub fn load(store: &Store) -> highwater_store::Result<Self> {
        let paused = settings::get(store.conn(), PAUSED_KEY)?.as_deref() == Some("true");
        Ok(Self {
            paused: AtomicBool::new(paused),
        })
    }

    pub fn is_paused(&self) -> bool {
        self.paused.load(Ordering::SeqCst)
    }

    /// Persists first, then flips the flag, so memory never claims what the disk does not hold.
    pub fn set_paused(&self, store: &Store, paused: bool) -> highwater_store::Result<()> {
        settings::set(store.conn(), PAUSED_KEY, &paused.to_string(), Utc::now())?;
        self.paused.store(paused, Ordering::SeqCst);
        Ok(())
    }
}
