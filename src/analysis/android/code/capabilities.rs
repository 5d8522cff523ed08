//! Capability detection: method and field references (`Lclass;->name` in `method_ids` / `field_ids`),
//! referenced types, and strings of the DEX string table, looked up in `data/capability_signatures.tsv`.
//! A DEX file lists every method it calls in `method_ids`, so a reference there means the code calls it
//! somewhere (which is not proof that the call ever runs).

use std::collections::HashMap;
use std::sync::OnceLock;

use memchr::memmem::Finder;

use crate::analysis::dex::Dex;
use crate::analysis::knowledge::capabilities::{signatures, SignatureDef, SignatureKind};

pub struct CapabilityMatcher {
    /// Class descriptor → signatures on that class (methods, fields, the type itself).
    by_class: HashMap<&'static [u8], Vec<&'static SignatureDef>>,
    class_filter: KeyFilter,
    /// Whole-string signatures, by their exact text.
    exact: HashMap<&'static [u8], Vec<&'static SignatureDef>>,
    exact_filter: KeyFilter,
    prefixes: Vec<&'static SignatureDef>,
    /// First bytes of the prefixes: most strings are ruled out by one table lookup.
    prefix_first: [bool; 256],
    contains: Vec<(Finder<'static>, &'static SignatureDef)>,
}

/// A 4,096-bit filter in front of a map with a few dozen keys: a string that is not a key almost always
/// ends on one bit test (of its length and three of its bytes) instead of a hash of all its bytes, which
/// matters when every type and string of every DEX file is looked up.
struct KeyFilter {
    bits: [u64; 64],
}

impl KeyFilter {
    fn new<'k>(keys: impl IntoIterator<Item = &'k [u8]>) -> Self {
        let mut bits = [0u64; 64];
        for key in keys {
            let slot = Self::slot(key);
            if let Some(word) = bits.get_mut(slot / 64) {
                *word |= 1 << (slot % 64);
            }
        }
        Self { bits }
    }

    fn slot(s: &[u8]) -> usize {
        let byte = |i: usize| usize::from(s.get(i).copied().unwrap_or(0));
        let n = s.len();
        (n.wrapping_mul(0x9e5) ^ (byte(1) << 5) ^ (byte(n / 2) << 2) ^ byte(n.wrapping_sub(2))) % 4096
    }

    fn may_hold(&self, s: &[u8]) -> bool {
        let slot = Self::slot(s);
        self.bits.get(slot / 64).is_some_and(|word| word >> (slot % 64) & 1 == 1)
    }
}

pub fn matcher() -> &'static CapabilityMatcher {
    static M: OnceLock<CapabilityMatcher> = OnceLock::new();
    M.get_or_init(|| {
        let mut by_class: HashMap<&'static [u8], Vec<&'static SignatureDef>> = HashMap::new();
        let mut exact: HashMap<&'static [u8], Vec<&'static SignatureDef>> = HashMap::new();
        let mut prefixes = Vec::new();
        let mut prefix_first = [false; 256];
        let mut contains = Vec::new();
        for s in signatures() {
            match s.kind {
                SignatureKind::Method | SignatureKind::Field => {
                    if let Some((class, _)) = s.member() {
                        by_class.entry(class.as_bytes()).or_default().push(s);
                    }
                }
                SignatureKind::Type => by_class.entry(s.pattern.as_bytes()).or_default().push(s),
                SignatureKind::StringExact => exact.entry(s.pattern.as_bytes()).or_default().push(s),
                SignatureKind::StringPrefix => {
                    if let Some(slot) = s.pattern.bytes().next().and_then(|b| prefix_first.get_mut(usize::from(b))) {
                        *slot = true;
                    }
                    prefixes.push(s);
                }
                SignatureKind::StringContains => contains.push((Finder::new(s.pattern.as_bytes()), s)),
            }
        }
        let class_filter = KeyFilter::new(by_class.keys().copied());
        let exact_filter = KeyFilter::new(exact.keys().copied());
        CapabilityMatcher { by_class, class_filter, exact, exact_filter, prefixes, prefix_first, contains }
    })
}

impl CapabilityMatcher {
    /// Calls `found(signature, evidence text)` for every method, field and type signature `dex` references.
    pub fn scan_references(&self, dex: &Dex<'_>, mut found: impl FnMut(&'static SignatureDef, String)) {
        // Which type ids name a class of interest: one hash lookup per type, then members are checked only
        // for those few classes.
        let mut interesting: Vec<Option<&Vec<&'static SignatureDef>>> = Vec::with_capacity(dex.type_count() as usize);
        for t in 0..dex.type_count() {
            let sigs = dex.type_descriptor(t).ok().filter(|d| self.class_filter.may_hold(d)).and_then(|d| self.by_class.get(d));
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

    /// The substrings the `string-contains` signatures look for: a caller that searched all strings for
    /// them at once passes `may_contain: false` to `scan_string` for the strings that hold none.
    pub fn contained_patterns(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.contains.iter().map(|(_, sig)| sig.pattern)
    }

    /// Calls `found(signature)` for every string signature that `s` (one DEX string) satisfies; the
    /// `string-contains` ones only when `may_contain`. This runs on every string of every DEX file, so each
    /// kind is ruled out as cheaply as it can be.
    pub fn scan_string(&self, s: &[u8], may_contain: bool, mut found: impl FnMut(&'static SignatureDef)) {
        if self.exact_filter.may_hold(s) {
            for &sig in self.exact.get(s).map(Vec::as_slice).unwrap_or_default() {
                found(sig);
            }
        }
        if s.first().is_some_and(|&b| self.prefix_first.get(usize::from(b)).copied().unwrap_or(false)) {
            for &sig in &self.prefixes {
                if s.starts_with(sig.pattern.as_bytes()) {
                    found(sig);
                }
            }
        }
        if !may_contain {
            return;
        }
        for (finder, sig) in &self.contains {
            if finder.find(s).is_some() {
                found(sig);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_filters_hold_every_key_and_few_others() {
        let m = matcher();
        assert!(m.by_class.keys().all(|k| m.class_filter.may_hold(k)));
        assert!(m.exact.keys().all(|k| m.exact_filter.may_hold(k)));
        let others: Vec<String> = (0..2000).map(|i| format!("Lcom/example/app{i}/Screen{};", i * 7)).collect();
        let passed = others.iter().filter(|o| m.class_filter.may_hold(o.as_bytes())).count();
        assert!(passed < 200, "{passed} of 2000 non-keys passed the filter");
    }
}
