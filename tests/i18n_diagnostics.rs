//! German and French for the parsers' own messages (issue 16): what a malformed, unsupported or too-large
//! part makes the core say, as a report's `warnings[].message`, a failed analysis's error (the page's error
//! state, the widget's `applens-error`, the command line's stderr, JSON, CSV and SARIF), and inside a
//! limitation or a message that quotes another one. Rows: `data/i18n/<lang>/diagnostics.tsv`.
//!
//! Two checks:
//! - `every_message_of_the_parsers_has_a_row`: reads the code (`src/analysis/**`, test code left out) for every
//!   message given to the core's error type (`Error::malformed/unsupported/limit/io(part, message)`) and to
//!   the parsers' helpers that make one (`malformed(…)` in the DER, profile and Mach-O readers, `short` in
//!   `bytes.rs`), as a literal or a `format!` string, and fails listing each without a German or French row
//!   with the same fixed words (a `{…}` stands for any value, as in `tests/i18n_tables.rs`).
//! - `hostile_and_corpus_messages_are_translated`: analyses the fixtures, the corpus and cut and damaged
//!   copies of them (as `tests/robustness.rs` does, fewer and seeded), and fails listing every warning or
//!   error message that stays English in German or French, or keeps five English words in a row.
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use applens::analysis::i18n::{embedded, Catalog, Language};

/// Calls that make a message: the call's text, and which argument holds the message (`None`: the first
/// argument that is a literal or a `format!`).
const SINKS: &[(&str, Option<usize>)] = &[
    ("Error::malformed(", Some(1)),
    ("Error::unsupported(", Some(1)),
    ("Error::limit(", Some(1)),
    ("Error::io(", Some(1)),
    // signing/der.rs's and ios/provision.rs's closures and helpers, ios/macho.rs's `self.malformed`.
    ("malformed(", None),
];

/// Messages the scan finds that are not a reader's text, with why.
const NOT_MESSAGES: &[&str] = &[];

/// One message found in the code.
#[derive(Debug)]
struct Found {
    file: String,
    line: usize,
    /// The message as written, `{…}` where a value goes (a `format!` string, or a literal).
    text: String,
}

/// The source without test code (`#[cfg(test)]` onwards: test modules come last in this code base).
fn code_of(source: &str) -> &str {
    source.split("#[cfg(test)]").next().unwrap_or(source)
}

