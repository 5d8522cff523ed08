//! App Bundle protobuf: the XmlNode manifest and the ResourceTable, from the same bytes.
#![no_main]
use applens::analysis::aab::{table::ProtoTable, xml};
use applens::analysis::android::manifest::read_manifest;
use applens::analysis::arsc::ResourceLookup;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = xml::parse(data, applens::analysis::Limits::default().axml) {
        let _ = read_manifest(&doc);
    }
    if let Ok(table) = ProtoTable::parse(data) {
        let _ = table.locales();
        let _ = table.resolve_string(0x7f01_0000);
        let _ = table.files(0x7f02_0000);
    }
});
