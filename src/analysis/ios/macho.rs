//! Mach-O programs (thin or fat): architectures, App Store encryption (`LC_ENCRYPTION_INFO(_64)`), linked
//! libraries (`LC_LOAD_DYLIB`…), the code signature (`LC_CODE_SIGNATURE`), Objective-C class names
//! (`__TEXT,__objc_classname` and `_OBJC_CLASS_$_` names in the string table) and given text (tracking
//! domains) anywhere in the file. Format: Apple's `mach-o/loader.h` and `mach-o/fat.h`.
//!
//! Main programs of large apps weigh hundreds of megabytes, so the file is never held whole: a `Scanner` is
//! fed the inflated bytes in order and keeps only what it needs. Everything it reads lies after the point
//! where it learns where to look (the fat header comes first, a slice's load commands come first in the
//! slice), so one pass suffices. `goblin` parses the fat table and the load commands from those small
//! buffers; the signature is captured, the class-name section and string table are scanned as they pass.

use goblin::mach::load_command::CommandVariant;
use goblin::mach::{MachO, MultiArch};

use super::codesign;
use crate::analysis::error::{Error, Result};

/// Class names kept per program: far more than any real app, small enough for a browser tab.
pub const MAX_CLASSES: usize = 200_000;
/// Sections per segment and slices per universal program: real ones have a few dozen and a handful. The
/// counts come from the file, and goblin's iterators yield an error per missing entry rather than stopping.
const MAX_SECTIONS: usize = 255;
const MAX_SLICES: usize = 32;
/// Load commands of real programs take tens of kilobytes.
const MAX_LOAD_COMMANDS_BYTES: u64 = 8 * 1024 * 1024;
/// A signature holds a hash per 4 KiB page: a few megabytes even for the largest programs.
const MAX_SIGNATURE_BYTES: u64 = 64 * 1024 * 1024;
/// Longest class name kept; longer strings in the scanned regions are skipped.
const MAX_NAME: usize = 256;

const CPU_TYPE_X86: u32 = 7;
const CPU_TYPE_ARM: u32 = 12;
const CPU_ARCH_ABI64: u32 = 0x0100_0000;
const CPU_ARCH_ABI64_32: u32 = 0x0200_0000;
const FAT_MAGIC: u32 = 0xcafe_babe;
const FAT_MAGIC_64: u32 = 0xcafe_babf;
const MH_MAGIC: u32 = 0xfeed_face;
const MH_MAGIC_64: u32 = 0xfeed_facf;
const OBJC_CLASS_SYMBOL: &[u8] = b"_OBJC_CLASS_$_";
/// `LC_MAIN` (`0x28 | LC_REQ_DYLD`), and a command id that no Mach-O uses, which goblin skips.
const LC_MAIN: u32 = 0x8000_0028;
const LC_UNUSED: u32 = 0x7fff_ffff;

/// The load commands with every `LC_MAIN` renamed to an id goblin ignores. goblin turns `LC_MAIN` into an
/// entry address with unchecked arithmetic (`vmaddr - fileoff` of `__TEXT`) that overflows on a hostile
/// file — a panic where overflow is checked, found by the `macho` fuzz target; AppLens never uses the
/// entry point, so goblin is not given it.
fn without_entry_point(header: &[u8]) -> Vec<u8> {
    let mut out = header.to_vec();
    let Some(magic) = header.get(..4).and_then(|m| <[u8; 4]>::try_from(m).ok()) else { return out };
    let (little, size) = match (u32::from_le_bytes(magic), u32::from_be_bytes(magic)) {
        (MH_MAGIC, _) => (true, 28),
        (MH_MAGIC_64, _) => (true, 32),
        (_, MH_MAGIC) => (false, 28),
        (_, MH_MAGIC_64) => (false, 32),
        _ => return out,
    };
    let word = |bytes: &[u8], at: usize| -> Option<u32> {
        let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if little { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    };
    let count = word(header, 16).unwrap_or(0);
    let mut at: usize = size;
    for _ in 0..count {
        let (Some(cmd), Some(cmdsize)) = (word(header, at), word(header, at + 4)) else { break };
        if cmd == LC_MAIN {
            let unused = if little { LC_UNUSED.to_le_bytes() } else { LC_UNUSED.to_be_bytes() };
            if let Some(slot) = out.get_mut(at..at + 4) {
                slot.copy_from_slice(&unused);
            }
        }
        // goblin stops at a command smaller than 8 bytes too; so does this walk.
        if cmdsize < 8 {
            break;
        }
        at = match at.checked_add(cmdsize as usize) {
            Some(next) => next,
            None => break,
        };
    }
    out
}

/// What AppLens reads from one program.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MachOFacts {
    pub architectures: Vec<String>,
    /// The examined slice has `cryptid` ≠ 0.
    pub encrypted: bool,
    pub signed: bool,
    pub signing_identifier: Option<String>,
    pub team_id: Option<String>,
    /// The signature's entitlements plist (XML bytes).
    pub entitlements: Option<Vec<u8>>,
    pub linked_libraries: Vec<String>,
    /// Objective-C class names, unique, in the order found.
    pub classes: Vec<String>,
    /// Indices (into the needles given to the scanner) of the texts found anywhere in the file.
    pub found: Vec<usize>,
    /// Parts of the program that were malformed and skipped.
    pub warnings: Vec<Error>,
    /// Internet hosts named by the C strings of `__TEXT,__cstring` (unencrypted): (host, named in an
    /// `http://` or `ws://` URL, the string), unique, in the order found, at most `MAX_HOSTS`.
    pub hosts: Vec<(String, bool, String)>,
    /// Bytes of `__cstring` sections read.
    pub cstring_bytes: u64,
}

