//! "Explore with a demo tenant": both simulated services (ConnectWise with ~400 companies,
//! JumpCloud with ~50 client orgs) run in this process on loopback, and a separate engine over a
//! `demo/` subfolder of the data folder is connected to them with keys held in memory. Leaving the
//! demo stops the simulators and deletes that folder; the admin's own data and keyring are never
//! touched.

mod launch;
mod secrets;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use highwater_engine::{ConnectWiseInput, Engine, EngineOptions, JumpCloudInput, Region};
use highwater_sandbox::connectwise::{self, ConnectWiseSandbox};
use highwater_sandbox::jumpcloud::{self, JumpCloudSandbox};
use highwater_secret::Secret;

pub use launch::start_if_requested;
pub use secrets::EphemeralSecrets;

use crate::error::IpcError;

/// The subfolder of the data folder that holds the demo's store.
const DEMO_FOLDER: &str = "demo";

/// A running demo: the two simulators and the engine connected to them.
pub struct DemoSession {
    engine: Arc<Engine>,
    folder: PathBuf,
    // Held so the simulators keep serving; dropping them shuts them down.
    _connectwise: ConnectWiseSandbox,
    _jumpcloud: JumpCloudSandbox,
}

impl DemoSession {
    /// Starts both simulators and connects a fresh demo engine to them (the same Verify and Save
    /// path a real connection takes), then fills the catalog cache and reads every org's users.
    pub async fn start(data_dir: &Path) -> Result<Self, IpcError> {
        let folder = demo_folder(data_dir);
        remove_folder(&folder)?;
        std::fs::create_dir_all(&folder).map_err(|err| IpcError::Demo {
            message: format!("Cannot create the demo folder {}: {err}.", folder.display()),
        })?;
        let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
        let cw = connectwise::start(loopback, connectwise::SandboxConfig::demo())
            .await
            .map_err(demo_error)?;
        let jc = jumpcloud::start(loopback, jumpcloud::SandboxConfig::demo())
            .await
            .map_err(demo_error)?;

        let options = EngineOptions {
            connectwise_client_id: Some(cw.client_id().to_owned()),
            jumpcloud_base_url: Some(jc.base_url()),
            actor: "demo".to_owned(),
            ..EngineOptions::default()
        };
        let engine = Engine::open(&folder, Arc::new(EphemeralSecrets::default()), options)?;
        engine
            .connect_connectwise(ConnectWiseInput {
                site: cw.site(),
                company_id: cw.company_id().to_owned(),
                public_key: Some(Secret::new(cw.public_key())),
                private_key: Some(Secret::new(cw.private_key())),
                client_id: None,
            })
            .await?;
        engine
            .connect_jumpcloud(JumpCloudInput {
                api_key: Some(Secret::new(jc.api_key())),
                provider_id: None,
                region: Region::Us,
                console_url: Some(jc.base_url()),
                insights_url: Some(jc.base_url()),
            })
            .await?;
        engine.refresh_catalog().await?;
        // The table shows users from the start, as it would after the first background read.
        engine.read_user_counts().await?;
        Ok(Self {
            engine: Arc::new(engine),
            folder,
            _connectwise: cw,
            _jumpcloud: jc,
        })
    }

    pub fn engine(&self) -> Arc<Engine> {
        self.engine.clone()
    }

    /// Stops the simulators and deletes the demo's data.
    pub fn leave(self) -> Result<(), IpcError> {
        let folder = self.folder.clone();
        drop(self);
        remove_folder(&folder)
    }
}

/// Where the demo keeps its store inside `data_dir`.
pub fn demo_folder(data_dir: &Path) -> PathBuf {
    data_dir.join(DEMO_FOLDER)
}

/// Deletes a demo folder, e.g. one left behind when the app was killed during a demo.
pub fn remove_folder(folder: &Path) -> Result<(), IpcError> {
    match std::fs::remove_dir_all(folder) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(IpcError::Demo {
            message: format!(
                "Cannot delete the demo data in {}: {err}.",
                folder.display()
            ),
        }),
    }
}

fn demo_error(err: std::io::Error) -> IpcError {
    IpcError::Demo {
        message: format!(
            "The demo tenant could not start on this computer's loopback address: {err}."
        ),
    }
}
