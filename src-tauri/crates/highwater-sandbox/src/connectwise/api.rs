//! The ConnectWise API routes (`/login/companyinfo` and `/{codebase}/apis/3.0/...`), the request
//! context they share, and the generic read handlers: list, count, get by id.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::envelope::ApiError;
use super::gate::{gate, SELF_HOSTED_CODEBASE};
use super::listing::ListQuery;
use super::state::{lock, Shared};
use super::store::Collection;
use super::writes;

/// What every API handler needs from the request.
pub(crate) struct Ctx {
    pub shared: Arc<Shared>,
    params: HashMap<String, String>,
    pub pairs: Vec<(String, String)>,
    pub headers: HeaderMap,
    /// `scheme://host` as the client addressed us.
    pub origin: String,
    /// The request path (trailing slash already removed).
    pub path: String,
}

impl FromRequestParts<Arc<Shared>> for Ctx {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        shared: &Arc<Shared>,
    ) -> Result<Self, Self::Rejection> {
        let params = Path::<HashMap<String, String>>::from_request_parts(parts, shared)
            .await
            .map(|p| p.0)
            .unwrap_or_default();
        let pairs = parts
            .uri
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default();
        let host = parts
            .headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1")
            .to_owned();
        Ok(Self {
            shared: shared.clone(),
            params,
            pairs,
            headers: parts.headers.clone(),
            origin: format!("http://{host}"),
            path: parts.uri.path().to_owned(),
        })
    }
}

impl Ctx {
    /// A numeric path parameter; non-numbers are "not found" for `entity`.
    pub(crate) fn id(&self, name: &str, entity: &str) -> Result<i64, ApiError> {
        let raw = self
            .params
            .get(name)
            .map(String::as_str)
            .unwrap_or_default();
        raw.parse().map_err(|_| ApiError::not_found(entity, raw))
    }

    /// `scheme://host/{codebase}/apis/3.0/` for absolute `_href`s.
    pub(crate) fn api_base(&self) -> String {
        let codebase = self
            .params
            .get("codebase")
            .map(String::as_str)
            .unwrap_or(SELF_HOSTED_CODEBASE);
        format!("{}/{codebase}/apis/3.0/", self.origin)
    }

    /// A record as sent: relative `_href`s made absolute.
    pub(crate) fn render(&self, v: &Value) -> Value {
        let mut out = v.clone();
        absolutise(&mut out, &self.api_base());
        out
    }
}

fn absolutise(v: &mut Value, base: &str) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match child {
                    Value::String(s) if k.ends_with("_href") || k == "imageLink" => {
                        if !s.starts_with("http") {
                            *s = format!("{base}{s}");
                        }
                    }
                    _ => absolutise(child, base),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| absolutise(i, base)),
        _ => {}
    }
}

type Resolve = fn(&Ctx) -> Result<Collection, ApiError>;

/// Checks a nested collection's parent exists (404 naming the parent otherwise).
fn resolve_checked(ctx: &Ctx, resolve: Resolve) -> Result<Collection, ApiError> {
    let c = resolve(ctx)?;
    if let Some((parent, id)) = c.parent() {
        if lock(&ctx.shared.data).get(parent, id).is_none() {
            return Err(ApiError::not_found(parent.entity(), id));
        }
    }
    Ok(c)
}