/// Hosts kept per program (the largest apps' code names a few thousand).
pub const MAX_HOSTS: usize = 5_000;
/// A C string longer than this is not looked at for hosts (URLs are shorter; blobs of text are not URLs).
const MAX_CSTRING: usize = 4096;

pub fn arch_name(cputype: u32, cpusubtype: u32) -> String {
    let sub = cpusubtype & 0x00ff_ffff;
    match (cputype, sub) {
        (CPU_TYPE_ARM, 6) => "armv6".into(),
        (CPU_TYPE_ARM, 9) => "armv7".into(),
        (CPU_TYPE_ARM, 11) => "armv7s".into(),
        (CPU_TYPE_ARM, _) => "arm".into(),
        (t, 2) if t == CPU_TYPE_ARM | CPU_ARCH_ABI64 => "arm64e".into(),
        (t, _) if t == CPU_TYPE_ARM | CPU_ARCH_ABI64 => "arm64".into(),
        (t, _) if t == CPU_TYPE_ARM | CPU_ARCH_ABI64_32 => "arm64_32".into(),
        (CPU_TYPE_X86, _) => "i386".into(),
        (t, _) if t == CPU_TYPE_X86 | CPU_ARCH_ABI64 => "x86_64".into(),
        (t, s) => format!("cpu {t:#x}/{s}"),
    }
}

/// True when `bytes` starts like a Mach-O program or a fat (universal) one.
pub fn is_macho(bytes: &[u8]) -> bool {
    let Some(b) = bytes.get(..4).and_then(|b| <[u8; 4]>::try_from(b).ok()) else { return false };
    let (be, le) = (u32::from_be_bytes(b), u32::from_le_bytes(b));
    [MH_MAGIC, MH_MAGIC_64].contains(&le) || [MH_MAGIC, MH_MAGIC_64, FAT_MAGIC, FAT_MAGIC_64].contains(&be)
}

/// A byte range of the file, and what to do with the bytes as they pass.
struct Region {
    start: u64,
    end: u64,
    kind: RegionKind,
}

enum RegionKind {
    /// Keep the bytes (the code signature).
    Capture(Vec<u8>),
    /// NUL-separated strings; keep those starting with `prefix` (without it) as class names.
    Strings { prefix: &'static [u8], current: Vec<u8>, overlong: bool },
    /// NUL-separated C strings (`__cstring`), searched for internet hosts.
    CStrings { current: Vec<u8>, overlong: bool },
}

enum Phase {
    /// Collecting the first bytes: magic, fat table.
    Start,
    /// Collecting the chosen slice's header and load commands.
    SliceHeader { offset: u64, size: u64, bytes: Vec<u8> },
    /// Load commands read; scanning regions.
    Body,
    /// Not a Mach-O program, or its header is broken: only the text search goes on.
    Done,
}

/// Reads a program from its bytes given in order (`feed`), then `finish`.
pub struct Scanner<'n> {
    part: String,
    needles: &'n [String],
    longest: usize,
    /// The last `longest - 1` bytes seen, so a needle split across two pieces is still found.
    tail: Vec<u8>,
    /// Bytes fed so far, and where the current piece began (regions are fed after the phases advance, so a
    /// region planned while reading this piece may still begin inside it).
    pos: u64,
    piece_start: u64,
    head: Vec<u8>,
    phase: Phase,
    regions: Vec<Region>,
    facts: MachOFacts,
    seen_classes: std::collections::HashSet<String>,
    seen_hosts: std::collections::HashSet<String>,
}

