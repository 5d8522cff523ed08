//! The APK Signing Block (Android 7.0 and later) and the signer lists of APK Signature Schemes v2, v3 and
//! v3.1 inside it. <https://source.android.com/docs/security/features/apksigning/v2#apk-signing-block>
//!
//! The block sits just before the ZIP central directory:
//! `size (u64) | ID-value pairs | size (u64) | "APK Sig Block 42"`, each pair `length (u64) | id (u32) |
//! value`. Inside the v2/v3 values every field is little-endian and "length-prefixed" by a u32. Only the
//! block is read, never the whole package (its size is bounded by `SigningLimits::max_block_bytes`).

use super::consts::*;
use super::SigningLimits;
use crate::analysis::bytes::Cursor;
use crate::analysis::error::{Error, Result};
use crate::analysis::source::{read_range, ByteSource};

const PART: &str = "APK Signing Block";

/// One ID-value pair of the block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pair<'a> {
    pub id: u32,
    pub value: &'a [u8],
}

/// A signer of a v2, v3 or v3.1 block.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BlockSigner<'a> {
    /// DER certificates; the first is the signer's own (Android uses that one).
    pub certificates: Vec<&'a [u8]>,
    /// Signature algorithm ids of its signatures (0x0103 = RSA PKCS #1 v1.5 with SHA-256…).
    pub algorithms: Vec<u32>,
    /// v3 / v3.1: the API levels this signer is for (min, max).
    pub sdk_range: Option<(u32, u32)>,
    /// v3 / v3.1 proof of rotation: the signing certificates the developer used, oldest first.
    pub lineage: Vec<&'a [u8]>,
}

/// Reads the block that ends at `cd_offset`: `Ok(None)` when there is none (the package is not signed with
/// v2 or later), `Err` when the footer claims a block that cannot be.
pub fn read_signing_block(source: &dyn ByteSource, cd_offset: u64, limits: &SigningLimits) -> Result<Option<Vec<u8>>> {
    if cd_offset < APK_SIG_BLOCK_MIN_SIZE || cd_offset > source.len() {
        return Ok(None);
    }
    let footer = read_range(source, cd_offset - APK_SIG_BLOCK_FOOTER, APK_SIG_BLOCK_FOOTER as usize)?;
    if footer.get(8..24) != Some(&APK_SIG_BLOCK_MAGIC[..]) {
        return Ok(None);
    }
    let size = u64_le(&footer, 0)?;
    // `size` counts everything after the leading size field.
    let total = size.checked_add(8).filter(|t| *t >= APK_SIG_BLOCK_MIN_SIZE && size >= APK_SIG_BLOCK_FOOTER);
    let Some(total) = total else {
        return Err(Error::malformed(PART, format!("the block declares {size} bytes, too few to be one")).at(cd_offset));
    };
    if total > limits.max_block_bytes {
        return Err(Error::limit(PART, format!("the block declares {total} bytes; AppLens reads at most {}", limits.max_block_bytes)));
    }
    let start = cd_offset.checked_sub(total).ok_or_else(|| {
        Error::malformed(PART, format!("the block declares {total} bytes but the central directory starts at {cd_offset}"))
    })?;
    let block = read_range(source, start, total as usize)?;
    if u64_le(&block, 0)? != size {
        return Err(Error::malformed(PART, "the sizes at the start and end of the block differ").at(start));
    }
    Ok(Some(block))
}

fn u64_le(data: &[u8], pos: usize) -> Result<u64> {
    let mut c = Cursor::at(data, pos, PART);
    let lo = u64::from(c.read_u32()?);
    let hi = u64::from(c.read_u32()?);
    Ok((hi << 32) | lo)
}

/// The ID-value pairs of a block read by `read_signing_block`.
pub fn parse_pairs(block: &[u8]) -> Result<Vec<Pair<'_>>> {
    let end = block.len().saturating_sub(APK_SIG_BLOCK_FOOTER as usize);
    let pairs_data = block.get(8..end).unwrap_or_default();
    let mut c = Cursor::new(pairs_data, PART);
    let mut pairs = Vec::new();
    while c.remaining() > 0 {
        let at = c.pos();
        if c.remaining() < 8 {
            return Err(Error::malformed(PART, "too few bytes left for the length of an ID-value pair").at(at as u64 + 8));
        }
        let len = u64_le(pairs_data, at)?;
        c.read_bytes(8)?;
        let len = usize::try_from(len).ok().filter(|l| *l >= 4 && *l <= c.remaining()).ok_or_else(|| {
            Error::malformed(PART, format!("an ID-value pair declares {len} bytes; {} remain", c.remaining())).at(at as u64 + 8)
        })?;
        let id = c.read_u32()?;
        let value = c.read_bytes(len - 4)?;
        pairs.push(Pair { id, value });
    }
    Ok(pairs)
}

