//! resources.arsc: indexing, then lookups of ids a real manifest would ask for.
#![no_main]
use applens::analysis::arsc::{ArscLimits, ResourceLookup, ResourceTable};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = ResourceTable::parse(data, ArscLimits::default()) {
        let _ = table.locales();
        for id in [0x7f01_0000u32, 0x7f02_0000, 0x7f0b_0001, 0x7f0c_0000, 0x7f0e_0035, 0x0101_0000] {
            let _ = table.resolve_string(id);
            let _ = table.files(id);
            let _ = table.type_name(id);
        }
    }
});