impl<'n> Scanner<'n> {
    /// `needles`: texts to look for anywhere in the file (found ones are listed in `MachOFacts::found`).
    pub fn new(part: &str, needles: &'n [String]) -> Self {
        Self {
            part: part.to_string(),
            needles,
            longest: needles.iter().map(String::len).max().unwrap_or(0),
            tail: Vec::new(),
            pos: 0,
            piece_start: 0,
            head: Vec::new(),
            phase: Phase::Start,
            regions: Vec::new(),
            facts: MachOFacts::default(),
            seen_classes: std::collections::HashSet::new(),
            seen_hosts: std::collections::HashSet::new(),
        }
    }

    /// True once the first bytes showed this is not a Mach-O program.
    pub fn is_macho(&self) -> bool {
        !(matches!(self.phase, Phase::Done) && self.facts.architectures.is_empty())
    }

    fn malformed(&self, message: impl Into<String>) -> Error {
        Error::malformed(self.part.as_str(), message)
    }

    pub fn feed(&mut self, piece: &[u8]) {
        self.search(piece);
        let start = self.pos;
        self.piece_start = start;
        self.pos = self.pos.saturating_add(piece.len() as u64);
        self.advance(start, piece);
        for region in &mut self.regions {
            let from = region.start.max(start);
            let to = region.end.min(self.pos);
            if from >= to {
                continue;
            }
            let bytes = piece.get((from - start) as usize..(to - start) as usize).unwrap_or_default();
            match &mut region.kind {
                RegionKind::Capture(buf) => buf.extend_from_slice(bytes),
                RegionKind::CStrings { current, overlong } => {
                    self.facts.cstring_bytes += bytes.len() as u64;
                    for &b in bytes {
                        if b == 0 {
                            if !*overlong {
                                add_hosts(&mut self.facts.hosts, &mut self.seen_hosts, current);
                            }
                            current.clear();
                            *overlong = false;
                        } else if current.len() < MAX_CSTRING {
                            current.push(b);
                        } else {
                            *overlong = true;
                        }
                    }
                }
                RegionKind::Strings { prefix, current, overlong } => {
                    for &b in bytes {
                        if b == 0 {
                            if !*overlong && current.starts_with(prefix) {
                                if let Ok(name) = std::str::from_utf8(current.get(prefix.len()..).unwrap_or_default()) {
                                    add_class(&mut self.facts.classes, &mut self.seen_classes, name);
                                }
                            }
                            current.clear();
                            *overlong = false;
                        } else if current.len() < MAX_NAME + prefix.len() {
                            current.push(b);
                        } else {
                            *overlong = true;
                        }
                    }
                }
            }
        }
    }

    /// Looks for the needles in this piece and across its boundary with the previous one.
    fn search(&mut self, piece: &[u8]) {
        if self.longest == 0 || self.facts.found.len() == self.needles.len() {
            return;
        }
        let keep = self.longest.saturating_sub(1);
        let mut boundary = std::mem::take(&mut self.tail);
        boundary.extend_from_slice(piece.get(..keep.min(piece.len())).unwrap_or_default());
        for (i, needle) in self.needles.iter().enumerate() {
            if needle.is_empty() || self.facts.found.contains(&i) {
                continue;
            }
            let n = needle.as_bytes();
            if memchr::memmem::find(piece, n).is_some() || memchr::memmem::find(&boundary, n).is_some() {
                self.facts.found.push(i);
            }
        }
        // The new tail: the last `keep` bytes of everything seen.
        self.tail = if piece.len() >= keep {
            piece.get(piece.len() - keep..).unwrap_or_default().to_vec()
        } else {
            let cut = boundary.len().saturating_sub(keep);
            boundary.split_off(cut)
        };
    }

