//! `embedded.mobileprovision`: a CMS (PKCS #7) SignedData envelope whose content is an XML plist, the
//! provisioning profile (team, expiry, devices, allowed entitlements).
//!
//! We walk the envelope with a small BER reader rather than a DER crate because Apple's profiles are BER:
//! real ones use indefinite lengths and a constructed (chunked) OCTET STRING for the content, which strict
//! DER decoders (such as `der` 0.7 under `cms` 0.2) refuse, and which would also split a plain search for
//! the `<?xml … </plist>` markers at chunk boundaries. The signature itself is not verified: AppLens reports
//! what the profile says; installing devices check Apple's signature.
//! Structure: RFC 5652 §3 (ContentInfo) and §5.1–5.2 (SignedData, EncapsulatedContentInfo); BER: X.690 §8.1.

use plist::Value;

use super::plist::{parse as parse_plist, string, strings, PlistLimits};
use crate::analysis::error::{Error, Result};
use crate::analysis::report::Provisioning;

const PART: &str = "embedded.mobileprovision";
/// Constructed BER nests a few levels in a profile; anything deeper is not one.
const MAX_DEPTH: u32 = 32;

const TAG_SEQUENCE: u8 = 0x30;
const TAG_OCTET_STRING: u8 = 0x04;
const TAG_CONTEXT_0: u8 = 0xa0;
const OID_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];
const OID_COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];

/// One BER element: its tag byte, whether it is constructed, and its content bytes (without the
/// end-of-contents marker for indefinite lengths).
#[derive(Clone, Copy, Debug)]
struct Tlv<'a> {
    tag: u8,
    content: &'a [u8],
    /// Bytes the whole element occupies.
    len: usize,
}

fn malformed(msg: impl Into<String>, at: usize) -> Error {
    Error::malformed(PART, msg).at(at as u64)
}

/// Reads the element at the start of `data`. `base` is its offset in the file, for messages.
fn read_tlv(data: &[u8], base: usize, depth: u32) -> Result<Tlv<'_>> {
    if depth > MAX_DEPTH {
        return Err(malformed("nests too deeply", base));
    }
    let tag = *data.first().ok_or_else(|| malformed("ends inside an element", base))?;
    if tag & 0x1f == 0x1f {
        return Err(malformed(format!("multi-byte tag 0x{tag:02x} is not used in profiles"), base));
    }
    let first = *data.get(1).ok_or_else(|| malformed("ends inside an element header", base))?;
    let (header, length) = match first {
        0x80 => (2, None),
        n if n < 0x80 => (2, Some(usize::from(n))),
        n => {
            let count = usize::from(n & 0x7f);
            if count > 4 {
                return Err(malformed(format!("a {count}-byte length is beyond any profile"), base));
            }
            let bytes = data.get(2..2 + count).ok_or_else(|| malformed("ends inside a length", base))?;
            (2 + count, Some(bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b))))
        }
    };
    let rest = data.get(header..).unwrap_or_default();
    match length {
        Some(len) => {
            let content = rest.get(..len).ok_or_else(|| malformed(format!("an element of {len} bytes runs past the end"), base))?;
            Ok(Tlv { tag, content, len: header + len })
        }
        None => {
            if tag & 0x20 == 0 {
                return Err(malformed("a primitive element with an indefinite length", base));
            }
            // Indefinite: children until the end-of-contents marker 00 00.
            let mut pos = 0;
            loop {
                match rest.get(pos..pos + 2) {
                    Some([0, 0]) => break,
                    Some(_) => pos += read_tlv(rest.get(pos..).unwrap_or_default(), base + header + pos, depth + 1)?.len,
                    None => return Err(malformed("an indefinite-length element has no end marker", base)),
                }
            }
            Ok(Tlv { tag, content: rest.get(..pos).unwrap_or_default(), len: header + pos + 2 })
        }
    }
}

/// The elements inside a constructed element's content.
fn children<'a>(content: &'a [u8], base: usize, depth: u32) -> Result<Vec<Tlv<'a>>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < content.len() {
        let tlv = read_tlv(content.get(pos..).unwrap_or_default(), base + pos, depth)?;
        pos += tlv.len;
        out.push(tlv);
    }
    Ok(out)
}

