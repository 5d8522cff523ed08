//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod alloc;
pub mod axml;
pub mod zipgen;

use std::path::{Path, PathBuf};

use applens::analysis::source::FileSource;
use applens::analysis::{analyze, Options, Report, Result};

/// `../shared/corpus`, or `None` (and a message saying the test is skipped) when it is absent.
pub fn corpus(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED {test}: ../shared/corpus is absent (the real-package corpus lives beside the repo)");
        None
    }
}

pub fn analyze_path(path: &Path) -> Result<Report> {
    let source = FileSource::open(path).expect("open test file");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    analyze(&source, &name, &Options::default(), &mut |_| {})
}

/// The sample APK built by script/build-sample (script/test builds it before the tests run).
pub fn sample_apk() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sample/applens-sample.apk");
    if path.is_file() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        panic!("target/sample/applens-sample.apk is missing: script/test builds it with script/build-sample");
    } else {
        eprintln!("SKIPPED: target/sample/applens-sample.apk not built; run script/build-sample");
        None
    }
}

/// Every package file in the corpus, in every subfolder (APK, split sets, AAB, IPA...), sorted. The
/// top-level README and MANIFEST.tsv and the `data/` folder (reference tables) are not packages.
pub fn corpus_packages(corpus: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(corpus) else { return out };
    for entry in entries.flatten() {
        if entry.path().is_dir() && entry.file_name() != "data" {
            walk(&entry.path(), &mut out);
        }
    }
    out.sort();
    out
}

/// A borrowed byte slice as a `ByteSource`, so a test can analyse a prefix of a buffer without copying it
/// (`[u8]` itself is unsized and cannot become a `&dyn ByteSource`).
pub struct SliceSource<'a>(pub &'a [u8]);

impl applens::analysis::ByteSource for SliceSource<'_> {
    fn len(&self) -> u64 {
        self.0.len() as u64
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        self.0.read_at(offset, buf)
    }
}

/// Analyses bytes in memory the way the worker does, with default options.
pub fn analyze_bytes(bytes: &[u8], name: &str) -> Result<Report> {
    analyze(&SliceSource(bytes), name, &Options::default(), &mut |_| {})
}

/// A fixture built by script/build-code-fixtures under target/fixtures/ (script/test builds them).
pub fn code_fixture(relative: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fixtures").join(relative);
    if path.is_file() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        panic!("target/fixtures/{relative} is missing: script/test builds it with script/build-code-fixtures");
    } else {
        eprintln!("SKIPPED: target/fixtures/{relative} not built; run script/build-code-fixtures");
        None
    }
}

/// An iOS fixture built by script/build-ios-fixtures (script/test builds them before the tests run).
pub fn ios_fixture(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ios-fixtures").join(name);
    if path.is_file() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        panic!("target/ios-fixtures/{name} is missing: script/test builds it with script/build-ios-fixtures");
    } else {
        eprintln!("SKIPPED: target/ios-fixtures/{name} not built; run script/build-ios-fixtures");
        None
    }
}

/// A package built by script/make-hermes-fixtures (a corpus React Native app with a Hermes bundle).
pub fn hermes_fixture(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/hermes-fixtures").join(name);
    if path.is_file() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        panic!("target/hermes-fixtures/{name} is missing: script/test builds it with script/make-hermes-fixtures");
    } else {
        eprintln!("SKIPPED: target/hermes-fixtures/{name} not built; run script/make-hermes-fixtures");
        None
    }
}

/// The reports of the sample and of every corpus package that gives one (none when they are missing).
pub fn sample_and_corpus_reports(test: &str) -> Vec<Report> {
    let mut reports = Vec::new();
    if let Some(sample) = sample_apk() {
        reports.extend(analyze_path(&sample).ok());
    }
    if let Some(corpus) = corpus(test) {
        for path in corpus_packages(&corpus) {
            reports.extend(analyze_path(&path).ok());
        }
    }
    reports
}

/// Where a Rust string literal's text ends (the first `"` not escaped); the text's length when none does.
/// For the tests that read the code's own texts (tr() strings, limitation messages, sentences).
pub fn closing_quote(s: &str) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return i,
            _ => escaped = false,
        }
    }
    s.len()
}

/// The text a Rust string literal stands for: `\"`, `\\`, `\n`, `\u{…}`, and a `\` at a line's end
/// continuing the string on the next line without its indentation.
pub fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\n') => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
            }
            Some('u') => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                out.extend(u32::from_str_radix(&code, 16).ok().and_then(char::from_u32));
            }
            Some('n') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// A format string or a catalog key as a skeleton: every `{…}` becomes `{}`, so a `format!` string
/// (`{count}`, `{:x}`, `{}`) and a catalog row (`{n}`, `{n|a|b}`) with the same fixed words are equal. For the
/// tests that look for a row for each text the code writes.
pub fn skeleton(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open..].find('}') {
            Some(close) => {
                out.push_str("{}");
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = &rest[open..];
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Five English words in a row, in lower case (so not a name), copied into a translation: a template that
/// matched with a placeholder swallowing the rest of an English sentence ("… grade D allows, and who else …").
pub fn english_left(english: &str, translated: &str) -> Option<String> {
    let plain = |w: &str| {
        let core = w.trim_matches(|c: char| ",.;:()".contains(c));
        !core.is_empty() && core.chars().all(|c| c.is_ascii_lowercase() || c == '\'')
    };
    let words: Vec<&str> = english.split(' ').collect();
    words.windows(5).filter(|w| w.iter().all(|x| plain(x))).map(|w| w.join(" ")).find(|run| translated.contains(run.as_str()))
}

/// A small deterministic generator (xorshift), so damaged inputs and failures reproduce. Seed it non-zero.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
