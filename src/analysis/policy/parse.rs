//! Reads a policy file (JSON, `docs/policy.md`) into a `Policy`, refusing anything it does not understand:
//! a policy that silently dropped a misspelt rule would let through what the organisation meant to block.
//! Every refusal names the key and what was expected there.

use std::fmt;

use serde_json::{Map, Value};

use super::{AllowApp, Policy, RuleSet};
use crate::analysis::knowledge::companies::companies;
use crate::analysis::knowledge::policy::{special_access_name, special_access_names};

/// The only version this build reads (`applens_policy`).
pub const POLICY_VERSION: u64 = 1;
/// A policy is a short document written by people; anything larger is a mistake or an attack.
pub const MAX_POLICY_BYTES: usize = 256 * 1024;
const MAX_LIST: usize = 2_000;
const MAX_TEXT: usize = 1_000;

/// The tracker categories of the Exodus Privacy list, as its data writes them.
pub const TRACKER_CATEGORIES: [&str; 6] = ["Advertisement", "Analytics", "Crash reporting", "Identification", "Location", "Profiling"];
pub const GRADES: [&str; 6] = ["A", "B", "C", "D", "E", "F"];

/// Why a policy was refused: the key (dotted path, e.g. `block.permissions[2]`; empty for the document
/// itself) and what was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyError {
    pub key: String,
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            write!(f, "this policy cannot be used: {}", self.message)
        } else {
            write!(f, "this policy cannot be used: `{}` {}", self.key, self.message)
        }
    }
}

impl std::error::Error for PolicyError {}

