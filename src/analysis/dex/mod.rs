//! Dalvik Executable (DEX) files, the `classes*.dex` entries of an APK: the header, the map, and the id
//! tables AppLens needs to see what code a package carries — `string_ids` (MUTF-8), `type_ids`,
//! `proto_ids`, `field_ids`, `method_ids` and `class_defs`. Versions 035 to 041.
//!
//! Spec: <https://source.android.com/docs/core/runtime/dex-format>. The checks follow ART's
//! `DexFileVerifier` where they protect us (magic, version, endianness, header size, every table inside the
//! file, the map agreeing with the header), and stop there: bytecode is never decoded. Everything borrows
//! the bytes; every read is bounds-checked and an inconsistent table is an `Error`, never a panic.

pub mod mutf8;
pub mod raw;

use raw::*;

use super::bytes::{slice_at, u16_at, u32_at, u8_at};
use super::error::{Error, Result};

const PART: &str = "DEX";

/// One fixed-size id table: where it starts and how many items it holds (already checked to fit).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Section {
    off: usize,
    count: u32,
    item_size: usize,
}

impl Section {
    fn item(&self, index: u32) -> Option<usize> {
        if index >= self.count {
            return None;
        }
        (index as usize).checked_mul(self.item_size).and_then(|o| o.checked_add(self.off))
    }
}

/// A parsed DEX file, borrowing its bytes.
#[derive(Clone, Debug)]
pub struct Dex<'a> {
    data: &'a [u8],
    /// 35 for `035`, … 41 for `041`.
    pub version: u16,
    /// A version-041 container holds more DEX files after this one (AppLens reads the first only).
    pub more_in_container: bool,
    string_ids: Section,
    type_ids: Section,
    proto_ids: Section,
    field_ids: Section,
    method_ids: Section,
    class_defs: Section,
}

/// `method_id_item`: a method referenced or defined by this file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MethodId {
    pub class_idx: u16,
    pub proto_idx: u16,
    pub name_idx: u32,
}

/// `field_id_item`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldId {
    pub class_idx: u16,
    pub type_idx: u16,
    pub name_idx: u32,
}

/// `proto_id_item`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProtoId {
    pub shorty_idx: u32,
    pub return_type_idx: u32,
    pub parameters_off: u32,
}

/// The start of a `class_def_item`: the class a file defines, and what it extends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClassDef {
    pub class_idx: u32,
    pub access_flags: u32,
    /// `NO_INDEX` for `java.lang.Object`.
    pub superclass_idx: u32,
}

/// True when `data` starts like a DEX file (magic and a three-digit version), whatever the version.
pub fn looks_like_dex(data: &[u8]) -> bool {
    data.starts_with(DEX_FILE_MAGIC) && data.get(4..7).is_some_and(|v| v.iter().all(u8::is_ascii_digit))
}

