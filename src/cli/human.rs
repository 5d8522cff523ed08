//! The human summary `applens check` prints by default: the grade, the policy's verdict, then what each part
//! of the report found, a few lines each. In the report's language: the report arrives translated
//! (`i18n::translate_report`), the words around its texts come from `data/i18n/<lang>/cli.tsv` (`t`), and the
//! sentences `present` writes are looked up as report texts are (`c.text`). Ids, names, hashes and the
//! protection levels Android itself names stay as they are.

use std::fmt::Write as _;

use crate::analysis::i18n::{Catalog, Language};
use crate::analysis::present;
use crate::analysis::report::{IosDetails, PermissionSource, PolicyResult, PolicyVerdict, Report, Signing};
use crate::analysis::risk::Risk;

/// The CLI's own words in the catalog's language: `english` is the key (and the English text), with its
/// `{values}` filled in.
fn t(c: &Catalog, english: &str, values: &[(&str, &str)]) -> String {
    c.format(english, values)
}

/// A short human summary of a report (already in `c`'s language).
pub fn summary(r: &Report, c: &Catalog) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} — {}", r.file.name, c.text(r.format.describe()));
    if let Some(p) = &r.policy {
        summarize_policy(&mut s, p, c);
    }
    let name = r.app.name.clone().unwrap_or_else(|| t(c, "(name not resolved)", &[]));
    let id = r.app.id.clone().unwrap_or_else(|| t(c, "(unknown id)", &[]));
    let _ = write!(s, "  {name}  {id}");
    if let Some(v) = &r.app.version_name {
        let _ = write!(s, "  {}", t(c, "version {v}", &[("v", v)]));
    }
    if let Some(code) = r.app.version_code {
        let _ = write!(s, " ({code})");
    }
    if let Some(ios) = &r.ios {
        ios_summary(r, ios, &mut s, c);
        return s;
    }
    let sdk = |v: Option<u32>| v.map_or("-".to_string(), |n| n.to_string());
    let _ = writeln!(s, "  {}", t(c, "min SDK {min}, target SDK {target}", &[("min", &sdk(r.app.min_sdk)), ("target", &sdk(r.app.target_sdk))]));
    if let Some(risk) = &r.risk {
        summarize_risk(&mut s, risk, c);
    }
    let dangerous = r.permissions.iter().filter(|p| p.protection_level.as_deref().is_some_and(|l| l.starts_with("dangerous"))).count();
    let _ = writeln!(
        s,
        "  {}",
        t(c, "permissions: {n} requested, {dangerous} dangerous", &[("n", &r.permissions.len().to_string()), ("dangerous", &dangerous.to_string())])
    );
    for p in &r.permissions {
        let level = match (&p.protection_level, p.defined_by) {
            (Some(l), PermissionSource::App) => format!("{l} (app)"),
            (Some(l), _) => l.clone(),
            (None, _) => t(c, "unknown", &[]),
        };
        let max = p.max_sdk.map(|m| t(c, " (up to API {m})", &[("m", &m.to_string())])).unwrap_or_default();
        let _ = writeln!(s, "    {level:<24} {}{max}", p.name);
    }
    for a in &r.special_access {
        let what = a.component.as_deref().unwrap_or(&a.permission);
        let _ = writeln!(s, "  {}", t(c, "special access: {what}: {meaning}", &[("what", what), ("meaning", &a.meaning)]));
    }
    for f in &r.findings {
        let severity = t(c, f.severity.as_str(), &[]);
        let _ = writeln!(s, "  {}", t(c, "finding [{severity}] {title} ({id})", &[("severity", &severity), ("title", &f.title), ("id", &f.id)]));
    }
    if let Some(signing) = &r.signing {
        summarize_signing(&mut s, r, signing, c);
    }
    if let Some(code) = &r.code {
        let values = [("n", code.dex_files.len().to_string()), ("classes", code.classes.to_string())];
        let values: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let line = if code.complete {
            t(c, "code: {n} DEX {n|file|files}, {classes} classes", &values)
        } else {
            t(c, "code: {n} DEX {n|file|files}, {classes} classes (partly hidden: see below)", &values)
        };
        let _ = writeln!(s, "  {line}");
        frameworks(&mut s, code, c);
        let _ = writeln!(s, "  {}", t(c, "tracker code present: {n}", &[("n", &r.trackers.len().to_string())]));
        for tr in &r.trackers {
            let found = present::found_in_label(tr).map(|l| format!(" ({})", c.text(&l))).unwrap_or_default();
            let _ = writeln!(s, "    {} — {}, {}{found}", tr.name, tr.company, c.country(&present::country(tr.country.as_deref())));
        }
        for o in code.other_code.iter().filter(|o| !o.loaded_by_system && !o.path.contains('!')) {
            let _ = writeln!(s, "  {}", t(c, "carried code read ({kind}, not loaded by Android by itself): {path}", &[("kind", &o.kind), ("path", &o.path)]));
        }
        summarize_recipients(&mut s, r, c);
        for cap in &r.capabilities {
            let _ = writeln!(s, "    {:<40} {}", cap.title, c.text(present::status_label(cap.status)));
        }
        let cleartext = r.domains.iter().filter(|d| d.cleartext).count();
        let hosts = [("n", r.domains.len().to_string()), ("cleartext", cleartext.to_string())];
        let hosts: Vec<(&str, &str)> = hosts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let _ = writeln!(s, "  {}", t(c, "internet hosts in the code: {n} ({cleartext} over unencrypted http)", &hosts));
        for p in &r.packers {
            let _ = writeln!(s, "  {}", t(c, "protected with {name}", &[("name", &p.name)]));
        }
        for h in &code.hidden {
            let _ = writeln!(s, "  {}", t(c, "hidden code: {message}", &[("message", &h.message)]));
        }
    }
    limitations_and_warnings(&mut s, r, c);
    let _ = writeln!(s, "  sha256 {}", r.file.sha256);
    s
}

