//! ZIP archives (APK, XAPK, APKS, AAB, IPA are all ZIP), read the way Android reads them: from the central
//! directory, trusting its compression method and sizes over the local headers, ignoring the encryption
//! flag (Android installs such packages; some use the flag only to break analysers).

mod eocd;
pub mod tricks;

pub use eocd::central_directory_offset;

use std::io::Read;

use zip::read::ZipReadOptions;
use zip::result::ZipError;
use zip::ZipArchive;

use super::error::{Error, Result};
use super::limits::Limits;
use super::source::{ByteSource, SourceReader, SubSource};

const PART: &str = "zip";
/// Block size of the reader cache: large enough that zip's small header reads rarely reach the source.
const READ_BLOCK: usize = 64 * 1024;

/// Whether the file ends with a ZIP end record (used to explain a file that does not start like one).
pub fn has_end_record(source: &dyn ByteSource) -> bool {
    eocd::declared_entries(source).is_ok()
}

pub struct Archive<'s> {
    source: &'s dyn ByteSource,
    zip: ZipArchive<SourceReader<'s>>,
    names: Vec<String>,
    limits: Limits,
    inflated_total: u64,
}

impl<'s> Archive<'s> {
    pub fn open(source: &'s dyn ByteSource, limits: Limits) -> Result<Self> {
        // Count entries from the end record before the zip crate indexes them all: a million-entry archive
        // must be refused before it costs memory.
        let declared = eocd::declared_entries(source)?;
        if declared > limits.max_entries {
            return Err(Error::limit(
                PART,
                format!("the archive declares {declared} entries; AppLens reads at most {}", limits.max_entries),
            ));
        }
        let zip = ZipArchive::new(SourceReader::new(source, READ_BLOCK)).map_err(|e| zip_error(&e))?;
        // eocd.rs reads every record the zip crate may choose, so this cannot fire today; it keeps the limit
        // true for everything after this point should a zip crate upgrade choose records differently.
        if zip.len() as u64 > limits.max_entries {
            return Err(Error::limit(
                PART,
                format!("the archive holds {} entries; AppLens reads at most {}", zip.len(), limits.max_entries),
            ));
        }
        let names = (0..zip.len())
            .map(|i| match zip.name_for_index(i) {
                Some(Ok(name)) => name.into_owned(),
                _ => String::new(),
            })
            .collect();
        Ok(Self { source, zip, names, limits, inflated_total: 0 })
    }

