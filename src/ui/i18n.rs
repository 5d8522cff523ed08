//! The page's words in the reader's language.
//!
//! The page's code writes English and asks for each text with `tr("English")`, or `trf("English with
//! {n}", &[("n", …)])` when it has values: the English is the key into the catalog of the chosen language
//! (`data/i18n/<lang>/ui.tsv`, packed into the common part the page fetches from its own origin when the
//! reader picks the language: `src/analysis/i18n/pack.rs`; `catalog.rs` for the syntax). English needs no
//! file: it is the code itself.
//!
//! The catalog lives in a thread-local rather than in a Yew context because it is read by plain functions
//! (formatters shared with the summary image and the failure texts) as well as components; the app renders
//! its whole tree again when the language changes (a key on it), so nothing shows a stale language.

use std::cell::RefCell;
use std::rc::Rc;

use crate::analysis::i18n::{Catalog, Language};

thread_local! {
    static CURRENT: RefCell<Option<Rc<Catalog>>> = const { RefCell::new(None) };
}

/// Makes `catalog` the page's language (`None`: English).
pub fn set_catalog(catalog: Option<Rc<Catalog>>) {
    CURRENT.with(|c| *c.borrow_mut() = catalog);
}

/// The current catalog, for translating reports.
pub fn catalog() -> Option<Rc<Catalog>> {
    CURRENT.with(|c| c.borrow().clone())
}

/// The page's current language.
pub fn language() -> Language {
    catalog().map_or(Language::En, |c| c.language)
}

/// A fixed text in the reader's language.
pub fn tr(english: &str) -> String {
    trf(english, &[])
}

/// A finished English text the analysis core wrote (a sentence of `analysis::present`, a country's name) in
/// the reader's language: matched against the catalog's texts and templates as a report's texts are; kept
/// as it is when no row matches. Its rows live in `report.tsv`, not `ui.tsv`: the page's code does not name
/// them.
pub fn tx(english: &str) -> String {
    match catalog() {
        Some(c) => c.text(english),
        None => english.to_string(),
    }
}

/// A country's name standing alone ("United States" in "Google · United States", a list) in the reader's
/// language: `Catalog::country` (`countries.tsv`), not `tx`, whose rows for a country carry a sentence's
/// preposition.
pub fn country_tx(english: &str) -> String {
    match catalog() {
        Some(c) => c.country(english),
        None => english.to_string(),
    }
}

/// A word the catalogs key apart from any English text (`list: and`, which joins names inside a sentence
/// translated as a whole), or `english` when the language has none.
pub fn word(key: &str, english: &str) -> String {
    catalog().and_then(|c| c.word(key).map(str::to_string)).unwrap_or_else(|| english.to_string())
}

/// Why a policy cannot be used (`policy::parse`'s message: "this policy cannot be used: `block.permisions` is
/// not a key …", or a reason without a key) in the reader's language, without its opening words, which every
/// place that shows it already says: the key as the policy wrote it, the reason through the catalog (its rows
/// are in `policy.tsv`, the part the page fetches while a policy is given, refused ones too).
pub fn policy_error_tx(message: &str) -> String {
    let message = message.strip_prefix("this policy cannot be used: ").unwrap_or(message);
    if let Some((key, reason)) = message.strip_prefix('`').and_then(|rest| rest.split_once("` ")) {
        return format!("`{key}` {}", tx(reason));
    }
    tx(message)
}

/// A text with values in the reader's language; `{name|one|other}` picks the singular or the plural by the
/// language's rule for the value `name`, `{name|num}` writes a decimal number the language's way.
pub fn trf(english: &str, values: &[(&str, &str)]) -> String {
    match catalog() {
        Some(c) => c.format(english, values),
        None => Catalog::empty(Language::En).format(english, values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_fills_values_and_plurals() {
        set_catalog(None);
        assert_eq!(trf("{n} {n|tracker|trackers}", &[("n", "1")]), "1 tracker");
        assert_eq!(trf("{n} {n|tracker|trackers}", &[("n", "3")]), "3 trackers");
        set_catalog(Some(Rc::new(Catalog::parse(Language::Fr, "{n} {n|tracker|trackers}\t{n} {n|traceur|traceurs}\nTry a sample\tEssayer un exemple\n"))));
        assert_eq!(trf("{n} {n|tracker|trackers}", &[("n", "0")]), "0 traceur");
        assert_eq!(tr("Try a sample"), "Essayer un exemple");
        assert_eq!(tr("Not in the catalog"), "Not in the catalog");
        set_catalog(None);
    }
}
