//! Which JavaScript framework a package is built with, from its file list alone (the same on Android and
//! iOS, paths taken relative to the APK root or the `.app` bundle), and the reading of that framework's
//! files into `JsFacts` and the report's words (`AppFramework`).
//!
//! - Capacitor: `capacitor.config.json` (Android: under `assets/`), its plugin list, or iOS's
//!   `Frameworks/Capacitor.framework`; its web app is in `assets/public/` (iOS: `public/`). Its
//!   `server.url` makes the web view load a remote site instead of the packaged files.
//! - Cordova (PhoneGap is Adobe's distribution of it): `cordova.js`, `cordova_plugins.js` or `phonegap.js`
//!   in `assets/www/` (iOS: `www/`). A Capacitor app carries empty Cordova files for plugin compatibility,
//!   so Capacitor wins.
//! - Ionic: a UI framework on top of either, named when its packages appear in the JavaScript read.
//! - React Native: `assets/index.android.bundle` / `main.jsbundle` (plain JavaScript, or Hermes bytecode).

use super::scan::{JsFacts, JsScan, MAX_FILE_BYTES, MAX_FILES};
use crate::analysis::archive::Archive;
use crate::analysis::report::{AppFramework, Evidence};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameworkKind {
    Cordova,
    Capacitor,
    ReactNative,
}

/// A framework found by its files, and the files of its code to read (paths as in the archive).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detected {
    pub kind: FrameworkKind,
    pub phonegap: bool,
    pub evidence: Vec<Evidence>,
    /// Where its code is, for the report's words (`assets/www/`).
    pub folder: String,
    pub files: Vec<String>,
    /// `capacitor.config.json`, when there is one.
    pub config: Option<String>,
}

fn file_ev(path: &str, what: &str) -> Evidence {
    Evidence { kind: "file".into(), location: path.into(), text: what.into() }
}

fn is_code(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    // Source maps are the sources' map for debuggers, not code the app runs.
    !lower.ends_with(".map") && [".js", ".mjs", ".cjs", ".html", ".htm"].iter().any(|e| lower.ends_with(e))
}

/// The frameworks of a package whose files are `names`; `root` is the prefix of the app's own files
/// (`""` for an APK, `Payload/X.app/` for an IPA), `android` chooses the layout.
pub fn detect(names: &[String], root: &str, android: bool) -> Vec<Detected> {
    // Walked again for each question rather than collected: a package may list hundreds of thousands of
    // entries (`Limits::max_entries`), and the analysis's memory bound has no room for a copy.
    let relative = || names.iter().filter_map(|n| n.strip_prefix(root).map(|r| (r, n)));
    let has = |r: &str| relative().find(|(x, _)| *x == r).map(|(_, n)| n.clone());
    let (assets, capacitor_dir, cordova_dir) = if android { ("assets/", "assets/public/", "assets/www/") } else { ("", "public/", "www/") };
    let mut found = Vec::new();

    let config = has(&format!("{assets}capacitor.config.json"));
    let plugins = has(&format!("{assets}capacitor.plugins.json"));
    let framework = if android { None } else { relative().find(|(r, _)| r.starts_with("Frameworks/Capacitor.framework/")).map(|(_, n)| n.clone()) };
    if config.is_some() || plugins.is_some() || framework.is_some() {
        let mut evidence = Vec::new();
        if let Some(c) = &config {
            evidence.push(file_ev(c, "Capacitor's configuration"));
        }
        if let Some(p) = &plugins {
            evidence.push(file_ev(p, "Capacitor's plugin list"));
        }
        if let Some(f) = &framework {
            let dir = f.split("Capacitor.framework/").next().unwrap_or_default();
            evidence.push(file_ev(&format!("{dir}Capacitor.framework/"), "Capacitor's native runtime"));
        }
        let folder = format!("{root}{capacitor_dir}");
        let mut files: Vec<String> = relative().filter(|(r, _)| r.starts_with(capacitor_dir) && is_code(r)).map(|(_, n)| n.clone()).collect();
        if let Some(bridge) = has(&format!("{assets}native-bridge.js")) {
            files.push(bridge);
        }
        if let Some(c) = &config {
            files.push(c.clone());
        }
        found.push(Detected { kind: FrameworkKind::Capacitor, phonegap: false, evidence, folder, files, config });
    } else {
        let marks: Vec<&String> = relative()
            .filter(|(r, _)| {
                let Some(file) = r.strip_prefix(cordova_dir) else { return false };
                let lower = file.to_ascii_lowercase();
                !lower.contains('/') && lower.ends_with(".js") && (lower.starts_with("cordova") || lower.starts_with("phonegap"))
            })
            .map(|(_, n)| n)
            .collect();
        if !marks.is_empty() {
            let phonegap = relative().any(|(r, _)| r.starts_with(cordova_dir) && r.to_ascii_lowercase().contains("phonegap"));
            let evidence = marks.iter().take(3).map(|m| file_ev(m, "Cordova's JavaScript bridge or plugin list")).collect();
            let files = relative().filter(|(r, _)| r.starts_with(cordova_dir) && is_code(r)).map(|(_, n)| n.clone()).collect();
            found.push(Detected { kind: FrameworkKind::Cordova, phonegap, evidence, folder: format!("{root}{cordova_dir}"), files, config: None });
        }
    }

    let bundle = if android { "assets/index.android.bundle" } else { "main.jsbundle" };
    if let Some(b) = has(bundle) {
        found.push(Detected {
            kind: FrameworkKind::ReactNative,
            phonegap: false,
            evidence: vec![file_ev(&b, "React Native's JavaScript bundle")],
            folder: b.clone(),
            files: vec![b],
            config: None,
        });
    }
    found
}

