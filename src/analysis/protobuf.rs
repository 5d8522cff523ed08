//! A minimal protocol-buffers wire-format reader (https://protobuf.dev/programming-guides/encoding/), enough
//! to walk aapt2's `Resources.proto` messages in App Bundles. A generated-code crate (prost + the .proto
//! files) would cost more wasm than these few functions, and we read only a handful of fields.

use super::error::{Error, Result};

const PART: &str = "protobuf";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Varint(u64),
    Fixed64(u64),
    Bytes(&'a [u8]),
    Fixed32(u32),
}

impl<'a> FieldValue<'a> {
    pub fn as_u64(self) -> Option<u64> {
        match self {
            FieldValue::Varint(v) | FieldValue::Fixed64(v) => Some(v),
            FieldValue::Fixed32(v) => Some(u64::from(v)),
            FieldValue::Bytes(_) => None,
        }
    }

    pub fn as_bytes(self) -> Option<&'a [u8]> {
        match self {
            FieldValue::Bytes(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_str(self) -> Option<String> {
        self.as_bytes().map(|b| String::from_utf8_lossy(b).into_owned())
    }
}

/// The fields of one message, in order. Stops at the first malformed field (yielding its error once).
pub struct Fields<'a> {
    data: &'a [u8],
    pos: usize,
    failed: bool,
}

pub fn fields(message: &[u8]) -> Fields<'_> {
    Fields { data: message, pos: 0, failed: false }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u32, FieldValue<'a>)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.data.len() {
            return None;
        }
        let item = self.read_field();
        if item.is_err() {
            self.failed = true;
        }
        Some(item)
    }
}

impl<'a> Fields<'a> {
    fn read_field(&mut self) -> Result<(u32, FieldValue<'a>)> {
        let at = self.pos;
        let key = self.varint()?;
        let number = u32::try_from(key >> 3).map_err(|_| Error::malformed(PART, "field number too large").at(at as u64))?;
        let value = match key & 7 {
            0 => FieldValue::Varint(self.varint()?),
            1 => FieldValue::Fixed64(u64::from_le_bytes(self.take(8)?.try_into().unwrap_or_default())),
            2 => {
                let len = usize::try_from(self.varint()?).unwrap_or(usize::MAX);
                FieldValue::Bytes(self.take(len)?)
            }
            5 => FieldValue::Fixed32(u32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default())),
            other => return Err(Error::malformed(PART, format!("wire type {other} is not supported")).at(at as u64)),
        };
        Ok((number, value))
    }

    fn varint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self.data.get(self.pos).ok_or_else(|| Error::malformed(PART, "truncated varint").at(self.pos as u64))?;
            self.pos += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(Error::malformed(PART, "varint longer than 10 bytes").at(self.pos as u64))
    }

    fn take(&mut self, len: usize) -> Result<&'a [u8]> {
        let bytes = self
            .pos
            .checked_add(len)
            .and_then(|end| self.data.get(self.pos..end))
            .ok_or_else(|| Error::malformed(PART, format!("field of {len} bytes runs past the message")).at(self.pos as u64))?;
        self.pos += len;
        Ok(bytes)
    }
}

/// The first field `number` of a message, if present (later duplicates are ignored, like scalar merging
/// would not be; enough for the singular sub-messages we read).
pub fn field(message: &[u8], number: u32) -> Option<FieldValue<'_>> {
    fields(message).filter_map(Result::ok).find(|(n, _)| *n == number).map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_wire_type() {
        // field 1 varint 300, field 2 bytes "hi", field 3 fixed32 7, field 4 fixed64 9
        let msg = [0x08, 0xac, 0x02, 0x12, 0x02, b'h', b'i', 0x1d, 7, 0, 0, 0, 0x21, 9, 0, 0, 0, 0, 0, 0, 0];
        let got: Vec<_> = fields(&msg).collect::<Result<_>>().unwrap();
        assert_eq!(
            got,
            [(1, FieldValue::Varint(300)), (2, FieldValue::Bytes(b"hi")), (3, FieldValue::Fixed32(7)), (4, FieldValue::Fixed64(9))]
        );
        assert_eq!(field(&msg, 2).and_then(FieldValue::as_str).as_deref(), Some("hi"));
    }

    #[test]
    fn malformed_input_errors_once() {
        for bad in [&[0x08u8][..], &[0x12, 0x05, b'x'], &[0x0f], &[0xff; 12]] {
            let all: Vec<_> = fields(bad).collect();
            assert_eq!(all.iter().filter(|r| r.is_err()).count(), 1, "{bad:?}");
        }
    }
}
