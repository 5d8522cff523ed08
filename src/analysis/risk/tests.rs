//! The engine on hand-made reports: what the model must do with each kind of item, including data other
//! branches add later (trackers with and without a country, iOS permissions and findings whose category is a
//! name rather than an id).

use super::*;
use crate::analysis::report::{Evidence, FileInfo, Finding, Format, Limitation, Permission, SpecialAccess, Tracker, Warning};

fn report() -> Report {
    Report::new(FileInfo { name: "t.apk".into(), size: 1, sha256: String::new() }, Format::Apk)
}

fn perm(name: &str, category: &str, weight: u8, meaning: &str) -> Permission {
    Permission {
        name: name.into(),
        protection_level: Some("dangerous".into()),
        defined_by: PermissionSource::Platform,
        element: "uses-permission".into(),
        category: Some(category.into()),
        meaning: Some(meaning.into()),
        weight: Some(weight),
        grant: Some(Grant::Runtime),
        ..Permission::default()
    }
}

fn finding(id: &str, severity: Severity, category: &str, title: &str) -> Finding {
    Finding { id: id.into(), severity, category: category.into(), title: title.into(), explanation: String::new(), evidence: Vec::new() }
}

fn tracker(name: &str, company: &str, country: Option<&str>, categories: &[&str]) -> Tracker {
    Tracker {
        name: name.into(),
        company: company.into(),
        country: country.map(str::to_string),
        categories: categories.iter().map(|c| c.to_string()).collect(),
        evidence: vec![Evidence { kind: "class".into(), location: "classes.dex".into(), text: "com/x/Ads".into() }],
        exodus_id: None,
        website: String::new(),
        found_in: vec!["dex".into()],
    }
}

/// `"Google:US"` → a recipient with the table's facts for its country.
fn recipient(spec: &str) -> crate::analysis::report::Recipient {
    let (company, country) = spec.split_once(':').unwrap_or((spec, ""));
    let country = Some(country).filter(|c| !c.is_empty());
    crate::analysis::report::Recipient {
        company: company.into(),
        country: country.map(str::to_string),
        trackers: vec![],
        domains: vec![],
        adequacy: crate::analysis::knowledge::jurisdictions::adequacy(country),
    }
}

fn cat<'a>(risk: &'a Risk, id: &str) -> &'a CategoryRisk {
    risk.categories.iter().find(|c| c.id == id).unwrap()
}

#[test]
fn an_empty_report_is_grade_a_with_nothing_to_say() {
    let risk = assess(&report());
    assert_eq!(risk.grade, "A");
    assert_eq!(risk.label, "Very low risk");
    assert_eq!(risk.total, 0.0);
    assert!(risk.concerns.is_empty());
    assert!(risk.summary.starts_with("Nothing"), "{}", risk.summary);
    assert_eq!(risk.categories.len(), categories().len(), "every category is listed, even at none");
    assert!(risk.categories.iter().all(|c| c.level == "none" && c.items.is_empty()));
    assert_eq!(risk.confidence.level, "high");
    assert!(risk.reason.starts_with("Grade A:"), "{}", risk.reason);
}

#[test]
fn a_category_is_its_heaviest_item_plus_a_fifth_of_the_others() {
    let mut r = report();
    r.permissions = vec![
        perm("android.permission.ACCESS_COARSE_LOCATION", "location", 6, "can know your approximate location"),
        perm("android.permission.ACCESS_FINE_LOCATION", "location", 8, "can know your precise location"),
    ];
    let risk = assess(&r);
    let location = cat(&risk, "location");
    assert_eq!(location.score, 9.2, "8 + 6 × 0.2");
    assert_eq!(location.level, "very_high");
    assert_eq!(location.level_name, "Very high");
    let ids: Vec<&str> = location.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["android.permission.ACCESS_FINE_LOCATION", "android.permission.ACCESS_COARSE_LOCATION"], "heaviest first");
    assert_eq!(location.items[0].counted, 8.0);
    assert_eq!(location.items[1].counted, 1.2);
    assert_eq!(location.items[0].text, "Can know your precise location");
    // 9.2 is above grade B's limit for the highest category (6) and within C's (10).
    assert_eq!(risk.worst, 9.2);
    assert_eq!(risk.grade, "C");
    assert_eq!(risk.reason, "Grade C and not B because its highest category, Location, scores 9.2, more than the 6 grade B allows.");
    assert_eq!(risk.summary, "Can know your precise location.");
}

