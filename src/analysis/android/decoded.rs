//! A binary XML document written back as readable, indented XML text, for the report's technical details
//! (`report.decoded_files`): what a person would see had the developer's source been shipped.
//!
//! Each element is written as its evidence line is (`Document::element_text`: long elements are cut, values
//! quoted), with a closing tag after its children. The text is bounded: a hostile manifest can hold tens of
//! thousands of elements.

use crate::analysis::axml::Document;
use crate::analysis::report::DecodedFile;

/// Bytes of text kept per document; the rest is left out and `truncated` says so.
pub const MAX_DECODED_BYTES: usize = 512 * 1024;

pub fn render(path: &str, doc: &Document) -> DecodedFile {
    let mut text = String::new();
    let mut open: Vec<(u32, &str)> = Vec::new();
    let mut truncated = false;
    let elements = &doc.elements;
    for (index, element) in elements.iter().enumerate() {
        while let Some((depth, name)) = open.last().copied() {
            if depth < element.depth {
                break;
            }
            open.pop();
            push_line(&mut text, depth, &format!("</{name}>"));
        }
        let mut line = doc.element_text(element);
        if index == 0 {
            let declarations: String = doc.namespaces.iter().map(|(uri, prefix)| format!(" xmlns:{prefix}=\"{uri}\"")).collect();
            if let Some(at) = line.find([' ', '/', '>']) {
                line.insert_str(at, &declarations);
            }
        }
        let has_children = elements.get(index + 1).is_some_and(|next| next.parent == Some(index));
        if has_children && element.text.as_deref().is_none_or(|t| t.trim().is_empty()) {
            if let Some(stripped) = line.strip_suffix("/>") {
                line = format!("{stripped}>");
                open.push((element.depth, element.name.as_str()));
            }
        }
        push_line(&mut text, element.depth, &line);
        if text.len() > MAX_DECODED_BYTES {
            truncated = true;
            break;
        }
    }
    if truncated {
        let mut cut = MAX_DECODED_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n<!-- … cut here: the rest of the document is left out -->\n");
    } else {
        while let Some((depth, name)) = open.pop() {
            push_line(&mut text, depth, &format!("</{name}>"));
        }
    }
    DecodedFile { path: path.to_string(), text, truncated }
}

fn push_line(text: &mut String, depth: u32, line: &str) {
    for _ in 1..depth.min(64) {
        text.push_str("    ");
    }
    text.push_str(line);
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::axml::{Attribute, Element, Value};

    fn element(name: &str, depth: u32, parent: Option<usize>, attrs: &[(&str, &str)]) -> Element {
        Element {
            namespace: None,
            name: name.into(),
            depth,
            parent,
            line: 1,
            attributes: attrs
                .iter()
                .map(|(n, v)| Attribute {
                    namespace: Some("http://schemas.android.com/apk/res/android".into()),
                    name: (*n).into(),
                    resource_id: None,
                    raw: None,
                    value: Value::String((*v).into()),
                })
                .collect(),
            text: None,
        }
    }

    #[test]
    fn nested_elements_get_closing_tags_and_indentation() {
        let doc = Document {
            elements: vec![
                element("manifest", 1, None, &[]),
                element("uses-permission", 2, Some(0), &[("name", "android.permission.CAMERA")]),
                element("application", 2, Some(0), &[("label", "Torch")]),
                element("activity", 3, Some(2), &[("name", ".Main")]),
                element("queries", 2, Some(0), &[]),
            ],
            namespaces: vec![("http://schemas.android.com/apk/res/android".into(), "android".into())],
            ..Document::default()
        };
        let out = render("AndroidManifest.xml", &doc);
        assert!(!out.truncated);
        assert_eq!(
            out.text,
            "<manifest xmlns:android=\"http://schemas.android.com/apk/res/android\">\n\
             \x20   <uses-permission android:name=\"android.permission.CAMERA\"/>\n\
             \x20   <application android:label=\"Torch\">\n\
             \x20       <activity android:name=\".Main\"/>\n\
             \x20   </application>\n\
             \x20   <queries/>\n\
             </manifest>\n"
        );
    }

    #[test]
    fn huge_documents_are_cut() {
        let mut elements = vec![element("manifest", 1, None, &[])];
        for _ in 0..20_000 {
            elements.push(element("uses-permission", 2, Some(0), &[("name", &"x".repeat(100))]));
        }
        let out = render("AndroidManifest.xml", &Document { elements, ..Document::default() });
        assert!(out.truncated);
        assert!(out.text.len() < MAX_DECODED_BYTES + 100);
        assert!(out.text.ends_with("left out -->\n"));
    }
}
