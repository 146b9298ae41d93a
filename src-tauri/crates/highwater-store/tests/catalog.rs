//! Catalog cache, company-type selection, organizations and mappings (with target states).

mod support;

use highwater_store::catalog::{
    self, additions::Addition, agreements::Agreement, companies::Company,
    company_types::CompanyType, CatalogPart,
};
use highwater_store::mappings::{self, Mapping};
use highwater_store::organizations::{self, ListedOrganization};
use highwater_store::{company_type_selection, Amount, Store};
use support::{at, temp_store};

fn company(id: i64, name: &str, types: &[i64], deleted: bool, t: &str) -> Company {
    Company {
        id,
        identifier: format!("C{id}"),
        name: name.into(),
        deleted,
        type_ids: types.to_vec(),
        refreshed_at: at(t),
    }
}

fn agreement(id: i64, company_id: i64, cancelled: bool, status: Option<&str>) -> Agreement {
    Agreement {
        id,
        company_id,
        name: format!("Agreement {id}"),
        type_name: Some("Managed".into()),
        cancelled,
        status: status.map(Into::into),
        refreshed_at: at("2026-02-01T00:00:00Z"),
    }
}

fn addition(id: i64, agreement_id: i64, cancelled_at: Option<&str>) -> Addition {
    Addition {
        id,
        agreement_id,
        product_identifier: "JC-SEAT".into(),
        description: Some("JumpCloud seat".into()),
        quantity: "12.5".parse().unwrap(),
        unit_price: Some("9.99".parse().unwrap()),
        unit_cost: Some(Amount::from_micros(3_500_000)),
        cancelled_at: cancelled_at.map(at),
        effective_at: Some(at("2026-01-01T05:00:00Z")),
        refreshed_at: at("2026-02-01T00:00:00Z"),
    }
}

fn seed(store: &mut Store) {
    let t = at("2026-02-01T00:00:00Z");
    store
        .write(|tx| {
            catalog::company_types::replace_all(
                tx,
                &[
                    CompanyType {
                        id: 1,
                        name: "Customer".into(),
                        company_count: Some(312),
                        refreshed_at: t,
                    },
                    CompanyType {
                        id: 2,
                        name: "Prospect".into(),
                        company_count: None,
                        refreshed_at: t,
                    },
                    CompanyType {
                        id: 3,
                        name: "Vendor".into(),
                        company_count: None,
                        refreshed_at: t,
                    },
                ],
                t,
            )?;
            catalog::companies::replace_all(
                tx,
                &[
                    company(10, "Acme", &[1, 2], false, "2026-02-01T00:00:00Z"),
                    company(11, "Beta", &[2], false, "2026-02-01T00:00:00Z"),
                    company(12, "Gone Corp", &[1], true, "2026-02-01T00:00:00Z"),
                    company(13, "Zulu", &[3, 1], false, "2026-02-01T00:00:00Z"),
                ],
                t,
            )?;
            catalog::agreements::replace_for_company(
                tx,
                10,
                &[
                    agreement(20, 10, false, Some("Active")),
                    agreement(21, 10, true, None),
                ],
            )?;
            catalog::additions::replace_for_agreement(
                tx,
                20,
                &[
                    addition(30, 20, None),
                    addition(31, 20, Some("2026-01-15T00:00:00Z")),
                ],
            )?;
            company_type_selection::set(tx, &[1, 1], t)
        })
        .unwrap();
}

#[test]
fn company_types_round_trip_with_refresh_time() {
    let (_dir, mut store) = temp_store();
    seed(&mut store);
    let types = catalog::company_types::list(store.conn()).unwrap();
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Customer", "Prospect", "Vendor"]);
    // The per-type company count survives the round trip; an uncounted type stays None.
    let counts: Vec<Option<u64>> = types.iter().map(|t| t.company_count).collect();
    assert_eq!(counts, [Some(312), None, None]);
    assert_eq!(
        catalog::company_types::get(store.conn(), 2)
            .unwrap()
            .unwrap()
            .name,
        "Prospect"
    );
    assert_eq!(
        catalog::refreshed_at(store.conn(), CatalogPart::CompanyTypes).unwrap(),
        Some(at("2026-02-01T00:00:00Z"))
    );
    assert_eq!(
        catalog::refreshed_at(store.conn(), CatalogPart::Additions).unwrap(),
        None
    );
}

