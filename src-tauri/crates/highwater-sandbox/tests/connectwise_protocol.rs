//! The sandbox's ConnectWise protocol over real loopback HTTP, checked with a plain HTTP client:
//! auth gate, URL tolerance, status codes, paging and Link format, conditions, PATCH, validation
//! envelopes, and the HTTP control API (shared/docs/connectwise-api.md §13).

use base64::Engine as _;
use highwater_sandbox::connectwise::{start, ConnectWiseSandbox, SandboxConfig};
use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::{json, Value};

async fn sandbox() -> ConnectWiseSandbox {
    start("127.0.0.1:0".parse().unwrap(), SandboxConfig::default())
        .await
        .unwrap()
}

fn auth(sb: &ConnectWiseSandbox) -> String {
    let raw = format!(
        "{}+{}:{}",
        sb.company_id(),
        sb.public_key(),
        sb.private_key()
    );
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(raw)
    )
}

/// An authenticated request to `path` below the API base.
fn api(sb: &ConnectWiseSandbox, method: Method, path: &str) -> RequestBuilder {
    Client::new()
        .request(method, format!("{}/{path}", sb.api_base_url()))
        .header("Authorization", auth(sb))
        .header("ClientID", sb.client_id())
}

async fn json_of(r: Response) -> (u16, Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn auth_gate() {
    let sb = sandbox().await;
    let url = format!("{}/system/info", sb.api_base_url());
    let no_client_id = Client::new()
        .get(&url)
        .header("Authorization", auth(&sb))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(no_client_id).await.0, 401);
    let no_auth = Client::new()
        .get(&url)
        .header("clientid", "x")
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(no_auth).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("Unauthorized")));
    let (status, body) = json_of(api(&sb, Method::GET, "system/info").send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(body["isCloud"], false);
    // companyinfo is public; unknown companies are JSON null.
    let info: Value = Client::new()
        .get(format!("{}/login/companyinfo/HIGHWATER", sb.base_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["Codebase"], "v4_6_release/");
    let unknown = Client::new()
        .get(format!("{}/login/companyinfo/nobody", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 200);
    assert_eq!(unknown.text().await.unwrap(), "null");
    // A wrong codebase is a 404, as on cloud.
    let wrong = Client::new()
        .get(format!("{}/v2019_1/apis/3.0/system/info", sb.base_url()))
        .header("Authorization", auth(&sb))
        .header("clientId", "x")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
}

#[tokio::test]
async fn url_tolerance_and_exact_link_format() {
    let sb = sandbox().await;
    let r = api(
        &sb,
        Method::GET,
        "company/companies/?PAGESIZE=7&Page=2&recordId=junk&conditions=deletedFlag%3Dfalse",
    )
    .header(
        "Accept",
        "application/vnd.connectwise.com+json; version=2022.1, application/json",
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let link = r.headers()["link"].to_str().unwrap().to_owned();
    let rows: Vec<Value> = r.json().await.unwrap();
    assert_eq!(rows.len(), 7);
    let base = format!(
        "{}/company/companies?recordId=junk&conditions=deletedFlag%3Dfalse&pageSize=7",
        sb.api_base_url()
    );
    let live = sb
        .control()
        .companies()
        .iter()
        .filter(|c| c["deletedFlag"] == false)
        .count();
    let last = live.div_ceil(7);
    assert_eq!(
        link,
        format!("<{base}&page=1>; rel=\"first\", <{base}&page=1>; rel=\"prev\", <{base}&page=3>; rel=\"next\", <{base}&page={last}>; rel=\"last\"")
    );
    // Everything fits: Link is present and empty. Past the end: 200 [].
    let r = api(&sb, Method::GET, "service/priorities")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["link"], "");
    let r = api(&sb, Method::GET, "service/priorities?page=9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 0);
    // Default page size 25, cap 1000.
    let r = api(&sb, Method::GET, "company/companies")
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Vec<Value>>().await.unwrap().len(), 25);
    // Records carry absolute hrefs.
    let one: Value = api(&sb, Method::GET, "company/companies/250")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        one["types"][0]["_info"]["type_href"],
        format!("{}/company/companies/types/1", sb.api_base_url())
    );
}

#[tokio::test]
async fn forward_only_paging() {
    let sb = sandbox().await;
    let mut seen = Vec::new();
    let mut url = format!(
        "{}/company/companies?pageSize=12&pageid=0",
        sb.api_base_url()
    );
    loop {
        let r = Client::new()
            .get(&url)
            .header("Authorization", auth(&sb))
            .header("clientId", "x")
            .header("pagination-type", "forward-only")
            .send()
            .await
            .unwrap();
        let link = r.headers()["link"].to_str().unwrap().to_owned();
        let rows: Vec<Value> = r.json().await.unwrap();
        seen.extend(rows.iter().map(|c| c["id"].as_i64().unwrap()));
        if link.is_empty() {
            break;
        }
        assert!(
            link.ends_with(&format!(
                "pageSize=12&pageId={}>; rel=\"next\"",
                seen.last().unwrap()
            )),
            "{link}"
        );
        url = link[1..link.find('>').unwrap()].to_owned();
    }
    assert_eq!(seen, (250..280).collect::<Vec<i64>>());
}

#[tokio::test]
async fn conditions_and_counts() {
    let sb = sandbox().await;
    let q = "company/companies?childconditions=types/name%3D%22Customer%22&conditions=(name%20like%20%22acme%25%22%20or%20id%3D258)%20and%20deletedFlag%3Dfalse";
    let rows: Vec<Value> = api(&sb, Method::GET, q)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    let expected: Vec<String> = sb
        .control()
        .companies()
        .iter()
        .filter(|c| {
            c["types"]
                .as_array()
                .unwrap()
                .iter()
                .any(|t| t["name"] == "Customer")
        })
        .filter(|c| {
            c["name"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .starts_with("acme")
                || c["id"] == 258
        })
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, expected);
    let counted: Value = api(
        &sb,
        Method::GET,
        &q.replacen("companies?", "companies/count?", 1),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(counted, json!({"count": expected.len()}));
    for bad in [
        "conditions=board/department/name%3D%22x%22",
        "conditions=deletedFlag%3D1",
        "orderBy=nope%20asc",
    ] {
        let (status, body) = json_of(
            api(&sb, Method::GET, &format!("company/companies?{bad}"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["message"].is_string(), "{bad}: {body}");
    }
}

#[tokio::test]
async fn writes_status_codes_and_envelopes() {
    let sb = sandbox().await;
    let (status, body) = json_of(
        api(&sb, Method::GET, "service/tickets/77")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body),
        (
            404,
            json!({"code": "NotFound", "message": "Ticket 77 not found"})
        )
    );

    let (status, body) = json_of(api(&sb, Method::POST, "service/tickets/")
        .json(&json!({"summary": "x".repeat(101), "company": "250", "externalXRef": "y".repeat(101)}))
        .send().await.unwrap()).await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "InvalidObject");
    assert_eq!(body["message"], "ticket object is invalid");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["summary", "externalXRef", "company"]);

    let (status, ticket) = json_of(api(&sb, Method::POST, "service/tickets")
        .json(&json!({"summary": "Disk full", "company": {"identifier": "ACMEINC"}, "board": {"name": "Alerts"}}))
        .send().await.unwrap()).await;
    assert_eq!(status, 201, "{ticket}");
    assert_eq!(ticket["status"]["name"], "New");
    assert_eq!(ticket["priority"]["name"], "Priority 3 - Normal Response");
    let id = ticket["id"].as_i64().unwrap();
    let r = api(&sb, Method::DELETE, &format!("service/tickets/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(r.text().await.unwrap().is_empty());
    let r = api(&sb, Method::PUT, "service/priorities")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);

    let (status, body) = json_of(
        api(&sb, Method::POST, "company/companies")
            .json(&json!({"identifier": "acmeinc", "name": "Dup", "addressLine1": "x"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (400, Some("ObjectExists"))
    );
    let (status, body) = json_of(
        api(&sb, Method::POST, "finance/agreements/70/additions")
            .json(&json!({"quantity": 1}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    let missing: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["product", "billCustomer"]);
}

#[tokio::test]
async fn json_patch_semantics() {
    let sb = sandbox().await;
    let add = sb
        .control()
        .additions(None)
        .into_iter()
        .find(|a| a.get("cancelledDate").is_none())
        .unwrap();
    let path = format!(
        "finance/agreements/{}/additions/{}",
        add["agreementId"], add["id"]
    );
    let (status, body) = json_of(api(&sb, Method::PATCH, &path)
        .json(&json!([{"op": "replace", "path": "quantity", "value": "12"}, {"op": "replace", "path": "/unitCost", "value": 1.5}]))
        .send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            body["quantity"].as_f64(),
            body["unitCost"].as_f64(),
            body["extCost"].as_f64()
        ),
        (Some(12.0), Some(1.5), Some(18.0))
    );
    assert_eq!(
        body["billCustomer"], "Billable",
        "the full record comes back"
    );
    for bad in [
        json!({"op": "replace", "path": "quantity", "value": 1}),
        json!([{"op": "replace", "path": "nope", "value": 1}]),
    ] {
        let (status, body) = json_of(
            api(&sb, Method::PATCH, &path)
                .json(&bad)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("InvalidObject")),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn control_api_over_http() {
    let sb = sandbox().await;
    let c = Client::new();
    let ctl = |p: &str| format!("{}/__control/{p}", sb.base_url());
    c.post(ctl("faults"))
        .json(&json!({"kind": "rateLimited", "retryAfterSecs": 3, "times": 1, "method": "GET"}))
        .send()
        .await
        .unwrap();
    let r = api(&sb, Method::GET, "service/sources")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["retry-after"].to_str().unwrap()
        ),
        (429, "3")
    );
    assert_eq!(
        api(&sb, Method::GET, "service/sources")
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    c.post(ctl("faults"))
        .json(&json!({"kind": "nonJson", "status": 502}))
        .send()
        .await
        .unwrap();
    let r = api(&sb, Method::GET, "service/sources")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 502);
    assert!(r.text().await.unwrap().starts_with("<html>"));

    let log: Vec<Value> = c
        .get(ctl("requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .map(|r| r["status"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [429, 200, 502]
    );
    assert_eq!(log[0]["fault"]["kind"], "rateLimited");

    let s: Value = c
        .patch(ctl("settings"))
        .json(&json!({"requireClientId": false, "cancelledAdditionPatch": "accept"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            s["requireClientId"].as_bool(),
            s["cancelledAdditionPatch"].as_str()
        ),
        (Some(false), Some("accept"))
    );
    let r = c
        .get(format!("{}/system/info", sb.api_base_url()))
        .header("Authorization", auth(&sb))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let mut ticket = json!({"id": 500, "summary": "Planted", "closedFlag": true});
    assert_eq!(
        c.post(ctl("tickets"))
            .json(&ticket)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    let (status, got) = json_of(
        api(&sb, Method::GET, "service/tickets/500")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, got["closedFlag"].as_bool()), (200, Some(true)));
    ticket.as_object_mut().unwrap().remove("id");
    assert_eq!(
        c.post(ctl("tickets"))
            .json(&ticket)
            .send()
            .await
            .unwrap()
            .status(),
        400
    );

    c.post(ctl("reset"))
        .json(&json!({"seed": 9, "companies": 12}))
        .send()
        .await
        .unwrap();
    let companies: Vec<Value> = c
        .get(ctl("companies"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(companies.len(), 12);
    let data: Value = c
        .get(ctl("data"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(data["additions"].as_object().unwrap().len() > 3);
    assert!(c
        .get(ctl("requests"))
        .send()
        .await
        .unwrap()
        .json::<Vec<Value>>()
        .await
        .unwrap()
        .is_empty());
}

/// The status of an authenticated `GET {codebase}/apis/3.0/system/info`.
async fn system_info_status(sb: &ConnectWiseSandbox, codebase: &str) -> u16 {
    Client::new()
        .get(format!("{}/{codebase}/apis/3.0/system/info", sb.base_url()))
        .header("Authorization", auth(sb))
        .header("clientId", sb.client_id())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// companyinfo's `Codebase` and `VersionCode`.
async fn reported_codebase(sb: &ConnectWiseSandbox) -> (String, String) {
    let info: Value = Client::new()
        .get(format!(
            "{}/login/companyinfo/{}",
            sb.base_url(),
            sb.company_id()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        info["Codebase"].as_str().unwrap().to_owned(),
        info["VersionCode"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn a_cloud_upgrade_moves_the_versioned_codebase() {
    let sb = start(
        "127.0.0.1:0".parse().unwrap(),
        SandboxConfig {
            cloud: true,
            ..SandboxConfig::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        reported_codebase(&sb).await,
        ("v2024_1/".to_owned(), "v2024.1".to_owned())
    );
    assert_eq!(system_info_status(&sb, "v2024_1").await, 200);
    assert_eq!(system_info_status(&sb, "v2024_2").await, 404);

    // Over HTTP: a codebase that cannot be a path segment is refused and changes nothing.
    let settings = format!("{}/__control/settings", sb.base_url());
    let refused = Client::new()
        .patch(&settings)
        .json(&json!({"cloudCodebase": "v2024/2", "linkHeader": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    assert_eq!(sb.control().settings().cloud_codebase, "v2024_1");
    assert!(sb.control().settings().link_header);

    let upgraded: Value = Client::new()
        .patch(&settings)
        .json(&json!({"cloudCodebase": "v2024_2/"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(upgraded["cloudCodebase"], "v2024_2");
    assert_eq!(
        reported_codebase(&sb).await,
        ("v2024_2/".to_owned(), "v2024.2".to_owned())
    );
    let old = Client::new()
        .get(format!("{}/v2024_1/apis/3.0/system/info", sb.base_url()))
        .header("Authorization", auth(&sb))
        .header("clientId", sb.client_id())
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(old).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NotFound")));
    assert_eq!(system_info_status(&sb, "v2024_2").await, 200);
    assert_eq!(system_info_status(&sb, "v4_6_release").await, 200);
    assert_eq!(
        sb.api_base_url(),
        format!("{}/v2024_2/apis/3.0", sb.base_url())
    );
    let (status, rows) = json_of(
        api(&sb, Method::GET, "company/companies/types")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(rows.as_array().is_some_and(|r| !r.is_empty()));

    // The in-process handle does the same, with the same rule.
    assert!(sb.control().upgrade_cloud_codebase("").is_err());
    sb.control().upgrade_cloud_codebase("v2025_1").unwrap();
    assert_eq!(system_info_status(&sb, "v2024_2").await, 404);
    assert_eq!(system_info_status(&sb, "v2025_1").await, 200);
    assert_eq!(reported_codebase(&sb).await.0, "v2025_1/");
}
