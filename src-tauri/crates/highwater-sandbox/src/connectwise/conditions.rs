//! The `conditions` / `childConditions` language: parse (with field and type checks against the
//! collection's schema) and evaluate against a record's JSON. String comparisons ignore case, as
//! on ConnectWise's SQL Server; `like` uses SQL Server LIKE patterns (`%`, `_`, `[...]`).
//! Quoted strings accept `\` escapes — the real escape syntax is UNCONFIRMED, so the simulator is
//! tolerant and the client escapes this way.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::schema::Kind;

/// The real server's wording for a bad literal, reused for every syntax error.
const LITERAL_RULES: &str = "strings must be in double or single quotes, datetimes in square \
     brackets [yyyy-MM-ddTHH:mm:ssZ], numbers as digits, booleans as true or false, and null as null";

/// A parse or type error, returned to the client as a 400.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConditionError(pub String);

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Num(f64),
    Date(DateTime<Utc>),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
    Date(DateTime<Utc>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
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

fn err(msg: impl Into<String>) -> ConditionError {
    ConditionError(msg.into())
}

fn lex(input: &str) -> Result<Vec<Tok>, ConditionError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '"' | '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(err(format!("Unterminated string. {LITERAL_RULES}"))),
                        Some('\\') if i + 1 < chars.len() => {
                            s.push(chars[i + 1]);
                            i += 2;
                        }
                        Some(q) if *q == c => {
                            i += 1;
                            break;
                        }
                        Some(other) => {
                            s.push(*other);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Str(s));
            }
            '[' => {
                let end = chars[i..]
                    .iter()
                    .position(|c| *c == ']')
                    .ok_or_else(|| err(format!("Unterminated datetime. {LITERAL_RULES}")))?;
                let raw: String = chars[i + 1..i + end].iter().collect();
                out.push(Tok::Date(parse_date(raw.trim()).ok_or_else(|| {
                    err(format!("Invalid datetime [{raw}]. {LITERAL_RULES}"))
                })?));
                i += end + 1;
            }
            '=' => {
                out.push(Tok::Op("="));
                i += 1;
            }
            '!' if chars.get(i + 1) == Some(&'=') => {
                out.push(Tok::Op("!="));
                i += 2;
            }
            '<' | '>' => {
                let two = chars.get(i + 1) == Some(&'=');
                let not_eq = c == '<' && chars.get(i + 1) == Some(&'>');
                out.push(Tok::Op(match (c, two, not_eq) {
                    (_, _, true) => "!=",
                    ('<', true, _) => "<=",
                    ('<', false, _) => "<",
                    ('>', true, _) => ">=",
                    _ => ">",
                }));
                i += if two || not_eq { 2 } else { 1 };
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.get(i + 1).is_some_and(char::is_ascii_digit)) =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let raw: String = chars[start..i].iter().collect();
                out.push(Tok::Num(raw.parse().map_err(|_| {
                    err(format!("Invalid number {raw}. {LITERAL_RULES}"))
                })?));
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '/')
                {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            }
            other => return Err(err(format!("Unexpected character '{other}'. {LITERAL_RULES}"))),
        }
    }
    Ok(out)
}

fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(d) = DateTime::parse_from_rfc3339(raw) {
        return Some(d.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// Resolves a field path to its canonical segments and type.
pub(crate) type Resolver<'a> = &'a dyn Fn(&str) -> Option<(Vec<String>, Kind)>;

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    resolve: Resolver<'a>,
}

/// Parses an expression; unknown fields and mistyped literals are errors.
pub(crate) fn parse(input: &str, resolve: Resolver<'_>) -> Result<Expr, ConditionError> {
    let mut p = Parser {
        toks: lex(input)?,
        pos: 0,
        resolve,
    };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return Err(err(format!(
            "Unexpected {:?} after a complete condition",
            p.toks[p.pos]
        )));
    }
    Ok(e)
}

