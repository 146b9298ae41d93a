//! Mapping against the sandbox: live validation of every mismatch, broken-mapping detection,
//! suggestions on near-duplicate names, accepting them, unmapping, cost per seat, user counts.

mod support;

use highwater_engine::views::{AcceptStatus, RowState};
use highwater_engine::{Error, MappingTarget};
use support::*;

fn target(company_id: i64, agreement_id: i64, addition_id: i64) -> MappingTarget {
    MappingTarget {
        company_id,
        agreement_id,
        addition_id,
    }
}

#[tokio::test]
async fn a_valid_mapping_is_saved_and_listed() {
    let world = World::connected().await;
    let org = world.orgs()[0].clone();
    let saved = world
        .engine
        .set_mapping(&org.id, target(CONTOSO, CONTOSO_MSA, CONTOSO_JC))
        .await
        .unwrap();
    assert_eq!(saved.message, "Agreements have been saved");
    assert_eq!(saved.mapping.company_name, "Contoso Ltd");
    assert_eq!(saved.mapping.agreement_name, "Contoso MSA");
    assert_eq!(saved.mapping.addition_name, "JC-PLATFORM");

    let orgs = world.engine.organizations().unwrap();
    let listed = orgs.iter().find(|o| o.id == org.id).unwrap();
    let ids = listed.mapping.unwrap();
    assert_eq!(
        (ids.company_id, ids.agreement_id, ids.addition_id),
        (CONTOSO, CONTOSO_MSA, CONTOSO_JC)
    );
    let rows = world.engine.mapping_rows().unwrap();
    let row = rows.rows.iter().find(|r| r.org_id == org.id).unwrap();
    assert_eq!(row.state, RowState::Mapped);
    assert_eq!(row.reason, None);
    assert_eq!(rows.rows.len(), world.orgs().len());
}

#[tokio::test]
async fn every_mismatch_is_a_validation_error_naming_the_field() {
    let world = World::connected().await;
    let org = world.orgs()[0].id.clone();
    let cases = [
        (
            "prospect-only company",
            "org-ok",
            target(GLOBEX, GLOBEX_MSA, CONTOSO_JC),
            "company",
            "none of the selected company types",
        ),
        (
            "deleted company",
            "org-ok",
            target(INITECH, CONTOSO_MSA, CONTOSO_JC),
            "company",
            "is deleted",
        ),
        (
            "unknown company",
            "org-ok",
            target(999_999, CONTOSO_MSA, CONTOSO_JC),
            "company",
            "no company with ID 999999",
        ),
        (
            "agreement of another company",
            "org-ok",
            target(CONTOSO, FABRIKAM_MSA, FABRIKAM_JC),
            "agreement",
            "belongs to company 501",
        ),
        (
            "cancelled agreement",
            "org-ok",
            target(CONTOSO, CONTOSO_OLD, CONTOSO_OLD_JC),
            "agreement",
            "not active (Cancelled)",
        ),
        (
            "ended agreement",
            "org-ok",
            target(CONTOSO, CONTOSO_ENDED, CONTOSO_JC),
            "agreement",
            "not active (Expired)",
        ),
        (
            "unknown agreement",
            "org-ok",
            target(CONTOSO, 888_888, CONTOSO_JC),
            "agreement",
            "no agreement with ID 888888",
        ),
        (
            "addition of another agreement",
            "org-ok",
            target(CONTOSO, CONTOSO_MSA, FABRIKAM_JC),
            "addition",
            "has no addition with ID 902",
        ),
        (
            "cancelled addition",
            "org-ok",
            target(CONTOSO, CONTOSO_MSA, CONTOSO_M365_CANCELLED),
            "addition",
            "was cancelled on 2026-08-31",
        ),
        (
            "unknown addition",
            "org-ok",
            target(CONTOSO, CONTOSO_MSA, 777_777),
            "addition",
            "has no addition with ID 777777",
        ),
        (
            "unknown org",
            "org-unknown",
            target(CONTOSO, CONTOSO_MSA, CONTOSO_JC),
            "org",
            "no organization with ID",
        ),
    ];
    for (case, which_org, target, expected_field, expected_text) in cases {
        let org_id = if which_org == "org-ok" {
            org.clone()
        } else {
            "5f0c1b2a3d4e5f6a7b8c9d0e".to_owned()
        };
        let err = world.engine.set_mapping(&org_id, target).await.unwrap_err();
        let Error::Validation { field, message } = &err else {
            panic!("{case}: expected a validation error, got {err:?}");
        };
        assert_eq!(field, expected_field, "{case}: {message}");
        assert!(message.contains(expected_text), "{case}: {message}");
        assert_eq!(world.count("mappings"), 0, "{case}: nothing saved");
    }
}