    /// Moves through the phases as the bytes needed for each arrive.
    fn advance(&mut self, start: u64, piece: &[u8]) {
        match self.phase {
            Phase::Start => {
                let want = 8 + 32 * MAX_SLICES;
                let room = want.saturating_sub(self.head.len());
                self.head.extend_from_slice(piece.get(..room.min(piece.len())).unwrap_or_default());
                let Some(next) = self.start_phase(self.head.len() >= want) else { return };
                self.phase = next;
                // `head` holds the file's first bytes, `piece` the ones up to `pos`: the slice may already
                // have begun in either (a thin program's slice starts at 0).
                let head = std::mem::take(&mut self.head);
                self.collect_header(0, &head);
                let head_end = head.len() as u64;
                if head_end < self.pos && head_end >= start {
                    self.collect_header(head_end, piece.get((head_end - start) as usize..).unwrap_or_default());
                }
            }
            Phase::SliceHeader { .. } => self.collect_header(start, piece),
            Phase::Body | Phase::Done => {}
        }
    }

    /// Decides what follows the first bytes, or `None` to wait for more.
    fn start_phase(&mut self, complete: bool) -> Option<Phase> {
        let magic_be = u32::from_be_bytes(<[u8; 4]>::try_from(self.head.get(..4)?).ok()?);
        let magic_le = u32::from_le_bytes(magic_be.to_be_bytes());
        if magic_be == FAT_MAGIC || magic_be == FAT_MAGIC_64 {
            let count = u32::from_be_bytes(<[u8; 4]>::try_from(self.head.get(4..8)?).ok()?) as usize;
            let entry = if magic_be == FAT_MAGIC { 20 } else { 32 };
            if count == 0 || count > MAX_SLICES {
                self.facts.warnings.push(self.malformed(format!("a universal program with {count} slices")));
                return Some(Phase::Done);
            }
            if self.head.len() < 8 + count * entry && !complete {
                return None;
            }
            let arches = match MultiArch::new(&self.head) {
                Ok(fat) => fat.iter_arches().take(count).map_while(Result::ok).collect::<Vec<_>>(),
                Err(e) => {
                    self.facts.warnings.push(self.malformed(format!("unreadable universal header: {e}")));
                    return Some(Phase::Done);
                }
            };
            self.facts.architectures = arches.iter().map(|a| arch_name(a.cputype, a.cpusubtype)).collect();
            // The slice a current iPhone runs: arm64 first, then the last listed (the newest, by convention).
            let arm64 = CPU_TYPE_ARM | CPU_ARCH_ABI64;
            let chosen = arches.iter().find(|a| a.cputype == arm64).or_else(|| arches.last());
            return Some(match chosen {
                Some(a) => Phase::SliceHeader { offset: u64::from(a.offset), size: u64::from(a.size), bytes: Vec::new() },
                None => {
                    self.facts.warnings.push(self.malformed("a universal program with no readable slice"));
                    Phase::Done
                }
            });
        }
        if magic_le == MH_MAGIC || magic_le == MH_MAGIC_64 {
            return Some(Phase::SliceHeader { offset: 0, size: u64::MAX, bytes: Vec::new() });
        }
        Some(Phase::Done)
    }

    /// Collects the slice's header and load commands (`bytes` start at file offset `at`).
    fn collect_header(&mut self, at: u64, bytes: &[u8]) {
        let Phase::SliceHeader { offset, size, bytes: header } = &mut self.phase else { return };
        let (offset, size) = (*offset, *size);
        loop {
            // The header's own size first (28 bytes cover both forms), then the load commands it announces.
            let want = if header.len() < 28 {
                28
            } else {
                let word = |i: usize| header.get(i..i + 4).and_then(|b| <[u8; 4]>::try_from(b).ok()).map_or(0, u32::from_le_bytes);
                let header_len = if word(0) == MH_MAGIC_64 { 32 } else { 28 };
                (header_len + u64::from(word(20))).min(size)
            };
            if want > MAX_LOAD_COMMANDS_BYTES {
                let e = Error::malformed(self.part.as_str(), format!("load commands of {want} bytes; real programs have well under a megabyte"));
                self.facts.warnings.push(e);
                self.phase = Phase::Done;
                return;
            }
            if header.len() as u64 >= want && header.len() >= 28 {
                break;
            }
            let have = offset.saturating_add(header.len() as u64);
            if have < at {
                return; // a gap: cannot happen when pieces are contiguous
            }
            let from = usize::try_from(have - at).unwrap_or(usize::MAX);
            let room = usize::try_from(want).unwrap_or(usize::MAX).saturating_sub(header.len());
            let take = bytes.get(from..).unwrap_or_default();
            let take = take.get(..room.min(take.len())).unwrap_or_default();
            if take.is_empty() {
                return; // wait for the next piece
            }
            header.extend_from_slice(take);
        }
        let header = std::mem::take(header);
        self.read_load_commands(offset, &header);
        self.phase = Phase::Body;
    }

