//! What differs between two reports: two apps, or two versions of one app. Pure: the page and tests call
//! it with two `Report`s; nothing is read again.
//!
//! Lists are compared by their stable keys (permission name, tracker name, finding id, the special access's
//! component, the signer's certificate fingerprint), so the result does not depend on manifest order. The
//! grades are compared through `report.risk`, and so is everything that counts towards them (`counted`), which
//! covers kinds of evidence this module does not name (code capabilities, iOS entitlements) as soon as they
//! feed the grade.

use serde::{Deserialize, Serialize};

use super::i18n::{Catalog, Language};
use super::knowledge::jurisdictions::without_adequacy;
use super::present::{adequacy_words, place};
use super::report::{PermissionStatus, Recipient, Report};
use super::risk::{Contribution, Risk};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Both packages are the same app (same package name or bundle id).
    pub same_app: bool,
    /// How each side is named in sentences: `version 2.4.1`, or the app's name.
    pub first: String,
    pub second: String,
    /// `A`…`F`, or `?` when a report has no grade.
    pub grade_before: String,
    pub grade_after: String,
    /// Sum of the category scores on each side.
    pub total_before: f64,
    pub total_after: f64,
    /// Every category scored on either side, in the model's order.
    pub categories: Vec<CategoryChange>,
    /// Permissions that take effect (`status` active or another app's), by name.
    pub permissions: Diff,
    /// Special access declared through components (accessibility services, VPNs…).
    pub special_access: Diff,
    pub trackers: Diff,
    pub findings: Diff,
    /// Companies that may get the data, by name; each text says where and what the EU and the UK recognise
    /// there. Absent from comparisons saved before it existed.
    #[serde(default)]
    pub recipients: Diff,
    /// Everything that counts towards the grade, by source and id: also kinds of evidence without a list of
    /// their own above.
    pub counted: Diff,
    /// Signing certificates (SHA-256) on each side; `signer_changed` when both have some and none is shared.
    pub signers_before: Vec<String>,
    pub signers_after: Vec<String>,
    pub signer_changed: bool,
    /// The differences in plain sentences, most important first.
    pub summary: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryChange {
    pub id: String,
    pub name: String,
    pub level_before: String,
    pub level_after: String,
    pub score_before: f64,
    pub score_after: f64,
}

