//! The part of `ResTable_config` AppLens needs: locale and screen density (the struct has grown over the
//! years; its first field says how long this file's copy is, and missing fields read as "any").

use crate::analysis::bytes::{slice_at, u16_at, u32_at};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// `en`, `fil`; empty for the default configuration.
    pub language: String,
    /// `GB`, `419`; empty when none.
    pub region: String,
    /// `Latn`, `Cyrl` when the locale names its script (`b+sr+Latn`); empty otherwise.
    pub script: String,
    pub density: u16,
    pub sdk_version: u16,
}

impl Config {
    pub fn parse(data: &[u8]) -> Self {
        let size = u32_at(data, 0, "resource config").unwrap_or(0) as usize;
        let data = data.get(..size.min(data.len())).unwrap_or_default();
        let pair = |at: usize| slice_at(data, at, 2, "resource config").ok().and_then(|b| <[u8; 2]>::try_from(b).ok());
        Self {
            language: pair(8).map(|p| unpack_locale(p, b'a')).unwrap_or_default(),
            region: pair(10).map(|p| unpack_locale(p, b'0')).unwrap_or_default(),
            // localeScript at 36; a script the build tools computed themselves (flag at 52) is not the app's.
            script: match (slice_at(data, 36, 4, "resource config"), data.get(52).copied().unwrap_or(0)) {
                (Ok(s), 0) if s.iter().all(u8::is_ascii_alphabetic) => s.iter().map(|c| char::from(*c)).collect(),
                _ => String::new(),
            },
            density: u16_at(data, 14, "resource config").unwrap_or(0),
            sdk_version: u16_at(data, 24, "resource config").unwrap_or(0),
        }
    }

    /// From a BCP-47 tag as aapt2's protobuf tables store it (`en-GB`, `b+sr+Latn`, `fil`).
    pub fn from_bcp47(tag: &str) -> Self {
        let mut config = Self::default();
        let tag = tag.strip_prefix("b+").unwrap_or(tag);
        for (i, part) in tag.split(['-', '+', '_']).filter(|p| !p.is_empty()).enumerate() {
            // aapt's old form writes regions as `rGB` / `r419`.
            let is_region = |r: &str| {
                (r.len() == 2 && r.chars().all(|c| c.is_ascii_uppercase())) || (r.len() == 3 && r.chars().all(|c| c.is_ascii_digit()))
            };
            let part = part.strip_prefix('r').filter(|r| i > 0 && is_region(r)).unwrap_or(part);
            match (i, part.len()) {
                (0, _) => config.language = part.to_ascii_lowercase(),
                (_, 4) => config.script = part.to_string(),
                (_, 2 | 3) if config.region.is_empty() => config.region = part.to_ascii_uppercase(),
                _ => {}
            }
        }
        config
    }

    pub fn is_default_locale(&self) -> bool {
        self.language.is_empty() && self.region.is_empty()
    }

    /// As `aapt dump badging` prints locales: `en`, `en-GB`, `--_--` for the default.
    pub fn locale_tag(&self) -> String {
        if self.language.is_empty() && self.region.is_empty() {
            return "--_--".to_string();
        }
        [self.language.as_str(), self.script.as_str(), self.region.as_str()]
            .iter()
            .filter(|part| !part.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// Two bytes hold either two ASCII letters, or three 5-bit letters packed with the high bit set
/// (`ResTable_config::unpackLanguageOrRegion`).
fn unpack_locale(bytes: [u8; 2], base: u8) -> String {
    let [a, b] = bytes;
    if a & 0x80 != 0 {
        let first = b & 0x1f;
        let second = ((b & 0xe0) >> 5) | ((a & 0x03) << 3);
        let third = (a & 0x7c) >> 2;
        return [first, second, third].iter().map(|c| char::from(base.saturating_add(*c))).collect();
    }
    [a, b].iter().take_while(|c| **c != 0).map(|c| char::from(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcp47_tags() {
        assert_eq!(Config::from_bcp47("").locale_tag(), "--_--");
        assert_eq!(Config::from_bcp47("en-GB").locale_tag(), "en-GB");
        assert_eq!(Config::from_bcp47("b+sr+Latn").locale_tag(), "sr-Latn");
        assert_eq!(Config::from_bcp47("es-r419").locale_tag(), "es-419");
        assert_eq!(Config::from_bcp47("pt-rBR").locale_tag(), "pt-BR");
    }

    #[test]
    fn locales_unpack() {
        assert_eq!(unpack_locale(*b"en", b'a'), "en");
        assert_eq!(unpack_locale([0, 0], b'a'), "");
        // "fil" packed as AOSP does: first | second << 5 | third << 10 (letters minus 'a'), high bit set.
        let (f, i, l) = (u16::from(b'f' - b'a'), u16::from(b'i' - b'a'), u16::from(b'l' - b'a'));
        let packed = 0x8000 | (l << 10) | (i << 5) | f;
        assert_eq!(unpack_locale([(packed >> 8) as u8, packed as u8], b'a'), "fil");
        // region "419" packed with base '0'
        let (a, b, c) = (4u16, 1u16, 9u16);
        let packed = 0x8000 | (c << 10) | (b << 5) | a;
        assert_eq!(unpack_locale([(packed >> 8) as u8, packed as u8], b'0'), "419");
    }
}
