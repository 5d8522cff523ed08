//! Hostile packages, generated here byte by byte: compression bombs, lying sizes and counts, entry names
//! made to escape a folder, duplicates, junk, nesting, and binary manifests built to cost memory or time.
//!
//! Each must end in `Ok` or `Err` within `TIME_LIMIT` and `MEMORY_LIMIT` (allocations made while the
//! analysis runs; the input itself is allocated before), and a refusal must say what was wrong in words a
//! person can act on. `cargo test --test hostile_archives -- --nocapture` prints each case's figures.

mod common;

use std::time::{Duration, Instant};

use applens::analysis::axml::MAX_ELEMENT_TEXT;
use applens::analysis::{analyze, ErrorKind, Limits, Options, Report, Result};

use common::alloc::{self, MIB};
use common::axml::{simple_manifest, Attr, AxmlBuilder, ANDROID_NS, ATTR_NAME, TYPE_INT_DEC, TYPE_STRING};
use common::zipgen::{self, crc32, crc32_zeros, deflate_zeros, put32, ZipBuilder, DEFLATED, STORED};

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// Generous for a loaded two-core machine; every case here takes well under a second when it is handled.
const TIME_LIMIT: Duration = Duration::from_secs(5);
const MEMORY_LIMIT: usize = 64 * MIB;
const GIB: u64 = 1024 * 1024 * 1024;

/// Analyses `bytes`, asserting it neither panics nor exceeds the time and memory bounds.
fn bounded(case: &str, bytes: &[u8]) -> Result<Report> {
    bounded_with(case, bytes, &Options::default())
}

