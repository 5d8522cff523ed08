//! The page's catalogs: the rows of `data/i18n/<lang>/` packed small and split by what a report needs.
//!
//! The repository's files keep the English beside each translation (translators need it, and the command
//! line embeds them whole). The page does not need the English of a fixed text: it only has to recognise it.
//! So `script/build` (through `examples/i18n_pack.rs`) writes `dist/i18n/<lang>/<part>.tsv`, where
//! - a fixed text's row is keyed by `key_hash` of its English, five characters instead of the text (the
//!   English column was ~45% of each gzipped catalog: ~21 of ~46 KB);
//! - a template (`{placeholders}`) keeps its English pattern, since it must be matched against finished texts;
//! - the rows are split in `Part`s: `common` (the page's words, the grade, categories, sentences every
//!   report has), `android` and `ios` (the texts of each platform's knowledge tables). The page fetches
//!   `common` with the language and a platform's part when it shows a report of that platform, so a reader
//!   downloads one language's common part and one platform part; three more parts come only where shown
//!   (Android's own permission words, a policy's texts, the parsers' messages: `Part`).
//!
//! Format of a part, after `#` comment lines: one line of the fixed texts' keys (`key_hash` of each English,
//! `KEY_CHARS` characters each, no separator), then one line per key with its translation, in the same
//! order; then one line per template, `English<TAB>translation<TAB>step`: its place among all templates is
//! the sum of the steps so far in the part (counting from 1).
//!
//! Why 30 bits, and what a package could do with them. Every English key and every `tr()` string is
//! checked to hash apart (`tests/i18n.rs`), so our own texts never mix. A text that is not a key (a name,
//! an untranslated sentence quoting a file of the package) matches some key by chance with probability
//! about keys / 2^30, below 1 in 300,000 per text with 3,000 keys. A package can do better by design:
//! about 2^30 / 3,000 ≈ 3.6·10^5 tries of a file name make one of its texts hash like one of our sentences,
//! and the German or French report then shows that sentence instead. Accepted, because of what it reaches:
//! only a text that is not itself one of our keys (those hash apart), such as a sentence quoting the
//! package (of `walk::TEXT_PATHS`, `warnings.*.message`, `limitations.*.message` and `code.hidden.*.message`
//! quote its file names, `ios.extensions.*.kind` can be its own identifier); only in a translated view (the English report and its JSON are exact, and the
//! language picker is one click away); never a grade, a verdict, a count, an id or evidence (they are not
//! texts); and the result is one of our own sentences in place of a text the package largely chose anyway
//! (a package can already write any words it likes in its names). A width that would make crafting
//! impractical (80 bits) would cost more than the English it replaces.

use std::collections::{HashMap, HashSet};

/// Characters of a packed key: 5 × 6 bits = 30 bits (36 bits cost an Android reader 0.8 KB more gzipped,
/// which the 40 KB budget did not leave).
pub const KEY_CHARS: usize = 5;
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The 30-bit key of an English text: FNV-1a over its UTF-8 bytes, then SplitMix64's finaliser so that
/// every bit depends on every byte (FNV's high bits alone mix poorly), top 30 bits.
pub fn key_hash(english: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in english.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h >> (64 - 6 * KEY_CHARS)
}

/// `key_hash` as written in a part file.
pub fn encode_key(hash: u64) -> String {
    (0..KEY_CHARS)
        .rev()
        .map(|i| char::from(ALPHABET.get(((hash >> (6 * i)) & 63) as usize).copied().unwrap_or(b'A')))
        .collect()
}

/// A part file's key back to the hash; `None` for anything else (a template, a damaged line).
pub fn decode_key(text: &str) -> Option<u64> {
    if text.len() != KEY_CHARS {
        return None;
    }
    text.bytes().try_fold(0u64, |acc, b| ALPHABET.iter().position(|&a| a == b).map(|v| (acc << 6) | v as u64))
}

