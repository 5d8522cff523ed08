//! The texts of the signing findings (severity, category, title, explanation, reference), from
//! `data/android_signing_findings.tsv`; `signing::rules` decides when each one applies and fills in its
//! `{placeholders}`.

use std::sync::OnceLock;

use super::tsv_rows;
use crate::analysis::report::Severity;

const TABLE: &str = include_str!("../../../data/android_signing_findings.tsv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingText {
    pub id: &'static str,
    pub severity: Severity,
    pub category: &'static str,
    pub title: &'static str,
    pub explanation: &'static str,
    pub reference: &'static str,
}

/// Every signing finding's texts, sorted by id.
pub fn signing_findings() -> &'static [FindingText] {
    table()
}

fn table() -> &'static [FindingText] {
    static ROWS: OnceLock<Vec<FindingText>> = OnceLock::new();
    ROWS.get_or_init(|| {
        tsv_rows(TABLE, "id")
            .filter_map(|r| {
                Some(FindingText {
                    id: r.first()?,
                    severity: Severity::parse(r.get(1)?)?,
                    category: r.get(2)?,
                    title: r.get(3)?,
                    explanation: r.get(4)?,
                    reference: r.get(5).copied().unwrap_or_default(),
                })
            })
            .collect()
    })
}

/// The texts of a signing finding, by id.
pub fn signing_finding(id: &str) -> Option<&'static FindingText> {
    table().iter().find(|t| t.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed_sorted_and_unique() {
        let data_rows = tsv_rows(TABLE, "id").count();
        assert_eq!(table().len(), data_rows, "a row has a bad severity or too few columns");
        for pair in table().windows(2) {
            assert!(pair[0].id < pair[1].id, "not sorted or not unique: {} then {}", pair[0].id, pair[1].id);
        }
        for row in table() {
            assert!(row.id.starts_with("android.signing."), "{}", row.id);
            assert!(!row.title.is_empty() && row.explanation.len() > 80 && !row.reference.is_empty(), "{}", row.id);
            assert!(!row.title.ends_with('.'), "titles are one line without a full stop: {}", row.id);
        }
    }
}
