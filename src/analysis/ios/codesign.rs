//! The embedded code signature of a Mach-O program (`LC_CODE_SIGNATURE`): a big-endian "SuperBlob" whose
//! index points at a code directory (identifier, team id) and an entitlements blob (an XML plist).
//! Layout: Apple's `xnu/osfmk/kern/cs_blobs.h` (CS_SuperBlob, CS_BlobIndex, CS_CodeDirectory).

use crate::analysis::bytes::slice_at;
use crate::analysis::error::{Error, Result};

pub const CSMAGIC_EMBEDDED_SIGNATURE: u32 = 0xfade_0cc0;
pub const CSMAGIC_CODEDIRECTORY: u32 = 0xfade_0c02;
pub const CSMAGIC_EMBEDDED_ENTITLEMENTS: u32 = 0xfade_7171;
pub const CSSLOT_CODEDIRECTORY: u32 = 0;
pub const CSSLOT_ENTITLEMENTS: u32 = 5;
/// Code directories from this version on carry a team id.
const CS_SUPPORTSTEAMID: u32 = 0x20200;
/// A signature indexes a handful of blobs; more is not a real signature.
const MAX_BLOBS: u32 = 64;

const PART: &str = "code signature";

/// Big-endian u32 at `pos` (signatures are big-endian whatever the program's byte order).
fn be32(data: &[u8], pos: usize) -> Result<u32> {
    let b = slice_at(data, pos, 4, PART)?;
    <[u8; 4]>::try_from(b).map(u32::from_be_bytes).map_err(|_| Error::malformed(PART, "short read").at(pos as u64))
}

/// What the signature says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Signature<'a> {
    pub identifier: Option<String>,
    pub team_id: Option<String>,
    /// The entitlements plist (XML), as bytes.
    pub entitlements: Option<&'a [u8]>,
}

/// A NUL-terminated string at `pos` (bounded by the blob).
fn c_string(blob: &[u8], pos: usize) -> Option<String> {
    let rest = blob.get(pos..)?;
    let end = rest.iter().position(|&b| b == 0)?;
    std::str::from_utf8(rest.get(..end)?).ok().map(str::to_string)
}

/// The blob at `offset` inside the superblob: `(magic, whole blob)`.
fn blob_at(sig: &[u8], offset: u32) -> Result<(u32, &[u8])> {
    let offset = offset as usize;
    let magic = be32(sig, offset)?;
    let length = be32(sig, offset.saturating_add(4))? as usize;
    if length < 8 {
        return Err(Error::malformed(PART, format!("blob length {length} is below its 8-byte header")).at(offset as u64));
    }
    Ok((magic, slice_at(sig, offset, length, PART)?))
}

/// Reads an embedded signature superblob.
pub fn parse(sig: &[u8]) -> Result<Signature<'_>> {
    let magic = be32(sig, 0)?;
    if magic != CSMAGIC_EMBEDDED_SIGNATURE {
        return Err(Error::malformed(PART, format!("magic 0x{magic:08x} is not an embedded signature (0xfade0cc0)")));
    }
    let count = be32(sig, 8)?;
    if count > MAX_BLOBS {
        return Err(Error::malformed(PART, format!("declares {count} blobs; a signature has a handful")));
    }
    let mut out = Signature::default();
    for i in 0..count as usize {
        let entry = 12 + i * 8;
        let slot = be32(sig, entry)?;
        let offset = be32(sig, entry + 4)?;
        let Ok((magic, blob)) = blob_at(sig, offset) else { continue };
        match (slot, magic) {
            (CSSLOT_CODEDIRECTORY, CSMAGIC_CODEDIRECTORY) => {
                let version = be32(blob, 8)?;
                let ident = be32(blob, 20)? as usize;
                out.identifier = c_string(blob, ident);
                if version >= CS_SUPPORTSTEAMID {
                    let team = be32(blob, 48)? as usize;
                    if team != 0 {
                        out.team_id = c_string(blob, team);
                    }
                }
            }
            (CSSLOT_ENTITLEMENTS, CSMAGIC_EMBEDDED_ENTITLEMENTS) => out.entitlements = blob.get(8..),
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(magic: u32, body: &[u8]) -> Vec<u8> {
        let mut b = magic.to_be_bytes().to_vec();
        b.extend_from_slice(&((body.len() + 8) as u32).to_be_bytes());
        b.extend_from_slice(body);
        b
    }

    pub fn superblob(blobs: &[(u32, Vec<u8>)]) -> Vec<u8> {
        let header = 12 + 8 * blobs.len();
        let mut index = Vec::new();
        let mut data = Vec::new();
        for (slot, b) in blobs {
            index.extend_from_slice(&slot.to_be_bytes());
            index.extend_from_slice(&((header + data.len()) as u32).to_be_bytes());
            data.extend_from_slice(b);
        }
        let mut out = CSMAGIC_EMBEDDED_SIGNATURE.to_be_bytes().to_vec();
        out.extend_from_slice(&((header + data.len()) as u32).to_be_bytes());
        out.extend_from_slice(&(blobs.len() as u32).to_be_bytes());
        out.extend(index);
        out.extend(data);
        out
    }

    #[test]
    fn reads_identifier_team_and_entitlements() {
        let mut cd = vec![0u8; 52];
        cd[0..4].copy_from_slice(&0x20400u32.to_be_bytes()); // version (blob offset 8)
        cd[12..16].copy_from_slice(&60u32.to_be_bytes()); // identOffset (blob offset 20), from the blob start
        cd[40..44].copy_from_slice(&76u32.to_be_bytes()); // teamOffset (blob offset 48)
        cd.extend_from_slice(b"com.example.app\0TEAM123\0");
        let ents = b"<plist><dict/></plist>";
        let sig = superblob(&[(0, blob(CSMAGIC_CODEDIRECTORY, &cd)), (5, blob(CSMAGIC_EMBEDDED_ENTITLEMENTS, ents))]);
        let s = parse(&sig).unwrap();
        assert_eq!(s.identifier.as_deref(), Some("com.example.app"));
        assert_eq!(s.team_id.as_deref(), Some("TEAM123"));
        assert_eq!(s.entitlements, Some(&ents[..]));
    }

    #[test]
    fn lies_are_errors_or_skipped() {
        assert!(parse(b"").is_err());
        assert!(parse(&[0xfa, 0xde, 0x0c, 0xc0, 0, 0, 0, 20, 0xff, 0xff, 0xff, 0xff]).is_err());
        // An index entry pointing past the end is skipped.
        let mut sig = superblob(&[(5, blob(CSMAGIC_EMBEDDED_ENTITLEMENTS, b"x"))]);
        sig[16..20].copy_from_slice(&9999u32.to_be_bytes());
        assert_eq!(parse(&sig).unwrap(), Signature::default());
    }
}
