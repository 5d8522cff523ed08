//! Chunk and value type constants of Android's binary XML, as named in AOSP
//! `frameworks/base/libs/androidfw/include/androidfw/ResourceTypes.h`.

pub const RES_NULL_TYPE: u16 = 0x0000;
pub const RES_STRING_POOL_TYPE: u16 = 0x0001;
pub const RES_XML_TYPE: u16 = 0x0003;
pub const RES_XML_START_NAMESPACE_TYPE: u16 = 0x0100;
pub const RES_XML_END_NAMESPACE_TYPE: u16 = 0x0101;
pub const RES_XML_START_ELEMENT_TYPE: u16 = 0x0102;
pub const RES_XML_END_ELEMENT_TYPE: u16 = 0x0103;
pub const RES_XML_CDATA_TYPE: u16 = 0x0104;
pub const RES_XML_FIRST_CHUNK_TYPE: u16 = 0x0100;
pub const RES_XML_LAST_CHUNK_TYPE: u16 = 0x017f;
pub const RES_XML_RESOURCE_MAP_TYPE: u16 = 0x0180;

/// `ResChunk_header`: type, headerSize, size.
pub const CHUNK_HEADER_SIZE: usize = 8;
/// `ResXMLTree_node`: chunk header + lineNumber + comment.
pub const XML_NODE_SIZE: usize = 16;
/// `ResXMLTree_attrExt`: ns, name, attributeStart, attributeSize, attributeCount, idIndex, classIndex, styleIndex.
pub const ATTR_EXT_SIZE: usize = 20;
/// `ResXMLTree_endElementExt` and `ResXMLTree_namespaceExt`: two string references.
pub const PAIR_EXT_SIZE: usize = 8;
/// `ResXMLTree_cdataExt`: data reference + `Res_value`.
pub const CDATA_EXT_SIZE: usize = 12;
/// `ResXMLTree_attribute`: ns, name, rawValue, `Res_value` (size, res0, dataType, data).
pub const ATTRIBUTE_SIZE: usize = 20;
/// `ResStringPool_header`: chunk header + stringCount, styleCount, flags, stringsStart, stylesStart.
pub const STRING_POOL_HEADER_SIZE: usize = 28;

pub const STRING_POOL_UTF8_FLAG: u32 = 1 << 8;
/// String references use this for "none".
pub const NO_STRING: u32 = 0xffff_ffff;

// Res_value data types.
pub const TYPE_NULL: u8 = 0x00;
pub const TYPE_REFERENCE: u8 = 0x01;
pub const TYPE_ATTRIBUTE: u8 = 0x02;
pub const TYPE_STRING: u8 = 0x03;
pub const TYPE_FLOAT: u8 = 0x04;
pub const TYPE_DIMENSION: u8 = 0x05;
pub const TYPE_FRACTION: u8 = 0x06;
pub const TYPE_DYNAMIC_REFERENCE: u8 = 0x07;
pub const TYPE_DYNAMIC_ATTRIBUTE: u8 = 0x08;
pub const TYPE_INT_DEC: u8 = 0x10;
pub const TYPE_INT_HEX: u8 = 0x11;
pub const TYPE_INT_BOOLEAN: u8 = 0x12;
pub const TYPE_FIRST_COLOR_INT: u8 = 0x1c;
pub const TYPE_LAST_COLOR_INT: u8 = 0x1f;
