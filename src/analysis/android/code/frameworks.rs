//! App frameworks whose own code is not (only) DEX: Flutter (Dart compiled into `libapp.so`), Unity (C#
//! as .NET assemblies or compiled to native code by IL2CPP) and Xamarin / .NET for Android / .NET MAUI
//! (.NET assemblies). Each is named with the files that show it; what can be read is read:
//! - Flutter: the Dart packages listed in `assets/flutter_assets/NOTICES.Z` (known tracker SDKs by package
//!   name, `data/framework_sdks.tsv`) and the internet hosts in the printable strings of `libapp.so`;
//! - Unity, Xamarin, MAUI: the names of the managed assemblies (`assets/bin/Data/Managed/*.dll`, the
//!   IL2CPP metadata's image names, `assemblies/*.dll`, `assemblies.manifest`, `lib_*.dll.so`), tracker
//!   SDKs recognised by assembly name.
//!
//! The code itself (Dart beyond its strings, C# / IL) stays unread, and the report says so.

use std::collections::{BTreeSet, HashMap};

use super::super::super::archive::Archive;
use super::super::super::frameworks::notices;
use super::super::super::frameworks::strings::Strings;
use super::super::super::knowledge::framework_sdks::tracker_for;
use super::super::super::limits::Limits;
use super::super::super::report::{AppFramework, Evidence, OtherCode};
use super::domains;
use super::scan::{cut, evidence, record_hosts as record_string_hosts, DexHits, CLASSES_PER_TRACKER};

/// Bytes of `libapp.so` (or IL2CPP metadata) read for strings at most: real `libapp.so` files are 5-40 MB.
pub const MAX_STRINGS_BYTES: u64 = 64 * 1024 * 1024;
/// Compressed `NOTICES.Z` read at most (real ones are 100-500 KB).
const MAX_NOTICES_ZIPPED: u64 = 8 * 1024 * 1024;
/// Assemblies listed per framework at most (real apps ship tens to a few hundred).
pub const MAX_ASSEMBLIES: usize = 300;
/// Files named as evidence of a framework.
const EVIDENCE_FILES: usize = 3;
/// ABIs in the order their `libapp.so` is preferred: one copy is read, the others hold the same code.
const ABI_ORDER: &[&str] = &["arm64-v8a", "armeabi-v7a", "x86_64", "x86"];

/// What the file lists of a package (and the few files read) show, merged over its parts (a split set's
/// base and ABI splits), turned into report entries by `finish`.
#[derive(Debug, Default)]
pub struct Frameworks {
    flutter: Option<Seen>,
    unity: Option<Seen>,
    dotnet: Option<Seen>,
    notices: Option<(String, usize)>,
    notices_problem: Option<String>,
    strings_read: Option<String>,
    il2cpp: bool,
    maui: bool,
    pub other_code: Vec<OtherCode>,
    assemblies: BTreeSet<String>,
    assemblies_more: usize,
}

#[derive(Debug, Default)]
struct Seen {
    evidence: Vec<Evidence>,
}

impl Seen {
    /// Keeps `path` unless the evidence is full or names a file of that name already (the same library
    /// for another ABI says nothing more).
    fn add(&mut self, path: &str) {
        let file = |p: &str| p.rsplit('/').next().unwrap_or_default().to_string();
        if self.evidence.len() < EVIDENCE_FILES && !self.evidence.iter().any(|e| file(&e.text) == file(path)) {
            self.evidence.push(evidence("file", path, path));
        }
    }
}

fn lib_name(name: &str) -> Option<(&str, &str)> {
    let mut parts = name.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some("lib"), Some(abi), Some(file), None) if !abi.is_empty() => Some((abi, file)),
        _ => None,
    }
}

