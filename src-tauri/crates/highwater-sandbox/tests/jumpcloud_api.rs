//! The JumpCloud sandbox's wire behaviour, checked with a plain HTTP client: auth error bodies,
//! provider routes, systemusers filters and paging, Directory Insights validation, headers and
//! scoping, and the HTTP control API.

use highwater_sandbox::jumpcloud::{self, JumpCloudSandbox, SandboxConfig};
use reqwest::{Client, RequestBuilder, Response};
use serde_json::{json, Value};

async fn sandbox() -> JumpCloudSandbox {
    jumpcloud::start(
        "127.0.0.1:0".parse().unwrap(),
        SandboxConfig::default().with_orgs(25),
    )
    .await
    .unwrap()
}

struct Api<'a> {
    sb: &'a JumpCloudSandbox,
    http: Client,
}

impl<'a> Api<'a> {
    fn new(sb: &'a JumpCloudSandbox) -> Self {
        Self {
            sb,
            http: Client::new(),
        }
    }
    fn get(&self, path: &str) -> RequestBuilder {
        self.http
            .get(format!("{}{path}", self.sb.base_url()))
            .header("x-api-key", self.sb.api_key())
    }
    fn post(&self, path: &str) -> RequestBuilder {
        self.http
            .post(format!("{}{path}", self.sb.base_url()))
            .header("x-api-key", self.sb.api_key())
    }
    fn orgs(&self) -> Vec<String> {
        self.sb
            .control()
            .organizations()
            .into_iter()
            .map(|o| o.id)
            .collect()
    }
}

async fn json_of(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn auth_errors_carry_jumpclouds_bodies() {
    let sb = sandbox().await;
    let api = Api::new(&sb);
    let no_key = api
        .http
        .get(format!("{}/api/systemusers", sb.base_url()))
        .send()
        .await
        .unwrap();
    let unknown_body =
        json!({"error": "Unauthorized", "message": "Unauthorized: api key user not found"});
    assert_eq!(json_of(no_key).await, (401, unknown_body.clone()));
    let bad_key = api
        .http
        .get(format!("{}/api/systemusers", sb.base_url()))
        .header("x-api-key", "nope")
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(bad_key).await, (401, unknown_body));

    let no_org = api.get("/api/systemusers").send().await.unwrap();
    assert_eq!(
        json_of(no_org).await,
        (
            401,
            json!({"message": "Unauthorized: no organization selected"})
        )
    );
    let di_no_org = api
        .post("/insights/directory/v1/events")
        .json(&json!({"service": ["all"], "start_time": "2026-09-01T00:00:00Z"}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(di_no_org).await.0, 401);

    let malformed = api
        .get("/api/systemusers")
        .header("x-org-id", "zzz")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status().as_u16(), 400);
    let foreign = api
        .get("/api/systemusers")
        .header("x-org-id", "0123456789abcdef01234567")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status().as_u16(), 404);
    let org_on_provider_route = api
        .get("/api/users/getSelf")
        .header("x-org-id", api.orgs()[0].clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        json_of(org_on_provider_route).await,
        (403, json!({"message": "Forbidden"}))
    );

    let runner = api
        .http
        .get(format!("{}/api/users/getSelf", sb.base_url()))
        .header("x-api-key", sb.command_runner_api_key())
        .send()
        .await
        .unwrap();
    assert_eq!(runner.status().as_u16(), 403);
}

