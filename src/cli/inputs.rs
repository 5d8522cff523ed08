//! What `applens check PATH...` is asked to look at: files named on the command line, and the files found in
//! folders (recursively, in name order, symbolic links not followed, depth bounded), of which only those
//! whose contents are app packages are kept.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use crate::analysis::source::FileSource;
use crate::analysis::{identify, Limits};

/// Folders below a folder given on the command line that are searched; deeper ones are named on stderr.
/// Real trees of apps are a few levels deep; the bound stops a pathological tree (or a bind-mount loop,
/// which is not a symbolic link) from running forever.
pub const MAX_DEPTH: usize = 32;

/// File names that mean "this is meant to be a package": such a file in a folder is analysed even when its
/// contents say otherwise, so a damaged or truncated package is reported rather than silently skipped.
const PACKAGE_EXTENSIONS: [&str; 6] = ["apk", "xapk", "apks", "apkm", "aab", "ipa"];

/// A file to analyse, and how to name it: the path as the user gave it (for a file found in a folder, the
/// folder as given joined with the path inside it).
#[derive(Clone, Debug)]
pub struct Input {
    pub path: PathBuf,
    pub shown: String,
    /// Named on the command line (a file found in a folder is not).
    pub explicit: bool,
}

impl Input {
    fn new(path: PathBuf, explicit: bool) -> Self {
        let shown = path.to_string_lossy().into_owned();
        Self { path, shown, explicit }
    }
}

/// An item of the batch: a file to analyse, or a folder that could not be read (an error row: packages in it
/// may have been missed).
#[derive(Debug)]
pub enum Item {
    File(Input),
    UnreadableFolder(Input, String),
}

/// What the search passed over, said on stderr after the batch.
#[derive(Debug, Default)]
pub struct Skipped {
    pub not_packages: usize,
    pub links: usize,
    /// FIFOs, sockets, devices: opening a FIFO would wait for a writer forever.
    pub special: usize,
    pub too_deep: Vec<String>,
}

/// The files named and the files found in the folders named, in the order given (a folder's files in name
/// order), and whether any folder was named. Files found in folders are not yet sorted into packages and
/// others: `is_package_candidate` does that, in parallel, for those not `explicit`.
pub fn expand(paths: &[PathBuf], skipped: &mut Skipped) -> (Vec<Item>, bool) {
    let mut items = Vec::new();
    let mut any_folder = false;
    for path in paths {
        // A path named on the command line is followed if it is a link: the user chose it.
        if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            any_folder = true;
            walk(path, 0, &mut items, skipped);
        } else {
            items.push(Item::File(Input::new(path.clone(), true)));
        }
    }
    (items, any_folder)
}

fn walk(dir: &Path, depth: usize, items: &mut Vec<Item>, skipped: &mut Skipped) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            items.push(Item::UnreadableFolder(Input::new(dir.to_path_buf(), false), format!("the folder cannot be read: {e}")));
            return;
        }
    };
    let mut entries: Vec<fs::DirEntry> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        // The entry's own type: a symbolic link is not followed, so a link loop cannot trap the search and a
        // link cannot lead it out of the folder it was given.
        let Ok(kind) = entry.file_type() else {
            items.push(Item::File(Input::new(path, false)));
            continue;
        };
        if kind.is_symlink() {
            skipped.links += 1;
        } else if kind.is_dir() {
            if depth + 1 > MAX_DEPTH {
                skipped.too_deep.push(path.to_string_lossy().into_owned());
            } else {
                walk(&path, depth + 1, items, skipped);
            }
        } else if kind.is_file() {
            items.push(Item::File(Input::new(path, false)));
        } else {
            skipped.special += 1;
        }
    }
}

/// Whether a file found in a folder is to be analysed: its contents are a package (the analysis's own first
/// steps: leading bytes, the ZIP directory, the entries that make each format), or its name says it is one,
/// or it cannot be opened at all (then nobody can tell, and the batch must say so rather than skip it).
pub fn is_package_candidate(path: &Path) -> bool {
    if has_package_extension(path) {
        return true;
    }
    match FileSource::open(path) {
        Ok(source) => identify(&source, Limits::default()).is_ok(),
        Err(_) => true,
    }
}

fn has_package_extension(path: &Path) -> bool {
    path.extension().and_then(OsStr::to_str).is_some_and(|e| PACKAGE_EXTENSIONS.iter().any(|p| e.eq_ignore_ascii_case(p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names() {
        assert!(has_package_extension(Path::new("a/b.APK")));
        assert!(has_package_extension(Path::new("x.ipa")));
        assert!(!has_package_extension(Path::new("x.zip")));
        assert!(!has_package_extension(Path::new("apk")));
    }
}
