//! Code the app carries but Android does not load by itself: DEX files, JARs and APKs kept in `assets/`,
//! `res/raw/` or anywhere else than the `classes*.dex` at the archive's root. An app (or a plugin
//! framework, or a dropper) can load them at run time with a class loader; it may also never do so.
//!
//! Each is opened only when it is what its name says: a DEX file must start with the DEX magic and parse;
//! a JAR or APK must be a ZIP archive with DEX files at its root (a JAR of Java `.class` files is not code
//! Android can run as it is). What fails stays "not read", with the reason, so an encrypted payload named
//! `classes.dex` (Fobus) is never claimed as read. Archives inside them are not opened; the bytes
//! they inflate count against the package's own budget (`Archive::inflation_left`); they are opened no
//! deeper than `Limits::max_nesting` (an APK inside an XAPK is level 1, a JAR inside that APK level 2).

use super::super::super::archive::Archive;
use super::super::super::dex;
use super::super::super::limits::Limits;
use super::components::Wanted;
use super::files::loaded_dex_entries;
use super::scan::{scan_dex, DexHits};

/// Carried files opened per package at most (the file list names at most this many too).
pub const MAX_CARRIED: usize = 20;

/// What AppLens calls a carried file, by its name: `dex`, `jar` or `apk`; `None` for anything else.
pub fn kind_of(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dex") || lower.ends_with(".odex") {
        Some("dex")
    } else if lower.ends_with(".jar") {
        Some("jar")
    } else if lower.ends_with(".apk") {
        Some("apk")
    } else {
        None
    }
}

/// A carried file that was read: the DEX files read in it (their hits are merged by the caller).
#[derive(Debug, Default)]
pub struct CarriedRead {
    /// As the report names it (`assets/sdk.jar`, `base.apk: assets/sdk.jar`).
    pub path: String,
    pub kind: &'static str,
    /// Declared uncompressed size.
    pub bytes: u64,
    /// The DEX files read inside a JAR or APK: (`outer!inner`, bytes); empty for a carried DEX file.
    pub inner: Vec<(String, u64)>,
    /// What could not be read of it (some of its DEX files), in words; `None` when it was read whole.
    pub note: Option<String>,
    pub hits: Vec<DexHits>,
}

/// The outcome of one carried file.
#[derive(Debug)]
pub enum Carried {
    Read(CarriedRead),
    /// Not read: the path as the report names it and why, in words.
    Unread { path: String, reason: String },
}

/// Opens the carried file `entry` of `archive` (shown as `shown`) and scans the DEX code in it. `can_nest`
/// is false when an archive inside `archive` would be deeper than `Limits::max_nesting`. `dex_left` bounds the DEX files read in carried
/// code across the package.
pub fn read_carried(archive: &mut Archive<'_>, entry: &str, shown: &str, limits: &Limits, can_nest: bool, dex_left: &mut u32) -> Carried {
    let unread = |reason: String| Carried::Unread { path: shown.to_string(), reason };
    let Some(kind) = kind_of(entry) else { return unread("not a code file".into()) };
    let bytes = archive.declared_size(entry).unwrap_or(0);
    let max_hosts = limits.max_hosts as usize;
    let none = Wanted::default();
    if *dex_left == 0 {
        return unread(format!("more than {} DEX files in carried code: not read", limits.max_dex_files));
    }
    if kind == "dex" {
        let data = match archive.read(entry, limits.max_entry_bytes) {
            Ok(d) => d,
            Err(e) => return unread(format!("could not be read: {}", e.message)),
        };
        if !dex::looks_like_dex(&data) {
            return unread("not a DEX file: encrypted, packed or another format".into());
        }
        *dex_left -= 1;
        let hits = scan_dex(shown, &data, max_hosts, &none);
        if hits.unreadable {
            return unread(format!("not a readable DEX file: {}", reason_of(&hits)));
        }
        return Carried::Read(CarriedRead { path: shown.into(), kind, bytes, inner: Vec::new(), note: None, hits: vec![hits] });
    }
    if !can_nest {
        return unread(format!("an archive nested deeper than the {} levels AppLens opens", limits.max_nesting));
    }
    let nested = match archive.nested(entry, limits.max_entry_bytes) {
        Ok(n) => n,
        Err(e) => return unread(format!("could not be read: {}", e.message)),
    };
    let inner_limits = Limits { max_total_inflated: archive.inflation_left(), ..*limits };
    let Ok(mut inner) = Archive::open(&nested, inner_limits) else {
        return unread("not a readable ZIP archive: encrypted, packed or another format".into());
    };
    let entries = loaded_dex_entries(inner.names());
    if entries.is_empty() {
        let classes = inner.names().iter().any(|n| n.ends_with(".class"));
        return unread(if classes { "holds Java class files, not DEX code: Android cannot run it as it is".into() } else { "holds no DEX code".into() });
    }
    let mut read = CarriedRead { path: shown.into(), kind, bytes, ..CarriedRead::default() };
    let mut problems: Vec<String> = Vec::new();
    for e in &entries {
        let name = format!("{shown}!{e}");
        if *dex_left == 0 {
            problems.push(format!("{e}: past the limit of {} DEX files", limits.max_dex_files));
            continue;
        }
        let data = match inner.read(e, limits.max_entry_bytes) {
            Ok(d) => d,
            Err(err) => {
                problems.push(format!("{e}: {}", err.message));
                continue;
            }
        };
        if !dex::looks_like_dex(&data) {
            problems.push(format!("{e}: not a DEX file (encrypted?)"));
            continue;
        }
        *dex_left -= 1;
        let hits = scan_dex(&name, &data, max_hosts, &none);
        if hits.unreadable {
            problems.push(format!("{e}: {}", reason_of(&hits)));
            continue;
        }
        read.inner.push((name, data.len() as u64));
        read.hits.push(hits);
    }
    archive.count_inflated(inner.inflated());
    if read.hits.is_empty() {
        return unread(format!("its DEX code could not be read: {}", problems.join("; ")));
    }
    if !problems.is_empty() {
        read.note = Some(format!("not read: {}", problems.join("; ")));
    }
    Carried::Read(read)
}

fn reason_of(hits: &DexHits) -> String {
    hits.warnings.first().map(|w| w.message.clone()).unwrap_or_else(|| "unreadable".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        assert_eq!(kind_of("assets/x.DEX"), Some("dex"));
        assert_eq!(kind_of("assets/a.odex"), Some("dex"));
        assert_eq!(kind_of("assets/sdk.jar"), Some("jar"));
        assert_eq!(kind_of("assets/plugin.apk"), Some("apk"));
        assert_eq!(kind_of("assets/plugin.apk.bak"), None);
    }
}
