//! Every language's catalogs, compiled into the command line (native only: the page fetches the parts it
//! needs, so a language the reader does not use is never downloaded), and packed for the page (`parts`).

use super::pack::{self, Part};
use super::{Catalog, Language};

/// The catalog files of one language, in the order they are read (a later row replaces an earlier one).
/// `script/build` packs the same files but `cli.tsv`, in the same order, into `dist/i18n/<code>/<part>.tsv`
/// (`parts`). A new file here goes to the page's part its name says (`Part::of_file`: `android*`/`permissions`
/// to Android, `ios*` to iOS, `policy.tsv` and `diagnostics.tsv` to their own parts, any other to common).
pub fn files(language: Language) -> &'static [(&'static str, &'static str)] {
    macro_rules! tables {
        ($lang:literal) => {
            &[
                ("ui.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/ui.tsv"))),
                // Before report.tsv: its templates were tried first when they were part of it.
                ("policy.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/policy.tsv"))),
                ("report.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/report.tsv"))),
                // Country names standing alone (lists): keyed apart from report.tsv's sentence forms.
                ("countries.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/countries.tsv"))),
                ("permissions.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/permissions.tsv"))),
                ("android_labels.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/android_labels.tsv"))),
                ("ios.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/ios.tsv"))),
                ("android_tables.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/android_tables.tsv"))),
                // The parsers' messages (warnings, a failed analysis's error): after the others, so that its
                // catch-all templates (`{part}: {message}`) are tried last. A page part of its own.
                ("diagnostics.tsv", include_str!(concat!("../../../data/i18n/", $lang, "/diagnostics.tsv"))),
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
///
/// Android's own label and description of a permission reach a report only when our catalogue has no
/// meaning or no "why" for it (`android/permissions.rs`), so the page leaves out the rows of
/// `android_labels.tsv` that only catalogued permissions have (132 of its 207 rows, about 4 KB gzipped),
/// and puts the others in a part of their own, fetched only for a report that shows one (`Part::for_report`).
/// The command line keeps them all; `tests/i18n.rs` checks that the parts translate every corpus report as
/// the command line does.
pub fn parts(language: Language) -> [(Part, String); 6] {
    let [common, android, ios, platform, policy, diagnostics] = pack_for_page(language, files(language));
    [
        (Part::Common, common),
        (Part::Android, android),
        (Part::Ios, ios),
        (Part::AndroidPlatform, platform),
        (Part::Policy, policy),
        (Part::Diagnostics, diagnostics),
    ]
}

/// `pack::pack` of these catalog files of a language, less the Android labels no report shows (`parts`).
pub fn pack_for_page(language: Language, files: &[(&str, &str)]) -> [String; 6] {
    let shown = platform_texts_shown();
    let keep = |text: &str| -> String {
        text.lines()
            .filter(|l| l.starts_with('#') || l.split('\t').next().is_none_or(|en| en == "en" || shown.contains(en)))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let labels: Vec<String> = files.iter().filter(|(name, _)| *name == "android_labels.tsv").map(|(_, text)| keep(text)).collect();
    let mut labels = labels.iter();
    let files: Vec<(&str, &str)> = files
        .iter()
        // The command line's own words never show on the page.
        .filter(|(name, _)| *name != "cli.tsv")
        .map(|&(name, text)| match name {
            "android_labels.tsv" => (name, labels.next().map_or(text, String::as_str)),
            _ => (name, text),
        })
        .collect();
    pack::pack(language.code(), &files, TABLES, &shown)
}

/// Android's labels and descriptions (`data/android_permission_levels.tsv`) that a report can show: those of
/// permissions our catalogue gives no meaning (label) or no "why" (description).
fn platform_texts_shown() -> std::collections::HashSet<&'static str> {
    let rows = |text: &'static str| -> Vec<Vec<&'static str>> {
        text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(|l| l.split('\t').collect()).collect()
    };
    let column = |header: &[&str], name: &str| header.iter().position(|h| *h == name);
    let catalogue = rows(include_str!("../../../data/android_permission_catalogue.tsv"));
    let levels = rows(include_str!("../../../data/android_permission_levels.tsv"));
    let mut shown = std::collections::HashSet::new();
    let (Some(cat_header), Some(lev_header)) = (catalogue.first(), levels.first()) else { return shown };
    let (Some(c_name), Some(c_meaning), Some(c_why)) = (column(cat_header, "name"), column(cat_header, "meaning"), column(cat_header, "why")) else {
        return shown;
    };
    let (Some(l_name), Some(l_label), Some(l_description)) =
        (column(lev_header, "name"), column(lev_header, "label"), column(lev_header, "description"))
    else {
        return shown;
    };
    let described = |col: usize| -> std::collections::HashSet<&str> {
        catalogue.iter().skip(1).filter(|r| r.get(col).is_some_and(|v| !v.is_empty())).filter_map(|r| r.get(c_name).copied()).collect()
    };
    let (with_meaning, with_why) = (described(c_meaning), described(c_why));
    for row in levels.iter().skip(1) {
        let Some(name) = row.get(l_name) else { continue };
        if !with_meaning.contains(name) {
            shown.extend(row.get(l_label).filter(|v| !v.is_empty()));
        }
        if !with_why.contains(name) {
            shown.extend(row.get(l_description).filter(|v| !v.is_empty()));
        }
    }
    shown
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