    /// Entry names in central-directory order (unique: the zip crate keeps the last of duplicate names).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether the central directory lists some name twice. Android refuses such archives (libziparchive
    /// `kDuplicateEntry`) because readers disagree on which copy counts: the "Master Key" bug of 2013.
    pub fn has_duplicate_names(&self) -> bool {
        self.zip.has_duplicate_names()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The inflated size the central directory declares for `name` (a hint only: a bomb lies about it).
    pub fn declared_size(&self, name: &str) -> Option<u64> {
        let index = self.zip.index_for_name(name)?;
        self.zip.by_index_data(index).ok().map(|e| e.size())
    }

    /// Inflates one entry whole, refusing to go past `max_bytes` or the per-analysis total.
    pub fn read(&mut self, name: &str, max_bytes: u64) -> Result<Vec<u8>> {
        let max_bytes = max_bytes.min(self.limits.max_entry_bytes);
        let index = self.zip.index_for_name(name).ok_or_else(|| Error::malformed(name, "entry not found"))?;
        // Android reads an entry with an unknown compression method as stored (malware uses this to break
        // analysers since 2023); the zip crate refuses such entries, so they are read raw here.
        let method = self.zip.by_index_data(index).map(|e| e.compression()).ok();
        if !matches!(method, Some(zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated) | None) {
            let mut raw = self.zip.by_index_raw(index).map_err(|e| entry_error(name, &e))?;
            let cap = max_bytes.min(self.limits.max_total_inflated.saturating_sub(self.inflated_total));
            let mut out = Vec::new();
            let read = (&mut raw).take(cap + 1).read_to_end(&mut out);
            self.inflated_total += out.len() as u64;
            read.map_err(|e| Error::malformed(name, format!("cannot be read: {e}")))?;
            if out.len() as u64 > cap {
                return Err(Error::limit(name, format!("holds more than {cap} bytes; not read further")));
            }
            return Ok(out);
        }
        let options = ZipReadOptions::new().ignore_encryption_flag(true);
        let mut entry = self.zip.by_index_with_options(index, options).map_err(|e| entry_error(name, &e))?;
        let declared = entry.size();
        if declared > max_bytes {
            return Err(Error::limit(name, format!("declares {declared} bytes inflated; the limit is {max_bytes}")));
        }
        let remaining_total = self.limits.max_total_inflated.saturating_sub(self.inflated_total);
        let cap = max_bytes.min(remaining_total);
        // Trust the declared size only as a hint: a bomb lies about it, so the read itself is capped too.
        let mut out = Vec::with_capacity(declared.min(cap).min(8 * 1024 * 1024) as usize);
        let read = (&mut entry).take(cap + 1).read_to_end(&mut out);
        self.inflated_total += out.len() as u64;
        read.map_err(|e| Error::malformed(name, format!("cannot be inflated: {e}")))?;
        if out.len() as u64 > cap {
            return Err(Error::limit(name, format!("inflates past {cap} bytes (a compression bomb?); not read further")));
        }
        Ok(out)
    }

    /// What the central directory says of entry `name`: sizes and whether it is compressed.
    pub fn entry_meta(&self, name: &str) -> Option<EntryMeta> {
        let index = self.zip.index_for_name(name)?;
        let e = self.zip.by_index_data(index).ok()?;
        Some(EntryMeta { size: e.size(), compressed_size: e.compressed_size(), deflated: e.compression() == zip::CompressionMethod::Deflated })
    }

    /// The first bytes of entry `name` (at most `max_bytes`), inflating no more than that: for a look at a
    /// file's start without reading it whole. Counts against the per-analysis total like `read`.
    pub fn read_prefix(&mut self, name: &str, max_bytes: u64) -> Result<Vec<u8>> {
        let index = self.zip.index_for_name(name).ok_or_else(|| Error::malformed(name, "entry not found"))?;
        let cap = max_bytes.min(self.limits.max_entry_bytes).min(self.limits.max_total_inflated.saturating_sub(self.inflated_total));
        let mut out = Vec::with_capacity(cap.min(1024 * 1024) as usize);
        let method = self.zip.by_index_data(index).map(|e| e.compression()).ok();
        // As in `read`: an unknown compression method is read as stored, like Android does.
        let read = if matches!(method, Some(zip::CompressionMethod::Stored | zip::CompressionMethod::Deflated) | None) {
            let options = ZipReadOptions::new().ignore_encryption_flag(true);
            let entry = self.zip.by_index_with_options(index, options).map_err(|e| entry_error(name, &e))?;
            entry.take(cap).read_to_end(&mut out)
        } else {
            let raw = self.zip.by_index_raw(index).map_err(|e| entry_error(name, &e))?;
            raw.take(cap).read_to_end(&mut out)
        };
        self.inflated_total += out.len() as u64;
        // A start that reads cleanly is enough: an error further on (a bad checksum at the end) is not reached.
        read.map_err(|e| Error::malformed(name, format!("cannot be inflated: {e}")))?;
        Ok(out)
    }

    /// Bytes this analysis may still inflate from the archive (its per-analysis total less what was read).
    pub fn inflation_left(&self) -> u64 {
        self.limits.max_total_inflated.saturating_sub(self.inflated_total)
    }

    /// Counts `bytes` inflated elsewhere on this archive's behalf (from an archive carried inside it, opened
    /// with `inflation_left` as its own total), so nesting never multiplies the budget.
    pub fn count_inflated(&mut self, bytes: u64) {
        self.inflated_total = self.inflated_total.saturating_add(bytes);
    }

    /// Bytes inflated from this archive so far.
    pub fn inflated(&self) -> u64 {
        self.inflated_total
    }

    /// Whether reading entry `name` with `read(name, max_bytes)` now would succeed, given that it inflated
    /// to `produced` bytes elsewhere (another worker reading the same file, under the same limits); if so,
    /// the bytes are counted as read here, so the budget for the entries read after it is what it would be.
    pub fn charge(&mut self, name: &str, max_bytes: u64, produced: u64) -> bool {
        let remaining_total = self.limits.max_total_inflated.saturating_sub(self.inflated_total);
        let cap = max_bytes.min(self.limits.max_entry_bytes).min(remaining_total);
        let fits = self.contains(name) && produced <= cap;
        if fits {
            self.inflated_total += produced;
        }
        fits
    }
}

/// An entry as the central directory declares it (hints only: a hostile archive lies about sizes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryMeta {
    pub size: u64,
    pub compressed_size: u64,
    /// Compressed with deflate; otherwise stored (or an unknown method, which Android reads as stored).
    pub deflated: bool,
}

/// An archive entry opened as a package of its own (an APK inside an XAPK or APKS).
pub enum Nested<'s> {
    /// Stored without compression: read in place from the outer file, nothing copied.
    InPlace(SubSource<'s>),
    /// Compressed: inflated into memory, within the limits.
    Inflated(Vec<u8>),
}

