//! Random-access byte sources: the analysis never needs a package whole in memory.
//!
//! The browser gives a `File` (read in slices by the worker), the CLI a file on disk, tests a byte slice.
//! `SourceReader` turns any of them into the `Read + Seek` the zip crate wants, with a small block cache
//! because zip and inflate issue many tiny reads and every read of a browser `File` is a costly call.

use std::io::{self, Read, Seek, SeekFrom};

use super::error::{Error, Result};

/// Bytes addressed by offset. `read_at` fills as much of `buf` as the source has and returns that count.
pub trait ByteSource {
    fn len(&self) -> u64;
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize>;

    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A second, independent handle on the same bytes that another thread may read, when the source can
    /// give one (a file on disk can; a browser `Blob` cannot). Lets the native build hash the file while
    /// the main thread reads the code.
    fn fork(&self) -> Option<Box<dyn ByteSource + Send>> {
        None
    }
}

impl ByteSource for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(<[u8]>::len(self));
        let available = self.get(start..).unwrap_or_default();
        let n = available.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        Ok(n)
    }
}

impl ByteSource for Vec<u8> {
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        self.as_slice().read_at(offset, buf)
    }
}

/// A file on disk, read with positioned reads (the CLI and native tests).
#[cfg(unix)]
pub struct FileSource {
    file: std::fs::File,
    len: u64,
}

#[cfg(unix)]
impl FileSource {
    pub fn open(path: &std::path::Path) -> io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "is a directory, not a file"));
        }
        Ok(Self { file, len: meta.len() })
    }
}

#[cfg(unix)]
impl ByteSource for FileSource {
    fn len(&self) -> u64 {
        self.len
    }
    fn fork(&self) -> Option<Box<dyn ByteSource + Send>> {
        let file = self.file.try_clone().ok()?;
        Some(Box::new(FileSource { file, len: self.len }))
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        use std::os::unix::fs::FileExt;
        let mut filled = 0;
        while filled < buf.len() {
            let rest = buf.get_mut(filled..).unwrap_or_default();
            match self.file.read_at(rest, offset + filled as u64) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::io("file", e.to_string()).at(offset)),
            }
        }
        Ok(filled)
    }
}

/// A window of another source: an APK stored (not compressed) inside an XAPK is read in place.
pub struct SubSource<'s> {
    parent: &'s dyn ByteSource,
    start: u64,
    len: u64,
}

impl<'s> SubSource<'s> {
    /// The window is clipped to the parent, so a lying size cannot reach past its end.
    pub fn new(parent: &'s dyn ByteSource, start: u64, len: u64) -> Self {
        let start = start.min(parent.len());
        Self { parent, start, len: len.min(parent.len() - start) }
    }
}

impl ByteSource for SubSource<'_> {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        if offset >= self.len {
            return Ok(0);
        }
        let n = (self.len - offset).min(buf.len() as u64) as usize;
        self.parent.read_at(self.start + offset, buf.get_mut(..n).unwrap_or_default())
    }
}

/// Reads a whole byte range into memory, failing if the source is shorter than it claimed.
pub fn read_range(source: &dyn ByteSource, offset: u64, len: usize) -> Result<Vec<u8>> {
    let mut buf = vec![0u8; len];
    let n = source.read_at(offset, &mut buf)?;
    if n != len {
        return Err(Error::io("file", format!("expected {len} bytes, the source gave {n}")).at(offset));
    }
    Ok(buf)
}

/// `Read + Seek` over a `ByteSource`, caching a few recently read blocks. Reads that continue where
/// the previous one ended (inflating an entry) fetch ever larger blocks, up to `MAX_READ_AHEAD`: in a
/// browser each read of a `File` is a round trip to another process, and a 100 MB entry read in 64 KiB
/// pieces spent more time on those than on inflating.
pub struct SourceReader<'s> {
    source: &'s dyn ByteSource,
    pos: u64,
    block_size: usize,
    /// (start, bytes), most recently used last; a handful is enough: zip reads the central directory,
    /// then one entry at a time.
    cache: Vec<(u64, Vec<u8>)>,
    max_blocks: usize,
    /// Where the last read ended, and the size of the block the current sequential run last fetched.
    last_end: u64,
    ahead: usize,
}

/// The largest block a sequential run fetches. In a browser every read of a `File` is a round trip to the
/// browser's process, and its cost falls with the size of the read (Chromium, 144 MiB read by a worker:
/// 363 ms in 1 MiB reads, 250 ms in 4 MiB, 119 ms in 16 MiB); natively a read is a cheap system call.
#[cfg(target_arch = "wasm32")]
const MAX_READ_AHEAD: usize = 16 * 1024 * 1024;
#[cfg(not(target_arch = "wasm32"))]
const MAX_READ_AHEAD: usize = 1024 * 1024;
/// The cache holds at most this many bytes (and `max_blocks` blocks): 8 MiB natively, one of the largest
/// blocks in a browser (a sequential run needs no more; 16 MiB blocks with one kept made the 150 MB
/// benchmark 6% faster than 8 MiB blocks with two kept, for 9 MiB more across both workers).
const MAX_CACHED_BYTES: usize = if MAX_READ_AHEAD > 8 * 1024 * 1024 { MAX_READ_AHEAD } else { 8 * 1024 * 1024 };

