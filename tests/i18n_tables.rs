//! German and French for every plain-language text the Android-side and shared knowledge tables can put
//! into a report, not only the ones the corpus happens to reach (`tests/i18n.rs` checks those).
//!
//! Tables: the permission catalogue (meaning, why, replacement), Android's own label and description of the
//! other platform permissions (`android_permission_levels.tsv`), risk categories, capabilities, manifest rules,
//! signing findings, the risk model's words, tracker kinds, countries, jurisdiction notes and the policy's
//! names for special access.
//!
//! Per table, every English text a report can carry is built the way the analysis builds it (the crate's
//! knowledge API where it lists its rows, else the TSV read with the same column logic as its loader), then
//! looked up in the German and French catalogs through the public i18n API. A text inside a sentence (a
//! tracker kind, a country, a replacement permission) is checked inside that sentence, so the template that
//! carries it is checked too. The test fails listing every missing text per language and table.
//!
//! Tables whose columns never reach a report's text, and so are not checked here: `file_formats.tsv` (format
//! names appear only in evidence), `packers.tsv`, `native_libraries.tsv`, `framework_sdks.tsv` and
//! `js_signatures.tsv` (names of products and companies, kept as they are), `jurisdictions.tsv`'s legal bases
//! and sources (citations, not in `walk::TEXT_PATHS`).
//!
//! Besides the tables, the sentences written as literals in `src/analysis/android/**` and
//! `src/analysis/risk/**` are checked (`literal_sentences_of_the_android_and_risk_code_are_translated`).
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use applens::analysis::i18n::{embedded, Catalog, Language};
use applens::analysis::knowledge::capabilities::capabilities;
use applens::analysis::knowledge::catalogue::{categories, permission_info};
use applens::analysis::knowledge::manifest_rules::rules;
use applens::analysis::knowledge::platform::{android_version, describe_api, platform};
use applens::analysis::knowledge::policy::special_access_names;
use applens::analysis::knowledge::signing_findings::signing_findings;
use applens::analysis::present::with_article;
use applens::analysis::risk::model;

const CATALOGUE: &str = include_str!("../data/android_permission_catalogue.tsv");
const PLATFORM: &str = include_str!("../data/android_permission_levels.tsv");
const COUNTRIES: &str = include_str!("../data/countries.tsv");
const JURISDICTIONS: &str = include_str!("../data/jurisdictions.tsv");
const TRACKERS: &str = include_str!("../data/trackers.tsv");
const TRACKERS_EXTRA: &str = include_str!("../data/trackers_extra.tsv");

/// Data rows of a TSV table: `#` comments and the header row (first column `header_first`) skipped.
fn rows<'a>(table: &'a str, header_first: &'a str) -> impl Iterator<Item = Vec<&'a str>> + 'a {
    table
        .lines()
        .filter(move |l| !l.starts_with('#') && !l.trim().is_empty() && l.split('\t').next() != Some(header_first))
        .map(|l| l.split('\t').collect())
}

/// The English texts a table can produce, by table name.
type Texts = BTreeMap<&'static str, BTreeSet<String>>;

fn add(texts: &mut Texts, table: &'static str, text: impl Into<String>) {
    let text = text.into();
    if !text.trim().is_empty() {
        texts.entry(table).or_default().insert(text);
    }
}

/// "Can read your contacts" as the grade's items write a meaning.
fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// Sample values for the `{placeholders}` of finding explanations, as the detectors fill them
/// (`android/rules.rs` `fill`, `signing/rules.rs`). A placeholder with several shapes has several values.
fn placeholder_values(name: &str) -> Vec<String> {
    let facts = platform();
    let version = |api: u32| android_version(api).unwrap_or("?").to_string();
    match name {
        "min_sdk" => vec!["21".into()],
        "min_version" => vec![version(21)],
        "target_sdk" => vec!["28".into()],
        "target_version" => vec![version(28)],
        "play_target_sdk" => vec![facts.play_target_sdk.to_string()],
        "play_target_since" => vec![facts.play_target_since.to_string()],
        "date" => vec!["2020-01-31".into()],
        "digest" => vec!["MD5".into(), "MD2".into()],
        "count" => vec!["2".into(), "3".into()],
        "bits" => vec!["1024".into()],
        "algorithm" => vec!["RSA".into(), "EC".into()],
        "minimum" => vec!["2048".into(), "224".into()],
        "devices" => vec![
            "All Android versions".into(),
            // `signing/rules.rs` names versions before 7.0 only, always as "Android x".
            "Android versions older than 7.0 (this app supports them from Android 5.0 on)".into(),
        ],
        // Janus applies below API 27, which `signing/rules.rs` always names as "Android x (API level n)".
        "versions" => vec!["Android 4.4 (API level 19) and later".into()],
        _ => vec![format!("{{{name}}}")],
    }
}