#[tokio::test]
async fn broken_mappings_are_detected_after_changes_in_connectwise() {
    let world = World::connected().await;
    let orgs = world.orgs();
    world
        .engine
        .set_mapping(&orgs[0].id, target(CONTOSO, CONTOSO_MSA, CONTOSO_JC))
        .await
        .unwrap();
    world
        .engine
        .set_mapping(&orgs[1].id, target(FABRIKAM, FABRIKAM_MSA, FABRIKAM_JC))
        .await
        .unwrap();
    let state = |world: &World, org: &str| {
        let rows = world.engine.mapping_rows().unwrap();
        let row = rows.rows.into_iter().find(|r| r.org_id == org).unwrap();
        (row.state, row.reason)
    };
    assert_eq!(state(&world, &orgs[0].id), (RowState::Mapped, None));

    // The sandbox cancels Contoso's JumpCloud addition; Fabrikam loses its Customer type.
    world
        .cw
        .control()
        .put_addition(addition(CONTOSO_JC, CONTOSO_MSA, "JC-PLATFORM", true));
    world
        .cw
        .control()
        .put_company(company(FABRIKAM, "Fabrikam Inc", &[PARTNER], false));
    // The cache still shows them healthy until refreshed.
    assert_eq!(state(&world, &orgs[0].id).0, RowState::Mapped);
    world.engine.refresh_catalog().await.unwrap();
    assert_eq!(
        state(&world, &orgs[0].id),
        (
            RowState::Broken,
            Some("The addition \"JC-PLATFORM\" was cancelled on 2026-08-31.".to_owned())
        )
    );
    assert_eq!(
        state(&world, &orgs[1].id),
        (
            RowState::Broken,
            Some(
                "The company \"Fabrikam Inc\" no longer has any of the selected company types."
                    .to_owned()
            )
        )
    );

    // Cancelled agreement, then a deleted addition record.
    world
        .cw
        .control()
        .put_addition(addition(CONTOSO_JC, CONTOSO_MSA, "JC-PLATFORM", false));
    world
        .cw
        .control()
        .put_agreement(agreement(CONTOSO_MSA, CONTOSO, "Contoso MSA", "cancelled"));
    world.engine.refresh_catalog().await.unwrap();
    assert_eq!(
        state(&world, &orgs[0].id),
        (
            RowState::Broken,
            Some("The agreement \"Contoso MSA\" was cancelled.".to_owned())
        )
    );
    let mut data = world.cw.control().dataset();
    data.agreements.remove(&CONTOSO_MSA);
    data.additions.remove(&CONTOSO_JC);
    world.cw.control().load(data);
    world.engine.refresh_catalog().await.unwrap();
    assert_eq!(
        state(&world, &orgs[0].id),
        (
            RowState::Broken,
            Some("The agreement \"Contoso MSA\" no longer exists in ConnectWise.".to_owned())
        )
    );
}

