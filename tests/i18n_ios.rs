//! German and French for every plain-language text the iOS side of the analysis can write, not only the ones
//! the corpus happens to reach (`data/i18n/<lang>/ios.tsv`, beside the rows of `report.tsv`):
//! - per knowledge table (`data/ios_*.tsv`), every text it can put into a report, looked up through the
//!   crate's knowledge API with the keys the table lists, and where the text goes on into the grade (a
//!   permission's meaning, a rule's title, an SDK's "Contains …" line) the grade's own sentences for it;
//! - the limitations and notes `src/analysis/ios/` writes as literals or with `format!`;
//! - every corpus IPA and iOS fixture, translated, with no English text left, and no run of English words left
//!   inside a translation (a template whose placeholder swallowed the rest of an English sentence).
//!
//! A failure lists every missing text per language and table.
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use applens::analysis::i18n::{embedded, translate_report, untranslated, walk, Catalog, Language};
use applens::analysis::ios::sdks::SdkHits;
use applens::analysis::knowledge::ios as know;
use applens::analysis::report::{Evidence, Finding, Permission, PermissionSource, Severity};
use applens::analysis::{risk, Report};

const LANGS: [Language; 2] = [Language::De, Language::Fr];

/// Data rows of a `data/` table as the knowledge loader reads them: lines starting with `#` and blank lines
/// are skipped, the first other line is the header, columns are split at tabs.
fn rows(file: &str) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).skip(1).map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

fn column(file: &str, i: usize) -> Vec<String> {
    rows(file).into_iter().filter_map(|r| r.get(i).cloned()).collect()
}

