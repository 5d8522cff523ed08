//! Tracker signatures made for JavaScript: `data/js_signatures.tsv`, each row a piece of text an SDK's
//! JavaScript puts into an app and the tracker of `data/trackers.tsv` it stands for (so a tracker found in
//! both the DEX files and the JavaScript is one tracker, found in two places).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::trackers::trackers;
use super::tsv::{field, rows};

const TABLE: &str = include_str!("../../../data/js_signatures.tsv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsSignature {
    /// Index into `trackers()`.
    pub tracker: u32,
    pub pattern: &'static str,
}

/// The rows whose tracker is in the tracker table (a test keeps that true of every row), in table order,
/// and one ASCII-case-insensitive automaton over their patterns (pattern `i` is row `i`).
pub struct JsSignatures {
    pub rows: Vec<JsSignature>,
    pub automaton: Option<AhoCorasick>,
}

pub fn js_signatures() -> &'static JsSignatures {
    static SET: OnceLock<JsSignatures> = OnceLock::new();
    SET.get_or_init(|| {
        let all = trackers();
        let rows: Vec<JsSignature> = rows(TABLE)
            .filter_map(|r| {
                let name = field(&r, 0);
                let tracker = all.iter().position(|t| t.name == name)?;
                Some(JsSignature { tracker: u32::try_from(tracker).ok()?, pattern: field(&r, 1) })
            })
            .collect();
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(rows.iter().map(|r| r.pattern))
            .ok();
        JsSignatures { rows, automaton }
    })
}

#[cfg(test)]
mod tests {
    use super::super::tsv::header;
    use super::*;

    #[test]
    fn every_row_names_a_known_tracker_and_a_specific_pattern() {
        assert_eq!(header(TABLE), ["tracker", "pattern", "source"]);
        let count = rows(TABLE).count();
        assert_eq!(js_signatures().rows.len(), count, "a row names a tracker that data/trackers.tsv lacks");
        for r in rows(TABLE) {
            let pattern = field(&r, 1);
            // No bare words: a pattern is a domain or a long name only that SDK uses.
            assert!(pattern.len() >= 8 || pattern.contains('.'), "{pattern}: too short to be specific");
            assert!(field(&r, 2).starts_with("https://"), "{pattern}: source missing");
        }
        assert!(js_signatures().automaton.is_some());
    }
}
