//! Layout constants of the Dalvik Executable format, named as in the spec
//! (<https://source.android.com/docs/core/runtime/dex-format>) and AOSP `libdexfile/dex/dex_file_structs.h`.

/// `dex\n`, then a three-digit version and a NUL.
pub const DEX_FILE_MAGIC: &[u8; 4] = b"dex\n";
/// Versions Android has defined: 035 (all), 037 (7.0), 038 (8.0), 039 (9.0), 040 (14), 041 (15, containers).
pub const MIN_VERSION: u16 = 35;
pub const MAX_VERSION: u16 = 41;
/// From version 041 a DEX file may be a container of several DEX files, each with a longer header.
pub const CONTAINER_VERSION: u16 = 41;

pub const ENDIAN_CONSTANT: u32 = 0x1234_5678;
pub const REVERSE_ENDIAN_CONSTANT: u32 = 0x7856_3412;

/// `header_item` sizes: versions up to 040, then 041 with `container_size` and `header_offset`.
pub const HEADER_SIZE: usize = 0x70;
pub const HEADER_SIZE_V41: usize = 0x78;

// Offsets of `header_item` fields.
pub const FILE_SIZE: usize = 0x20;
pub const HEADER_SIZE_FIELD: usize = 0x24;
pub const ENDIAN_TAG: usize = 0x28;
pub const MAP_OFF: usize = 0x34;
pub const STRING_IDS_SIZE: usize = 0x38;
pub const TYPE_IDS_SIZE: usize = 0x40;
pub const PROTO_IDS_SIZE: usize = 0x48;
pub const FIELD_IDS_SIZE: usize = 0x50;
pub const METHOD_IDS_SIZE: usize = 0x58;
pub const CLASS_DEFS_SIZE: usize = 0x60;
pub const CONTAINER_SIZE: usize = 0x70;
pub const HEADER_OFFSET: usize = 0x74;

/// Sizes of the fixed-size id items.
pub const STRING_ID_ITEM_SIZE: usize = 4;
pub const TYPE_ID_ITEM_SIZE: usize = 4;
pub const PROTO_ID_ITEM_SIZE: usize = 12;
pub const FIELD_ID_ITEM_SIZE: usize = 8;
pub const METHOD_ID_ITEM_SIZE: usize = 8;
pub const CLASS_DEF_ITEM_SIZE: usize = 32;
pub const MAP_ITEM_SIZE: usize = 12;

// `map_item.type` codes for the sections the header also describes.
pub const TYPE_HEADER_ITEM: u16 = 0x0000;
pub const TYPE_STRING_ID_ITEM: u16 = 0x0001;
pub const TYPE_TYPE_ID_ITEM: u16 = 0x0002;
pub const TYPE_PROTO_ID_ITEM: u16 = 0x0003;
pub const TYPE_FIELD_ID_ITEM: u16 = 0x0004;
pub const TYPE_METHOD_ID_ITEM: u16 = 0x0005;
pub const TYPE_CLASS_DEF_ITEM: u16 = 0x0006;
pub const TYPE_MAP_LIST: u16 = 0x1000;

/// `NO_INDEX`: "no superclass", "no source file".
pub const NO_INDEX: u32 = 0xffff_ffff;
