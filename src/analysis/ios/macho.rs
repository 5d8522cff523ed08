//! Mach-O programs (thin or fat), read with `goblin`: architectures, App Store encryption
//! (`LC_ENCRYPTION_INFO(_64)`), linked libraries (`LC_LOAD_DYLIB`…), the code signature
//! (`LC_CODE_SIGNATURE`) and Objective-C class names (`__TEXT,__objc_classname` and `_OBJC_CLASS_$_`
//! symbols). Format: Apple's `mach-o/loader.h` and `mach-o/fat.h`.

use goblin::mach::load_command::CommandVariant;
use goblin::mach::{Mach, MachO, SingleArch};

use super::codesign;
use crate::analysis::error::{Error, Result};

/// Class names kept per program: far more than any real app, small enough for a browser tab.
pub const MAX_CLASSES: usize = 200_000;
/// Symbols looked at per program (the symbol table of a large app has a few hundred thousand).
const MAX_SYMBOLS: usize = 4_000_000;
/// Sections per segment and slices per universal program: real ones have a few dozen and a handful. The
/// counts come from the file, and goblin's iterators yield an error per missing entry rather than stopping.
const MAX_SECTIONS: usize = 255;
const MAX_SLICES: usize = 32;

const CPU_TYPE_X86: u32 = 7;
const CPU_TYPE_ARM: u32 = 12;
const CPU_ARCH_ABI64: u32 = 0x0100_0000;
const CPU_ARCH_ABI64_32: u32 = 0x0200_0000;

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
    /// Parts of the program that were malformed and skipped.
    pub warnings: Vec<Error>,
}

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
    matches!(
        bytes.get(..4),
        Some([0xfe, 0xed, 0xfa, 0xce] | [0xce, 0xfa, 0xed, 0xfe] | [0xfe, 0xed, 0xfa, 0xcf] | [0xcf, 0xfa, 0xed, 0xfe] | [0xca, 0xfe, 0xba, 0xbe])
    )
}

/// Reads a program. `part` names it in errors (its entry path).
pub fn read(bytes: &[u8], part: &str) -> Result<MachOFacts> {
    let malformed = |e: goblin::error::Error| Error::malformed(part, format!("not a readable Mach-O program: {e}"));
    match Mach::parse_lossy(bytes).map_err(malformed)? {
        Mach::Binary(macho) => {
            let mut facts = MachOFacts {
                architectures: vec![arch_name(macho.header.cputype, macho.header.cpusubtype)],
                ..MachOFacts::default()
            };
            read_slice(&macho, bytes, part, &mut facts);
            Ok(facts)
        }
        Mach::Fat(fat) => {
            let arches: Vec<_> = fat.iter_arches().take(MAX_SLICES).map_while(Result::ok).collect();
            let mut facts = MachOFacts {
                architectures: arches.iter().map(|a| arch_name(a.cputype, a.cpusubtype)).collect(),
                ..MachOFacts::default()
            };
            // The slice a current iPhone runs: arm64 first, then the last listed (the newest, by convention).
            let arm64 = CPU_TYPE_ARM | CPU_ARCH_ABI64;
            let index = arches.iter().position(|a| a.cputype == arm64).or_else(|| arches.len().checked_sub(1));
            let Some(index) = index else {
                return Err(Error::malformed(part, "a universal program with no readable slice"));
            };
            let Some(arch) = arches.get(index) else {
                return Err(Error::malformed(part, "a universal program with no readable slice"));
            };
            let slice = (arch.offset as usize)
                .checked_add(arch.size as usize)
                .and_then(|end| bytes.get(arch.offset as usize..end))
                .ok_or_else(|| Error::malformed(part, "a universal program's slice lies outside the file"))?;
            match fat.get(index).map_err(malformed)? {
                SingleArch::MachO(macho) => read_slice(&macho, slice, part, &mut facts),
                SingleArch::Archive(_) => return Err(Error::unsupported(part, "a static library, not a program")),
            }
            Ok(facts)
        }
    }
}

/// `data` is the slice's own bytes (offsets in its load commands are relative to it).
fn read_slice(macho: &MachO<'_>, data: &[u8], part: &str, facts: &mut MachOFacts) {
    let mut crypt_range = None;
    for lc in &macho.load_commands {
        match &lc.command {
            CommandVariant::EncryptionInfo32(c) => {
                facts.encrypted |= c.cryptid != 0;
                crypt_range = Some((c.cryptoff, c.cryptsize));
            }
            CommandVariant::EncryptionInfo64(c) => {
                facts.encrypted |= c.cryptid != 0;
                crypt_range = Some((c.cryptoff, c.cryptsize));
            }
            CommandVariant::CodeSignature(c) => {
                facts.signed = true;
                let sig = (c.dataoff as usize)
                    .checked_add(c.datasize as usize)
                    .and_then(|end| data.get(c.dataoff as usize..end));
                match sig.ok_or_else(|| Error::malformed(part, "the code signature lies outside the program")).and_then(codesign::parse) {
                    Ok(s) => {
                        facts.signing_identifier = s.identifier;
                        facts.team_id = s.team_id;
                        facts.entitlements = s.entitlements.map(<[u8]>::to_vec);
                    }
                    Err(mut e) => {
                        e.part = format!("{part} (code signature)");
                        facts.warnings.push(e);
                    }
                }
            }
            _ => {}
        }
    }
    // libs[0] is "self" (or the dylib's own id), not a dependency.
    facts.linked_libraries = macho.libs.iter().skip(1).map(|l| l.to_string()).collect();

    let encrypted_at = |offset: u32, size: u64| match crypt_range {
        Some((start, len)) if facts.encrypted => {
            let (start, end) = (u64::from(start), u64::from(start) + u64::from(len));
            u64::from(offset) < end && u64::from(offset) + size > start
        }
        _ => false,
    };
    let mut seen = std::collections::HashSet::new();
    let mut add = |name: &str, classes: &mut Vec<String>| {
        if classes.len() < MAX_CLASSES && is_class_name(name) && seen.insert(name.to_string()) {
            classes.push(name.to_string());
        }
    };
    let mut classes = Vec::new();
    for segment in macho.segments.iter().take(MAX_SECTIONS) {
        for (section, bytes) in segment.into_iter().take(MAX_SECTIONS).map_while(Result::ok) {
            let name = section.name().unwrap_or_default();
            if name != "__objc_classname" || encrypted_at(section.offset, section.size) {
                continue;
            }
            for s in bytes.split(|&b| b == 0) {
                if let Ok(s) = std::str::from_utf8(s) {
                    add(s, &mut classes);
                }
            }
        }
    }
    for (name, _) in macho.symbols().take(MAX_SYMBOLS).map_while(Result::ok) {
        if let Some(class) = name.strip_prefix("_OBJC_CLASS_$_") {
            add(class, &mut classes);
        }
    }
    facts.classes = classes;
}

/// Objective-C (and Swift `_Tt…`) class names are short identifiers.
fn is_class_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 256 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$')
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
}
