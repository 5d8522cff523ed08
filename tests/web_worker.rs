//! Browser tests in a dedicated worker, where the analysis runs for real: the `Blob` byte source and the
//! whole analysis of the sample APK, in headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use applens::analysis::{analyze, ByteSource, ErrorKind, Options};
use applens::worker::BlobSource;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// Built by script/build-sample, which script/test runs before these tests.
const SAMPLE: &[u8] = include_bytes!("../target/sample/applens-sample.apk");

fn blob(bytes: &[u8]) -> web_sys::Blob {
    let array = js_sys::Uint8Array::from(bytes);
    web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&array)).unwrap()
}

#[wasm_bindgen_test]
fn blob_source_reads_any_range() {
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 253) as u8).collect();
    let source = BlobSource::new(blob(&bytes)).unwrap();
    assert_eq!(source.len(), bytes.len() as u64);
    for (offset, len) in [(0usize, 10usize), (99_990, 10), (99_995, 64), (12_345, 40_000), (100_000, 5)] {
        let mut buf = vec![0u8; len];
        let n = source.read_at(offset as u64, &mut buf).unwrap();
        let expected = &bytes[offset.min(bytes.len())..(offset + len).min(bytes.len())];
        assert_eq!(&buf[..n], expected, "range {offset}+{len}");
    }
}

#[wasm_bindgen_test]
fn sample_is_analysed_in_the_browser_as_natively() {
    let source = BlobSource::new(blob(SAMPLE)).unwrap();
    let mut stages = Vec::new();
    let report = analyze(&source, "applens-sample.apk", &Options::default(), &mut |p| stages.push(p.stage)).unwrap();
    let native = analyze(&SAMPLE.to_vec(), "applens-sample.apk", &Options::default(), &mut |_| {}).unwrap();
    assert_eq!(report, native, "the browser and the native build must give the same report");
    assert_eq!(report.app.id.as_deref(), Some("org.applens.sample.torch"));
    assert!(report.permissions.iter().any(|p| p.name == "android.permission.READ_SMS"));
    // Signatures read in 32-bit wasm as natively: the sample's demo key (script/build-sample).
    let signing = report.signing.as_ref().expect("signing section");
    assert_eq!(signing.schemes, ["v1", "v2", "v3"]);
    assert_eq!(signing.signers[0].certificate.subject, "CN=AppLens Sample");
    assert!(stages.len() >= 3, "progress stages: {stages:?}");
}

#[wasm_bindgen_test]
fn a_pdf_is_refused_with_its_name() {
    let source = BlobSource::new(blob(b"%PDF-1.7 not an app")).unwrap();
    let err = analyze(&source, "x.pdf", &Options::default(), &mut |_| {}).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unsupported);
    assert!(err.message.contains("PDF"), "{err}");
}

/// A small IPA made here: an XML Info.plist with a usage reason, a binary (bplist) extension Info.plist.
fn tiny_ipa() -> Vec<u8> {
    use std::io::Write;
    let info = r#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>
        <key>CFBundleIdentifier</key><string>org.applens.wasm</string>
        <key>CFBundleShortVersionString</key><string>1.2</string>
        <key>NSCameraUsageDescription</key><string>Scan receipts.</string>
        <key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><true/></dict>
        </dict></plist>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("Payload/W.app/Info.plist", options).unwrap();
    zip.write_all(info.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[wasm_bindgen_test]
fn an_ipa_is_analysed_in_the_browser_as_natively() {
    let ipa = tiny_ipa();
    let source = BlobSource::new(blob(&ipa)).unwrap();
    let report = analyze(&source, "w.ipa", &Options::default(), &mut |_| {}).unwrap();
    let native = analyze(&ipa, "w.ipa", &Options::default(), &mut |_| {}).unwrap();
    assert_eq!(report, native, "the browser and the native build must give the same report");
    assert_eq!(report.app.id.as_deref(), Some("org.applens.wasm"));
    let camera = report.permissions.iter().find(|p| p.name == "NSCameraUsageDescription").unwrap();
    assert_eq!(camera.reason.as_deref(), Some("Scan receipts."));
    assert!(report.findings.iter().any(|f| f.id == "ios.ats.arbitrary_loads"));
}
