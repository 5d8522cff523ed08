//! One package's JavaScript files (and Hermes bytecode), read for the names in them: internet hosts (with
//! the same host rules as DEX strings, `android::code::domains`) and tracker signatures
//! (`knowledge::js_signatures`). Bounded: per file, in total, and in files; what is left unread is named.
//!
//! Hosts are taken from URLs anywhere in a line and from quoted string literals that are a host and
//! nothing else (`"api.example.com"`). Unquoted dotted words are property chains in JavaScript
//! (`this.state.id` reads like a host), so they are never hosts here. Lines that are comments (`//`, `/*`,
//! ` * `) are skipped for hosts: licence headers name their projects' websites, which the app never calls.

use std::collections::BTreeMap;

use memchr::memmem;

use super::hermes;
use crate::analysis::android::code::domains;
use crate::analysis::error::Error;
use crate::analysis::knowledge::companies::ignored_host;
use crate::analysis::knowledge::js_signatures::js_signatures;
use crate::analysis::report::{Evidence, OtherCode};

/// A JavaScript file larger than this is read only up to it (React Native bundles of large apps are
/// 10–30 MB; a webpack bundle a few MB).
pub const MAX_FILE_BYTES: u64 = 48 * 1024 * 1024;
/// All JavaScript of one package together.
pub const MAX_TOTAL_BYTES: u64 = 160 * 1024 * 1024;
/// Files read per package (a large Cordova app has a few hundred).
pub const MAX_FILES: usize = 3_000;
/// Files listed in `code.other_code` (the rest are counted in the framework's `read`).
pub const MAX_LISTED: usize = 300;
const EVIDENCE_PER_ITEM: usize = 3;
const MAX_EVIDENCE_CHARS: usize = 200;

/// What the JavaScript of one package showed.
#[derive(Clone, Debug, Default)]
pub struct JsFacts {
    /// Tracker (index into the tracker table) → where it was found (`javascript`, `hermes`) and evidence.
    pub trackers: BTreeMap<u32, (Vec<&'static str>, Vec<Evidence>)>,
    /// Hosts in the order first named: (host, cleartext, evidence).
    pub hosts: Vec<(String, bool, Vec<Evidence>)>,
    pub hosts_dropped: u64,
    pub other_code: Vec<OtherCode>,
    /// Files read (all of them, also those past `MAX_LISTED`), bytes read.
    pub files_read: usize,
    pub bytes_read: u64,
    /// Hermes files whose strings were read, and those that could not be (the warning says why).
    pub hermes_read: usize,
    pub hermes_unread: Vec<String>,
    /// Files not read or not read to the end because of a limit.
    pub cut: Vec<String>,
    pub warnings: Vec<Error>,
    /// Text seen that names a framework (Ionic's packages), for `frameworks`.
    pub ionic: Option<Evidence>,
}

/// Collects `JsFacts` file by file.
pub struct JsScan {
    facts: JsFacts,
    max_hosts: usize,
}

fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_EVIDENCE_CHARS) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or(text)),
        None => text.to_string(),
    }
}

fn ev(kind: &str, location: &str, text: &[u8]) -> Evidence {
    Evidence { kind: kind.into(), location: location.into(), text: cut(String::from_utf8_lossy(text).trim()) }
}

/// Bytes that end a URL or a token in JavaScript text.
fn delimiter(b: u8) -> bool {
    b.is_ascii_whitespace() || b"\"'`()<>,;{}[]\\".contains(&b)
}

/// The part of a line that may be code: none of a line comment or a comment-only line (`//`, ` * `,
/// `/* … */`, `<!-- … -->` at its start), what follows a comment that ends on the line.
fn code_part(line: &[u8]) -> Option<&[u8]> {
    let trimmed = line.trim_ascii_start();
    if trimmed.starts_with(b"//") {
        return None;
    }
    let end = if trimmed.starts_with(b"/*") || trimmed.starts_with(b"*") {
        b"*/".as_slice()
    } else if trimmed.starts_with(b"<!--") {
        b"-->".as_slice()
    } else {
        return Some(line);
    };
    memmem::find(trimmed, end).and_then(|at| trimmed.get(at + end.len()..))
}