fn err(key: &str, message: impl Into<String>) -> PolicyError {
    PolicyError { key: key.to_string(), message: message.into() }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

const TOP_KEYS: [&str; 7] = ["applens_policy", "name", "description", "contact", "max_grade", "block", "warn"];
const ALLOW_KEYS: [&str; 2] = ["apps", "signers"];
const RULE_KEYS: [&str; 16] = [
    "apps",
    "findings",
    "finding_severity",
    "hidden_code",
    "max_grade",
    "max_trackers",
    "min_target_sdk",
    "permissions",
    "recipient_countries",
    "recipients_without_adequacy",
    "signers",
    "special_access",
    "tracker_categories",
    "tracker_companies",
    "trackers",
    "untrusted_distribution",
];

/// Parses and checks a policy document.
pub fn parse_policy(text: &str) -> Result<Policy, PolicyError> {
    if text.len() > MAX_POLICY_BYTES {
        return Err(err("", format!("it is {} bytes long; a policy may have at most {MAX_POLICY_BYTES}", text.len())));
    }
    let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
        .map_err(|e| err("", format!("it is not valid JSON ({e})")))?;
    let Value::Object(doc) = value else {
        return Err(err("", format!("it must be a JSON object, {{\"applens_policy\": {POLICY_VERSION}, …}}; found {}", kind(&value))));
    };
    unknown_keys(&doc, "", &TOP_KEYS, Some("allow"))?;
    match doc.get("applens_policy") {
        None => return Err(err("applens_policy", format!("is missing: a policy starts with \"applens_policy\": {POLICY_VERSION}"))),
        Some(Value::Number(n)) if n.as_u64() == Some(POLICY_VERSION) => {}
        Some(Value::Number(n)) => {
            return Err(err("applens_policy", format!("is {n}, a version this AppLens does not know; it reads version {POLICY_VERSION}")))
        }
        Some(other) => return Err(err("applens_policy", format!("must be the number {POLICY_VERSION}; found {}", kind(other)))),
    }
    let name = match doc.get("name") {
        None => return Err(err("name", "is missing: give the policy a name people will recognise, e.g. \"Example Ltd — work phones\"")),
        Some(v) => text_value("name", v)?,
    };
    if name.trim().is_empty() {
        return Err(err("name", "is empty: give the policy a name people will recognise"));
    }
    let mut block = match doc.get("block") {
        Some(v) => rule_set("block", v)?,
        None => RuleSet::default(),
    };
    if let Some(v) = doc.get("max_grade") {
        let grade = grade("max_grade", v)?;
        if block.max_grade.is_some() {
            return Err(err("max_grade", "is given twice (also as `block.max_grade`): keep one"));
        }
        block.max_grade = Some(grade);
    }
    let warn = match doc.get("warn") {
        Some(v) => rule_set("warn", v)?,
        None => RuleSet::default(),
    };
    let (allow_apps, allow_signers) = match doc.get("allow") {
        Some(v) => allow("allow", v)?,
        None => (Vec::new(), Vec::new()),
    };
    Ok(Policy {
        name,
        description: doc.get("description").map(|v| text_value("description", v)).transpose()?,
        contact: doc.get("contact").map(|v| text_value("contact", v)).transpose()?,
        block,
        warn,
        allow_apps,
        allow_signers,
    })
}

fn unknown_keys(object: &Map<String, Value>, path: &str, known: &[&str], extra: Option<&str>) -> Result<(), PolicyError> {
    for key in object.keys() {
        if !known.contains(&key.as_str()) && extra != Some(key.as_str()) {
            let mut all: Vec<&str> = known.to_vec();
            all.extend(extra);
            all.sort_unstable();
            let shown = if key.chars().count() > 60 { format!("{}…", key.chars().take(60).collect::<String>()) } else { key.clone() };
            return Err(err(&join(path, &shown), format!("is not a key AppLens knows here; the keys are: {}", all.join(", "))));
        }
    }
    Ok(())
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn text_value(key: &str, v: &Value) -> Result<String, PolicyError> {
    let Value::String(s) = v else { return Err(err(key, format!("must be text; found {}", kind(v)))) };
    if s.chars().count() > MAX_TEXT {
        return Err(err(key, format!("is longer than {MAX_TEXT} characters")));
    }
    Ok(s.clone())
}

fn list<'v>(key: &str, v: &'v Value) -> Result<&'v [Value], PolicyError> {
    let Value::Array(items) = v else { return Err(err(key, format!("must be a list, e.g. [\"…\"]; found {}", kind(v)))) };
    if items.len() > MAX_LIST {
        return Err(err(key, format!("has {} entries; a list may have at most {MAX_LIST}", items.len())));
    }
    Ok(items)
}

fn string_list(key: &str, v: &Value, check: impl Fn(&str) -> Result<String, String>) -> Result<Vec<String>, PolicyError> {
    let mut out = Vec::new();
    for (i, item) in list(key, v)?.iter().enumerate() {
        let at = format!("{key}[{i}]");
        let s = text_value(&at, item)?;
        let s = check(s.trim()).map_err(|m| err(&at, m))?;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    Ok(out)
}

fn boolean(key: &str, v: &Value) -> Result<bool, PolicyError> {
    v.as_bool().ok_or_else(|| err(key, format!("must be true or false; found {}", kind(v))))
}

fn number(key: &str, v: &Value, max: u64) -> Result<u32, PolicyError> {
    v.as_u64()
        .filter(|n| *n <= max)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| err(key, format!("must be a whole number from 0 to {max}; found {}", shown_value(v))))
}

fn shown_value(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() <= 40 => format!("\"{s}\""),
        other => kind(other).to_string(),
    }
}

fn grade(key: &str, v: &Value) -> Result<char, PolicyError> {
    let Value::String(s) = v else { return Err(err(key, format!("must be a grade from \"A\" to \"F\"; found {}", kind(v)))) };
    let upper = s.trim().to_ascii_uppercase();
    match upper.as_str() {
        "A" | "B" | "C" | "D" | "E" | "F" => Ok(upper.chars().next().unwrap_or('F')),
        _ => Err(err(key, format!("must be a grade from \"A\" to \"F\"; found {}", shown_value(v)))),
    }
}

