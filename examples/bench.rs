//! The code benchmark: the full report on a large APK of real DEX files against the floor, inflating the
//! same entries with the same inflater, in one run; with the peak heap of each (a counting allocator) and
//! the process's peak resident memory (VmHWM).
//!
//! usage: script/make-dex-bench-apk.py ../shared/corpus/apk target/bench/dex-150mb.apk 150
//!        cargo run --release --example bench -- [target/bench/dex-150mb.apk] [runs]
//! Prints one line per run and a summary; writes target/bench/native.json for the end-to-end suite.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use applens::analysis::android::code::files::loaded_dex_entries;
use applens::analysis::archive::Archive;
use applens::analysis::source::FileSource;
use applens::analysis::{analyze, Limits, Options};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = CURRENT.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn reset_peak() {
    PEAK.store(CURRENT.load(Ordering::Relaxed), Ordering::Relaxed);
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / 1_048_576.0
}

/// This process's CPU time (user + system) in seconds, from /proc/self/stat: on a machine shared with
/// other work, wall-clock time measures the neighbours too.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3) after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// The floor: open the archive and inflate every DEX entry the analysis reads, with the same reader.
fn floor(source: &FileSource) -> (f64, f64, u64) {
    let started = Instant::now();
    let cpu = cpu_seconds();
    let mut archive = Archive::open(source, Limits::default()).expect("open");
    let mut inflated = 0u64;
    for entry in loaded_dex_entries(archive.names()) {
        inflated += archive.read(&entry, Limits::default().max_entry_bytes).expect("inflate").len() as u64;
    }
    (started.elapsed().as_secs_f64(), cpu_seconds() - cpu, inflated)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "target/bench/dex-150mb.apk".into());
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let source = FileSource::open(std::path::Path::new(&path)).unwrap_or_else(|e| {
        eprintln!("{path}: {e}\nmake it with: script/make-dex-bench-apk.py ../shared/corpus/apk {path} 150");
        std::process::exit(2)
    });
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let (mut floors, mut fulls) = (Vec::new(), Vec::new());
    let (mut floor_cpus, mut full_cpus) = (Vec::new(), Vec::new());
    let (mut floor_peak, mut full_peak) = (0, 0);
    let mut summary = String::new();
    for run in 1..=runs {
        reset_peak();
        let (floor_s, floor_cpu, inflated) = floor(&source);
        floor_peak = floor_peak.max(PEAK.load(Ordering::Relaxed));
        reset_peak();
        let started = Instant::now();
        let cpu = cpu_seconds();
        let report = analyze(&source, &path, &Options::default(), &mut |_| {}).expect("analyze");
        let full_s = started.elapsed().as_secs_f64();
        let full_cpu = cpu_seconds() - cpu;
        full_peak = full_peak.max(PEAK.load(Ordering::Relaxed));
        if run == 1 {
            let code = report.code.as_ref().expect("code");
            summary = format!(
                "{} DEX files, {} classes, {} MB inflated, {} trackers, {} capabilities, {} hosts",
                code.dex_files.len(),
                code.classes,
                inflated / 1_000_000,
                report.trackers.len(),
                report.capabilities.len(),
                report.domains.len()
            );
        }
        println!(
            "run {run}: floor (inflate only) {floor_s:.3} s ({floor_cpu:.2} s CPU), full report {full_s:.3} s ({full_cpu:.2} s CPU), ratio {:.2} (CPU {:.2})",
            full_s / floor_s,
            full_cpu / floor_cpu
        );
        floors.push(floor_s);
        fulls.push(full_s);
        floor_cpus.push(floor_cpu);
        full_cpus.push(full_cpu);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let (floor_s, full_s) = (median(&mut floors), median(&mut fulls));
    let (floor_cpu, full_cpu) = (median(&mut floor_cpus), median(&mut full_cpus));
    println!("package: {path}, {:.1} MB; {summary}", size as f64 / 1e6);
    println!("median of {runs}: floor {floor_s:.3} s, full report {full_s:.3} s, ratio {:.2}", full_s / floor_s);
    println!("median CPU time: floor {floor_cpu:.2} s, full report {full_cpu:.2} s, ratio {:.2}", full_cpu / floor_cpu);
    println!(
        "peak heap: floor {:.1} MiB, full report {:.1} MiB; process peak resident (VmHWM) {:.1} MiB",
        mib(floor_peak),
        mib(full_peak),
        vm_hwm_kib().unwrap_or(0) as f64 / 1024.0
    );
    let json = format!(
        "{{\"package\":\"{path}\",\"bytes\":{size},\"floor_s\":{floor_s:.4},\"full_s\":{full_s:.4},\"ratio\":{:.3},\"floor_cpu_s\":{floor_cpu:.3},\"full_cpu_s\":{full_cpu:.3},\"floor_peak_heap\":{floor_peak},\"full_peak_heap\":{full_peak}}}\n",
        full_s / floor_s
    );
    let _ = std::fs::create_dir_all("target/bench");
    let _ = std::fs::write("target/bench/native.json", json);
}
