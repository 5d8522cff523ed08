//! App icons. iOS packages store PNGs in Apple's "CgBI" variant (made by Xcode's `pngcrush -iphone`), which
//! browsers cannot show: an extra `CgBI` chunk before `IHDR`, pixel bytes in BGRA order with the colour
//! premultiplied by alpha, and image data as a raw deflate stream (no zlib header or checksum). We undo each
//! step and write a standard PNG (filter 0 rows, zlib stream) that any browser shows.
//! PNG: https://www.w3.org/TR/png-3/ (chunks §5, filters §7.3/§9). CgBI: as documented by the tools that
//! read it (e.g. pngdefry, `xcrun pngcrush -revert-iphone-optimizations`).

use crate::analysis::error::{Error, Result};

const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
/// Icons are at most 1024 px square; refuse anything that would inflate to more than this many pixels.
pub const MAX_PIXELS: u64 = 2048 * 2048;
const PART: &str = "icon";

/// A browser-ready PNG and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub converted_from_cgbi: bool,
}

struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
}

fn be32(b: &[u8]) -> Option<u32> {
    <[u8; 4]>::try_from(b.get(..4)?).ok().map(u32::from_be_bytes)
}

fn chunks(png: &[u8]) -> Result<Vec<Chunk<'_>>> {
    if png.get(..8) != Some(&SIGNATURE[..]) {
        return Err(Error::malformed(PART, "not a PNG image"));
    }
    let mut out = Vec::new();
    let mut pos = 8usize;
    while pos < png.len() {
        let len = be32(png.get(pos..).unwrap_or_default()).ok_or_else(|| Error::malformed(PART, "a chunk header is cut off").at(pos as u64))? as usize;
        let kind: [u8; 4] = png
            .get(pos + 4..pos + 8)
            .and_then(|k| k.try_into().ok())
            .ok_or_else(|| Error::malformed(PART, "a chunk type is cut off").at(pos as u64))?;
        let data = pos
            .checked_add(8)
            .and_then(|s| s.checked_add(len).map(|e| (s, e)))
            .and_then(|(s, e)| png.get(s..e))
            .ok_or_else(|| Error::malformed(PART, format!("a {len}-byte chunk runs past the end")).at(pos as u64))?;
        out.push(Chunk { kind, data });
        pos = pos.saturating_add(12).saturating_add(len);
        if &kind == b"IEND" {
            break;
        }
    }
    Ok(out)
}

struct Header {
    width: u32,
    height: u32,
    bit_depth: u8,
    color_type: u8,
    interlace: u8,
}

