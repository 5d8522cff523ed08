//! Whether the EU (GDPR Art. 45) and the UK (UK GDPR) recognise data protection in a country as adequate:
//! `data/jurisdictions.tsv`, written from the European Commission's adequacy decisions and the UK's adequacy
//! regulations on the date in its header (`AS_OF`). Nothing is looked up at run time, so the report carries that
//! date with every answer.

use std::sync::OnceLock;

use super::tsv::{field, rows};
use crate::analysis::report::{Adequacy, AdequacyLevel, Recipient};

const TABLE: &str = include_str!("../../../data/jurisdictions.tsv");

/// The date `data/jurisdictions.tsv` was written from its sources (its header says the same; a test keeps the
/// two together).
pub const AS_OF: &str = "2026-12-03";

/// One side's answer for one country, with the note a partial answer needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Recognition {
    /// The GDPR itself applies there (for the UK: an EEA state, which UK law treats as adequate).
    Eea,
    /// The UK's answer for the UK itself.
    Domestic,
    Yes,
    /// Only for the recipients the note names ("companies certified under …").
    Partial(&'static str),
    No,
}

impl Recognition {
    fn parse(value: &str, note: &'static str) -> Option<Self> {
        match value {
            "eea" => Some(Self::Eea),
            "domestic" => Some(Self::Domestic),
            "yes" => Some(Self::Yes),
            // A partial answer without its note would claim more than the table knows.
            "partial" if !note.is_empty() => Some(Self::Partial(note)),
            "no" => Some(Self::No),
            _ => None,
        }
    }

    pub fn level(self) -> AdequacyLevel {
        match self {
            Self::Eea => AdequacyLevel::Eea,
            Self::Domestic => AdequacyLevel::Domestic,
            Self::Yes => AdequacyLevel::Yes,
            Self::Partial(_) => AdequacyLevel::Partial,
            Self::No => AdequacyLevel::No,
        }
    }

    pub fn note(self) -> Option<&'static str> {
        match self {
            Self::Partial(note) => Some(note),
            _ => None,
        }
    }
}

/// One row of `data/jurisdictions.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jurisdiction {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    pub eu: Recognition,
    pub eu_basis: &'static str,
    pub uk: Recognition,
    pub uk_basis: &'static str,
    /// The official texts, EU then UK, separated by a space.
    pub source: &'static str,
    pub remark: &'static str,
}

fn table() -> &'static [Jurisdiction] {
    static ROWS: OnceLock<Vec<Jurisdiction>> = OnceLock::new();
    ROWS.get_or_init(|| {
        // A row whose answer does not parse is left out rather than guessed at; the tests require none.
        let mut v: Vec<Jurisdiction> = rows(TABLE)
            .filter_map(|r| {
                Some(Jurisdiction {
                    code: field(&r, 0),
                    eu: Recognition::parse(field(&r, 1), field(&r, 2))?,
                    eu_basis: field(&r, 3),
                    uk: Recognition::parse(field(&r, 4), field(&r, 5))?,
                    uk_basis: field(&r, 6),
                    source: field(&r, 7),
                    remark: field(&r, 8),
                })
            })
            .collect();
        v.sort_by(|a, b| a.code.cmp(b.code));
        v
    })
}

/// The row for an ISO 3166-1 alpha-2 code (upper case, as the tables and reports write it).
pub fn jurisdiction(code: &str) -> Option<&'static Jurisdiction> {
    let all = table();
    all.binary_search_by(|j| j.code.cmp(code)).ok().and_then(|i| all.get(i))
}

/// The facts a report carries for a recipient in `country`; every field null when the country is unknown or
/// not in the table.
pub fn adequacy(country: Option<&str>) -> Adequacy {
    let Some(j) = country.and_then(jurisdiction) else { return Adequacy::default() };
    let text = |s: &str| Some(s.to_string()).filter(|s| !s.is_empty());
    Adequacy {
        eu: Some(j.eu.level()),
        eu_note: j.eu.note().and_then(text),
        eu_basis: text(j.eu_basis),
        uk: Some(j.uk.level()),
        uk_note: j.uk.note().and_then(text),
        uk_basis: text(j.uk_basis),
        remark: text(j.remark),
        as_of: Some(AS_OF.to_string()),
    }
}

