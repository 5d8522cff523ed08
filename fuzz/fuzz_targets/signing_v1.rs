//! v1 (JAR) signatures: PKCS #7 SignedData as stored in META-INF/*.RSA|DSA|EC.
#![no_main]
use applens::analysis::signing::v1::parse_signature_block;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = parse_signature_block(data);
});
