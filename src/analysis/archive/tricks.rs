//! ZIP-level tricks that make other tools misread a package while Android installs it: a local header that
//! disagrees with the central directory (tools that walk local headers read different bytes than Android,
//! which trusts the directory), the encryption flag on entries that are not encrypted (some tools refuse
//! to read them; Android ignores the flag), and data put in front of the first entry (the Janus attack hid
//! a DEX file there, CVE-2017-13156). Duplicate names are reported by `Archive::has_duplicate_names`.

use super::Archive;
use crate::analysis::bytes::{slice_at, u16_at, u32_at};
use crate::analysis::source::read_range;

const LOCAL_HEADER_SIGNATURE: u32 = 0x0403_4b50;
const LOCAL_HEADER_SIZE: usize = 30;
/// General purpose flag bit 3: sizes and CRC follow the data, the local header holds zeros.
const FLAG_DATA_DESCRIPTOR: u16 = 1 << 3;
/// Checking every local header of a 200,000-entry archive costs a read each; the entries that matter
/// (manifest, code, resources) are always checked, and this many others.
const MAX_CHECKED: usize = 4000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trick {
    /// Stable id, e.g. `zip.local_header_mismatch`.
    pub id: &'static str,
    /// Plain description of what was done.
    pub description: String,
    /// Where: an entry name or a byte range.
    pub location: String,
}

impl Archive<'_> {
    /// Every ZIP-level trick of this archive, duplicate names included.
    pub fn tricks(&mut self) -> Vec<Trick> {
        let mut tricks = Vec::new();
        if self.has_duplicate_names() {
            tricks.push(Trick {
                id: "zip.duplicate_names",
                description: "some entry names appear twice, so different tools read different copies".into(),
                location: "central directory".into(),
            });
        }
        let mut first_entry = u64::MAX;
        let important = |n: &str| n == "AndroidManifest.xml" || n == "resources.arsc" || (n.starts_with("classes") && n.ends_with(".dex"));
        let order: Vec<usize> = {
            let (mut key, mut rest): (Vec<usize>, Vec<usize>) =
                (0..self.names.len()).partition(|i| self.names.get(*i).is_some_and(|n| important(n)));
            rest.truncate(MAX_CHECKED);
            key.append(&mut rest);
            key
        };
        for index in order {
            let Ok(entry) = self.zip.by_index_data(index) else { continue };
            let name = self.names.get(index).cloned().unwrap_or_default();
            first_entry = first_entry.min(entry.header_start());
            if entry.encrypted() {
                tricks.push(Trick {
                    id: "zip.fake_encryption",
                    description: "marked as encrypted although it is not: some analysis tools then refuse to read it, while Android ignores the mark".into(),
                    location: name.clone(),
                });
            }
            let method = compression_id(entry.compression());
            if method != 0 && method != 8 {
                tricks.push(Trick {
                    id: "zip.unknown_compression",
                    description: format!(
                        "declares compression method {method}, which does not exist for APKs: Android then reads it as stored, many analysis tools give up"
                    ),
                    location: name.clone(),
                });
            }
            let central = (entry.header_start(), method, entry.compressed_size(), entry.size());
            if let Some(difference) = local_header_difference(self.source, &name, central) {
                tricks.push(Trick { id: "zip.local_header_mismatch", description: difference, location: name });
            }
        }
        let head = read_range(self.source, 0, first_entry.min(16) as usize).unwrap_or_default();
        // The Android Gradle Plugin pads archives with nameless local headers that no directory entry points
        // at ("virtual entries" of zipflinger): a prefix that is itself a local header is padding, not a trick.
        let padding = head.get(..4) == Some(&LOCAL_HEADER_SIGNATURE.to_le_bytes()[..]);
        if first_entry != u64::MAX && first_entry > 0 && !padding {
            let what = if head.starts_with(b"dex\n") { " (a DEX file: the Janus attack, CVE-2017-13156)" } else { "" };
            tricks.push(Trick {
                id: "zip.data_before_first_entry",
                description: format!("{first_entry} bytes of other data come before the first entry{what}"),
                location: format!("bytes 0–{first_entry}"),
            });
        }
        tricks
    }
}

fn compression_id(method: zip::CompressionMethod) -> u16 {
    match method {
        zip::CompressionMethod::Stored => 0,
        zip::CompressionMethod::Deflated => 8,
        #[allow(deprecated)]
        zip::CompressionMethod::Unsupported(id) => id,
        _ => u16::MAX,
    }
}

/// What the local header says differently from the central directory, if anything.
fn local_header_difference(source: &dyn crate::analysis::ByteSource, name: &str, central: (u64, u16, u64, u64)) -> Option<String> {
    let (at, method, compressed, size) = central;
    let header = read_range(source, at, LOCAL_HEADER_SIZE).ok()?;
    const PART: &str = "zip local header";
    if u32_at(&header, 0, PART).ok()? != LOCAL_HEADER_SIGNATURE {
        return Some("the directory points at something that is not a local header".into());
    }
    let flags = u16_at(&header, 6, PART).ok()?;
    let local_method = u16_at(&header, 8, PART).ok()?;
    let local_compressed = u64::from(u32_at(&header, 18, PART).ok()?);
    let local_size = u64::from(u32_at(&header, 22, PART).ok()?);
    let name_len = usize::from(u16_at(&header, 26, PART).ok()?);
    if local_method != method && method != u16::MAX {
        return Some(format!(
            "its local header says compression method {local_method} but the central directory, which Android follows, says {method}"
        ));
    }
    // Sizes are zero with a data descriptor, and 0xffffffff with zip64: neither is a disagreement.
    let comparable = flags & FLAG_DATA_DESCRIPTOR == 0 && local_compressed != 0xffff_ffff && local_size != 0xffff_ffff;
    if comparable && (local_compressed != compressed || local_size != size) {
        return Some(format!(
            "its local header gives sizes {local_compressed}/{local_size} but the central directory, which Android follows, gives {compressed}/{size}"
        ));
    }
    let local_name = read_range(source, at + LOCAL_HEADER_SIZE as u64, name_len).ok()?;
    if slice_at(&local_name, 0, name_len, PART).ok()? != name.as_bytes() {
        return Some(format!("its local header names it \"{}\"", String::from_utf8_lossy(&local_name)));
    }
    None
}
