//! ZIP archives written byte by byte (APPNOTE.TXT 4.3), so a test can make every field lie: sizes, counts,
//! offsets, names. The zip crate's writer refuses to produce most of these, which is why this exists.

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub const STORED: u16 = 0;
pub const DEFLATED: u16 = 8;

const LOCAL_SIG: u32 = 0x0403_4b50;
const CENTRAL_SIG: u32 = 0x0201_4b50;
const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;

/// One central-directory record: what a reader believes about an entry.
#[derive(Clone, Debug)]
pub struct CentralRecord {
    pub name: Vec<u8>,
    pub method: u16,
    pub crc: u32,
    pub compressed_size: u32,
    pub uncompressed_size: u32,
    pub local_offset: u32,
}

/// Builds an archive in order: local entries, then the central directory, then the end record.
#[derive(Default)]
pub struct ZipBuilder {
    pub out: Vec<u8>,
    pub central: Vec<CentralRecord>,
}

impl ZipBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes a local header and `data` (already compressed with `method`) and records it for the
    /// central directory, declaring `uncompressed_size` whatever the data really inflates to.
    pub fn add_raw(&mut self, name: &[u8], method: u16, crc: u32, data: &[u8], uncompressed_size: u32) -> CentralRecord {
        let record = CentralRecord {
            name: name.to_vec(),
            method,
            crc,
            compressed_size: u32::try_from(data.len()).expect("entry under 4 GiB"),
            uncompressed_size,
            local_offset: u32::try_from(self.out.len()).expect("archive under 4 GiB"),
        };
        write_local_header(&mut self.out, &record);
        self.out.extend_from_slice(data);
        self.central.push(record.clone());
        record
    }

    pub fn add_stored(&mut self, name: &str, data: &[u8]) -> CentralRecord {
        let size = u32::try_from(data.len()).expect("entry under 4 GiB");
        self.add_raw(name.as_bytes(), STORED, crc32(data), data, size)
    }

    pub fn add_deflated(&mut self, name: &str, data: &[u8]) -> CentralRecord {
        let size = u32::try_from(data.len()).expect("entry under 4 GiB");
        self.add_raw(name.as_bytes(), DEFLATED, crc32(data), &deflate(data), size)
    }

    /// Central directory and end record, declaring the true entry count (zip64 when it needs more than
    /// 16 bits).
    pub fn finish(self) -> Vec<u8> {
        let count = self.central.len() as u64;
        self.finish_declaring(count)
    }

    /// As `finish`, but the end record declares `declared` entries whatever the directory holds.
    pub fn finish_declaring(mut self, declared: u64) -> Vec<u8> {
        let cd_start = self.out.len() as u64;
        for record in &self.central {
            write_central_header(&mut self.out, record);
        }
        let cd_size = self.out.len() as u64 - cd_start;
        write_end_records(&mut self.out, declared, cd_start, cd_size);
        self.out
    }
}

pub fn write_local_header(out: &mut Vec<u8>, r: &CentralRecord) {
    put32(out, LOCAL_SIG);
    put16(out, 20); // version needed
    put16(out, 0); // flags
    put16(out, r.method);
    put16(out, 0); // time
    put16(out, 0x21); // date: 1980-01-01
    put32(out, r.crc);
    put32(out, r.compressed_size);
    put32(out, r.uncompressed_size);
    put16(out, u16::try_from(r.name.len()).expect("name under 64 KiB"));
    put16(out, 0); // extra length
    out.extend_from_slice(&r.name);
}

pub fn write_central_header(out: &mut Vec<u8>, r: &CentralRecord) {
    put32(out, CENTRAL_SIG);
    put16(out, 20); // version made by
    put16(out, 20); // version needed
    put16(out, 0); // flags
    put16(out, r.method);
    put16(out, 0); // time
    put16(out, 0x21); // date
    put32(out, r.crc);
    put32(out, r.compressed_size);
    put32(out, r.uncompressed_size);
    put16(out, u16::try_from(r.name.len()).expect("name under 64 KiB"));
    put16(out, 0); // extra length
    put16(out, 0); // comment length
    put16(out, 0); // disk number start
    put16(out, 0); // internal attributes
    put32(out, 0); // external attributes
    put32(out, r.local_offset);
    out.extend_from_slice(&r.name);
}

