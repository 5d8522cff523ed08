//! Code the app carries but Android does not load by itself (APKs, JARs and DEX files in `assets/`), and
//! the frameworks whose code is not DEX (Flutter, Unity, Xamarin, .NET MAUI): read where it can be, marked
//! by where it was found, and said plainly where it cannot. Fixtures: script/build-code-fixtures (see
//! tests/fixtures/dex/README.md); real packages from the corpus.

mod common;

use applens::analysis::Report;

fn fixture(name: &str) -> Option<Report> {
    let path = common::code_fixture(&format!("apk/{name}"))?;
    Some(common::analyze_path(&path).unwrap())
}

fn corpus(test: &str, file: &str) -> Option<Report> {
    let corpus = common::corpus(test)?;
    Some(common::analyze_path(&corpus.join(file)).unwrap())
}

fn limitation<'r>(report: &'r Report, id: &str) -> Option<&'r str> {
    report.limitations.iter().find(|l| l.id == id).map(|l| l.message.as_str())
}

#[test]
fn a_plugin_apk_and_an_sdk_jar_are_read_and_their_tracker_marked_as_carried() {
    let Some(report) = fixture("carried.apk") else { return };
    let flurry = report.trackers.iter().find(|t| t.name == "Flurry").expect("Flurry, from the carried code");
    assert_eq!(flurry.found_in, ["carried_code"]);
    let locations: Vec<&str> = flurry.evidence.iter().map(|e| e.location.as_str()).collect();
    assert_eq!(locations, ["assets/plugin.apk!classes.dex", "assets/sdk.jar!classes.dex"]);
    assert_eq!(report.trackers.len(), 1, "the loaded classes.dex is the quiet twin: {:?}", report.trackers);
    let code = report.code.as_ref().unwrap();
    let other: Vec<(&str, &str, bool)> = code.other_code.iter().map(|o| (o.path.as_str(), o.kind.as_str(), o.loaded_by_system)).collect();
    assert_eq!(
        other,
        [
            ("assets/plugin.apk", "apk", false),
            ("assets/plugin.apk!classes.dex", "dex", false),
            ("assets/sdk.jar", "jar", false),
            ("assets/sdk.jar!classes.dex", "dex", false),
        ]
    );
    assert_eq!(code.dex_files.len(), 1, "carried DEX files are not counted among the loaded ones");
    // Its host and what it reads count as the app's, with the carried file as evidence.
    let host = report.domains.iter().find(|d| d.host == "data.flurry.com").expect("the host named in carried code");
    assert_eq!(host.tracker.as_deref(), Some("Flurry"));
    assert!(host.evidence.iter().all(|e| e.location.contains('!')));
    let carried = limitation(&report, "android.code.carried").expect("the carried code is named");
    assert!(carried.contains("assets/plugin.apk, assets/sdk.jar") && carried.contains("does not load by itself"), "{carried}");
    // The random bytes named .dex and the JAR of class files stay unread, with the reason.
    let extra = limitation(&report, "android.code.extra").expect("what could not be read is said");
    assert!(extra.contains("assets/secret.dex (not a DEX file") && extra.contains("assets/tools.jar (holds Java class files"), "{extra}");
    assert!(!code.complete);
}

#[test]
fn an_encrypted_dex_in_assets_stays_hidden_and_is_never_claimed_read() {
    let Some(report) = corpus("an_encrypted_dex_in_assets_stays_hidden", "apk/fobus_nested_assets_classes_dex.apk") else { return };
    let code = report.code.as_ref().unwrap();
    assert!(code.other_code.is_empty(), "{:?}", code.other_code);
    assert!(!code.complete);
    assert!(code.hidden.iter().any(|h| h.kind == "components_without_code"));
    let extra = limitation(&report, "android.code.extra").unwrap();
    assert!(extra.contains("assets/classes.dex (not a DEX file"), "{extra}");
    assert!(limitation(&report, "android.code.carried").is_none());
    let Some(report) = corpus("an_encrypted_dex_in_assets_stays_hidden", "apk/bangcle_secexe_com.fdhgkjhrtjkjbx.model.apk") else { return };
    assert!(report.code.as_ref().unwrap().other_code.is_empty());
    assert!(limitation(&report, "android.code.extra").unwrap().contains("assets/bangcle_classes.jar (not a readable ZIP archive"));
}

