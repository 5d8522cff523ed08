//! Code written in JavaScript (Cordova / PhoneGap, Capacitor, React Native; plain or Hermes bytecode) and the
//! C strings of iOS programs. On the corpus each JavaScript framework is named on exactly the packages that
//! are built with it, with its evidence, the hosts and trackers its JavaScript names, and the remote code a
//! Capacitor `server.url` loads; every other package names no framework (no false alarm). DEX tracker sets
//! stay Exodus's (tests/code_trackers.rs); what JavaScript adds is marked by `found_in`.

mod common;

use std::collections::BTreeMap;

use applens::analysis::Report;

/// Every corpus package with a JavaScript framework, and the frameworks named (ids, in order).
const EXPECTED: &[(&str, &[&str])] = &[
    ("apk/capacitor_pixfacil_1.1.0_remote_server_url.apk", &["capacitor"]),
    ("apk/cordova_landcover_collector_1.0.0.apk", &["cordova"]),
    ("apk/cordova_mercatovip_2.2.0.apk", &["cordova"]),
    ("apk/phonegap_jssmsers_prasesfee.apk", &["cordova"]),
    ("apk/reactnative_bitlist_jsc_armeabi-v7a.apk", &["react_native"]),
    ("ipa/capacitor_achrams_passenger_remote_url.ipa", &["capacitor"]),
    ("ipa/reactnative_rnvideo_io.rntest.hello.ipa", &["react_native"]),
];

fn frameworks(report: &Report) -> Vec<String> {
    report.code.as_ref().map(|c| c.frameworks.iter().map(|f| f.id.clone()).collect()).unwrap_or_default()
}

fn host<'r>(report: &'r Report, name: &str) -> &'r applens::analysis::report::Domain {
    report.domains.iter().find(|d| d.host == name).unwrap_or_else(|| panic!("{name} not among {:?}", report.domains.iter().map(|d| &d.host).collect::<Vec<_>>()))
}

fn found_outside_dex(report: &Report) -> Vec<(String, Vec<String>)> {
    report.trackers.iter().filter(|t| t.found_in.iter().any(|f| f != "dex" && f != "macho")).map(|t| (t.name.clone(), t.found_in.clone())).collect()
}

fn corpus_reports(test: &str) -> Option<BTreeMap<String, Report>> {
    let corpus = common::corpus(test)?;
    let mut out = BTreeMap::new();
    for path in common::corpus_packages(&corpus) {
        let name = path.strip_prefix(&corpus).unwrap().to_string_lossy().into_owned();
        if let Ok(report) = common::analyze_path(&path) {
            out.insert(name, report);
        }
    }
    Some(out)
}

#[test]
fn frameworks_fire_on_the_hybrid_apps_and_nowhere_else() {
    let Some(reports) = corpus_reports("frameworks_fire_on_the_hybrid_apps_and_nowhere_else") else { return };
    let fired: BTreeMap<String, Vec<String>> = reports.iter().map(|(n, r)| (n.clone(), frameworks(r))).filter(|(_, f)| !f.is_empty()).collect();
    let expected: BTreeMap<String, Vec<String>> = EXPECTED.iter().map(|(n, f)| (n.to_string(), f.iter().map(|s| s.to_string()).collect())).collect();
    assert_eq!(fired, expected);
    for (name, report) in &reports {
        assert!(report.domains.windows(2).all(|w| w[0].host < w[1].host), "{name}: domains sorted and unique");
    }
    for (name, report) in &reports {
        let hybrid = expected.contains_key(name);
        let js_read = report.code.iter().flat_map(|c| &c.other_code).any(|o| o.kind == "javascript" || o.kind == "hermes");
        assert_eq!(js_read, hybrid, "{name}: JavaScript is read only for a JavaScript framework");
        assert_eq!(report.limitations.iter().any(|l| l.id == "code.javascript"), hybrid, "{name}");
        if !hybrid {
            assert!(found_outside_dex(report).is_empty(), "{name}: {:?}", found_outside_dex(report));
            assert!(!report.findings.iter().any(|f| f.id == "code.remote_web_code"), "{name}");
        } else {
            let code = report.code.as_ref().unwrap();
            assert!(!code.complete, "{name}: code read for names only is never complete");
            for f in &code.frameworks {
                assert!(!f.evidence.is_empty() && f.read.contains("read") && f.unread.as_deref().is_some_and(|u| u.contains("not analysed")), "{name}: {f:?}");
            }
            assert_ne!(report.risk.as_ref().map(|r| r.confidence.level.as_str()), Some("high"), "{name}");
        }
    }
}

