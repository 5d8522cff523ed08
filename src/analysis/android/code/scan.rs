//! One DEX file's evidence, found without knowing any other file: the unit of code work. Because a
//! `DexHits` depends only on its file, the browser can share a large app's DEX files out to several
//! workers, and `CodeScan::absorb` merges the results in the app's DEX order into the same report a single
//! pass gives.
//!
//! Every list is capped here as it will be after merging (a few evidence items per tracker, capability
//! group and host; `max_hosts` hosts per file), so a hostile file cannot make a hit list grow without bound.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Anchored, Input, MatchKind, StartKind};
use memchr::memmem::Finder;
use serde::{Deserialize, Serialize};

use super::super::super::dex::{self, mutf8, Dex};
use super::super::super::error::Error;
use super::super::super::knowledge::capabilities::{SignatureDef, SignatureKind};
use super::super::super::knowledge::companies::ignored_host;
use super::super::super::knowledge::native::{packers, PackerDef, PackerMark};
use super::super::super::report::{DexFile, Evidence};
use super::components::Wanted;
use super::{capabilities, domains, trackers};

/// Class names kept as evidence per tracker: a few, so a reader can check without a class dump.
pub const CLASSES_PER_TRACKER: usize = 3;
/// References kept as evidence per capability and group.
pub const REFS_PER_GROUP: usize = 3;
/// Strings kept as evidence per host.
pub const STRINGS_PER_HOST: usize = 3;
/// Evidence strings are cut to this many characters.
const MAX_EVIDENCE_CHARS: usize = 200;

/// Evidence of one capability, per signature group (all groups must be found for the capability to be).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct CapabilityHit {
    pub groups: BTreeMap<String, Vec<Evidence>>,
}

impl CapabilityHit {
    /// Adds `ev` to `group` unless the group has its evidence already or holds the same text.
    pub fn record(&mut self, group: &str, ev: Evidence) {
        if !self.groups.contains_key(group) {
            self.groups.insert(group.to_string(), Vec::new());
        }
        if let Some(list) = self.groups.get_mut(group) {
            if list.len() < REFS_PER_GROUP && !list.iter().any(|e| e.text == ev.text) {
                list.push(ev);
            }
        }
    }
}

/// A host named by the code, with the strings that name it.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct HostHit {
    pub cleartext: bool,
    pub evidence: Vec<Evidence>,
}

impl HostHit {
    pub fn add(&mut self, cleartext: bool, ev: &Evidence) {
        self.cleartext |= cleartext;
        if self.evidence.len() < STRINGS_PER_HOST && !self.evidence.iter().any(|e| e.text == ev.text) {
            self.evidence.push(ev.clone());
        }
    }
}

/// A host as one file names it: `occurrences` counts every string naming it, for the count of hosts
/// left out when the app's list is full.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct SeenHost {
    pub host: String,
    pub hit: HostHit,
    pub occurrences: u64,
}

/// What one DEX file showed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DexHits {
    pub file: DexFile,
    /// The file could not be parsed (the warning says why); `file` then counts nothing.
    pub unreadable: bool,
    /// Bytes the entry inflated to: charged to the archive's budget when hits found elsewhere are used.
    pub inflated: u64,
    pub warnings: Vec<Error>,
    /// Tracker (index into the tracker table) → the first classes found.
    pub trackers: BTreeMap<u32, Vec<Evidence>>,
    /// Packer (index into the packer table) and a class of its, in the order found.
    pub packer_classes: Vec<(u32, Evidence)>,
    /// Capability (index into the capability table) → evidence.
    pub capabilities: BTreeMap<usize, CapabilityHit>,
    /// Hosts in the order the file first names them, at most `max_hosts`.
    pub hosts: Vec<SeenHost>,
    /// Strings naming a host past the first `max_hosts` of this file.
    pub hosts_dropped: u64,
    /// The classes of the manifest (`components::Wanted`) this file defines, in Java form, sorted.
    #[serde(default)]
    pub defined: Vec<String>,
    /// The digest of the list of classes looked for (`Wanted::digest`): finds made against another list
    /// answer another question and are not merged.
    #[serde(default)]
    pub wanted: u64,
}

