//! The grade on real packages: the sample and the corpus get the grades a reader would expect, and every
//! report's grade adds up from its items.

mod common;

use applens::analysis::compare::compare;
use applens::analysis::risk::Risk;
use common::{analyze_path, corpus, corpus_packages, sample_apk};

fn risk_of(path: &std::path::Path) -> Risk {
    analyze_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).risk.expect("every analysed report is graded")
}

/// The category scores add up from the items, and the total from the categories.
fn assert_traceable(name: &str, risk: &Risk) {
    let mut total = 0.0;
    for c in &risk.categories {
        let sum: f64 = c.items.iter().map(|i| i.counted).sum();
        assert!((sum.min(10.0) - c.score).abs() < 1e-6, "{name} {}: items add up to {sum}, score {}", c.id, c.score);
        assert_eq!(c.items.is_empty(), c.level == "none", "{name} {}", c.id);
        total += c.score;
    }
    assert!((total - risk.total).abs() < 1e-6, "{name}: total {} but categories add up to {total}", risk.total);
    assert!(!risk.verdict.is_empty() && !risk.reason.is_empty() && !risk.summary.is_empty(), "{name}");
    assert!(risk.concerns.len() <= 3);
}

#[test]
fn the_sample_is_graded_e_with_plain_concerns() {
    let Some(path) = sample_apk() else { return };
    let risk = risk_of(&path);
    assert_traceable("sample", &risk);
    assert_eq!(risk.grade, "E", "{}", risk.reason);
    let concern_categories: Vec<&str> = risk.concerns.iter().map(|c| c.category.as_str()).collect();
    assert_eq!(concern_categories, ["location", "camera_microphone", "messages_calls"]);
    assert_eq!(risk.concerns[0].text, "Can know your location at any time, even when you are not using the app");
    // The code is examined too (its trackers and capabilities count), so nothing lowers the confidence.
    assert_eq!(risk.confidence.level, "high", "{:?}", risk.confidence.reasons);
    // Ignored requests do not count: WRITE_EXTERNAL_STORAGE stops at API 28, C2D_MESSAGE is the app's own.
    let ids: Vec<&str> = risk.categories.iter().flat_map(|c| c.items.iter().map(|i| i.id.as_str())).collect();
    assert!(!ids.contains(&"android.permission.WRITE_EXTERNAL_STORAGE"));
    assert!(!ids.iter().any(|i| i.contains("C2D_MESSAGE")));
    assert!(ids.contains(&"android.manifest.cleartext_traffic"));
}

#[test]
fn corpus_apps_get_the_grades_a_reader_would_expect() {
    let Some(dir) = corpus("corpus_apps_get_the_grades_a_reader_would_expect") else { return };
    // Model 2 (tests/calibration.rs holds the panel's grades and why; these are the grades other tests rely on).
    for (file, grade) in [
        ("apk/hello-world.apk", "B"),
        ("apk/blooddonation.apk", "D"),
        ("apk/appium_ContactManager.apk", "C"),
        ("apk/appium_ApiDemos-debug.apk", "E"),
        ("apk/fdroid_a2dp.Vol_137.apk", "E"),
        ("splits/appmanager_v2.5.22.apks", "D"),
    ] {
        let risk = risk_of(&dir.join(file));
        assert_eq!(risk.grade, grade, "{file}: {} ({})", risk.reason, risk.summary);
    }
    let blood = risk_of(&dir.join("apk/blooddonation.apk"));
    assert_eq!(blood.concerns[0].text, "Can know your precise location, to within a few metres");
}

#[test]
fn every_corpus_report_is_graded_and_traceable() {
    let Some(dir) = corpus("every_corpus_report_is_graded_and_traceable") else { return };
    let mut graded = 0;
    for path in corpus_packages(&dir) {
        let Ok(report) = analyze_path(&path) else { continue };
        let risk = report.risk.as_ref().expect("graded");
        assert_traceable(&path.display().to_string(), risk);
        // Comparing a report with itself finds nothing.
        let same = compare(&report, &report);
        assert!(same.permissions.is_empty() && same.counted.is_empty(), "{}", path.display());
        graded += 1;
    }
    assert!(graded >= 20, "only {graded} corpus packages were graded");
}

#[test]
fn comparing_two_corpus_apps_says_which_is_riskier() {
    let Some(dir) = corpus("comparing_two_corpus_apps_says_which_is_riskier") else { return };
    let hello = analyze_path(&dir.join("apk/hello-world.apk")).unwrap();
    let blood = analyze_path(&dir.join("apk/blooddonation.apk")).unwrap();
    let c = compare(&hello, &blood);
    assert!(!c.same_app);
    assert_eq!(c.summary[0], "Don du Sang is riskier: grade D against B for HelloWorld.");
    assert!(c.permissions.added.iter().any(|p| p.id == "android.permission.ACCESS_FINE_LOCATION"));
}

/// A package whose manifest is really encrypted (flag set, contents unreadable) says so, and its grade
/// comes with a low confidence; a manifest that only carries the flag stays an anti-analysis trick.
#[test]
fn an_encrypted_package_is_named_as_such() {
    fn set_encrypted(bytes: &mut [u8]) {
        for (sig, flags_at) in [(b"PK\x03\x04", 6usize), (b"PK\x01\x02", 8usize)] {
            let at = bytes.windows(4).position(|w| w == sig).unwrap();
            bytes[at + flags_at] |= 1;
        }
    }
    let mut zip = common::zipgen::ZipBuilder::new();
    zip.add_raw(b"AndroidManifest.xml", 8, 0x1234_5678, &[0xff; 64], 300);
    let mut bytes = zip.finish();
    set_encrypted(&mut bytes);
    let report = common::analyze_bytes(&bytes, "locked.apk").unwrap();
    assert!(report.limitations.iter().any(|l| l.id == "package.encrypted"), "{:?}", report.limitations);
    assert!(!report.findings.iter().any(|f| f.evidence.iter().any(|e| e.text.contains("although it is not"))), "not a fake flag");
    assert_eq!(report.risk.unwrap().confidence.level, "low");

    let manifest = std::fs::read(sample_apk().unwrap_or_default()).ok();
    let Some(sample) = manifest else { return };
    let mut flagged = sample.clone();
    set_encrypted(&mut flagged);
    let report = common::analyze_bytes(&flagged, "flagged.apk").unwrap();
    assert!(!report.limitations.iter().any(|l| l.id == "package.encrypted"), "a readable manifest is not encrypted");
}

#[test]
fn the_cli_prints_the_grade_and_compares_two_files() {
    let Some(dir) = corpus("the_cli_prints_the_grade_and_compares_two_files") else { return };
    let hello = dir.join("apk/hello-world.apk").display().to_string();
    let blood = dir.join("apk/blooddonation.apk").display().to_string();
    let out = applens::cli::run(&["check".into(), blood.clone()]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("grade D (High risk): Can know your precise location"), "{}", out.stdout);
    let out = applens::cli::run(&["compare".into(), hello.clone(), blood.clone()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("HelloWorld (B) against Don du Sang (D)\n  Don du Sang is riskier"), "{}", out.stdout);
    let out = applens::cli::run(&["compare".into(), hello.clone(), blood, "--json".into()]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["grade_after"], "D");
    assert!(json["permissions"]["added"].as_array().unwrap().iter().any(|p| p["id"] == "android.permission.ACCESS_FINE_LOCATION"));
    assert_eq!(applens::cli::run(&["compare".into(), hello]).code, 2, "compare needs two files");
}