impl Parser<'_> {
    fn peek_word(&self, w: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w))
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn or(&mut self) -> Result<Expr, ConditionError> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ConditionError> {
        let mut left = self.primary()?;
        while self.peek_word("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.primary()?));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr, ConditionError> {
        match self.next() {
            Some(Tok::LParen) => {
                let e = self.or()?;
                match self.next() {
                    Some(Tok::RParen) => Ok(e),
                    _ => Err(err("Missing closing parenthesis")),
                }
            }
            Some(Tok::Word(path)) => self.comparison(&path),
            other => Err(err(format!("Expected a field name, found {other:?}"))),
        }
    }

    fn comparison(&mut self, raw_path: &str) -> Result<Expr, ConditionError> {
        let (path, kind) = (self.resolve)(raw_path)
            .ok_or_else(|| err(format!("{raw_path} is not a valid conditions field")))?;
        let negated = self.peek_word("not");
        if negated {
            self.pos += 1;
        }
        let op = match self.next() {
            Some(Tok::Op(o)) if !negated => match o {
                "=" => Op::Eq,
                "!=" => Op::Ne,
                "<" => Op::Lt,
                "<=" => Op::Le,
                ">" => Op::Gt,
                _ => Op::Ge,
            },
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("in") => {
                return self.in_list(path, kind, negated)
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("like") => {
                if negated {
                    Op::NotLike
                } else {
                    Op::Like
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("contains") => {
                if negated {
                    Op::NotContains
                } else {
                    Op::Contains
                }
            }
            other => return Err(err(format!("Expected an operator after {raw_path}, found {other:?}"))),
        };
        let lit = self.literal(raw_path, kind)?;
        if matches!(op, Op::Like | Op::NotLike | Op::Contains | Op::NotContains)
            && !(kind == Kind::Str && matches!(lit, Lit::Str(_)))
        {
            return Err(err(format!("{raw_path}: like and contains need a text field and a quoted string")));
        }
        if matches!(lit, Lit::Bool(_) | Lit::Null) && !matches!(op, Op::Eq | Op::Ne) {
            return Err(err(format!("{raw_path}: only = and != compare with true, false or null")));
        }
        Ok(Expr::Cmp {
            path,
            kind,
            op,
            lit,
        })
    }

    fn in_list(&mut self, path: Vec<String>, kind: Kind, negated: bool) -> Result<Expr, ConditionError> {
        if self.next() != Some(Tok::LParen) {
            return Err(err("Expected ( after in"));
        }
        let name = path.join("/");
        let mut lits = vec![self.literal(&name, kind)?];
        loop {
            match self.next() {
                Some(Tok::Comma) => lits.push(self.literal(&name, kind)?),
                Some(Tok::RParen) => break,
                _ => return Err(err("Expected , or ) in an in list")),
            }
        }
        Ok(Expr::In {
            path,
            kind,
            negated,
            lits,
        })
    }

    fn literal(&mut self, field: &str, kind: Kind) -> Result<Lit, ConditionError> {
        let lit = match self.next() {
            Some(Tok::Str(s)) => Lit::Str(s),
            Some(Tok::Num(n)) => Lit::Num(n),
            Some(Tok::Date(d)) => Lit::Date(d),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("true") => Lit::Bool(true),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("false") => Lit::Bool(false),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("null") => Lit::Null,
            other => return Err(err(format!("Invalid value {other:?} for {field}. {LITERAL_RULES}"))),
        };
        let fits = matches!(
            (kind, &lit),
            (_, Lit::Null)
                | (Kind::Str, Lit::Str(_))
                | (Kind::Int | Kind::Num, Lit::Num(_))
                | (Kind::Bool, Lit::Bool(_))
                | (Kind::Date, Lit::Date(_))
        );
        if !fits {
            return Err(err(format!("Invalid value for {field}. {LITERAL_RULES}")));
        }
        Ok(lit)
    }
}

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
        (Kind::Date, Lit::Date(d)) => v
            .as_str()
            .and_then(parse_date)
            .map(|x| x.cmp(d)),
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

#[cfg(test)]
mod tests {
    use super::super::schema;
    use super::super::store::Collection;
    use super::*;
    use serde_json::json;

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
        let e = parse("types/id=4", &|p| schema::child_field(Collection::Companies, p)).unwrap();
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
