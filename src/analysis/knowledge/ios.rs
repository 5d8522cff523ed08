//! What AppLens knows about iOS, from the `data/ios_*.tsv` tables (each names its source and licence in its
//! header): usage-description keys, entitlements, background modes, extension kinds, privacy-manifest
//! vocabulary and reason codes, and SDK signatures. This module only loads and looks them up.

use std::sync::OnceLock;

const USAGE: &str = include_str!("../../../data/ios_usage_descriptions.tsv");
const USAGE_CATEGORIES: &str = include_str!("../../../data/ios_usage_categories.tsv");
const ENTITLEMENTS: &str = include_str!("../../../data/ios_entitlements.tsv");
const BACKGROUND_MODES: &str = include_str!("../../../data/ios_background_modes.tsv");
const EXTENSION_POINTS: &str = include_str!("../../../data/ios_extension_points.tsv");
const PRIVACY_TERMS: &str = include_str!("../../../data/ios_privacy_terms.tsv");
const PRIVACY_REASONS: &str = include_str!("../../../data/ios_privacy_reasons.tsv");
const SDKS: &str = include_str!("../../../data/ios_sdks.tsv");
const MANIFEST_SDKS: &str = include_str!("../../../data/ios_privacy_manifest_sdks.tsv");
const RULES: &str = include_str!("../../../data/ios_rules.tsv");

/// Data rows of a table: comment lines (`#`) and the header row (the first other line) are skipped.
fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).skip(1).map(|l| l.split('\t').collect())
}

fn field(row: &[&'static str], i: usize) -> &'static str {
    row.get(i).copied().unwrap_or_default()
}

/// A two-or-three column table keyed by its first column, sorted for binary search.
fn keyed(table: &'static str, cell: &'static OnceLock<Vec<Vec<&'static str>>>) -> &'static [Vec<&'static str>] {
    cell.get_or_init(|| {
        let mut v: Vec<_> = rows(table).collect();
        v.sort_by(|a, b| field(a, 0).cmp(field(b, 0)));
        v
    })
}

fn lookup(rows: &'static [Vec<&'static str>], key: &str) -> Option<&'static [&'static str]> {
    rows.binary_search_by(|r| field(r, 0).cmp(key)).ok().and_then(|i| rows.get(i)).map(Vec::as_slice)
}

/// An Info.plist usage-description key Apple documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UsageKey {
    pub key: &'static str,
    pub category: &'static str,
    pub meaning: &'static str,
}

pub fn usage_key(key: &str) -> Option<UsageKey> {
    static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    lookup(keyed(USAGE, &T), key).map(|r| UsageKey { key: field(r, 0), category: field(r, 1), meaning: field(r, 2) })
}

/// The risk category id and weight of a usage-description category (`Location` → `location`, 7), so iOS
/// permissions count in the same categories as Android ones.
pub fn usage_risk(category: &str) -> Option<(&'static str, u8)> {
    static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    lookup(keyed(USAGE_CATEGORIES, &T), category).and_then(|r| Some((field(r, 1), field(r, 2).parse().ok()?)))
}

/// True for an Info.plist key that has the shape of a usage description, documented or not.
pub fn looks_like_usage_key(key: &str) -> bool {
    key.ends_with("UsageDescription") || key.ends_with("UsageDescriptionDictionary")
}

/// (category, meaning) of an entitlement of privacy interest.
pub fn entitlement(key: &str) -> Option<(&'static str, &'static str)> {
    static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    lookup(keyed(ENTITLEMENTS, &T), key).map(|r| (field(r, 1), field(r, 2)))
}

pub fn background_mode(mode: &str) -> Option<&'static str> {
    static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    lookup(keyed(BACKGROUND_MODES, &T), mode).map(|r| field(r, 1))
}

/// (kind, meaning) of an `NSExtensionPointIdentifier`.
pub fn extension_point(point: &str) -> Option<(&'static str, &'static str)> {
    static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    lookup(keyed(EXTENSION_POINTS, &T), point).map(|r| (field(r, 1), field(r, 2)))
}

/// Plain label of a privacy-manifest key (API category, data type, purpose).
pub fn privacy_term(key: &str) -> Option<&'static str> {
    static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    lookup(keyed(PRIVACY_TERMS, &T), key).map(|r| field(r, 1))
}

