//! Carried code and framework strings: any bytes, stored in an APK as `assets/c.jar`, `assets/c.apk` and
//! `assets/c.dex` (an archive of our own making, so every input reaches the readers), opened as carried
//! code would be; and fed to the printable-strings reader in pieces. Never a panic; a file read as code
//! that is a DEX file starts like one; the inflation budget is kept.
#![no_main]
use applens::analysis::android::code::carried::{read_carried, Carried};
use applens::analysis::archive::Archive;
use applens::analysis::frameworks::strings::{Strings, MAX_RUN, MIN_RUN};
use applens::analysis::limits::Limits;
use libfuzzer_sys::fuzz_target;

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A ZIP of stored entries, each holding `data`.
fn stored_zip(names: &[&str], data: &[u8]) -> Vec<u8> {
    let (crc, len) = (crc32(data), data.len() as u32);
    let mut out = Vec::new();
    let mut central = Vec::new();
    for name in names {
        let offset = out.len() as u32;
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&len.to_le_bytes());
        central.extend_from_slice(&len.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

fuzz_target!(|data: &[u8]| {
    let names = ["assets/c.jar", "assets/c.apk", "assets/c.dex"];
    let apk = stored_zip(&names, data);
    let limits = Limits { max_total_inflated: 64 << 20, ..Limits::default() };
    if let Ok(mut archive) = Archive::open(&apk, limits) {
        let mut dex_left = 4;
        for (i, name) in names.iter().enumerate() {
            let outcome = read_carried(&mut archive, name, name, &limits, i != 1, &mut dex_left);
            if let Carried::Read(read) = outcome {
                assert!(!read.hits.is_empty());
                assert!(read.hits.iter().all(|h| !h.unreadable));
                if name.ends_with(".dex") {
                    assert!(data.starts_with(b"dex\n"), "only a DEX file is read as one");
                }
            }
        }
        assert!(archive.inflated() <= limits.max_total_inflated);
    }
    // The strings reader, in pieces cut where the first byte says.
    let cut = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut strings = Strings::default();
    let mut total = 0usize;
    let mut found = |run: &[u8]| {
        assert!(run.len() <= MAX_RUN && (run.len() >= MIN_RUN || run.len() == MAX_RUN));
        assert!(run.iter().all(|b| (0x20..0x7f).contains(b)));
        total += run.len();
    };
    for piece in data.chunks(cut) {
        strings.feed(piece, &mut found);
    }
    strings.flush(&mut found);
    assert!(total <= data.len());
});
