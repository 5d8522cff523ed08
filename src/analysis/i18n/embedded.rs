//! Every language's catalogs, compiled into the command line (native only: the page fetches the parts it
//! needs, so a language the reader does not use is never downloaded), and packed for the page (`parts`).

use super::pack::{self, Part};
use super::{Catalog, Language};

/// The catalog files of one language, in the order they are read (a later row replaces an earlier one).
/// `script/build` packs the same files, in the same order, into `dist/i18n/<code>/<part>.tsv` (`parts`).
/// A new file here goes to the page's part its name says (`Part::of_file`: `android*`/`permissions` to
/// Android, `ios*` to iOS, any other to common).
pub fn files(language: Language) -> &'static [(&'static str, &'static str)] {
    macro_rules! tables {
        ($lang:literal) => {
            &[
                ("ui.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/ui.tsv"))),
                ("report.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/report.tsv"))),
                ("permissions.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/permissions.tsv"))),
                ("android_labels.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/android_labels.tsv"))),
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

/// The knowledge tables whose texts the catalogs translate, by name (`data/<name>`): a row of `report.tsv`
/// whose English is a cell of only one platform's tables (`android_*`, `ios_*`) goes to that platform's
/// part; a cell the common tables also hold stays common (see `pack::pack`).
pub const TABLES: &[(&str, &str)] = &[
    ("android_manifest_rules.tsv", include_str!("../../../data/android_manifest_rules.tsv")),
    ("android_permission_catalogue.tsv", include_str!("../../../data/android_permission_catalogue.tsv")),
    ("android_permission_levels.tsv", include_str!("../../../data/android_permission_levels.tsv")),
    ("android_signing_findings.tsv", include_str!("../../../data/android_signing_findings.tsv")),
    ("ios_background_modes.tsv", include_str!("../../../data/ios_background_modes.tsv")),
    ("ios_entitlements.tsv", include_str!("../../../data/ios_entitlements.tsv")),
    ("ios_extension_points.tsv", include_str!("../../../data/ios_extension_points.tsv")),
    ("ios_privacy_reasons.tsv", include_str!("../../../data/ios_privacy_reasons.tsv")),
    ("ios_privacy_terms.tsv", include_str!("../../../data/ios_privacy_terms.tsv")),
    ("ios_rules.tsv", include_str!("../../../data/ios_rules.tsv")),
    ("ios_usage_categories.tsv", include_str!("../../../data/ios_usage_categories.tsv")),
    ("ios_usage_descriptions.tsv", include_str!("../../../data/ios_usage_descriptions.tsv")),
    ("capabilities.tsv", include_str!("../../../data/capabilities.tsv")),
    ("countries.tsv", include_str!("../../../data/countries.tsv")),
    ("host_ignore.tsv", include_str!("../../../data/host_ignore.tsv")),
    ("jurisdictions.tsv", include_str!("../../../data/jurisdictions.tsv")),
    ("native_libraries.tsv", include_str!("../../../data/native_libraries.tsv")),
    ("policy_special_access.tsv", include_str!("../../../data/policy_special_access.tsv")),
    ("risk_categories.tsv", include_str!("../../../data/risk_categories.tsv")),
    ("risk_model.tsv", include_str!("../../../data/risk_model.tsv")),
];

/// The page's catalog of a language: the text of each part's file (`Part::ALL` order), as `script/build`
/// writes them to `dist/i18n/<code>/<part>.tsv`.
pub fn parts(language: Language) -> [(Part, String); 3] {
    let [common, android, ios] = pack::pack(language.code(), files(language), TABLES);
    [(Part::Common, common), (Part::Android, android), (Part::Ios, ios)]
}

/// The catalog the page has once it has fetched these parts of a language.
pub fn page_catalog(language: Language, wanted: &[Part]) -> Catalog {
    let mut catalog = Catalog::empty(language);
    for (part, text) in parts(language) {
        if wanted.contains(&part) {
            catalog.add_packed(&text);
        }
    }
    catalog
}
