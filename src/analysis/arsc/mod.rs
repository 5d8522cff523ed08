//! `resources.arsc`: the compiled resource table that turns `@string/app_name` into "Torch Plus" and
//! `@mipmap/ic_launcher` into the icon files, one value per configuration (language, screen density…).
//!
//! Follows AOSP `ResTable` (libs/androidfw/ResourceTypes.cpp), including the newer encodings: sparse type
//! chunks, 16-bit offsets and API 35 compact entries. Only what the report needs is decoded, lazily: type
//! chunks are indexed, and an entry is read when someone asks for its resource id.

pub mod config;
pub mod consts;

use config::Config;
use consts::*;

use super::axml::string_pool::StringPool;
use super::axml::Value;
use super::bytes::{u16_at, u32_at, u8_at};
use super::error::{Error, Result};

const PART: &str = "resources.arsc";
/// References that point at references: Android follows a handful; a loop must not hang us.
const MAX_REFERENCE_DEPTH: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArscLimits {
    pub max_strings: u32,
    pub max_packages: usize,
    pub max_type_chunks: usize,
}

impl Default for ArscLimits {
    fn default() -> Self {
        Self { max_strings: 4_000_000, max_packages: 256, max_type_chunks: 200_000 }
    }
}

pub struct ResourceTable<'a> {
    strings: StringPool<'a>,
    packages: Vec<Package<'a>>,
    /// Problems met while indexing; what was indexed before them is usable.
    pub warnings: Vec<Error>,
}

struct Package<'a> {
    id: u32,
    type_names: StringPool<'a>,
    types: Vec<TypeChunk<'a>>,
}

struct TypeChunk<'a> {
    /// The chunk, exactly its declared size.
    chunk: &'a [u8],
    type_id: u8,
    flags: u8,
    entry_count: u32,
    header_size: usize,
    entries_start: usize,
    config: Config,
}

/// One value of a resource in one configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigValue {
    pub config: Config,
    pub value: Value,
}

impl<'a> ResourceTable<'a> {
    pub fn parse(data: &'a [u8], limits: ArscLimits) -> Result<Self> {
        let kind = u16_at(data, 0, PART)?;
        if kind != RES_TABLE_TYPE {
            return Err(Error::malformed(PART, format!("table type 0x{kind:04x} is not RES_TABLE_TYPE (0x0002)")));
        }
        let header_size = usize::from(u16_at(data, 2, PART)?).max(TABLE_HEADER_SIZE);
        let declared = u32_at(data, 4, PART)? as usize;
        let mut table = Self { strings: StringPool::empty(), packages: Vec::new(), warnings: Vec::new() };
        if declared > data.len() {
            table.warnings.push(Error::malformed(PART, format!("table size {declared} exceeds the {} bytes present", data.len())));
        }
        let end = declared.min(data.len());
        let mut pos = header_size;
        let mut type_chunks = 0usize;
        while pos.saturating_add(8) <= end {
            let chunk = match chunk_at(data, pos, end) {
                Ok(c) => c,
                Err(e) => {
                    table.warnings.push(e);
                    break;
                }
            };
            match u16_at(chunk, 0, PART)? {
                RES_STRING_POOL_TYPE => match StringPool::parse(chunk, limits.max_strings) {
                    Ok(p) => table.strings = p,
                    Err(e) => table.warnings.push(e.at(pos as u64)),
                },
                RES_TABLE_PACKAGE_TYPE => {
                    if table.packages.len() >= limits.max_packages {
                        table.warnings.push(Error::limit(PART, format!("more than {} packages", limits.max_packages)));
                        break;
                    }
                    match parse_package(chunk, limits, &mut type_chunks, &mut table.warnings) {
                        Ok(p) => table.packages.push(p),
                        Err(e) => table.warnings.push(e.at(pos as u64)),
                    }
                }
                _ => {}
            }
            pos += chunk.len();
        }
        Ok(table)
    }

    /// The name of the resource's type (`string`, `mipmap`…), for evidence like `@string/app_name`.
    pub fn type_name(&self, id: u32) -> Option<String> {
        let type_id = (id >> 16) & 0xff;
        let package = self.packages.iter().find(|p| p.id == id >> 24)?;
        package.type_names.get(type_id.checked_sub(1)?).ok().flatten()
    }
}

/// Resource values by id, whether from a binary `resources.arsc` or an App Bundle's protobuf table: the
/// report's name, icon and languages are worked out the same way from either.
pub trait ResourceLookup {
    /// Every simple value of resource `id`, one per configuration that defines it.
    fn values(&self, id: u32) -> Vec<ConfigValue>;
    /// Every configuration the table has values for.
    fn configs(&self) -> Vec<Config>;

