//! A small reader for ASN.1 DER (ITU-T X.690), lenient the way Android is: certificates and PKCS #7
//! blocks in real APKs were written by many tools, and some use BER (indefinite lengths, long-form lengths
//! that DER forbids). Android's own parsers accept them, so AppLens reads them too instead of calling a
//! package unreadable that installs fine.
//!
//! Only what signatures need: walking TLVs, OIDs, integers, strings and times. Every read is bounded and
//! returns `Result`; nesting is capped by `MAX_DEPTH`.

use crate::analysis::error::{Error, Result};

pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OID: u8 = 0x06;
pub const UTF8_STRING: u8 = 0x0c;
pub const PRINTABLE_STRING: u8 = 0x13;
pub const T61_STRING: u8 = 0x14;
pub const IA5_STRING: u8 = 0x16;
pub const UTC_TIME: u8 = 0x17;
pub const GENERALIZED_TIME: u8 = 0x18;
pub const VISIBLE_STRING: u8 = 0x1a;
pub const UNIVERSAL_STRING: u8 = 0x1c;
pub const BMP_STRING: u8 = 0x1e;
pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;
/// `[0]` and `[1]`, constructed (EXPLICIT tags and IMPLICIT SET OF / SEQUENCE OF).
pub const CONTEXT_0: u8 = 0xa0;
pub const CONTEXT_1: u8 = 0xa1;

const CONSTRUCTED: u8 = 0x20;
/// Deeper nesting than this is refused: no certificate or PKCS #7 block needs more than about ten levels.
pub const MAX_DEPTH: u32 = 32;

/// One element: its identifier octet, its contents and the whole encoding (header, contents, and the
/// end-of-contents octets of an indefinite length).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub value: &'a [u8],
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// A reader over the contents of this (constructed) element.
    pub fn reader(&self, part: &'static str) -> Reader<'a> {
        Reader::new(self.value, part)
    }
}

/// A forward reader over a run of TLVs.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    part: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], part: &'static str) -> Self {
        Self { data, pos: 0, part }
    }

    pub fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The identifier octet of the next element, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// The next element, whatever its tag.
    pub fn read(&mut self) -> Result<Tlv<'a>> {
        let (tlv, next) = parse_at(self.data, self.pos, 0, self.part)?;
        self.pos = next;
        Ok(tlv)
    }

    /// The next element, which must have tag `tag`.
    pub fn read_tag(&mut self, tag: u8, what: &str) -> Result<Tlv<'a>> {
        let at = self.pos;
        let tlv = self.read()?;
        if tlv.tag != tag {
            return Err(Error::malformed(self.part, format!("expected {what} (tag 0x{tag:02x}), found tag 0x{:02x}", tlv.tag)).at(at as u64));
        }
        Ok(tlv)
    }

    /// The next element if it has tag `tag`; nothing is consumed otherwise.
    pub fn read_optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }
}

