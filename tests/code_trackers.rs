//! Tracker detection equals Exodus Privacy's own method on every corpus APK. The expected sets are in
//! tests/reference/exodus_trackers.tsv, made by script/reference-exodus-trackers (exodus-core's dexdump
//! class list and regexes, run offline), so this test needs neither Python nor dexdump.

mod common;

use std::collections::BTreeSet;

const TABLE: &str = include_str!("reference/exodus_trackers.tsv");

#[test]
fn tracker_sets_equal_the_exodus_method() {
    let Some(corpus) = common::corpus("tracker_sets_equal_the_exodus_method") else { return };
    let mut lines = TABLE.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (file_col, ids_col) = (col("file"), col("exodus_ids"));
    let mut compared = 0;
    let mut disagreements = Vec::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        let file = fields[file_col];
        let expected: BTreeSet<u32> = fields[ids_col].split(',').filter(|s| !s.is_empty()).map(|s| s.parse().unwrap()).collect();
        let Ok(report) = common::analyze_path(&corpus.join("apk").join(file)) else {
            assert!(expected.is_empty(), "{file}: Exodus finds trackers, AppLens cannot read the file");
            continue;
        };
        compared += 1;
        let ours: BTreeSet<u32> = report.trackers.iter().filter(|t| t.found_in.iter().any(|f| f == "dex")).filter_map(|t| t.exodus_id).collect();
        if ours != expected {
            disagreements.push(format!("{file}: AppLens {ours:?}, Exodus method {expected:?}"));
        }
        for t in &report.trackers {
            assert!(!t.evidence.is_empty() && t.evidence.len() <= 3, "{file}: {}: evidence {:?}", t.name, t.evidence);
        }
    }
    assert!(compared >= 20, "only {compared} APKs compared");
    assert!(disagreements.is_empty(), "disagreements with the Exodus method:\n{}", disagreements.join("\n"));
    eprintln!("compared {compared} APKs with the Exodus method: all agree");
}

#[test]
fn blooddonation_has_admob_from_google_in_the_us() {
    let Some(corpus) = common::corpus("blooddonation_has_admob_from_google_in_the_us") else { return };
    let report = common::analyze_path(&corpus.join("apk/blooddonation.apk")).unwrap();
    let names: Vec<&str> = report.trackers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Google AdMob"]);
    let admob = &report.trackers[0];
    assert_eq!((admob.exodus_id, admob.company.as_str(), admob.country.as_deref()), (Some(312), "Google", Some("US")));
    assert!(admob.evidence.iter().all(|e| e.kind == "class" && e.location == "classes.dex" && e.text.starts_with("com.google.ads")));
    let google = report.recipients.iter().find(|r| r.company == "Google").expect("Google is a recipient");
    assert_eq!(google.country.as_deref(), Some("US"));
    assert!(report.code.as_ref().is_some_and(|c| c.complete && c.classes > 4000));
}

#[test]
fn every_corpus_package_gives_code_facts_without_dex_warnings() {
    let Some(corpus) = common::corpus("every_corpus_package_gives_code_facts_without_dex_warnings") else { return };
    let mut apks: Vec<_> = std::fs::read_dir(corpus.join("apk")).unwrap().map(|e| e.unwrap().path()).collect();
    apks.sort();
    for path in apks {
        let Ok(report) = common::analyze_path(&path) else { continue };
        let dex_warnings: Vec<_> = report.warnings.iter().filter(|w| w.part.ends_with(".dex")).collect();
        assert!(dex_warnings.is_empty(), "{}: {dex_warnings:?}", path.display());
        let code = report.code.as_ref().expect("an APK always gets a code summary");
        assert_eq!(code.dex_files.is_empty(), report.limitations.iter().any(|l| l.id == "android.code.none"), "{}", path.display());
    }
}
