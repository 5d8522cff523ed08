//! Flutter's licence file: any bytes, read as NOTICES.Z (gzip or zlib) and as the plain NOTICES text.
//! Never a panic; the inflated text never exceeds the cap; the names kept are bounded, unique and plain.
#![no_main]
use applens::analysis::frameworks::notices::{inflate, parse_notices, MAX_PACKAGES};
use libfuzzer_sys::fuzz_target;

fn check(text: &[u8]) {
    let n = parse_notices(text);
    assert!(n.packages.len() <= MAX_PACKAGES && n.entries >= 1);
    let mut sorted = n.packages.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), n.packages.len(), "names are kept once");
    assert!(n.packages.iter().all(|p| !p.is_empty() && p.len() <= 100 && !p.contains('\n')));
}

fuzz_target!(|data: &[u8]| {
    check(data);
    if let Ok((text, cut)) = inflate(data, 1 << 20) {
        assert!(text.len() <= 1 << 20);
        assert!(!cut || text.len() == 1 << 20);
        check(&text);
    }
});
