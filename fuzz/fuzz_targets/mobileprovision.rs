//! embedded.mobileprovision: the CMS (BER) envelope and the plist inside it.
#![no_main]
use applens::analysis::ios::provision;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = provision::read(data, "embedded.mobileprovision");
    let _ = provision::signed_content(data);
});
