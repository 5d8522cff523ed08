//! SARIF 2.1.0 (OASIS, <https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html>): one run whose
//! driver lists every finding rule AppLens has (and the rules of the policy applied, if any), and a result
//! per finding and per policy reason, each pointing at the package it was found in.
//!
//! A package is one binary artifact, so every result points at line 1 of it (GitHub code scanning shows no
//! alert without a line); what was found, and where inside the package, is in the message and in the
//! result's logical locations (the manifest element, the class, the entry). A package that could not be
//! analysed is a result of level `error` (viewers show results; few show anything else) and also a tool
//! execution notification, as the standard intends.

use std::collections::HashMap;

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::rules::{finding_rules, reference_uri, template_words};
use crate::analysis::error::Error;
use crate::analysis::i18n::{Catalog, Language};
use crate::analysis::policy::{describe_in, Policy};
use crate::analysis::report::{Evidence, PolicyReason, Report, Severity};

pub const SARIF_VERSION: &str = "2.1.0";
pub const SARIF_SCHEMA: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
/// Where people learn what AppLens is: `homepage` in Cargo.toml; the driver leaves `informationUri` out while
/// that is not set, rather than point people at a guessed address.
pub const INFORMATION_URI: &str = env!("CARGO_PKG_HOMEPAGE");
/// The rule of a package that could not be analysed.
pub const NOT_ANALYSED_RULE: &str = "applens.not_analysed";
/// Evidence items listed per result: a finding about a hostile package may carry thousands.
const MAX_EVIDENCE: usize = 20;

/// A SARIF log being written: rules up front, then results as packages are added.
pub struct SarifLog {
    rules: Vec<Value>,
    rule_index: HashMap<String, usize>,
    artifacts: Vec<Value>,
    results: Vec<Value>,
    notifications: Vec<Value>,
    /// The language of the texts (rule descriptions, messages); ids, levels and names stay as they are.
    words: Catalog,
}

impl SarifLog {
    /// A log for the finding rules, plus the rules `policy` sets when one is applied, in English.
    pub fn new(policy: Option<&Policy>) -> Self {
        Self::in_language(policy, &Catalog::empty(Language::En))
    }

    /// The same log with its texts in `catalog`'s language: the rules' titles and explanations (the tables'
    /// English, looked up as the report's texts are) and the words around each message (`cli.tsv`). The
    /// reports added are expected in that language already (`i18n::translate_report`).
    pub fn in_language(policy: Option<&Policy>, catalog: &Catalog) -> Self {
        let mut log = Self {
            rules: Vec::new(),
            rule_index: HashMap::new(),
            artifacts: Vec::new(),
            results: Vec::new(),
            notifications: Vec::new(),
            words: catalog.clone(),
        };
        let t = |english: &str, values: &[(&str, &str)]| catalog.format(english, values);
        for r in finding_rules() {
            let mut properties = json!({ "category": r.category, "severity": r.severity.as_str(), "tags": ["privacy", r.category] });
            if let (Some(score), Some(map)) = (security_severity(r.severity), properties.as_object_mut()) {
                map.insert("security-severity".into(), json!(score));
            }
            let title = template_words(&catalog.text(r.title));
            let explanation = template_words(&catalog.text(r.explanation));
            let help = match r.reference {
                Some(source) => format!("{explanation}\n\n{}", t("Source: {source}", &[("source", source)])),
                None => explanation.clone(),
            };
            let mut rule = json!({
                "id": r.id,
                "name": rule_name(r.id),
                "shortDescription": { "text": title },
                "fullDescription": { "text": explanation },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": properties,
            });
            if let (Some(uri), Some(map)) = (r.reference.and_then(reference_uri), rule.as_object_mut()) {
                map.insert("helpUri".into(), json!(uri));
            }
            log.add_rule(rule);
        }
        if let Some(p) = policy {
            for s in describe_in(p, catalog) {
                let level = match s.action {
                    "block" => "error",
                    "warn" => "warning",
                    _ => "note",
                };
                let text = t("Policy \u{201c}{name}\u{201d} ({action}): {matches}.", &[("name", &p.name), ("action", s.action), ("matches", &s.matches)]);
                let help = match &p.contact {
                    Some(contact) => format!("{text}\n\n{contact}"),
                    None => text.clone(),
                };
                log.add_rule(json!({
                    "id": format!("policy.{}", s.rule),
                    "name": rule_name(&format!("policy.{}", s.rule)),
                    "shortDescription": { "text": t("Policy rule {rule}: {matches}", &[("rule", &s.rule), ("matches", &s.matches)]) },
                    "fullDescription": { "text": text },
                    "help": { "text": help },
                    "defaultConfiguration": { "level": level },
                    "properties": { "tags": ["policy", s.action] },
                }));
            }
        }
        log.add_rule(json!({
            "id": NOT_ANALYSED_RULE,
            "name": "NotAnalysed",
            "shortDescription": { "text": t("The file could not be analysed", &[]) },
            "fullDescription": { "text": t("AppLens could not read this file as an app package: it is not one, it is damaged, or it uses a form AppLens does not read yet. Nothing is known about the app it may hold.", &[]) },
            "help": { "text": t("The message says what AppLens expected and where. A package nobody can analyse should not be trusted: get it again from its official source.", &[]) },
            "defaultConfiguration": { "level": "error" },
            "properties": { "tags": ["applens"] },
        }));
        log
    }