/// The assembly a file name stands for: `assemblies/Foo.dll`, `assemblies/arm64-v8a/Foo.dll`,
/// `assets/bin/Data/Managed/Foo.dll`, `lib/<abi>/lib_Foo.dll.so` → `Foo`.
fn assembly_of(name: &str) -> Option<&str> {
    if let Some((_, file)) = lib_name(name) {
        return file.strip_prefix("lib_").and_then(|f| f.strip_suffix(".dll.so"));
    }
    let file = name.rsplit('/').next()?;
    let in_place = name.starts_with("assemblies/") || name.starts_with("assets/bin/Data/Managed/");
    in_place.then(|| file.strip_suffix(".dll")).flatten().filter(|a| !a.is_empty())
}

impl Frameworks {
    /// Looks at one archive's file list (`names` as an APK has them; the entries are `folder` + name, shown
    /// as `prefix` + name) and reads its Flutter licence file, `libapp.so` strings and assembly lists.
    /// Tracker and host hits go to `found` with their origin (`flutter`, `assembly`).
    pub fn add(&mut self, archive: &mut Archive<'_>, names: &[String], folder: &str, prefix: &str, limits: &Limits, found: &mut Vec<(DexHits, &'static str)>) {
        let shown = |n: &str| format!("{prefix}{n}");
        let mut libapp: Vec<(usize, &String)> = Vec::new();
        let mut notices_entry: Option<&String> = None;
        let mut metadata: Option<&String> = None;
        let mut manifest: Option<&String> = None;
        let mut dotnet_assemblies: Vec<(&str, &String)> = Vec::new();
        let mut unity_assemblies: Vec<(&str, &String)> = Vec::new();
        for name in names {
            let lib = lib_name(name).map(|(_, f)| f);
            if matches!(lib, Some("libflutter.so" | "libapp.so")) || name.starts_with("assets/flutter_assets/") {
                if name.starts_with("assets/flutter_assets/") {
                    // One file of the asset folder stands for it.
                    if self.flutter.as_ref().is_none_or(|s| !s.evidence.iter().any(|e| e.text.contains("flutter_assets/"))) {
                        self.flutter.get_or_insert_with(Seen::default).add(&shown(name));
                    }
                } else {
                    self.flutter.get_or_insert_with(Seen::default).add(&shown(name));
                }
                if lib == Some("libapp.so") {
                    let rank = lib_name(name).and_then(|(abi, _)| ABI_ORDER.iter().position(|a| *a == abi)).unwrap_or(ABI_ORDER.len());
                    libapp.push((rank, name));
                }
                if matches!(name.as_str(), "assets/flutter_assets/NOTICES.Z" | "assets/flutter_assets/NOTICES") && notices_entry.is_none_or(|n| !n.ends_with(".Z")) {
                    notices_entry = Some(name);
                }
            }
            if matches!(lib, Some("libunity.so" | "libil2cpp.so" | "libmain.so")) && (lib != Some("libmain.so") || names.iter().any(|n| n.starts_with("assets/bin/Data/"))) {
                self.unity.get_or_insert_with(Seen::default).add(&shown(name));
                self.il2cpp |= lib == Some("libil2cpp.so");
            }
            if name.starts_with("assets/bin/Data/Managed/") {
                self.unity.get_or_insert_with(Seen::default).add(&shown(name));
                if name == "assets/bin/Data/Managed/Metadata/global-metadata.dat" {
                    metadata = Some(name);
                } else if let Some(a) = assembly_of(name) {
                    unity_assemblies.push((a, name));
                }
            }
            let mono = matches!(lib, Some("libmonodroid.so" | "libmonosgen-2.0.so" | "libxamarin-app.so"))
                || lib.is_some_and(|f| f.starts_with("libassemblies.") && f.ends_with(".blob.so"));
            // A folder named `assemblies/` alone is not enough: it must hold .NET assemblies or their store.
            let store = name.starts_with("assemblies/") && (name.ends_with(".dll") || name.ends_with(".blob") || name.ends_with(".manifest"));
            if mono || store {
                self.dotnet.get_or_insert_with(Seen::default).add(&shown(name));
            }
            if name.starts_with("assemblies/") || lib.is_some_and(|f| f.starts_with("lib_") && f.ends_with(".dll.so")) {
                if name == "assemblies/assemblies.manifest" {
                    manifest = Some(name);
                } else if let Some(a) = assembly_of(name) {
                    dotnet_assemblies.push((a, name));
                }
            }
        }
        let unity_hits = self.assemblies_found(&unity_assemblies, prefix);
        let dotnet_hits = self.assemblies_found(&dotnet_assemblies, prefix);
        for hits in [unity_hits, dotnet_hits].into_iter().flatten() {
            found.push((hits, "assembly"));
        }
        if let Some(entry) = manifest {
            if let Some(hits) = self.read_assembly_manifest(archive, &format!("{folder}{entry}"), &shown(entry)) {
                found.push((hits, "assembly"));
            }
        }
        if let Some(entry) = metadata {
            if let Some(hits) = self.read_il2cpp_names(archive, &format!("{folder}{entry}"), &shown(entry)) {
                found.push((hits, "assembly"));
            }
        }
        if let Some(entry) = notices_entry.filter(|_| self.notices.is_none()) {
            if let Some(hits) = self.read_notices(archive, &format!("{folder}{entry}"), &shown(entry)) {
                found.push((hits, "flutter"));
            }
        }
        // The preferred ABI's copy (a minimum, not a sort: no sort code for one pick in the worker).
        if let Some((_, entry)) = libapp.iter().min_by_key(|(rank, _)| *rank).filter(|_| self.strings_read.is_none()) {
            let hits = self.read_libapp(archive, &format!("{folder}{entry}"), &shown(entry), limits);
            found.push((hits, "flutter"));
        }
    }

    /// Names `assemblies` (name, entry) as other code, and the tracker SDKs among them.
    fn assemblies_found(&mut self, assemblies: &[(&str, &String)], prefix: &str) -> Option<DexHits> {
        let mut hits = DexHits::default();
        for (assembly, entry) in assemblies {
            let path = format!("{prefix}{entry}");
            self.note_assembly(assembly, &path, &mut hits, Some(&path));
        }
        (!hits.trackers.is_empty()).then_some(hits)
    }

    /// Records one assembly name: listed as other code (a file of its own when `file` is given), and as
    /// evidence of a tracker SDK when the table knows it.
    fn note_assembly(&mut self, assembly: &str, location: &str, hits: &mut DexHits, file: Option<&str>) {
        self.maui |= assembly.starts_with("Microsoft.Maui");
        if !self.assemblies.contains(assembly) {
            if self.assemblies.len() >= MAX_ASSEMBLIES {
                self.assemblies_more += 1;
                return;
            }
            self.assemblies.insert(assembly.to_string());
            self.other_code.push(OtherCode {
                path: file.map_or_else(|| format!("{location}!{assembly}.dll"), str::to_string),
                kind: "assembly".into(),
                bytes: 0,
                loaded_by_system: true,
                note: Some("only its name was read: its .NET code is not examined".into()),
            });
        }
        if let Some(tracker) = tracker_for("dotnet", assembly) {
            let list = hits.trackers.entry(tracker).or_default();
            if list.len() < CLASSES_PER_TRACKER {
                list.push(evidence("file", location, format!("{assembly}.dll")));
            }
        }
    }

    /// `assemblies/assemblies.manifest` (Xamarin's assembly store, .NET 6 and 7): a text table whose last
    /// column names each assembly of `assemblies.blob`.
    fn read_assembly_manifest(&mut self, archive: &mut Archive<'_>, entry: &str, shown: &str) -> Option<DexHits> {
        let text = archive.read(entry, 4 * 1024 * 1024).ok()?;
        let mut hits = DexHits::default();
        for line in text.split(|b| *b == b'\n').filter(|l| l.starts_with(b"0x")) {
            let Some(name) = line.split(|b| b.is_ascii_whitespace()).rfind(|w| !w.is_empty()) else { continue };
            let Ok(name) = std::str::from_utf8(name) else { continue };
            if name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) {
                self.note_assembly(name.trim_end_matches(".dll"), shown, &mut hits, None);
            }
        }
        Some(hits)
    }

    /// Unity IL2CPP: the C# assemblies are compiled into `libil2cpp.so`, but their image names
    /// (`Assembly-CSharp.dll`, `GoogleMobileAds.dll`) stay in `global-metadata.dat`'s strings.
    fn read_il2cpp_names(&mut self, archive: &mut Archive<'_>, entry: &str, shown: &str) -> Option<DexHits> {
        let mut names: Vec<String> = Vec::new();
        let mut strings = Strings::default();
        let mut take = |run: &[u8]| {
            if names.len() < MAX_ASSEMBLIES * 2 {
                if let Some(stem) = run.strip_suffix(b".dll").filter(|s| !s.is_empty() && s.len() <= 128) {
                    if stem.iter().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(b)) {
                        names.push(String::from_utf8_lossy(stem).into_owned());
                    }
                }
            }
        };
        let mut read = 0u64;
        let _ = archive.read_stream(entry, MAX_STRINGS_BYTES, &mut |piece| {
            read += piece.len() as u64;
            strings.feed(piece, &mut take);
            read < MAX_STRINGS_BYTES
        });
        strings.flush(&mut take);
        let mut hits = DexHits::default();
        for name in names {
            self.note_assembly(&name, shown, &mut hits, None);
        }
        Some(hits)
    }

    fn read_notices(&mut self, archive: &mut Archive<'_>, entry: &str, shown: &str) -> Option<DexHits> {
        let data = match archive.read(entry, MAX_NOTICES_ZIPPED) {
            Ok(d) => d,
            Err(e) => {
                self.notices_problem = Some(format!("{shown} could not be read: {}", e.message));
                return None;
            }
        };
        let (text, cut) = if entry.ends_with(".Z") {
            match notices::inflate(&data, notices::MAX_TEXT_BYTES) {
                Ok(t) => t,
                Err(e) => {
                    self.notices_problem = Some(format!("{shown} could not be read: {}", e.message));
                    return None;
                }
            }
        } else {
            (data, false)
        };
        let list = notices::parse_notices(&text);
        let mut hits = DexHits::default();
        for package in &list.packages {
            if let Some(tracker) = tracker_for("dart", package) {
                let ev = hits.trackers.entry(tracker).or_default();
                if ev.len() < CLASSES_PER_TRACKER {
                    ev.push(evidence("package", shown, package.clone()));
                }
            }
        }
        let note = (cut || list.truncated).then(|| "only the start of the list was read (it is longer than AppLens reads)".to_string());
        self.other_code.push(OtherCode { path: shown.into(), kind: "flutter_notices".into(), bytes: text.len() as u64, loaded_by_system: true, note });
        self.notices = Some((shown.to_string(), list.packages.len()));
        Some(hits)
    }

    /// The internet hosts in the printable strings of `libapp.so` (the app's Dart code, compiled).
    fn read_libapp(&mut self, archive: &mut Archive<'_>, entry: &str, shown: &str, limits: &Limits) -> DexHits {
        let mut hits = DexHits::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let max_hosts = limits.max_hosts as usize;
        let mut strings = Strings::default();
        let mut take = |run: &[u8]| record_hosts(&mut hits, &mut seen, shown, run, max_hosts);
        let mut read = 0u64;
        let result = archive.read_stream(entry, limits.max_entry_bytes, &mut |piece| {
            read += piece.len() as u64;
            strings.feed(piece, &mut take);
            read < MAX_STRINGS_BYTES
        });
        strings.flush(&mut take);
        let note = match result {
            Err(e) => Some(format!("its strings were read up to a problem ({}); the compiled Dart code is not examined", e.message)),
            Ok(_) if read >= MAX_STRINGS_BYTES => Some(format!("the strings of its first {} MB were read; the compiled Dart code is not examined", MAX_STRINGS_BYTES >> 20)),
            Ok(_) => Some("only its text strings were read; the compiled Dart code is not examined".into()),
        };
        let bytes = archive.declared_size(entry).unwrap_or(read);
        self.other_code.push(OtherCode { path: shown.into(), kind: "flutter_strings".into(), bytes, loaded_by_system: true, note });
        self.strings_read = Some(shown.to_string());
        hits
    }

    /// The frameworks found, for `code.frameworks`.
    pub fn finish(&self) -> Vec<AppFramework> {
        let mut out = Vec::new();
        let listed = |n: usize, more: usize| if more > 0 { format!("{n} (and {more} more not listed)") } else { n.to_string() };
        if let Some(seen) = &self.flutter {
            let packages = match (&self.notices, &self.notices_problem) {
                (Some((path, n)), _) => format!("the {n} Dart packages and engine libraries listed in {path}"),
                (None, Some(problem)) => format!("no package list ({problem})"),
                (None, None) => "no package list (the package has no NOTICES.Z)".into(),
            };
            let strings = match &self.strings_read {
                Some(path) => format!("the internet hosts in the text strings of {path}"),
                None => "no compiled Dart code (no libapp.so in this package)".into(),
            };
            out.push(AppFramework {
                id: "flutter".into(),
                name: "Flutter".into(),
                evidence: seen.evidence.clone(),
                read: format!("AppLens read {packages}, and {strings}; tracker SDKs are recognised by their Dart package name."),
                unread: Some("The Dart code itself beyond its strings: what the app's own code and its Dart packages do is not examined.".into()),
            });
        }
        let assemblies = listed(self.assemblies.len(), self.assemblies_more);
        if let Some(seen) = &self.unity {
            let how = if self.il2cpp { "compiled to native code by IL2CPP, in libil2cpp.so" } else { ".NET assemblies" };
            out.push(AppFramework {
                id: "unity".into(),
                name: "Unity".into(),
                evidence: seen.evidence.clone(),
                read: format!("AppLens read the names of its {assemblies} managed assemblies; tracker SDKs are recognised by assembly name."),
                unread: Some(format!("The game's C# code and its plugins' code ({how}): only their names were read.")),
            });
        }
        if let Some(seen) = &self.dotnet {
            let (id, name) = if self.maui { ("maui", ".NET MAUI") } else { ("xamarin", "Xamarin / .NET for Android") };
            out.push(AppFramework {
                id: id.into(),
                name: name.into(),
                evidence: seen.evidence.clone(),
                read: format!("AppLens read the names of its {assemblies} .NET assemblies; tracker SDKs are recognised by assembly name."),
                unread: Some("The app's C# code and its libraries' code (.NET assemblies): only their names were read.".into()),
            });
        }
        out
    }
}

