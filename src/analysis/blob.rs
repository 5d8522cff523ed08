//! A file of unknown content, judged from a bounded sample of its first bytes: is it of a known format
//! (magic numbers, `data/file_formats.tsv`), and how random does it look? Randomness is the Shannon
//! entropy of the byte values, in bits per byte (C. E. Shannon, "A Mathematical Theory of Communication",
//! 1948): encrypted data and good compression come close to 8, while text, code, tables and pictures
//! stored raw stay well below. Used to find payloads that packers keep encrypted outside the DEX files.
//!
//! Nothing here can fail: any bytes, of any length, give a `Sample`.

use super::knowledge::formats::{format_of, FormatDef};

/// Bytes looked at: enough for a steady estimate (random data measures 7.997 bits per byte over 64 KiB),
/// little enough to read for every candidate file without slowing an ordinary app.
pub const SAMPLE_BYTES: usize = 64 * 1024;

/// The smallest sample whose entropy means something. The estimate of random data falls with the sample
/// (about 8 − 184 / n bits per byte for n bytes: 7.95 at 4 KiB, 7.989 at 16 KiB), and over a few hundred
/// bytes it says more about the length than the content.
pub const MIN_SAMPLE_BYTES: usize = 16 * 1024;

/// Bits per byte from which a sample looks encrypted or compressed. Random data measures 7.989 or more
/// over `MIN_SAMPLE_BYTES`; the payloads of the packed apps of the corpus measure 7.985 to 7.998. Text,
/// DEX, ELF and resource tables measure 4 to 7, JPEG and MP3 data 7.5 to 7.95 (but those carry magic
/// numbers). 7.9 leaves room below random data and above everything of structure.
pub const OPAQUE_BITS: f64 = 7.9;

/// What a file's first bytes say about it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    /// Bytes looked at (at most `SAMPLE_BYTES`).
    pub len: usize,
    /// The known format its magic number names, if any.
    pub format: Option<&'static FormatDef>,
    /// Shannon entropy of the sample in bits per byte (0 to 8).
    pub entropy: f64,
}

impl Sample {
    /// Of no known format, long enough to judge, and as random as encrypted or compressed data.
    pub fn looks_opaque(&self) -> bool {
        self.format.is_none() && self.len >= MIN_SAMPLE_BYTES && self.entropy >= OPAQUE_BITS
    }
}

/// Judges the start of a file; bytes past `SAMPLE_BYTES` are ignored.
pub fn sample(bytes: &[u8]) -> Sample {
    let bytes = bytes.get(..SAMPLE_BYTES).unwrap_or(bytes);
    Sample { len: bytes.len(), format: format_of(bytes), entropy: entropy(bytes) }
}

/// Shannon entropy of the byte values of `bytes`, in bits per byte: 0 for no bytes or a single repeated
/// value, 8 when all 256 values are equally frequent.
pub fn entropy(bytes: &[u8]) -> f64 {
    let mut counts = [0u64; 256];
    for &b in bytes {
        if let Some(c) = counts.get_mut(usize::from(b)) {
            *c += 1;
        }
    }
    let n = bytes.len() as f64;
    if bytes.is_empty() {
        return 0.0;
    }
    let sum: f64 = counts.iter().filter(|&&c| c > 0).map(|&c| c as f64 * (c as f64).log2()).sum();
    // log2(n) − Σ c·log2(c) / n, the same as −Σ p·log2(p); clamped against rounding just outside [0, 8].
    (n.log2() - sum / n).clamp(0.0, 8.0)
}

/// A deterministic stand-in for encrypted bytes (xorshift64*), so tests need no randomness; shared with the
/// code tests' packed-app cases.
#[cfg(test)]
pub(crate) fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.max(1);
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_of_the_extremes() {
        assert_eq!(entropy(&[]), 0.0);
        assert_eq!(entropy(&[7; 1000]), 0.0);
        assert!((entropy(&[0, 1]) - 1.0).abs() < 1e-9);
        let all: Vec<u8> = (0..=255u8).cycle().take(256 * 64).collect();
        assert!((entropy(&all) - 8.0).abs() < 1e-9);
        let text = "The quick brown fox jumps over the lazy dog. ".repeat(500);
        assert!(entropy(text.as_bytes()) < 4.5);
    }

    #[test]
    fn random_bytes_look_opaque_and_known_formats_do_not() {
        let random = noise(SAMPLE_BYTES * 2, 42);
        let s = sample(&random);
        assert_eq!(s.len, SAMPLE_BYTES, "only the first 64 KiB are looked at");
        assert!(s.entropy > 7.99, "{}", s.entropy);
        assert!(s.looks_opaque());
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&random);
        assert!(!sample(&png).looks_opaque(), "random-looking, but a PNG");
        assert!(!sample(&random[..MIN_SAMPLE_BYTES - 1]).looks_opaque(), "too short to judge");
        assert!(sample(&random[..MIN_SAMPLE_BYTES]).looks_opaque());
        let text = "if (x) { return y; } ".repeat(5000);
        assert!(!sample(text.as_bytes()).looks_opaque());
    }
}