impl ByteSource for Nested<'_> {
    fn len(&self) -> u64 {
        match self {
            Nested::InPlace(s) => s.len(),
            Nested::Inflated(v) => v.len() as u64,
        }
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        match self {
            Nested::InPlace(s) => s.read_at(offset, buf),
            Nested::Inflated(v) => v.read_at(offset, buf),
        }
    }
}

impl<'s> Archive<'s> {
    /// Opens entry `name` as a byte source: in place when stored, else inflated (bounded by `max_bytes`).
    pub fn nested(&mut self, name: &str, max_bytes: u64) -> Result<Nested<'s>> {
        let index = self.zip.index_for_name(name).ok_or_else(|| Error::malformed(name, "entry not found"))?;
        let raw = self.zip.by_index_raw(index).map_err(|e| entry_error(name, &e))?;
        if raw.compression() == zip::CompressionMethod::Stored && !raw.encrypted() {
            if let Some(start) = raw.data_start() {
                return Ok(Nested::InPlace(SubSource::new(self.source, start, raw.compressed_size())));
            }
        }
        drop(raw);
        self.read(name, max_bytes).map(Nested::Inflated)
    }

    /// Entry `name` as a window of the file when it is stored (not compressed, not encrypted): what
    /// `nested` gives without inflating anything; `None` otherwise.
    pub fn nested_in_place(&mut self, name: &str) -> Option<SubSource<'s>> {
        let index = self.zip.index_for_name(name)?;
        let raw = self.zip.by_index_raw(index).ok()?;
        if raw.compression() != zip::CompressionMethod::Stored || raw.encrypted() {
            return None;
        }
        raw.data_start().map(|start| SubSource::new(self.source, start, raw.compressed_size()))
    }
}


impl Archive<'_> {
    /// Inflates one entry piece by piece into `sink`, never holding it whole: for programs that can be
    /// hundreds of megabytes. Same caps as `read`; returns the bytes inflated. `sink` may stop the read
    /// early by returning `false`.
    pub fn read_stream(&mut self, name: &str, max_bytes: u64, sink: &mut dyn FnMut(&[u8]) -> bool) -> Result<u64> {
        let max_bytes = max_bytes.min(self.limits.max_entry_bytes);
        let index = self.zip.index_for_name(name).ok_or_else(|| Error::malformed(name, "entry not found"))?;
        let options = ZipReadOptions::new().ignore_encryption_flag(true);
        let mut entry = self.zip.by_index_with_options(index, options).map_err(|e| entry_error(name, &e))?;
        let declared = entry.size();
        if declared > max_bytes {
            return Err(Error::limit(name, format!("declares {declared} bytes inflated; the limit is {max_bytes}")));
        }
        let cap = max_bytes.min(self.limits.max_total_inflated.saturating_sub(self.inflated_total));
        let mut buf = vec![0u8; STREAM_PIECE];
        let mut total = 0u64;
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Error::malformed(name, format!("cannot be inflated: {e}")).at(total)),
            };
            total += n as u64;
            self.inflated_total += n as u64;
            if total > cap {
                return Err(Error::limit(name, format!("inflates past {cap} bytes (a compression bomb?); not read further")));
            }
            if !sink(buf.get(..n).unwrap_or_default()) {
                break;
            }
        }
        Ok(total)
    }
}

/// Piece size for `read_stream`: large enough to amortise the inflater, small enough to keep memory flat.
const STREAM_PIECE: usize = 256 * 1024;

fn zip_error(e: &ZipError) -> Error {
    match e {
        ZipError::UnsupportedArchive(what) => Error::unsupported(PART, format!("unsupported archive: {what}")),
        // A short read is the archive's fault (a directory pointing past the end), not the source's.
        ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::malformed(PART, format!("the archive's directory points past the end of the file ({io}): it is truncated or corrupt"))
        }
        ZipError::Io(io) => Error::io(PART, io.to_string()),
        other if is_cut_short(other) => Error::malformed(PART, format!("not a readable ZIP archive: {CUT_SHORT}")),
        other => Error::malformed(PART, format!("not a readable ZIP archive: {other}")),
    }
}

fn entry_error(name: &str, e: &ZipError) -> Error {
    match e {
        ZipError::UnsupportedArchive(what) => Error::unsupported(name, format!("cannot be read: {what}")),
        other if is_cut_short(other) => Error::malformed(name, format!("cannot be read: {CUT_SHORT}")),
        other => Error::malformed(name, format!("cannot be read: {other}")),
    }
}

/// For the zip crate's "Unexpected end of zip::format::blocks::ZipCentralEntryBlock", which names its own
/// types instead of the problem.
const CUT_SHORT: &str = "a header runs past the end of the file (the archive is truncated, or its directory declares more \
                         entries than it holds)";

fn is_cut_short(e: &ZipError) -> bool {
    matches!(e, ZipError::InvalidArchive(msg) if msg.starts_with("Unexpected end of"))
}
