//! Every plain-language text of a report, and nothing else: ids, names, evidence, paths and what was copied
//! from the package stay as they are. One list of JSON paths (as `docs/report-schema.md` names the fields),
//! so the translation and the tests that look for English left in a translated report see the same fields.
//! Fields added by later work are English until listed here.
//!
//! The walk is over the report's JSON rather than its Rust type so that the page can translate the JSON the
//! worker sent without compiling a serialiser for the whole `Report` type into its WebAssembly (about 20 KB
//! gzipped): it reads the JSON as a `serde_json::Value`, translates, writes it back, then reads it as a
//! `Report` with the reader it already has.

use serde_json::Value;

/// `*` stands for every element of a list; a missing or null field is skipped.
pub const TEXT_PATHS: &[&str] = &[
    "permissions.*.meaning",
    "permissions.*.why",
    "permissions.*.status_note",
    "permissions.*.platform_label",
    "permissions.*.platform_description",
    "special_access.*.meaning",
    "special_access.*.why",
    "code.hidden.*.message",
    "code.frameworks.*.read",
    "code.frameworks.*.unread",
    "code.other_code.*.note",
    "capabilities.*.title",
    "capabilities.*.meaning",
    "recipients.*.adequacy.eu_note",
    "recipients.*.adequacy.uk_note",
    "recipients.*.adequacy.remark",
    "findings.*.title",
    "findings.*.explanation",
    "limitations.*.message",
    "warnings.*.message",
    "ios.background_modes.*.meaning",
    "ios.extensions.*.kind",
    "ios.extensions.*.meaning",
    "ios.entitlements.*.category",
    "ios.entitlements.*.meaning",
    "ios.privacy_manifests.*.collected_data.*.label",
    "ios.privacy_manifests.*.collected_data.*.purposes.*.label",
    "ios.privacy_manifests.*.accessed_apis.*.label",
    "ios.privacy_manifests.*.accessed_apis.*.reasons.*.label",
    "risk.label",
    "risk.verdict",
    "risk.reason",
    "risk.summary",
    "risk.concerns.*.text",
    "risk.axes.*.name",
    "risk.categories.*.name",
    "risk.categories.*.description",
    "risk.categories.*.level_name",
    "risk.categories.*.items.*.text",
    "risk.unplaced.*.text",
    "risk.confidence.words",
    "risk.confidence.reasons.*.message",
    "risk.confidence.reasons.*.effect",
    "policy.summary",
    "policy.reasons.*.message",
    "policy.allowed_by.message",
];

/// Calls `f` on each translatable text of a report's JSON, in the order of `TEXT_PATHS`.
pub fn texts_mut(report: &mut Value, f: &mut dyn FnMut(&mut String)) {
    for path in TEXT_PATHS {
        let steps: Vec<&str> = path.split('.').collect();
        visit(report, &steps, f);
    }
}

fn visit(value: &mut Value, steps: &[&str], f: &mut dyn FnMut(&mut String)) {
    let Some((step, rest)) = steps.split_first() else {
        if let Value::String(s) = value {
            f(s);
        }
        return;
    };
    match (*step, value) {
        ("*", Value::Array(items)) => items.iter_mut().for_each(|item| visit(item, rest, f)),
        (key, Value::Object(map)) => {
            if let Some(next) = map.get_mut(key) {
                visit(next, rest, f);
            }
        }
        _ => {}
    }
}

/// Every translatable text of a report's JSON (for tests and for counting what is translated).
pub fn texts(report: &Value) -> Vec<String> {
    let mut copy = report.clone();
    let mut out = Vec::new();
    texts_mut(&mut copy, &mut |s| out.push(s.clone()));
    out
}
