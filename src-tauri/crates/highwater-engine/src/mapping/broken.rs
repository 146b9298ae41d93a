//! Whether a saved mapping still points at something billable, and if not, why — decided from the
//! catalog cache alone, so the mapping screen never waits on ConnectWise.

use highwater_store::mappings::{Mapping, TargetState};
use highwater_store::organizations::Organization;

/// The reason a mapping is broken, in words; `None` when it is fine.
pub fn broken_reason(
    org: &Organization,
    mapping: &Mapping,
    target: &TargetState,
) -> Option<String> {
    if org.missing_since.is_some() {
        return Some("JumpCloud no longer lists this organization.".to_owned());
    }
    let company = &mapping.company_name;
    match &target.company {
        None => {
            return Some(format!(
                "The company \"{company}\" no longer exists in ConnectWise."
            ))
        }
        Some(c) if c.deleted => {
            return Some(format!(
                "The company \"{company}\" was deleted in ConnectWise."
            ))
        }
        Some(c) if !c.has_selected_type => {
            return Some(format!(
                "The company \"{company}\" no longer has any of the selected company types."
            ))
        }
        Some(_) => {}
    }
    let agreement = &mapping.agreement_name;
    match &target.agreement {
        None => {
            return Some(format!(
                "The agreement \"{agreement}\" no longer exists in ConnectWise."
            ))
        }
        Some(a) if a.company_id != mapping.company_id => {
            return Some(format!(
                "The agreement \"{agreement}\" now belongs to another company."
            ))
        }
        Some(a) if a.cancelled => {
            return Some(format!("The agreement \"{agreement}\" was cancelled."))
        }
        Some(a)
            if a.status
                .as_deref()
                .is_some_and(|s| !s.eq_ignore_ascii_case("active")) =>
        {
            return Some(format!(
                "The agreement \"{agreement}\" is no longer active ({}).",
                a.status.as_deref().unwrap_or_default()
            ))
        }
        Some(_) => {}
    }
    let addition = &mapping.addition_name;
    match &target.addition {
        None => Some(format!(
            "The addition \"{addition}\" no longer exists in ConnectWise."
        )),
        Some(d) if d.agreement_id != mapping.agreement_id => Some(format!(
            "The addition \"{addition}\" now belongs to another agreement."
        )),
        Some(d) => d.cancelled_at.map(|at| {
            format!(
                "The addition \"{addition}\" was cancelled on {}.",
                at.format("%Y-%m-%d")
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use highwater_store::mappings::{AdditionState, AgreementState, CompanyState};

    use super::*;

    fn org(missing: bool) -> Organization {
        let at = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap();
        Organization {
            id: "org".into(),
            name: "Org".into(),
            missing_since: missing.then_some(at),
            refreshed_at: at,
        }
    }

    fn mapping() -> Mapping {
        let at = Utc.with_ymd_and_hms(2026, 9, 1, 0, 0, 0).unwrap();
        Mapping {
            org_id: "org".into(),
            company_id: 1,
            company_name: "Acme".into(),
            agreement_id: 2,
            agreement_name: "Acme MSA".into(),
            addition_id: 3,
            addition_name: "JC-SEAT".into(),
            created_at: at,
            updated_at: at,
        }
    }

    fn healthy() -> TargetState {
        TargetState {
            company: Some(CompanyState {
                deleted: false,
                has_selected_type: true,
            }),
            agreement: Some(AgreementState {
                company_id: 1,
                cancelled: false,
                status: Some("Active".into()),
            }),
            addition: Some(AdditionState {
                agreement_id: 2,
                cancelled_at: None,
            }),
        }
    }

    #[test]
    fn each_broken_target_has_its_reason() {
        let cancelled_on = Utc.with_ymd_and_hms(2026, 9, 15, 4, 0, 0).unwrap();
        type Change = fn(&mut TargetState);
        let cases: Vec<(&str, Change, Option<&str>)> = vec![
            ("healthy", |_| {}, None),
            (
                "company gone",
                |t| t.company = None,
                Some("The company \"Acme\" no longer exists in ConnectWise."),
            ),
            (
                "company deleted",
                |t| t.company.as_mut().unwrap().deleted = true,
                Some("The company \"Acme\" was deleted in ConnectWise."),
            ),
            (
                "type lost",
                |t| t.company.as_mut().unwrap().has_selected_type = false,
                Some("The company \"Acme\" no longer has any of the selected company types."),
            ),
            (
                "agreement gone",
                |t| t.agreement = None,
                Some("The agreement \"Acme MSA\" no longer exists in ConnectWise."),
            ),
            (
                "agreement moved",
                |t| t.agreement.as_mut().unwrap().company_id = 9,
                Some("The agreement \"Acme MSA\" now belongs to another company."),
            ),
            (
                "agreement cancelled",
                |t| t.agreement.as_mut().unwrap().cancelled = true,
                Some("The agreement \"Acme MSA\" was cancelled."),
            ),
            (
                "agreement ended",
                |t| t.agreement.as_mut().unwrap().status = Some("Expired".into()),
                Some("The agreement \"Acme MSA\" is no longer active (Expired)."),
            ),
            (
                "agreement without status",
                |t| t.agreement.as_mut().unwrap().status = None,
                None,
            ),
            (
                "addition gone",
                |t| t.addition = None,
                Some("The addition \"JC-SEAT\" no longer exists in ConnectWise."),
            ),
            (
                "addition moved",
                |t| t.addition.as_mut().unwrap().agreement_id = 8,
                Some("The addition \"JC-SEAT\" now belongs to another agreement."),
            ),
        ];
        for (case, change, expected) in cases {
            let mut target = healthy();
            change(&mut target);
            assert_eq!(
                broken_reason(&org(false), &mapping(), &target).as_deref(),
                expected,
                "{case}"
            );
        }
        let mut cancelled = healthy();
        cancelled.addition.as_mut().unwrap().cancelled_at = Some(cancelled_on);
        assert_eq!(
            broken_reason(&org(false), &mapping(), &cancelled).as_deref(),
            Some("The addition \"JC-SEAT\" was cancelled on 2026-09-15.")
        );
        assert_eq!(
            broken_reason(&org(true), &mapping(), &healthy()).as_deref(),
            Some("JumpCloud no longer lists this organization.")
        );
    }
}