/// A piece of a language's page catalog, fetched when needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// The page's words and the report's own sentences: fetched with the language.
    Common,
    /// Android's knowledge tables (permissions, manifest and signing findings): fetched when an Android
    /// report is shown.
    Android,
    /// iOS's knowledge tables: fetched when an iOS report is shown.
    Ios,
    /// Android's own label and description of the permissions our catalogue does not describe (the report's
    /// `platform_label`/`platform_description`): fetched only for a report that shows one. They are ~10 KB
    /// gzipped per language, and 7 of the corpus's 40 Android reports need any of them.
    AndroidPlatform,
    /// An organisation policy's verdicts and reasons (`policy.tsv`, and the policy's names for special
    /// access from `data/policy_*` tables, which only its reasons quote): fetched only while a policy is in
    /// effect, as most readers have none.
    Policy,
    /// The parsers' messages about malformed parts, limits and unreadable files (`diagnostics.tsv`): fetched
    /// only for a report with warnings (or a limitation quoting one), or a failed analysis (most reports have
    /// neither: 6 of the corpus's 50 reports).
    Diagnostics,
}

impl Part {
    pub const ALL: [Part; 6] = [Part::Common, Part::Android, Part::Ios, Part::AndroidPlatform, Part::Policy, Part::Diagnostics];

    /// The file's name in `dist/i18n/<lang>/`, without `.tsv`.
    pub fn name(self) -> &'static str {
        match self {
            Part::Common => "common",
            Part::Android => "android",
            Part::Ios => "ios",
            Part::AndroidPlatform => "android_platform",
            Part::Policy => "policy",
            Part::Diagnostics => "diagnostics",
        }
    }

    /// The platform parts a finished report needs beside `Common`: its platform's, and for an Android report
    /// that shows Android's own words for a permission (`platform_label`/`platform_description`), those.
    pub fn for_report(report: &crate::analysis::report::Report) -> Vec<Part> {
        use crate::analysis::report::Platform;
        let mut parts = match report.platform {
            Platform::Ios => vec![Part::Ios],
            Platform::Android => {
                let own_words = report.permissions.iter().any(|p| p.platform_label.is_some() || p.platform_description.is_some());
                if own_words {
                    vec![Part::Android, Part::AndroidPlatform]
                } else {
                    vec![Part::Android]
                }
            }
        };
        // The parsers' messages reach a report as its warnings, and quoted in the limitations of a manifest, a
        // resource table or a provisioning profile that could not be read, of carried code and of Flutter's
        // strings (`{e|tt}` in those rows).
        let quoted = |id: &str| {
            matches!(id, "android.manifest" | "android.resources" | "ios.provisioning" | "android.code.carried" | "android.code.flutter")
        };
        if !report.warnings.is_empty() || report.limitations.iter().any(|l| quoted(&l.id)) {
            parts.push(Part::Diagnostics);
        }
        parts
    }

    /// The part a file of `data/i18n/<lang>/` goes to by its name (rows of the common files may still move
    /// to a platform: see `pack`). A file not named here (a new one) is common: always loaded, never missing.
    /// `android_tables.tsv` is routed row by row like `report.tsv`: it also holds texts every report can
    /// have (jurisdiction notes, the grade's limitations, the policy's names for special access).
    pub fn of_file(file: &str) -> Part {
        if file == "android_tables.tsv" {
            Part::Common
        } else if file == "policy.tsv" {
            Part::Policy
        } else if file == "diagnostics.tsv" {
            Part::Diagnostics
        } else if file.starts_with("android") || file == "permissions.tsv" {
            Part::Android
        } else if file.starts_with("ios") {
            Part::Ios
        } else {
            Part::Common
        }
    }

    /// The platform whose knowledge table `data/<file>` is, by the tables' naming (`android_*`, `ios_*`);
    /// `policy_*` tables (the policy's names for special access) are only ever quoted by a policy's reasons,
    /// so their texts wait in the policy's part.
    pub fn of_table(file: &str) -> Part {
        if file.starts_with("android_") {
            Part::Android
        } else if file.starts_with("ios_") {
            Part::Ios
        } else if file.starts_with("policy_") {
            Part::Policy
        } else {
            Part::Common
        }
    }
}

