//! The calibration panel of the grade (tests/fixtures/calibration/README.md): packages built from open-source
//! apps' own manifests with stand-in SDK classes (script/build-calibration-panel), and the real packages of the
//! corpus. Every panel grade is written down once, in `EXPECTED`, with why; a change of any grade fails with the
//! app, its old and new grade and the new reason, so a change of the model or of a knowledge table (more
//! trackers, trackers found in JavaScript) is reviewed app by app. The orderings the grade must respect are
//! tests of their own, so they hold whatever the letters.
//!
//! To see every grade of the panel and the corpus after a change: `APPLENS_CALIBRATION_PRINT=1 cargo test
//! --locked --test calibration -- --nocapture`.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use applens::analysis::risk::Risk;
use common::{analyze_path, corpus};

/// (package, expected grade, why a reader would expect it). Panel packages are `panel/<app>.apk`, built into
/// target/fixtures/calibration/; the others are paths in ../shared/corpus/.
const EXPECTED: &[(&str, &str, &str)] = &[
    // The panel.
    ("panel/one_permission.apk", "A", "asks for the internet and nothing else, no trackers"),
    ("panel/podcast.apk", "B", "AntennaPod: internet, notifications, starts at boot, no trackers"),
    ("panel/navigation.apk", "C", "Organic Maps: precise location is what it is for, no trackers"),
    ("panel/camera_analytics.apk", "C", "Simple Camera with one analytics SDK: camera and microphone, one US company (not D, near ad-laden games)"),
    ("panel/banking.apk", "C", "Mifos Mobile: camera, phone identity, Firebase Analytics and Crashlytics"),
    ("panel/browser.apk", "E", "DuckDuckGo: location, camera, microphone, the list of apps, installs packages, a VPN; no trackers"),
    ("panel/messenger.apk", "E", "Signal: SMS, contacts, calendar, camera, microphone, location; no trackers"),
    ("panel/podcast_ads.apk", "E", "AntennaPod's access plus six advertising SDKs of five companies"),
    ("panel/video_ads.apk", "F", "Signal's access plus six advertising SDKs, two of them from China, and analytics"),
    ("panel/stalkerware_like.apk", "F", "accessibility service, SMS, call log, location, and its real code hidden"),
    // The corpus: real packages made by others.
    ("apk/hello-world.apk", "B", "a template app"),
    ("apk/blooddonation.apk", "D", "precise location, storage, Google AdMob"),
    ("apk/tiger_snes_2.4.4_adsdks.apk", "E", "an emulator with many advertising SDKs"),
    ("apk/square_cardreader_2.3.2.apk", "E", "a payment reader: location, microphone, phone identity, Flurry"),
    ("apk/operamini_6.5.2.apk", "D", "a browser of 2012 with Google Analytics and broad access"),
    ("apk/flappybird_1.3_xploitspy_trojanized.apk", "F", "a game with spyware inside: SMS, calls, location, contacts"),
    ("apk/cerberus_json_disguised_payload.apk", "F", "banking trojan: its real code hidden in a fake JSON file"),
    ("apk/xhelper_loaddex_stub_native_decryptor.apk", "F", "dropper: an encrypted payload and a native decryptor"),
    ("apk/fobus_nested_assets_classes_dex.apk", "F", "dropper: its components are in no DEX file it ships"),
    ("apk/qdroid_stub_libTmdsdk_packed.apk", "F", "a packed stub: its components are loaded at run time"),
    ("apk/bangcle_secexe_com.fdhgkjhrtjkjbx.model.apk", "D", "wrapped by a named commercial packer (Bangcle): lower confidence, no hidden-code points"),
    ("apk/mtk_cit_system_app_no_dex.apk", "E", "a factory-test system app that reaches nearly everything (no DEX: compiled ahead of time)"),
    ("splits/appmanager_v2.5.22.apks", "D", "an app manager: the list of apps, storage, shell, many special accesses"),
    ("ipa/fastlane_iOSAppOnly.ipa", "A", "an iOS app that asks for nothing"),
    ("ipa/anonycord_1.1_camera_mic.ipa", "C", "an iOS recorder: camera, microphone, photos, no privacy manifest"),
];

fn panel_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fixtures/calibration")
}

/// The panel's packages, or None (with a message) when script/build-calibration-panel has not run.
fn panel() -> Option<PathBuf> {
    let dir = panel_dir();
    if dir.join("stalkerware_like.apk").is_file() {
        Some(dir)
    } else if std::env::var_os("CI").is_some() {
        panic!("{} is missing: script/test builds it with script/build-calibration-panel", dir.display());
    } else {
        eprintln!("SKIPPED: the calibration panel is not built; run script/build-calibration-panel");
        None
    }
}

fn path_of(name: &str, panel: &Path, corpus: &Path) -> PathBuf {
    match name.strip_prefix("panel/") {
        Some(app) => panel.join(app),
        None => corpus.join(name),
    }
}

fn risk(path: &Path) -> Risk {
    analyze_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).risk.expect("graded")
}

/// Every grade of the panel and the corpus, by name.
fn grades(panel: &Path, corpus: &Path) -> BTreeMap<String, Risk> {
    let mut out = BTreeMap::new();
    for (name, _, _) in EXPECTED {
        out.insert((*name).to_string(), risk(&path_of(name, panel, corpus)));
    }
    out
}

fn setup() -> Option<(PathBuf, PathBuf)> {
    let panel = panel()?;
    let corpus = corpus("calibration")?;
    Some((panel, corpus))
}

