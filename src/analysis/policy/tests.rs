//! Every rule: one report where it fires, one where it stays quiet; the verdict's order (block, then warn,
//! then allow lifting it); and the refusals, each naming the key.

use super::*;
use crate::analysis::report::{
    Certificate, Evidence, FileInfo, Finding, Format, IosDetails, Limitation, Permission, PermissionSource, Provisioning, Recipient, Signer, Signing,
    SpecialAccess, Tracker,
};
use crate::analysis::risk::assess;

const CERT: &str = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
const CERT_HEX: &str = "abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

fn base() -> Report {
    let mut r = Report::new(FileInfo { name: "t.apk".into(), size: 1, sha256: String::new() }, Format::Apk);
    r.app.id = Some("com.example.app".into());
    r.app.target_sdk = Some(34);
    r
}

fn graded(mut r: Report) -> Report {
    r.risk = Some(assess(&r));
    r
}

fn ev(text: &str) -> Vec<Evidence> {
    vec![Evidence { kind: "manifest".into(), location: "AndroidManifest.xml, line 3".into(), text: text.into() }]
}

fn with_sms(mut r: Report) -> Report {
    r.permissions.push(Permission {
        name: "android.permission.READ_SMS".into(),
        protection_level: Some("dangerous".into()),
        defined_by: PermissionSource::Platform,
        element: "uses-permission".into(),
        meaning: Some("can read your text messages".into()),
        category: Some("messages_calls".into()),
        weight: Some(9),
        evidence: ev("<uses-permission android:name=\"android.permission.READ_SMS\"/>"),
        ..Permission::default()
    });
    r
}

fn with_tracker(mut r: Report, name: &str, company: &str, country: &str, category: &str) -> Report {
    r.trackers.push(Tracker {
        name: name.into(),
        exodus_id: None,
        company: company.into(),
        country: Some(country.into()),
        categories: vec![category.into()],
        website: String::new(),
        evidence: vec![Evidence { kind: "class".into(), location: "classes.dex".into(), text: "com/x/Sdk".into() }],
        found_in: vec!["dex".into()],
    });
    r.recipients.push(Recipient {
        company: company.into(),
        country: Some(country.into()),
        trackers: vec![name.into()],
        domains: Vec::new(),
        adequacy: crate::analysis::knowledge::jurisdictions::adequacy(Some(country)),
    });
    r
}

fn with_signer(mut r: Report) -> Report {
    r.signing = Some(Signing {
        schemes: vec!["v2".into()],
        signers: vec![Signer {
            certificate: Certificate { subject: "CN=Example Ltd".into(), sha256: CERT_HEX.into(), ..Certificate::default() },
            signatures: Vec::new(),
        }],
        ..Signing::default()
    });
    r
}

fn policy(json: &str) -> Policy {
    parse_policy(json).unwrap_or_else(|e| panic!("{e}"))
}

fn verdict(json: &str, r: &Report) -> PolicyResult {
    evaluate(&policy(json), r)
}

