//! Shared setup for the client tests: a sandbox on an ephemeral loopback port and a client aimed
//! at it with millisecond retry delays.

#![allow(dead_code)]

use std::time::Duration;

use highwater_jumpcloud::{ClientConfig, JumpCloudClient, Region, RetryPolicy, Secret};
use highwater_sandbox::jumpcloud::{self, JumpCloudSandbox, LoggedRequest, SandboxConfig};

pub const FAST_RETRY: RetryPolicy = RetryPolicy {
    max_retries: 3,
    base_delay: Duration::from_millis(5),
    max_delay: Duration::from_secs(2),
};

pub async fn sandbox(config: SandboxConfig) -> JumpCloudSandbox {
    jumpcloud::start("127.0.0.1:0".parse().unwrap(), config)
        .await
        .expect("sandbox starts")
}

/// Client config for `key` against the sandbox (both base URLs at it).
pub fn config_for(sandbox: &JumpCloudSandbox, key: &str) -> ClientConfig {
    ClientConfig::new(Secret::new(key), Region::Us)
        .with_base_url(sandbox.base_url())
        .with_retry(FAST_RETRY)
        .with_timeout(Duration::from_secs(10))
}

pub fn client_for(sandbox: &JumpCloudSandbox, key: &str) -> JumpCloudClient {
    JumpCloudClient::new(config_for(sandbox, key)).expect("client builds")
}

pub fn msp_client(sandbox: &JumpCloudSandbox) -> JumpCloudClient {
    client_for(sandbox, &sandbox.api_key())
}

/// Logged requests whose path starts with `prefix`.
pub fn requests_to(sandbox: &JumpCloudSandbox, prefix: &str) -> Vec<LoggedRequest> {
    sandbox
        .control()
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with(prefix))
        .collect()
}
