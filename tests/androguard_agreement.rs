//! On every corpus APK androguard 4.1.4 can read, AppLens must give the same identity and permissions.
//! The expected values are in tests/reference/androguard_apk.tsv, made by script/reference-androguard, so
//! this test needs no Python.

mod common;

use std::collections::BTreeMap;

const TABLE: &str = include_str!("reference/androguard_apk.tsv");

fn rows() -> Vec<BTreeMap<&'static str, &'static str>> {
    let mut lines = TABLE.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines.map(|l| header.iter().copied().zip(l.split('\t')).collect()).collect()
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

#[test]
fn identity_and_permissions_equal_androguard() {
    let Some(corpus) = common::corpus("identity_and_permissions_equal_androguard") else { return };
    let rows = rows();
    assert!(rows.len() >= 20, "the reference table lists only {} APKs", rows.len());
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for row in &rows {
        let file = row["file"];
        let path = corpus.join("apk").join(file);
        let result = common::analyze_path(&path);
        if row["readable"] != "yes" {
            // androguard found no manifest; AppLens must not invent an app either.
            if let Ok(r) = &result {
                assert!(r.app.id.is_none(), "{file}: androguard reads no app, AppLens reports {:?}", r.app.id);
            }
            continue;
        }
        let report = result.unwrap_or_else(|e| panic!("{file}: androguard reads it, AppLens fails: {e}"));
        compared += 1;
        let mut ours_perms: Vec<&str> = report
            .permissions
            .iter()
            // androguard 4.1.4 skips <uses-permission-sdk-23>; compare like with like.
            .filter(|p| p.element == "uses-permission")
            .map(|p| p.name.as_str())
            .collect();
        ours_perms.sort_unstable();
        let mut ours_max: Vec<String> = report
            .permissions
            .iter()
            .filter(|p| p.element == "uses-permission")
            .filter_map(|p| p.max_sdk.map(|m| format!("{}={m}", p.name)))
            .collect();
        ours_max.sort();
        let checks = [
            ("package", opt(report.app.id.clone()), row["package"].to_string()),
            ("version_name", opt(report.app.version_name.clone()), row["version_name"].to_string()),
            ("version_code", opt(report.app.version_code), row["version_code"].to_string()),
            ("min_sdk", opt(report.app.min_sdk), row["min_sdk"].to_string()),
            ("target_sdk", opt(report.app.target_sdk), row["target_sdk"].to_string()),
            ("permissions", ours_perms.join(","), row["permissions"].to_string()),
            ("permission_max_sdk", ours_max.join(","), row["permission_max_sdk"].to_string()),
        ];
        for (field, ours, theirs) in checks {
            if ours != theirs {
                disagreements.push(format!("{file}: {field}: AppLens {ours:?}, androguard {theirs:?}"));
            }
        }
    }
    assert!(disagreements.is_empty(), "disagreements with androguard:\n{}", disagreements.join("\n"));
    eprintln!("compared {compared} APKs with androguard: all agree");
}
