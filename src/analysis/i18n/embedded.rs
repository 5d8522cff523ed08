//! Every language's catalogs, compiled into the command line (native only: the page fetches the one it
//! needs, so a language the reader does not use is never downloaded).

use super::{Catalog, Language};

/// The catalog files of one language, in the order they are read (a later row replaces an earlier one).
/// `script/build` concatenates the same files but `cli.tsv`, in the same order, into `dist/i18n/<code>.tsv`.
pub fn files(language: Language) -> &'static [(&'static str, &'static str)] {
    macro_rules! tables {
        ($lang:literal) => {
            &[
                ("ui.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/ui.tsv"))),
                ("report.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/report.tsv"))),
                ("permissions.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/permissions.tsv"))),
                ("android_labels.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/android_labels.tsv"))),
                // The command line's and the SARIF log's own words: not in the page's catalog (script/build
                // leaves this file out), since the page never shows them.
                ("cli.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/cli.tsv"))),
            ]
        };
    }
    match language {
        Language::En => &[],
        Language::De => tables!("de"),
        Language::Fr => tables!("fr"),
    }
}

/// The whole catalog of a language.
pub fn catalog(language: Language) -> Catalog {
    let mut catalog = Catalog::empty(language);
    for (_, text) in files(language) {
        catalog.add(text);
    }
    catalog
}
