//! Typed attribute values (`Res_value`), kept as Android stores them.

use std::fmt;

use super::consts::*;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    /// `@0x7f0b0001`: a resource the manifest points at (a string, an icon...).
    Reference(u32),
    /// `?0x01010000`: a theme attribute.
    Attribute(u32),
    String(String),
    Float(f32),
    IntDec(i32),
    IntHex(u32),
    Bool(bool),
    Color(u32),
    /// Dimension, fraction and any type this version does not interpret.
    Other { data_type: u8, data: u32 },
}

impl Value {
    pub fn from_typed(data_type: u8, data: u32, string: impl FnOnce(u32) -> Option<String>) -> Self {
        match data_type {
            TYPE_NULL => Value::Null,
            TYPE_REFERENCE | TYPE_DYNAMIC_REFERENCE => Value::Reference(data),
            TYPE_ATTRIBUTE | TYPE_DYNAMIC_ATTRIBUTE => Value::Attribute(data),
            TYPE_STRING => string(data).map_or(Value::Null, Value::String),
            TYPE_FLOAT => Value::Float(f32::from_bits(data)),
            TYPE_INT_DEC => Value::IntDec(data as i32),
            TYPE_INT_HEX => Value::IntHex(data),
            TYPE_INT_BOOLEAN => Value::Bool(data != 0),
            TYPE_FIRST_COLOR_INT..=TYPE_LAST_COLOR_INT => Value::Color(data),
            _ => Value::Other { data_type, data },
        }
    }

    /// The value as an integer, the way Android's `TypedArray.getInt` reads it (strings that hold a number
    /// count too: some build tools write `versionCode` as text).
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::IntDec(v) => Some(i64::from(*v)),
            Value::IntHex(v) | Value::Color(v) => Some(i64::from(*v as i32)),
            Value::Bool(b) => Some(i64::from(*b)),
            Value::String(s) => parse_int(s),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

fn parse_int(s: &str) -> Option<i64> {
    let t = s.trim();
    match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        Some(hex) => i64::from_str_radix(hex, 16).ok(),
        None => t.parse().ok(),
    }
}

/// Written the way `aapt dump xmltree` would let a person recognise it.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str(""),
            Value::Reference(id) => write!(f, "@0x{id:08x}"),
            Value::Attribute(id) => write!(f, "?0x{id:08x}"),
            Value::String(s) => f.write_str(s),
            Value::Float(v) => write!(f, "{v}"),
            Value::IntDec(v) => write!(f, "{v}"),
            Value::IntHex(v) => write!(f, "0x{v:x}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Color(v) => write!(f, "#{v:08x}"),
            Value::Other { data_type, data } => write!(f, "(type 0x{data_type:02x})0x{data:x}"),
        }
    }
}
