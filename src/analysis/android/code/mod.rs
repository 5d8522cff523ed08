//! Android code evidence: what the `classes*.dex` files of a package say about trackers, the companies
//! that may get data, what the code can do, and the internet hosts it names; plus what the file list says
//! about code that cannot be read (native libraries, packers, code outside DEX), and the signs of code
//! hidden by a packer no table names (`hidden`: declared classes in no DEX file, opaque payloads).
//!
//! The entry point for any container is `CodeScan`: feed it every DEX file (an APK's, a split's, an AAB
//! module's), then `finish` it into `CodeFacts` and `apply` those to the report with the file list. Each
//! DEX is read once and dropped; only what was found is kept, so memory stays flat for the largest apps.
//! A file's evidence is found on its own (`scan`), so the browser can read several files at once on two
//! workers and merge them in the app's order (`prescan`), with the report a single pass gives.

pub mod capabilities;
pub mod carried;
pub mod components;
pub mod domains;
pub mod files;
pub mod frameworks;
pub mod hidden;
pub mod payloads;
pub mod prescan;
pub mod scan;
pub mod signature;
pub mod trackers;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use super::super::archive::Archive;
use super::super::error::Error;
use super::super::javascript::{self, frameworks::JsOutcome};
use super::super::knowledge::capabilities::capabilities;
use super::super::knowledge::companies::{company, domain_owner, Company};
use super::super::knowledge::jurisdictions::adequacy;
use super::super::knowledge::native::{native_library, packers, PackerDef};
use super::super::knowledge::trackers::trackers as tracker_table;
use super::super::limits::Limits;
use super::super::progress::{Progress, Stage};
use super::super::report::{
    AppFramework, Capability, CapabilityStatus, CodeSummary, DexFile, Domain, Evidence, NativeLibrary, OtherCode, Packer, Recipient, Report,
    Tracker,
};
use components::{DeclaredClass, Wanted};
use files::FileFacts;
use prescan::Prescan;
pub use scan::DexHits;
use scan::{evidence, scan_dex, CapabilityHit, HostHit, CLASSES_PER_TRACKER};
use signature::{network_alternatives, SignatureSet};

