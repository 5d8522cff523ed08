//! Split-APK sets: XAPK (ApkPure, with `manifest.json`), APKS (SAI / bundletool sets) and APKM
//! (APKMirror). Android installs them as one app: the base APK's manifest says who the app is and what it
//! asks for; the splits add code, native libraries, languages and screen densities.
//!
//! Every APK of a set is signed on its own; Android installs the set only when all of them carry the base's
//! certificate. The base's signer is the app's; a split signed otherwise (or not at all) is a finding.
//!
//! The base is found the way the platform tells it apart, from the manifests (a split's `<manifest>` has
//! a `split` attribute), not from file names, which these containers name as they please.

use serde::Deserialize;

use super::code::components::Wanted;
use super::code::prescan::Prescan;
use super::manifest::Manifest;
use crate::analysis::archive::Archive;
use crate::analysis::axml;
use crate::analysis::error::Error;
use crate::analysis::limits::Limits;
use crate::analysis::progress::{Progress, Stage};
use crate::analysis::report::{Bundle, Report, Split, SplitKind};
use crate::analysis::signing::{self, SigningFacts};

/// Split-name spelling → the ABI name Android and `lib/` folders use (only the dash ones differ).
const ABIS: &[(&str, &str)] = &[
    ("arm64_v8a", "arm64-v8a"),
    ("armeabi_v7a", "armeabi-v7a"),
    ("armeabi", "armeabi"),
    ("x86", "x86"),
    ("x86_64", "x86_64"),
    ("mips", "mips"),
    ("mips64", "mips64"),
    ("riscv64", "riscv64"),
];
const DENSITIES: &[&str] = &["ldpi", "mdpi", "tvdpi", "hdpi", "xhdpi", "xxhdpi", "xxxhdpi", "nodpi", "anydpi"];

/// The parts of an XAPK's `manifest.json` worth checking against the base APK.
#[derive(Deserialize, Default)]
struct XapkManifest {
    #[serde(default)]
    package_name: Option<String>,
    #[serde(default)]
    version_name: Option<String>,
}

fn is_apk(name: &str) -> bool {
    name.ends_with(".apk") && !name.ends_with('/')
}

/// The APKs of a split set that are read, in order (at most `max_splits`).
pub fn split_apks(names: &[String], limits: &Limits) -> Vec<String> {
    names.iter().filter(|n| is_apk(n)).take(limits.max_splits as usize).cloned().collect()
}

/// Reads a split set; DEX files in `prescan` were read ahead elsewhere (see `code::prescan`).
pub fn read_split_set(
    archive: &mut Archive<'_>,
    limits: &Limits,
    now_unix: Option<i64>,
    prescan: &mut Prescan,
    report: &mut Report,
    progress: &mut dyn FnMut(Progress),
) {
    let apks = split_apks(archive.names(), limits);
    let total = apks.len();
    let inside = archive.names().iter().filter(|n| is_apk(n)).count();
    if inside > total {
        report.warn(&Error::limit("bundle", format!("{inside} APKs inside; only the first {total} are read")));
    }
    let mut bundle = Bundle::default();
    let mut base: Option<(String, Manifest)> = None;
    let mut base_signing: Option<InnerSigning> = None;
    let mut split_signing: Vec<(String, InnerSigning)> = Vec::new();
    for (i, file) in apks.iter().enumerate() {
        progress(Progress::new(Stage::Manifest, i as f64 / total.max(1) as f64));
        let (manifest, package, signed) = match split_manifest(archive, file, limits) {
            Ok(found) => found,
            Err(e) => {
                report.warn(&e);
                continue;
            }
        };
        let (kind, value) = classify(manifest.split.as_deref());
        if kind == SplitKind::Base && base.is_none() {
            base = Some((file.clone(), manifest));
            base_signing = Some(signed);
        } else {
            if kind == SplitKind::Base {
                report.warn(&Error::malformed(file.as_str(), "a second base APK (no split name); the first one is used"));
            }
            split_signing.push((file.clone(), signed));
        }
        bundle.splits.push(Split { file: file.clone(), name: package.split, kind, value });
    }
    bundle.abis = values_of(&bundle, SplitKind::Abi);
    bundle.languages = values_of(&bundle, SplitKind::Language);
    bundle.densities = values_of(&bundle, SplitKind::Density);
    bundle.features = values_of(&bundle, SplitKind::Feature);

    let wanted = match base {
        Some((file, _)) => {
            bundle.base = Some(file.clone());
            read_base(archive, &file, limits, report)
        }
        None => {
            report.limitation(
                "android.bundle.base",
                "No base APK was found among the splits: the app's identity and permissions are unknown.",
            );
            Wanted::default()
        }
    };
    // After read_base: some signing findings depend on the base's minimum SDK.
    match base_signing {
        Some(base) => {
            signing::apply_facts(&base.facts, &base.warnings, now_unix, report);
            check_split_signers(&base.facts, &split_signing, report);
        }
        None => report.limitation("android.signature", "No base APK was found among the splits, so who signed the app is unknown."),
    }
    read_code(archive, &bundle, limits, wanted, prescan, report, progress);
    check_xapk_manifest(archive, report);
    // The base holds the default strings; translations arrive as language splits, installed with it.
    report.app.locales.extend(bundle.languages.iter().cloned());
    report.app.locales.sort();
    report.app.locales.dedup();
    report.bundle = Some(bundle);
}