#[test]
fn readable_carried_code_in_the_corpus_is_read() {
    let Some(report) = corpus("readable_carried_code_in_the_corpus_is_read", "apk/appium_ApiDemos-debug.apk") else { return };
    let code = report.code.as_ref().unwrap();
    assert_eq!(code.other_code.iter().map(|o| o.path.as_str()).collect::<Vec<_>>(), ["assets/HelloActivity.apk", "assets/HelloActivity.apk!classes.dex"]);
    assert!(limitation(&report, "android.code.extra").is_none());
    // Inside a split set: the base APK's JARs (level 2, within Limits::max_nesting).
    let Some(report) = corpus("readable_carried_code_in_the_corpus_is_read", "splits/appmanager_v2.5.22.apks") else { return };
    let paths: Vec<&str> = report.code.as_ref().unwrap().other_code.iter().map(|o| o.path.as_str()).collect();
    assert_eq!(paths, ["base.apk: assets/am.jar", "base.apk: assets/am.jar!classes.dex", "base.apk: assets/main.jar", "base.apk: assets/main.jar!classes.dex"]);
}

#[test]
fn tiger_snes_shows_all_fifteen_ad_sdks() {
    let Some(report) = corpus("tiger_snes_shows_all_fifteen_ad_sdks", "apk/tiger_snes_2.4.4_adsdks.apk") else { return };
    let names: Vec<&str> = report.trackers.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Flurry", "Inmobi", "Millennial Media", "Conversant", "MDOTM", "Google AdMob", "Youmi", "Domob", "Madhouse", "Vpon AdOn", "WiYun Ads", "Casee",
            "Wooboo", "AdMogo (early AdsMogo SDK)", "ZestADZ"
        ]
    );
    assert_eq!(report.trackers.iter().filter(|t| t.exodus_id.is_some()).count(), 6, "Exodus's six are unchanged");
    assert!(report.trackers.iter().all(|t| t.found_in == ["dex"] && t.country.is_some()), "every one has a company with a country");
    let zest = report.recipients.iter().find(|r| r.company == "ZestADZ").unwrap();
    assert_eq!(zest.country.as_deref(), Some("IN"));
    let domob = report.domains.iter().find(|d| d.host == "r.domob.cn").unwrap();
    assert_eq!((domob.company.as_deref(), domob.tracker.as_deref()), (Some("Domob"), Some("Domob")));
}

#[test]
fn flutter_packages_and_hosts_are_read_and_the_dart_code_said_unread() {
    for name in ["flutter.apk", "flutter-old.apk"] {
        let Some(report) = fixture(name) else { return };
        let code = report.code.as_ref().unwrap();
        let [flutter] = code.frameworks.as_slice() else { panic!("{name}: {:?}", code.frameworks) };
        assert_eq!((flutter.id.as_str(), flutter.name.as_str()), ("flutter", "Flutter"));
        assert!(flutter.evidence.iter().any(|e| e.text.ends_with("libflutter.so")));
        assert!(flutter.read.contains("10 Dart packages") && flutter.unread.as_deref().is_some_and(|u| u.contains("Dart code")), "{flutter:?}");
        let trackers: Vec<(&str, &[String])> = report.trackers.iter().map(|t| (t.name.as_str(), t.found_in.as_slice())).collect();
        let flutter_only = ["flutter".to_string()];
        assert_eq!(
            trackers,
            [("Google Firebase Analytics", &flutter_only[..]), ("Facebook Analytics", &flutter_only[..]), ("Google AdMob", &flutter_only[..])],
            "{name}"
        );
        assert!(report.trackers.iter().all(|t| t.evidence.iter().all(|e| e.kind == "package" && e.location.contains("flutter_assets/NOTICES"))));
        let hosts: Vec<&str> = report.domains.iter().map(|d| d.host.as_str()).collect();
        assert!(hosts.contains(&"api.fluttershop.io") && hosts.contains(&"firebaseinstallations.googleapis.com"), "{name}: {hosts:?}");
        assert!(!code.complete, "Dart code beyond its strings is unread");
        assert!(limitation(&report, "android.code.flutter").is_some_and(|m| m.contains("Not read: the Dart code")));
        assert!(limitation(&report, "android.code.framework").is_none(), "the precise limitation replaces the generic one");
        let kinds: Vec<&str> = code.other_code.iter().map(|o| o.kind.as_str()).collect();
        assert_eq!(kinds, ["flutter_notices", "flutter_strings"]);
    }
    // One ABI's libapp.so is read: the arm64 one, not its armv7 twin.
    let Some(report) = fixture("flutter.apk") else { return };
    assert!(report.domains.iter().all(|d| d.host != "armv7-only.fluttershop.io"));
}