async fn list(ctx: Ctx, resolve: Resolve) -> Result<Response, ApiError> {
    let c = resolve_checked(&ctx, resolve)?;
    let q = ListQuery::parse(c, &ctx.pairs)?;
    let forward = ctx
        .headers
        .get("pagination-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("forward-only"));
    let link_base = format!("{}{}", ctx.origin, ctx.path);
    let (body, link) = {
        let data = lock(&ctx.shared.data);
        let rows = q.filter(data.rows(c));
        let (page, link) = if forward {
            q.forward_page(rows, &link_base, &ctx.pairs)
        } else {
            q.page(rows, &link_base, &ctx.pairs)
        };
        let body: Vec<Value> = page.into_iter().map(|r| ctx.render(r)).collect();
        (body, link)
    };
    if !lock(&ctx.shared.settings).link_header {
        return Ok(Json(body).into_response());
    }
    Ok(([("link", link)], Json(body)).into_response())
}

async fn count(ctx: Ctx, resolve: Resolve) -> Result<Response, ApiError> {
    let c = resolve_checked(&ctx, resolve)?;
    let q = ListQuery::parse(c, &ctx.pairs)?;
    let n = q.filter(lock(&ctx.shared.data).rows(c)).len();
    Ok(Json(json!({ "count": n })).into_response())
}

async fn one(ctx: Ctx, resolve: Resolve) -> Result<Response, ApiError> {
    let c = resolve_checked(&ctx, resolve)?;
    let id = ctx.id("id", c.entity())?;
    let data = lock(&ctx.shared.data);
    let row = data
        .get(c, id)
        .ok_or_else(|| ApiError::not_found(c.entity(), id))?;
    Ok(Json(ctx.render(row)).into_response())
}

fn lists(resolve: Resolve) -> MethodRouter<Arc<Shared>> {
    get(move |ctx: Ctx| list(ctx, resolve))
}
fn counts(resolve: Resolve) -> MethodRouter<Arc<Shared>> {
    get(move |ctx: Ctx| count(ctx, resolve))
}
fn gets(resolve: Resolve) -> MethodRouter<Arc<Shared>> {
    get(move |ctx: Ctx| one(ctx, resolve))
}

async fn system_info(ctx: Ctx) -> Response {
    let cloud = lock(&ctx.shared.settings).cloud;
    Json(json!({"version": "v2024.1.112233", "isCloud": cloud, "serverTimeZone": "Eastern Standard Time"}))
        .into_response()
}

/// Served without credentials; unknown companies get a JSON `null`.
async fn company_info(ctx: Ctx) -> Response {
    let s = lock(&ctx.shared.settings).clone();
    let asked = ctx.params.get("company").cloned().unwrap_or_default();
    if !asked.eq_ignore_ascii_case(&s.company_id) {
        return Json(Value::Null).into_response();
    }
    let host = ctx.origin.trim_start_matches("http://").to_owned();
    let (codebase, version) = if s.cloud {
        // The version follows the codebase (`v2024_2/` → `v2024.2`), as after a real upgrade.
        (
            format!("{}/", s.cloud_codebase),
            s.cloud_codebase.replace('_', "."),
        )
    } else {
        (format!("{SELF_HOSTED_CODEBASE}/"), "v2024.1".to_owned())
    };
    Json(json!({
        "CompanyName": s.company_name, "Codebase": codebase, "VersionCode": version,
        "VersionNumber": "v4.6.112233", "CompanyID": s.company_id, "IsCloud": s.cloud,
        "SiteUrl": host, "AllowedOrigins": ["*"]
    }))
    .into_response()
}

async fn no_route(ctx: Ctx) -> Response {
    ApiError::no_route(&ctx.path).into_response()
}

async fn not_allowed() -> Response {
    ApiError::method_not_allowed().into_response()
}

fn c_types(_: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::CompanyTypes)
}
fn c_companies(_: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::Companies)
}
fn c_agreements(_: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::Agreements)
}
fn c_additions(ctx: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::Additions(ctx.id("parentId", "Agreement")?))
}
fn c_boards(_: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::Boards)
}
fn c_statuses(ctx: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::BoardStatuses(ctx.id("parentId", "Board")?))
}
fn c_priorities(_: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::Priorities)
}
fn c_sources(_: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::Sources)
}
fn c_tickets(_: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::Tickets)
}
fn c_notes(ctx: &Ctx) -> Result<Collection, ApiError> {
    Ok(Collection::Notes(ctx.id("parentId", "Ticket")?))
}

