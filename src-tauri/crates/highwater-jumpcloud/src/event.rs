//! Directory Insights events, parsed tolerantly: fields differ per event type, so everything but
//! `id`, `event_type` and `timestamp` is optional, values of an unexpected shape are dropped, and
//! unknown fields are ignored.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::lenient;

/// The event types this app reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Directory (user portal) or device lockout; `service` tells which.
    UserLockout,
    UserPasswordExpired,
    UserAdminGranted,
    SystemFdeKeyDecrypt,
    UserCreate,
    UserDelete,
    UserSuspended,
    UserUnsuspended,
    UserActivated,
}

impl EventKind {
    /// The four alert kinds that become tickets.
    pub const ALERTS: [EventKind; 4] = [
        Self::UserLockout,
        Self::UserPasswordExpired,
        Self::UserAdminGranted,
        Self::SystemFdeKeyDecrypt,
    ];
    /// User lifecycle events, for rebuilding user counts over time.
    pub const LIFECYCLE: [EventKind; 5] = [
        Self::UserCreate,
        Self::UserDelete,
        Self::UserSuspended,
        Self::UserUnsuspended,
        Self::UserActivated,
    ];

    /// The `event_type` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UserLockout => "user_lockout",
            Self::UserPasswordExpired => "user_password_expired",
            Self::UserAdminGranted => "user_admin_granted",
            Self::SystemFdeKeyDecrypt => "system_fde_key_decrypt",
            Self::UserCreate => "user_create",
            Self::UserDelete => "user_delete",
            Self::UserSuspended => "user_suspended",
            Self::UserUnsuspended => "user_unsuspended",
            Self::UserActivated => "user_activated",
        }
    }

    pub fn parse(event_type: &str) -> Option<Self> {
        Self::ALERTS
            .into_iter()
            .chain(Self::LIFECYCLE)
            .find(|k| k.as_str().eq_ignore_ascii_case(event_type))
    }
}

/// Who did something, or what it was done to (`initiated_by`, `resource`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    #[serde(default, rename = "type", deserialize_with = "lenient::option")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    pub username: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    pub email: Option<String>,
}

/// The device a systems event is about.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemRef {
    #[serde(default, deserialize_with = "lenient::option")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    pub hostname: Option<String>,
    #[serde(default, rename = "displayName", deserialize_with = "lenient::option")]
    pub display_name: Option<String>,
}

/// One `changes[]` entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Change {
    #[serde(default, deserialize_with = "lenient::option")]
    pub field: Option<String>,
    #[serde(default)]
    pub from: Option<Value>,
    #[serde(default)]
    pub to: Option<Value>,
}

/// One Directory Insights event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    /// Unique per event: the ticket de-duplication key.
    pub id: String,
    pub event_type: String,
    pub service: Option<String>,
    pub timestamp: DateTime<Utc>,
    /// The client org; `None` for MTP-level events.
    pub organization: Option<String>,
    pub provider: Option<String>,
    pub success: Option<bool>,
    pub resource: Option<Actor>,
    pub initiated_by: Option<Actor>,
    pub system: Option<SystemRef>,
    /// Systems events name the local user here rather than in `resource`.
    pub username: Option<String>,
    pub message: Option<String>,
    pub client_ip: Option<String>,
    pub changes: Vec<Change>,
}

impl Event {
    /// The typed kind, when it is one this app reads.
    pub fn kind(&self) -> Option<EventKind> {
        EventKind::parse(&self.event_type)
    }

    /// The user the event is about: `resource.username` or, for systems events, `username`.
    pub fn subject_username(&self) -> Option<&str> {
        self.resource
            .as_ref()
            .and_then(|r| r.username.as_deref())
            .or(self.username.as_deref())
    }

    /// Parses one event; `None` when `id`, `event_type` or `timestamp` is missing or unusable.
    pub fn from_json(value: Value) -> Option<Self> {
        let raw: RawEvent = serde_json::from_value(value).ok()?;
        Some(Self {
            id: raw.id.filter(|s| !s.is_empty())?,
            event_type: raw.event_type.filter(|s| !s.is_empty())?,
            timestamp: parse_timestamp(raw.timestamp.as_ref()?)?,
            service: raw.service,
            organization: raw.organization,
            provider: raw.provider,
            success: raw.success,
            resource: raw.resource,
            initiated_by: raw.initiated_by,
            system: raw.system,
            username: raw.username,
            message: raw.message,
            client_ip: raw.client_ip,
            changes: raw.changes,
        })
    }
}

