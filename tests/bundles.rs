//! Split sets and App Bundles: the same identity and permissions as their base APK, every split listed.

mod common;

use std::io::{Cursor, Read, Write};

use applens::analysis::report::{Format, Report, SplitKind};
use applens::analysis::{analyze, Options};

fn analyze_bytes(name: &str, bytes: Vec<u8>) -> Report {
    analyze(&bytes, name, &Options::default(), &mut |_| {}).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn entry(container: &[u8], name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(container)).unwrap();
    let mut out = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

/// Rewrites a container with renamed / replaced / added entries (stored, as store tools do).
fn repack(container: &[u8], rename: impl Fn(&str) -> Option<String>, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(container)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let Some(name) = rename(file.name().unwrap().as_ref()) else { continue };
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        out.start_file(name, stored).unwrap();
        out.write_all(&data).unwrap();
    }
    for (name, data) in extra {
        out.start_file(*name, stored).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn assert_same_app(set: &Report, base: &Report) {
    assert_eq!(set.app.id, base.app.id);
    assert_eq!(set.app.name, base.app.name);
    assert_eq!(set.app.version_name, base.app.version_name);
    assert_eq!(set.app.version_code, base.app.version_code);
    assert_eq!((set.app.min_sdk, set.app.target_sdk), (base.app.min_sdk, base.app.target_sdk));
    assert_eq!(set.app.icon, base.app.icon);
    assert_eq!(set.permissions, base.permissions);
}

#[test]
fn apks_set_reads_base_and_lists_every_split() {
    let Some(corpus) = common::corpus("apks_set_reads_base_and_lists_every_split") else { return };
    let bytes = std::fs::read(corpus.join("splits/appmanager_v2.5.22.apks")).unwrap();
    let set = analyze_bytes("appmanager.apks", bytes.clone());
    let base = analyze_bytes("base.apk", entry(&bytes, "base.apk"));
    assert_eq!(set.format, Format::Apks);
    assert_same_app(&set, &base);
    assert_eq!(set.app.id.as_deref(), Some("io.github.muntashirakon.AppManager"));
    let bundle = set.bundle.as_ref().unwrap();
    assert_eq!(bundle.base.as_deref(), Some("base.apk"));
    assert_eq!(bundle.splits.len(), 27);
    assert_eq!(bundle.abis, ["arm64-v8a", "armeabi-v7a", "x86", "x86_64"]);
    assert_eq!(bundle.densities, ["hdpi", "ldpi", "mdpi", "tvdpi", "xhdpi", "xxhdpi", "xxxhdpi"]);
    assert_eq!(bundle.features, ["feat_docs"]);
    assert_eq!(bundle.languages.len(), 14, "{:?}", bundle.languages);
    assert!(set.app.locales.contains(&"fr".to_string()), "language splits count as the app's languages");
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
}

#[test]
fn xapk_reads_base_and_checks_its_manifest_json() {
    let Some(corpus) = common::corpus("xapk_reads_base_and_checks_its_manifest_json") else { return };
    let bytes = std::fs::read(corpus.join("splits/mobsf_android_xapk.xapk")).unwrap();
    let set = analyze_bytes("sample.xapk", bytes.clone());
    let base = analyze_bytes("base.apk", entry(&bytes, "com.tfg.samples.dynamicfeatures.ondemand.apk"));
    assert_eq!(set.format, Format::Xapk);
    assert_same_app(&set, &base);
    let bundle = set.bundle.as_ref().unwrap();
    assert_eq!(bundle.base.as_deref(), Some("com.tfg.samples.dynamicfeatures.ondemand.apk"));
    assert_eq!(bundle.splits.len(), 28);
    assert!(bundle.splits.iter().any(|s| s.kind == SplitKind::Feature));
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);

    // A store's manifest.json that lies about the package is flagged; the APK's word stands.
    let manifest = String::from_utf8(entry(&bytes, "manifest.json")).unwrap().replace(
        "\"package_name\":\"com.tfg.samples.dynamicfeatures.ondemand\"",
        "\"package_name\":\"com.example.innocent\"",
    );
    let lying = repack(&bytes, |n| (n != "manifest.json").then(|| n.to_string()), &[("manifest.json", manifest.as_bytes())]);
    let report = analyze_bytes("lying.xapk", lying);
    assert_eq!(report.app.id, set.app.id);
    assert!(report.warnings.iter().any(|w| w.part == "manifest.json" && w.message.contains("com.example.innocent")), "{:?}", report.warnings);
}

#[test]
fn apkm_is_recognised_and_read_like_its_base() {
    let Some(corpus) = common::corpus("apkm_is_recognised_and_read_like_its_base") else { return };
    let bytes = std::fs::read(corpus.join("splits/appmanager_v2.5.22.apks")).unwrap();
    // APKMirror's layout: info.json, base.apk, split_config.<x>.apk.
    let apkm = repack(
        &bytes,
        |n| Some(if n == "base.apk" { n.to_string() } else { format!("split_{n}") }),
        &[("info.json", br#"{"pname":"io.github.muntashirakon.AppManager","versioncode":"379"}"#)],
    );
    let report = analyze_bytes("appmanager.apkm", apkm);
    let base = analyze_bytes("base.apk", entry(&bytes, "base.apk"));
    assert_eq!(report.format, Format::Apkm);
    assert_same_app(&report, &base);
    assert_eq!(report.bundle.unwrap().splits.len(), 27);
}

#[test]
fn app_bundle_reads_the_protobuf_manifest_and_resources() {
    let Some(corpus) = common::corpus("app_bundle_reads_the_protobuf_manifest_and_resources") else { return };
    let report = common::analyze_path(&corpus.join("aab/bundletool_install-time-permanent-modules.aab")).unwrap();
    assert_eq!(report.format, Format::Aab);
    // Values confirmed independently with `protoc --decode_raw` on base/manifest/AndroidManifest.xml.
    assert_eq!(report.app.id.as_deref(), Some("com.google.android.samples.dynamicfeatures.ondemand"));
    assert_eq!(report.app.version_name.as_deref(), Some("1.0"));
    assert_eq!(report.app.version_code, Some(1));
    assert_eq!((report.app.min_sdk, report.app.target_sdk), (Some(24), Some(28)));
    assert!(report.permissions.is_empty());
    assert_eq!(report.app.name.as_deref(), Some("On Demand Sample"));
    assert_eq!(report.app.icon.as_ref().map(|i| i.path.as_str()), Some("base/res/mipmap-xxxhdpi-v4/ic_launcher.png"));
    let bundle = report.bundle.unwrap();
    assert_eq!(bundle.features, ["assets", "initialInstall", "java"]);
    assert!(report.app.locales.contains(&"sr-Latn".to_string()));
}

#[test]
fn a_split_that_is_not_an_apk_is_a_warning_not_a_failure() {
    let Some(sample) = common::sample_apk() else { return };
    let base = std::fs::read(&sample).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("base.apk", stored).unwrap();
    out.write_all(&base).unwrap();
    out.start_file("config.fr.apk", stored).unwrap();
    out.write_all(b"this is not a zip").unwrap();
    let set = analyze_bytes("broken.apks", out.finish().unwrap().into_inner());
    assert_eq!(set.app.id.as_deref(), Some("org.applens.sample.torch"));
    assert!(set.warnings.iter().any(|w| w.part == "config.fr.apk"), "{:?}", set.warnings);
}

#[test]
fn code_is_read_from_every_split_and_every_module() {
    let Some(corpus) = common::corpus("code_is_read_from_every_split_and_every_module") else { return };
    // APKS: the base's DEX and the feature split's, and native libraries from the four ABI splits as one.
    let set = common::analyze_path(&corpus.join("splits/appmanager_v2.5.22.apks")).unwrap();
    let code = set.code.as_ref().expect("code read");
    let dex: Vec<&str> = code.dex_files.iter().map(|d| d.entry.as_str()).collect();
    assert!(dex.iter().any(|d| d.starts_with("base.apk: classes")), "{dex:?}");
    assert!(dex.iter().any(|d| d.starts_with("feat_docs.apk: ")), "{dex:?}");
    let abis: std::collections::BTreeSet<&str> = set.native_libraries.iter().flat_map(|l| l.abis.iter().map(String::as_str)).collect();
    assert_eq!(abis.into_iter().collect::<Vec<_>>(), ["arm64-v8a", "armeabi-v7a", "x86", "x86_64"]);
    assert!(!set.limitations.iter().any(|l| l.id == "android.code"), "{:?}", set.limitations);

    // AAB: each module's dex/ folder, named with its module.
    let aab = common::analyze_path(&corpus.join("aab/bundletool_install-time-permanent-modules.aab")).unwrap();
    let dex: Vec<&str> = aab.code.as_ref().expect("code read").dex_files.iter().map(|d| d.entry.as_str()).collect();
    assert_eq!(dex, ["base/dex/classes.dex", "initialInstall/dex/classes.dex", "java/dex/classes.dex"]);
    assert!(!aab.limitations.iter().any(|l| l.id.starts_with("android.code")), "{:?}", aab.limitations);
}

/// Certificate SHA-256 digests as `apksigner verify --print-certs` prints them for the corpus sets' APKs
/// (base and every split alike); checked again against apksigner itself where it is installed.
const APPMANAGER_SIGNER: &str = "320c0c0fe8cef873f2b554cb88c837f1512589dcced50c5b25c43c04596760ab";
const MOBSF_XAPK_SIGNER: &str = "abcea5618b08c64bf4c9a271a01eb826ae51ccab959d51f9b793cf8a618f2da3";

/// The SHA-256 apksigner prints for one APK, or `None` where apksigner is not installed.
fn apksigner_sha256(apk: &[u8]) -> Option<String> {
    let path = std::env::temp_dir().join(format!("applens-split-{}-{}.apk", std::process::id(), apk.len()));
    std::fs::write(&path, apk).unwrap();
    let out = std::process::Command::new("apksigner").args(["verify", "--print-certs"]).arg(&path).output();
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8(out.ok()?.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("Signer #1 certificate SHA-256 digest: "))?;
    Some(line.rsplit(' ').next()?.to_string())
}

fn signer_digests(r: &Report) -> Vec<&str> {
    r.signing.as_ref().map(|s| s.signers.iter().map(|x| x.certificate.sha256.as_str()).collect()).unwrap_or_default()
}

#[test]
fn split_sets_are_signed_by_their_base_signer_as_apksigner_says() {
    let Some(corpus) = common::corpus("split_sets_are_signed_by_their_base_signer_as_apksigner_says") else { return };
    for (file, base_name, split_name, expected) in [
        ("splits/appmanager_v2.5.22.apks", "base.apk", "config.fr.apk", APPMANAGER_SIGNER),
        ("splits/mobsf_android_xapk.xapk", "com.tfg.samples.dynamicfeatures.ondemand.apk", "config.fr.apk", MOBSF_XAPK_SIGNER),
    ] {
        let bytes = std::fs::read(corpus.join(file)).unwrap();
        let set = analyze_bytes(file, bytes.clone());
        let base = analyze_bytes(base_name, entry(&bytes, base_name));
        assert_eq!(signer_digests(&set), [expected], "{file}");
        assert_eq!(set.signing, base.signing, "{file}: the base's signer is the set's");
        assert!(!set.findings.iter().any(|f| f.id == "android.signing.split_signer_mismatch"), "{file}");
        assert!(!set.limitations.iter().any(|l| l.id == "android.signature"), "{file}: {:?}", set.limitations);
        assert!(set.warnings.is_empty(), "{file}: {:?}", set.warnings);
        for apk in [base_name, split_name] {
            if let Some(theirs) = apksigner_sha256(&entry(&bytes, apk)) {
                assert_eq!(theirs, expected, "{file}: {apk}: apksigner");
            }
        }
    }
}

#[test]
fn a_split_signed_by_another_key_or_unsigned_is_a_finding() {
    let Some(corpus) = common::corpus("a_split_signed_by_another_key_or_unsigned_is_a_finding") else { return };
    let bytes = std::fs::read(corpus.join("splits/appmanager_v2.5.22.apks")).unwrap();
    let xapk = std::fs::read(corpus.join("splits/mobsf_android_xapk.xapk")).unwrap();
    // config.de.apk: another app's French split (signed by another key); config.fr.apk: rewritten without
    // META-INF, and so without its signing block too (the zip writer does not keep it).
    let foreign = entry(&xapk, "config.fr.apk");
    let unsigned = repack(&entry(&bytes, "config.fr.apk"), |n| (!n.starts_with("META-INF/")).then(|| n.to_string()), &[]);
    let tampered = repack(
        &bytes,
        |n| (n != "config.de.apk" && n != "config.fr.apk").then(|| n.to_string()),
        &[("config.de.apk", &foreign), ("config.fr.apk", &unsigned)],
    );
    let report = analyze_bytes("tampered.apks", tampered);
    assert_eq!(signer_digests(&report), [APPMANAGER_SIGNER], "the base still speaks for the app");
    let found: Vec<_> = report.findings.iter().filter(|f| f.id == "android.signing.split_signer_mismatch").collect();
    assert_eq!(found.len(), 1, "{:?}", report.findings);
    let evidence: Vec<(&str, &str)> = found[0].evidence.iter().map(|e| (e.location.as_str(), e.text.as_str())).collect();
    assert_eq!(evidence.len(), 2, "{evidence:?}");
    assert!(evidence.iter().any(|(at, text)| *at == "config.de.apk" && text.contains(MOBSF_XAPK_SIGNER)), "{evidence:?}");
    assert!(evidence.iter().any(|(at, text)| *at == "config.fr.apk" && text.starts_with("no signature")), "{evidence:?}");
    assert!(!found[0].explanation.contains('{'));
}