    /// Text of a string resource in the default configuration (or, when the app defines none, the first
    /// configuration that has it), following references.
    fn resolve_string(&self, id: u32) -> Option<String> {
        let mut id = id;
        for _ in 0..MAX_REFERENCE_DEPTH {
            let values = self.values(id);
            let chosen = values.iter().find(|v| v.config.is_default_locale()).or_else(|| values.first())?;
            match &chosen.value {
                Value::String(s) => return Some(s.clone()),
                Value::Reference(next) => id = *next,
                _ => return None,
            }
        }
        None
    }

    /// Every locale any resource is translated into, as aapt's badging lists them (`--_--` is the default).
    fn locales(&self) -> Vec<String> {
        let mut tags: Vec<String> = self.configs().iter().map(Config::locale_tag).collect();
        tags.sort();
        tags.dedup();
        tags
    }

    /// File paths a resource points at, with the density of each configuration (`res/mipmap-xxhdpi/x.png`).
    fn files(&self, id: u32) -> Vec<(String, u16)> {
        let mut id = id;
        for _ in 0..MAX_REFERENCE_DEPTH {
            let values = self.values(id);
            if let Some(Value::Reference(next)) = values.first().map(|v| &v.value) {
                id = *next;
                continue;
            }
            return values
                .into_iter()
                .filter_map(|v| match v.value {
                    Value::String(path) => Some((path, v.config.density)),
                    _ => None,
                })
                .collect();
        }
        Vec::new()
    }
}

impl ResourceLookup for ResourceTable<'_> {
    /// Every simple value of resource `id`, one per configuration that defines it.
    fn values(&self, id: u32) -> Vec<ConfigValue> {
        let package_id = id >> 24;
        let type_id = ((id >> 16) & 0xff) as u8;
        let entry = id & 0xffff;
        let mut out = Vec::new();
        for package in self.packages.iter().filter(|p| p.id == package_id) {
            for chunk in package.types.iter().filter(|t| t.type_id == type_id) {
                if let Some(value) = chunk.value(entry, &self.strings) {
                    out.push(ConfigValue { config: chunk.config.clone(), value });
                }
            }
        }
        out
    }

    fn configs(&self) -> Vec<Config> {
        self.packages.iter().flat_map(|p| p.types.iter()).map(|t| t.config.clone()).collect()
    }
}

fn chunk_at(data: &[u8], pos: usize, end: usize) -> Result<&[u8]> {
    let header_size = usize::from(u16_at(data, pos + 2, PART)?);
    let size = u32_at(data, pos + 4, PART)? as usize;
    if header_size < 8 || size < header_size {
        return Err(Error::malformed(PART, format!("chunk sizes {size}/{header_size} are inconsistent")).at(pos as u64));
    }
    pos.checked_add(size)
        .filter(|e| *e <= end)
        .and_then(|e| data.get(pos..e))
        .ok_or_else(|| Error::malformed(PART, format!("chunk of {size} bytes runs past its parent")).at(pos as u64))
}

fn parse_package<'a>(chunk: &'a [u8], limits: ArscLimits, type_chunks: &mut usize, warnings: &mut Vec<Error>) -> Result<Package<'a>> {
    let header_size = usize::from(u16_at(chunk, 2, PART)?);
    if header_size < PACKAGE_HEADER_MIN {
        return Err(Error::malformed(PART, format!("package header size {header_size} is below {PACKAGE_HEADER_MIN}")));
    }
    let id = u32_at(chunk, 8, PART)?;
    let type_strings_at = u32_at(chunk, 268, PART)? as usize;
    let type_names = chunk
        .get(type_strings_at..)
        .and_then(|rest| {
            let size = u32_at(rest, 4, PART).ok()? as usize;
            rest.get(..size)
        })
        .and_then(|pool| StringPool::parse(pool, limits.max_strings).ok())
        .unwrap_or_else(StringPool::empty);
    let mut package = Package { id, type_names, types: Vec::new() };
    let mut pos = header_size;
    while pos.saturating_add(8) <= chunk.len() {
        let sub = match chunk_at(chunk, pos, chunk.len()) {
            Ok(c) => c,
            Err(e) => {
                warnings.push(e);
                break;
            }
        };
        if u16_at(sub, 0, PART)? == RES_TABLE_TYPE_TYPE {
            *type_chunks += 1;
            if *type_chunks > limits.max_type_chunks {
                warnings.push(Error::limit(PART, format!("more than {} type chunks", limits.max_type_chunks)));
                break;
            }
            match TypeChunk::parse(sub) {
                Ok(t) => package.types.push(t),
                Err(e) => warnings.push(e),
            }
        }
        pos += sub.len();
    }
    Ok(package)
}

