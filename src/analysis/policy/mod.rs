//! An organisation's own rules for the apps on its devices, and the verdict they give a report:
//! `allowed`, `warn` or `blocked`, each reason naming its rule and the evidence (`docs/policy.md`).
//!
//! The verdict is worked out from a finished report, so the page, the widget and the command line give the
//! same answer, and a policy can be changed without analysing the package again.

mod describe;
mod parse;
mod rules;

pub use describe::{describe, describe_in, RuleSummary};
pub use parse::{parse_policy, PolicyError, GRADES, MAX_POLICY_BYTES, POLICY_VERSION, TRACKER_CATEGORIES};

use crate::analysis::report::{PolicyReason, PolicyResult, PolicyVerdict, Report, Severity};

/// A policy as read from its file; every list already checked and normalised (`parse_policy`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    pub name: String,
    pub description: Option<String>,
    pub contact: Option<String>,
    /// Rules that block the app (the top-level `max_grade` is `block.max_grade`).
    pub block: RuleSet,
    /// Rules that give a warning.
    pub warn: RuleSet,
    /// Apps the organisation trusts whatever the rules say.
    pub allow_apps: Vec<AllowApp>,
    /// SHA-256 fingerprints (lower-case hex) of signing certificates the organisation trusts.
    pub allow_signers: Vec<String>,
}

/// The rules of `block` or `warn`: each matches on its own, and every match is a reason.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleSet {
    pub apps: Vec<String>,
    pub findings: Vec<String>,
    pub finding_severity: Option<Severity>,
    pub hidden_code: bool,
    pub max_grade: Option<char>,
    pub max_trackers: Option<u32>,
    pub min_target_sdk: Option<u32>,
    pub permissions: Vec<String>,
    pub recipient_countries: Vec<String>,
    /// Companies in a country whose data protection the EU does not recognise as adequate
    /// (`data/jurisdictions.tsv`, `knowledge::jurisdictions::without_adequacy`).
    pub recipients_without_adequacy: bool,
    pub signers: Vec<String>,
    pub special_access: Vec<String>,
    pub tracker_categories: Vec<String>,
    pub tracker_companies: Vec<String>,
    pub trackers: Vec<String>,
    pub untrusted_distribution: Vec<String>,
}

/// An app the organisation trusts: by id alone, or by id and the certificate it must be signed with (an id
/// alone can be copied by anyone who builds an app).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowApp {
    pub id: String,
    pub signer: Option<String>,
}

/// The verdict of `policy` on `report`.
pub fn evaluate(policy: &Policy, report: &Report) -> PolicyResult {
    let mut reasons = rules::matches(&policy.block, "block", report);
    let mut warned = rules::matches(&policy.warn, "warn", report);
    // A grade past the blocking limit is past the warning one too: say it once.
    if reasons.iter().any(|r| r.rule == "max_grade") {
        warned.retain(|r| r.rule != "warn.max_grade");
    }
    // A package AppLens could not grade cannot be shown to meet `max_grade`: never silently allowed.
    if let Some(max) = policy.block.max_grade.or(policy.warn.max_grade) {
        if report.risk.as_ref().is_none_or(|r| r.grade == "?") {
            warned.push(PolicyReason {
                rule: if policy.block.max_grade.is_some() { "max_grade".into() } else { "warn.max_grade".into() },
                action: "warn".into(),
                message: format!("AppLens could not grade this package, so it cannot be shown to meet grade {max} or better."),
                evidence: Vec::new(),
            });
        }
    }
    let verdict = if !reasons.is_empty() {
        PolicyVerdict::Blocked
    } else if !warned.is_empty() {
        PolicyVerdict::Warn
    } else {
        PolicyVerdict::Allowed
    };
    reasons.append(&mut warned);
    let allowed_by = if verdict == PolicyVerdict::Allowed { None } else { rules::allowed_by(policy, report) };
    let verdict = if allowed_by.is_some() { PolicyVerdict::Allowed } else { verdict };
    let summary = summary(policy, verdict, allowed_by.as_ref(), &reasons);
    PolicyResult { name: policy.name.clone(), contact: policy.contact.clone(), verdict, summary, reasons, allowed_by }
}

/// Applies `policy` to `report` (replacing any earlier verdict).
pub fn apply(policy: &Policy, report: &mut Report) {
    report.policy = Some(evaluate(policy, report));
}

fn summary(policy: &Policy, verdict: PolicyVerdict, allowed_by: Option<&PolicyReason>, reasons: &[PolicyReason]) -> String {
    let name = &policy.name;
    let count = |action: &str| reasons.iter().filter(|r| r.action == action).count();
    match (verdict, allowed_by) {
        (PolicyVerdict::Allowed, Some(why)) => {
            format!("Allowed by \u{201c}{name}\u{201d}: {} This app is trusted even though other rules of the policy matched.", why.message)
        }
        (PolicyVerdict::Allowed, None) => format!("Allowed by \u{201c}{name}\u{201d}: none of its rules matched this app."),
        (PolicyVerdict::Warn, _) => format!(
            "Allowed with a warning by \u{201c}{name}\u{201d}: {} to read before installing it.",
            plural(count("warn"), "point", "points")
        ),
        (PolicyVerdict::Blocked, _) => format!(
            "Blocked by \u{201c}{name}\u{201d}: do not install it on a device this policy covers ({}).",
            plural(count("block"), "reason", "reasons")
        ),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests;