/// Meaning of a required-reason code within its API category.
pub fn privacy_reason(category: &str, code: &str) -> Option<&'static str> {
    static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
    let rows = T.get_or_init(|| rows(PRIVACY_REASONS).collect());
    rows.iter().find(|r| field(r, 0) == category && field(r, 1) == code).map(|r| field(r, 2))
}

/// Whether Apple lists this framework among the SDKs that must ship a privacy manifest.
pub fn manifest_required(framework: &str) -> bool {
    static T: OnceLock<Vec<&'static str>> = OnceLock::new();
    T.get_or_init(|| rows(MANIFEST_SDKS).map(|r| field(&r, 0)).collect()).contains(&framework)
}

/// The words of one rule (`data/ios_rules.tsv`); `{n}` (a count) and `{s}` (its plural ending) are filled in
/// by the caller.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleText {
    pub id: &'static str,
    pub severity: &'static str,
    pub category: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
}

pub fn rule(id: &str) -> Option<RuleText> {
    lookup(keyed(RULES, &RULE_ROWS), id).map(rule_text)
}

/// Every rule, sorted by id (for tools that list all rules up front, such as a SARIF file's driver).
pub fn rules() -> impl Iterator<Item = RuleText> {
    keyed(RULES, &RULE_ROWS).iter().map(|r| rule_text(r))
}

static RULE_ROWS: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();

fn rule_text(r: &[&'static str]) -> RuleText {
    RuleText { id: field(r, 0), severity: field(r, 1), category: field(r, 2), title: field(r, 3), explanation: field(r, 4) }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureKind {
    Framework,
    Class,
    ClassPrefix,
    BundleIdPrefix,
}

/// One way of recognising an SDK, and who is behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkSignature {
    pub kind: SignatureKind,
    pub pattern: &'static str,
    pub name: &'static str,
    pub company: &'static str,
    pub country: &'static str,
    pub categories: Vec<&'static str>,
}

pub fn sdk_signatures() -> &'static [SdkSignature] {
    static T: OnceLock<Vec<SdkSignature>> = OnceLock::new();
    T.get_or_init(|| {
        rows(SDKS)
            .filter_map(|r| {
                let kind = match field(&r, 0) {
                    "framework" => SignatureKind::Framework,
                    "class" => SignatureKind::Class,
                    "class_prefix" => SignatureKind::ClassPrefix,
                    "bundle_id_prefix" => SignatureKind::BundleIdPrefix,
                    _ => return None,
                };
                Some(SdkSignature {
                    kind,
                    pattern: field(&r, 1),
                    name: field(&r, 2),
                    company: field(&r, 3),
                    country: field(&r, 4),
                    categories: field(&r, 5).split(';').filter(|c| !c.is_empty()).collect(),
                })
            })
            .collect()
    })
}

/// The SDK a framework name belongs to (exact name).
pub fn sdk_for_framework(name: &str) -> Option<&'static SdkSignature> {
    sdk_signatures().iter().find(|s| s.kind == SignatureKind::Framework && s.pattern == name)
}

pub fn sdk_for_bundle_id(id: &str) -> Option<&'static SdkSignature> {
    sdk_signatures().iter().find(|s| s.kind == SignatureKind::BundleIdPrefix && id.starts_with(s.pattern))
}

