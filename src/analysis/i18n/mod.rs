//! Reports in the reader's language: German and French beside English.
//!
//! The analysis writes English, as it always has; this module turns a finished report into another
//! language with the catalogs of `data/i18n/<lang>/` (see `catalog.rs` for their syntax and why the English
//! text is the key). Pure: no browser APIs, no clock. The page fetches a language's catalog from its own
//! origin only when the reader chooses it (`dist/i18n/<lang>.tsv`, made by `script/build`); the command
//! line embeds them all (`embedded`).
//!
//! Adding a language: a `Language` variant (its plural rule, number and date forms in `locale.rs`), a folder
//! `data/i18n/<code>/` with the same files as `de/`, and its name in `embedded::files`.

pub mod catalog;
#[cfg(not(target_arch = "wasm32"))]
pub mod embedded;
pub mod locale;
pub mod walk;

pub use catalog::Catalog;
pub use locale::Language;

use crate::analysis::report::Report;

/// The report in the catalog's language: every plain-language text translated where a row matches (the
/// others stay English), `language` set. Ids, names, evidence and numbers are untouched, so the result
/// differs from the English report only in its texts.
pub fn translate_report(report: &Report, catalog: &Catalog) -> Report {
    let mut out = report.clone();
    if catalog.language == Language::En {
        out.language = Language::En.code().into();
        return out;
    }
    walk::texts_mut(&mut out, &mut |s| {
        if let Some(t) = catalog.lookup(s) {
            *s = t;
        }
    });
    out.language = catalog.language.code().into();
    out
}

/// The English texts of a report that `catalog` leaves untranslated (each once, in report order).
pub fn untranslated(report: &Report, catalog: &Catalog) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    walk::texts(report).into_iter().filter(|t| catalog.lookup(t).is_none() && seen.insert(t.clone())).collect()
}