fn limitations_and_warnings(s: &mut String, r: &Report, c: &Catalog) {
    for l in &r.limitations {
        let _ = writeln!(s, "  {}", t(c, "not examined: {message}", &[("message", &l.message)]));
    }
    for w in &r.warnings {
        let _ = writeln!(s, "  {}", t(c, "warning: {part}: {message}", &[("part", &w.part), ("message", &w.message)]));
    }
}

/// The app's frameworks (Cordova, React Native…): what was read and what was not.
fn frameworks(s: &mut String, code: &crate::analysis::report::CodeSummary, c: &Catalog) {
    for f in &code.frameworks {
        let _ = writeln!(s, "  {}", t(c, "built with {name}: {read}", &[("name", &f.name), ("read", &f.read)]));
        if let Some(unread) = &f.unread {
            let _ = writeln!(s, "    {}", t(c, "not analysed: {unread}", &[("unread", unread)]));
        }
    }
}

fn summarize_policy(s: &mut String, p: &PolicyResult, c: &Catalog) {
    // The verdict's word stays as the JSON spells it, in capitals, so scripts that grep for it keep working.
    let word = match p.verdict {
        PolicyVerdict::Allowed => "ALLOWED",
        PolicyVerdict::Warn => "WARN",
        PolicyVerdict::Blocked => "BLOCKED",
    };
    let _ = writeln!(s, "  {}", t(c, "policy: {word} — {summary}", &[("word", word), ("summary", &p.summary)]));
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
fn summarize_recipients(s: &mut String, r: &Report, c: &Catalog) {
    if let Some(sentence) = present::recipients_sentence_named(&r.recipients, &|name| c.country(name)) {
        let _ = writeln!(s, "  {}", c.text(&sentence));
    }
    for x in &r.recipients {
        let words = present::adequacy_words(&x.adequacy).map(|w| format!(" [{w}]")).unwrap_or_default();
        let _ = writeln!(s, "    {}{words}", c.text(&present::recipient_sentence(x)));
    }
}

fn summarize_risk(s: &mut String, risk: &Risk, c: &Catalog) {
    let number = |x: f64| c.language.number(&x.to_string());
    let _ = writeln!(s, "  {}", t(c, "grade {grade} ({label}): {summary}", &[("grade", &risk.grade), ("label", &risk.label), ("summary", &risk.summary)]));
    let _ = writeln!(s, "    {}", risk.reason);
    if !risk.axes.is_empty() {
        // Lower case inside the line, as English and French write it; German nouns keep their capital.
        let name = |n: &str| if c.language == Language::De { n.to_string() } else { n.to_lowercase() };
        let axes: Vec<String> = risk.axes.iter().map(|a| format!("{} {} ({})", name(&a.name), a.grade, number(a.score))).collect();
        let _ = writeln!(s, "    {}", axes.join("; "));
    }
    for k in risk.categories.iter().filter(|k| k.score > 0.0) {
        let _ = writeln!(s, "    {:<34} {:>4} {}", k.name, number(k.score), k.level_name);
    }
    let reasons: Vec<&str> = risk.confidence.reasons.iter().map(|r| r.id.as_str()).collect();
    let level = t(c, &risk.confidence.level, &[]);
    let line = if reasons.is_empty() {
        t(c, "confidence {level}", &[("level", &level)])
    } else {
        t(c, "confidence {level} (lowered by: {reasons})", &[("level", &level), ("reasons", &reasons.join(", "))])
    };
    let _ = writeln!(s, "    {line}");
}


fn summarize_signing(s: &mut String, r: &Report, signing: &Signing, c: &Catalog) {
    if signing.schemes.is_empty() {
        let _ = writeln!(s, "  {}", t(c, "signing: none (the package is not signed)", &[]));
    } else {
        let _ = writeln!(s, "  {}", t(c, "signing: schemes {schemes} (signature present, not verified)", &[("schemes", &signing.schemes.join(", "))]));
    }
    for signer in &signing.signers {
        let cert = &signer.certificate;
        let key = match cert.key_size {
            Some(bits) => t(c, "{algorithm} {bits}-bit", &[("algorithm", &cert.key_algorithm), ("bits", &bits.to_string())]),
            None => cert.key_algorithm.clone(),
        };
        let until = cert.not_after.as_deref().and_then(|d| d.get(..10)).map_or_else(|| "?".to_string(), |d| c.language.date(d));
        let schemes: Vec<&str> = signer.signatures.iter().map(|x| x.scheme.as_str()).collect();
        let _ = writeln!(
            s,
            "    {}",
            t(c, "signed by {subject} ({key}, valid until {until}, {schemes})", &[("subject", &cert.subject), ("key", &key), ("until", &until), ("schemes", &schemes.join("/"))])
        );
        let _ = writeln!(s, "      SHA-256 {}", cert.sha256);
    }
    for f in r.findings.iter().filter(|f| f.id.starts_with("android.signing.")) {
        let _ = writeln!(s, "    [{}] {}", t(c, f.severity.as_str(), &[]), f.title);
    }
}

/// The iOS part of the summary: usage reasons quoted, findings, SDKs, distribution.
fn ios_summary(r: &Report, ios: &IosDetails, s: &mut String, c: &Catalog) {
    if let Some(b) = &ios.build {
        let _ = write!(s, " ({})", t(c, "build {build}", &[("build", b)]));
    }
    let min = ios.minimum_os_version.as_deref().unwrap_or("-");
    let devices = if ios.device_families.is_empty() { t(c, "devices not stated", &[]) } else { ios.device_families.join(", ") };
    let _ = writeln!(s, "  iOS {min}+, {devices}");
    if let Some(risk) = &r.risk {
        summarize_risk(s, risk, c);
    }
    let _ = writeln!(s, "  {}", t(c, "asks for {n} {n|kind|kinds} of access:", &[("n", &r.permissions.len().to_string())]));
    for p in &r.permissions {
        let category = c.text(crate::analysis::knowledge::ios::usage_key(&p.name).map_or("Other", |k| k.category));
        let _ = writeln!(s, "    {category:<20} {}", p.name);
        if let Some(reason) = &p.reason {
            let _ = writeln!(s, "    {:<20} \u{201c}{reason}\u{201d}", "");
        }
    }
    for f in &r.findings {
        let _ = writeln!(s, "  {}: {} [{}]", t(c, &format!("{:?}", f.severity), &[]), f.title, f.id);
    }
    for tr in &r.trackers {
        let found = present::found_in_label(tr).map(|l| format!(", {}", c.text(&l))).unwrap_or_default();
        let country = tr.country.clone().unwrap_or_else(|| t(c, "country unknown", &[]));
        let _ = writeln!(s, "  SDK: {} ({}, {country}{found})", tr.name, tr.company);
    }
    if let Some(code) = &r.code {
        let _ = writeln!(s, "  {}", c.text(&present::code_read_sentence(code, true)));
        frameworks(s, code, c);
        let cleartext = r.domains.iter().filter(|d| d.cleartext).count();
        let hosts = [("n", r.domains.len().to_string()), ("cleartext", cleartext.to_string())];
        let hosts: Vec<(&str, &str)> = hosts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let _ = writeln!(s, "  {}", t(c, "internet hosts in the code: {n} ({cleartext} over unencrypted http)", &hosts));
    }
    summarize_recipients(s, r, c);
    if let Some(p) = &ios.provisioning {
        let kind = p.kind.replace('_', " ");
        let _ = writeln!(s, "  {}", t(c, "distribution: {kind} profile, team {team}", &[("kind", &kind), ("team", &p.team_ids.join(", "))]));
    }
    limitations_and_warnings(s, r, c);
    let _ = writeln!(s, "  sha256 {}", r.file.sha256);
}