fn bounded_with(case: &str, bytes: &[u8], options: &Options) -> Result<Report> {
    assert!(alloc::installed(), "the counting allocator is not installed");
    let start = Instant::now();
    let source = common::SliceSource(bytes);
    let (result, peak) = alloc::measure(|| analyze(&source, "hostile.apk", options, &mut |_| {}));
    let elapsed = start.elapsed();
    let outcome = match &result {
        Ok(r) => format!("Ok, {} warnings, {} limitations", r.warnings.len(), r.limitations.len()),
        Err(e) => format!("Err({:?}) {e}", e.kind),
    };
    eprintln!(
        "{case}: {} input bytes, {elapsed:.1?}, peak {:.2} MiB: {}",
        bytes.len(),
        peak as f64 / MIB as f64,
        shorten(&outcome)
    );
    assert!(elapsed < TIME_LIMIT, "{case}: took {elapsed:?}");
    assert!(peak < MEMORY_LIMIT, "{case}: allocated {:.1} MiB at once", peak as f64 / MIB as f64);
    result
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Everything the report says went wrong or was left out, as one lower-case text to search.
fn report_text(r: &Report) -> String {
    let mut out = String::new();
    for w in &r.warnings {
        out.push_str(&format!("{}: {}\n", w.part, w.message));
    }
    for l in &r.limitations {
        out.push_str(&format!("{}: {}\n", l.id, l.message));
    }
    for e in r.findings.iter().flat_map(|f| &f.evidence) {
        out.push_str(&format!("{}: {}\n", e.location, e.text));
    }
    out.to_lowercase()
}

fn assert_err(case: &str, result: Result<Report>, kind: ErrorKind, words: &[&str]) {
    let e = match result {
        Ok(r) => panic!("{case}: expected an error, got a report: {r:?}"),
        Err(e) => e,
    };
    assert_eq!(e.kind, kind, "{case}: {e}");
    let text = e.to_string().to_lowercase();
    for w in words {
        assert!(text.contains(w), "{case}: the message does not say {w:?}: {e}");
    }
}

fn assert_report_says(case: &str, r: &Report, words: &[&str]) {
    let text = report_text(r);
    for w in words {
        assert!(text.contains(w), "{case}: the report does not say {w:?}:\n{text}");
    }
}

const PACKAGE: &str = "com.example.hostile";

fn manifest() -> Vec<u8> {
    simple_manifest(PACKAGE, &["android.permission.CAMERA"])
}

/// `AndroidManifest.xml` deflated as `n` zeros, declaring `declared` bytes inflated.
fn bomb_apk(n: u64, declared: u32) -> Vec<u8> {
    let mut zip = ZipBuilder::new();
    zip.add_raw(b"AndroidManifest.xml", DEFLATED, crc32_zeros(n), &deflate_zeros(n), declared);
    zip.finish()
}

// ---------------------------------------------------------------------------------------------------------
// The generators themselves

#[test]
fn generators_make_what_they_claim() {
    // The hand-written deflate stream inflates to exactly n zeros, and the arithmetic CRC matches.
    for n in [0u64, 1, 2, 257, 258, 259, 1000, 70_000] {
        let inflated = zipgen::inflate(&deflate_zeros(n), n as u32);
        assert_eq!(inflated.len() as u64, n);
        assert!(inflated.iter().all(|b| *b == 0));
        assert_eq!(crc32_zeros(n), crc32(&inflated), "crc of {n} zeros");
    }
    assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    // The hand-written manifest is read as intended, inside a hand-written archive.
    let mut zip = ZipBuilder::new();
    zip.add_deflated("AndroidManifest.xml", &manifest());
    let report = common::analyze_bytes(&zip.finish(), "ok.apk").expect("a valid APK");
    assert_eq!(report.app.id.as_deref(), Some(PACKAGE));
    assert_eq!(report.permissions.len(), 1);
    assert_eq!(report.permissions[0].evidence[0].text, "<uses-permission android:name=\"android.permission.CAMERA\"/>");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

// ---------------------------------------------------------------------------------------------------------
// Compression bombs and lying sizes

#[test]
fn manifest_bomb_declaring_one_gib_is_refused_by_its_declared_size() {
    let bytes = bomb_apk(GIB, GIB as u32);
    assert!(bytes.len() < 2 * MIB, "the bomb should be small: {}", bytes.len());
    let r = bounded("manifest bomb, 1 GiB declared", &bytes).expect("a report with the manifest missing");
    assert_report_says("manifest bomb", &r, &["androidmanifest.xml", "1073741824", "limit"]);
    assert!(r.app.id.is_none());
}

#[test]
fn manifest_bomb_lying_about_its_size_is_cut_off() {
    // Declares a plausible size but inflates to 1 GiB: the read must stop near the declared size or the
    // manifest limit, never run to the end.
    for declared in [0u32, 4096, 16 * 1024 * 1024 - 1] {
        let bytes = bomb_apk(GIB, declared);
        let case = format!("manifest bomb, 1 GiB declaring {declared}");
        let r = bounded(&case, &bytes).expect("a report with the manifest missing");
        assert_report_says(&case, &r, &["androidmanifest.xml"]);
        let text = report_text(&r);
        assert!(text.contains("declared") || text.contains("limit"), "{case}: unclear: {text}");
        assert!(r.app.id.is_none());
    }
}

#[test]
fn manifest_inflating_past_the_limit_while_declaring_less_is_cut_at_the_limit() {
    // Declares just under the limit and really inflates just past it: stopped by the cap, not the CRC.
    let limit = Limits::MAX_MANIFEST_BYTES;
    let bytes = bomb_apk(limit + 1, (limit - 1) as u32);
    let r = bounded("manifest of limit+1 bytes declaring limit-1", &bytes).expect("a report");
    assert!(r.app.id.is_none());
    assert_report_says("limit+1", &r, &["androidmanifest.xml"]);
}

#[test]
fn bombs_in_entries_that_are_not_read_cost_nothing() {
    let mut zip = ZipBuilder::new();
    zip.add_deflated("AndroidManifest.xml", &manifest());
    zip.add_raw(b"classes.dex", DEFLATED, crc32_zeros(GIB), &deflate_zeros(GIB), GIB as u32);
    let r = bounded("1 GiB classes.dex bomb", &zip.finish()).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE));
}