/// Asserts that `rules` (a `block` object) blocks `fires` and allows `quiet`, naming `rule`.
fn fires_and_quiet(rules: &str, rule: &str, fires: &Report, quiet: &Report) {
    let json = format!(r#"{{"applens_policy": 1, "name": "Test", "block": {rules}}}"#);
    let v = verdict(&json, fires);
    assert_eq!(v.verdict, PolicyVerdict::Blocked, "{rules} should block: {v:?}");
    assert!(v.reasons.iter().any(|r| r.rule == rule && r.action == "block"), "{rules}: no reason {rule}: {v:?}");
    let q = verdict(&json, quiet);
    assert_eq!(q.verdict, PolicyVerdict::Allowed, "{rules} should stay quiet: {q:?}");
    assert!(q.reasons.is_empty());
    // The same rule under `warn` warns instead.
    let json = format!(r#"{{"applens_policy": 1, "name": "Test", "warn": {rules}}}"#);
    let w = verdict(&json, fires);
    assert_eq!(w.verdict, PolicyVerdict::Warn, "{rules} under warn: {w:?}");
    assert!(w.reasons.iter().all(|r| r.action == "warn"));
}

#[test]
fn permissions_rule() {
    fires_and_quiet(r#"{"permissions": ["android.permission.READ_SMS"]}"#, "block.permissions", &with_sms(base()), &base());
    assert!(parse_policy(r#"{"applens_policy": 1, "name": "T", "block": {"permissions": ["android.permission.*SMS"]}}"#).is_err(), "* only at the end");
}

#[test]
fn a_permission_android_does_not_give_does_not_match() {
    let mut r = with_sms(base());
    r.permissions[0].status = crate::analysis::report::PermissionStatus::NotAppliedOnCurrentAndroid;
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"permissions": ["android.permission.READ_SMS"]}}"#, &r);
    assert_eq!(v.verdict, PolicyVerdict::Allowed);
}

#[test]
fn permission_prefix_and_message() {
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"permissions": ["android.permission.READ_*"]}}"#, &with_sms(base()));
    assert_eq!(v.verdict, PolicyVerdict::Blocked);
    assert_eq!(v.reasons[0].message, "It asks for android.permission.READ_SMS (it can read your text messages): this permission is blocked.");
    assert_eq!(v.reasons[0].evidence[0].location, "AndroidManifest.xml, line 3");
}

#[test]
fn special_access_rule() {
    let mut r = base();
    r.special_access.push(SpecialAccess {
        permission: "android.permission.BIND_ACCESSIBILITY_SERVICE".into(),
        source: "component".into(),
        component: Some("com.example.app.Reader".into()),
        component_type: Some("service".into()),
        evidence: ev("<service android:name=\".Reader\" …>"),
        ..SpecialAccess::default()
    });
    fires_and_quiet(r#"{"special_access": ["accessibility_service", "vpn"]}"#, "block.special_access", &r, &base());
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"special_access": ["vpn"]}}"#, &r);
    assert_eq!(v.verdict, PolicyVerdict::Allowed, "another kind of special access does not match");
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"special_access": ["accessibility_service"]}}"#, &r);
    assert!(v.reasons[0].message.starts_with("It has an accessibility service, which can read everything on the screen and act as you (com.example.app.Reader)"), "{}", v.reasons[0].message);
}

#[test]
fn tracker_company_category_and_name_rules() {
    let ads = with_tracker(base(), "Google AdMob", "Google", "US", "Advertisement");
    let analytics = with_tracker(base(), "Firebase Analytics", "Google", "US", "Analytics");
    fires_and_quiet(r#"{"tracker_companies": ["google"]}"#, "block.tracker_companies", &ads, &base());
    fires_and_quiet(r#"{"tracker_categories": ["advertisement"]}"#, "block.tracker_categories", &ads, &analytics);
    fires_and_quiet(r#"{"trackers": ["Google AdMob"]}"#, "block.trackers", &ads, &analytics);
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"tracker_companies": ["Google"]}}"#, &ads);
    assert_eq!(v.reasons[0].message, "It contains Google AdMob, from Google: trackers from Google are blocked.");
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "warn": {"tracker_categories": ["Analytics"]}}"#, &analytics);
    assert_eq!(v.reasons[0].message, "It contains Firebase Analytics, from Google, a tracker for analytics: analytics trackers are discouraged.");
}

#[test]
fn max_trackers_rule() {
    let two = with_tracker(with_tracker(base(), "A", "Google", "US", "Analytics"), "B", "Meta", "US", "Advertisement");
    let one = with_tracker(base(), "A", "Google", "US", "Analytics");
    fires_and_quiet(r#"{"max_trackers": 1}"#, "block.max_trackers", &two, &one);
}

#[test]
fn recipient_countries_rule() {
    let cn = with_tracker(base(), "TikTok SDK", "ByteDance", "CN", "Advertisement");
    let us = with_tracker(base(), "Google AdMob", "Google", "US", "Advertisement");
    fires_and_quiet(r#"{"recipient_countries": ["cn", "RU"]}"#, "block.recipient_countries", &cn, &us);
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"recipient_countries": ["CN"]}}"#, &cn);
    assert_eq!(v.reasons[0].message, "Data may go to ByteDance in China (through TikTok SDK): recipients in China are blocked.");
    assert_eq!(v.reasons[0].evidence.len(), 1);
    // A country that takes "the" in a sentence has it here too (translations look up that form).
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"recipient_countries": ["US"]}}"#, &us);
    assert_eq!(v.reasons[0].message, "Data may go to Google in the United States (through Google AdMob): recipients in the United States are blocked.");
}