impl<'a> TypeChunk<'a> {
    fn parse(chunk: &'a [u8]) -> Result<Self> {
        let header_size = usize::from(u16_at(chunk, 2, PART)?);
        let type_id = u8_at(chunk, 8, PART)?;
        let flags = u8_at(chunk, 9, PART)?;
        let entry_count = u32_at(chunk, 12, PART)?;
        let entries_start = u32_at(chunk, 16, PART)? as usize;
        if header_size < TYPE_HEADER_FIXED || entries_start > chunk.len() || type_id == 0 {
            return Err(Error::malformed(PART, format!("type chunk header (size {header_size}, entries at {entries_start}) is invalid")));
        }
        let config = Config::parse(chunk.get(TYPE_HEADER_FIXED..header_size).unwrap_or_default());
        Ok(Self { chunk, type_id, flags, entry_count, header_size, entries_start, config })
    }

    /// The entry's offset from `entries_start`, in whichever of the three encodings the chunk uses.
    fn entry_offset(&self, index: u32) -> Option<usize> {
        let offsets = self.header_size;
        if self.flags & FLAG_SPARSE != 0 {
            // Sorted (index u16, offset/4 u16) pairs: binary search.
            let (mut lo, mut hi) = (0usize, self.entry_count as usize);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                let at = offsets.checked_add(mid.checked_mul(4)?)?;
                let idx = u32::from(u16_at(self.chunk, at, PART).ok()?);
                match idx.cmp(&index) {
                    std::cmp::Ordering::Equal => return Some(usize::from(u16_at(self.chunk, at.saturating_add(2), PART).ok()?) * 4),
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                }
            }
            return None;
        }
        if index >= self.entry_count {
            return None;
        }
        if self.flags & FLAG_OFFSET16 != 0 {
            let raw = u16_at(self.chunk, offsets.checked_add((index as usize).checked_mul(2)?)?, PART).ok()?;
            return (raw != NO_ENTRY_16).then_some(usize::from(raw) * 4);
        }
        let raw = u32_at(self.chunk, offsets.checked_add((index as usize).checked_mul(4)?)?, PART).ok()?;
        (raw != NO_ENTRY_32).then_some(raw as usize)
    }

    fn value(&self, index: u32, strings: &StringPool<'_>) -> Option<Value> {
        let at = self.entries_start.checked_add(self.entry_offset(index)?)?;
        let size = u16_at(self.chunk, at, PART).ok()?;
        let flags = u16_at(self.chunk, at.saturating_add(2), PART).ok()?;
        let string = |i: u32| strings.get(i).ok().flatten();
        if flags & ENTRY_FLAG_COMPACT != 0 {
            let data = u32_at(self.chunk, at.saturating_add(4), PART).ok()?;
            return Some(Value::from_typed((flags >> 8) as u8, data, string));
        }
        if flags & ENTRY_FLAG_COMPLEX != 0 {
            return None; // a style, array or plural: nothing the report shows
        }
        let value_at = at.checked_add(usize::from(size))?;
        let data_type = u8_at(self.chunk, value_at.saturating_add(3), PART).ok()?;
        let data = u32_at(self.chunk, value_at.saturating_add(4), PART).ok()?;
        Some(Value::from_typed(data_type, data, string))
    }
}

