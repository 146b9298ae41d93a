//! `Amount`: money and quantities without floating-point drift. Stored as INTEGER micro-units
//! (millionths), so 12.34 is 12_340_000 and cents are never lost; ConnectWise's doubles and the
//! CLI's decimal text convert at the edges.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::{Error, Result};

const SCALE: i64 = 1_000_000;
const DECIMALS: usize = 6;

/// A signed decimal with six fractional digits (a cost per seat, a unit price, a quantity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(i64);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(0);

    /// From micro-units (millionths).
    pub const fn from_micros(micros: i64) -> Self {
        Self(micros)
    }

    /// From a whole number (a user count as a quantity).
    pub fn from_whole(units: i64) -> Result<Self> {
        units
            .checked_mul(SCALE)
            .map(Self)
            .ok_or_else(|| Error::InvalidAmount(format!("{units} is too large an amount.")))
    }

    /// From a double as ConnectWise sends it, rounded to the nearest micro-unit.
    pub fn from_f64(value: f64) -> Result<Self> {
        let micros = (value * SCALE as f64).round();
        // i64::MAX as f64 rounds up to 2^63, so `<` (not `<=`) keeps the cast in range.
        if !micros.is_finite() || micros >= i64::MAX as f64 || micros < i64::MIN as f64 {
            return Err(Error::InvalidAmount(format!(
                "{value} is not a usable amount."
            )));
        }
        Ok(Self(micros as i64))
    }

    /// Micro-units (millionths).
    pub const fn micros(self) -> i64 {
        self.0
    }

    /// As a double, for the ConnectWise API and JSON output.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / SCALE as f64
    }

    /// True when below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl FromStr for Amount {
    type Err = Error;

    /// Parses decimal text exactly: `12`, `12.5`, `-0.25`, `.5`. More than six decimals is refused
    /// rather than rounded, so what the admin typed is what gets stored.
    fn from_str(text: &str) -> Result<Self> {
        let invalid = || Error::InvalidAmount(format!("\"{text}\" is not a decimal number."));
        let trimmed = text.trim();
        let (negative, digits) = match trimmed.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, trimmed.strip_prefix('+').unwrap_or(trimmed)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction)
        {
            return Err(invalid());
        }
        if fraction.len() > DECIMALS {
            return Err(Error::InvalidAmount(format!(
                "\"{text}\" has more than {DECIMALS} decimal places."
            )));
        }
        let too_large = || Error::InvalidAmount(format!("\"{text}\" is too large an amount."));
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| too_large())?
        };
        let padded = format!("{fraction:0<DECIMALS$}");
        let fraction: i64 = padded.parse().map_err(|_| invalid())?;
        let micros = whole
            .checked_mul(SCALE)
            .and_then(|w| w.checked_add(fraction))
            .ok_or_else(too_large)?;
        Ok(Self(if negative { -micros } else { micros }))
    }
}

impl fmt::Display for Amount {
    /// Shortest exact decimal: `12.5`, `3`, `-0.000001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let whole = abs / SCALE as u64;
        let fraction = abs % SCALE as u64;
        if fraction == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let digits = format!("{fraction:0DECIMALS$}");
            write!(f, "{sign}{whole}.{}", digits.trim_end_matches('0'))
        }
    }
}

impl ToSql for Amount {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.0))
    }
}

impl FromSql for Amount {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value.as_i64().map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_decimal_text_exactly() {
        for (text, micros) in [
            ("12", 12_000_000),
            ("12.5", 12_500_000),
            ("12.34", 12_340_000),
            ("0.000001", 1),
            (".5", 500_000),
            ("-0.25", -250_000),
            (" 7.10 ", 7_100_000),
            ("+3", 3_000_000),
        ] {
            assert_eq!(text.parse::<Amount>().unwrap().micros(), micros, "{text}");
        }
    }

    #[test]
    fn refuses_what_it_cannot_store_exactly() {
        for text in [
            "",
            ".",
            "abc",
            "1.2.3",
            "1e3",
            "1.0000001",
            "--1",
            "99999999999999999999",
        ] {
            assert!(text.parse::<Amount>().is_err(), "{text} should be refused");
        }
    }

    #[test]
    fn displays_shortest_exact_decimal() {
        assert_eq!(Amount::from_micros(12_500_000).to_string(), "12.5");
        assert_eq!(Amount::from_micros(3_000_000).to_string(), "3");
        assert_eq!(Amount::from_micros(-1).to_string(), "-0.000001");
        assert_eq!(Amount::from_micros(-2_050_000).to_string(), "-2.05");
    }

    #[test]
    fn converts_doubles_without_losing_cents() {
        assert_eq!(Amount::from_f64(0.1 + 0.2).unwrap().to_string(), "0.3");
        assert_eq!(Amount::from_f64(19.99).unwrap().micros(), 19_990_000);
        assert_eq!(Amount::from_f64(19.99).unwrap().to_f64(), 19.99);
        assert!(Amount::from_f64(f64::NAN).is_err());
        assert!(Amount::from_f64(1e300).is_err());
        assert_eq!(Amount::from_whole(42).unwrap().micros(), 42_000_000);
    }
}
