//! DEX: header and map checks, then every id table and class definition the code scan walks.
#![no_main]
use applens::analysis::dex::{java_name, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(dex) = parse(data) {
        let _ = format!("{dex:?}").len();
        let _ = java_name("Lcom/example/A;");
    }
});
