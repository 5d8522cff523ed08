//! Hermes bytecode (`.hbc`; React Native's `index.android.bundle` / `main.jsbundle` when the app is built
//! for the Hermes engine): the file header and the string table, nothing else. The layout was learned from
//! `include/hermes/BCGen/HBC/BytecodeFileFormat.h` in facebook/hermes, read across its history (versions
//! 59 to 99: the first open-source release, the `rn/0.69`–`rn/0.84-stable` branches at 85–96, Static
//! Hermes at 97–99); this is our own reader, not a port.
//!
//! Layout (little-endian, every segment 4-byte aligned):
//! - a 128-byte `BytecodeFileHeader`: magic `c6 1f bc 03 c1 03 19 1f`, version (u32), a 20-byte SHA-1,
//!   fileLength, globalCodeIndex, functionCount, stringKindCount, identifierCount, stringCount,
//!   overflowStringCount, stringStorageSize (u32 each, at the same offsets in every version; the fields
//!   after them moved between versions, but this reader needs none of them);
//! - `functionCount` small function headers: 16 bytes up to version 96, 12 bytes from 97 on (Static
//!   Hermes dropped `infoOffset` and `environmentSize`);
//! - `stringKindCount` string-kind runs (u32), `identifierCount` identifier hashes (u32);
//! - `stringCount` small string entries (u32: bit 0 isUTF16, bits 1–23 offset, bits 24–31 length; a
//!   length of 255 means the offset indexes the overflow table instead);
//! - `overflowStringCount` overflow entries (u32 offset, u32 length);
//! - `stringStorageSize` bytes of string storage: one byte per character (Latin-1), or UTF-16LE code units
//!   for strings marked isUTF16 (their length counts code units).
//!
//! The "delta" form (the magic inverted) is a diffing format, never run; it is named, not read.

use crate::analysis::error::{Error, Result};

pub const MAGIC: [u8; 8] = [0xc6, 0x1f, 0xbc, 0x03, 0xc1, 0x03, 0x19, 0x1f];
const DELTA_MAGIC: [u8; 8] = [0x39, 0xe0, 0x43, 0xfc, 0x3e, 0xfc, 0xe6, 0xe0];
const HEADER_SIZE: usize = 128;
/// The oldest and newest versions whose layout this reader knows.
pub const OLDEST_VERSION: u32 = 59;
pub const NEWEST_VERSION: u32 = 99;
/// Strings longer than this are cut: a host or an SDK name is short, and a hostile entry may claim 4 GB.
const MAX_STRING_BYTES: usize = 64 * 1024;
const PART: &str = "Hermes bytecode";

/// Whether `bytes` starts like Hermes bytecode (either form).
pub fn is_hermes(bytes: &[u8]) -> bool {
    bytes.get(..8).is_some_and(|m| m == MAGIC || m == DELTA_MAGIC)
}

/// A parsed header and the places of the string table.
#[derive(Clone, Debug)]
pub struct Hermes<'a> {
    pub version: u32,
    pub function_count: u32,
    pub string_count: u32,
    bytes: &'a [u8],
    /// Where the small string entries start.
    small_at: usize,
    overflow_at: usize,
    overflow_count: u32,
    storage: &'a [u8],
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([*b.first()?, *b.get(1)?, *b.get(2)?, *b.get(3)?]))
}

/// Size of one small function header in `version`.
fn function_header_size(version: u32) -> usize {
    if version >= 97 {
        12
    } else {
        16
    }
}

fn align4(n: usize) -> Option<usize> {
    n.checked_add(3).map(|v| v & !3)
}

