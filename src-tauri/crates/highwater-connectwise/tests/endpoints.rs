//! Every endpoint of the client against the sandbox over real loopback HTTP.

mod fixture;

use chrono::{TimeZone, Utc};
use highwater_connectwise::{
    AdditionUpdate, CompanyFilter, ConnectWiseClient, NewNote, NewTicket, NoteKind,
};
use highwater_sandbox::connectwise::{SandboxConfig, TYPE_CUSTOMER, TYPE_PARTNER, TYPE_VENDOR};
use serde_json::json;

use fixture::{config, connected, sandbox};

#[tokio::test]
async fn discovers_self_hosted_and_cloud_codebases() {
    let sb = sandbox(SandboxConfig::default()).await;
    let found = highwater_connectwise::discover(&config(&sb)).await.unwrap();
    assert_eq!(found.company_info.codebase, "v4_6_release/");
    assert_eq!(
        found.api_base.as_str(),
        format!("{}/v4_6_release/apis/3.0/", sb.base_url())
    );

    let cloud = sandbox(SandboxConfig {
        cloud: true,
        ..SandboxConfig::default()
    })
    .await;
    let mut typed = config(&cloud);
    typed.site = format!("  http://{}/v4_6_release/apis/3.0 ", cloud.site());
    let found = highwater_connectwise::discover(&typed).await.unwrap();
    assert!(found.company_info.is_cloud);
    assert_eq!(
        found.api_base.as_str(),
        format!("{}/v2024_1/apis/3.0/", cloud.base_url())
    );
    assert_eq!(found.site.changes.len(), 3, "{:?}", found.site.changes);
    let client = ConnectWiseClient::connect(&typed).await.unwrap();
    assert!(client.system_info().await.unwrap().is_cloud);
}

#[tokio::test]
async fn system_info_and_company_types() {
    let (_sb, client) = connected().await;
    let info = client.system_info().await.unwrap();
    assert!(info.version.starts_with('v'));
    let types = client.company_types().await.unwrap();
    let names: Vec<&str> = types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["Competitor", "Customer", "Partner", "Prospect", "Vendor"]
    );
    assert!(types.iter().any(|t| t.default_flag && t.name == "Customer"));
}