/// What the DEX files of one package showed.
#[derive(Clone, Debug, Default)]
pub struct CodeFacts {
    pub dex_files: Vec<DexFile>,
    pub classes: u64,
    /// DEX entries that could not be read or parsed (each also has a warning).
    pub unreadable: Vec<String>,
    pub warnings: Vec<Error>,
    trackers: BTreeMap<u32, Vec<Evidence>>,
    capabilities: BTreeMap<usize, CapabilityHit>,
    hosts: BTreeMap<String, HostHit>,
    /// Strings naming a host not kept because `max_hosts` was reached.
    pub hosts_dropped: u64,
    packer_classes: Vec<(&'static PackerDef, Evidence)>,
    /// The classes the manifest declares (`components::declared_classes`), as the scan looked for them.
    pub declared: Vec<DeclaredClass>,
    /// Those of them that some DEX file defines.
    pub defined: BTreeSet<String>,
    /// Trackers found in code outside the DEX files Android loads, with where (`carried_code`, `flutter`,
    /// `assembly`) and the first evidence: additions to Exodus's method, which reads the loaded DEX only.
    other_trackers: BTreeMap<u32, Vec<Evidence>>,
    /// (tracker, origin) of `other_trackers`, sorted, each once.
    other_origins: Vec<(u32, &'static str)>,
    /// Carried code (`carried`) and framework files read outside the loaded DEX files.
    pub other_code: Vec<OtherCode>,
    /// Carried code files that could not be read, shown with the reason: `assets/classes.dex (not a DEX file…)`.
    pub carried_unread: Vec<String>,
    /// Carried code files past the `carried::MAX_CARRIED` opened.
    pub carried_more: u64,
    /// Whether carried code was looked for (`CodeReader` does; a caller of `apply` with a file list only
    /// did not, and every carried file then counts as not examined).
    pub carried_examined: bool,
    /// App frameworks whose code is (partly) outside DEX (`frameworks`).
    pub frameworks: Vec<AppFramework>,
}

/// Merges the DEX files of one package, in the app's order, into `CodeFacts`.
pub struct CodeScan {
    facts: CodeFacts,
    max_hosts: usize,
    wanted: Wanted,
}

impl CodeScan {
    pub fn new(limits: &Limits) -> Self {
        Self { facts: CodeFacts::default(), max_hosts: limits.max_hosts as usize, wanted: Wanted::default() }
    }

    /// Looks for the manifest's classes too (`components`).
    pub fn wanting(mut self, wanted: Wanted) -> Self {
        self.wanted = wanted;
        self
    }

    /// The digest of the classes looked for: hits read ahead against another list are not absorbed.
    pub fn wanted_digest(&self) -> u64 {
        self.wanted.digest()
    }

    /// An entry that could not even be inflated: a warning, and the code summary says so.
    pub fn add_unreadable(&mut self, entry: &str, error: Error) {
        self.absorb(DexHits::unreadable(entry, error));
    }

    /// Reads one DEX file. A malformed one becomes a warning; what it yielded before the problem is kept.
    pub fn add_dex(&mut self, entry: &str, bytes: &[u8]) {
        let hits = scan_dex(entry, bytes, self.max_hosts, &self.wanted);
        self.absorb(hits);
    }

    /// Adds one file's hits after those of the files before it, with the caps a single pass would apply:
    /// the first few evidence items of each thing across files, the first `max_hosts` hosts.
    pub fn absorb(&mut self, hits: DexHits) {
        let facts = &mut self.facts;
        if hits.unreadable {
            facts.unreadable.push(hits.file.entry.clone());
        }
        facts.classes += u64::from(hits.file.classes);
        facts.dex_files.push(hits.file);
        facts.warnings.extend(hits.warnings);
        for (tracker, found) in hits.trackers {
            let list = facts.trackers.entry(tracker).or_default();
            let room = CLASSES_PER_TRACKER.saturating_sub(list.len());
            list.extend(found.into_iter().take(room));
        }
        for (index, ev) in hits.packer_classes {
            let Some(packer) = packers().get(index as usize) else { continue };
            if facts.packer_classes.iter().filter(|(p, _)| p.name == packer.name).count() < CLASSES_PER_TRACKER {
                facts.packer_classes.push((packer, ev));
            }
        }
        self.absorb_found(hits.capabilities, hits.hosts, hits.hosts_dropped);
        self.facts.defined.extend(hits.defined);
    }

    /// Adds the hits of code read outside the DEX files Android loads (`origin`: `carried_code`, `flutter`,
    /// `assembly`): its capabilities and hosts count as the app's, its trackers are kept apart, marked by
    /// origin, so the trackers of the loaded DEX files stay exactly Exodus's method.
    pub fn absorb_other(&mut self, hits: DexHits, origin: &'static str) {
        self.facts.warnings.extend(hits.warnings);
        for (tracker, found) in hits.trackers {
            if let Err(at) = self.facts.other_origins.binary_search(&(tracker, origin)) {
                self.facts.other_origins.insert(at, (tracker, origin));
            }
            let list = self.facts.other_trackers.entry(tracker).or_default();
            let room = CLASSES_PER_TRACKER.saturating_sub(list.len());
            list.extend(found.into_iter().take(room));
        }
        self.absorb_found(hits.capabilities, hits.hosts, hits.hosts_dropped);
    }

    fn absorb_found(&mut self, capabilities: BTreeMap<usize, CapabilityHit>, hosts: Vec<scan::SeenHost>, hosts_dropped: u64) {
        let facts = &mut self.facts;
        let hits = Found { capabilities, hosts, hosts_dropped };
        for (capability, hit) in hits.capabilities {
            let merged = facts.capabilities.entry(capability).or_default();
            for (group, list) in hit.groups {
                for ev in list {
                    merged.record(&group, ev);
                }
            }
        }
        for seen in hits.hosts {
            if !facts.hosts.contains_key(&seen.host) && facts.hosts.len() >= self.max_hosts {
                facts.hosts_dropped += seen.occurrences;
                continue;
            }
            let merged = facts.hosts.entry(seen.host).or_default();
            merged.cleartext |= seen.hit.cleartext;
            for ev in &seen.hit.evidence {
                merged.add(seen.hit.cleartext, ev);
            }
        }
        facts.hosts_dropped += hits.hosts_dropped;
    }

    pub fn finish(self) -> CodeFacts {
        let mut facts = self.facts;
        facts.declared = self.wanted.into_declared();
        facts
    }
}

/// The parts of a file's hits that count the same wherever the code was found.
struct Found {
    capabilities: BTreeMap<usize, CapabilityHit>,
    hosts: Vec<scan::SeenHost>,
    hosts_dropped: u64,
}

/// Convenience for callers that have all DEX files at hand: `(entry name, bytes or the read error)`.
pub fn examine_code(dex_files: impl IntoIterator<Item = (String, Result<Vec<u8>, Error>)>, limits: &Limits) -> CodeFacts {
    let mut scan = CodeScan::new(limits);
    for (entry, bytes) in dex_files {
        match bytes {
            Ok(b) => scan.add_dex(&entry, &b),
            Err(e) => scan.add_unreadable(&entry, e),
        }
    }
    scan.finish()
}

/// Reads every `classes*.dex` of an APK (in Android's order, one at a time; those in `prescan` were read
/// ahead elsewhere) and the archive's file list, and writes what they show into the report. Progress is
/// reported per DEX file.
pub fn read_apk_code(
    archive: &mut Archive<'_>,
    limits: &Limits,
    wanted: Wanted,
    prescan: &mut Prescan,
    report: &mut Report,
    progress: &mut dyn FnMut(Progress),
) {
    let mut reader = CodeReader::new(limits).wanting(wanted).with_prescan(prescan);
    let entries = files::loaded_dex_entries(archive.names());
    let names = archive.names().to_vec();
    reader.add(archive, &entries, &names, "", &mut |f| progress(Progress::new(Stage::Code, f)));
    reader.finish(report);
}

/// Reads code from one or several archives into one result: an APK, the splits of a split set, or the
/// modules of an App Bundle (a split's or module's DEX adds to the app's code like its own classes).
pub struct CodeReader<'l> {
    limits: &'l Limits,
    scan: CodeScan,
    files: FileFacts,
    read: usize,
    skipped: Vec<String>,
    prescan: Option<&'l mut Prescan>,
    /// Files the package may still have sampled for opaque payloads (`payloads::MAX_SAMPLED` in all).
    samples_left: usize,
    /// How deep in the package the archives given to `add` are: 0 for the package itself (an APK, an App
    /// Bundle), 1 for a split set's APKs. An archive they carry is one level deeper (`Limits::max_nesting`).
    depth: u32,
    /// Carried files still to be opened (`carried::MAX_CARRIED`) and DEX files still to be read in them.
    carried_left: usize,
    carried_dex_left: u32,
    frameworks: frameworks::Frameworks,
    /// What the JavaScript of a Cordova, Capacitor or React Native app showed (the first part that has one).
    js: Option<JsOutcome>,
}

impl<'l> CodeReader<'l> {
    pub fn new(limits: &'l Limits) -> Self {
        Self {
            limits,
            scan: CodeScan::new(limits),
            files: FileFacts::default(),
            read: 0,
            skipped: Vec::new(),
            prescan: None,
            samples_left: payloads::MAX_SAMPLED,
            depth: 0,
            carried_left: carried::MAX_CARRIED,
            carried_dex_left: limits.max_dex_files,
            frameworks: frameworks::Frameworks::default(),
            js: None,
        }
    }

