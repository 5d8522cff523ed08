//! Reports in German and French (`src/analysis/i18n/`, `data/i18n/`):
//! - every corpus package's report, translated, keeps every id, name, number and piece of evidence, and
//!   changes only the texts `walk.rs` lists;
//! - no English text is left in a German or French report (the untranslated ones are listed, per language,
//!   in `target/i18n/untranslated-<lang>.txt`, and counted against a ceiling that may only go down);
//! - every English key of `de` exists in `fr` and the other way round (the page's UI strings included), and
//!   every UI string the page's code asks for (`tr("…")`, `trf("…")`) is in both;
//! - the page's packed catalogs (`pack.rs`): keys hash apart, the parts a report of each platform fetches
//!   translate it exactly as the command line does, the page's words are in the common part, and what a
//!   reader downloads for a language stays within its budget (40 KB gzipped), today and projected.
mod common;

use std::collections::BTreeSet;
use std::path::Path;

use applens::analysis::i18n::pack::{self, Part};
use applens::analysis::i18n::{embedded, texts, translate_report, untranslated, walk, Catalog, Language};
use applens::analysis::Report;

/// Distinct English texts of the corpus reports that have no translation yet, per language. Lower these as
/// translations land; never raise them (a new English text needs its German and French in the same change).
const MAX_UNTRANSLATED: usize = 5;

/// The report as JSON with its texts blanked: what must not change when it is translated.
fn skeleton(report: &Report) -> serde_json::Value {
    let mut value = serde_json::to_value(report).unwrap();
    walk::texts_mut(&mut value, &mut |s| s.clear());
    value["language"] = serde_json::Value::Null;
    value
}

#[test]
fn catalogs_read_cleanly() {
    for lang in [Language::De, Language::Fr] {
        for (file, text) in embedded::files(lang) {
            let c = Catalog::parse(lang, text);
            assert!(c.problems().is_empty(), "data/i18n/{}/{file}: {:?}", lang.code(), c.problems());
        }
    }
}

#[test]
fn german_and_french_have_the_same_keys() {
    let de = embedded::catalog(Language::De);
    let fr = embedded::catalog(Language::Fr);
    let missing_fr: Vec<&String> = de.keys().iter().filter(|k| !fr.has_key(k)).collect();
    let missing_de: Vec<&String> = fr.keys().iter().filter(|k| !de.has_key(k)).collect();
    assert!(missing_fr.is_empty() && missing_de.is_empty(), "missing in fr: {missing_fr:#?}\nmissing in de: {missing_de:#?}");
}

/// The UI strings the page's code asks for: the first argument of every `tr("…")` and `trf("…"` in `src/ui/`.
fn ui_strings() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.file_name() == "i18n.rs" {
            continue; // its tests use made-up strings
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for marker in ["tr(\"", "trf(\""] {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(marker) {
                let word_start = rest[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                let after = &rest[at + marker.len()..];
                if !word_start {
                    rest = after;
                    continue;
                }
                let end = common::closing_quote(after);
                out.insert(common::unescape(&after[..end]));
                rest = &after[end..];
            }
        }
    }
    out
}