#[test]
fn companies_round_trip_and_billable_view_filters_by_selected_type() {
    let (_dir, mut store) = temp_store();
    seed(&mut store);
    let acme = catalog::companies::get(store.conn(), 10).unwrap().unwrap();
    assert_eq!(
        acme,
        company(10, "Acme", &[1, 2], false, "2026-02-01T00:00:00Z")
    );
    let zulu = catalog::companies::get(store.conn(), 13).unwrap().unwrap();
    assert_eq!(zulu.type_ids, [1, 3], "type ids come back sorted");
    assert_eq!(catalog::companies::list(store.conn()).unwrap().len(), 4);

    // Selected: Customer only. Beta (Prospect) is out, Gone Corp is deleted, Acme listed once.
    let billable: Vec<i64> = catalog::companies::list_billable(store.conn())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(billable, [10, 13]);

    store
        .write(|tx| company_type_selection::set(tx, &[1, 2], at("2026-02-02T00:00:00Z")))
        .unwrap();
    assert_eq!(
        company_type_selection::selected_ids(store.conn()).unwrap(),
        [1, 2]
    );
    assert!(company_type_selection::is_selected(store.conn(), 2).unwrap());
    assert!(!company_type_selection::is_selected(store.conn(), 3).unwrap());
    let billable: Vec<i64> = catalog::companies::list_billable(store.conn())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(billable, [10, 11, 13]);
    assert!(catalog::companies::has_selected_type(store.conn(), 12).unwrap());
    store
        .write(|tx| company_type_selection::set(tx, &[3], at("2026-02-03T00:00:00Z")))
        .unwrap();
    assert!(!catalog::companies::has_selected_type(store.conn(), 10).unwrap());
}

#[test]
fn replacing_companies_drops_missing_ones_with_their_agreements() {
    let (_dir, mut store) = temp_store();
    seed(&mut store);
    let later = at("2026-03-01T00:00:00Z");
    store
        .write(|tx| {
            catalog::companies::replace_all(
                tx,
                &[company(
                    11,
                    "Beta Renamed",
                    &[1],
                    false,
                    "2026-03-01T00:00:00Z",
                )],
                later,
            )
        })
        .unwrap();
    let all = catalog::companies::list(store.conn()).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "Beta Renamed");
    assert_eq!(all[0].type_ids, [1]);
    assert!(catalog::agreements::get(store.conn(), 20)
        .unwrap()
        .is_none());
    assert!(catalog::additions::get(store.conn(), 30).unwrap().is_none());
    assert_eq!(
        catalog::refreshed_at(store.conn(), CatalogPart::Companies).unwrap(),
        Some(later)
    );
    assert_eq!(
        catalog::last_refreshed_at(store.conn()).unwrap(),
        Some(later)
    );
}

