//! The facts of an X.509 certificate (RFC 5280 §4.1) that say who signed an app: subject, issuer, serial,
//! validity, key algorithm and size, signature algorithm, and the SHA-256 fingerprint of its encoding.
//!
//! Android does not check certificate chains or dates for app signatures: a certificate there is a
//! container for the developer's public key, nearly always self-signed. So only these facts are read; the
//! certificate's own signature is not checked.

use sha2::{Digest as _, Sha256};

use super::consts::{self, Digest};
use super::der::{self, Reader, Tlv};
use super::time;
use crate::analysis::error::{Error, Result};

const PART: &str = "certificate";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// As `apksigner verify --print-certs` prints it: `CN=Android Debug, O=Android, C=US`.
    pub subject: String,
    /// The subject's attributes in order of appearance: (keyword, value), e.g. ("CN", "Android Debug").
    pub subject_attributes: Vec<(String, String)>,
    pub issuer: String,
    /// Lower-case hex of the serial number (with a `-` for the negative ones some tools wrote).
    pub serial: String,
    pub not_before: Option<i64>,
    pub not_after: Option<i64>,
    /// Lower-case hex SHA-256 of the certificate exactly as stored in the package.
    pub sha256: String,
    /// `RSA`, `EC`, `DSA`… or the OID when AppLens does not know it.
    pub key_algorithm: String,
    pub key_size: Option<u32>,
    /// The certificate's own signature algorithm, e.g. `SHA256withRSA`.
    pub signature_algorithm: String,
    /// The encoded issuer name and serial number, to find the certificate a PKCS #7 SignerInfo names.
    pub(crate) issuer_raw: Vec<u8>,
    pub(crate) serial_raw: Vec<u8>,
}

impl Certificate {
    /// The value of the first subject attribute with this keyword (`CN`, `O`…).
    pub fn subject_attribute(&self, keyword: &str) -> Option<&str> {
        self.subject_attributes.iter().find(|(k, _)| k == keyword).map(|(_, v)| v.as_str())
    }
}

/// Reads a certificate from its encoding (DER, or the BER some old tools wrote).
pub fn parse_certificate(data: &[u8]) -> Result<Certificate> {
    let cert = der::parse(data, PART)?;
    if cert.tag != der::SEQUENCE {
        return Err(Error::malformed(PART, "a certificate must be an ASN.1 SEQUENCE"));
    }
    let mut outer = cert.reader(PART);
    let tbs = outer.read_tag(der::SEQUENCE, "tbsCertificate")?;
    let signature_algorithm = algorithm_identifier(&outer.read_tag(der::SEQUENCE, "signatureAlgorithm")?)?;

    let mut r = tbs.reader(PART);
    r.read_optional(der::CONTEXT_0)?; // version
    let serial = r.read_tag(der::INTEGER, "serialNumber")?;
    r.read_tag(der::SEQUENCE, "signature")?;
    let issuer = r.read_tag(der::SEQUENCE, "issuer")?;
    let validity = r.read_tag(der::SEQUENCE, "validity")?;
    let subject = r.read_tag(der::SEQUENCE, "subject")?;
    let spki = r.read_tag(der::SEQUENCE, "subjectPublicKeyInfo")?;

    let mut v = validity.reader(PART);
    let not_before = time::parse_time(&v.read()?);
    let not_after = time::parse_time(&v.read()?);
    let subject_rdns = name_attributes(&subject)?;
    let (key_algorithm, key_size) = public_key(&spki)?;

    Ok(Certificate {
        subject: format_name(&subject_rdns),
        subject_attributes: subject_rdns.into_iter().flatten().collect(),
        issuer: format_name(&name_attributes(&issuer)?),
        serial: serial_hex(serial.value),
        not_before,
        not_after,
        sha256: der::hex(&Sha256::digest(cert.raw)),
        key_algorithm,
        key_size,
        signature_algorithm: consts::signature_algorithm(&signature_algorithm).map_or(signature_algorithm, |(name, _)| name.to_string()),
        issuer_raw: issuer.raw.to_vec(),
        serial_raw: der::unsigned_bytes(serial.value).to_vec(),
    })
}