fn header(chunks: &[Chunk<'_>]) -> Result<Header> {
    let ihdr = chunks.iter().find(|c| &c.kind == b"IHDR").ok_or_else(|| Error::malformed(PART, "the PNG has no IHDR chunk"))?;
    let d = ihdr.data;
    let byte = |i: usize| d.get(i).copied().ok_or_else(|| Error::malformed(PART, "the IHDR chunk is too short"));
    Ok(Header {
        width: be32(d).ok_or_else(|| Error::malformed(PART, "the IHDR chunk is too short"))?,
        height: be32(d.get(4..).unwrap_or_default()).ok_or_else(|| Error::malformed(PART, "the IHDR chunk is too short"))?,
        bit_depth: byte(8)?,
        color_type: byte(9)?,
        interlace: byte(12)?,
    })
}

/// Returns a PNG the browser can show: standard PNGs as they are, CgBI ones converted.
pub fn browser_png(png: &[u8]) -> Result<Png> {
    let chunks = chunks(png)?;
    let h = header(&chunks)?;
    let is_cgbi = chunks.first().is_some_and(|c| &c.kind == b"CgBI");
    if !is_cgbi {
        return Ok(Png { bytes: png.to_vec(), width: h.width, height: h.height, converted_from_cgbi: false });
    }
    let channels: usize = match (h.color_type, h.bit_depth) {
        (6, 8) => 4,
        (2, 8) => 3,
        (ct, bd) => return Err(Error::unsupported(PART, format!("a CgBI PNG with colour type {ct} and bit depth {bd}"))),
    };
    if h.interlace != 0 {
        return Err(Error::unsupported(PART, "an interlaced CgBI PNG"));
    }
    let pixels = u64::from(h.width) * u64::from(h.height);
    if pixels == 0 || pixels > MAX_PIXELS {
        return Err(Error::limit(PART, format!("a {}×{} icon is outside 1…{MAX_PIXELS} pixels", h.width, h.height)));
    }
    let width = h.width as usize;
    let height = h.height as usize;
    let stride = width * channels;
    let expected = (stride + 1) * height;

    let compressed: Vec<u8> = chunks.iter().filter(|c| &c.kind == b"IDAT").flat_map(|c| c.data.iter().copied()).collect();
    // One call into the (non-generic) inflater, bounded by the buffer's capacity: a lying stream cannot
    // make it grow past the expected size plus one byte (which is how an oversized stream is detected).
    let mut raw = Vec::with_capacity(expected + 1);
    flate2::Decompress::new(false)
        .decompress_vec(&compressed, &mut raw, flate2::FlushDecompress::Finish)
        .map_err(|e| Error::malformed(PART, format!("the CgBI image data cannot be inflated: {e}")))?;
    if raw.len() != expected {
        return Err(Error::malformed(PART, format!("the image data holds {} bytes, {expected} expected", raw.len())));
    }

    // Undo the row filters, then swap BGR(A) to RGB(A) and un-premultiply, writing filter-0 rows.
    let mut out = Vec::with_capacity(expected);
    let mut prev = vec![0u8; stride];
    let mut row = vec![0u8; stride];
    for (y, line) in raw.chunks_exact(stride + 1).enumerate() {
        let (filter, data) = line.split_first().ok_or_else(|| Error::malformed(PART, "an empty row"))?;
        unfilter(*filter, data, &prev, &mut row, channels).map_err(|e| e.at(y as u64))?;
        out.push(0);
        for px in row.chunks_exact(channels) {
            let (b, g, r) = (px.first().copied().unwrap_or(0), px.get(1).copied().unwrap_or(0), px.get(2).copied().unwrap_or(0));
            match px.get(3).copied() {
                Some(a) => out.extend_from_slice(&[unpremultiply(r, a), unpremultiply(g, a), unpremultiply(b, a), a]),
                None => out.extend_from_slice(&[r, g, b]),
            }
        }
        std::mem::swap(&mut prev, &mut row);
    }

    let idat = zlib_stored(&out);

    let mut png_out = SIGNATURE.to_vec();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&h.width.to_be_bytes());
    ihdr.extend_from_slice(&h.height.to_be_bytes());
    ihdr.extend_from_slice(&[h.bit_depth, h.color_type, 0, 0, 0]);
    write_chunk(&mut png_out, b"IHDR", &ihdr);
    write_chunk(&mut png_out, b"IDAT", &idat);
    write_chunk(&mut png_out, b"IEND", &[]);
    Ok(Png { bytes: png_out, width: h.width, height: h.height, converted_from_cgbi: true })
}

/// A zlib stream of stored (uncompressed) deflate blocks: no compressor in the bundle for a few icons.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    const BLOCK: usize = 65_535;
    let mut out = Vec::with_capacity(data.len() + data.len() / BLOCK * 5 + 11);
    out.extend_from_slice(&[0x78, 0x01]);
    let mut blocks = data.chunks(BLOCK).peekable();
    if blocks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        out.push(u8::from(blocks.peek().is_none()));
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn unpremultiply(c: u8, a: u8) -> u8 {
    match a {
        0 => 0,
        255 => c,
        a => ((u32::from(c) * 255 + u32::from(a) / 2) / u32::from(a)).min(255) as u8,
    }
}