/// A u32-length-prefixed slice.
fn length_prefixed<'a>(c: &mut Cursor<'a>) -> Result<&'a [u8]> {
    let len = c.read_u32()?;
    let len = usize::try_from(len).map_err(|_| Error::malformed(PART, "length does not fit in memory"))?;
    c.read_bytes(len)
}

/// The rest of a cursor's bytes.
fn rest<'a>(c: &mut Cursor<'a>) -> Result<&'a [u8]> {
    c.read_bytes(c.remaining())
}

/// The signers of an APK Signature Scheme v2 (`v3 == false`) or v3 / v3.1 (`v3 == true`) value.
pub fn parse_scheme_block<'a>(value: &'a [u8], v3: bool, limits: &SigningLimits) -> Result<Vec<BlockSigner<'a>>> {
    let mut outer = Cursor::new(value, PART);
    let signers = length_prefixed(&mut outer)?;
    let mut list = Cursor::new(signers, PART);
    let mut out = Vec::new();
    while list.remaining() > 0 {
        if out.len() >= limits.max_signers {
            return Err(Error::limit(PART, format!("more than {} signers", limits.max_signers)));
        }
        out.push(parse_signer(length_prefixed(&mut list)?, v3, limits)?);
    }
    if out.is_empty() {
        return Err(Error::malformed(PART, "a signature scheme block without signers"));
    }
    Ok(out)
}

fn parse_signer<'a>(signer: &'a [u8], v3: bool, limits: &SigningLimits) -> Result<BlockSigner<'a>> {
    let mut s = Cursor::new(signer, PART);
    let signed_data = length_prefixed(&mut s)?;
    let sdk_range = if v3 { Some((s.read_u32()?, s.read_u32()?)) } else { None };
    let signatures = length_prefixed(&mut s)?;
    length_prefixed(&mut s)?; // public key

    let mut d = Cursor::new(signed_data, PART);
    length_prefixed(&mut d)?; // digests
    let certificates = length_prefixed(&mut d)?;
    if v3 {
        d.read_u32()?; // min SDK, repeated inside the signed data
        d.read_u32()?; // max SDK
    }
    let attributes = length_prefixed(&mut d)?;

    let mut out = BlockSigner { sdk_range, ..BlockSigner::default() };
    let mut c = Cursor::new(certificates, PART);
    while c.remaining() > 0 {
        if out.certificates.len() >= limits.max_certificates {
            return Err(Error::limit(PART, format!("a signer lists more than {} certificates", limits.max_certificates)));
        }
        out.certificates.push(length_prefixed(&mut c)?);
    }
    if out.certificates.is_empty() {
        return Err(Error::malformed(PART, "a signer without a certificate"));
    }
    let mut g = Cursor::new(signatures, PART);
    while g.remaining() > 0 {
        let mut sig = Cursor::new(length_prefixed(&mut g)?, PART);
        if out.algorithms.len() < limits.max_signers {
            out.algorithms.push(sig.read_u32()?);
        }
    }
    let mut a = Cursor::new(attributes, PART);
    while a.remaining() > 0 {
        let mut attr = Cursor::new(length_prefixed(&mut a)?, PART);
        if attr.read_u32()? == PROOF_OF_ROTATION_ATTR_ID && v3 {
            out.lineage = parse_lineage(rest(&mut attr)?, limits)?;
        }
    }
    Ok(out)
}

