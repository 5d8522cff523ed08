//! Many Exodus-style signatures searched at once. A signature is a list of alternatives (`a|b|c`), each a
//! literal in which some positions match any byte (`.` in a code signature, as in a Python regex); a text
//! matches when any alternative occurs anywhere in it (`re.search`). Instead of one scan per signature,
//! one Aho-Corasick automaton finds each alternative's most distinctive literal run (its anchor), and
//! only the alternatives whose anchor occurs are compared in full at that place.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// One byte of a pattern: `Some(b)` is that byte, `None` any byte.
pub type PatternByte = Option<u8>;

struct Alternative {
    owner: u32,
    bytes: Vec<PatternByte>,
    /// Where the anchor starts inside `bytes`.
    anchor_at: usize,
}

pub struct SignatureSet {
    automaton: Option<AhoCorasick>,
    /// For each automaton pattern, the alternatives anchored on it.
    by_anchor: Vec<Vec<u32>>,
    alternatives: Vec<Alternative>,
    /// Alternatives without a single literal byte: they match any text at least as long as they are.
    wildcards: Vec<u32>,
}

/// Words that begin half the class names of an app; a poor anchor when a rarer run exists.
const COMMON: &[&[u8]] = &[b"com", b"org", b"net", b"io", b"android", b"androidx", b"google", b"gms", b"sdk", b"ads"];

/// The literal run to anchor on: the longest one that is not a common word, else the longest.
fn anchor(bytes: &[PatternByte]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize, bool)> = None;
    let mut start = 0;
    while start < bytes.len() {
        if bytes.get(start).copied().flatten().is_none() {
            start += 1;
            continue;
        }
        let len = bytes.get(start..).unwrap_or_default().iter().take_while(|b| b.is_some()).count();
        let run: Vec<u8> = bytes.get(start..start + len).unwrap_or_default().iter().flatten().copied().collect();
        let rare = !COMMON.contains(&run.as_slice());
        let better = match best {
            None => true,
            Some((_, best_len, best_rare)) => (rare, len) > (best_rare, best_len),
        };
        if better {
            best = Some((start, len, rare));
        }
        start += len;
    }
    best.map(|(s, l, _)| (s, l))
}

impl SignatureSet {
    /// `alternatives`: (owner, pattern) pairs; an owner is typically a tracker's index.
    pub fn new(alternatives: impl IntoIterator<Item = (u32, Vec<PatternByte>)>) -> Self {
        let mut anchors: Vec<Vec<u8>> = Vec::new();
        let mut by_anchor: Vec<Vec<u32>> = Vec::new();
        let mut alts = Vec::new();
        let mut wildcards = Vec::new();
        for (owner, bytes) in alternatives {
            let id = alts.len() as u32;
            match anchor(&bytes) {
                Some((at, len)) => {
                    let lit: Vec<u8> = bytes.get(at..at + len).unwrap_or_default().iter().flatten().copied().collect();
                    let slot = match anchors.iter().position(|a| *a == lit) {
                        Some(i) => i,
                        None => {
                            anchors.push(lit);
                            by_anchor.push(Vec::new());
                            anchors.len() - 1
                        }
                    };
                    if let Some(list) = by_anchor.get_mut(slot) {
                        list.push(id);
                    }
                    alts.push(Alternative { owner, bytes, anchor_at: at });
                }
                None => {
                    wildcards.push(id);
                    alts.push(Alternative { owner, bytes, anchor_at: 0 });
                }
            }
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&anchors)
            .ok();
        Self { automaton, by_anchor, alternatives: alts, wildcards }
    }

    /// Calls `found(owner)` for every alternative that occurs in `text` (an owner may be reported more
    /// than once; `skip(owner)` lets the caller stop checking owners it no longer needs).
    pub fn for_each_match(&self, text: &[u8], skip: impl Fn(u32) -> bool, mut found: impl FnMut(u32)) {
        for &id in &self.wildcards {
            if let Some(alt) = self.alternatives.get(id as usize) {
                if !skip(alt.owner) && text.len() >= alt.bytes.len() {
                    found(alt.owner);
                }
            }
        }
        let Some(automaton) = &self.automaton else { return };
        for m in automaton.find_overlapping_iter(text) {
            for &id in self.by_anchor.get(m.pattern().as_usize()).map(Vec::as_slice).unwrap_or_default() {
                let Some(alt) = self.alternatives.get(id as usize) else { continue };
                if skip(alt.owner) {
                    continue;
                }
                let Some(start) = m.start().checked_sub(alt.anchor_at) else { continue };
                let Some(window) = start.checked_add(alt.bytes.len()).and_then(|end| text.get(start..end)) else { continue };
                if window.iter().zip(&alt.bytes).all(|(t, p)| p.is_none_or(|p| p == *t)) {
                    found(alt.owner);
                }
            }
        }
    }
}

