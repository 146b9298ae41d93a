//! The `conditions` / `childConditions` language: parse (with field and type checks against the
//! collection's schema) and evaluate against a record's JSON. String comparisons ignore case, as
//! on ConnectWise's SQL Server; `like` uses SQL Server LIKE patterns (`%`, `_`, `[...]`).
//! Quoted strings accept `\` escapes — the real escape syntax is UNCONFIRMED, so the simulator is
//! tolerant and the client escapes this way.

mod eval;
mod parse;

use chrono::{DateTime, Utc};

use super::schema::Kind;

pub(crate) use eval::matches;
pub(crate) use parse::parse;

/// A parse or type error, returned to the client as a 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConditionError(pub String);

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Date(DateTime<Utc>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Like,
    NotLike,
    Contains,
    NotContains,
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Cmp {
        path: Vec<String>,
        kind: Kind,
        op: Op,
        lit: Lit,
    },
    In {
        path: Vec<String>,
        kind: Kind,
        negated: bool,
        lits: Vec<Lit>,
    },
}

#[cfg(test)]
mod tests {
    use super::super::schema;
    use super::super::store::Collection;
    use super::eval::like;
    use super::*;
    use serde_json::{json, Value};

    fn company_filter(src: &str) -> Result<Expr, ConditionError> {
        parse(src, &|p| schema::field(Collection::Companies, p))
    }

    fn row() -> Value {
        json!({"id": 250, "name": "O'Brien \"IT\" [North] 50%", "deletedFlag": false,
               "status": {"id": 1, "name": "Active"}, "dateAcquired": "2019-07-01T00:00:00Z",
               "types": [{"id": 1, "name": "Customer"}, {"id": 4, "name": "Partner"}]})
    }

    #[test]
    fn evaluates_table() {
        let cases = [
            ("id=250", true),
            ("id = 251", false),
            ("id!=251 and deletedFlag=false", true),
            ("ID >= 250 AND id<300", true),
            (r#"name="o'brien \"it\" [north] 50%""#, true),
            (r#"name='O\'Brien "IT" [North] 50%'"#, true),
            (r#"name contains "[[]North]""#, true),
            (r#"name contains "[N]orth""#, true),
            (r#"name like "O%50[%]""#, true),
            (r#"name like "O%5_[%]""#, true),
            (r#"name not like "X%""#, true),
            ("status/id in (2,3) or (id=250 and deletedFlag=false)", true),
            ("status/id not in (1)", false),
            ("status/name = \"ACTIVE\"", true),
            ("dateAcquired > [2019-01-01T00:00:00Z]", true),
            ("dateAcquired < [2019-01-01]", false),
            ("dateDeleted = null", true),
            ("dateDeleted != null", false),
            ("city = null", true),
        ];
        for (src, expected) in cases {
            let e = company_filter(src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            assert_eq!(matches(&e, &row()), expected, "{src}");
        }
    }

    #[test]
    fn child_conditions_any_element() {
        let e = parse("types/id=4", &|p| {
            schema::child_field(Collection::Companies, p)
        })
        .unwrap();
        assert!(matches(&e, &row()));
        let e = parse(r#"types/name in ("Vendor","Prospect")"#, &|p| {
            schema::child_field(Collection::Companies, p)
        })
        .unwrap();
        assert!(!matches(&e, &row()));
    }

    #[test]
    fn rejects_bad_input() {
        for bad in [
            "nosuchfield=1",
            "deletedFlag=1",
            "id=\"250\"",
            "name=unquoted",
            "name=\"open",
            "dateAcquired > 2019-01-01",
            "id=250 and",
            "(id=250",
            "id in 1,2",
            "id like \"2%\"",
            "types/id=1",
            "id=250 id=251",
            "deletedFlag > true",
        ] {
            assert!(company_filter(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn like_patterns() {
        assert!(like("abc", "a_c"));
        assert!(like("ABC", "a%"));
        assert!(like("a[c", "a[[]c"));
        assert!(like("b", "[a-c]"));
        assert!(!like("d", "[a-c]"));
        assert!(like("d", "[^a-c]"));
        assert!(!like("abc", "ab"));
    }
}