/// Parses the header and checks every id table against the file and the map.
pub fn parse(data: &[u8]) -> Result<Dex<'_>> {
    let magic = slice_at(data, 0, 8, PART)?;
    if !magic.starts_with(DEX_FILE_MAGIC) || magic.get(7) != Some(&0) {
        return Err(Error::malformed(PART, "not a DEX file: the magic `dex\\n` is missing").at(0));
    }
    let version = magic
        .get(4..7)
        .filter(|v| v.iter().all(u8::is_ascii_digit))
        .map(|v| v.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0')))
        .ok_or_else(|| Error::malformed(PART, "the DEX version is not three digits").at(4))?;
    if !(MIN_VERSION..=MAX_VERSION).contains(&version) {
        return Err(Error::unsupported(PART, format!("DEX version {version:03} is not one Android defines (035 to 041)")).at(4));
    }
    let endian = u32_at(data, ENDIAN_TAG, PART)?;
    if endian == REVERSE_ENDIAN_CONSTANT {
        return Err(Error::unsupported(PART, "big-endian DEX files are not used by Android and not read").at(ENDIAN_TAG as u64));
    }
    if endian != ENDIAN_CONSTANT {
        return Err(Error::malformed(PART, format!("endian_tag is 0x{endian:08x}, expected 0x12345678")).at(ENDIAN_TAG as u64));
    }
    let header_size = u32_at(data, HEADER_SIZE_FIELD, PART)? as usize;
    let expected_header = if version >= CONTAINER_VERSION { HEADER_SIZE_V41 } else { HEADER_SIZE };
    if header_size != expected_header {
        return Err(Error::malformed(PART, format!("header_size is {header_size}, version {version:03} needs {expected_header}"))
            .at(HEADER_SIZE_FIELD as u64));
    }
    slice_at(data, 0, header_size, PART)?;
    let file_size = u32_at(data, FILE_SIZE, PART)? as usize;
    if file_size < header_size || file_size > data.len() {
        return Err(Error::malformed(
            PART,
            format!("file_size {file_size} does not fit: the file has {} bytes, the header {header_size}", data.len()),
        )
        .at(FILE_SIZE as u64));
    }
    let mut more_in_container = false;
    if version >= CONTAINER_VERSION {
        let container_size = u32_at(data, CONTAINER_SIZE, PART)? as usize;
        let header_offset = u32_at(data, HEADER_OFFSET, PART)?;
        if header_offset != 0 || container_size < file_size || container_size > data.len() {
            return Err(Error::malformed(
                PART,
                format!("container_size {container_size} / header_offset {header_offset} do not describe this file"),
            )
            .at(CONTAINER_SIZE as u64));
        }
        more_in_container = container_size > file_size;
    }
    // Offsets are relative to the start of this file; nothing may point past its declared size.
    let data = data.get(..file_size).unwrap_or(data);
    let section = |at: usize, item_size: usize, name: &str| -> Result<Section> {
        let count = u32_at(data, at, PART)?;
        let off = u32_at(data, at + 4, PART)? as usize;
        if count == 0 {
            return Ok(Section { off: 0, count, item_size });
        }
        let fits = (count as usize)
            .checked_mul(item_size)
            .and_then(|len| off.checked_add(len))
            .is_some_and(|end| off >= header_size && end <= data.len());
        if !fits {
            return Err(Error::malformed(PART, format!("{name} ({count} items at 0x{off:x}) does not fit in the file"))
                .at(at as u64));
        }
        Ok(Section { off, count, item_size })
    };
    let dex = Dex {
        data,
        version,
        more_in_container,
        string_ids: section(STRING_IDS_SIZE, STRING_ID_ITEM_SIZE, "string_ids")?,
        type_ids: section(TYPE_IDS_SIZE, TYPE_ID_ITEM_SIZE, "type_ids")?,
        proto_ids: section(PROTO_IDS_SIZE, PROTO_ID_ITEM_SIZE, "proto_ids")?,
        field_ids: section(FIELD_IDS_SIZE, FIELD_ID_ITEM_SIZE, "field_ids")?,
        method_ids: section(METHOD_IDS_SIZE, METHOD_ID_ITEM_SIZE, "method_ids")?,
        class_defs: section(CLASS_DEFS_SIZE, CLASS_DEF_ITEM_SIZE, "class_defs")?,
    };
    dex.check_map(header_size)?;
    Ok(dex)
}

