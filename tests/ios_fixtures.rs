//! The fixture IPAs (built by script/build-ios-fixtures; see tests/fixtures/ipa/README.md) exercise every
//! section of an iOS report, and every iOS rule fires on one fixture and stays quiet on its twin.

mod common;

use std::collections::BTreeSet;
use std::io::Read;

use applens::analysis::report::{IosDetails, Report, Severity};

fn report(name: &str) -> Option<Report> {
    let path = common::ios_fixture(name)?;
    Some(common::analyze_path(&path).unwrap_or_else(|e| panic!("{name}: {e}")))
}

fn ios(r: &Report) -> &IosDetails {
    r.ios.as_ref().expect("ios section")
}

fn rule_ids(r: &Report) -> BTreeSet<&str> {
    r.findings.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn full_fixture_fills_every_section() {
    let Some(r) = report("full.ipa") else { return };
    assert_eq!(r.platform, applens::analysis::report::Platform::Ios);
    assert_eq!(r.format, applens::analysis::Format::Ipa);
    assert_eq!(r.app.id.as_deref(), Some("org.applens.fixture.fieldnotes"));
    assert_eq!(r.app.name.as_deref(), Some("Field Notes"));
    assert_eq!(r.app.version_name.as_deref(), Some("3.1.4"));
    let i = ios(&r);
    assert_eq!((i.build.as_deref(), i.minimum_os_version.as_deref()), (Some("314"), Some("15.0")));
    assert_eq!(i.device_families, vec!["iPhone", "iPad"]);

    // Usage reasons: quoted exactly, explained, categorised; the extension's keys carry its own evidence.
    let cam = r.permissions.iter().find(|p| p.name == "NSCameraUsageDescription").unwrap();
    assert_eq!(cam.reason.as_deref(), Some("Field Notes uses the camera to photograph receipts and whiteboards."));
    assert_eq!(cam.category.as_deref(), Some("camera_microphone"));
    assert!(cam.meaning.is_some());
    assert_eq!(cam.evidence.len(), 2, "app and share extension both ask");
    let contacts = r.permissions.iter().find(|p| p.name == "NSContactsUsageDescription").unwrap();
    assert!(contacts.reason.as_deref().unwrap().contains("<b>Nothing</b>"), "markup kept verbatim (rendered as text)");
    let photos = r.permissions.iter().find(|p| p.name == "NSPhotoLibraryUsageDescription").unwrap();
    assert!(photos.evidence[0].location.ends_with("PlugIns/Share.appex/Info.plist"));
    for key in ["NSUserTrackingUsageDescription", "NSLocationAlwaysAndWhenInUseUsageDescription", "NSPhotoLibraryAddUsageDescription", "NFCReaderUsageDescription"] {
        assert!(r.permissions.iter().any(|p| p.name == key), "{key} missing");
    }

    // ATS, schemes, background modes.
    assert!(i.transport_security.allows_arbitrary_loads);
    let legacy = i.transport_security.exception_domains.iter().find(|d| d.domain == "legacy.example.com").unwrap();
    assert!(legacy.allows_insecure_http && legacy.includes_subdomains);
    assert_eq!(legacy.minimum_tls_version.as_deref(), Some("TLSv1.0"));
    assert!(i.url_schemes.iter().any(|s| s.scheme == "fieldnotes"));
    assert_eq!(i.queried_schemes.len(), 17);
    assert!(i.background_modes.iter().any(|m| m.mode == "location" && m.meaning.is_some()));

    // Extensions.
    let kb = i.extensions.iter().find(|x| x.point.as_deref() == Some("com.apple.keyboard-service")).unwrap();
    assert_eq!((kb.kind.as_str(), kb.requests_open_access), ("Custom keyboard", Some(true)));
    assert!(i.extensions.iter().any(|x| x.kind == "Share extension"));

    // Entitlements from the real program's signature and from the (enterprise) profile.
    let from_signature: Vec<_> = i.entitlements.iter().filter(|e| e.source == "code signature" && e.location.ends_with("/FieldNotes")).collect();
    assert!(from_signature.iter().any(|e| e.key == "com.apple.developer.healthkit" && e.category.as_deref() == Some("Health")));
    assert!(from_signature.iter().any(|e| e.key == "get-task-allow" && e.value == serde_json::json!(true)));
    assert!(i.entitlements.iter().any(|e| e.source == "provisioning profile"));
    let p = i.provisioning.as_ref().unwrap();
    assert_eq!((p.kind.as_str(), p.provisions_all_devices), ("enterprise", true));
    assert_eq!(p.team_ids, vec!["M8ZCXDJQW4"]);
    assert_eq!(p.expiration_date.as_deref(), Some("2012-06-20T05:48:15Z"));
    assert_eq!(p.certificates, vec!["iPhone Distribution: KT Hitel Co., Ltd."]);

    // Programs, frameworks, privacy manifests, trackers.
    let main = i.binaries.iter().find(|b| b.role == "main").unwrap();
    assert_eq!((main.architectures.clone(), main.encrypted, main.signed), (vec!["arm64".to_string()], false, true));
    assert_eq!(main.signing_identifier.as_deref(), Some("org.fastlane.very-capable-app"));
    assert!(main.linked_libraries.iter().any(|l| l.contains("HealthKit.framework")));
    let fb = i.frameworks.iter().find(|f| f.name == "FBSDKCoreKit").unwrap();
    assert_eq!((fb.bundle_id.as_deref(), fb.version.as_deref(), fb.has_privacy_manifest), (Some("com.facebook.sdk.FBSDKCoreKit"), Some("17.0.0"), true));
    assert!(!i.frameworks.iter().find(|f| f.name == "GoogleUtilities").unwrap().has_privacy_manifest);
    let fbm = i.privacy_manifests.iter().find(|m| m.owner == "FBSDKCoreKit.framework").unwrap();
    assert_eq!(fbm.tracking, Some(true));
    assert_eq!(fbm.tracking_domains_in_code, vec!["ep1.facebook.com"]);
    let device_id = fbm.collected_data.iter().find(|d| d.key == "NSPrivacyCollectedDataTypeDeviceID").unwrap();
    assert_eq!((device_id.linked, device_id.tracking), (Some(true), Some(true)));
    let crash = i.privacy_manifests.iter().find(|m| m.owner == "FirebaseCrashlytics.framework").unwrap();
    assert!(crash.accessed_apis.iter().all(|a| a.reasons.iter().all(|r| r.label.is_some())), "every corpus reason code is explained");
    assert!(i.privacy_manifests.iter().any(|m| m.owner == "app"));
    let names: Vec<&str> = r.trackers.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Facebook Analytics") && names.contains(&"Google AdMob"), "{names:?}");
    let admob = r.trackers.iter().find(|t| t.name == "Google AdMob").unwrap();
    assert_eq!((admob.company.as_str(), admob.country.as_deref()), ("Google LLC", Some("US")));

    // The CgBI icon became a standard PNG, the @3x one.
    let icon = r.app.icon.as_ref().unwrap();
    assert!(icon.converted_from_cgbi && icon.path.ends_with("AppIcon60x60@3x.png"));
    assert_eq!((icon.width, icon.height, icon.mime.as_str()), (Some(180), Some(180), "image/png"));
    use base64::Engine as _;
    let png = base64::engine::general_purpose::STANDARD.decode(icon.data_url.strip_prefix("data:image/png;base64,").unwrap()).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && !png.windows(4).any(|w| w == b"CgBI"));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn rules_fire_on_one_fixture_and_stay_quiet_on_its_twin() {
    let (Some(full), Some(quiet), Some(enc), Some(tracked)) =
        (report("full.ipa"), report("quiet.ipa"), report("encrypted.ipa"), report("trackers.ipa"))
    else {
        return;
    };
    let fired = |r: &Report, id: &str| rule_ids(r).contains(id);
    // (rule, where it fires, where it stays quiet)
    let cases: [(&str, &Report, &Report); 16] = [
        ("ios.ats.arbitrary_loads_old_ios", &tracked, &full),
        ("ios.signing.enterprise", &full, &quiet),
        ("ios.signing.debug", &full, &quiet),
        ("ios.signing.ad_hoc", &enc, &quiet),
        ("ios.tracking.permission", &full, &quiet),
        ("ios.location.background", &full, &quiet),
        ("ios.ats.arbitrary_loads", &full, &quiet),
        ("ios.ats.insecure_domains", &full, &quiet),
        ("ios.network.vpn", &full, &quiet),
        ("ios.keyboard.open_access", &full, &quiet),
        ("ios.queries.many_apps", &full, &quiet),
        ("ios.privacy.tracking_declared", &full, &quiet),
        ("ios.privacy.tracking_domains_in_code", &full, &quiet),
        ("ios.privacy.sdk_without_manifest", &full, &quiet),
        ("ios.privacy.tracking_undeclared", &tracked, &full),
        ("ios.privacy.no_app_manifest", &tracked, &quiet),
    ];
    for (id, fires, quiet_on) in cases {
        assert!(fired(fires, id), "{id} should fire on {}", fires.file.name);
        assert!(!fired(quiet_on, id), "{id} should stay quiet on {}", quiet_on.file.name);
        let f = fires.findings.iter().find(|f| f.id == id).unwrap();
        assert!(!f.evidence.is_empty() && !f.title.contains('{') && !f.explanation.contains('{'), "{f:?}");
    }
    assert!(quiet.findings.is_empty(), "{:?}", quiet.findings);
    let enterprise = full.findings.iter().find(|f| f.id == "ios.signing.enterprise").unwrap();
    assert_eq!(enterprise.severity, Severity::High);
    assert!(!fired(&tracked, "ios.ats.arbitrary_loads"), "the blanket rule gives way to its old-iOS variant");
}

#[test]
fn encrypted_programs_are_a_limitation_not_silence() {
    let (Some(enc), Some(quiet)) = (report("encrypted.ipa"), report("quiet.ipa")) else { return };
    let lim = enc.limitations.iter().find(|l| l.id == "ios.encrypted").expect("limitation");
    assert!(lim.message.contains("encrypted by the App Store") && lim.message.contains("1 other program in it is encrypted"), "{}", lim.message);
    assert!(!quiet.limitations.iter().any(|l| l.id == "ios.encrypted"));
    let i = ios(&enc);
    let main = i.binaries.iter().find(|b| b.role == "main").unwrap();
    assert!(main.encrypted);
    assert_eq!(main.architectures, vec!["armv7", "arm64"]);
    // The encrypted widget's class names (GADBannerView) are not read; the plain framework's are.
    let widget = i.binaries.iter().find(|b| b.role == "extension").unwrap();
    assert!(widget.encrypted && widget.class_count == 0, "{widget:?}");
    assert!(!enc.trackers.iter().any(|t| t.name == "Google AdMob"));
    assert!(enc.trackers.iter().any(|t| t.name == "AppsFlyer"));
    assert_eq!(i.provisioning.as_ref().unwrap().kind, "ad_hoc");
}

#[test]
fn statically_linked_sdks_are_found_by_class_and_library() {
    let Some(r) = report("trackers.ipa") else { return };
    let names: BTreeSet<&str> = r.trackers.iter().map(|t| t.name.as_str()).collect();
    for expected in ["AppsFlyer", "Adjust", "TikTok Business SDK", "Pangle", "Pangle (China)", "ByteDance DataFinder (RangersAppLog)", "Google AdMob", "Facebook Login", "Facebook Analytics"] {
        assert!(names.contains(expected), "{expected} not found in {names:?}");
    }
    let adjust = r.trackers.iter().find(|t| t.name == "Adjust").unwrap();
    assert!(adjust.evidence.iter().all(|e| !e.text.contains("AdjustableSlider")), "a look-alike class is not Adjust");
    let fb = r.trackers.iter().find(|t| t.name == "Facebook Analytics").unwrap();
    assert_eq!(fb.evidence[0].kind, "library");
    assert_eq!(fb.evidence[0].text, "@rpath/FBSDKCoreKit.framework/FBSDKCoreKit");
    let ats = &ios(&r).transport_security;
    assert!(ats.allows_arbitrary_loads && ats.arbitrary_loads_ignored_on_ios10 && ats.allows_arbitrary_loads_in_web_content);
    let pangle = r.trackers.iter().find(|t| t.name == "Pangle").unwrap();
    assert_eq!(pangle.country.as_deref(), Some("SG"));
}

#[test]
fn odd_layouts_give_a_report_or_a_clear_error() {
    if let Some(r) = report("nested-folder.ipa") {
        assert_eq!(ios(&r).bundle_path, "Export/Payload/Nested.app/");
        assert_eq!(r.app.id.as_deref(), Some("org.applens.fixture.nested"));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }
    if let Some(path) = common::ios_fixture("no-info-plist.ipa") {
        let e = common::analyze_path(&path).unwrap_err();
        assert!(e.message.contains("no Info.plist"), "{e}");
    }
}

/// Every entry of every fixture, truncated and with seeded byte flips, through each iOS parser: an error or
/// a partial result, never a panic. And the same for whole packages.
#[test]
fn damaged_parts_never_panic() {
    use applens::analysis::ios::{cgbi, macho, plist, provision};
    let names = ["full.ipa", "quiet.ipa", "encrypted.ipa", "trackers.ipa"];
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut checked = 0usize;
    for name in names {
        let Some(path) = common::ios_fixture(name) else { return };
        let bytes = std::fs::read(&path).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let entry_name = entry.name().unwrap().to_string();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            let run = |d: &[u8]| {
                let _ = plist::parse(d, "x", plist::PlistLimits::default());
                let _ = macho::read(d, "x");
                let _ = provision::read(d, "x");
                let _ = cgbi::browser_png(d);
            };
            // Truncations at a spread of lengths (all of them for small parts), then byte flips.
            let step = (data.len() / 64).max(1);
            for cut in (0..data.len()).step_by(step) {
                run(&data[..cut]);
            }
            for round in 0..128 {
                let mut d = data.clone();
                if d.is_empty() {
                    break;
                }
                // Half the rounds hit the headers (load commands, plist trailers, BER lengths), where lies hurt.
                let span = if round % 2 == 0 { d.len().min(2048) } else { d.len() };
                for _ in 0..4 {
                    let at = (next() as usize) % span;
                    d[at] ^= (next() as u8) | 1;
                }
                run(&d);
            }
            checked += 1;
            let _ = entry_name;
        }
        for _ in 0..32 {
            let mut d = bytes.clone();
            for _ in 0..8 {
                let at = (next() as usize) % d.len();
                d[at] ^= (next() as u8) | 1;
            }
            let _ = applens::analysis::analyze(&d, name, &Default::default(), &mut |_| {});
        }
    }
    eprintln!("fuzzed {checked} fixture entries");
}