#[test]
fn overlapping_entries_sharing_one_bomb_are_bounded() {
    // The "non-recursive zip bomb" (Fifield, 2019): many directory entries point at the same compressed
    // data, so the archive inflates to entries x 1 GiB. One of them is the manifest.
    let mut zip = ZipBuilder::new();
    let kernel = zip.add_raw(b"AndroidManifest.xml", DEFLATED, crc32_zeros(GIB), &deflate_zeros(GIB), GIB as u32);
    for i in 0..20_000 {
        let mut record = kernel.clone();
        record.name = format!("res/raw/f{i:05}").into_bytes();
        zip.central.push(record);
    }
    let r = bounded("20,000 entries sharing a 1 GiB kernel", &zip.finish()).expect("a report");
    assert_report_says("overlap", &r, &["limit"]);
}

#[test]
fn stored_entry_running_past_the_end_of_the_file_is_named() {
    let mut zip = ZipBuilder::new();
    let m = manifest();
    let mut record = zip.add_stored("AndroidManifest.xml", &m);
    record.compressed_size = 5_000_000;
    record.uncompressed_size = 5_000_000;
    zip.central[0] = record;
    let r = bounded("stored manifest longer than the file", &zip.finish()).expect("a report");
    assert!(r.app.id.is_none());
    assert_report_says("stored past end", &r, &["androidmanifest.xml"]);
}

#[test]
fn unsupported_compression_and_the_encryption_flag() {
    // Android knows only stored (0) and deflate (8) and reads any other method as stored: the manifest is
    // read, and the odd method flagged as an anti-analysis trick.
    let mut zip = ZipBuilder::new();
    let m = manifest();
    zip.add_raw(b"AndroidManifest.xml", 12, crc32(&m), &m, m.len() as u32);
    let r = bounded("manifest declaring bzip2", &zip.finish()).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE), "{:?}", r.warnings);
    assert_report_says("bzip2", &r, &["compression method 12"]);

    // The encryption flag is ignored, as Android ignores it (packers set it to break analysers).
    let mut zip = ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &m);
    let mut bytes = zip.finish();
    set_flag_bits(&mut bytes, 1);
    let r = bounded("manifest flagged as encrypted", &bytes).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE), "{:?}", r.warnings);
}

/// ORs `bits` into the general-purpose flags of every local and central header.
fn set_flag_bits(bytes: &mut [u8], bits: u16) {
    for i in 0..bytes.len().saturating_sub(8) {
        let at = match &bytes[i..i + 4] {
            b"PK\x03\x04" => i + 6,
            b"PK\x01\x02" => i + 8,
            _ => continue,
        };
        let v = u16::from_le_bytes([bytes[at], bytes[at + 1]]) | bits;
        bytes[at..at + 2].copy_from_slice(&v.to_le_bytes());
    }
}

// ---------------------------------------------------------------------------------------------------------
// Entry counts

#[test]
fn end_record_declaring_a_million_entries_is_refused_before_reading_them() {
    let mut zip = ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &manifest());
    let r = bounded("end record declaring 1,000,000 entries", &zip.finish_declaring(1_000_000));
    assert_err("million entries", r, ErrorKind::Limit, &["1000000 entries", "200000"]);

    let mut zip = ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &manifest());
    let r = bounded("zip64 end record declaring 2^64-1 entries", &zip.finish_declaring(u64::MAX));
    assert_err("u64::MAX entries", r, ErrorKind::Limit, &["entries"]);
}

#[test]
fn end_record_declaring_more_entries_than_it_holds_is_malformed() {
    // 65,534 declared (under the limit, no zip64), one present: the directory runs out.
    let mut zip = ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &manifest());
    let r = bounded("end record declaring 65,534 entries, holding 1", &zip.finish_declaring(65_534));
    assert_err("65534 entries", r, ErrorKind::Malformed, &["past the end of the file", "declares more"]);
}