/// Reads the header and locates the string table. `Err` names what was wrong: not Hermes, the delta form,
/// a version outside 59–99 (unsupported, not malformed), or counts that do not fit in the file.
pub fn parse(bytes: &[u8]) -> Result<Hermes<'_>> {
    let magic = bytes.get(..8).ok_or_else(|| Error::malformed(PART, "shorter than the 8-byte magic"))?;
    if magic == DELTA_MAGIC {
        return Err(Error::unsupported(PART, "this is Hermes's delta-prepared form (for diffing, never run); it was not read"));
    }
    if magic != MAGIC {
        return Err(Error::malformed(PART, "the Hermes magic c6 1f bc 03 c1 03 19 1f is missing"));
    }
    if bytes.len() < HEADER_SIZE {
        return Err(Error::malformed(PART, format!("{} bytes is shorter than the {HEADER_SIZE}-byte header", bytes.len())));
    }
    let field = |at: usize| u32_at(bytes, at).ok_or_else(|| Error::malformed(PART, "truncated header").at(at as u64));
    let version = field(8)?;
    if !(OLDEST_VERSION..=NEWEST_VERSION).contains(&version) {
        return Err(Error::unsupported(
            PART,
            format!("bytecode version {version} is not one AppLens knows ({OLDEST_VERSION}–{NEWEST_VERSION}); its strings were not read"),
        ));
    }
    let function_count = field(40)?;
    let kind_count = field(44)?;
    let identifier_count = field(48)?;
    let string_count = field(52)?;
    let overflow_count = field(56)?;
    let storage_size = field(60)?;

    // Each segment's end, checked against the file: counts a hostile header sets to 4 billion stop here.
    let mut at = HEADER_SIZE;
    let mut segment = |count: u32, size: usize, name: &str| -> Result<usize> {
        let start = at;
        let len = (count as usize).checked_mul(size).ok_or_else(|| Error::malformed(PART, format!("{name}: {count} entries overflow")))?;
        let end = start.checked_add(len).and_then(align4).filter(|&e| e <= bytes.len());
        let Some(end) = end else {
            return Err(Error::malformed(PART, format!("{name}: {count} entries of {size} bytes run past the end of the file ({} bytes)", bytes.len())).at(start as u64));
        };
        at = end;
        Ok(start)
    };
    segment(function_count, function_header_size(version), "function headers")?;
    segment(kind_count, 4, "string kinds")?;
    segment(identifier_count, 4, "identifier hashes")?;
    let small_at = segment(string_count, 4, "string table")?;
    let overflow_at = segment(overflow_count, 8, "overflow string table")?;
    let storage_at = segment(storage_size, 1, "string storage")?;
    let storage = bytes.get(storage_at..storage_at + storage_size as usize).unwrap_or_default();
    Ok(Hermes { version, function_count, string_count, bytes, small_at, overflow_at, overflow_count, storage })
}

/// One string of the table: Latin-1 bytes as they are stored, or UTF-16 decoded (lossily) to UTF-8.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HermesString<'a> {
    Bytes(&'a [u8]),
    Utf16(String),
}

impl HermesString<'_> {
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            HermesString::Bytes(b) => b,
            HermesString::Utf16(s) => s.as_bytes(),
        }
    }
}

