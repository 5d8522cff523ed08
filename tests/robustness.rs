//! Robustness: every corpus package and the sample APK, cut short and mutated thousands of ways, must give
//! `Ok` or `Err` from `analyze` — never a panic, a hang, or memory out of proportion to the input.
//!
//! Cases are deterministic (a seeded xorshift generator written here), so a failure names a case that can
//! be replayed; each one that ever fails should become a named regression test in tests/hostile_archives.rs.
//! Mutations aim where parsers make decisions: the central directory, the end record, the manifest entry's
//! local header and data, a file the opaque-payload check samples. Mutating deflated data mostly trips the
//! CRC check, so the inflated manifests are also mutated and parsed directly, and wrapped in a stored-entry
//! APK to reach the rest of the analysis; so are the samples of payload-like files.
//!
//! Bounds per case: `CASE_TIME_LIMIT` and `CASE_MEMORY_LIMIT` (allocations made while the case runs; the
//! input itself is borrowed). The figures are printed with `cargo test --test robustness -- --nocapture`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};
use std::ops::Range;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use applens::analysis::android::manifest::read_manifest;
use applens::analysis::blob;
use applens::analysis::axml::{self, AxmlLimits};
use applens::analysis::ErrorKind;

use common::alloc::{self, MIB};
use common::zipgen;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// Far above any real case (the slowest takes tens of milliseconds), so a loaded two-core machine cannot
/// trip it, yet a hang or a quadratic blow-up on a few-MB input cannot pass.
const CASE_TIME_LIMIT: Duration = Duration::from_secs(5);
/// Allocations live at once during one case. The analysis streams the file (hash in 4 MiB reads, zip
/// through a 64 KiB-block cache) and inflates one manifest of at most 16 MiB.
const CASE_MEMORY_LIMIT: usize = 64 * MIB;
/// Every cut in the first 4 KiB, then about this many more spread over the rest of the file.
const STRIDE_CUTS: usize = 192;
/// Mutations of each archive; every mutated APK is hashed whole, so this dominates the run time.
const MUTATIONS_PER_ARCHIVE: usize = 300;
/// Mutations of each distinct inflated manifest (parsed directly, then wrapped in an APK and analysed).
const MUTATIONS_PER_MANIFEST: usize = 400;
/// Cuts and mutations of each distinct payload sample (judged directly, then wrapped in an APK and analysed).
const CASES_PER_PAYLOAD: usize = 64;
/// Payload samples kept per input: the first files the payload check would read.
const PAYLOADS_PER_INPUT: usize = 4;

// ---------------------------------------------------------------------------------------------------------
// Inputs

struct Input {
    /// Path relative to the corpus, or `sample/...`.
    name: String,
    bytes: Vec<u8>,
    layout: Layout,
}

/// Where the parts that matter lie in one archive, found with the test's own end-record reading and the
/// zip crate (independently of the code under test).
#[derive(Default)]
struct Layout {
    /// End record to the end of the file (comment included).
    eocd: Option<Range<usize>>,
    central_directory: Option<Range<usize>>,
    /// The manifest entry's local header (up to its data).
    manifest_header: Option<Range<usize>>,
    /// The manifest entry's data as stored (deflated or not).
    manifest_data: Option<Range<usize>>,
    /// Inflated manifests in this package: its own and those of APKs nested in it.
    manifests: Vec<Vec<u8>>,
    /// The first stored file the payload check samples: its local header and data.
    payload_entry: Option<Range<usize>>,
    /// The first 64 KiB of files the payload check samples (stored or not).
    payloads: Vec<Vec<u8>>,
}

fn inputs() -> &'static [Input] {
    static INPUTS: OnceLock<Vec<Input>> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let mut inputs = Vec::new();
        if let Some(corpus) = common::corpus("robustness") {
            for path in common::corpus_packages(&corpus) {
                let name = path.strip_prefix(&corpus).unwrap_or(&path).to_string_lossy().into_owned();
                inputs.push(load(name, &path));
            }
        }
        if let Some(sample) = common::sample_apk() {
            inputs.push(load("sample/applens-sample.apk".into(), &sample));
        }
        // Largest first, so the parallel workers finish together.
        inputs.sort_by_key(|i| std::cmp::Reverse(i.bytes.len()));
        inputs
    })
}