/// Every filled form of a text with `{placeholders}` (one value per placeholder at a time, the first value
/// for the others, so each shape is seen once).
fn filled(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        names.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    if names.is_empty() {
        return vec![text.to_string()];
    }
    let fill = |choice: Option<(&str, &str)>| {
        let mut out = text.to_string();
        for n in &names {
            let values = placeholder_values(n);
            let value = match choice {
                Some((which, v)) if which == n => v.to_string(),
                _ => values[0].clone(),
            };
            out = out.replace(&format!("{{{n}}}"), &value);
        }
        out
    };
    let mut out = vec![fill(None)];
    for n in &names {
        for v in placeholder_values(n).iter().skip(1) {
            out.push(fill(Some((n, v))));
        }
    }
    out
}

fn permission_catalogue(texts: &mut Texts) {
    const T: &str = "android_permission_catalogue.tsv";
    for r in rows(CATALOGUE, "name") {
        let (replaced_in, replaced_by, meaning, why) = (r[4], r[5], r[7], r[8]);
        add(texts, T, meaning);
        // The grade's items start with it ("Can read your contacts").
        add(texts, T, capitalize(meaning));
        add(texts, T, why);
        if let Ok(api) = replaced_in.parse::<u32>() {
            // `android/permissions.rs`: the status note names what replaced the permission.
            add(texts, T, format!("No effect for apps built for {} or later, like this one: replaced by {replaced_by}.", describe_api(api)));
            add(
                texts,
                T,
                format!(
                    "Replaced by {replaced_by} for apps built for {} or later; it still works for this app, built for {}.",
                    describe_api(api),
                    describe_api(api.saturating_sub(1))
                ),
            );
        }
    }
}

/// Android's own label and description (`android/permissions.rs`): shown for a platform permission the
/// catalogue does not describe. Columns as `knowledge::permissions` reads them: label 7th, description 8th.
fn platform_permissions(texts: &mut Texts) {
    const T: &str = "android_permission_levels.tsv (label, description)";
    for r in rows(PLATFORM, "name") {
        if permission_info(r[0]).is_some() {
            continue;
        }
        add(texts, T, r.get(6).copied().unwrap_or_default());
        add(texts, T, r.get(7).copied().unwrap_or_default());
    }
}

fn risk_categories(texts: &mut Texts) {
    const T: &str = "risk_categories.tsv";
    for c in categories() {
        add(texts, T, c.name);
        add(texts, T, c.description);
        // The grade's reason names the highest category inside a sentence.
        add(texts, T, format!("Grade D and not C because its highest category, {}, scores 9.2, more than the 7 grade C allows.", c.name));
    }
}

fn capability_table(texts: &mut Texts) {
    const T: &str = "capabilities.tsv";
    for c in capabilities() {
        add(texts, T, c.title);
        add(texts, T, c.meaning);
        let title = c.title.trim().trim_end_matches('.');
        // `risk::capability_items`.
        add(texts, T, format!("{title} (found in its code)"));
        add(texts, T, format!("{title} (in its code, but the permission it needs is not requested)"));
    }
}

fn manifest_rules(texts: &mut Texts) {
    const T: &str = "android_manifest_rules.tsv";
    for r in rules() {
        add(texts, T, r.title);
        for text in filled(r.explanation) {
            add(texts, T, text);
        }
    }
}

fn signing_table(texts: &mut Texts) {
    const T: &str = "android_signing_findings.tsv";
    for f in signing_findings() {
        for text in filled(f.title).into_iter().chain(filled(f.explanation)) {
            add(texts, T, text);
        }
    }
}

