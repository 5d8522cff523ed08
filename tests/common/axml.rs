//! Android binary XML written by hand (chunk layouts from AOSP `ResourceTypes.h`), for manifests no build
//! tool would make: huge strings, thousands of attributes, deep nesting.

use super::zipgen::{put16, put32};

const RES_STRING_POOL_TYPE: u16 = 0x0001;
const RES_XML_TYPE: u16 = 0x0003;
const RES_XML_START_NAMESPACE_TYPE: u16 = 0x0100;
const RES_XML_START_ELEMENT_TYPE: u16 = 0x0102;
const RES_XML_END_ELEMENT_TYPE: u16 = 0x0103;
const RES_XML_RESOURCE_MAP_TYPE: u16 = 0x0180;
const UTF8_FLAG: u32 = 1 << 8;
const NO_STRING: u32 = 0xffff_ffff;

pub const ANDROID_NS: &str = "http://schemas.android.com/apk/res/android";
pub const TYPE_STRING: u8 = 0x03;
pub const TYPE_INT_DEC: u8 = 0x10;
pub const ATTR_NAME: u32 = 0x0101_0003;

pub struct Attr {
    pub ns: Option<u32>,
    pub name: u32,
    pub raw: Option<u32>,
    pub data_type: u8,
    pub data: u32,
}

/// Strings are added first (attribute names with a resource id first of all, as aapt does), then nodes.
pub struct AxmlBuilder {
    utf8: bool,
    strings: Vec<Vec<u16>>,
    res_ids: Vec<u32>,
    nodes: Vec<u8>,
}

impl AxmlBuilder {
    /// `ids`: attribute names that carry a framework resource id, e.g. `("name", 0x01010003)`.
    pub fn new(utf8: bool, ids: &[(&str, u32)]) -> Self {
        let mut b = Self { utf8, strings: Vec::new(), res_ids: Vec::new(), nodes: Vec::new() };
        for (name, id) in ids {
            b.string(name);
            b.res_ids.push(*id);
        }
        b
    }

    /// Index of `s` in the pool, added if new.
    pub fn string(&mut self, s: &str) -> u32 {
        let units: Vec<u16> = s.encode_utf16().collect();
        if let Some(i) = self.strings.iter().position(|x| *x == units) {
            return i as u32;
        }
        self.push_string_units(units)
    }

    /// Adds a string without looking for an equal one (fast for pools of many distinct strings).
    pub fn push_string(&mut self, s: &str) -> u32 {
        self.push_string_units(s.encode_utf16().collect())
    }

    fn push_string_units(&mut self, units: Vec<u16>) -> u32 {
        self.strings.push(units);
        (self.strings.len() - 1) as u32
    }

    pub fn start_namespace(&mut self, prefix: u32, uri: u32) {
        put16(&mut self.nodes, RES_XML_START_NAMESPACE_TYPE);
        put16(&mut self.nodes, 16);
        put32(&mut self.nodes, 24);
        put32(&mut self.nodes, 1); // line
        put32(&mut self.nodes, NO_STRING); // comment
        put32(&mut self.nodes, prefix);
        put32(&mut self.nodes, uri);
    }

    pub fn start_element(&mut self, name: u32, attrs: &[Attr]) {
        let size = 16 + 20 + 20 * attrs.len();
        put16(&mut self.nodes, RES_XML_START_ELEMENT_TYPE);
        put16(&mut self.nodes, 16);
        put32(&mut self.nodes, u32::try_from(size).expect("element under 4 GiB"));
        put32(&mut self.nodes, 1); // line
        put32(&mut self.nodes, NO_STRING); // comment
        put32(&mut self.nodes, NO_STRING); // ns
        put32(&mut self.nodes, name);
        put16(&mut self.nodes, 20); // attributeStart
        put16(&mut self.nodes, 20); // attributeSize
        put16(&mut self.nodes, u16::try_from(attrs.len()).expect("at most 65535 attributes"));
        put16(&mut self.nodes, 0); // idIndex
        put16(&mut self.nodes, 0); // classIndex
        put16(&mut self.nodes, 0); // styleIndex
        for a in attrs {
            put32(&mut self.nodes, a.ns.unwrap_or(NO_STRING));
            put32(&mut self.nodes, a.name);
            put32(&mut self.nodes, a.raw.unwrap_or(NO_STRING));
            put16(&mut self.nodes, 8); // Res_value size
            self.nodes.push(0);
            self.nodes.push(a.data_type);
            put32(&mut self.nodes, a.data);
        }
    }