/// Texts to check, per table (or source file), each once.
#[derive(Default)]
struct Texts(BTreeMap<&'static str, BTreeSet<String>>);

impl Texts {
    fn add(&mut self, table: &'static str, text: impl Into<String>) {
        let text = text.into();
        if !text.trim().is_empty() {
            self.0.entry(table).or_default().insert(text);
        }
    }

    /// The plain-language texts of a report that the base report does not have (what one table row adds,
    /// including the grade's sentences about it).
    fn add_report(&mut self, table: &'static str, report: &Report, base: &BTreeSet<String>) {
        for t in report_texts(report) {
            if !base.contains(&t) {
                self.add(table, t);
            }
        }
    }

    /// Every text with no German or French row, as `lang table: text` lines.
    fn missing(&self) -> (usize, Vec<String>) {
        let mut out = Vec::new();
        let mut total = 0;
        for lang in LANGS {
            let catalog = embedded::catalog(lang);
            for (table, texts) in &self.0 {
                total += texts.len();
                let left: Vec<String> = texts
                    .iter()
                    .filter_map(|t| match catalog.lookup(t) {
                        None => Some(t.clone()),
                        Some(done) => common::english_left(t, &done).map(|e| format!("{t}\n\t=> {done}\n\t(English left: {e:?})")),
                    })
                    .collect();
                if !left.is_empty() {
                    out.push(format!("--- {} {table}: {} of {} missing", lang.code(), left.len(), texts.len()));
                    out.extend(left.into_iter().map(|t| format!("{}\t{t}", lang.code())));
                }
            }
        }
        (total / LANGS.len(), out)
    }
}

fn report_texts(report: &Report) -> Vec<String> {
    walk::texts(&serde_json::to_value(report).unwrap())
}

/// A real IPA's report to put one table row into: a fixture when built, else a corpus package.
fn base_report() -> Option<Report> {
    let path = common::ios_fixture("quiet.ipa").or_else(|| {
        let p = common::corpus("i18n_ios")?.join("ipa/fastlane_iOSAppOnly.ipa");
        p.is_file().then_some(p)
    })?;
    let mut r = common::analyze_path(&path).ok()?;
    r.permissions.clear();
    r.trackers.clear();
    r.recipients.clear();
    r.findings.clear();
    r.risk = Some(risk::assess(&r));
    Some(r)
}

fn with_risk(mut r: Report) -> Report {
    r.risk = Some(risk::assess(&r));
    r
}

/// A usage-description key as src/analysis/ios/info.rs turns it into a permission entry.
fn usage_permission(key: &str) -> Permission {
    let k = know::usage_key(key).unwrap();
    let risk = know::usage_risk(k.category);
    Permission {
        name: key.to_string(),
        defined_by: PermissionSource::Platform,
        element: "Info.plist".into(),
        evidence: vec![evidence()],
        category: risk.map(|(c, _)| c.to_string()),
        weight: risk.map(|(_, w)| w),
        meaning: Some(k.meaning.to_string()),
        reason: Some("To let you take photos.".into()),
        ..Permission::default()
    }
}

fn evidence() -> Evidence {
    Evidence { kind: "plist".into(), location: "Payload/A.app/Info.plist".into(), text: "x".into() }
}

/// Every text the iOS knowledge tables can put into a report.
fn table_texts() -> Texts {
    let mut t = Texts::default();
    let base = base_report();
    let base_texts: BTreeSet<String> = base.as_ref().map(|b| report_texts(b).into_iter().collect()).unwrap_or_default();

    // Usage descriptions: the meaning (permissions.*.meaning), and what the grade says of the permission
    // (its item, the summary, the top concern), built the way src/analysis/ios/info.rs builds the entry.
    for key in column("ios_usage_descriptions.tsv", 0) {
        let k = know::usage_key(&key).unwrap_or_else(|| panic!("{key}: in the table but not found by usage_key"));
        t.add("ios_usage_descriptions.tsv", k.meaning);
        if let Some(base) = &base {
            // Alone (the summary is its meaning), and beside a lighter and a heavier permission of another
            // category, so that it is the first and the second half of the summary "… and …".
            let partners: [&[&str]; 3] =
                [&[], &["NSFaceIDUsageDescription", "NSSiriUsageDescription"], &["NSUserTrackingUsageDescription", "NSHealthShareUsageDescription"]];
            for partner in partners {
                let mut r = base.clone();
                r.permissions.push(usage_permission(&key));
                if let Some(p) = partner.iter().find(|p| {
                    know::usage_key(p).is_some_and(|pk| know::usage_risk(pk.category).map(|x| x.0) != know::usage_risk(k.category).map(|x| x.0))
                }) {
                    r.permissions.push(usage_permission(p));
                }
                t.add_report("ios_usage_descriptions.tsv", &with_risk(r), &base_texts);
            }
        }
    }
    // Usage categories: the page's group headings of the iOS permissions (src/ui/ios_format.rs), "Other"
    // for keys Apple does not document.
    for category in column("ios_usage_categories.tsv", 0) {
        t.add("ios_usage_categories.tsv", category);
    }
    t.add("ios_usage_categories.tsv", "Other");

    for key in column("ios_entitlements.tsv", 0) {
        let (category, meaning) = know::entitlement(&key).unwrap_or_else(|| panic!("{key}: not found by entitlement"));
        t.add("ios_entitlements.tsv", category);
        t.add("ios_entitlements.tsv", meaning);
    }
    for point in column("ios_extension_points.tsv", 0) {
        let (kind, meaning) = know::extension_point(&point).unwrap_or_else(|| panic!("{point}: not found by extension_point"));
        t.add("ios_extension_points.tsv", kind);
        t.add("ios_extension_points.tsv", meaning);
    }
    for row in rows("ios_privacy_reasons.tsv") {
        let (category, code) = (&row[0], &row[1]);
        t.add("ios_privacy_reasons.tsv", know::privacy_reason(category, code).unwrap_or_else(|| panic!("{code}: not found")));
    }
    for key in column("ios_privacy_terms.tsv", 0) {
        t.add("ios_privacy_terms.tsv", know::privacy_term(&key).unwrap_or_else(|| panic!("{key}: not found by privacy_term")));
    }
    for mode in column("ios_background_modes.tsv", 0) {
        t.add("ios_background_modes.tsv", know::background_mode(&mode).unwrap_or_else(|| panic!("{mode}: not found")));
    }

    // Rules: title and explanation with {n} and {s} filled as src/analysis/ios/findings.rs fills them (one,
    // a few, many), and the grade's sentences about the finding.
    for rule in know::rules() {
        for n in [1usize, 3, 15] {
            let fill = |s: &str| s.replace("{n}", &n.to_string()).replace("{s}", if n == 1 { "" } else { "s" });
            let (title, explanation) = (fill(rule.title), fill(rule.explanation));
            t.add("ios_rules.tsv", &title);
            t.add("ios_rules.tsv", &explanation);
            if let Some(base) = &base {
                let mut r = base.clone();
                let severity = match rule.severity {
                    "high" => Severity::High,
                    "medium" => Severity::Medium,
                    "low" => Severity::Low,
                    _ => Severity::Info,
                };
                r.findings.push(Finding {
                    id: rule.id.into(),
                    severity,
                    category: rule.category.into(),
                    title,
                    explanation,
                    evidence: vec![evidence()],
                });
                t.add_report("ios_rules.tsv", &with_risk(r), &base_texts);
            }
        }
    }

    // SDKs: names and companies are kept; what the report writes about them is the grade's line
    // ("Contains … (advertising code by …, based in …)") and its concerns, through the same path as the
    // analysis (SdkHits). Categories are shown as badges beside each SDK (src/ui/ios_view.rs).
    // ios_privacy_manifest_sdks.tsv holds names only: its prose is ios.privacy.sdk_without_manifest's.
    if let Some(base) = &base {
        let mut seen = BTreeSet::new();
        for sig in know::sdk_signatures() {
            if !seen.insert(sig.name) {
                continue;
            }
            for c in &sig.categories {
                t.add("ios_sdks.tsv", *c);
            }
            let mut hits = SdkHits::default();
            hits.add(sig, Evidence { kind: "class".into(), location: "Payload/A.app/A".into(), text: sig.pattern.into() });
            let mut r = base.clone();
            r.trackers = hits.into_trackers();
            t.add_report("ios_sdks.tsv", &with_risk(r), &base_texts);
        }
    }
    t
}

/// The texts `src/analysis/ios/` writes itself: the message of every `limitation(…)` call (a literal, or a
/// `format!` whose placeholders are filled with sample values), and the few other texts listed below, each
/// checked to be still in the source.
fn source_texts() -> Texts {
    let mut t = Texts::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/analysis/ios");
    let mut all_source = String::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        // The tests' own made-up texts are not the analysis's.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        all_source.push_str(code);
        let mut rest = code;
        while let Some(at) = rest.find(".limitation(") {
            rest = &rest[at + ".limitation(".len()..];
            // The first literal is the id, the second the message (possibly inside format!).
            let Some(id_start) = rest.find('"') else { break };
            let after_id = &rest[id_start + 1..];
            let after_id = &after_id[common::closing_quote(after_id) + 1..];
            let Some(msg_start) = after_id.find('"') else { break };
            let msg = &after_id[msg_start + 1..];
            let message = common::unescape(&msg[..common::closing_quote(msg)]);
            for filled in fill_samples(&message) {
                t.add("src/analysis/ios", filled);
            }
            rest = msg;
        }
    }
    // Texts written outside a limitation call: the kind of an extension whose point AppLens does not know
    // (mod.rs), and the notes on each program's strings (code.other_code.*.note).
    for literal in [
        "App extension",
        "encrypted by the App Store: its C strings could not be read",
        "its C strings (__TEXT,__cstring) were read for internet hosts; its instructions were not analysed",
    ] {
        assert!(all_source.contains(&format!("\"{literal}\"")), "src/analysis/ios no longer writes {literal:?}: update this test");
        t.add("src/analysis/ios", literal);
    }
    // The second half of the encrypted-program limitation ({also}).
    for part in [" 1 other program in it is encrypted too.", " {n} other programs in it are encrypted too."] {
        assert!(all_source.contains(part), "src/analysis/ios no longer writes {part:?}: update this test");
    }
    t
}

