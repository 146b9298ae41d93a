//! Directory Insights event bodies in the shapes of the API doc §8.7: lifecycle events for user
//! changes, the four alert kinds, and unrelated noise events.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::world::{Presence, SimSystem, SimUser, UserState, World};

/// RFC 3339 UTC with milliseconds, as Directory Insights writes it.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn admin(world: &World) -> Value {
    json!({"type": "admin", "id": world.msp_admin_id, "email": world.msp_admin_email})
}

fn user_resource(user: &SimUser) -> Value {
    json!({"type": "user", "id": user.id, "username": user.username, "email": user.email})
}

fn system_ref(system: &SimSystem) -> Value {
    json!({"id": system.id, "hostname": system.hostname, "displayName": system.hostname})
}

/// The event a user state change emits, or `None` for a change that emits none.
pub fn lifecycle(
    world: &World,
    org_id: &str,
    user: &SimUser,
    before: Option<UserState>,
    after: Presence,
    at: DateTime<Utc>,
    id: String,
) -> Option<Value> {
    let event_type = match (before, after) {
        (None, Presence::Exists(_)) => "user_create",
        (Some(UserState::Staged), Presence::Exists(UserState::Activated)) => "user_activated",
        (Some(UserState::Activated), Presence::Exists(UserState::Suspended)) => "user_suspended",
        (Some(UserState::Suspended), Presence::Exists(UserState::Activated)) => "user_unsuspended",
        (Some(_), Presence::Deleted) => "user_delete",
        _ => return None,
    };
    let initiated_by = if event_type == "user_activated" {
        json!({"type": "user", "id": user.id, "username": user.username})
    } else {
        admin(world)
    };
    let mut body = json!({
        "id": id,
        "event_type": event_type,
        "service": "directory",
        "timestamp": timestamp(at),
        "organization": org_id,
        "provider": world.provider_id,
        "success": true,
        "auth_method": "session",
        "client_ip": "203.0.113.9",
        "resource": user_resource(user),
        "initiated_by": initiated_by,
        "@version": "1",
    });
    if event_type == "user_create" {
        body["changes"] = json!([{"field": "username", "to": user.username}]);
    }
    Some(body)
}

/// The alert kinds the app turns into tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertKind {
    DirectoryLockout,
    SystemLockout,
    PasswordExpired,
    AdminGranted,
    FdeKeyDecrypt,
}

impl AlertKind {
    pub const ALL: [AlertKind; 5] = [
        Self::DirectoryLockout,
        Self::SystemLockout,
        Self::PasswordExpired,
        Self::AdminGranted,
        Self::FdeKeyDecrypt,
    ];
}

/// One alert event about `user` (and `system` for device events).
pub fn alert(
    world: &World,
    org_id: &str,
    kind: AlertKind,
    user: &SimUser,
    system: &SimSystem,
    at: DateTime<Utc>,
    id: String,
) -> Value {
    let base = |event_type: &str, service: &str| {
        json!({
            "id": id,
            "event_type": event_type,
            "service": service,
            "timestamp": timestamp(at),
            "organization": org_id,
            "provider": world.provider_id,
            "success": true,
            "@version": "1",
        })
    };
    match kind {
        AlertKind::DirectoryLockout => {
            let mut b = base("user_lockout", "directory");
            b["client_ip"] = json!("81.2.69.144");
            b["resource"] = user_resource(user);
            b["initiated_by"] = json!({"type": "user", "id": user.id, "username": user.username});
            b["geoip"] = json!({"country_code": "AU", "region_code": "QLD", "timezone": "Australia/Brisbane"});
            b
        }
        AlertKind::SystemLockout => {
            let mut b = base("user_lockout", "systems");
            b["success"] = json!(false);
            b["system_timestamp"] = json!(at.to_rfc3339_opts(SecondsFormat::Secs, true));
            b["username"] = json!(user.username);
            b["system"] = system_ref(system);
            b["message"] = json!(format!("User {} locked out", user.username));
            b
        }
        AlertKind::PasswordExpired => {
            let mut b = base("user_password_expired", "directory");
            b["resource"] = user_resource(user);
            b["initiated_by"] = json!({"type": "system"});
            b
        }
        AlertKind::AdminGranted => {
            let mut b = base("user_admin_granted", "directory");
            b["auth_method"] = json!("session");
            b["client_ip"] = json!("203.0.113.9");
            b["initiated_by"] = admin(world);
            b["resource"] = user_resource(user);
            b["association"] = json!({"type": "system", "id": system.id});
            b["changes"] = json!([{"field": "sudo", "from": false, "to": true}]);
            b
        }
        AlertKind::FdeKeyDecrypt => {
            let mut b = base("system_fde_key_decrypt", "systems");
            b["initiated_by"] = admin(world);
            b["resource"] = json!({"type": "system", "id": system.id});
            b["system"] = system_ref(system);
            b
        }
    }
}

/// An event the app ignores: an admin login or a profile edit.
pub fn noise(
    world: &World,
    org_id: &str,
    user: &SimUser,
    at: DateTime<Utc>,
    id: String,
    login: bool,
) -> Value {
    if login {
        json!({
            "id": id, "event_type": "admin_login_attempt", "service": "directory",
            "timestamp": timestamp(at), "organization": org_id, "provider": world.provider_id,
            "success": true, "mfa": true, "client_ip": "81.2.69.144",
            "initiated_by": admin(world), "useragent": {"name": "Firefox", "os": "Mac OS X"},
            "@version": "1",
        })
    } else {
        json!({
            "id": id, "event_type": "user_update", "service": "directory",
            "timestamp": timestamp(at), "organization": org_id, "provider": world.provider_id,
            "success": true, "resource": user_resource(user), "initiated_by": admin(world),
            "changes": [{"field": "department", "from": "Sales", "to": "Operations"}],
            "@version": "1",
        })
    }
}