/// For the policy engine: true when the recipient's country is known and the EU has no adequacy decision for
/// it (`no`). Chosen meaning:
/// - `eea` and `yes` are adequate;
/// - `partial` counts as adequate: its condition (e.g. certification under the EU–US Data Privacy Framework)
///   may hold for this company, and AppLens cannot check it from a package, so it does not claim otherwise;
/// - an unknown country gives `false`: nothing is known, so nothing is claimed (a policy that wants to flag
///   unknown countries should test `recipient.country.is_none()` itself);
/// - the EU's answer decides, not the UK's: in the table the two differ only where the UK has no regulations of
///   its own yet for a country the EU recognises (Brazil), and `recipient.adequacy.uk` is there for a UK view.
///
/// It reads the facts the report carries, not the table: the page and the widget call it (policies, compare)
/// and must not download the whole table to do so. A report written before the table existed has no facts,
/// so nothing is claimed about it.
pub fn without_adequacy(recipient: &Recipient) -> bool {
    recipient.adequacy.eu == Some(AdequacyLevel::No)
}

#[cfg(test)]
mod tests {
    use super::super::tsv::header;
    use super::*;

    const COMPANIES: &str = include_str!("../../../data/companies.tsv");
    const COUNTRIES: &str = include_str!("../../../data/countries.tsv");
    const TRACKERS: &str = include_str!("../../../data/trackers.tsv");
    const IOS_SDKS: &str = include_str!("../../../data/ios_sdks.tsv");

    fn recipient(country: Option<&str>) -> Recipient {
        Recipient { company: "Somebody".into(), country: country.map(str::to_string), trackers: vec![], domains: vec![], adequacy: adequacy(country) }
    }

