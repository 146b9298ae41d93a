//! The MSP's cost per seat: a default and per-organization overrides, never negative. Kept by
//! "Disable & Clear" (it is the MSP's own figure).

use chrono::Utc;
use highwater_store::{cost_per_seat, organizations, Amount};

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::views::CostSaved;

impl Engine {
    /// Sets the default cost per seat, or `org_id`'s override. `cost` is decimal text ("3.50").
    pub fn set_cost_per_seat(&self, cost: &str, org_id: Option<&str>) -> Result<CostSaved> {
        let amount: Amount = cost
            .parse()
            .map_err(|e: highwater_store::Error| Error::validation("cost", e.to_string()))?;
        if amount.is_negative() {
            return Err(Error::validation(
                "cost",
                format!("A cost per seat cannot be negative (got {amount})."),
            ));
        }
        let now = Utc::now();
        match org_id {
            None => self.write(|tx| cost_per_seat::set_default(tx, amount, now))?,
            Some(org_id) => {
                if self.read(|c| organizations::get(c, org_id))?.is_none() {
                    return Err(Error::validation(
                        "org",
                        format!("No JumpCloud organization with ID \"{org_id}\" is known; run `orgs list` to refresh."),
                    ));
                }
                self.write(|tx| cost_per_seat::set_for_org(tx, org_id, amount, now))?
            }
        }
        Ok(CostSaved {
            org_id: org_id.map(str::to_owned),
            cost: amount.to_string(),
        })
    }
}
