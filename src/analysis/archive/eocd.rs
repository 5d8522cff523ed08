//! The ZIP end-of-central-directory record (APPNOTE.TXT 4.3.16), found by scanning back from the end:
//! used to learn how many entries an archive declares before indexing it, and where the central directory
//! starts (the APK Signing Block sits just before it).

use crate::analysis::bytes::{u16_at, u32_at};
use crate::analysis::error::{Error, Result};
use crate::analysis::source::{read_range, ByteSource};

const EOCD_SIGNATURE: [u8; 4] = *b"PK\x05\x06";
const EOCD_SIZE: usize = 22;
const ZIP64_LOCATOR_SIGNATURE: [u8; 4] = *b"PK\x06\x07";
const ZIP64_EOCD_SIGNATURE: u32 = 0x0606_4b50;
/// The record may be followed by a comment of up to 65535 bytes.
const MAX_TAIL: u64 = EOCD_SIZE as u64 + 0xffff;
const PART: &str = "zip end record";

/// The number of central-directory entries the archive declares (zip64-aware).
pub fn declared_entries(source: &dyn ByteSource) -> Result<u64> {
    let (tail, eocd_at) = find(source)?;
    let entries = u64::from(u16_at(&tail, eocd_at + 10, PART)?);
    if entries != 0xffff {
        return Ok(entries);
    }
    match zip64_record(source, &tail, eocd_at)? {
        Some(record) => u64_at(&record, 32),
        None => Ok(entries),
    }
}

/// The offset of the central directory's first byte (zip64-aware).
pub fn central_directory_offset(source: &dyn ByteSource) -> Result<u64> {
    let (tail, eocd_at) = find(source)?;
    let offset = u64::from(u32_at(&tail, eocd_at + 16, PART)?);
    if offset != 0xffff_ffff {
        return Ok(offset);
    }
    match zip64_record(source, &tail, eocd_at)? {
        Some(record) => u64_at(&record, 48),
        None => Ok(offset),
    }
}

/// The bytes at the end of the file that hold the record, and the record's offset in them.
fn find(source: &dyn ByteSource) -> Result<(Vec<u8>, usize)> {
    let len = source.len();
    let tail_len = len.min(MAX_TAIL);
    let tail_start = len - tail_len;
    let tail = read_range(source, tail_start, tail_len as usize)?;
    let eocd_at = tail
        .windows(4)
        .rposition(|w| w == EOCD_SIGNATURE)
        .ok_or_else(|| Error::malformed("zip", "no end-of-central-directory record: this is not a ZIP archive, or it is truncated"))?;
    Ok((tail, eocd_at))
}

/// The zip64 end record, when a zip64 locator sits just before the end record and points at it.
fn zip64_record(source: &dyn ByteSource, tail: &[u8], eocd_at: usize) -> Result<Option<Vec<u8>>> {
    let locator_at = eocd_at.checked_sub(20).ok_or_else(|| Error::malformed(PART, "zip64 locator missing"))?;
    if tail.get(locator_at..locator_at + 4) != Some(&ZIP64_LOCATOR_SIGNATURE[..]) {
        return Ok(None);
    }
    let record_at = u64_at(tail, locator_at + 8)?;
    let record = read_range(source, record_at, 56).map_err(|e| Error::malformed(PART, format!("zip64 end record unreadable: {e}")))?;
    if u32_at(&record, 0, PART)? != ZIP64_EOCD_SIGNATURE {
        return Err(Error::malformed(PART, "zip64 end record signature is wrong").at(record_at));
    }
    Ok(Some(record))
}

fn u64_at(data: &[u8], pos: usize) -> Result<u64> {
    let lo = u64::from(u32_at(data, pos, PART)?);
    let hi = u64::from(u32_at(data, pos + 4, PART)?);
    Ok((hi << 32) | lo)
}
