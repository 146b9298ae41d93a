//! List queries: case-insensitive parameter names, filtering, `orderBy`, navigable paging
//! (1-based `page`, `pageSize` default 25 capped at 1000) with ConnectWise's exact `Link` format
//! (`…pageSize=N&page=K>; rel="next"`, page last), and forward-only paging by `pageId`.
//! Not simulated: `fields` projection (every record is sent whole, which typed clients need
//! anyway) and `customFieldConditions` (ignored like any unknown parameter).

use std::cmp::Ordering;

use serde_json::Value;

use super::conditions::{self, ConditionError, Expr};
use super::envelope::ApiError;
use super::schema::{self, Kind};
use super::store::Collection;

const DEFAULT_PAGE_SIZE: usize = 25;
const MAX_PAGE_SIZE: usize = 1000;

/// Parsed list parameters; unknown parameters are ignored as on the real server.
pub(crate) struct ListQuery {
    conditions: Option<Expr>,
    child_conditions: Option<Expr>,
    order_by: Vec<(Vec<String>, Kind, bool)>,
    page: usize,
    page_size: usize,
    page_id: Option<i64>,
}

fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.trim().is_empty())
}

fn cond_error(e: ConditionError) -> ApiError {
    ApiError::bad_request(e.0)
}

impl ListQuery {
    pub(crate) fn parse(c: Collection, pairs: &[(String, String)]) -> Result<Self, ApiError> {
        let conditions = param(pairs, "conditions")
            .map(|src| conditions::parse(src, &|p| schema::field(c, p)))
            .transpose()
            .map_err(cond_error)?;
        let child_conditions = param(pairs, "childConditions")
            .map(|src| conditions::parse(src, &|p| schema::child_field(c, p)))
            .transpose()
            .map_err(cond_error)?;
        let mut order_by = Vec::new();
        if let Some(spec) = param(pairs, "orderBy") {
            for item in spec.split(',') {
                let mut words = item.split_whitespace();
                let Some(f) = words.next() else { continue };
                let desc = match words.next().map(str::to_ascii_lowercase).as_deref() {
                    None | Some("asc") => false,
                    Some("desc") => true,
                    Some(other) => {
                        return Err(ApiError::bad_request(format!(
                            "Invalid sort direction {other}"
                        )))
                    }
                };
                let (path, kind) = schema::field(c, f).ok_or_else(|| {
                    ApiError::bad_request(format!("{f} is not a valid orderBy field"))
                })?;
                order_by.push((path, kind, desc));
            }
        }
        let number = |name: &str| -> Result<Option<i64>, ApiError> {
            param(pairs, name)
                .map(|v| {
                    v.trim()
                        .parse::<i64>()
                        .map_err(|_| ApiError::bad_request(format!("{name} must be a number")))
                })
                .transpose()
        };
        let page = number("page")?.filter(|p| *p >= 1).unwrap_or(1) as usize;
        let page_size = match number("pageSize")? {
            Some(n) if n >= 1 => (n as usize).min(MAX_PAGE_SIZE),
            _ => DEFAULT_PAGE_SIZE,
        };
        Ok(Self {
            conditions,
            child_conditions,
            order_by,
            page,
            page_size,
            page_id: number("pageId")?,
        })
    }

    /// Rows passing both filters, in `orderBy` order (id ascending by default).
    pub(crate) fn filter<'a>(&self, rows: impl Iterator<Item = &'a Value>) -> Vec<&'a Value> {
        let mut out: Vec<&Value> = rows
            .filter(|r| {
                self.conditions
                    .as_ref()
                    .is_none_or(|e| conditions::matches(e, r))
            })
            .filter(|r| {
                self.child_conditions
                    .as_ref()
                    .is_none_or(|e| conditions::matches(e, r))
            })
            .collect();
        if !self.order_by.is_empty() {
            out.sort_by(|a, b| {
                for (path, kind, desc) in &self.order_by {
                    let o = compare_at(a, b, path, *kind);
                    let o = if *desc { o.reverse() } else { o };
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                Ordering::Equal
            });
        }
        out
    }

    /// One navigable page and its `Link` header value. `link_base` is `scheme://host/path`;
    /// `pairs` are the request's parameters (echoed, minus paging, with `pageSize` and `page` last).
    pub(crate) fn page<'a>(
        &self,
        rows: Vec<&'a Value>,
        link_base: &str,
        pairs: &[(String, String)],
    ) -> (Vec<&'a Value>, String) {
        let total = rows.len();
        let last = total.div_ceil(self.page_size).max(1);
        let start = (self.page - 1).saturating_mul(self.page_size);
        let slice: Vec<&Value> = rows.into_iter().skip(start).take(self.page_size).collect();
        let url = |page: usize| {
            let mut q = echo(pairs, &["page", "pageSize", "pageId"]);
            q.append_pair("pageSize", &self.page_size.to_string());
            q.append_pair("page", &page.to_string());
            format!("<{link_base}?{}>", q.finish())
        };
        let mut links = Vec::new();
        if self.page > 1 {
            links.push(format!("{}; rel=\"first\"", url(1)));
            links.push(format!("{}; rel=\"prev\"", url((self.page - 1).min(last))));
        }
        if self.page < last {
            links.push(format!("{}; rel=\"next\"", url(self.page + 1)));
            links.push(format!("{}; rel=\"last\"", url(last)));
        }
        (slice, links.join(", "))
    }

    /// One forward-only page: rows with `id > pageId` in id order; the Link carries the last id,
    /// and is empty on the last page.
    pub(crate) fn forward_page<'a>(
        &self,
        rows: Vec<&'a Value>,
        link_base: &str,
        pairs: &[(String, String)],
    ) -> (Vec<&'a Value>, String) {
        let after = self.page_id.unwrap_or(0);
        let mut rest: Vec<&Value> = rows
            .into_iter()
            .filter(|r| r["id"].as_i64().is_some_and(|id| id > after))
            .collect();
        rest.sort_by_key(|r| r["id"].as_i64());
        let more = rest.len() > self.page_size;
        rest.truncate(self.page_size);
        let link = match (more, rest.last().and_then(|r| r["id"].as_i64())) {
            (true, Some(last_id)) => {
                let mut q = echo(pairs, &["page", "pageSize", "pageId"]);
                q.append_pair("pageSize", &self.page_size.to_string());
                q.append_pair("pageId", &last_id.to_string());
                format!("<{link_base}?{}>; rel=\"next\"", q.finish())
            }
            _ => String::new(),
        };
        (rest, link)
    }
}

