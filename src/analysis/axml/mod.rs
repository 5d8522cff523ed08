//! Android binary XML (AXML), as stored for `AndroidManifest.xml` and `res/xml/*` inside an APK.
//!
//! Follows AOSP `ResXMLTree::setTo` and `ResXMLParser::nextNode` (libs/androidfw/ResourceTypes.cpp), so that
//! AppLens reads what the platform reads: string pools and the resource map come before the first node and
//! the last of each wins; unknown chunk types among nodes are skipped; an element's attributes must fit in
//! its chunk. Where Android would refuse the document, we keep every element read so far and report the
//! problem as a warning instead, because a partial manifest still tells a person a lot.

pub mod consts;
pub mod string_pool;
pub mod value;

use consts::*;
use string_pool::StringPool;
pub use value::Value;

use super::bytes::{u16_at, u32_at, u8_at};
use super::error::{Error, ErrorKind, Result};

const PART: &str = "binary XML";
/// Bytes of character data kept per element (domain names and pins in a network security config are short).
const MAX_ELEMENT_CDATA: usize = 64 * 1024;

/// Parser bounds. The values live with all the others in `analysis/limits.rs`.
#[derive(Clone, Copy, Debug)]
pub struct AxmlLimits {
    pub max_strings: u32,
    pub max_elements: usize,
    pub max_attributes: usize,
    /// Bytes of text decoded from the string pool for one document, counting every reference anew: a
    /// pool string is copied into each attribute that names it, so a small document whose attributes all
    /// name one long string would otherwise decode to gigabytes.
    pub max_text_bytes: usize,
    /// Distinct namespace URIs remembered for writing prefixes.
    pub max_namespaces: usize,
}

impl Default for AxmlLimits {
    fn default() -> Self {
        super::limits::Limits::default().axml
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub namespace: Option<String>,
    pub name: String,
    /// The framework attribute id from the resource map (`android:name` is 0x01010003). Android matches
    /// attributes by this id, not by their name string, which obfuscators rename freely.
    pub resource_id: Option<u32>,
    /// The original text, when the compiler kept it.
    pub raw: Option<String>,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    pub namespace: Option<String>,
    pub name: String,
    /// 1 for the root element.
    pub depth: u32,
    pub parent: Option<usize>,
    pub line: u32,
    pub attributes: Vec<Attribute>,
    /// Text directly inside the element (CDATA nodes joined), e.g. the domain in a network security config's
    /// `<domain>example.com</domain>`; `None` when there is none.
    pub text: Option<String>,
}

/// The elements of a document in document order; a partial document when `error` is set.
#[derive(Clone, Debug, Default)]
pub struct Document {
    pub elements: Vec<Element>,
    /// Namespace prefixes seen, by URI (for writing evidence in familiar `android:` form).
    pub namespaces: Vec<(String, String)>,
    /// Problems met on the way; the elements before them are still valid.
    pub warnings: Vec<Error>,
    /// The walk stopped before the end of the document (a malformed chunk or a limit): elements after
    /// that point, permissions among them, are missing.
    pub stopped_early: bool,
    /// Oddities that Android tolerates but that break other analysers (declared sizes that lie, hidden
    /// chunks, non-standard record sizes): each a plain sentence, reported as an anti-analysis finding.
    pub tricks: Vec<String>,
}

/// Evidence is for people to read: an element's text is cut here, so a hostile element (a 32 KiB name,
/// thousands of attributes, quotes that escape to six bytes each) cannot multiply its size in the report.
pub const MAX_ELEMENT_TEXT: usize = 512;

impl Document {
    pub fn root(&self) -> Option<&Element> {
        self.elements.first()
    }

    /// Children of element `index`, in order.
    pub fn children(&self, index: usize) -> impl Iterator<Item = (usize, &Element)> {
        self.elements.iter().enumerate().filter(move |(_, e)| e.parent == Some(index))
    }

    pub fn prefix_of(&self, uri: &str) -> Option<&str> {
        self.namespaces.iter().find(|(u, _)| u == uri).map(|(_, p)| p.as_str())
    }