    pub fn end_element(&mut self, name: u32) {
        put16(&mut self.nodes, RES_XML_END_ELEMENT_TYPE);
        put16(&mut self.nodes, 16);
        put32(&mut self.nodes, 24);
        put32(&mut self.nodes, 1);
        put32(&mut self.nodes, NO_STRING);
        put32(&mut self.nodes, NO_STRING);
        put32(&mut self.nodes, name);
    }

    pub fn finish(self) -> Vec<u8> {
        let pool = string_pool(&self.strings, self.utf8);
        let mut map = Vec::new();
        put16(&mut map, RES_XML_RESOURCE_MAP_TYPE);
        put16(&mut map, 8);
        put32(&mut map, 8 + 4 * self.res_ids.len() as u32);
        for id in &self.res_ids {
            put32(&mut map, *id);
        }
        let total = 8 + pool.len() + map.len() + self.nodes.len();
        let mut out = Vec::with_capacity(total);
        put16(&mut out, RES_XML_TYPE);
        put16(&mut out, 8);
        put32(&mut out, u32::try_from(total).expect("document under 4 GiB"));
        out.extend_from_slice(&pool);
        out.extend_from_slice(&map);
        out.extend_from_slice(&self.nodes);
        out
    }
}

fn string_pool(strings: &[Vec<u16>], utf8: bool) -> Vec<u8> {
    let mut data = Vec::new();
    let mut offsets = Vec::with_capacity(strings.len());
    for units in strings {
        offsets.push(u32::try_from(data.len()).expect("pool under 4 GiB"));
        if utf8 {
            let text = String::from_utf16_lossy(units);
            put_utf8_len(&mut data, units.len());
            put_utf8_len(&mut data, text.len());
            data.extend_from_slice(text.as_bytes());
            data.push(0);
        } else {
            let n = units.len();
            if n > 0x7fff {
                put16(&mut data, 0x8000 | (n >> 16) as u16);
            }
            put16(&mut data, (n & 0xffff) as u16);
            units.iter().for_each(|u| put16(&mut data, *u));
            put16(&mut data, 0);
        }
    }
    while data.len() % 4 != 0 {
        data.push(0);
    }
    let strings_start = 28 + 4 * strings.len();
    let mut chunk = Vec::with_capacity(strings_start + data.len());
    put16(&mut chunk, RES_STRING_POOL_TYPE);
    put16(&mut chunk, 28);
    put32(&mut chunk, u32::try_from(strings_start + data.len()).expect("pool under 4 GiB"));
    put32(&mut chunk, strings.len() as u32);
    put32(&mut chunk, 0); // styles
    put32(&mut chunk, if utf8 { UTF8_FLAG } else { 0 });
    put32(&mut chunk, strings_start as u32);
    put32(&mut chunk, 0);
    offsets.iter().for_each(|o| put32(&mut chunk, *o));
    chunk.extend_from_slice(&data);
    chunk
}

fn put_utf8_len(out: &mut Vec<u8>, n: usize) {
    assert!(n <= 0x7fff, "UTF-8 pool lengths stop at 0x7fff");
    if n > 0x7f {
        out.push(0x80 | (n >> 8) as u8);
    }
    out.push((n & 0xff) as u8);
}

/// `<manifest package=…>` with one `<uses-permission android:name=…/>` per name: a small valid manifest.
pub fn simple_manifest(package: &str, permissions: &[&str]) -> Vec<u8> {
    let mut b = AxmlBuilder::new(true, &[("name", ATTR_NAME)]);
    let android = b.string("android");
    let ns = b.string(ANDROID_NS);
    let manifest = b.string("manifest");
    let package_attr = b.string("package");
    let package_value = b.string(package);
    let uses = b.string("uses-permission");
    b.start_namespace(android, ns);
    b.start_element(
        manifest,
        &[Attr { ns: None, name: package_attr, raw: Some(package_value), data_type: TYPE_STRING, data: package_value }],
    );
    for p in permissions {
        let value = b.string(p);
        b.start_element(uses, &[Attr { ns: Some(ns), name: 0, raw: Some(value), data_type: TYPE_STRING, data: value }]);
        b.end_element(uses);
    }
    b.end_element(manifest);
    b.finish()
}
