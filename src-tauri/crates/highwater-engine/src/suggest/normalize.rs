//! Company-name normalising: the form two names are compared in, so "ACME, Inc." and "Acme Inc"
//! or "Smith & Sons LLC" and "Smith and Sons" come out equal.

use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

/// Trailing tokens that say what kind of legal entity a company is, not which one it is
/// (already lower-cased, with dots removed: "L.L.C." arrives here as "llc").
const LEGAL_SUFFIXES: &[&str] = &[
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "pllc",
    "pc",
    "ltd",
    "limited",
    "gmbh",
    "mbh",
    "pty",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "ag",
    "bv",
    "nv",
    "kg",
    "oy",
    "ab",
    "as",
    "aps",
];

/// The normalised form of a company or organization name: lower case, diacritics folded, "&"
/// spelt "and", apostrophes and dots dropped (O'Brien → obrien, L.L.C. → llc), other punctuation
/// as spaces, a leading "the" and trailing legal suffixes removed, single spaces between words.
/// A name made only of such words keeps its last one, so "Company" does not normalise to nothing.
pub fn normalize_name(name: &str) -> String {
    normalized_tokens(name).join(" ")
}

pub(crate) fn normalized_tokens(name: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(name.len() + 8);
    for c in name.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '&' => cleaned.push_str(" and "),
            // Inside words: O'Brien, L.L.C., Inc.
            '\'' | '\u{2019}' | '\u{2018}' | '`' | '.' => {}
            // Letters that do not decompose into a base letter plus a mark.
            'ß' => cleaned.push_str("ss"),
            'æ' | 'Æ' => cleaned.push_str("ae"),
            'œ' | 'Œ' => cleaned.push_str("oe"),
            'ø' | 'Ø' => cleaned.push('o'),
            'đ' | 'Đ' => cleaned.push('d'),
            'ł' | 'Ł' => cleaned.push('l'),
            c if c.is_alphanumeric() => cleaned.extend(c.to_lowercase()),
            _ => cleaned.push(' '),
        }
    }
    let mut tokens: Vec<String> = cleaned.split_whitespace().map(str::to_owned).collect();
    if tokens.len() > 1 && tokens[0] == "the" {
        tokens.remove(0);
    }
    // "Smith & Co." → "smith and co": after "co" goes, the dangling "and" goes too.
    while tokens.len() > 1 {
        let last = tokens[tokens.len() - 1].as_str();
        if last == "and" || LEGAL_SUFFIXES.contains(&last) {
            tokens.pop();
        } else {
            break;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_table() {
        let cases = [
            ("Acme Inc", "acme"),
            ("ACME, Inc.", "acme"),
            ("Acme Industries", "acme industries"),
            ("Acme Corporation", "acme"),
            ("Acme Corp.", "acme"),
            ("Smith & Sons LLC", "smith and sons"),
            ("Smith and Sons", "smith and sons"),
            ("Smith &Sons, L.L.C.", "smith and sons"),
            ("O'Brien Plumbing", "obrien plumbing"),
            ("O\u{2019}Brien Plumbing Ltd", "obrien plumbing"),
            ("OBrien   Plumbing", "obrien plumbing"),
            ("Müller GmbH", "muller"),
            ("Société Générale S.A.", "societe generale"),
            ("Straße AG", "strasse"),
            ("Contoso Pty Ltd", "contoso"),
            ("Contoso Pty. Limited", "contoso"),
            ("Fabrikam GmbH & Co. KG", "fabrikam"),
            ("The Widget Company", "widget"),
            ("Smith & Co", "smith"),
            ("Northwind Traders PLC", "northwind traders"),
            ("Tailspin B.V.", "tailspin"),
            ("  Blue\tYonder\n", "blue yonder"),
            ("Alpha-Beta/Gamma", "alpha beta gamma"),
            // Nothing but suffix words: keep the last one rather than an empty name.
            ("Company", "company"),
            ("Inc.", "inc"),
            ("The", "the"),
            ("", ""),
            ("---", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize_name(input), expected, "normalising {input:?}");
        }
    }
}
