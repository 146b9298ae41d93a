//! Evaluating a parsed [`Expr`] against a record's JSON, with SQL semantics for null and
//! SQL Server's case-insensitive comparison and LIKE.

use serde_json::Value;

use super::parse::parse_date;
use super::{Expr, Lit, Op};
use crate::connectwise::schema::Kind;

/// Values at `path`; array segments fan out (for `childConditions`).
fn values_at<'v>(row: &'v Value, path: &[String]) -> Vec<&'v Value> {
    let mut current = vec![row];
    for seg in path {
        let mut next = Vec::new();
        for v in current {
            match v {
                Value::Array(items) => next.extend(items.iter().map(|i| &i[seg.as_str()])),
                other => next.push(&other[seg.as_str()]),
            }
        }
        current = next;
    }
    current
        .into_iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
        .collect()
}

/// True when `row` satisfies `expr`.
pub(crate) fn matches(expr: &Expr, row: &Value) -> bool {
    match expr {
        Expr::And(a, b) => matches(a, row) && matches(b, row),
        Expr::Or(a, b) => matches(a, row) || matches(b, row),
        Expr::Cmp {
            path,
            kind,
            op,
            lit,
        } => {
            let vals = values_at(row, path);
            if vals.is_empty() {
                return *lit == Lit::Null && *op == Op::Eq;
            }
            vals.iter().any(|v| compare(v, *kind, *op, lit))
        }
        Expr::In {
            path,
            kind,
            negated,
            lits,
        } => {
            let hit = values_at(row, path)
                .iter()
                .any(|v| lits.iter().any(|l| compare(v, *kind, Op::Eq, l)));
            // SQL: a null never satisfies `not in` either.
            if *negated {
                !hit && values_at(row, path).iter().any(|v| !v.is_null())
            } else {
                hit
            }
        }
    }
}

fn compare(v: &Value, kind: Kind, op: Op, lit: &Lit) -> bool {
    if *lit == Lit::Null {
        return match op {
            Op::Eq => v.is_null(),
            Op::Ne => !v.is_null(),
            _ => false,
        };
    }
    if v.is_null() {
        return false;
    }
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (kind, lit) {
        (Kind::Str, Lit::Str(s)) => {
            let field = v.as_str().unwrap_or_default();
            match op {
                Op::Like => return like(field, s),
                Op::NotLike => return !like(field, s),
                Op::Contains => return like(field, &format!("%{s}%")),
                Op::NotContains => return !like(field, &format!("%{s}%")),
                _ => Some(field.to_lowercase().cmp(&s.to_lowercase())),
            }
        }
        (Kind::Int | Kind::Num, Lit::Num(n)) => v.as_f64().and_then(|x| x.partial_cmp(n)),
        (Kind::Bool, Lit::Bool(b)) => v.as_bool().map(|x| x.cmp(b)),
        (Kind::Date, Lit::Date(d)) => v.as_str().and_then(parse_date).map(|x| x.cmp(d)),
        _ => None,
    };
    let Some(ord) = ord else { return false };
    match op {
        Op::Eq => ord == Ordering::Equal,
        Op::Ne => ord != Ordering::Equal,
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
        _ => false,
    }
}

/// SQL Server LIKE, case-insensitive: `%` any run, `_` one char, `[abc]`, `[a-z]`, `[^a]`.
pub(crate) fn like(text: &str, pattern: &str) -> bool {
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    like_at(&t, &p)
}

fn like_at(t: &[char], p: &[char]) -> bool {
    let Some((&first, rest)) = p.split_first() else {
        return t.is_empty();
    };
    match first {
        '%' => (0..=t.len()).any(|skip| like_at(&t[skip..], rest)),
        '_' => !t.is_empty() && like_at(&t[1..], rest),
        '[' => {
            let Some(close) = rest.iter().skip(1).position(|c| *c == ']').map(|i| i + 1) else {
                // An unclosed bracket is a literal "[".
                return t.first() == Some(&'[') && like_at(&t[1..], rest);
            };
            let class = &rest[..close];
            let after = &rest[close + 1..];
            let Some(&c) = t.first() else { return false };
            class_matches(class, c) && like_at(&t[1..], after)
        }
        lit => t.first() == Some(&lit) && like_at(&t[1..], rest),
    }
}

fn class_matches(class: &[char], c: char) -> bool {
    let (negate, items) = match class.split_first() {
        Some(('^', rest)) if !rest.is_empty() => (true, rest),
        _ => (false, class),
    };
    let mut hit = false;
    let mut i = 0;
    while i < items.len() {
        if i + 2 < items.len() && items[i + 1] == '-' {
            hit |= items[i] <= c && c <= items[i + 2];
            i += 3;
        } else {
            hit |= items[i] == c;
            i += 1;
        }
    }
    hit != negate
}
