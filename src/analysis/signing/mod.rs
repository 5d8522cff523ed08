//! Android app signatures: who signed a package, with which schemes, and what that means for a person.
//!
//! - v1 (JAR signing): PKCS #7 files `META-INF/*.RSA|DSA|EC`, read through the archive (`v1`).
//! - v2, v3, v3.1: signer lists in the APK Signing Block just before the central directory (`block`), read
//!   straight from the byte source, bounded, never the whole package.
//! - certificates (`cert`) through a small lenient DER reader (`der`), times (`time`), identifiers
//!   (`consts`), and the findings (`rules`) whose texts live in `data/android_signing_findings.tsv`.
//!
//! Signatures are read, not verified: the report says so (`verified: false` and a limitation).
//! <https://source.android.com/docs/security/features/apksigning>

pub mod block;
pub mod cert;
pub mod consts;
pub mod der;
pub mod rules;
pub mod time;
pub mod v1;

use super::archive::{self, Archive};
use super::error::Error;
use super::report::{self, Report};
use super::source::ByteSource;
use cert::Certificate;
use consts::Digest;

/// Bounds for reading signatures; real packages use a few KB.
#[derive(Clone, Copy, Debug)]
pub struct SigningLimits {
    /// Bytes of the APK Signing Block (real ones: 4–16 KB, padding included).
    pub max_block_bytes: u64,
    /// Signers in one scheme's block (and signatures per signer).
    pub max_signers: usize,
    /// Certificates listed by one signer.
    pub max_certificates: usize,
    /// Certificates in a proof of key rotation.
    pub max_lineage: usize,
    /// v1 signature files (`META-INF/*.RSA` …) read.
    pub max_v1_files: usize,
    /// Bytes of one v1 signature file.
    pub max_v1_file_bytes: u64,
}

impl Default for SigningLimits {
    fn default() -> Self {
        Self {
            max_block_bytes: 16 * 1024 * 1024,
            max_signers: 16,
            max_certificates: 16,
            max_lineage: 32,
            max_v1_files: 16,
            max_v1_file_bytes: 1024 * 1024,
        }
    }
}

/// Android's signature schemes, oldest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scheme {
    V1,
    V2,
    V3,
    V31,
}

impl Scheme {
    pub fn label(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V2 => "v2",
            Self::V3 => "v3",
            Self::V31 => "v3.1",
        }
    }

    fn block_id(self) -> Option<u32> {
        match self {
            Self::V1 => None,
            Self::V2 => Some(consts::APK_SIGNATURE_SCHEME_V2_BLOCK_ID),
            Self::V3 => Some(consts::APK_SIGNATURE_SCHEME_V3_BLOCK_ID),
            Self::V31 => Some(consts::APK_SIGNATURE_SCHEME_V31_BLOCK_ID),
        }
    }
}

/// One signer's signature in one scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadSignature {
    pub scheme: Scheme,
    /// `META-INF/CERT.RSA` or `APK Signing Block (v2)`.
    pub location: String,
    pub certificate: Certificate,
    /// Java's name(s) of the signature algorithm(s).
    pub algorithm: String,
    /// v1: the weakest broken hash the signature relies on (MD5, SHA-1…).
    pub broken_digest: Option<Digest>,
}

/// What was read, before it becomes the report's `signing` section and findings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SigningFacts {
    /// Schemes present (a signature file or block exists, readable or not), oldest first.
    pub schemes: Vec<Scheme>,
    pub signatures: Vec<ReadSignature>,
    /// The longest proof of rotation found (v3 or v3.1), oldest certificate first.
    pub lineage: Vec<Certificate>,
    pub lineage_scheme: Option<Scheme>,
    /// (id, value size) of every pair of the APK Signing Block.
    pub block_pairs: Vec<(u32, u64)>,
}

impl SigningFacts {
    pub fn has(&self, scheme: Scheme) -> bool {
        self.schemes.contains(&scheme)
    }

