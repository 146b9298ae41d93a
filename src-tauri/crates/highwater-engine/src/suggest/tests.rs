//! Ranking tables: near-duplicates, "&"/"and", punctuation, reordered and misspelt names, no match.

use super::*;

fn companies(names: &[&str]) -> CompanyIndex {
    CompanyIndex::build(names.iter().enumerate().map(|(i, name)| CompanyRef {
        id: i as i64 + 1,
        identifier: format!("C{}", i + 1),
        name: (*name).to_owned(),
    }))
}

fn org(name: &str) -> OrgRef {
    OrgRef {
        id: format!("org-{name}"),
        name: name.to_owned(),
    }
}

/// (company name, reason label) pairs of a ranking, best first.
fn ranking(suggestion: &OrgSuggestion) -> Vec<(String, String)> {
    suggestion
        .candidates
        .iter()
        .map(|c| (c.name.clone(), c.reason_label()))
        .collect()
}

const CATALOG: &[&str] = &[
    "Acme Inc",
    "ACME, Inc.",
    "Acme Industries",
    "Smith and Sons",
    "O'Brien Plumbing Ltd",
    "Contoso Pty Ltd",
    "Fabrikam GmbH & Co. KG",
    "Northwind Traders",
    "Jones Smith Partners",
    "Tailspin Toys",
    "Wingtip Toys",
    "Société Générale S.A.",
];

#[test]
fn ranking_table() {
    let index = companies(CATALOG);
    /// (org name, expected verdict, expected top candidates with their reason labels)
    type Case = (&'static str, Verdict, Vec<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        // Two companies equal after normalising: a toss-up, with the prefix match ranked below.
        (
            "Acme",
            Verdict::Ambiguous,
            vec![
                ("ACME, Inc.", "exact after normalising"),
                ("Acme Inc", "exact after normalising"),
                ("Acme Industries", "prefix"),
            ],
        ),
        (
            "ACME Corporation",
            Verdict::Ambiguous,
            vec![
                ("ACME, Inc.", "exact after normalising"),
                ("Acme Inc", "exact after normalising"),
                ("Acme Industries", "prefix"),
            ],
        ),
        // The full name is exact for one company and a prefix-extension of the other two.
        (
            "Acme Industries, LLC",
            Verdict::Clear,
            vec![
                ("Acme Industries", "exact after normalising"),
                ("ACME, Inc.", "prefix"),
                ("Acme Inc", "prefix"),
            ],
        ),
        (
            "Smith & Sons LLC",
            Verdict::Clear,
            vec![("Smith and Sons", "exact after normalising")],
        ),
        (
            "OBrien Plumbing",
            Verdict::Clear,
            vec![("O'Brien Plumbing Ltd", "exact after normalising")],
        ),
        (
            "O\u{2019}Brien Plumbing, Inc.",
            Verdict::Clear,
            vec![("O'Brien Plumbing Ltd", "exact after normalising")],
        ),
        (
            "Contoso Limited",
            Verdict::Clear,
            vec![("Contoso Pty Ltd", "exact after normalising")],
        ),
        (
            "Fabrikam",
            Verdict::Clear,
            vec![("Fabrikam GmbH & Co. KG", "exact after normalising")],
        ),
        (
            "Societe Generale",
            Verdict::Clear,
            vec![("Société Générale S.A.", "exact after normalising")],
        ),
        // A typo in the first word: found through trigrams, not the first-word bucket.
        (
            "Northwnd Traders",
            Verdict::Clear,
            vec![("Northwind Traders", "similar: 0.96")],
        ),
        // Reordered words: the sorted-words comparison sees the same name.
        (
            "Smith Jones Partners",
            Verdict::Clear,
            vec![("Jones Smith Partners", "similar: 1.00")],
        ),
        // Shares only "Toys" with two companies: not similar enough.
        ("Adventure Toys", Verdict::NoMatch, vec![]),
        ("Globex", Verdict::NoMatch, vec![]),
        // Punctuation only: nothing to compare.
        ("---", Verdict::NoMatch, vec![]),
    ];
    for (name, verdict, expected) in cases {
        let suggestion = index.suggest(&org(name), 3);
        let expected: Vec<(String, String)> = expected
            .into_iter()
            .map(|(n, r)| (n.to_owned(), r.to_owned()))
            .collect();
        assert_eq!(ranking(&suggestion), expected, "ranking for {name:?}");
        assert_eq!(suggestion.verdict, verdict, "verdict for {name:?}");
        assert_eq!(suggestion.org_id, format!("org-{name}"));
    }
}