/// `n` empty stored entries (`e/0000000`...) and a manifest, written directly: about 90 bytes an entry.
fn many_entries(n: usize) -> Vec<u8> {
    let mut zip = ZipBuilder::new();
    zip.out.reserve(n * 92 + 4096);
    zip.add_stored("AndroidManifest.xml", &manifest());
    for i in 0..n {
        zip.add_raw(format!("e/{i:07}").as_bytes(), STORED, 0, &[], 0);
    }
    zip.finish()
}

#[test]
fn a_real_archive_of_300000_entries_is_refused_by_the_entry_limit() {
    let start = Instant::now();
    let bytes = many_entries(300_000);
    eprintln!("generated 300,000 entries ({} MB) in {:.1?}", bytes.len() / 1_000_000, start.elapsed());
    let r = bounded("300,000 real entries", &bytes);
    assert_err("300000 entries", r, ErrorKind::Limit, &["300001 entries"]);
}

#[test]
fn an_archive_just_under_the_entry_limit_is_read_within_bounds() {
    let max = Limits::default().max_entries as usize;
    let bytes = many_entries(max - 1);
    let r = bounded("entries at the limit", &bytes).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE));
}

#[test]
fn a_decoy_end_record_cannot_hide_the_real_entry_count() {
    // The last end-record signature in the file is a decoy declaring 0 entries with an impossible
    // directory offset; the zip reader rejects it and falls back to the real record before it, which
    // declares 300,001. The entry limit must see the real count too.
    let mut bytes = many_entries(300_000);
    bytes.extend_from_slice(b"PK\x05\x06");
    bytes.extend_from_slice(&[0; 6]); // disks, 0 entries on this disk...
    bytes.extend_from_slice(&[0; 2]); // ...0 entries in total
    put32(&mut bytes, 0); // directory size
    put32(&mut bytes, 0xffff_fff0); // directory offset past the end
    bytes.extend_from_slice(&[0; 2]); // comment length
    let r = bounded("decoy end record after 300,000 entries", &bytes);
    assert_err("decoy", r, ErrorKind::Limit, &["entries"]);
}

#[test]
fn a_tail_full_of_end_record_signatures_is_bounded() {
    let mut zip = ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &manifest());
    let mut bytes = zip.finish();
    for _ in 0..16_000 {
        bytes.extend_from_slice(b"PK\x05\x06");
    }
    let r = bounded("16,000 end-record signatures after the archive", &bytes);
    if let Err(e) = &r {
        assert!(e.to_string().to_lowercase().contains("zip") || e.part.contains("zip"), "{e}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Names

#[test]
fn entry_names_that_escape_a_folder_are_only_names() {
    // AppLens never writes entries to disk, so these cannot do harm; the analysis must still go on.
    let mut zip = ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &manifest());
    for name in ["../../evil", "/abs", "C:\\x", "..\\..\\evil.dll", "a/../../../b", "./AndroidManifest.xml", "\u{202e}kpa.exe"] {
        zip.add_stored(name, b"x");
    }
    let r = bounded("path traversal names", &zip.finish()).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE));
}

#[test]
fn a_manifest_reachable_only_through_a_traversal_name_is_not_the_manifest() {
    let mut zip = ZipBuilder::new();
    zip.add_stored("../AndroidManifest.xml", &manifest());
    zip.add_stored("/AndroidManifest.xml", &manifest());
    let r = bounded("manifest only under ../ and /", &zip.finish());
    assert_err("traversal manifest", r, ErrorKind::Unsupported, &["no androidmanifest.xml"]);
}

#[test]
fn a_64_kib_entry_name_is_read() {
    let mut zip = ZipBuilder::new();
    zip.add_stored(&"a".repeat(0xffff), b"x");
    zip.add_stored("AndroidManifest.xml", &manifest());
    zip.add_raw(&[0xff; 0xffff], STORED, 0, &[], 0); // not UTF-8: read as CP437
    let r = bounded("64 KiB entry names", &zip.finish()).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE));
}

