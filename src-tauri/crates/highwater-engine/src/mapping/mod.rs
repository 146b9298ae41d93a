//! Mapping JumpCloud organizations to ConnectWise Company → Agreement → Addition: the rows with
//! their state (unmapped, suggested, mapped, broken with the reason), saving a mapping validated
//! live against ConnectWise, removing one, accepting suggestions, and the cost per seat.

mod accept;
mod broken;
mod cost;
mod rows;
mod set;

pub use broken::broken_reason;
pub use set::MappingTarget;

use highwater_store::mappings::Mapping;

use crate::views::MappingView;

fn view(m: &Mapping) -> MappingView {
    MappingView {
        company_id: m.company_id,
        company_name: m.company_name.clone(),
        agreement_id: m.agreement_id,
        agreement_name: m.agreement_name.clone(),
        addition_id: m.addition_id,
        addition_name: m.addition_name.clone(),
    }
}
