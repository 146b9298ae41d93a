//! The simulated account's data: the provider, its client orgs, users with their full state
//! history, devices, the Directory Insights event log and the simulated clock. Users keep a history
//! (not just a current state) so the server can answer "as of" any clock position, and every change
//! is written both to that history and to the event log, which keeps counts and events consistent.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::event_body;

/// A JumpCloud user state (`systemuser.state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum UserState {
    Staged,
    Activated,
    Suspended,
}

impl UserState {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Staged => "STAGED",
            Self::Activated => "ACTIVATED",
            Self::Suspended => "SUSPENDED",
        }
    }
}

/// Whether a user exists at an instant, and in which state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Exists(UserState),
    Deleted,
}

/// One user of one org, with every state change it went through.
#[derive(Debug, Clone)]
pub struct SimUser {
    pub id: String,
    pub username: String,
    pub email: String,
    pub firstname: String,
    pub lastname: String,
    pub sudo: bool,
    /// Sorted by time; the first entry is the creation.
    pub history: Vec<(DateTime<Utc>, Presence)>,
}

impl SimUser {
    /// State at `at`; `None` when the user did not exist (not yet created, or deleted).
    pub fn state_at(&self, at: DateTime<Utc>) -> Option<UserState> {
        let idx = self.history.partition_point(|(t, _)| *t <= at);
        match idx.checked_sub(1).map(|i| self.history[i].1) {
            Some(Presence::Exists(state)) => Some(state),
            _ => None,
        }
    }

    pub fn created(&self) -> DateTime<Utc> {
        self.history[0].0
    }

    /// Time of the most recent change; new changes may not be placed before it.
    pub fn last_change(&self) -> DateTime<Utc> {
        self.history
            .last()
            .map(|(t, _)| *t)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }
}

/// A managed device, referenced by systems events.
#[derive(Debug, Clone)]
pub struct SimSystem {
    pub id: String,
    pub hostname: String,
}

/// A client organization.
#[derive(Debug, Clone)]
pub struct SimOrg {
    pub id: String,
    pub name: String,
    pub max_system_users: Option<u32>,
    pub users: Vec<SimUser>,
    pub systems: Vec<SimSystem>,
}

impl SimOrg {
    /// Users that exist at `at`, with their state then.
    pub fn users_at(&self, at: DateTime<Utc>) -> impl Iterator<Item = (&SimUser, UserState)> {
        self.users
            .iter()
            .filter_map(move |u| u.state_at(at).map(|s| (u, s)))
    }
}

/// One stored Directory Insights event. `key` orders the log the way JumpCloud's `search_after`
/// cursor does: event time in epoch milliseconds, then the event id.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub millis: i64,
    pub id: String,
    pub organization: Option<String>,
    pub body: Value,
}

impl StoredEvent {
    pub fn key(&self) -> (i64, &str) {
        (self.millis, self.id.as_str())
    }
}

/// The API keys the sandbox accepts, one per kind of caller.
#[derive(Debug, Clone)]
pub struct ApiKeys {
    /// A provider (MSP) administrator: sees every managed org.
    pub msp: String,
    /// A single-tenant administrator of `standalone_org`: not a provider key.
    pub single_tenant: String,
    /// An administrator with the "Command runner" role: refused (403) everywhere.
    pub command_runner: String,
}

/// The whole simulated account.
#[derive(Debug, Clone)]
pub struct World {
    pub provider_id: String,
    pub msp_admin_id: String,
    pub msp_admin_email: String,
    pub keys: ApiKeys,
    pub orgs: Vec<SimOrg>,
    org_index: HashMap<String, usize>,
    /// An org that exists in JumpCloud but is not managed by this provider (the single-tenant
    /// admin's own org).
    pub standalone_org: SimOrg,
    pub single_admin_id: String,
    /// Sorted by [`StoredEvent::key`].
    pub events: Vec<StoredEvent>,
    pub clock: DateTime<Utc>,
    /// How far the generated timeline reaches; moving the clock past it generates more.
    pub generated_until: DateTime<Utc>,
    pub retention: Duration,
    next_seq: u64,
}

/// A lifecycle change applied through the control API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    Activate,
    Suspend,
    Unsuspend,
    Delete,
}

