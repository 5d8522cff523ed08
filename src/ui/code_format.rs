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

/// A tracker's category (Exodus Privacy's names, which the report keeps as ids) in the reader's language.
pub fn tracker_category(category: &str) -> String {
    use super::i18n::tr;
    match category {
        "Advertisement" => tr("Advertisement"),
        "Analytics" => tr("Analytics"),
        "Crash reporting" => tr("Crash reporting"),
        "Identification" => tr("Identification"),
        "Location" => tr("Location"),
        "Profiling" => tr("Profiling"),
        other => other.to_string(),
    }
}
