//! aapt2's protobuf XML (`XmlNode` in frameworks/base tools/aapt2/Resources.proto), as App Bundles store
//! `AndroidManifest.xml` and `res/xml/*`, turned into the same `Document` the binary-XML parser gives, so the
//! manifest reader and every rule work unchanged on bundles.

use crate::analysis::axml::{Attribute, AxmlLimits, Document, Element, Value};
use crate::analysis::error::{Error, Result};
use crate::analysis::protobuf::{field, fields, FieldValue};

const PART: &str = "protobuf XML";
/// Manifests nest a few levels; a hostile file nesting deeper is cut off rather than recursed into.
const MAX_DEPTH: u32 = 64;
/// Character data kept per element, as for binary XML.
const MAX_TEXT: usize = 64 * 1024;

pub fn parse(data: &[u8], limits: AxmlLimits) -> Result<Document> {
    let mut doc = Document::default();
    let root = field(data, 1).and_then(FieldValue::as_bytes).ok_or_else(|| Error::malformed(PART, "no root element"))?;
    element(root, None, 1, limits, &mut doc)?;
    Ok(doc)
}

fn element(msg: &[u8], parent: Option<usize>, depth: u32, limits: AxmlLimits, doc: &mut Document) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(Error::limit(PART, format!("elements nested deeper than {MAX_DEPTH}")));
    }
    if doc.elements.len() >= limits.max_elements {
        return Err(Error::limit(PART, format!("more than {} elements", limits.max_elements)));
    }
    let index = doc.elements.len();
    doc.elements.push(Element { namespace: None, name: String::new(), depth, parent, line: 0, attributes: Vec::new(), text: None });
    let mut children = Vec::new();
    for item in fields(msg) {
        let (number, value) = item?;
        match (number, value) {
            (1, FieldValue::Bytes(ns)) => {
                let prefix = field(ns, 1).and_then(FieldValue::as_str).unwrap_or_default();
                let uri = field(ns, 2).and_then(FieldValue::as_str).unwrap_or_default();
                if !doc.namespaces.iter().any(|(u, _)| *u == uri) {
                    doc.namespaces.push((uri, prefix));
                }
            }
            (2, v) => set(doc, index, |e| e.namespace = v.as_str().filter(|s| !s.is_empty())),
            (3, v) => set(doc, index, |e| e.name = v.as_str().unwrap_or_default()),
            (4, FieldValue::Bytes(a)) => {
                let attr = attribute(a)?;
                set(doc, index, |e| e.attributes.push(attr));
            }
            (5, FieldValue::Bytes(node)) => children.push(node),
            _ => {}
        }
    }
    for node in children {
        // A child node is an element (field 1) or text (field 2: the domains of a network security config).
        if let Some(text) = field(node, 2).and_then(FieldValue::as_str) {
            set(doc, index, |e| {
                let kept = e.text.get_or_insert_with(String::new);
                if kept.len().saturating_add(text.len()) <= MAX_TEXT {
                    kept.push_str(&text);
                }
            });
        }
        if let Some(child) = field(node, 1).and_then(FieldValue::as_bytes) {
            let line = field(node, 3).and_then(FieldValue::as_bytes).and_then(|pos| field(pos, 1)).and_then(FieldValue::as_u64);
            let child_index = doc.elements.len();
            element(child, Some(index), depth + 1, limits, doc)?;
            if let (Some(line), Some(e)) = (line, doc.elements.get_mut(child_index)) {
                e.line = u32::try_from(line).unwrap_or(0);
            }
        }
    }
    Ok(())
}

fn set(doc: &mut Document, index: usize, f: impl FnOnce(&mut Element)) {
    if let Some(e) = doc.elements.get_mut(index) {
        f(e);
    }
}

fn attribute(msg: &[u8]) -> Result<Attribute> {
    let mut a = Attribute { namespace: None, name: String::new(), resource_id: None, raw: None, value: Value::Null };
    let mut compiled = None;
    for item in fields(msg) {
        let (number, value) = item?;
        match number {
            1 => a.namespace = value.as_str().filter(|s| !s.is_empty()),
            2 => a.name = value.as_str().unwrap_or_default(),
            3 => a.raw = value.as_str(),
            5 => a.resource_id = value.as_u64().and_then(|v| u32::try_from(v).ok()).filter(|v| *v != 0),
            6 => compiled = value.as_bytes(),
            _ => {}
        }
    }
    a.value = match compiled {
        Some(item_msg) => item(item_msg),
        None => a.raw.clone().map_or(Value::Null, Value::String),
    };
    Ok(a)
}

/// `Item`: a reference, a string, a file or a primitive (`Res_value`).
pub fn item(msg: &[u8]) -> Value {
    for (number, value) in fields(msg).filter_map(Result::ok) {
        let Some(inner) = value.as_bytes() else { continue };
        match number {
            1 => {
                let id = field(inner, 2).and_then(FieldValue::as_u64).unwrap_or(0) as u32;
                let is_attribute = field(inner, 1).and_then(FieldValue::as_u64) == Some(1);
                return if is_attribute { Value::Attribute(id) } else { Value::Reference(id) };
            }
            // String, RawString, StyledString and FileReference all keep their text in field 1.
            2..=5 => return Value::String(field(inner, 1).and_then(FieldValue::as_str).unwrap_or_default()),
            7 => return primitive(inner),
            _ => {}
        }
    }
    Value::Null
}

/// `Primitive` exists in two generations: the first had `type`/`data` varints (fields 1, 2) copying
/// `Res_value`; the current one is a oneof whose fields 1 and 2 are empty messages (null, empty).
fn primitive(msg: &[u8]) -> Value {
    let all: Vec<(u32, FieldValue<'_>)> = fields(msg).filter_map(Result::ok).collect();
    let varint = |n: u32| all.iter().find(|(k, _)| *k == n).and_then(|(_, v)| match v {
        FieldValue::Varint(x) => Some(*x),
        _ => None,
    });
    if let (Some(data_type), data) = (varint(1), varint(2)) {
        return Value::from_typed(data_type as u8, data.unwrap_or(0) as u32, |_| None);
    }
    for (number, value) in &all {
        let bits = value.as_u64().unwrap_or(0) as u32;
        return match number {
            3 => Value::Float(f32::from_bits(bits)),
            6 => Value::IntDec(bits as i32),
            7 => Value::IntHex(bits),
            8 => Value::Bool(bits != 0),
            9..=12 => Value::Color(bits),
            _ => continue,
        };
    }
    Value::Null
}
