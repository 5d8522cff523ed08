//! What the archive's file list says about code AppLens cannot read as DEX: native libraries per CPU type
//! (and the SDKs and frameworks they belong to), packers' and protectors' files, and code files kept
//! outside the `classes*.dex` entries Android loads at start.

use std::collections::{BTreeMap, BTreeSet};

use crate::analysis::knowledge::native::{packers_marking_file, PackerDef};

/// Paths kept as evidence per item: enough to check, not a file listing.
const EVIDENCE_PER_ITEM: usize = 3;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NativeFile {
    pub abis: BTreeSet<String>,
    pub paths: Vec<String>,
}

#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    /// `lib/<abi>/<name>.so`, by file name.
    pub native: BTreeMap<String, NativeFile>,
    /// Packer marks found among the entries: (packer, path).
    pub packers: Vec<(&'static PackerDef, String)>,
    /// DEX, JAR and APK files that Android does not load by itself (it may be told to at run time).
    pub extra_code: Vec<String>,
    /// Large files of no known format that look encrypted or compressed (`payloads`), already shown with
    /// their part's prefix.
    pub opaque: Vec<super::payloads::OpaqueFile>,
}

/// `classes.dex`, `classes2.dex`, … at the archive's root: the DEX files Android loads.
pub fn is_loaded_dex(name: &str) -> bool {
    name.strip_prefix("classes")
        .and_then(|r| r.strip_suffix(".dex"))
        .is_some_and(|n| n.is_empty() || (n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0') && n != "1"))
}

/// A DEX, JAR or APK file that Android does not load by itself (it may be told to at run time): code the
/// app carries (`carried`).
pub fn is_carried_code(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let code_like = [".dex", ".odex", ".jar", ".apk"].iter().any(|ext| lower.ends_with(ext));
    code_like && !is_loaded_dex(name) && !lower.starts_with("meta-inf/")
}

/// The DEX files to read, in Android's order: `classes.dex`, then `classes2.dex`, `classes3.dex`, ….
pub fn loaded_dex_entries(names: &[String]) -> Vec<String> {
    let mut v: Vec<(u64, String)> = names
        .iter()
        .filter(|n| is_loaded_dex(n))
        .map(|n| (n.trim_start_matches("classes").trim_end_matches(".dex").parse().unwrap_or(1), n.clone()))
        .collect();
    v.sort();
    v.into_iter().map(|(_, n)| n).collect()
}

impl FileFacts {
    /// Adds another archive's facts (a split APK's, an App Bundle module's); its paths are shown as
    /// `prefix` + path, so evidence says which part a file is in.
    pub fn merge(&mut self, other: FileFacts, prefix: &str) {
        for (name, file) in other.native {
            let entry = self.native.entry(name).or_default();
            entry.abis.extend(file.abis);
            for path in file.paths {
                if entry.paths.len() < EVIDENCE_PER_ITEM {
                    entry.paths.push(format!("{prefix}{path}"));
                }
            }
        }
        for (packer, path) in other.packers {
            if self.packers.iter().filter(|(q, _)| q.name == packer.name).count() < EVIDENCE_PER_ITEM {
                self.packers.push((packer, format!("{prefix}{path}")));
            }
        }
        for path in other.extra_code {
            if self.extra_code.len() < 20 {
                self.extra_code.push(format!("{prefix}{path}"));
            }
        }
    }
}

pub fn examine_files(names: &[String]) -> FileFacts {
    let mut facts = FileFacts::default();
    for name in names {
        let lower = name.to_ascii_lowercase();
        let mut parts = name.split('/');
        if let (Some("lib"), Some(abi), Some(file), None) = (parts.next(), parts.next(), parts.next(), parts.next()) {
            if file.ends_with(".so") && !abi.is_empty() {
                let entry = facts.native.entry(file.to_string()).or_default();
                entry.abis.insert(abi.to_string());
                if entry.paths.len() < EVIDENCE_PER_ITEM {
                    entry.paths.push(name.clone());
                }
            }
        }
        for p in packers_marking_file(&lower) {
            if facts.packers.iter().filter(|(q, _)| q.name == p.name).count() < EVIDENCE_PER_ITEM {
                facts.packers.push((p, name.clone()));
            }
        }
        if is_carried_code(name) && facts.extra_code.len() < 20 {
            facts.extra_code.push(name.clone());
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dex_entries_in_android_order() {
        let n = names(&["classes10.dex", "classes2.dex", "classes.dex", "classes1.dex", "x/classes3.dex", "classes02.dex"]);
        assert_eq!(loaded_dex_entries(&n), ["classes.dex", "classes2.dex", "classes10.dex"]);
    }

    #[test]
    fn native_libraries_packers_and_extra_code() {
        let n = names(&[
            "lib/arm64-v8a/libflutter.so",
            "lib/armeabi-v7a/libflutter.so",
            "lib/arm64-v8a/libjiagu.so",
            "assets/libjiagu_x86.so",
            "assets/plugin.jar",
            "classes.dex",
            "lib/readme.txt",
        ]);
        let f = examine_files(&n);
        assert_eq!(f.native.keys().collect::<Vec<_>>(), ["libflutter.so", "libjiagu.so"]);
        assert_eq!(f.native["libflutter.so"].abis.iter().collect::<Vec<_>>(), ["arm64-v8a", "armeabi-v7a"]);
        assert_eq!(f.packers.len(), 2);
        assert!(f.packers.iter().all(|(p, _)| p.name == "360 Jiagu"));
        assert_eq!(f.extra_code, ["assets/plugin.jar"]);
    }
}
