//! The seeded timeline generator: builds an MSP account whose orgs hire, lose, suspend and
//! reinstate users over the simulated period, and whose users trip alerts. Every state change goes
//! into the user's history and the matching lifecycle event into the event log, so the counts the
//! server reports and the events it returns always tell the same story.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::config::SandboxConfig;
use super::event_body::{self, AlertKind};
use super::world::{ApiKeys, Presence, SimOrg, SimSystem, SimUser, UserState, World};

const ORG_WORDS: [&str; 24] = [
    "Acme",
    "Blue",
    "Harbor",
    "Cedar",
    "Summit",
    "Granite",
    "Northwind",
    "Maple",
    "Pioneer",
    "Redwood",
    "Silver",
    "Lakeside",
    "Orchard",
    "Beacon",
    "Copper",
    "Riverside",
    "Evergreen",
    "Falcon",
    "Juniper",
    "Meridian",
    "Oakridge",
    "Prairie",
    "Quarry",
    "Willow",
];
const ORG_TRADES: [&str; 16] = [
    "Dental",
    "Logistics",
    "Legal",
    "Accounting",
    "Builders",
    "Clinic",
    "Realty",
    "Engineering",
    "Foods",
    "Studios",
    "Insurance",
    "Labs",
    "Motors",
    "Partners",
    "Schools",
    "Veterinary",
];
const ORG_SUFFIXES: [&str; 6] = ["Inc", "LLC", "Ltd", "Group", "Co", "Pty Ltd"];
const FIRST_NAMES: [&str; 16] = [
    "ava", "ben", "chloe", "dan", "ella", "finn", "grace", "hugo", "isla", "jack", "kate", "leo",
    "maya", "noah", "olivia", "sam",
];
const LAST_NAMES: [&str; 12] = [
    "smith", "jones", "nguyen", "patel", "brown", "garcia", "kim", "lee", "martin", "walker",
    "young", "wright",
];

/// Builds the whole account described by `config`.
pub fn generate(config: &SandboxConfig) -> World {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let now = config.now;
    let start = config.period_start.min(now);
    let key = |rng: &mut ChaCha8Rng| {
        format!(
            "{:016x}{:016x}{:08x}",
            rng.random::<u64>(),
            rng.random::<u64>(),
            rng.random::<u32>()
        )
    };
    let keys = ApiKeys {
        msp: key(&mut rng),
        single_tenant: key(&mut rng),
        command_runner: key(&mut rng),
    };
    let mut world = World::new(keys, now, Duration::days(i64::from(config.retention_days)));
    let mut standalone_rng = ChaCha8Rng::seed_from_u64(config.seed ^ 0x5EED);
    world.standalone_org.users = initial_users(&mut standalone_rng, &mut world, 3, start, now);

    let mut names = HashSet::new();
    for index in 0..config.org_count {
        let mut rng = ChaCha8Rng::seed_from_u64(
            config.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (index as u64 + 1),
        );
        let org = build_org(&mut rng, &mut world, config, &mut names, start, now);
        let org_id = org.id.clone();
        let users = org.users.clone();
        let systems = org.systems.clone();
        world.push_org(org);
        emit_lifecycle(&mut world, &org_id, &users, &[]);
        emit_alerts_and_noise(
            &mut rng, &mut world, config, &org_id, &users, &systems, start, now,
        );
    }
    world.sort_events();
    world
}

