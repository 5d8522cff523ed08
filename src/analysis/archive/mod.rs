//! ZIP archives (APK, XAPK, APKS, AAB, IPA are all ZIP), read the way Android reads them: from the central
//! directory, trusting its compression method and sizes over the local headers, ignoring the encryption
//! flag (Android installs such packages; some use the flag only to break analysers).

mod eocd;

use std::io::Read;

use zip::read::ZipReadOptions;
use zip::result::ZipError;
use zip::ZipArchive;

use super::error::{Error, Result};
use super::limits::Limits;
use super::source::{ByteSource, SourceReader};

const PART: &str = "zip";
/// Block size of the reader cache: large enough that zip's small header reads rarely reach the source.
const READ_BLOCK: usize = 64 * 1024;

pub struct Archive<'s> {
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
        let names = (0..zip.len())
            .map(|i| match zip.name_for_index(i) {
                Some(Ok(name)) => name.into_owned(),
                _ => String::new(),
            })
            .collect();
        Ok(Self { zip, names, limits, inflated_total: 0 })
    }

    /// Entry names in central-directory order (unique: the zip crate keeps the last of duplicate names).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    pub fn contains(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Inflates one entry whole, refusing to go past `max_bytes` or the per-analysis total.
    pub fn read(&mut self, name: &str, max_bytes: u64) -> Result<Vec<u8>> {
        let max_bytes = max_bytes.min(self.limits.max_entry_bytes);
        let index = self.zip.index_for_name(name).ok_or_else(|| Error::malformed(name, "entry not found"))?;
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
        ZipError::Io(io) => Error::io(PART, io.to_string()),
        other => Error::malformed(PART, format!("not a readable ZIP archive: {other}")),
    }
}

fn entry_error(name: &str, e: &ZipError) -> Error {
    match e {
        ZipError::UnsupportedArchive(what) => Error::unsupported(name, format!("cannot be read: {what}")),
        other => Error::malformed(name, format!("cannot be read: {other}")),
    }
}