impl DexHits {
    /// An entry that could not even be inflated, or parsed: the code summary lists it, the warning says why.
    pub fn unreadable(entry: &str, error: Error) -> Self {
        Self {
            file: DexFile { entry: entry.into(), version: None, classes: 0, methods: 0, strings: 0 },
            unreadable: true,
            warnings: vec![error],
            ..Self::default()
        }
    }
}

pub(super) fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_EVIDENCE_CHARS) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or(text)),
        None => text.to_string(),
    }
}

pub fn evidence(kind: &str, location: &str, text: impl Into<String>) -> Evidence {
    Evidence { kind: kind.into(), location: location.into(), text: text.into() }
}

/// `Landroid/content/ClipboardManager;->getPrimaryClip` → `android.content.ClipboardManager.getPrimaryClip()`.
fn readable_signature(sig: &SignatureDef) -> String {
    match (sig.kind, sig.member()) {
        (SignatureKind::Method, Some((class, name))) => format!("{}.{name}()", dex::java_name(class)),
        (SignatureKind::Field, Some((class, name))) => format!("{}.{name}", dex::java_name(class)),
        (SignatureKind::Type, _) => dex::java_name(sig.pattern),
        _ => sig.pattern.to_string(),
    }
}

/// Scans the DEX file `bytes` of entry `entry` (the name evidence gives as its location), also for the
/// manifest's classes in `wanted`. A malformed file gives `unreadable` hits with the reason; what it
/// yielded before a later problem is kept.
// Never inlined: it is called from three places (the loaded DEX files, the helper worker's prescan, carried
// code), and at opt-level 3 each inlined copy added about 50 KB to the worker's WebAssembly. One call per
// DEX file costs nothing.
#[inline(never)]
pub fn scan_dex(entry: &str, bytes: &[u8], max_hosts: usize, wanted: &Wanted) -> DexHits {
    let dex = match dex::parse(bytes) {
        Ok(d) => d,
        Err(mut e) => {
            e.message = format!("{}: {}", e.part, e.message);
            e.part = entry.to_string();
            let mut hits = DexHits::unreadable(entry, e);
            hits.inflated = bytes.len() as u64;
            hits.wanted = wanted.digest();
            return hits;
        }
    };
    let mut hits = DexHits {
        file: DexFile {
            entry: entry.into(),
            version: Some(u32::from(dex.version)),
            classes: dex.class_count(),
            methods: dex.method_count(),
            strings: dex.string_count(),
        },
        inflated: bytes.len() as u64,
        wanted: wanted.digest(),
        ..DexHits::default()
    };
    if dex.more_in_container {
        hits.warnings.push(Error::unsupported(
            entry,
            "this DEX container (version 041) holds more than one DEX file; only the first was read",
        ));
    }
    scan_classes(entry, &dex, wanted, &mut hits);
    scan_references(entry, &dex, &mut hits);
    scan_strings(entry, &dex, max_hosts, &mut hits);
    hits
}

