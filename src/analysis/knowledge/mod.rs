//! What AppLens knows, kept as data files embedded at build time (each with its source and licence in
//! its header); this module only loads and looks them up.

pub mod capabilities;
pub mod catalogue;
pub mod companies;
pub mod formats;
pub mod framework_sdks;
pub mod ios;
pub mod js_signatures;
pub mod jurisdictions;
pub mod manifest_rules;
pub mod native;
mod tsv;
pub mod permissions;
pub mod platform;
pub mod policy;
pub mod signing_findings;
pub mod trackers;

/// The data rows of an embedded TSV table: `#` comment lines and the header row (its first column named
/// `header_first`) are skipped; every row is split on tabs.
pub(crate) fn tsv_rows(table: &'static str, header_first: &str) -> impl Iterator<Item = Vec<&'static str>> {
    let header = format!("{header_first}\t");
    table
        .lines()
        .filter(move |l| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with(&header))
        .map(|l| l.split('\t').collect())
}
