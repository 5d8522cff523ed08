//! Differential: the whole analysis on arbitrary bytes, once in one pass and once with the DEX files shared
//! out to two to five readers ahead of it (as the browser's workers do, one per core; how many follows from
//! the input's length), hits passed through JSON. The reports must be the same, byte for byte.
#![no_main]
use applens::analysis::android::code::DexHits;
use applens::analysis::archive::Archive;
use applens::analysis::{analyze, analyze_with, planned_dex, prescan, share_out, Options, Prescan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let source = data.to_vec();
    let options = Options { now_unix: Some(1_790_000_000), ..Options::default() };
    let single = analyze(&source, "fuzz.apk", &options, &mut |_| {});
    let plan = Archive::open(&source, options.limits).map(|mut a| planned_dex(&mut a, &options.limits)).unwrap_or_default();
    let mut ahead = Prescan::default();
    // 2 to 8 shares: the page runs up to 8 workers (`?workers=8`), the analysis worker and 7 helpers.
    let shares = 2 + data.len() % 7;
    for share in share_out(&plan, shares, &[0, 1]) {
        let hits = Archive::open(&source, options.limits).map(|mut a| prescan(&mut a, &options.limits, &share, &mut |_| {})).unwrap_or_default();
        let json = serde_json::to_string(&hits).expect("hits to JSON");
        ahead.add(serde_json::from_str::<Vec<DexHits>>(&json).expect("hits from JSON"));
    }
    let shared = analyze_with(&source, "fuzz.apk", &options, &mut ahead, &mut |_| {});
    match (single, shared) {
        (Ok(a), Ok(b)) => assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap()),
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("one pass gave {:?}, shared {:?}", a.map(|_| "a report"), b.map(|_| "a report")),
    }
});
