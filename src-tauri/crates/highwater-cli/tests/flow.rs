//! The built `highwater-cli` against in-process sandboxes: the whole setup and mapping flow of
//! the contract's first half, command by command, with `--json` shapes.

mod support;

use serde_json::json;
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setup_and_mapping_flow_end_to_end() {
    let setup = Setup::new().await;

    // connect connectwise: scheme and pasted path are removed and said so; keys from the
    // environment are not written (no keyring is reachable at all).
    let pasted = format!("http://{}/v4_6_release/apis/3.0/", setup.cw.site());
    let run = setup
        .run(&[
            "connect",
            "connectwise",
            "--site",
            &pasted,
            "--company-id",
            setup.cw.company_id(),
            "--client-id",
            CLIENT_ID,
        ])
        .expect(0);
    assert!(
        run.stdout.contains("Integration has been created"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Site normalised: removed \"http://\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("removed the path"), "{}", run.stdout);
    assert!(
        run.stdout.contains("come from the environment"),
        "{}",
        run.stdout
    );

    // connect jumpcloud: the provider is discovered and shown.
    let base = setup.jc.base_url();
    let run = setup
        .run(&[
            "connect",
            "jumpcloud",
            "--console-url",
            &base,
            "--insights-url",
            &base,
            "--json",
        ])
        .expect(0);
    let doc = run.json();
    assert_eq!(doc["provider_id"], json!(setup.jc.provider_id()));
    assert_eq!(doc["provider_discovered"], json!(true));

    // status --json has the contract's shape.
    let status = setup.run(&["status", "--json"]).expect(0).json();
    assert_eq!(status["connectwise"]["connected"], json!(true));
    assert_eq!(status["connectwise"]["site"], json!(setup.cw.site()));
    assert_eq!(
        status["connectwise"]["company_id"],
        json!(setup.cw.company_id())
    );
    assert_eq!(status["jumpcloud"]["connected"], json!(true));
    assert_eq!(
        status["jumpcloud"]["provider_id"],
        json!(setup.jc.provider_id())
    );
    assert_eq!(status["auto_ticketing"], json!(false));
    assert_eq!(status["last_sync"], json!(null));

    // company-types: Customer preselected; set; an unknown id changes nothing.
    let types = setup
        .run(&["company-types", "list", "--json"])
        .expect(0)
        .json();
    let customer = types
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == json!(CUSTOMER))
        .unwrap();
    assert_eq!(
        customer,
        // The contract's fields, plus the live company count (Contoso and Fabrikam; Initech is
        // deleted).
        &json!({"id": CUSTOMER, "name": "Customer", "selected": true, "company_count": 2})
    );
    setup.run(&["company-types", "set", "1", "4"]).expect(0);
    let run = setup.run(&["company-types", "set", "1", "77"]).expect(2);
    assert!(run.stderr.contains("77"), "{}", run.stderr);
    let selected: Vec<i64> = setup
        .run(&["company-types", "list", "--json"])
        .expect(0)
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["selected"] == json!(true))
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    assert_eq!(selected, vec![CUSTOMER, PARTNER]);
    setup.run(&["company-types", "set", "1"]).expect(0);

    // companies / agreements / additions.
    let companies = setup.run(&["companies", "list", "--json"]).expect(0).json();
    assert_eq!(
        companies,
        json!([
            {"id": CONTOSO, "identifier": "C500", "name": "Contoso Ltd"},
            {"id": FABRIKAM, "identifier": "C501", "name": "Fabrikam Inc"},
        ])
    );
    let agreements = setup
        .run(&[
            "agreements",
            "list",
            "--company",
            &CONTOSO.to_string(),
            "--json",
        ])
        .expect(0)
        .json();
    let ids: Vec<i64> = agreements
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![CONTOSO_MSA]);
    assert_eq!(agreements[0]["name"], json!("Contoso MSA"));
    let additions = setup
        .run(&[
            "additions",
            "list",
            "--agreement",
            &CONTOSO_MSA.to_string(),
            "--json",
        ])
        .expect(0)
        .json();
    assert_eq!(
        additions.as_array().unwrap().len(),
        1,
        "the cancelled one is left out"
    );
    assert_eq!(additions[0]["id"], json!(CONTOSO_JC));
    assert_eq!(additions[0]["product"], json!("JC-PLATFORM"));
    assert_eq!(additions[0]["quantity"], json!(12.0));
    assert_eq!(additions[0]["unit_cost"], json!(11.5));
    setup
        .run(&["agreements", "list", "--company", &GLOBEX.to_string()])
        .expect(2);

    // orgs list: every org, unmapped.
    let orgs = setup.run(&["orgs", "list", "--json"]).expect(0).json();
    let org_ids = setup.org_ids();
    assert_eq!(orgs.as_array().unwrap().len(), org_ids.len());
    assert!(orgs
        .as_array()
        .unwrap()
        .iter()
        .all(|o| o["mapping"].is_null() && o["name"].is_string()));

    // map: a mismatch exits 2 naming it and saves nothing; a valid one is saved.
    let org = org_ids[0].as_str();
    let run = setup
        .run(&[
            "map",
            org,
            "--company",
            "500",
            "--agreement",
            "802",
            "--addition",
            "902",
        ])
        .expect(2);
    assert!(
        run.stderr.contains("Invalid agreement: Agreement 802"),
        "{}",
        run.stderr
    );
    let run = setup
        .run(&[
            "map",
            org,
            "--company",
            "500",
            "--agreement",
            "800",
            "--addition",
            "901",
        ])
        .expect(2);
    assert!(run.stderr.contains("Invalid addition"), "{}", run.stderr);
    assert_eq!(setup.count("mappings"), 0);
    let run = setup
        .run(&[
            "map",
            org,
            "--company",
            "500",
            "--agreement",
            "800",
            "--addition",
            "900",
        ])
        .expect(0);
    assert!(
        run.stdout.contains("Agreements have been saved"),
        "{}",
        run.stdout
    );
    let orgs = setup.run(&["orgs", "list", "--json"]).expect(0).json();
    let mapped = orgs
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == json!(org))
        .unwrap();
    assert_eq!(
        mapped["mapping"],
        json!({"company_id": 500, "agreement_id": 800, "addition_id": 900})
    );

    // cost set: default and per org; negative refused.
    setup.run(&["cost", "set", "3.50"]).expect(0);
    setup.run(&["cost", "set", "4", "--org", org]).expect(0);
    let run = setup.run(&["cost", "set", "-1"]).expect(2);
    assert!(run.stderr.contains("negative"), "{}", run.stderr);
    assert_eq!(setup.count("cost_per_seat"), 2);

    // unmap.
    let run = setup.run(&["unmap", org]).expect(0);
    assert!(run.stdout.contains("no longer syncs"), "{}", run.stdout);
    assert_eq!(setup.count("mappings"), 0);

    // disable: refused without --yes, then everything ConnectWise goes.
    setup
        .run(&[
            "map",
            org,
            "--company",
            "500",
            "--agreement",
            "800",
            "--addition",
            "900",
        ])
        .expect(0);
    let run = setup.run(&["disable"]).expect(2);
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(setup.count("connectwise_connection"), 1);
    setup.run(&["disable", "--yes"]).expect(0);
    for table in [
        "connectwise_connection",
        "mappings",
        "company_type_selection",
        "catalog_companies",
    ] {
        assert_eq!(setup.count(table), 0, "{table}");
    }
    assert_eq!(setup.count("jumpcloud_connection"), 1);
    assert_eq!(setup.count("cost_per_seat"), 2);
    let run = setup.run(&["companies", "list"]).expect(2);
    assert_eq!(
        run.stderr.trim_end(),
        "highwater-cli: ConnectWise is not connected."
    );
    let status = setup.run(&["status", "--json"]).expect(0).json();
    assert_eq!(
        status["connectwise"],
        json!({"connected": false, "site": null, "company_id": null, "codebase": null,
               "client_id": null, "keys": []})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn suggestions_accept_exits_1_when_some_could_not_be_applied() {
    let setup = Setup::new().await;
    let orgs = setup.jc.control().organizations();
    // Two equally good spellings of the first org's name: ambiguous, never applied.
    let control = setup.cw.control();
    control.put_company(
        serde_json::json!({"id": 530, "identifier": "T1", "name": orgs[0].name,
        "types": [{"id": 1, "name": "Customer"}], "deletedFlag": false}),
    );
    control.put_company(serde_json::json!({"id": 531, "identifier": "T2", "name": format!("{},", orgs[0].name.to_uppercase()),
        "types": [{"id": 1, "name": "Customer"}], "deletedFlag": false}));
    // A clear match for the second org, with one JumpCloud addition.
    control.put_company(
        serde_json::json!({"id": 532, "identifier": "T3", "name": format!("{}.", orgs[1].name),
        "types": [{"id": 1, "name": "Customer"}], "deletedFlag": false}),
    );
    control.put_agreement(
        serde_json::json!({"id": 832, "name": "Managed", "company": {"id": 532, "identifier": "T3"},
        "noEndingDateFlag": true, "cancelledFlag": false}),
    );
    control.put_addition(addition(932, 832, "JumpCloud-Seat", false));
    setup.connect_both();
    setup.run(&["companies", "list", "--refresh"]).expect(0);

    let rows = setup
        .run(&["suggestions", "list", "--json"])
        .expect(0)
        .json();
    let row = |id: &str| {
        rows["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["org_id"] == json!(id))
            .unwrap()
            .clone()
    };
    assert_eq!(row(&orgs[0].id)["suggestion"]["ambiguous"], json!(true));
    assert_eq!(row(&orgs[1].id)["suggestion"]["company_id"], json!(532));

    let run = setup
        .run(&["suggestions", "accept", &orgs[0].id, &orgs[1].id, "--json"])
        .expect(1);
    let outcomes = run.json();
    assert_eq!(outcomes[0]["status"], json!("skipped"));
    assert_eq!(outcomes[1]["status"], json!("applied"));
    assert_eq!(outcomes[1]["mapping"]["addition_id"], json!(932));
    // Nothing clear is left: accepting all applies nothing and fails nothing.
    let run = setup
        .run(&["suggestions", "accept", "--all", "--json"])
        .expect(0);
    assert_eq!(run.json(), json!([]));
}