#[test]
fn duplicate_entry_names_are_reported() {
    // Android refuses such an archive (libziparchive `kDuplicateEntry`; apksig checks for duplicates
    // before verifying): the "Master Key" bug let one tool read the first copy and another the second.
    let mut zip = ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", &simple_manifest("com.example.first", &[]));
    zip.add_stored("classes.dex", b"dex\n035\0");
    zip.add_stored("AndroidManifest.xml", &simple_manifest("com.example.second", &["android.permission.READ_SMS"]));
    zip.add_stored("classes.dex", b"dex\n035\0");
    let r = bounded("duplicate names", &zip.finish()).expect("a report");
    assert_report_says("duplicates", &r, &["more than once", "android refuses", "master key", "last copy"]);
    // The report says which copy it read; it must be that one.
    assert_eq!(r.app.id.as_deref(), Some("com.example.second"));
}

// ---------------------------------------------------------------------------------------------------------
// Not quite archives

#[test]
fn an_empty_file_is_named_empty() {
    let r = bounded("empty file", &[]);
    assert_err("empty", r, ErrorKind::Malformed, &["empty"]);
}

#[test]
fn an_archive_of_only_an_end_record_is_named_empty() {
    let bytes = ZipBuilder::new().finish();
    assert_eq!(bytes.len(), 22);
    let r = bounded("only an end record", &bytes);
    assert_err("only end record", r, ErrorKind::Unsupported, &["empty"]);
}

#[test]
fn junk_before_the_first_entry_is_named() {
    let mut zip = ZipBuilder::new();
    zip.add_deflated("AndroidManifest.xml", &manifest());
    let apk = zip.finish();

    // Offsets left as they were (the reader must find the shift), and a DEX file in front (the "Janus"
    // trick, CVE-2017-13156, which made Android run the DEX and install the APK).
    let junk: Vec<u8> = (0..1000u32).map(|i| (i * 7 + 3) as u8).collect();
    let dex = [&b"dex\n035\0"[..], &[0u8; 0x68]].concat();
    // Read the way Android reads it (from the central directory) and flagged as an anti-analysis trick.
    for (what, prefix, words) in [
        ("junk", junk.as_slice(), &["before the first entry"][..]),
        ("a DEX header", dex.as_slice(), &["before the first entry", "Janus"][..]),
    ] {
        let bytes = [prefix, &apk].concat();
        let case = format!("{what} before the first entry");
        let r = bounded(&case, &bytes).expect("a report");
        assert_eq!(r.app.id.as_deref(), Some(PACKAGE), "{case}");
        let finding = r.findings.iter().find(|f| f.id == "package.anti_analysis").expect("flagged");
        for w in words {
            assert!(finding.evidence.iter().any(|e| e.text.contains(w)), "{case}: {:?}", finding.evidence);
        }
    }

    // Junk that itself starts like a ZIP entry is found by the reader, which shifts the offsets.
    let bytes = [&b"PK\x03\x04"[..], &junk, &apk].concat();
    let r = bounded("PK-prefixed junk before the first entry", &bytes);
    match r {
        Ok(r) => assert_eq!(r.app.id.as_deref(), Some(PACKAGE)),
        Err(e) => assert!(e.to_string().contains("zip"), "{e}"),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Nesting

/// An archive holding `inner` as `name`, deflated (stored would let a reader see through it).
fn wrap(name: &str, inner: &[u8], with_manifest: bool) -> Vec<u8> {
    let mut zip = ZipBuilder::new();
    if with_manifest {
        zip.add_deflated("AndroidManifest.xml", &manifest());
    }
    zip.add_deflated(name, inner);
    zip.finish()
}

#[test]
fn archives_nested_ten_deep_around_a_bomb_are_bounded() {
    // Innermost: an APK whose manifest is a 1 GiB bomb; then nine more APKs, each inside the next.
    let mut nested = bomb_apk(GIB, GIB as u32);
    for _ in 0..9 {
        nested = wrap("base.apk", &nested, false);
    }
    // As a split set (only APKs inside): read one level deep, never further. The inner "APK" is an archive
    // of archives without a manifest: a warning naming it, and a limitation saying no base was found.
    let outer = wrap("base.apk", &nested, false);
    let r = bounded("APKs nested 10 deep around a bomb, as a split set", &outer).expect("a report");
    assert!(r.app.id.is_none());
    assert!(r.limitations.iter().any(|l| l.id == "android.bundle.base"), "{:?}", r.limitations);
    assert!(r.warnings.iter().any(|w| w.part == "base.apk" && w.message.contains("no AndroidManifest.xml")), "{:?}", r.warnings);

    // As an APK carrying the chain as an asset: the package's own manifest is read, the chain is not.
    let outer = wrap("assets/base.apk", &nested, true);
    let r = bounded("APK carrying APKs nested 10 deep around a bomb", &outer).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE));
}