    /// The archives given to `add` are inside another package (a split set's APKs).
    pub fn nested(mut self) -> Self {
        self.depth = 1;
        self
    }

    /// Looks for the classes the manifest declares in every DEX file (`components`).
    pub fn wanting(mut self, wanted: Wanted) -> Self {
        self.scan = self.scan.wanting(wanted);
        self
    }

    /// Uses the hits of DEX files read ahead, by the name the report gives each file (`PlannedDex::shown`).
    pub fn with_prescan(mut self, prescan: &'l mut Prescan) -> Self {
        self.prescan = Some(prescan);
        self
    }

    /// Reads `dex_entries` of `archive` and examines `names` (paths as an APK would have them, e.g.
    /// `lib/arm64-v8a/x.so`); `prefix` names the part in evidence (`config.arm64_v8a.apk: `).
    pub fn add(&mut self, archive: &mut Archive<'_>, dex_entries: &[String], names: &[String], prefix: &str, progress: &mut dyn FnMut(f64)) {
        self.files.merge(files::examine_files(names), prefix);
        // Before the DEX files, so the inflation budget left for them is the same with or without a prescan.
        // An App Bundle module's prefix is its folder (`base/`); a split's names the APK it is in.
        let folder = if prefix.ends_with('/') { prefix } else { "" };
        let opaque = payloads::find_opaque(archive, folder, prefix, &mut self.samples_left);
        self.files.opaque.extend(opaque);
        if self.js.is_none() {
            // Only an app built with a JavaScript framework has any of this read (its file list says so).
            self.js = javascript::frameworks::read(archive, folder, true, self.limits.max_hosts as usize).map(|js| js.shown_in(prefix, folder));
        }
        let total = dex_entries.len().max(1) as f64;
        for (i, entry) in dex_entries.iter().enumerate() {
            progress(i as f64 / total);
            // An App Bundle's entries already carry their module (`base/dex/classes.dex`).
            let shown = if entry.starts_with(prefix) { entry.clone() } else { format!("{prefix}{entry}") };
            if self.read >= self.limits.max_dex_files as usize {
                self.skipped.push(shown);
                continue;
            }
            self.read += 1;
            let digest = self.scan.wanted_digest();
            let ahead = self.prescan.as_mut().and_then(|p| p.take(&shown)).filter(|h| h.file.entry == shown && h.wanted == digest);
            if let Some(hits) = ahead.filter(|h| archive.charge(entry, self.limits.max_entry_bytes, h.inflated)) {
                self.scan.absorb(hits);
                if let Some(p) = self.prescan.as_mut() {
                    p.count_used();
                }
                continue;
            }
            match archive.read(entry, self.limits.max_entry_bytes) {
                Ok(bytes) => self.scan.add_dex(&shown, &bytes),
                Err(e) => self.scan.add_unreadable(&shown, e),
            }
        }
        // After the loaded DEX files, so their inflation budget is the same with or without a prescan; read
        // here in every case (never ahead), so the browser and the command line give the same report.
        self.add_carried(archive, names, folder, prefix);
        let mut found = Vec::new();
        self.frameworks.add(archive, names, folder, prefix, self.limits, &mut found);
        for (hits, origin) in found {
            self.scan.absorb_other(hits, origin);
        }
        progress(1.0);
    }