/// A link to a licence (`http://www.apache.org/licenses/LICENSE-2.0`) names no place the app calls.
fn licence_link(token: &[u8]) -> bool {
    let lower = token.to_ascii_lowercase();
    memmem::find(&lower, b"/licenses/").is_some() || memmem::find(&lower, b"/license").is_some()
}

/// Top-level domains that are also common last words of JavaScript names (`navigator.app`, `user.id`):
/// a quoted two-label literal ending in one is a module or property name, not a host. With three labels
/// or more (`www.polimi.it`) it is a host.
pub(crate) const PROPERTY_WORDS: &[&str] = &["app", "id", "in", "info", "is", "it", "link", "live", "me", "my", "no", "pro", "site", "so", "to", "tv", "ws"];

fn property_like(host: &str) -> bool {
    let mut labels = host.split('.');
    let (_, Some(last), None) = (labels.next(), labels.next(), labels.next()) else { return false };
    PROPERTY_WORDS.contains(&last)
}

/// Text that marks Ionic (its packages' names, its root element).
const IONIC_MARKS: &[&str] = &["@ionic/core", "@ionic/angular", "@ionic/react", "@ionic/vue", "ionic-angular", "<ion-app"];

impl JsScan {
    pub fn new(max_hosts: usize) -> Self {
        Self { facts: JsFacts::default(), max_hosts }
    }

    pub fn budget_left(&self) -> u64 {
        MAX_TOTAL_BYTES.saturating_sub(self.facts.bytes_read)
    }

    pub fn files_read(&self) -> usize {
        self.facts.files_read
    }

    /// A file not read because a limit was reached, or because it could not be inflated.
    pub fn skip(&mut self, path: &str, why: Option<Error>) {
        if let Some(e) = why {
            self.facts.warnings.push(e);
        }
        if self.facts.cut.len() < MAX_LISTED {
            self.facts.cut.push(path.to_string());
        }
    }

    /// Reads one file: Hermes bytecode by its magic, anything else as text. `whole` is false when the
    /// file was cut at `MAX_FILE_BYTES` (its note says so). `loaded_by_system` is false for nothing here:
    /// a framework's web view or engine loads its JavaScript as the app starts.
    pub fn add_file(&mut self, path: &str, bytes: &[u8], size: u64, whole: bool) {
        self.facts.files_read += 1;
        self.facts.bytes_read += bytes.len() as u64;
        let mut note = (!whole).then(|| format!("only the first {} MiB were read", MAX_FILE_BYTES / (1024 * 1024)));
        let kind = if hermes::is_hermes(bytes) {
            match hermes::parse(bytes) {
                Ok(h) => {
                    self.facts.hermes_read += 1;
                    let mut bad = 0u32;
                    for s in h.strings() {
                        match s {
                            Ok(s) => self.strings_of(path, s.as_bytes(), "hermes", true),
                            Err(_) => bad += 1,
                        }
                    }
                    let mut said = format!("Hermes bytecode version {}: {} strings read; the bytecode itself was not", h.version, h.string_count);
                    if bad > 0 {
                        said.push_str(&format!(" ({bad} string entries were malformed and skipped)"));
                    }
                    note = Some(note.map_or(said.clone(), |n| format!("{said}; {n}")));
                }
                Err(e) => {
                    note = Some(format!("{}; nothing of it was read", e.message));
                    self.facts.hermes_unread.push(path.to_string());
                    self.facts.warnings.push(Error { part: path.to_string(), ..e });
                }
            }
            "hermes"
        } else {
            self.text(path, bytes);
            "javascript"
        };
        if self.facts.other_code.len() < MAX_LISTED {
            self.facts.other_code.push(OtherCode { path: path.to_string(), kind: kind.into(), bytes: size, loaded_by_system: true, note });
        }
    }