#[test]
fn every_panel_grade_is_the_one_written_down() {
    let Some((panel, corpus)) = setup() else { return };
    let all = grades(&panel, &corpus);
    if std::env::var_os("APPLENS_CALIBRATION_PRINT").is_some() {
        for (name, r) in &all {
            eprintln!("{name:50} {} reach {:5.1} sharing {:4.1} worst {:4.1} {}", r.grade, r.reach, r.sharing, r.worst, r.reason);
        }
        for path in common::corpus_packages(&corpus) {
            if let Ok(report) = analyze_path(&path) {
                let r = report.risk.expect("graded");
                eprintln!("corpus {:60} {} reach {:5.1} sharing {:4.1}", path.strip_prefix(&corpus).unwrap_or(&path).display(), r.grade, r.reach, r.sharing);
            }
        }
    }
    let mut changed = Vec::new();
    for (name, expected, why) in EXPECTED {
        let r = &all[*name];
        if r.grade != *expected {
            changed.push(format!(
                "{name}: was {expected} ({why}), now {} — {} ({}; reach {}, sharing {})",
                r.grade, r.reason, r.summary, r.reach, r.sharing
            ));
        }
    }
    assert!(
        changed.is_empty(),
        "{} panel grade(s) changed; if the change is right, update EXPECTED in tests/calibration.rs and the table in \
         tests/fixtures/calibration/README.md:\n{}",
        changed.len(),
        changed.join("\n")
    );
}

/// The orderings of tests/fixtures/calibration/README.md: each pair's first app must get a strictly better grade
/// than its second, for the reason given.
#[test]
fn the_orderings_hold() {
    let Some((panel, corpus)) = setup() else { return };
    let all = grades(&panel, &corpus);
    let better = |a: &str, b: &str, why: &str| {
        let (ra, rb) = (&all[a], &all[b]);
        assert!(ra.grade < rb.grade, "{a} ({}) must be better than {b} ({}): {why}\n{a}: {}\n{b}: {}", ra.grade, rb.grade, ra.reason, rb.reason);
    };
    better("panel/podcast.apk", "panel/podcast_ads.apk", "the same permissions plus six advertising SDKs is worse");
    better("panel/messenger.apk", "panel/video_ads.apk", "the same access plus ad SDKs and recipients without adequacy is worse");
    better("panel/camera_analytics.apk", "apk/tiger_snes_2.4.4_adsdks.apk", "one analytics SDK is not an ad-laden game");
    better("panel/navigation.apk", "panel/messenger.apk", "location alone reaches less than messages, contacts, camera and location");
    better("panel/banking.apk", "panel/video_ads.apk", "crash reports and analytics from one company are not six ad networks");
    better("panel/one_permission.apk", "panel/podcast.apk", "the internet alone reaches less than a podcast player's background work");
    better("panel/browser.apk", "panel/stalkerware_like.apk", "a browser's broad access is not hidden code with an accessibility service");
    // Same access, more sharing: the "who else gets it" score rises with the ad SDKs and recipients without adequacy.
    assert!(all["panel/video_ads.apk"].sharing > all["panel/messenger.apk"].sharing);
    assert!((all["panel/video_ads.apk"].reach - all["panel/messenger.apk"].reach).abs() < 10.0, "same access: reach stays close");
    for name in ["panel/stalkerware_like.apk", "apk/cerberus_json_disguised_payload.apk"] {
        assert_eq!(all[name].grade, "F", "{name}: stalkerware-like access with hidden code is F: {}", all[name].reason);
    }
    assert_eq!(all["panel/one_permission.apk"].grade, "A", "a one-permission app with no trackers is A");
}

#[test]
fn the_letters_tell_apps_apart() {
    let Some((panel, corpus)) = setup() else { return };
    let used: std::collections::BTreeSet<String> = grades(&panel, &corpus).into_values().map(|r| r.grade).collect();
    assert!(used.len() >= 5, "the panel and the corpus use only {used:?}");
}

#[test]
fn capabilities_recipients_and_hidden_code_are_traceable_items() {
    let Some((panel, corpus)) = setup() else { return };
    let items = |name: &str| -> Vec<(String, String, f64)> {
        risk(&path_of(name, &panel, &corpus))
            .categories
            .into_iter()
            .flat_map(|c| c.items.into_iter().map(move |i| (i.source, i.id, i.points)))
            .collect()
    };
    let video = items("panel/video_ads.apk");
    // Each company counts once, by what the EU says of data protection where it is: China without adequacy
    // weighs more than the United States (partial: the Data Privacy Framework).
    let bytedance = video.iter().find(|(s, id, _)| s == "recipient" && id == "ByteDance").expect("ByteDance is a recipient");
    let google = video.iter().find(|(s, id, _)| s == "recipient" && id == "Google").expect("Google is a recipient");
    assert!(bytedance.2 > google.2, "{bytedance:?} {google:?}");
    let stalker = items("panel/stalkerware_like.apk");
    assert!(stalker.iter().any(|(s, id, _)| s == "hidden_code" && id == "opaque_payload"), "{stalker:?}");
    assert!(stalker.iter().any(|(s, id, _)| s == "capability" && id == "dynamic_code"), "{stalker:?}");
    // A named commercial packer only lowers the confidence: no hidden-code item.
    let bangcle = risk(&corpus.join("apk/bangcle_secexe_com.fdhgkjhrtjkjbx.model.apk"));
    assert!(bangcle.categories.iter().flat_map(|c| &c.items).all(|i| i.source != "hidden_code"));
    assert_eq!(bangcle.confidence.level, "low");
}
