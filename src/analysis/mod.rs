//! The analysis core: package bytes in, `Report` out. No UI, no browser APIs: the web worker, the CLI and
//! the tests all call `analyze` with a `ByteSource`, and it behaves the same everywhere.
//!
//! Everything here reads untrusted bytes: no indexing, no unwrap/expect outside tests (checked by clippy).
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used))]

pub mod android;
pub mod archive;
pub mod axml;
pub mod bytes;
pub mod detect;
pub mod error;
pub mod ios;
pub mod knowledge;
pub mod limits;
pub mod progress;
pub mod report;
pub mod source;

use sha2::{Digest, Sha256};

use archive::Archive;
pub use error::{Error, ErrorKind, Result};
pub use limits::Limits;
pub use progress::{Progress, Stage};
pub use report::{Format, Report};
pub use source::ByteSource;

/// Bytes hashed per read: big enough to amortise a browser `File` read, small enough to keep memory flat.
const HASH_CHUNK: usize = 4 * 1024 * 1024;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub limits: Limits,
}

/// Analyses one package. `Err` means nothing useful could be read (not a package, unreadable archive, a
/// format not supported yet); any problem after that becomes a warning or limitation inside the report.
pub fn analyze(source: &dyn ByteSource, file_name: &str, options: &Options, progress: &mut dyn FnMut(Progress)) -> Result<Report> {
    progress(Progress::new(Stage::Opening, 0.0));
    let head = source::read_range(source, 0, source.len().min(16) as usize)?;
    detect::check_magic(&head)?;
    let mut archive = Archive::open(source, options.limits)?;
    let format = detect::detect_format(archive.names())?;
    let file = report::FileInfo { name: file_name.to_string(), size: source.len(), sha256: String::new() };
    let mut report = Report::new(file, format);
    match format {
        Format::Apk => {
            progress(Progress::new(Stage::Manifest, 0.0));
            android::read_apk_manifest(&mut archive, &options.limits, &mut report);
            report.limitation("android.code", "The app's code (DEX) is not examined yet: trackers and code capabilities are not reported.");
            report.limitation("android.signature", "The signing certificate is not examined yet.");
        }
        Format::Ipa => ios::analyze_ipa(&mut archive, &options.limits, &mut report, progress)?,
        other => {
            return Err(Error::unsupported(
                "file",
                format!("this is an {}; AppLens cannot analyse this format yet (Android APK and iOS IPA files are supported)", other.describe()),
            ));
        }
    }
    report.file.sha256 = sha256(source, progress)?;
    progress(Progress::new(Stage::Done, 1.0));
    Ok(report)
}

/// SHA-256 of the whole source, streamed so that memory stays flat for any size.
fn sha256(source: &dyn ByteSource, progress: &mut dyn FnMut(Progress)) -> Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; HASH_CHUNK];
    let len = source.len();
    let mut offset = 0u64;
    while offset < len {
        let n = source.read_at(offset, &mut buf)?;
        if n == 0 {
            return Err(Error::io("file", "the file ended before its stated size").at(offset));
        }
        hasher.update(buf.get(..n).unwrap_or_default());
        offset += n as u64;
        progress(Progress::new(Stage::Fingerprint, offset as f64 / len as f64));
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}