/// One language's catalog files as the command line reads them (`embedded::files`: name and text, in
/// order, a later row replacing an earlier one), packed into the six parts' file texts (`Part::ALL`
/// order). Each key goes to exactly one part, with the translation the command line uses:
/// - a row of `ui.tsv` is common (the page's words must be there before any report);
/// - a row of a platform's file (`permissions.tsv`, `android_*.tsv`, `ios*.tsv`) goes to that platform;
/// - a row of another file (`report.tsv`) goes to a platform when its English is a cell of that
///   platform's knowledge tables (`tables`: `data/<name>` and its text) and of no other table: the
///   findings of `android_manifest_rules.tsv` are only ever written for an Android package;
/// - a key that two parts claim is common;
/// - an Android key that is one of `platform` (Android's own label or description of a permission our
///   catalogue does not describe) goes to `AndroidPlatform`.
///
/// Templates keep their order (the first that matches wins), which the merged parts preserve since a
/// platform part's templates come from files read after the common ones.
pub fn pack(language_code: &str, files: &[(&str, &str)], tables: &[(&str, &str)], platform: &HashSet<&str>) -> [String; 6] {
    // Which platform's tables hold each cell (several: then no single platform claims it).
    let mut table_part: HashMap<&str, Option<Part>> = HashMap::new();
    for (name, text) in tables {
        let part = Part::of_table(name);
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            for cell in line.split('\t').filter(|c| c.len() > 1) {
                let entry = table_part.entry(cell).or_insert(Some(part));
                if *entry != Some(part) {
                    *entry = None;
                }
            }
        }
    }
    // A text (or its other-case form: permission meanings are matched both ways) that only one platform's
    // tables hold goes to that platform.
    let routed = |english: &str| -> Part {
        let flipped = flip_case(english);
        let mut claims = [Some(english), flipped.as_deref()].into_iter().flatten().filter_map(|t| table_part.get(t).copied());
        match claims.next() {
            Some(Some(p)) if claims.all(|c| c == Some(p)) => p,
            _ => Part::Common,
        }
    };

    // Every key once, in the order it first appears, with its last translation and the parts that claim it.
    let mut order: Vec<&str> = Vec::new();
    let mut rows: HashMap<&str, (&str, Option<Part>)> = HashMap::new();
    // Templates in the order the command line tries them: a redefined template moves to the end.
    let mut templates: Vec<&str> = Vec::new();
    for (file, text) in files {
        for line in text.lines() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut columns = line.split('\t');
            let (Some(english), Some(translated)) = (columns.next(), columns.next()) else { continue };
            if english == "en" || english.is_empty() || translated.is_empty() {
                continue;
            }
            let part = match Part::of_file(file) {
                Part::Common if *file != "ui.tsv" && !english.contains('{') => routed(english),
                p => p,
            };
            let entry = rows.entry(english).or_insert_with(|| {
                order.push(english);
                (translated, Some(part))
            });
            entry.0 = translated;
            if *file == "ui.tsv" || entry.1 != Some(part) {
                entry.1 = Some(Part::Common);
            }
            if english.contains('{') {
                templates.retain(|t| *t != english);
                templates.push(english);
            }
        }
    }

    let mut out: [String; 6] = Default::default();
    for (part, text) in Part::ALL.iter().zip(out.iter_mut()) {
        text.push_str(&format!("# AppLens {language_code} {}: generated from data/i18n/{language_code}/ (src/analysis/i18n/pack.rs)\n", part.name()));
    }
    let part_of = |english: &str| match rows.get(english).and_then(|(_, p)| *p).unwrap_or(Part::Common) {
        Part::Android if platform.contains(english) => Part::AndroidPlatform,
        p => p,
    };
    let slot = |part: Part| Part::ALL.iter().position(|p| *p == part).unwrap_or(0);
    // Fixed texts in columns: every key on one line, then the translations in the same order, sorted so that
    // alike sentences sit together (random keys between them cost gzip ~3% of a part).
    let mut fixed: [Vec<(String, &str)>; 6] = Default::default();
    for english in order.iter().filter(|e| !e.contains('{')) {
        let Some((translated, _)) = rows.get(english) else { continue };
        if let Some(list) = fixed.get_mut(slot(part_of(english))) {
            list.push((encode_key(key_hash(english)), translated));
        }
    }
    for (text, list) in out.iter_mut().zip(fixed.iter_mut()) {
        list.sort_by(|a, b| a.1.cmp(b.1));
        text.extend(list.iter().map(|(key, _)| key.as_str()));
        text.push('\n');
        for (_, translated) in list.iter() {
            text.push_str(translated);
            text.push('\n');
        }
    }
    // Each template with its place in the command line's order, so that the page tries them in that order
    // whatever parts it has fetched, and in whatever order (`Catalog::add_packed`).
    // Written as the step from the part's previous template (mostly 1: it costs almost nothing gzipped).
    let mut last = [0usize; 6];
    for (order, english) in templates.iter().enumerate() {
        let Some((translated, _)) = rows.get(english) else { continue };
        let at = slot(part_of(english));
        if let (Some(text), Some(last)) = (out.get_mut(at), last.get_mut(at)) {
            text.push_str(&format!("{english}\t{translated}\t{}\n", order + 1 - *last));
            *last = order + 1;
        }
    }
    out
}

