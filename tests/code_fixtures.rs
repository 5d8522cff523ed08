//! The code evidence rules on fixtures built with smali (tests/fixtures/dex/README.md): every tracker and
//! every capability of the tables is found where its code is, and nothing is found in the quiet twin.

mod common;

use std::collections::BTreeSet;

use applens::analysis::android::code::{apply, examine_code, files::FileFacts};
use applens::analysis::knowledge::capabilities::capabilities;
use applens::analysis::knowledge::trackers::trackers;
use applens::analysis::report::{CapabilityStatus, Format, Report};
use applens::analysis::Limits;

fn report_for_dex(relative: &str) -> Option<Report> {
    let path = common::code_fixture(relative)?;
    let bytes = std::fs::read(path).unwrap();
    let facts = examine_code([("classes.dex".to_string(), Ok(bytes))], &Limits::default());
    let mut report = Report::new(Default::default(), Format::Apk);
    apply(&facts, &FileFacts::default(), &mut report);
    Some(report)
}

#[test]
fn every_tracker_of_the_table_is_found() {
    let Some(report) = report_for_dex("dex/trackers.dex") else { return };
    let found: BTreeSet<&str> = report.trackers.iter().map(|t| t.name.as_str()).collect();
    let missing: Vec<&str> = trackers().iter().filter(|t| t.detectable() && !found.contains(t.name)).map(|t| t.name).collect();
    assert!(missing.is_empty(), "trackers not found from their own stand-in class: {missing:?}");
    assert!(report.trackers.iter().all(|t| !t.evidence.is_empty()));
    eprintln!("{} trackers found", report.trackers.len());
}

#[test]
fn every_capability_of_the_table_is_found_with_its_references() {
    let Some(report) = report_for_dex("dex/capabilities.dex") else { return };
    for def in capabilities() {
        let cap = report.capabilities.iter().find(|c| c.id == def.id).unwrap_or_else(|| panic!("{} not found", def.id));
        let expected = if def.permissions.is_empty() { CapabilityStatus::NoPermissionNeeded } else { CapabilityStatus::UsedNotRequested };
        assert_eq!(cap.status, expected, "{}", def.id);
        assert!(cap.evidence.iter().all(|e| e.location == "classes.dex" && (e.kind == "code" || e.kind == "string" || e.kind == "class")), "{cap:?}");
    }
    let clip = report.capabilities.iter().find(|c| c.id == "clipboard").unwrap();
    let texts: Vec<&str> = clip.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(texts, ["android.content.ClipboardManager.getPrimaryClip()", "android.content.ClipboardManager.getText()"]);
}

#[test]
fn the_quiet_twin_has_no_trackers_capabilities_or_domains() {
    let Some(report) = report_for_dex("dex/quiet.dex") else { return };
    assert!(report.trackers.is_empty(), "{:?}", report.trackers);
    assert!(report.capabilities.is_empty(), "{:?}", report.capabilities);
    assert!(report.domains.is_empty(), "{:?}", report.domains);
    assert!(report.code.is_some_and(|c| c.complete && c.classes == 3));
}

#[test]
fn a_packed_app_says_its_results_may_be_incomplete() {
    let Some(path) = common::code_fixture("apk/packed.apk") else { return };
    let report = common::analyze_path(&path).unwrap();
    assert_eq!(report.packers.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["360 Jiagu"]);
    assert_eq!(report.packers[0].evidence[0].text, "lib/arm64-v8a/libjiagu.so");
    let ids: Vec<&str> = report.limitations.iter().map(|l| l.id.as_str()).collect();
    for id in ["android.code.packed", "android.code.extra", "android.code.native"] {
        assert!(ids.contains(&id), "{id} missing from {ids:?}");
    }
    assert!(report.code.is_some_and(|c| !c.complete));
}

#[test]
fn a_corrupt_dex_is_a_warning_and_the_other_is_still_read() {
    let Some(path) = common::code_fixture("apk/corrupt-dex.apk") else { return };
    let report = common::analyze_path(&path).unwrap();
    assert!(report.warnings.iter().any(|w| w.part == "classes2.dex"), "{:?}", report.warnings);
    assert!(report.trackers.len() > 400, "the intact classes.dex still yields its trackers");
    assert!(report.limitations.iter().any(|l| l.id == "android.code.partial"));
    let code = report.code.unwrap();
    assert_eq!(code.dex_files.len(), 2);
    assert_eq!(code.dex_files[1].version, None);
}

#[test]
fn the_sample_shows_its_stand_in_trackers_and_capabilities() {
    let Some(path) = common::sample_apk() else { return };
    let report = common::analyze_path(&path).unwrap();
    let names: Vec<&str> = report.trackers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Google Firebase Analytics", "Facebook Analytics"]);
    let status = |id: &str| report.capabilities.iter().find(|c| c.id == id).map(|c| c.status);
    assert_eq!(status("clipboard"), Some(CapabilityStatus::NoPermissionNeeded));
    assert_eq!(status("id_device"), Some(CapabilityStatus::RequestedAndUsed));
    assert_eq!(status("camera"), Some(CapabilityStatus::RequestedNotFound), "a torch needs no CAMERA permission");
    let hosts: Vec<(&str, bool)> = report.domains.iter().map(|d| (d.host.as_str(), d.cleartext)).collect();
    assert_eq!(hosts, [("ads.torchplus.example", true), ("api.torchplus.example", false)]);
}
