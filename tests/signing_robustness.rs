//! Hostile signatures: every truncation and many seeded byte flips of the signing fixtures' PKCS #7 files,
//! certificates and APK Signing Blocks give an error or a partial result, never a panic; so does the whole
//! analysis of a package whose signing block was damaged.

mod common;

use std::path::Path;

use applens::analysis::signing::{block, cert, v1, SigningLimits};
use applens::analysis::{analyze, Options};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signing").join(name)).expect("fixture")
}

/// The entry `name` of a stored (uncompressed) or deflated zip: good enough via the zip crate.
fn entry(apk: &[u8], name: &str) -> Vec<u8> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(apk)).unwrap();
    let mut out = Vec::new();
    zip.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

fn signing_block(apk: &[u8]) -> (usize, Vec<u8>) {
    let cd = applens::analysis::archive::central_directory_offset(&apk.to_vec()).unwrap();
    let b = block::read_signing_block(&apk.to_vec(), cd, &SigningLimits::default()).unwrap().unwrap();
    (cd as usize - b.len(), b)
}

fn mutations(data: &[u8], seed: u64, flips: usize) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = (0..data.len()).map(|n| data[..n].to_vec()).collect();
    let mut rng = common::Rng(seed);
    for _ in 0..flips {
        let mut m = data.to_vec();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(m.len());
            m[at] = match rng.below(4) {
                0 => 0,
                1 => 0xff,
                2 => 0x80,
                _ => rng.next() as u8,
            };
        }
        out.push(m);
    }
    out
}

#[test]
fn damaged_pkcs7_and_certificates_never_panic() {
    for (apk, name) in [("release.apk", "META-INF/RELEASE.RSA"), ("ec-p256.apk", "META-INF/EC.EC"), ("v1-md5.apk", "META-INF/MD5SIGN.RSA")] {
        let p7 = entry(&fixture(apk), name);
        let good = v1::parse_signature_block(&p7).expect("the fixture itself parses");
        assert!(!good.certificate.sha256.is_empty());
        for m in mutations(&p7, 0x5eed_0001, 3000) {
            let _ = v1::parse_signature_block(&m);
            let _ = cert::parse_certificate(&m);
        }
    }
}

#[test]
fn damaged_signing_blocks_never_panic() {
    let limits = SigningLimits::default();
    for apk in ["rotated-v31.apk", "two-signers.apk", "ec-p256.apk"] {
        let (_, b) = signing_block(&fixture(apk));
        // Mutate only the part before the padding, where the signers are: that is where parsing happens.
        let pairs = block::parse_pairs(&b).unwrap();
        assert!(pairs.len() >= 2);
        let end = b.len() - pairs.last().unwrap().value.len() - 24;
        for m in mutations(&b[..end], 0x5eed_0002, 3000) {
            let mut whole = m.clone();
            whole.extend_from_slice(&b[end..]);
            if let Ok(pairs) = block::parse_pairs(&whole) {
                for p in pairs {
                    let _ = block::parse_scheme_block(p.value, true, &limits);
                    let _ = block::parse_scheme_block(p.value, false, &limits);
                }
            }
        }
    }
}

#[test]
fn packages_with_damaged_signatures_still_give_a_report() {
    let apk = fixture("rotated.apk");
    let (start, b) = signing_block(&apk);
    let mut rng = common::Rng(0x5eed_0003);
    for _ in 0..300 {
        let mut m = apk.clone();
        for _ in 0..1 + rng.below(4) {
            let at = start + rng.below(b.len().min(4000));
            m[at] = rng.next() as u8;
        }
        // The manifest is untouched, so a report must come back whatever the signatures say.
        let report = analyze(&m, "damaged.apk", &Options::default(), &mut |_| {}).expect("a report despite damaged signatures");
        assert!(report.signing.is_some());
    }
}

#[test]
fn a_signature_file_that_cannot_be_read_is_said_so() {
    let mut apk = fixture("v1-only.apk");
    // Damage the contents of META-INF/RELEASE.RSA just after its local header's name.
    let name = b"META-INF/RELEASE.RSA";
    let at = apk.windows(name.len()).position(|w| w == name).expect("local header") + name.len();
    for b in &mut apk[at + 8..at + 40] {
        *b ^= 0x5a;
    }
    let report = analyze(&apk, "damaged.apk", &Options::default(), &mut |_| {}).expect("a report");
    let signing = report.signing.as_ref().unwrap();
    assert_eq!(signing.schemes, ["v1"], "the signature file is there");
    assert!(signing.signers.is_empty(), "but unreadable");
    assert!(report.warnings.iter().any(|w| w.part == "META-INF/RELEASE.RSA"), "{:?}", report.warnings);
    assert!(report.limitations.iter().any(|l| l.id == "android.signature"), "{:?}", report.limitations);
    let janus = report.findings.iter().find(|f| f.id == "android.signing.janus").expect("still v1 only");
    assert!(!janus.evidence.is_empty());
}