#[derive(Deserialize)]
struct RawEvent {
    #[serde(default, deserialize_with = "lenient::option")]
    id: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    event_type: Option<String>,
    #[serde(default)]
    timestamp: Option<Value>,
    #[serde(default, deserialize_with = "lenient::option")]
    service: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    organization: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    provider: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    success: Option<bool>,
    #[serde(default, deserialize_with = "lenient::option")]
    resource: Option<Actor>,
    #[serde(default, deserialize_with = "lenient::option")]
    initiated_by: Option<Actor>,
    #[serde(default, deserialize_with = "lenient::option")]
    system: Option<SystemRef>,
    #[serde(default, deserialize_with = "lenient::option")]
    username: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    message: Option<String>,
    #[serde(default, deserialize_with = "lenient::option")]
    client_ip: Option<String>,
    #[serde(default, deserialize_with = "lenient::list")]
    changes: Vec<Change>,
}

/// RFC 3339 (with or without milliseconds); tolerated too: no offset (taken as UTC) and epoch ms.
fn parse_timestamp(value: &Value) -> Option<DateTime<Utc>> {
    match value {
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .ok()
            .or_else(|| {
                NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                    .ok()
                    .map(|n| n.and_utc())
            }),
        Value::Number(n) => DateTime::from_timestamp_millis(n.as_i64()?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_doc_shapes_and_ignores_unknown_fields() {
        let lockout = json!({"id": "66d4a1f0c1bd55c1b7e901a5", "event_type": "user_lockout", "service": "systems",
            "timestamp": "2026-09-01T09:01:18Z", "system_timestamp": "2026-09-01T19:01:18+10:00",
            "organization": "624d9eae6849cf3b3f93dc56", "username": "jdoe", "success": false,
            "system": {"id": "611f", "hostname": "ACME-LT-07", "displayName": "ACME-LT-07"},
            "message": "User jdoe locked out", "@version": "1", "brand_new_field": {"x": [1, 2]}});
        let e = Event::from_json(lockout).unwrap();
        assert_eq!(e.kind(), Some(EventKind::UserLockout));
        assert_eq!(e.subject_username(), Some("jdoe"));
        assert_eq!(
            e.system.unwrap().display_name.as_deref(),
            Some("ACME-LT-07")
        );
        assert_eq!(e.timestamp.to_rfc3339(), "2026-09-01T09:01:18+00:00");
    }

    #[test]
    fn odd_shapes_become_none_not_errors() {
        let odd = json!({"id": "a1", "event_type": "user_admin_granted", "timestamp": "2026-09-01T10:12:00.123",
            "provider": null, "resource": "not an object", "success": "yes", "changes": [{"field": "sudo", "from": false, "to": true}, 7],
            "initiated_by": {"type": "admin", "id": 42, "email": "tech@msp.example"}});
        let e = Event::from_json(odd).unwrap();
        assert_eq!(e.provider, None);
        assert_eq!(e.resource, None);
        assert_eq!(e.success, None);
        assert_eq!(e.changes.len(), 1);
        let by = e.initiated_by.clone().unwrap();
        assert_eq!((by.kind.as_deref(), by.id), (Some("admin"), None));
        assert_eq!(e.timestamp.timestamp_subsec_millis(), 123);
        assert_eq!(e.kind(), Some(EventKind::UserAdminGranted));
        let epoch = Event::from_json(
            json!({"id": "b", "event_type": "x_y", "timestamp": 1_725_151_718_000i64}),
        )
        .unwrap();
        assert_eq!(epoch.kind(), None);
        assert_eq!(epoch.timestamp.timestamp(), 1_725_151_718);
    }

    #[test]
    fn unusable_events_are_refused() {
        assert!(Event::from_json(
            json!({"event_type": "user_lockout", "timestamp": "2026-09-01T00:00:00Z"})
        )
        .is_none());
        assert!(
            Event::from_json(json!({"id": "a", "timestamp": "2026-09-01T00:00:00Z"})).is_none()
        );
        assert!(Event::from_json(
            json!({"id": "a", "event_type": "user_lockout", "timestamp": "yesterday"})
        )
        .is_none());
        assert!(Event::from_json(json!([1, 2])).is_none());
    }
}
