//! Property lists (Info.plist, privacy manifests, entitlements, provisioning profiles) in XML, binary
//! (`bplist00`) or old ASCII form, read with the `plist` crate's event stream under our own bounds.
//!
//! The bounds matter for binary plists: objects are shared by reference, so a few hundred bytes can
//! describe an array holding itself twice, forty levels deep (2⁴⁰ values once expanded). The crate
//! rejects cycles but not such sharing, so we count every event, every string and data byte, and the
//! nesting depth (which also keeps the recursive `Drop` of a `Value` shallow).

use std::io::Cursor;

use plist::stream::{Event, Reader};
use plist::Value;

use crate::analysis::error::{Error, Result};

#[derive(Clone, Copy, Debug)]
pub struct PlistLimits {
    /// Events (values, collection starts and ends) in one plist.
    pub max_events: u64,
    /// String and data bytes in one plist, counted every time a shared object is expanded.
    pub max_bytes: u64,
    /// Nested arrays and dictionaries.
    pub max_depth: u32,
}

impl Default for PlistLimits {
    fn default() -> Self {
        // A large real Info.plist has a few thousand events and well under a megabyte of text.
        Self { max_events: 1_000_000, max_bytes: 64 * 1024 * 1024, max_depth: 64 }
    }
}

/// Why the bounded event stream stopped early.
#[derive(Default)]
struct Budget {
    exceeded: Option<String>,
}

/// Parses a whole plist. `part` names it in errors (the entry path).
pub fn parse(bytes: &[u8], part: &str, limits: PlistLimits) -> Result<Value> {
    let mut budget = Budget::default();
    let mut events = 0u64;
    let mut text_bytes = 0u64;
    let mut depth = 0u32;
    let mut reader = Reader::new(Cursor::new(bytes));
    let bounded = std::iter::from_fn(|| {
        if budget.exceeded.is_some() {
            return None;
        }
        let event = reader.next()?;
        events += 1;
        let mut over = |why: String| {
            budget.exceeded = Some(why);
        };
        if events > limits.max_events {
            over(format!("holds more than {} values", limits.max_events));
            return None;
        }
        match &event {
            Ok(Event::StartArray(_) | Event::StartDictionary(_)) => {
                depth += 1;
                if depth > limits.max_depth {
                    over(format!("nests deeper than {} levels", limits.max_depth));
                    return None;
                }
            }
            Ok(Event::EndCollection) => depth = depth.saturating_sub(1),
            Ok(Event::String(s)) => text_bytes = text_bytes.saturating_add(s.len() as u64),
            Ok(Event::Data(d)) => text_bytes = text_bytes.saturating_add(d.len() as u64),
            _ => {}
        }
        if text_bytes > limits.max_bytes {
            over(format!("expands to more than {} bytes of text and data", limits.max_bytes));
            return None;
        }
        Some(event)
    });
    let result = Value::from_events(bounded);
    if let Some(why) = budget.exceeded {
        return Err(Error::limit(part, format!("property list {why}; not read further")));
    }
    result.map_err(|e| Error::malformed(part, format!("not a readable property list: {e}")))
}

/// A dictionary value's string at `key`.
pub fn string<'v>(dict: &'v plist::Dictionary, key: &str) -> Option<&'v str> {
    dict.get(key).and_then(Value::as_string)
}

pub fn boolean(dict: &plist::Dictionary, key: &str) -> Option<bool> {
    dict.get(key).and_then(Value::as_boolean)
}

