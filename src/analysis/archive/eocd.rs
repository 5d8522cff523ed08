//! The ZIP end-of-central-directory record (APPNOTE.TXT 4.3.16), found by scanning back from the end:
//! used to learn how many entries an archive declares before indexing it, and where the central directory
//! starts (the APK Signing Block sits just before it).
//!
//! The zip crate does not simply take the last record: when one is inconsistent it falls back to earlier
//! signatures in the last 64 KiB, and for zip64 to any zip64 record that ends at the locator. A decoy
//! record at the very end could then hide the count of the record really used, so every record the crate
//! might choose is read here and the largest count wins.

use crate::analysis::bytes::{u16_at, u32_at};
use crate::analysis::error::{Error, Result};
use crate::analysis::source::{read_range, ByteSource};

const EOCD_SIGNATURE: [u8; 4] = *b"PK\x05\x06";
const EOCD_SIZE: usize = 22;
const ZIP64_LOCATOR_SIGNATURE: [u8; 4] = *b"PK\x06\x07";
const ZIP64_LOCATOR_SIZE: usize = 20;
const ZIP64_EOCD_SIGNATURE: [u8; 4] = *b"PK\x06\x06";
/// Signature and the size field, which counts the bytes after itself (APPNOTE 4.3.14.1).
const ZIP64_EOCD_OVERHEAD: u64 = 12;
const ZIP64_EOCD_MIN_SIZE: usize = 56;
/// The record may be followed by a comment of up to 65535 bytes. The zip crate looks back a few bytes
/// further than that (its bound counts an in-memory struct's size), so look back a little more still.
const MAX_TAIL: u64 = EOCD_SIZE as u64 + 0xffff + 64;
/// Zip64 end records are 56 bytes; writers put nothing in the "extensible data sector" after them. A
/// larger gap between the record and its locator is refused rather than scanned without bound.
const MAX_ZIP64_RECORD: u64 = 64 * 1024;
const PART: &str = "zip end record";

/// The number of central-directory entries the archive declares (zip64-aware): the largest count among
/// the end records a reader might use.
pub fn declared_entries(source: &dyn ByteSource) -> Result<u64> {
    let len = source.len();
    let tail_len = len.min(MAX_TAIL);
    let tail_start = len - tail_len;
    let tail = read_range(source, tail_start, tail_len as usize)?;
    let mut found_any = false;
    let mut most: Option<u64> = None;
    let mut pos = tail.len();
    // The signature cannot overlap itself, so each search may end where the last match began.
    while let Some(at) = tail.get(..pos).and_then(|t| t.windows(4).rposition(|w| w == EOCD_SIGNATURE)) {
        pos = at;
        found_any = true;
        let Some(record) = tail.get(at..at + EOCD_SIZE) else { continue };
        let count = record_count(source, &tail, tail_start, at, record)?;
        most = Some(most.map_or(count, |m| m.max(count)));
    }
    match most {
        Some(n) => Ok(n),
        None if found_any => Err(Error::malformed(
            "zip",
            "the end-of-central-directory record is cut short: the file is truncated",
        )),
        None => Err(Error::malformed("zip", "no end-of-central-directory record: this is not a ZIP archive, or it is truncated")),
    }
}

