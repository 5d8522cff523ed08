//! File formats known by their magic numbers (`data/file_formats.tsv`): what tells an ordinary large file
//! (an image, a font, a database) from an opaque one that may be hidden code.

use std::sync::OnceLock;

use super::tsv::{field, rows};

const FORMATS: &str = include_str!("../../../data/file_formats.tsv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatDef {
    pub name: &'static str,
    pub offset: usize,
    /// The magic bytes; `None` stands for a `??` (any byte).
    pub magic: Vec<Option<u8>>,
    /// Lower-case extensions, without the dot.
    pub names: Vec<&'static str>,
    /// A file with one of `names` is taken for what its name says, without reading it.
    pub trusted_by_name: bool,
}

impl FormatDef {
    /// Whether `head` (a file's first bytes) carries this format's magic.
    pub fn matches(&self, head: &[u8]) -> bool {
        let Some(window) = head.get(self.offset..).and_then(|rest| rest.get(..self.magic.len())) else { return false };
        window.iter().zip(&self.magic).all(|(b, m)| m.is_none_or(|m| m == *b))
    }
}

/// `"ffd8??"` → `[Some(0xff), Some(0xd8), None]`; `None` for anything else than pairs of hex digits or `??`.
fn parse_magic(hex: &str) -> Option<Vec<Option<u8>>> {
    if hex.is_empty() || !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            b"??" => Some(None),
            _ => std::str::from_utf8(pair).ok().and_then(|p| u8::from_str_radix(p, 16).ok()).map(Some),
        })
        .collect()
}

pub fn formats() -> &'static [FormatDef] {
    static ROWS: OnceLock<Vec<FormatDef>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(FORMATS)
            .filter_map(|r| {
                Some(FormatDef {
                    name: field(&r, 0),
                    offset: field(&r, 1).parse().ok()?,
                    magic: parse_magic(field(&r, 2))?,
                    names: field(&r, 3).split(' ').filter(|n| !n.is_empty()).collect(),
                    trusted_by_name: field(&r, 4) == "trusted",
                })
            })
            .collect()
    })
}

/// The format whose magic `head` starts with (the first in table order).
pub fn format_of(head: &[u8]) -> Option<&'static FormatDef> {
    formats().iter().find(|f| f.matches(head))
}

/// Whether a file named `path` (any case) is, by its extension, an image, sound, video or font: files
/// AppLens takes for what their name says (see the table's header).
pub fn trusted_by_name(path: &str) -> bool {
    let Some((_, ext)) = path.rsplit_once('.') else { return false };
    let ext = ext.to_ascii_lowercase();
    formats().iter().any(|f| f.trusted_by_name && f.names.contains(&ext.as_str()))
}

/// Bytes of a file's start that `format_of` may look at: the furthest any magic reaches.
pub fn head_len() -> usize {
    formats().iter().map(|f| f.offset + f.magic.len()).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::super::tsv::header;
    use super::*;

    #[test]
    fn table_is_well_formed_and_sorted() {
        assert_eq!(header(FORMATS), ["format", "offset", "magic", "names", "by_name", "source"]);
        let raw: Vec<Vec<&str>> = rows(FORMATS).collect();
        assert_eq!(raw.len(), formats().len(), "a row has a bad offset or magic");
        for r in &raw {
            assert!(matches!(field(r, 4), "trusted" | "read"), "{r:?}");
            assert!(!field(r, 5).is_empty(), "every row names its source: {r:?}");
            assert!(field(r, 3).split(' ').all(|n| n == n.to_lowercase() && !n.starts_with('.')), "{r:?}");
        }
        let keys: Vec<(&str, usize, &str)> = raw.iter().map(|r| (field(r, 0), field(r, 1).parse().unwrap(), field(r, 2))).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(keys, sorted, "file_formats.tsv must be sorted by format, offset, magic, and unique");
    }

    #[test]
    fn magic_numbers_are_recognised() {
        let name = |head: &[u8]| format_of(head).map(|f| f.name);
        assert_eq!(name(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("PNG"));
        assert_eq!(name(b"PK\x03\x04\x14\0"), Some("ZIP"));
        assert_eq!(name(b"dex\n035\0"), Some("DEX"));
        assert_eq!(name(b"\0\0\0\x18ftypmp42"), Some("MP4 / ISO media"));
        let mut eot = vec![0u8; 40];
        eot[34] = 0x4c;
        eot[35] = 0x50;
        assert_eq!(name(&eot), Some("Embedded OpenType"));
        assert_eq!(name(b"\xd5\x10\xd4\x94\x9f\x0b\x8a\x7c"), None, "an encrypted payload");
        assert_eq!(name(b"\x89PN"), None, "too short for any magic");
        assert_eq!(name(b""), None);
        assert!(head_len() >= 262, "tar's magic sits at 257");
    }

    #[test]
    fn names_trusted_are_media_and_fonts_only() {
        assert!(trusted_by_name("assets/sounds/Die.OGG"));
        assert!(trusted_by_name("res/raw/intro.mp4"));
        assert!(!trusted_by_name("assets/emails.zip"), "containers are read: packers hide payloads in them");
        assert!(!trusted_by_name("assets/EaaGfe.json"));
        assert!(!trusted_by_name("assets/png"));
        assert_eq!(parse_magic("ff??"), Some(vec![Some(0xff), None]));
        assert_eq!(parse_magic("f"), None);
        assert_eq!(parse_magic("zz"), None);
    }
}