    /// One string (a Hermes string, or a quoted literal): signatures, and hosts (URLs or a bare host).
    fn strings_of(&mut self, path: &str, s: &[u8], found_in: &'static str, signatures: bool) {
        if signatures {
            self.signatures(path, s, found_in);
        }
        let mut hosts: Vec<(String, bool)> = Vec::new();
        domains::hosts_in(s, |h, c| hosts.push((h.to_string(), c)));
        for (host, cleartext) in hosts {
            self.host(host, cleartext, ev("string", path, s));
        }
    }

    fn signatures(&mut self, path: &str, text: &[u8], found_in: &'static str) {
        let set = js_signatures();
        let Some(automaton) = set.automaton.as_ref() else { return };
        for m in automaton.find_iter(text) {
            let Some(row) = set.rows.get(m.pattern().as_usize()) else { continue };
            let (places, list) = self.facts.trackers.entry(row.tracker).or_default();
            if !places.contains(&found_in) {
                places.push(found_in);
            }
            if list.len() < EVIDENCE_PER_ITEM && !list.iter().any(|e| e.location == path) {
                let from = m.start().saturating_sub(40);
                let to = m.end().saturating_add(40).min(text.len());
                let around = text.get(from..to).unwrap_or_default();
                let line = around.split(|&b| b == b'\n').find(|l| memmem::find(&l.to_ascii_lowercase(), row.pattern.to_ascii_lowercase().as_bytes()).is_some());
                list.push(ev("javascript", path, line.unwrap_or(around)));
            }
        }
        if self.facts.ionic.is_none() {
            for mark in IONIC_MARKS {
                if memmem::find(text, mark.as_bytes()).is_some() {
                    self.facts.ionic = Some(ev("javascript", path, mark.as_bytes()));
                    break;
                }
            }
        }
    }

    fn host(&mut self, host: String, cleartext: bool, evidence: Evidence) {
        if ignored_host(&host).is_some() {
            return;
        }
        let full = self.facts.hosts.len() >= self.max_hosts;
        match self.facts.hosts.iter_mut().find(|(h, _, _)| *h == host) {
            Some((_, c, list)) => {
                *c |= cleartext;
                if list.len() < EVIDENCE_PER_ITEM && !list.iter().any(|e| e.text == evidence.text) {
                    list.push(evidence);
                }
            }
            None if full => self.facts.hosts_dropped += 1,
            None => self.facts.hosts.push((host, cleartext, vec![evidence])),
        }
    }