#[test]
fn ambiguous_rankings_are_never_applicable() {
    let index = companies(CATALOG);
    let acme = index.suggest(&org("Acme"), 5);
    assert_eq!(acme.verdict, Verdict::Ambiguous);
    assert_eq!(acme.best(), None);
    assert_eq!(
        acme.proposal(&[jumpcloud_agreement(1), jumpcloud_agreement(2)]),
        None
    );

    let smith = index.suggest(&org("Smith & Sons"), 5);
    assert_eq!(smith.best().map(|c| c.company_id), Some(4));
}

#[test]
fn two_prefix_matches_are_a_toss_up() {
    let index = companies(&["Acme Industries", "Acme Systems"]);
    let suggestion = index.suggest(&org("Acme"), 5);
    assert_eq!(suggestion.verdict, Verdict::Ambiguous);
    assert!(suggestion
        .candidates
        .iter()
        .all(|c| c.reason == MatchReason::Prefix));
}

#[test]
fn a_tie_beyond_the_limit_still_makes_it_ambiguous() {
    let index = companies(&["Acme Inc", "ACME, Inc."]);
    let suggestion = index.suggest(&org("Acme"), 1);
    assert_eq!(suggestion.candidates.len(), 1);
    assert_eq!(suggestion.verdict, Verdict::Ambiguous);
}

#[test]
fn similar_scores_close_together_are_ambiguous() {
    // One letter off either way: equal similarity, nothing to choose between them.
    let index = companies(&["Contosa Traders", "Contoso Trader"]);
    let suggestion = index.suggest(&org("Contoso Traders"), 5);
    assert_eq!(suggestion.candidates.len(), 2);
    assert!(suggestion
        .candidates
        .iter()
        .all(|c| c.reason == MatchReason::Similar));
    assert_eq!(suggestion.verdict, Verdict::Ambiguous);
}

fn jumpcloud_agreement(company_id: i64) -> AgreementSummary {
    AgreementSummary {
        id: 100 + company_id,
        company_id,
        name: "Managed Services".to_owned(),
        active: true,
        additions: vec![AdditionSummary {
            id: 1000 + company_id,
            product_identifier: "JC-SEAT".to_owned(),
            description: Some("JumpCloud user".to_owned()),
            cancelled: false,
        }],
    }
}

#[test]
fn proposal_completes_a_clear_match_with_its_own_agreement() {
    let index = companies(CATALOG);
    let smith = index.suggest(&org("Smith & Sons LLC"), 3);
    // Agreements of other companies are ignored; the best company's one is used.
    let agreements = [jumpcloud_agreement(3), jumpcloud_agreement(4)];
    assert_eq!(
        smith.proposal(&agreements),
        Some(MappingProposal {
            company_id: 4,
            agreement_id: 104,
            addition_id: 1004,
        })
    );
    // Without a JumpCloud-looking addition for that company, no full proposal.
    assert_eq!(smith.proposal(&[jumpcloud_agreement(3)]), None);
}

#[test]
fn suggest_all_matches_one_by_one() {
    let index = companies(CATALOG);
    let orgs: Vec<OrgRef> = ["Acme", "Smith & Sons", "Globex", "Northwnd Traders"]
        .into_iter()
        .map(org)
        .collect();
    let batch = index.suggest_all(&orgs, 3);
    let single: Vec<OrgSuggestion> = orgs.iter().map(|o| index.suggest(o, 3)).collect();
    assert_eq!(batch, single);
}

#[test]
fn unnameable_companies_are_left_out_of_the_index() {
    let index = companies(&["...", "Acme"]);
    assert_eq!(index.len(), 1);
    assert!(!index.is_empty());
}
