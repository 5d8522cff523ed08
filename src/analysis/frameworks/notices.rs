//! Flutter's `NOTICES.Z` (`assets/flutter_assets/NOTICES.Z`; `NOTICES` in apps built before Flutter 2.2):
//! the licences of the engine's libraries and of every Dart package the app bundles, which the app shows
//! in its licence page. flutter_tools writes it gzip-compressed (its `ZLibEncoder(gzip: true)`; zlib is
//! accepted too) and `ServicesBinding._parseLicenses` reads it back: entries separated by a line of 80
//! hyphens, each starting with the names of the packages it covers, one a line, then an empty line, then
//! the licence text. The package names are what AppLens wants: `firebase_analytics`, `google_mobile_ads`…
//!
//! Bounded: at most `MAX_TEXT_BYTES` are inflated and `MAX_PACKAGES` names kept; an entry header longer
//! than `MAX_HEADER_LINES` lines is not a list of names and is skipped.

use std::collections::BTreeSet;
use std::io::Read;

use memchr::memmem;

use super::super::error::{Error, Result};

/// Inflated text read at most: real files are 0.5-3 MB (every licence of the engine's ~100 libraries).
pub const MAX_TEXT_BYTES: u64 = 32 * 1024 * 1024;
/// Package names kept at most (real apps list a few hundred, engine libraries included).
pub const MAX_PACKAGES: usize = 5_000;
/// Lines of names an entry may start with (a real entry names at most a few dozen packages).
const MAX_HEADER_LINES: usize = 1_000;
/// Dart package names are short lower-case identifiers; engine library names add `-`, `.` and `+`.
const MAX_NAME: usize = 100;

/// What the licence file lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notices {
    /// Package and library names, each once, in the order first listed.
    pub packages: Vec<String>,
    /// Entries in the file.
    pub entries: usize,
    /// More names were listed than `MAX_PACKAGES`, or the text was cut at `MAX_TEXT_BYTES`.
    pub truncated: bool,
}

/// Inflates `NOTICES.Z` (gzip or zlib, told by its first bytes) to at most `max` bytes; `Ok((text, cut))`,
/// `cut` when the text went on past `max`.
pub fn inflate(data: &[u8], max: u64) -> Result<(Vec<u8>, bool)> {
    let mut out = Vec::new();
    let read = match data {
        [0x1f, 0x8b, ..] => flate2::read::GzDecoder::new(data).take(max.saturating_add(1)).read_to_end(&mut out),
        [cmf, flg, ..] if cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0 => {
            flate2::read::ZlibDecoder::new(data).take(max.saturating_add(1)).read_to_end(&mut out)
        }
        _ => return Err(Error::malformed("NOTICES.Z", "neither gzip nor zlib data: not Flutter's compressed licence file").at(0)),
    };
    if let Err(e) = read {
        // What inflated before the damage is still a list of names; only nothing at all is an error.
        if out.is_empty() {
            return Err(Error::malformed("NOTICES.Z", format!("cannot be inflated: {e}")));
        }
    }
    let cut = out.len() as u64 > max;
    out.truncate(usize::try_from(max).unwrap_or(usize::MAX).min(out.len()));
    Ok((out, cut))
}

/// The package names of Flutter's licence text.
pub fn parse_notices(text: &[u8]) -> Notices {
    let separator = format!("\n{}\n", "-".repeat(80));
    let mut notices = Notices::default();
    let mut seen: BTreeSet<&[u8]> = BTreeSet::new();
    let mut rest = text;
    loop {
        let (entry, next) = match memmem::find(rest, separator.as_bytes()) {
            Some(at) => (rest.get(..at).unwrap_or_default(), rest.get(at + separator.len()..)),
            None => (rest, None),
        };
        notices.entries += 1;
        if let Some(end) = memmem::find(entry, b"\n\n") {
            let header = entry.get(..end).unwrap_or_default();
            let lines: Vec<&[u8]> = header.split(|b| *b == b'\n').take(MAX_HEADER_LINES + 1).collect();
            if lines.len() <= MAX_HEADER_LINES {
                for line in lines {
                    let name = line.strip_suffix(b"\r").unwrap_or(line);
                    if !is_name(name) || seen.contains(name) {
                        continue;
                    }
                    if notices.packages.len() >= MAX_PACKAGES {
                        notices.truncated = true;
                        break;
                    }
                    seen.insert(name);
                    notices.packages.push(String::from_utf8_lossy(name).into_owned());
                }
            }
        }
        match next {
            Some(n) => rest = n,
            None => break,
        }
    }
    notices
}

fn is_name(name: &[u8]) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name.first().is_some_and(u8::is_ascii_alphanumeric)
        && name.iter().all(|b| b.is_ascii_alphanumeric() || b"_-.+".contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn sample() -> String {
        let sep = format!("\n{}\n", "-".repeat(80));
        [
            "boringssl\nskia\n\nCopyright (c) the authors.\n\nLicensed under...",
            "firebase_analytics\nfirebase_core\n\nCopyright 2017 The Chromium Authors.",
            "google_mobile_ads\n\nApache License\n\nVersion 2.0",
            "no header here, just a licence",
            "firebase_core\nNot A Name!\n\nduplicate and junk",
        ]
        .join(&sep)
    }

    #[test]
    fn names_from_flutter_format_in_order_once() {
        let n = parse_notices(sample().as_bytes());
        assert_eq!(n.packages, ["boringssl", "skia", "firebase_analytics", "firebase_core", "google_mobile_ads"]);
        assert_eq!(n.entries, 5);
        assert!(!n.truncated);
    }

    #[test]
    fn gzip_and_zlib_inflate_and_other_bytes_do_not() {
        let text = sample();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(text.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        assert_eq!(inflate(&gz, MAX_TEXT_BYTES).unwrap(), (text.as_bytes().to_vec(), false));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(text.as_bytes()).unwrap();
        let z = z.finish().unwrap();
        assert_eq!(inflate(&z, MAX_TEXT_BYTES).unwrap().0, text.as_bytes());
        let (cut, was_cut) = inflate(&z, 10).unwrap();
        assert_eq!((cut.len(), was_cut), (10, true));
        assert!(inflate(b"plain text", MAX_TEXT_BYTES).is_err());
        assert!(inflate(&gz[..gz.len() / 2], MAX_TEXT_BYTES).is_ok_and(|(t, _)| !t.is_empty()), "a cut file keeps what it has");
    }

    #[test]
    fn hostile_headers_are_bounded() {
        let many: String = (0..MAX_HEADER_LINES + 5).map(|i| format!("p{i}\n")).collect();
        assert!(parse_notices(format!("{many}\nlicence").as_bytes()).packages.is_empty(), "too long to be a list of names");
        assert_eq!(parse_notices(b"").entries, 1);
        let sep = format!("\n{}\n", "-".repeat(80));
        assert_eq!(parse_notices(sep.repeat(1000).as_bytes()).entries, 1001);
    }
}
