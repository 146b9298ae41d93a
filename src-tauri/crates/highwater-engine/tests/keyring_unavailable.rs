//! With no D-Bus session bus there is no Secret Service: the keyring store must fail with the
//! typed "no keyring" error that says how to fix it, and secrets from the environment must still
//! work (the CLI contract). The checks run in a child process of this binary whose bus address
//! points at a socket that does not exist, so the test process's own environment (and the real
//! session bus `make test` provides) stays untouched. No harness: `main` is parent and child.

use std::process::Command;

use highwater_engine::secrets::{
    KeyringStore, LayeredStore, SaveOutcome, Secret, SecretName, SecretStore, SecretStoreError,
};

const CHILD_FLAG: &str = "HIGHWATER_TEST_NO_BUS_CHILD";
const CW_PUBLIC: &str = "env-public-key-00001111";
const CW_PRIVATE: &str = "env-private-key-2222abcd";

fn main() {
    if std::env::var_os(CHILD_FLAG).is_some() {
        without_a_bus();
        return;
    }
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let output = Command::new(exe)
        .env(CHILD_FLAG, "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/highwater-test/no-bus",
        )
        // Without DISPLAY libdbus cannot autolaunch a bus either.
        .env_remove("DISPLAY")
        .env("HIGHWATER_CW_PUBLIC_KEY", CW_PUBLIC)
        .env("HIGHWATER_CW_PRIVATE_KEY", CW_PRIVATE)
        .env_remove("HIGHWATER_JC_API_KEY")
        .output()
        .expect("the child test process starts");
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "the no-bus checks failed: {}",
        output.status
    );
    println!("test result: ok. keyring_unavailable passed");
}

fn without_a_bus() {
    let keyring = KeyringStore::with_service(format!(
        "app.highwater.desktop.test-no-bus-{}",
        std::process::id()
    ));
    let secret = Secret::new("never-stored-secret-value-9876");

    // Every keyring operation gives the typed error with the fix in its message.
    let failures = [
        keyring.get(SecretName::ConnectWisePublicKey).map(|_| ()),
        keyring
            .set(SecretName::ConnectWisePublicKey, &secret)
            .map(|_| ()),
        keyring.delete(SecretName::ConnectWisePublicKey),
    ];
    for result in failures {
        let err = result.expect_err("no keyring without a bus");
        assert!(
            matches!(err, SecretStoreError::KeyringUnavailable { .. }),
            "expected KeyringUnavailable, got {err:?}"
        );
        let message = err.to_string();
        println!("no-bus error: {message}");
        assert!(
            message.starts_with("no OS keyring is available ("),
            "{message}"
        );
        if cfg!(target_os = "linux") {
            assert!(
                message.contains("start a Secret Service such as GNOME Keyring"),
                "{message}"
            );
        }
        assert!(message.contains("HIGHWATER_CW_PUBLIC_KEY"), "{message}");
        assert!(!message.contains(secret.expose()), "{message}");
    }

    // The environment still provides what it holds, read from this process's variables.
    let store = LayeredStore::from_process();
    let public = SecretName::ConnectWisePublicKey;
    assert_eq!(store.get(public).unwrap().unwrap().expose(), CW_PUBLIC);
    assert_eq!(
        store
            .get(SecretName::ConnectWisePrivateKey)
            .unwrap()
            .unwrap()
            .expose(),
        CW_PRIVATE
    );
    assert_eq!(
        store.set(public, &Secret::new(CW_PUBLIC)).unwrap(),
        SaveOutcome::KeptFromEnvironment {
            var: "HIGHWATER_CW_PUBLIC_KEY"
        }
    );
    for name in SecretName::CONNECTWISE {
        store
            .delete(name)
            .expect("disable works from the environment");
    }
    assert_eq!(
        store.hint(public).unwrap().to_string(),
        "set from HIGHWATER_CW_PUBLIC_KEY, ends in …1111"
    );

    // What the environment lacks needs the keyring, and the error says how to get one.
    let err = store.get(SecretName::JumpCloudApiKey).unwrap_err();
    assert!(matches!(err, SecretStoreError::KeyringUnavailable { .. }));
    println!("no-bus checks passed");
}