    fn add_carried(&mut self, archive: &mut Archive<'_>, names: &[String], folder: &str, prefix: &str) {
        self.scan.facts.carried_examined = true;
        for name in names.iter().filter(|n| files::is_carried_code(n)) {
            let shown = format!("{prefix}{name}");
            if self.carried_left == 0 {
                self.scan.facts.carried_more += 1;
                continue;
            }
            self.carried_left -= 1;
            let entry = format!("{folder}{name}");
            match carried::read_carried(archive, &entry, &shown, self.limits, self.depth < self.limits.max_nesting, &mut self.carried_dex_left) {
                carried::Carried::Unread { path, reason } => self.scan.facts.carried_unread.push(format!("{path} ({reason})")),
                carried::Carried::Read(read) => {
                    self.scan.facts.other_code.push(OtherCode {
                        path: read.path.clone(),
                        kind: read.kind.into(),
                        bytes: read.bytes,
                        loaded_by_system: false,
                        note: read.note.clone(),
                    });
                    for (path, bytes) in &read.inner {
                        self.scan.facts.other_code.push(OtherCode { path: path.clone(), kind: "dex".into(), bytes: *bytes, loaded_by_system: false, note: None });
                    }
                    for hits in read.hits {
                        self.scan.absorb_other(hits, "carried_code");
                    }
                }
            }
        }
    }