    /// JavaScript (or HTML, JSON) text, line by line.
    fn text(&mut self, path: &str, bytes: &[u8]) {
        self.signatures(path, bytes, "javascript");
        let finder = memmem::Finder::new(domains::URL_SEPARATOR.as_bytes());
        for line in bytes.split(|&b| b == b'\n') {
            let Some(line) = code_part(line) else { continue };
            // URLs anywhere: the token around each `://`.
            let mut from = 0;
            while let Some(at) = line.get(from..).and_then(|rest| finder.find(rest)).map(|i| i + from) {
                let start = line.get(..at).map_or(at, |before| at - before.iter().rev().take_while(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b)).count());
                let end = line.get(at..).map_or(at, |after| at + after.iter().take_while(|&&b| !delimiter(b)).count());
                if let Some(token) = line.get(start..end).filter(|t| !licence_link(t)) {
                    self.strings_of(path, token, "javascript", false);
                }
                from = end.max(at + 3);
            }
            // Quoted literals that are a host and nothing else.
            let mut i = 0;
            while let Some(open) = line.get(i..).and_then(|rest| rest.iter().position(|b| *b == b'"' || *b == b'\'')).map(|p| p + i) {
                let quote = line.get(open).copied().unwrap_or(b'"');
                let Some(close) = line.get(open + 1..).and_then(|rest| rest.iter().position(|b| *b == quote)).map(|p| p + open + 1) else { break };
                if let Some(literal) = line.get(open + 1..close) {
                    let mut found: Vec<String> = Vec::new();
                    domains::bare_host(literal, |h, _| found.push(h.to_string()));
                    found.retain(|h| !property_like(h));
                    for host in found {
                        self.host(host, false, ev("string", path, literal));
                    }
                }
                i = close + 1;
            }
        }
    }

    pub fn finish(self) -> JsFacts {
        self.facts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::knowledge::trackers::trackers;

    fn names(facts: &JsFacts) -> Vec<&'static str> {
        facts.trackers.keys().map(|&i| trackers()[i as usize].name).collect()
    }

    #[test]
    fn hosts_from_urls_and_quoted_hosts_only() {
        let mut scan = JsScan::new(100);
        let js = b"/* see http://www.apache.org/licenses/LICENSE-2.0 */\n\
                   var a=\"https://api.torchplus.example/v1?x=1\",b='cdn.torchplus.com',c=this.state.id;\n\
                   // http://comment.example.org/\n\
                   fetch(`http://plain.torchplus.io/`+x)\n\
                   /*! lib */ var u=\"https://after.torchplus.com/\",m='navigator.app';\n\
                   // Licensed http://www.apache.org/licenses/LICENSE-2.0 and 'http://x.torchplus.org/license'\n";
        scan.add_file("assets/www/app.js", js, js.len() as u64, true);
        let facts = scan.finish();
        let hosts: Vec<(&str, bool)> = facts.hosts.iter().map(|(h, c, _)| (h.as_str(), *c)).collect();
        assert_eq!(hosts, [("api.torchplus.example", false), ("cdn.torchplus.com", false), ("plain.torchplus.io", true), ("after.torchplus.com", false)]);
        assert_eq!(facts.hosts[0].2[0].text, "https://api.torchplus.example/v1?x=1");
        assert_eq!(facts.other_code[0].kind, "javascript");
    }

    #[test]
    fn tracker_signatures_case_insensitive() {
        let mut scan = JsScan::new(100);
        let js = b"/* fingerprintJS 0.5.4 */\nimport a from '@React-Native-Firebase/analytics';\n";
        scan.add_file("index.android.bundle", js, js.len() as u64, true);
        let facts = scan.finish();
        assert_eq!(names(&facts), ["Google Firebase Analytics", "FingerprintJS"]);
        assert_eq!(facts.trackers.values().next().unwrap().0, ["javascript"]);
        assert_eq!(facts.trackers.values().next().unwrap().1[0].text, "import a from '@React-Native-Firebase/analytics';");
    }

    #[test]
    fn hermes_strings_are_scanned_and_bad_files_named() {
        let bytes = hermes::tests::build(96, 1, &[("https://api.mixpanel.com/track", false), ("graph.facebook.com", false)]);
        let mut scan = JsScan::new(100);
        scan.add_file("assets/index.android.bundle", &bytes, bytes.len() as u64, true);
        let mut bad = bytes.clone();
        bad[8] = 200;
        scan.add_file("main.jsbundle", &bad, bad.len() as u64, true);
        let facts = scan.finish();
        assert_eq!(names(&facts), ["MixPanel"]);
        assert_eq!(facts.trackers.values().next().unwrap().0, ["hermes"]);
        let hosts: Vec<&str> = facts.hosts.iter().map(|(h, _, _)| h.as_str()).collect();
        assert_eq!(hosts, ["api.mixpanel.com", "graph.facebook.com"]);
        assert_eq!(facts.hermes_read, 1);
        assert_eq!(facts.hermes_unread, ["main.jsbundle"]);
        assert!(facts.other_code[1].note.as_deref().unwrap().contains("version 200"));
        assert!(facts.other_code[0].note.as_deref().unwrap().starts_with("Hermes bytecode version 96: 2 strings read"));
    }

    #[test]
    fn hosts_are_capped() {
        let mut scan = JsScan::new(2);
        let js = b"'a.torchplus.com' 'b.torchplus.com' 'c.torchplus.com' 'd.torchplus.com'";
        scan.add_file("x.js", js, js.len() as u64, true);
        let facts = scan.finish();
        assert_eq!(facts.hosts.len(), 2);
        assert_eq!(facts.hosts_dropped, 2);
    }
}