fn risk_model(texts: &mut Texts) {
    const T: &str = "risk_model.tsv";
    for r in model::rows() {
        match r.rule {
            // A tracker's kind inside the grade's item and the concern.
            "tracker" => {
                add(texts, T, format!("Contains Foo SDK ({} code by Foo Inc., based in the United States)", r.words));
                add(texts, T, format!("Contains Foo SDK ({} code)", r.words));
                add(texts, T, format!("Has code from one {} company, based in China", r.words));
            }
            "level" | "confidence" | "withhold" | "warning" | "unplaced" => add(texts, T, r.words),
            "limitation" => add(texts, T, r.words),
            "grade" => {
                add(texts, T, r.words);
                add(texts, T, r.words.split_once(": ").map_or(r.words, |(label, _)| label));
            }
            "hidden" => {
                add(texts, T, r.words);
                add(texts, T, format!("Grade F because of one finding, whatever else the app does: {}.", lower_first(r.words)));
            }
            _ => {}
        }
    }
    // Two kinds together, and more ("advertising, analytics and other tracking").
    let kinds: Vec<&str> = model::rule("tracker").map(|r| r.words).collect();
    for a in &kinds {
        for b in &kinds {
            if a != b {
                add(texts, T, format!("Has code from 2 {a} and {b} companies, all based in the United States"));
                add(texts, T, format!("Has code from 3 {a}, {b} and other tracking companies"));
            }
        }
    }
}

/// The kinds of trackers the tracker tables name: each falls to a `tracker` row of the risk model (its own or
/// `*`), whose words the report shows; a kind without a row of its own is checked to reach `*`.
fn tracker_categories(texts: &mut Texts) {
    const T: &str = "trackers.tsv (categories)";
    let mut kinds = BTreeSet::new();
    for table in [TRACKERS, TRACKERS_EXTRA] {
        let header = table.lines().find(|l| !l.starts_with('#')).unwrap_or_default();
        let Some(col) = header.split('\t').position(|h| h == "categories") else { continue };
        let first = header.split('\t').next().unwrap_or_default();
        for r in rows(table, first) {
            for k in r.get(col).copied().unwrap_or_default().split(['|', ',']) {
                if !k.trim().is_empty() {
                    kinds.insert(k.trim().to_string());
                }
            }
        }
    }
    for k in kinds {
        let words = model::rule("tracker")
            .find(|r| r.key.eq_ignore_ascii_case(&k))
            .or_else(|| model::lookup("tracker", "*"))
            .map_or("tracking", |r| r.words);
        add(texts, T, format!("Contains Foo SDK ({words} code by Foo Inc.)"));
    }
}

fn countries(texts: &mut Texts) {
    const T: &str = "countries.tsv";
    for r in rows(COUNTRIES, "code") {
        let name = with_article(r[1]);
        add(texts, T, format!("May send data to Foo Inc., based in {name}"));
        add(texts, T, format!("Has code from 2 advertising companies, all based in {name}"));
    }
}

fn jurisdictions(texts: &mut Texts) {
    const T: &str = "jurisdictions.tsv";
    for r in rows(JURISDICTIONS, "code") {
        // `knowledge::jurisdictions::adequacy`: the notes of a partial answer, and the remark.
        if r[1] == "partial" {
            add(texts, T, r[2]);
        }
        if r[4] == "partial" {
            add(texts, T, r[5]);
        }
        add(texts, T, r.get(8).copied().unwrap_or_default());
    }
}

fn policy_special_access(texts: &mut Texts) {
    const T: &str = "policy_special_access.tsv";
    for n in special_access_names() {
        // A policy's reasons quote it whole, its summary only the name before the comma.
        add(texts, T, n.what);
        add(texts, T, n.what.split(',').next().unwrap_or(n.what));
    }
}

fn table_texts() -> Texts {
    let mut texts = Texts::new();
    permission_catalogue(&mut texts);
    platform_permissions(&mut texts);
    risk_categories(&mut texts);
    capability_table(&mut texts);
    manifest_rules(&mut texts);
    signing_table(&mut texts);
    risk_model(&mut texts);
    tracker_categories(&mut texts);
    countries(&mut texts);
    jurisdictions(&mut texts);
    policy_special_access(&mut texts);
    texts
}

/// Every text of `texts` that `catalog` leaves in English, as `table: text` lines.
fn missing(texts: &Texts, catalog: &Catalog) -> Vec<String> {
    let mut out = Vec::new();
    for (table, set) in texts {
        out.extend(set.iter().filter(|t| catalog.lookup(t).is_none()).map(|t| format!("{table}: {t}")));
    }
    out
}

