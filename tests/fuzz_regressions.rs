//! Every input a fuzz target (fuzz/, script/fuzz) crashed on, kept under tests/fuzz/ and named for the
//! fault it found. Each must now be read without a panic; the tests run with overflow checks on, as the
//! fuzzer does.

use applens::analysis::ios::macho;
use applens::analysis::{analyze, Options};

fn input(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fuzz/{name}", env!("CARGO_MANIFEST_DIR"))).expect("regression input")
}

/// `macho` target, 18 minutes in: an `LC_MAIN` with a `__TEXT` segment whose vmaddr is below its file
/// offset made goblin compute the entry point as `vmaddr - fileoff` and overflow.
#[test]
fn macho_lc_main_entry_overflow() {
    let data = input("macho-lc-main-entry-overflow.bin");
    let facts = macho::read_with(&data, "fuzz", &[], 4096).expect("the load commands are still read");
    assert_eq!(facts.architectures, ["arm64"]);
    // The same program through the whole analysis, as the only file of an IPA's app bundle.
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("Payload/Fuzz.app/Info.plist", options).unwrap();
    std::io::Write::write_all(&mut zip, br#"<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleExecutable</key><string>Fuzz</string><key>CFBundleIdentifier</key><string>fuzz.example</string></dict></plist>"#).unwrap();
    zip.start_file("Payload/Fuzz.app/Fuzz", options).unwrap();
    std::io::Write::write_all(&mut zip, &data).unwrap();
    let ipa = zip.finish().unwrap().into_inner();
    let report = analyze(&ipa, "fuzz.ipa", &Options::default(), &mut |_| {}).expect("a report");
    assert_eq!(report.app.id.as_deref(), Some("fuzz.example"));
}