/// An OCTET STRING's value; a constructed one is the concatenation of its pieces.
fn octets(tlv: &Tlv<'_>, out: &mut Vec<u8>, depth: u32) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(malformed("nests too deeply", 0));
    }
    if tlv.tag == TAG_OCTET_STRING {
        out.extend_from_slice(tlv.content);
        return Ok(());
    }
    if tlv.tag != TAG_OCTET_STRING | 0x20 {
        return Err(malformed(format!("expected an OCTET STRING, found tag 0x{:02x}", tlv.tag), 0));
    }
    for piece in children(tlv.content, 0, depth + 1)? {
        octets(&piece, out, depth + 1)?;
    }
    Ok(())
}

fn nth<'a>(list: &[Tlv<'a>], i: usize, what: &str) -> Result<Tlv<'a>> {
    list.get(i).copied().ok_or_else(|| malformed(format!("the CMS envelope lacks its {what}"), 0))
}

fn expect(tlv: &Tlv<'_>, tag: u8, what: &str) -> Result<()> {
    if tlv.tag == tag {
        Ok(())
    } else {
        Err(malformed(format!("expected the {what} (tag 0x{tag:02x}), found tag 0x{:02x}", tlv.tag), 0))
    }
}

/// The signed content of a CMS SignedData envelope (for a profile: the XML plist).
pub fn signed_content(der: &[u8]) -> Result<Vec<u8>> {
    let content_info = read_tlv(der, 0, 0)?;
    expect(&content_info, TAG_SEQUENCE, "ContentInfo")?;
    let ci = children(content_info.content, 0, 1)?;
    let oid = nth(&ci, 0, "content type")?;
    if oid.content != OID_SIGNED_DATA {
        return Err(malformed("the CMS envelope is not SignedData", 0));
    }
    let explicit = nth(&ci, 1, "content")?;
    expect(&explicit, TAG_CONTEXT_0, "[0] content")?;
    let signed_data = nth(&children(explicit.content, 0, 2)?, 0, "SignedData")?;
    expect(&signed_data, TAG_SEQUENCE, "SignedData")?;
    let sd = children(signed_data.content, 0, 3)?;
    let encap = nth(&sd, 2, "encapsulated content")?;
    expect(&encap, TAG_SEQUENCE, "EncapsulatedContentInfo")?;
    let ec = children(encap.content, 0, 4)?;
    let econtent = nth(&ec, 1, "signed content (a detached signature?)")?;
    expect(&econtent, TAG_CONTEXT_0, "[0] eContent")?;
    let value = nth(&children(econtent.content, 0, 5)?, 0, "content octets")?;
    let mut out = Vec::new();
    octets(&value, &mut out, 6)?;
    Ok(out)
}

/// The subject common name of a DER X.509 certificate (`iPhone Distribution: Example (TEAMID)`).
pub fn certificate_common_name(der: &[u8]) -> Option<String> {
    let cert = read_tlv(der, 0, 0).ok()?;
    let tbs = *children(cert.content, 0, 1).ok()?.first()?;
    let fields = children(tbs.content, 0, 2).ok()?;
    // [0] version is optional; then serial, signature, issuer, validity, subject.
    let skip = usize::from(fields.first()?.tag == TAG_CONTEXT_0);
    let subject = fields.get(skip + 4)?;
    for rdn in children(subject.content, 0, 3).ok()? {
        for attr in children(rdn.content, 0, 4).ok()? {
            let parts = children(attr.content, 0, 5).ok()?;
            if parts.first()?.content == OID_COMMON_NAME {
                let value = parts.get(1)?;
                return match value.tag {
                    // BMPString: UTF-16BE.
                    0x1e => {
                        let units: Vec<u16> =
                            value.content.chunks_exact(2).filter_map(|c| <[u8; 2]>::try_from(c).ok().map(u16::from_be_bytes)).collect();
                        String::from_utf16(&units).ok()
                    }
                    _ => Some(String::from_utf8_lossy(value.content).into_owned()),
                };
            }
        }
    }
    None
}

/// A parsed profile: the facts for the report and its entitlements.
pub struct Profile {
    pub facts: Provisioning,
    pub entitlements: Option<plist::Dictionary>,
}

