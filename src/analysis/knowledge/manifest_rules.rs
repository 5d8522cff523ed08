//! The words of each manifest finding (`data/android_manifest_rules.tsv`); the detectors that decide when a
//! rule fires are in `android/rules.rs`.

use std::sync::OnceLock;

use super::tsv_rows;
use crate::analysis::report::Severity;

const RULES: &str = include_str!("../../../data/android_manifest_rules.tsv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub category: &'static str,
    pub title: &'static str,
    /// May hold `{placeholders}`, filled from the app by the detector.
    pub explanation: &'static str,
}

pub fn rules() -> &'static [Rule] {
    static ROWS: OnceLock<Vec<Rule>> = OnceLock::new();
    ROWS.get_or_init(|| {
        tsv_rows(RULES, "id")
            .filter_map(|r| {
                let severity = Severity::parse(r.get(1)?)?;
                Some(Rule { id: r.first()?, severity, category: r.get(2)?, title: r.get(3)?, explanation: r.get(4)? })
            })
            .collect()
    })
}

pub fn rule(id: &str) -> Option<&'static Rule> {
    rules().iter().find(|r| r.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::knowledge::catalogue::category;

    #[test]
    fn rules_are_well_formed_and_unique() {
        let rows: Vec<Vec<&str>> = tsv_rows(RULES, "id").collect();
        assert_eq!(rows.len(), rules().len(), "a rule row failed to parse (severity?)");
        let mut ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), rules().len(), "duplicate rule id");
        for (row, rule) in rows.iter().zip(rules()) {
            assert_eq!(row.len(), 5, "{row:?}");
            assert!(rule.id.starts_with("android.manifest.") || rule.id.starts_with("android.network_security."), "{}", rule.id);
            assert!(category(rule.category).is_some(), "{}: unknown category {}", rule.id, rule.category);
            assert!(!rule.title.is_empty() && !rule.explanation.is_empty(), "{}", rule.id);
        }
    }
}
