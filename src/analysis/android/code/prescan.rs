//! DEX files read ahead of the analysis, so that the browser can share a large app's code out to several
//! workers: `planned_dex` lists what the code stage will read, each worker `prescan`s its share of it, and
//! `analyze_with` then takes the hits instead of reading those files again.
//!
//! The report does not depend on how the files were shared out: hits are merged in the app's DEX order, and
//! a file read ahead counts against the archive's inflation budget exactly where the single pass would have
//! read it (`Archive::charge`). When that budget would not have let it be read whole, or it could not be read
//! ahead at all, the analysis reads it itself, as it would without a prescan.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::super::super::aab;
use super::super::super::archive::Archive;
use super::super::super::detect;
use super::super::super::limits::Limits;
use super::super::super::report::Format;
use super::super::super::source::ByteSource;
use super::files::loaded_dex_entries;
use super::scan::{scan_dex, DexHits};

/// A DEX entry the code stage will read, with the size it declares inflated (to share the work out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedDex {
    pub entry: String,
    pub size: u64,
}

/// Hits of DEX files read ahead, by entry name.
#[derive(Debug, Default)]
pub struct Prescan {
    hits: HashMap<String, DexHits>,
    used: usize,
}

impl Prescan {
    pub fn add(&mut self, hits: impl IntoIterator<Item = DexHits>) {
        for h in hits {
            self.hits.insert(h.file.entry.clone(), h);
        }
    }

    /// The hits of `entry`, once.
    pub fn take(&mut self, entry: &str) -> Option<DexHits> {
        self.hits.remove(entry)
    }

    pub fn len(&self) -> usize {
        self.hits.len()
    }

    /// How many files the analysis took from here instead of reading them.
    pub fn used(&self) -> usize {
        self.used
    }

    pub(super) fn count_used(&mut self) {
        self.used += 1;
    }

    pub fn is_empty(&self) -> bool {
        self.hits.is_empty()
    }
}

/// The DEX entries of the package in `source` that the analysis will read straight from its archive, in
/// its order: an APK's `classes*.dex`, every App Bundle module's. Empty for anything else (split sets
/// hold their code in nested APKs; iOS has none) and when the file cannot be opened (the analysis says why).
pub fn planned_dex(source: &dyn ByteSource, limits: &Limits) -> Vec<PlannedDex> {
    let Ok(archive) = Archive::open(source, *limits) else { return Vec::new() };
    let entries = match detect::detect_format(archive.names()) {
        Ok(Format::Apk) => loaded_dex_entries(archive.names()),
        Ok(Format::Aab) => aab::dex_entries(archive.names()),
        _ => Vec::new(),
    };
    entries
        .into_iter()
        .take(limits.max_dex_files as usize)
        .map(|entry| PlannedDex { size: archive.declared_size(&entry).unwrap_or(0), entry })
        .collect()
}

/// Reads and scans `entries` of the package in `source` (one worker's share of `planned_dex`). An entry
/// that cannot be read is left out: the analysis reads it again and reports why, in its place.
pub fn prescan(source: &dyn ByteSource, limits: &Limits, entries: &[String], progress: &mut dyn FnMut(f64)) -> Vec<DexHits> {
    let Ok(mut archive) = Archive::open(source, *limits) else { return Vec::new() };
    let total = entries.len().max(1) as f64;
    let mut hits = Vec::with_capacity(entries.len());
    for (i, entry) in entries.iter().enumerate() {
        progress(i as f64 / total);
        if let Ok(bytes) = archive.read(entry, limits.max_entry_bytes) {
            hits.push(scan_dex(entry, &bytes, limits.max_hosts as usize));
        }
    }
    progress(1.0);
    hits
}

/// Shares `planned` out into `shares` runs of consecutive entries of about equal work (inflated bytes),
/// share `i` starting `head_start[i]` bytes behind (it has other work to do). Consecutive, because the
/// entries usually lie one after another in the file, and a reader that goes on where it stopped reads
/// ahead in large pieces (see `source.rs`).
pub fn share_out(planned: &[PlannedDex], shares: usize, head_start: &[u64]) -> Vec<Vec<String>> {
    let shares = shares.max(1);
    let head = |i: usize| head_start.get(i).copied().unwrap_or(0);
    let work = |d: &PlannedDex| d.size.max(1);
    let total: u64 = planned.iter().map(work).sum::<u64>() + (0..shares).map(head).sum::<u64>();
    let target = total.div_ceil(shares as u64);
    let mut out: Vec<Vec<String>> = vec![Vec::new(); shares];
    let (mut share, mut load) = (0usize, head(0));
    for dex in planned {
        // Move on to the next share when this one is full, or when adding the file would overshoot the
        // target by more than leaving it out would fall short of it.
        let next = load.saturating_add(work(dex));
        if share + 1 < shares && load > 0 && (load >= target || next.saturating_sub(target) > target - load) {
            share += 1;
            load = head(share);
        }
        if let Some(o) = out.get_mut(share) {
            o.push(dex.entry.clone());
        }
        load = load.saturating_add(work(dex));
    }
    out
}
