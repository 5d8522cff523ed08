//! Mach-O programs (thin and fat): load commands, encryption info, libraries, class names, code signature.
#![no_main]
use applens::analysis::ios::{codesign, macho};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = macho::read_with(data, "fuzz", &["ep1.facebook.com".to_string()], 4096);
    let _ = codesign::parse(data);
});
