//! Hidden code found without a packer's name (`code.hidden`, limitation `android.code.hidden`). On the corpus it
//! fires on exactly the packed and dropper samples, each by the detection expected, and stays quiet on every
//! other package, the MediaTek system app without any DEX included; on the project's fixtures only the packed
//! one fires. The named packers of `data/packers.tsv` name no other corpus package. And the manifest attributes
//! the check reads, and a whole package, on inputs written here.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use applens::analysis::android::code::components::declared_classes;
use applens::analysis::android::manifest::read_manifest;
use applens::analysis::axml::{self, AxmlLimits};
use applens::analysis::Report;

use common::axml::{AxmlBuilder, Attr, ANDROID_NS, ATTR_NAME, TYPE_STRING};
use common::zipgen::ZipBuilder;

/// Every corpus package where hidden code is found, and how.
const EXPECTED: &[(&str, &[&str])] = &[
    // Classic Bangcle: 25 of 28 classes missing; assets/bangcle_classes.jar and two more encrypted assets.
    ("apk/bangcle_secexe_com.fdhgkjhrtjkjbx.model.apk", &["components_without_code", "opaque_payload"]),
    // 67 of 68 missing; the payload dressed as assets/EaaGfe.json, a DexClassLoader reference.
    ("apk/cerberus_json_disguised_payload.apk", &["components_without_code", "opaque_payload"]),
    // 9 of 10 missing; its encrypted assets/classes.dex has no loader reference the DEX names.
    ("apk/fobus_nested_assets_classes_dex.apk", &["components_without_code"]),
    // 4 of 6 missing; assets/qoh, loaded through libTmdsdk.so.
    ("apk/qdroid_stub_libTmdsdk_packed.apk", &["components_without_code", "opaque_payload"]),
    // Only 2 of 5 missing (under half: quiet), but the encrypted asset and its native decryptor.
    ("apk/xhelper_loaddex_stub_native_decryptor.apk", &["opaque_payload"]),
];

fn kinds(report: &Report) -> Vec<String> {
    report.code.as_ref().map(|c| c.hidden.iter().map(|h| h.kind.clone()).collect()).unwrap_or_default()
}

/// Checks what every report that says "hidden code" must also say, and returns the kinds found.
fn checked_kinds(name: &str, report: &Report) -> Vec<String> {
    let kinds = kinds(report);
    let limited = report.limitations.iter().any(|l| l.id == "android.code.hidden");
    assert_eq!(limited, !kinds.is_empty(), "{name}: the limitation goes with the signs");
    if !kinds.is_empty() {
        assert!(report.code.as_ref().is_some_and(|c| !c.complete), "{name}: hidden code is not complete code");
        let confidence = report.risk.as_ref().map(|r| r.confidence.level.as_str());
        assert!(confidence.is_some_and(|c| c != "high"), "{name}: confidence {confidence:?}");
        for h in report.code.iter().flat_map(|c| &c.hidden) {
            assert!(!h.message.is_empty() && !h.evidence.is_empty(), "{name}: {h:?}");
        }
    }
    kinds
}