#[test]
fn recipients_without_adequacy_rule() {
    let cn = with_tracker(base(), "TikTok SDK", "ByteDance", "CN", "Advertisement");
    let us = with_tracker(base(), "Google AdMob", "Google", "US", "Advertisement");
    let fr = with_tracker(base(), "Teemo", "Teemo", "FR", "Analytics");
    fires_and_quiet(r#"{"recipients_without_adequacy": true}"#, "block.recipients_without_adequacy", &cn, &us);
    fires_and_quiet(r#"{"recipients_without_adequacy": true}"#, "block.recipients_without_adequacy", &cn, &fr);
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"recipients_without_adequacy": true}}"#, &cn);
    assert!(v.reasons[0].message.starts_with("Data may go to ByteDance in China."), "{}", v.reasons[0].message);
    assert!(v.reasons[0].message.ends_with("Recipients in countries without an EU adequacy decision are blocked."), "{}", v.reasons[0].message);
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"recipients_without_adequacy": false}}"#, &cn);
    assert_eq!(v.verdict, PolicyVerdict::Allowed);
}

#[test]
fn hidden_code_rule() {
    let mut packed = base();
    packed.limitations.push(Limitation { id: "android.code.packed".into(), message: "This app is protected with 360 Jiagu.".into() });
    let mut hidden = base();
    hidden.limitations.push(Limitation { id: "android.code.hidden".into(), message: "It loads code at run time.".into() });
    let mut native = base();
    native.limitations.push(Limitation { id: "android.code.native".into(), message: "Native libraries.".into() });
    fires_and_quiet(r#"{"hidden_code": true}"#, "block.hidden_code", &packed, &native);
    fires_and_quiet(r#"{"hidden_code": true}"#, "block.hidden_code", &hidden, &base());
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"hidden_code": false}}"#, &packed);
    assert_eq!(v.verdict, PolicyVerdict::Allowed, "false switches the rule off");
}

