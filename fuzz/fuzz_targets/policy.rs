//! Organisation policies (JSON from a host page, a file or the command line): read strictly, then applied to
//! a report that has something for every rule to match, so evaluation runs on whatever a policy says.
#![no_main]
use applens::analysis::policy::{evaluate, parse_policy};
use applens::analysis::report::{Evidence, FileInfo, Finding, Format, Permission, Recipient, Report, Severity, Tracker};
use libfuzzer_sys::fuzz_target;

fn report() -> Report {
    let mut r = Report::new(FileInfo { name: "f.apk".into(), size: 1, sha256: "ab".repeat(32) }, Format::Apk);
    r.app.id = Some("com.example.app".into());
    r.app.target_sdk = Some(28);
    let ev = vec![Evidence { kind: "manifest".into(), location: "AndroidManifest.xml, line 2".into(), text: "x".into() }];
    r.permissions.push(Permission { name: "android.permission.READ_SMS".into(), evidence: ev.clone(), ..Permission::default() });
    r.trackers.push(Tracker {
        name: "Google AdMob".into(),
        exodus_id: Some(312),
        company: "Google".into(),
        country: Some("US".into()),
        categories: vec!["Advertisement".into()],
        website: String::new(),
        evidence: ev.clone(),
    });
    r.recipients.push(Recipient { company: "ByteDance".into(), country: Some("CN".into()), trackers: vec![], domains: vec!["x.cn".into()], adequacy: Default::default() });
    r.findings.push(Finding { id: "android.manifest.debuggable".into(), severity: Severity::High, category: "code_integrity".into(), title: "t".into(), explanation: String::new(), evidence: ev });
    r.risk = Some(applens::analysis::risk::assess(&r));
    r
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(policy) = parse_policy(&text) {
        let _ = evaluate(&policy, &report());
    }
});
