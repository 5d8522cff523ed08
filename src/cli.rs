//! The native command line, `applens check FILE... [--json]`: the same analysis as the page, for scripts,
//! journalists' notebooks and our own tests. Kept apart from `src/bin/applens.rs` so it is unit-testable.

use std::fmt::Write as _;
use std::path::Path;

use crate::analysis::compare::compare;
use crate::analysis::report::{IosDetails, PermissionSource, Report, Signing};
use crate::analysis::risk::Risk;
use crate::analysis::source::FileSource;
use crate::analysis::{analyze, Error, Options};
use crate::ui::code_format;

pub const USAGE: &str = "\
usage: applens check FILE... [--json]
       applens compare FIRST SECOND [--json]

Checks Android (APK, XAPK, APKS, APKM, AAB) and iOS (IPA) packages for privacy risks, offline.
  check    a report per file, with its grade (A-F) and what produced it
  compare  what differs between two packages (two apps, or two versions of one): grades, categories,
           permissions, special access, trackers, findings, signing key
  --json   print the report (schema version 1; one object for one file, an array for several) or the
           comparison as JSON
Exit status: 0 when every file gave a report, 1 when a file could not be analysed, 2 on bad usage.";

pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

pub fn run(args: &[String]) -> Outcome {
    let mut json = false;
    let mut files = Vec::new();
    let mut rest = args.iter();
    let command = rest.next().map(String::as_str);
    match command {
        Some("check" | "compare") => {}
        Some("-h" | "--help" | "help") => return Outcome { stdout: format!("{USAGE}\n"), stderr: String::new(), code: 0 },
        _ => return usage_error("expected the command `check`"),
    }
    for arg in rest {
        match arg.as_str() {
            "--json" => json = true,
            "-h" | "--help" => return Outcome { stdout: format!("{USAGE}\n"), stderr: String::new(), code: 0 },
            flag if flag.starts_with("--") => return usage_error(&format!("unknown option {flag}")),
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return usage_error("no FILE given");
    }
    if command == Some("compare") {
        return run_compare(&files, json);
    }

    let mut out = Outcome { stdout: String::new(), stderr: String::new(), code: 0 };
    let mut documents = Vec::new();
    for path in &files {
        match check_file(Path::new(path)) {
            Ok(report) => {
                if json {
                    documents.push(serde_json::to_value(&report).unwrap_or_default());
                } else {
                    out.stdout.push_str(&summary(&report));
                }
            }
            Err(e) => {
                out.code = 1;
                let _ = writeln!(out.stderr, "applens: {path}: cannot be analysed: {e}");
                if json {
                    documents.push(serde_json::json!({
                        "file": { "name": file_name(Path::new(path)) },
                        "error": { "part": e.part, "message": e.message, "offset": e.offset },
                    }));
                }
            }
        }
    }
    if json {
        let doc = if documents.len() == 1 { documents.remove(0) } else { serde_json::Value::Array(documents) };
        out.stdout = serde_json::to_string_pretty(&doc).unwrap_or_default();
        out.stdout.push('\n');
    }
    out
}

fn run_compare(files: &[String], json: bool) -> Outcome {
    let [first, second] = files else { return usage_error("compare takes exactly two files") };
    let mut reports = Vec::new();
    for path in [first, second] {
        match check_file(Path::new(path)) {
            Ok(r) => reports.push(r),
            Err(e) => return Outcome { stdout: String::new(), stderr: format!("applens: {path}: cannot be analysed: {e}\n"), code: 1 },
        }
    }
    let [a, b] = reports.as_slice() else { return usage_error("compare takes exactly two files") };
    let c = compare(a, b);
    let stdout = if json {
        format!("{}\n", serde_json::to_string_pretty(&c).unwrap_or_default())
    } else {
        let mut s = format!("{} ({}) against {} ({})\n", c.first, c.grade_before, c.second, c.grade_after);
        for line in &c.summary {
            let _ = writeln!(s, "  {line}");
        }
        for k in &c.categories {
            let _ = writeln!(s, "    {:<34} {:>4} -> {:>4}", k.name, k.score_before, k.score_after);
        }
        s
    };
    Outcome { stdout, stderr: String::new(), code: 0 }
}

fn usage_error(why: &str) -> Outcome {
    Outcome { stdout: String::new(), stderr: format!("applens: {why}\n{USAGE}\n"), code: 2 }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

pub fn check_file(path: &Path) -> Result<Report, Error> {
    let source = FileSource::open(path).map_err(|e| Error::io("file", e.to_string()))?;
    // A panic would be a bug, but one bad file must not take the other files' reports with it.
    let name = file_name(path);
    // The core has no clock: expiry of signing certificates is judged against this machine's time.
    let now_unix = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_secs()).ok());
    let options = Options { now_unix, ..Options::default() };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| analyze(&source, &name, &options, &mut |_| {})))
        .unwrap_or_else(|_| Err(Error::malformed("file", "internal error while reading this file (a bug in AppLens)")))
}

/// A short human summary of a report.
pub fn summary(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} — {}", r.file.name, r.format.describe());
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
        let severity = serde_json::to_value(f.severity).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let _ = writeln!(s, "  finding [{severity}] {} ({})", f.title, f.id);
    }
    if let Some(signing) = &r.signing {
        summarize_signing(&mut s, r, signing);
    }
    if let Some(code) = &r.code {
        let _ = writeln!(s, "  code: {} DEX file(s), {} classes{}", code.dex_files.len(), code.classes, if code.complete { "" } else { " (partly hidden: see below)" });
        let _ = writeln!(s, "  tracker code present: {}", r.trackers.len());
        for t in &r.trackers {
            let _ = writeln!(s, "    {} — {}, {}", t.name, t.company, code_format::country(t.country.as_deref()));
        }
        if let Some(sentence) = code_format::recipients_sentence(&r.recipients) {
            let _ = writeln!(s, "  {sentence}");
        }
        for c in &r.capabilities {
            let _ = writeln!(s, "    {:<40} {}", c.title, code_format::status_label(c.status));
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

fn summarize_risk(s: &mut String, risk: &Risk) {
    let _ = writeln!(s, "  grade {} ({}): {}", risk.grade, risk.label, risk.summary);
    let _ = writeln!(s, "    {}", risk.reason);
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
        let _ = writeln!(s, "    [{}] {}", format!("{:?}", f.severity).to_lowercase(), f.title);
    }
}

/// The iOS part of the summary: usage reasons quoted, findings, SDKs, distribution.
fn ios_summary(r: &Report, ios: &IosDetails, s: &mut String) {
    if let Some(b) = &ios.build {
        let _ = write!(s, " (build {b})");
    }
    let min = ios.minimum_os_version.as_deref().unwrap_or("-");
    let _ = writeln!(s, "  iOS {min}+, {}", if ios.device_families.is_empty() { "devices not stated".to_string() } else { ios.device_families.join(", ") });
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
        let _ = writeln!(s, "  SDK: {} ({}, {})", t.name, t.company, t.country.as_deref().unwrap_or("country unknown"));
    }
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