#[tokio::test]
async fn get_self_and_provider_org_paging() {
    let sb = sandbox().await;
    let api = Api::new(&sb);
    let (status, me) = json_of(
        api.get("/api/users/getSelf?fields=provider")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        me.as_object().unwrap().len(),
        2,
        "only _id and the asked field: {me}"
    );
    assert_eq!(me["provider"], json!(sb.provider_id()));

    let base = format!("/api/v2/providers/{}/organizations", sb.provider_id());
    let (_, page) = json_of(api.get(&base).send().await.unwrap()).await;
    assert_eq!(page["totalCount"], 25);
    assert_eq!(
        page["results"].as_array().unwrap().len(),
        10,
        "default limit 10"
    );
    let (_, page) = json_of(api.get(&format!("{base}?limit=500")).send().await.unwrap()).await;
    assert_eq!(
        page["results"].as_array().unwrap().len(),
        25,
        "limit clamped to 100, all fit"
    );
    let (_, page) = json_of(
        api.get(&format!("{base}?limit=5&skip=22&sort=-name"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let names: Vec<&str> = page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 3);
    assert!(names.windows(2).all(|w| w[0] >= w[1]));
    let name = names[0];
    let (_, page) = json_of(
        api.get(&base)
            .query(&[("filter", format!("name:eq:{name}"))])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["totalCount"], 1);
    assert_eq!(page["results"][0]["name"], json!(name));
    let (_, page) = json_of(
        api.get(&format!("{base}?fields=name&limit=1"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let keys: Vec<&String> = page["results"][0].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 2, "{keys:?}");

    let (status, v1) = json_of(
        api.get("/api/organizations?limit=100")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(v1["totalCount"], 25);
    let first = &v1["results"][0];
    assert!(
        first["systemUsersCount"].is_u64() && first["highWaterMarkLastMonth"].is_u64(),
        "{first}"
    );
}

#[tokio::test]
async fn systemusers_total_count_filters_and_paging() {
    let sb = sandbox().await;
    let api = Api::new(&sb);
    let org = api.orgs()[3].clone();
    let (all, unstaged) = sb
        .control()
        .user_counts_at(&org, sb.control().clock())
        .unwrap();
    let get = |query: &'static str| {
        api.get(&format!("/api/systemusers{query}"))
            .header("x-org-id", org.clone())
            .send()
    };

    let (_, body) = json_of(get("?limit=1").await.unwrap()).await;
    assert_eq!(body["totalCount"], all);
    assert_eq!(body["results"].as_array().unwrap().len(), 1);
    let (_, body) = json_of(get("?limit=1&filter=state:$ne:STAGED").await.unwrap()).await;
    assert_eq!(body["totalCount"], unstaged);
    let (_, staged) = json_of(get("?limit=100&filter[0]=state:$eq:STAGED").await.unwrap()).await;
    assert_eq!(staged["totalCount"], all - unstaged);
    assert!(staged["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["state"] == "STAGED"));
    let (_, either) = json_of(
        get("?limit=1&filter[or][0]=state:$eq:STAGED&filter[or][1]=state:$eq:SUSPENDED")
            .await
            .unwrap(),
    )
    .await;
    let (_, suspended) = json_of(get("?limit=1&filter=suspended:$eq:true").await.unwrap()).await;
    assert_eq!(
        either["totalCount"],
        staged["totalCount"].as_u64().unwrap() + suspended["totalCount"].as_u64().unwrap()
    );

    let (_, page) = json_of(get("?fields=username&sort=-username").await.unwrap()).await;
    let users = page["results"].as_array().unwrap();
    assert_eq!(users.len(), (all as usize).min(10), "default limit 10");
    assert!(users.iter().all(|u| u.as_object().unwrap().len() == 2));
    assert!(users
        .windows(2)
        .all(|w| w[0]["username"].as_str() >= w[1]["username"].as_str()));
    // JumpCloud's own scripts send a JSON body on GET; it is ignored.
    let with_body = api
        .get("/api/systemusers?limit=1")
        .header("x-org-id", org.clone())
        .json(&json!({"limit": 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(with_body).await.1["totalCount"], all);
}

#[tokio::test]
async fn insights_validates_pages_and_scopes() {
    let sb = sandbox().await;
    let api = Api::new(&sb);
    let orgs = api.orgs();
    let events = |body: Value| {
        api.post("/insights/directory/v1/events")
            .header("x-org-id", orgs[0].clone())
            .json(&body)
            .send()
    };

    for bad in [
        json!({"service": ["directory", "nonsense"], "start_time": "2026-09-01T00:00:00Z"}),
        json!({"service": ["directory"]}),
        json!({"service": ["directory"], "start_time": "yesterday"}),
        json!({"service": ["directory"], "start_time": "2026-09-10T00:00:00Z", "end_time": "2026-09-09T00:00:00Z"}),
        json!({"service": ["directory"], "start_time": "2030-01-01T00:00:00Z"}),
        json!({"service": ["directory"], "start_time": "2026-09-01T00:00:00Z", "fields": []}),
        json!({"service": ["directory"], "start_time": "2026-09-01T00:00:00Z", "search_term": {"xor": []}}),
    ] {
        let response = events(bad.clone()).await.unwrap();
        assert_eq!(response.status().as_u16(), 400, "{bad}");
    }
    let bad_service = json_of(
        events(json!({"service": ["nope"], "start_time": "2026-09-01T00:00:00Z"}))
            .await
            .unwrap(),
    )
    .await
    .1;
    assert!(
        bad_service["message"].as_str().unwrap().contains("systems"),
        "lists the valid values"
    );

    let query = json!({"service": ["all"], "start_time": "2026-09-01T00:00:00Z", "limit": 5, "sort": "desc"});
    let page = events(query.clone()).await.unwrap();
    let h = page.headers().clone();
    let body: Vec<Value> = page.json().await.unwrap();
    assert_eq!(body.len(), 5);
    assert_eq!(h["x-result-count"], "5");
    assert_eq!(h["x-limit"], "5");
    assert_eq!(h["x-sort"], "DESC");
    assert!(h.contains_key("x-request-id"));
    assert!(body
        .windows(2)
        .all(|w| w[0]["timestamp"].as_str() >= w[1]["timestamp"].as_str()));
    let cursor: Value = serde_json::from_str(h["x-search_after"].to_str().unwrap()).unwrap();
    let mut next = query.clone();
    next["search_after"] = cursor;
    let second: Vec<Value> = events(next).await.unwrap().json().await.unwrap();
    assert!(second[0]["timestamp"].as_str() <= body[4]["timestamp"].as_str());
    assert!(
        second.iter().all(|e| !body.contains(e)),
        "strictly after the cursor"
    );

    let nonsense_limit =
        events(json!({"service": ["all"], "start_time": "2026-09-01T00:00:00Z", "limit": 99999}))
            .await
            .unwrap();
    assert_eq!(nonsense_limit.headers()["x-limit"], "1000");
    let projected: Vec<Value> = events(json!({"service": ["all"], "start_time": "2026-09-01T00:00:00Z", "limit": 3, "fields": ["id", "event_type", "bogus"]}))
        .await.unwrap().json().await.unwrap();
    assert!(projected.iter().all(|e| e.as_object().unwrap().len() == 2));
    let empty = events(json!({"service": ["all"], "start_time": "2026-09-20T11:59:59Z", "search_term": {"and": [{"event_type": "no_such_event"}]}})).await.unwrap();
    assert_eq!(empty.headers()["x-result-count"], "0");
    assert!(
        empty.headers().contains_key("x-search_after"),
        "present on every page"
    );

    // Multi-org union vs. per-org counts through /events/count.
    let count = |org_list: &[String]| {
        let mut request = api
            .post("/insights/directory/v1/events/count")
            .json(&json!({"service": ["all"], "start_time": "2026-09-01T00:00:00Z"}));
        for org in org_list {
            request = request.header("x-org-id", org.clone());
        }
        request.send()
    };
    let a = json_of(count(&orgs[..1]).await.unwrap()).await.1["count"]
        .as_u64()
        .unwrap();
    let b = json_of(count(&orgs[1..2]).await.unwrap()).await.1["count"]
        .as_u64()
        .unwrap();
    let ab = json_of(count(&orgs[..2]).await.unwrap()).await.1["count"]
        .as_u64()
        .unwrap();
    assert!(a > 0 && b > 0);
    assert_eq!(ab, a + b);

    // x-provider-id: only the MTP's own events (organization-less).
    let mtp = api
        .post("/insights/directory/v1/events")
        .header("x-provider-id", sb.provider_id())
        .json(&json!({"service": ["all"], "start_time": "2026-09-01T00:00:00Z"}))
        .send()
        .await
        .unwrap();
    assert_eq!(mtp.json::<Vec<Value>>().await.unwrap().len(), 0);
}

#[tokio::test]
async fn http_control_api_drives_the_simulation() {
    let sb = sandbox().await;
    let api = Api::new(&sb);
    let control = |path: &str| format!("{}/_control/jumpcloud{path}", sb.base_url());
    let state: Value = api
        .http
        .get(control("/state"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["provider_id"], json!(sb.provider_id()));
    assert_eq!(state["keys"]["msp"], json!(sb.api_key()));
    let org = state["organizations"][0]["id"].as_str().unwrap().to_owned();
    let total = |api: &Api<'_>, org: String| {
        let request = api.get("/api/systemusers?limit=1").header("x-org-id", org);
        async move {
            request.send().await.unwrap().json::<Value>().await.unwrap()["totalCount"]
                .as_u64()
                .unwrap()
        }
    };
    let before = total(&api, org.clone()).await;

    let created: Value = api
        .http
        .post(control(&format!("/orgs/{org}/users")))
        .json(&json!({"username": "via.http"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let user = created["id"].as_str().unwrap().to_owned();
    assert_eq!(total(&api, org.clone()).await, before + 1);
    let suspend = api
        .http
        .post(control(&format!("/orgs/{org}/users/{user}/suspend")))
        .send()
        .await
        .unwrap();
    assert_eq!(suspend.status().as_u16(), 200);
    let again = api
        .http
        .post(control(&format!("/orgs/{org}/users/{user}/suspend")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 409, "already suspended");
    let gone = api
        .http
        .delete(control(&format!("/orgs/{org}/users/{user}")))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status().as_u16(), 200);
    assert_eq!(total(&api, org.clone()).await, before);

    let event: Value = api.http.post(control("/events"))
        .json(&json!({"organization": org, "event_type": "user_lockout", "service": "directory", "timestamp": "2026-09-19T08:00:00Z"}))
        .send().await.unwrap().json().await.unwrap();
    let found: Vec<Value> = api.post("/insights/directory/v1/events").header("x-org-id", org.clone())
        .json(&json!({"service": ["directory"], "start_time": "2026-09-19T07:59:59Z", "end_time": "2026-09-19T08:00:01Z",
            "search_term": {"and": [{"event_type": "user_lockout"}]}}))
        .send().await.unwrap().json().await.unwrap();
    assert!(found.iter().any(|e| e["id"] == event["id"]));

    let armed = api
        .http
        .post(control("/faults"))
        .json(&json!({"kind": "status", "status": 429, "retry_after_secs": 7}))
        .send()
        .await
        .unwrap();
    assert_eq!(armed.status().as_u16(), 200);
    let limited = api.get("/api/users/getSelf").send().await.unwrap();
    assert_eq!(limited.status().as_u16(), 429);
    assert_eq!(limited.headers()["retry-after"], "7");
    assert_eq!(
        api.get("/api/users/getSelf")
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );

    let log: Vec<Value> = api
        .http
        .get(control("/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(log
        .iter()
        .any(|r| r["status"] == 429 && r["faulted"] == true));
    assert!(
        log.iter().all(|r| !r.to_string().contains(&sb.api_key())),
        "the log never holds the key"
    );

    api.http
        .put(control("/clock"))
        .json(&json!({"now": "2026-09-05T00:00:00Z"}))
        .send()
        .await
        .unwrap();
    let early = json_of(
        api.post("/insights/directory/v1/events")
            .header("x-org-id", org.clone())
            .json(&json!({"service": ["all"], "start_time": "2026-09-10T00:00:00Z"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        early.0, 400,
        "a start after the simulated now is in the future"
    );
    let stored = sb.control().stored_event_count();
    let advanced = api
        .http
        .post(control("/advance"))
        .json(&json!({"now": "2026-09-23T12:00:00Z"}))
        .send()
        .await
        .unwrap();
    assert_eq!(advanced.status().as_u16(), 200);
    assert_eq!(
        sb.control().clock().to_rfc3339(),
        "2026-09-23T12:00:00+00:00"
    );
    assert!(
        sb.control().stored_event_count() > stored,
        "three more simulated days happened"
    );
    api.http.post(control("/reset")).send().await.unwrap();
    assert_eq!(sb.control().clock(), SandboxConfig::default().now);
    let reloaded = api
        .http
        .post(control("/load"))
        .json(&json!({"org_count": 3, "seed": 9}))
        .send()
        .await
        .unwrap();
    assert_eq!(reloaded.status().as_u16(), 200);
    assert_eq!(sb.control().organizations().len(), 3);
}

#[tokio::test]
async fn provider_billing_has_string_amounts_and_no_cost_per_seat() {
    let sb = sandbox().await;
    let api = Api::new(&sb);
    let base = format!("/api/v2/providers/{}", sb.provider_id());
    let (status, invoices) =
        json_of(api.get(&format!("{base}/invoices")).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(invoices["totalCount"], 3);
    let first = &invoices["records"][0];
    assert!(
        first["amountBilled"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
            > 0.0,
        "{first}"
    );
    let (status, details) = json_of(
        api.get(&format!("{base}/billing/details"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(details["assignedLicenses"].as_u64().unwrap() > 0);
    for body in [invoices.to_string(), details.to_string()] {
        assert!(
            !body.to_lowercase().contains("price") && !body.contains("costPerSeat"),
            "{body}"
        );
    }
    let other = api
        .get("/api/v2/providers/0123456789abcdef01234567/invoices")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status().as_u16(), 403);
}
