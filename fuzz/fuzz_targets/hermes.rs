//! Hermes bytecode: the header, every string-table entry (small and overflow, Latin-1 and UTF-16), then the
//! JavaScript scan on the same bytes (as Hermes when the magic is there, else as JavaScript text: hosts,
//! quoted literals, tracker signatures) and the Capacitor configuration reader.
#![no_main]
use applens::analysis::javascript::{frameworks::server_url, hermes, JsScan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(h) = hermes::parse(data) {
        for s in h.strings() {
            let _ = s.map(|s| s.as_bytes().len());
        }
        let _ = h.string(h.string_count.wrapping_add(1));
    }
    let mut scan = JsScan::new(50);
    scan.add_file("assets/index.android.bundle", data, data.len() as u64, true);
    let _ = scan.finish();
    let _ = server_url("assets/capacitor.config.json", data);
});