/// What reading a package's JavaScript gave: the facts, the frameworks in the report's words, and the
/// remote address a Capacitor app loads instead of its files (with the config line as evidence).
#[derive(Clone, Debug, Default)]
pub struct JsOutcome {
    pub facts: JsFacts,
    pub frameworks: Vec<AppFramework>,
    pub remote: Vec<Evidence>,
}

impl JsOutcome {
    /// Names every path as the report shows it for a part of a split set (`base.apk: assets/…`); an App
    /// Bundle module's paths carry their folder already (`folder` is then the prefix).
    pub fn shown_in(mut self, prefix: &str, folder: &str) -> Self {
        if prefix.is_empty() || prefix == folder {
            return self;
        }
        let fix = |ev: &mut Evidence| ev.location = format!("{prefix}{}", ev.location);
        for f in &mut self.frameworks {
            f.evidence.iter_mut().for_each(fix);
        }
        self.remote.iter_mut().for_each(fix);
        for (_, list) in self.facts.trackers.values_mut() {
            list.iter_mut().for_each(fix);
        }
        for (_, _, list) in &mut self.facts.hosts {
            list.iter_mut().for_each(fix);
        }
        for c in &mut self.facts.other_code {
            c.path = format!("{prefix}{}", c.path);
        }
        self
    }
}

/// `server.url` of a Capacitor configuration (JSON): the address and the line that sets it. A small reader
/// of its own rather than a JSON document model: only `server`'s top-level keys are needed, and the worker's
/// size budget is tight. Keys and values are JSON strings; escapes other than `\"` and `\\` are kept as written.
pub fn server_url(path: &str, bytes: &[u8]) -> Option<(String, Evidence)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let object = member_object(text, "server")?;
    let url = member_string(object, "url")?.trim().to_string();
    if url.is_empty() {
        return None;
    }
    let cleartext = member_literal(object, "cleartext") == Some("true");
    let (number, line) = text.lines().enumerate().find(|(_, l)| l.contains("\"url\"") && l.contains(url.as_str()))?;
    let mut said = line.trim().to_string();
    if cleartext {
        said.push_str(" (and \"cleartext\": true: unencrypted http is allowed)");
    }
    Some((url, Evidence { kind: "file".into(), location: format!("{path}, line {}", number + 1), text: said }))
}