impl<'a> Dex<'a> {
    /// The map must exist, lie inside the file, be sorted by offset, and agree with the header on every id
    /// table: a file whose two descriptions of itself disagree is one Android refuses to load.
    fn check_map(&self, header_size: usize) -> Result<()> {
        let data = self.data;
        let map_off = u32_at(data, MAP_OFF, PART)? as usize;
        if map_off < header_size || !map_off.is_multiple_of(4) {
            return Err(Error::malformed(PART, format!("map_off 0x{map_off:x} is not a valid map offset")).at(MAP_OFF as u64));
        }
        let size = u32_at(data, map_off, PART)? as usize;
        let items_len = size.checked_mul(MAP_ITEM_SIZE).filter(|len| map_off + 4 + len <= data.len());
        if size == 0 || items_len.is_none() {
            return Err(Error::malformed(PART, format!("the map lists {size} items, which do not fit in the file")).at(map_off as u64));
        }
        let expected = [
            (TYPE_STRING_ID_ITEM, self.string_ids, "string_ids"),
            (TYPE_TYPE_ID_ITEM, self.type_ids, "type_ids"),
            (TYPE_PROTO_ID_ITEM, self.proto_ids, "proto_ids"),
            (TYPE_FIELD_ID_ITEM, self.field_ids, "field_ids"),
            (TYPE_METHOD_ID_ITEM, self.method_ids, "method_ids"),
            (TYPE_CLASS_DEF_ITEM, self.class_defs, "class_defs"),
        ];
        let mut seen = [false; 6];
        let (mut has_header, mut has_map) = (false, false);
        let mut last_off: Option<usize> = None;
        for i in 0..size {
            let at = map_off + 4 + i * MAP_ITEM_SIZE;
            let kind = u16_at(data, at, PART)?;
            let count = u32_at(data, at + 4, PART)?;
            let off = u32_at(data, at + 8, PART)? as usize;
            if off >= data.len() || last_off.is_some_and(|last| off <= last) {
                return Err(Error::malformed(PART, format!("map item {i} (type 0x{kind:04x}) at 0x{off:x} is out of order or outside the file"))
                    .at(at as u64));
            }
            last_off = Some(off);
            match kind {
                TYPE_HEADER_ITEM => has_header = off == 0 && count == 1,
                TYPE_MAP_LIST => has_map = off == map_off,
                _ => {
                    if let Some(k) = expected.iter().position(|(t, _, _)| *t == kind) {
                        let (_, s, name) = expected.get(k).copied().unwrap_or((kind, Section::default(), "?"));
                        if count != s.count || (s.count > 0 && off != s.off) || seen.get(k).copied().unwrap_or(true) {
                            return Err(Error::malformed(PART, format!("the map's {name} ({count} at 0x{off:x}) disagrees with the header ({} at 0x{:x})", s.count, s.off))
                                .at(at as u64));
                        }
                        if let Some(flag) = seen.get_mut(k) {
                            *flag = true;
                        }
                    }
                }
            }
        }
        if !has_header || !has_map {
            return Err(Error::malformed(PART, "the map does not list the header and itself").at(map_off as u64));
        }
        if let Some((_, s, name)) = expected.iter().zip(seen).find(|((_, s, _), seen)| s.count > 0 && !seen).map(|(e, _)| e) {
            return Err(Error::malformed(PART, format!("the map does not list {name} ({} items)", s.count)).at(map_off as u64));
        }
        Ok(())
    }