/// A `format!` string with its placeholders filled: a number for each, an error for `{e}`, and for
/// `{also}` (the encrypted-program limitation) each of its endings.
fn fill_samples(format: &str) -> Vec<String> {
    if !format.contains('{') {
        return vec![format.to_string()];
    }
    let endings = ["", " 1 other program in it is encrypted too.", " 3 other programs in it are encrypted too."];
    let variants: Vec<&str> = if format.contains("{also}") { endings.to_vec() } else { vec![""] };
    variants
        .into_iter()
        .map(|also| {
            let mut out = String::new();
            let mut rest = format;
            while let Some(open) = rest.find('{') {
                out.push_str(&rest[..open]);
                let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
                let name = &rest[open + 1..close];
                out.push_str(match name {
                    "also" => also,
                    "e" => "Payload/A.app/embedded.mobileprovision: malformed: not a CMS signed message",
                    _ => "12",
                });
                rest = rest.get(close + 1..).unwrap_or("");
            }
            out.push_str(rest);
            out
        })
        .collect()
}

#[test]
fn every_text_of_the_ios_tables_and_code_is_translated() {
    let mut all = table_texts();
    for (table, texts) in source_texts().0 {
        for text in texts {
            all.add(table, text);
        }
    }
    let (total, missing) = all.missing();
    eprintln!("{total} distinct iOS texts checked in {} tables and source folders", all.0.len());
    let out_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/i18n");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("untranslated-ios.txt"), missing.join("\n")).unwrap();
    assert!(missing.is_empty(), "iOS texts without a German or French row (also in target/i18n/untranslated-ios.txt):\n{}", missing.join("\n"));
}

/// Every IPA of the corpus and every iOS fixture, translated, keeps no English text.
#[test]
fn ios_reports_leave_no_english() {
    let mut paths = Vec::new();
    if let Some(corpus) = common::corpus("i18n_ios") {
        paths.extend(common::corpus_packages(&corpus).into_iter().filter(|p| p.extension().is_some_and(|e| e == "ipa")));
    }
    for name in ["full.ipa", "quiet.ipa", "trackers.ipa", "encrypted.ipa", "nested-folder.ipa", "no-info-plist.ipa"] {
        paths.extend(common::ios_fixture(name));
    }
    let mut left: Vec<String> = Vec::new();
    let mut read = 0;
    for path in &paths {
        let Ok(report) = common::analyze_path(path) else { continue };
        read += 1;
        let name = path.file_name().unwrap().to_string_lossy();
        for lang in LANGS {
            let catalog: Catalog = embedded::catalog(lang);
            for text in untranslated(&report, &catalog) {
                left.push(format!("{}\t{name}\t{text}", lang.code()));
            }
            let translated = translate_report(&report, &catalog);
            for (en, done) in report_texts(&report).iter().zip(report_texts(&translated)) {
                if let Some(e) = common::english_left(en, &done) {
                    left.push(format!("{}\t{name}\t{done}\n\t(English left: {e:?})", lang.code()));
                }
            }
        }
    }
    eprintln!("{read} of {} iOS packages analysed and translated", paths.len());
    assert!(left.is_empty(), "English left in German or French iOS reports ({}):\n{}", left.len(), left.join("\n"));
}
