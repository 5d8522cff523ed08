//! CSS classes for the code evidence part of the page. The words it shares with the CLI (who gets the data,
//! capability labels, adequacy sentences) are in `analysis::present`.

use crate::analysis::report::CapabilityStatus;

pub fn status_css(status: CapabilityStatus) -> &'static str {
    match status {
        CapabilityStatus::RequestedAndUsed => "used",
        CapabilityStatus::RequestedNotFound => "unused",
        CapabilityStatus::UsedNotRequested => "unrequested",
        CapabilityStatus::NoPermissionNeeded => "free",
    }
}