/// The dotted OID of an AlgorithmIdentifier.
pub fn algorithm_identifier(alg: &Tlv<'_>) -> Result<String> {
    let oid = alg.reader(PART).read_tag(der::OID, "algorithm OID")?;
    der::oid_to_string(oid.value).ok_or_else(|| Error::malformed(PART, "malformed algorithm OID"))
}

/// The hash a certificate or SignerInfo signature algorithm OID uses, if known.
pub fn signature_digest(oid: &str) -> Option<Digest> {
    consts::signature_algorithm(oid).and_then(|(_, d)| d)
}

/// A Name's attributes, most significant first as encoded: (keyword or `OID.x.y.z`, value).
fn name_attributes(name: &Tlv<'_>) -> Result<Vec<Vec<(String, String)>>> {
    let mut rdns = Vec::new();
    let mut r = name.reader(PART);
    while !r.is_empty() {
        let rdn = r.read_tag(der::SET, "RelativeDistinguishedName")?;
        let mut atvs = Vec::new();
        let mut a = rdn.reader(PART);
        while !a.is_empty() {
            let atv = a.read_tag(der::SEQUENCE, "AttributeTypeAndValue")?;
            let mut f = atv.reader(PART);
            let oid = f.read_tag(der::OID, "attribute type")?;
            let value = f.read()?;
            let oid = der::oid_to_string(oid.value).unwrap_or_else(|| "?".into());
            let keyword = consts::name_attribute(&oid).map_or_else(|| format!("OID.{oid}"), str::to_string);
            // Java prints a value that is not a string as # and the hex of its encoding.
            let text = der::string_value(&value).unwrap_or_else(|| format!("#{}", der::hex(value.raw)));
            atvs.push((keyword, text));
        }
        rdns.push(atvs);
    }
    Ok(rdns)
}

/// Java's `X500Name.toString()`: last RDN first, `, ` between RDNs, ` + ` inside a multi-valued one.
fn format_name(rdns: &[Vec<(String, String)>]) -> String {
    rdns.iter()
        .rev()
        .map(|rdn| rdn.iter().map(|(k, v)| format!("{k}={}", quote_value(v))).collect::<Vec<_>>().join(" + "))
        .collect::<Vec<_>>()
        .join(", ")
}

/// RFC 1779 quoting as Java's `AVA.toString()` does it: a value with a special character, leading or
/// trailing blanks or a run of blanks goes in double quotes; `"` and `\` inside get a backslash.
fn quote_value(value: &str) -> String {
    const SPECIAL: &[char] = &[',', '=', '\n', '+', '<', '>', '#', ';', '\\', '"'];
    let blank = |c: char| c == ' ' || c == '\n';
    let mut quote = value.starts_with(blank) || value.ends_with(blank) || value.contains(SPECIAL);
    let mut out = String::with_capacity(value.len() + 2);
    let mut previous_blank = false;
    for c in value.chars() {
        if blank(c) {
            quote |= previous_blank;
            previous_blank = true;
        } else {
            previous_blank = false;
            if c == '"' || c == '\\' {
                out.push('\\');
            }
        }
        out.push(c);
    }
    if quote {
        format!("\"{out}\"")
    } else {
        out
    }
}