/// The end record, preceded by a zip64 end record and locator when `entries` needs more than 16 bits.
pub fn write_end_records(out: &mut Vec<u8>, entries: u64, cd_start: u64, cd_size: u64) {
    let zip64 = entries >= 0xffff;
    if zip64 {
        let record_at = out.len() as u64;
        put32(out, ZIP64_EOCD_SIG);
        put64(out, 44); // size of the rest of the record
        put16(out, 45); // version made by
        put16(out, 45); // version needed
        put32(out, 0); // this disk
        put32(out, 0); // disk with the central directory
        put64(out, entries); // entries on this disk
        put64(out, entries); // entries in total
        put64(out, cd_size);
        put64(out, cd_start);
        put32(out, ZIP64_LOCATOR_SIG);
        put32(out, 0); // disk with the zip64 end record
        put64(out, record_at);
        put32(out, 1); // disks in total
    }
    let short = if zip64 { 0xffff } else { entries as u16 };
    put32(out, EOCD_SIG);
    put16(out, 0); // this disk
    put16(out, 0); // disk with the central directory
    put16(out, short);
    put16(out, short);
    put32(out, u32::try_from(cd_size).unwrap_or(u32::MAX));
    put32(out, u32::try_from(cd_start).unwrap_or(u32::MAX));
    put16(out, 0); // comment length
}

pub fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
pub fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
pub fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// A one-entry APK holding `manifest` stored (no compression, so mutations of it reach the parser
/// instead of tripping the CRC check).
pub fn apk_with_manifest(manifest: &[u8]) -> Vec<u8> {
    let mut zip = ZipBuilder::new();
    zip.add_stored("AndroidManifest.xml", manifest);
    zip.finish()
}

/// Raw deflate of `data`, made with the zip crate's writer and lifted out of the archive it wrote.
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    writer.start_file("x", options).expect("start entry");
    writer.write_all(data).expect("deflate");
    let bytes = writer.finish().expect("finish zip").into_inner();
    let mut archive = ZipArchive::new(Cursor::new(&bytes)).expect("reread own zip");
    let entry = archive.by_index_raw(0).expect("own entry");
    let start = usize::try_from(entry.data_start().expect("data start")).expect("offset");
    let len = usize::try_from(entry.compressed_size()).expect("size");
    bytes[start..start + len].to_vec()
}

/// Inflates raw deflate `data` (the test's own check that generated streams are what they claim).
pub fn inflate(data: &[u8], declared: u32) -> Vec<u8> {
    let mut zip = ZipBuilder::new();
    zip.add_raw(b"x", DEFLATED, 0, data, declared);
    let bytes = zip.finish();
    let mut archive = ZipArchive::new(Cursor::new(bytes)).expect("own zip");
    let options = zip::read::ZipReadOptions::new().ignore_crc32(true);
    let mut entry = archive.by_index_with_options(0, options).expect("own entry");
    let mut out = Vec::new();
    entry.read_to_end(&mut out).expect("inflate");
    out
}