/// Packers recognised by a class name prefix (their index in the packer table and name), and one anchored
/// automaton over the prefixes: each class is checked against the whole table in one short walk from its
/// first byte, instead of one comparison per prefix.
struct ClassMarks {
    marks: Vec<(u32, &'static str)>,
    automaton: Option<AhoCorasick>,
}

impl ClassMarks {
    /// The marks `descriptor` starts with, in table order.
    fn of(&self, descriptor: &[u8]) -> Vec<(u32, &'static str)> {
        let input = Input::new(descriptor).anchored(Anchored::Yes);
        let Some(matches) = self.automaton.as_ref().and_then(|a| a.try_find_overlapping_iter(input).ok()) else { return Vec::new() };
        matches.filter_map(|m| self.marks.get(m.pattern().as_usize()).copied()).collect()
    }
}

fn class_marks() -> &'static ClassMarks {
    static MARKS: OnceLock<ClassMarks> = OnceLock::new();
    MARKS.get_or_init(|| {
        let rows: Vec<(u32, &PackerDef)> = (0u32..).zip(packers()).filter(|(_, p)| p.mark == PackerMark::ClassPrefix).collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .start_kind(StartKind::Anchored)
            .build(rows.iter().map(|(_, p)| p.pattern))
            .ok();
        ClassMarks { marks: rows.iter().map(|(i, p)| (*i, p.name)).collect(), automaton }
    })
}

fn scan_classes(entry: &str, dex: &Dex<'_>, wanted: &Wanted, hits: &mut DexHits) {
    let matcher = trackers::matcher();
    let names = |i: u32| packers().get(i as usize).map(|p| p.name);
    let mut bad = 0u32;
    for descriptor in dex.class_descriptors() {
        let Ok(descriptor) = descriptor else {
            bad += 1;
            continue;
        };
        if wanted.wants(descriptor) {
            hits.defined.push(dex::java_name(&mutf8::decode(descriptor)));
        }
        for (index, name) in class_marks().of(descriptor) {
            if hits.packer_classes.iter().filter(|(p, _)| names(*p) == Some(name)).count() < CLASSES_PER_TRACKER
            {
                hits.packer_classes.push((index, evidence("class", entry, dex::java_name(&mutf8::decode(descriptor)))));
            }
        }
        let Some(name) = trackers::exodus_form(descriptor) else { continue };
        let found = &mut hits.trackers;
        let full = |found: &BTreeMap<u32, Vec<Evidence>>, o: u32| found.get(&o).is_some_and(|v| v.len() >= CLASSES_PER_TRACKER);
        let mut matched: Vec<u32> = Vec::new();
        matcher.for_each_match(name, |o| full(found, o), |o| matched.push(o));
        if matched.is_empty() {
            continue;
        }
        matched.sort_unstable();
        matched.dedup();
        let class = dex::java_name(&mutf8::decode(descriptor));
        for o in matched {
            let list = found.entry(o).or_default();
            if list.len() < CLASSES_PER_TRACKER {
                list.push(evidence("class", entry, class.clone()));
            }
        }
    }
    hits.defined.sort_unstable();
    hits.defined.dedup();
    if bad > 0 {
        hits.warnings.push(Error::malformed(entry, format!("{bad} class definitions could not be read and were skipped")));
    }
}

fn record_capability(hits: &mut DexHits, sig: &'static SignatureDef, ev: Evidence) {
    hits.capabilities.entry(sig.capability).or_default().record(sig.group, ev);
}

fn scan_references(entry: &str, dex: &Dex<'_>, hits: &mut DexHits) {
    let mut found = Vec::new();
    capabilities::matcher().scan_references(dex, |sig, _| found.push(sig));
    for sig in found {
        let kind = if sig.kind == SignatureKind::Type { "class" } else { "code" };
        record_capability(hits, sig, evidence(kind, entry, readable_signature(sig)));
    }
}

