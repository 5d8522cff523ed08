//! `ResStringPool`: the string table shared by binary XML and resources.arsc.
//!
//! Strings are decoded on demand, so a hostile pool that claims millions of entries costs nothing until
//! an element actually refers to one. Decoding is lenient like Android's: bad UTF-8 or lone UTF-16
//! surrogates become U+FFFD rather than failing the whole document.

use super::consts::*;
use crate::analysis::bytes::{slice_at, u16_at, u32_at, u8_at};
use crate::analysis::error::{Error, Result};

const PART: &str = "string pool";

#[derive(Clone, Copy, Debug)]
pub struct StringPool<'a> {
    /// The whole chunk, header included.
    chunk: &'a [u8],
    count: u32,
    offsets_at: usize,
    strings_at: usize,
    utf8: bool,
}

impl<'a> StringPool<'a> {
    pub fn empty() -> Self {
        Self { chunk: &[], count: 0, offsets_at: 0, strings_at: 0, utf8: false }
    }

    /// `chunk` is the pool chunk, sliced to its declared size.
    pub fn parse(chunk: &'a [u8], max_strings: u32) -> Result<Self> {
        let header_size = usize::from(u16_at(chunk, 2, PART)?);
        if header_size < STRING_POOL_HEADER_SIZE {
            return Err(Error::malformed(
                PART,
                format!("header size {header_size} is below the minimum {STRING_POOL_HEADER_SIZE}"),
            ));
        }
        let count = u32_at(chunk, 8, PART)?;
        let flags = u32_at(chunk, 16, PART)?;
        let strings_start = u32_at(chunk, 20, PART)? as usize;
        if count > max_strings {
            return Err(Error::limit(PART, format!("{count} strings exceed the limit of {max_strings}")));
        }
        // The offsets array must fit in the chunk; a lying count is caught here, before any allocation.
        let offsets_len = (count as usize).saturating_mul(4);
        slice_at(chunk, header_size, offsets_len, PART)
            .map_err(|_| Error::malformed(PART, format!("{count} string offsets do not fit in the chunk")))?;
        if count > 0 && strings_start > chunk.len() {
            return Err(Error::malformed(PART, format!("strings start 0x{strings_start:x} is past the chunk end")));
        }
        Ok(Self {
            chunk,
            count,
            offsets_at: header_size,
            strings_at: strings_start,
            utf8: flags & STRING_POOL_UTF8_FLAG != 0,
        })
    }

