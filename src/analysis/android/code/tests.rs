//! The code scan on DEX files built byte by byte, and on the sample APK.

use super::scan::substring_hits;
use super::*;
use crate::analysis::dex::tests::build;
use crate::analysis::report::{Format, Permission, PermissionSource};

fn report_with(perms: &[&str]) -> Report {
    let mut r = Report::new(Default::default(), Format::Apk);
    for p in perms {
        r.permissions.push(Permission {
            name: p.to_string(),
            protection_level: None,
            defined_by: PermissionSource::Platform,
            element: "uses-permission".into(),
            max_sdk: None,
            evidence: vec![evidence("manifest", "AndroidManifest.xml, line 3", format!("<uses-permission android:name=\"{p}\"/>"))],
            ..Permission::default()
        });
    }
    r
}

/// A DEX defining two tracker classes and an app class that reads the clipboard and the device ID,
/// queries SMS and names two hosts. Strings must be sorted (the builder does not sort).
fn tracker_dex() -> Vec<u8> {
    let strings = [
        "Landroid/content/ClipboardManager;",           // 0
        "Landroid/telephony/TelephonyManager;",         // 1
        "Lcom/example/app/Main;",                       // 2
        "Lcom/facebook/appevents/AppEventsLogger;",     // 3
        "Lcom/google/android/gms/ads/AdView;",          // 4
        "V",                                            // 5
        "content://sms/inbox",                          // 6
        "getDeviceId",                                  // 7
        "getPrimaryClip",                               // 8
        "graph.facebook.com",                           // 9
        "http://ads.torchplus.example/track",           // 10
        "https://www.w3.org/2000/svg",                  // 11
    ];
    build("035", &strings, &[5, 0, 1, 2, 3, 4], &[(1, 8), (2, 7)], &[3, 4, 5])
}

fn scan(dex: &[u8]) -> CodeFacts {
    examine_code([("classes.dex".to_string(), Ok(dex.to_vec()))], &Limits::default())
}

#[test]
fn finds_trackers_with_company_country_and_evidence() {
    let mut r = report_with(&[]);
    apply(&scan(&tracker_dex()), &FileFacts::default(), &mut r);
    let names: Vec<&str> = r.trackers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Facebook Analytics", "Google AdMob"]);
    let admob = &r.trackers[1];
    assert_eq!((admob.exodus_id, admob.company.as_str(), admob.country.as_deref()), (Some(312), "Google", Some("US")));
    assert_eq!(admob.evidence[0].text, "com.google.android.gms.ads.AdView");
    assert_eq!(admob.evidence[0].location, "classes.dex");
    let code = r.code.as_ref().unwrap();
    assert_eq!((code.classes, code.complete, code.dex_files[0].version), (3, true, Some(35)));
    assert_eq!(r.recipients.iter().map(|x| x.company.as_str()).collect::<Vec<_>>(), ["Google", "Meta"]);
}

#[test]
fn capabilities_are_cross_checked_with_the_manifest() {
    let mut r = report_with(&["android.permission.CAMERA", "android.permission.READ_SMS"]);
    apply(&scan(&tracker_dex()), &FileFacts::default(), &mut r);
    let status = |id: &str| r.capabilities.iter().find(|c| c.id == id).map(|c| c.status);
    assert_eq!(status("clipboard"), Some(CapabilityStatus::NoPermissionNeeded));
    assert_eq!(status("id_device"), Some(CapabilityStatus::UsedNotRequested));
    assert_eq!(status("sms_read"), Some(CapabilityStatus::RequestedAndUsed));
    assert_eq!(status("camera"), Some(CapabilityStatus::RequestedNotFound));
    assert_eq!(status("location"), None, "neither asked for nor used: not listed");
    let clip = r.capabilities.iter().find(|c| c.id == "clipboard").unwrap();
    assert_eq!(clip.evidence[0].text, "android.content.ClipboardManager.getPrimaryClip()");
    let camera = r.capabilities.iter().find(|c| c.id == "camera").unwrap();
    assert_eq!(camera.evidence[0].kind, "manifest");
}

#[test]
fn domains_are_owned_flagged_and_namespaces_dropped() {
    let mut r = report_with(&[]);
    apply(&scan(&tracker_dex()), &FileFacts::default(), &mut r);
    let hosts: Vec<(&str, bool, Option<&str>)> = r.domains.iter().map(|d| (d.host.as_str(), d.cleartext, d.company.as_deref())).collect();
    assert_eq!(hosts, [("ads.torchplus.example", true, None), ("graph.facebook.com", false, Some("Meta"))]);
    assert_eq!(r.domains[1].tracker.as_deref(), Some("Facebook Analytics"), "the present tracker whose network signature matches");
}

