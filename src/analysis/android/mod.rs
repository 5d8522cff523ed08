//! Android packages: from the archive to the report.

pub mod manifest;

use super::archive::Archive;
use super::axml;
use super::error::Error;
use super::knowledge::permissions::platform_permission;
use super::limits::Limits;
use super::report::{Evidence, Permission, PermissionSource, Report};
use manifest::Manifest;

pub const MANIFEST_ENTRY: &str = "AndroidManifest.xml";

/// Reads the manifest of an APK into the report. Problems become warnings: the report is still produced.
pub fn read_apk_manifest(archive: &mut Archive<'_>, limits: &Limits, report: &mut Report) {
    let bytes = match archive.read(MANIFEST_ENTRY, Limits::MAX_MANIFEST_BYTES) {
        Ok(b) => b,
        Err(e) => {
            report.warn(&e);
            report.limitation("android.manifest", format!("The manifest could not be read ({e}); the app's identity and permissions are unknown."));
            return;
        }
    };
    let doc = match axml::parse(&bytes, limits.axml) {
        Ok(d) => d,
        Err(e) => {
            report.warn(&e);
            report.limitation("android.manifest", format!("The manifest could not be decoded ({e}); the app's identity and permissions are unknown."));
            return;
        }
    };
    for w in &doc.warnings {
        report.warn(w);
    }
    let m = manifest::read_manifest(&doc);
    apply_manifest(&m, report);
}

fn apply_manifest(m: &Manifest, report: &mut Report) {
    for w in &m.warnings {
        report.warn(w);
    }
    report.app.id = m.package.clone();
    report.app.version_name = m.version_name.clone();
    report.app.version_code = m.version_code;
    report.app.min_sdk = m.min_sdk;
    report.app.target_sdk = m.target_sdk;
    report.app.name = m.label.as_ref().and_then(|v| v.as_str()).map(str::to_string);
    if matches!(m.label, Some(axml::Value::Reference(_))) {
        report.limitation(
            "android.resources",
            "The app's display name is stored in its resource table, which this version does not read yet.",
        );
    }

    for uses in &m.uses_permissions {
        // Android grants a name once; a repeat is noted, not listed twice.
        if report.permissions.iter().any(|p| p.name == uses.name) {
            report.warn(&Error::malformed(MANIFEST_ENTRY, format!("{} is requested more than once", uses.name)));
            continue;
        }
        let own = m.defined_permissions.iter().find(|d| d.name == uses.name);
        let (protection_level, defined_by) = match (platform_permission(&uses.name), own) {
            (Some(p), _) => (Some(p.protection_level.to_string()), PermissionSource::Platform),
            (None, Some(d)) => (Some(d.protection_level.clone()), PermissionSource::App),
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
            category: None,
            meaning: None,
            reason: None,
        });
    }
}
