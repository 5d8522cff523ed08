//! resources.arsc layout constants, as named in AOSP `libs/androidfw/include/androidfw/ResourceTypes.h`.

pub const RES_TABLE_TYPE: u16 = 0x0002;
pub const RES_STRING_POOL_TYPE: u16 = 0x0001;
pub const RES_TABLE_PACKAGE_TYPE: u16 = 0x0200;
pub const RES_TABLE_TYPE_TYPE: u16 = 0x0201;

/// `ResTable_header`: chunk header + packageCount.
pub const TABLE_HEADER_SIZE: usize = 12;
/// `ResTable_package` up to and including `lastPublicKey` (older tables stop there).
pub const PACKAGE_HEADER_MIN: usize = 284;
/// `ResTable_type` before its `ResTable_config`: chunk header, id, flags, reserved, entryCount, entriesStart.
pub const TYPE_HEADER_FIXED: usize = 20;

// ResTable_type::flags
pub const FLAG_SPARSE: u8 = 0x01;
pub const FLAG_OFFSET16: u8 = 0x02;

// ResTable_entry::flags
pub const ENTRY_FLAG_COMPLEX: u16 = 0x0001;
/// API 35 compact entries: 8 bytes, the key index in the size field, the value type in the flags' high byte.
pub const ENTRY_FLAG_COMPACT: u16 = 0x0008;

pub const NO_ENTRY_32: u32 = 0xffff_ffff;
pub const NO_ENTRY_16: u16 = 0xffff;

// ResTable_config::density
pub const DENSITY_DEFAULT: u16 = 0;
pub const DENSITY_MEDIUM: u16 = 160;
pub const DENSITY_ANY: u16 = 0xfffe;
pub const DENSITY_NONE: u16 = 0xffff;