/// The SDK an Objective-C class name belongs to: an exact class first, then the longest matching prefix.
pub fn sdk_for_class(class: &str) -> Option<&'static SdkSignature> {
    let all = sdk_signatures();
    all.iter().find(|s| s.kind == SignatureKind::Class && s.pattern == class).or_else(|| {
        all.iter()
            .filter(|s| s.kind == SignatureKind::ClassPrefix && class.starts_with(s.pattern))
            .max_by_key(|s| s.pattern.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_usage_category_has_a_risk_category() {
        static T: OnceLock<Vec<Vec<&'static str>>> = OnceLock::new();
        for key in keyed(USAGE, &T).iter().map(|r| field(r, 1)) {
            let (risk, weight) = usage_risk(key).unwrap_or_else(|| panic!("{key} has no row in ios_usage_categories.tsv"));
            assert!(crate::analysis::knowledge::catalogue::category(risk).is_some(), "{key}: unknown risk category {risk}");
            assert!(weight <= 10);
        }
    }

    fn check_sorted_unique(name: &str, table: &'static str, key_columns: usize, columns: usize) {
        let all: Vec<Vec<&str>> = rows(table).collect();
        assert!(!all.is_empty(), "{name} is empty");
        for r in &all {
            assert_eq!(r.len(), columns, "{name}: row {r:?} has {} columns, expected {columns}", r.len());
            assert!(r.iter().all(|c| !c.trim().is_empty() && c.trim() == *c), "{name}: empty or padded cell in {r:?}");
        }
        for pair in all.windows(2) {
            let (a, b) = (&pair[0][..key_columns], &pair[1][..key_columns]);
            assert!(a < b, "{name}: {a:?} must come before {b:?} (sorted, unique)");
        }
    }

    #[test]
    fn tables_are_well_formed_sorted_and_unique() {
        check_sorted_unique("ios_usage_descriptions.tsv", USAGE, 1, 3);
        check_sorted_unique("ios_entitlements.tsv", ENTITLEMENTS, 1, 3);
        check_sorted_unique("ios_background_modes.tsv", BACKGROUND_MODES, 1, 2);
        check_sorted_unique("ios_extension_points.tsv", EXTENSION_POINTS, 1, 3);
        check_sorted_unique("ios_privacy_terms.tsv", PRIVACY_TERMS, 1, 2);
        check_sorted_unique("ios_privacy_reasons.tsv", PRIVACY_REASONS, 2, 3);
        check_sorted_unique("ios_sdks.tsv", SDKS, 2, 7);
        check_sorted_unique("ios_rules.tsv", RULES, 1, 5);
        for r in rows(RULES) {
            assert!(["info", "low", "medium", "high"].contains(&field(&r, 1)), "{r:?}");
            assert!(field(&r, 0).starts_with("ios."), "{r:?}");
        }
        let names: Vec<String> = rows(MANIFEST_SDKS).map(|r| field(&r, 0).to_lowercase()).collect();
        assert!(names.windows(2).all(|p| p[0] < p[1]), "ios_privacy_manifest_sdks.tsv must be sorted (ignoring case), unique");
    }

    #[test]
    fn every_usage_key_has_the_usage_shape() {
        for r in rows(USAGE) {
            assert!(looks_like_usage_key(field(&r, 0)), "{r:?}");
        }
    }

    #[test]
    fn sdk_rows_are_complete() {
        let sigs = sdk_signatures();
        assert_eq!(sigs.len(), rows(SDKS).count(), "an unknown kind in ios_sdks.tsv");
        for s in sigs {
            assert!(s.country.len() == 2 && s.country.chars().all(|c| c.is_ascii_uppercase()), "{s:?}");
            assert!(!s.categories.is_empty(), "{s:?}");
        }
        // One SDK name always goes with the same company and country.
        for a in sigs {
            for b in sigs.iter().filter(|b| b.name == a.name) {
                assert_eq!((a.company, a.country), (b.company, b.country), "{}", a.name);
            }
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(usage_key("NSCameraUsageDescription").unwrap().category, "Camera");
        assert!(usage_key("NSNotAKey").is_none());
        assert_eq!(entitlement("get-task-allow").unwrap().0, "Debugging");
        assert!(background_mode("location").is_some());
        assert_eq!(extension_point("com.apple.keyboard-service").unwrap().0, "Custom keyboard");
        assert!(privacy_reason("NSPrivacyAccessedAPICategoryUserDefaults", "CA92.1").is_some());
        assert!(privacy_reason("NSPrivacyAccessedAPICategoryDiskSpace", "CA92.1").is_none());
        assert!(manifest_required("FBSDKCoreKit") && !manifest_required("MyOwnKit"));
        assert_eq!(sdk_for_framework("FBSDKCoreKit").unwrap().name, "Facebook Analytics");
        assert_eq!(sdk_for_class("FBSDKLoginManager").unwrap().name, "Facebook Login");
        assert_eq!(sdk_for_class("GADBannerView").unwrap().name, "Google AdMob");
        assert_eq!(sdk_for_class("Adjust").unwrap().name, "Adjust");
        assert!(sdk_for_class("AdjustableView").is_none());
        assert_eq!(sdk_for_bundle_id("com.appsflyer.AppsFlyerLib").unwrap().name, "AppsFlyer");
    }
}
