//! The opaque-payload sampler: magic numbers, Shannon entropy and the cheap filters on any bytes. Its
//! answers must hold together whatever the input: entropy within 0 to 8 bits, at most one sample's worth
//! of bytes looked at, and no file of a known format ever called opaque.
#![no_main]
use applens::analysis::android::code::payloads::{is_candidate, MIN_PAYLOAD_BYTES};
use applens::analysis::blob::{entropy, sample, SAMPLE_BYTES};
use applens::analysis::knowledge::formats::{format_of, trusted_by_name};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = sample(data);
    assert!(s.len <= SAMPLE_BYTES && s.len == data.len().min(SAMPLE_BYTES));
    assert!((0.0..=8.0).contains(&s.entropy), "{}", s.entropy);
    assert!(!s.looks_opaque() || s.format.is_none());
    assert_eq!(s.format.map(|f| f.name), format_of(data).map(|f| f.name));
    let tail = data.get(SAMPLE_BYTES..).unwrap_or_default();
    assert!((0.0..=8.0).contains(&entropy(tail)));
    // The first bytes, read as a path, and the next sixteen as sizes: the filters decide without panicking.
    let (head, rest) = data.split_at(data.len().min(64));
    let path = String::from_utf8_lossy(head);
    let number = |at: usize| rest.get(at..at + 8).and_then(|b| b.try_into().ok()).map_or(0, u64::from_le_bytes);
    let (size, compressed) = (number(0), number(8));
    let candidate = is_candidate(&path, size, compressed, rest.first().is_some_and(|b| b & 1 == 1));
    assert!(!candidate || (size >= MIN_PAYLOAD_BYTES && !trusted_by_name(&path.to_ascii_lowercase())));
});