    /// The element written as one line of XML, e.g. `<uses-permission android:name="…"/>`, for evidence;
    /// past `MAX_ELEMENT_TEXT` bytes it ends in `…/>`.
    pub fn element_text(&self, element: &Element) -> String {
        let mut out = String::from("<");
        let mut cut = !push_cut(&mut out, &element.name, false);
        for attr in &element.attributes {
            if cut {
                break;
            }
            let prefix = attr.namespace.as_deref().and_then(|ns| self.prefix_of(ns));
            let shown: std::borrow::Cow<'_, str> = match (&attr.value, &attr.raw) {
                (Value::String(s), _) => s.into(),
                (_, Some(raw)) => raw.into(),
                (v, None) => v.to_string().into(),
            };
            // Each piece stops at the bound, and the first that does ends the element.
            cut = !(push_cut(&mut out, " ", false)
                && prefix.is_none_or(|p| push_cut(&mut out, p, false) && push_cut(&mut out, ":", false))
                && push_cut(&mut out, &attr.name, false)
                && push_cut(&mut out, "=\"", false)
                && push_cut(&mut out, &shown, true)
                && push_cut(&mut out, "\"", false));
        }
        if cut {
            out.push('…');
        }
        // Text content (a network security config's domain, a pin) is part of the evidence; layout whitespace is not.
        match element.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => out.push_str(&format!(">{text}</{}>", element.name)),
            None => out.push_str("/>"),
        }
        out
    }
}

/// Appends `text` (quotes escaped when `escape`) while `out` stays within `MAX_ELEMENT_TEXT`; false if
/// it had to stop.
fn push_cut(out: &mut String, text: &str, escape: bool) -> bool {
    for c in text.chars() {
        let piece_len = if escape && c == '"' { 6 } else { c.len_utf8() };
        if out.len() + piece_len > MAX_ELEMENT_TEXT {
            return false;
        }
        if escape && c == '"' {
            out.push_str("&quot;");
        } else {
            out.push(c);
        }
    }
    true
}

impl Element {
    /// Finds an attribute the way Android does: by framework resource id; only attributes without an id
    /// are matched by name (so a renamed `android:name` string cannot hide or fake a value).
    pub fn attr(&self, resource_id: u32, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.resource_id == Some(resource_id))
            .or_else(|| self.attributes.iter().find(|a| a.resource_id.is_none() && a.name == name))
    }

    /// An attribute without namespace matched by name, like `package` on `<manifest>`.
    pub fn plain_attr(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.namespace.is_none() && a.name == name)
    }
}

/// Parses a binary XML document. Fails only when not even the document header can be read; every later
/// problem ends the walk with a warning and returns what was read.
pub fn parse(data: &[u8], limits: AxmlLimits) -> Result<Document> {
    let doc_type = u16_at(data, 0, PART)?;
    let header_size = usize::from(u16_at(data, 2, PART)?);
    let declared_size = u32_at(data, 4, PART)? as usize;
    let mut doc = Document::default();
    if doc_type != RES_XML_TYPE {
        // A plain-text XML manifest, or garbage: Android only installs binary ones.
        if data.starts_with(b"<?xml") || data.starts_with(b"<manifest") {
            return Err(Error::unsupported(PART, "the manifest is plain-text XML, not Android's binary XML"));
        }
        return Err(Error::malformed(PART, format!("document type 0x{doc_type:04x} is not RES_XML_TYPE (0x0003)")));
    }
    if header_size < CHUNK_HEADER_SIZE || header_size > data.len() {
        return Err(Error::malformed(PART, format!("document header size {header_size} is impossible")));
    }
    let end = if declared_size > data.len() || declared_size < header_size {
        doc.tricks.push(format!("the manifest declares a size of {declared_size} bytes but holds {}", data.len()));
        doc.warnings.push(Error::malformed(
            PART,
            format!("document size {declared_size} disagrees with the {} bytes present; reading what is there", data.len()),
        ));
        data.len()
    } else {
        declared_size
    };
    let data = data.get(..end).unwrap_or(data);

    let mut strings = StringPool::empty();
    let mut res_ids: &[u8] = &[];
    let mut pos = header_size;
    let mut parser = TreeBuilder::new(limits);
    while pos + CHUNK_HEADER_SIZE <= end {
        let chunk = match chunk_at(data, pos) {
            Ok(c) => c,
            Err(e) => {
                doc.warnings.push(e);
                doc.stopped_early = true;
                break;
            }
        };
        match chunk.kind {
            RES_STRING_POOL_TYPE if parser.started() => {
                doc.tricks.push("a second string table is hidden after the first element".into());
                doc.warnings.push(Error::malformed(PART, "a string pool after the first node is ignored, as Android does").at(pos as u64));
            }
            RES_STRING_POOL_TYPE => match StringPool::parse(chunk.bytes, limits.max_strings) {
                Ok(p) => strings = p,
                Err(e) => {
                    doc.warnings.push(e.at(pos as u64));
                    doc.stopped_early = true;
                    break;
                }
            },
            RES_XML_RESOURCE_MAP_TYPE if !parser.started() => {
                res_ids = chunk.bytes.get(chunk.header_size..).unwrap_or_default();
            }
            RES_XML_FIRST_CHUNK_TYPE..=RES_XML_LAST_CHUNK_TYPE => {
                if let Err(e) = parser.node(&chunk, &strings, res_ids, &mut doc) {
                    doc.warnings.push(e.at(pos as u64));
                    doc.stopped_early = true;
                    break;
                }
            }
            // Unknown chunks are skipped by size, like the platform does; a tool that does not skip them stops.
            other => doc.tricks.push(format!("an unknown block (type 0x{other:04x}) is inserted in the manifest")),
        }
        pos += chunk.size;
    }
    if doc.elements.is_empty() && doc.warnings.is_empty() {
        doc.warnings.push(Error::malformed(PART, "the document has no elements"));
    }
    Ok(doc)
}

