//! Per-org user counts from `totalCount`, all users vs excluding staged, following the sandbox's
//! changes (hire, suspension, removal).

mod support;

use highwater_jumpcloud::BillableUsers;
use highwater_sandbox::jumpcloud::{SandboxConfig, UserState};
use support::{msp_client, requests_to, sandbox};

#[tokio::test]
async fn counts_match_the_simulator_for_every_org() {
    let sb = sandbox(SandboxConfig::default().with_orgs(12)).await;
    let client = msp_client(&sb);
    let clock = sb.control().clock();
    let ids: Vec<String> = sb
        .control()
        .organizations()
        .into_iter()
        .map(|o| o.id)
        .collect();
    let all = client.user_counts(&ids, BillableUsers::All).await;
    let unstaged = client.user_counts(&ids, BillableUsers::ExcludeStaged).await;
    let mut differs = false;
    for ((id, all), (_, unstaged)) in all.into_iter().zip(unstaged) {
        let (want_all, want_unstaged) = sb.control().user_counts_at(&id, clock).unwrap();
        assert_eq!(all.unwrap(), want_all, "org {id}");
        assert_eq!(unstaged.unwrap(), want_unstaged, "org {id}");
        differs |= want_all != want_unstaged;
    }
    assert!(
        differs,
        "the generated data should hold staged users somewhere"
    );

    let log = requests_to(&sb, "/api/systemusers");
    assert_eq!(log.len(), 24, "one request per org per mode");
    assert!(log.iter().all(
        |r| r.org_ids.len() == 1 && r.query.as_deref().unwrap_or_default().contains("limit=1")
    ));
    assert_eq!(
        log.iter()
            .filter(|r| r.query.as_deref().unwrap_or_default().contains("STAGED"))
            .count(),
        12
    );
}

#[tokio::test]
async fn staged_users_count_only_in_all_and_suspended_users_count_in_both() {
    let sb = sandbox(SandboxConfig::default()).await;
    let client = msp_client(&sb);
    let control = sb.control();
    let org = control.organizations()[0].id.clone();
    let now = control.clock();
    let count = |mode| {
        let client = client.clone();
        let org = org.clone();
        async move { client.user_count(&org, mode).await.unwrap() }
    };
    let (all0, unstaged0) = (
        count(BillableUsers::All).await,
        count(BillableUsers::ExcludeStaged).await,
    );

    control
        .add_user(&org, "new.hire", UserState::Staged, now)
        .unwrap();
    assert_eq!(count(BillableUsers::All).await, all0 + 1);
    assert_eq!(count(BillableUsers::ExcludeStaged).await, unstaged0);

    let active = control
        .users_at(&org, now)
        .into_iter()
        .find(|(_, s)| *s == UserState::Activated)
        .map(|(id, _)| id)
        .expect("an activated user");
    control.suspend_user(&org, &active, now).unwrap();
    assert_eq!(
        count(BillableUsers::All).await,
        all0 + 1,
        "suspended users are billable"
    );
    assert_eq!(count(BillableUsers::ExcludeStaged).await, unstaged0);

    control.remove_user(&org, &active, now).unwrap();
    assert_eq!(count(BillableUsers::All).await, all0);
    assert_eq!(count(BillableUsers::ExcludeStaged).await, unstaged0 - 1);
}
