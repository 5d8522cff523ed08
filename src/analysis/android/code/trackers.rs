//! Tracker detection the way Exodus Privacy does it, so results can be compared: each class a DEX file
//! defines is turned into the name exodus-core's class list holds for it, and every tracker whose code
//! signature (longer than three characters) occurs in one of those names is present.
//!
//! exodus-core lists classes with `dexdump classes*.dex | perl -ne '/[A-Z]+((?:\w+\/)+\w+)/ && print $1'`:
//! for `Lcom/foo/Bar$Inner;` that is `com/foo/Bar` (slash form, the `L` and anything after the last word
//! character of the path dropped). `exodus_form` computes exactly that capture.

use std::sync::OnceLock;

use super::signature::{code_alternatives, SignatureSet};
use crate::analysis::knowledge::trackers::trackers;

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The first capture of `[A-Z]+((?:\w+/)+\w+)` in `descriptor` (ASCII `\w`, leftmost match, greedy with
/// backtracking as perl does), in linear time.
pub fn exodus_form(descriptor: &[u8]) -> Option<&[u8]> {
    let len = descriptor.len();
    let upper = |i: usize| descriptor.get(i).is_some_and(u8::is_ascii_uppercase);
    let word = |i: usize| descriptor.get(i).copied().is_some_and(is_word);
    // From `start`: a chain of word runs joined by single slashes, at least two runs. Returns its end and
    // the end of its first run (where a retry from a later start would end up failing the same way).
    let chain = |start: usize| -> (Option<usize>, usize) {
        let mut i = start;
        let mut runs = 0;
        let mut end = None;
        let mut first_end = start;
        loop {
            let mut j = i;
            while word(j) {
                j += 1;
            }
            if j == i {
                break;
            }
            if runs == 0 {
                first_end = j;
            } else {
                end = Some(j);
            }
            runs += 1;
            if descriptor.get(j) == Some(&b'/') {
                i = j + 1;
            } else {
                break;
            }
        }
        (end, first_end)
    };
    let mut p = 0;
    while p < len {
        if !upper(p) {
            p += 1;
            continue;
        }
        let mut u = p;
        while upper(u) {
            u += 1;
        }
        // Greedy: all the capitals, then one fewer (the capture's first run may start on a capital).
        let (end, first_end) = chain(u);
        if let Some(end) = end {
            return descriptor.get(u..end);
        }
        if u - p >= 2 {
            if let (Some(end), _) = chain(u - 1) {
                return descriptor.get(u - 1..end);
            }
        }
        // Any later start inside the same word run ends its first run at the same place: it fails too.
        p = first_end.max(u).max(p + 1);
    }
    None
}

/// All detectable trackers' code signatures in one automaton; owners are indices into `trackers()`.
pub fn matcher() -> &'static SignatureSet {
    static SET: OnceLock<SignatureSet> = OnceLock::new();
    SET.get_or_init(|| {
        SignatureSet::new(
            trackers()
                .iter()
                .enumerate()
                .filter(|(_, t)| t.detectable())
                .flat_map(|(i, t)| code_alternatives(t.code_signature).map(move |a| (i as u32, a))),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(s: &str) -> Option<&str> {
        exodus_form(s.as_bytes()).map(|b| std::str::from_utf8(b).unwrap())
    }

    #[test]
    fn same_capture_as_exodus_perl_regex() {
        assert_eq!(form("Lcom/google/android/gms/ads/AdView;"), Some("com/google/android/gms/ads/AdView"));
        assert_eq!(form("Lcom/foo/Bar$Inner;"), Some("com/foo/Bar"));
        assert_eq!(form("Lcom/foo//Bar;"), Some("com/foo"));
        assert_eq!(form("LFoo;"), None, "no package: not in exodus-core's list");
        assert_eq!(form("LABC/def/Ghi;"), Some("C/def/Ghi"), "perl backtracks [A-Z]+ by one");
        assert_eq!(form("LCom/foo/Bar;"), Some("om/foo/Bar"));
        assert_eq!(form("Lcom/foo-bar/Baz;"), Some("com/foo"));
        assert_eq!(form("La/b-c/D;"), Some("a/b"));
        assert_eq!(form("Lx;Ly/z;"), Some("y/z"), "a later `L` starts a match");
        assert_eq!(form("Lx;LY/z;"), Some("Y/z"));
    }

    #[test]
    fn linear_on_hostile_names() {
        let hostile = "Ab".repeat(100_000) + ";";
        assert_eq!(form(&hostile), None);
        let slashes = "L".to_string() + &"a/".repeat(100_000) + "b;";
        assert_eq!(form(&slashes).map(str::len), Some(200_001));
    }

    #[test]
    fn admob_and_firebase_are_found() {
        let names: Vec<&str> = trackers().iter().map(|t| t.name).collect();
        let mut found = Vec::new();
        for class in ["com/google/android/gms/ads/AdView", "com/google/firebase/analytics/FirebaseAnalytics", "org/example/Main"] {
            matcher().for_each_match(class.as_bytes(), |_| false, |o| found.push(names[o as usize]));
        }
        found.sort_unstable();
        found.dedup();
        assert_eq!(found, ["Google AdMob", "Google Firebase Analytics"]);
    }
}
