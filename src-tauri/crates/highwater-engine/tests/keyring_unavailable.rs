//! With no Secret Service there is no keyring: the keyring store must fail with the typed "no
//! keyring" error that says how to fix it, and secrets from the environment must still work (the
//! CLI contract). Two situations, each checked in a child process of this binary so the test
//! process's own environment (and the real session bus `make test` provides) stays untouched:
//! no D-Bus session bus at all (the address points at a socket that does not exist), and a bus
//! on which no Secret Service runs (a private dbus-daemon with no services to activate).
//! No harness: `main` is parent and child.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use highwater_engine::secrets::{
    KeyringStore, LayeredStore, SaveOutcome, Secret, SecretName, SecretStore, SecretStoreError,
};

const CHILD_FLAG: &str = "HIGHWATER_TEST_NO_KEYRING_CHILD";
const CW_PUBLIC: &str = "env-public-key-00001111";
const CW_PRIVATE: &str = "env-private-key-2222abcd";

/// A session bus that knows no services: nothing answers for org.freedesktop.secrets.
const BARE_BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

fn main() {
    if std::env::var_os(CHILD_FLAG).is_some() {
        without_a_keyring();
        return;
    }
    run_child(
        "no session bus",
        "unix:path=/nonexistent/highwater-test/no-bus",
    );

    let mut bus = BareBus::start();
    run_child("a bus without a Secret Service", &bus.address);
    bus.stop();

    println!("test result: ok. keyring_unavailable passed (2 situations)");
}

fn run_child(situation: &str, bus_address: &str) {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    let output = Command::new(exe)
        .env(CHILD_FLAG, "1")
        .env("DBUS_SESSION_BUS_ADDRESS", bus_address)
        // Without DISPLAY libdbus cannot autolaunch a bus either.
        .env_remove("DISPLAY")
        .env("HIGHWATER_CW_PUBLIC_KEY", CW_PUBLIC)
        .env("HIGHWATER_CW_PRIVATE_KEY", CW_PRIVATE)
        .env_remove("HIGHWATER_JC_API_KEY")
        .output()
        .expect("the child test process starts");
    println!("--- {situation}");
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        output.status.success(),
        "the checks with {situation} failed: {}",
        output.status
    );
}

/// A private dbus-daemon, stopped (by its own pid) when the test is done with it.
struct BareBus {
    daemon: Child,
    address: String,
    _config: tempfile::NamedTempFile,
}

impl BareBus {
    fn start() -> Self {
        let config = tempfile::NamedTempFile::new().expect("a temp file for the bus config");
        std::fs::write(config.path(), BARE_BUS_CONFIG).expect("bus config written");
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.path().display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon (package dbus) is installed");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().expect("piped stdout"))
            .read_line(&mut address)
            .expect("dbus-daemon prints its address");
        let address = address.trim().to_owned();
        assert!(address.starts_with("unix:"), "bus address {address:?}");
        Self {
            daemon,
            address,
            _config: config,
        }
    }

    fn stop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

impl Drop for BareBus {
    fn drop(&mut self) {
        self.stop();
    }
}

fn without_a_keyring() {
    let keyring = KeyringStore::with_service(format!(
        "app.highwater.desktop.test-no-keyring-{}",
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
        let err = result.expect_err("no keyring without a Secret Service");
        assert!(
            matches!(err, SecretStoreError::KeyringUnavailable { .. }),
            "expected KeyringUnavailable, got {err:?}"
        );
        let message = err.to_string();
        println!("error: {message}");
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
    println!("checks passed");
}