fn load(name: String, path: &Path) -> Input {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let layout = layout(&bytes);
    Input { name, bytes, layout }
}

fn layout(bytes: &[u8]) -> Layout {
    let mut layout = Layout::default();
    let tail_start = bytes.len().saturating_sub(22 + 0xffff);
    let eocd = bytes[tail_start..].windows(4).rposition(|w| w == b"PK\x05\x06").map(|p| tail_start + p);
    if let Some(eocd) = eocd.filter(|e| e + 22 <= bytes.len()) {
        layout.eocd = Some(eocd..bytes.len());
        let size = u32::from_le_bytes(bytes[eocd + 12..eocd + 16].try_into().unwrap()) as usize;
        let start = u32::from_le_bytes(bytes[eocd + 16..eocd + 20].try_into().unwrap()) as usize;
        if start < eocd {
            layout.central_directory = Some(start..(start + size).min(eocd));
        }
    }
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else { return layout };
    let names: Vec<String> = zip.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect();
    if let Some(name) = names.iter().find(|n| n.ends_with("AndroidManifest.xml")) {
        if let Ok(mut entry) = zip.by_name(name) {
            if let Some(data) = entry.data_start() {
                let data = data as usize;
                layout.manifest_header = Some(entry.header_start() as usize..data);
                layout.manifest_data = Some(data..data + entry.compressed_size() as usize);
            }
            let mut inflated = Vec::new();
            if entry.read_to_end(&mut inflated).is_ok() {
                layout.manifests.push(inflated);
            }
        }
    }
    // Files the opaque-payload check reads: large, outside the parts Android reads itself.
    let sampled = |n: &str| {
        let android = ["META-INF/", "lib/", "res/"].iter().any(|p| n.starts_with(p)) && !n.starts_with("res/raw/");
        !android && !n.ends_with('/') && !n.ends_with(".dex") && n != "AndroidManifest.xml" && n != "resources.arsc"
    };
    for name in names.iter().filter(|n| sampled(n)) {
        let Ok(entry) = zip.by_name(name) else { continue };
        if entry.size() < 16 * 1024 || layout.payloads.len() >= PAYLOADS_PER_INPUT {
            continue;
        }
        if layout.payload_entry.is_none() && entry.compression() == zip::CompressionMethod::Stored {
            if let Some(data) = entry.data_start() {
                layout.payload_entry = Some(entry.header_start() as usize..data as usize + entry.compressed_size() as usize);
            }
        }
        let mut head = Vec::new();
        if entry.take(64 * 1024).read_to_end(&mut head).is_ok() {
            layout.payloads.push(head);
        }
    }
    // Split sets and XAPKs hold APKs: their manifests are worth parsing too.
    for name in names.iter().filter(|n| n.ends_with(".apk")) {
        let mut nested = Vec::new();
        if zip.by_name(name).and_then(|mut e| Ok(e.read_to_end(&mut nested)?)).is_err() {
            continue;
        }
        let Ok(mut inner) = zip::ZipArchive::new(Cursor::new(nested)) else { continue };
        let mut inflated = Vec::new();
        if inner.by_name("AndroidManifest.xml").and_then(|mut m| Ok(m.read_to_end(&mut inflated)?)).is_ok() {
            layout.manifests.push(inflated);
        }
    }
    layout
}

/// The payload samples of all inputs, each distinct one once, largest first.
fn payloads() -> Vec<(String, &'static [u8])> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for input in inputs() {
        for (i, p) in input.layout.payloads.iter().enumerate() {
            if seen.insert(p.as_slice()) {
                out.push((format!("{} payload #{i}", input.name), p.as_slice()));
            }
        }
    }
    out.sort_by_key(|(_, p)| std::cmp::Reverse(p.len()));
    out
}

/// The inflated manifests of all inputs, each distinct one once.
fn manifests() -> Vec<(String, &'static [u8])> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for input in inputs() {
        for (i, m) in input.layout.manifests.iter().enumerate() {
            if seen.insert(m.as_slice()) {
                out.push((format!("{} manifest #{i}", input.name), m.as_slice()));
            }
        }
    }
    out.sort_by_key(|(_, m)| std::cmp::Reverse(m.len()));
    out
}