/// The JSON strings of the first object in `text`: (nesting depth, the string, where its closing quote ends).
/// Walks the text once; a malformed document only ends the walk early.
fn members(text: &str) -> Vec<(usize, &str, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut i) = (0usize, 0usize);
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while let Some(&c) = bytes.get(j) {
                    match c {
                        b'\\' => j += 2,
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                out.push((depth, text.get(start..j.min(text.len())).unwrap_or_default(), j + 1));
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// After a key's closing quote at `at`: the rest of the text past the `:`.
fn after_colon(text: &str, at: usize) -> Option<&str> {
    text.get(at..)?.trim_start().strip_prefix(':').map(str::trim_start)
}

fn member_object<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let (_, _, end) = members(text).into_iter().find(|(d, k, end)| *d == 1 && *k == key && after_colon(text, *end).is_some_and(|r| r.starts_with('{')))?;
    let rest = after_colon(text, end)?;
    Some(rest)
}

fn member_string<'t>(object: &'t str, key: &str) -> Option<&'t str> {
    let tokens = members(object);
    let at = tokens.iter().position(|(d, k, end)| *d == 1 && *k == key && after_colon(object, *end).is_some_and(|r| r.starts_with('"')))?;
    tokens.get(at + 1).filter(|(d, _, _)| *d == 1).map(|(_, v, _)| *v)
}

fn member_literal<'t>(object: &'t str, key: &str) -> Option<&'t str> {
    let (_, _, end) = members(object).into_iter().find(|(d, k, _)| *d == 1 && *k == key)?;
    let rest = after_colon(object, end)?;
    rest.split(|c: char| !c.is_ascii_alphanumeric()).next()
}

