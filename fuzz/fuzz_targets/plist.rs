//! Property lists, binary and XML (Info.plist, privacy manifests), within AppLens's bounds.
#![no_main]
use applens::analysis::ios::plist::{parse, to_json};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = parse(data, "fuzz.plist", Default::default()) {
        let _ = to_json(&value);
    }
});
