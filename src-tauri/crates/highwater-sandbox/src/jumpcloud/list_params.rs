//! Query parameters shared by JumpCloud's list routes: `limit`/`skip` paging, `sort`, `fields`
//! projection and the `filter` syntaxes (v1 `field:$op:value` with `filter[or][n]`, v2
//! `field:op:value`), evaluated against the JSON object a route returns.

use std::cmp::Ordering;

use serde_json::{Map, Value};

use super::reply::ApiError;

/// Raw query pairs, keeping repeats (`filter[0]=…&filter[1]=…`).
pub type Pairs = Vec<(String, String)>;

pub fn first<'a>(pairs: &'a Pairs, key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `limit` with a default and a maximum; values over the maximum are clamped (the doc prefers
/// clamping to a 400, whose behaviour is unconfirmed).
pub fn limit(pairs: &Pairs, default: usize, max: usize) -> Result<usize, ApiError> {
    match first(pairs, "limit") {
        None | Some("") => Ok(default),
        Some(raw) => raw
            .parse::<i64>()
            .map_err(|_| ApiError::bad_request(format!("invalid limit: {raw}")))
            .map(|n| {
                if n <= 0 {
                    default
                } else {
                    (n as usize).min(max)
                }
            }),
    }
}

pub fn skip(pairs: &Pairs) -> Result<usize, ApiError> {
    match first(pairs, "skip") {
        None | Some("") => Ok(0),
        Some(raw) => raw
            .parse::<usize>()
            .map_err(|_| ApiError::bad_request(format!("invalid skip (must be >= 0): {raw}"))),
    }
}

/// Every value of every `fields` / `fields[n]` key, split on spaces and commas.
pub fn fields(pairs: &Pairs) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == "fields" || k.starts_with("fields["))
        .flat_map(|(_, v)| v.split([' ', ',']))
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Keeps only `wanted` keys (plus the id keys) of each object; no projection when `wanted` is empty.
pub fn project(object: Value, wanted: &[String], id_keys: &[&str]) -> Value {
    let Value::Object(map) = object else {
        return object;
    };
    if wanted.is_empty() {
        return Value::Object(map);
    }
    let kept: Map<String, Value> = map
        .into_iter()
        .filter(|(k, _)| id_keys.contains(&k.as_str()) || wanted.iter().any(|w| w == k))
        .collect();
    Value::Object(kept)
}

/// Sorts by `sort` (space- or comma-separated, `-` = descending), then by `tiebreak`.
pub fn sort(items: &mut [Value], sort: Option<&str>, ignore_case: bool, tiebreak: &str) {
    let mut keys: Vec<(String, bool)> = sort
        .unwrap_or_default()
        .split([' ', ','])
        .filter(|k| !k.is_empty())
        .map(|k| match k.strip_prefix('-') {
            Some(rest) => (rest.to_owned(), true),
            None => (k.to_owned(), false),
        })
        .collect();
    keys.push((tiebreak.to_owned(), false));
    items.sort_by(|a, b| {
        for (key, desc) in &keys {
            let ord = compare(&a[key.as_str()], &b[key.as_str()], ignore_case);
            let ord = if *desc { ord.reverse() } else { ord };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        Ordering::Equal
    });
}

fn compare(a: &Value, b: &Value, ignore_case: bool) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) if ignore_case => {
            x.to_lowercase().cmp(&y.to_lowercase())
        }
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

/// A comparison operator of JumpCloud's filter syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    Search,
    In,
}

/// One `field:op:value` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    field: String,
    op: Op,
    value: String,
}

impl Condition {
    /// Parses `field:$op:value` (v1) or `field:op:value` (v2); the value may itself hold colons.
    pub fn parse(raw: &str) -> Result<Self, ApiError> {
        let mut parts = raw.splitn(3, ':');
        let (Some(field), Some(op), Some(value)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(ApiError::bad_request(format!("invalid filter: {raw}")));
        };
        let op = match op.trim_start_matches('$') {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "gte" | "ge" => Op::Ge,
            "lt" => Op::Lt,
            "lte" | "le" => Op::Le,
            "search" => Op::Search,
            "in" => Op::In,
            other => {
                return Err(ApiError::bad_request(format!(
                    "invalid filter operator: {other}"
                )))
            }
        };
        Ok(Self {
            field: field.to_owned(),
            op,
            value: value.to_owned(),
        })
    }