/// Parses the element at `pos`; returns it and the offset just past it.
fn parse_at<'a>(data: &'a [u8], pos: usize, depth: u32, part: &'static str) -> Result<(Tlv<'a>, usize)> {
    if depth > MAX_DEPTH {
        return Err(Error::limit(part, format!("ASN.1 nesting deeper than {MAX_DEPTH} levels")).at(pos as u64));
    }
    let malformed = |at: usize, msg: &str| Error::malformed(part, msg.to_string()).at(at as u64);
    let tag = *data.get(pos).ok_or_else(|| malformed(pos, "an ASN.1 element was expected, the data ended"))?;
    if tag & 0x1f == 0x1f {
        // High tag numbers appear in no structure AppLens reads.
        return Err(malformed(pos, "ASN.1 tag numbers above 30 are not supported here"));
    }
    let len_at = pos.checked_add(1).ok_or_else(|| malformed(pos, "offset overflow"))?;
    let first = *data.get(len_at).ok_or_else(|| malformed(len_at, "an ASN.1 length was expected, the data ended"))?;
    let mut header_end = len_at + 1;
    let content_len = if first < 0x80 {
        Some(usize::from(first))
    } else if first == 0x80 {
        None
    } else {
        let n = usize::from(first & 0x7f);
        if n > 4 {
            return Err(malformed(len_at, "ASN.1 length of more than 4 bytes"));
        }
        let bytes = data.get(header_end..header_end + n).ok_or_else(|| malformed(len_at, "ASN.1 length truncated"))?;
        header_end += n;
        // BER allows leading zero bytes in a long-form length; DER does not. Accept them, like Android.
        Some(bytes.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)))
    };
    match content_len {
        Some(len) => {
            let end = header_end.checked_add(len).filter(|e| *e <= data.len()).ok_or_else(|| {
                malformed(pos, &format!("ASN.1 element of {len} bytes runs past the end of its container"))
            })?;
            let value = data.get(header_end..end).unwrap_or_default();
            let raw = data.get(pos..end).unwrap_or_default();
            Ok((Tlv { tag, value, raw }, end))
        }
        None => {
            // BER indefinite length: contents are elements up to the end-of-contents octets 00 00.
            if tag & CONSTRUCTED == 0 {
                return Err(malformed(pos, "indefinite length on a primitive ASN.1 element"));
            }
            let mut at = header_end;
            loop {
                if data.get(at..at + 2) == Some(&[0, 0][..]) {
                    let value = data.get(header_end..at).unwrap_or_default();
                    let raw = data.get(pos..at + 2).unwrap_or_default();
                    return Ok((Tlv { tag, value, raw }, at + 2));
                }
                let (_, next) = parse_at(data, at, depth + 1, part)?;
                at = next;
            }
        }
    }
}

/// The whole of `data` as exactly one element (trailing bytes are tolerated and ignored, as Android does
/// with signature files).
pub fn parse<'a>(data: &'a [u8], part: &'static str) -> Result<Tlv<'a>> {
    Reader::new(data, part).read()
}

/// Dotted form of an OBJECT IDENTIFIER's contents, e.g. `1.2.840.113549.1.1.11`; `None` when malformed.
pub fn oid_to_string(value: &[u8]) -> Option<String> {
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    let mut pending = false;
    for b in value {
        if acc > (u64::MAX >> 7) {
            return None;
        }
        acc = (acc << 7) | u64::from(b & 0x7f);
        pending = true;
        if b & 0x80 == 0 {
            arcs.push(acc);
            acc = 0;
            pending = false;
        }
    }
    let first = *arcs.first()?;
    if pending {
        return None;
    }
    let (a, b) = match first {
        0..=39 => (0, first),
        40..=79 => (1, first - 40),
        _ => (2, first - 80),
    };
    let mut s = format!("{a}.{b}");
    for arc in arcs.get(1..).unwrap_or_default() {
        s.push('.');
        s.push_str(&arc.to_string());
    }
    Some(s)
}

/// The magnitude of a non-negative INTEGER's contents: leading zero bytes dropped.
pub fn unsigned_bytes(value: &[u8]) -> &[u8] {
    let start = value.iter().position(|b| *b != 0).unwrap_or(value.len());
    value.get(start..).unwrap_or_default()
}

/// Bit length of a non-negative INTEGER (as Java's `BigInteger.bitLength()`), e.g. an RSA modulus.
pub fn bit_length(value: &[u8]) -> u32 {
    let magnitude = unsigned_bytes(value);
    match magnitude.first() {
        None => 0,
        Some(first) => {
            let bytes = u32::try_from(magnitude.len()).unwrap_or(u32::MAX / 8);
            bytes.saturating_sub(1).saturating_mul(8).saturating_add(8 - first.leading_zeros())
        }
    }
}

