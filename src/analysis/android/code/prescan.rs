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
use super::super::splits::split_apks;
use super::components::wanted_in_package;
use super::files::loaded_dex_entries;
use super::scan::{scan_dex, DexHits};

/// A DEX entry the code stage will read, with the size it declares inflated (to share the work out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedDex {
    /// The APK inside a split set that holds the entry; `None`: the package's own archive.
    #[serde(default)]
    pub part: Option<String>,
    pub entry: String,
    pub size: u64,
}

impl PlannedDex {
    /// The name the report gives the file (`config.arm64_v8a.apk: classes.dex` inside a split set), which
    /// is also the key of its hits.
    pub fn shown(&self) -> String {
        match &self.part {
            Some(part) => format!("{part}: {}", self.entry),
            None => self.entry.clone(),
        }
    }
}

/// Hits of DEX files read ahead, by the name the report gives each file (`PlannedDex::shown`).
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

    /// How many files the analysis took from here instead of reading them.
    pub fn used(&self) -> usize {
        self.used
    }

    pub(super) fn count_used(&mut self) {
        self.used += 1;
    }
}

/// The DEX entries of the package in `source` that the analysis will read, in its order: an APK's
/// `classes*.dex`, every App Bundle module's, those of the APKs of a split set that are stored (as they
/// usually are; a compressed one would have to be inflated whole by every reader). Empty for iOS.
pub fn planned_dex(archive: &mut Archive<'_>, limits: &Limits) -> Vec<PlannedDex> {
    let planned = |archive: &Archive<'_>, part: Option<&str>, entries: Vec<String>| -> Vec<PlannedDex> {
        entries
            .into_iter()
            .map(|entry| PlannedDex { size: archive.declared_size(&entry).unwrap_or(0), part: part.map(str::to_string), entry })
            .collect()
    };
    let all = match detect::detect_format(archive.names()) {
        Ok(Format::Apk) => planned(archive, None, loaded_dex_entries(archive.names())),
        Ok(Format::Aab) => planned(archive, None, aab::dex_entries(archive.names())),
        Ok(Format::Xapk | Format::Apks | Format::Apkm) => {
            let mut all = Vec::new();
            for file in split_apks(archive.names(), limits) {
                let Some(window) = archive.nested_in_place(&file) else { continue };
                let Ok(inner) = Archive::open(&window, *limits) else { continue };
                all.extend(planned(&inner, Some(&file), loaded_dex_entries(inner.names())));
            }
            all
        }
        _ => Vec::new(),
    };
    all.into_iter().take(limits.max_dex_files as usize).collect()
}

/// Reads and scans `planned` files of the package `archive` (one worker's share of `planned_dex`; an
/// archive of its own, whose inflation budget the analysis does not share). A file that cannot be read is
/// left out: the analysis reads it again and reports why, in its place. The manifest's classes are looked
/// for as the analysis will look for them (`components::wanted_in_package`).
pub fn prescan(archive: &mut Archive<'_>, limits: &Limits, planned: &[PlannedDex], progress: &mut dyn FnMut(f64)) -> Vec<DexHits> {
    if planned.is_empty() {
        progress(1.0);
        return Vec::new();
    }
    let wanted = wanted_in_package(archive, limits);
    let total = planned.len().max(1) as f64;
    let mut hits = Vec::with_capacity(planned.len());
    let mut done = 0usize;
    let mut read = |archive: &mut Archive<'_>, dex: &PlannedDex, hits: &mut Vec<DexHits>| {
        progress(done as f64 / total);
        done += 1;
        if let Ok(bytes) = archive.read(&dex.entry, limits.max_entry_bytes) {
            hits.push(scan_dex(&dex.shown(), &bytes, limits.max_hosts as usize, &wanted));
        }
    };
    // Files of one split APK come one after another: its archive is opened once for them.
    for run in planned.chunk_by(|a, b| a.part == b.part) {
        match run.first().and_then(|d| d.part.as_deref()) {
            None => run.iter().for_each(|dex| read(archive, dex, &mut hits)),
            Some(part) => {
                let Some(window) = archive.nested_in_place(part) else { continue };
                let Ok(mut inner) = Archive::open(&window, *limits) else { continue };
                run.iter().for_each(|dex| read(&mut inner, dex, &mut hits));
            }
        }
    }
    progress(1.0);
    hits
}

/// Shares `planned` out into `shares` runs of consecutive entries of about equal work (inflated bytes),
/// share `i` starting `head_start[i]` bytes behind (it has other work to do). Consecutive, because the
/// entries usually lie one after another in the file, and a reader that goes on where it stopped reads
/// ahead in large pieces (see `source.rs`).
pub fn share_out(planned: &[PlannedDex], shares: usize, head_start: &[u64]) -> Vec<Vec<PlannedDex>> {
    let shares = shares.max(1);
    let head = |i: usize| head_start.get(i).copied().unwrap_or(0);
    let work = |d: &PlannedDex| d.size.max(1);
    let total: u64 = planned.iter().map(work).sum::<u64>() + (0..shares).map(head).sum::<u64>();
    let target = total.div_ceil(shares as u64);
    let mut out: Vec<Vec<PlannedDex>> = vec![Vec::new(); shares];
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
            o.push(dex.clone());
        }
        load = load.saturating_add(work(dex));
    }
    out
}