#[test]
fn strings_out_of_order_are_searched_one_by_one_with_the_same_findings() {
    let strings = [
        "/ECB/PKCS5Padding",
        "AES/ECB/NoPadding",
        "Ljavax/crypto/Cipher;",
        "Superuser.apk",
        "V",
        "getInstance",
        "graph.facebook.com",
        "see http://ads.torchplus.example/t",
    ];
    let ordered = build("035", &strings, &[4, 2], &[(1, 5)], &[]);
    // Swapping two string ids leaves every string in the file but breaks the increasing layout that the
    // one-pass search relies on: the scan must notice and fall back, with the same result.
    let mut swapped = ordered.clone();
    let ids = crate::analysis::dex::raw::HEADER_SIZE;
    let first: [u8; 4] = swapped[ids..ids + 4].try_into().unwrap();
    let second: [u8; 4] = swapped[ids + 4..ids + 8].try_into().unwrap();
    swapped[ids..ids + 4].copy_from_slice(&second);
    swapped[ids + 4..ids + 8].copy_from_slice(&first);
    let findings = |dex: &[u8]| {
        let mut r = report_with(&[]);
        apply(&scan(dex), &FileFacts::default(), &mut r);
        let mut caps: Vec<String> = r.capabilities.iter().map(|c| format!("{} {}", c.id, c.evidence.len())).collect();
        caps.sort();
        let hosts: Vec<(String, bool)> = r.domains.iter().map(|d| (d.host.clone(), d.cleartext)).collect();
        (caps, hosts)
    };
    let (caps, hosts) = findings(&ordered);
    assert_eq!(caps, ["crypto_weak 3", "root_detection 1"]);
    assert_eq!(hosts, [("ads.torchplus.example".to_string(), true), ("graph.facebook.com".to_string(), false)]);
    assert_eq!(findings(&swapped), (caps, hosts));
}

#[test]
fn a_string_of_a_million_matches_is_marked_once() {
    let long = "://".repeat(1_000_000);
    let dex = build("035", &["V", "a", long.as_str(), "z://x"], &[0], &[], &[]);
    let dex = crate::analysis::dex::parse(&dex).unwrap();
    assert_eq!(substring_hits(&dex), Some(vec![2, 3]));
}

#[test]
fn a_corrupt_dex_is_a_warning_and_the_others_are_still_read() {
    let good = tracker_dex();
    let mut bad = good.clone();
    bad[0x34] ^= 0xff; // map_off
    let facts = examine_code(
        [("classes.dex".to_string(), Ok(bad)), ("classes2.dex".to_string(), Ok(good))],
        &Limits::default(),
    );
    let mut r = report_with(&[]);
    apply(&facts, &FileFacts::default(), &mut r);
    assert_eq!(r.trackers.len(), 2);
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].part, "classes.dex");
    assert!(r.limitations.iter().any(|l| l.id == "android.code.partial" && l.message.contains("classes.dex")));
    assert!(!r.code.unwrap().complete);
}

#[test]
fn packers_and_hidden_code_are_said_not_hidden() {
    let names: Vec<String> = ["classes.dex", "lib/arm64-v8a/libjiagu.so", "lib/arm64-v8a/libflutter.so", "assets/x.dex"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut r = report_with(&[]);
    apply(&scan(&tracker_dex()), &files::examine_files(&names), &mut r);
    assert_eq!(r.packers.len(), 1);
    assert_eq!(r.packers[0].name, "360 Jiagu");
    let ids: Vec<&str> = r.limitations.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["android.code.packed", "android.code.extra", "android.code.framework", "android.code.native"]);
    assert!(!r.code.unwrap().complete);
    let flutter = r.native_libraries.iter().find(|n| n.name == "libflutter.so").unwrap();
    assert_eq!(flutter.company.as_deref(), Some("Google"));
}

#[test]
fn no_dex_means_no_claims() {
    let mut r = report_with(&["android.permission.CAMERA"]);
    apply(&CodeFacts::default(), &FileFacts::default(), &mut r);
    assert!(r.capabilities.is_empty(), "no code read: no 'asks but unused' either");
    assert!(r.limitations.iter().any(|l| l.id == "android.code.none"));
}

#[test]
fn hits_merge_across_files_with_the_caps_of_one_pass() {
    // Sorted strings; the app may list 2 hosts.
    let first = build("035", &["V", "http://a.example/1", "http://b.example/1"], &[0], &[], &[]);
    let second = build("035", &["V", "http://a.example/2", "http://c.example/1", "http://c.example/2"], &[0], &[], &[]);
    let limits = Limits { max_hosts: 2, ..Limits::default() };
    let facts = examine_code([("classes.dex".to_string(), Ok(first)), ("classes2.dex".to_string(), Ok(second))], &limits);
    let mut r = report_with(&[]);
    apply(&facts, &FileFacts::default(), &mut r);
    let hosts: Vec<(&str, usize)> = r.domains.iter().map(|d| (d.host.as_str(), d.evidence.len())).collect();
    // a.example keeps evidence from both files; c.example comes too late, once per string naming it.
    assert_eq!(hosts, [("a.example", 2), ("b.example", 1)]);
    assert_eq!(r.domains[0].evidence[1].location, "classes2.dex");
    assert_eq!(facts.hosts_dropped, 2);
    assert!(r.limitations.iter().any(|l| l.id == "android.code.hosts" && l.message.contains("2 were left out")));
}
