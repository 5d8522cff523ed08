//! What `resources.arsc` adds to the report: the app's name as people see it, its icon, its languages.

use base64::Engine as _;

use super::manifest::{attr, Manifest};
use crate::analysis::archive::Archive;
use crate::analysis::arsc::{density_rank, ResourceLookup, ResourceTable};
use crate::analysis::axml::{self, Value};
use crate::analysis::limits::Limits;
use crate::analysis::report::{Icon, Report};

pub const RESOURCES_ENTRY: &str = "resources.arsc";
/// Adaptive icons point at their foreground, which may itself be XML: stop after a few hops.
const MAX_ICON_HOPS: usize = 3;

/// Files the manifest points at through the resource table, for readers that need them.
#[derive(Default)]
pub struct Resolved {
    /// Where `android:networkSecurityConfig="@xml/…"` points.
    pub network_security_config: Option<String>,
}

pub fn read_resources(archive: &mut Archive<'_>, limits: &Limits, manifest: &Manifest, report: &mut Report) -> Resolved {
    let needs_table = matches!(manifest.label, Some(Value::Reference(_)))
        || matches!(manifest.icon, Some(Value::Reference(_)))
        || manifest.version_name_reference.is_some();
    if !archive.contains(RESOURCES_ENTRY) {
        if needs_table {
            report.limitation(
                "android.resources",
                "The package has no resource table, so the app's name, icon or version it refers to cannot be shown.",
            );
        }
        return Resolved::default();
    }
    let bytes = match archive.read(RESOURCES_ENTRY, Limits::MAX_ARSC_BYTES) {
        Ok(b) => b,
        Err(e) => {
            report.warn(&e);
            report.limitation("android.resources", format!("The resource table could not be read ({e}): the app's name, icon and languages are unknown."));
            return Resolved::default();
        }
    };
    let table = match ResourceTable::parse(&bytes, limits.arsc) {
        Ok(t) => t,
        Err(e) => {
            report.warn(&e);
            report.limitation("android.resources", format!("The resource table could not be decoded ({e}): the app's name, icon and languages are unknown."));
            return Resolved::default();
        }
    };
    for w in &table.warnings {
        report.warn(w);
    }
    apply_resources(&table, archive, "", limits, manifest, report);
    let network_security_config = match manifest.application.as_ref().and_then(|a| a.network_security_config.as_ref()) {
        Some(Value::Reference(id)) => table.files(*id).into_iter().map(|(path, _)| path).find(|p| p.ends_with(".xml")),
        _ => None,
    };
    Resolved { network_security_config }
}

/// Name, version, icon and languages from a resource table. `prefix` is where the table's file paths live in the
/// archive: "" in an APK, "base/" in an App Bundle.
pub fn apply_resources(
    table: &dyn ResourceLookup,
    archive: &mut Archive<'_>,
    prefix: &str,
    limits: &Limits,
    manifest: &Manifest,
    report: &mut Report,
) {
    report.app.locales = table.locales();
    if let Some(Value::Reference(id)) = manifest.label {
        report.app.name = table.resolve_string(id);
    }
    // aapt's badging resolves `versionName="@string/…"` the same way as the label (default configuration
    // first); without this, such an app showed no version at all.
    if let Some(id) = manifest.version_name_reference {
        report.app.version_name = table.resolve_string(id);
    }
    if let Some(Value::Reference(id)) = manifest.icon {
        report.app.icon = find_icon(archive, table, prefix, limits, id, 0);
    }
}

/// The sharpest bitmap behind an icon resource; for an adaptive icon (XML), its foreground layer's.
fn find_icon(archive: &mut Archive<'_>, table: &dyn ResourceLookup, prefix: &str, limits: &Limits, id: u32, hops: usize) -> Option<Icon> {
    let mut files = table.files(id);
    files.sort_by_key(|(_, density)| std::cmp::Reverse(density_rank(*density)));
    for (path, _) in files.iter().filter(|(p, _)| mime_for(p).is_some()) {
        if let Some(icon) = read_bitmap(archive, &format!("{prefix}{path}")) {
            return Some(icon);
        }
    }
    if hops >= MAX_ICON_HOPS {
        return None;
    }
    for (path, _) in files.iter().filter(|(p, _)| p.ends_with(".xml")) {
        let Ok(xml) = archive.read(&format!("{prefix}{path}"), Limits::MAX_MANIFEST_BYTES) else { continue };
        let Ok(doc) = axml::parse(&xml, limits.axml) else { continue };
        // <adaptive-icon><foreground android:drawable="@mipmap/…"/></adaptive-icon>, or a <bitmap>/<layer-list>.
        let layer = doc.elements.iter().find_map(|e| {
            let preferred = matches!(e.name.as_str(), "foreground" | "bitmap" | "item");
            match e.attr(attr::DRAWABLE, "drawable").or_else(|| e.attr(0x0101_0119, "src")).map(|a| &a.value) {
                Some(Value::Reference(next)) if preferred => Some(*next),
                _ => None,
            }
        });
        if let Some(next) = layer {
            if let Some(icon) = find_icon(archive, table, prefix, limits, next, hops + 1) {
                return Some(icon);
            }
        }
    }
    None
}

fn read_bitmap(archive: &mut Archive<'_>, path: &str) -> Option<Icon> {
    let mime = mime_for(path)?;
    let bytes = archive.read(path, Limits::MAX_ICON_BYTES).ok()?;
    // Only real images are embedded: the extension alone proves nothing.
    let real = match mime {
        "image/png" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/webp" => bytes.get(..4) == Some(b"RIFF") && bytes.get(8..12) == Some(b"WEBP"),
        _ => bytes.starts_with(b"\xff\xd8\xff"),
    };
    real.then(|| Icon {
        path: path.to_string(),
        mime: mime.to_string(),
        data_url: format!("data:{mime};base64,{}", base64::engine::general_purpose::STANDARD.encode(&bytes)),
        width: None,
        height: None,
        converted_from_cgbi: false,
    })
}

fn mime_for(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".png") {
        Some("image/png")
    } else if lower.ends_with(".webp") {
        Some("image/webp")
    } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
        Some("image/jpeg")
    } else {
        None
    }
}
