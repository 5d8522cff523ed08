//! The ZIP end-of-central-directory record (APPNOTE.TXT 4.3.16), found by scanning back from the end:
//! used only to learn how many entries an archive declares before indexing it.

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
    let len = source.len();
    let tail_len = len.min(MAX_TAIL);
    let tail_start = len - tail_len;
    let tail = read_range(source, tail_start, tail_len as usize)?;
    let eocd_at = tail
        .windows(4)
        .rposition(|w| w == EOCD_SIGNATURE)
        .ok_or_else(|| Error::malformed("zip", "no end-of-central-directory record: this is not a ZIP archive, or it is truncated"))?;
    let entries = u64::from(u16_at(&tail, eocd_at + 10, PART)?);
    if entries != 0xffff {
        return Ok(entries);
    }
    // Zip64: the locator sits just before the record and points at the zip64 end record.
    let locator_at = eocd_at.checked_sub(20).ok_or_else(|| Error::malformed(PART, "zip64 locator missing"))?;
    if tail.get(locator_at..locator_at + 4) != Some(&ZIP64_LOCATOR_SIGNATURE[..]) {
        return Ok(entries);
    }
    let lo = u64::from(u32_at(&tail, locator_at + 8, PART)?);
    let hi = u64::from(u32_at(&tail, locator_at + 12, PART)?);
    let record_at = (hi << 32) | lo;
    let record = read_range(source, record_at, 56).map_err(|e| Error::malformed(PART, format!("zip64 end record unreadable: {e}")))?;
    if u32_at(&record, 0, PART)? != ZIP64_EOCD_SIGNATURE {
        return Err(Error::malformed(PART, "zip64 end record signature is wrong").at(record_at));
    }
    let lo = u64::from(u32_at(&record, 32, PART)?);
    let hi = u64::from(u32_at(&record, 36, PART)?);
    Ok((hi << 32) | lo)
}