    pub fn len(&self) -> u32 {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The string at `index`, or `None` for the "no string" reference.
    pub fn get(&self, index: u32) -> Result<Option<String>> {
        self.get_bounded(index, usize::MAX)
    }

    /// As `get`, but refuses with a limit error, before decoding anything, a string stored in more than
    /// `max_bytes` bytes: one UTF-16 string may state 2^31 units, and a caller keeping a budget must be
    /// able to stop it before it is copied out.
    pub fn get_bounded(&self, index: u32, max_bytes: usize) -> Result<Option<String>> {
        if index == NO_STRING {
            return Ok(None);
        }
        if index >= self.count {
            return Err(Error::malformed(PART, format!("string #{index} requested, the pool has {}", self.count)));
        }
        let offset = u32_at(self.chunk, self.offsets_at.saturating_add((index as usize).saturating_mul(4)), PART)? as usize;
        let at = self
            .strings_at
            .checked_add(offset)
            .ok_or_else(|| Error::malformed(PART, format!("string #{index} offset overflows")))?;
        let text = if self.utf8 { self.utf8_at(at, max_bytes)? } else { self.utf16_at(at, max_bytes)? };
        Ok(Some(text))
    }

    fn too_long(stored: usize, max_bytes: usize) -> Error {
        Error::limit(
            PART,
            format!("a string of {stored} bytes is over the limit: {max_bytes} bytes of decoded text remain for this document"),
        )
    }

    fn utf8_at(&self, at: usize, max_bytes: usize) -> Result<String> {
        // Two lengths, each 1 or 2 bytes: UTF-16 units (unused here), then UTF-8 bytes.
        // Offsets come from the file: on wasm32 `usize` is 32 bits, so every sum saturates rather than wraps.
        let (_, skip) = self.utf8_len_at(at)?;
        let (byte_len, skip2) = self.utf8_len_at(at.saturating_add(skip))?;
        if byte_len > max_bytes {
            return Err(Self::too_long(byte_len, max_bytes));
        }
        let bytes = slice_at(self.chunk, at.saturating_add(skip + skip2), byte_len, PART)?;
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }

    fn utf8_len_at(&self, at: usize) -> Result<(usize, usize)> {
        let first = usize::from(u8_at(self.chunk, at, PART)?);
        if first & 0x80 == 0 {
            return Ok((first, 1));
        }
        let second = usize::from(u8_at(self.chunk, at.saturating_add(1), PART)?);
        Ok((((first & 0x7f) << 8) | second, 2))
    }

    fn utf16_at(&self, at: usize, max_bytes: usize) -> Result<String> {
        let first = usize::from(u16_at(self.chunk, at, PART)?);
        let (units, skip) = if first & 0x8000 == 0 {
            (first, 2)
        } else {
            let second = usize::from(u16_at(self.chunk, at.saturating_add(2), PART)?);
            (((first & 0x7fff) << 16) | second, 4)
        };
        if units.saturating_mul(2) > max_bytes {
            return Err(Self::too_long(units.saturating_mul(2), max_bytes));
        }
        let bytes = slice_at(self.chunk, at.saturating_add(skip), units.saturating_mul(2), PART)?;
        let code_units = bytes.chunks_exact(2).map(|p| u16::from_le_bytes([p.first().copied().unwrap_or(0), p.get(1).copied().unwrap_or(0)]));
        Ok(char::decode_utf16(code_units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect())
    }
}

/// A string pool chunk holding `strings`, for tests that build binary XML or resource tables by hand.
#[cfg(test)]
pub(crate) fn build_pool(utf8: bool, strings: &[&str]) -> Vec<u8> {
    let mut data = Vec::new();
    let mut offsets = Vec::new();
    for s in strings {
        offsets.push(data.len() as u32);
        if utf8 {
            let units = s.encode_utf16().count();
            data.push(units as u8);
            data.push(s.len() as u8);
            data.extend_from_slice(s.as_bytes());
            data.push(0);
        } else {
            let units: Vec<u16> = s.encode_utf16().collect();
            data.extend_from_slice(&(units.len() as u16).to_le_bytes());
            units.iter().for_each(|u| data.extend_from_slice(&u.to_le_bytes()));
            data.extend_from_slice(&[0, 0]);
        }
    }
    let strings_start = 28 + 4 * strings.len();
    let mut chunk = Vec::new();
    chunk.extend_from_slice(&RES_STRING_POOL_TYPE.to_le_bytes());
    chunk.extend_from_slice(&28u16.to_le_bytes());
    chunk.extend_from_slice(&((strings_start + data.len()) as u32).to_le_bytes());
    chunk.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    chunk.extend_from_slice(&0u32.to_le_bytes());
    chunk.extend_from_slice(&(if utf8 { STRING_POOL_UTF8_FLAG } else { 0 }).to_le_bytes());
    chunk.extend_from_slice(&(strings_start as u32).to_le_bytes());
    chunk.extend_from_slice(&0u32.to_le_bytes());
    offsets.iter().for_each(|o| chunk.extend_from_slice(&o.to_le_bytes()));
    chunk.extend_from_slice(&data);
    chunk
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::build_pool as pool;

    #[test]
    fn decodes_utf8_and_utf16() {
        for utf8 in [true, false] {
            let bytes = pool(utf8, &["manifest", "Été 🔦"]);
            let p = StringPool::parse(&bytes, 1000).unwrap();
            assert_eq!(p.get(0).unwrap().as_deref(), Some("manifest"));
            assert_eq!(p.get(1).unwrap().as_deref(), Some("Été 🔦"));
            assert_eq!(p.get(NO_STRING).unwrap(), None);
            assert!(p.get(2).is_err());
        }
    }

    #[test]
    fn lying_count_is_rejected_without_allocating() {
        let mut bytes = pool(true, &["a"]);
        bytes[8..12].copy_from_slice(&0x4000_0000u32.to_le_bytes());
        assert!(StringPool::parse(&bytes, u32::MAX).is_err());
        assert_eq!(StringPool::parse(&bytes, 10).unwrap_err().kind, crate::analysis::error::ErrorKind::Limit);
    }
}