#[test]
fn every_tenth_of_the_grade_is_traceable() {
    let mut r = report();
    r.permissions = vec![
        perm("android.permission.READ_SMS", "messages_calls", 9, "can read your text messages"),
        perm("android.permission.READ_CONTACTS", "contacts_calendar_accounts", 8, "can read your contacts"),
        perm("android.permission.INTERNET", "network", 2, "can use the internet"),
        perm("android.permission.ACCESS_NETWORK_STATE", "network", 1, "can see whether you are online"),
    ];
    r.findings = vec![
        finding("android.manifest.cleartext_traffic", Severity::Medium, "network_security", "The app may send data unencrypted"),
        finding("android.manifest.queries", Severity::Info, "device_identity_other_apps", "Looks for other apps"),
    ];
    let risk = assess(&r);
    let mut total = 0.0;
    for c in &risk.categories {
        let sum: f64 = c.items.iter().map(|i| i.counted).sum();
        assert!((sum.min(10.0) - c.score).abs() < 1e-9, "{}: items add up to {sum}, score {}", c.id, c.score);
        total += c.score;
    }
    assert!((total - risk.total).abs() < 1e-9);
    assert_eq!(cat(&risk, "network").score, 2.2);
    // An info finding has no points and is not listed as counting.
    assert!(cat(&risk, "device_identity_other_apps").items.is_empty());
    assert_eq!(cat(&risk, "network_security").items[0].source, "finding");
    assert_eq!(risk.total, 9.0 + 8.0 + 2.2 + 3.0);
    assert_eq!((risk.reach, risk.sharing), (risk.total, 0.0), "no trackers, no recipients: all of it is reach");
    assert_eq!(risk.grade, "C", "{}", risk.reason);
    assert_eq!(risk.summary, "Can read your text messages and can read your contacts.");
    assert_eq!(risk.concerns.len(), 3);
    assert_eq!(risk.concerns[2].category, "network_security");
}

#[test]
fn permissions_that_give_nothing_do_not_count() {
    let mut r = report();
    let mut old = perm("android.permission.WRITE_EXTERNAL_STORAGE", "files_media", 6, "can change your files");
    old.status = PermissionStatus::NotAppliedOnCurrentAndroid;
    let mut system = perm("android.permission.READ_PRIVILEGED_PHONE_STATE", "device_identity_other_apps", 7, "can read phone ids");
    system.grant = Some(Grant::SystemOnly);
    let mut custom = perm("org.example.C2D", "network", 3, "x");
    custom.status = PermissionStatus::Custom;
    let mut normal = perm("android.permission.BROADCAST_STICKY", "", 0, "");
    normal.category = None;
    normal.weight = None;
    normal.meaning = None;
    normal.protection_level = Some("normal".into());
    r.permissions = vec![old, system, custom, normal];
    let risk = assess(&r);
    assert_eq!(risk.total, 0.0, "{:?}", risk.categories.iter().filter(|c| c.score > 0.0).collect::<Vec<_>>());
    assert!(risk.unplaced.is_empty(), "an uncatalogued normal permission is simply not counted");
}

