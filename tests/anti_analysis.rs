//! Packages built to break analysers: each trick Android tolerates is read the way Android reads it (the
//! app's identity survives) and flagged with the anti-analysis finding; the untouched sample stays quiet.
//! Every fixture is made here from the sample APK (itself built from sources in sample/).

mod common;

use std::io::{Cursor, Read};

use applens::analysis::anti_analysis::FINDING_ID;
use applens::analysis::Report;
use common::zipgen::ZipBuilder;

const PACKAGE: &str = "org.applens.sample.torch";
const CD_HEADER: usize = 46;

/// The sample's entries, uncompressed, manifest first.
fn sample_entries() -> Option<Vec<(String, Vec<u8>)>> {
    let bytes = std::fs::read(common::sample_apk()?).ok()?;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut entries = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).ok()?;
        let mut data = Vec::new();
        f.read_to_end(&mut data).ok()?;
        entries.push((f.name().ok()?.to_string(), data));
    }
    entries.sort_by_key(|(n, _)| n != "AndroidManifest.xml");
    Some(entries)
}

/// A rebuilt package plus where each entry's headers sit, for patching.
struct Built {
    bytes: Vec<u8>,
    local: Vec<usize>,
    central: Vec<usize>,
}

fn build(entries: &[(String, Vec<u8>)], stored: &[&str]) -> Built {
    let mut b = ZipBuilder::new();
    let mut local = Vec::new();
    for (name, data) in entries {
        let r = if stored.contains(&name.as_str()) { b.add_stored(name, data) } else { b.add_deflated(name, data) };
        local.push(r.local_offset as usize);
    }
    let mut at = b.out.len();
    let central = entries
        .iter()
        .map(|(n, _)| {
            let here = at;
            at += CD_HEADER + n.len();
            here
        })
        .collect();
    Built { bytes: b.finish(), local, central }
}

fn put16(bytes: &mut [u8], at: usize, v: u16) {
    bytes[at..at + 2].copy_from_slice(&v.to_le_bytes());
}