#[test]
fn what_each_hybrid_app_names() {
    let Some(corpus) = common::corpus("what_each_hybrid_app_names") else { return };
    let read = |p: &str| common::analyze_path(&corpus.join(p)).unwrap();

    // Land Cover Collector: fingerprintJS 0.5.4 in assets/www/js/lib, found only in JavaScript; Bing Maps.
    let r = read("apk/cordova_landcover_collector_1.0.0.apk");
    assert_eq!(found_outside_dex(&r), [("FingerprintJS".to_string(), vec!["javascript".to_string()])]);
    let fp = r.trackers.iter().find(|t| t.name == "FingerprintJS").unwrap();
    assert_eq!(fp.evidence[0].location, "assets/www/js/lib/fingerprint.js");
    assert!(fp.evidence[0].text.contains("fingerprintJS 0.5.4"), "{:?}", fp.evidence);
    assert!(r.recipients.iter().any(|x| x.company == "Fingerprint" && x.trackers == ["FingerprintJS"]));
    assert!(host(&r, "dev.virtualearth.net").evidence[0].location.starts_with("assets/www/"));
    assert_eq!(host(&r, "fonts.googleapis.com").company.as_deref(), Some("Google"));
    assert!(!r.domains.iter().any(|d| d.host == "www.apache.org" || d.host == "navigator.app"), "licence links and module names are no hosts");
    let cordova = &r.code.as_ref().unwrap().frameworks[0];
    assert_eq!((cordova.name.as_str(), cordova.evidence[0].location.as_str()), ("Apache Cordova", "assets/www/cordova.js"));

    // MercatoVIP: the endpoints of its one 1.7 MB webpack bundle.
    let r = read("apk/cordova_mercatovip_2.2.0.apk");
    for h in ["test.oppwa.com", "www.aramex.com", "c.vi-serve.com"] {
        assert_eq!(host(&r, h).evidence[0].location, "assets/www/65588d5dfcf2d4d8e947.main.js", "{h}");
    }

    // The PhoneGap SMS-fraud app: its SMS plugin is JavaScript AppLens read.
    let r = read("apk/phonegap_jssmsers_prasesfee.apk");
    let code = r.code.as_ref().unwrap();
    assert!(code.other_code.iter().any(|o| o.path == "assets/www/smsplugin.js" && o.kind == "javascript" && o.loaded_by_system));
    assert!(!code.other_code.iter().any(|o| o.path.ends_with(".map")));

    // Capacitor with server.url: the remote code is a finding, with the config line as evidence.
    let r = read("apk/capacitor_pixfacil_1.1.0_remote_server_url.apk");
    let remote = r.findings.iter().find(|f| f.id == "code.remote_web_code").unwrap();
    assert_eq!(remote.evidence[0].location, "assets/capacitor.config.json, line 6");
    assert!(remote.evidence[0].text.starts_with("\"url\": \"https://5e92cf3b-adcd-4800-8728-329f1546c895.lovableproject.com"), "{:?}", remote.evidence);
    assert!(remote.evidence[0].text.contains("cleartext"));
    assert!(r.limitations.iter().any(|l| l.id == "code.remote_web_code"));
    assert!(r.code.as_ref().unwrap().frameworks[0].unread.as_deref().unwrap().contains("server.url"));
    host(&r, "5e92cf3b-adcd-4800-8728-329f1546c895.lovableproject.com");

    // React Native, plain JavaScript: its API host.
    let r = read("apk/reactnative_bitlist_jsc_armeabi-v7a.apk");
    assert_eq!(host(&r, "bitbns.com").evidence[0].location, "assets/index.android.bundle");
    assert_eq!(r.code.as_ref().unwrap().other_code.iter().map(|o| o.kind.as_str()).collect::<Vec<_>>(), ["javascript"]);
}

