//! Modified UTF-8, the encoding of DEX `string_data_item`s: UTF-8 except that U+0000 is written as two bytes
//! (`C0 80`) and characters outside the BMP as two three-byte surrogates (CESU-8). Class names, method names
//! and most strings are ASCII, so decoding borrows whenever it can.

use std::borrow::Cow;

/// Decodes MUTF-8 bytes; anything undecodable becomes U+FFFD, never an error (strings are evidence, not
/// structure, so a bad byte must not hide the rest).
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if bytes.is_ascii() {
        // ASCII is valid UTF-8: no copy.
        return String::from_utf8_lossy(bytes);
    }
    let mut units: Vec<u16> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b0) = bytes.get(i) {
        let cont = |k: usize| bytes.get(i + k).copied().filter(|b| b & 0xc0 == 0x80).map(|b| u16::from(b & 0x3f));
        if b0 < 0x80 {
            units.push(u16::from(b0));
            i += 1;
        } else if b0 & 0xe0 == 0xc0 {
            match cont(1) {
                Some(c1) => {
                    units.push((u16::from(b0 & 0x1f) << 6) | c1);
                    i += 2;
                }
                None => {
                    units.push(0xfffd);
                    i += 1;
                }
            }
        } else if b0 & 0xf0 == 0xe0 {
            match (cont(1), cont(2)) {
                (Some(c1), Some(c2)) => {
                    units.push((u16::from(b0 & 0x0f) << 12) | (c1 << 6) | c2);
                    i += 3;
                }
                _ => {
                    units.push(0xfffd);
                    i += 1;
                }
            }
        } else {
            units.push(0xfffd);
            i += 1;
        }
    }
    Cow::Owned(char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')).collect())
}

/// Encodes `text` the way a DEX file stores it (the inverse of `decode` for any text): to look strings up
/// by their bytes, without decoding every string of a file.
pub fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\0' => out.extend_from_slice(&[0xc0, 0x80]),
            c if u32::from(c) > 0xffff => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units).iter() {
                    out.extend_from_slice(&[0xe0 | (unit >> 12) as u8, 0x80 | ((unit >> 6) & 0x3f) as u8, 0x80 | (unit & 0x3f) as u8]);
                }
            }
            c => out.extend_from_slice(c.encode_utf8(&mut [0u8; 4]).as_bytes()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_borrows() {
        assert!(matches!(decode(b"Lcom/example/Foo;"), Cow::Borrowed("Lcom/example/Foo;")));
    }

    #[test]
    fn nul_two_byte_and_surrogate_pairs() {
        assert_eq!(decode(&[0x61, 0xc0, 0x80, 0x62]), "a\u{0}b");
        assert_eq!(decode("é".as_bytes()), "é");
        // U+1F600 as CESU-8: D83D DE00, each as three bytes.
        assert_eq!(decode(&[0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]), "\u{1f600}");
        assert_eq!(decode(&[0xff, 0x41]), "\u{fffd}A");
        assert_eq!(decode(&[0xe2, 0x82]), "\u{fffd}\u{fffd}");
    }

    #[test]
    fn encode_is_decode_reversed() {
        assert_eq!(encode("Lcom/example/Foo;"), b"Lcom/example/Foo;");
        assert_eq!(encode("a\u{0}b"), [0x61, 0xc0, 0x80, 0x62]);
        assert_eq!(encode("\u{1f600}"), [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]);
        for text in ["", "é", "Lcom/ü/名前;", "x\u{0}\u{10ffff}y"] {
            assert_eq!(decode(&encode(text)), text);
        }
    }
}