struct SplitNames {
    split: Option<String>,
}

/// One inner APK's signatures as read, and what got in the way.
struct InnerSigning {
    facts: SigningFacts,
    warnings: Vec<Error>,
}

/// The `<manifest>` of one inner APK (enough to tell base from split) and its signatures, read in the same
/// pass: a deflated inner APK is inflated once for both, and signing reads only its signing block and
/// `META-INF/` signature files.
fn split_manifest(archive: &mut Archive<'_>, file: &str, limits: &Limits) -> Result<(Manifest, SplitNames, InnerSigning), Error> {
    let nested = archive.nested(file, limits.max_entry_bytes)?;
    let mut inner = Archive::open(&nested, *limits).map_err(|e| Error::malformed(file, format!("not a readable APK: {e}")))?;
    if !inner.contains(super::MANIFEST_ENTRY) {
        return Err(Error::malformed(file, "has no AndroidManifest.xml, so it is not an APK; skipped"));
    }
    let bytes = inner.read(super::MANIFEST_ENTRY, Limits::MAX_MANIFEST_BYTES).map_err(|e| Error::malformed(file, e.to_string()))?;
    let doc = axml::parse(&bytes, limits.axml).map_err(|e| Error::malformed(file, e.to_string()))?;
    let manifest = super::manifest::read_manifest(&doc);
    let split = manifest.split.clone();
    let mut warnings = Vec::new();
    let facts = signing::read_facts(&nested, &mut inner, &limits.signing, &mut warnings);
    for w in &mut warnings {
        w.part = format!("{file}: {}", w.part);
    }
    Ok((manifest, SplitNames { split }, InnerSigning { facts, warnings }))
}

/// Every split must carry the base's certificates (compared by SHA-256), as Android demands at install.
fn check_split_signers(base: &SigningFacts, splits: &[(String, InnerSigning)], report: &mut Report) {
    let expected = base.certificate_digests();
    let mut odd = Vec::new();
    for (file, InnerSigning { facts, warnings }) in splits {
        for w in warnings {
            report.warn(w);
        }
        if facts.signatures.is_empty() && !facts.schemes.is_empty() {
            // Signed, but unreadable: the warnings say why; not knowing is not a mismatch.
            continue;
        }
        let digests = facts.certificate_digests();
        if digests != expected {
            odd.push((file.as_str(), digests));
        }
    }
    report.findings.extend(signing::rules::split_signer_finding(&expected, &odd));
}

/// Reads the base APK fully, as if it had been dropped on its own; returns the classes its manifest declares.
fn read_base(archive: &mut Archive<'_>, file: &str, limits: &Limits, report: &mut Report) -> Wanted {
    let nested = match archive.nested(file, limits.max_entry_bytes) {
        Ok(n) => n,
        Err(e) => {
            report.warn(&e);
            return Wanted::default();
        }
    };
    match Archive::open(&nested, *limits) {
        Ok(mut inner) => {
            // Tricks inside the base APK of a set are reported as the set's own (the same finding).
            let mut tricks = inner.tricks();
            for t in &mut tricks {
                t.location = format!("{file}: {}", t.location);
            }
            let manifest = super::read_apk_manifest(&mut inner, limits, report);
            tricks.extend(manifest.tricks);
            crate::analysis::anti_analysis::add_finding(&tricks, report);
            manifest.wanted
        }
        Err(e) => {
            report.warn(&Error::malformed(file, format!("the base APK is not readable: {e}")));
            Wanted::default()
        }
    }
}

