//! The analysis core: package bytes in, `Report` out. No UI, no browser APIs: the web worker, the CLI and
//! the tests all call `analyze` with a `ByteSource`, and it behaves the same everywhere.
//!
//! Everything here reads untrusted bytes: no indexing, no unwrap/expect outside tests (checked by clippy).
#![cfg_attr(not(test), deny(clippy::indexing_slicing, clippy::unwrap_used, clippy::expect_used))]

pub mod aab;
pub mod android;
pub mod anti_analysis;
pub mod archive;
pub mod arsc;
pub mod axml;
pub mod blob;
pub mod bytes;
pub mod compare;
pub mod detect;
pub mod dex;
pub mod error;
pub mod export;
pub mod frameworks;
pub mod i18n;
pub mod ios;
pub mod javascript;
pub mod knowledge;
pub mod limits;
pub mod policy;
pub mod present;
pub mod protobuf;
pub mod progress;
pub mod report;
pub mod risk;
pub mod signing;
pub mod source;

use sha2::{Digest, Sha256};

pub use android::code::prescan::{planned_dex, prescan, share_out, PlannedDex, Prescan};
use archive::Archive;
pub use error::{Error, ErrorKind, Result};
pub use limits::Limits;
pub use progress::{Progress, Stage};
pub use report::{Format, Report};
pub use source::ByteSource;

/// Bytes hashed per read: big enough to amortise a read, small enough to keep memory flat. A browser `File`
/// read is a round trip to another process, much cheaper per byte in large pieces (see `source.rs`).
#[cfg(target_arch = "wasm32")]
const HASH_CHUNK: usize = 16 * 1024 * 1024;
#[cfg(not(target_arch = "wasm32"))]
const HASH_CHUNK: usize = 4 * 1024 * 1024;

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub limits: Limits,
    /// The current time as Unix seconds, for judging certificate expiry. The core has no clock of its own:
    /// the CLI and the worker set it; with `None` expiry is not judged and the report says so.
    pub now_unix: Option<i64>,
    /// The caller computes the file's SHA-256 itself (`fingerprint`), e.g. the browser worker on a second
    /// worker while this one reads the code: `file.sha256` is then left empty for it to fill.
    pub fingerprint_elsewhere: bool,
}

/// Analyses one package. `Err` means nothing useful could be read (not a package, unreadable archive, a
/// format not supported yet); any problem after that becomes a warning or limitation inside the report.
pub fn analyze(source: &dyn ByteSource, file_name: &str, options: &Options, progress: &mut dyn FnMut(Progress)) -> Result<Report> {
    analyze_with(source, file_name, options, &mut Prescan::default(), progress)
}

/// `analyze`, taking the DEX files in `prescan` as already read (by other workers: see
/// `android::code::prescan`); the report is the same as `analyze` gives. The hits are trusted to come from
/// these same bytes: the caller reads ahead from the very file it passes here.
pub fn analyze_with(source: &dyn ByteSource, file_name: &str, options: &Options, prescan: &mut Prescan, progress: &mut dyn FnMut(Progress)) -> Result<Report> {
    progress(Progress::new(Stage::Opening, 0.0));
    let (mut archive, format) = open_package(source, options.limits)?;
    // Natively, the fingerprint is computed on a second thread while the code is read (the two share
    // nothing but the file); in the browser, and when the source cannot be forked, it comes at the end.
    #[cfg(not(target_arch = "wasm32"))]
    let hashing = if options.fingerprint_elsewhere { None } else { source.fork().map(|forked| std::thread::spawn(move || fingerprint(&*forked, &mut |_| {}))) };
    let file = report::FileInfo { name: file_name.to_string(), size: source.len(), sha256: String::new() };
    let mut report = Report::new(file, format);
    let mut tricks = archive.tricks();
    if archive.has_duplicate_names() {
        report.warn(&Error::malformed(
            "zip",
            "the archive lists some entry names more than once; Android refuses to install such a package, because \
             tools disagree on which copy counts (the 2013 \"Master Key\" attack); AppLens read the last copy of each",
        ));
    }
    match format {
        Format::Apk => {
            progress(Progress::new(Stage::Manifest, 0.0));
            let manifest = android::read_apk_manifest(&mut archive, &options.limits, &mut report);
            tricks.extend(manifest.tricks);
            signing::read_apk_signing(source, &mut archive, &options.limits.signing, options.now_unix, &mut report);
            android::code::read_apk_code(&mut archive, &options.limits, manifest.wanted, prescan, &mut report, progress);
        }
        Format::Xapk | Format::Apks | Format::Apkm => {
            progress(Progress::new(Stage::Manifest, 0.0));
            android::splits::read_split_set(&mut archive, &options.limits, options.now_unix, prescan, &mut report, progress);
        }
        Format::Aab => {
            progress(Progress::new(Stage::Manifest, 0.0));
            aab::read_aab(&mut archive, &options.limits, prescan, &mut report);
            report.limitation("android.signature", "An App Bundle is signed with the developer's upload key, not the key phones see; it is not examined.");
        }
        Format::Ipa => ios::analyze_ipa(&mut archive, &options.limits, &mut report, progress)?,
    }
    note_real_encryption(&mut tricks, &mut report);
    anti_analysis::add_finding(&tricks, &mut report);
    #[cfg(not(target_arch = "wasm32"))]
    let digest = match hashing.map(std::thread::JoinHandle::join) {
        _ if options.fingerprint_elsewhere => String::new(),
        Some(Ok(digest)) => digest?,
        _ => fingerprint(source, progress)?,
    };
    #[cfg(target_arch = "wasm32")]
    let digest = if options.fingerprint_elsewhere { String::new() } else { fingerprint(source, progress)? };
    report.file.sha256 = digest;
    // Last: the grade reads every other part of the report.
    report.risk = Some(risk::assess(&report));
    progress(Progress::new(Stage::Done, 1.0));
    Ok(report)
}

