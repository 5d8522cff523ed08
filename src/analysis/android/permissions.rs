//! Permissions as a person should read them: each requested permission gets its category, meaning, why it
//! matters and weight from AppLens's catalogue, its status on current Android (requested only for old
//! versions, replaced, removed, another app's, unknown), the protection level at the app's target SDK and how
//! Android grants it to this app. Special access (services the app offers the system, such as an
//! accessibility service or a VPN, and special-access permissions) is listed apart in `special_access`:
//! a permission list alone hides it.

use crate::analysis::knowledge::catalogue::{guess_owner, permission_info, Access, PermissionInfo};
use crate::analysis::knowledge::permissions::platform_permission;
use crate::analysis::knowledge::platform::{describe_api, platform};
use crate::analysis::report::{Evidence, Grant, Permission, PermissionSource, PermissionStatus, Report, SpecialAccess};

use super::manifest::{ComponentKind, Manifest};
use super::MANIFEST_ENTRY;

/// Fills the catalogue fields of every permission in `report` and adds the special access the manifest
/// declares. Runs after the permissions are listed.
pub fn annotate(manifest: &Manifest, report: &mut Report) {
    let target = manifest.effective_target_sdk();
    for p in &mut report.permissions {
        annotate_permission(p, target, manifest.package.as_deref());
    }
    add_special_access(manifest, report);
}

fn annotate_permission(p: &mut Permission, target: u32, package: Option<&str>) {
    let facts = platform();
    let info = permission_info(&p.name);
    if let Some(info) = info {
        p.category = Some(info.category.to_string());
        p.meaning = Some(info.meaning.to_string());
        p.why = Some(info.why.to_string());
        p.weight = Some(info.weight);
    }
    let platform_def = platform_permission(&p.name);
    // Android's own words stand in where the catalogue has none, so readers of the report need no table.
    if let Some(def) = platform_def {
        if p.meaning.is_none() {
            p.platform_label = Some(def.label.to_string()).filter(|l| !l.is_empty());
        }
        if p.why.is_none() {
            p.platform_description = Some(def.description.to_string()).filter(|d| !d.is_empty());
        }
    }
    if let Some(def) = platform_def.filter(|_| p.defined_by == PermissionSource::Platform) {
        let at_target = def.level_at(target);
        p.protection_level_at_target = Some(at_target.to_string());
        p.grant = Some(grant(def.protection_level, target, info));
    }

    let (status, note) = match p.defined_by {
        PermissionSource::App => {
            p.owner_guess = package.map(str::to_string);
            (PermissionStatus::Custom, Some("Defined by this app itself, for its own features.".to_string()))
        }
        PermissionSource::Unknown => match info {
            Some(i) if i.owned_by_android() => (PermissionStatus::Active, None),
            Some(i) => {
                p.owner_guess = Some(i.owner.to_string());
                (PermissionStatus::OtherApp, Some(format!("Defined by {}, not by Android.", i.owner)))
            }
            None => {
                let owner = guess_owner(&p.name);
                let own = package.is_some_and(|pkg| p.name.starts_with(&format!("{pkg}.")));
                p.owner_guess = Some(if own { package.unwrap_or_default().to_string() } else { owner });
                let note = if own {
                    "Named after this app but not defined in its manifest; it may come from a library, and has no effect until some app defines it."
                } else {
                    "Neither Android nor this app defines it: it belongs to another app (guessed from its name), is misspelled, or is newer than AppLens's data."
                };
                (PermissionStatus::Unknown, Some(note.to_string()))
            }
        },
        PermissionSource::Platform => {
            let removed = platform_def.and_then(|d| d.removed_after_api);
            let replaced = info.and_then(|i| i.replaced_in.map(|api| (api, i.replaced_by)));
            if let Some(last) = removed {
                (
                    PermissionStatus::NotAppliedOnCurrentAndroid,
                    Some(format!("Android no longer has this permission: the last version that defined it is {}.", describe_api(last))),
                )
            } else if let Some(max) = p.max_sdk.filter(|m| *m < facts.oldest_updated_api) {
                (
                    PermissionStatus::NotAppliedOnCurrentAndroid,
                    Some(format!(
                        "Requested only up to {}: Android versions that still get updates ({} and later) do not give it to this app.",
                        describe_api(max),
                        describe_api(facts.oldest_updated_api)
                    )),
                )
            } else if let Some((api, by)) = replaced.filter(|(api, _)| target >= *api) {
                (
                    PermissionStatus::NotAppliedOnCurrentAndroid,
                    Some(format!("No effect for apps built for {} or later, like this one: replaced by {by}.", describe_api(api))),
                )
            } else if let Some((api, by)) = replaced {
                (
                    PermissionStatus::Active,
                    Some(format!(
                        "Replaced by {by} for apps built for {} or later; it still works for this app, built for {}.",
                        describe_api(api),
                        describe_api(target)
                    )),
                )
            } else {
                (PermissionStatus::Active, None)
            }
        }
    };
    p.status = status;
    p.status_note = note;
}