    /// Writes what was read into the report (after the manifest: capabilities are cross-checked with it).
    pub fn finish(self, report: &mut Report) {
        let mut facts = self.scan.finish();
        facts.frameworks = self.frameworks.finish();
        facts.other_code.extend(self.frameworks.other_code);
        for entry in self.skipped {
            facts.warnings.push(Error::limit(entry.as_str(), format!("more than {} DEX files: this one was not read", self.limits.max_dex_files)));
            facts.unreadable.push(entry);
        }
        apply(&facts, &self.files, report);
        if let Some(js) = self.js {
            javascript::merge::merge(js, report);
        }
    }
}

/// Network signatures of every tracker in one automaton, over host names; owners index the tracker table.
fn host_matcher() -> &'static SignatureSet {
    static SET: OnceLock<SignatureSet> = OnceLock::new();
    SET.get_or_init(|| {
        SignatureSet::new(
            tracker_table()
                .iter()
                .enumerate()
                .flat_map(|(i, t)| network_alternatives(t.network_signature).flatten().map(move |a| (i as u32, a))),
        )
    })
}

/// Who runs `host`: the company of the domain table, else of a tracker whose network signature matches it;
/// and that tracker's name when it is among `present` (Exodus's network signatures are broad:
/// `\.google\.com` stands for Google Ads, so a tracker is named only when its code is in the app too).
pub fn host_owner(host: &str, present: &[&str]) -> (Option<&'static Company>, Option<&'static str>) {
    let table = tracker_table();
    let mut matched: Vec<u32> = Vec::new();
    host_matcher().for_each_match(host.as_bytes(), |_| false, |o| matched.push(o));
    matched.sort_unstable();
    let tracker = matched.iter().filter_map(|&o| table.get(o as usize)).find(|t| present.contains(&t.name));
    let any = matched.first().and_then(|&o| table.get(o as usize));
    let owner = domain_owner(host).or_else(|| any.and_then(|t| company(t.company)));
    (owner, tracker.map(|t| t.name))
}

/// Who may get the data: every company behind a tracker or a host of the report (not open-source
/// projects), ordered by country then name.
pub fn recipients_of(report: &Report) -> Vec<Recipient> {
    let mut recipients: BTreeMap<&str, Recipient> = BTreeMap::new();
    let mut add = |name: &str, tracker: Option<&str>, host: Option<&str>| {
        let Some(c) = company(name).filter(|c| c.basis != "open-source") else { return };
        let r = recipients.entry(c.name).or_insert_with(|| Recipient {
            company: c.name.into(),
            country: c.country.map(str::to_string),
            trackers: Vec::new(),
            domains: Vec::new(),
            adequacy: adequacy(c.country),
        });
        if let Some(t) = tracker.filter(|t| !r.trackers.iter().any(|x| x == t)) {
            r.trackers.push(t.into());
        }
        if let Some(h) = host.filter(|h| !r.domains.iter().any(|x| x == h)) {
            r.domains.push(h.into());
        }
    };
    for t in &report.trackers {
        add(&t.company, Some(&t.name), None);
    }
    for d in &report.domains {
        if let Some(c) = &d.company {
            add(c, None, Some(&d.host));
        }
    }
    let mut recipients: Vec<Recipient> = recipients.into_values().collect();
    recipients.sort_by(|a, b| (a.country.is_none(), &a.country, &a.company).cmp(&(b.country.is_none(), &b.country, &b.company)));
    recipients
}