/// Why a control change was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChangeError {
    #[error("organization {0} is not managed by this provider")]
    UnknownOrg(String),
    #[error("user {0} not found in that organization")]
    UnknownUser(String),
    #[error("user {user} cannot {transition:?} at that time (its state then: {state})")]
    InvalidTransition {
        user: String,
        transition: Transition,
        state: String,
    },
    #[error("user {0} already changed after that time; changes must be appended in time order")]
    OutOfOrder(String),
}

impl World {
    /// An empty world with fresh ids for the provider, its admin and the standalone org; the
    /// timeline generator fills it.
    pub fn new(keys: ApiKeys, clock: DateTime<Utc>, retention: Duration) -> Self {
        let mut world = Self {
            provider_id: String::new(),
            msp_admin_id: String::new(),
            msp_admin_email: "tech@msp.example".to_owned(),
            keys,
            orgs: Vec::new(),
            org_index: HashMap::new(),
            standalone_org: SimOrg {
                id: String::new(),
                name: "Standalone Tenant Inc".to_owned(),
                max_system_users: None,
                users: Vec::new(),
                systems: Vec::new(),
            },
            single_admin_id: String::new(),
            events: Vec::new(),
            clock,
            generated_until: clock,
            retention,
            next_seq: 0,
        };
        world.provider_id = world.next_id(clock);
        world.msp_admin_id = world.next_id(clock);
        world.single_admin_id = world.next_id(clock);
        world.standalone_org.id = world.next_id(clock);
        world
    }

    pub fn push_org(&mut self, org: SimOrg) {
        self.org_index.insert(org.id.clone(), self.orgs.len());
        self.orgs.push(org);
    }

    pub fn org(&self, id: &str) -> Option<&SimOrg> {
        self.org_index.get(id).map(|&i| &self.orgs[i])
    }

    fn org_mut(&mut self, id: &str) -> Result<&mut SimOrg, ChangeError> {
        match self.org_index.get(id) {
            Some(&i) => Ok(&mut self.orgs[i]),
            None => Err(ChangeError::UnknownOrg(id.to_owned())),
        }
    }

    /// A fresh id in JumpCloud's 24-hex ObjectId shape: seconds since epoch, then a sequence.
    pub fn next_id(&mut self, at: DateTime<Utc>) -> String {
        self.next_seq += 1;
        format!("{:08x}{:016x}", at.timestamp().max(0) as u32, self.next_seq)
    }

    /// Appends events in bulk; call [`World::sort_events`] afterwards.
    pub fn push_event_unsorted(&mut self, organization: Option<String>, body: Value) {
        let id = body["id"].as_str().unwrap_or_default().to_owned();
        let millis = event_millis(&body);
        self.events.push(StoredEvent {
            millis,
            id,
            organization,
            body,
        });
    }

    pub fn sort_events(&mut self) {
        self.events
            .sort_by(|a, b| a.millis.cmp(&b.millis).then_with(|| a.id.cmp(&b.id)));
    }

    /// Inserts one event at its place in time order (late-arriving events land in the past).
    pub fn insert_event(&mut self, organization: Option<String>, body: Value) -> String {
        let id = body["id"].as_str().unwrap_or_default().to_owned();
        let millis = event_millis(&body);
        let pos = self
            .events
            .partition_point(|e| e.key() < (millis, id.as_str()));
        self.events.insert(
            pos,
            StoredEvent {
                millis,
                id: id.clone(),
                organization,
                body,
            },
        );
        id
    }

    /// Creates a user at `at` in `state` and records the matching events (`user_create`, then
    /// `user_activated` or both `user_activated` and `user_suspended` when created in those states).
    pub fn add_user(
        &mut self,
        org_id: &str,
        username: &str,
        state: UserState,
        at: DateTime<Utc>,
    ) -> Result<String, ChangeError> {
        self.org_mut(org_id)?;
        let id = self.next_id(at);
        let user = SimUser {
            id: id.clone(),
            username: username.to_owned(),
            email: format!("{username}@example.test"),
            firstname: username.to_owned(),
            lastname: "Sandbox".to_owned(),
            sudo: false,
            history: vec![(at, Presence::Exists(UserState::Staged))],
        };
        self.record_transition_event(org_id, &user, None, Presence::Exists(UserState::Staged), at);
        self.org_mut(org_id)?.users.push(user);
        if state != UserState::Staged {
            self.change_user(org_id, &id, Transition::Activate, at)?;
        }
        if state == UserState::Suspended {
            self.change_user(org_id, &id, Transition::Suspend, at)?;
        }
        Ok(id)
    }