#[test]
fn findings_and_severity_rules() {
    let mut debuggable = base();
    debuggable.findings.push(Finding {
        id: "android.manifest.debuggable".into(),
        severity: Severity::High,
        category: "code_integrity".into(),
        title: "Debugging is switched on".into(),
        explanation: String::new(),
        evidence: ev("android:debuggable=\"true\""),
    });
    let mut info = base();
    info.findings.push(Finding {
        id: "android.manifest.queries".into(),
        severity: Severity::Info,
        category: "device_identity_other_apps".into(),
        title: "Looks for other apps".into(),
        explanation: String::new(),
        evidence: Vec::new(),
    });
    fires_and_quiet(r#"{"findings": ["android.manifest.debuggable"]}"#, "block.findings", &debuggable, &info);
    fires_and_quiet(r#"{"findings": ["android.manifest.*"]}"#, "block.findings", &debuggable, &base());
    fires_and_quiet(r#"{"finding_severity": "medium"}"#, "block.finding_severity", &debuggable, &info);
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "block": {"findings": ["android.manifest.debuggable"]}}"#, &debuggable);
    assert_eq!(v.reasons[0].message, "Debugging is switched on (android.manifest.debuggable): this finding is blocked.");
}

#[test]
fn min_target_sdk_rule() {
    let mut old = base();
    old.app.target_sdk = Some(28);
    fires_and_quiet(r#"{"min_target_sdk": 33}"#, "block.min_target_sdk", &old, &base());
    // No target stated: Android assumes the minimum SDK.
    let mut none = base();
    none.app.target_sdk = None;
    none.app.min_sdk = Some(21);
    fires_and_quiet(r#"{"min_target_sdk": 33}"#, "block.min_target_sdk", &none, &base());
    // iOS apps have no Android target level: never matched.
    let mut ios = Report::new(FileInfo::default(), Format::Ipa);
    ios.app.target_sdk = None;
    assert_eq!(verdict(r#"{"applens_policy": 1, "name": "T", "block": {"min_target_sdk": 33}}"#, &ios).verdict, PolicyVerdict::Allowed);
}

#[test]
fn max_grade_rule() {
    let bad = graded(with_tracker(with_sms(base()), "Google AdMob", "Google", "US", "Advertisement"));
    let good = graded(base());
    let grade = bad.risk.as_ref().map(|r| r.grade.clone()).unwrap_or_default();
    assert!(grade.as_str() > "B", "{grade}");
    let json = r#"{"applens_policy": 1, "name": "T", "max_grade": "B"}"#;
    let v = verdict(json, &bad);
    assert_eq!(v.verdict, PolicyVerdict::Blocked);
    assert_eq!(v.reasons[0].rule, "max_grade");
    assert!(v.reasons[0].message.contains("worse than the grade B this policy accepts"), "{}", v.reasons[0].message);
    assert_eq!(verdict(json, &good).verdict, PolicyVerdict::Allowed);
    let both = verdict(r#"{"applens_policy": 1, "name": "T", "max_grade": "C", "warn": {"max_grade": "B"}}"#, &bad);
    assert_eq!(both.reasons.iter().filter(|r| r.rule.ends_with("max_grade")).count(), 1, "the grade is said once: {both:?}");
    let json = r#"{"applens_policy": 1, "name": "T", "warn": {"max_grade": "b"}}"#;
    assert_eq!(verdict(json, &bad).verdict, PolicyVerdict::Warn);
    assert_eq!(verdict(json, &bad).reasons[0].rule, "warn.max_grade");
}

#[test]
fn a_package_without_a_grade_is_never_silently_allowed_under_max_grade() {
    let mut r = base();
    r.risk = Some(assess(&r));
    if let Some(risk) = r.risk.as_mut() {
        risk.grade = "?".into();
    }
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "max_grade": "C"}"#, &r);
    assert_eq!(v.verdict, PolicyVerdict::Warn);
    assert!(v.reasons[0].message.contains("could not grade"));
}

#[test]
fn apps_and_signers_rules() {
    let signed = with_signer(base());
    let mut other = base();
    other.app.id = Some("com.other".into());
    fires_and_quiet(r#"{"apps": ["com.example.app"]}"#, "block.apps", &base(), &other);
    fires_and_quiet(&format!(r#"{{"signers": ["{CERT}"]}}"#), "block.signers", &signed, &base());
}

#[test]
fn untrusted_distribution_rule() {
    let mut enterprise = Report::new(FileInfo::default(), Format::Ipa);
    enterprise.ios = Some(IosDetails {
        provisioning: Some(Provisioning { path: "Payload/X.app/embedded.mobileprovision".into(), kind: "enterprise".into(), ..Provisioning::default() }),
        ..IosDetails::default()
    });
    let store = Report::new(FileInfo::default(), Format::Ipa);
    fires_and_quiet(r#"{"untrusted_distribution": ["enterprise"]}"#, "block.untrusted_distribution", &enterprise, &store);
}

#[test]
fn block_wins_over_warn_and_lists_both() {
    let r = with_tracker(with_sms(base()), "Firebase Analytics", "Google", "US", "Analytics");
    let v = verdict(
        r#"{"applens_policy": 1, "name": "Example Ltd", "block": {"permissions": ["android.permission.READ_SMS"]}, "warn": {"tracker_categories": ["Analytics"]}}"#,
        &r,
    );
    assert_eq!(v.verdict, PolicyVerdict::Blocked);
    let actions: Vec<&str> = v.reasons.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["block", "warn"]);
    assert_eq!(v.summary, "Blocked by \u{201c}Example Ltd\u{201d}: do not install it on a device this policy covers (1 reason).");
    let v = verdict(r#"{"applens_policy": 1, "name": "Example Ltd", "warn": {"tracker_categories": ["Analytics"]}}"#, &r);
    assert_eq!(v.verdict, PolicyVerdict::Warn);
    assert!(v.summary.starts_with("Allowed with a warning"), "{}", v.summary);
}

#[test]
fn allow_lifts_the_verdict_and_says_so() {
    let r = with_signer(with_sms(base()));
    let block = r#""block": {"permissions": ["android.permission.READ_SMS"]}"#;
    let by_signer = verdict(&format!(r#"{{"applens_policy": 1, "name": "T", {block}, "allow": {{"signers": ["{CERT}"]}}}}"#), &r);
    assert_eq!(by_signer.verdict, PolicyVerdict::Allowed);
    assert_eq!(by_signer.allowed_by.as_ref().map(|a| a.rule.as_str()), Some("allow.signers"));
    assert_eq!(by_signer.reasons.len(), 1, "what it would have been is still listed");
    assert!(by_signer.summary.contains("a certificate this policy trusts"), "{}", by_signer.summary);

    let by_id = verdict(&format!(r#"{{"applens_policy": 1, "name": "T", {block}, "allow": {{"apps": ["com.example.app"]}}}}"#), &r);
    assert_eq!(by_id.verdict, PolicyVerdict::Allowed);
    assert_eq!(by_id.allowed_by.as_ref().map(|a| a.rule.as_str()), Some("allow.apps"));

    // An id with the signer it must have: a copy of the id signed by someone else stays blocked.
    let pinned = format!(r#"{{"applens_policy": 1, "name": "T", {block}, "allow": {{"apps": [{{"id": "com.example.app", "signer": "{CERT}"}}]}}}}"#);
    assert_eq!(verdict(&pinned, &r).verdict, PolicyVerdict::Allowed);
    assert_eq!(verdict(&pinned, &with_sms(base())).verdict, PolicyVerdict::Blocked);

    // Another app's id does not lift anything.
    let other = verdict(&format!(r#"{{"applens_policy": 1, "name": "T", {block}, "allow": {{"apps": ["com.other"]}}}}"#), &r);
    assert_eq!(other.verdict, PolicyVerdict::Blocked);
    assert!(other.allowed_by.is_none());
}

#[test]
fn nothing_matched_is_allowed_with_the_contact() {
    let v = verdict(r#"{"applens_policy": 1, "name": "T", "contact": "Ask IT (1234).", "block": {"permissions": ["android.permission.READ_SMS"]}}"#, &base());
    assert_eq!(v.verdict, PolicyVerdict::Allowed);
    assert_eq!(v.contact.as_deref(), Some("Ask IT (1234)."));
    assert!(v.reasons.is_empty() && v.allowed_by.is_none());
    assert_eq!(serde_json::to_value(v.verdict).ok(), Some(serde_json::json!("allowed")));
}

#[test]
fn the_example_of_the_issue_reads_as_written() {
    let p = policy(
        r#"{
      "applens_policy": 1,
      "name": "Example Ltd — work phones",
      "contact": "Ask the IT service desk before installing it (extension 1234).",
      "max_grade": "D",
      "block": {
        "permissions": ["android.permission.READ_SMS"],
        "special_access": ["accessibility_service", "device_admin", "notification_listener", "vpn"],
        "tracker_companies": ["ByteDance"],
        "tracker_categories": ["Advertisement"],
        "recipient_countries": ["CN", "RU"],
        "hidden_code": true,
        "findings": ["android.manifest.debuggable"]
      },
      "warn": { "tracker_categories": ["Analytics"], "min_target_sdk": 33 },
      "allow": { "apps": ["com.example.internal"], "signers": ["abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789"] }
    }"#,
    );
    assert_eq!(p.block.max_grade, Some('D'));
    assert_eq!(p.block.special_access.len(), 4);
    assert_eq!(p.warn.min_target_sdk, Some(33));
    assert_eq!(p.allow_apps, [AllowApp { id: "com.example.internal".into(), signer: None }]);
}

fn refused(json: &str) -> PolicyError {
    match parse_policy(json) {
        Ok(p) => panic!("accepted: {json}: {p:?}"),
        Err(e) => e,
    }
}

#[test]
fn refusals_name_the_key_and_what_was_expected() {
    let e = refused("{ not json");
    assert!(e.key.is_empty() && e.message.starts_with("it is not valid JSON"), "{e}");
    let e = refused("[1]");
    assert!(e.message.contains("must be a JSON object"), "{e}");
    let e = refused(r#"{"name": "T"}"#);
    assert_eq!(e.key, "applens_policy");
    let e = refused(r#"{"applens_policy": 2, "name": "T"}"#);
    assert_eq!((e.key.as_str(), e.message.as_str()), ("applens_policy", "is 2, a version this AppLens does not know; it reads version 1"));
    let e = refused(r#"{"applens_policy": "1", "name": "T"}"#);
    assert!(e.message.contains("must be the number 1; found text"), "{e}");
    let e = refused(r#"{"applens_policy": 1}"#);
    assert_eq!(e.key, "name");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "blok": {}}"#);
    assert_eq!(e.key, "blok");
    assert!(e.message.contains("not a key AppLens knows") && e.message.contains("block"), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "block": {"permission": []}}"#);
    assert_eq!(e.key, "block.permission");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "block": {"permissions": "android.permission.READ_SMS"}}"#);
    assert_eq!(e.to_string(), "this policy cannot be used: `block.permissions` must be a list, e.g. [\"…\"]; found text");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "block": {"permissions": ["ok.X", 3]}}"#);
    assert_eq!((e.key.as_str(), e.message.as_str()), ("block.permissions[1]", "must be text; found a number"));
    let e = refused(r#"{"applens_policy": 1, "name": "T", "block": {"special_access": ["screen_reader"]}}"#);
    assert!(e.key == "block.special_access[0]" && e.message.contains("accessibility_service"), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "block": {"tracker_categories": ["Ads"]}}"#);
    assert!(e.message.contains("Advertisement"), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "block": {"tracker_companies": ["Bytedance Ltd"]}}"#);
    assert!(e.message.contains("did you mean ByteDance"), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "block": {"recipient_countries": ["China"]}}"#);
    assert!(e.message.contains("two-letter country code"), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "max_grade": "G"}"#);
    assert_eq!(e.key, "max_grade");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "max_grade": "D", "block": {"max_grade": "C"}}"#);
    assert!(e.message.contains("given twice"), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "warn": {"min_target_sdk": -1}}"#);
    assert_eq!(e.key, "warn.min_target_sdk");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "block": {"hidden_code": "yes"}}"#);
    assert!(e.message.contains("true or false"), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "allow": {"signers": ["abc"]}}"#);
    assert!(e.key == "allow.signers[0]" && e.message.contains("64 hexadecimal digits"), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "allow": {"apps": [{"signer": "x"}]}}"#);
    assert!(e.message.contains("needs an \"id\""), "{e}");
    let e = refused(r#"{"applens_policy": 1, "name": "T", "allow": {"teams": []}}"#);
    assert_eq!(e.key, "allow.teams");
    let e = refused(&format!(r#"{{"applens_policy": 1, "name": "{}"}}"#, "x".repeat(300_000)));
    assert!(e.message.contains("at most"), "{e}");
}

#[test]
fn hostile_policies_are_refused_or_read_without_panic() {
    // Deep nesting, huge lists, odd unicode: an error or a policy, never a panic.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse_policy(&deep).is_err());
    let many = format!(r#"{{"applens_policy": 1, "name": "T", "block": {{"permissions": [{}]}}}}"#, vec!["\"a.b\""; 5000].join(","));
    assert!(refused(&many).message.contains("at most 2000"));
    let odd = "{\"applens_policy\": 1, \"name\": \"\u{202e}T\\u0000\", \"contact\": \"<img src=x onerror=alert(1)>\"}";
    let p = policy(odd);
    assert_eq!(p.contact.as_deref(), Some("<img src=x onerror=alert(1)>"), "kept as text, shown as text");
    assert!(parse_policy("\u{feff}{\"applens_policy\": 1, \"name\": \"BOM\"}").is_ok(), "a byte-order mark is not an error");
}