// ---------------------------------------------------------------------------------------------------------
// Binary manifests built to cost memory or time

fn apk(manifest: &[u8]) -> Vec<u8> {
    let mut zip = ZipBuilder::new();
    zip.add_deflated("AndroidManifest.xml", manifest);
    zip.finish()
}

#[test]
fn one_long_string_referenced_by_every_attribute_is_bounded() {
    // One 32 KiB string (the longest a UTF-8 pool can state), named by 65,535 attributes three times each
    // (name, raw text, typed value): 6 GiB of text if every reference is decoded into its own String.
    let mut b = AxmlBuilder::new(true, &[]);
    let manifest = b.string("manifest");
    let long = b.string(&"A".repeat(0x7fff));
    let attrs: Vec<Attr> =
        (0..0xffff).map(|_| Attr { ns: None, name: long, raw: Some(long), data_type: TYPE_STRING, data: long }).collect();
    b.start_element(manifest, &attrs);
    b.end_element(manifest);
    let doc = b.finish();
    let r = bounded("65,535 attributes x 32 KiB string", &apk(&doc)).expect("a report");
    assert_report_says("long string", &r, &["over the limit", "decoded text", "read only in part"]);
}

#[test]
fn a_long_utf16_string_referenced_many_times_is_bounded() {
    // UTF-16 pools state lengths up to 2^31 units: one 3 Mi-unit string (6 MiB, under the manifest size
    // limit), referenced by 64 attributes: 1.1 GiB of text if each reference were decoded.
    let mut b = AxmlBuilder::new(false, &[]);
    let manifest = b.string("manifest");
    let package = b.string("package");
    let long = b.push_string(&"\u{4e00}".repeat(3 * 1024 * 1024));
    let mut attrs = vec![Attr { ns: None, name: package, raw: Some(long), data_type: TYPE_STRING, data: long }];
    attrs.extend((0..63).map(|_| Attr { ns: None, name: long, raw: Some(long), data_type: TYPE_STRING, data: long }));
    b.start_element(manifest, &attrs);
    b.end_element(manifest);
    let r = bounded("64 attributes x 3 Mi-unit UTF-16 string", &apk(&b.finish())).expect("a report");
    assert_report_says("utf16 string", &r, &["over the limit", "decoded text", "read only in part"]);
}