#[test]
fn unity_xamarin_and_maui_are_named_with_their_assemblies() {
    let cases: [(&str, &str, &[&str], &[&str]); 4] = [
        ("unity-il2cpp.apk", "unity", &["Google Firebase Analytics", "Google AdMob"], &["Assembly-CSharp", "GoogleMobileAds"]),
        ("unity-mono.apk", "unity", &["Facebook Analytics"], &["assets/bin/Data/Managed/Assembly-CSharp.dll"]),
        ("xamarin.apk", "xamarin", &["Google Firebase Analytics", "Microsoft Visual Studio App Center Crashes"], &["assemblies/MyShop.dll"]),
        ("maui.apk", "maui", &["Sentry"], &["assemblies/assemblies.manifest!Microsoft.Maui.dll"]),
    ];
    for (file, id, trackers, assemblies) in cases {
        let Some(report) = fixture(file) else { return };
        let code = report.code.as_ref().unwrap();
        let ids: Vec<&str> = code.frameworks.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, [id], "{file}");
        let names: Vec<&str> = report.trackers.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, trackers, "{file}");
        assert!(report.trackers.iter().all(|t| t.found_in == ["assembly"]), "{file}");
        for a in assemblies {
            assert!(code.other_code.iter().any(|o| o.kind == "assembly" && o.path.contains(a)), "{file}: {a} in {:?}", code.other_code);
        }
        assert!(code.other_code.iter().all(|o| o.note.is_some()), "only names were read: said per assembly");
        assert!(!code.complete);
        assert!(limitation(&report, &format!("android.code.{id}")).is_some_and(|m| m.contains("only their names were read")), "{file}");
    }
}

#[test]
fn every_other_corpus_package_stays_quiet() {
    let Some(corpus) = common::corpus("every_other_corpus_package_stays_quiet") else { return };
    let carrying = ["apk/appium_ApiDemos-debug.apk", "splits/appmanager_v2.5.22.apks"];
    let mut checked = 0;
    for path in common::corpus_packages(&corpus) {
        let Ok(report) = common::analyze_path(&path) else { continue };
        let Some(code) = &report.code else { continue };
        let name = path.strip_prefix(&corpus).unwrap().to_string_lossy().replace('\\', "/");
        checked += 1;
        // Frameworks this reader names (JavaScript ones are another reader's).
        let named: Vec<&str> = code.frameworks.iter().map(|f| f.id.as_str()).filter(|id| matches!(*id, "flutter" | "unity" | "xamarin" | "maui")).collect();
        assert!(named.is_empty(), "{name}: {named:?}");
        let carried: Vec<&str> = code.other_code.iter().filter(|o| matches!(o.kind.as_str(), "apk" | "jar" | "dex" | "assembly" | "flutter_notices" | "flutter_strings")).map(|o| o.path.as_str()).collect();
        assert_eq!(!carried.is_empty(), carrying.contains(&name.as_str()), "{name}: {carried:?}");
        let elsewhere: Vec<&str> = report.trackers.iter().filter(|t| t.found_in.iter().any(|f| matches!(f.as_str(), "carried_code" | "flutter" | "assembly"))).map(|t| t.name.as_str()).collect();
        assert!(elsewhere.is_empty(), "{name}: {elsewhere:?}");
    }
    assert!(checked >= 40, "only {checked} packages checked");
}