fn list_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Writes `code` (from the DEX files) and `files` (from the archive's file list) into the report. The
/// manifest must have been read first: capabilities are cross-checked with the permissions it asks for.
pub fn apply(code: &CodeFacts, files: &FileFacts, report: &mut Report) {
    let table = tracker_table();
    for w in &code.warnings {
        report.warn(w);
    }

    // Trackers, in table order (Exodus ids ascending, then AppLens's additions). Those of the loaded DEX
    // files are Exodus's method and keep its evidence; code read elsewhere adds where else each was found,
    // and the trackers found only there.
    let mut indexes: Vec<u32> = code.trackers.keys().chain(code.other_trackers.keys()).copied().collect();
    indexes.sort_unstable();
    indexes.dedup();
    for index in indexes {
        let Some(t) = table.get(index as usize) else { continue };
        let other = code.other_trackers.get(&index);
        let mut found_in: Vec<String> = Vec::new();
        if code.trackers.contains_key(&index) {
            found_in.push("dex".into());
        }
        found_in.extend(code.other_origins.iter().filter(|(i, _)| *i == index).map(|(_, o)| o.to_string()));
        let evidence = code.trackers.get(&index).or(other).cloned().unwrap_or_default();
        report.trackers.push(Tracker {
            name: t.name.into(),
            exodus_id: t.exodus_id,
            company: t.company.into(),
            country: t.country.map(str::to_string),
            categories: t.categories().map(str::to_string).collect(),
            website: t.website.into(),
            evidence,
            found_in,
        });
    }

    // Capabilities, cross-checked with the manifest. A permission counts as used when any capability
    // that needs it was found; one left unused is reported once, under the first capability that needs it.
    let requested = |p: &str| report.permissions.iter().find(|q| q.name == p);
    let sigs = super::super::knowledge::capabilities::signatures();
    let found: Vec<bool> = capabilities()
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let groups: BTreeSet<&str> = sigs.iter().filter(|s| s.capability == i).map(|s| s.group).collect();
            code.capabilities.get(&i).is_some_and(|hit| groups.iter().all(|g| hit.groups.get(*g).is_some_and(|v| !v.is_empty())))
        })
        .collect();
    let used: BTreeSet<&str> = capabilities()
        .iter()
        .zip(&found)
        .filter(|(_, f)| **f)
        .flat_map(|(c, _)| c.permissions.iter().copied())
        .collect();
    let mut reported_unused: BTreeSet<&str> = BTreeSet::new();
    let mut caps = Vec::new();
    for (i, def) in capabilities().iter().enumerate() {
        let asked: Vec<&str> = def.permissions.iter().copied().filter(|p| requested(p).is_some()).collect();
        let is_found = found.get(i).copied().unwrap_or(false);
        let (status, evidence) = if is_found {
            let ev: Vec<Evidence> = code.capabilities.get(&i).map(|h| h.groups.values().flatten().cloned().collect()).unwrap_or_default();
            let status = if def.permissions.is_empty() {
                CapabilityStatus::NoPermissionNeeded
            } else if asked.is_empty() {
                CapabilityStatus::UsedNotRequested
            } else {
                CapabilityStatus::RequestedAndUsed
            };
            (status, ev)
        } else {
            let unused: Vec<&str> = asked.iter().copied().filter(|p| !used.contains(p) && !reported_unused.contains(p)).collect();
            if unused.is_empty() || code.dex_files.is_empty() {
                continue;
            }
            reported_unused.extend(unused.iter().copied());
            let ev = unused.iter().filter_map(|p| requested(p)).flat_map(|p| p.evidence.iter().cloned()).collect();
            (CapabilityStatus::RequestedNotFound, ev)
        };
        caps.push(Capability {
            id: def.id.into(),
            title: def.title.into(),
            meaning: def.meaning.into(),
            permissions: def.permissions.iter().map(|p| p.to_string()).collect(),
            status,
            evidence,
        });
    }
    report.capabilities.extend(caps);

    // Domains: owner by the domain table, else by a tracker's network signature.
    for (host, hit) in &code.hosts {
        let present: Vec<&str> = report.trackers.iter().map(|t| t.name.as_str()).collect();
        let (owner, tracker) = host_owner(host, &present);
        report.domains.push(Domain {
            host: host.clone(),
            cleartext: hit.cleartext,
            company: owner.map(|c| c.name.to_string()),
            country: owner.and_then(|c| c.country).map(str::to_string),
            tracker: tracker.map(str::to_string),
            evidence: hit.evidence.clone(),
        });
    }
    report.recipients = recipients_of(report);

    // Native libraries.
    let mut frameworks: Vec<&str> = Vec::new();
    for (name, f) in &files.native {
        let known = native_library(name);
        if let Some(k) = known.filter(|k| k.framework) {
            let label = k.name.split(" (").next().unwrap_or(k.name);
            if !frameworks.contains(&label) && !framework_read(&code.frameworks, label) {
                frameworks.push(label);
            }
        }
        report.native_libraries.push(NativeLibrary {
            name: name.clone(),
            abis: f.abis.iter().cloned().collect(),
            sdk: known.map(|k| k.name.to_string()),
            company: known.map(|k| k.company).filter(|c| !c.is_empty()).map(str::to_string),
            evidence: f.paths.iter().map(|p| evidence("file", p, p.clone())).collect(),
        });
    }

    // Packers, from files and classes.
    let mut packed: BTreeMap<&str, Packer> = BTreeMap::new();
    let marks = files.packers.iter().map(|(p, path)| (*p, evidence("file", path, path.clone())));
    for (p, ev) in marks.chain(code.packer_classes.iter().map(|(p, e)| (*p, e.clone()))) {
        let entry = packed.entry(p.name).or_insert_with(|| Packer {
            name: p.name.into(),
            company: Some(p.company).filter(|c| !c.is_empty()).map(str::to_string),
            evidence: Vec::new(),
        });
        entry.evidence.push(ev);
    }
    report.packers = packed.into_values().collect();

    // Hidden code found without a name: declared classes in no DEX file, opaque files and a loader.
    let (hidden, hidden_limitation) = hidden::detect(code, &files.opaque, loader_evidence(code, files, &found));

    // The carried files themselves (not the DEX files read inside a carried JAR or APK, `outer!inner`).
    let carried: Vec<&str> =
        code.other_code.iter().filter(|o| carried::kind_of(&o.path).is_some() && !o.path.contains('!')).map(|o| o.path.as_str()).collect();
    let mut carried_unread = code.carried_unread.clone();
    if !code.carried_examined {
        carried_unread.extend(files.extra_code.iter().map(|path| format!("{path} (not examined)")));
    }
    if code.carried_more > 0 {
        carried_unread.push(format!("{} more (AppLens opens at most {})", code.carried_more, carried::MAX_CARRIED));
    }
    // What could not be seen, said plainly: no "no trackers" when part of the code was hidden.
    let complete = !code.dex_files.is_empty()
        && code.unreadable.is_empty()
        && report.packers.is_empty()
        && carried_unread.is_empty()
        && code.frameworks.iter().all(|f| f.unread.is_none())
        && hidden.is_empty();
    if code.dex_files.is_empty() {
        report.limitation(
            "android.code.none",
            "This package contains no classes.dex, so it holds no Android code AppLens could read: trackers and code capabilities could not be checked.",
        );
    }
    if !code.unreadable.is_empty() {
        report.limitation(
            "android.code.partial",
            format!(
                "{} of the {} DEX code files could not be read ({}): trackers and capabilities in them are not reported.",
                code.unreadable.len(),
                code.dex_files.len().max(code.unreadable.len()),
                code.unreadable.join(", ")
            ),
        );
    }
    if !report.packers.is_empty() {
        let names: Vec<&str> = report.packers.iter().map(|p| p.name.as_str()).collect();
        report.limitation(
            "android.code.packed",
            format!(
                "This app is protected or packed with {}, which hides code from analysis: the trackers and capabilities listed may be incomplete, and finding none would not mean there are none.",
                list_names(&names)
            ),
        );
    }
    if let Some(message) = hidden_limitation {
        report.limitation("android.code.hidden", message);
    }
    if !carried.is_empty() {
        report.limitation(
            "android.code.carried",
            format!(
                "The package carries code that Android does not load by itself ({}); the app may load it while it runs, or never. AppLens read it: what it found only there is marked as found in carried code.",
                carried.join(", ")
            ),
        );
    }
    if !carried_unread.is_empty() {
        report.limitation(
            "android.code.extra",
            format!(
                "The package carries code files that Android does not load by itself and that AppLens could not read: {}. The app may load them while it runs; trackers and capabilities in them are not reported.",
                carried_unread.join(", ")
            ),
        );
    }
    if !frameworks.is_empty() {
        report.limitation(
            "android.code.framework",
            format!(
                "This app is built with {}: part of its own code is compiled into native libraries that AppLens does not examine. SDKs that collect data usually also include Android (DEX) code, which was examined.",
                list_names(&frameworks)
            ),
        );
    }
    for f in &code.frameworks {
        let Some(unread) = &f.unread else { continue };
        report.limitation(
            &format!("android.code.{}", f.id),
            format!("This app is built with {}. {} Not read: {}", f.name, f.read, crate::analysis::present::lower_first(unread)),
        );
    }
    if !files.native.is_empty() {
        report.limitation(
            "android.code.native",
            format!(
                "The app contains {} native librar{} (compiled C/C++ code); AppLens lists them and recognises known SDKs by name, but does not examine their code.",
                files.native.len(),
                if files.native.len() == 1 { "y" } else { "ies" }
            ),
        );
    }
    if code.hosts_dropped > 0 {
        report.limitation("android.code.hosts", format!("The code names more internet hosts than AppLens lists; {} were left out.", code.hosts_dropped));
    }
    report.code = Some(CodeSummary {
        dex_files: code.dex_files.clone(),
        classes: code.classes,
        complete,
        hidden,
        frameworks: code.frameworks.clone(),
        other_code: code.other_code.clone(),
    });
}