// ---------------------------------------------------------------------------------------------------------
// Running cases

#[derive(Default)]
struct Stats {
    cases: usize,
    /// How cases ended (`ok`, `ok, N warnings`, `err: limit`...): shows the mutations reach deep parts.
    outcomes: BTreeMap<&'static str, usize>,
    slowest: (Duration, String),
    peak: (usize, String),
    failures: Vec<String>,
}

impl Stats {
    /// Runs one case, catching a panic, timing it and measuring what it allocates.
    fn case(&mut self, label: impl Fn() -> String, run: impl FnOnce() -> &'static str) {
        let start = Instant::now();
        let (outcome, peak) = alloc::measure(|| panic::catch_unwind(AssertUnwindSafe(run)));
        let elapsed = start.elapsed();
        self.cases += 1;
        match outcome {
            Ok(how) => *self.outcomes.entry(how).or_default() += 1,
            Err(_) => self.failures.push(format!("PANIC: {}", label())),
        }
        if elapsed > CASE_TIME_LIMIT {
            self.failures.push(format!("TOO SLOW ({elapsed:?}): {}", label()));
        }
        if peak > CASE_MEMORY_LIMIT {
            self.failures.push(format!("TOO MUCH MEMORY ({:.1} MiB): {}", peak as f64 / MIB as f64, label()));
        }
        if elapsed > self.slowest.0 {
            self.slowest = (elapsed, label());
        }
        if peak > self.peak.0 {
            self.peak = (peak, label());
        }
    }

    fn merge(&mut self, other: Stats) {
        self.cases += other.cases;
        for (how, n) in other.outcomes {
            *self.outcomes.entry(how).or_default() += n;
        }
        if other.slowest.0 > self.slowest.0 {
            self.slowest = other.slowest;
        }
        if other.peak.0 > self.peak.0 {
            self.peak = other.peak;
        }
        self.failures.extend(other.failures);
    }

    fn finish(self, test: &str, started: Instant) {
        eprintln!(
            "{test}: {} cases in {:.1?}; slowest {:.1?} ({}); peak {:.2} MiB allocated in one case ({})",
            self.cases,
            started.elapsed(),
            self.slowest.0,
            self.slowest.1,
            self.peak.0 as f64 / MIB as f64,
            self.peak.1,
        );
        eprintln!("{test}: outcomes {:?}", self.outcomes);
        assert!(
            self.failures.is_empty(),
            "{} of {} cases failed; the first ones:\n{}",
            self.failures.len(),
            self.cases,
            self.failures.iter().take(30).cloned().collect::<Vec<_>>().join("\n")
        );
    }
}

/// Runs `work` on every item on all cores; items are taken in order, so put the costly ones first.
fn parallel<T: Sync>(items: &[T], work: impl Fn(&T, &mut Stats) + Sync) -> Stats {
    let next = AtomicUsize::new(0);
    let total = Mutex::new(Stats::default());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get()).min(items.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let mut stats = Stats::default();
                while let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
                    work(item, &mut stats);
                }
                total.lock().unwrap_or_else(|p| p.into_inner()).merge(stats);
            });
        }
    });
    total.into_inner().unwrap_or_else(|p| p.into_inner())
}

/// The whole analysis, as the worker runs it, including the report's trip through JSON.
fn analyze_case(bytes: &[u8]) -> &'static str {
    match common::analyze_bytes(bytes, "case.apk") {
        Ok(report) => {
            std::hint::black_box(serde_json::to_vec(&report).map(|j| j.len()).unwrap_or(0));
            match (report.app.id.is_some(), report.warnings.is_empty()) {
                (true, true) => "ok: app read cleanly",
                (true, false) => "ok: app read, with warnings",
                (false, _) => "ok: no app identity",
            }
        }
        Err(e) => match e.kind {
            ErrorKind::Malformed => "err: malformed",
            ErrorKind::Unsupported => "err: unsupported",
            ErrorKind::Limit => "err: limit",
            ErrorKind::Io => "err: io",
            _ => "err: other",
        },
    }
}