#[test]
fn many_distinct_permissions_are_handled_in_linear_time() {
    // 45,000 distinct <uses-permission> and as many <permission> definitions (the element limit raised to
    // let them all in; the manifest size limit still holds): comparing them pairwise took 9 s here.
    let n = 45_000;
    let mut b = AxmlBuilder::new(true, &[("name", ATTR_NAME)]);
    let android = b.string("android");
    let ns = b.string(ANDROID_NS);
    let manifest = b.string("manifest");
    let package = b.string("package");
    let package_value = b.string(PACKAGE);
    let uses = b.string("uses-permission");
    let permission = b.string("permission");
    b.start_namespace(android, ns);
    b.start_element(manifest, &[Attr { ns: None, name: package, raw: Some(package_value), data_type: TYPE_STRING, data: package_value }]);
    let names: Vec<u32> = (0..n).map(|i| b.push_string(&format!("P{i:05}"))).collect();
    for (element, ids) in [(uses, names.iter().rev()), (permission, names.iter().rev())] {
        for &id in ids {
            b.start_element(element, &[Attr { ns: Some(ns), name: 0, raw: Some(id), data_type: TYPE_STRING, data: id }]);
            b.end_element(element);
        }
    }
    b.end_element(manifest);
    let mut options = Options::default();
    options.limits.axml.max_elements = 2 * n + 1;
    let r = bounded_with("45,000 distinct permissions and definitions", &apk(&b.finish()), &options).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE));
    assert_eq!(r.permissions.len(), n, "{:?}", r.warnings);
    assert!(!r.limitations.iter().any(|l| l.id == "android.manifest"), "read in part: {:?}", r.warnings);
}

#[test]
fn many_repeated_permissions_do_not_flood_the_report() {
    let n = Limits::default().axml.max_elements - 1;
    let perms = vec!["android.permission.CAMERA"; n];
    let r = bounded("49,999 repeats of one permission", &apk(&simple_manifest(PACKAGE, &perms))).expect("a report");
    assert_eq!(r.permissions.len(), 1);
    assert!(r.warnings.len() <= 1000, "{} warnings", r.warnings.len());
}

#[test]
fn deeply_nested_elements_are_bounded() {
    let depth = Limits::default().axml.max_elements - 1;
    let mut b = AxmlBuilder::new(true, &[]);
    let manifest = b.string("manifest");
    let package = b.string("package");
    let package_value = b.string(PACKAGE);
    let child = b.string("x");
    b.start_element(manifest, &[Attr { ns: None, name: package, raw: Some(package_value), data_type: TYPE_STRING, data: package_value }]);
    for _ in 0..depth {
        b.start_element(child, &[Attr { ns: None, name: child, raw: None, data_type: TYPE_INT_DEC, data: 1 }]);
    }
    for _ in 0..depth {
        b.end_element(child);
    }
    b.end_element(manifest);
    let r = bounded("elements nested 49,999 deep", &apk(&b.finish())).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE));
}

#[test]
fn many_distinct_namespaces_are_bounded() {
    // Namespace nodes are not elements, so the element limit does not count them; each names a new URI.
    let n = 200_000;
    let mut b = AxmlBuilder::new(true, &[("name", ATTR_NAME)]);
    let manifest = b.string("manifest");
    let package = b.string("package");
    let package_value = b.string(PACKAGE);
    let uses = b.string("uses-permission");
    let camera = b.string("android.permission.CAMERA");
    let prefix = b.string("p");
    let uris: Vec<u32> = (0..n).map(|i| b.push_string(&format!("u{i}"))).collect();
    for &uri in &uris {
        b.start_namespace(prefix, uri);
    }
    b.start_element(manifest, &[Attr { ns: None, name: package, raw: Some(package_value), data_type: TYPE_STRING, data: package_value }]);
    for &uri in uris.iter().rev().take(1000) {
        b.start_element(uses, &[Attr { ns: Some(uri), name: 0, raw: Some(camera), data_type: TYPE_STRING, data: camera }]);
        b.end_element(uses);
    }
    b.end_element(manifest);
    let r = bounded("200,000 distinct namespaces", &apk(&b.finish())).expect("a report");
    assert_eq!(r.app.id.as_deref(), Some(PACKAGE));
    assert!(!r.limitations.iter().any(|l| l.id == "android.manifest"), "read in part: {:?}", r.warnings);
}