/// Records the hosts one string names, as the DEX scan does for its strings.
fn record_hosts(hits: &mut DexHits, seen: &mut HashMap<String, usize>, location: &str, s: &[u8], max_hosts: usize) {
    let mut hosts: Vec<(String, bool)> = Vec::new();
    domains::hosts_in(s, |h, cleartext| hosts.push((h.to_string(), cleartext)));
    if hosts.is_empty() {
        return;
    }
    let ev = evidence("string", location, cut(&String::from_utf8_lossy(s)));
    record_string_hosts(hits, seen, hosts.into_iter(), &ev, max_hosts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assembly_names_from_every_layout() {
        assert_eq!(assembly_of("assemblies/Xamarin.Firebase.Analytics.dll"), Some("Xamarin.Firebase.Analytics"));
        assert_eq!(assembly_of("assemblies/arm64-v8a/System.Private.CoreLib.dll"), Some("System.Private.CoreLib"));
        assert_eq!(assembly_of("assets/bin/Data/Managed/GoogleMobileAds.dll"), Some("GoogleMobileAds"));
        assert_eq!(assembly_of("lib/arm64-v8a/lib_Microsoft.Maui.dll.so"), Some("Microsoft.Maui"));
        assert_eq!(assembly_of("assets/www/x.dll"), None);
        assert_eq!(assembly_of("lib/arm64-v8a/libfoo.so"), None);
    }
}
