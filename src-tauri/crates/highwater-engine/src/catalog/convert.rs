//! ConnectWise records as the store caches them.

use chrono::{DateTime, Utc};
use highwater_connectwise as cw;
use highwater_store::catalog::{additions, agreements, companies};
use highwater_store::Amount;

use crate::error::Result;

pub(crate) fn company(c: &cw::Company, at: DateTime<Utc>) -> companies::Company {
    let mut type_ids: Vec<i64> = c.types.iter().map(|t| t.id).collect();
    type_ids.sort_unstable();
    type_ids.dedup();
    companies::Company {
        id: c.id,
        identifier: c.identifier.clone(),
        name: c.name.clone(),
        deleted: c.deleted_flag,
        type_ids,
        refreshed_at: at,
    }
}

/// `None` for an agreement without a company reference (it cannot be cached or mapped).
pub(crate) fn agreement(a: &cw::Agreement, at: DateTime<Utc>) -> Option<agreements::Agreement> {
    let company_id = a.company.as_ref()?.id;
    // The status is derived from the flags and dates rather than copied: `agreementStatus` is
    // computed by the server and may be missing (UNCONFIRMED), and an ended agreement must read
    // as not active in the cache either way.
    let status = if a.cancelled_flag {
        "Cancelled".to_owned()
    } else if !a.is_active_at(at) {
        "Expired".to_owned()
    } else {
        a.agreement_status
            .clone()
            .unwrap_or_else(|| "Active".to_owned())
    };
    Some(agreements::Agreement {
        id: a.id,
        company_id,
        name: a.name.clone(),
        type_name: a.agreement_type.as_ref().and_then(|t| t.name.clone()),
        cancelled: a.cancelled_flag,
        status: Some(status),
        refreshed_at: at,
    })
}

pub(crate) fn addition(
    agreement_id: i64,
    a: &cw::Addition,
    at: DateTime<Utc>,
) -> Result<additions::Addition> {
    let amount = |v: Option<f64>| v.map(Amount::from_f64).transpose();
    Ok(additions::Addition {
        id: a.id,
        agreement_id,
        product_identifier: product_name(a),
        description: a.description.clone(),
        quantity: Amount::from_f64(a.quantity.unwrap_or(0.0))?,
        unit_price: amount(a.unit_price)?,
        unit_cost: amount(a.unit_cost)?,
        cancelled_at: a.cancelled_date,
        effective_at: a.effective_date,
        refreshed_at: at,
    })
}

/// How an addition is named: its product identifier, else its description, else its id.
pub(crate) fn product_name(a: &cw::Addition) -> String {
    a.product
        .as_ref()
        .and_then(|p| p.identifier.clone())
        .or_else(|| a.description.clone())
        .unwrap_or_else(|| format!("addition {}", a.id))
}