fn build_org(
    rng: &mut ChaCha8Rng,
    world: &mut World,
    config: &SandboxConfig,
    names: &mut HashSet<String>,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> SimOrg {
    let mut name = format!(
        "{} {} {}",
        ORG_WORDS.choose(rng).unwrap_or(&"Acme"),
        ORG_TRADES.choose(rng).unwrap_or(&"Labs"),
        ORG_SUFFIXES.choose(rng).unwrap_or(&"Inc"),
    );
    let base = name.clone();
    let mut n = 2;
    while !names.insert(name.clone()) {
        name = format!("{base} {n}");
        n += 1;
    }
    let id = world.next_id(start);
    let (lo, hi) = config.users_per_org;
    let initial = rng.random_range(lo.min(hi)..=hi.max(lo));
    let mut users = initial_users(rng, world, initial, start, now);
    let systems = (0..(initial / 2 + 1))
        .map(|i| SimSystem {
            id: world.next_id(start),
            hostname: format!(
                "{}-LT-{:02}",
                name.split(' ').next().unwrap_or("HOST").to_uppercase(),
                i + 1
            ),
        })
        .collect();
    simulate_churn(rng, world, config, &mut users, start, now);
    let max_system_users = rng.random_bool(0.3).then(|| initial * 2 + 10);
    SimOrg {
        id,
        name,
        max_system_users,
        users,
        systems,
    }
}

fn new_user(rng: &mut ChaCha8Rng, world: &mut World, at: DateTime<Utc>, serial: usize) -> SimUser {
    let first = FIRST_NAMES.choose(rng).unwrap_or(&"sam");
    let last = LAST_NAMES.choose(rng).unwrap_or(&"smith");
    let username = format!("{first}.{last}{serial}");
    SimUser {
        id: world.next_id(at),
        email: format!("{username}@client.example"),
        username,
        firstname: (*first).to_owned(),
        lastname: (*last).to_owned(),
        sudo: rng.random_bool(0.1),
        history: vec![(at, Presence::Exists(UserState::Staged))],
    }
}

/// Users that exist before the period starts: mostly activated, a few still staged or suspended.
fn initial_users(
    rng: &mut ChaCha8Rng,
    world: &mut World,
    count: u32,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Vec<SimUser> {
    (0..count as usize)
        .map(|serial| {
            let created = start - Duration::minutes(rng.random_range(60..120 * 24 * 60));
            let mut user = new_user(rng, world, created, serial);
            if rng.random_bool(0.9) {
                let activated = created + Duration::minutes(rng.random_range(5..2 * 24 * 60));
                if activated <= now {
                    user.history
                        .push((activated, Presence::Exists(UserState::Activated)));
                    if rng.random_bool(0.08) {
                        let suspended =
                            activated + Duration::minutes(rng.random_range(60..30 * 24 * 60));
                        if suspended <= now {
                            user.history
                                .push((suspended, Presence::Exists(UserState::Suspended)));
                        }
                    }
                }
            }
            user
        })
        .collect()
}

/// Day by day: hires (staged, usually activated within days), leavers, suspensions, reinstatements.
fn simulate_churn(
    rng: &mut ChaCha8Rng,
    world: &mut World,
    config: &SandboxConfig,
    users: &mut Vec<SimUser>,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    let mut day = start;
    while day < now {
        for _ in 0..poisson(rng, config.churn_per_org_per_day) {
            let at = day + Duration::milliseconds(rng.random_range(0..86_400_000));
            if at > now {
                continue;
            }
            let roll = rng.random::<f64>();
            if roll < 0.45 {
                let serial = users.len();
                let mut user = new_user(rng, world, at, serial);
                if rng.random_bool(0.85) {
                    let activated = at + Duration::minutes(rng.random_range(10..3 * 24 * 60));
                    if activated <= now {
                        user.history
                            .push((activated, Presence::Exists(UserState::Activated)));
                    }
                }
                users.push(user);
                continue;
            }
            let (wanted, next): (&[UserState], Presence) = if roll < 0.70 {
                (
                    &[
                        UserState::Staged,
                        UserState::Activated,
                        UserState::Suspended,
                    ],
                    Presence::Deleted,
                )
            } else if roll < 0.90 {
                (
                    &[UserState::Activated],
                    Presence::Exists(UserState::Suspended),
                )
            } else {
                (
                    &[UserState::Suspended],
                    Presence::Exists(UserState::Activated),
                )
            };
            let candidates: Vec<usize> = users
                .iter()
                .enumerate()
                .filter(|(_, u)| {
                    u.last_change() <= at && u.state_at(at).is_some_and(|s| wanted.contains(&s))
                })
                .map(|(i, _)| i)
                .collect();
            if let Some(&i) = candidates.choose(rng) {
                users[i].history.push((at, next));
            }
        }
        day += Duration::days(1);
    }
}

/// Writes one lifecycle event per history step of every user, skipping the first
/// `emitted[i]` steps of user `i` (already written by an earlier run).
fn emit_lifecycle(world: &mut World, org_id: &str, users: &[SimUser], emitted: &[usize]) {
    for (index, user) in users.iter().enumerate() {
        let skip = emitted.get(index).copied().unwrap_or(0);
        let mut before = None;
        for (step, &(at, presence)) in user.history.iter().enumerate() {
            if step >= skip {
                let id = world.next_id(at);
                if let Some(body) =
                    event_body::lifecycle(world, org_id, user, before, presence, at, id)
                {
                    world.push_event_unsorted(Some(org_id.to_owned()), body);
                }
            }
            before = match presence {
                Presence::Exists(state) => Some(state),
                Presence::Deleted => None,
            };
        }
    }
}

/// Moves the simulation to `until`. Past the generated timeline, the same seeded process carries
/// on (more churn, alerts and noise for every org, with their events); the clock then moves.
/// Moving backwards, or within what is already generated, only moves the clock.
pub fn advance(world: &mut World, config: &SandboxConfig, until: DateTime<Utc>) {
    let from = world.generated_until;
    if until > from {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ from.timestamp_millis() as u64);
        for index in 0..world.orgs.len() {
            let mut users = std::mem::take(&mut world.orgs[index].users);
            let emitted: Vec<usize> = users.iter().map(|u| u.history.len()).collect();
            simulate_churn(&mut rng, world, config, &mut users, from, until);
            let org_id = world.orgs[index].id.clone();
            let systems = world.orgs[index].systems.clone();
            emit_lifecycle(world, &org_id, &users, &emitted);
            emit_alerts_and_noise(
                &mut rng, world, config, &org_id, &users, &systems, from, until,
            );
            world.orgs[index].users = users;
        }
        world.sort_events();
        world.generated_until = until;
    }
    world.clock = until;
}

/// Alerts about users who are active at the alert's time, plus events the app must filter out.
#[allow(clippy::too_many_arguments)]
fn emit_alerts_and_noise(
    rng: &mut ChaCha8Rng,
    world: &mut World,
    config: &SandboxConfig,
    org_id: &str,
    users: &[SimUser],
    systems: &[SimSystem],
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) {
    let mut day = start;
    while day < now {
        let alerts = poisson(rng, config.alerts_per_org_per_day);
        let noise = poisson(rng, config.noise_per_org_per_day);
        for n in 0..alerts + noise {
            let at = day + Duration::milliseconds(rng.random_range(0..86_400_000));
            if at > now {
                continue;
            }
            let active: Vec<&SimUser> = users
                .iter()
                .filter(|u| u.state_at(at) == Some(UserState::Activated))
                .collect();
            let (Some(user), Some(system)) = (active.choose(rng), systems.choose(rng)) else {
                continue;
            };
            let id = world.next_id(at);
            let body = if n < alerts {
                let kind = *AlertKind::ALL
                    .choose(rng)
                    .unwrap_or(&AlertKind::DirectoryLockout);
                event_body::alert(world, org_id, kind, user, system, at, id)
            } else {
                event_body::noise(world, org_id, user, at, id, rng.random_bool(0.5))
            };
            world.push_event_unsorted(Some(org_id.to_owned()), body);
        }
        day += Duration::days(1);
    }
}

/// Poisson-distributed count with the given mean (Knuth; means here are small).
fn poisson(rng: &mut ChaCha8Rng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 50.0 {
        // Normal approximation keeps large means cheap.
        let jitter = (rng.random::<f64>() - 0.5) * 2.0 * mean.sqrt();
        return (mean + jitter).round().max(0.0) as u32;
    }
    let limit = (-mean).exp();
    let mut product = rng.random::<f64>();
    let mut count = 0;
    while product > limit {
        product *= rng.random::<f64>();
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_world() {
        let a = generate(&SandboxConfig::default());
        let b = generate(&SandboxConfig::default());
        assert_eq!(a.orgs.len(), 5);
        assert_eq!(a.keys.msp, b.keys.msp);
        assert_eq!(a.events.len(), b.events.len());
        assert_eq!(
            a.events.last().map(|e| &e.id),
            b.events.last().map(|e| &e.id)
        );
        let other = generate(&SandboxConfig {
            seed: 7,
            ..SandboxConfig::default()
        });
        assert_ne!(a.keys.msp, other.keys.msp);
    }

    #[test]
    fn histories_are_time_ordered_and_events_sorted() {
        let world = generate(&SandboxConfig::default().with_orgs(20));
        for org in &world.orgs {
            for user in &org.users {
                assert!(
                    user.history.windows(2).all(|w| w[0].0 <= w[1].0),
                    "{user:?}"
                );
            }
        }
        assert!(world.events.windows(2).all(|w| w[0].key() < w[1].key()));
        assert!(world
            .events
            .iter()
            .all(|e| e.millis <= world.clock.timestamp_millis()));
    }

    /// Every history step of every user has exactly one lifecycle event.
    fn assert_events_match_histories(world: &World) {
        for org in &world.orgs {
            let steps: usize = org.users.iter().map(|u| u.history.len()).sum();
            let lifecycle = world
                .events
                .iter()
                .filter(|e| e.organization.as_deref() == Some(org.id.as_str()))
                .filter(|e| {
                    let t = e.body["event_type"].as_str().unwrap_or_default();
                    matches!(
                        t,
                        "user_create"
                            | "user_activated"
                            | "user_suspended"
                            | "user_unsuspended"
                            | "user_delete"
                    )
                })
                .count();
            assert_eq!(lifecycle, steps, "org {}", org.id);
        }
    }

    #[test]
    fn every_history_step_has_its_event() {
        assert_events_match_histories(&generate(&SandboxConfig::default().with_orgs(10)));
    }

    #[test]
    fn advancing_carries_the_simulation_on() {
        let config = SandboxConfig::default().with_orgs(6);
        let mut world = generate(&config);
        let before = world.events.len();
        let later = config.now + Duration::days(5);
        advance(&mut world, &config, later);
        assert_eq!(world.clock, later);
        assert!(world.events.len() > before);
        assert!(world
            .events
            .iter()
            .any(|e| e.millis > config.now.timestamp_millis()));
        assert!(world.events.windows(2).all(|w| w[0].key() < w[1].key()));
        for user in world.orgs.iter().flat_map(|o| &o.users) {
            assert!(user.history.windows(2).all(|w| w[0].0 <= w[1].0));
        }
        assert_events_match_histories(&world);
        // Going back and forth within the generated timeline only moves the clock.
        let total = world.events.len();
        advance(&mut world, &config, config.now);
        advance(&mut world, &config, later);
        assert_eq!(world.events.len(), total);
    }

    #[test]
    fn org_names_are_unique() {
        let world = generate(&SandboxConfig::default().with_orgs(400));
        let names: HashSet<_> = world.orgs.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names.len(), 400);
    }
}
