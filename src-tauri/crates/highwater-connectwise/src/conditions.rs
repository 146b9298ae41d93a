//! Building `conditions` / `childConditions` expressions safely: values are always rendered as
//! typed literals with quotes and brackets escaped, so a company called `O'Brien "IT" [x]` can
//! neither break a query nor inject another clause.
//!
//! Escaping rules (the server's quoting rules are documented, its escape syntax is UNCONFIRMED):
//! strings are double-quoted with `\` escaping `"` and `\`; in `like`/`contains` values the SQL
//! LIKE metacharacters `[`, `%` and `_` are wrapped as `[[]`, `[%]`, `[_]` so they match literally
//! (ConnectWise runs on SQL Server, whose LIKE treats brackets as character classes).

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};

/// A literal value in a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// A quoted string.
    Str(String),
    /// An integer.
    Int(i64),
    /// A decimal.
    Float(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `[2024-01-01T00:00:00Z]`.
    DateTime(DateTime<Utc>),
}

impl From<&str> for Literal {
    fn from(v: &str) -> Self {
        Self::Str(v.to_owned())
    }
}
impl From<String> for Literal {
    fn from(v: String) -> Self {
        Self::Str(v)
    }
}
impl From<i64> for Literal {
    fn from(v: i64) -> Self {
        Self::Int(v)
    }
}
impl From<i32> for Literal {
    fn from(v: i32) -> Self {
        Self::Int(v.into())
    }
}
impl From<f64> for Literal {
    fn from(v: f64) -> Self {
        Self::Float(v)
    }
}
impl From<bool> for Literal {
    fn from(v: bool) -> Self {
        Self::Bool(v)
    }
}
impl From<DateTime<Utc>> for Literal {
    fn from(v: DateTime<Utc>) -> Self {
        Self::DateTime(v)
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Str(s) => write!(f, "\"{}\"", escape_quoted(s)),
            Self::Int(n) => write!(f, "{n}"),
            Self::Float(x) if x.is_finite() => write!(f, "{x}"),
            // NaN/inf have no literal form; null compares false against every number.
            Self::Float(_) | Self::Null => f.write_str("null"),
            Self::Bool(b) => write!(f, "{b}"),
            Self::DateTime(d) => write!(f, "[{}]", d.to_rfc3339_opts(SecondsFormat::Secs, true)),
        }
    }
}

fn escape_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '[' => out.push_str("[[]"),
            '%' => out.push_str("[%]"),
            '_' => out.push_str("[_]"),
            _ => out.push(c),
        }
    }
    out
}

/// A field path such as `company/id`. Paths are identifiers chosen by code, never user input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field(String);

/// Starts a comparison on `path` (letters, digits, `_` and `/` only).
pub fn field(path: &str) -> Field {
    debug_assert!(
        !path.is_empty()
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '/'),
        "condition field paths are code identifiers: {path:?}"
    );
    Field(path.to_owned())
}

impl Field {
    fn cmp(self, op: &'static str, v: impl Into<Literal>) -> Condition {
        Condition::Compare {
            field: self.0,
            op,
            value: v.into(),
        }
    }
    /// `field = value`.
    pub fn eq(self, v: impl Into<Literal>) -> Condition {
        self.cmp("=", v)
    }
    /// `field != value`.
    pub fn ne(self, v: impl Into<Literal>) -> Condition {
        self.cmp("!=", v)
    }
    /// `field < value`.
    pub fn lt(self, v: impl Into<Literal>) -> Condition {
        self.cmp("<", v)
    }
    /// `field <= value`.
    pub fn le(self, v: impl Into<Literal>) -> Condition {
        self.cmp("<=", v)
    }
    /// `field > value`.
    pub fn gt(self, v: impl Into<Literal>) -> Condition {
        self.cmp(">", v)
    }
    /// `field >= value`.
    pub fn ge(self, v: impl Into<Literal>) -> Condition {
        self.cmp(">=", v)
    }
    /// `field contains "text"` — `text` matches literally.
    pub fn contains(self, text: &str) -> Condition {
        self.cmp("contains", Literal::Str(escape_like(text)))
    }
    /// `field like "pattern"` — `pattern` is passed as written (`%` is the wildcard); use
    /// [`like_escape`] on user text embedded in it.
    pub fn like(self, pattern: &str) -> Condition {
        self.cmp("like", Literal::Str(pattern.to_owned()))
    }
    /// `field in (v1, v2, …)`.
    pub fn is_in<L: Into<Literal>>(self, values: impl IntoIterator<Item = L>) -> Condition {
        Condition::In {
            field: self.0,
            negated: false,
            values: values.into_iter().map(Into::into).collect(),
        }
    }
    /// `field not in (v1, v2, …)`.
    pub fn not_in<L: Into<Literal>>(self, values: impl IntoIterator<Item = L>) -> Condition {
        Condition::In {
            field: self.0,
            negated: true,
            values: values.into_iter().map(Into::into).collect(),
        }
    }
}

