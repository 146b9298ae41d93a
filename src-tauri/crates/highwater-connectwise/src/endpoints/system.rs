//! `system/info`: the connectivity and key check.

use crate::client::ConnectWiseClient;
use crate::error::Result;
use crate::models::SystemInfo;

impl ConnectWiseClient {
    /// `GET /system/info` — server version, cloud flag, time zone.
    pub async fn system_info(&self) -> Result<SystemInfo> {
        self.get_one("system/info", &[]).await
    }
}
