//! Lexing and parsing a conditions expression into an [`Expr`], resolving every field path
//! against the collection's schema and type-checking each literal.

use chrono::{DateTime, NaiveDate, Utc};

use super::{ConditionError, Expr, Lit, Op};
use crate::connectwise::schema::Kind;

/// The real server's wording for a bad literal, reused for every syntax error.
const LITERAL_RULES: &str = "strings must be in double or single quotes, datetimes in square \
     brackets [yyyy-MM-ddTHH:mm:ssZ], numbers as digits, booleans as true or false, and null as null";

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
            other => {
                return Err(err(format!(
                    "Unexpected character '{other}'. {LITERAL_RULES}"
                )))
            }
        }
    }
    Ok(out)
}

pub(super) fn parse_date(raw: &str) -> Option<DateTime<Utc>> {
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
            other => {
                return Err(err(format!(
                    "Expected an operator after {raw_path}, found {other:?}"
                )))
            }
        };
        let lit = self.literal(raw_path, kind)?;
        if matches!(op, Op::Like | Op::NotLike | Op::Contains | Op::NotContains)
            && !(kind == Kind::Str && matches!(lit, Lit::Str(_)))
        {
            return Err(err(format!(
                "{raw_path}: like and contains need a text field and a quoted string"
            )));
        }
        if matches!(lit, Lit::Bool(_) | Lit::Null) && !matches!(op, Op::Eq | Op::Ne) {
            return Err(err(format!(
                "{raw_path}: only = and != compare with true, false or null"
            )));
        }
        Ok(Expr::Cmp {
            path,
            kind,
            op,
            lit,
        })
    }

    fn in_list(
        &mut self,
        path: Vec<String>,
        kind: Kind,
        negated: bool,
    ) -> Result<Expr, ConditionError> {
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
            other => {
                return Err(err(format!(
                    "Invalid value {other:?} for {field}. {LITERAL_RULES}"
                )))
            }
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