#[test]
fn ios_javascript_and_program_strings() {
    let Some(corpus) = common::corpus("ios_javascript_and_program_strings") else { return };
    let read = |p: &str| common::analyze_path(&corpus.join(p)).unwrap();

    let r = read("ipa/capacitor_achrams_passenger_remote_url.ipa");
    let code = r.code.as_ref().expect("iOS code read: report.code is set");
    assert!(code.dex_files.is_empty() && !code.complete);
    let remote = r.findings.iter().find(|f| f.id == "code.remote_web_code").unwrap();
    assert_eq!(remote.evidence[0].location, "Payload/App.app/capacitor.config.json, line 6");
    assert!(remote.evidence[0].text.contains("https://ride.achrams.com.ng"), "{:?}", remote.evidence);
    assert_eq!(code.frameworks[0].evidence.len(), 2);
    assert!(code.other_code.iter().any(|o| o.kind == "macho_strings" && o.path == "Payload/App.app/Frameworks/Capacitor.framework/Capacitor"));
    host(&r, "ride.achrams.com.ng");

    let r = read("ipa/reactnative_rnvideo_io.rntest.hello.ipa");
    let code = r.code.as_ref().unwrap();
    assert_eq!(code.frameworks[0].id, "react_native");
    assert!(code.other_code.iter().any(|o| o.kind == "javascript" && o.path == "Payload/rnvideo.app/main.jsbundle" && o.bytes == 869_557));

    // Program strings: the Firebase test app's hosts, owned by Google, and keys that only look like hosts left out.
    let r = read("ipa/firebase_fcm_test_spm_privacy_bundles.ipa");
    assert_eq!(host(&r, "app-measurement.com").company.as_deref(), Some("Google"));
    assert_eq!(host(&r, "app-measurement.com").evidence[0].location, "Payload/FCM-Test.app/FCM-Test");
    assert!(!r.domains.iter().any(|d| d.host == "google.c.sender.id"));
    assert!(r.recipients.iter().any(|x| x.company == "Google"));
    assert!(frameworks(&r).is_empty());
}

#[test]
fn hermes_bundles_are_read_through_their_strings() {
    let Some(apk) = common::hermes_fixture("reactnative_bitlist_hermes.apk") else { return };
    let r = common::analyze_path(&apk).unwrap();
    let code = r.code.as_ref().unwrap();
    let bundle = code.other_code.iter().find(|o| o.path == "assets/index.android.bundle").unwrap();
    assert_eq!(bundle.kind, "hermes");
    assert!(bundle.note.as_deref().unwrap().starts_with("Hermes bytecode version 96: 9 strings read"), "{bundle:?}");
    assert_eq!(
        found_outside_dex(&r),
        [("Google Firebase Analytics".to_string(), vec!["hermes".to_string()]), ("MixPanel".to_string(), vec!["hermes".to_string()])]
    );
    assert_eq!(host(&r, "example-app.firebaseio.com").company.as_deref(), Some("Google"));
    assert!(host(&r, "cleartext.torchplus.io").cleartext);
    host(&r, "api.torchplus.de"); // from a UTF-16 string
    assert!(code.frameworks[0].read.contains("Hermes bytecode"));

    // A version AppLens does not know: named, not read, no crash.
    let Some(apk) = common::hermes_fixture("reactnative_bitlist_hermes_v100.apk") else { return };
    let r = common::analyze_path(&apk).unwrap();
    let bundle = r.code.as_ref().unwrap().other_code.iter().find(|o| o.path == "assets/index.android.bundle").unwrap();
    assert!(bundle.note.as_deref().unwrap().contains("version 100"), "{bundle:?}");
    assert!(r.limitations.iter().any(|l| l.id == "code.javascript" && l.message.contains("cannot read (assets/index.android.bundle)")));
    assert!(found_outside_dex(&r).is_empty());

    let Some(ipa) = common::hermes_fixture("reactnative_rnvideo_hermes.ipa") else { return };
    let r = common::analyze_path(&ipa).unwrap();
    assert!(r.code.as_ref().unwrap().other_code.iter().any(|o| o.kind == "hermes" && o.note.as_deref().unwrap().contains("version 99")));
    assert_eq!(found_outside_dex(&r).len(), 2);
}