/// What kind of package `source` is, from its first bytes and its archive's directory alone: the same first
/// steps and the same refusals as `analyze`, at the cost of reading the central directory (no entry is
/// inflated). Lets a caller tell packages from other files in a folder before analysing any of them.
pub fn identify(source: &dyn ByteSource, limits: Limits) -> Result<Format> {
    open_package(source, limits).map(|(_, format)| format)
}

/// Checks the leading bytes, opens the archive and names its format; `Err` says what the file is instead.
fn open_package(source: &dyn ByteSource, limits: Limits) -> Result<(Archive<'_>, Format)> {
    let head = source::read_range(source, 0, source.len().min(16) as usize)?;
    detect::check_magic(&head, !head.starts_with(b"PK") && archive::has_end_record(source))?;
    let archive = Archive::open(source, limits)?;
    let format = detect::detect_format(archive.names())?;
    Ok((archive, format))
}

/// An encryption flag on the manifest is usually a trick (Android ignores it), but when the manifest then
/// cannot be inflated the package really is encrypted with a password: say that plainly instead of calling
/// the flag fake.
fn note_real_encryption(tricks: &mut Vec<archive::tricks::Trick>, report: &mut Report) {
    let flagged = tricks.iter().any(|t| t.id == "zip.fake_encryption" && t.location == android::MANIFEST_ENTRY);
    if !flagged || !report.limitations.iter().any(|l| l.id == "android.manifest") {
        return;
    }
    tricks.retain(|t| t.id != "zip.fake_encryption");
    report.limitation(
        "package.encrypted",
        "The package is encrypted with a password, so its contents are scrambled: AppLens cannot read the \
         manifest, and neither can Android, which will not install it as it is. The app's identity, permissions \
         and grade are unknown; only what lies outside the encrypted files (such as the signature) could be read.",
    );
}

/// Bytes hashed per call of `hash_piece`.
const HASH_PIECE: usize = 64 * 1024;

/// One call per 64 KiB, never inlined into its caller: a browser runs a function in its baseline compiler
/// until it has been called enough to be worth optimising, and cannot switch in the middle of a call. Hashing
/// a 16 MiB read in one call ran there at 32 MB/s instead of 500 MB/s (V8, measured).
#[inline(never)]
fn hash_piece(hasher: &mut Sha256, piece: &[u8]) {
    hasher.update(piece);
}

/// The SHA-256 of the whole file in lower-case hex, read in `HASH_CHUNK` pieces.
pub fn fingerprint(source: &dyn ByteSource, progress: &mut dyn FnMut(Progress)) -> Result<String> {
    let mut hasher = Sha256::new();
    let len = source.len();
    // No bigger than the file: a 4 MiB buffer for a 20 KB package is most of the analysis's memory and time.
    let mut buf = vec![0u8; usize::try_from(len).map_or(HASH_CHUNK, |l| l.min(HASH_CHUNK))];
    let mut offset = 0u64;
    while offset < len {
        let n = source.read_at(offset, &mut buf)?;
        if n == 0 {
            return Err(Error::io("file", "the file ended before its stated size").at(offset));
        }
        for piece in buf.get(..n).unwrap_or_default().chunks(HASH_PIECE) {
            hash_piece(&mut hasher, piece);
        }
        offset += n as u64;
        progress(Progress::new(Stage::Fingerprint, offset as f64 / len as f64));
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}
