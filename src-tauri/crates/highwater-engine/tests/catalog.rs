//! Company types and the catalog cache against the sandbox: the type filter with multi-type and
//! deleted companies, the selection rules, lazy agreements/additions, refresh on a lookup miss.

mod support;

use highwater_engine::{Error, ErrorKind};
use support::*;

fn ids<T>(items: &[T], id: impl Fn(&T) -> i64) -> Vec<i64> {
    let mut ids: Vec<i64> = items.iter().map(id).collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn type_filter_offers_selected_live_companies_once() {
    let world = World::connected().await;
    let types = world.engine.company_types(false).await.unwrap();
    assert!(types
        .iter()
        .any(|t| t.id == CUSTOMER && t.name == "Customer" && t.selected));
    assert_eq!(types.iter().filter(|t| t.selected).count(), 1);

    // Counts are ConnectWise's, of companies not deleted; Fabrikam counts for both its types.
    let count_of = |id: i64| types.iter().find(|t| t.id == id).unwrap().company_count;
    assert_eq!(
        count_of(CUSTOMER),
        Some(2),
        "Contoso, Fabrikam; not deleted Initech"
    );
    assert_eq!(count_of(PARTNER), Some(2), "Fabrikam, Umbrella");
    assert_eq!(count_of(PROSPECT), Some(1), "Globex");

    // Customer: Contoso and Fabrikam (Customer + Partner); Initech is deleted.
    let companies = world.engine.companies(false).await.unwrap();
    assert_eq!(ids(&companies.items, |c| c.id), vec![CONTOSO, FABRIKAM]);
    assert!(companies.refreshed_at.is_some());

    // Customer + Partner: Fabrikam has both types but is listed once; Umbrella joins.
    world
        .engine
        .set_company_types(&[CUSTOMER, PARTNER])
        .await
        .unwrap();
    let companies = world.engine.companies(false).await.unwrap();
    assert_eq!(
        ids(&companies.items, |c| c.id),
        vec![CONTOSO, FABRIKAM, UMBRELLA]
    );

    // Prospect only.
    let types = world.engine.set_company_types(&[PROSPECT]).await.unwrap();
    assert_eq!(
        types
            .iter()
            .filter(|t| t.selected)
            .map(|t| t.id)
            .collect::<Vec<_>>(),
        vec![PROSPECT]
    );
    let companies = world.engine.companies(false).await.unwrap();
    assert_eq!(ids(&companies.items, |c| c.id), vec![GLOBEX]);

    // Reloading the types from ConnectWise recounts; reading the cache does not.
    world
        .cw
        .control()
        .put_company(company(505, "Hooli", &[CUSTOMER], false));
    let cached = world.engine.company_types(false).await.unwrap();
    assert_eq!(
        cached
            .iter()
            .find(|t| t.id == CUSTOMER)
            .unwrap()
            .company_count,
        Some(2)
    );
    let reloaded = world.engine.company_types(true).await.unwrap();
    assert_eq!(
        reloaded
            .iter()
            .find(|t| t.id == CUSTOMER)
            .unwrap()
            .company_count,
        Some(3)
    );
}

#[tokio::test]
async fn selection_needs_one_known_type_and_a_refusal_changes_nothing() {
    let world = World::connected().await;
    let err = world.engine.set_company_types(&[]).await.unwrap_err();
    assert!(
        matches!(&err, Error::Validation { field, .. } if field == "company_types"),
        "{err:?}"
    );
    world.cw.control().clear_requests();
    let err = world
        .engine
        .set_company_types(&[CUSTOMER, 77])
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid company types: ConnectWise has no company type with ID 77."
    );
    // The list was re-read once before refusing.
    assert!(world
        .cw
        .control()
        .requests()
        .iter()
        .any(|r| r.path.ends_with("company/companies/types")));
    let selected: Vec<i64> = world
        .engine
        .company_types(false)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.selected)
        .map(|t| t.id)
        .collect();
    assert_eq!(selected, vec![CUSTOMER]);
}

