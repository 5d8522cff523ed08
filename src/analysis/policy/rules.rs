//! Each rule of a policy against a report: a reason for every thing it matched, in words an employee can
//! act on, with the report's own evidence.

use super::{Policy, RuleSet};
use crate::analysis::knowledge::jurisdictions::without_adequacy;
use crate::analysis::present::{place, recipient_sentence};
use crate::analysis::knowledge::policy::special_access_name;
use crate::analysis::report::{Evidence, PermissionStatus, Platform, PolicyReason, Report, Severity};

/// Limitations that say part of the code is hidden (a packer, or code loaded while the app runs).
const HIDDEN_CODE_LIMITATIONS: [&str; 2] = ["android.code.packed", "android.code.hidden"];

struct Reasons<'a> {
    action: &'a str,
    /// `are blocked` / `are discouraged`, completing a sentence about a group of things.
    plural: &'a str,
    /// `is blocked` / `is discouraged`.
    singular: &'a str,
    out: Vec<PolicyReason>,
}

impl Reasons<'_> {
    fn push(&mut self, key: &str, message: String, evidence: Vec<Evidence>) {
        let rule = format!("{}.{key}", self.action);
        self.out.push(PolicyReason { rule, action: self.action.to_string(), message, evidence });
    }
}

/// Every match of `rules` (the `action` section: `block` or `warn`) in `report`.
pub fn matches(rules: &RuleSet, action: &str, report: &Report) -> Vec<PolicyReason> {
    let (plural, singular) = if action == "block" { ("are blocked", "is blocked") } else { ("are discouraged", "is discouraged") };
    let mut r = Reasons { action, plural, singular, out: Vec::new() };
    let app = report.app.id.as_deref().unwrap_or_default();

    if rules.apps.iter().any(|a| a == app) {
        let message = format!("Its app id is {app}: this app {}.", r.singular);
        r.push("apps", message, Vec::new());
    }
    for cert in signer_certificates(report).filter(|c| rules.signers.contains(&c.sha256.to_ascii_lowercase())) {
        let message = format!("It is signed by {} (SHA-256 {}): apps signed with this certificate {}.", cert.subject, cert.sha256, r.plural);
        r.push("signers", message, vec![certificate_evidence(&cert.sha256)]);
    }
    if let Some(max) = rules.max_grade {
        if let Some(risk) = report.risk.as_ref().filter(|k| k.grade.len() == 1 && k.grade.as_str() > max.to_string().as_str()) {
            let key = if action == "block" { "max_grade" } else { "warn.max_grade" };
            let message = format!(
                "AppLens grades it {} ({}), worse than the grade {max} this policy accepts.",
                risk.grade,
                risk.label.to_lowercase()
            );
            r.out.push(PolicyReason { rule: key.into(), action: action.into(), message, evidence: Vec::new() });
        }
    }
    for p in report.permissions.iter().filter(|p| p.status != PermissionStatus::NotAppliedOnCurrentAndroid) {
        if rules.permissions.iter().any(|pattern| pattern_matches(pattern, &p.name)) {
            let meaning = p.meaning.as_deref().or(p.platform_label.as_deref()).map(|m| format!(" (it {m})")).unwrap_or_default();
            let message = format!("It asks for {}{meaning}: this permission {}.", p.name, r.singular);
            r.push("permissions", message, p.evidence.clone());
        }
    }
    for s in &report.special_access {
        let Some(id) = rules.special_access.iter().find(|id| special_access_name(id).is_some_and(|n| n.permission == s.permission)) else { continue };
        let what = special_access_name(id).map_or(s.meaning.as_str(), |n| n.what);
        let which = s.component.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        let message = format!("It has {what}{which}: this special access {}.", r.singular);
        r.push("special_access", message, s.evidence.clone());
    }
    for t in &report.trackers {
        if rules.trackers.iter().any(|n| n.eq_ignore_ascii_case(&t.name)) {
            let message = format!("It contains {}, from {}: this tracker {}.", t.name, t.company, r.singular);
            r.push("trackers", message, t.evidence.clone());
        }
        if rules.tracker_companies.iter().any(|c| c == &t.company) {
            let message = format!("It contains {}, from {}: trackers from {} {}.", t.name, t.company, t.company, r.plural);
            r.push("tracker_companies", message, t.evidence.clone());
        }
        if let Some(category) = t.categories.iter().find(|c| rules.tracker_categories.contains(c)) {
            let kind = category_words(category);
            let message = format!("It contains {}, from {}, a tracker for {kind}: {kind} trackers {}.", t.name, t.company, r.plural);
            r.push("tracker_categories", message, t.evidence.clone());
        }
    }
    if let Some(max) = rules.max_trackers.filter(|m| report.trackers.len() > *m as usize) {
        let names: Vec<&str> = report.trackers.iter().map(|t| t.name.as_str()).collect();
        let message = format!("It contains {} trackers ({}), more than the {max} this policy accepts.", report.trackers.len(), names.join(", "));
        r.push("max_trackers", message, Vec::new());
    }
    for rec in &report.recipients {
        let by_country = rec.country.as_deref().filter(|c| rules.recipient_countries.iter().any(|x| x == c));
        let unprotected = rules.recipients_without_adequacy && without_adequacy(rec);
        if by_country.is_none() && !unprotected {
            continue;
        }
        let evidence: Vec<Evidence> = report
            .trackers
            .iter()
            .filter(|t| rec.trackers.contains(&t.name))
            .flat_map(|t| t.evidence.iter().take(1).cloned())
            .chain(report.domains.iter().filter(|d| rec.domains.contains(&d.host)).flat_map(|d| d.evidence.iter().take(1).cloned()))
            .take(6)
            .collect();
        let via: Vec<&str> = rec.trackers.iter().chain(&rec.domains).map(String::as_str).take(4).collect();
        if let Some(code) = by_country {
            // "in the United States", as every other sentence of the report names it.
            let country = place(Some(code));
            let message = format!(
                "Data may go to {} in {country} (through {}): recipients in {country} {}.",
                rec.company,
                via.join(", "),
                r.plural
            );
            r.push("recipient_countries", message, evidence.clone());
        }
        if unprotected {
            let message = format!(
                "{} Found through {}. Recipients in countries without an EU adequacy decision {}.",
                recipient_sentence(rec),
                via.join(", "),
                r.plural
            );
            r.push("recipients_without_adequacy", message, evidence);
        }
    }
    if rules.hidden_code {
        let hidden: Vec<&crate::analysis::report::Limitation> =
            report.limitations.iter().filter(|l| HIDDEN_CODE_LIMITATIONS.contains(&l.id.as_str())).collect();
        if !hidden.is_empty() {
            let packers: Vec<&str> = report.packers.iter().map(|p| p.name.as_str()).collect();
            let how = if packers.is_empty() { String::new() } else { format!(" (it is packed with {})", packers.join(", ")) };
            let message = format!("Part of its code is hidden from analysis{how}: apps that hide their code {}.", r.plural);
            // What was seen: the limitation's own words, then the packer's files and classes.
            let evidence = hidden
                .iter()
                .map(|l| Evidence { kind: "limitation".into(), location: l.id.clone(), text: l.message.clone() })
                .chain(report.packers.iter().flat_map(|p| p.evidence.iter().take(2).cloned()))
                .collect();
            r.push("hidden_code", message, evidence);
        }
    }
    for f in &report.findings {
        let by_id = rules.findings.iter().any(|pattern| pattern_matches(pattern, &f.id));
        let by_severity = rules.finding_severity.is_some_and(|min| f.severity >= min && f.severity != Severity::Info);
        if by_id {
            let message = format!("{} ({}): this finding {}.", f.title.trim_end_matches('.'), f.id, r.singular);
            r.push("findings", message, f.evidence.clone());
        } else if by_severity {
            let level = rules.finding_severity.map_or("", Severity::as_str);
            let message = format!("{} ({}): findings of {level} severity or worse {}.", f.title.trim_end_matches('.'), f.id, r.plural);
            r.push("finding_severity", message, f.evidence.clone());
        }
    }
    if let Some(min) = rules.min_target_sdk.filter(|_| report.platform == Platform::Android) {
        // Android assumes the minimum SDK when no target is stated, and 1 when neither is.
        let target = report.app.target_sdk.or(report.app.min_sdk).unwrap_or(1);
        if target < min {
            let message = format!(
                "It is built for Android API level {target}, older than the level {min} this policy asks for: apps built for older Android miss its newer privacy protections."
            );
            r.push("min_target_sdk", message, Vec::new());
        }
    }
    if let Some(p) = report.ios.as_ref().and_then(|i| i.provisioning.as_ref()).filter(|p| rules.untrusted_distribution.contains(&p.kind)) {
        let kind = p.kind.replace('_', " ");
        let message = format!("It is distributed with a {kind} profile, outside the App Store: {kind} apps {}.", r.plural);
        r.push("untrusted_distribution", message, vec![Evidence { kind: "file".into(), location: p.path.clone(), text: p.kind.clone() }]);
    }
    r.out
}