/// Escapes user text for embedding in a `like` pattern so it matches literally.
pub fn like_escape(text: &str) -> String {
    escape_like(text)
}

/// A condition expression; render it with `to_string()`.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `field op literal`.
    Compare {
        /// Field path.
        field: String,
        /// Operator text.
        op: &'static str,
        /// Right-hand side.
        value: Literal,
    },
    /// `field [not] in (…)`.
    In {
        /// Field path.
        field: String,
        /// `not in`.
        negated: bool,
        /// Members.
        values: Vec<Literal>,
    },
    /// All of.
    And(Vec<Condition>),
    /// Any of.
    Or(Vec<Condition>),
}

impl Condition {
    /// `self and other`.
    pub fn and(self, other: Condition) -> Condition {
        match self {
            Self::And(mut v) => {
                v.push(other);
                Self::And(v)
            }
            c => Self::And(vec![c, other]),
        }
    }
    /// `self or other`.
    pub fn or(self, other: Condition) -> Condition {
        match self {
            Self::Or(mut v) => {
                v.push(other);
                Self::Or(v)
            }
            c => Self::Or(vec![c, other]),
        }
    }

    fn write(&self, f: &mut fmt::Formatter<'_>, nested: bool) -> fmt::Result {
        match self {
            Self::Compare { field, op, value } => {
                if op.chars().all(|c| c.is_ascii_alphabetic()) {
                    write!(f, "{field} {op} {value}")
                } else {
                    write!(f, "{field}{op}{value}")
                }
            }
            Self::In {
                field,
                negated,
                values,
            } => {
                // `in ()` is not valid syntax; an empty set matches nothing (or everything).
                if values.is_empty() {
                    return f.write_str(if *negated { "id!=null" } else { "id=null" });
                }
                let list: Vec<String> = values.iter().map(ToString::to_string).collect();
                let kw = if *negated { "not in" } else { "in" };
                write!(f, "{field} {kw} ({})", list.join(","))
            }
            Self::And(items) | Self::Or(items) => {
                let joiner = if matches!(self, Self::And(_)) {
                    " and "
                } else {
                    " or "
                };
                let wrap = nested && items.len() > 1;
                if wrap {
                    f.write_str("(")?;
                }
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(joiner)?;
                    }
                    item.write(f, true)?;
                }
                if wrap {
                    f.write_str(")")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn renders_table() {
        let when = Utc.with_ymd_and_hms(2024, 1, 2, 3, 4, 5).unwrap();
        let cases: Vec<(Condition, &str)> = vec![
            (field("company/id").eq(250), "company/id=250"),
            (field("deletedFlag").eq(false), "deletedFlag=false"),
            (
                field("cancelledDate").eq(Literal::Null),
                "cancelledDate=null",
            ),
            (field("endDate").gt(when), "endDate>[2024-01-02T03:04:05Z]"),
            (field("unitCost").ge(2.5), "unitCost>=2.5"),
            (
                field("name").eq("O'Brien \"IT\""),
                r#"name="O'Brien \"IT\"""#,
            ),
            (field("name").eq(r"back\slash"), r#"name="back\\slash""#),
            (
                field("name").contains("50% [off]_x"),
                r#"name contains "50[%] [[]off][_]x""#,
            ),
            (field("name").like("Fred%"), r#"name like "Fred%""#),
            (field("types/id").is_in([1, 2, 3]), "types/id in (1,2,3)"),
            (
                field("board/name").not_in(["A", "B\""]),
                r#"board/name not in ("A","B\"")"#,
            ),
            (field("types/id").is_in(Vec::<i64>::new()), "id=null"),
            (
                field("a").eq(1).and(field("b").eq(2).or(field("c").eq(3))),
                "a=1 and (b=2 or c=3)",
            ),
            (
                field("a").eq(1).or(field("b").eq(2)).and(field("c").eq(3)),
                "(a=1 or b=2) and c=3",
            ),
            (
                field("a").eq(1).and(field("b").eq(2)).and(field("c").eq(3)),
                "a=1 and b=2 and c=3",
            ),
        ];
        for (cond, expected) in cases {
            assert_eq!(cond.to_string(), expected);
        }
    }

    #[test]
    fn contains_escape_roundtrip_chars() {
        // Every bracket that appears in output is either an escape opener or escaped itself.
        let out = like_escape("[]%_");
        assert_eq!(out, "[[]][%][_]");
    }
}