/// Strings of an array value (non-strings skipped); a lone string counts as a one-element array, as
/// several Apple keys accept both.
pub fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_string).map(str::to_string).collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// The value as JSON: dates as RFC 3339 strings, data as base64, UIDs as numbers.
pub fn to_json(value: &Value) -> serde_json::Value {
    use base64::Engine as _;
    match value {
        Value::Array(a) => serde_json::Value::Array(a.iter().map(to_json).collect()),
        Value::Dictionary(d) => serde_json::Value::Object(d.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
        Value::Boolean(b) => serde_json::Value::Bool(*b),
        Value::Data(d) => serde_json::Value::String(base64::engine::general_purpose::STANDARD.encode(d)),
        Value::Date(d) => serde_json::Value::String(d.to_xml_format()),
        Value::Real(r) => serde_json::Number::from_f64(*r).map_or(serde_json::Value::Null, serde_json::Value::Number),
        Value::Integer(i) => i
            .as_signed()
            .map(serde_json::Value::from)
            .or_else(|| i.as_unsigned().map(serde_json::Value::from))
            .unwrap_or(serde_json::Value::Null),
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Uid(u) => serde_json::Value::from(u.get()),
        _ => serde_json::Value::Null,
    }
}

/// A short one-line rendering for evidence text, e.g. `<key>K</key><string>V</string>`.
pub fn evidence(key: &str, value: &Value) -> String {
    let rendered = match value {
        Value::String(s) => format!("<string>{s}</string>"),
        Value::Boolean(true) => "<true/>".into(),
        Value::Boolean(false) => "<false/>".into(),
        other => to_json(other).to_string(),
    };
    format!("<key>{key}</key>{rendered}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_xml_and_binary() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>CFBundleIdentifier</key><string>a.b</string><key>N</key><integer>3</integer></dict></plist>"#;
        let v = parse(xml, "Info.plist", PlistLimits::default()).unwrap();
        assert_eq!(string(v.as_dictionary().unwrap(), "CFBundleIdentifier"), Some("a.b"));
        let mut bin = Vec::new();
        v.to_writer_binary(&mut bin).unwrap();
        assert!(bin.starts_with(b"bplist00"));
        assert_eq!(parse(&bin, "Info.plist", PlistLimits::default()).unwrap(), v);
    }

    /// A binary plist whose array refers to the same child array twice at every level: 2^depth leaves.
    fn shared_reference_bomb(levels: u8) -> Vec<u8> {
        let mut out = b"bplist00".to_vec();
        let mut offsets = Vec::new();
        // Object 0: a string leaf. Object n: an array [n-1, n-1].
        offsets.push(out.len());
        out.extend_from_slice(&[0x51, b'x']);
        for n in 1..=levels {
            offsets.push(out.len());
            out.extend_from_slice(&[0xa2, n - 1, n - 1]);
        }
        let table = out.len();
        for o in &offsets {
            out.extend_from_slice(&(*o as u16).to_be_bytes());
        }
        out.extend_from_slice(&[0; 6]);
        out.push(2); // offset size
        out.push(1); // ref size
        out.extend_from_slice(&(offsets.len() as u64).to_be_bytes());
        out.extend_from_slice(&(levels as u64).to_be_bytes()); // root
        out.extend_from_slice(&(table as u64).to_be_bytes());
        out
    }

    #[test]
    fn shared_references_cannot_explode() {
        let small = parse(&shared_reference_bomb(3), "x", PlistLimits::default()).unwrap();
        assert_eq!(small.as_array().unwrap().len(), 2);
        let err = parse(&shared_reference_bomb(40), "x", PlistLimits::default()).unwrap_err();
        assert_eq!(err.kind, crate::analysis::ErrorKind::Limit, "{err}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let mut xml = String::from("<plist>");
        for _ in 0..10_000 {
            xml.push_str("<array>");
        }
        let err = parse(xml.as_bytes(), "x", PlistLimits::default()).unwrap_err();
        assert_eq!(err.kind, crate::analysis::ErrorKind::Limit, "{err}");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [&b""[..], b"bplist00", b"bplist00\xff\xff", b"<plist><dict><key>a</key></plist>", b"\x00\x01"] {
            assert!(parse(bytes, "x", PlistLimits::default()).is_err(), "{bytes:?}");
        }
    }
}