/// The `allow` entry that lifts the verdict, if any: a trusted signer first (it cannot be copied), then an
/// app id with the signer it names, then an app id alone.
pub fn allowed_by(policy: &Policy, report: &Report) -> Option<PolicyReason> {
    let reason = |rule: &str, message: String, evidence: Vec<Evidence>| PolicyReason { rule: rule.into(), action: "allow".into(), message, evidence };
    let signers: Vec<_> = signer_certificates(report).collect();
    if let Some(cert) = signers.iter().find(|c| policy.allow_signers.contains(&c.sha256.to_ascii_lowercase())) {
        let message = format!("It is signed by {}, a certificate this policy trusts (SHA-256 {}).", cert.subject, cert.sha256);
        return Some(reason("allow.signers", message, vec![certificate_evidence(&cert.sha256)]));
    }
    let app = report.app.id.as_deref()?;
    for entry in policy.allow_apps.iter().filter(|a| a.id == app) {
        match &entry.signer {
            Some(wanted) => {
                if let Some(cert) = signers.iter().find(|c| &c.sha256.to_ascii_lowercase() == wanted) {
                    let message = format!("It is {app}, signed by {}, an app this policy trusts.", cert.subject);
                    return Some(reason("allow.apps", message, vec![certificate_evidence(&cert.sha256)]));
                }
            }
            None => return Some(reason("allow.apps", format!("It is {app}, an app this policy trusts."), Vec::new())),
        }
    }
    None
}

fn signer_certificates(report: &Report) -> impl Iterator<Item = &crate::analysis::report::Certificate> {
    report.signing.iter().flat_map(|s| s.signers.iter().map(|x| &x.certificate))
}

fn certificate_evidence(sha256: &str) -> Evidence {
    Evidence { kind: "certificate".into(), location: "signing".into(), text: format!("SHA-256 {sha256}") }
}

/// `pattern` equals `name`, or ends in `*` and `name` begins with the rest.
fn pattern_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => pattern == name,
    }
}

/// Exodus's category names as words that complete "a tracker for …" and "… trackers".
pub(super) fn category_words(category: &str) -> &str {
    match category {
        "Advertisement" => "advertising",
        "Analytics" => "analytics",
        "Crash reporting" => "crash reporting",
        "Identification" => "identification",
        "Location" => "location",
        "Profiling" => "profiling",
        other => other,
    }
}

