//! Every manifest rule fires on its `fires` fixture and stays quiet on its `quiet` twin. The fixtures are
//! APKs built by script/make-manifest-fixtures (script/test runs it first) from the manifests under
//! tests/fixtures/manifest/<rule id>/<variant>/; a variant named `fires…` must produce the rule's finding,
//! one named `quiet…` must not.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use applens::analysis::knowledge::manifest_rules::rules;
use applens::analysis::Report;

fn fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fixtures/manifest");
    if dir.is_dir() {
        Some(dir)
    } else if std::env::var_os("CI").is_some() {
        panic!("target/fixtures/manifest is missing: script/test builds it with script/make-manifest-fixtures");
    } else {
        eprintln!("SKIPPED: target/fixtures/manifest not built; run script/make-manifest-fixtures");
        None
    }
}

/// `rule dir name → [(variant, report)]`.
fn reports(dir: &Path) -> BTreeMap<String, Vec<(String, Report)>> {
    let mut out: BTreeMap<String, Vec<(String, Report)>> = BTreeMap::new();
    for rule_dir in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
        for apk in std::fs::read_dir(&rule_dir).unwrap().map(|e| e.unwrap().path()) {
            let variant = apk.file_stem().unwrap().to_string_lossy().into_owned();
            let report = common::analyze_path(&apk).unwrap_or_else(|e| panic!("{rule}/{variant}: {e}"));
            out.entry(rule.clone()).or_default().push((variant, report));
        }
    }
    out
}