/// The manifest parser on its own, then inside a stored-entry APK through the whole analysis.
fn manifest_case(manifest: &[u8]) -> &'static str {
    if let Ok(doc) = axml::parse(manifest, AxmlLimits::default()) {
        let m = read_manifest(&doc);
        for element in &doc.elements {
            std::hint::black_box(doc.element_text(element));
        }
        std::hint::black_box(m);
    }
    analyze_case(&zipgen::apk_with_manifest(manifest))
}

/// The sampler on its own, then the bytes as a stored asset beside a native library, through the whole
/// analysis (the payload check reads them then).
fn payload_case(payload: &[u8]) -> &'static str {
    let sample = blob::sample(payload);
    assert!((0.0..=8.0).contains(&sample.entropy) && sample.len <= blob::SAMPLE_BYTES);
    let mut zip = zipgen::ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &common::axml::simple_manifest("org.applens.payload", &[]));
    zip.add_stored("assets/payload", payload);
    zip.add_stored("lib/arm64-v8a/libloader.so", b"\x7fELF");
    analyze_case(&zip.finish())
}

fn check_allocator() {
    assert!(alloc::installed(), "the counting allocator is not installed: memory bounds would pass vacuously");
}

// ---------------------------------------------------------------------------------------------------------
// Deterministic mutations

/// xorshift64* (Vigna 2016): tiny, fast, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn in_range(&mut self, r: &Range<usize>) -> usize {
        r.start + self.below(r.len())
    }
}

