//! What the simulated JumpCloud account looks like: how many client orgs, how many users, how busy
//! the month is, and the simulated "now". Every value is seeded, so one config is one exact world.

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// Shape of the generated MSP account and the server's optional behaviours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SandboxConfig {
    /// Seed for every random choice; the same seed gives the same ids, users and events.
    pub seed: u64,
    /// Number of client organizations the provider manages.
    pub org_count: usize,
    /// Inclusive range of users an org has when the simulated month starts.
    pub users_per_org: (u32, u32),
    /// Mean number of alert events (lockouts, expired passwords, admin grants, FDE key decrypts)
    /// per org per simulated day.
    pub alerts_per_org_per_day: f64,
    /// Mean number of user lifecycle changes (hires, leavers, suspensions) per org per day.
    pub churn_per_org_per_day: f64,
    /// Mean number of events the app does not care about (logins, profile edits) per org per day,
    /// so that event-type filtering is exercised.
    pub noise_per_org_per_day: f64,
    /// Start of the simulated billing period (the month being simulated).
    pub period_start: DateTime<Utc>,
    /// The simulated "now": nothing after it is visible until the clock is moved.
    pub now: DateTime<Utc>,
    /// Directory Insights retention; older events are not returned.
    pub retention_days: u32,
    /// Answer 403 when `x-org-id` is sent to a provider-level route (JumpCloud documents it; its
    /// own SDK strips the header instead, so this is a toggle).
    pub reject_org_header_on_provider_routes: bool,
}

impl Default for SandboxConfig {
    /// Small and deterministic: fast enough for any test.
    fn default() -> Self {
        Self {
            seed: 42,
            org_count: 5,
            users_per_org: (3, 12),
            alerts_per_org_per_day: 2.0,
            churn_per_org_per_day: 0.6,
            noise_per_org_per_day: 1.0,
            period_start: Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap(),
            now: Utc.with_ymd_and_hms(2026, 9, 20, 12, 0, 0).unwrap(),
            retention_days: 90,
            reject_org_header_on_provider_routes: true,
        }
    }
}

impl SandboxConfig {
    /// A believable MSP for demo mode: about 50 client orgs, the current month up to the current
    /// time (rounded down to the minute so restarts within a minute look the same).
    pub fn demo() -> Self {
        let now = Utc::now();
        let now = now
            - Duration::seconds(i64::from(now.second()))
            - Duration::nanoseconds(i64::from(now.nanosecond()));
        let period_start = Utc
            .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
            .single()
            .unwrap_or(now - Duration::days(30));
        Self {
            seed: 2026,
            org_count: 50,
            users_per_org: (4, 120),
            alerts_per_org_per_day: 0.8,
            churn_per_org_per_day: 0.7,
            noise_per_org_per_day: 2.0,
            period_start,
            now,
            ..Self::default()
        }
    }

    /// This config with `org_count` orgs (a convenience for tests).
    pub fn with_orgs(mut self, org_count: usize) -> Self {
        self.org_count = org_count;
        self
    }
}