#[test]
fn special_access_counts_once() {
    let mut r = report();
    r.permissions = vec![perm("android.permission.QUERY_ALL_PACKAGES", "device_identity_other_apps", 6, "can see every app you have")];
    r.special_access = vec![
        SpecialAccess {
            permission: "android.permission.QUERY_ALL_PACKAGES".into(),
            source: "permission".into(),
            category: "device_identity_other_apps".into(),
            meaning: "can see every app you have".into(),
            weight: 6,
            ..SpecialAccess::default()
        },
        SpecialAccess {
            permission: "android.permission.BIND_ACCESSIBILITY_SERVICE".into(),
            source: "component".into(),
            component: Some("com.example.Reader".into()),
            category: "system_control".into(),
            meaning: "can read everything on the screen and act for you".into(),
            weight: 10,
            ..SpecialAccess::default()
        },
    ];
    let risk = assess(&r);
    assert_eq!(cat(&risk, "device_identity_other_apps").items.len(), 1, "the special-access permission counts as a permission only");
    let control = cat(&risk, "system_control");
    assert_eq!(control.items[0].source, "special_access");
    assert_eq!(control.items[0].id, "com.example.Reader");
    assert_eq!(control.score, 10.0);
    assert_eq!(risk.concerns[0].text, "Can read everything on the screen and act for you");
}

#[test]
fn trackers_with_and_without_a_country_feed_two_categories() {
    let mut r = report();
    r.permissions = vec![perm("android.permission.READ_CONTACTS", "contacts_calendar_accounts", 8, "can read your contacts")];
    r.trackers = vec![
        tracker("Google AdMob", "Google", Some("US"), &["Advertisement"]),
        tracker("Facebook Ads", "Meta", Some("US"), &["Advertisement"]),
        tracker("Pangle", "ByteDance", Some("CN"), &["Advertisement"]),
        tracker("AppLovin", "AppLovin", Some("US"), &["Advertisement", "Analytics"]),
        // A tracker as the code-evidence branch may report it before it knows the country.
        tracker("Google Firebase Analytics", "Google", None, &["Analytics"]),
        // A kind the table does not list counts as its `*` row.
        tracker("Mystery SDK", "", None, &["Something new"]),
    ];
    r.recipients = ["ByteDance:CN", "Google:US", "Meta:US", "AppLovin:US"].iter().map(|c| recipient(c)).collect();
    let risk = assess(&r);
    let tracking = cat(&risk, "tracking_advertising");
    assert_eq!(tracking.items.len(), 6);
    assert_eq!(tracking.items[0].points, 6.0);
    assert_eq!(tracking.items[0].text, "Contains Google AdMob (advertising code by Google, based in the United States)");
    assert!(tracking.items.iter().any(|i| i.text == "Contains Mystery SDK (tracking code)"), "{:?}", tracking.items);
    // 6 + 0.2 × (6 + 6 + 6 + 4 + 3) = 11 → capped at 10.
    assert_eq!(tracking.score, 10.0);
    let sharing = cat(&risk, "data_sharing");
    let companies: Vec<&str> = sharing.items.iter().map(|i| i.id.as_str()).collect();
    // Each company once; China, without an EU adequacy decision, weighs most; the United States is partial (the
    // Data Privacy Framework).
    assert_eq!(companies, ["ByteDance", "Google", "Meta", "AppLovin"], "each company once; a tracker without one adds none");
    assert_eq!(sharing.items[0].source, "recipient");
    assert_eq!(
        sharing.items[0].text,
        "May send data to ByteDance, based in China; the EU does not recognise data protection there as adequate"
    );
    assert_eq!((sharing.items[0].points, sharing.items[1].points), (5.0, 2.0));
    assert_eq!(sharing.score, 5.0 + 0.2 * 3.0 * 2.0);
    assert_eq!(risk.sharing, 10.0 + 6.2);
    // The concern names the kinds and the countries; the data-sharing category does not repeat it.
    let concern = &risk.concerns[0];
    assert_eq!(concern.category, "tracking_advertising");
    assert_eq!(
        concern.text,
        "Has code from 5 advertising, analytics and other tracking companies: three based in the United States and one in China (one unknown)"
    );
    assert!(!risk.concerns.iter().any(|c| c.category == "data_sharing"));
    assert_eq!(risk.summary, format!("{} and can read your contacts.", concern.text));
}