/// The text with its first letter's case changed (the catalog matches both: see `Catalog::lookup`).
pub fn flip_case(text: &str) -> Option<String> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    if first.is_lowercase() {
        Some(first.to_uppercase().collect::<String>() + rest)
    } else if first.is_uppercase() {
        Some(first.to_lowercase().collect::<String>() + rest)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for text in ["", "Location", "Standort", "can read your contacts"] {
            let h = key_hash(text);
            assert!(h < 1 << 30);
            let written = encode_key(h);
            assert_eq!(written.len(), KEY_CHARS);
            assert!(!written.contains('{') && !written.contains('\t'));
            assert_eq!(decode_key(&written), Some(h));
        }
        assert_ne!(key_hash("Location"), key_hash("location"));
        assert_eq!(decode_key("{n} x"), None);
    }

    #[test]
    fn rows_go_to_the_part_that_needs_them() {
        let files = [
            ("ui.tsv", "en\tde\nLocation\tStandort\nTry a sample\tBeispiel\n"),
            ("report.tsv", "Grade {g}\tNote {g}\nThe app is a debug build\tDebug-Build\nLocation\tOrt\nShared\tGeteilt\n"),
            ("permissions.tsv", "can read your contacts\tkann Kontakte lesen\n"),
            ("ios.tsv", "Receives push notifications\tEmpfängt Push\n"),
        ];
        let tables = [
            ("android_manifest_rules.tsv", "id\ttitle\nx\tThe app is a debug build\n"),
            ("ios_rules.tsv", "id\ttitle\ny\tShared\n"),
            ("android_signing_findings.tsv", "id\ttitle\nz\tShared\n"),
        ];
        let [common, android, ios, ..] = pack("de", &files, &tables, &HashSet::new());
        let has = |part: &str, english: &str| {
            let mut c = super::super::Catalog::empty(super::super::Language::De);
            c.add_packed(part);
            assert!(c.problems().is_empty(), "{:?}", c.problems());
            c.lookup(english).is_some()
        };
        assert!(has(&common, "Location") && common.contains("\nOrt\n") && !common.contains("Standort"), "{common}");
        assert!(has(&common, "Try a sample") && common.contains("Grade {g}\tNote {g}\t1\n"));
        assert!(has(&android, "The app is a debug build") && has(&android, "can read your contacts"), "{android}");
        assert!(has(&ios, "Receives push notifications"));
        assert!(has(&common, "Shared"), "a text of both platforms' tables is common");
        assert!(!common.contains("debug") && !android.contains("Location"));
    }
}