/// A raw deflate stream that inflates to `n` zero bytes at about 1000:1, written without a compressor:
/// one dynamic-Huffman block whose only codes are literal 0, end-of-block and "copy 258 bytes from
/// distance 1", the last with a one-bit code. A gibibyte costs about a megabyte and a few milliseconds.
pub fn deflate_zeros(n: u64) -> Vec<u8> {
    let mut w = BitWriter::default();
    w.bits(1, 1); // BFINAL
    w.bits(2, 2); // BTYPE = dynamic Huffman
    w.bits(286 - 257, 5); // HLIT: literal/length codes 0..=285
    w.bits(2 - 1, 5); // HDIST: distance codes 0 and 1 (a complete one-bit code)
    // Code-length code: symbols 18 (1 bit), 1 and 2 (2 bits each); sent in RFC 1951's permuted order up to
    // symbol 1, the 18th entry, so HCLEN = 18 - 4.
    const ORDER: [usize; 18] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
    w.bits(18 - 4, 4);
    for sym in ORDER {
        let len = match sym {
            18 => 1,
            1 | 2 => 2,
            _ => 0,
        };
        w.bits(len, 3);
    }
    // Canonical codes of the code-length code: 18 -> 0, 1 -> 10, 2 -> 11.
    let cl = |w: &mut BitWriter, sym: u32| match sym {
        18 => w.huffman(0b0, 1),
        1 => w.huffman(0b10, 2),
        2 => w.huffman(0b11, 2),
        _ => unreachable!(),
    };
    let zeros = |w: &mut BitWriter, mut count: u32| {
        while count > 0 {
            let run = count.min(138);
            assert!(run >= 11, "runs are arranged to stay at or above 11");
            cl(w, 18);
            w.bits(run - 11, 7);
            count -= run;
        }
    };
    // Literal/length lengths: 0 -> 2, 1..=255 -> 0, 256 -> 2, 257..=284 -> 0, 285 -> 1; distances: 1, 1.
    cl(&mut w, 2);
    zeros(&mut w, 138);
    zeros(&mut w, 117);
    cl(&mut w, 2);
    zeros(&mut w, 28);
    cl(&mut w, 1);
    cl(&mut w, 1);
    cl(&mut w, 1);
    // Canonical literal/length codes: 285 -> 0, literal 0 -> 10, end of block -> 11. Distance 1 -> 0.
    let mut left = n;
    if left > 0 {
        w.huffman(0b10, 2); // one literal zero for the copies to repeat
        left -= 1;
    }
    while left >= 258 {
        w.huffman(0b0, 1); // length 258
        w.huffman(0b0, 1); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        w.huffman(0b10, 2);
    }
    w.huffman(0b11, 2); // end of block
    w.finish()
}

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    used: u32,
}

impl BitWriter {
    /// `count` bits of `value`, least significant first (deflate's order for header fields).
    fn bits(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.used;
        self.used += count;
        while self.used >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.used -= 8;
        }
    }

    /// A Huffman code, most significant bit first as RFC 1951 3.1.1 requires.
    fn huffman(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.bits(reversed, len);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// CRC-32 (ISO-HDLC, the ZIP one), a byte at a time from a table built at compile time.
pub fn crc32(data: &[u8]) -> u32 {
    !data.iter().fold(0xffff_ffffu32, |crc, &b| CRC_TABLE[((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8))
}

const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// CRC-32 of `n` zero bytes without touching them: the register times x^(8n) modulo the CRC polynomial,
/// as zlib's `crc32_combine` computes it.
pub fn crc32_zeros(n: u64) -> u32 {
    // Multiplication modulo the reflected polynomial (zlib `multmodp`).
    fn mult(a: u32, mut b: u32) -> u32 {
        let mut m = 1u32 << 31;
        let mut p = 0u32;
        loop {
            if a & m != 0 {
                p ^= b;
                if a & (m - 1) == 0 {
                    break;
                }
            }
            m >>= 1;
            b = if b & 1 != 0 { (b >> 1) ^ 0xedb8_8320 } else { b >> 1 };
        }
        p
    }
    // x^(8n): square-and-multiply over the bits of 8n; x^1 is 0x40000000 in reflected form.
    let mut result = 1u32 << 31; // x^0
    let mut power = 1u32 << 30; // x^1
    let mut e = n * 8;
    while e > 0 {
        if e & 1 != 0 {
            result = mult(power, result);
        }
        power = mult(power, power);
        e >>= 1;
    }
    mult(result, 0xffff_ffff) ^ 0xffff_ffff
}