    /// Reads the slice's load commands and plans the regions to capture or scan.
    fn read_load_commands(&mut self, offset: u64, header: &[u8]) {
        let header = without_entry_point(header);
        let macho = match MachO::parse_lossy(&header, 0) {
            Ok(m) => m,
            Err(e) => {
                self.facts.warnings.push(self.malformed(format!("unreadable load commands: {e}")));
                return;
            }
        };
        if self.facts.architectures.is_empty() {
            self.facts.architectures = vec![arch_name(macho.header.cputype, macho.header.cpusubtype)];
        }
        let mut crypt_range = None;
        for lc in &macho.load_commands {
            match &lc.command {
                CommandVariant::EncryptionInfo32(c) => {
                    self.facts.encrypted |= c.cryptid != 0;
                    crypt_range = Some((c.cryptoff, c.cryptsize));
                }
                CommandVariant::EncryptionInfo64(c) => {
                    self.facts.encrypted |= c.cryptid != 0;
                    crypt_range = Some((c.cryptoff, c.cryptsize));
                }
                CommandVariant::CodeSignature(c) => {
                    self.facts.signed = true;
                    if u64::from(c.datasize) > MAX_SIGNATURE_BYTES {
                        let e = self.malformed(format!("a code signature of {} bytes", c.datasize));
                        self.facts.warnings.push(e);
                    } else {
                        self.region(offset, u64::from(c.dataoff), u64::from(c.datasize), RegionKind::Capture(Vec::new()));
                    }
                }
                CommandVariant::Symtab(c) => {
                    let strings = RegionKind::Strings { prefix: OBJC_CLASS_SYMBOL, current: Vec::new(), overlong: false };
                    self.region(offset, u64::from(c.stroff), u64::from(c.strsize), strings);
                }
                _ => {}
            }
        }
        // libs[0] is "self" (or the dylib's own id), not a dependency.
        self.facts.linked_libraries = macho.libs.iter().skip(1).map(|l| l.to_string()).collect();
        let encrypted = self.facts.encrypted;
        let in_crypt = |off: u32, size: u64| match crypt_range {
            Some((start, len)) if encrypted => {
                let (start, end) = (u64::from(start), u64::from(start) + u64::from(len));
                u64::from(off) < end && u64::from(off) + size > start
            }
            _ => false,
        };
        let mut sections = Vec::new();
        for segment in macho.segments.iter().take(MAX_SECTIONS) {
            for (section, _) in segment.into_iter().take(MAX_SECTIONS).map_while(Result::ok) {
                let name = section.name().unwrap_or_default();
                let text = section.segname().unwrap_or_default() == "__TEXT";
                if (name == "__objc_classname" || (name == "__cstring" && text)) && !in_crypt(section.offset, section.size) {
                    sections.push((name == "__cstring", u64::from(section.offset), section.size));
                }
            }
        }
        for (cstrings, off, size) in sections {
            let kind = if cstrings {
                RegionKind::CStrings { current: Vec::new(), overlong: false }
            } else {
                RegionKind::Strings { prefix: b"", current: Vec::new(), overlong: false }
            };
            self.region(offset, off, size, kind);
        }
    }

    /// Plans a region at `off` within the slice at `slice`; regions already behind us are skipped.
    fn region(&mut self, slice: u64, off: u64, size: u64, kind: RegionKind) {
        let start = slice.saturating_add(off);
        if start < self.piece_start && size > 0 {
            let e = self.malformed(format!("a region at 0x{start:x} lies inside the load commands"));
            self.facts.warnings.push(e);
            return;
        }
        // Kept in file order, so that strings are met in the same order whatever the piece size.
        let at = self.regions.partition_point(|r| r.start <= start);
        self.regions.insert(at, Region { start, end: start.saturating_add(size), kind });
    }

