//! DEX: header and map checks, every id table and class definition, then the whole code scan (trackers,
//! capabilities, the one-pass string search and its per-string fallback, hosts) on the same bytes.
#![no_main]
use applens::analysis::android::code::examine_code;
use applens::analysis::dex::{java_name, mutf8, parse};
use applens::analysis::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dex) = parse(data) {
        for s in dex.strings().flatten() {
            let _ = mutf8::decode(s);
        }
        for class in dex.class_descriptors().flatten() {
            let _ = java_name(&mutf8::decode(class));
        }
        for m in 0..dex.method_count() {
            let _ = dex.method_ref(m);
        }
        if let Some((start, region)) = dex.string_region() {
            let _ = dex.string_before(start + region.len() / 2);
        }
    }
    let _ = examine_code([("classes.dex".to_string(), Ok(data.to_vec()))], &Limits::default());
});
