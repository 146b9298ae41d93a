//! Desktop notifications for errors. One helper, coalesced: the same notice is raised at most once
//! per minute, so a failing background job cannot flood the admin's screen.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tauri::{AppHandle, Runtime};
use tauri_plugin_notification::NotificationExt;

const QUIET_PERIOD: Duration = Duration::from_secs(60);

static LAST_SHOWN: Mutex<Option<HashMap<String, Instant>>> = Mutex::new(None);

/// Raises a desktop notification for an error (title + one-sentence body), unless the same title
/// was shown within the quiet period. Failures to notify are logged, never propagated.
pub fn error_notice<R: Runtime>(app: &AppHandle<R>, title: &str, body: &str) {
    if !should_show(title, Instant::now()) {
        return;
    }
    if let Err(err) = app.notification().builder().title(title).body(body).show() {
        log::warn!("could not raise a desktop notification: {err}");
    }
}

fn should_show(key: &str, now: Instant) -> bool {
    let mut guard = LAST_SHOWN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let last = guard.get_or_insert_with(HashMap::new);
    match last.get(key) {
        Some(at) if now.duration_since(*at) < QUIET_PERIOD => false,
        _ => {
            last.insert(key.to_owned(), now);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_notices_are_coalesced() {
        let t0 = Instant::now();
        assert!(should_show("coalesce-test", t0));
        assert!(!should_show("coalesce-test", t0 + Duration::from_secs(5)));
        assert!(should_show("coalesce-test", t0 + QUIET_PERIOD));
        assert!(should_show("another-title", t0));
    }
}