/// How Android hands a platform permission to an app built for `target`, from its newest protection level.
fn grant(level: &str, target: u32, info: Option<&PermissionInfo>) -> Grant {
    let mut parts = level.split('|');
    let base = parts.next().unwrap_or_default();
    let flags: Vec<&str> = parts.collect();
    let legacy = target < platform().runtime_permissions_api;
    match base {
        // Before Android 6 there was no prompt: an app built for that era still gets these at install.
        "dangerous" if legacy => Grant::Install,
        "dangerous" => Grant::Runtime,
        "normal" => Grant::Install,
        _ if flags.contains(&"pre23") && legacy => Grant::Install,
        _ if flags.contains(&"appop") || info.is_some_and(|i| i.access == Access::Special) => Grant::Settings,
        _ => Grant::SystemOnly,
    }
}

fn add_special_access(manifest: &Manifest, report: &mut Report) {
    // Services (and device-admin receivers) guarded by a BIND_… permission the catalogue marks: declaring
    // them is how an app asks for the power; the person grants it in Settings.
    for c in &manifest.components {
        if !matches!(c.kind, ComponentKind::Service | ComponentKind::Receiver) {
            continue;
        }
        let Some(permission) = c.permission.as_deref() else { continue };
        let Some(info) = permission_info(permission).filter(|i| i.access == Access::Component) else { continue };
        report.special_access.push(SpecialAccess {
            permission: permission.to_string(),
            source: "component".into(),
            component: Some(c.name.clone()),
            component_type: Some(c.kind.element().to_string()),
            category: info.category.to_string(),
            meaning: info.meaning.to_string(),
            why: info.why.to_string(),
            weight: info.weight,
            evidence: vec![Evidence {
                kind: "manifest".into(),
                location: format!("{MANIFEST_ENTRY}, line {}", c.at.line),
                text: c.at.text.clone(),
            }],
        });
    }
    // Special-access permissions the app requests (and that current Android still gives it).
    let requested: Vec<SpecialAccess> = report
        .permissions
        .iter()
        .filter(|p| p.status != PermissionStatus::NotAppliedOnCurrentAndroid)
        .filter_map(|p| {
            let info = permission_info(&p.name).filter(|i| i.access == Access::Special)?;
            Some(SpecialAccess {
                permission: p.name.clone(),
                source: "permission".into(),
                component: None,
                component_type: None,
                category: info.category.to_string(),
                meaning: info.meaning.to_string(),
                why: info.why.to_string(),
                weight: info.weight,
                evidence: p.evidence.clone(),
            })
        })
        .collect();
    report.special_access.extend(requested);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn perm(name: &str, defined_by: PermissionSource) -> Permission {
        Permission { name: name.into(), defined_by, element: "uses-permission".into(), ..Default::default() }
    }

    #[test]
    fn a_dangerous_permission_reads_as_its_target_sdk_saw_it() {
        let mut p = perm("android.permission.READ_EXTERNAL_STORAGE", PermissionSource::Platform);
        annotate_permission(&mut p, 22, Some("x.y"));
        assert_eq!(p.protection_level_at_target.as_deref(), Some("normal"));
        assert_eq!(p.grant, Some(Grant::Install), "pre-23 targets get it at install");
        assert_eq!(p.status, PermissionStatus::Active);
        assert_eq!(p.category.as_deref(), Some("files_media"));
        let mut q = perm("android.permission.READ_EXTERNAL_STORAGE", PermissionSource::Platform);
        annotate_permission(&mut q, 33, Some("x.y"));
        assert_eq!(q.grant, Some(Grant::Runtime));
        assert_eq!(q.status, PermissionStatus::NotAppliedOnCurrentAndroid, "replaced at 33");
    }

    #[test]
    fn statuses() {
        let mut old = perm("android.permission.WRITE_EXTERNAL_STORAGE", PermissionSource::Platform);
        old.max_sdk = Some(28);
        annotate_permission(&mut old, 29, None);
        assert_eq!(old.status, PermissionStatus::NotAppliedOnCurrentAndroid);
        assert!(old.status_note.as_deref().unwrap().contains("Android 9 (API 28)"), "{:?}", old.status_note);

        let mut ad = perm("com.google.android.gms.permission.AD_ID", PermissionSource::Unknown);
        annotate_permission(&mut ad, 33, None);
        assert_eq!((ad.status, ad.owner_guess.as_deref()), (PermissionStatus::OtherApp, Some("Google Play services")));
        assert_eq!(ad.category.as_deref(), Some("tracking_advertising"));

        let mut badge = perm("com.example.launcher.permission.X", PermissionSource::Unknown);
        annotate_permission(&mut badge, 33, None);
        assert_eq!((badge.status, badge.owner_guess.as_deref()), (PermissionStatus::Unknown, Some("com.example.launcher")));

        let mut own = perm("x.y.permission.C2D", PermissionSource::App);
        annotate_permission(&mut own, 33, Some("x.y"));
        assert_eq!((own.status, own.owner_guess.as_deref()), (PermissionStatus::Custom, Some("x.y")));
    }

    #[test]
    fn grants() {
        let g = |name: &str, target| {
            let mut p = perm(name, PermissionSource::Platform);
            annotate_permission(&mut p, target, None);
            p.grant
        };
        assert_eq!(g("android.permission.SYSTEM_ALERT_WINDOW", 30), Some(Grant::Settings));
        assert_eq!(g("android.permission.SYSTEM_ALERT_WINDOW", 22), Some(Grant::Install));
        assert_eq!(g("android.permission.INSTALL_PACKAGES", 30), Some(Grant::SystemOnly));
        assert_eq!(g("android.permission.INTERNET", 30), Some(Grant::Install));
        assert_eq!(g("android.permission.CAMERA", 30), Some(Grant::Runtime));
    }
}