/// A permission name, or a prefix ending in `*` (`android.permission.*`).
fn permission_name(s: &str) -> Result<String, String> {
    let name = s.strip_suffix('*').unwrap_or(s);
    if name.is_empty() || s.len() > 200 || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        return Err(format!("must be a permission name such as \"android.permission.READ_SMS\" (a name may end in * to cover every name that begins so); found \"{s}\""));
    }
    Ok(s.to_string())
}

fn finding_id(s: &str) -> Result<String, String> {
    let id = s.strip_suffix('*').unwrap_or(s);
    if id.is_empty() || s.len() > 200 || !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        return Err(format!("must be a finding id such as \"android.manifest.debuggable\" (an id may end in * to cover every id that begins so, e.g. \"android.signing.*\"); found \"{s}\""));
    }
    Ok(s.to_string())
}

fn special_access_id(s: &str) -> Result<String, String> {
    if special_access_name(s).is_some() {
        return Ok(s.to_string());
    }
    let names: Vec<&str> = special_access_names().iter().map(|n| n.id).collect();
    Err(format!("is \"{s}\", which is not a kind of special access AppLens knows; the kinds are: {}", names.join(", ")))
}

fn tracker_category(s: &str) -> Result<String, String> {
    TRACKER_CATEGORIES
        .iter()
        .find(|c| c.eq_ignore_ascii_case(s))
        .map(|c| (*c).to_string())
        .ok_or_else(|| format!("is \"{s}\", which is not a tracker category; the categories (Exodus Privacy's) are: {}", TRACKER_CATEGORIES.join(", ")))
}

/// Company names as AppLens's tables write them; a name the tables lack would never match, so it is refused.
fn company_name(s: &str) -> Result<String, String> {
    if let Some(c) = companies().iter().find(|c| c.name.eq_ignore_ascii_case(s)) {
        return Ok(c.name.to_string());
    }
    let lower = s.to_ascii_lowercase();
    let near: Vec<&str> = companies()
        .iter()
        .filter(|c| !lower.is_empty() && (c.name.to_ascii_lowercase().contains(&lower) || lower.contains(&c.name.to_ascii_lowercase())))
        .map(|c| c.name)
        .take(5)
        .collect();
    let hint = if near.is_empty() { String::new() } else { format!(" (did you mean {}?)", near.join(", ")) };
    Err(format!("is \"{s}\", a company AppLens's tables do not name, so it could never match{hint}; the names are those of data/companies.tsv"))
}

fn country_code(s: &str) -> Result<String, String> {
    let upper = s.to_ascii_uppercase();
    if upper.len() == 2 && upper.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(upper)
    } else {
        Err(format!("must be a two-letter country code (ISO 3166-1), e.g. \"CN\"; found \"{s}\""))
    }
}

fn app_id(s: &str) -> Result<String, String> {
    if s.is_empty() || s.len() > 255 || !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        return Err(format!("must be an app id (Android package name or iOS bundle id) such as \"com.example.app\"; found \"{s}\""));
    }
    Ok(s.to_string())
}

/// A certificate's SHA-256 in hex, with or without colons or spaces, any case; kept lower-case, bare.
fn signer(s: &str) -> Result<String, String> {
    let hex: String = s.chars().filter(|c| !matches!(c, ':' | ' ')).collect::<String>().to_ascii_lowercase();
    if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        Ok(hex)
    } else {
        Err(format!("must be the SHA-256 fingerprint of a signing certificate, 64 hexadecimal digits (colons allowed), as apksigner and AppLens show it; found \"{s}\""))
    }
}

fn distribution(s: &str) -> Result<String, String> {
    match s {
        "development" | "ad_hoc" | "enterprise" => Ok(s.to_string()),
        _ => Err(format!("is \"{s}\"; iOS distribution kinds a policy can name are: development, ad_hoc, enterprise")),
    }
}