#[test]
fn every_text_of_the_android_and_shared_tables_is_translated() {
    let texts = table_texts();
    // The enumeration itself must see the tables (a renamed column would otherwise pass silently).
    for (table, at_least) in [
        ("android_permission_catalogue.tsv", 400),
        ("android_permission_levels.tsv (label, description)", 300),
        ("risk_categories.tsv", 40),
        ("capabilities.tsv", 100),
        ("android_manifest_rules.tsv", 40),
        ("android_signing_findings.tsv", 18),
        ("risk_model.tsv", 40),
        ("countries.tsv", 60),
        ("policy_special_access.tsv", 30),
    ] {
        let n = texts.get(table).map_or(0, BTreeSet::len);
        assert!(n >= at_least, "{table}: only {n} texts enumerated (expected at least {at_least})");
    }
    let mut report = Vec::new();
    for lang in [Language::De, Language::Fr] {
        let catalog = embedded::catalog(lang);
        let left = missing(&texts, &catalog);
        let total: usize = texts.values().map(BTreeSet::len).sum();
        eprintln!("{}: {} of {total} table texts translated", lang.code(), total - left.len());
        if !left.is_empty() {
            report.push(format!("{} ({} missing):\n  {}", lang.code(), left.len(), left.join("\n  ")));
        }
    }
    assert!(report.is_empty(), "table texts without a translation:\n{}", report.join("\n"));
}

/// The check can fail: a catalog without the new rows leaves table texts in English.
#[test]
fn the_check_sees_a_missing_translation() {
    let texts = table_texts();
    let catalog = Catalog::parse(Language::De, "en\tde\nLocation\tStandort\n");
    assert!(missing(&texts, &catalog).len() > 500);
}

/// String literals of non-test Rust code: `(line, text, is_format)` where `is_format` marks the first
/// argument of `format!`/`write!`-style macros (their `{}` are filled later).
fn literals(source: &str) -> Vec<(usize, String, bool)> {
    // Everything from `#[cfg(test)]` on is test code in this code base (test modules come last).
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    // A string continued on the next line (`\` at the end) is one literal: join them, as Rust does.
    let mut joined = String::new();
    let mut lines = code.lines().peekable();
    while let Some(line) = lines.next() {
        let mut line = line.to_string();
        while line.ends_with('\\') {
            line.pop();
            match lines.next() {
                Some(next) => line.push_str(next.trim_start()),
                None => break,
            }
            joined.push('\n'); // keeps the line numbers of what follows
        }
        joined.push_str(&line);
        joined.push('\n');
    }
    let mut out = Vec::new();
    let all: Vec<&str> = joined.lines().collect();
    for (i, line) in all.iter().enumerate() {
        let trimmed = line.trim_start();
        // Warnings (`Error::…(`, its message up to two lines below) are the core's messages about malformed
        // input, not findings or limitations: not in this pass.
        let warning = all[i.saturating_sub(2)..=i].iter().any(|l| l.contains("Error::"));
        if trimmed.starts_with("//") || warning {
            continue;
        }
        let mut rest: &str = line;
        while let Some(open) = rest.find('"') {
            let before = &rest[..open];
            if before.contains("//") {
                break;
            }
            let after = &rest[open + 1..];
            let end = common::closing_quote(after);
            if end == after.len() {
                break; // no closing quote on this line
            }
            let is_format = ["format!(", "push_str(&format!(", "write!(", "format_args!("].iter().any(|m| before.trim_end().ends_with(m.trim_end_matches('(')) || before.ends_with(m));
            // Raw strings and byte strings are not texts.
            if !before.ends_with('r') && !before.ends_with('b') && !before.ends_with('#') {
                out.push((i + 1, after[..end].replace("\\\"", "\"").replace("\\\\", "\\"), is_format));
            }
            rest = &after[end + 1..];
        }
    }
    out
}

/// Whether a literal reads as a sentence meant for a person (not a name, a path, an id or a fragment
/// joined to other words): a capital first letter, several words, and an end a sentence or title has.
fn is_sentence(text: &str) -> bool {
    let words = text.split_whitespace().count();
    text.chars().next().is_some_and(char::is_alphabetic) && words >= 4 && !text.contains("::") && !text.contains(".rs")
}