    fn add_rule(&mut self, rule: Value) {
        let Some(id) = rule.get("id").and_then(Value::as_str).map(str::to_string) else { return };
        if !self.rule_index.contains_key(&id) {
            self.rule_index.insert(id, self.rules.len());
            self.rules.push(rule);
        }
    }

    /// The index of `id`'s rule, adding a bare one for an id no table names (a newer rule, a policy reason
    /// whose rule was not described), so every result has its rule.
    fn rule(&mut self, id: &str, level: &str) -> usize {
        if let Some(&i) = self.rule_index.get(id) {
            return i;
        }
        self.add_rule(json!({
            "id": id,
            "name": rule_name(id),
            "shortDescription": { "text": id },
            "defaultConfiguration": { "level": level },
        }));
        self.rule_index.get(id).copied().unwrap_or_default()
    }

    fn artifact(&mut self, path: &str, report: Option<&Report>) -> (usize, String) {
        let uri = artifact_uri(path);
        let mut artifact = json!({ "location": { "uri": uri } });
        if let (Some(r), Some(map)) = (report, artifact.as_object_mut()) {
            map.insert("length".into(), json!(r.file.size));
            if !r.file.sha256.is_empty() {
                map.insert("hashes".into(), json!({ "sha-256": r.file.sha256 }));
            }
            map.insert(
                "properties".into(),
                json!({
                    "platform": r.platform,
                    "format": r.format,
                    "appId": r.app.id,
                    "appName": r.app.name,
                    "version": r.app.version_name,
                    "grade": r.risk.as_ref().map(|k| k.grade.as_str()),
                    "policyVerdict": r.policy.as_ref().map(|p| p.verdict),
                }),
            );
        }
        self.artifacts.push(artifact);
        (self.artifacts.len() - 1, uri)
    }

