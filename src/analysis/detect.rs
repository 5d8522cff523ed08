//! What kind of package a file is, from its first bytes and its entry names (never from the file name
//! alone: people rename files, and attackers rename them on purpose).

use super::error::{Error, Result};
use super::report::Format;

/// Formats a person might drop by mistake, by their leading bytes, so the message can say what it is.
const NOT_A_PACKAGE: &[(&[u8], &str)] = &[
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a Linux program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"dex\n", "a bare DEX file (code only, without its APK)"),
    (b"\xca\xfe\xba\xbe", "a bare Mach-O program"),
    (b"\xcf\xfa\xed\xfe", "a bare Mach-O program"),
    (b"bplist", "a bare property list"),
    (b"<?xml", "an XML text file"),
    (b"\x03\x00\x08\x00", "a bare Android binary XML file (a manifest without its APK)"),
];

/// Refuses input that cannot be a ZIP-based package, naming what it looks like instead. `ends_like_zip`
/// says whether a ZIP end record sits at the end of the file: then the file is an archive with something
/// put in front of it, which deserves its own message.
pub fn check_magic(head: &[u8], ends_like_zip: bool) -> Result<()> {
    if head.is_empty() {
        return Err(Error::malformed("file", "the file is empty"));
    }
    if head.starts_with(b"PK") {
        return Ok(());
    }
    let what = NOT_A_PACKAGE.iter().find(|(magic, _)| head.starts_with(magic)).map(|(_, what)| *what);
    if ends_like_zip {
        // Other data in front of an archive (the Janus attack put a DEX file there): read like Android reads
        // it, from the central directory; the anti-analysis finding names the prefix.
        return Ok(());
    }
    Err(Error::unsupported(
        "file",
        format!(
            "this is {}, not an app package: AppLens reads Android APK, XAPK, APKS, APKM and AAB files and iOS IPA files",
            what.unwrap_or("not a ZIP archive")
        ),
    ))
}

/// The package format, from the archive's entry names.
pub fn detect_format(names: &[String]) -> Result<Format> {
    if names.is_empty() {
        return Err(Error::unsupported("zip", "this ZIP archive is empty: it holds no files, so no app"));
    }
    let has = |n: &str| names.iter().any(|x| x == n);
    let any_apk = names.iter().any(|n| n.ends_with(".apk"));
    if has("AndroidManifest.xml") {
        return Ok(Format::Apk);
    }
    if has("base/manifest/AndroidManifest.xml") {
        return Ok(Format::Aab);
    }
    if names.iter().any(|n| is_ios_app_entry(n)) {
        return Ok(Format::Ipa);
    }
    if names.iter().any(|n| is_ios_payload(n)) {
        return Err(Error::malformed(
            "IPA",
            "this looks like an iOS package (IPA), but its Payload folder holds no app bundle (Payload/NAME.app), so there is nothing to analyse",
        ));
    }
    if any_apk && has("manifest.json") {
        return Ok(Format::Xapk);
    }
    if any_apk && has("info.json") {
        return Ok(Format::Apkm);
    }
    if any_apk {
        return Ok(Format::Apks);
    }
    Err(Error::unsupported(
        "zip",
        "this ZIP archive holds no app: no AndroidManifest.xml (Android), no Payload/*.app (iOS) and no split APKs",
    ))
}

/// `Payload/X.app/…`, also under one extra top-level folder, as some tools pack it.
fn is_ios_app_entry(name: &str) -> bool {
    let mut parts = name.split('/');
    let first = parts.next().unwrap_or_default();
    let (payload, app) = if first == "Payload" { (first, parts.next()) } else { (parts.next().unwrap_or_default(), parts.next()) };
    payload == "Payload" && app.is_some_and(|a| a.ends_with(".app")) && !name.starts_with("__MACOSX/")
}

/// `Payload/…` (or `TOP/Payload/…`) without an app inside: an IPA with its app missing.
fn is_ios_payload(name: &str) -> bool {
    if name.starts_with("__MACOSX/") {
        return false;
    }
    let mut parts = name.split('/');
    let first = parts.next().unwrap_or_default();
    first == "Payload" || parts.next() == Some("Payload")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn formats_from_entries() {
        assert_eq!(detect_format(&names(&["classes.dex", "AndroidManifest.xml"])).unwrap(), Format::Apk);
        assert_eq!(detect_format(&names(&["base/manifest/AndroidManifest.xml"])).unwrap(), Format::Aab);
        assert_eq!(detect_format(&names(&["Payload/A.app/Info.plist"])).unwrap(), Format::Ipa);
        assert_eq!(detect_format(&names(&["x/Payload/A.app/Info.plist"])).unwrap(), Format::Ipa);
        assert_eq!(detect_format(&names(&["manifest.json", "a.apk"])).unwrap(), Format::Xapk);
        assert_eq!(detect_format(&names(&["info.json", "base.apk"])).unwrap(), Format::Apkm);
        assert_eq!(detect_format(&names(&["toc.pb", "splits/base-master.apk"])).unwrap(), Format::Apks);
        assert!(detect_format(&names(&["readme.txt"])).is_err());
        assert!(detect_format(&names(&["__MACOSX/Payload/A.app/x"])).is_err());
        assert!(detect_format(&[]).unwrap_err().message.contains("empty"));
        let e = detect_format(&names(&["Payload/"])).unwrap_err();
        assert!(e.message.contains("no app bundle"), "{e}");
    }

    #[test]
    fn magic_names_what_it_is() {
        let e = check_magic(b"%PDF-1.7", false).unwrap_err();
        assert!(e.message.contains("PDF"), "{e}");
        assert!(check_magic(b"PK\x03\x04", false).is_ok());
        assert!(check_magic(b"", false).is_err());
        // Something in front of an archive is read (and flagged later as an anti-analysis trick).
        assert!(check_magic(b"dex\n035\0", true).is_ok());
        assert!(check_magic(b"dex\n035\0", false).is_err());
    }
}
