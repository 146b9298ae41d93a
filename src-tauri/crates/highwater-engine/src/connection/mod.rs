//! The connection lifecycle: ConnectWise "Verify and Save" / "Verify and Update", connecting
//! JumpCloud, "Disable & Clear", the status both connections report, and keeping the saved
//! ConnectWise codebase current after a cloud upgrade.

mod connectwise;
mod disable;
mod jumpcloud;
mod rebase;
mod status;

pub use connectwise::ConnectWiseInput;
pub use disable::DISABLE_CONFIRMATION;
pub use jumpcloud::{JumpCloudInput, Region};

use highwater_store::connection::Region as StoredRegion;

/// The client's region for a saved one.
pub(crate) fn region_of(stored: StoredRegion) -> highwater_jumpcloud::Region {
    match stored {
        StoredRegion::Us => highwater_jumpcloud::Region::Us,
        StoredRegion::Eu => highwater_jumpcloud::Region::Eu,
    }
}