/// The certificates of a proof-of-rotation record (apksig `V3SigningCertificateLineage`), oldest first.
fn parse_lineage<'a>(value: &'a [u8], limits: &SigningLimits) -> Result<Vec<&'a [u8]>> {
    let mut c = Cursor::new(value, PART);
    let version = c.read_u32()?;
    if version != PROOF_OF_ROTATION_VERSION {
        return Err(Error::unsupported(PART, format!("proof-of-rotation version {version}; AppLens reads version 1")));
    }
    let mut certs = Vec::new();
    while c.remaining() > 0 {
        if certs.len() >= limits.max_lineage {
            return Err(Error::limit(PART, format!("a proof of rotation with more than {} certificates", limits.max_lineage)));
        }
        // node: signed data (certificate, parent's algorithm), flags, algorithm, signature
        let mut node = Cursor::new(length_prefixed(&mut c)?, PART);
        let mut signed = Cursor::new(length_prefixed(&mut node)?, PART);
        certs.push(length_prefixed(&mut signed)?);
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lp(data: &[u8]) -> Vec<u8> {
        let mut v = (data.len() as u32).to_le_bytes().to_vec();
        v.extend_from_slice(data);
        v
    }

    fn block(pairs: &[(u32, &[u8])]) -> Vec<u8> {
        let mut body = Vec::new();
        for (id, value) in pairs {
            body.extend_from_slice(&(value.len() as u64 + 4).to_le_bytes());
            body.extend_from_slice(&id.to_le_bytes());
            body.extend_from_slice(value);
        }
        let size = (body.len() + 24) as u64;
        let mut b = size.to_le_bytes().to_vec();
        b.extend_from_slice(&body);
        b.extend_from_slice(&size.to_le_bytes());
        b.extend_from_slice(APK_SIG_BLOCK_MAGIC);
        b
    }

    fn v2_value(certs: &[&[u8]], algorithms: &[u32]) -> Vec<u8> {
        let certs: Vec<u8> = certs.iter().flat_map(|c| lp(c)).collect();
        let sigs: Vec<u8> = algorithms.iter().flat_map(|a| lp(&[&a.to_le_bytes()[..], &lp(b"sig")].concat())).collect();
        let signed = [lp(b""), lp(&certs), lp(b"")].concat();
        let signer = [lp(&signed), lp(&sigs), lp(b"key")].concat();
        lp(&lp(&signer))
    }

    #[test]
    fn finds_the_block_before_the_central_directory() {
        let b = block(&[(APK_SIGNATURE_SCHEME_V2_BLOCK_ID, b"abc"), (VERITY_PADDING_BLOCK_ID, &[0; 5])]);
        let mut file = b"entries".to_vec();
        file.extend_from_slice(&b);
        let cd = file.len() as u64;
        file.extend_from_slice(b"central directory");
        let read = read_signing_block(&file, cd, &SigningLimits::default()).unwrap().unwrap();
        assert_eq!(read, b);
        let pairs = parse_pairs(&read).unwrap();
        assert_eq!(pairs, vec![
            Pair { id: APK_SIGNATURE_SCHEME_V2_BLOCK_ID, value: b"abc" },
            Pair { id: VERITY_PADDING_BLOCK_ID, value: &[0; 5] },
        ]);
        // No magic: no block.
        assert_eq!(read_signing_block(&file, 7, &SigningLimits::default()).unwrap(), None);
        // A block larger than the limit is refused before it is read.
        let small = SigningLimits { max_block_bytes: 16, ..SigningLimits::default() };
        assert!(read_signing_block(&file, cd, &small).is_err());
    }

    #[test]
    fn lying_sizes_are_errors() {
        let mut b = block(&[(1, b"x")]);
        let n = b.len();
        b[n - 24..n - 16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(read_signing_block(&b, n as u64, &SigningLimits::default()).is_err());
        let mut b = block(&[(1, b"x")]);
        b[8..16].copy_from_slice(&1000u64.to_le_bytes());
        assert!(parse_pairs(&b).is_err());
    }

    #[test]
    fn reads_v2_signers() {
        let value = v2_value(&[b"cert-1", b"cert-2"], &[0x0103, 0x0421]);
        let signers = parse_scheme_block(&value, false, &SigningLimits::default()).unwrap();
        assert_eq!(signers.len(), 1);
        assert_eq!(signers[0].certificates, vec![&b"cert-1"[..], &b"cert-2"[..]]);
        assert_eq!(signers[0].algorithms, vec![0x0103, 0x0421]);
        assert!(parse_scheme_block(&value, true, &SigningLimits::default()).is_err(), "a v2 value is not a v3 one");
        for cut in 0..value.len() {
            let _ = parse_scheme_block(&value[..cut], false, &SigningLimits::default());
        }
    }
}