#[test]
fn the_corpus_fires_on_the_packed_samples_and_nowhere_else() {
    let Some(corpus) = common::corpus("the_corpus_fires_on_the_packed_samples_and_nowhere_else") else { return };
    let mut fired: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut packers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut reports: BTreeMap<String, Report> = BTreeMap::new();
    for path in common::corpus_packages(&corpus) {
        let name = path.strip_prefix(&corpus).unwrap().to_string_lossy().into_owned();
        let Ok(report) = common::analyze_path(&path) else { continue };
        let kinds = checked_kinds(&name, &report);
        if !kinds.is_empty() {
            fired.insert(name.clone(), kinds);
        }
        if !report.packers.is_empty() {
            packers.insert(name.clone(), report.packers.iter().map(|p| p.name.clone()).collect());
        }
        reports.insert(name, report);
    }
    let expected: BTreeMap<String, Vec<String>> =
        EXPECTED.iter().map(|(n, k)| (n.to_string(), k.iter().map(|s| s.to_string()).collect())).collect();
    assert_eq!(fired, expected, "hidden code must fire on exactly the packed samples");
    let named: BTreeMap<String, Vec<String>> =
        [("apk/bangcle_secexe_com.fdhgkjhrtjkjbx.model.apk".to_string(), vec!["Bangcle / SecNeo".to_string()])].into();
    assert_eq!(packers, named, "no other corpus package carries a packer's mark");

    let message = |name: &str, kind: &str| -> String {
        let code = reports[name].code.as_ref().unwrap();
        code.hidden.iter().find(|h| h.kind == kind).unwrap().message.clone()
    };
    for (name, count) in [
        ("apk/bangcle_secexe_com.fdhgkjhrtjkjbx.model.apk", "25 of the 28"),
        ("apk/cerberus_json_disguised_payload.apk", "67 of the 68"),
        ("apk/fobus_nested_assets_classes_dex.apk", "9 of the 10"),
        ("apk/qdroid_stub_libTmdsdk_packed.apk", "4 of the 6"),
    ] {
        assert!(message(name, "components_without_code").starts_with(count), "{name}: {}", message(name, "components_without_code"));
    }
    // Bangcle's application is named "BaseApp", relative without a dot: resolved against the package, and found.
    let bangcle = &reports["apk/bangcle_secexe_com.fdhgkjhrtjkjbx.model.apk"];
    let missing = &bangcle.code.as_ref().unwrap().hidden[0].evidence;
    assert!(missing.iter().all(|e| e.kind == "manifest" && !e.text.contains("BaseApp")), "{missing:?}");
    let xhelper = &reports["apk/xhelper_loaddex_stub_native_decryptor.apk"].code.as_ref().unwrap().hidden[0];
    assert_eq!(xhelper.evidence[0].location, "assets/loaddex.hb.com.loaddex.psx.data");
    assert!(xhelper.evidence[0].text.starts_with("183857 bytes, 7.99 bits"), "{:?}", xhelper.evidence[0]);
    assert!(xhelper.evidence.last().is_some_and(|e| e.text.contains("loadLibrary")), "{:?}", xhelper.evidence);
    let cerberus = message("apk/cerberus_json_disguised_payload.apk", "opaque_payload");
    assert!(cerberus.contains("assets/EaaGfe.json, 494 KiB"), "{cerberus}");
    // No DEX at all and every component missing: that is an odexed system app, not a packed one.
    let mtk = &reports["apk/mtk_cit_system_app_no_dex.apk"];
    assert!(kinds(mtk).is_empty() && mtk.limitations.iter().any(|l| l.id == "android.code.none"));
}

/// The fixtures the project builds (script/build-sample, script/build-code-fixtures and the rule
/// fixtures): only `apk/packed.apk`, the sample's manifest over an unrelated DEX, declares classes it lacks.
#[test]
fn the_projects_fixtures_are_quiet_but_the_packed_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for path in std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "apk" || e == "apks" || e == "xapk" || e == "aab") {
                out.push(path);
            }
        }
    }
    let mut packages = Vec::new();
    for dir in ["fixtures", "sample"] {
        walk(&root.join(dir), &mut packages);
    }
    if packages.is_empty() {
        eprintln!("SKIPPED: no fixtures under target/ (script/build-sample, script/build-code-fixtures)");
        return;
    }
    let mut fired = BTreeMap::new();
    for path in &packages {
        let name = path.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
        let Ok(report) = common::analyze_path(path) else { continue };
        let kinds = checked_kinds(&name, &report);
        if !kinds.is_empty() {
            fired.insert(name, kinds);
        }
    }
    let packed = root.join("fixtures/apk/packed.apk").is_file().then(|| ("fixtures/apk/packed.apk".to_string(), vec!["components_without_code".to_string()]));
    // The calibration panel's stalkerware-like package hides its code on purpose (script/build-calibration-panel).
    let stalker = "fixtures/calibration/stalkerware_like.apk";
    let stalker = root.join(stalker).is_file().then(|| (stalker.to_string(), vec!["components_without_code".to_string(), "opaque_payload".to_string()]));
    assert_eq!(fired, packed.into_iter().chain(stalker).collect::<BTreeMap<_, _>>(), "of {} fixtures", packages.len());
}