fn rule_set(path: &str, v: &Value) -> Result<RuleSet, PolicyError> {
    let Value::Object(map) = v else { return Err(err(path, format!("must be an object of rules, e.g. {{\"permissions\": [\"…\"]}}; found {}", kind(v)))) };
    unknown_keys(map, path, &RULE_KEYS, None)?;
    let mut rules = RuleSet::default();
    for (key, value) in map {
        let at = join(path, key);
        match key.as_str() {
            "apps" => rules.apps = string_list(&at, value, app_id)?,
            "findings" => rules.findings = string_list(&at, value, finding_id)?,
            "finding_severity" => {
                rules.finding_severity = Some(match value.as_str() {
                    Some(w @ ("low" | "medium" | "high")) => crate::analysis::report::Severity::parse(w).unwrap_or(crate::analysis::report::Severity::High),
                    _ => return Err(err(&at, format!("must be \"low\", \"medium\" or \"high\"; found {}", shown_value(value)))),
                })
            }
            "hidden_code" => rules.hidden_code = boolean(&at, value)?,
            "max_grade" => rules.max_grade = Some(grade(&at, value)?),
            "max_trackers" => rules.max_trackers = Some(number(&at, value, 10_000)?),
            "min_target_sdk" => rules.min_target_sdk = Some(number(&at, value, 1_000)?),
            "permissions" => rules.permissions = string_list(&at, value, permission_name)?,
            "recipient_countries" => rules.recipient_countries = string_list(&at, value, country_code)?,
            "recipients_without_adequacy" => rules.recipients_without_adequacy = boolean(&at, value)?,
            "signers" => rules.signers = string_list(&at, value, signer)?,
            "special_access" => rules.special_access = string_list(&at, value, special_access_id)?,
            "tracker_categories" => rules.tracker_categories = string_list(&at, value, tracker_category)?,
            "tracker_companies" => rules.tracker_companies = string_list(&at, value, company_name)?,
            "trackers" => rules.trackers = string_list(&at, value, |s| if s.is_empty() { Err("must not be empty".into()) } else { Ok(s.to_string()) })?,
            "untrusted_distribution" => rules.untrusted_distribution = string_list(&at, value, distribution)?,
            _ => {}
        }
    }
    Ok(rules)
}

fn allow(path: &str, v: &Value) -> Result<(Vec<AllowApp>, Vec<String>), PolicyError> {
    let Value::Object(map) = v else { return Err(err(path, format!("must be an object, e.g. {{\"apps\": [\"com.example.app\"]}}; found {}", kind(v)))) };
    unknown_keys(map, path, &ALLOW_KEYS, None)?;
    let mut apps = Vec::new();
    if let Some(value) = map.get("apps") {
        let key = join(path, "apps");
        for (i, item) in list(&key, value)?.iter().enumerate() {
            let at = format!("{key}[{i}]");
            match item {
                Value::String(s) => apps.push(AllowApp { id: app_id(s.trim()).map_err(|m| err(&at, m))?, signer: None }),
                Value::Object(o) => {
                    unknown_keys(o, &at, &["id", "signer"], None)?;
                    let id = o.get("id").ok_or_else(|| err(&at, "needs an \"id\" (the app id) beside its \"signer\""))?;
                    let id = app_id(text_value(&join(&at, "id"), id)?.trim()).map_err(|m| err(&join(&at, "id"), m))?;
                    let signer = match o.get("signer") {
                        Some(s) => Some(signer(text_value(&join(&at, "signer"), s)?.trim()).map_err(|m| err(&join(&at, "signer"), m))?),
                        None => None,
                    };
                    apps.push(AllowApp { id, signer });
                }
                other => return Err(err(&at, format!("must be an app id, or {{\"id\": …, \"signer\": …}}; found {}", kind(other)))),
            }
        }
    }
    let signers = match map.get("signers") {
        Some(value) => string_list(&join(path, "signers"), value, signer)?,
        None => Vec::new(),
    };
    Ok((apps, signers))
}