impl<'s> SourceReader<'s> {
    pub fn new(source: &'s dyn ByteSource, block_size: usize) -> Self {
        let block_size = block_size.max(512);
        Self { source, pos: 0, block_size, cache: Vec::new(), max_blocks: 8, last_end: u64::MAX, ahead: block_size }
    }

    /// The cached bytes from `self.pos` on, reading a new block there if no cached one holds it.
    fn block(&mut self) -> io::Result<&[u8]> {
        let pos = self.pos;
        let holds = |(start, data): &(u64, Vec<u8>)| pos >= *start && pos - *start < data.len() as u64;
        if let Some(found) = self.cache.iter().position(holds) {
            let entry = self.cache.remove(found);
            self.cache.push(entry);
        } else {
            // A read that continues the previous one doubles the block; any other starts small again.
            self.ahead = if pos == self.last_end { (self.ahead * 2).min(MAX_READ_AHEAD.max(self.block_size)) } else { self.block_size };
            let want = self.source.len().saturating_sub(pos).min(self.ahead as u64) as usize;
            // Make room (the newest block always stays), reusing an evicted block's buffer instead of
            // allocating (and zeroing) a new one each time.
            let mut data = Vec::new();
            while !self.cache.is_empty()
                && (self.cache.len() >= self.max_blocks || self.cache.iter().map(|(_, d)| d.len()).sum::<usize>() + want > MAX_CACHED_BYTES)
            {
                data = self.cache.remove(0).1;
            }
            data.clear();
            data.resize(want, 0);
            let n = self.source.read_at(pos, &mut data).map_err(|e| io::Error::other(e.to_string()))?;
            data.truncate(n);
            self.cache.push((pos, data));
        }
        let (start, data) = self.cache.last().map(|(s, d)| (*s, d.as_slice())).unwrap_or((pos, &[]));
        Ok(data.get((pos - start) as usize..).unwrap_or_default())
    }
}

impl Read for SourceReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() || self.pos >= self.source.len() {
            return Ok(0);
        }
        // Large reads go straight to the source; the cache is for small ones.
        if buf.len() >= self.ahead.max(self.block_size) {
            let n = self.source.read_at(self.pos, buf).map_err(|e| io::Error::other(e.to_string()))?;
            self.pos += n as u64;
            self.last_end = self.pos;
            return Ok(n);
        }
        let available = self.block()?;
        let n = available.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n as u64;
        self.last_end = self.pos;
        Ok(n)
    }
}

impl Seek for SourceReader<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let len = self.source.len();
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before start"))?;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_source_is_a_clipped_window() {
        let data: Vec<u8> = (0..100u8).collect();
        let sub = SubSource::new(&data, 90, 50);
        assert_eq!(sub.len(), 10);
        let mut buf = [0u8; 20];
        assert_eq!(sub.read_at(5, &mut buf).unwrap(), 5);
        assert_eq!(&buf[..5], &[95, 96, 97, 98, 99]);
        assert_eq!(SubSource::new(&data, 500, 5).len(), 0);
    }

    #[test]
    fn reader_matches_source_across_blocks() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        let mut r = SourceReader::new(&data, 512);
        let mut out = Vec::new();
        let mut small = [0u8; 100];
        loop {
            let n = r.read(&mut small).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&small[..n]);
        }
        assert_eq!(out, data);
        r.seek(SeekFrom::End(-10)).unwrap();
        let mut tail = Vec::new();
        r.read_to_end(&mut tail).unwrap();
        assert_eq!(tail, &data[4990..]);
        assert!(r.seek(SeekFrom::Current(-100_000)).is_err());
    }

    /// Counts the reads that reach the source (each a round trip to a browser's `File`).
    struct Counted<'d> {
        data: &'d [u8],
        reads: std::cell::Cell<usize>,
        largest: std::cell::Cell<usize>,
    }

    impl ByteSource for Counted<'_> {
        fn len(&self) -> u64 {
            self.data.len() as u64
        }
        fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
            self.reads.set(self.reads.get() + 1);
            self.largest.set(self.largest.get().max(buf.len()));
            self.data.read_at(offset, buf)
        }
    }

    #[test]
    fn a_sequential_read_fetches_growing_blocks_and_a_jump_starts_small_again() {
        let data: Vec<u8> = (0..12u32 << 20).map(|i| (i % 253) as u8).collect();
        let source = Counted { data: &data, reads: Default::default(), largest: Default::default() };
        let mut r = SourceReader::new(&source, 64 * 1024);
        let mut out = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            let n = r.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
        }
        assert!(out == data, "the bytes read equal the source");
        // 64 KiB, 128, 256, 512 KiB, then 1 MiB blocks: 4 + 12 reads for 12 MiB, not 192.
        assert!(source.reads.get() <= 17, "{} reads", source.reads.get());
        assert_eq!(source.largest.get(), MAX_READ_AHEAD);
        r.seek(SeekFrom::Start(5)).unwrap();
        let before = source.reads.get();
        r.read_exact(&mut chunk[..10]).unwrap();
        assert_eq!(&chunk[..10], &data[5..15]);
        assert_eq!(source.reads.get(), before + 1);
        assert_eq!(r.ahead, 64 * 1024, "a jump starts with a small block");
    }
}