/// Whether `frameworks` (read by `frameworks::Frameworks`) says more about the native-library framework
/// `label` (`Flutter`, `Unity engine`, `.NET for Android`) than the generic "not examined" limitation.
fn framework_read(frameworks: &[AppFramework], label: &str) -> bool {
    frameworks.iter().any(|f| match f.id.as_str() {
        "flutter" => label.starts_with("Flutter"),
        "unity" => label.starts_with("Unity"),
        "xamarin" | "maui" => label.starts_with(".NET"),
        _ => false,
    })
}

/// The first sign that the app can load code at run time, for the opaque-payload check: a reference to a
/// class loader (the `dynamic_code` capability), then to `System.load`/`loadLibrary` (`native_code`), then
/// a native library (a decryptor needs no Java loader of its own to map code).
fn loader_evidence(code: &CodeFacts, files: &FileFacts, found: &[bool]) -> Option<Evidence> {
    let capability = |id: &str| {
        let index = capabilities().iter().position(|c| c.id == id)?;
        found.get(index).copied().filter(|f| *f)?;
        code.capabilities.get(&index)?.groups.values().flatten().next().cloned()
    };
    capability("dynamic_code")
        .or_else(|| capability("native_code"))
        .or_else(|| files.native.values().flat_map(|n| n.paths.first()).next().map(|p| evidence("file", p, p.clone())))
}

#[cfg(test)]
mod tests;