/// Companies planted next to the JumpCloud orgs' names: an exact match after normalising (with a
/// decoy sharing a word), a tie of two spellings, and a one-letter typo.
fn plant_lookalikes(world: &World) -> (String, String, String) {
    let orgs = world.orgs();
    let control = world.cw.control();
    let exact = &orgs[0];
    control.put_company(company(
        520,
        &format!("{}.", exact.name.to_uppercase()),
        &[CUSTOMER],
        false,
    ));
    let first_word = exact.name.split(' ').next().unwrap();
    control.put_company(company(
        524,
        &format!("{first_word} Plumbing Group"),
        &[CUSTOMER],
        false,
    ));
    control.put_agreement(agreement(820, 520, "Managed", "active"));
    control.put_addition(addition(920, 820, "JumpCloud-Seat", false));
    control.put_addition(addition(921, 820, "M365-BP", false));

    let tie = &orgs[1];
    control.put_company(company(521, &tie.name, &[CUSTOMER], false));
    control.put_company(company(
        522,
        &format!("{},", tie.name.to_lowercase()),
        &[CUSTOMER],
        false,
    ));

    let typo = &orgs[2];
    let mut name = typo.name.clone();
    let last_of_second = name.split(' ').nth(1).unwrap().to_owned();
    name = name.replacen(
        &last_of_second,
        &format!("{last_of_second}{}", last_of_second.chars().last().unwrap()),
        1,
    );
    control.put_company(company(523, &name, &[CUSTOMER], false));
    (exact.id.clone(), tie.id.clone(), typo.id.clone())
}

#[tokio::test]
async fn suggestions_rank_near_duplicate_names() {
    let world = World::connected().await;
    let (exact, tie, typo) = plant_lookalikes(&world);
    world.engine.refresh_catalog().await.unwrap();
    let rows = world.engine.mapping_rows().unwrap().rows;
    let row = |id: &str| rows.iter().find(|r| r.org_id == id).unwrap().clone();

    let exact_row = row(&exact);
    assert_eq!(exact_row.state, RowState::Suggested);
    let s = exact_row.suggestion.unwrap();
    assert_eq!(
        (s.company_id, s.reason.as_str(), s.ambiguous),
        (520, "exact after normalising", false)
    );

    let s = row(&tie).suggestion.unwrap();
    assert!(s.ambiguous, "two spellings of one name are a toss-up");
    assert!([521, 522].contains(&s.company_id));

    let s = row(&typo).suggestion.unwrap();
    assert_eq!(s.company_id, 523);
    assert!(s.reason.starts_with("similar: 0."), "{}", s.reason);
    assert!(!s.ambiguous);
}

#[tokio::test]
async fn accepting_suggestions_applies_only_clear_complete_ones() {
    let world = World::connected().await;
    let (exact, tie, typo) = plant_lookalikes(&world);
    world.engine.refresh_catalog().await.unwrap();

    // Ambiguous: never applied, even when asked for by id.
    let outcome = world.engine.accept_suggestion(&tie).await.unwrap();
    assert_eq!(outcome.status, AcceptStatus::Skipped);
    assert!(
        outcome.message.contains("choose one"),
        "{}",
        outcome.message
    );

    let outcomes = world.engine.accept_suggestions(None).await.unwrap();
    let of = |id: &str| outcomes.iter().find(|o| o.org_id == id);
    assert!(
        of(&tie).is_none(),
        "ambiguous suggestions are not in the bulk set"
    );
    let applied = of(&exact).unwrap();
    assert_eq!(applied.status, AcceptStatus::Applied, "{}", applied.message);
    let mapping = applied.mapping.as_ref().unwrap();
    assert_eq!(
        (
            mapping.company_id,
            mapping.agreement_id,
            mapping.addition_id
        ),
        (520, 820, 920)
    );
    // The typo's company has no agreement: nothing to propose.
    let typo_outcome = of(&typo).unwrap();
    assert_eq!(typo_outcome.status, AcceptStatus::Skipped);
    assert_eq!(world.count("mappings"), 1);

    // Accepting an org that is mapped already changes nothing.
    let again = world.engine.accept_suggestion(&exact).await.unwrap();
    assert_eq!(again.status, AcceptStatus::Skipped);
}

