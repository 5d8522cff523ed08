//! The human summary `applens check` prints by default: the grade, the policy's verdict, then what each part
//! of the report found, a few lines each.

use std::fmt::Write as _;

use crate::analysis::present;
use crate::analysis::report::{IosDetails, PermissionSource, PolicyResult, PolicyVerdict, Report, Signing};
use crate::analysis::risk::Risk;

/// A short human summary of a report.
pub fn summary(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} — {}", r.file.name, r.format.describe());
    if let Some(p) = &r.policy {
        summarize_policy(&mut s, p);
    }
    let name = r.app.name.as_deref().unwrap_or("(name not resolved)");
    let id = r.app.id.as_deref().unwrap_or("(unknown id)");
    let _ = write!(s, "  {name}  {id}");
    if let Some(v) = &r.app.version_name {
        let _ = write!(s, "  version {v}");
    }
    if let Some(c) = r.app.version_code {
        let _ = write!(s, " ({c})");
    }
    if let Some(ios) = &r.ios {
        ios_summary(r, ios, &mut s);
        return s;
    }
    let sdk = |v: Option<u32>| v.map_or("-".to_string(), |n| n.to_string());
    let _ = writeln!(s, "  min SDK {}, target SDK {}", sdk(r.app.min_sdk), sdk(r.app.target_sdk));
    if let Some(risk) = &r.risk {
        summarize_risk(&mut s, risk);
    }
    let dangerous = r.permissions.iter().filter(|p| p.protection_level.as_deref().is_some_and(|l| l.starts_with("dangerous"))).count();
    let _ = writeln!(s, "  permissions: {} requested, {} dangerous", r.permissions.len(), dangerous);
    for p in &r.permissions {
        let level = match (&p.protection_level, p.defined_by) {
            (Some(l), PermissionSource::App) => format!("{l} (app)"),
            (Some(l), _) => l.clone(),
            (None, _) => "unknown".into(),
        };
        let max = p.max_sdk.map(|m| format!(" (up to API {m})")).unwrap_or_default();
        let _ = writeln!(s, "    {level:<24} {}{max}", p.name);
    }
    for a in &r.special_access {
        let what = a.component.as_deref().unwrap_or(&a.permission);
        let _ = writeln!(s, "  special access: {what}: {}", a.meaning);
    }
    for f in &r.findings {
        let severity = f.severity.as_str();
        let _ = writeln!(s, "  finding [{severity}] {} ({})", f.title, f.id);
    }
    if let Some(signing) = &r.signing {
        summarize_signing(&mut s, r, signing);
    }
    if let Some(code) = &r.code {
        let _ = writeln!(s, "  code: {} DEX file(s), {} classes{}", code.dex_files.len(), code.classes, if code.complete { "" } else { " (partly hidden: see below)" });
        frameworks(&mut s, code);
        let _ = writeln!(s, "  tracker code present: {}", r.trackers.len());
        for t in &r.trackers {
            let found = present::found_in_label(t).map(|l| format!(" ({l})")).unwrap_or_default();
            let _ = writeln!(s, "    {} — {}, {}{found}", t.name, t.company, present::country(t.country.as_deref()));
        }
        for o in code.other_code.iter().filter(|o| !o.loaded_by_system && !o.path.contains('!')) {
            let _ = writeln!(s, "  carried code read ({}, not loaded by Android by itself): {}", o.kind, o.path);
        }
        summarize_recipients(&mut s, r);
        for c in &r.capabilities {
            let _ = writeln!(s, "    {:<40} {}", c.title, present::status_label(c.status));
        }
        let cleartext = r.domains.iter().filter(|d| d.cleartext).count();
        let _ = writeln!(s, "  internet hosts in the code: {} ({cleartext} over unencrypted http)", r.domains.len());
        for p in &r.packers {
            let _ = writeln!(s, "  protected with {}", p.name);
        }
        for h in &code.hidden {
            let _ = writeln!(s, "  hidden code: {}", h.message);
        }
    }
    for l in &r.limitations {
        let _ = writeln!(s, "  not examined: {}", l.message);
    }
    for w in &r.warnings {
        let _ = writeln!(s, "  warning: {}: {}", w.part, w.message);
    }
    let _ = writeln!(s, "  sha256 {}", r.file.sha256);
    s
}

/// The app's frameworks (Cordova, React Native…): what was read and what was not.
fn frameworks(s: &mut String, code: &crate::analysis::report::CodeSummary) {
    for f in &code.frameworks {
        let _ = writeln!(s, "  built with {}: {}", f.name, f.read);
        if let Some(unread) = &f.unread {
            let _ = writeln!(s, "    not analysed: {unread}");
        }
    }
}

fn summarize_policy(s: &mut String, p: &PolicyResult) {
    let word = match p.verdict {
        PolicyVerdict::Allowed => "ALLOWED",
        PolicyVerdict::Warn => "WARN",
        PolicyVerdict::Blocked => "BLOCKED",
    };
    let _ = writeln!(s, "  policy: {word} — {}", p.summary);
    if let Some(a) = &p.allowed_by {
        let _ = writeln!(s, "    [allow] {} ({})", a.message, a.rule);
    }
    for reason in &p.reasons {
        let _ = writeln!(s, "    [{}] {} ({})", reason.action, reason.message, reason.rule);
    }
    if let Some(c) = &p.contact {
        let _ = writeln!(s, "    {c}");
    }
}