#[test]
fn agreements_and_additions_round_trip_and_replace_per_parent() {
    let (_dir, mut store) = temp_store();
    seed(&mut store);
    let list = catalog::agreements::list_for_company(store.conn(), 10).unwrap();
    assert_eq!(
        list,
        [
            agreement(20, 10, false, Some("Active")),
            agreement(21, 10, true, None)
        ]
    );
    assert!(list[0].is_active());
    assert!(!list[1].is_active());
    assert!(
        agreement(22, 10, false, None).is_active(),
        "missing status counts as active"
    );
    assert!(!agreement(22, 10, false, Some("Expired")).is_active());

    let adds = catalog::additions::list_for_agreement(store.conn(), 20).unwrap();
    assert_eq!(
        adds,
        [
            addition(30, 20, None),
            addition(31, 20, Some("2026-01-15T00:00:00Z"))
        ]
    );
    assert!(!adds[0].is_cancelled());
    assert!(adds[1].is_cancelled());
    assert_eq!(adds[0].quantity.to_string(), "12.5");

    // Refresh of one agreement's additions: 31 gone, 32 new, 30 updated.
    let mut updated = addition(30, 20, Some("2026-02-10T00:00:00Z"));
    updated.quantity = Amount::from_whole(14).unwrap();
    store
        .write(|tx| {
            catalog::additions::replace_for_agreement(
                tx,
                20,
                &[updated.clone(), addition(32, 20, None)],
            )
        })
        .unwrap();
    let ids: Vec<i64> = catalog::additions::list_for_agreement(store.conn(), 20)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(ids, [30, 32]);
    assert_eq!(
        catalog::additions::get(store.conn(), 30).unwrap().unwrap(),
        updated
    );

    // Replacing all agreements keeps the ones listed and their additions.
    store
        .write(|tx| {
            catalog::agreements::replace_all(
                tx,
                &[agreement(20, 10, false, Some("Active"))],
                at("2026-02-11T00:00:00Z"),
            )
        })
        .unwrap();
    assert!(catalog::agreements::get(store.conn(), 21)
        .unwrap()
        .is_none());
    assert_eq!(
        catalog::additions::list_for_agreement(store.conn(), 20)
            .unwrap()
            .len(),
        2
    );
}

fn orgs(store: &mut Store, listed: &[(&str, &str)], t: &str) -> organizations::OrgRefresh {
    let listed: Vec<ListedOrganization> = listed
        .iter()
        .map(|(id, name)| ListedOrganization {
            id: (*id).into(),
            name: (*name).into(),
        })
        .collect();
    store
        .write(|tx| organizations::replace_all(tx, &listed, at(t)))
        .unwrap()
}

fn mapping(org: &str, company: i64, agreement: i64, addition: i64, t: &str) -> Mapping {
    Mapping {
        org_id: org.into(),
        company_id: company,
        company_name: format!("Company {company}"),
        agreement_id: agreement,
        agreement_name: format!("Agreement {agreement}"),
        addition_id: addition,
        addition_name: "JC-SEAT".into(),
        created_at: at(t),
        updated_at: at(t),
    }
}

#[test]
fn organizations_refresh_keeps_mapped_orgs_as_missing() {
    let (_dir, mut store) = temp_store();
    let first = orgs(
        &mut store,
        &[("o1", "Acme"), ("o2", "Beta"), ("o3", "Gamma")],
        "2026-02-01T00:00:00Z",
    );
    assert_eq!(first.listed, 3);
    mappings::upsert(
        store.conn(),
        &mapping("o2", 10, 20, 30, "2026-02-01T00:00:00Z"),
    )
    .unwrap();

    let refresh = orgs(&mut store, &[("o1", "Acme Ltd")], "2026-02-02T00:00:00Z");
    assert_eq!((refresh.marked_missing, refresh.removed), (1, 1));
    let all = organizations::list(store.conn()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].name, "Acme Ltd");
    assert_eq!(all[0].missing_since, None);
    assert_eq!(all[1].id, "o2");
    assert_eq!(all[1].missing_since, Some(at("2026-02-02T00:00:00Z")));
    assert!(organizations::get(store.conn(), "o3").unwrap().is_none());

    // Still missing a day later: the first missing time is kept. Back again: cleared.
    orgs(&mut store, &[("o1", "Acme Ltd")], "2026-02-03T00:00:00Z");
    let o2 = organizations::get(store.conn(), "o2").unwrap().unwrap();
    assert_eq!(o2.missing_since, Some(at("2026-02-02T00:00:00Z")));
    orgs(
        &mut store,
        &[("o1", "Acme Ltd"), ("o2", "Beta")],
        "2026-02-04T00:00:00Z",
    );
    let o2 = organizations::get(store.conn(), "o2").unwrap().unwrap();
    assert_eq!(o2.missing_since, None);
    assert_eq!(o2.refreshed_at, at("2026-02-04T00:00:00Z"));
}

