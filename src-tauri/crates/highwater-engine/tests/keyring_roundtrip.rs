//! The real OS keyring: set, get, overwrite and delete through the Secret Service, checked from
//! outside with `secret-tool`, and the environment override in front of it. Needs a running,
//! unlocked Secret Service: `make test` (and `tests/support/desktop-session.sh cargo test -p
//! highwater-engine`) provide one. Each test uses its own service name, so tests never touch the
//! app's entries or each other's.

use std::process::Command;

use highwater_engine::paths::APP_IDENTIFIER;
use highwater_engine::secrets::{
    EnvSecrets, KeyringStore, LayeredStore, SaveOutcome, Secret, SecretName, SecretStore,
    SecretStoreError,
};

/// A keyring store for one test, emptied before and after use.
struct TestKeyring(KeyringStore);

impl TestKeyring {
    fn new(test: &str) -> Self {
        let store = KeyringStore::with_service(format!(
            "{APP_IDENTIFIER}.test-{}-{test}",
            std::process::id()
        ));
        for name in SecretName::ALL {
            if let Err(err) = store.delete(name) {
                panic!(
                    "these tests need a running Secret Service; run them with \
                     tests/support/desktop-session.sh ({err})"
                );
            }
        }
        Self(store)
    }
}

impl Drop for TestKeyring {
    fn drop(&mut self) {
        for name in SecretName::ALL {
            let _ = self.0.delete(name);
        }
    }
}

/// The value as another program sees it in the Secret Service (`None` when there is no item).
fn secret_tool_lookup(service: &str, name: SecretName) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", name.account()])
        .output()
        .expect("secret-tool (libsecret-tools) is installed");
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn value(store: &impl SecretStore, name: SecretName) -> Option<String> {
    store
        .get(name)
        .expect("keyring answers")
        .map(|s| s.expose().to_owned())
}

#[test]
fn keyring_round_trip_for_every_secret() {
    let keyring = TestKeyring::new("round-trip");
    let store = &keyring.0;
    for name in SecretName::ALL {
        assert_eq!(value(store, name), None, "{name} starts absent");
        let first = Secret::new(format!("{}-first-0123456789", name.account()));
        assert_eq!(store.set(name, &first).unwrap(), SaveOutcome::Saved);
        assert_eq!(value(store, name).as_deref(), Some(first.expose()));

        let second = Secret::new(format!("{}-second-abcdef7f2a", name.account()));
        store.set(name, &second).unwrap();
        assert_eq!(value(store, name).as_deref(), Some(second.expose()));
        assert_eq!(store.hint(name).unwrap().to_string(), "set, ends in …7f2a");
    }
    for name in SecretName::ALL {
        store.delete(name).unwrap();
        assert_eq!(value(store, name), None, "{name} deleted");
        store.delete(name).expect("deleting twice is fine");
        assert_eq!(store.hint(name).unwrap().to_string(), "not set");
    }
}

#[test]
fn keyring_entries_are_real_secret_service_items() {
    let keyring = TestKeyring::new("secret-tool");
    let store = &keyring.0;
    let name = SecretName::ConnectWisePrivateKey;
    let key = Secret::new("private-key-seen-by-secret-tool-01");
    store.set(name, &key).unwrap();
    assert_eq!(
        secret_tool_lookup(store.service(), name).as_deref(),
        Some(key.expose())
    );
    // The other secrets have no item.
    assert_eq!(
        secret_tool_lookup(store.service(), SecretName::JumpCloudApiKey),
        None
    );
    store.delete(name).unwrap();
    assert_eq!(secret_tool_lookup(store.service(), name), None);
}

#[test]
fn keyring_refuses_empty_values() {
    let keyring = TestKeyring::new("empty");
    let err = keyring
        .0
        .set(SecretName::JumpCloudApiKey, &Secret::new("   "))
        .unwrap_err();
    assert!(matches!(err, SecretStoreError::Empty { .. }), "{err:?}");
}

#[test]
fn keyring_environment_override_is_never_persisted() {
    let keyring = TestKeyring::new("env-override");
    let service = keyring.0.service().to_owned();
    let env_key = "env-public-key-from-shell-5555";
    let layered = LayeredStore::new(
        EnvSecrets::from_vars([("HIGHWATER_CW_PUBLIC_KEY", env_key)]),
        KeyringStore::with_service(&service),
    );
    let public = SecretName::ConnectWisePublicKey;
    let private = SecretName::ConnectWisePrivateKey;

    // A key saved earlier in the keyring is overridden by the environment.
    keyring
        .0
        .set(public, &Secret::new("saved-public-key-6666"))
        .unwrap();
    assert_eq!(value(&layered, public).as_deref(), Some(env_key));

    // Saving the environment's key writes nothing; the keyring keeps what it had.
    assert_eq!(
        layered.set(public, &Secret::new(env_key)).unwrap(),
        SaveOutcome::KeptFromEnvironment {
            var: "HIGHWATER_CW_PUBLIC_KEY"
        }
    );
    assert_eq!(
        secret_tool_lookup(&service, public).as_deref(),
        Some("saved-public-key-6666")
    );
    // A different key would be shadowed by the variable: refused, nothing written.
    assert!(matches!(
        layered.set(public, &Secret::new("typed-public-key-7777")),
        Err(SecretStoreError::ShadowedByEnvironment { .. })
    ));
    assert_eq!(
        secret_tool_lookup(&service, public).as_deref(),
        Some("saved-public-key-6666")
    );

    // Deleting removes the keyring entry behind the override; the variable still supplies it.
    layered.delete(public).unwrap();
    assert_eq!(secret_tool_lookup(&service, public), None);
    assert_eq!(value(&layered, public).as_deref(), Some(env_key));

    // Secrets the environment does not give go to the keyring.
    let typed = Secret::new("typed-private-key-8888");
    assert_eq!(layered.set(private, &typed).unwrap(), SaveOutcome::Saved);
    assert_eq!(
        secret_tool_lookup(&service, private).as_deref(),
        Some(typed.expose())
    );
    assert_eq!(
        layered.hint(private).unwrap().to_string(),
        "set, ends in …8888"
    );
    assert_eq!(
        layered.hint(public).unwrap().to_string(),
        "set from HIGHWATER_CW_PUBLIC_KEY, ends in …5555"
    );
}