/// Literals built into a longer sentence whose pieces `every_text_of_the_android_and_shared_tables_is_translated`
/// checks in their finished form (the grade's items, reasons and concerns), or that are not a text at all.
const COMPOSED: &[&str] = &[
    "Contains {} ({} code{by})",
    "May send data to {}{}{facts}",
    "Has code from {} {kind} {noun}",
    "Grade {}: {all} (grade {} allows up to {}) and {highest} (up to {}).",
    "Grade {} and not {} because {}.",
    // The plural is written `librar{y|ies}` in the code and `{n|library|libraries}` in the catalog: checked in
    // its finished form by `finished_sentences_of_the_android_code_are_translated`.
    "The app contains {} native librar{} (compiled C/C++ code); AppLens lists them and recognises known SDKs by name, but does not examine their code.",
    // Its parts come from `hidden::share` and `plural`: checked in finished form below.
    "all {declared} of its",
    "it carries {} of no known format that {} encrypted ({first}{others}) and code that can load code",
    // A network security configuration's path, said in the sentence above it (full sentences in the catalog).
    "it is not at {path}",
    "The app names a network security configuration, but {why}: what it says about unencrypted connections and trusted certificates is not examined.",
    // A framework's name (an identifier).
    "Xamarin / .NET for Android",
];

/// `common::skeleton`, with `describe_api`'s "Android 9 (API 28)" (one `{}` in the code) folded into one `{}`.
fn skeleton(text: &str) -> String {
    common::skeleton(text).replace("Android {} (API {})", "{}")
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(path);
        }
    }
}

#[test]
fn literal_sentences_of_the_android_and_risk_code_are_translated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["src/analysis/android", "src/analysis/risk"] {
        rust_files(&root.join(dir), &mut files);
    }
    files.sort();
    let mut checked = 0;
    let mut report = Vec::new();
    for lang in [Language::De, Language::Fr] {
        let catalog = embedded::catalog(lang);
        let skeletons: BTreeSet<String> = catalog.keys().iter().map(|k| skeleton(k)).collect();
        for file in &files {
            let source = std::fs::read_to_string(file).unwrap();
            let name = file.strip_prefix(root).unwrap().display().to_string();
            for (line, text, is_format) in literals(&source) {
                if !is_sentence(&text) || COMPOSED.contains(&text.as_str()) {
                    continue;
                }
                checked += 1;
                let ok = if is_format || text.contains('{') {
                    // Filled later: a row with the same fixed words must exist (as a template or as a part of
                    // a longer one, for a sentence built from pieces).
                    let s = skeleton(&text);
                    skeletons.contains(&s) || skeletons.iter().any(|k| k.contains(s.trim_end_matches('.')))
                } else {
                    catalog.lookup(&text).is_some() || skeletons.iter().any(|k| k.contains(text.trim_end_matches('.')))
                };
                if !ok {
                    report.push(format!("{}: {name}:{line}: {text}", lang.code()));
                }
            }
        }
    }
    eprintln!("{checked} literal sentences checked in src/analysis/android and src/analysis/risk (both languages)");
    assert!(checked > 20, "the literal scan found only {checked} sentences");
    assert!(report.is_empty(), "literal sentences without a translation ({}):\n{}", report.len(), report.join("\n"));
}