/// `<manifest package="com.example.app">` with an `<application>` carrying `app_attrs` and the components
/// `(element, [(attribute id index, value)])`; attribute names are those of `IDS`, in order.
const IDS: &[(&str, u32)] = &[
    ("name", ATTR_NAME),
    ("appComponentFactory", 0x0101_057a),
    ("backupAgent", 0x0101_027f),
    ("targetActivity", 0x0101_0202),
    ("splitName", 0x0101_0549),
];

fn manifest(app_attrs: &[(u32, &str)], components: &[(&str, &[(u32, &str)])]) -> Vec<u8> {
    let mut b = AxmlBuilder::new(true, IDS);
    let android = b.string("android");
    let ns = b.string(ANDROID_NS);
    let attrs = |b: &mut AxmlBuilder, list: &[(u32, &str)]| -> Vec<Attr> {
        list.iter()
            .map(|(name, value)| {
                let v = b.string(value);
                Attr { ns: Some(ns), name: *name, raw: Some(v), data_type: TYPE_STRING, data: v }
            })
            .collect()
    };
    let manifest = b.string("manifest");
    let package = b.string("package");
    let package_value = b.string("com.example.app");
    let application = b.string("application");
    b.start_namespace(android, ns);
    b.start_element(manifest, &[Attr { ns: None, name: package, raw: Some(package_value), data_type: TYPE_STRING, data: package_value }]);
    let app = attrs(&mut b, app_attrs);
    b.start_element(application, &app);
    for (element, list) in components {
        let element = b.string(element);
        let list = attrs(&mut b, list);
        b.start_element(element, &list);
        b.end_element(element);
    }
    b.end_element(application);
    b.end_element(manifest);
    b.finish()
}

#[test]
fn the_classes_a_manifest_declares_resolved_as_android_does() {
    let bytes = manifest(
        &[(0, "BaseApp"), (1, ".Factory"), (2, "com.other.Backup")],
        &[
            ("activity", &[(0, ".Main")]),
            ("activity-alias", &[(0, ".Launcher"), (3, "Main")]),
            ("activity-alias", &[(0, ".Settings"), (3, "com.example.app.SettingsActivity")]),
            ("service", &[(0, "com.example.app.feature.Sync"), (4, "sync")]),
            ("receiver", &[(0, "android.app.admin.DeviceAdminReceiver")]),
            ("provider", &[(0, "androidx.core.content.FileProvider")]),
        ],
    );
    let doc = axml::parse(&bytes, AxmlLimits::default()).expect("a manifest written by hand");
    let m = read_manifest(&doc);
    let declared = declared_classes(&m);
    let classes: Vec<(&str, &str)> = declared.iter().map(|d| (d.element, d.class.as_str())).collect();
    assert_eq!(
        classes,
        [
            ("application", "com.example.app.BaseApp"),
            ("application", "com.example.app.Factory"),
            ("application", "com.other.Backup"),
            ("activity", "com.example.app.Main"),
            ("activity-alias", "com.example.app.SettingsActivity"),
            ("provider", "androidx.core.content.FileProvider"),
        ],
        "relative names resolved, an alias by its target, a feature split's and a platform class left out"
    );
}

#[test]
fn a_package_with_an_encrypted_asset_and_a_native_loader_says_so() {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let payload: Vec<u8> = (0..48 * 1024)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect();
    let package = |payload_name: &str, with_loader: bool| {
        let mut zip = ZipBuilder::new();
        zip.add_stored("AndroidManifest.xml", &common::axml::simple_manifest("com.example.dropper", &[]));
        zip.add_stored(payload_name, &payload);
        if with_loader {
            zip.add_stored("lib/arm64-v8a/libdecrypt.so", b"\x7fELF\x02\x01\x01");
        }
        common::analyze_bytes(&zip.finish(), "dropper.apk").expect("a report")
    };
    let report = package("assets/update.dat", true);
    assert_eq!(kinds(&report), ["opaque_payload"]);
    let limitation = report.limitations.iter().find(|l| l.id == "android.code.hidden").unwrap();
    assert!(limitation.message.contains("(assets/update.dat, 48 KiB)"), "{}", limitation.message);
    assert!(kinds(&package("assets/update.dat", false)).is_empty(), "nothing loads it");
    assert!(kinds(&package("assets/music.mp3", true)).is_empty(), "named as sound: not read");
}
