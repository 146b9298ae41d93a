//! The MSP's cost per seat: a default and per-organization overrides, never negative. Kept by
//! "Disable & Clear" (it is the MSP's own figure).

use chrono::Utc;
use highwater_store::{cost_per_seat, Amount};

use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::views::CostSaved;

impl Engine {
    /// Sets the default cost per seat, or `org_id`'s override. `cost` is decimal text ("3.50").
    /// An org the cache does not know is looked up in JumpCloud first.
    pub async fn set_cost_per_seat(&self, cost: &str, org_id: Option<&str>) -> Result<CostSaved> {
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
                let org = self.known_org(org_id).await?;
                self.write(|tx| cost_per_seat::set_for_org(tx, &org.id, amount, now))?
            }
        }
        Ok(CostSaved {
            org_id: org_id.map(str::to_owned),
            cost: amount.to_string(),
        })
    }
}
