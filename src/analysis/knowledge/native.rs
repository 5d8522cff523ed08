//! Native libraries of known SDKs and frameworks (`data/native_libraries.tsv`) and the marks that packers
//! and protectors leave in a package (`data/packers.tsv`).

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::tsv::{field, rows};

const LIBRARIES: &str = include_str!("../../../data/native_libraries.tsv");
const PACKERS: &str = include_str!("../../../data/packers.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NativeLibraryDef {
    pub pattern: &'static str,
    pub prefix: bool,
    pub name: &'static str,
    /// A company of `companies.tsv`, or "" for open-source projects.
    pub company: &'static str,
    /// The app is built with a framework whose own code is outside the DEX files.
    pub framework: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackerMark {
    FileExact,
    FilePrefix,
    FileSuffix,
    FileContains,
    ClassPrefix,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PackerDef {
    pub name: &'static str,
    pub company: &'static str,
    pub mark: PackerMark,
    pub pattern: &'static str,
    /// Where the mark comes from (an APKiD rule file and rule, or AppLens's reading of public analyses).
    pub source: &'static str,
}

pub fn native_libraries() -> &'static [NativeLibraryDef] {
    static ROWS: OnceLock<Vec<NativeLibraryDef>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(LIBRARIES)
            .map(|r| NativeLibraryDef {
                pattern: field(&r, 0),
                prefix: field(&r, 1) == "prefix",
                name: field(&r, 2),
                company: field(&r, 3),
                framework: field(&r, 4) == "framework",
            })
            .collect()
    })
}

/// The known library a file name (`libflutter.so`) belongs to.
pub fn native_library(file_name: &str) -> Option<&'static NativeLibraryDef> {
    native_libraries()
        .iter()
        .find(|d| if d.prefix { file_name.starts_with(d.pattern) } else { file_name == d.pattern })
}

pub fn packers() -> &'static [PackerDef] {
    static ROWS: OnceLock<Vec<PackerDef>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(PACKERS)
            .filter_map(|r| {
                let mark = match field(&r, 2) {
                    "file-exact" => PackerMark::FileExact,
                    "file-prefix" => PackerMark::FilePrefix,
                    "file-suffix" => PackerMark::FileSuffix,
                    "file-contains" => PackerMark::FileContains,
                    "class-prefix" => PackerMark::ClassPrefix,
                    _ => return None,
                };
                Some(PackerDef { name: field(&r, 0), company: field(&r, 1), mark, pattern: field(&r, 3), source: field(&r, 4) })
            })
            .collect()
    })
}

/// The packers whose file marks an archive entry path (lower-cased) carries, in table order. One automaton
/// over every file mark: an app of a hundred thousand files is checked against the whole table in one
/// pass per path, not one search per mark.
pub fn packers_marking_file(path_lower: &str) -> Vec<&'static PackerDef> {
    /// The file marks with their row in the table, and the automaton over their patterns.
    struct FileMarks {
        marks: Vec<(usize, &'static PackerDef)>,
        automaton: Option<AhoCorasick>,
    }
    static MARKS: OnceLock<FileMarks> = OnceLock::new();
    let table = MARKS.get_or_init(|| {
        let marks: Vec<(usize, &'static PackerDef)> = packers().iter().enumerate().filter(|(_, p)| p.mark != PackerMark::ClassPrefix).collect();
        let automaton = AhoCorasick::builder().match_kind(MatchKind::Standard).build(marks.iter().map(|(_, p)| p.pattern)).ok();
        FileMarks { marks, automaton }
    });
    let Some(automaton) = &table.automaton else { return Vec::new() };
    let mut found: Vec<(usize, &'static PackerDef)> = automaton
        .find_overlapping_iter(path_lower)
        .filter_map(|m| table.marks.get(m.pattern().as_usize()).copied())
        .filter(|(_, p)| p.matches_file(path_lower))
        .collect();
    found.sort_by_key(|(i, _)| *i);
    found.dedup_by_key(|(i, _)| *i);
    found.into_iter().map(|(_, p)| p).collect()
}

impl PackerDef {
    /// Whether an archive entry path (any case) carries this mark.
    pub fn matches_file(&self, path_lower: &str) -> bool {
        match self.mark {
            PackerMark::FileExact => path_lower == self.pattern,
            PackerMark::FilePrefix => path_lower.starts_with(self.pattern),
            PackerMark::FileSuffix => path_lower.ends_with(self.pattern),
            PackerMark::FileContains => path_lower.contains(self.pattern),
            PackerMark::ClassPrefix => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::companies::company;
    use super::super::tsv::header;
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        assert_eq!(header(LIBRARIES), ["pattern", "match", "name", "company", "role"]);
        assert_eq!(header(PACKERS), ["name", "company", "kind", "pattern", "source"]);
        let patterns: Vec<&str> = native_libraries().iter().map(|d| d.pattern).collect();
        let mut sorted = patterns.clone();
        sorted.sort_by_key(|p| p.to_lowercase());
        sorted.dedup();
        assert_eq!(patterns, sorted, "native_libraries.tsv must be sorted (case-insensitively) and unique");
        for d in native_libraries() {
            assert!(d.company.is_empty() || company(d.company).is_some(), "{d:?}");
        }
        let raw: Vec<Vec<&str>> = rows(PACKERS).collect();
        assert_eq!(raw.len(), packers().len(), "a packer row has an unknown kind");
        assert!(raw.windows(2).all(|w| w[0] < w[1]), "packers.tsv must be sorted and unique");
        for p in packers() {
            assert!(p.company.is_empty() || company(p.company).is_some(), "{p:?}");
            assert!(!p.source.is_empty() && !p.pattern.is_empty(), "every mark names its source: {p:?}");
            if p.mark != PackerMark::ClassPrefix {
                assert_eq!(p.pattern, p.pattern.to_lowercase(), "file marks are matched lower-cased: {p:?}");
            }
        }
        let names = |path: &str| packers_marking_file(path).iter().map(|p| p.name).collect::<Vec<_>>();
        assert_eq!(names("lib/arm64-v8a/libjiagu_a64.so"), ["360 Jiagu"]);
        assert_eq!(names("assets/dexprotect/classes.dex.dat"), ["DexProtector"]);
        assert_eq!(names("assets/dp.arm-v7.so.dat"), ["DexProtector"]);
        assert_eq!(names("lib/armeabi-v7a/libshield.so"), ["Promon Shield"]);
        assert!(names("lib/armeabi-v7a/libshield.so.bak").is_empty(), "a suffix mark ends the path");
        assert!(names("assets/x/assets/liapp.ini").is_empty(), "an exact mark is the whole path");
        assert!(names("lib/arm64-v8a/libapp.so").is_empty());
        assert_eq!(native_library("libflutter.so").map(|d| d.framework), Some(true));
        assert_eq!(native_library("libsentry-android.so").map(|d| d.name), Some("Sentry crash reporting"));
        assert!(native_library("libfoo.so").is_none());
    }
}