    /// Applies a lifecycle change at `at` and records its event.
    pub fn change_user(
        &mut self,
        org_id: &str,
        user_id: &str,
        transition: Transition,
        at: DateTime<Utc>,
    ) -> Result<(), ChangeError> {
        let org = self.org_mut(org_id)?;
        let user = org
            .users
            .iter_mut()
            .find(|u| u.id == user_id)
            .ok_or_else(|| ChangeError::UnknownUser(user_id.to_owned()))?;
        if at < user.last_change() {
            return Err(ChangeError::OutOfOrder(user_id.to_owned()));
        }
        let before = user.state_at(at);
        let after = match (transition, before) {
            (Transition::Activate, Some(UserState::Staged)) => {
                Presence::Exists(UserState::Activated)
            }
            (Transition::Suspend, Some(UserState::Activated)) => {
                Presence::Exists(UserState::Suspended)
            }
            (Transition::Unsuspend, Some(UserState::Suspended)) => {
                Presence::Exists(UserState::Activated)
            }
            (Transition::Delete, Some(_)) => Presence::Deleted,
            _ => {
                return Err(ChangeError::InvalidTransition {
                    user: user_id.to_owned(),
                    transition,
                    state: before
                        .map_or("deleted or not yet created", UserState::as_str)
                        .to_owned(),
                })
            }
        };
        user.history.push((at, after));
        let user = user.clone();
        self.record_transition_event(org_id, &user, before, after, at);
        Ok(())
    }

    fn record_transition_event(
        &mut self,
        org_id: &str,
        user: &SimUser,
        before: Option<UserState>,
        after: Presence,
        at: DateTime<Utc>,
    ) {
        let id = self.next_id(at);
        let body = event_body::lifecycle(self, org_id, user, before, after, at, id);
        if let Some(body) = body {
            self.insert_event(Some(org_id.to_owned()), body);
        }
    }

    /// Adds an arbitrary event (any type), filling `id`, `timestamp`, `organization`, `provider`
    /// and `@version` when absent. Returns the event id.
    pub fn add_event(
        &mut self,
        org_id: Option<&str>,
        event_type: &str,
        service: &str,
        at: DateTime<Utc>,
        extra: serde_json::Map<String, Value>,
    ) -> Result<String, ChangeError> {
        if let Some(org_id) = org_id {
            self.org_mut(org_id)?;
        }
        let id = self.next_id(at);
        let mut body = json!({
            "id": id,
            "event_type": event_type,
            "service": service,
            "timestamp": event_body::timestamp(at),
            "organization": org_id,
            "provider": self.provider_id,
            "success": true,
            "@version": "1",
        });
        if let Value::Object(map) = &mut body {
            for (k, v) in extra {
                if !matches!(k.as_str(), "id" | "timestamp" | "organization") {
                    map.insert(k, v);
                }
            }
        }
        Ok(self.insert_event(org_id.map(str::to_owned), body))
    }

    /// Ground truth for tests: how many users `org_id` has at `at`, all and excluding staged.
    pub fn user_counts_at(&self, org_id: &str, at: DateTime<Utc>) -> Option<(u64, u64)> {
        let org = self.org(org_id)?;
        let (mut all, mut unstaged) = (0, 0);
        for (_, state) in org.users_at(at) {
            all += 1;
            if state != UserState::Staged {
                unstaged += 1;
            }
        }
        Some((all, unstaged))
    }

    /// Oldest event time still retained at the current clock.
    pub fn retention_floor(&self) -> DateTime<Utc> {
        self.clock - self.retention
    }
}

fn event_millis(body: &Value) -> i64 {
    body["timestamp"]
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map_or(0, |t| t.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 9, day, 12, 0, 0).unwrap()
    }

    #[test]
    fn state_follows_history() {
        let u = SimUser {
            id: "u".into(),
            username: "u".into(),
            email: "u@x".into(),
            firstname: "u".into(),
            lastname: "u".into(),
            sudo: false,
            history: vec![
                (t(2), Presence::Exists(UserState::Staged)),
                (t(4), Presence::Exists(UserState::Activated)),
                (t(6), Presence::Deleted),
            ],
        };
        assert_eq!(u.state_at(t(1)), None);
        assert_eq!(u.state_at(t(2)), Some(UserState::Staged));
        assert_eq!(u.state_at(t(5)), Some(UserState::Activated));
        assert_eq!(u.state_at(t(6)), None);
    }
}