/// Items only in the second report (`added`) and only in the first (`removed`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Diff {
    pub added: Vec<DiffItem>,
    pub removed: Vec<DiffItem>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiffItem {
    pub id: String,
    /// Plain words, e.g. `Can read your text messages`.
    pub text: String,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

/// Items keyed by `id`: those of `after` missing in `before`, and the reverse; each in its list's order.
fn diff(before: Vec<DiffItem>, after: Vec<DiffItem>) -> Diff {
    let added = after.iter().filter(|a| !before.iter().any(|b| b.id == a.id)).cloned().collect();
    let removed = before.iter().filter(|b| !after.iter().any(|a| a.id == b.id)).cloned().collect();
    Diff { added: dedup(added), removed: dedup(removed) }
}

fn dedup(items: Vec<DiffItem>) -> Vec<DiffItem> {
    let mut out: Vec<DiffItem> = Vec::with_capacity(items.len());
    for i in items {
        if !out.iter().any(|o| o.id == i.id) {
            out.push(i);
        }
    }
    out
}

/// First letter in upper case (ASCII only: AppLens's own sentences, names as the package wrote them).
fn capitalize(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

fn permissions(r: &Report) -> Vec<DiffItem> {
    r.permissions
        .iter()
        .filter(|p| matches!(p.status, PermissionStatus::Active | PermissionStatus::OtherApp))
        .map(|p| DiffItem { id: p.name.clone(), text: p.meaning.as_deref().map_or_else(|| p.name.clone(), capitalize) })
        .collect()
}

fn special_access(r: &Report) -> Vec<DiffItem> {
    r.special_access
        .iter()
        .filter(|s| s.source != "permission")
        .map(|s| DiffItem { id: format!("{} {}", s.permission, s.component.as_deref().unwrap_or_default()), text: capitalize(&s.meaning) })
        .collect()
}

fn trackers(r: &Report) -> Vec<DiffItem> {
    r.trackers
        .iter()
        .map(|t| {
            let by = if t.company.is_empty() { String::new() } else { format!(" ({})", t.company) };
            DiffItem { id: t.name.clone(), text: format!("{}{by}", t.name) }
        })
        .collect()
}

/// "ByteDance in China (EU: no, UK: no)"; in the catalog's language, the country as its sentences name it
/// ("in den USA", "aux États-Unis"). The adequacy values stay as the JSON spells them.
fn recipient_item(x: &Recipient, c: &Catalog) -> DiffItem {
    let words = adequacy_words(&x.adequacy).map(|w| format!(" ({w})")).unwrap_or_default();
    let place = place(x.country.as_deref());
    let located = c.word(&place).map_or_else(|| format!("in {place}"), str::to_string);
    DiffItem { id: x.company.clone(), text: format!("{} {located}{words}", x.company) }
}

fn recipients(r: &Report, c: &Catalog) -> Vec<DiffItem> {
    r.recipients.iter().map(|x| recipient_item(x, c)).collect()
}

/// Recipients of `r` named in `items` that are in a country the EU does not recognise as adequate.
fn without_adequacy_among(r: &Report, items: &[DiffItem], c: &Catalog) -> Vec<DiffItem> {
    r.recipients.iter().filter(|x| without_adequacy(x) && items.iter().any(|i| i.id == x.company)).map(|x| recipient_item(x, c)).collect()
}

fn findings(r: &Report) -> Vec<DiffItem> {
    r.findings.iter().map(|f| DiffItem { id: f.id.clone(), text: f.title.clone() }).collect()
}

fn counted(r: &Report) -> Vec<DiffItem> {
    let Some(risk) = &r.risk else { return Vec::new() };
    risk.categories
        .iter()
        .flat_map(|c| c.items.iter())
        .map(|i: &Contribution| DiffItem { id: format!("{}:{}", i.source, i.id), text: i.text.clone() })
        .collect()
}

fn signers(r: &Report) -> Vec<String> {
    r.signing.as_ref().map(|s| s.signers.iter().map(|x| x.certificate.sha256.clone()).collect()).unwrap_or_default()
}

/// How a side is named: by version when both are the same app, else by name (or id, or file name).
fn side_name(r: &Report, same_app: bool, other: &Report) -> String {
    let version = r.app.version_name.as_deref().map(str::trim).filter(|v| !v.is_empty());
    let other_version = other.app.version_name.as_deref().map(str::trim).filter(|v| !v.is_empty());
    if same_app {
        match (version, r.app.version_code) {
            (Some(v), _) if Some(v) != other_version => return format!("version {v}"),
            (_, Some(code)) if Some(code) != other.app.version_code => return format!("build {code}"),
            _ => {}
        }
    }
    let name = r.app.name.clone().or_else(|| r.app.id.clone()).unwrap_or_else(|| r.file.name.clone());
    if name == other.app.name.clone().or_else(|| other.app.id.clone()).unwrap_or_else(|| other.file.name.clone()) {
        return r.file.name.clone();
    }
    name
}

/// Names of up to three items, then "and N more" (in the catalog's words: `list: and`, `list: more`).
fn some(items: &[DiffItem], c: &Catalog) -> String {
    let shown: Vec<String> = items.iter().take(3).map(|i| i.text.clone()).collect();
    let rest = items.len().saturating_sub(3);
    let mut text = shown.join("; ");
    if rest > 0 {
        let (and, more) = (c.word("list: and").unwrap_or("and"), c.word("list: more").unwrap_or("more"));
        text.push_str(&format!("; {and} {rest} {more}"));
    }
    text
}

/// Compares two reports: `first` is the "before" side (the older version, or the app one starts from).
pub fn compare(first: &Report, second: &Report) -> Comparison {
    compare_in(first, second, &Catalog::empty(Language::En))
}

/// `compare` of two reports in the catalog's language: the words its sentences put inside a list (the
/// countries of recipients, "and 3 more") are the catalog's, so that each sentence, translated as a whole
/// afterwards, keeps its list as it is.
pub fn compare_in(first: &Report, second: &Report, c: &Catalog) -> Comparison {
    let same_app = matches!((&first.app.id, &second.app.id), (Some(a), Some(b)) if a == b);
    let a_name = side_name(first, same_app, second);
    let b_name = side_name(second, same_app, first);
    let grade = |r: Option<&Risk>| r.map_or_else(|| "?".to_string(), |x| x.grade.clone());
    let total = |r: Option<&Risk>| r.map_or(0.0, |x| x.total);
    let (ra, rb) = (first.risk.as_ref(), second.risk.as_ref());

    let mut categories = Vec::new();
    if let (Some(ra), Some(rb)) = (ra, rb) {
        for ca in &ra.categories {
            let Some(cb) = rb.categories.iter().find(|c| c.id == ca.id) else { continue };
            if ca.score > 0.0 || cb.score > 0.0 {
                categories.push(CategoryChange {
                    id: ca.id.clone(),
                    name: ca.name.clone(),
                    level_before: ca.level.clone(),
                    level_after: cb.level.clone(),
                    score_before: ca.score,
                    score_after: cb.score,
                });
            }
        }
    }

    let permissions = diff(permissions(first), permissions(second));
    let special_access = diff(special_access(first), special_access(second));
    let trackers = diff(trackers(first), trackers(second));
    let findings = diff(findings(first), findings(second));
    let recipients = diff(recipients(first, c), recipients(second, c));
    let counted = diff(counted(first), counted(second));
    let signers_before = signers(first);
    let signers_after = signers(second);
    let signer_changed = !signers_before.is_empty() && !signers_after.is_empty() && !signers_before.iter().any(|s| signers_after.contains(s));

    let mut summary = Vec::new();
    let (ga, gb) = (grade(ra), grade(rb));
    if ga == "?" || gb == "?" {
        let unknown: Vec<&str> = [(&ga, &a_name), (&gb, &b_name)].iter().filter(|(g, _)| g.as_str() == "?").map(|(_, n)| n.as_str()).collect();
        summary.push(format!("{} could not be graded, so which is riskier is not known.", capitalize(&unknown.join(" and "))));
    } else if ga == gb {
        summary.push(format!("Both get grade {ga} ({} against {}).", score_words(total(ra)), score_words(total(rb))));
    } else {
        let riskier = if gb > ga { &b_name } else { &a_name };
        summary.push(format!(
            "{} is riskier: grade {} against {} for {}.",
            capitalize(riskier),
            if gb > ga { &gb } else { &ga },
            if gb > ga { &ga } else { &gb },
            if gb > ga { &a_name } else { &b_name }
        ));
    }
    // The axes that differ: whether the change is in what the app can reach or in who else gets the data.
    if let (Some(a), Some(b)) = (ra, rb) {
        for (x, y) in a.axes.iter().zip(&b.axes).filter(|(x, y)| x.id == y.id && x.grade != y.grade) {
            summary.push(format!("{}: grade {} for {b_name} against {} for {a_name}.", x.name, y.grade, x.grade));
        }
    }
    if signer_changed && same_app {
        summary.push(format!(
            "The two are signed with different keys: Android would not install {b_name} as an update of {a_name}, and one of them may not come from the app's developer."
        ));
    }
    // (diff, singular, plural, what the second side does with added ones, with removed ones); `{n}` is the count.
    let lists: [(&Diff, &str, &str, &str, &str); 4] = [
        (&permissions, "permission", "permissions", "asks for {n} more", "no longer asks for {n}"),
        (&special_access, "special access", "kinds of special access", "declares {n} more", "no longer declares {n}"),
        (&trackers, "tracker", "trackers", "adds {n}", "drops {n}"),
        (&findings, "finding", "findings", "has {n} more", "no longer has {n}"),
    ];
    for (d, one, many, verb_added, verb_removed) in lists {
        for (items, verb) in [(&d.added, verb_added), (&d.removed, verb_removed)] {
            if !items.is_empty() {
                let noun = if items.len() == 1 { one } else { many };
                let verb = verb.replace("{n}", &items.len().to_string());
                summary.push(format!("{} {verb} {noun}: {}.", capitalize(&b_name), some(items, c)));
            }
        }
    }
    // Data reachable by another state: said on its own, whatever the grade makes of it. "Without adequacy"
    // is `without_adequacy`'s meaning: the EU has no adequacy decision for the country.
    for (items, verb) in [
        (without_adequacy_among(second, &recipients.added, c), "may send data to {n} more"),
        (without_adequacy_among(first, &recipients.removed, c), "drops {n}"),
    ] {
        if !items.is_empty() {
            let noun = if items.len() == 1 { "company in a country" } else { "companies in countries" };
            let verb = verb.replace("{n}", &items.len().to_string());
            summary.push(format!("{} {verb} {noun} the EU does not recognise as adequate for data protection: {}.", capitalize(&b_name), some(&items, c)));
        }
    }
    if lists.iter().all(|(d, ..)| d.is_empty()) && counted.is_empty() {
        summary.push("Nothing that counts towards the grade differs.".into());
    }

    Comparison {
        same_app,
        first: a_name,
        second: b_name,
        grade_before: ga,
        grade_after: gb,
        total_before: total(ra),
        total_after: total(rb),
        categories,
        permissions,
        special_access,
        trackers,
        findings,
        recipients,
        counted,
        signers_before,
        signers_after,
        signer_changed,
        summary,
    }
}

fn score_words(total: f64) -> String {
    format!("{total} points")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::{Certificate, FileInfo, Finding, Format, Grant, Permission, PermissionSource, Severity, Signer, Signing, Tracker};
    use crate::analysis::risk::assess;

    fn app(version: &str, perms: &[(&str, u8, &str)], trackers: &[&str], signer: &str) -> Report {
        let mut r = Report::new(FileInfo { name: format!("torch-{version}.apk"), size: 1, sha256: String::new() }, Format::Apk);
        r.app.id = Some("org.example.torch".into());
        r.app.name = Some("Torch".into());
        r.app.version_name = Some(version.into());
        r.permissions = perms
            .iter()
            .map(|(name, weight, category)| Permission {
                name: format!("android.permission.{name}"),
                defined_by: PermissionSource::Platform,
                protection_level: Some("dangerous".into()),
                element: "uses-permission".into(),
                category: Some((*category).into()),
                meaning: Some(format!("can use {}", name.to_lowercase())),
                weight: Some(*weight),
                grant: Some(Grant::Runtime),
                ..Permission::default()
            })
            .collect();
        r.trackers = trackers
            .iter()
            .map(|t| Tracker {
                name: (*t).into(),
                company: "AdCo".into(),
                country: Some("US".into()),
                categories: vec!["Advertisement".into()],
                evidence: vec![],
                exodus_id: None,
                website: String::new(),
                found_in: vec!["dex".into()],
            })
            .collect();
        // The analysis lists the company behind each tracker as a recipient; the grade counts recipients.
        if !trackers.is_empty() {
            r.recipients = vec![crate::analysis::report::Recipient {
                company: "AdCo".into(),
                country: Some("US".into()),
                trackers: trackers.iter().map(|t| t.to_string()).collect(),
                domains: vec![],
                adequacy: crate::analysis::knowledge::jurisdictions::adequacy(Some("US")),
            }];
        }
        r.signing = Some(Signing {
            signers: vec![Signer { certificate: Certificate { sha256: signer.into(), ..Certificate::default() }, signatures: vec![] }],
            ..Signing::default()
        });
        r.risk = Some(assess(&r));
        r
    }

    #[test]
    fn two_versions_of_one_app() {
        let old = app("1.0", &[("CAMERA", 8, "camera_microphone"), ("READ_SMS", 9, "messages_calls")], &[], "aa");
        let new = app("2.0", &[("CAMERA", 8, "camera_microphone"), ("ACCESS_FINE_LOCATION", 8, "location"), ("RECORD_AUDIO", 9, "camera_microphone")], &["AdMob"], "aa");
        let c = compare(&old, &new);
        assert!(c.same_app);
        assert_eq!((c.first.as_str(), c.second.as_str()), ("version 1.0", "version 2.0"));
        let added: Vec<&str> = c.permissions.added.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(added, ["android.permission.ACCESS_FINE_LOCATION", "android.permission.RECORD_AUDIO"]);
        assert_eq!(c.permissions.removed[0].id, "android.permission.READ_SMS");
        assert_eq!(c.permissions.removed[0].text, "Can use read_sms");
        assert_eq!(c.trackers.added[0].text, "AdMob (AdCo)");
        assert!(c.trackers.removed.is_empty());
        assert!(!c.signer_changed);
        assert!(c.counted.added.iter().any(|i| i.id == "tracker:AdMob"), "{:?}", c.counted.added);
        assert!(c.counted.added.iter().any(|i| i.id == "recipient:AdCo"));
        let location = c.categories.iter().find(|x| x.id == "location").unwrap();
        assert_eq!((location.score_before, location.score_after), (0.0, 8.0));
        assert_eq!(c.summary[0], format!("Version 2.0 is riskier: grade {} against {} for version 1.0.", c.grade_after, c.grade_before));
        assert!(c.summary.iter().any(|s| s.starts_with("Version 2.0 asks for 2 more permissions: Can use access_fine_location; Can use record_audio.")), "{:?}", c.summary);
        assert!(c.summary.iter().any(|s| s == "Version 2.0 no longer asks for 1 permission: Can use read_sms."), "{:?}", c.summary);
        assert!(c.summary.iter().any(|s| s.starts_with("Version 2.0 adds 1 tracker: AdMob (AdCo).")), "{:?}", c.summary);
    }

    fn recipient(company: &str, country: &str) -> Recipient {
        Recipient {
            company: company.into(),
            country: Some(country.into()),
            trackers: vec![],
            domains: vec![],
            adequacy: crate::analysis::knowledge::jurisdictions::adequacy(Some(country)),
        }
    }

    #[test]
    fn an_axis_that_changes_is_said() {
        let old = app("1.0", &[], &[], "aa");
        let mut new = app("2.0", &[], &[], "aa");
        new.recipients = vec![recipient("ByteDance", "CN"), recipient("Tencent", "CN")];
        new.risk = Some(crate::analysis::risk::assess(&new));
        let c = compare(&old, &new);
        assert!(c.summary.iter().any(|s| s == "Who else gets it: grade C for version 2.0 against A for version 1.0."), "{:?}", c.summary);
        assert!(!c.summary.iter().any(|s| s.starts_with("What it can reach")), "{:?}", c.summary);
    }

    #[test]
    fn a_new_recipient_without_adequacy_is_called_out() {
        let mut old = app("1.0", &[], &[], "aa");
        old.recipients = vec![recipient("Google", "US"), recipient("Yandex", "RU")];
        let mut new = app("2.0", &[], &[], "aa");
        new.recipients = vec![recipient("ByteDance", "CN"), recipient("Criteo", "FR"), recipient("Google", "US")];
        let c = compare(&old, &new);
        let added: Vec<&str> = c.recipients.added.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(added, ["ByteDance in China (EU: no, UK: no)", "Criteo in France (EU: eea, UK: eea)"]);
        assert_eq!(c.recipients.removed[0].text, "Yandex in Russia (EU: no, UK: no)");
        assert_eq!(recipient_item(&recipient("Google", "US"), &Catalog::empty(Language::En)).text, "Google in the United States (EU: partial, UK: partial)");
        assert!(
            c.summary.iter().any(|s| s == "Version 2.0 may send data to 1 more company in a country the EU does not recognise as adequate for data protection: ByteDance in China (EU: no, UK: no)."),
            "{:?}",
            c.summary
        );
        assert!(c.summary.iter().any(|s| s.starts_with("Version 2.0 drops 1 company in a country the EU does not")), "{:?}", c.summary);
        // A recipient under a partial decision (the US) or in the EEA is not called out.
        new.recipients = vec![recipient("Google", "US"), recipient("Criteo", "FR"), recipient("Yandex", "RU")];
        let quiet = compare(&old, &new);
        assert!(!quiet.summary.iter().any(|s| s.contains("does not recognise")), "{:?}", quiet.summary);
    }

    #[test]
    fn a_new_signing_key_is_called_out() {
        let old = app("1.0", &[], &[], "aa");
        let new = app("1.1", &[], &[], "bb");
        let c = compare(&old, &new);
        assert!(c.signer_changed);
        assert!(c.summary.iter().any(|s| s.contains("signed with different keys")), "{:?}", c.summary);
        assert_eq!(c.summary.last().unwrap(), "Nothing that counts towards the grade differs.");
    }

    #[test]
    fn two_different_apps_are_named_and_order_does_not_matter_for_membership() {
        let mut a = app("1.0", &[("CAMERA", 8, "camera_microphone")], &[], "aa");
        let mut b = app("1.0", &[("CAMERA", 8, "camera_microphone")], &[], "bb");
        b.app.id = Some("org.example.other".into());
        b.app.name = Some("Other".into());
        b.findings.push(Finding { id: "x.rule".into(), severity: Severity::High, category: "code_integrity".into(), title: "A rule".into(), explanation: String::new(), evidence: vec![] });
        b.risk = Some(assess(&b));
        a.risk = Some(assess(&a));
        let c = compare(&a, &b);
        assert!(!c.same_app);
        assert!(!c.signer_changed || !c.same_app);
        assert_eq!((c.first.as_str(), c.second.as_str()), ("Torch", "Other"));
        assert!(c.permissions.is_empty());
        assert_eq!(c.findings.added[0].id, "x.rule");
        let reverse = compare(&b, &a);
        assert_eq!(reverse.findings.removed, c.findings.added);
        assert!(!c.summary.iter().any(|s| s.contains("different keys")), "different apps have different keys anyway");
    }

    #[test]
    fn the_same_report_twice_differs_in_nothing() {
        let r = app("1.0", &[("CAMERA", 8, "camera_microphone")], &["AdMob"], "aa");
        let c = compare(&r, &r);
        assert!(c.permissions.is_empty() && c.trackers.is_empty() && c.findings.is_empty() && c.counted.is_empty());
        assert_eq!(c.first, "torch-1.0.apk", "identical names fall back to the file name");
        assert!(c.summary[0].starts_with("Both get grade"));
    }
}