/// Programs are read as a stream; whatever the piece size, the facts are the same (real corpus programs,
/// thin and fat, and the fixtures' synthetic ones).
#[test]
fn programs_read_the_same_in_any_piece_size() {
    use applens::analysis::ios::macho;
    let Some(corpus) = common::corpus("programs_read_the_same_in_any_piece_size") else { return };
    let mut programs: Vec<(String, Vec<u8>)> = Vec::new();
    let mut collect = |path: &std::path::Path| {
        let bytes = std::fs::read(path).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            if macho::is_macho(&data) {
                programs.push((entry.name().unwrap().to_string(), data));
            }
        }
    };
    for name in ["mobsf_helloworld.ipa", "sweekly_thisisatest.ipa", "fastlane_very-capable-app.ipa"] {
        collect(&corpus.join("ipa").join(name));
    }
    if let Some(p) = common::ios_fixture("full.ipa") {
        collect(&p);
    }
    let needles = vec!["ep1.facebook.com".to_string(), "NSObject".to_string(), "apple.com".to_string()];
    assert!(programs.len() >= 15, "only {} programs", programs.len());
    for (name, data) in &programs {
        let whole = macho::read_with(data, name, &needles, data.len()).unwrap();
        let sizes: &[usize] = if data.len() < 300_000 { &[1, 7, 977, 65_536] } else { &[977, 65_536] };
        for &piece in sizes {
            let streamed = macho::read_with(data, name, &needles, piece).unwrap();
            assert_eq!(streamed, whole, "{name} read in pieces of {piece}");
        }
        assert!(whole.warnings.is_empty(), "{name}: {:?}", whole.warnings);
        assert!(whole.signed || name.contains("Keyboard") || name.contains("Share") || name.contains("Frameworks"), "{name} unsigned");
    }
}
