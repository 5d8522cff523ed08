//! Android packages: from the archive to the report.

pub mod manifest;
pub mod network_security;
pub mod permissions;
pub mod rules;

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
    permissions::annotate(&m, report);
    let config = read_network_security_config(archive, limits, &m, report);
    report.findings.extend(rules::evaluate(&rules::Context { manifest: &m, network_security: config.as_ref() }));
}

/// The network security config the manifest names, when it is at the conventional path (see
/// `network_security::CONVENTIONAL_PATH` for why AppLens does not resolve the reference yet).
fn read_network_security_config(
    archive: &mut Archive<'_>,
    limits: &Limits,
    m: &Manifest,
    report: &mut Report,
) -> Option<network_security::NetworkSecurityConfig> {
    m.application.as_ref()?.network_security_config.as_ref()?;
    let path = network_security::CONVENTIONAL_PATH;
    let unresolved = |report: &mut Report, why: &str| {
        report.limitation(
            "android.network_security_config",
            format!(
                "The app names a network security configuration, but {why}: what it says about unencrypted \
                 connections and trusted certificates is not examined (AppLens does not read the resource table \
                 that locates it yet)."
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
            ..Permission::default()
        });
    }
}
