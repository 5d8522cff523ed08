//! Reports in the reader's language: German and French beside English.
//!
//! The analysis writes English, as it always has; this module turns a finished report into another
//! language with the catalogs of `data/i18n/<lang>/` (see `catalog.rs` for their syntax and why the English
//! text is the key). Pure: no browser APIs, no clock. The page fetches a language's catalog from its own
//! origin only when the reader chooses it, packed and in parts (`pack.rs`: `dist/i18n/<lang>/<part>.tsv`,
//! made by `script/build`); the command line embeds them all (`embedded`).
//!
//! Adding a language: a `Language` variant (its plural rule, number and date forms in `locale.rs`), a folder
//! `data/i18n/<code>/` with the same files as `de/`, and its name in `embedded::files`.

pub mod catalog;
#[cfg(not(target_arch = "wasm32"))]
pub mod embedded;
pub mod locale;
pub mod pack;
pub mod walk;

pub use catalog::Catalog;
pub use locale::Language;

use serde_json::Value;

use crate::analysis::report::Report;

/// Translates a report's JSON in place: every plain-language text (`walk::TEXT_PATHS`) where a row matches
/// (the others stay English), and `language`. Ids, names, evidence and numbers are untouched, so the result
/// differs from the English report only in its texts.
pub fn translate_value(report: &mut Value, catalog: &Catalog) {
    if catalog.language != Language::En {
        walk::texts_mut(report, &mut |s| {
            if let Some(t) = catalog.lookup(s) {
                *s = t;
            }
        });
    }
    if let Value::Object(map) = report {
        map.insert("language".into(), Value::String(catalog.language.code().into()));
    }
}

/// A report's JSON (as the worker sends it) in the catalog's language. The page uses this one: it needs no
/// serialiser for `Report`.
pub fn translate_json(json: &str, catalog: &Catalog) -> serde_json::Result<String> {
    let mut value: Value = serde_json::from_str(json)?;
    translate_value(&mut value, catalog);
    serde_json::to_string(&value)
}

/// The report in the catalog's language (see `translate_value`).
pub fn translate_report(report: &Report, catalog: &Catalog) -> Report {
    let Ok(mut value) = serde_json::to_value(report) else { return report.clone() };
    translate_value(&mut value, catalog);
    serde_json::from_value(value).unwrap_or_else(|_| report.clone())
}

/// The translatable texts of a report.
pub fn texts(report: &Report) -> Vec<String> {
    serde_json::to_value(report).map(|v| walk::texts(&v)).unwrap_or_default()
}

/// The English texts of a report that `catalog` leaves untranslated (each once, in report order).
pub fn untranslated(report: &Report, catalog: &Catalog) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    texts(report).into_iter().filter(|t| catalog.lookup(t).is_none() && seen.insert(t.clone())).collect()
}