/// Where the argument list that opens at `text[0]` (just after `(`) splits: the arguments' texts, up to
/// the closing `)`. Strings, chars and nested brackets are skipped over.
fn arguments(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    let mut out = Vec::new();
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // A raw string r"…" / r#"…"# is not used in messages; a plain one ends at its closing quote.
                i += 1 + common::closing_quote(&text[i + 1..]);
            }
            b'\'' => {
                // A char literal ('x', '\n') or a lifetime ('a): skip a literal only.
                if let Some(end) = text[i + 1..].find('\'').filter(|&e| e <= 4) {
                    i += end + 1;
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' | b']' | b'}' => {
                out.push(text[start..i].trim());
                return out;
            }
            b',' if depth == 0 => {
                out.push(text[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The message an argument holds: a literal's text, or a `format!`'s string; `None` for anything else (a
/// variable, another error's text: counted where it is made).
fn message_of(argument: &str, consts: &BTreeMap<String, String>) -> Option<String> {
    let argument = argument.trim_start_matches('&');
    let literal = if let Some(rest) = argument.strip_prefix('"') {
        &rest[..common::closing_quote(rest)]
    } else if let Some(rest) = argument.strip_prefix("format!(") {
        let rest = rest.trim_start().strip_prefix('"')?;
        &rest[..common::closing_quote(rest)]
    } else {
        return None;
    };
    let mut text = common::unescape(literal).replace("{{", "\u{1}").replace("}}", "\u{2}");
    // A constant named inside the format string (`{CUT_SHORT}`) is part of the message's words.
    for (name, value) in consts {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    Some(text.replace('\u{1}', "{").replace('\u{2}', "}"))
}

/// `const NAME: &str = "…";` of a file: texts a message may name.
fn string_consts(code: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = code;
    while let Some(at) = rest.find("const ") {
        rest = &rest[at + 6..];
        let Some((name, after)) = rest.split_once(": &str = \"") else { continue };
        if name.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
            out.insert(name.to_string(), common::unescape(&after[..common::closing_quote(after)]));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            // The translation code itself writes no parser message.
            if path.file_name().is_some_and(|n| n != "i18n") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
            out.push(path);
        }
    }
}

/// Every message literal given to a sink in `src/analysis/**`.
fn messages_in_the_code() -> Vec<Found> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/analysis"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let code = code_of(&source);
        let consts = string_consts(code);
        let name = file.strip_prefix(root).unwrap().display().to_string();
        for (sink, index) in SINKS {
            for (at, _) in code.match_indices(sink) {
                // `Error::malformed(` also contains `malformed(`: that sink counts it once.
                let before = &code[..at];
                if *sink == "malformed(" && (before.ends_with("Error::") || before.ends_with("fn ") || before.ends_with('_')) {
                    continue;
                }
                let line = before.matches('\n').count() + 1;
                let args = arguments(&code[at + sink.len()..]);
                let message = match index {
                    Some(i) => args.get(*i).and_then(|a| message_of(a, &consts)),
                    None => args.iter().find_map(|a| message_of(a, &consts)),
                };
                if let Some(text) = message {
                    found.push(Found { file: name.clone(), line, text });
                }
            }
        }
    }
    found.retain(|f| !NOT_MESSAGES.contains(&f.text.as_str()));
    found
}

#[test]
fn every_message_of_the_parsers_has_a_row() {
    let found = messages_in_the_code();
    let distinct: BTreeSet<&str> = found.iter().map(|f| f.text.as_str()).collect();
    eprintln!("{} message literals in src/analysis ({} distinct)", found.len(), distinct.len());
    // Small enough to notice when the scan stops seeing the code (a rename of the error type's constructors).
    assert!(found.len() > 150, "the scan found only {} messages", found.len());
    let mut missing = Vec::new();
    for lang in [Language::De, Language::Fr] {
        let catalog = embedded::catalog(lang);
        let skeletons: BTreeSet<String> = catalog.keys().iter().map(|k| common::skeleton(k)).collect();
        let mut seen = BTreeSet::new();
        for f in &found {
            let ok = if f.text.contains('{') { skeletons.contains(&common::skeleton(&f.text)) } else { catalog.lookup(&f.text).is_some() };
            if !ok && seen.insert(&f.text) {
                missing.push(format!("{}: {}:{}: {}", lang.code(), f.file, f.line, f.text));
            }
        }
    }
    assert!(missing.is_empty(), "parser messages without a row in data/i18n/<lang>/diagnostics.tsv ({}):\n{}", missing.len(), missing.join("\n"));
}

/// The scan sees a message it was not told about, and the check sees a missing row.
#[test]
fn the_scan_sees_messages_and_missing_rows() {
    let code = "fn f() { Error::malformed(PART, format!(\"chunk {size} runs past {}\", x)).at(3); e(malformed(pos, \"a, b\")); }";
    let args = arguments(&code[code.find("Error::malformed(").unwrap() + 17..]);
    assert_eq!(args.len(), 2, "{args:?}");
    assert_eq!(message_of(args[1], &BTreeMap::new()).as_deref(), Some("chunk {size} runs past {}"));
    let consts = string_consts("const CUT: &str = \"cut short\";");
    assert_eq!(message_of("format!(\"not readable: {CUT}\")", &consts).as_deref(), Some("not readable: cut short"));
    let empty = Catalog::parse(Language::De, "en\tde\n");
    assert!(empty.lookup("the document has no elements").is_none());
    assert_eq!(common::skeleton("chunk {size} at 0x{off:x}"), common::skeleton("chunk {n} at 0x{o}"));
}

/// The packages to read: the sample, the built fixtures (hostile strings, code, manifest rules, iOS, Hermes),
/// the Hermes fixtures each as an APK's bundle, and the corpus.
fn packages() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| ["apk", "ipa", "aab", "xapk", "apks", "apkm"].contains(&e.to_string_lossy().as_ref())) {
                out.push(path);
            }
        }
    }
    for dir in ["target/sample", "target/fixtures", "target/ios-fixtures", "target/hermes-fixtures"] {
        walk(&root.join(dir), &mut paths);
    }
    if let Some(corpus) = common::corpus("i18n_diagnostics") {
        paths.extend(common::corpus_packages(&corpus));
    }
    paths.sort();
    let mut out: Vec<(String, Vec<u8>)> = paths.iter().map(|p| (p.display().to_string(), std::fs::read(p).unwrap())).collect();
    if let Ok(entries) = std::fs::read_dir(root.join("tests/fixtures/hermes")) {
        let mut hermes: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        hermes.sort();
        for path in hermes {
            let mut zip = common::zipgen::ZipBuilder::new();
            zip.add_stored("AndroidManifest.xml", &common::axml::simple_manifest("org.applens.hermes", &[]));
            zip.add_stored("assets/index.android.bundle", &std::fs::read(&path).unwrap());
            out.push((format!("{} as an APK's bundle", path.display()), zip.finish()));
        }
    }
    out
}

