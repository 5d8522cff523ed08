//! Every signing finding fires on its fixture and stays quiet on its twin (tests/fixtures/signing/README.md).
//! Also: the report's signing section is honest about what was not done (not verified; no clock).

use std::path::{Path, PathBuf};

use applens::analysis::report::{Report, Severity};
use applens::analysis::source::FileSource;
use applens::analysis::{analyze, Options};

/// 2030-01-01T00:00:00Z: after every fixture was made, long before the valid ones expire.
const NOW: i64 = 1_893_456_000;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/signing").join(name)
}

fn report(name: &str, now_unix: Option<i64>) -> Report {
    let source = FileSource::open(&fixture(name)).expect("fixture");
    let options = Options { now_unix, ..Options::default() };
    analyze(&source, name, &options, &mut |_| {}).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn ids(r: &Report) -> Vec<&str> {
    let mut v: Vec<&str> = r.findings.iter().filter(|f| f.id.starts_with("android.signing.")).map(|f| f.id.as_str()).collect();
    v.sort_unstable();
    v
}

#[test]
fn each_rule_fires_on_its_fixture_and_not_on_its_twin() {
    let expected: &[(&str, &[&str])] = &[
        // twins: nothing fires
        ("release.apk", &[]),
        ("ec-p256.apk", &[]),
        ("v1-only-sdk27.apk", &[]),
        // one rule each
        ("unsigned.apk", &["android.signing.unsigned"]),
        ("debug-cert.apk", &["android.signing.debug_certificate"]),
        ("expired-cert.apk", &["android.signing.expired_certificate"]),
        ("rsa-1024.apk", &["android.signing.weak_key"]),
        ("v1-sha1.apk", &["android.signing.sha1_signature"]),
        ("v1-md5.apk", &["android.signing.janus", "android.signing.md5_signature"]),
        ("v1-only.apk", &["android.signing.janus"]),
        ("two-signers.apk", &["android.signing.multiple_signers"]),
        ("rotated.apk", &["android.signing.key_rotation"]),
        ("rotated-v31.apk", &["android.signing.key_rotation"]),
    ];
    let mut wrong = Vec::new();
    for (name, want) in expected {
        let r = report(name, Some(NOW));
        if ids(&r) != *want {
            wrong.push(format!("{name}: fired {:?}, expected {want:?}", ids(&r)));
        }
        assert!(r.warnings.is_empty(), "{name}: {:?}", r.warnings);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn findings_carry_plain_words_and_evidence() {
    let r = report("debug-cert.apk", Some(NOW));
    let f = r.findings.iter().find(|f| f.id == "android.signing.debug_certificate").unwrap();
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.category, "code_integrity");
    assert!(f.evidence.iter().all(|e| e.kind == "certificate" && e.text.contains("CN=Android Debug, O=Android, C=US")));
    let sha = &r.signing.as_ref().unwrap().signers[0].certificate.sha256;
    assert!(f.evidence[0].text.contains(sha.as_str()), "evidence names the fingerprint");

    let r = report("expired-cert.apk", Some(NOW));
    let f = r.findings.iter().find(|f| f.id == "android.signing.expired_certificate").unwrap();
    assert_eq!(f.title, "The signing certificate expired on 2001-01-31");
    assert!(!f.explanation.contains('{') && !f.title.contains('{'));

    let r = report("rsa-1024.apk", Some(NOW));
    let f = r.findings.iter().find(|f| f.id == "android.signing.weak_key").unwrap();
    assert_eq!(f.title, "Signed with a short 1024-bit RSA key");

    let r = report("v1-only.apk", Some(NOW));
    let f = r.findings.iter().find(|f| f.id == "android.signing.janus").unwrap();
    assert!(f.explanation.contains("Android 5.0 (API level 21) and later"), "{}", f.explanation);
    assert_eq!(f.evidence[0].location, "META-INF/RELEASE.RSA");

    let r = report("v1-sha1.apk", Some(NOW));
    let f = r.findings.iter().find(|f| f.id == "android.signing.sha1_signature").unwrap();
    assert!(f.explanation.starts_with("Android versions older than 7.0 (this app supports them from Android 2.3 on) check"), "{}", f.explanation);
    let r = report("v1-md5.apk", Some(NOW));
    let f = r.findings.iter().find(|f| f.id == "android.signing.md5_signature").unwrap();
    assert!(f.title.contains("MD5") && f.explanation.starts_with("All Android versions"), "{f:?}");

    let r = report("two-signers.apk", Some(NOW));
    let f = r.findings.iter().find(|f| f.id == "android.signing.multiple_signers").unwrap();
    assert_eq!(f.title, "Signed by 2 different keys");
    assert_eq!(f.evidence.len(), 2);

    let r = report("rotated.apk", Some(NOW));
    let f = r.findings.iter().find(|f| f.id == "android.signing.key_rotation").unwrap();
    assert!(f.evidence[0].text.starts_with("CN=AppLens Old Key") && f.evidence[1].text.starts_with("CN=AppLens New Key"));
}

#[test]
fn signing_section_is_honest() {
    let r = report("release.apk", Some(NOW));
    let s = r.signing.as_ref().unwrap();
    assert_eq!(s.schemes, ["v1", "v2", "v3"]);
    assert!(!s.verified);
    assert_eq!(s.checked_at.as_deref(), Some("2030-01-01T00:00:00Z"));
    assert_eq!(s.signers.len(), 1);
    let c = &s.signers[0].certificate;
    assert_eq!(c.subject, "CN=AppLens Fixture Release, O=\"AppLens Fixtures, Ltd\", C=DE");
    assert_eq!(c.subject, c.issuer, "self-signed");
    assert_eq!((c.key_algorithm.as_str(), c.key_size), ("RSA", Some(2048)));
    assert_eq!(c.signature_algorithm, "SHA256withRSA");
    assert_eq!(c.expired, Some(false));
    let schemes: Vec<&str> = s.signers[0].signatures.iter().map(|x| x.scheme.as_str()).collect();
    assert_eq!(schemes, ["v1", "v2", "v3"]);
    assert_eq!(s.signers[0].signatures[0].location, "META-INF/RELEASE.RSA");
    let limits: Vec<&str> = r.limitations.iter().map(|l| l.id.as_str()).collect();
    assert!(limits.contains(&"android.signing.not_verified"), "{limits:?}");
    assert!(!limits.contains(&"android.signature"), "signing was read: {limits:?}");
    assert!(!limits.contains(&"android.signing.expiry"), "there was a clock: {limits:?}");

    // Without a clock, expiry is not judged, and the report says so.
    let r = report("expired-cert.apk", None);
    assert!(ids(&r).is_empty(), "{:?}", ids(&r));
    assert_eq!(r.signing.as_ref().unwrap().signers[0].certificate.expired, None);
    assert!(r.limitations.iter().any(|l| l.id == "android.signing.expiry"));

    // Unsigned: an empty section, no "not verified" limitation (there is nothing to verify).
    let r = report("unsigned.apk", Some(NOW));
    let s = r.signing.as_ref().unwrap();
    assert!(s.schemes.is_empty() && s.signers.is_empty() && s.signing_block.is_empty());
    assert!(!r.limitations.iter().any(|l| l.id == "android.signing.not_verified"));

    // The other pairs of the signing block are listed by name.
    let r = report("ec-p256.apk", Some(NOW));
    let names: Vec<&str> = r.signing.as_ref().unwrap().signing_block.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(names, ["0x7109871a", "0xf05368c0", "0x6dff800d", "0x42726577"]);
    let c = &r.signing.as_ref().unwrap().signers[0].certificate;
    assert_eq!((c.key_algorithm.as_str(), c.key_size, c.signature_algorithm.as_str()), ("EC", Some(256), "SHA256withECDSA"));
}