/// How well a density serves a large, sharp icon: real densities by value, "any"/"none" last.
pub fn density_rank(density: u16) -> u32 {
    match density {
        DENSITY_ANY | DENSITY_NONE => 0,
        DENSITY_DEFAULT => u32::from(DENSITY_MEDIUM),
        d => u32::from(d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::axml::string_pool::build_pool;

    fn chunk(kind: u16, header: &[u8], body: &[u8]) -> Vec<u8> {
        let header_size = 8 + header.len();
        let mut c = Vec::new();
        c.extend_from_slice(&kind.to_le_bytes());
        c.extend_from_slice(&(header_size as u16).to_le_bytes());
        c.extend_from_slice(&((header_size + body.len()) as u32).to_le_bytes());
        c.extend_from_slice(header);
        c.extend_from_slice(body);
        c
    }

    /// A string entry (`Res_value` TYPE_STRING pointing at global string `string`) in each encoding.
    fn entry(compact: bool, key: u16, string: u32) -> Vec<u8> {
        let mut e = Vec::new();
        if compact {
            e.extend_from_slice(&key.to_le_bytes());
            e.extend_from_slice(&(ENTRY_FLAG_COMPACT | (0x03 << 8)).to_le_bytes());
            e.extend_from_slice(&string.to_le_bytes());
        } else {
            e.extend_from_slice(&8u16.to_le_bytes());
            e.extend_from_slice(&0u16.to_le_bytes());
            e.extend_from_slice(&u32::from(key).to_le_bytes());
            e.extend_from_slice(&8u16.to_le_bytes());
            e.push(0);
            e.push(0x03);
            e.extend_from_slice(&string.to_le_bytes());
        }
        e
    }

    /// A table with one `string` type whose entries 0 and 5 exist ("Hello", "Bonjour"), in `flags` encoding.
    fn table(flags: u8, compact: bool, language: &[u8; 2]) -> Vec<u8> {
        let entries = [(0u32, entry(compact, 0, 0)), (5u32, entry(compact, 1, 1))];
        let count = 6u32;
        let mut offsets = Vec::new();
        let mut data = Vec::new();
        if flags & FLAG_SPARSE != 0 {
            for (index, e) in &entries {
                offsets.extend_from_slice(&(*index as u16).to_le_bytes());
                offsets.extend_from_slice(&((data.len() / 4) as u16).to_le_bytes());
                data.extend_from_slice(e);
            }
        } else {
            for i in 0..count {
                match entries.iter().find(|(index, _)| *index == i) {
                    Some((_, e)) => {
                        if flags & FLAG_OFFSET16 != 0 {
                            offsets.extend_from_slice(&((data.len() / 4) as u16).to_le_bytes());
                        } else {
                            offsets.extend_from_slice(&(data.len() as u32).to_le_bytes());
                        }
                        data.extend_from_slice(e);
                    }
                    None if flags & FLAG_OFFSET16 != 0 => offsets.extend_from_slice(&NO_ENTRY_16.to_le_bytes()),
                    None => offsets.extend_from_slice(&NO_ENTRY_32.to_le_bytes()),
                }
            }
        }
        let mut config = vec![0u8; 64];
        config[..4].copy_from_slice(&64u32.to_le_bytes());
        config[8..10].copy_from_slice(language);
        let entry_count = if flags & FLAG_SPARSE != 0 { entries.len() as u32 } else { count };
        let header_len = 8 + 12 + config.len();
        let mut type_header = vec![1u8, flags, 0, 0];
        type_header.extend_from_slice(&entry_count.to_le_bytes());
        type_header.extend_from_slice(&((header_len + offsets.len()) as u32).to_le_bytes());
        type_header.extend_from_slice(&config);
        let type_chunk = chunk(RES_TABLE_TYPE_TYPE, &type_header, &[offsets, data].concat());

        let type_strings = build_pool(false, &["string"]);
        let key_strings = build_pool(false, &["app_name", "other"]);
        let mut package_header = Vec::new();
        package_header.extend_from_slice(&0x7fu32.to_le_bytes());
        package_header.extend_from_slice(&[0u8; 256]);
        let header_size = 8 + 4 + 256 + 16;
        package_header.extend_from_slice(&(header_size as u32).to_le_bytes());
        package_header.extend_from_slice(&0u32.to_le_bytes());
        package_header.extend_from_slice(&((header_size + type_strings.len()) as u32).to_le_bytes());
        package_header.extend_from_slice(&0u32.to_le_bytes());
        let package = chunk(RES_TABLE_PACKAGE_TYPE, &package_header, &[type_strings, key_strings, type_chunk].concat());
        let strings = build_pool(true, &["Hello", "Bonjour"]);
        chunk(RES_TABLE_TYPE, &1u32.to_le_bytes(), &[strings, package].concat())
    }

    #[test]
    fn all_entry_encodings_resolve() {
        for (flags, compact) in [(0, false), (FLAG_OFFSET16, false), (FLAG_SPARSE, false), (0, true), (FLAG_SPARSE, true)] {
            let bytes = table(flags, compact, &[0, 0]);
            let t = ResourceTable::parse(&bytes, ArscLimits::default()).unwrap();
            assert!(t.warnings.is_empty(), "{:?}", t.warnings);
            let what = format!("flags {flags:#x} compact {compact}");
            assert_eq!(t.resolve_string(0x7f01_0000).as_deref(), Some("Hello"), "{what}");
            assert_eq!(t.resolve_string(0x7f01_0005).as_deref(), Some("Bonjour"), "{what}");
            assert_eq!(t.resolve_string(0x7f01_0003), None, "{what}: a missing entry");
            assert_eq!(t.resolve_string(0x7f01_0009), None, "{what}: past the end");
            assert_eq!(t.type_name(0x7f01_0000).as_deref(), Some("string"));
        }
    }

    #[test]
    fn default_locale_is_preferred_and_locales_listed() {
        let french = table(0, false, b"fr");
        let t = ResourceTable::parse(&french, ArscLimits::default()).unwrap();
        assert_eq!(t.locales(), ["fr"]);
        // Only a French value exists: it is still the app's name rather than nothing.
        assert_eq!(t.resolve_string(0x7f01_0000).as_deref(), Some("Hello"));
    }

    #[test]
    fn truncations_never_panic() {
        let bytes = table(FLAG_SPARSE, true, b"de");
        for end in 0..bytes.len() {
            if let Ok(t) = ResourceTable::parse(&bytes[..end], ArscLimits::default()) {
                let _ = (t.resolve_string(0x7f01_0000), t.locales(), t.files(0x7f01_0005));
            }
        }
    }
}