#[tokio::test]
async fn unmapping_is_journaled() {
    let world = World::connected().await;
    let org = world.orgs()[0].id.clone();
    world
        .engine
        .set_mapping(&org, target(CONTOSO, CONTOSO_MSA, CONTOSO_JC))
        .await
        .unwrap();
    let removed = world.engine.unmap(&org).unwrap();
    assert!(removed.was_mapped);
    assert_eq!(world.count("mappings"), 0);
    let (action, before): (String, String) = world
        .store()
        .conn()
        .query_row(
            "SELECT action, before_json FROM audit_journal WHERE entity = ?1 ORDER BY id DESC LIMIT 1",
            [format!("mapping:{org}")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(action, "mapping.removed");
    assert!(before.contains("\"addition_id\":900"), "{before}");
    assert!(!world.engine.unmap(&org).unwrap().was_mapped);
    let err = world.engine.unmap("no-such-org").unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "org"),
        "{err:?}"
    );
}

#[tokio::test]
async fn cost_per_seat_default_and_override() {
    let world = World::connected().await;
    let org = world.orgs()[0].id.clone();
    assert_eq!(
        world
            .engine
            .set_cost_per_seat("3.50", None)
            .await
            .unwrap()
            .cost,
        "3.5"
    );
    let saved = world
        .engine
        .set_cost_per_seat("0", Some(&org))
        .await
        .unwrap();
    assert_eq!(
        (saved.org_id.as_deref(), saved.cost.as_str()),
        (Some(org.as_str()), "0")
    );
    assert_eq!(world.count("cost_per_seat"), 2);
    for (bad, org_id) in [("-1", None), ("abc", None), ("2", Some("no-such-org"))] {
        let err = world
            .engine
            .set_cost_per_seat(bad, org_id)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Validation { .. }), "{bad}: {err:?}");
    }
    assert_eq!(world.count("cost_per_seat"), 2);
}

#[tokio::test]
async fn user_counts_are_read_and_recorded() {
    let world = World::connected().await;
    let counts = world.engine.read_user_counts().await.unwrap();
    assert_eq!(counts.len(), world.orgs().len());
    let now = world.jc.control().clock();
    for count in &counts {
        let (all, _) = world
            .jc
            .control()
            .user_counts_at(&count.org_id, now)
            .unwrap();
        assert_eq!(count.user_count, Some(all), "{}", count.org_id);
    }
    assert_eq!(world.count("user_count_samples"), counts.len() as i64);

    // The mapping rows carry the latest recorded count, read from the store without JumpCloud.
    world.jc.control().clear_requests();
    let rows = world.engine.mapping_rows().unwrap().rows;
    assert!(world.jc.control().requests().is_empty());
    assert_eq!(rows.len(), counts.len());
    for row in &rows {
        let read = counts.iter().find(|c| c.org_id == row.org_id).unwrap();
        assert_eq!(row.user_count, read.user_count, "{}", row.org_id);
        assert!(row.users_sampled_at.is_some());
    }

    // A later read replaces what the rows show (the newest sample, not the highest).
    let busy = rows.iter().find(|r| r.user_count > Some(0)).unwrap();
    let (org, before) = (busy.org_id.clone(), busy.user_count.unwrap());
    let users = world.jc.control().users_at(&org, now);
    world
        .jc
        .control()
        .remove_user(&org, &users[0].0, now)
        .unwrap();
    let later = now + chrono::Duration::seconds(1);
    world.jc.control().set_clock(later);
    let (after, _) = world.jc.control().user_counts_at(&org, later).unwrap();
    assert_eq!(after, before - 1);
    world.engine.read_user_counts().await.unwrap();
    let rows = world.engine.mapping_rows().unwrap().rows;
    let row = rows.iter().find(|r| r.org_id == org).unwrap();
    assert_eq!(row.user_count, Some(after));
}

#[tokio::test]
async fn mapping_rows_show_no_user_count_before_one_was_read() {
    let world = World::connected().await;
    let rows = world.engine.mapping_rows().unwrap().rows;
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r.user_count.is_none() && r.users_sampled_at.is_none()));
}

#[tokio::test]
async fn organizations_refresh_reads_every_page() {
    let world =
        World::with(highwater_sandbox::jumpcloud::SandboxConfig::default().with_orgs(230)).await;
    world.connect_both().await;
    let refreshed = world.engine.refresh_organizations().await.unwrap();
    assert_eq!(refreshed.listed, 230);
    assert_eq!(world.engine.organizations().unwrap().len(), 230);
}