/// Re-encodes the request's parameters except `skip`, in their original order. Commas are
/// percent-encoded, so clients that split the header on "," still see whole URLs.
fn echo(
    pairs: &[(String, String)],
    skip: &[&str],
) -> url::form_urlencoded::Serializer<'static, String> {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        if !skip.iter().any(|s| s.eq_ignore_ascii_case(k)) {
            q.append_pair(k, v);
        }
    }
    q
}

fn compare_at(a: &Value, b: &Value, path: &[String], kind: Kind) -> Ordering {
    let get = |v: &'_ Value| -> Value {
        let mut cur = v;
        for seg in path {
            cur = &cur[seg.as_str()];
        }
        cur.clone()
    };
    let (x, y) = (get(a), get(b));
    match (x.is_null(), y.is_null()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Less,
        (false, true) => return Ordering::Greater,
        _ => {}
    }
    match kind {
        Kind::Int | Kind::Num => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        Kind::Bool => x.as_bool().cmp(&y.as_bool()),
        // ISO-8601 UTC strings sort chronologically.
        Kind::Str | Kind::Date => x
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
            .cmp(&y.as_str().unwrap_or_default().to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn link_format_is_exact() {
        let rows: Vec<Value> = (1..=5).map(|i| json!({"id": i})).collect();
        let p = pairs(&[
            ("conditions", "id in (1,2)"),
            ("PAGE", "2"),
            ("pagesize", "2"),
        ]);
        let q = ListQuery::parse(Collection::Companies, &p).unwrap();
        let (slice, link) = q.page(
            rows.iter().collect(),
            "http://h/v4_6_release/apis/3.0/company/companies",
            &p,
        );
        assert_eq!(slice.len(), 2);
        let base = "http://h/v4_6_release/apis/3.0/company/companies?conditions=id+in+%281%2C2%29&pageSize=2";
        assert_eq!(
            link,
            format!(
                "<{base}&page=1>; rel=\"first\", <{base}&page=1>; rel=\"prev\", <{base}&page=3>; rel=\"next\", <{base}&page=3>; rel=\"last\""
            )
        );
    }

    #[test]
    fn single_page_has_empty_link_and_past_end_is_empty() {
        let rows: Vec<Value> = (1..=3).map(|i| json!({"id": i})).collect();
        let q = ListQuery::parse(Collection::Companies, &[]).unwrap();
        let (slice, link) = q.page(rows.iter().collect(), "http://h/x", &[]);
        assert_eq!((slice.len(), link.as_str()), (3, ""));
        let p = pairs(&[("page", "9")]);
        let q = ListQuery::parse(Collection::Companies, &p).unwrap();
        let (slice, _) = q.page(rows.iter().collect(), "http://h/x", &p);
        assert!(slice.is_empty());
    }

    #[test]
    fn page_size_capped_and_forward_only() {
        let rows: Vec<Value> = (1..=1500).map(|i| json!({"id": i})).collect();
        let p = pairs(&[("pageSize", "5000"), ("pageid", "1000")]);
        let q = ListQuery::parse(Collection::Companies, &p).unwrap();
        let (slice, link) = q.forward_page(rows.iter().collect(), "http://h/x", &p);
        assert_eq!(slice.len(), 500);
        assert_eq!(link, "");
        let p = pairs(&[("pageSize", "100")]);
        let q = ListQuery::parse(Collection::Companies, &p).unwrap();
        let (_, link) = q.forward_page(rows.iter().collect(), "http://h/x", &p);
        assert_eq!(link, "<http://h/x?pageSize=100&pageId=100>; rel=\"next\"");
    }

    #[test]
    fn order_by_and_errors() {
        let rows = [json!({"id": 1, "name": "b"}), json!({"id": 2, "name": "A"})];
        let p = pairs(&[("orderBy", "name asc, id desc")]);
        let q = ListQuery::parse(Collection::Companies, &p).unwrap();
        let out = q.filter(rows.iter());
        assert_eq!(out[0]["id"], 2);
        assert!(ListQuery::parse(Collection::Companies, &pairs(&[("orderBy", "nope")])).is_err());
        assert!(ListQuery::parse(Collection::Companies, &pairs(&[("conditions", "x=1")])).is_err());
    }
}
