//! Pure helpers that turn the iOS parts of a report into words for the page (native-testable).

use super::i18n::tr;
use crate::analysis::knowledge::ios::usage_key;
use crate::analysis::report::{Finding, Permission, Severity};

/// The page lists kinds of access from the most to the least revealing; unknown categories last.
const CATEGORY_ORDER: &[&str] = &[
    "Tracking",
    "Location",
    "Health",
    "Financial data",
    "Identity",
    "Contacts",
    "Photos",
    "Camera",
    "Microphone",
    "Speech recognition",
    "Calendars",
    "Reminders",
    "Home",
    "Local network",
    "Bluetooth",
    "Nearby devices",
    "Motion and fitness",
    "Media library",
    "Research sensors",
    "Surroundings",
    "Focus status",
    "Siri",
    "TV provider",
    "NFC",
    "Face ID",
];

/// Categories that open personal data (as opposed to device features): shown in the strongest colour.
const PERSONAL: &[&str] = &[
    "Tracking", "Location", "Health", "Financial data", "Identity", "Contacts", "Photos", "Camera", "Microphone",
    "Speech recognition", "Calendars", "Reminders", "Home",
];

/// CSS class of a category's group: `sensitive` for personal data, `special` for device features.
pub fn category_css(category: &str) -> &'static str {
    if PERSONAL.contains(&category) {
        "sensitive"
    } else {
        "special"
    }
}

/// Whether an entitlement's value switches something on: `false`, empty lists and empty strings do not.
pub fn entitlement_enabled(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::Null | serde_json::Value::Bool(false) => false,
        serde_json::Value::String(s) => !s.is_empty(),
        serde_json::Value::Array(a) => !a.is_empty(),
        serde_json::Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

/// How a program's role reads.
pub fn role_words(role: &str) -> String {
    match role {
        "main" => tr("main program"),
        "dylib" => tr("library"),
        other => other.to_string(),
    }
}

/// Apple's grouping of a usage key (`CATEGORY_ORDER`, or `Other`) in the reader's language.
pub fn category_words(category: &str) -> String {
    match category {
        "Tracking" => tr("Tracking"),
        "Location" => tr("Location"),
        "Health" => tr("Health"),
        "Financial data" => tr("Financial data"),
        "Identity" => tr("Identity"),
        "Contacts" => tr("Contacts"),
        "Photos" => tr("Photos"),
        "Camera" => tr("Camera"),
        "Microphone" => tr("Microphone"),
        "Speech recognition" => tr("Speech recognition"),
        "Calendars" => tr("Calendars"),
        "Reminders" => tr("Reminders"),
        "Home" => tr("Home"),
        "Local network" => tr("Local network"),
        "Nearby devices" => tr("Nearby devices"),
        "Motion and fitness" => tr("Motion and fitness"),
        "Media library" => tr("Media library"),
        "Research sensors" => tr("Research sensors"),
        "Surroundings" => tr("Surroundings"),
        "Focus status" => tr("Focus status"),
        "TV provider" => tr("TV provider"),
        "Other" => tr("Other"),
        // Bluetooth, Siri, NFC, Face ID: names, the same in every language.
        other => other.to_string(),
    }
}

pub fn category_rank(category: Option<&str>) -> usize {
    category.and_then(|c| CATEGORY_ORDER.iter().position(|k| *k == c)).unwrap_or(CATEGORY_ORDER.len())
}

/// iOS usage keys grouped by category, most revealing first; within a group, report order.
pub fn group_usage(permissions: &[Permission]) -> Vec<(String, Vec<&Permission>)> {
    let mut groups: Vec<(String, Vec<&Permission>)> = Vec::new();
    for p in permissions {
        // Apple's own grouping of the key (`Location`, `Photos`…); `category` holds the shared risk category id.
        let cat = usage_key(&p.name).map_or("Other", |k| k.category).to_string();
        match groups.iter_mut().find(|(c, _)| *c == cat) {
            Some((_, list)) => list.push(p),
            None => groups.push((cat, vec![p])),
        }
    }
    groups.sort_by_key(|(c, _)| category_rank(Some(c)));
    groups
}

pub fn severity_words(s: Severity) -> String {
    match s {
        Severity::High => tr("High risk"),
        Severity::Medium => tr("Medium risk"),
        Severity::Low => tr("Low risk"),
        Severity::Info => tr("Information"),
    }
}

pub fn severity_css(s: Severity) -> &'static str {
    match s {
        Severity::High => "al-sev-high",
        Severity::Medium => "al-sev-medium",
        Severity::Low => "al-sev-low",
        Severity::Info => "al-sev-info",
    }
}

/// Findings, most severe first (stable within a severity).
pub fn sorted_findings(findings: &[Finding]) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = findings.iter().collect();
    v.sort_by_key(|f| std::cmp::Reverse(f.severity));
    v
}

/// How a provisioning profile's kind reads to a person.
pub fn provisioning_words(kind: &str) -> (String, String) {
    match kind {
        "enterprise" => (
            tr("Enterprise (in-house) distribution"),
            tr("Installs on any iPhone without the App Store or Apple's review. Only for a company's own staff."),
        ),
        "development" => (tr("Development build"), tr("For the developer's own test devices.")),
        "ad_hoc" => (tr("Ad hoc distribution"), tr("A test build for a fixed list of devices, outside the App Store.")),
        "app_store" => (tr("App Store distribution"), tr("Signed for submission to the App Store.")),
        _ => (tr("Unknown distribution"), tr("AppLens could not tell how this copy is distributed.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::PermissionSource;

    fn perm(name: &str, cat: &str) -> Permission {
        Permission {
            name: name.into(),
            protection_level: None,
            defined_by: PermissionSource::Platform,
            element: "Info.plist".into(),
            max_sdk: None,
            evidence: vec![],
            category: Some(cat.into()),
            ..Permission::default()
        }
    }

    #[test]
    fn entitlement_values_that_switch_nothing_on() {
        use serde_json::json;
        for off in [json!(false), json!([]), json!(""), json!(null), json!({})] {
            assert!(!entitlement_enabled(&off), "{off}");
        }
        for on in [json!(true), json!(["a"]), json!("development"), json!(1)] {
            assert!(entitlement_enabled(&on), "{on}");
        }
        assert_eq!(category_css("Location"), "sensitive");
        assert_eq!(category_css("Face ID"), "special");
    }

    #[test]
    fn groups_put_tracking_and_location_first() {
        let ps = [perm("NSCameraUsageDescription", "Camera"), perm("X", "Weird"), perm("NSUserTrackingUsageDescription", "Tracking"), perm("NSLocationWhenInUseUsageDescription", "Location")];
        let g = group_usage(&ps);
        let cats: Vec<&str> = g.iter().map(|(c, _)| c.as_str()).collect();
        // Groups follow Apple's grouping of the key itself; an undocumented key is "Other".
        assert_eq!(cats, vec!["Tracking", "Location", "Camera", "Other"]);
    }
}