#[test]
fn one_advertising_company_is_said_simply() {
    let mut r = report();
    r.trackers = vec![tracker("Google AdMob", "Google", Some("US"), &["Advertisement"])];
    let risk = assess(&r);
    assert_eq!(risk.concerns[0].text, "Has code from one advertising company, based in the United States");
    r.trackers.push(tracker("Pangle", "ByteDance", Some("CN"), &["Advertisement"]));
    r.trackers.push(tracker("Unity Ads", "Unity", Some("US"), &["Advertisement"]));
    r.trackers.push(tracker("IronSource", "Unity", Some("US"), &["Advertisement"]));
    assert_eq!(assess(&r).concerns[0].text, "Has code from 3 advertising companies: two based in the United States and one in China");
}

#[test]
fn ios_categories_written_by_name_are_placed_through_aliases() {
    let mut r = Report::new(FileInfo::default(), Format::Ipa);
    // As the iOS branch writes them: a category name, a meaning, no weight.
    let mut camera = perm("NSCameraUsageDescription", "Camera", 0, "can take photos and videos");
    camera.weight = None;
    camera.defined_by = PermissionSource::Unknown;
    camera.protection_level = None;
    camera.grant = None;
    let mut contacts = camera.clone();
    contacts.name = "NSContactsUsageDescription".into();
    contacts.category = Some("Contacts".into());
    contacts.meaning = Some("can read your contacts".into());
    let mut odd = camera.clone();
    odd.name = "NSQuantumUsageDescription".into();
    odd.category = Some("Quantum".into());
    r.permissions = vec![camera, contacts, odd];
    r.findings = vec![
        finding("ios.ats.arbitrary_loads", Severity::Medium, "Network security", "It may use unencrypted connections to any server"),
        finding("ios.signing.enterprise", Severity::High, "Distribution", "Signed with an enterprise certificate"),
    ];
    let risk = assess(&r);
    assert_eq!(cat(&risk, "camera_microphone").score, 8.0, "the alias row gives Camera a weight of 8");
    assert_eq!(cat(&risk, "contacts_calendar_accounts").score, 8.0);
    assert_eq!(cat(&risk, "network_security").score, 3.0);
    assert_eq!(cat(&risk, "code_integrity").score, 6.0);
    // A category nobody knows: listed, not counted, and it lowers the confidence.
    assert_eq!(risk.unplaced.len(), 1);
    assert_eq!(risk.unplaced[0].id, "NSQuantumUsageDescription");
    assert!(risk.confidence.reasons.iter().any(|c| c.id == "unplaced"));
}

#[test]
fn limitations_lower_the_confidence_not_the_grade() {
    let mut r = report();
    r.permissions = vec![perm("android.permission.CAMERA", "camera_microphone", 8, "can take pictures")];
    let clean = assess(&r);
    r.limitations.push(Limitation { id: "android.code".into(), message: "The code was not examined.".into() });
    r.limitations.push(Limitation { id: "android.signing.not_verified".into(), message: "Not verified.".into() });
    r.limitations.push(Limitation { id: "ios.something.new".into(), message: "Something was skipped.".into() });
    r.warnings.push(Warning { part: "zip".into(), message: "bad".into(), offset: None });
    let limited = assess(&r);
    assert_eq!(clean.grade, limited.grade);
    assert_eq!(clean.total, limited.total);
    assert_eq!(clean.confidence.level, "high");
    assert_eq!(limited.confidence.level, "low", "3 + 1 + 1 = 5 is above medium's 4");
    let ids: Vec<&str> = limited.confidence.reasons.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["android.code", "ios.something.new", "warnings"], "a zero penalty is not listed");
    assert_eq!(limited.confidence.reasons[0].message, "The code was not examined.");
    assert!(limited.confidence.reasons[0].effect.contains("trackers"));
}

