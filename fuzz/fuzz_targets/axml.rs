//! Android binary XML, then the manifest reader and the anti-analysis checks on whatever was parsed.
#![no_main]
use applens::analysis::android::manifest::{namespace_tricks, read_manifest};
use applens::analysis::axml::{parse, AxmlLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = parse(data, AxmlLimits { max_elements: 5_000, max_attributes: 20_000, ..applens::analysis::Limits::default().axml }) {
        let _ = read_manifest(&doc);
        let _ = namespace_tricks(&doc);
        for e in &doc.elements {
            let _ = doc.element_text(e);
        }
    }
});
