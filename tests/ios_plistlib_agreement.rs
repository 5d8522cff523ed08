//! On every corpus IPA and every fixture IPA, AppLens must read the same identity, versions and usage
//! descriptions (with the app's exact reasons) as Python's plistlib. The expected values are in
//! tests/reference/plistlib_ipa.tsv, made by script/reference-plistlib, so this test needs no Python.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

const TABLE: &str = include_str!("reference/plistlib_ipa.tsv");

fn rows() -> Vec<BTreeMap<&'static str, &'static str>> {
    let mut lines = TABLE.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines.map(|l| header.iter().copied().zip(l.split('\t')).collect()).collect()
}

fn family_word(n: &str) -> String {
    match n {
        "1" => "iPhone".into(),
        "2" => "iPad".into(),
        "3" => "Apple TV".into(),
        "4" => "Apple Watch".into(),
        "6" => "Mac".into(),
        "7" => "Apple Vision".into(),
        other => format!("device family {other}"),
    }
}

/// plistlib's value as AppLens words a reason: strings as they are, dictionaries as `purpose: text · …`.
fn reason_of(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Object(m) => {
            Some(m.iter().filter_map(|(k, t)| t.as_str().map(|t| format!("{k}: {t}"))).collect::<Vec<_>>().join(" · "))
        }
        _ => None,
    }
}

#[test]
fn identity_versions_and_usage_reasons_equal_plistlib() {
    let Some(corpus) = common::corpus("identity_versions_and_usage_reasons_equal_plistlib") else { return };
    let rows = rows();
    assert!(rows.iter().filter(|r| r["file"].starts_with("corpus/")).count() >= 6, "reference lists too few corpus IPAs");
    let mut compared = 0;
    let mut problems = Vec::new();
    for row in &rows {
        let file = row["file"];
        let path: PathBuf = match file.split_once('/') {
            Some(("corpus", name)) => corpus.join("ipa").join(name),
            Some(("fixtures", name)) => match common::ios_fixture(name) {
                Some(p) => p,
                None => continue,
            },
            _ => panic!("unexpected reference row {file}"),
        };
        let result = common::analyze_path(&path);
        if row["readable"] != "yes" {
            let err = result.err().unwrap_or_else(|| panic!("{file}: plistlib finds no app, AppLens reports one"));
            let expected = if row["readable"] == "no-app" { "no app bundle" } else { "no Info.plist" };
            assert!(err.message.contains(expected), "{file}: unclear error: {err}");
            continue;
        }
        let report = result.unwrap_or_else(|e| panic!("{file}: plistlib reads it, AppLens fails: {e}"));
        let ios = report.ios.as_ref().expect("an IPA report has an ios section");
        compared += 1;
        let families: Vec<String> = row["device_families"].split(',').filter(|s| !s.is_empty()).map(family_word).collect();
        let info_plist = format!("{}Info.plist", ios.bundle_path);
        let mut ours_usage: BTreeMap<String, Option<String>> = BTreeMap::new();
        for p in &report.permissions {
            if p.evidence.iter().any(|e| e.location == info_plist) {
                ours_usage.insert(p.name.clone(), p.reason.clone());
            }
        }
        let theirs: BTreeMap<String, serde_json::Value> = serde_json::from_str(row["usage"]).expect("usage JSON");
        let theirs_usage: BTreeMap<String, Option<String>> = theirs.iter().map(|(k, v)| (k.clone(), reason_of(v))).collect();
        let checks = [
            ("bundle_id", report.app.id.clone().unwrap_or_default(), row["bundle_id"].to_string()),
            ("name", report.app.name.clone().unwrap_or_default(), row["name"].to_string()),
            ("version", report.app.version_name.clone().unwrap_or_default(), row["version"].to_string()),
            ("build", ios.build.clone().unwrap_or_default(), row["build"].to_string()),
            ("minimum_os", ios.minimum_os_version.clone().unwrap_or_default(), row["minimum_os"].to_string()),
            ("device_families", ios.device_families.join(","), families.join(",")),
            ("usage", format!("{ours_usage:?}"), format!("{theirs_usage:?}")),
        ];
        for (field, ours, theirs) in checks {
            if ours != theirs {
                problems.push(format!("{file}: {field}: AppLens {ours:?}, plistlib {theirs:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "disagreements with plistlib:\n{}", problems.join("\n"));
    eprintln!("compared {compared} IPAs with plistlib: all agree");
}