#[test]
fn findings_count_by_severity() {
    let mut r = report();
    r.findings = vec![
        finding("a", Severity::High, "code_integrity", "High one."),
        finding("b", Severity::Medium, "code_integrity", "Medium one"),
        finding("c", Severity::Low, "code_integrity", "Low one"),
    ];
    let risk = assess(&r);
    let integrity = cat(&risk, "code_integrity");
    let points: Vec<f64> = integrity.items.iter().map(|i| i.points).collect();
    assert_eq!(points, [6.0, 3.0, 1.0]);
    assert_eq!(integrity.score, 6.8);
    assert_eq!(integrity.items[0].text, "High one", "a trailing full stop is dropped so sentences can be joined");
    assert_eq!(risk.grade, "C");
}

#[test]
fn hostile_text_is_kept_as_text() {
    let mut r = report();
    r.permissions = vec![perm("<img src=x onerror=alert(1)>", "location", 8, "<b>can</b> know\u{202e}")];
    let risk = assess(&r);
    assert_eq!(cat(&risk, "location").items[0].id, "<img src=x onerror=alert(1)>");
    assert_eq!(risk.concerns[0].text, "<b>can</b> know\u{202e}");
    let json = serde_json::to_string(&risk).unwrap();
    let back: Risk = serde_json::from_str(&json).unwrap();
    assert_eq!(back, risk);
}

#[test]
fn words_join_naturally() {
    assert_eq!(lower_first("Has code"), "has code");
    assert_eq!(lower_first("SMS codes"), "SMS codes");
    assert_eq!(format_tenths(89), "8.9");
    assert_eq!(format_tenths(80), "8");
    assert_eq!(join_and(&["a".into(), "b".into(), "c".into()]), "a, b and c");
    assert_eq!(with_article("United States"), "the United States");
    assert_eq!(with_article("China"), "China");
}

#[test]
fn an_unreadable_package_gets_no_grade() {
    let mut r = report();
    r.findings = vec![finding("android.signing.janus", Severity::Medium, "code_integrity", "Open to Janus")];
    r.limitations.push(Limitation { id: "android.manifest".into(), message: "The manifest could not be read.".into() });
    let risk = assess(&r);
    assert_eq!(risk.grade, "?");
    assert_eq!(risk.label, "No grade");
    assert_eq!(cat(&risk, "code_integrity").score, 3.0, "what could be read is still listed");
    // A manifest read only in part, with the identity known, is graded (with a low confidence).
    r.app.id = Some("org.example".into());
    assert_ne!(assess(&r).grade, "?");
    r.limitations.push(Limitation { id: "package.encrypted".into(), message: "Encrypted.".into() });
    assert_eq!(assess(&r).grade, "?");
}

#[test]
fn the_two_axes_grade_reach_and_sharing_apart() {
    let mut r = report();
    r.permissions = vec![perm("android.permission.READ_SMS", "messages_calls", 9, "can read your text messages")];
    let alone = assess(&r);
    let grades = |risk: &Risk| risk.axes.iter().map(|a| (a.id.clone(), a.grade.clone())).collect::<Vec<_>>();
    assert_eq!(grades(&alone), [("reach".to_string(), "C".to_string()), ("sharing".to_string(), "A".to_string())]);
    r.trackers = vec![
        tracker("Google AdMob", "Google", Some("US"), &["Advertisement"]),
        tracker("Pangle", "ByteDance", Some("CN"), &["Advertisement"]),
    ];
    r.recipients = vec![recipient("Google:US"), recipient("ByteDance:CN")];
    let shared = assess(&r);
    assert_eq!(shared.axes[0].grade, "C", "the same reach");
    assert_eq!(shared.axes[1].score, shared.sharing);
    // 6 + 1.2 advertising, 5 + 0.4 recipients = 12.6: more than grade D's 11.
    assert_eq!(shared.sharing, 12.6);
    assert_eq!(shared.axes[1].grade, "E");
    assert_eq!(shared.grade, "E");
    assert!(shared.reason.contains("who else gets the data"), "{}", shared.reason);
}
