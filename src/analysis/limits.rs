//! Every bound that protects the browser tab from a hostile package, in one place.
//!
//! Defaults let the largest real apps through (300 MB packages, 40 DEX files, manifests of a few MB) and
//! stop bombs early: an entry that inflates past its bound is cut off, not read to the end.

use super::arsc::ArscLimits;
use super::axml::AxmlLimits;
use super::signing::SigningLimits;

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
    /// APKs read inside one split set (real sets have a few dozen).
    pub max_splits: u32,
    /// DEX files examined per package.
    pub max_dex_files: u32,
    /// Distinct internet hosts listed from an app's code (the largest apps name a few thousand).
    pub max_hosts: u32,
    /// Mach-O programs (main program, frameworks, extensions) examined per iOS package.
    pub max_ios_programs: u32,
    pub axml: AxmlLimits,
    pub arsc: ArscLimits,
    /// The APK Signing Block and v1 signature files (defaults in `SigningLimits::default`).
    pub signing: SigningLimits,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_entries: 200_000,
            max_entry_bytes: 256 * 1024 * 1024,
            max_total_inflated: 2 * 1024 * 1024 * 1024,
            max_nesting: 2,
            max_dex_files: 200,
            max_splits: 500,
            // Sized so that a manifest filling every one of them at once still parses in tens of MB (see
            // tests/hostile_archives.rs). Android caps an app at 30,000 components (ParsingPackageUtils
            // MAX_NUM_COMPONENTS); the largest real manifests hold a few thousand elements, a few MB of text.
            axml: AxmlLimits {
                max_strings: 1_000_000,
                max_elements: 50_000,
                max_attributes: 150_000,
                max_text_bytes: 8 * 1024 * 1024,
                max_namespaces: 64,
            },
            arsc: ArscLimits::default(),
            signing: SigningLimits::default(),
            max_hosts: 5_000,
            max_ios_programs: 300,
        }
    }
}

impl Limits {
    /// Resource tables of the largest apps are tens of MB (every string in every language).
    pub const MAX_ARSC_BYTES: u64 = 128 * 1024 * 1024;
    /// Icons beyond this are not embedded in the report.
    pub const MAX_ICON_BYTES: u64 = 1024 * 1024;
    /// The binary manifest of even the largest apps is well under a megabyte. Kept at 8 MiB: the parse
    /// limits below stop long before a document that size is read, and the inflated bytes are held in
    /// memory for the whole parse (in a buffer that may grow to twice this while it is read).
    pub const MAX_MANIFEST_BYTES: u64 = 8 * 1024 * 1024;
    /// Warnings listed in one report; a hostile manifest can produce one per element.
    pub const MAX_WARNINGS: usize = 100;
}