#[test]
fn every_rule_fires_on_its_fixture_and_stays_quiet_on_its_twin() {
    let Some(dir) = fixtures() else { return };
    let all = reports(&dir);
    let mut problems = Vec::new();
    for rule in rules() {
        let Some(variants) = all.get(rule.id) else {
            problems.push(format!("{}: no fixtures under tests/fixtures/manifest/{}/", rule.id, rule.id));
            continue;
        };
        let fires = variants.iter().filter(|(v, _)| v.starts_with("fires")).count();
        let quiet = variants.iter().filter(|(v, _)| v.starts_with("quiet")).count();
        if fires == 0 || quiet == 0 {
            problems.push(format!("{}: needs a fires and a quiet fixture ({fires} fires, {quiet} quiet)", rule.id));
        }
        for (variant, report) in variants {
            let found: Vec<_> = report.findings.iter().filter(|f| f.id == rule.id).collect();
            if variant.starts_with("fires") {
                match found.as_slice() {
                    [f] => {
                        if f.evidence.is_empty() || f.evidence.iter().any(|e| e.text.is_empty() || !e.location.contains(", line ")) {
                            problems.push(format!("{}/{variant}: evidence without text or line: {:?}", rule.id, f.evidence));
                        }
                        if f.explanation.contains('{') {
                            problems.push(format!("{}/{variant}: unfilled placeholder", rule.id));
                        }
                    }
                    [] => problems.push(format!(
                        "{}/{variant}: did not fire (findings: {:?}; limitations: {:?})",
                        rule.id,
                        report.findings.iter().map(|f| &f.id).collect::<Vec<_>>(),
                        report.limitations.iter().map(|l| &l.id).collect::<Vec<_>>()
                    )),
                    _ => problems.push(format!("{}/{variant}: fired {} times", rule.id, found.len())),
                }
            } else if !found.is_empty() {
                problems.push(format!("{}/{variant}: fired on its quiet twin: {:?}", rule.id, found[0].evidence));
            }
            if !report.warnings.is_empty() {
                problems.push(format!("{}/{variant}: warnings {:?}", rule.id, report.warnings));
            }
        }
    }
    for name in all.keys() {
        if !matches!(name.as_str(), "special_access" | "identity") && !name.starts_with("limitation.") && !rules().iter().any(|r| r.id == name) {
            problems.push(format!("fixtures for an unknown rule: {name}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    eprintln!("{} rules checked on {} fixtures", rules().len(), all.values().map(Vec::len).sum::<usize>());
}

#[test]
fn network_security_config_is_read_with_its_domains_and_pins() {
    let Some(dir) = fixtures() else { return };
    let report = common::analyze_path(&dir.join("android.network_security.certificate_pinning/fires.apk")).unwrap();
    let pinning = report.findings.iter().find(|f| f.id == "android.network_security.certificate_pinning").unwrap();
    let texts: Vec<&str> = pinning.evidence.iter().map(|e| e.text.as_str()).collect();
    assert!(texts.iter().any(|t| t.contains(">pinned.example.com</domain>")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("expiration=\"2030-01-01\"")), "{texts:?}");
    assert_eq!(texts.iter().filter(|t| t.starts_with("<pin ")).count(), 2, "{texts:?}");
    assert!(pinning.evidence.iter().all(|e| e.location.starts_with("res/xml/network_security_config.xml, line ")));
}

#[test]
fn special_access_is_listed_from_components_and_permissions() {
    let Some(dir) = fixtures() else { return };
    let fires = common::analyze_path(&dir.join("special_access/fires.apk")).unwrap();
    let mut got: Vec<(String, String)> = fires.special_access.iter().map(|s| (s.source.clone(), s.permission.clone())).collect();
    got.sort();
    let expected: Vec<(String, String)> = [
        ("component", "BIND_ACCESSIBILITY_SERVICE"),
        ("component", "BIND_DEVICE_ADMIN"),
        ("component", "BIND_NOTIFICATION_LISTENER_SERVICE"),
        ("component", "BIND_VPN_SERVICE"),
        ("permission", "MANAGE_EXTERNAL_STORAGE"),
        ("permission", "PACKAGE_USAGE_STATS"),
        ("permission", "QUERY_ALL_PACKAGES"),
        ("permission", "REQUEST_INSTALL_PACKAGES"),
        ("permission", "SYSTEM_ALERT_WINDOW"),
    ]
    .iter()
    .map(|(s, p)| (s.to_string(), format!("android.permission.{p}")))
    .collect();
    assert_eq!(got, expected);
    let a11y = fires.special_access.iter().find(|s| s.permission.ends_with("BIND_ACCESSIBILITY_SERVICE")).unwrap();
    assert_eq!(a11y.component.as_deref(), Some("org.applens.fixture.ScreenReader"));
    assert_eq!(a11y.category, "system_control");
    assert!(a11y.meaning.contains("read everything on the screen"));
    let quiet = common::analyze_path(&dir.join("special_access/quiet.apk")).unwrap();
    assert!(quiet.special_access.is_empty(), "{:?}", quiet.special_access);
}

#[test]
fn a_network_security_config_elsewhere_is_found_through_the_resource_table() {
    let Some(dir) = fixtures() else { return };
    // The config is res/xml/custom_network.xml, not the conventional path: resources.arsc says where it is.
    let report = common::analyze_path(&dir.join("limitation.network_security_config/unresolved.apk")).unwrap();
    assert!(!report.limitations.iter().any(|l| l.id == "android.network_security_config"), "{:?}", report.limitations);
    let cleartext = report.findings.iter().find(|f| f.id == "android.network_security.cleartext_everywhere").expect("read from the config");
    assert!(cleartext.evidence.iter().any(|e| e.location.contains("custom_network.xml")), "{:?}", cleartext.evidence);
}

/// `android:versionName="@string/version"` (and a label by reference) show the default configuration's
/// strings, as `aapt dump badging` prints them; the French translations must not win.
#[test]
fn version_name_by_reference_is_resolved_as_aapt_does() {
    let Some(dir) = fixtures() else { return };
    let apk = dir.join("identity/version_name_resource.apk");
    let report = common::analyze_path(&apk).unwrap();
    assert_eq!(report.app.version_name.as_deref(), Some("3.1.4-resource"));
    assert_eq!(report.app.name.as_deref(), Some("Identity Fixture"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    // Where Debian's aapt is installed (script/setup), its badging line is the reference.
    if let Ok(out) = std::process::Command::new("aapt").args(["dump", "badging"]).arg(&apk).output() {
        let badging = String::from_utf8_lossy(&out.stdout);
        assert!(badging.contains("versionName='3.1.4-resource'"), "{badging}");
    }
}

/// A `<uses-permission>` inside `<application>` is not requested (Android and aapt's badging skip it) but is
/// shown with its line.
#[test]
fn a_misplaced_permission_is_shown_but_not_requested() {
    let Some(dir) = fixtures() else { return };
    let report = common::analyze_path(&dir.join("android.manifest.misplaced_permission/fires.apk")).unwrap();
    let requested: Vec<&str> = report.permissions.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(requested, ["android.permission.CAMERA"]);
    let finding = report.findings.iter().find(|f| f.id == "android.manifest.misplaced_permission").expect("fires");
    assert_eq!(finding.evidence.len(), 1, "{:?}", finding.evidence);
    assert_eq!(finding.evidence[0].location, "AndroidManifest.xml, line 9");
    assert!(finding.evidence[0].text.contains("android.permission.READ_SMS"), "{:?}", finding.evidence);
}

/// On the real corpus APKs: every finding rests on evidence with a line, every catalogued permission has a
/// known category, and a few known facts of well-known apps come out.
#[test]
fn corpus_findings_rest_on_evidence() {
    use applens::analysis::knowledge::catalogue::category;
    let Some(corpus) = common::corpus("corpus_findings_rest_on_evidence") else { return };
    let mut analysed = 0;
    for entry in std::fs::read_dir(corpus.join("apk")).unwrap() {
        let path = entry.unwrap().path();
        let Ok(report) = common::analyze_path(&path) else { continue };
        analysed += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        for f in &report.findings {
            assert!(!f.evidence.is_empty(), "{name}: {} has no evidence", f.id);
            // Manifest findings point at a line; others (signing, anti-analysis) at a file or a byte range.
            let from_manifest = f.id.starts_with("android.manifest.") || f.id.starts_with("android.network_security.");
            assert!(!from_manifest || f.evidence.iter().all(|e| e.location.contains(", line ")), "{name}: {}", f.id);
            assert!(category(&f.category).is_some(), "{name}: {}", f.id);
        }
        for p in &report.permissions {
            if let Some(c) = &p.category {
                assert!(category(c).is_some(), "{name}: {} in unknown category {c}", p.name);
            }
        }
    }
    assert!(analysed >= 20, "only {analysed} corpus APKs analysed");
    let ids = |file: &str| -> Vec<String> {
        common::analyze_path(&corpus.join("apk").join(file)).unwrap().findings.into_iter().map(|f| f.id).collect()
    };
    // DIVA, the deliberately insecure training app: debuggable, exported provider and activities.
    let diva = ids("mobsf_android.apk");
    for id in ["android.manifest.debuggable", "android.manifest.exported_components", "android.manifest.allow_backup"] {
        assert!(diva.contains(&id.to_string()), "DIVA: {id} missing from {diva:?}");
    }
    assert!(ids("appium_ApiDemos-debug.apk").contains(&"android.manifest.sms_receiver".to_string()));
    assert!(ids("google_NetworkStack_210000000.apk").contains(&"android.manifest.shared_user_id".to_string()));
}