impl<'a> Hermes<'a> {
    /// Entry `index` of the string table; `Err` when it points outside the storage.
    pub fn string(&self, index: u32) -> Result<HermesString<'a>> {
        let entry_at = (index as usize).checked_mul(4).and_then(|o| o.checked_add(self.small_at));
        let entry = entry_at.and_then(|at| u32_at(self.bytes, at)).ok_or_else(|| Error::malformed(PART, format!("string {index} is past the table")))?;
        let utf16 = entry & 1 == 1;
        let mut offset = (entry >> 1) & 0x7f_ffff;
        let mut length = entry >> 24;
        if length == 255 {
            if offset >= self.overflow_count {
                return Err(Error::malformed(PART, format!("string {index} names overflow entry {offset} of {}", self.overflow_count)));
            }
            let at = self.overflow_at + offset as usize * 8;
            offset = u32_at(self.bytes, at).unwrap_or(u32::MAX);
            length = u32_at(self.bytes, at + 4).unwrap_or(u32::MAX);
        }
        let units = if utf16 { 2 } else { 1 };
        let byte_len = (length as usize).saturating_mul(units).min(MAX_STRING_BYTES - MAX_STRING_BYTES % 2);
        let start = offset as usize;
        let raw = start
            .checked_add(byte_len)
            .and_then(|end| self.storage.get(start..end))
            .ok_or_else(|| Error::malformed(PART, format!("string {index} ({length} characters at {offset}) runs past the string storage ({} bytes)", self.storage.len())))?;
        if !utf16 {
            return Ok(HermesString::Bytes(raw));
        }
        let units = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c.first().copied().unwrap_or(0), c.get(1).copied().unwrap_or(0)]));
        Ok(HermesString::Utf16(char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()))
    }

    /// Every string in table order; a bad entry yields its error and the walk goes on (entries are
    /// independent, and at most `string_count` of them fit in the file: checked by `parse`).
    pub fn strings(&self) -> impl Iterator<Item = Result<HermesString<'a>>> + '_ {
        (0..self.string_count).map(|i| self.string(i))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A file of `version` with the given strings (Latin-1 unless marked UTF-16), the way the generator in
    /// `script/make-hermes-fixtures` writes them.
    pub(crate) fn build(version: u32, functions: u32, strings: &[(&str, bool)]) -> Vec<u8> {
        let mut storage: Vec<u8> = Vec::new();
        let mut small: Vec<u32> = Vec::new();
        let mut overflow: Vec<(u32, u32)> = Vec::new();
        for (s, utf16) in strings {
            let offset = storage.len() as u32;
            let length = if *utf16 {
                let units: Vec<u16> = s.encode_utf16().collect();
                for u in &units {
                    storage.extend_from_slice(&u.to_le_bytes());
                }
                units.len() as u32
            } else {
                storage.extend_from_slice(s.as_bytes());
                s.len() as u32
            };
            if length >= 255 {
                small.push(u32::from(*utf16) | ((overflow.len() as u32) << 1) | (255 << 24));
                overflow.push((offset, length));
            } else {
                small.push(u32::from(*utf16) | (offset << 1) | (length << 24));
            }
        }
        let mut out = vec![0u8; HEADER_SIZE];
        out[..8].copy_from_slice(&MAGIC);
        out[8..12].copy_from_slice(&version.to_le_bytes());
        for (at, v) in [(40, functions), (44, 1), (48, 0), (52, small.len() as u32), (56, overflow.len() as u32), (60, storage.len() as u32)] {
            out[at..at + 4].copy_from_slice(&v.to_le_bytes());
        }
        out.resize(out.len() + functions as usize * function_header_size(version), 0);
        out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        for e in small {
            out.extend_from_slice(&e.to_le_bytes());
        }
        for (o, l) in overflow {
            out.extend_from_slice(&o.to_le_bytes());
            out.extend_from_slice(&l.to_le_bytes());
        }
        out.extend_from_slice(&storage);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
        out
    }

    fn texts(h: &Hermes<'_>) -> Vec<String> {
        h.strings().map(|s| String::from_utf8_lossy(s.unwrap().as_bytes()).into_owned()).collect()
    }

    #[test]
    fn reads_strings_of_old_and_new_layouts() {
        let long = "x".repeat(300);
        for version in [59, 74, 84, 90, 94, 96, 97, 98, 99] {
            let bytes = build(version, 3, &[("https://api.segment.io/v1", false), ("héllo ✓", true), (&long, false)]);
            let h = parse(&bytes).unwrap();
            assert_eq!(h.version, version);
            assert_eq!(texts(&h), ["https://api.segment.io/v1", "héllo ✓", long.as_str()], "v{version}");
        }
    }

    #[test]
    fn unknown_versions_and_other_forms_are_named() {
        let mut bytes = build(96, 0, &[("a", false)]);
        bytes[8..12].copy_from_slice(&100u32.to_le_bytes());
        let e = parse(&bytes).unwrap_err();
        assert!(e.message.contains("version 100"), "{e}");
        let mut delta = bytes.clone();
        delta[..8].copy_from_slice(&DELTA_MAGIC);
        assert!(parse(&delta).unwrap_err().message.contains("delta"));
        assert!(is_hermes(&delta));
        assert!(parse(b"var __DEV__=false;").is_err());
    }

    #[test]
    fn hostile_counts_and_offsets_are_errors() {
        let good = build(96, 1, &[("abc", false)]);
        for (at, value) in [(40, u32::MAX), (52, u32::MAX), (56, 1 << 30), (60, u32::MAX), (44, 1 << 29)] {
            let mut bytes = good.clone();
            bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
            assert!(parse(&bytes).is_err(), "field at {at}");
        }
        // A string entry pointing past the storage: that string fails, the table does not.
        let mut bytes = build(96, 0, &[("abc", false), ("def", false)]);
        let entry_at = HEADER_SIZE + 4;
        bytes[entry_at..entry_at + 4].copy_from_slice(&((1000u32 << 1) | (3 << 24)).to_le_bytes());
        let h = parse(&bytes).unwrap();
        let all: Vec<_> = h.strings().collect();
        assert!(all[0].is_err());
        assert_eq!(all[1].as_ref().unwrap().as_bytes(), b"def");
        for cut in 0..good.len() {
            let _ = parse(&good[..cut]).map(|h| h.strings().count());
        }
    }
}
