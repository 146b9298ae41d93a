//! "Verify and Save" and "Disable & Clear" through the real OS keyring (Secret Service): the keys
//! land in the keyring, and after Disable & Clear neither the keyring nor the database holds any
//! ConnectWise data — read back from outside with `secret-tool`. Needs a running Secret Service:
//! `make test` (or `tests/support/desktop-session.sh cargo test -p highwater-engine`) starts one.

mod support;

use std::process::Command;
use std::sync::Arc;

use highwater_engine::paths::APP_IDENTIFIER;
use highwater_engine::secrets::{EnvSecrets, KeyringStore, LayeredStore, SecretName, SecretStore};
use highwater_engine::{Engine, DISABLE_CONFIRMATION};
use support::*;

/// The item's value as another program sees it (`None` when there is no item).
fn secret_tool_lookup(service: &str, name: SecretName) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", name.account()])
        .output()
        .expect("secret-tool (libsecret-tools) is installed");
    output
        .status
        .success()
        .then(|| {
            String::from_utf8_lossy(&output.stdout)
                .trim_end()
                .to_owned()
        })
        .filter(|v| !v.is_empty())
}

#[tokio::test]
async fn keyring_disable_and_clear_leaves_no_keyring_entry_and_no_connectwise_rows() {
    let world = World::new().await;
    // A service name of its own, so the test never touches the app's entries.
    let service = format!("{APP_IDENTIFIER}.test-{}-disable", std::process::id());
    let keyring = KeyringStore::with_service(service.clone());
    for name in SecretName::ALL {
        keyring.delete(name).unwrap_or_else(|err| {
            panic!("this test needs a running Secret Service; run it with tests/support/desktop-session.sh ({err})")
        });
    }
    let secrets = Arc::new(LayeredStore::new(EnvSecrets::none(), keyring));
    let dir = tempfile::tempdir().unwrap();
    let engine = Engine::open(dir.path(), secrets.clone(), options()).unwrap();

    let connected = engine.connect_connectwise(world.cw_input()).await.unwrap();
    assert_eq!(connected.keys, highwater_engine::views::KeyStorage::Keyring);
    assert_eq!(
        secret_tool_lookup(&service, SecretName::ConnectWisePublicKey).as_deref(),
        Some(world.cw.public_key())
    );
    assert_eq!(
        secret_tool_lookup(&service, SecretName::ConnectWisePrivateKey).as_deref(),
        Some(world.cw.private_key())
    );
    engine.companies(false).await.unwrap();

    engine
        .disable_and_clear_connectwise(DISABLE_CONFIRMATION)
        .unwrap();
    for name in SecretName::CONNECTWISE {
        assert_eq!(
            secret_tool_lookup(&service, name),
            None,
            "{name} left in the keyring"
        );
        assert_eq!(secrets.get(name).unwrap(), None);
    }
    let store =
        highwater_store::Store::open(&highwater_engine::paths::database_path(dir.path())).unwrap();
    for table in [
        "connectwise_connection",
        "company_type_selection",
        "catalog_companies",
        "catalog_company_types",
    ] {
        let rows: i64 = store
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 0, "{table}");
    }
}