    /// A result for each finding of `report` and for each reason of its policy verdict.
    pub fn add_report(&mut self, path: &str, report: &Report) {
        let (index, uri) = self.artifact(path, Some(report));
        let unnamed = self.words.format("this package", &[]);
        let app = report.app.id.as_deref().or(report.app.name.as_deref()).unwrap_or(&unnamed);
        for f in &report.findings {
            let level = level(f.severity);
            let rule_index = self.rule(&f.id, level);
            let message = format!("{} ({app}){}", f.title, evidence_words(&f.evidence, &self.words));
            self.results.push(result(&f.id, rule_index, level, message, &uri, index, &f.evidence, None));
        }
        if let Some(p) = &report.policy {
            // An `allow` entry overrides the rules that matched: their results are kept, suppressed with the
            // entry's words, so dashboards show them as dismissed rather than open.
            let suppression = p.allowed_by.as_ref().map(|a| json!([{ "kind": "external", "status": "accepted", "justification": a.message }]));
            for reason in &p.reasons {
                let (id, level) = policy_rule(reason);
                let rule_index = self.rule(&id, level);
                let message = self.words.format(
                    "Policy \u{201c}{name}\u{201d}: {message} ({app}){evidence}",
                    &[("name", &p.name), ("message", &reason.message), ("app", app), ("evidence", &evidence_words(&reason.evidence, &self.words))],
                );
                self.results.push(result(&id, rule_index, level, message, &uri, index, &reason.evidence, suppression.clone()));
            }
        }
    }

    /// A file that could not be analysed: a result of level `error` and a notification.
    pub fn add_error(&mut self, path: &str, e: &Error) {
        let (index, uri) = self.artifact(path, None);
        let rule_index = self.rule(NOT_ANALYSED_RULE, "error");
        let message = self.words.format("{path} could not be analysed: {error}", &[("path", path), ("error", &self.words.text(&e.to_string()))]);
        let location = json!({ "physicalLocation": { "artifactLocation": { "uri": uri, "index": index } } });
        self.notifications.push(json!({
            "level": "error",
            "message": { "text": message },
            "locations": [location],
            "properties": { "part": e.part, "offset": e.offset },
        }));
        self.results.push(result(NOT_ANALYSED_RULE, rule_index, "error", message, &uri, index, &[], None));
    }

    /// The finished log.
    pub fn finish(self) -> Value {
        let mut driver = json!({
            "name": "AppLens",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": self.rules,
        });
        if let (false, Some(map)) = (INFORMATION_URI.is_empty(), driver.as_object_mut()) {
            map.insert("informationUri".into(), json!(INFORMATION_URI));
        }
        json!({
            "$schema": SARIF_SCHEMA,
            "version": SARIF_VERSION,
            "runs": [{
                "tool": { "driver": driver },
                "invocations": [{
                    "executionSuccessful": self.notifications.is_empty(),
                    "toolExecutionNotifications": self.notifications,
                }],
                "artifacts": self.artifacts,
                "results": self.results,
                "columnKind": "unicodeCodePoints",
            }],
        })
    }
}

#[allow(clippy::too_many_arguments)]
fn result(rule_id: &str, rule_index: usize, level: &str, message: String, uri: &str, artifact: usize, evidence: &[Evidence], suppressions: Option<Value>) -> Value {
    let logical: Vec<Value> = evidence
        .iter()
        .take(MAX_EVIDENCE)
        .map(|e| json!({ "name": e.text, "fullyQualifiedName": format!("{}: {}", e.location, e.text), "kind": logical_kind(&e.kind) }))
        .collect();
    let mut location = json!({
        "physicalLocation": { "artifactLocation": { "uri": uri, "index": artifact }, "region": { "startLine": 1 } },
    });
    if let (false, Some(map)) = (logical.is_empty(), location.as_object_mut()) {
        map.insert("logicalLocations".into(), Value::Array(logical));
    }
    // Stable across runs for the same finding in the same file, so dashboards match it to the last run's
    // alert instead of opening a new one.
    let mut hasher = Sha256::new();
    for part in [rule_id, uri].into_iter().chain(evidence.iter().take(MAX_EVIDENCE).flat_map(|e| [e.location.as_str(), e.text.as_str()])) {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    let fingerprint: String = hasher.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect();
    let mut out = Map::new();
    out.insert("ruleId".into(), json!(rule_id));
    out.insert("ruleIndex".into(), json!(rule_index));
    out.insert("level".into(), json!(level));
    out.insert("message".into(), json!({ "text": message }));
    out.insert("locations".into(), json!([location]));
    out.insert("partialFingerprints".into(), json!({ "applensFinding/v1": fingerprint }));
    if !evidence.is_empty() {
        let shown: Vec<&Evidence> = evidence.iter().take(MAX_EVIDENCE).collect();
        out.insert("properties".into(), json!({ "evidence": shown, "evidenceNotShown": evidence.len() - shown.len() }));
    }
    if let Some(s) = suppressions {
        out.insert("suppressions".into(), s);
    }
    Value::Object(out)
}

/// `policy.block.permissions` and its level; the grade rule (`max_grade`) says whether it blocked or warned
/// in the reason's action.
fn policy_rule(reason: &PolicyReason) -> (String, &'static str) {
    let level = match reason.action.as_str() {
        "block" => "error",
        "warn" => "warning",
        _ => "note",
    };
    (format!("policy.{}", reason.rule), level)
}

/// SARIF levels: high → error, medium → warning, low and info → note.
fn level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}