/// Who may get the data, then one line per recipient: where it is and, in the table's own words, what the EU
/// and the UK say of it.
fn summarize_recipients(s: &mut String, r: &Report) {
    if let Some(sentence) = present::recipients_sentence(&r.recipients) {
        let _ = writeln!(s, "  {sentence}");
    }
    for x in &r.recipients {
        let words = present::adequacy_words(&x.adequacy).map(|w| format!(" [{w}]")).unwrap_or_default();
        let _ = writeln!(s, "    {}{words}", present::recipient_sentence(x));
    }
}

fn summarize_risk(s: &mut String, risk: &Risk) {
    let _ = writeln!(s, "  grade {} ({}): {}", risk.grade, risk.label, risk.summary);
    let _ = writeln!(s, "    {}", risk.reason);
    if !risk.axes.is_empty() {
        let axes: Vec<String> = risk.axes.iter().map(|a| format!("{} {} ({})", a.name.to_lowercase(), a.grade, a.score)).collect();
        let _ = writeln!(s, "    {}", axes.join("; "));
    }
    for c in risk.categories.iter().filter(|c| c.score > 0.0) {
        let _ = writeln!(s, "    {:<34} {:>4} {}", c.name, c.score, c.level_name);
    }
    let reasons: Vec<&str> = risk.confidence.reasons.iter().map(|r| r.id.as_str()).collect();
    let lowered = if reasons.is_empty() { String::new() } else { format!(" (lowered by: {})", reasons.join(", ")) };
    let _ = writeln!(s, "    confidence {}{lowered}", risk.confidence.level);
}

fn summarize_signing(s: &mut String, r: &Report, signing: &Signing) {
    if signing.schemes.is_empty() {
        let _ = writeln!(s, "  signing: none (the package is not signed)");
    } else {
        let _ = writeln!(s, "  signing: schemes {} (signature present, not verified)", signing.schemes.join(", "));
    }
    for signer in &signing.signers {
        let c = &signer.certificate;
        let key = match c.key_size {
            Some(bits) => format!("{} {bits}-bit", c.key_algorithm),
            None => c.key_algorithm.clone(),
        };
        let until = c.not_after.as_deref().and_then(|d| d.get(..10)).unwrap_or("?");
        let schemes: Vec<&str> = signer.signatures.iter().map(|x| x.scheme.as_str()).collect();
        let _ = writeln!(s, "    signed by {} ({key}, valid until {until}, {})", c.subject, schemes.join("/"));
        let _ = writeln!(s, "      SHA-256 {}", c.sha256);
    }
    for f in r.findings.iter().filter(|f| f.id.starts_with("android.signing.")) {
        let _ = writeln!(s, "    [{}] {}", f.severity.as_str(), f.title);
    }
}

/// The iOS part of the summary: usage reasons quoted, findings, SDKs, distribution.
fn ios_summary(r: &Report, ios: &IosDetails, s: &mut String) {
    if let Some(b) = &ios.build {
        let _ = write!(s, " (build {b})");
    }
    let min = ios.minimum_os_version.as_deref().unwrap_or("-");
    let _ = writeln!(s, "  iOS {min}+, {}", if ios.device_families.is_empty() { "devices not stated".to_string() } else { ios.device_families.join(", ") });
    if let Some(risk) = &r.risk {
        summarize_risk(s, risk);
    }
    let _ = writeln!(s, "  asks for {} kind(s) of access:", r.permissions.len());
    for p in &r.permissions {
        let category = crate::analysis::knowledge::ios::usage_key(&p.name).map_or("Other", |k| k.category);
        let _ = writeln!(s, "    {category:<20} {}", p.name);
        if let Some(reason) = &p.reason {
            let _ = writeln!(s, "    {:<20} \u{201c}{reason}\u{201d}", "");
        }
    }
    for f in &r.findings {
        let _ = writeln!(s, "  {:?}: {} [{}]", f.severity, f.title, f.id);
    }
    for t in &r.trackers {
        let found = present::found_in_label(t).map(|l| format!(", {l}")).unwrap_or_default();
        let _ = writeln!(s, "  SDK: {} ({}, {}{found})", t.name, t.company, t.country.as_deref().unwrap_or("country unknown"));
    }
    if let Some(code) = &r.code {
        let _ = writeln!(s, "  {}", present::code_read_sentence(code, true));
        frameworks(s, code);
        let cleartext = r.domains.iter().filter(|d| d.cleartext).count();
        let _ = writeln!(s, "  internet hosts in the code: {} ({cleartext} over unencrypted http)", r.domains.len());
    }
    summarize_recipients(s, r);
    if let Some(p) = &ios.provisioning {
        let _ = writeln!(s, "  distribution: {} profile, team {}", p.kind.replace('_', " "), p.team_ids.join(", "));
    }
    for l in &r.limitations {
        let _ = writeln!(s, "  not examined: {}", l.message);
    }
    for w in &r.warnings {
        let _ = writeln!(s, "  warning: {}: {}", w.part, w.message);
    }
    let _ = writeln!(s, "  sha256 {}", r.file.sha256);
}