/// FNV-1a of the input name: each input has its own stable sequence of cases.
fn seed_of(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// Values that sit on the edges parsers test: zero, all ones, sign bits, small counts.
const INTERESTING: &[u32] = &[0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x1_0000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff];

/// Changes 1 to 8 bytes at or after `at`, and returns the (offset, old byte) pairs to undo it.
fn mutate(bytes: &mut [u8], at: usize, rng: &mut Rng) -> Vec<(usize, u8)> {
    let mut undo = Vec::new();
    let mut set = |bytes: &mut [u8], i: usize, v: u8| {
        if let Some(b) = bytes.get_mut(i) {
            undo.push((i, *b));
            *b = v;
        }
    };
    match rng.below(4) {
        // Flip one bit in each of 1..=8 bytes in a small window.
        0 => {
            for _ in 0..=rng.below(8) {
                let i = at + rng.below(8);
                let v = bytes.get(i).copied().unwrap_or(0) ^ (1 << rng.below(8));
                set(bytes, i, v);
            }
        }
        // Overwrite 1..=8 consecutive bytes with random ones.
        1 => {
            for k in 0..=rng.below(8) {
                set(bytes, at + k, rng.next() as u8);
            }
        }
        // Write an edge value as a little-endian u16 or u32, half the time aligned to its width (binary XML
        // fields are; ZIP fields sit wherever the variable-length names put them).
        2 => {
            let v = INTERESTING[rng.below(INTERESTING.len())].to_le_bytes();
            let width = if rng.below(2) == 0 { 2 } else { 4 };
            let start = if rng.below(2) == 0 { at & !(width - 1) } else { at };
            for (k, b) in v.iter().take(width).enumerate() {
                set(bytes, start + k, *b);
            }
        }
        // Scatter random bytes across the region.
        _ => {
            for _ in 0..=rng.below(8) {
                let i = at + rng.below(64);
                set(bytes, i, rng.next() as u8);
            }
        }
    }
    undo
}

fn undo(bytes: &mut [u8], undo: Vec<(usize, u8)>) {
    for (i, b) in undo.into_iter().rev() {
        bytes[i] = b;
    }
}

/// Picks where to mutate an archive: mostly the parts a reader trusts (directory, end record, the
/// manifest's header and data), sometimes anywhere.
fn archive_target(input: &Input, rng: &mut Rng) -> (usize, &'static str) {
    let l = &input.layout;
    let len = input.bytes.len();
    let roll = rng.below(100);
    let pick = |region: &Option<Range<usize>>, rng: &mut Rng| region.as_ref().filter(|r| !r.is_empty()).map(|r| rng.in_range(r));
    let choice = match roll {
        0..=34 => pick(&l.central_directory, rng).map(|p| (p, "central directory")),
        35..=49 => pick(&l.eocd, rng).map(|p| (p, "end record")),
        50..=54 => pick(&l.manifest_header, rng).map(|p| (p, "manifest local header")),
        55..=84 => pick(&l.manifest_data, rng).map(|p| (p, "manifest data")),
        85..=91 => pick(&l.payload_entry, rng).map(|p| (p, "sampled file")),
        _ => None,
    };
    // A region the file lacks (an IPA has no manifest) gives way to the directory, then to anywhere.
    choice
        .or_else(|| pick(&l.central_directory, rng).filter(|_| roll < 85).map(|p| (p, "central directory")))
        .unwrap_or_else(|| (rng.below(len), "anywhere"))
}

/// Offsets of chunk headers in a binary XML document (top-level chunks and the nodes after them), where a
/// mutation changes a size or a type instead of a character.
fn chunk_offsets(doc: &[u8]) -> Vec<usize> {
    let mut out = vec![0];
    let mut pos = 8;
    while pos + 8 <= doc.len() && out.len() < 100_000 {
        out.push(pos);
        let size = u32::from_le_bytes(doc[pos + 4..pos + 8].try_into().unwrap()) as usize;
        if size < 8 {
            break;
        }
        pos += size;
    }
    out
}

/// Every cut in the first 4 KiB and the last 256 bytes, an even spread between, and the bytes around and
/// inside the central directory (where a cut leaves an end record pointing past the end).
fn truncation_points(input: &Input) -> BTreeSet<usize> {
    let len = input.bytes.len();
    let mut cuts: BTreeSet<usize> = (0..len.min(4096)).collect();
    let stride = (len.saturating_sub(4096) / STRIDE_CUTS).max(1);
    cuts.extend((4096..len).step_by(stride));
    cuts.extend(len.saturating_sub(256)..=len);
    if let Some(cd) = &input.layout.central_directory {
        cuts.extend(cd.start.saturating_sub(16)..(cd.start + 16).min(len));
        let step = (cd.len() / 32).max(1);
        cuts.extend(cd.clone().step_by(step));
    }
    if let Some(h) = &input.layout.manifest_header {
        cuts.extend(h.clone());
    }
    cuts.retain(|c| *c <= len);
    cuts
}

// ---------------------------------------------------------------------------------------------------------
// Tests

#[test]
fn every_truncation_gives_ok_or_err() {
    check_allocator();
    let started = Instant::now();
    let inputs = inputs();
    if inputs.is_empty() {
        return;
    }
    let stats = parallel(inputs, |input, stats| {
        for cut in truncation_points(input) {
            let bytes = &input.bytes[..cut];
            stats.case(|| format!("{} cut to {cut} of {} bytes", input.name, input.bytes.len()), || analyze_case(bytes));
        }
    });
    eprintln!("every_truncation_gives_ok_or_err: {} inputs", inputs.len());
    stats.finish("every_truncation_gives_ok_or_err", started);
}

#[test]
fn seeded_archive_mutations_give_ok_or_err() {
    check_allocator();
    let started = Instant::now();
    let inputs = inputs();
    if inputs.is_empty() {
        return;
    }
    let stats = parallel(inputs, |input, stats| {
        let mut bytes = input.bytes.clone();
        let mut rng = Rng::new(seed_of(&input.name));
        for n in 0..MUTATIONS_PER_ARCHIVE {
            let (at, region) = archive_target(input, &mut rng);
            let changed = mutate(&mut bytes, at, &mut rng);
            stats.case(
                || format!("{} mutation #{n} in the {region}: {}", input.name, describe(&changed, &bytes)),
                || analyze_case(&bytes),
            );
            undo(&mut bytes, changed);
        }
    });
    stats.finish("seeded_archive_mutations_give_ok_or_err", started);
}

#[test]
fn inflated_manifest_truncations_and_mutations_give_ok_or_err() {
    check_allocator();
    let started = Instant::now();
    let manifests = manifests();
    if manifests.is_empty() {
        return;
    }
    let stats = parallel(&manifests, |(name, manifest), stats| {
        let len = manifest.len();
        let mut cuts: BTreeSet<usize> = (0..len.min(4096)).collect();
        cuts.extend((4096..len).step_by((len.saturating_sub(4096) / STRIDE_CUTS).max(1)));
        cuts.extend(len.saturating_sub(256)..=len);
        for cut in cuts {
            let bytes = &manifest[..cut];
            stats.case(|| format!("{name} cut to {cut} of {len} bytes"), || manifest_case(bytes));
        }
        let chunks = chunk_offsets(manifest);
        let mut bytes = manifest.to_vec();
        let mut rng = Rng::new(seed_of(name));
        for n in 0..MUTATIONS_PER_MANIFEST {
            // Half at a chunk or node header (type, header size, size, then the first fields after it).
            let at = if rng.below(2) == 0 { chunks[rng.below(chunks.len())] + rng.below(36) } else { rng.below(len) };
            let changed = mutate(&mut bytes, at, &mut rng);
            stats.case(|| format!("{name} mutation #{n}: {}", describe(&changed, &bytes)), || manifest_case(&bytes));
            undo(&mut bytes, changed);
        }
    });
    eprintln!("inflated_manifest_truncations_and_mutations_give_ok_or_err: {} distinct manifests", manifests.len());
    stats.finish("inflated_manifest_truncations_and_mutations_give_ok_or_err", started);
}

#[test]
fn payload_sample_truncations_and_mutations_give_ok_or_err() {
    check_allocator();
    let started = Instant::now();
    let payloads = payloads();
    if payloads.is_empty() {
        return;
    }
    let stats = parallel(&payloads, |(name, payload), stats| {
        let len = payload.len();
        // Cuts around the sizes the check decides on (16 KiB, the magic numbers' reach) and spread over the rest.
        let mut cuts: BTreeSet<usize> = (0..300.min(len)).step_by(7).collect();
        cuts.extend((16 * 1024 - 2..16 * 1024 + 2).filter(|c| *c <= len));
        cuts.extend((0..=len).step_by((len / (CASES_PER_PAYLOAD / 2)).max(1)));
        for cut in cuts {
            stats.case(|| format!("{name} cut to {cut} of {len} bytes"), || payload_case(&payload[..cut]));
        }
        let mut bytes = payload.to_vec();
        let mut rng = Rng::new(seed_of(name));
        for n in 0..CASES_PER_PAYLOAD / 2 {
            // Half in the first bytes, where the magic numbers are.
            let at = if rng.below(2) == 0 { rng.below(len.min(300)) } else { rng.below(len) };
            let changed = mutate(&mut bytes, at, &mut rng);
            stats.case(|| format!("{name} mutation #{n}: {}", describe(&changed, &bytes)), || payload_case(&bytes));
            undo(&mut bytes, changed);
        }
    });
    eprintln!("payload_sample_truncations_and_mutations_give_ok_or_err: {} distinct samples", payloads.len());
    stats.finish("payload_sample_truncations_and_mutations_give_ok_or_err", started);
}

/// The Hermes fixtures (tests/fixtures/hermes/, written by script/make-hermes-fixtures) and a JavaScript
/// file, each as the React Native bundle of an APK, through the whole analysis (the JavaScript scan reads
/// it then), after the reader on its own.
fn bundle_case(bundle: &[u8]) -> &'static str {
    if let Ok(h) = applens::analysis::javascript::hermes::parse(bundle) {
        assert!(h.strings().count() <= h.string_count as usize);
    }
    let mut zip = zipgen::ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &common::axml::simple_manifest("org.applens.hermes", &[]));
    zip.add_stored("assets/index.android.bundle", bundle);
    zip.add_stored("assets/capacitor.config.json", bundle);
    analyze_case(&zip.finish())
}

