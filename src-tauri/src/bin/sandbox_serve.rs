//! Serves the simulated ConnectWise and JumpCloud tenants (the demo's data: ~400 companies, ~50
//! orgs) on loopback until stdin closes or the process is killed, after printing one JSON line with
//! what a user would type to connect to them. The end-to-end specs start it and read that line.

use std::net::{Ipv4Addr, SocketAddr};

use highwater_sandbox::{connectwise, jumpcloud};
use std::io::Read;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let loopback = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let cw = connectwise::start(loopback, connectwise::SandboxConfig::demo()).await?;
    let jc = jumpcloud::start(loopback, jumpcloud::SandboxConfig::demo()).await?;
    let announcement = serde_json::json!({
        "connectwise": {
            "site": cw.site(),
            "baseUrl": cw.base_url(),
            "companyId": cw.company_id(),
            "publicKey": cw.public_key(),
            "privateKey": cw.private_key(),
            "clientId": cw.client_id(),
        },
        "jumpcloud": {
            "baseUrl": jc.base_url(),
            "apiKey": jc.api_key(),
            "providerId": jc.provider_id(),
        },
    });
    println!("{announcement}");
    // Serve until whoever started us closes our stdin (or kills us).
    tokio::task::spawn_blocking(|| std::io::stdin().read_to_end(&mut Vec::new()))
        .await
        .map_err(std::io::Error::other)??;
    Ok(())
}
