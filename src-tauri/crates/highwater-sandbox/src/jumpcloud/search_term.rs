//! Directory Insights `search_term`: exactly one of `and` / `or` / `not`, each a list of one-key
//! objects `{field: value | [values]}` or nested groups; dot paths reach nested fields; matching is
//! on lower-cased values, since JumpCloud lower-cases at ingest (API doc §4.2).

use std::collections::HashSet;

use serde_json::Value;

/// A compiled search term.
#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    And(Vec<Term>),
    Or(Vec<Term>),
    Not(Vec<Term>),
    /// The field (dot path) equals any of the values.
    Field {
        path: Vec<String>,
        values: Vec<String>,
    },
}

impl Term {
    /// Parses the `search_term` object; the error text is what a 400 says.
    pub fn parse(value: &Value) -> Result<Self, String> {
        let Value::Object(map) = value else {
            return Err("search_term must be an object".to_owned());
        };
        if map.len() != 1 {
            return Err("search_term must have exactly one of and, or, not".to_owned());
        }
        let (op, items) = map.iter().next().ok_or("empty search_term")?;
        let Value::Array(items) = items else {
            return Err(format!("search_term.{op} must be a list"));
        };
        let mut seen = HashSet::new();
        let mut terms = Vec::with_capacity(items.len());
        for item in items {
            let Value::Object(entry) = item else {
                return Err(format!("search_term.{op} items must be objects"));
            };
            if entry.len() != 1 {
                return Err(format!("search_term.{op} items must have exactly one key"));
            }
            let (key, val) = entry.iter().next().ok_or("empty item")?;
            if matches!(key.as_str(), "and" | "or" | "not") {
                terms.push(Self::parse(item)?);
                continue;
            }
            if !seen.insert(key.clone()) {
                return Err(format!("field {key} repeats inside one list"));
            }
            let values = match val {
                Value::Array(vals) => vals.iter().map(scalar).collect::<Result<Vec<_>, _>>()?,
                other => vec![scalar(other)?],
            };
            terms.push(Self::Field {
                path: key.split('.').map(str::to_owned).collect(),
                values,
            });
        }
        match op.as_str() {
            "and" => Ok(Self::And(terms)),
            "or" => Ok(Self::Or(terms)),
            "not" => Ok(Self::Not(terms)),
            other => Err(format!("unknown search_term operator: {other}")),
        }
    }

    pub fn matches(&self, event: &Value) -> bool {
        match self {
            Self::And(terms) => terms.iter().all(|t| t.matches(event)),
            Self::Or(terms) => terms.iter().any(|t| t.matches(event)),
            Self::Not(terms) => !terms.iter().any(|t| t.matches(event)),
            Self::Field { path, values } => {
                let mut node = event;
                for part in path {
                    node = &node[part.as_str()];
                }
                let actual: Vec<String> = match node {
                    Value::Array(items) => items.iter().filter_map(|v| scalar(v).ok()).collect(),
                    Value::Null => return false,
                    other => scalar(other).into_iter().collect(),
                };
                actual.iter().any(|a| values.contains(a))
            }
        }
    }
}

fn scalar(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.to_lowercase()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(format!("search values must be scalars, got {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_groups_dot_paths_and_case() {
        let event = json!({"event_type": "user_lockout", "success": false,
            "initiated_by": {"username": "jdoe"}});
        let term = Term::parse(&json!({"and": [
            {"success": "false"},
            {"or": [{"event_type": ["USER_LOCKOUT", "user_password_expired"]}, {"service": "systems"}]},
            {"initiated_by.username": "JDoe"}
        ]}))
        .unwrap();
        assert!(term.matches(&event));
        let not = Term::parse(&json!({"not": [{"event_type": "user_lockout"}]})).unwrap();
        assert!(!not.matches(&event));
        assert!(Term::parse(&json!({"and": [{"a": 1}, {"a": 2}]})).is_err());
        assert!(Term::parse(&json!({"and": [], "or": []})).is_err());
        assert!(Term::parse(&json!({"xor": []})).is_err());
    }
}
