//! A counting global allocator, so robustness tests can bound the memory one analysis takes.
//!
//! A test binary opts in with
//! `#[global_allocator] static ALLOC: common::alloc::Counting = common::alloc::Counting;`.
//! Totals for the whole process are kept in atomics; the peak of one case is kept per thread, because the
//! tests run cases on several threads at once and a process-wide peak would add their inputs together.
//! An analysis never hands work to other threads, so its allocations all land on the thread measuring it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // Signed: a thread may free memory another thread allocated (test harness buffers, channels).
    // `const` and without `Drop`, so reaching them from inside the allocator never allocates.
    static THREAD_CURRENT: Cell<isize> = const { Cell::new(0) };
    static THREAD_PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grew(bytes: usize) {
    let now = CURRENT.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(now, Ordering::Relaxed);
    let delta = isize::try_from(bytes).unwrap_or(isize::MAX);
    // `try_with` fails only while the thread is being torn down; nothing is being measured then.
    let _ = THREAD_CURRENT.try_with(|current| {
        let now = current.get().saturating_add(delta);
        current.set(now);
        let _ = THREAD_PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrank(bytes: usize) {
    CURRENT.fetch_sub(bytes, Ordering::Relaxed);
    let delta = isize::try_from(bytes).unwrap_or(isize::MAX);
    let _ = THREAD_CURRENT.try_with(|current| current.set(current.get().saturating_sub(delta)));
}

// SAFETY: every call is forwarded unchanged to `System`; the counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as our caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as our caller's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as our caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as the new block arriving before the old one leaves: that is the moment of the peak.
            grew(new_size);
            shrank(layout.size());
        }
        p
    }
}

/// Runs `f` and returns its result with the most bytes this thread held above its starting point while
/// it ran. Only meaningful when the binary installed `Counting` as its global allocator.
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let start = THREAD_CURRENT.with(Cell::get);
    THREAD_PEAK.with(|peak| peak.set(start));
    let out = f();
    let peak = THREAD_PEAK.with(Cell::get);
    (out, usize::try_from(peak.saturating_sub(start)).unwrap_or(0))
}

/// The most bytes the whole process held at once so far.
pub fn process_peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// True when `Counting` is the global allocator (a forgotten `#[global_allocator]` would make every memory
/// bound pass vacuously).
pub fn installed() -> bool {
    let (v, peak) = measure(|| std::hint::black_box(vec![0u8; 4096]));
    drop(v);
    peak >= 4096
}

pub const MIB: usize = 1024 * 1024;