/// PNG filter reconstruction (§9.2) for one row of `bpp`-byte pixels.
fn unfilter(filter: u8, data: &[u8], prev: &[u8], out: &mut [u8], bpp: usize) -> Result<()> {
    for i in 0..data.len() {
        let x = data.get(i).copied().unwrap_or(0);
        let a = if i >= bpp { out.get(i - bpp).copied().unwrap_or(0) } else { 0 };
        let b = prev.get(i).copied().unwrap_or(0);
        let c = if i >= bpp { prev.get(i - bpp).copied().unwrap_or(0) } else { 0 };
        let value = match filter {
            0 => x,
            1 => x.wrapping_add(a),
            2 => x.wrapping_add(b),
            3 => x.wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
            4 => x.wrapping_add(paeth(a, b, c)),
            f => return Err(Error::malformed(PART, format!("unknown row filter {f}"))),
        };
        if let Some(slot) = out.get_mut(i) {
            *slot = value;
        }
    }
    Ok(())
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = ((p - i16::from(a)).abs(), (p - i16::from(b)).abs(), (p - i16::from(c)).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

fn write_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Read, Write};

    /// Encodes RGBA pixels the way Xcode does: premultiplied BGRA, every filter type in turn, raw deflate.
    pub fn make_cgbi(width: u32, height: u32, rgba: &[u8]) -> Vec<u8> {
        let stride = width as usize * 4;
        let mut premul: Vec<u8> = Vec::new();
        for px in rgba.chunks_exact(4) {
            let (r, g, b, a) = (px[0] as u32, px[1] as u32, px[2] as u32, px[3] as u32);
            premul.extend_from_slice(&[(b * a / 255) as u8, (g * a / 255) as u8, (r * a / 255) as u8, a as u8]);
        }
        let mut filtered = Vec::new();
        let zero = vec![0u8; stride];
        for y in 0..height as usize {
            let row = &premul[y * stride..(y + 1) * stride];
            let prev = if y == 0 { &zero[..] } else { &premul[(y - 1) * stride..y * stride] };
            let f = (y % 5) as u8;
            filtered.push(f);
            for i in 0..stride {
                let a = if i >= 4 { row[i - 4] } else { 0 };
                let b = prev[i];
                let c = if i >= 4 { prev[i - 4] } else { 0 };
                let pred = match f {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => ((a as u16 + b as u16) / 2) as u8,
                    _ => paeth(a, b, c),
                };
                filtered.push(row[i].wrapping_sub(pred));
            }
        }
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&filtered).unwrap();
        let idat = enc.finish().unwrap();
        let mut png = SIGNATURE.to_vec();
        write_chunk(&mut png, b"CgBI", &[0x50, 0x00, 0x20, 0x06]);
        let mut ihdr = width.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        write_chunk(&mut png, b"IHDR", &ihdr);
        write_chunk(&mut png, b"IDAT", &idat);
        write_chunk(&mut png, b"IEND", &[]);
        png
    }

    /// Decodes our own output (filter-0 rows in a zlib stream) back to RGBA.
    fn decode_plain(png: &[u8]) -> Vec<u8> {
        let cs = chunks(png).unwrap();
        assert!(cs.iter().all(|c| &c.kind != b"CgBI"));
        let idat: Vec<u8> = cs.iter().filter(|c| &c.kind == b"IDAT").flat_map(|c| c.data.to_vec()).collect();
        let mut raw = Vec::new();
        flate2::read::ZlibDecoder::new(&idat[..]).read_to_end(&mut raw).unwrap();
        let h = header(&cs).unwrap();
        let stride = h.width as usize * 4;
        raw.chunks_exact(stride + 1).flat_map(|l| {
            assert_eq!(l[0], 0);
            l[1..].to_vec()
        }).collect()
    }

    #[test]
    fn converts_cgbi_back_to_rgba() {
        let (w, h) = (7u32, 9u32);
        let mut rgba = Vec::new();
        for y in 0..h {
            for x in 0..w {
                // Opaque, transparent and half-transparent pixels; colours exact for alpha 255.
                let a = match (x + y) % 3 { 0 => 255, 1 => 0, _ => 128 };
                rgba.extend_from_slice(&[(x * 30) as u8, (y * 25) as u8, 200, a]);
            }
        }
        let out = browser_png(&make_cgbi(w, h, &rgba)).unwrap();
        assert!(out.converted_from_cgbi);
        assert_eq!((out.width, out.height), (w, h));
        let back = decode_plain(&out.bytes);
        for (got, want) in back.chunks_exact(4).zip(rgba.chunks_exact(4)) {
            assert_eq!(got[3], want[3]);
            match want[3] {
                255 => assert_eq!(got, want),
                0 => assert_eq!(&got[..3], &[0, 0, 0]),
                _ => for i in 0..3 {
                    assert!((got[i] as i16 - want[i] as i16).abs() <= 2, "{got:?} vs {want:?}");
                },
            }
        }
    }

    #[test]
    fn plain_pngs_pass_through_and_garbage_fails() {
        let mut png = SIGNATURE.to_vec();
        let mut ihdr = 3u32.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&5u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        write_chunk(&mut png, b"IHDR", &ihdr);
        write_chunk(&mut png, b"IEND", &[]);
        let out = browser_png(&png).unwrap();
        assert_eq!((out.bytes, out.width, out.converted_from_cgbi), (png, 3, false));
        let cgbi = make_cgbi(4, 4, &[255; 64]);
        for cut in 0..cgbi.len() {
            let _ = browser_png(&cgbi[..cut]); // never panics
        }
        assert!(browser_png(b"GIF89a").is_err());
    }
}
