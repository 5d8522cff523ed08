//! Android packages: from the archive to the report.

pub mod code;
pub mod decoded;
pub mod manifest;
pub mod network_security;
pub mod permissions;
pub mod resources;
pub mod rules;
pub mod splits;

use std::collections::HashMap;

use super::archive::tricks::Trick;
use super::archive::Archive;
use super::axml;
use super::error::Error;
use super::knowledge::permissions::platform_permission;
use super::limits::Limits;
use super::report::{Evidence, Permission, PermissionSource, Report};
use manifest::Manifest;

pub const MANIFEST_ENTRY: &str = "AndroidManifest.xml";

/// What reading an APK's manifest gives the later stages besides the report.
#[derive(Debug, Default)]
pub struct ManifestRead {
    /// Anti-analysis tricks seen in it.
    pub tricks: Vec<Trick>,
    /// The classes it declares, for the code stage to look for (`code::components`).
    pub wanted: code::components::Wanted,
}

/// Reads the manifest (and resources) of an APK into the report. Problems become warnings: the report is
/// still produced.
pub fn read_apk_manifest(archive: &mut Archive<'_>, limits: &Limits, report: &mut Report) -> ManifestRead {
    let bytes = match archive.read(MANIFEST_ENTRY, Limits::MAX_MANIFEST_BYTES) {
        Ok(b) => b,
        Err(e) => {
            report.warn(&e);
            report.limitation("android.manifest", format!("The manifest could not be read ({e}); the app's identity and permissions are unknown."));
            return ManifestRead::default();
        }
    };
    let parsed = axml::parse(&bytes, limits.axml);
    // Each stage owns copies of what it needs, so the one before is freed as soon as it is done: at the
    // parse limits the inflated bytes, the document and the report each take tens of MB.
    drop(bytes);
    let doc = match parsed {
        Ok(d) => d,
        Err(e) => {
            report.warn(&e);
            report.limitation("android.manifest", format!("The manifest could not be decoded ({e}); the app's identity and permissions are unknown."));
            return ManifestRead::default();
        }
    };
    for w in &doc.warnings {
        report.warn(w);
    }
    // Padding a manifest up to a limit could otherwise hide the permissions placed after it.
    if let Some(last) = doc.warnings.last().filter(|_| doc.stopped_early) {
        report.limitation(
            "android.manifest",
            format!("The manifest was read only in part ({last}); permissions and components after that point are not listed."),
        );
    }
    let m = manifest::read_manifest(&doc);
    report.decoded_files.push(decoded::render(MANIFEST_ENTRY, &doc));
    let tricks = doc
        .tricks
        .iter()
        .cloned()
        .chain(manifest::namespace_tricks(&doc))
        .map(|description| Trick { id: "axml", description, location: MANIFEST_ENTRY.into() })
        .collect();
    drop(doc);
    apply_manifest(&m, report);
    let resolved = resources::read_resources(archive, limits, &m, report);
    let config = read_network_security_config(archive, limits, &m, resolved.network_security_config.as_deref(), report);
    evaluate_manifest(&m, config.as_ref(), report);
    ManifestRead { tricks, wanted: code::components::Wanted::from_manifest(&m) }
}

/// Meanings for the permissions and the manifest rules' findings: the same for an APK, the base of a split
/// set and an App Bundle's base module.
pub(crate) fn evaluate_manifest(m: &Manifest, config: Option<&network_security::NetworkSecurityConfig>, report: &mut Report) {
    permissions::annotate(m, report);
    report.findings.extend(rules::evaluate(&rules::Context { manifest: m, network_security: config }));
}

/// The network security config the manifest names, at the path its `@xml/…` reference resolves to through
/// resources.arsc (`resolved`), or at the conventional path when the table could not resolve it.
fn read_network_security_config(
    archive: &mut Archive<'_>,
    limits: &Limits,
    m: &Manifest,
    resolved: Option<&str>,
    report: &mut Report,
) -> Option<network_security::NetworkSecurityConfig> {
    m.application.as_ref()?.network_security_config.as_ref()?;
    let path = resolved.unwrap_or(network_security::CONVENTIONAL_PATH);
    let unresolved = |report: &mut Report, why: &str| {
        report.limitation(
            "android.network_security_config",
            format!(
                "The app names a network security configuration, but {why}: what it says about unencrypted \
                 connections and trusted certificates is not examined."
            ),
        );
    };
    if !archive.contains(path) {
        unresolved(report, &format!("it is not at {path}"));
        return None;
    }
    let bytes = match archive.read(path, Limits::MAX_MANIFEST_BYTES) {
        Ok(b) => b,
        Err(e) => {
            report.warn(&e);
            unresolved(report, &format!("{path} could not be read"));
            return None;
        }
    };
    let doc = match axml::parse(&bytes, limits.axml) {
        Ok(d) => d,
        Err(e) => {
            report.warn(&Error::malformed(path, e.message.clone()));
            unresolved(report, &format!("{path} could not be decoded"));
            return None;
        }
    };
    for w in &doc.warnings {
        report.warn(&Error::malformed(path, w.message.clone()));
    }
    let config = network_security::read(&doc, path);
    if config.is_none() {
        unresolved(report, &format!("{path} is not a network security configuration"));
    }
    config
}

pub(crate) fn apply_manifest(m: &Manifest, report: &mut Report) {
    for w in &m.warnings {
        report.warn(w);
    }
    report.app.id = m.package.clone();
    report.app.version_name = m.version_name.clone();
    report.app.version_code = m.version_code;
    report.app.min_sdk = m.min_sdk;
    report.app.target_sdk = m.target_sdk;
    report.app.name = m.label.as_ref().and_then(|v| v.as_str()).map(str::to_string);

    // Names are looked up in maps: a hostile manifest may hold tens of thousands of requests and
    // definitions, and searching lists here made the analysis quadratic (minutes for 70,000 of each).
    let mut own_levels: HashMap<&str, &str> = HashMap::new();
    for d in &m.defined_permissions {
        own_levels.entry(d.name.as_str()).or_insert(d.protection_level.as_str());
    }
    let mut times_requested: HashMap<&str, usize> = HashMap::new();
    for uses in &m.uses_permissions {
        // Android grants a name once; a repeat is noted (once per name, below), not listed twice.
        let times = times_requested.entry(uses.name.as_str()).or_insert(0);
        *times += 1;
        if *times > 1 {
            continue;
        }
        let own = own_levels.get(uses.name.as_str());
        let (protection_level, defined_by) = match (platform_permission(&uses.name), own) {
            (Some(p), _) => (Some(p.protection_level.to_string()), PermissionSource::Platform),
            (None, Some(level)) => (Some((*level).to_string()), PermissionSource::App),
            (None, None) => (None, PermissionSource::Unknown),
        };
        report.permissions.push(Permission {
            name: uses.name.clone(),
            protection_level,
            defined_by,
            element: uses.element.to_string(),
            max_sdk: uses.max_sdk,
            evidence: vec![Evidence {
                kind: "manifest".into(),
                location: format!("{MANIFEST_ENTRY}, line {}", uses.line),
                text: uses.evidence.clone(),
            }],
            ..Permission::default()
        });
    }
    let repeated: Vec<Error> = report
        .permissions
        .iter()
        .filter_map(|p| {
            let times = times_requested.get(p.name.as_str()).copied().filter(|t| *t > 1)?;
            Some(Error::malformed(MANIFEST_ENTRY, format!("{} is requested more than once ({times} times)", p.name)))
        })
        .collect();
    for e in &repeated {
        report.warn(e);
    }
}