    /// Whether `object[field]` satisfies the condition. Values compare case-sensitively (as the
    /// v1 doc says), numbers numerically, booleans as `true`/`false`.
    pub fn matches(&self, object: &Value) -> bool {
        let actual = &object[self.field.as_str()];
        if self.op == Op::In {
            return self
                .value
                .split('|')
                .any(|v| scalar_cmp(actual, v) == Some(Ordering::Equal));
        }
        if self.op == Op::Search {
            return actual
                .as_str()
                .is_some_and(|s| s.to_lowercase().contains(&self.value.to_lowercase()));
        }
        let Some(ord) = scalar_cmp(actual, &self.value) else {
            return self.op == Op::Ne;
        };
        match self.op {
            Op::Eq => ord == Ordering::Equal,
            Op::Ne => ord != Ordering::Equal,
            Op::Gt => ord == Ordering::Greater,
            Op::Ge => ord != Ordering::Less,
            Op::Lt => ord == Ordering::Less,
            Op::Le => ord != Ordering::Greater,
            Op::Search | Op::In => false,
        }
    }
}

fn scalar_cmp(actual: &Value, wanted: &str) -> Option<Ordering> {
    match actual {
        Value::String(s) => Some(s.as_str().cmp(wanted)),
        Value::Bool(b) => Some(b.to_string().as_str().cmp(wanted)),
        Value::Number(n) => n.as_f64()?.partial_cmp(&wanted.parse::<f64>().ok()?),
        Value::Null => Some("null".cmp(wanted)),
        _ => None,
    }
}

/// All `filter` conditions of a request: plain and `filter[n]`/`filter[and][n]` keys AND together;
/// `filter[or][n]` keys OR together (and the OR group is ANDed with the rest).
#[derive(Debug, Default)]
pub struct Filter {
    all: Vec<Condition>,
    any: Vec<Condition>,
}

impl Filter {
    pub fn from_pairs(pairs: &Pairs) -> Result<Self, ApiError> {
        let mut filter = Self::default();
        for (key, value) in pairs {
            if key == "filter" || (key.starts_with("filter[") && !key.starts_with("filter[or]")) {
                filter.all.push(Condition::parse(value)?);
            } else if key.starts_with("filter[or]") {
                filter.any.push(Condition::parse(value)?);
            }
        }
        Ok(filter)
    }

    pub fn matches(&self, object: &Value) -> bool {
        self.all.iter().all(|c| c.matches(object))
            && (self.any.is_empty() || self.any.iter().any(|c| c.matches(object)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(items: &[(&str, &str)]) -> Pairs {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn v1_and_v2_conditions() {
        let user = json!({"state": "STAGED", "suspended": false, "created": "2026-09-02T10:00:00Z", "n": 5});
        let cases = [
            ("state:$eq:STAGED", true),
            ("state:$ne:STAGED", false),
            ("state:eq:STAGED", true),
            ("state:$eq:staged", false),
            ("suspended:$eq:false", true),
            ("created:$lte:2026-09-03", true),
            ("created:$gt:2026-09-03", false),
            ("n:$gte:5", true),
            ("n:$lt:5", false),
            ("state:in:ACTIVATED|STAGED", true),
            ("missing:$ne:x", true),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                Condition::parse(raw).unwrap().matches(&user),
                expected,
                "{raw}"
            );
        }
        assert!(Condition::parse("state").is_err());
        assert!(Condition::parse("state:$like:x").is_err());
    }

    #[test]
    fn and_or_groups() {
        let p = pairs(&[
            ("filter[0]", "suspended:$eq:false"),
            ("filter[or][0]", "state:$eq:ACTIVATED"),
            ("filter[or][1]", "state:$eq:STAGED"),
        ]);
        let f = Filter::from_pairs(&p).unwrap();
        assert!(f.matches(&json!({"suspended": false, "state": "STAGED"})));
        assert!(!f.matches(&json!({"suspended": true, "state": "STAGED"})));
        assert!(!f.matches(&json!({"suspended": false, "state": "SUSPENDED"})));
    }

    #[test]
    fn limits_clamp_and_default() {
        assert_eq!(limit(&pairs(&[]), 10, 100).unwrap(), 10);
        assert_eq!(limit(&pairs(&[("limit", "500")]), 10, 100).unwrap(), 100);
        assert_eq!(limit(&pairs(&[("limit", "0")]), 10, 100).unwrap(), 10);
        assert!(limit(&pairs(&[("limit", "x")]), 10, 100).is_err());
        assert!(skip(&pairs(&[("skip", "-1")])).is_err());
    }
}