struct Chunk<'a> {
    kind: u16,
    header_size: usize,
    size: usize,
    /// The chunk's bytes, header included, exactly `size` long.
    bytes: &'a [u8],
}

fn chunk_at(data: &[u8], pos: usize) -> Result<Chunk<'_>> {
    let kind = u16_at(data, pos, PART)?;
    let header_size = usize::from(u16_at(data, pos + 2, PART)?);
    let size = u32_at(data, pos + 4, PART)? as usize;
    if header_size < CHUNK_HEADER_SIZE || size < header_size {
        return Err(Error::malformed(
            PART,
            format!("chunk 0x{kind:04x} has size {size} and header size {header_size}: sizes are inconsistent"),
        )
        .at(pos as u64));
    }
    let bytes = pos
        .checked_add(size)
        .and_then(|e| data.get(pos..e))
        .ok_or_else(|| Error::malformed(PART, format!("chunk 0x{kind:04x} of size {size} runs past the document end")).at(pos as u64))?;
    Ok(Chunk { kind, header_size, size, bytes })
}

struct TreeBuilder {
    /// A non-standard element layout is reported once, not per element.
    odd_layout_noted: bool,
    limits: AxmlLimits,
    /// What remains of `limits.max_text_bytes`.
    text_left: usize,
    open: Vec<usize>,
    attributes_seen: usize,
    any_node: bool,
    /// Prefix definitions waiting for their URI to be used.
    pending_ns: Vec<(String, String)>,
}

impl TreeBuilder {
    fn new(limits: AxmlLimits) -> Self {
        Self {
            odd_layout_noted: false,
            limits,
            text_left: limits.max_text_bytes,
            open: Vec::new(),
            attributes_seen: 0,
            any_node: false,
            pending_ns: Vec::new(),
        }
    }

    fn started(&self) -> bool {
        self.any_node
    }

