//! The state one running sandbox shares between its handlers and its control handle.

use std::sync::{Mutex, MutexGuard, PoisonError};

use super::config::SandboxConfig;
use super::faults::{Fault, LoggedRequest};
use super::timeline;
use super::world::World;

/// Everything behind one sandbox. Locks are never held across an `.await`.
pub struct Shared {
    world: Mutex<World>,
    config: Mutex<SandboxConfig>,
    pub(crate) faults: Mutex<Vec<Fault>>,
    pub(crate) log: Mutex<Vec<LoggedRequest>>,
}

/// Locks, recovering from a poisoned lock (a panicking test must not wedge the server).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    pub fn new(config: SandboxConfig) -> Self {
        Self {
            world: Mutex::new(timeline::generate(&config)),
            config: Mutex::new(config),
            faults: Mutex::new(Vec::new()),
            log: Mutex::new(Vec::new()),
        }
    }

    pub fn world(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    pub fn config(&self) -> SandboxConfig {
        lock(&self.config).clone()
    }

    /// Replaces the data with a freshly generated world (faults and the request log are kept).
    pub fn load(&self, config: SandboxConfig) {
        let world = timeline::generate(&config);
        *lock(&self.world) = world;
        *lock(&self.config) = config;
    }
}