/// The code of every split: the base's DEX, feature modules' DEX, ABI splits' native libraries. Android
/// loads them all into the one app, so they count as one app's code.
fn read_code(
    archive: &mut Archive<'_>,
    bundle: &Bundle,
    limits: &Limits,
    wanted: Wanted,
    prescan: &mut Prescan,
    report: &mut Report,
    progress: &mut dyn FnMut(Progress),
) {
    let mut reader = super::code::CodeReader::new(limits).wanting(wanted).with_prescan(prescan).nested();
    let total = bundle.splits.len().max(1) as f64;
    for (i, split) in bundle.splits.iter().enumerate() {
        let Ok(nested) = archive.nested(&split.file, limits.max_entry_bytes) else { continue };
        let Ok(mut inner) = Archive::open(&nested, *limits) else { continue };
        let names = inner.names().to_vec();
        let dex = super::code::files::loaded_dex_entries(&names);
        let prefix = format!("{}: ", split.file);
        reader.add(&mut inner, &dex, &names, &prefix, &mut |f| progress(Progress::new(Stage::Code, (i as f64 + f) / total)));
    }
    reader.finish(report);
}

/// `config.arm64_v8a` → ABI `arm64-v8a`; `config.fr` → language; `config.xxhdpi` → density; a feature
/// module's config split (`feat.config.fr`) counts as the config it carries.
fn classify(split: Option<&str>) -> (SplitKind, Option<String>) {
    let Some(name) = split else { return (SplitKind::Base, None) };
    let config = name.strip_prefix("config.").or_else(|| name.split_once(".config.").map(|(_, c)| c));
    match config {
        Some(c) if ABIS.iter().any(|(split, _)| *split == c) => {
            (SplitKind::Abi, ABIS.iter().find(|(split, _)| *split == c).map(|(_, abi)| abi.to_string()))
        }
        Some(c) if DENSITIES.contains(&c) => (SplitKind::Density, Some(c.to_string())),
        Some(c) if !c.is_empty() && c.len() <= 12 => (SplitKind::Language, Some(c.to_string())),
        Some(c) => (SplitKind::Other, Some(c.to_string())),
        None => (SplitKind::Feature, Some(name.to_string())),
    }
}

fn values_of(bundle: &Bundle, kind: SplitKind) -> Vec<String> {
    let mut v: Vec<String> = bundle.splits.iter().filter(|s| s.kind == kind).filter_map(|s| s.value.clone()).collect();
    v.sort();
    v.dedup();
    v
}

/// An XAPK's `manifest.json` is written by the store, not by Android: if it disagrees with the base APK,
/// the APK is what gets installed, and the difference is worth a warning.
fn check_xapk_manifest(archive: &mut Archive<'_>, report: &mut Report) {
    if !archive.contains("manifest.json") {
        return;
    }
    let Ok(bytes) = archive.read("manifest.json", 1024 * 1024) else { return };
    let Ok(claimed) = serde_json::from_slice::<XapkManifest>(&bytes) else {
        report.warn(&Error::malformed("manifest.json", "not valid JSON; ignored"));
        return;
    };
    let mismatch = |what: &str, claimed: &Option<String>, actual: &Option<String>| match (claimed, actual) {
        (Some(c), Some(a)) if c != a => {
            Some(Error::malformed("manifest.json", format!("says the {what} is \"{c}\" but the base APK says \"{a}\"; the APK is what Android installs")))
        }
        _ => None,
    };
    let checks = [
        mismatch("package", &claimed.package_name, &report.app.id),
        mismatch("version", &claimed.version_name, &report.app.version_name),
    ];
    for e in checks.iter().flatten() {
        report.warn(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_names_classify() {
        assert_eq!(classify(None), (SplitKind::Base, None));
        assert_eq!(classify(Some("config.arm64_v8a")), (SplitKind::Abi, Some("arm64-v8a".into())));
        assert_eq!(classify(Some("config.x86_64")), (SplitKind::Abi, Some("x86_64".into())));
        assert_eq!(classify(Some("config.xxhdpi")), (SplitKind::Density, Some("xxhdpi".into())));
        assert_eq!(classify(Some("config.fr")), (SplitKind::Language, Some("fr".into())));
        assert_eq!(classify(Some("feat_docs")), (SplitKind::Feature, Some("feat_docs".into())));
        assert_eq!(classify(Some("url.config.xxhdpi")), (SplitKind::Density, Some("xxhdpi".into())));
    }
}