#[test]
fn every_ui_string_is_translated() {
    let strings = ui_strings();
    let mut missing = Vec::new();
    for lang in [Language::De, Language::Fr] {
        let c = embedded::catalog(lang);
        missing.extend(strings.iter().filter(|s| !c.has_key(s)).map(|s| format!("{}: {s}", lang.code())));
    }
    eprintln!("{} UI strings in src/ui/ asked for by tr()/trf()", strings.len());
    assert!(missing.is_empty(), "UI strings without a translation ({}):\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn translated_reports_differ_only_in_texts_and_leave_no_english() {
    let reports = common::sample_and_corpus_reports("i18n");
    if reports.is_empty() {
        return;
    }
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/i18n");
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut english: BTreeSet<String> = BTreeSet::new();
    for r in &reports {
        english.extend(texts(r));
    }
    std::fs::write(out_dir.join("english.txt"), english.iter().cloned().collect::<Vec<_>>().join("\n")).unwrap();
    for lang in [Language::De, Language::Fr] {
        let catalog = embedded::catalog(lang);
        let mut left: BTreeSet<String> = BTreeSet::new();
        for r in &reports {
            let t = translate_report(r, &catalog);
            assert_eq!(t.language, lang.code());
            assert_eq!(skeleton(&t), skeleton(r), "{}: translation changed more than texts", r.file.name);
            left.extend(untranslated(r, &catalog));
        }
        let list = left.iter().cloned().collect::<Vec<_>>().join("\n");
        std::fs::write(out_dir.join(format!("untranslated-{}.txt", lang.code())), &list).unwrap();
        eprintln!(
            "{}: {} of {} distinct English texts of {} reports translated; {} left (target/i18n/untranslated-{}.txt)",
            lang.code(),
            english.len() - left.len(),
            english.len(),
            reports.len(),
            left.len(),
            lang.code()
        );
        assert!(left.len() <= MAX_UNTRANSLATED, "{}: {} English texts left untranslated (ceiling {MAX_UNTRANSLATED})", lang.code(), left.len());
    }
}

#[test]
fn english_stays_byte_identical() {
    // The translation step is the only thing that changes texts: English reports are what the analysis wrote.
    for r in common::sample_and_corpus_reports("i18n") {
        let en = translate_report(&r, &Catalog::empty(Language::En));
        assert_eq!(serde_json::to_string(&en).unwrap(), serde_json::to_string(&r).unwrap());
    }
}

#[test]
fn the_cli_writes_german_and_french_reports_that_differ_from_english_only_in_texts() {
    let Some(sample) = common::sample_apk() else { return };
    let path = sample.to_string_lossy().into_owned();
    let run = |lang: &str| {
        let out = applens::cli::run(&["check".into(), "--lang".into(), lang.into(), "--json".into(), path.clone()]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // The report's own type is the schema (docs/report-schema.md documents it field by field).
        let report: Report = serde_json::from_str(&out.stdout).unwrap();
        let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        (report, value)
    };
    let (en, en_json) = run("en");
    assert_eq!(en.language, "en");
    for lang in ["de", "fr"] {
        let (t, t_json) = run(lang);
        assert_eq!(t.language, lang);
        // The two runs read the clock apart: a second may pass between them.
        let clockless = |r: &Report| {
            let mut v = skeleton(r);
            if let Some(signing) = v.get_mut("signing").and_then(|s| s.as_object_mut()) {
                signing.remove("checked_at");
            }
            v
        };
        assert_eq!(clockless(&t), clockless(&en), "{lang}: more than texts differ");
        assert_eq!(keys(&t_json), keys(&en_json), "{lang}: the JSON's shape differs");
        let risk = t.risk.as_ref().unwrap();
        assert_ne!(risk.verdict, en.risk.as_ref().unwrap().verdict, "{lang}: the verdict is still English");
    }
    let bad = applens::cli::run(&["check".into(), "--lang".into(), "it".into(), path]);
    assert_eq!(bad.code, 2, "an unknown language is a usage error");
}

/// Every key path of a JSON value, for comparing the shapes of two reports.
fn keys(v: &serde_json::Value) -> BTreeSet<String> {
    fn walk(v: &serde_json::Value, at: String, out: &mut BTreeSet<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, x) in map {
                    let path = format!("{at}.{k}");
                    out.insert(path.clone());
                    walk(x, path, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|x| walk(x, format!("{at}[]"), out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(v, String::new(), &mut out);
    out
}

/// No two different English texts (every key of every catalog, in both first-letter cases, and every string
/// the page's code asks for) share a packed key: the page finds fixed texts by that key alone.
#[test]
fn packed_keys_hash_apart() {
    let mut texts: BTreeSet<String> = ui_strings();
    for lang in [Language::De, Language::Fr] {
        for key in embedded::catalog(lang).keys() {
            texts.extend(pack::flip_case(key));
            texts.insert(key.clone());
        }
    }
    let mut seen: std::collections::HashMap<u64, &String> = std::collections::HashMap::new();
    let clashes: Vec<String> = texts
        .iter()
        .filter_map(|t| seen.insert(pack::key_hash(t), t).map(|other| format!("{other:?} and {t:?}")))
        .collect();
    eprintln!("{} English texts, {} packed keys", texts.len(), seen.len());
    assert!(clashes.is_empty(), "English texts with the same packed key (change pack::key_hash's width or mixing): {clashes:#?}");
}

#[test]
fn the_page_words_are_in_the_common_part() {
    let strings = ui_strings();
    for lang in [Language::De, Language::Fr] {
        let common = embedded::page_catalog(lang, &[Part::Common]);
        assert!(common.problems().is_empty(), "{:?}", common.problems());
        let missing: Vec<&String> = strings.iter().filter(|s| !common.has_key(s)).collect();
        assert!(missing.is_empty(), "{}: UI strings not in the common part: {missing:#?}", lang.code());
        let whole = embedded::catalog(lang);
        for s in &strings {
            assert_eq!(common.format(s, &[]), whole.format(s, &[]), "{}: {s}", lang.code());
        }
    }
}

/// The page translates a report with the common part and its platform's part only: the result must be
/// the command line's, byte for byte, on every corpus report (this also checks that no text the report of
/// one platform needs went to the other platform's part).
#[test]
fn the_parts_a_report_fetches_translate_it_as_the_cli_does() {
    let reports = common::sample_and_corpus_reports("i18n");
    for lang in [Language::De, Language::Fr] {
        let whole = embedded::catalog(lang);
        for r in &reports {
            let mut parts = vec![Part::Common];
            parts.extend(Part::for_report(r));
            let page = embedded::page_catalog(lang, &parts);
            let (a, b) = (translate_report(r, &page), translate_report(r, &whole));
            if a != b {
                let (ta, tb) = (texts(&a), texts(&b));
                let diff: Vec<(String, String)> = ta.into_iter().zip(tb).filter(|(x, y)| x != y).take(5).collect();
                panic!("{} {}: the page's parts translate differently: {diff:#?}", lang.code(), r.file.name);
            }
        }
    }
}

fn gzipped(text: &str) -> usize {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(text.as_bytes()).unwrap();
    gz.finish().unwrap().len()
}

/// Budget of what a reader downloads for one language: the common part and the larger platform part.
/// Android's own words for permissions our catalogue does not describe (`Part::AndroidPlatform`) come on
/// top, only for the reports that show one (7 of the corpus's 40 Android reports), and a policy's verdicts
/// and reasons (`Part::Policy`) only while a policy is in effect: measured and printed, not held to this budget.
const LANGUAGE_BUDGET: usize = 40_000;

/// Gzipped sizes of the parts, and the download of a reader of one platform (common + the larger part).
fn measure(parts: &[String; 6]) -> ([usize; 6], usize) {
    let sizes = parts.each_ref().map(|p| gzipped(p));
    (sizes, sizes[0] + sizes[1].max(sizes[2]))
}

#[test]
fn each_language_fits_its_budget() {
    for lang in [Language::De, Language::Fr] {
        let parts = embedded::parts(lang).map(|(_, text)| text);
        let (sizes, download) = measure(&parts);
        let whole: String = embedded::files(lang).iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n");
        eprintln!(
            "{}: common {} + android {} + ios {} bytes gzipped; a reader downloads at most {download} (budget {LANGUAGE_BUDGET}); \
             Android's own words for uncatalogued permissions, only with a report that shows one: {}; \
             a policy's verdicts and reasons, only while one is in effect: {}; \
             the parsers' messages, only with a report that has warnings or a failed analysis: {}; the source files concatenated: {}",
            lang.code(),
            sizes[0],
            sizes[1],
            sizes[2],
            sizes[3],
            sizes[4],
            sizes[5],
            gzipped(&whole)
        );
        assert!(download <= LANGUAGE_BUDGET, "{}: {download} bytes gzipped for one platform's reader", lang.code());
    }
}

/// The knowledge tables' prose columns: what a complete translation covers (`data/<table>`, columns).
const PROSE: &[(&str, &[&str])] = &[
    ("android_manifest_rules.tsv", &["title", "explanation"]),
    ("android_permission_catalogue.tsv", &["meaning", "why"]),
    ("android_signing_findings.tsv", &["title", "explanation"]),
    ("ios_background_modes.tsv", &["meaning"]),
    ("ios_entitlements.tsv", &["category", "meaning"]),
    ("ios_extension_points.tsv", &["kind", "meaning"]),
    ("ios_privacy_reasons.tsv", &["meaning"]),
    ("ios_privacy_terms.tsv", &["label"]),
    ("ios_rules.tsv", &["category", "title", "explanation"]),
    ("ios_usage_descriptions.tsv", &["category", "meaning"]),
    ("capabilities.tsv", &["title", "meaning"]),
    ("risk_categories.tsv", &["name", "description"]),
    ("policy_special_access.tsv", &["what"]),
];

/// The budget with every knowledge table translated: each prose cell that has no row yet is added as if
/// translated (its English standing in for a translation of about its length), into the file the coming
/// translations will use (`android_tables.tsv`, `ios.tsv`, common otherwise). Prints the projection and
/// fails if it passes the budget, so the format is known to hold before the translations land.
#[test]
fn each_language_fits_its_budget_with_every_table_translated() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for lang in [Language::De, Language::Fr] {
        let catalog = embedded::catalog(lang);
        let mut added: [String; 3] = Default::default();
        let mut seen = BTreeSet::new();
        for (table, columns) in PROSE {
            let text = std::fs::read_to_string(root.join("data").join(table)).unwrap();
            let mut lines = text.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
            let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
            let wanted: Vec<usize> = columns.iter().map(|c| header.iter().position(|h| h == c).unwrap()).collect();
            for line in lines {
                let cells: Vec<&str> = line.split('\t').collect();
                for cell in wanted.iter().filter_map(|&i| cells.get(i)).filter(|c| !c.is_empty()) {
                    if catalog.lookup(cell).is_none() && seen.insert(cell.to_string()) {
                        let slot = Part::ALL.iter().position(|p| *p == Part::of_table(table)).unwrap();
                        added[slot].push_str(&format!("{cell}\t{cell}\n"));
                    }
                }
            }
        }
        let mut files: Vec<(&str, &str)> = embedded::files(lang).to_vec();
        files.extend([("projected.tsv", added[0].as_str()), ("android_tables.tsv", added[1].as_str()), ("ios.tsv", added[2].as_str())]);
        let (sizes, download) = measure(&embedded::pack_for_page(lang, &files));
        eprintln!(
            "{} projected, every table translated ({} + {} + {} texts added): common {} + android {} + ios {} bytes gzipped; \
             a reader downloads at most {download} (budget {LANGUAGE_BUDGET})",
            lang.code(),
            added[0].lines().count(),
            added[1].lines().count(),
            added[2].lines().count(),
            sizes[0],
            sizes[1],
            sizes[2]
        );
        assert!(download <= LANGUAGE_BUDGET, "{}: projected {download} bytes gzipped for one platform's reader", lang.code());
    }
}

/// Rules of every kind, for a blocking and a warning section: the sample (and the corpus apps, when present)
/// match most of them, so most reason templates are exercised in both their "blocked" and "discouraged" forms.
const EVERY_RULE: &str = r#"{"permissions": ["android.permission.*"], "special_access": ["accessibility_service", "overlay", "vpn", "notification_listener", "device_admin"],
    "tracker_categories": ["Advertisement", "Analytics", "Crash reporting", "Location", "Profiling", "Identification"], "max_trackers": 0,
    "recipient_countries": ["US", "CN", "IN", "RU"], "recipients_without_adequacy": true, "hidden_code": true,
    "finding_severity": "low", "min_target_sdk": 99, "max_grade": "A"}"#;

/// The policy's verdict, its summary and every reason are in the report's language: nothing is left in
/// English, for a policy that blocks and one that only warns, in German and in French.
#[test]
fn policy_verdicts_and_reasons_are_translated() {
    let Some(sample) = common::sample_apk() else { return };
    let mut reports = vec![common::analyze_path(&sample).unwrap()];
    if let Some(corpus) = common::corpus("i18n policy") {
        for name in ["apk/blooddonation.apk", "apk/tiger_snes_2.4.4_adsdks.apk"] {
            reports.extend(common::analyze_path(&corpus.join(name)).ok());
        }
    }
    let id = reports[0].app.id.clone().unwrap();
    let policies = [
        format!(r#"{{"applens_policy": 1, "name": "Blocks", "block": {EVERY_RULE}}}"#),
        format!(r#"{{"applens_policy": 1, "name": "Warns", "warn": {EVERY_RULE}}}"#),
        format!(r#"{{"applens_policy": 1, "name": "Trusts", "block": {{"apps": ["{id}"]}}, "allow": {{"apps": ["{id}"]}}}}"#),
        r#"{"applens_policy": 1, "name": "Nothing", "block": {"apps": ["com.example.none"]}}"#.to_string(),
    ];
    let mut checked = 0;
    let mut left = Vec::new();
    for text in &policies {
        let policy = applens::analysis::policy::parse_policy(text).unwrap();
        for report in &reports {
            let mut r = report.clone();
            applens::analysis::policy::apply(&policy, &mut r);
            let english = r.policy.clone().unwrap();
            let texts: Vec<&String> =
                std::iter::once(&english.summary).chain(english.reasons.iter().chain(&english.allowed_by).map(|x| &x.message)).collect();
            for lang in [Language::De, Language::Fr] {
                let catalog = embedded::catalog(lang);
                let t = translate_report(&r, &catalog);
                // The page, with a policy in effect, fetches the common part, the report's and the policy's.
                let mut parts = vec![Part::Common, Part::Policy];
                parts.extend(Part::for_report(&r));
                assert_eq!(translate_report(&r, &embedded::page_catalog(lang, &parts)), t, "{}: the page's parts translate the policy differently", lang.code());
                let translated = t.policy.unwrap();
                assert_eq!(translated.verdict, english.verdict);
                for e in &texts {
                    checked += 1;
                    match catalog.lookup(e) {
                        // A text inside the reason ({x|t}) that stays English would leave English words behind.
                        Some(done) if !done.contains(" is blocked") && !done.contains(" are discouraged") && !done.contains(" the ") => {}
                        other => left.push(format!("{}: {e}\n    -> {other:?}", lang.code())),
                    }
                }
                assert!(["Gesperrt durch", "Erlaubt", "Bloquée par", "Autorisée"].iter().any(|w| translated.summary.starts_with(w)), "{}", translated.summary);
            }
        }
    }
    eprintln!("{checked} policy texts checked ({} left in English)", left.len());
    assert!(left.is_empty(), "policy texts left in English:\n{}", left.join("\n"));
}

/// The command line's and the SARIF log's own words: the first argument of every `t(c, "…"`, `t("…"` and
/// `.format("…"` (a catalog's `format`) in the files that write them.
fn cli_strings() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for file in ["src/cli/human.rs", "src/cli/mod.rs", "src/analysis/export/sarif.rs"] {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(file)).unwrap();
        for marker in ["t(c, ", "t(", ".format("] {
            let mut rest = text.as_str();
            while let Some(at) = rest.find(marker) {
                let word_start = marker.starts_with('.') || rest[..at].chars().next_back().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
                let after = rest[at + marker.len()..].trim_start();
                rest = &rest[at + marker.len()..];
                if !word_start || !after.starts_with('"') {
                    continue;
                }
                let literal = &after[1..];
                out.insert(common::unescape(&literal[..common::closing_quote(literal)]));
            }
        }
    }
    out
}

#[test]
fn every_cli_string_is_translated() {
    let strings = cli_strings();
    assert!(strings.len() > 30, "the scan found only {} strings", strings.len());
    let mut missing = Vec::new();
    for lang in [Language::De, Language::Fr] {
        let c = embedded::catalog(lang);
        missing.extend(strings.iter().filter(|s| !c.has_key(s)).map(|s| format!("{}: {s}", lang.code())));
    }
    eprintln!("{} strings of the command line and the SARIF log", strings.len());
    assert!(missing.is_empty(), "command-line strings without a translation ({}):\n{}", missing.len(), missing.join("\n"));
}

/// Countries named alone (the page's and the command line's list of who may get the data, a tracker's line, the
/// summary image) have their own rows (`countries.tsv`, `Catalog::country`), apart from the sentence forms with
/// their preposition: every name of `data/countries.tsv` has one in German and French, in the page's common part,
/// and no corpus report's list of recipients keeps an English name ("USA (Google)", "États-Unis (Google)").
#[test]
fn country_names_in_lists_are_translated() {
    let names: Vec<&str> =
        include_str!("../data/countries.tsv").lines().filter(|l| !l.starts_with('#')).skip(1).filter_map(|l| l.split('\t').nth(1)).collect();
    assert!(names.len() > 30, "{names:?}");
    let reports = common::sample_and_corpus_reports("i18n country names");
    let mut lists = 0;
    for lang in [Language::De, Language::Fr] {
        let whole = embedded::catalog(lang);
        let common = embedded::page_catalog(lang, &[Part::Common]);
        for name in names.iter().copied().chain(["an unknown country"]) {
            assert!(whole.has_key(&format!("country: {name}")), "{}: no name standing alone for {name}", lang.code());
            assert_eq!(common.country(name), whole.country(name), "{}: {name} is not in the common part", lang.code());
            // The sentence form ("in den USA") is another row: a bare name never takes a preposition.
            let bare = whole.country(name);
            assert!(!bare.starts_with("in ") && !bare.starts_with("en ") && !bare.starts_with("aux "), "{}: {name} -> {bare}", lang.code());
        }
        let english: Vec<&str> = names.iter().copied().filter(|n| whole.country(n) != *n).collect();
        for r in &reports {
            let Some(list) = applens::analysis::present::recipients_sentence_named(&r.recipients, &|n| whole.country(n)) else { continue };
            let sentence = whole.text(&list);
            lists += 1;
            assert!(!sentence.starts_with("Data may go"), "{}: {sentence}", lang.code());
            let left: Vec<&&str> = english.iter().filter(|n| sentence.contains(&format!("{n} ("))).collect();
            assert!(left.is_empty() && !sentence.contains("unknown country"), "{} {}: English left {left:?}: {sentence}", lang.code(), r.file.name);
            // Each country's own sentence names its companies joined in the language (the page's list).
            let and = whole.lookup("list: and").unwrap();
            for g in applens::analysis::present::by_country(&r.recipients).iter().filter(|g| g.companies.len() > 1) {
                let said = whole.text(&g.sentence_joined(&and));
                assert!(!said.contains(" and ") && !said.starts_with("Data may go"), "{}: {said}", lang.code());
            }
        }
    }
    eprintln!("{lists} lists of recipients checked in German and French");
    assert_eq!(embedded::catalog(Language::En).country("United States"), "United States");
}