#[test]
fn hermes_and_javascript_truncations_and_mutations_give_ok_or_err() {
    check_allocator();
    let started = Instant::now();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hermes");
    let mut bundles: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default())).collect())
        .unwrap_or_default();
    bundles.sort();
    assert!(bundles.len() >= 10, "tests/fixtures/hermes: run script/make-hermes-fixtures");
    let js = b"var u=\"https://api.torchplus.example/v1\",h='cdn.torchplus.com';/* fingerprintJS */\n{\"server\":{\"url\":\"https://x.torchplus.io\"}}\n";
    bundles.push(("javascript".into(), js.to_vec()));
    let stats = parallel(&bundles, |(name, bundle), stats| {
        let len = bundle.len();
        for cut in 0..=len {
            stats.case(|| format!("{name} cut to {cut} of {len} bytes"), || bundle_case(&bundle[..cut]));
        }
        let mut bytes = bundle.clone();
        let mut rng = Rng::new(seed_of(name));
        for n in 0..CASES_PER_PAYLOAD {
            // Half in the header and the string table, where the reader decides.
            let at = if rng.below(2) == 0 { rng.below(len.min(256)) } else { rng.below(len) };
            let changed = mutate(&mut bytes, at, &mut rng);
            stats.case(|| format!("{name} mutation #{n}: {}", describe(&changed, &bytes)), || bundle_case(&bytes));
            undo(&mut bytes, changed);
        }
    });
    stats.finish("hermes_and_javascript_truncations_and_mutations_give_ok_or_err", started);
}

