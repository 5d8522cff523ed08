//! Tracker SDKs by the name a cross-platform framework ships them under: Dart packages (Flutter) and .NET
//! assemblies (Unity, Xamarin, .NET MAUI), from `data/framework_sdks.tsv`, each mapped to a tracker of
//! `data/trackers.tsv`.

use std::sync::OnceLock;

use super::trackers::trackers;
use super::tsv::{field, rows};

const TABLE: &str = include_str!("../../../data/framework_sdks.tsv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FrameworkSdk {
    /// `dart` or `dotnet`.
    pub kind: &'static str,
    pub name: &'static str,
    /// The name must equal `name` (else start with it).
    pub exact: bool,
    /// Index into `trackers()`.
    pub tracker: u32,
}

fn table() -> &'static [FrameworkSdk] {
    static ROWS: OnceLock<Vec<FrameworkSdk>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(TABLE)
            .filter_map(|r| {
                let tracker = trackers().iter().position(|t| t.name == field(&r, 3))?;
                Some(FrameworkSdk { kind: field(&r, 0), name: field(&r, 1), exact: field(&r, 2) == "exact", tracker: u32::try_from(tracker).ok()? })
            })
            .collect()
    })
}

/// The tracker (index into `trackers()`) a Dart package or .NET assembly name (without `.dll`) belongs to.
pub fn tracker_for(kind: &str, name: &str) -> Option<u32> {
    table().iter().find(|s| s.kind == kind && if s.exact { s.name == name } else { name.starts_with(s.name) }).map(|s| s.tracker)
}

#[cfg(test)]
mod tests {
    use super::super::tsv::header;
    use super::*;

    #[test]
    fn every_row_names_a_known_tracker_and_a_source() {
        assert_eq!(header(TABLE), ["kind", "name", "match", "tracker", "source"]);
        let all: Vec<Vec<&str>> = rows(TABLE).collect();
        assert_eq!(table().len(), all.len(), "a row names a tracker that is not in trackers.tsv");
        let keys: Vec<(&str, &str)> = all.iter().map(|r| (field(r, 0), field(r, 1))).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "sorted by kind and name, unique");
        for r in &all {
            assert!(matches!(field(r, 0), "dart" | "dotnet") && matches!(field(r, 2), "exact" | "prefix"), "{r:?}");
            assert!(field(r, 4).starts_with("https://"), "{r:?}");
        }
        assert_eq!(tracker_for("dart", "firebase_analytics").map(|t| trackers()[t as usize].name), Some("Google Firebase Analytics"));
        assert_eq!(tracker_for("dotnet", "GoogleMobileAds.Android").map(|t| trackers()[t as usize].name), Some("Google AdMob"));
        assert_eq!(tracker_for("dart", "firebase_analytics_web"), None);
    }
}