    /// SHA-256 of every certificate that signs (any scheme), sorted: what two APKs of one app must share.
    pub fn certificate_digests(&self) -> Vec<String> {
        let mut v: Vec<String> = self.signatures.iter().map(|s| s.certificate.sha256.clone()).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Reads the signatures of an APK into `report.signing`, adds the signing findings and limitations.
/// Problems become warnings; whatever could be read is still reported.
pub fn read_apk_signing(source: &dyn ByteSource, archive: &mut Archive<'_>, limits: &SigningLimits, now_unix: Option<i64>, report: &mut Report) {
    let mut warnings = Vec::new();
    let facts = read_facts(source, archive, limits, &mut warnings);
    apply_facts(&facts, &warnings, now_unix, report);
}

/// What `read_facts` found (and the warnings it met) as the report's `signing` section, findings and
/// limitations; `report.app.min_sdk` must already be known (some findings depend on it).
pub fn apply_facts(facts: &SigningFacts, warnings: &[Error], now_unix: Option<i64>, report: &mut Report) {
    for w in warnings {
        report.warn(w);
    }
    let min_sdk = report.app.min_sdk;
    report.findings.extend(rules::findings(facts, min_sdk, now_unix));
    if facts.signatures.is_empty() && !facts.schemes.is_empty() {
        report.limitation("android.signature", "The package is signed, but its signatures could not be read (see the warnings), so who signed it is unknown.");
    } else if facts.schemes.is_empty() && !warnings.is_empty() {
        report.limitation("android.signature", "The package's signatures could not be read (see the warnings), so who signed it is unknown.");
    }
    if !facts.signatures.is_empty() {
        report.limitation(
            "android.signing.not_verified",
            "Signature present, not verified: AppLens reads who signed the app but does not check the signatures themselves, so it cannot tell whether the file was changed after signing. Android checks them when it installs the app.",
        );
        if now_unix.is_none() {
            report.limitation("android.signing.expiry", "No clock was available, so AppLens did not judge whether the signing certificates have expired.");
        }
    }
    report.signing = Some(to_report(facts, now_unix));
}

/// Everything the package says about its signatures; unreadable parts are pushed onto `warnings`.
pub fn read_facts(source: &dyn ByteSource, archive: &mut Archive<'_>, limits: &SigningLimits, warnings: &mut Vec<Error>) -> SigningFacts {
    let mut facts = SigningFacts::default();
    read_v1(archive, limits, &mut facts, warnings);
    match archive::central_directory_offset(source).and_then(|cd| block::read_signing_block(source, cd, limits)) {
        Ok(Some(bytes)) => read_block(&bytes, limits, &mut facts, warnings),
        Ok(None) => {}
        Err(e) => warnings.push(e),
    }
    // v1 was looked at first, then the block's schemes in order: `schemes` is already oldest first.
    facts
}

fn read_v1(archive: &mut Archive<'_>, limits: &SigningLimits, facts: &mut SigningFacts, warnings: &mut Vec<Error>) {
    let names: Vec<String> = archive.names().iter().filter(|n| v1::is_signature_block_file(n)).cloned().collect();
    if names.is_empty() {
        return;
    }
    facts.schemes.push(Scheme::V1);
    if names.len() > limits.max_v1_files {
        warnings.push(Error::limit("META-INF", format!("{} v1 signature files; AppLens reads the first {}", names.len(), limits.max_v1_files)));
    }
    for name in names.iter().take(limits.max_v1_files) {
        let parsed = archive.read(name, limits.max_v1_file_bytes).and_then(|bytes| v1::parse_signature_block(&bytes));
        match parsed {
            Ok(sig) => facts.signatures.push(ReadSignature {
                scheme: Scheme::V1,
                location: name.clone(),
                certificate: sig.certificate,
                algorithm: sig.algorithm,
                broken_digest: sig.broken_digest,
            }),
            Err(mut e) => {
                e.message = format!("{}: {}", e.part, e.message);
                e.part = name.clone();
                warnings.push(e);
            }
        }
    }
}

fn read_block(bytes: &[u8], limits: &SigningLimits, facts: &mut SigningFacts, warnings: &mut Vec<Error>) {
    let pairs = match block::parse_pairs(bytes) {
        Ok(p) => p,
        Err(e) => {
            warnings.push(e);
            return;
        }
    };
    for pair in &pairs {
        facts.block_pairs.push((pair.id, pair.value.len() as u64));
    }
    for scheme in [Scheme::V2, Scheme::V3, Scheme::V31] {
        let Some(pair) = pairs.iter().find(|p| Some(p.id) == scheme.block_id()) else { continue };
        facts.schemes.push(scheme);
        let location = format!("APK Signing Block ({})", scheme.label());
        let signers = match block::parse_scheme_block(pair.value, scheme != Scheme::V2, limits) {
            Ok(s) => s,
            Err(e) => {
                warnings.push(labelled(e, &location));
                continue;
            }
        };
        for signer in signers {
            let Some(first) = signer.certificates.first() else { continue };
            match cert::parse_certificate(first) {
                Ok(certificate) => facts.signatures.push(ReadSignature {
                    scheme,
                    location: location.clone(),
                    certificate,
                    algorithm: signer
                        .algorithms
                        .iter()
                        .map(|id| consts::block_signature_algorithm(*id).map_or_else(|| format!("0x{id:04x}"), str::to_string))
                        .collect::<Vec<_>>()
                        .join(", "),
                    broken_digest: None,
                }),
                Err(e) => warnings.push(labelled(e, &location)),
            }
            if signer.lineage.len() > facts.lineage.len() {
                let parsed: Result<Vec<Certificate>, Error> = signer.lineage.iter().map(|c| cert::parse_certificate(c)).collect();
                match parsed {
                    Ok(lineage) => {
                        facts.lineage = lineage;
                        facts.lineage_scheme = Some(scheme);
                    }
                    Err(e) => warnings.push(labelled(e, &format!("{location}, proof of rotation"))),
                }
            }
        }
    }
}

fn labelled(mut e: Error, location: &str) -> Error {
    e.message = format!("{}: {}", e.part, e.message);
    e.part = location.to_string();
    e
}

/// The report's view of a certificate.
pub fn report_certificate(c: &Certificate, now_unix: Option<i64>) -> report::Certificate {
    report::Certificate {
        subject: c.subject.clone(),
        issuer: c.issuer.clone(),
        serial: c.serial.clone(),
        not_before: c.not_before.map(time::iso8601),
        not_after: c.not_after.map(time::iso8601),
        expired: now_unix.zip(c.not_after).map(|(now, end)| end < now),
        sha256: c.sha256.clone(),
        key_algorithm: c.key_algorithm.clone(),
        key_size: c.key_size,
        signature_algorithm: c.signature_algorithm.clone(),
    }
}

fn to_report(facts: &SigningFacts, now_unix: Option<i64>) -> report::Signing {
    // Newest scheme first: the certificate newer Android versions check leads the list.
    let newest_first = [Scheme::V31, Scheme::V3, Scheme::V2, Scheme::V1];
    let ordered = newest_first.iter().flat_map(|scheme| facts.signatures.iter().filter(move |s| s.scheme == *scheme));
    let mut signers: Vec<report::Signer> = Vec::new();
    for sig in ordered {
        let info = report::SignatureInfo { scheme: sig.scheme.label().into(), algorithm: sig.algorithm.clone(), location: sig.location.clone() };
        match signers.iter_mut().find(|s| s.certificate.sha256 == sig.certificate.sha256) {
            Some(existing) => existing.signatures.push(info),
            None => signers.push(report::Signer { certificate: report_certificate(&sig.certificate, now_unix), signatures: vec![info] }),
        }
    }
    for s in &mut signers {
        s.signatures.reverse();
    }
    report::Signing {
        schemes: facts.schemes.iter().map(|s| s.label().to_string()).collect(),
        signers,
        lineage: facts.lineage.iter().map(|c| report_certificate(c, now_unix)).collect(),
        signing_block: facts
            .block_pairs
            .iter()
            .map(|(id, size)| report::SigningBlockEntry { id: format!("0x{id:08x}"), name: consts::block_id_name(*id).into(), size: *size })
            .collect(),
        verified: false,
        checked_at: now_unix.map(time::iso8601),
    }
}