/// The API router (paths already normalised by the front door).
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let b = "/{codebase}/apis/3.0";
    let api: Router<Arc<Shared>> = Router::new()
        .route(&format!("{b}/system/info"), get(system_info))
        .route(&format!("{b}/company/companies/types"), lists(c_types))
        .route(
            &format!("{b}/company/companies/types/count"),
            counts(c_types),
        )
        .route(
            &format!("{b}/company/companies/types/{{id}}"),
            gets(c_types),
        )
        .route(
            &format!("{b}/company/companies"),
            lists(c_companies).post(writes::create_company),
        )
        .route(&format!("{b}/company/companies/count"), counts(c_companies))
        .route(&format!("{b}/company/companies/{{id}}"), gets(c_companies))
        .route(&format!("{b}/finance/agreements"), lists(c_agreements))
        .route(
            &format!("{b}/finance/agreements/count"),
            counts(c_agreements),
        )
        .route(
            &format!("{b}/finance/agreements/{{id}}"),
            gets(c_agreements),
        )
        .route(
            &format!("{b}/finance/agreements/{{parentId}}/additions"),
            lists(c_additions).post(writes::create_addition),
        )
        .route(
            &format!("{b}/finance/agreements/{{parentId}}/additions/count"),
            counts(c_additions),
        )
        .route(
            &format!("{b}/finance/agreements/{{parentId}}/additions/{{id}}"),
            gets(c_additions).patch(writes::patch_addition),
        )
        .route(&format!("{b}/service/boards"), lists(c_boards))
        .route(&format!("{b}/service/boards/count"), counts(c_boards))
        .route(&format!("{b}/service/boards/{{id}}"), gets(c_boards))
        .route(
            &format!("{b}/service/boards/{{parentId}}/statuses"),
            lists(c_statuses),
        )
        .route(
            &format!("{b}/service/boards/{{parentId}}/statuses/count"),
            counts(c_statuses),
        )
        .route(
            &format!("{b}/service/boards/{{parentId}}/statuses/{{id}}"),
            gets(c_statuses),
        )
        .route(&format!("{b}/service/priorities"), lists(c_priorities))
        .route(
            &format!("{b}/service/priorities/count"),
            counts(c_priorities),
        )
        .route(
            &format!("{b}/service/priorities/{{id}}"),
            gets(c_priorities),
        )
        .route(&format!("{b}/service/sources"), lists(c_sources))
        .route(&format!("{b}/service/sources/count"), counts(c_sources))
        .route(&format!("{b}/service/sources/{{id}}"), gets(c_sources))
        .route(
            &format!("{b}/service/tickets"),
            lists(c_tickets).post(writes::create_ticket),
        )
        .route(&format!("{b}/service/tickets/count"), counts(c_tickets))
        .route(
            &format!("{b}/service/tickets/{{id}}"),
            gets(c_tickets)
                .patch(writes::patch_ticket)
                .delete(writes::delete_ticket),
        )
        .route(
            &format!("{b}/service/tickets/{{parentId}}/notes"),
            lists(c_notes).post(writes::create_note),
        )
        .route(
            &format!("{b}/service/tickets/{{parentId}}/notes/count"),
            counts(c_notes),
        )
        .route(
            &format!("{b}/service/tickets/{{parentId}}/notes/{{id}}"),
            gets(c_notes),
        )
        // Only the routes above sit behind the gate; companyinfo is public.
        .route_layer(axum::middleware::from_fn_with_state(shared.clone(), gate))
        .route("/login/companyinfo/{company}", get(company_info))
        .fallback(no_route)
        .method_not_allowed_fallback(not_allowed);
    api.with_state(shared)
}

/// Responds 201 with a rendered record.
pub(crate) fn created(ctx: &Ctx, row: &Value) -> Response {
    (StatusCode::CREATED, Json(ctx.render(row))).into_response()
}