pub fn read(bytes: &[u8], path: &str) -> Result<Profile> {
    let content = signed_content(bytes).map_err(|mut e| {
        e.part = path.to_string();
        e
    })?;
    let value = parse_plist(&content, path, PlistLimits::default())?;
    let dict = value.as_dictionary().ok_or_else(|| Error::malformed(path, "the profile is not a dictionary"))?;
    let entitlements = dict.get("Entitlements").and_then(Value::as_dictionary).cloned();
    let devices = dict.get("ProvisionedDevices").and_then(Value::as_array).map(|d| d.len() as u64);
    let all_devices = dict.get("ProvisionsAllDevices").and_then(Value::as_boolean).unwrap_or(false);
    let debuggable = entitlements.as_ref().and_then(|e| e.get("get-task-allow")).and_then(Value::as_boolean).unwrap_or(false);
    let kind = match (all_devices, devices.is_some(), debuggable) {
        (true, _, _) => "enterprise",
        (false, true, true) => "development",
        (false, true, false) => "ad_hoc",
        (false, false, _) => "app_store",
    };
    let date = |k: &str| dict.get(k).and_then(Value::as_date).map(|d| d.to_xml_format());
    let certificates = dict
        .get("DeveloperCertificates")
        .and_then(Value::as_array)
        .map(|certs| certs.iter().filter_map(Value::as_data).filter_map(certificate_common_name).collect())
        .unwrap_or_default();
    let facts = Provisioning {
        path: path.to_string(),
        kind: kind.to_string(),
        name: string(dict, "Name").map(str::to_string),
        app_id_name: string(dict, "AppIDName").map(str::to_string),
        team_name: string(dict, "TeamName").map(str::to_string),
        team_ids: strings(dict.get("TeamIdentifier")),
        uuid: string(dict, "UUID").map(str::to_string),
        creation_date: date("CreationDate"),
        expiration_date: date("ExpirationDate"),
        platforms: strings(dict.get("Platform")),
        provisioned_devices: devices,
        provisions_all_devices: all_devices,
        certificates,
    };
    Ok(Profile { facts, entitlements })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        if content.len() < 0x80 {
            out.push(content.len() as u8);
        } else {
            out.push(0x82);
            out.extend_from_slice(&(content.len() as u16).to_be_bytes());
        }
        out.extend_from_slice(content);
        out
    }

    fn indefinite(tag: u8, parts: &[Vec<u8>]) -> Vec<u8> {
        let mut out = vec![tag, 0x80];
        for p in parts {
            out.extend_from_slice(p);
        }
        out.extend_from_slice(&[0, 0]);
        out
    }

    /// ContentInfo{signedData, [0]{SignedData{1, {}, {data, [0]{content}}, {}}}}
    pub fn envelope(content: Vec<u8>, ber: bool) -> Vec<u8> {
        let oid_signed = tlv(0x06, OID_SIGNED_DATA);
        let oid_data = tlv(0x06, &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);
        if ber {
            let encap = indefinite(0x30, &[oid_data, indefinite(0xa0, &[content])]);
            let sd = indefinite(0x30, &[tlv(0x02, &[1]), tlv(0x31, &[]), encap, tlv(0x31, &[])]);
            indefinite(0x30, &[oid_signed, indefinite(0xa0, &[sd])])
        } else {
            let encap = tlv(0x30, &[oid_data, tlv(0xa0, &content)].concat());
            let sd = tlv(0x30, &[tlv(0x02, &[1]), tlv(0x31, &[]), encap, tlv(0x31, &[])].concat());
            tlv(0x30, &[oid_signed, tlv(0xa0, &sd)].concat())
        }
    }

    #[test]
    fn definite_and_indefinite_chunked_envelopes() {
        let xml = b"<?xml version=\"1.0\"?><plist><dict/></plist>".to_vec();
        assert_eq!(signed_content(&envelope(tlv(0x04, &xml), false)).unwrap(), xml);
        // Constructed OCTET STRING in two chunks that split the markers.
        let chunked = indefinite(0x24, &[tlv(0x04, &xml[..10]), tlv(0x04, &xml[10..])]);
        assert_eq!(signed_content(&envelope(chunked, true)).unwrap(), xml);
    }

    #[test]
    fn broken_envelopes_are_errors() {
        let good = envelope(tlv(0x04, b"x"), true);
        for cut in 0..good.len() {
            assert!(signed_content(&good[..cut]).is_err(), "truncated at {cut}");
        }
        let mut nested = Vec::new();
        for _ in 0..100 {
            nested.extend_from_slice(&[0x30, 0x80]);
        }
        assert!(signed_content(&nested).is_err());
        assert!(signed_content(&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff]).is_err());
    }
}