#[tokio::test]
async fn agreements_and_additions_are_cached_lazily_and_filtered() {
    let world = World::connected().await;
    world.cw.control().clear_requests();
    let agreements = world.engine.agreements(CONTOSO, false).await.unwrap();
    assert_eq!(
        ids(&agreements.items, |a| a.id),
        vec![CONTOSO_MSA],
        "cancelled and ended left out"
    );
    let additions = world.engine.additions(CONTOSO_MSA, false).await.unwrap();
    assert_eq!(
        ids(&additions.items, |a| a.id),
        vec![CONTOSO_JC, CONTOSO_BACKUP]
    );
    let jc = additions.items.iter().find(|a| a.id == CONTOSO_JC).unwrap();
    assert_eq!(jc.product, "JC-PLATFORM");
    assert_eq!(jc.quantity, 12.0);
    assert_eq!(jc.unit_cost, Some(11.0));
    let fetched = world.cw.control().requests().len();

    // Read again: served from the cache, no request.
    world.engine.agreements(CONTOSO, false).await.unwrap();
    world.engine.additions(CONTOSO_MSA, false).await.unwrap();
    assert_eq!(world.cw.control().requests().len(), fetched);

    // A refresh sees a new addition.
    world
        .cw
        .control()
        .put_addition(addition(905, CONTOSO_MSA, "EDR-STD", false));
    let additions = world.engine.additions(CONTOSO_MSA, true).await.unwrap();
    assert!(additions.items.iter().any(|a| a.id == 905));
}

#[tokio::test]
async fn lists_refuse_what_cannot_be_mapped() {
    let world = World::connected().await;
    let field = |err: Error| match err {
        Error::Validation { field, message } => (field, message),
        other => panic!("expected a validation error, got {other:?}"),
    };
    let (f, m) = field(world.engine.agreements(GLOBEX, false).await.unwrap_err());
    assert_eq!(
        (f.as_str(), m.as_str()),
        (
            "company",
            "Company 502 (\"Globex Corporation\") has none of the selected company types."
        )
    );
    let (f, m) = field(world.engine.agreements(INITECH, false).await.unwrap_err());
    assert_eq!(
        (f.as_str(), m.as_str()),
        (
            "company",
            "Company 503 (\"Initech LLC\") is deleted in ConnectWise."
        )
    );
    let (f, _) = field(world.engine.agreements(999_999, false).await.unwrap_err());
    assert_eq!(f, "company");
    let (f, m) = field(
        world
            .engine
            .additions(CONTOSO_OLD, false)
            .await
            .unwrap_err(),
    );
    assert_eq!(f, "agreement");
    assert!(m.contains("not active"), "{m}");
    let (f, _) = field(world.engine.additions(123_456, false).await.unwrap_err());
    assert_eq!(f, "agreement");
}

#[tokio::test]
async fn a_company_missing_from_the_cache_is_looked_up() {
    let world = World::connected().await;
    world.engine.companies(false).await.unwrap();
    world
        .cw
        .control()
        .put_company(company(510, "Hooli Inc", &[CUSTOMER], false));
    world
        .cw
        .control()
        .put_agreement(agreement(810, 510, "Hooli MSA", "active"));
    let agreements = world.engine.agreements(510, false).await.unwrap();
    assert_eq!(ids(&agreements.items, |a| a.id), vec![810]);
}

#[tokio::test]
async fn catalog_needs_connectwise() {
    let world = World::new().await;
    for err in [
        world.engine.companies(false).await.unwrap_err(),
        world.engine.company_types(false).await.unwrap_err(),
        world.engine.agreements(CONTOSO, false).await.unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::NotConnected);
        assert_eq!(err.to_string(), "ConnectWise is not connected.");
    }
}

#[tokio::test]
async fn refresh_catalog_reports_counts_and_time() {
    let world = World::connected().await;
    let refreshed = world.engine.refresh_catalog().await.unwrap();
    assert_eq!(refreshed.companies, 5);
    assert!(refreshed.company_types >= 4);
    let status = world.engine.status().unwrap();
    assert!(status.catalog_refreshed_at.is_some());
}