    #[test]
    fn table_is_sorted_unique_and_every_row_parses() {
        assert_eq!(header(TABLE), ["code", "eu", "eu_note", "eu_basis", "uk", "uk_note", "uk_basis", "source", "remark"]);
        let codes: Vec<&str> = rows(TABLE).map(|r| field(&r, 0)).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "jurisdictions.tsv must be sorted by code and unique");
        assert_eq!(table().len(), codes.len(), "a row whose answer does not parse (or a partial without its note)");
        assert!(TABLE.lines().take_while(|l| l.starts_with('#')).any(|l| l.contains(AS_OF)), "the header must give AS_OF");
        for r in rows(TABLE) {
            assert!(r.len() <= 9, "{r:?}: too many fields");
        }
    }

    #[test]
    fn every_answer_has_its_basis_source_and_honest_note() {
        for j in table() {
            assert!(j.code.len() == 2 && j.code.bytes().all(|b| b.is_ascii_uppercase()), "{j:?}");
            let sources: Vec<&str> = j.source.split(' ').collect();
            assert!(!sources.is_empty() && sources.iter().all(|s| s.starts_with("https://")), "{}: source {:?}", j.code, j.source);
            for (side, r, basis) in [("eu", j.eu, j.eu_basis), ("uk", j.uk, j.uk_basis)] {
                // Every answer but "no" names the law or decision it rests on.
                assert_eq!(basis.is_empty(), r == Recognition::No, "{} {side}: basis {basis:?} for {r:?}", j.code);
                if let Recognition::Partial(note) = r {
                    // Said after "only for": a phrase, not a sentence.
                    assert!(note.chars().next().is_some_and(char::is_lowercase) && !note.ends_with('.'), "{} {side}: {note:?}", j.code);
                }
            }
            assert!(j.eu != Recognition::Domestic, "{}: domestic is the UK's answer for the UK only", j.code);
            assert_eq!(j.uk == Recognition::Domestic, j.code == "GB", "{}", j.code);
            // The UK treats EEA states as adequate: the two columns agree on who is in the EEA.
            assert_eq!(j.eu == Recognition::Eea, j.uk == Recognition::Eea, "{}", j.code);
            assert!(j.remark.is_empty() || j.remark.ends_with('.'), "{}: remark is a sentence", j.code);
        }
    }

    #[test]
    fn every_country_code_in_use_has_a_row() {
        let mut used: Vec<(&str, &str)> = Vec::new();
        for (name, text, column) in [("companies.tsv", COMPANIES, 1), ("countries.tsv", COUNTRIES, 0), ("trackers.tsv", TRACKERS, 3), ("ios_sdks.tsv", IOS_SDKS, 4)] {
            used.extend(rows(text).map(|r| (name, field(&r, column))).filter(|(_, c)| !c.is_empty()));
        }
        assert!(used.len() > 300, "the tables were read: {}", used.len());
        for (name, code) in used {
            assert!(jurisdiction(code).is_some(), "{name}: {code} has no row in jurisdictions.tsv");
        }
    }

    #[test]
    fn answers_as_checked() {
        let level = |code: &str| jurisdiction(code).map(|j| (j.eu.level(), j.uk.level()));
        use AdequacyLevel::*;
        assert_eq!(level("FR"), Some((Eea, Eea)));
        assert_eq!(level("NO"), Some((Eea, Eea)));
        assert_eq!(level("GB"), Some((Yes, Domestic)));
        assert_eq!(level("CH"), Some((Yes, Yes)));
        assert_eq!(level("KR"), Some((Yes, Yes)));
        assert_eq!(level("BR"), Some((Yes, No)));
        assert_eq!(level("US"), Some((Partial, Partial)));
        assert_eq!(level("CA"), Some((Partial, Partial)));
        assert_eq!(level("JP"), Some((Partial, Partial)));
        for code in ["CN", "RU", "IN", "SG", "TR", "AU", "PA", "JO", "TW"] {
            assert_eq!(level(code), Some((No, No)), "{code}");
        }
        assert_eq!(level("XX"), None);
        let us = jurisdiction("US").map(|j| (j.eu.note(), j.uk.note()));
        assert_eq!(us, Some((Some("companies certified under the EU–US Data Privacy Framework"), Some("companies certified under the UK Extension to the EU–US Data Privacy Framework"))));
    }

    #[test]
    fn the_report_carries_the_facts_or_nothing() {
        let us = adequacy(Some("US"));
        assert_eq!((us.eu, us.uk), (Some(AdequacyLevel::Partial), Some(AdequacyLevel::Partial)));
        assert!(us.eu_note.as_deref().is_some_and(|n| n.contains("Data Privacy Framework")));
        assert!(us.eu_basis.as_deref().is_some_and(|b| b.contains("2023/1795")));
        assert_eq!(us.as_of.as_deref(), Some(AS_OF));
        let cn = adequacy(Some("CN"));
        assert_eq!((cn.eu, cn.uk, cn.eu_note, cn.eu_basis, cn.remark), (Some(AdequacyLevel::No), Some(AdequacyLevel::No), None, None, None));
        assert_eq!(adequacy(None), Adequacy::default());
        assert_eq!(adequacy(Some("XX")), Adequacy::default());
        assert_eq!(adequacy(Some("us")), Adequacy::default(), "codes are upper case, as every table writes them");
    }

    #[test]
    fn the_schema_documents_the_json_the_report_writes() {
        let doc = include_str!("../../../docs/report-schema.md");
        let example = doc
            .split("### `recipients[].adequacy`")
            .nth(1)
            .and_then(|rest| rest.split("```json").nth(1))
            .and_then(|rest| rest.split("```").next())
            .expect("docs/report-schema.md has the adequacy example");
        let documented: serde_json::Value = serde_json::from_str(&format!("{{{example}}}")).expect("the example is JSON");
        let written = serde_json::json!({ "adequacy": adequacy(Some("US")) });
        assert_eq!(documented, written, "update the example in docs/report-schema.md with the table");
        // Older reports, without the field, still read.
        let old: Recipient = serde_json::from_str(r#"{"company":"Google","country":"US","trackers":[],"domains":[]}"#).expect("old recipient");
        assert_eq!(old.adequacy, Adequacy::default());
    }

    #[test]
    fn without_adequacy_is_the_eus_no() {
        assert!(without_adequacy(&recipient(Some("CN"))));
        assert!(without_adequacy(&recipient(Some("RU"))));
        assert!(!without_adequacy(&recipient(Some("US"))), "partial: the company may be certified");
        assert!(!without_adequacy(&recipient(Some("FR"))));
        assert!(!without_adequacy(&recipient(Some("GB"))));
        assert!(!without_adequacy(&recipient(Some("BR"))), "the EU's answer decides");
        assert!(!without_adequacy(&recipient(None)), "unknown country: nothing claimed");
        // A report from before the table carries no facts: nothing is claimed.
        let mut old = recipient(Some("CN"));
        old.adequacy = Adequacy::default();
        assert!(!without_adequacy(&old));
    }
}
