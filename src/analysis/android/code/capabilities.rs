//! Capability detection: method and field references (`Lclass;->name` in `method_ids` / `field_ids`),
//! referenced types, and strings of the DEX string table, looked up in `data/capability_signatures.tsv`.
//! A DEX file lists every method it calls in `method_ids`, so a reference there means the code calls it
//! somewhere (which is not proof that the call ever runs).

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::analysis::dex::Dex;
use crate::analysis::knowledge::capabilities::{signatures, SignatureDef, SignatureKind};

pub struct CapabilityMatcher {
    /// Class descriptor → signatures on that class (methods, fields, the type itself).
    by_class: HashMap<&'static [u8], Vec<&'static SignatureDef>>,
    strings: Option<AhoCorasick>,
    string_sigs: Vec<&'static SignatureDef>,
}

pub fn matcher() -> &'static CapabilityMatcher {
    static M: OnceLock<CapabilityMatcher> = OnceLock::new();
    M.get_or_init(|| {
        let mut by_class: HashMap<&'static [u8], Vec<&'static SignatureDef>> = HashMap::new();
        let mut string_sigs = Vec::new();
        for s in signatures() {
            match s.kind {
                SignatureKind::Method | SignatureKind::Field => {
                    if let Some((class, _)) = s.member() {
                        by_class.entry(class.as_bytes()).or_default().push(s);
                    }
                }
                SignatureKind::Type => by_class.entry(s.pattern.as_bytes()).or_default().push(s),
                _ => string_sigs.push(s),
            }
        }
        let strings = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(string_sigs.iter().map(|s| s.pattern))
            .ok();
        CapabilityMatcher { by_class, strings, string_sigs }
    })
}

impl CapabilityMatcher {
    /// Calls `found(signature, evidence text)` for every method, field and type signature `dex` references.
    pub fn scan_references(&self, dex: &Dex<'_>, mut found: impl FnMut(&'static SignatureDef, String)) {
        // Which type ids name a class of interest: one hash lookup per type, then members are checked only
        // for those few classes.
        let mut interesting: Vec<Option<&Vec<&'static SignatureDef>>> = Vec::with_capacity(dex.type_count() as usize);
        for t in 0..dex.type_count() {
            let sigs = dex.type_descriptor(t).ok().and_then(|d| self.by_class.get(d));
            if let Some(list) = sigs {
                for s in list.iter().filter(|s| s.kind == SignatureKind::Type) {
                    found(s, s.pattern.to_string());
                }
            }
            interesting.push(sigs);
        }
        let mut member = |class_idx: u16, name_idx: u32, kind: SignatureKind| {
            let Some(Some(list)) = interesting.get(usize::from(class_idx)) else { return };
            let Ok(name) = dex.string(name_idx) else { return };
            for s in list.iter().filter(|s| s.kind == kind) {
                if s.member().is_some_and(|(_, m)| m.as_bytes() == name) {
                    found(s, s.pattern.to_string());
                }
            }
        };
        for m in 0..dex.method_count() {
            if let Ok(id) = dex.method(m) {
                member(id.class_idx, id.name_idx, SignatureKind::Method);
            }
        }
        for f in 0..dex.field_count() {
            if let Ok(id) = dex.field(f) {
                member(id.class_idx, id.name_idx, SignatureKind::Field);
            }
        }
    }

    /// Calls `found(signature)` for every string signature that `s` (one DEX string) satisfies.
    pub fn scan_string(&self, s: &[u8], mut found: impl FnMut(&'static SignatureDef)) {
        let Some(ac) = &self.strings else { return };
        for m in ac.find_overlapping_iter(s) {
            let Some(sig) = self.string_sigs.get(m.pattern().as_usize()).copied() else { continue };
            let hit = match sig.kind {
                SignatureKind::StringExact => m.start() == 0 && m.end() == s.len(),
                SignatureKind::StringPrefix => m.start() == 0,
                _ => true,
            };
            if hit {
                found(sig);
            }
        }
    }
}