/// (algorithm, size in bits) of a SubjectPublicKeyInfo.
fn public_key(spki: &Tlv<'_>) -> Result<(String, Option<u32>)> {
    let mut r = spki.reader(PART);
    let alg = r.read_tag(der::SEQUENCE, "public key algorithm")?;
    let key = r.read_tag(der::BIT_STRING, "subjectPublicKey")?;
    let mut a = alg.reader(PART);
    let oid = der::oid_to_string(a.read_tag(der::OID, "public key algorithm OID")?.value).unwrap_or_else(|| "?".into());
    let params = if a.is_empty() { None } else { Some(a.read()?) };
    let name = consts::key_algorithm(&oid).map_or_else(|| oid.clone(), str::to_string);
    // The first byte of a BIT STRING counts unused bits; keys are whole bytes.
    let key_bytes = key.value.get(1..).unwrap_or_default();
    let size = match name.as_str() {
        "RSA" => {
            // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
            der::parse(key_bytes, PART)
                .and_then(|seq| seq.reader(PART).read_tag(der::INTEGER, "RSA modulus"))
                .ok()
                .map(|n| der::bit_length(n.value))
        }
        "EC" => params.filter(|p| p.tag == der::OID).and_then(|p| der::oid_to_string(p.value)).and_then(|c| consts::curve_bits(&c)),
        "DSA" => params
            .filter(|p| p.tag == der::SEQUENCE)
            .and_then(|p| p.reader(PART).read_tag(der::INTEGER, "DSA p").ok())
            .map(|p| der::bit_length(p.value)),
        "Ed25519" => Some(256),
        "Ed448" => Some(456),
        _ => None,
    };
    Ok((name, size))
}

/// Hex of a serial number INTEGER: the magnitude for positive ones, `-` and the magnitude for negative.
fn serial_hex(value: &[u8]) -> String {
    if value.first().is_some_and(|b| b & 0x80 != 0) {
        // Two's complement: invert and add one.
        let mut magnitude: Vec<u8> = value.iter().map(|b| !b).collect();
        for b in magnitude.iter_mut().rev() {
            let (sum, carry) = b.overflowing_add(1);
            *b = sum;
            if !carry {
                break;
            }
        }
        return format!("-{}", hex_or_zero(der::unsigned_bytes(&magnitude)));
    }
    hex_or_zero(der::unsigned_bytes(value))
}

fn hex_or_zero(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        "0".into()
    } else {
        der::hex(bytes)
    }
}

/// Reads every certificate of a run of DER certificates (a PKCS #7 `certificates` field); each is returned
/// with its raw bytes so the caller can report an unreadable one without losing the others.
pub fn split_certificates<'a>(data: &'a [u8], part: &'static str) -> Result<Vec<&'a [u8]>> {
    let mut r = Reader::new(data, part);
    let mut out = Vec::new();
    while !r.is_empty() {
        out.push(r.read()?.raw);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_quoted_like_java() {
        assert_eq!(quote_value("Android Debug"), "Android Debug");
        assert_eq!(quote_value("AppLens Fixtures, Ltd"), "\"AppLens Fixtures, Ltd\"");
        assert_eq!(quote_value(" lead"), "\" lead\"");
        assert_eq!(quote_value("a  b"), "\"a  b\"");
        assert_eq!(quote_value("say \"hi\""), "\"say \\\"hi\\\"\"");
    }

    #[test]
    fn names_print_last_rdn_first() {
        let rdns = vec![
            vec![("C".to_string(), "US".to_string())],
            vec![("O".to_string(), "Android".to_string())],
            vec![("CN".to_string(), "Android Debug".to_string()), ("UID".to_string(), "7".to_string())],
        ];
        assert_eq!(format_name(&rdns), "CN=Android Debug + UID=7, O=Android, C=US");
    }

    #[test]
    fn serials() {
        assert_eq!(serial_hex(&[0x00, 0x8e, 0x35]), "8e35");
        assert_eq!(serial_hex(&[0x01]), "01");
        assert_eq!(serial_hex(&[0x00]), "0");
        assert_eq!(serial_hex(&[0xff]), "-01");
        assert_eq!(serial_hex(&[0x80, 0x00]), "-8000");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(parse_certificate(&[]).is_err());
        assert!(parse_certificate(&[0x30, 0x00]).is_err());
        assert!(parse_certificate(&[0x02, 0x01, 0x00]).is_err());
    }
}