/// A string value as text, for the string types X.500 names use; `None` for other types.
pub fn string_value(tlv: &Tlv<'_>) -> Option<String> {
    match tlv.tag {
        UTF8_STRING | PRINTABLE_STRING | IA5_STRING | VISIBLE_STRING => Some(String::from_utf8_lossy(tlv.value).into_owned()),
        // TeletexString: Java (and so apksigner) reads it as ISO-8859-1.
        T61_STRING => Some(tlv.value.iter().map(|b| char::from(*b)).collect()),
        BMP_STRING => {
            let units: Vec<u16> = tlv.value.chunks(2).map(|c| u16::from_be_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)])).collect();
            Some(String::from_utf16_lossy(&units))
        }
        UNIVERSAL_STRING => Some(
            tlv.value
                .chunks(4)
                .map(|c| {
                    let mut b = [0u8; 4];
                    for (dst, src) in b.iter_mut().zip(c) {
                        *dst = *src;
                    }
                    char::from_u32(u32::from_be_bytes(b)).unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect(),
        ),
        _ => None,
    }
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_definite_and_long_lengths() {
        // SEQUENCE { INTEGER 5, OCTET STRING (long form, 2 bytes) }
        let data = [0x30, 0x08, 0x02, 0x01, 0x05, 0x04, 0x81, 0x02, 0xaa, 0xbb];
        let seq = parse(&data, "t").unwrap();
        assert_eq!(seq.tag, SEQUENCE);
        let mut r = seq.reader("t");
        assert_eq!(r.read_tag(INTEGER, "n").unwrap().value, &[5]);
        assert_eq!(r.read_tag(OCTET_STRING, "o").unwrap().value, &[0xaa, 0xbb]);
        assert!(r.is_empty());
        assert!(r.read().is_err());
    }

    #[test]
    fn reads_ber_indefinite_lengths() {
        // SEQUENCE (indefinite) { [0] (indefinite) { INTEGER 1 } EOC } EOC, then trailing junk
        let data = [0x30, 0x80, 0xa0, 0x80, 0x02, 0x01, 0x01, 0, 0, 0, 0, 0xff];
        let seq = parse(&data, "t").unwrap();
        assert_eq!(seq.raw.len(), 11);
        let inner = seq.reader("t").read_tag(CONTEXT_0, "[0]").unwrap();
        assert_eq!(inner.reader("t").read_tag(INTEGER, "n").unwrap().value, &[1]);
    }

    #[test]
    fn refuses_what_runs_past_the_end() {
        assert!(parse(&[0x30, 0x05, 0x02], "t").is_err());
        assert!(parse(&[0x30], "t").is_err());
        assert!(parse(&[0x30, 0x85, 1, 2, 3, 4, 5], "t").is_err());
        assert!(parse(&[0x04, 0x80, 0, 0], "t").is_err(), "indefinite primitive");
        assert!(parse(&[0x30, 0x80, 0x02, 0x01], "t").is_err(), "no end-of-contents");
        assert!(parse(&[0x1f, 0x81, 0x01, 0x00], "t").is_err());
        let deep: Vec<u8> = std::iter::repeat_n([0x30u8, 0x80], 40).flatten().collect();
        assert!(parse(&deep, "t").is_err(), "nesting is capped");
    }

    #[test]
    fn oids_and_integers() {
        assert_eq!(oid_to_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).unwrap(), "1.2.840.113549.1.1.11");
        assert_eq!(oid_to_string(&[0x55, 0x04, 0x03]).unwrap(), "2.5.4.3");
        assert!(oid_to_string(&[0x2a, 0x86]).is_none());
        assert!(oid_to_string(&[]).is_none());
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01, 0xff]), 9);
        assert_eq!(bit_length(&[0, 0]), 0);
    }

    #[test]
    fn strings() {
        let bmp = Tlv { tag: BMP_STRING, value: &[0x00, 0x41, 0x00, 0xe9], raw: &[] };
        assert_eq!(string_value(&bmp).unwrap(), "Aé");
        let t61 = Tlv { tag: T61_STRING, value: &[0x41, 0xe9], raw: &[] };
        assert_eq!(string_value(&t61).unwrap(), "Aé");
        assert!(string_value(&Tlv { tag: INTEGER, value: &[1], raw: &[] }).is_none());
    }
}