/// The count one end record declares, with its zip64 record's when the zip crate would consult one
/// (any of the three fields saturated, and a locator right before the record).
fn record_count(source: &dyn ByteSource, tail: &[u8], tail_start: u64, at: usize, record: &[u8]) -> Result<u64> {
    let entries = u16_at(record, 10, PART)?;
    let dir_size = u32_at(record, 12, PART)?;
    let dir_offset = u32_at(record, 16, PART)?;
    let count = u64::from(entries);
    if entries != u16::MAX && dir_size != u32::MAX && dir_offset != u32::MAX {
        return Ok(count);
    }
    let Some(locator) = at.checked_sub(ZIP64_LOCATOR_SIZE).and_then(|l| tail.get(l..at)) else {
        return Ok(count);
    };
    if locator.get(..4) != Some(&ZIP64_LOCATOR_SIGNATURE[..]) {
        return Ok(count);
    }
    let locator_at = tail_start + (at - ZIP64_LOCATOR_SIZE) as u64;
    let pointer = u64::from(u32_at(locator, 8, PART)?) | (u64::from(u32_at(locator, 12, PART)?) << 32);
    if pointer >= locator_at {
        // The zip crate rejects this record; it declares nothing it would read.
        return Ok(count);
    }
    if locator_at - pointer > MAX_ZIP64_RECORD {
        return Err(Error::malformed(
            PART,
            format!("the zip64 end record lies {} bytes before its locator; records are 56 bytes", locator_at - pointer),
        )
        .at(locator_at));
    }
    // Every zip64 record that starts in [pointer, locator) and ends exactly at the locator is one the zip
    // crate may use (it tries the pointer first, then searches that range; it refuses records under 56
    // bytes, so each candidate lies wholly inside the range).
    let span = read_range(source, pointer, (locator_at - pointer) as usize)?;
    // 0xffff here only says "see the zip64 record"; it is not a count of its own.
    let mut most = if entries == u16::MAX { 0 } else { count };
    for (i, _) in span.windows(4).enumerate().filter(|(_, w)| *w == ZIP64_EOCD_SIGNATURE) {
        let Some(fixed) = span.get(i..i + ZIP64_EOCD_MIN_SIZE) else { continue };
        let size = u64::from(u32_at(fixed, 4, PART)?) | (u64::from(u32_at(fixed, 8, PART)?) << 32);
        let ends_at = (pointer + i as u64).checked_add(ZIP64_EOCD_OVERHEAD).and_then(|p| p.checked_add(size));
        if ends_at != Some(locator_at) {
            continue;
        }
        let total = u64::from(u32_at(fixed, 32, PART)?) | (u64::from(u32_at(fixed, 36, PART)?) << 32);
        most = most.max(total);
    }
    Ok(most)
}

/// The offset of the central directory's first byte (zip64-aware), from the last end record: where the
/// APK Signing Block ends. Android's apksig reads the last record the same way.
pub fn central_directory_offset(source: &dyn ByteSource) -> Result<u64> {
    let len = source.len();
    let tail_len = len.min(MAX_TAIL);
    let tail = read_range(source, len - tail_len, tail_len as usize)?;
    let eocd_at = tail
        .windows(4)
        .rposition(|w| w == EOCD_SIGNATURE)
        .ok_or_else(|| Error::malformed("zip", "no end-of-central-directory record: this is not a ZIP archive, or it is truncated"))?;
    let offset = u64::from(u32_at(&tail, eocd_at + 16, PART)?);
    if offset != 0xffff_ffff {
        return Ok(offset);
    }
    // Zip64: the locator just before the record points at the zip64 end record, which holds the offset.
    let Some(locator) = eocd_at.checked_sub(ZIP64_LOCATOR_SIZE).and_then(|l| tail.get(l..eocd_at)) else { return Ok(offset) };
    if locator.get(..4) != Some(&ZIP64_LOCATOR_SIGNATURE[..]) {
        return Ok(offset);
    }
    let record_at = u64::from(u32_at(locator, 8, PART)?) | (u64::from(u32_at(locator, 12, PART)?) << 32);
    let record = read_range(source, record_at, ZIP64_EOCD_MIN_SIZE)
        .map_err(|e| Error::malformed(PART, format!("zip64 end record unreadable: {e}")))?;
    if record.get(..4) != Some(&ZIP64_EOCD_SIGNATURE[..]) {
        return Err(Error::malformed(PART, "zip64 end record signature is wrong").at(record_at));
    }
    Ok(u64::from(u32_at(&record, 48, PART)?) | (u64::from(u32_at(&record, 52, PART)?) << 32))
}
