//! Large files of no known format that look encrypted or compressed: where packers and droppers keep the
//! code they unpack at run time (Bangcle's `assets/bangcle_classes.jar`, xHelper's `assets/*.data`, a
//! Cerberus payload dressed as `assets/*.json`, Fobus's `assets/classes.dex` that is no DEX).
//!
//! Most entries are judged from the central directory alone (`is_candidate`); only those left are read,
//! and only their first `blob::SAMPLE_BYTES`, so an ordinary app pays for a handful of small reads.

use super::super::super::archive::Archive;
use super::super::super::blob;
use super::super::super::knowledge::formats;
use super::files::is_loaded_dex;

/// Files smaller than this are not looked at: the entropy of a smaller sample is no evidence (see
/// `blob::MIN_SAMPLE_BYTES`), small random-looking files are common (keys, certificates, hashes, icons),
/// and code worth hiding is rarely that small (the smallest payload of the corpus, Fobus's encrypted DEX,
/// is 28 KiB).
pub const MIN_PAYLOAD_BYTES: u64 = blob::MIN_SAMPLE_BYTES as u64;

/// Files read per package at most: bounds the work (and the bytes inflated) a package with thousands of
/// candidate files can cause, at 64 KiB each.
pub const MAX_SAMPLED: usize = 100;

/// A deflated entry that shrank below this share of its size (percent) has structure encrypted data
/// lacks: deflate saves almost nothing on data of 7.9 bits per byte or more, so such an entry cannot be
/// opaque and is not read.
const COMPRESSIBLE_PERCENT: u64 = 90;

/// Payloads kept as evidence; the count says how many more.
pub const PAYLOADS_KEPT: usize = 5;

/// A file of no known format whose first bytes look encrypted or compressed.
#[derive(Clone, Debug, PartialEq)]
pub struct OpaqueFile {
    /// As the report names it (`config.arm64_v8a.apk: assets/x` inside a split set).
    pub path: String,
    /// Declared inflated size.
    pub size: u64,
    /// Bits per byte over the sample.
    pub entropy: f64,
}

/// Whether the entry at `path` (as an APK would have it) of `size` bytes, `compressed_size` in the archive,
/// is worth reading: large enough, not a part of the package Android itself reads (manifest, resource
/// table, loaded DEX, native libraries, signatures, compiled resources), not named as an image, sound,
/// video or font, and not compressible.
pub fn is_candidate(path: &str, size: u64, compressed_size: u64, deflated: bool) -> bool {
    let lower = path.to_ascii_lowercase();
    // `res/raw/` is copied into the package as it is, like `assets/`; the rest of `res/` is compiled by aapt.
    let android_part = lower.starts_with("meta-inf/")
        || lower.starts_with("lib/")
        || (lower.starts_with("res/") && !lower.starts_with("res/raw/"))
        || lower.starts_with("manifest/")
        || matches!(lower.as_str(), "androidmanifest.xml" | "resources.arsc" | "resources.pb")
        || is_loaded_dex(path);
    let compressible = deflated && compressed_size.saturating_mul(100) < size.saturating_mul(COMPRESSIBLE_PERCENT);
    size >= MIN_PAYLOAD_BYTES && !path.ends_with('/') && !android_part && !compressible && !formats::trusted_by_name(&lower)
}

/// Reads the candidates among the entries of `archive` under `folder` (an App Bundle module's `base/`, or
/// "" for an APK) and returns those that look opaque, shown with `shown_prefix` before the entry's name
/// (`config.arm64_v8a.apk: `). `budget` counts the files the package may still have read; each read counts
/// against the archive's inflation total.
pub fn find_opaque(archive: &mut Archive<'_>, folder: &str, shown_prefix: &str, budget: &mut usize) -> Vec<OpaqueFile> {
    // Chosen from the central directory by exact names (a name the archive lacks costs the zip crate a scan of
    // every entry), before anything is read.
    let candidates: Vec<(String, u64)> = archive
        .names()
        .iter()
        .filter_map(|entry| {
            // A module's own DEX files sit in its `dex/` folder; the filters see paths as an APK has them.
            let path = entry.strip_prefix(folder)?;
            let path = if folder.is_empty() { path } else { path.strip_prefix("dex/").unwrap_or(path) };
            let meta = archive.entry_meta(entry)?;
            is_candidate(path, meta.size, meta.compressed_size, meta.deflated).then(|| (entry.clone(), meta.size))
        })
        .take(*budget)
        .collect();
    let mut found = Vec::new();
    for (entry, size) in candidates {
        *budget = budget.saturating_sub(1);
        let Ok(head) = archive.read_prefix(&entry, blob::SAMPLE_BYTES as u64) else { continue };
        let sample = blob::sample(&head);
        if sample.looks_opaque() {
            let shown = if folder.is_empty() { format!("{shown_prefix}{entry}") } else { entry };
            found.push(OpaqueFile { path: shown, size, entropy: sample.entropy });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_from_the_central_directory_alone() {
        let big = 200_000;
        assert!(is_candidate("assets/loaddex.data", big, big, false));
        assert!(is_candidate("assets/EaaGfe.json", big, big + 100, true), "deflate could not shrink it");
        assert!(is_candidate("res/raw/payload", big, big, false));
        assert!(is_candidate("assets/classes.dex", big, big, false), "a DEX Android does not load");
        assert!(is_candidate("assets/emails.zip", big, big, false), "a container's name proves nothing");
        assert!(!is_candidate("assets/index.html", big, big / 4, true), "compressible: structured");
        assert!(!is_candidate("assets/small.bin", MIN_PAYLOAD_BYTES - 1, MIN_PAYLOAD_BYTES - 1, false));
        assert!(!is_candidate("assets/intro.MP4", big, big, false), "named as a video");
        assert!(!is_candidate("res/drawable/bg.jpg", big, big, false));
        assert!(!is_candidate("res/drawable/x.bin", big, big, false), "compiled resources are aapt's");
        assert!(!is_candidate("lib/arm64-v8a/libx.so", big, big, false));
        assert!(!is_candidate("classes2.dex", big, big, false));
        assert!(!is_candidate("META-INF/CERT.RSA", big, big, false));
        assert!(!is_candidate("resources.arsc", big, big, false));
        assert!(!is_candidate("assets/dir/", big, big, false));
    }
}