    fn node(&mut self, chunk: &Chunk<'_>, strings: &StringPool<'_>, res_ids: &[u8], doc: &mut Document) -> Result<()> {
        self.any_node = true;
        if chunk.header_size < XML_NODE_SIZE {
            return Err(Error::malformed(PART, format!("node header size {} is below 16", chunk.header_size)));
        }
        let line = u32_at(chunk.bytes, 8, PART)?;
        let ext = chunk.bytes.get(chunk.header_size..).unwrap_or_default();
        let mut text_left = self.text_left;
        let mut string = |index: u32| -> Result<Option<String>> {
            let text = strings.get_bounded(index, text_left)?;
            text_left = text_left.saturating_sub(text.as_ref().map_or(0, String::len));
            Ok(text)
        };
        match chunk.kind {
            RES_XML_START_NAMESPACE_TYPE => {
                need(ext, PAIR_EXT_SIZE, "namespace")?;
                let prefix = string(u32_at(ext, 0, PART)?)?.unwrap_or_default();
                let uri = string(u32_at(ext, 4, PART)?)?.unwrap_or_default();
                // Real manifests declare a handful; past the bound a namespace keeps no prefix, so a hostile
                // document of 300,000 URIs cannot make this search (and `prefix_of`) quadratic.
                if doc.namespaces.len() < self.limits.max_namespaces && !doc.namespaces.iter().any(|(u, _)| *u == uri) {
                    doc.namespaces.push((uri.clone(), prefix.clone()));
                }
                if self.pending_ns.len() < self.limits.max_namespaces {
                    self.pending_ns.push((uri, prefix));
                }
            }
            RES_XML_END_NAMESPACE_TYPE => need(ext, PAIR_EXT_SIZE, "namespace end")?,
            RES_XML_START_ELEMENT_TYPE => {
                need(ext, ATTR_EXT_SIZE, "element")?;
                if doc.elements.len() >= self.limits.max_elements {
                    return Err(Error::limit(PART, format!("more than {} elements", self.limits.max_elements)));
                }
                let namespace = string(u32_at(ext, 0, PART)?)?;
                let name = string(u32_at(ext, 4, PART)?)?.unwrap_or_default();
                let attr_start = usize::from(u16_at(ext, 8, PART)?);
                let attr_size = usize::from(u16_at(ext, 10, PART)?);
                let attr_count = usize::from(u16_at(ext, 12, PART)?);
                let standard = chunk.header_size == XML_NODE_SIZE
                    && attr_start == ATTR_EXT_SIZE
                    && (attr_count == 0 || attr_size == ATTRIBUTE_SIZE);
                if !standard && !self.odd_layout_noted {
                    // Android reads the sizes the file declares; tools that assume 16/20/20 misread every attribute.
                    self.odd_layout_noted = true;
                    doc.tricks.push(format!(
                        "elements use non-standard record sizes (header {}, attributes at {attr_start}, {attr_size} bytes each)",
                        chunk.header_size
                    ));
                }
                // As ResXMLTree::validateNode: every attribute must lie inside this chunk. (u16 × u16 can pass
                // u32::MAX, the size of usize on wasm32: computed in u64.)
                let attrs_end = attr_start as u64 + attr_size as u64 * attr_count as u64;
                if attr_count > 0 && (attr_size < ATTRIBUTE_SIZE || attrs_end > ext.len() as u64) {
                    return Err(Error::malformed(
                        PART,
                        format!("element <{name}> claims {attr_count} attributes of {attr_size} bytes that do not fit its chunk"),
                    ));
                }
                self.attributes_seen += attr_count;
                if self.attributes_seen > self.limits.max_attributes {
                    return Err(Error::limit(PART, format!("more than {} attributes", self.limits.max_attributes)));
                }
                let mut attributes = Vec::with_capacity(attr_count);
                for i in 0..attr_count {
                    let at = attr_start + i * attr_size;
                    let ns = string(u32_at(ext, at, PART)?)?;
                    let name_index = u32_at(ext, at + 4, PART)?;
                    let raw = string(u32_at(ext, at + 8, PART)?)?;
                    let data_type = u8_at(ext, at + 15, PART)?;
                    let data = u32_at(ext, at + 16, PART)?;
                    let resource_id =
                        u32_at(res_ids, (name_index as usize).saturating_mul(4), PART).ok().filter(|id| *id != 0);
                    // A typed string that cannot be decoded leaves the value null, as before; running out of
                    // the text budget still stops the walk.
                    let typed_text = match data_type {
                        TYPE_STRING => match string(data) {
                            Ok(text) => text,
                            Err(e) if e.kind == ErrorKind::Limit => return Err(e),
                            Err(_) => None,
                        },
                        _ => None,
                    };
                    let value = Value::from_typed(data_type, data, |_| typed_text);
                    attributes.push(Attribute {
                        namespace: ns,
                        name: string(name_index)?.unwrap_or_default(),
                        resource_id,
                        raw,
                        value,
                    });
                }
                let depth = self.open.len() as u32 + 1;
                doc.elements.push(Element {
                    namespace,
                    name,
                    depth,
                    parent: self.open.last().copied(),
                    line,
                    attributes,
                    text: None,
                });
                self.open.push(doc.elements.len() - 1);
                self.pending_ns.clear();
            }
            RES_XML_END_ELEMENT_TYPE => {
                need(ext, PAIR_EXT_SIZE, "element end")?;
                // Android does not check that end tags match; neither do we, beyond not underflowing.
                self.open.pop();
            }
            RES_XML_CDATA_TYPE => {
                need(ext, CDATA_EXT_SIZE, "text")?;
                let text = string(u32_at(ext, 0, PART)?)?;
                if let (Some(text), Some(el)) = (text, self.open.last().and_then(|&i| doc.elements.get_mut(i))) {
                    // Bounded like attributes: a text node costs at least one counted slot.
                    self.attributes_seen += 1;
                    if self.attributes_seen > self.limits.max_attributes {
                        return Err(Error::limit(PART, format!("more than {} attributes and text nodes", self.limits.max_attributes)));
                    }
                    // Text is capped per element: a hostile document could repeat one huge string many times.
                    let kept = el.text.get_or_insert_with(String::new);
                    if kept.len().saturating_add(text.len()) <= MAX_ELEMENT_CDATA {
                        kept.push_str(&text);
                    }
                }
            }
            _ => {} // an unknown node type inside the node range: skipped, as ResXMLParser::nextNode does
        }
        self.text_left = text_left;
        Ok(())
    }
}

fn need(ext: &[u8], size: usize, what: &str) -> Result<()> {
    if ext.len() < size {
        return Err(Error::malformed(PART, format!("{what} node is {} bytes, needs at least {size}", ext.len())));
    }
    Ok(())
}