/// GitHub's `security-severity` (0–10; 7 and up is "high"), none for information only.
fn security_severity(s: Severity) -> Option<&'static str> {
    match s {
        Severity::High => Some("7.5"),
        Severity::Medium => Some("5.0"),
        Severity::Low => Some("2.0"),
        Severity::Info => None,
    }
}

/// `android.manifest.debuggable` → `AndroidManifestDebuggable`: the PascalCase name SARIF suggests.
fn rule_name(id: &str) -> String {
    id.split(['.', '_'])
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// SARIF's logical location kinds for our evidence kinds.
fn logical_kind(kind: &str) -> &'static str {
    match kind {
        "class" => "type",
        "manifest" | "plist" => "element",
        "domain" => "value",
        _ => "resource",
    }
}

/// ` Evidence: TEXT (at LOCATION); …` for the first three items.
fn evidence_words(evidence: &[Evidence], words: &Catalog) -> String {
    if evidence.is_empty() {
        return String::new();
    }
    let shown: Vec<String> =
        evidence.iter().take(3).map(|e| words.format("{text} (at {location})", &[("text", &e.text), ("location", &e.location)])).collect();
    let more = evidence.len().saturating_sub(3);
    let tail = if more > 0 { words.format("; and {n} more", &[("n", &more.to_string())]) } else { String::new() };
    words.format(". Evidence: {list}", &[("list", &(shown.join("; ") + &tail))])
}

/// The path as the user gave it, as a URI reference: relative paths stay relative (SARIF viewers resolve
/// them against the folder they were run from), absolute ones become `file://` URIs; every byte outside
/// RFC 3986's unreserved set and `/` is percent-encoded.
pub fn artifact_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_or_file_and_encoded() {
        assert_eq!(artifact_uri("apps/a b.apk"), "apps/a%20b.apk");
        assert_eq!(artifact_uri("/srv/x#1.apk"), "file:///srv/x%231.apk");
        assert_eq!(artifact_uri("caf\u{e9}.apk"), "caf%C3%A9.apk");
    }

    #[test]
    fn names_and_levels() {
        assert_eq!(rule_name("android.manifest.debuggable"), "AndroidManifestDebuggable");
        assert_eq!(rule_name("policy.block.tracker_categories"), "PolicyBlockTrackerCategories");
        assert_eq!(level(Severity::High), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(level(Severity::Info), "note");
    }

    #[test]
    fn a_log_without_packages_is_complete() {
        let log = SarifLog::new(None).finish();
        assert_eq!(log["version"], "2.1.0");
        assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "AppLens");
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        assert!(rules.iter().any(|r| r["id"] == "android.manifest.debuggable" && r["defaultConfiguration"]["level"] == "error"));
        assert!(rules.iter().any(|r| r["id"] == NOT_ANALYSED_RULE));
        assert_eq!(log["runs"][0]["invocations"][0]["executionSuccessful"], true);
    }
}