/// An Exodus code signature's alternatives: `.` matches any character, everything else itself.
pub fn code_alternatives(signature: &str) -> impl Iterator<Item = Vec<PatternByte>> + '_ {
    signature.split('|').map(|alt| alt.bytes().map(|b| if b == b'.' { None } else { Some(b) }).collect())
}

/// An Exodus network signature's alternatives over host names. They are regexes written mostly as
/// escaped literals (`graph\.facebook\.com`); `.*` at either end is dropped (search finds it anyway),
/// `\x` is the literal x, a bare `.` is any character. Alternatives using any other regex syntax
/// (classes, repetition) are not understood and are skipped: `None` in their place.
pub fn network_alternatives(signature: &str) -> impl Iterator<Item = Option<Vec<PatternByte>>> + '_ {
    signature.split('|').filter(|a| !a.is_empty()).map(|alt| {
        let alt = alt.strip_prefix('^').unwrap_or(alt);
        let alt = alt.strip_suffix('$').unwrap_or(alt);
        let alt = alt.strip_prefix(".*").unwrap_or(alt);
        let alt = alt.strip_suffix(".*").unwrap_or(alt);
        let mut out = Vec::with_capacity(alt.len());
        let mut bytes = alt.bytes();
        while let Some(b) = bytes.next() {
            match b {
                b'\\' => out.push(Some(bytes.next()?.to_ascii_lowercase())),
                b'.' => out.push(None),
                b'[' | b']' | b'(' | b')' | b'*' | b'+' | b'?' | b'{' | b'}' | b'^' | b'$' => return None,
                _ => out.push(Some(b.to_ascii_lowercase())),
            }
        }
        (!out.is_empty()).then_some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(sigs: &[&str]) -> SignatureSet {
        SignatureSet::new(sigs.iter().enumerate().flat_map(|(i, s)| code_alternatives(s).map(move |a| (i as u32, a))))
    }

    fn owners(set: &SignatureSet, text: &str) -> Vec<u32> {
        let mut v = Vec::new();
        set.for_each_match(text.as_bytes(), |_| false, |o| v.push(o));
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn dots_match_any_character_and_search_is_unanchored() {
        let s = set(&["com.google.android.gms.ads.", "com.facebook.ads|com.facebook.audiencenetwork", ".LigatusManager"]);
        assert_eq!(owners(&s, "com/google/android/gms/ads/AdView"), [0]);
        assert_eq!(owners(&s, "com/google/android/gms/ads"), Vec::<u32>::new(), "the final . needs a character");
        assert_eq!(owners(&s, "com/google/android/gms/adsX"), [0]);
        assert_eq!(owners(&s, "com/facebook/ads/AdView"), [1]);
        assert_eq!(owners(&s, "xcom/facebook/audiencenetwork"), [1]);
        assert_eq!(owners(&s, "foo/LigatusManager"), [2]);
        assert_eq!(owners(&s, "LigatusManager"), Vec::<u32>::new(), "the leading . needs a character");
    }

    #[test]
    fn same_anchor_many_alternatives_and_wildcards() {
        let s = set(&["a.google.b", "c.google.d", "...."]);
        assert_eq!(owners(&s, "a/google/b"), [0, 2]);
        assert_eq!(owners(&s, "c/google/d"), [1, 2]);
        assert_eq!(owners(&s, "abc"), Vec::<u32>::new());
    }

    #[test]
    fn network_signatures_unescape_or_are_skipped() {
        let alts: Vec<_> = network_alternatives(r"graph\.facebook\.com|.*\.anvato\.net|ads[0-9]\.x\.com|fidzup").collect();
        assert_eq!(alts.len(), 4);
        assert!(alts[2].is_none());
        let s = SignatureSet::new(alts.into_iter().flatten().map(|a| (0, a)));
        assert_eq!(owners(&s, "graph.facebook.com"), [0]);
        assert_eq!(owners(&s, "graphxfacebook.com"), Vec::<u32>::new());
        assert_eq!(owners(&s, "cdn.anvato.net"), [0]);
        assert_eq!(owners(&s, "api.fidzup.fr"), [0]);
    }
}
