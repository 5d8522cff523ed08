//! The APK Signing Block: ID-value pairs, v2/v3 signer blocks and the certificates inside them.
#![no_main]
use applens::analysis::signing::block::{parse_pairs, parse_scheme_block};
use applens::analysis::signing::cert::parse_certificate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = applens::analysis::Limits::default().signing;
    if let Ok(pairs) = parse_pairs(data) {
        for pair in pairs {
            let _ = parse_scheme_block(pair.value, pair.id != 0x7109_871a, &limits);
        }
    }
    let _ = parse_scheme_block(data, true, &limits);
    let _ = parse_certificate(data);
});
