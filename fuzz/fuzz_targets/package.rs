//! The whole analysis on arbitrary bytes: the zip layer, format detection, every parser behind it.
#![no_main]
use applens::analysis::{analyze, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = analyze(&data.to_vec(), "fuzz.apk", &Options::default(), &mut |_| {});
});
