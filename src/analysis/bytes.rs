//! Bounds-checked little-endian reads over borrowed bytes.
//!
//! Every parser of untrusted input reads through these: a short or lying input gives an `Error` naming the
//! part and offset, never a panic or an out-of-bounds read.

use super::error::{Error, Result};

/// A forward cursor over `data`, remembering the part it reads for error messages.
#[derive(Clone, Copy, Debug)]
pub struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
    part: &'static str,
}

impl<'a> Cursor<'a> {
    pub fn new(data: &'a [u8], part: &'static str) -> Self {
        Self { data, pos: 0, part }
    }

    pub fn at(data: &'a [u8], pos: usize, part: &'static str) -> Self {
        Self { data, pos, part }
    }

    pub fn pos(&self) -> usize {
        self.pos
    }

    pub fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    pub fn read_bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let bytes = slice_at(self.data, self.pos, n, self.part)?;
        self.pos += n;
        Ok(bytes)
    }

    pub fn read_u8(&mut self) -> Result<u8> {
        let v = u8_at(self.data, self.pos, self.part)?;
        self.pos += 1;
        Ok(v)
    }

    pub fn read_u16(&mut self) -> Result<u16> {
        let v = u16_at(self.data, self.pos, self.part)?;
        self.pos += 2;
        Ok(v)
    }

    pub fn read_u32(&mut self) -> Result<u32> {
        let v = u32_at(self.data, self.pos, self.part)?;
        self.pos += 4;
        Ok(v)
    }
}

fn short(part: &'static str, pos: usize, n: usize, len: usize) -> Error {
    Error::malformed(part, format!("needs {n} bytes but only {} remain", len.saturating_sub(pos))).at(pos as u64)
}

/// `n` bytes at `pos`, or an error if they are not all there.
pub fn slice_at<'a>(data: &'a [u8], pos: usize, n: usize, part: &'static str) -> Result<&'a [u8]> {
    pos.checked_add(n)
        .and_then(|end| data.get(pos..end))
        .ok_or_else(|| short(part, pos, n, data.len()))
}

fn array_at<const N: usize>(data: &[u8], pos: usize, part: &'static str) -> Result<[u8; N]> {
    slice_at(data, pos, N, part)?.try_into().map_err(|_| short(part, pos, N, data.len()))
}

pub fn u8_at(data: &[u8], pos: usize, part: &'static str) -> Result<u8> {
    data.get(pos).copied().ok_or_else(|| short(part, pos, 1, data.len()))
}

pub fn u16_at(data: &[u8], pos: usize, part: &'static str) -> Result<u16> {
    array_at(data, pos, part).map(u16::from_le_bytes)
}

pub fn u32_at(data: &[u8], pos: usize, part: &'static str) -> Result<u32> {
    array_at(data, pos, part).map(u32::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounded() {
        let data = [1u8, 0, 2, 0, 0, 0];
        let mut c = Cursor::new(&data, "test");
        assert_eq!(c.read_u16().unwrap(), 1);
        assert_eq!(c.read_u32().unwrap(), 2);
        let err = c.read_u8().unwrap_err();
        assert_eq!(err.offset, Some(6));
        assert!(u32_at(&data, usize::MAX - 1, "test").is_err());
        assert!(slice_at(&data, 4, usize::MAX, "test").is_err());
    }
}
