//! Every bound that protects the browser tab from a hostile package, in one place.
//!
//! Defaults let the largest real apps through (300 MB packages, 40 DEX files, manifests of a few MB) and
//! stop bombs early: an entry that inflates past its bound is cut off, not read to the end.

use super::axml::AxmlLimits;

#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Entries in one archive's central directory.
    pub max_entries: u64,
    /// Bytes inflated from one entry that is read whole (manifest, resources.arsc, a DEX).
    pub max_entry_bytes: u64,
    /// Bytes inflated from all entries of one analysis together.
    pub max_total_inflated: u64,
    /// Archives inside archives (an APK inside an XAPK is depth 1).
    pub max_nesting: u32,
    /// DEX files examined per package.
    pub max_dex_files: u32,
    /// Mach-O programs (main program, frameworks, extensions) examined per iOS package.
    pub max_ios_programs: u32,
    pub axml: AxmlLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: 200_000,
            max_entry_bytes: 256 * 1024 * 1024,
            max_total_inflated: 2 * 1024 * 1024 * 1024,
            max_nesting: 2,
            max_dex_files: 200,
            max_ios_programs: 300,
            axml: AxmlLimits::default(),
        }
    }
}

impl Limits {
    /// The binary manifest of even the largest apps is well under a megabyte.
    pub const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;
}
