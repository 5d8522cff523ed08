//! ZIP-level tricks that make other tools misread a package while Android installs it: a local header that
//! disagrees with the central directory (tools that walk local headers read different bytes than Android,
//! which trusts the directory), the encryption flag on entries that are not encrypted (some tools refuse
//! to read them; Android ignores the flag), and data put in front of the first entry (the Janus attack hid
//! a DEX file there, CVE-2017-13156). Duplicate names are reported by `Archive::has_duplicate_names`.

use super::Archive;
use crate::analysis::bytes::{slice_at, u16_at, u32_at};
use crate::analysis::source::read_range;
use crate::analysis::ByteSource;

const LOCAL_HEADER_SIGNATURE: u32 = 0x0403_4b50;
const LOCAL_HEADER_SIZE: usize = 30;
/// General purpose flag bit 3: sizes and CRC follow the data, the local header holds zeros.
const FLAG_DATA_DESCRIPTOR: u16 = 1 << 3;
/// Checking every local header of a 200,000-entry archive costs a read each; the entries that matter
/// (manifest, code, resources) are always checked, and this many others.
const MAX_CHECKED: usize = 4000;
/// Local headers are read in file order through windows of up to this many bytes: the small entries of
/// `res/` then share a read, where one read each would cost a round trip per entry to a browser's File.
const MAX_WINDOW: u64 = 256 * 1024;

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
        // (header offset, index), in file order, and how far each entry's local header and name reach.
        let mut by_offset: Vec<(u64, usize)> =
            order.iter().filter_map(|&i| self.zip.by_index_data(i).ok().map(|e| (e.header_start(), i))).collect();
        by_offset.sort_unstable();
        let reach: Vec<u64> = by_offset
            .iter()
            .map(|&(at, i)| at.saturating_add((LOCAL_HEADER_SIZE + self.names.get(i).map_or(0, String::len)) as u64))
            .collect();
        let mut windows = Windows { source: self.source, start: 0, bytes: Vec::new() };
        // Found in file order, reported in `order` (the important entries first).
        let mut found: Vec<(usize, Trick)> = Vec::new();
        let mut ranks = vec![usize::MAX; self.names.len()];
        for (position, &index) in order.iter().enumerate() {
            if let Some(rank) = ranks.get_mut(index) {
                *rank = position;
            }
        }
        let rank = |index: usize| ranks.get(index).copied().unwrap_or(usize::MAX);
        let mut last_in_window = 0;
        for (k, &(at, index)) in by_offset.iter().enumerate() {
            let Ok(entry) = self.zip.by_index_data(index) else { continue };
            let name = self.names.get(index).cloned().unwrap_or_default();
            first_entry = first_entry.min(entry.header_start());
            // The window for this header extends over the following headers that fit in MAX_WINDOW.
            last_in_window = last_in_window.max(k);
            while reach.get(last_in_window + 1).is_some_and(|&end| end.saturating_sub(at) <= MAX_WINDOW) {
                last_in_window += 1;
            }
            let span_end = reach.get(last_in_window).copied().unwrap_or(at);
            if entry.encrypted() {
                found.push((rank(index), Trick {
                    id: "zip.fake_encryption",
                    description: "marked as encrypted although it is not: some analysis tools then refuse to read it, while Android ignores the mark".into(),
                    location: name.clone(),
                }));
            }
            let method = compression_id(entry.compression());
            if method != 0 && method != 8 {
                found.push((rank(index), Trick {
                    id: "zip.unknown_compression",
                    description: format!(
                        "declares compression method {method}, which does not exist for APKs: Android then reads it as stored, many analysis tools give up"
                    ),
                    location: name.clone(),
                }));
            }
            let central = (entry.header_start(), method, entry.compressed_size(), entry.size());
            if let Some(difference) = local_header_difference(&mut windows, span_end, &name, central) {
                found.push((rank(index), Trick { id: "zip.local_header_mismatch", description: difference, location: name }));
            }
        }
        found.sort_by_key(|(position, _)| *position);
        tricks.extend(found.into_iter().map(|(_, trick)| trick));
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

/// One window of the file, read at once and served to several small reads.
struct Windows<'s> {
    source: &'s dyn ByteSource,
    start: u64,
    bytes: Vec<u8>,
}

impl Windows<'_> {
    /// `len` bytes at `at`; on a miss the window is read anew from `at` to `span_end` (what the caller
    /// will want next), at least `len` bytes and at most to the end of the file.
    fn get(&mut self, at: u64, len: usize, span_end: u64) -> Option<Vec<u8>> {
        let end = at.checked_add(len as u64)?;
        let inside = at >= self.start && end <= self.start.saturating_add(self.bytes.len() as u64);
        if !inside {
            let window_end = span_end.max(end).min(self.source.len());
            self.bytes = read_range(self.source, at, usize::try_from(window_end.checked_sub(at)?).ok()?).ok()?;
            self.start = at;
        }
        let from = usize::try_from(at - self.start).ok()?;
        self.bytes.get(from..from.checked_add(len)?).map(<[u8]>::to_vec)
    }
}

/// What the local header says differently from the central directory, if anything.
fn local_header_difference(windows: &mut Windows<'_>, span_end: u64, name: &str, central: (u64, u16, u64, u64)) -> Option<String> {
    let (at, method, compressed, size) = central;
    let header = windows.get(at, LOCAL_HEADER_SIZE, span_end)?;
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
    let local_name = windows.get(at + LOCAL_HEADER_SIZE as u64, name_len, span_end)?;
    if slice_at(&local_name, 0, name_len, PART).ok()? != name.as_bytes() {
        return Some(format!("its local header names it \"{}\"", String::from_utf8_lossy(&local_name)));
    }
    None
}