fn put32(bytes: &mut [u8], at: usize, v: u32) {
    bytes[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

fn analyze(bytes: &[u8]) -> Report {
    common::analyze_bytes(bytes, "trick.apk").expect("a trick package must still give a report")
}

/// The report still knows the app, and the finding names the trick.
fn assert_flagged(case: &str, report: &Report, words: &[&str]) {
    assert_eq!(report.app.id.as_deref(), Some(PACKAGE), "{case}: identity lost");
    assert!(report.permissions.len() >= 15, "{case}: permissions lost ({})", report.permissions.len());
    let finding = report.findings.iter().find(|f| f.id == FINDING_ID).unwrap_or_else(|| panic!("{case}: not flagged; warnings {:?}", report.warnings));
    let evidence: String = finding.evidence.iter().map(|e| format!("{} {}\n", e.location, e.text)).collect();
    for w in words {
        assert!(evidence.contains(w), "{case}: evidence lacks {w:?}:\n{evidence}");
    }
}

#[test]
fn the_untouched_sample_and_rebuilt_sample_are_quiet() {
    let Some(entries) = sample_entries() else { return };
    let original = common::analyze_path(&common::sample_apk().unwrap()).unwrap();
    let rebuilt = analyze(&build(&entries, &[]).bytes);
    for r in [original, rebuilt] {
        assert!(!r.findings.iter().any(|f| f.id == FINDING_ID), "{:?}", r.findings);
    }
}

#[test]
fn every_corpus_package_without_tricks_stays_quiet() {
    let Some(corpus) = common::corpus("every_corpus_package_without_tricks_stays_quiet") else { return };
    for path in common::corpus_packages(&corpus) {
        if let Ok(r) = common::analyze_path(&path) {
            let flagged = r.findings.iter().find(|f| f.id == FINDING_ID);
            assert!(flagged.is_none(), "{}: {:?}", path.display(), flagged.map(|f| &f.evidence));
        }
    }
}

#[test]
fn local_header_method_that_disagrees_with_the_directory() {
    let Some(entries) = sample_entries() else { return };
    let mut p = build(&entries, &[]);
    put16(&mut p.bytes, p.local[0] + 8, 0); // local says stored, the directory (which Android follows) deflated
    assert_flagged("local method", &analyze(&p.bytes), &["AndroidManifest.xml", "compression method 0"]);
}

#[test]
fn local_header_sizes_that_disagree_with_the_directory() {
    let Some(entries) = sample_entries() else { return };
    let mut p = build(&entries, &[]);
    put32(&mut p.bytes, p.local[0] + 18, 7);
    put32(&mut p.bytes, p.local[0] + 22, 9);
    assert_flagged("local sizes", &analyze(&p.bytes), &["sizes 7/9"]);
}

#[test]
fn encryption_flag_on_an_entry_that_is_not_encrypted() {
    let Some(entries) = sample_entries() else { return };
    let mut p = build(&entries, &[]);
    put16(&mut p.bytes, p.local[0] + 6, 1);
    put16(&mut p.bytes, p.central[0] + 8, 1);
    assert_flagged("fake encryption", &analyze(&p.bytes), &["marked as encrypted"]);
}

#[test]
fn unknown_compression_method_read_as_stored() {
    let Some(entries) = sample_entries() else { return };
    let mut p = build(&entries, &["AndroidManifest.xml"]);
    // Method 0x5a3c exists nowhere; Android 9+ reads the bytes as stored (seen in thousands of malware APKs).
    put16(&mut p.bytes, p.local[0] + 8, 0x5a3c);
    put16(&mut p.bytes, p.central[0] + 10, 0x5a3c);
    assert_flagged("unknown method", &analyze(&p.bytes), &["compression method 23100"]);
}

#[test]
fn duplicate_entry_names() {
    let Some(mut entries) = sample_entries() else { return };
    let manifest = entries[0].clone();
    entries.push(("AndroidManifest.xml".into(), manifest.1));
    let report = analyze(&build(&entries, &[]).bytes);
    assert_flagged("duplicates", &report, &["appear twice"]);
}

#[test]
fn a_dex_file_in_front_of_the_archive_janus() {
    let Some(entries) = sample_entries() else { return };
    let p = build(&entries, &[]);
    let dex = entries.iter().find(|(n, _)| n == "classes.dex").unwrap().1.clone();
    // Janus: the DEX first, then the APK with every offset moved by its length, so both parse.
    let shift = dex.len() as u32;
    let mut bytes = p.bytes.clone();
    for at in &p.central {
        let old = u32::from_le_bytes(bytes[at + 42..at + 46].try_into().unwrap());
        put32(&mut bytes, at + 42, old + shift);
    }
    let eocd = bytes.len() - 22;
    let cd = u32::from_le_bytes(bytes[eocd + 16..eocd + 20].try_into().unwrap());
    put32(&mut bytes, eocd + 16, cd + shift);
    let janus = [dex, bytes].concat();
    assert_flagged("janus", &analyze(&janus), &["Janus", "before the first entry"]);
}

/// The sample's manifest changed by `f`, rebuilt into an APK.
fn with_manifest(f: impl Fn(&mut Vec<u8>)) -> Option<Vec<u8>> {
    let mut entries = sample_entries()?;
    f(&mut entries[0].1);
    Some(build(&entries, &[]).bytes)
}

#[test]
fn manifest_declaring_a_wrong_size() {
    let Some(apk) = with_manifest(|m| {
        let real = m.len() as u32;
        m[4..8].copy_from_slice(&(real + 4096).to_le_bytes());
    }) else {
        return;
    };
    assert_flagged("axml size", &analyze(&apk), &["declares a size"]);
}

#[test]
fn manifest_with_a_hidden_unknown_chunk() {
    let Some(apk) = with_manifest(|m| {
        // After the string pool (the first chunk), insert a chunk of a type nobody defines.
        let pool_size = u32::from_le_bytes(m[12..16].try_into().unwrap()) as usize;
        let at = 8 + pool_size;
        let mut hidden = vec![0x66, 0x06, 8, 0, 16, 0, 0, 0];
        hidden.extend_from_slice(b"applens!");
        m.splice(at..at, hidden);
        let size = m.len() as u32;
        m[4..8].copy_from_slice(&size.to_le_bytes());
    }) else {
        return;
    };
    assert_flagged("hidden chunk", &analyze(&apk), &["unknown block (type 0x0666)"]);
}

#[test]
fn manifest_attribute_renamed_to_fool_name_based_tools() {
    let Some(apk) = with_manifest(|m| {
        // The attribute name string "versionCode" becomes "vers1onCode" (same length): Android reads the
        // attribute by its resource id and still sees the version code.
        let needle: Vec<u8> = "versionCode".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let fake: Vec<u8> = "vers1onCode".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let (at, utf8) = match m.windows(needle.len()).position(|w| w == needle.as_slice()) {
            Some(at) => (at, false),
            None => (m.windows(11).position(|w| w == b"versionCode").expect("versionCode string"), true),
        };
        if utf8 {
            m[at..at + 11].copy_from_slice(b"vers1onCode");
        } else {
            m[at..at + fake.len()].copy_from_slice(&fake);
        }
    }) else {
        return;
    };
    let report = analyze(&apk);
    assert_eq!(report.app.version_code, Some(241), "Android's reading of the version survives the renaming");
    assert_flagged("renamed attribute", &report, &["android:versionCode", "vers1onCode"]);
}

#[test]
fn tricks_inside_a_split_sets_base_are_flagged_too() {
    let Some(mut entries) = sample_entries() else { return };
    entries.push(("AndroidManifest.xml".into(), entries[0].1.clone()));
    let mut p = build(&entries, &[]);
    put16(&mut p.bytes, p.local[1] + 8, 0); // and one local header that lies
    let mut set = ZipBuilder::new();
    set.add_stored("base.apk", &p.bytes);
    let report = analyze(&set.finish());
    assert!(report.findings.iter().any(|f| f.id == FINDING_ID), "{:?}", report.findings);
}