    /// The facts, once every byte was fed. A signature that did not arrive whole is a warning.
    pub fn finish(mut self) -> Result<MachOFacts> {
        if self.facts.architectures.is_empty() {
            return Err(Error::malformed(self.part.as_str(), "not a Mach-O program"));
        }
        for region in std::mem::take(&mut self.regions) {
            let complete = self.pos >= region.end;
            match region.kind {
                RegionKind::Capture(sig) if complete => match codesign::parse(&sig) {
                    Ok(s) => {
                        self.facts.signing_identifier = s.identifier;
                        self.facts.team_id = s.team_id;
                        self.facts.entitlements = s.entitlements.map(<[u8]>::to_vec);
                    }
                    Err(mut e) => {
                        e.part = format!("{} (code signature)", self.part);
                        self.facts.warnings.push(e);
                    }
                },
                RegionKind::Capture(_) => {
                    let e = self.malformed("the code signature lies past the end of the program");
                    self.facts.warnings.push(e);
                }
                RegionKind::Strings { .. } | RegionKind::CStrings { .. } => {}
            }
        }
        self.facts.found.sort_unstable();
        Ok(self.facts)
    }
}

fn add_hosts(hosts: &mut Vec<(String, bool, String)>, seen: &mut std::collections::HashSet<String>, s: &[u8]) {
    if hosts.len() >= MAX_HOSTS {
        return;
    }
    crate::analysis::android::code::domains::hosts_in(s, |host, cleartext| {
        // A whole string that reads as a host and ends in a word like `id` is a key (`google.c.sender.id`).
        let last = host.rsplit('.').next().unwrap_or_default();
        if s == host.as_bytes() && crate::analysis::javascript::scan::PROPERTY_WORDS.contains(&last) {
            return;
        }
        if hosts.len() < MAX_HOSTS && seen.insert(host.to_string()) {
            hosts.push((host.to_string(), cleartext, String::from_utf8_lossy(s).into_owned()));
        }
    });
}

fn add_class(classes: &mut Vec<String>, seen: &mut std::collections::HashSet<String>, name: &str) {
    if classes.len() < MAX_CLASSES && is_class_name(name) && seen.insert(name.to_string()) {
        classes.push(name.to_string());
    }
}

/// Objective-C (and Swift `_Tt…`) class names are short identifiers.
fn is_class_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_NAME && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$')
}

/// Reads a program held in memory (tests, small files), feeding it in pieces like the streaming path.
pub fn read(bytes: &[u8], part: &str) -> Result<MachOFacts> {
    read_with(bytes, part, &[], 64 * 1024)
}

pub fn read_with(bytes: &[u8], part: &str, needles: &[String], piece: usize) -> Result<MachOFacts> {
    let mut scanner = Scanner::new(part, needles);
    for chunk in bytes.chunks(piece.max(1)) {
        scanner.feed(chunk);
    }
    scanner.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arch_names() {
        assert_eq!(arch_name(0x0100_000c, 0), "arm64");
        assert_eq!(arch_name(12, 9), "armv7");
        assert_eq!(arch_name(0x0100_0007, 3), "x86_64");
    }

    #[test]
    fn garbage_is_an_error() {
        for bytes in [&b""[..], b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe\0\0\0\x02", b"not a program"] {
            assert!(read(bytes, "x").is_err(), "{bytes:?}");
        }
    }

    #[test]
    fn needles_are_found_across_piece_boundaries() {
        let mut bytes = b"\xcf\xfa\xed\xfe".to_vec();
        bytes.extend(std::iter::repeat_n(b'.', 100));
        bytes.extend_from_slice(b"ep1.facebook.com");
        let needles = vec!["ep1.facebook.com".to_string(), "absent.example".to_string()];
        for piece in [1, 3, 7, 16, 50, 1000] {
            let mut s = Scanner::new("x", &needles);
            for c in bytes.chunks(piece) {
                s.feed(c);
            }
            assert_eq!(s.facts.found, vec![0], "piece size {piece}");
        }
    }
}