    pub fn data(&self) -> &'a [u8] {
        self.data
    }
    pub fn string_count(&self) -> u32 {
        self.string_ids.count
    }
    pub fn type_count(&self) -> u32 {
        self.type_ids.count
    }
    pub fn proto_count(&self) -> u32 {
        self.proto_ids.count
    }
    pub fn field_count(&self) -> u32 {
        self.field_ids.count
    }
    pub fn method_count(&self) -> u32 {
        self.method_ids.count
    }
    pub fn class_count(&self) -> u32 {
        self.class_defs.count
    }

    fn item(&self, section: Section, index: u32, name: &str) -> Result<usize> {
        section
            .item(index)
            .ok_or_else(|| Error::malformed(PART, format!("{name} index {index} is past the table's {} items", section.count)))
    }

    /// The MUTF-8 bytes of string `index` (without the terminating NUL); see `mutf8::decode`.
    pub fn string(&self, index: u32) -> Result<&'a [u8]> {
        let at = self.item(self.string_ids, index, "string")?;
        let off = u32_at(self.data, at, PART)? as usize;
        self.string_data_at(off)
    }

    /// `string_data_item` at `off`: a ULEB128 length in UTF-16 units, then MUTF-8 bytes ending in NUL.
    fn string_data_at(&self, off: usize) -> Result<&'a [u8]> {
        let (start, len) = self.string_bounds(off)?;
        Ok(self.data.get(start..start + len).unwrap_or_default())
    }

    /// Where the content of the `string_data_item` at `off` starts, and its length without the NUL.
    fn string_bounds(&self, off: usize) -> Result<(usize, usize)> {
        let mut pos = off;
        // The length is not needed (the NUL ends the string) but must be well-formed: at most 5 bytes.
        loop {
            let b = u8_at(self.data, pos, PART)?;
            pos += 1;
            if b & 0x80 == 0 {
                break;
            }
            if pos - off >= 5 {
                return Err(Error::malformed(PART, "a string length (ULEB128) is longer than 5 bytes").at(off as u64));
            }
        }
        let rest = self.data.get(pos..).unwrap_or_default();
        let len = memchr::memchr(0, rest).ok_or_else(|| Error::malformed(PART, "a string runs to the end of the file without its NUL").at(off as u64))?;
        Ok((pos, len))
    }

    /// The bytes that hold every string's data, and where they start in the file, when `string_ids` point
    /// to strictly increasing offsets — the layout d8, dx and R8 write. A caller can then search all
    /// strings in one pass over these bytes and map a hit back with `string_before`. `None` for any other
    /// layout (or when the last string cannot be read): callers then look at the strings one by one.
    pub fn string_region(&self) -> Option<(usize, &'a [u8])> {
        let first = self.string_offset(0)?;
        let mut previous = first;
        for i in 1..self.string_ids.count {
            let off = self.string_offset(i)?;
            if off <= previous {
                return None;
            }
            previous = off;
        }
        let (start, len) = self.string_bounds(previous).ok()?;
        self.data.get(first..start + len).map(|bytes| (first, bytes))
    }

    /// The last string whose data starts at or before file offset `pos`, in a file whose string offsets
    /// increase (see `string_region`): a position inside a string's data maps to that string.
    pub fn string_before(&self, pos: usize) -> Option<u32> {
        let (mut lo, mut hi) = (0u32, self.string_ids.count);
        // Strings before `lo` start at or before `pos`; strings from `hi` on start after it.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.string_offset(mid).is_some_and(|off| off <= pos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo.checked_sub(1)
    }

    /// Where the `string_data_item` of string `index` starts in the file.
    pub fn string_offset(&self, index: u32) -> Option<usize> {
        let at = self.string_ids.item(index)?;
        u32_at(self.data, at, PART).ok().map(|off| off as usize)
    }

    /// The descriptor of type `index`, e.g. `Lcom/example/Foo;`, `I`, `[Ljava/lang/String;`.
    pub fn type_descriptor(&self, index: u32) -> Result<&'a [u8]> {
        let at = self.item(self.type_ids, index, "type")?;
        self.string(u32_at(self.data, at, PART)?)
    }

    pub fn proto(&self, index: u32) -> Result<ProtoId> {
        let at = self.item(self.proto_ids, index, "proto")?;
        Ok(ProtoId {
            shorty_idx: u32_at(self.data, at, PART)?,
            return_type_idx: u32_at(self.data, at + 4, PART)?,
            parameters_off: u32_at(self.data, at + 8, PART)?,
        })
    }

    pub fn field(&self, index: u32) -> Result<FieldId> {
        let at = self.item(self.field_ids, index, "field")?;
        Ok(FieldId {
            class_idx: u16_at(self.data, at, PART)?,
            type_idx: u16_at(self.data, at + 2, PART)?,
            name_idx: u32_at(self.data, at + 4, PART)?,
        })
    }

    pub fn method(&self, index: u32) -> Result<MethodId> {
        let at = self.item(self.method_ids, index, "method")?;
        Ok(MethodId {
            class_idx: u16_at(self.data, at, PART)?,
            proto_idx: u16_at(self.data, at + 2, PART)?,
            name_idx: u32_at(self.data, at + 4, PART)?,
        })
    }

    pub fn class_def(&self, index: u32) -> Result<ClassDef> {
        let at = self.item(self.class_defs, index, "class_def")?;
        Ok(ClassDef {
            class_idx: u32_at(self.data, at, PART)?,
            access_flags: u32_at(self.data, at + 4, PART)?,
            superclass_idx: u32_at(self.data, at + 8, PART)?,
        })
    }

    /// Descriptors of the classes this file defines, in `class_defs` order. A bad item yields its error
    /// once and the iteration goes on with the next (one broken class must not hide the others).
    pub fn class_descriptors(&self) -> impl Iterator<Item = Result<&'a [u8]>> + '_ {
        (0..self.class_defs.count).map(|i| self.class_def(i).and_then(|c| self.type_descriptor(c.class_idx)))
    }

    /// Every string of the file, in `string_ids` order (sorted by content, as the spec requires).
    pub fn strings(&self) -> impl Iterator<Item = Result<&'a [u8]>> + '_ {
        (0..self.string_ids.count).map(|i| self.string(i))
    }

    /// The method's class descriptor and name, e.g. (`Landroid/content/ClipboardManager;`, `getPrimaryClip`).
    pub fn method_ref(&self, index: u32) -> Result<(&'a [u8], &'a [u8])> {
        let m = self.method(index)?;
        Ok((self.type_descriptor(u32::from(m.class_idx))?, self.string(m.name_idx)?))
    }
}

/// `Lcom/example/Foo$Bar;` → `com.example.Foo$Bar` (for people); other descriptors are returned as they are.
pub fn java_name(descriptor: &str) -> String {
    match descriptor.strip_prefix('L').and_then(|d| d.strip_suffix(';')) {
        Some(inner) => inner.replace('/', "."),
        None => descriptor.to_string(),
    }
}

#[cfg(test)]
pub(crate) mod tests;