fn size_words(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Detects the frameworks of an archive's files and reads their code, within the scan's bounds. `None`
/// when the package has no JavaScript framework (nothing is read then).
pub fn read(archive: &mut Archive<'_>, root: &str, android: bool, max_hosts: usize) -> Option<JsOutcome> {
    let names = archive.names().to_vec();
    let detected = detect(&names, root, android);
    if detected.is_empty() {
        return None;
    }
    let mut scan = JsScan::new(max_hosts);
    let mut remote = Vec::new();
    let mut per_framework: Vec<(usize, u64, usize)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for d in &detected {
        let (before_files, before_bytes) = (scan.files_read(), scan.budget_left());
        let mut hermes = 0;
        for path in &d.files {
            if seen.contains(&path.as_str()) {
                continue;
            }
            seen.push(path);
            let cap = MAX_FILE_BYTES.min(scan.budget_left());
            if scan.files_read() >= MAX_FILES || cap == 0 {
                scan.skip(path, None);
                continue;
            }
            let size = archive.declared_size(path).unwrap_or(0);
            match archive.read_prefix(path, cap) {
                Ok(bytes) => {
                    let whole = (bytes.len() as u64) < cap || size <= cap;
                    if super::hermes::is_hermes(&bytes) {
                        hermes += 1;
                    }
                    if Some(path) == d.config.as_ref() {
                        if let Some((_, ev)) = server_url(path, &bytes) {
                            remote.push(ev);
                        }
                    }
                    scan.add_file(path, &bytes, size.max(bytes.len() as u64), whole);
                    if !whole {
                        scan.skip(path, None);
                    }
                }
                Err(e) => scan.skip(path, Some(e)),
            }
        }
        per_framework.push((scan.files_read() - before_files, before_bytes - scan.budget_left(), hermes));
    }
    let facts = scan.finish();
    let mut frameworks: Vec<AppFramework> = Vec::new();
    for (d, (files, bytes, hermes)) in detected.iter().zip(per_framework) {
        let (id, name) = match d.kind {
            FrameworkKind::Capacitor => ("capacitor", "Capacitor"),
            FrameworkKind::Cordova if d.phonegap => ("cordova", "Apache Cordova (PhoneGap)"),
            FrameworkKind::Cordova => ("cordova", "Apache Cordova"),
            FrameworkKind::ReactNative => ("react_native", "React Native"),
        };
        let what = match (d.kind, hermes) {
            (FrameworkKind::ReactNative, 0) => format!("Its JavaScript bundle {} ({}) was read", d.folder, size_words(bytes)),
            (FrameworkKind::ReactNative, _) => format!("Its bundle {} is Hermes bytecode ({}); its string table was read", d.folder, size_words(bytes)),
            _ => format!("{files} files of its JavaScript and web pages ({}; the web app is in {}) were read", size_words(bytes), d.folder),
        };
        let read = format!("{what} for internet hosts and the names of tracker SDKs.");
        let mut unread = String::from("What the JavaScript does when it runs was not analysed: AppLens reads its text for names, it does not interpret it.");
        if hermes > 0 {
            unread.push_str(" Of Hermes bytecode only the strings were read, not the instructions.");
        }
        if d.kind == FrameworkKind::Capacitor && !remote.is_empty() {
            unread.push_str(" The app loads its pages from a web address set in capacitor.config.json (server.url) instead of the files in the package: that code is on the internet and could not be seen at all, and can change at any time.");
        }
        if !facts.cut.is_empty() {
            unread.push_str(&format!(" {} files were not read or not read to the end (AppLens's limits).", facts.cut.len()));
        }
        frameworks.push(AppFramework { id: id.into(), name: name.into(), evidence: d.evidence.clone(), read, unread: Some(unread) });
    }
    if let Some(ev) = facts.ionic.clone() {
        frameworks.push(AppFramework {
            id: "ionic".into(),
            name: "Ionic".into(),
            evidence: vec![ev],
            read: "Ionic is a user-interface framework on top of the web code above, which was read as described there.".into(),
            unread: Some("As above: what the JavaScript does when it runs was not analysed.".into()),
        });
    }
    Some(JsOutcome { facts, frameworks, remote })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn android_layouts() {
        let cordova = detect(&names(&["assets/www/cordova.js", "assets/www/js/a.js", "assets/www/a.js.map", "assets/www/index.html", "assets/www/x.png"]), "", true);
        assert_eq!(cordova.len(), 1);
        assert_eq!(cordova[0].kind, FrameworkKind::Cordova);
        assert_eq!(cordova[0].files, ["assets/www/cordova.js", "assets/www/js/a.js", "assets/www/index.html"]);
        let capacitor = detect(&names(&["assets/capacitor.config.json", "assets/public/cordova.js", "assets/public/a.js", "assets/native-bridge.js"]), "", true);
        assert_eq!(capacitor.iter().map(|d| d.kind).collect::<Vec<_>>(), [FrameworkKind::Capacitor]);
        assert_eq!(capacitor[0].files, ["assets/public/cordova.js", "assets/public/a.js", "assets/native-bridge.js", "assets/capacitor.config.json"]);
        let rn = detect(&names(&["assets/index.android.bundle", "lib/arm64-v8a/libhermes.so"]), "", true);
        assert_eq!(rn[0].kind, FrameworkKind::ReactNative);
        // Names that only look alike stay quiet.
        assert!(detect(&names(&["assets/www/index.html", "assets/cordova.js", "assets/mraid.js", "main.jsbundle", "assets/x/index.android.bundle"]), "", true).is_empty());
    }

    #[test]
    fn ios_layouts() {
        let root = "Payload/App.app/";
        let d = detect(&names(&["Payload/App.app/capacitor.config.json", "Payload/App.app/public/cordova.js", "Payload/App.app/Frameworks/Capacitor.framework/Capacitor"]), root, false);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].evidence.len(), 2);
        assert_eq!(detect(&names(&["Payload/X.app/main.jsbundle"]), "Payload/X.app/", false)[0].kind, FrameworkKind::ReactNative);
        assert!(detect(&names(&["Payload/X.app/assets/index.android.bundle"]), "Payload/X.app/", false).is_empty());
    }

    #[test]
    fn capacitor_server_url_with_its_line() {
        let config = b"{\n\t\"appId\": \"x\",\n\t\"server\": {\n\t\t\"url\": \"https://remote.example.org?x=1\",\n\t\t\"cleartext\": true\n\t}\n}";
        let (url, ev) = server_url("assets/capacitor.config.json", config).unwrap();
        assert_eq!(url, "https://remote.example.org?x=1");
        assert_eq!(ev.location, "assets/capacitor.config.json, line 4");
        assert!(ev.text.starts_with("\"url\": \"https://remote.example.org?x=1\","), "{}", ev.text);
        assert!(ev.text.contains("cleartext"));
        assert!(server_url("c.json", b"{\"server\":{\"androidScheme\":\"https\"}}").is_none());
        assert!(server_url("c.json", b"{not json").is_none());
        // Keys elsewhere do not count: only server's own url.
        assert!(server_url("c.json", b"{\"plugins\":{\"url\":\"https://a.example\"},\"server\":{\"x\":{\"url\":\"https://b.example\"}}}").is_none());
        let (url, _) = server_url("c.json", b"{\"server\": {\"hostname\": \"h\", \"url\" : \"https://c.example/\"}}").unwrap();
        assert_eq!(url, "https://c.example/");
    }
}
