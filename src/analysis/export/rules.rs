//! Every finding AppLens can report, with its words, gathered from the tables that define them
//! (`data/android_manifest_rules.tsv`, `data/android_signing_findings.tsv`, `data/ios_rules.tsv`) and the one
//! finding written in code (`anti_analysis`): what a tool that lists rules before results needs.

use crate::analysis::anti_analysis;
use crate::analysis::javascript::merge as remote;
use crate::analysis::knowledge::{ios, manifest_rules, signing_findings};
use crate::analysis::report::Severity;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingRule {
    pub id: &'static str,
    pub severity: Severity,
    /// A risk category id (`data/risk_categories.tsv`), or for iOS the category's name.
    pub category: &'static str,
    /// May hold `{placeholders}` the finding fills from the package (`template_words` shows them as slots).
    pub title: &'static str,
    pub explanation: &'static str,
    /// The public source the statement rests on, when the table gives one.
    pub reference: Option<&'static str>,
}

/// Every rule, sorted by id.
pub fn finding_rules() -> Vec<FindingRule> {
    let mut out: Vec<FindingRule> = manifest_rules::rules()
        .iter()
        .map(|r| FindingRule { id: r.id, severity: r.severity, category: r.category, title: r.title, explanation: r.explanation, reference: None })
        .collect();
    out.extend(signing_findings::signing_findings().iter().map(|r| FindingRule {
        id: r.id,
        severity: r.severity,
        category: r.category,
        title: r.title,
        explanation: r.explanation,
        reference: Some(r.reference).filter(|s| !s.is_empty()),
    }));
    out.extend(ios::rules().filter_map(|r| {
        let severity = Severity::parse(r.severity)?;
        Some(FindingRule { id: r.id, severity, category: r.category, title: r.title, explanation: r.explanation, reference: None })
    }));
    out.push(FindingRule {
        id: anti_analysis::FINDING_ID,
        severity: anti_analysis::SEVERITY,
        category: anti_analysis::CATEGORY,
        title: anti_analysis::TITLE,
        explanation: anti_analysis::EXPLANATION,
        reference: None,
    });
    out.push(FindingRule {
        id: remote::REMOTE_FINDING,
        severity: remote::REMOTE_SEVERITY,
        category: remote::REMOTE_CATEGORY,
        title: remote::REMOTE_TITLE,
        explanation: remote::REMOTE_EXPLANATION,
        reference: None,
    });
    out.sort_by_key(|r| r.id);
    out.dedup_by_key(|r| r.id);
    out
}

/// A rule's words with each value a finding fills in shown as a slot: `to {n} named server{s}` → `to [number]
/// named server(s)`, `on {date}` → `on [date]`. The results carry the words filled in.
pub fn template_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest.get(open..).and_then(|r| r.find('}')).map(|c| open + c) else { break };
        out.push_str(rest.get(..open).unwrap_or_default());
        match rest.get(open + 1..close).unwrap_or_default() {
            "s" => out.push_str("(s)"),
            "n" => out.push_str("[number]"),
            name => {
                out.push('[');
                out.push_str(name);
                out.push(']');
            }
        }
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// The first web address in a reference (`RFC 6151; https://…`), for fields that must hold a URI.
pub fn reference_uri(reference: &str) -> Option<&str> {
    let start = reference.find("https://")?;
    reference.get(start..)?.split(|c: char| c.is_whitespace() || c == ';' || c == ',').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_contributes_and_ids_are_unique() {
        let rules = finding_rules();
        for prefix in ["android.manifest.", "android.signing.", "ios.", "package.anti_analysis"] {
            assert!(rules.iter().any(|r| r.id.starts_with(prefix)), "no rule from {prefix}");
        }
        assert!(rules.windows(2).all(|w| w[0].id < w[1].id), "sorted and unique");
        assert!(rules.iter().all(|r| !r.title.is_empty() && !r.explanation.is_empty()));
    }

    #[test]
    fn placeholders_become_plain_words() {
        assert_eq!(template_words("to {n} named server{s}"), "to [number] named server(s)");
        assert_eq!(template_words("Signed with a short {bits}-bit {algorithm} key"), "Signed with a short [bits]-bit [algorithm] key");
        assert_eq!(template_words("an open { brace"), "an open { brace");
        assert_eq!(reference_uri("RFC 6151; https://source.android.com/x, and more"), Some("https://source.android.com/x"));
        assert_eq!(reference_uri("RFC 6151"), None);
    }
}