/// `0x1234: 00->ff, ...`, enough to replay a failing case by hand.
fn describe(changed: &[(usize, u8)], bytes: &[u8]) -> String {
    changed
        .iter()
        .map(|(i, old)| format!("0x{i:x}: {old:02x}->{:02x}", bytes.get(*i).copied().unwrap_or(0)))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn generators_are_sound() {
    // The mutation helpers must undo exactly what they did, or later cases would drift from their labels.
    let original: Vec<u8> = (0..200u8).collect();
    let mut bytes = original.clone();
    let mut rng = Rng::new(7);
    for _ in 0..1000 {
        let at = rng.below(bytes.len());
        let changed = mutate(&mut bytes, at, &mut rng);
        undo(&mut bytes, changed);
        assert_eq!(bytes, original);
    }
}

/// A policy read and applied to a real report (the sample's when built, else an empty one).
fn policy_case(text: &[u8], report: &applens::analysis::Report) -> &'static str {
    match applens::analysis::policy::parse_policy(&String::from_utf8_lossy(text)) {
        Ok(p) => {
            std::hint::black_box(applens::analysis::policy::evaluate(&p, report));
            "ok: policy applied"
        }
        Err(_) => "err: policy refused",
    }
}

#[test]
fn policy_truncations_and_mutations_give_a_verdict_or_a_refusal() {
    check_allocator();
    let started = Instant::now();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies");
    let mut policies: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    policies.sort();
    assert!(policies.len() >= 3, "the example policies are the seeds");
    let report = common::sample_apk()
        .and_then(|p| common::analyze_path(&p).ok())
        .unwrap_or_else(|| applens::analysis::Report::new(Default::default(), applens::analysis::report::Format::Apk));
    let stats = parallel(&policies, |(name, policy), stats| {
        for cut in 0..=policy.len() {
            stats.case(|| format!("{name} cut to {cut} bytes"), || policy_case(&policy[..cut], &report));
        }
        let mut bytes = policy.clone();
        let mut rng = Rng::new(seed_of(name));
        for n in 0..2_000 {
            let at = rng.below(bytes.len());
            let changed = mutate(&mut bytes, at, &mut rng);
            stats.case(|| format!("{name} mutation #{n}: {}", describe(&changed, &bytes)), || policy_case(&bytes, &report));
            undo(&mut bytes, changed);
        }
    });
    stats.finish("policy_truncations_and_mutations_give_a_verdict_or_a_refusal", started);
}

// ---------------------------------------------------------------------------------------------------------
// Carried code and framework files: the files the carried-code reader opens (APKs, JARs, DEX files kept in
// `assets/`) and the framework files read for names and strings (Flutter's NOTICES.Z and libapp.so, Unity's
// IL2CPP metadata, Xamarin's assembly-store manifest), cut and mutated, each stored in an APK under every
// one of those names at once, so every reader meets every input.

