//! Words for the code evidence part of the page (native-testable). The words the command line shares live in
//! the core (`analysis::present`); only the page's own CSS classes are here.

pub use crate::analysis::present::{by_country, country, recipients_sentence, status_label};
use crate::analysis::report::CapabilityStatus;

pub fn status_css(status: CapabilityStatus) -> &'static str {
    match status {
        CapabilityStatus::RequestedAndUsed => "used",
        CapabilityStatus::RequestedNotFound => "unused",
        CapabilityStatus::UsedNotRequested => "unrequested",
        CapabilityStatus::NoPermissionNeeded => "free",
    }
}
