//! The code scan on DEX files built byte by byte, and on the sample APK.

use super::components::{DeclaredClass, Wanted};
use super::scan::substring_hits;
use super::*;
use crate::analysis::blob::noise;
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

fn declared(class: &str) -> DeclaredClass {
    DeclaredClass { class: class.into(), element: "activity", text: format!("<activity android:name=\"{class}\">"), line: 7 }
}

/// A DEX defining only `com.example.app.Other`.
fn other_dex() -> Vec<u8> {
    build("035", &["Lcom/example/app/Other;"], &[0], &[], &[0])
}

/// A ZIP of `entries`, stored or deflated, written with the zip crate.
fn zip_of(entries: &[(&str, &[u8], bool)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data, deflate) in entries {
        let method = if *deflate { zip::CompressionMethod::Deflated } else { zip::CompressionMethod::Stored };
        w.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}


#[test]
fn declared_classes_count_when_any_dex_file_defines_them_in_any_order() {
    let wanted = || Wanted::new(["com.example.app.Main", "com.example.app.Other", "com.example.app.Gone"].map(declared).to_vec());
    let facts = |files: [(&str, Vec<u8>); 2]| {
        let mut scan = CodeScan::new(&Limits::default()).wanting(wanted());
        for (entry, dex) in files {
            scan.add_dex(entry, &dex);
        }
        scan.finish()
    };
    let forward = facts([("classes.dex", tracker_dex()), ("classes2.dex", other_dex())]);
    let backward = facts([("classes2.dex", other_dex()), ("classes.dex", tracker_dex())]);
    assert_eq!(forward.defined.iter().collect::<Vec<_>>(), ["com.example.app.Main", "com.example.app.Other"]);
    assert_eq!(forward.defined, backward.defined);
    assert_eq!(forward.declared.len(), 3);
    let mut r = report_with(&[]);
    apply(&forward, &FileFacts::default(), &mut r);
    assert!(r.code.as_ref().is_some_and(|c| c.complete && c.hidden.is_empty()), "one missing of three is no hidden code");
}

#[test]
fn most_declared_classes_in_no_dex_file_is_hidden_code() {
    let classes = ["com.example.app.Main", "com.example.app.A", "com.example.app.B", "com.example.app.C"];
    let mut scan = CodeScan::new(&Limits::default()).wanting(Wanted::new(classes.map(declared).to_vec()));
    scan.add_dex("classes.dex", &tracker_dex());
    let mut r = report_with(&[]);
    apply(&scan.finish(), &FileFacts::default(), &mut r);
    let code = r.code.as_ref().unwrap();
    assert!(!code.complete);
    assert_eq!(code.hidden.len(), 1);
    assert_eq!(code.hidden[0].kind, "components_without_code");
    assert_eq!(code.hidden[0].evidence.iter().map(|e| e.text.as_str()).collect::<Vec<_>>()[0], "<activity android:name=\"com.example.app.A\">");
    let limitation = r.limitations.iter().find(|l| l.id == "android.code.hidden").unwrap();
    assert!(limitation.message.contains("3 of its 4 declared components are in none of its DEX files"), "{}", limitation.message);
}

#[test]
fn hits_read_ahead_against_another_list_of_classes_are_read_again() {
    let limits = Limits::default();
    let apk = zip_of(&[("classes.dex", &tracker_dex(), true)]);
    let names = vec!["classes.dex".to_string()];
    let wanted = || Wanted::new(vec![declared("com.example.app.Main")]);
    let run = |ahead: DexHits| {
        let mut archive = Archive::open(&apk, limits).unwrap();
        let mut prescan = Prescan::default();
        prescan.add([ahead]);
        let mut reader = CodeReader::new(&limits).wanting(wanted()).with_prescan(&mut prescan);
        reader.add(&mut archive, &names, &names, "", &mut |_| {});
        let mut r = report_with(&[]);
        reader.finish(&mut r);
        (prescan.used(), serde_json::to_string(&r).unwrap())
    };
    let (used, same) = run(scan_dex("classes.dex", &tracker_dex(), 100, &wanted()));
    let (refused, stale) = run(scan_dex("classes.dex", &tracker_dex(), 100, &Wanted::default()));
    assert_eq!((used, refused), (1, 0), "hits for another list of classes are not taken");
    assert_eq!(same, stale, "and the report is the same either way");
}

#[test]
fn opaque_files_next_to_a_loader_are_hidden_code_and_the_cheap_filters_hold() {
    let limits = Limits::default();
    let blob = noise(40 * 1024, 0x9e37_79b9_7f4a_7c15);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(&blob);
    let text = "function f(x) { return x + 1; }\n".repeat(2000);
    let apk = zip_of(&[
        ("classes.dex", &tracker_dex(), true),
        ("assets/payload.bin", &blob, false),
        ("assets/picture.dat", &png, false),
        ("assets/intro.ogg", &blob, false),
        ("assets/app.js", text.as_bytes(), true),
        ("res/raw/small.bin", &blob[..1000], false),
        ("lib/arm64-v8a/libdecrypt.so", b"\x7fELF", false),
    ]);
    let mut archive = Archive::open(&apk, limits).unwrap();
    let names = archive.names().to_vec();
    let mut reader = CodeReader::new(&limits);
    reader.add(&mut archive, &["classes.dex".to_string()], &names, "", &mut |_| {});
    let mut r = report_with(&[]);
    reader.finish(&mut r);
    let hidden = &r.code.as_ref().unwrap().hidden;
    assert_eq!(hidden.iter().map(|h| h.kind.as_str()).collect::<Vec<_>>(), ["opaque_payload"]);
    let files: Vec<&str> = hidden[0].evidence.iter().map(|e| e.location.as_str()).collect();
    assert_eq!(files, ["assets/payload.bin", "lib/arm64-v8a/libdecrypt.so"], "a PNG, a name trusted as sound, text and a small file are not");
    assert!(hidden[0].evidence[0].text.starts_with("40960 bytes, 8.00 bits"), "{}", hidden[0].evidence[0].text);

    // The same files without anything that loads code: no claim.
    let quiet = zip_of(&[("classes.dex", &tracker_dex(), true), ("assets/payload.bin", &blob, false)]);
    let mut archive = Archive::open(&quiet, limits).unwrap();
    let names = archive.names().to_vec();
    let mut reader = CodeReader::new(&limits);
    reader.add(&mut archive, &["classes.dex".to_string()], &names, "", &mut |_| {});
    let mut r = report_with(&[]);
    reader.finish(&mut r);
    assert!(r.code.unwrap().hidden.is_empty());
}