#[test]
fn evidence_for_a_huge_element_is_cut_short() {
    // A <uses-permission> whose name is 2 MiB of quotes: evidence escapes each quote into six bytes.
    let mut b = AxmlBuilder::new(true, &[("name", ATTR_NAME)]);
    let manifest = b.string("manifest");
    let package = b.string("package");
    let package_value = b.string(PACKAGE);
    let uses = b.string("uses-permission");
    let quotes = b.push_string(&"\"".repeat(0x7fff));
    b.start_element(manifest, &[Attr { ns: None, name: package, raw: Some(package_value), data_type: TYPE_STRING, data: package_value }]);
    for _ in 0..60 {
        b.start_element(uses, &[Attr { ns: None, name: 0, raw: Some(quotes), data_type: TYPE_STRING, data: quotes }]);
        b.end_element(uses);
    }
    b.end_element(manifest);
    let r = bounded("uses-permission named by 32 KiB of quotes", &apk(&b.finish())).expect("a report");
    let evidence = &r.permissions.first().expect("one permission").evidence[0].text;
    assert!(evidence.len() <= MAX_ELEMENT_TEXT + "…/>".len(), "evidence of {} bytes", evidence.len());
    assert!(evidence.starts_with("<uses-permission name=\"&quot;&quot;") && evidence.ends_with("…/>"), "{evidence}");
}

#[test]
fn a_manifest_at_every_parse_limit_at_once_is_bounded() {
    // As many <uses-permission> elements as the element limit allows, the attribute limit spread over
    // them, every one a distinct permission, and every attribute's raw text and value naming that
    // permission's string, as long as the text limit and the manifest size limit leave room for: every
    // structure of the document, manifest and report at its largest together.
    let limits = Limits::default();
    let n = limits.axml.max_elements - 1;
    let attributes = limits.axml.max_attributes - 1; // <manifest> has one
    let per = attributes / n;
    let extra = attributes % n; // the first `extra` elements carry one more
    let most = per + usize::from(extra > 0);
    // Bytes of one element and its end in the document, and text decoded for it: the element name, then
    // per attribute its name (4 bytes, "name", or 2, "aK") and the permission name twice (raw and value).
    let node_bytes = 16 + 20 + 20 * most + 24;
    let len_by_size = ((Limits::MAX_MANIFEST_BYTES as usize - 4096) / n).saturating_sub(node_bytes + 4 + 3);
    let len_by_text = (limits.axml.max_text_bytes / n).saturating_sub(15 + 4 + 2 * most + 8) / (2 * most);
    let len = len_by_size.min(len_by_text).clamp(8, 0x7fff);
    let mut b = AxmlBuilder::new(true, &[("name", ATTR_NAME)]);
    let manifest = b.string("manifest");
    let package = b.string("package");
    let package_value = b.string(PACKAGE);
    let uses = b.string("uses-permission");
    let other: Vec<u32> = (1..most).map(|k| b.string(&format!("a{k}"))).collect();
    let names: Vec<u32> = (0..n).map(|i| b.push_string(&format!("p{i:07}{}", "x".repeat(len - 8)))).collect();
    b.start_element(manifest, &[Attr { ns: None, name: package, raw: Some(package_value), data_type: TYPE_STRING, data: package_value }]);
    for (i, &name) in names.iter().enumerate() {
        let count = if i < extra { per + 1 } else { per };
        let mut attrs = vec![Attr { ns: None, name: 0, raw: Some(name), data_type: TYPE_STRING, data: name }];
        attrs.extend(other.iter().take(count - 1).map(|&a| Attr { ns: None, name: a, raw: Some(name), data_type: TYPE_STRING, data: name }));
        b.start_element(uses, &attrs);
        b.end_element(uses);
    }
    b.end_element(manifest);
    let doc = b.finish();
    eprintln!("manifest at every limit: {n} elements, {attributes} attributes, names of {len} bytes, {} bytes", doc.len());
    assert!(doc.len() as u64 <= Limits::MAX_MANIFEST_BYTES);
    let r = bounded("a manifest at every parse limit", &apk(&doc)).expect("a report");
    assert_eq!(r.permissions.len(), n, "the manifest should be read whole: {:?}", r.warnings);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}