#[test]
fn mappings_round_trip_keep_created_at_and_delete() {
    let (_dir, mut store) = temp_store();
    orgs(
        &mut store,
        &[("o1", "Acme"), ("o2", "Beta")],
        "2026-02-01T00:00:00Z",
    );
    let first = mapping("o1", 10, 20, 30, "2026-02-01T00:00:00Z");
    mappings::upsert(store.conn(), &first).unwrap();
    assert_eq!(mappings::get(store.conn(), "o1").unwrap().unwrap(), first);

    let mut edited = mapping("o1", 11, 21, 31, "2026-02-05T00:00:00Z");
    edited.created_at = at("2026-02-05T00:00:00Z");
    mappings::upsert(store.conn(), &edited).unwrap();
    let stored = mappings::get(store.conn(), "o1").unwrap().unwrap();
    assert_eq!(stored.addition_id, 31);
    assert_eq!(
        stored.created_at, first.created_at,
        "created_at is the first save"
    );
    assert_eq!(stored.updated_at, at("2026-02-05T00:00:00Z"));

    mappings::upsert(
        store.conn(),
        &mapping("o2", 10, 20, 30, "2026-02-01T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(mappings::list(store.conn()).unwrap().len(), 2);
    assert!(mappings::delete(store.conn(), "o1").unwrap());
    assert!(!mappings::delete(store.conn(), "o1").unwrap());
    assert!(mappings::get(store.conn(), "o1").unwrap().is_none());
}

#[test]
fn org_rows_report_the_catalog_state_of_each_mapping() {
    let (_dir, mut store) = temp_store();
    seed(&mut store);
    orgs(
        &mut store,
        &[
            ("o1", "Acme"),
            ("o2", "Beta"),
            ("o3", "Cancelled"),
            ("o4", "Vanished"),
            ("o5", "Unmapped"),
        ],
        "2026-02-01T00:00:00Z",
    );
    let t = "2026-02-01T00:00:00Z";
    mappings::upsert(store.conn(), &mapping("o1", 10, 20, 30, t)).unwrap(); // healthy
    mappings::upsert(store.conn(), &mapping("o2", 11, 20, 30, t)).unwrap(); // Beta lacks the type
    mappings::upsert(store.conn(), &mapping("o3", 10, 20, 31, t)).unwrap(); // addition cancelled
    mappings::upsert(store.conn(), &mapping("o4", 99, 98, 97, t)).unwrap(); // nothing cached

    let rows = mappings::org_rows(store.conn()).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.org.name.as_str()).collect();
    assert_eq!(names, ["Acme", "Beta", "Cancelled", "Unmapped", "Vanished"]);

    let (m, state) = rows[0].mapping.as_ref().unwrap();
    assert_eq!(m.addition_id, 30);
    let company = state.company.as_ref().unwrap();
    assert!(!company.deleted && company.has_selected_type);
    assert_eq!(state.agreement.as_ref().unwrap().company_id, 10);
    assert_eq!(state.addition.as_ref().unwrap().cancelled_at, None);

    let (_, beta) = rows[1].mapping.as_ref().unwrap();
    assert!(!beta.company.as_ref().unwrap().has_selected_type);

    let (_, cancelled) = rows[2].mapping.as_ref().unwrap();
    assert_eq!(
        cancelled.addition.as_ref().unwrap().cancelled_at,
        Some(at("2026-01-15T00:00:00Z"))
    );

    assert!(rows[3].mapping.is_none());
    let (_, vanished) = rows[4].mapping.as_ref().unwrap();
    assert!(
        vanished.company.is_none() && vanished.agreement.is_none() && vanished.addition.is_none()
    );
}