#[tokio::test]
async fn companies_filtered_by_type_and_deleted_flag() {
    let (sb, client) = connected().await;
    let all = sb.control().companies();
    let expect = |types: &[i64], include_deleted: bool| -> Vec<i64> {
        all.iter()
            .filter(|c| include_deleted || c["deletedFlag"] == false)
            .filter(|c| {
                types.is_empty()
                    || c["types"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|t| types.contains(&t["id"].as_i64().unwrap()))
            })
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    for (types, deleted) in [
        (vec![TYPE_CUSTOMER], false),
        (vec![TYPE_VENDOR, TYPE_PARTNER], false),
        (vec![], false),
        (vec![], true),
    ] {
        let filter = CompanyFilter {
            type_ids: types.clone(),
            include_deleted: deleted,
        };
        let got: Vec<i64> = client
            .companies(&filter)
            .await
            .unwrap()
            .iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(got, expect(&types, deleted), "{types:?} {deleted}");
        assert_eq!(
            client.count_companies(&filter).await.unwrap(),
            got.len() as u64
        );
    }
    let one = client.company(250).await.unwrap();
    assert_eq!(one.name, "Acme Inc");
    assert!(one.types.iter().any(|t| t.name.is_some()));
}

#[tokio::test]
async fn names_with_quotes_and_brackets_are_escaped() {
    let (_sb, client) = connected().await;
    let exact = client
        .companies_named("O'Brien \"IT\" Services")
        .await
        .unwrap();
    assert_eq!(exact.len(), 1);
    assert_eq!(exact[0].name, "O'Brien \"IT\" Services");
    // Case-insensitive equality, as on SQL Server: "acme inc" finds "Acme Inc" but not "ACME, Inc.".
    let acme: Vec<String> = client
        .companies_named("acme inc")
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(acme, ["Acme Inc"]);
    // Brackets and % match literally in contains.
    let outlet = client.search_companies("50% Off [Outlet]").await.unwrap();
    assert_eq!(outlet.len(), 1);
    assert!(client
        .search_companies("[O]utlet")
        .await
        .unwrap()
        .is_empty());
    // An injection attempt is just an odd name that matches nothing.
    let injected = client
        .companies_named("x\" or id>0 or name=\"y")
        .await
        .unwrap();
    assert!(injected.is_empty());
}

#[tokio::test]
async fn agreements_and_additions_skip_cancelled_and_ended() {
    let (sb, client) = connected().await;
    let control = sb.control();
    let now = Utc::now();
    for company in control
        .companies()
        .iter()
        .filter(|c| c["deletedFlag"] == false)
    {
        let id = company["id"].as_i64().unwrap();
        let expected: Vec<i64> = control
            .agreements()
            .iter()
            .filter(|a| a["company"]["id"] == id && a["cancelledFlag"] == false)
            .filter(|a| {
                a["noEndingDateFlag"] == true
                    || a["endDate"]
                        .as_str()
                        .is_none_or(|d| d.parse::<chrono::DateTime<Utc>>().unwrap() > now)
            })
            .map(|a| a["id"].as_i64().unwrap())
            .collect();
        let got: Vec<i64> = client
            .active_agreements(id)
            .await
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(got, expected, "company {id}");
    }
    let agreement = control
        .agreements()
        .into_iter()
        .find(|a| {
            let id = a["id"].as_i64().unwrap();
            control
                .additions(Some(id))
                .iter()
                .any(|x| x.get("cancelledDate").is_some())
        })
        .expect("seed has an agreement with a cancelled addition");
    let agreement_id = agreement["id"].as_i64().unwrap();
    assert_eq!(
        client.agreement(agreement_id).await.unwrap().id,
        agreement_id
    );
    let live: Vec<i64> = control
        .additions(Some(agreement_id))
        .iter()
        .filter(|x| x.get("cancelledDate").is_none())
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    let got = client.additions(agreement_id).await.unwrap();
    assert_eq!(got.iter().map(|a| a.id).collect::<Vec<_>>(), live);
    assert!(got
        .iter()
        .all(|a| a.bill_customer == "Billable" && a.product.is_some()));
}

#[tokio::test]
async fn addition_get_and_patch() {
    let (sb, client) = connected().await;
    let row = sb
        .control()
        .additions(None)
        .into_iter()
        .find(|a| a.get("cancelledDate").is_none())
        .unwrap();
    let (agreement_id, id) = (
        row["agreementId"].as_i64().unwrap(),
        row["id"].as_i64().unwrap(),
    );
    let before = client.addition(agreement_id, id).await.unwrap();
    assert_eq!(before.quantity, row["quantity"].as_f64());
    let after = client
        .update_addition(
            agreement_id,
            id,
            &AdditionUpdate {
                quantity: Some(27.0),
                unit_cost: Some(18.9),
                unit_price: Some(22.5),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (after.quantity, after.unit_cost, after.unit_price),
        (Some(27.0), Some(18.9), Some(22.5))
    );
    let stored = sb.control().addition(id).unwrap();
    assert_eq!(stored["quantity"], json!(27.0));
    assert_eq!(stored["extCost"], json!(510.3));
    let sent = sb
        .control()
        .requests()
        .last()
        .unwrap()
        .body
        .clone()
        .unwrap();
    let ops: serde_json::Value = serde_json::from_str(&sent).unwrap();
    assert_eq!(
        ops[0],
        json!({"op": "replace", "path": "quantity", "value": 27.0})
    );
}

#[tokio::test]
async fn service_lookups() {
    let (_sb, client) = connected().await;
    let boards = client.boards().await.unwrap();
    assert_eq!(
        boards.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
        ["Alerts", "Help Desk", "Projects"]
    );
    let statuses = client.board_statuses(boards[1].id).await.unwrap();
    assert_eq!(statuses.len(), 4, "the inactive status is left out");
    assert!(statuses.iter().any(|s| s.default_flag && s.name == "New"));
    assert!(statuses.iter().any(|s| s.closed_status));
    let priorities = client.priorities().await.unwrap();
    assert_eq!(priorities.len(), 5);
    assert!(priorities.iter().all(|p| p.color.is_some()));
    let sources = client.sources().await.unwrap();
    assert!(sources.iter().any(|s| s.name == "Email" && s.default_flag));
}

#[tokio::test]
async fn tickets_create_find_and_note() {
    let (sb, client) = connected().await;
    let board = client
        .boards()
        .await
        .unwrap()
        .into_iter()
        .find(|b| b.name == "Help Desk")
        .unwrap();
    let status = client
        .board_statuses(board.id)
        .await
        .unwrap()
        .into_iter()
        .find(|s| s.name == "In Progress")
        .unwrap();
    let new = NewTicket {
        summary: "Licence count mismatch: ACME M365-BP (25 -> 27)".into(),
        company_id: 250,
        board_id: board.id,
        status_id: Some(status.id),
        priority_id: Some(4),
        source_id: Some(3),
        required_date: Some(Utc.with_ymd_and_hms(2030, 1, 2, 0, 0, 0).unwrap()),
        initial_description: Some("Detected by the billing sync.".into()),
        external_xref: Some("highwater:alert:O'Brien \"x\"".into()),
    };
    assert!(client
        .find_tickets_by_external_xref("highwater:alert:O'Brien \"x\"")
        .await
        .unwrap()
        .is_empty());
    let t = client.create_ticket(&new).await.unwrap();
    assert_eq!(t.summary, new.summary);
    assert_eq!(t.company.as_ref().unwrap().id, 250);
    assert_eq!(t.status.as_ref().unwrap().id, status.id);
    assert_eq!(t.required_date, new.required_date);
    let found = client
        .find_tickets_by_external_xref("highwater:alert:O'Brien \"x\"")
        .await
        .unwrap();
    assert_eq!(found.iter().map(|x| x.id).collect::<Vec<_>>(), [t.id]);
    assert_eq!(
        client.ticket(t.id).await.unwrap().external_xref,
        new.external_xref
    );

    let note = client
        .add_ticket_note(
            t.id,
            &NewNote {
                text: "Quantity updated to 27.".into(),
                kind: NoteKind::Internal,
            },
        )
        .await
        .unwrap();
    assert!(note.internal_analysis_flag && !note.detail_description_flag);
    let notes = sb.control().ticket_notes(t.id);
    assert_eq!(notes.len(), 2, "initialDescription became the first note");
    assert_eq!(notes[0]["text"], "Detected by the billing sync.");
    assert!(sb.control().tickets()[0]
        .get("initialDescription")
        .is_none());
}
