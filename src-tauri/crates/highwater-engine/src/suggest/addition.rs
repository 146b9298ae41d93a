//! Agreement and addition suggestion: the addition that bills JumpCloud seats is obvious when a
//! company has one active agreement and exactly one live addition in it looks like JumpCloud.

use serde::Serialize;

use super::AgreementSummary;

/// The agreement and addition to map an organization to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AdditionSuggestion {
    pub agreement_id: i64,
    pub addition_id: i64,
}

/// Suggests the addition when `agreements` (one company's) hold exactly one active agreement and,
/// among that agreement's non-cancelled additions, exactly one looks like JumpCloud. Other
/// additions (managed services, backup, …) may sit beside it; two JumpCloud-looking ones, or two
/// active agreements, leave the choice to the admin.
pub fn suggest_addition(agreements: &[AgreementSummary]) -> Option<AdditionSuggestion> {
    let mut active = agreements.iter().filter(|a| a.active);
    let agreement = active.next()?;
    if active.next().is_some() {
        return None;
    }
    let mut jumpcloud = agreement.additions.iter().filter(|addition| {
        !addition.cancelled
            && looks_like_jumpcloud(
                &addition.product_identifier,
                addition.description.as_deref(),
            )
    });
    let addition = jumpcloud.next()?;
    if jumpcloud.next().is_some() {
        return None;
    }
    Some(AdditionSuggestion {
        agreement_id: agreement.id,
        addition_id: addition.id,
    })
}

/// A product identifier or description that names JumpCloud: contains "jumpcloud" (any case,
/// spaces or dashes inside allowed: "Jump Cloud", "jump-cloud"), or has "JC" as a word of its
/// own, which covers "JC-SEAT", "jc_users" and "JC Platform" but not "JCB-Backup".
pub fn looks_like_jumpcloud(product_identifier: &str, description: Option<&str>) -> bool {
    [Some(product_identifier), description]
        .into_iter()
        .flatten()
        .any(text_names_jumpcloud)
}

fn text_names_jumpcloud(text: &str) -> bool {
    let lower = text.to_lowercase();
    let squeezed: String = lower
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .collect();
    if squeezed.contains("jumpcloud") {
        return true;
    }
    // "JC-SEAT", "jc_users", "Managed-JC-Seat": "jc" as a word of its own, not inside "JCB".
    lower
        .split(|c: char| !c.is_alphanumeric())
        .any(|word| word == "jc")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::AdditionSummary;

    fn addition(id: i64, product: &str, description: &str, cancelled: bool) -> AdditionSummary {
        AdditionSummary {
            id,
            product_identifier: product.to_owned(),
            description: (!description.is_empty()).then(|| description.to_owned()),
            cancelled,
        }
    }

    fn agreement(id: i64, active: bool, additions: Vec<AdditionSummary>) -> AgreementSummary {
        AgreementSummary {
            id,
            company_id: 7,
            name: format!("Agreement {id}"),
            active,
            additions,
        }
    }

    #[test]
    fn jumpcloud_lookalikes() {
        let cases = [
            ("JumpCloud-Seat", "", true),
            ("SEAT-01", "JumpCloud Directory user", true),
            ("Jump Cloud", "", true),
            ("JC-USERS", "", true),
            ("jc_platform", "", true),
            ("MSP JC Platform", "", true),
            ("Managed-JC-Seat", "", true),
            ("JCB-Backup", "", false),
            ("ABJC_SEAT", "", false),
            ("Office365", "Microsoft 365 seats", false),
            ("", "", false),
        ];
        for (product, description, expected) in cases {
            let description = (!description.is_empty()).then_some(description);
            assert_eq!(
                looks_like_jumpcloud(product, description),
                expected,
                "{product:?} / {description:?}"
            );
        }
    }

    #[test]
    fn addition_suggestion_table() {
        let jc = || addition(11, "JumpCloud-Seat", "", false);
        let other = || addition(12, "M365", "Microsoft 365", false);
        /// (case, agreements, expected (agreement id, addition id))
        type Case = (&'static str, Vec<AgreementSummary>, Option<(i64, i64)>);
        let cases: Vec<Case> = vec![
            (
                "one agreement, one JumpCloud addition",
                vec![agreement(1, true, vec![jc()])],
                Some((1, 11)),
            ),
            (
                "other additions beside it",
                vec![agreement(1, true, vec![other(), jc()])],
                Some((1, 11)),
            ),
            (
                "inactive agreements are ignored",
                vec![
                    agreement(2, false, vec![addition(21, "JC-SEAT", "", false)]),
                    agreement(1, true, vec![jc()]),
                ],
                Some((1, 11)),
            ),
            (
                "a cancelled JumpCloud addition does not count",
                vec![agreement(
                    1,
                    true,
                    vec![addition(10, "JC-SEAT", "", true), jc()],
                )],
                Some((1, 11)),
            ),
            (
                "two active agreements",
                vec![
                    agreement(1, true, vec![jc()]),
                    agreement(2, true, vec![other()]),
                ],
                None,
            ),
            (
                "two JumpCloud additions",
                vec![agreement(
                    1,
                    true,
                    vec![jc(), addition(13, "jc_admins", "", false)],
                )],
                None,
            ),
            (
                "only cancelled JumpCloud additions",
                vec![agreement(1, true, vec![addition(10, "JC-SEAT", "", true)])],
                None,
            ),
            (
                "no JumpCloud addition",
                vec![agreement(1, true, vec![other()])],
                None,
            ),
            ("no agreements", vec![], None),
        ];
        for (case, agreements, expected) in cases {
            let got = suggest_addition(&agreements).map(|s| (s.agreement_id, s.addition_id));
            assert_eq!(got, expected, "{case}");
        }
    }
}
