//! JAR signing ("v1", Android 1.0 and later): `META-INF/NAME.RSA|.DSA|.EC` holds a PKCS #7 SignedData
//! (RFC 2315; the same as CMS, RFC 5652 §5) that signs `META-INF/NAME.SF`. AppLens reads who signed it and
//! with which algorithms; it does not check the signature or the digests in the .SF and MANIFEST.MF files.

use super::cert::{self, Certificate};
use super::consts::{self, Digest};
use super::der::{self, Tlv};
use crate::analysis::error::{Error, Result};

const PART: &str = "PKCS #7 signature";

/// Whether an entry name is a v1 signature block file, as Android's verifier decides it: directly inside
/// `META-INF/`, ending in upper-case `.RSA`, `.DSA` or `.EC`.
pub fn is_signature_block_file(name: &str) -> bool {
    name.strip_prefix("META-INF/")
        .is_some_and(|rest| !rest.contains('/') && (rest.ends_with(".RSA") || rest.ends_with(".DSA") || rest.ends_with(".EC")))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct V1Signature {
    /// The certificate of the signer, found by the issuer and serial number the SignerInfo names.
    pub certificate: Certificate,
    /// Certificates in the block (a chain has more than one; Android only uses the signer's).
    pub certificates_in_block: usize,
    /// The SignerInfo's digestAlgorithm.
    pub digest: Option<Digest>,
    /// Java's name of the whole signature algorithm, e.g. `SHA256withRSA`.
    pub algorithm: String,
    /// The weakest hash the signature relies on, if it is a broken one (MD5, SHA-1…).
    pub broken_digest: Option<Digest>,
}

/// Reads a signature block file (DER or BER).
pub fn parse_signature_block(data: &[u8]) -> Result<V1Signature> {
    let content_info = der::parse(data, PART)?;
    let mut r = content_info.reader(PART);
    let content_type = r.read_tag(der::OID, "contentType")?;
    if der::oid_to_string(content_type.value).as_deref() != Some(consts::OID_SIGNED_DATA) {
        return Err(Error::malformed(PART, "the content is not PKCS #7 SignedData"));
    }
    let explicit = r.read_tag(der::CONTEXT_0, "[0] content")?;
    let signed_data = explicit.reader(PART).read_tag(der::SEQUENCE, "SignedData")?;

    let mut s = signed_data.reader(PART);
    s.read_tag(der::INTEGER, "version")?;
    s.read_tag(der::SET, "digestAlgorithms")?;
    s.read_tag(der::SEQUENCE, "encapContentInfo")?;
    let certificates = s.read_optional(der::CONTEXT_0)?;
    s.read_optional(der::CONTEXT_1)?; // crls
    let signer_infos = s.read_tag(der::SET, "signerInfos")?;

    let mut certs = Vec::new();
    if let Some(set) = certificates {
        let mut c = set.reader(PART);
        while !c.is_empty() {
            let tlv = c.read()?;
            // Other CertificateChoices (attribute certificates…) are tagged [n]; Android ignores them.
            if tlv.tag == der::SEQUENCE {
                certs.push(cert::parse_certificate(tlv.raw)?);
            }
        }
    }
    if certs.is_empty() {
        return Err(Error::malformed(PART, "the signature block holds no certificate"));
    }

    let mut infos = signer_infos.reader(PART);
    let mut first_error = None;
    while !infos.is_empty() {
        let info = infos.read_tag(der::SEQUENCE, "SignerInfo")?;
        match signer(&info, &certs) {
            Ok(sig) => return Ok(sig),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(first_error.unwrap_or_else(|| Error::malformed(PART, "the signature block has no SignerInfo")))
}

fn signer(info: &Tlv<'_>, certs: &[Certificate]) -> Result<V1Signature> {
    let mut r = info.reader(PART);
    r.read_tag(der::INTEGER, "SignerInfo version")?;
    let sid = r.read()?;
    let digest_oid = cert::algorithm_identifier(&r.read_tag(der::SEQUENCE, "digestAlgorithm")?)?;
    r.read_optional(der::CONTEXT_0)?; // signedAttrs
    let signature_oid = cert::algorithm_identifier(&r.read_tag(der::SEQUENCE, "signatureAlgorithm")?)?;

    let certificate = match sid.tag {
        der::SEQUENCE => {
            let mut i = sid.reader(PART);
            let issuer = i.read_tag(der::SEQUENCE, "issuer")?;
            let serial = i.read_tag(der::INTEGER, "serialNumber")?;
            let serial = der::unsigned_bytes(serial.value);
            certs.iter().find(|c| c.issuer_raw == issuer.raw && c.serial_raw == serial)
        }
        // subjectKeyIdentifier: not used by Android's signers; with one certificate there is no doubt.
        _ => None,
    };
    let certificate = match (certificate, certs) {
        (Some(c), _) => c.clone(),
        (None, [only]) => only.clone(),
        _ => return Err(Error::malformed(PART, "no certificate in the block matches the SignerInfo's issuer and serial number")),
    };

    let digest = Digest::from_oid(&digest_oid);
    let signature_digest = cert::signature_digest(&signature_oid);
    let algorithm = match consts::signature_algorithm(&signature_oid) {
        Some((name, _)) => name.to_string(),
        // Usually the key's OID (rsaEncryption…) with the hash in digestAlgorithm: name them together.
        None => {
            let key = match consts::key_algorithm(&signature_oid) {
                Some("EC") => "ECDSA",
                Some(k) => k,
                None => signature_oid.as_str(),
            };
            let hash = digest.map_or_else(|| digest_oid.clone(), |d| d.java_prefix().to_string());
            format!("{hash}with{key}")
        }
    };
    let broken_digest = [digest, signature_digest].into_iter().flatten().filter(|d| d.is_broken()).min_by_key(|d| strength(*d));
    Ok(V1Signature { certificate, certificates_in_block: certs.len(), digest, algorithm, broken_digest })
}

/// Orders broken hashes, weakest first.
fn strength(d: Digest) -> u8 {
    match d {
        Digest::Md2 => 0,
        Digest::Md5 => 1,
        Digest::Sha1 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_block_file_names() {
        assert!(is_signature_block_file("META-INF/CERT.RSA"));
        assert!(is_signature_block_file("META-INF/EC.EC"));
        assert!(is_signature_block_file("META-INF/A.DSA"));
        assert!(!is_signature_block_file("META-INF/CERT.SF"));
        assert!(!is_signature_block_file("META-INF/cert.rsa"));
        assert!(!is_signature_block_file("META-INF/sub/CERT.RSA"));
        assert!(!is_signature_block_file("CERT.RSA"));
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_signature_block(&[]).is_err());
        assert!(parse_signature_block(&[0x30, 0x03, 0x06, 0x01, 0x00]).is_err());
        assert!(parse_signature_block(b"not a signature").is_err());
    }
}