/// A package, cut short and damaged in a few seeded places (fewer than `tests/robustness.rs` tries: the
/// point is the messages they bring out, not the parsers' safety).
fn damaged_copies(bytes: &[u8], seed: u64) -> Vec<Vec<u8>> {
    let len = bytes.len();
    let mut out = Vec::new();
    for cut in [len / 2, len.saturating_sub(22), len.saturating_sub(1), len * 9 / 10] {
        out.push(bytes[..cut].to_vec());
    }
    let mut rng = common::Rng(seed | 1);
    for _ in 0..40 {
        let mut copy = bytes.to_vec();
        // A run of changed bytes at one place: a header, a size, a table.
        let at = rng.below(len);
        let end = (at + 1 + rng.below(8)).min(len);
        for byte in copy.iter_mut().take(end).skip(at) {
            *byte = rng.next() as u8;
        }
        out.push(copy);
    }
    out
}

#[test]
fn hostile_and_corpus_messages_are_translated() {
    const MAX_BYTES: usize = 8 << 20;
    let packages = packages();
    assert!(!packages.is_empty(), "no package to read: run script/build-sample and the fixture scripts");
    // Every English message once, with where it came from.
    let mut messages: BTreeMap<String, String> = BTreeMap::new();
    for (index, (name, bytes)) in packages.iter().enumerate() {
        let mut inputs = vec![bytes.clone()];
        if bytes.len() <= MAX_BYTES {
            inputs.extend(damaged_copies(bytes, index as u64 * 7919 + bytes.len() as u64));
        }
        for input in &inputs {
            match common::analyze_bytes(input, "package") {
                Ok(report) => {
                    for w in &report.warnings {
                        messages.entry(w.message.clone()).or_insert_with(|| format!("{name}: warning of {}", w.part));
                    }
                }
                Err(e) => {
                    // As the page, the widget and the command line's stderr show it, and as its JSON says it.
                    messages.entry(e.to_string()).or_insert_with(|| format!("{name}: error"));
                    messages.entry(e.message.clone()).or_insert_with(|| format!("{name}: error's message"));
                }
            }
        }
    }
    eprintln!("{} packages and their damaged copies: {} distinct warning and error messages", packages.len(), messages.len());
    assert!(messages.len() > 40, "only {} messages came out: are the fixtures built?", messages.len());
    let mut report = Vec::new();
    for lang in [Language::De, Language::Fr] {
        let catalog = embedded::catalog(lang);
        for (english, from) in &messages {
            match catalog.lookup(english) {
                None => report.push(format!("{}: untranslated: {english:?} ({from})", lang.code())),
                Some(done) if done == *english => report.push(format!("{}: the same as English: {english:?} ({from})", lang.code())),
                Some(done) => {
                    if let Some(run) = common::english_left(english, &done) {
                        report.push(format!("{}: {run:?} left in English: {done:?} ({from})", lang.code()));
                    }
                }
            }
        }
    }
    assert!(report.is_empty(), "messages left in English ({}):\n{}", report.len(), report.join("\n"));
}

/// The command line with `--lang`: a file it cannot analyse is reported in the language on stderr and in the
/// JSON error object (whose `part` stays a name); English stays as it was.
#[test]
fn the_command_line_says_a_parser_error_in_the_language() {
    let Some(sample) = common::sample_apk() else { return };
    let bytes = std::fs::read(&sample).unwrap();
    let dir = std::env::temp_dir().join(format!("applens-diag-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = dir.join("cut-short.apk");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let run = |lang: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_applens")).args(["check", "--json", "--lang", lang]).arg(&cut).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{lang}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (json["error"]["part"].as_str().unwrap().to_string(), json["error"]["message"].as_str().unwrap().to_string(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let english = "no end-of-central-directory record: this is not a ZIP archive, or it is truncated";
    let (part, message, stderr) = run("en");
    assert_eq!((part.as_str(), message.as_str()), ("zip", english));
    assert!(stderr.contains(&format!("cannot be analysed: zip: {english}")), "{stderr}");
    for (lang, words, line) in [
        ("de", "kein Endeintrag des zentralen Verzeichnisses", "kann nicht analysiert werden: ZIP: kein Endeintrag"),
        ("fr", "aucun enregistrement de fin du répertoire central", "impossible à analyser : ZIP : aucun enregistrement"),
    ] {
        let (part, message, stderr) = run(lang);
        assert_eq!(part, "zip", "{lang}: the part is a name");
        assert!(message.starts_with(words), "{lang}: {message}");
        assert!(stderr.contains(line), "{lang}: {stderr}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