/// The inner files of the code fixtures and of the corpus packages that carry code, each distinct one once.
fn carried_inputs() -> Vec<(String, Vec<u8>)> {
    let wanted = |n: &str| {
        (n.starts_with("assets/") && (n.ends_with(".apk") || n.ends_with(".jar") || n.ends_with(".dex")))
            || n.ends_with("flutter_assets/NOTICES.Z")
            || n.ends_with("flutter_assets/NOTICES")
            || n.ends_with("/libapp.so")
            || n.ends_with("global-metadata.dat")
            || n.ends_with("assemblies.manifest")
    };
    let mut paths: Vec<std::path::PathBuf> = ["carried", "flutter", "flutter-old", "unity-il2cpp", "maui"]
        .iter()
        .filter_map(|f| common::code_fixture(&format!("apk/{f}.apk")))
        .collect();
    if let Some(corpus) = common::corpus("carried_code_and_framework_files") {
        paths.push(corpus.join("apk/appium_ApiDemos-debug.apk"));
        paths.push(corpus.join("apk/fobus_nested_assets_classes_dex.apk"));
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for path in paths {
        let Ok(file) = std::fs::File::open(&path) else { continue };
        let Ok(mut zip) = zip::ZipArchive::new(file) else { continue };
        for i in 0..zip.len() {
            let Ok(mut entry) = zip.by_index(i) else { continue };
            let Ok(name) = entry.name().map(|n| n.to_string()) else { continue };
            let mut data = Vec::new();
            if wanted(&name) && entry.read_to_end(&mut data).is_ok() && !data.is_empty() && data.len() <= 256 * 1024 && seen.insert(data.clone()) {
                out.push((format!("{}!{name}", path.file_name().unwrap_or_default().to_string_lossy()), data));
            }
        }
    }
    out
}

fn carried_case(bytes: &[u8]) -> &'static str {
    let notices = applens::analysis::frameworks::notices::parse_notices(bytes);
    assert!(notices.packages.len() <= applens::analysis::frameworks::notices::MAX_PACKAGES);
    if let Ok((text, _)) = applens::analysis::frameworks::notices::inflate(bytes, 1 << 20) {
        assert!(text.len() <= 1 << 20);
    }
    let mut zip = zipgen::ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &common::axml::simple_manifest("org.applens.carried", &[]));
    for name in [
        "assets/c.apk",
        "assets/c.jar",
        "assets/c.dex",
        "assets/flutter_assets/NOTICES.Z",
        "lib/arm64-v8a/libapp.so",
        "assets/bin/Data/Managed/Metadata/global-metadata.dat",
        "assemblies/assemblies.manifest",
    ] {
        zip.add_stored(name, bytes);
    }
    analyze_case(&zip.finish())
}

#[test]
fn carried_code_and_framework_files_truncations_and_mutations_give_ok_or_err() {
    check_allocator();
    let started = Instant::now();
    let inputs = carried_inputs();
    if inputs.is_empty() {
        return;
    }
    let stats = parallel(&inputs, |(name, data), stats| {
        let len = data.len();
        let mut cuts: BTreeSet<usize> = (0..200.min(len)).step_by(5).collect();
        cuts.extend((0..=len).step_by((len / (CASES_PER_PAYLOAD / 2)).max(1)));
        for cut in cuts {
            stats.case(|| format!("{name} cut to {cut} of {len} bytes"), || carried_case(&data[..cut]));
        }
        let mut bytes = data.clone();
        let mut rng = Rng::new(seed_of(name));
        for n in 0..CASES_PER_PAYLOAD {
            // Half in the headers (DEX, ZIP, gzip), half anywhere.
            let at = if rng.below(2) == 0 { rng.below(len.min(120)) } else { rng.below(len) };
            let changed = mutate(&mut bytes, at, &mut rng);
            stats.case(|| format!("{name} mutation #{n}: {}", describe(&changed, &bytes)), || carried_case(&bytes));
            undo(&mut bytes, changed);
        }
    });
    eprintln!("carried_code_and_framework_files_truncations_and_mutations_give_ok_or_err: {} distinct files", inputs.len());
    stats.finish("carried_code_and_framework_files_truncations_and_mutations_give_ok_or_err", started);
}