/// Sentences of the Android code built from pieces, checked as a report carries them (one of each shape).
#[test]
fn finished_sentences_of_the_android_code_are_translated() {
    let limitation_tail = "AppLens could not read that code: the trackers and capabilities found here may be a small part of what it does, and finding none would not mean there are none.";
    let finished = [
        "Defined by Samsung, not by Android.".to_string(),
        "The app contains 1 native library (compiled C/C++ code); AppLens lists them and recognises known SDKs by name, but does not examine their code.".into(),
        "The app contains 12 native libraries (compiled C/C++ code); AppLens lists them and recognises known SDKs by name, but does not examine their code.".into(),
        "The code names more internet hosts than AppLens lists; 40 were left out.".into(),
        "The manifest could not be read (AndroidManifest.xml: entry is encrypted); the app's identity and permissions are unknown.".into(),
        "The app names a network security configuration, but it is not at res/xml/network_security_config.xml: what it says about unencrypted connections and trusted certificates is not examined.".into(),
        "The app names a network security configuration, but res/xml/nsc.xml is not a network security configuration: what it says about unencrypted connections and trusted certificates is not examined.".into(),
        // Frameworks: read, unread, and the limitation joining them (`code/mod.rs`).
        "AppLens read the 12 Dart packages and engine libraries listed in assets/flutter_assets/NOTICES.Z, and the internet hosts in the text strings of lib/arm64-v8a/libapp.so; tracker SDKs are recognised by their Dart package name.".into(),
        "AppLens read no package list (the package has no NOTICES.Z), and no compiled Dart code (no libapp.so in this package); tracker SDKs are recognised by their Dart package name.".into(),
        "This app is built with Flutter. AppLens read the 12 Dart packages and engine libraries listed in assets/flutter_assets/NOTICES.Z, and the internet hosts in the text strings of lib/arm64-v8a/libapp.so; tracker SDKs are recognised by their Dart package name. Not read: the Dart code itself beyond its strings: what the app's own code and its Dart packages do is not examined.".into(),
        "This app is built with Unity. AppLens read the names of its 40 (and 12 more not listed) managed assemblies; tracker SDKs are recognised by assembly name. Not read: the game's C# code and its plugins' code (compiled to native code by IL2CPP, in libil2cpp.so): only their names were read.".into(),
        "This app is built with Xamarin / .NET for Android. AppLens read the names of its 7 .NET assemblies; tracker SDKs are recognised by assembly name. Not read: the app's C# code and its libraries' code (.NET assemblies): only their names were read.".into(),
        // Carried code AppLens could not read (`carried.rs`), inside the limitation of `code/mod.rs`.
        "The package carries code files that Android does not load by itself and that AppLens could not read: assets/x.jar (holds no DEX code). The app may load them while it runs; trackers and capabilities in them are not reported.".into(),
        "The package carries code files that Android does not load by itself and that AppLens could not read: assets/x.apk (an archive nested deeper than the 3 levels AppLens opens). The app may load them while it runs; trackers and capabilities in them are not reported.".into(),
        "The package carries code files that Android does not load by itself and that AppLens could not read: assets/a.dex (not a DEX file: encrypted, packed or another format), assets/b.jar (holds no DEX code), assets/c.zip (could not be read: invalid ZIP archive). The app may load them while it runs; trackers and capabilities in them are not reported.".into(),
        // Hidden code (`hidden.rs`).
        "All 3 classes the manifest declares (components and the application class) are in none of the DEX files. Android starts each of them by name, so the app must put their code in place while it runs, from somewhere AppLens cannot read.".into(),
        format!("This app unpacks most of its code while it runs: all 3 of its declared components are in none of its DEX files. {limitation_tail}"),
        format!("This app unpacks most of its code while it runs: all 3 of its declared components are in none of its DEX files, and it carries 1 large file of no known format that looks encrypted (assets/a, 180 KiB) and code that can load code. {limitation_tail}"),
        format!("This app unpacks most of its code while it runs: 9 of its 10 declared components are in none of its DEX files, and it carries 3 large files of no known format that look encrypted (assets/a, 180 KiB and 2 more) and code that can load code. {limitation_tail}"),
        "This app probably unpacks code while it runs: it carries 3 large files of no known format that look encrypted (assets/a, 1.2 MiB and 2 more) and code that can load code. AppLens could not read that code: the trackers and capabilities found here may be only part of what it does, and finding none would not mean there are none.".into(),
        // Permission status notes (`permissions.rs`), with `describe_api`'s words.
        format!("Android no longer has this permission: the last version that defined it is {}.", describe_api(22)),
        format!("Requested only up to {}: Android versions that still get updates ({} and later) do not give it to this app.", describe_api(28), describe_api(platform().oldest_updated_api)),
    ];
    // English pieces that must not survive inside a translated sentence (a row that matched too early leaves
    // the rest of a list or a count in English; the package's own error text, "invalid ZIP archive", may stay).
    let english_pieces = ["not a DEX file", "holds no DEX code", "could not be read", " more)", " of its ", "AppLens read"];
    let mut report = Vec::new();
    for lang in [Language::De, Language::Fr] {
        let catalog = embedded::catalog(lang);
        for t in &finished {
            match catalog.lookup(t) {
                None => report.push(format!("{}: {t}", lang.code())),
                Some(done) => {
                    if let Some(piece) = english_pieces.iter().find(|p| done.contains(*p)) {
                        report.push(format!("{}: {piece:?} left in English: {done}", lang.code()));
                    }
                }
            }
        }
    }
    assert!(report.is_empty(), "finished sentences without a (whole) translation ({}):\n{}", report.len(), report.join("\n"));
}
