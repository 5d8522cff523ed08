//! Printable strings of compiled code AppLens does not disassemble (Flutter's `libapp.so`, Unity's IL2CPP
//! metadata), read piece by piece as `strings(1)` does: runs of printable ASCII at least `MIN_RUN` long.
//! A run longer than `MAX_RUN` is handed on in pieces of that length, so memory stays flat whatever the
//! input.

/// Shorter runs are noise (bytes of code that happen to be printable).
pub const MIN_RUN: usize = 6;
/// Longer runs are cut into pieces this long (a URL is rarely longer; a host never is).
pub const MAX_RUN: usize = 2048;

/// Collects runs across the pieces of one file.
#[derive(Debug, Default)]
pub struct Strings {
    run: Vec<u8>,
}

impl Strings {
    /// Reads the next piece of the file, calling `found` for each complete run.
    pub fn feed(&mut self, piece: &[u8], found: &mut dyn FnMut(&[u8])) {
        for &b in piece {
            if (0x20..0x7f).contains(&b) {
                self.run.push(b);
                if self.run.len() >= MAX_RUN {
                    found(&self.run);
                    self.run.clear();
                }
            } else {
                self.flush(found);
            }
        }
    }

    /// The end of the file: hands on the last run.
    pub fn flush(&mut self, found: &mut dyn FnMut(&[u8])) {
        if self.run.len() >= MIN_RUN {
            found(&self.run);
        }
        self.run.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_across_pieces_and_cut_at_the_maximum() {
        let mut s = Strings::default();
        let mut out: Vec<String> = Vec::new();
        let mut found = |r: &[u8]| out.push(String::from_utf8_lossy(r).into_owned());
        s.feed(b"\x00\x01https://api.exa", &mut found);
        s.feed(b"mple.com/v1\x00abc\x00longer-one", &mut found);
        s.flush(&mut found);
        assert_eq!(out, ["https://api.example.com/v1", "longer-one"]);
        let mut n = 0;
        let mut s = Strings::default();
        s.feed(&vec![b'a'; MAX_RUN * 3 + 1], &mut |r| {
            assert!(r.len() <= MAX_RUN);
            n += 1;
        });
        assert_eq!(n, 3);
    }
}