fn scan_strings(entry: &str, dex: &Dex<'_>, max_hosts: usize, hits: &mut DexHits) {
    let caps = capabilities::matcher();
    // Where each host sits in `hits.hosts`.
    let mut seen: HashMap<String, usize> = HashMap::new();
    // The strings that may hold a URL or a `string-contains` signature, found in one pass over all the
    // string data (in most files); every other string only needs the cheap whole-string tests.
    let marked = substring_hits(dex);
    let mut next_marked = marked.as_ref().map(|m| m.iter().copied().peekable());
    for (index, s) in (0u32..).zip(dex.strings()) {
        let thorough = match next_marked.as_mut() {
            None => true,
            Some(marks) => marks.next_if_eq(&index).is_some(),
        };
        let Ok(s) = s else { continue };
        let mut sigs: Vec<&'static SignatureDef> = Vec::new();
        caps.scan_string(s, thorough, |sig| sigs.push(sig));
        let mut hosts: Vec<(String, bool)> = Vec::new();
        let mut host = |h: &str, cleartext| hosts.push((h.to_string(), cleartext));
        if thorough {
            domains::hosts_in(s, &mut host);
        } else {
            domains::bare_host(s, &mut host);
        }
        if sigs.is_empty() && hosts.is_empty() {
            continue;
        }
        let text = cut(&mutf8::decode(s));
        for sig in sigs {
            record_capability(hits, sig, evidence("string", entry, format!("\"{text}\"")));
        }
        let ev = evidence("string", entry, text);
        record_hosts(hits, &mut seen, hosts.into_iter(), &ev, max_hosts);
    }
}

/// The patterns that make a string worth a thorough look: a URL's `://` and every `string-contains`
/// capability signature. One SIMD substring search each: one automaton for all of them was 20 times
/// slower here, its prefilter stopping at the `/` of every class name.
/// Adds the hosts one string names to `hits` with that string as evidence: once per host (`seen` maps a
/// host to its place), hosts the table ignores left out, and past `max_hosts` only counted.
pub(crate) fn record_hosts(
    hits: &mut DexHits,
    seen: &mut HashMap<String, usize>,
    hosts: impl Iterator<Item = (String, bool)>,
    ev: &Evidence,
    max_hosts: usize,
) {
    for (host, cleartext) in hosts {
        if ignored_host(&host).is_some() {
            continue;
        }
        let at = match seen.get(&host) {
            Some(&at) => at,
            None if hits.hosts.len() >= max_hosts => {
                hits.hosts_dropped += 1;
                continue;
            }
            None => {
                seen.insert(host.clone(), hits.hosts.len());
                hits.hosts.push(SeenHost { host, ..SeenHost::default() });
                hits.hosts.len() - 1
            }
        };
        if let Some(h) = hits.hosts.get_mut(at) {
            h.occurrences += 1;
            h.hit.add(cleartext, ev);
        }
    }
}

fn substring_finders() -> &'static [Finder<'static>] {
    static FINDERS: OnceLock<Vec<Finder<'static>>> = OnceLock::new();
    FINDERS.get_or_init(|| {
        std::iter::once(domains::URL_SEPARATOR).chain(capabilities::matcher().contained_patterns()).map(|p| Finder::new(p.as_bytes())).collect()
    })
}

/// The indexes (increasing, without repeats) of the strings of `dex` that may contain one of
/// `substring_finders`' patterns, from one search per pattern over the file's string data; `None` when
/// the strings are not laid out in order, and each string must be searched. A match is never split
/// between two strings (a NUL ends each, and no pattern holds one), so every string with a pattern is
/// marked; a few more may be (a match that starts in a string's length prefix).
pub(super) fn substring_hits(dex: &Dex<'_>) -> Option<Vec<u32>> {
    let (start, region) = dex.string_region()?;
    let mut marked: Vec<u32> = Vec::new();
    for finder in substring_finders() {
        // After a match, the search goes on from the next string: a hostile string made of millions of
        // `://` costs one mark and one search, not one of each per match.
        let mut from = 0usize;
        while let Some(at) = region.get(from..).and_then(|rest| finder.find(rest)) {
            let index = dex.string_before(start + from + at)?;
            if marked.last() != Some(&index) {
                marked.push(index);
            }
            let next = index.checked_add(1).and_then(|i| dex.string_offset(i)).map_or(region.len(), |off| off.saturating_sub(start));
            from = next.max(from + at + 1);
        }
    }
    marked.sort_unstable();
    marked.dedup();
    Some(marked)
}
