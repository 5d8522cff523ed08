//! Android App Bundles (`.aab`): what developers upload to Google Play. Each module (`base/`, features) has
//! its manifest and resource table in aapt2's protobuf form and its code under `<module>/dex/`. The facts
//! must equal what the APK built from the same bundle would give, so the manifest is converted to the same
//! `Document` and read by the same code.

pub mod table;
pub mod xml;

use crate::analysis::android;
use crate::analysis::android::code::components::Wanted;
use crate::analysis::android::code::prescan::Prescan;
use crate::analysis::archive::Archive;
use crate::analysis::error::Error;
use crate::analysis::limits::Limits;
use crate::analysis::report::{Bundle, Report, Split, SplitKind};

pub const BASE_MANIFEST: &str = "base/manifest/AndroidManifest.xml";
const BASE_RESOURCES: &str = "base/resources.pb";

/// The modules of a bundle: every top folder with a manifest (`base`, features).
fn modules(names: &[String]) -> Vec<String> {
    names.iter().filter_map(|n| n.strip_suffix("/manifest/AndroidManifest.xml")).filter(|m| !m.contains('/')).map(str::to_string).collect()
}

/// A module's paths as an APK built from it would have them (`lib/arm64-v8a/x.so`, and the module's
/// `dex/classes2.dex` at the root as `classes2.dex`), and its DEX entries in the order Android loads them.
fn module_code(names: &[String], module: &str) -> (Vec<String>, Vec<String>) {
    let prefix = format!("{module}/");
    let inside: Vec<String> =
        names.iter().filter_map(|n| n.strip_prefix(&prefix)).map(|n| n.strip_prefix("dex/").unwrap_or(n).to_string()).collect();
    let dex = android::code::files::loaded_dex_entries(&inside).into_iter().map(|n| format!("{prefix}dex/{n}")).collect();
    (inside, dex)
}

/// Every DEX entry the code stage reads, in its order: what can be read ahead on other workers.
pub fn dex_entries(names: &[String]) -> Vec<String> {
    modules(names).iter().flat_map(|m| module_code(names, m).1).collect()
}

/// Every module's code: `<module>/dex/classes*.dex` and `<module>/lib/<abi>/*.so`, read as one app's.
fn read_code(archive: &mut Archive<'_>, modules: &[String], limits: &Limits, wanted: Wanted, prescan: &mut Prescan, report: &mut Report) {
    let mut reader = android::code::CodeReader::new(limits).wanting(wanted).with_prescan(prescan);
    for module in modules {
        let (inside, dex) = module_code(archive.names(), module);
        reader.add(archive, &dex, &inside, &format!("{module}/"), &mut |_| {});
    }
    reader.finish(report);
}

/// Reads the bundle; DEX files in `prescan` were read ahead elsewhere (see `android::code::prescan`).
pub fn read_aab(archive: &mut Archive<'_>, limits: &Limits, prescan: &mut Prescan, report: &mut Report) {
    let mut bundle = Bundle { base: Some("base/".into()), ..Bundle::default() };
    let modules = modules(archive.names());
    for module in &modules {
        let kind = if module == "base" { SplitKind::Base } else { SplitKind::Feature };
        bundle.splits.push(Split { file: format!("{module}/"), name: Some(module.clone()), kind, value: Some(module.clone()) });
    }
    bundle.features = modules.iter().filter(|m| *m != "base").cloned().collect();
    let mut abis: Vec<String> = archive
        .names()
        .iter()
        .filter_map(|n| {
            let mut parts = n.split('/');
            let (_module, lib, abi) = (parts.next()?, parts.next()?, parts.next()?);
            (lib == "lib" && parts.next().is_some()).then(|| abi.to_string())
        })
        .collect();
    abis.sort();
    abis.dedup();
    bundle.abis = abis;

    let manifest = match archive.read(BASE_MANIFEST, Limits::MAX_MANIFEST_BYTES).and_then(|b| xml::parse(&b, limits.axml)) {
        Ok(doc) => android::manifest::read_manifest(&doc),
        Err(e) => {
            report.warn(&e);
            report.limitation("android.manifest", format!("The base module's manifest could not be read ({e}); the app's identity and permissions are unknown."));
            report.bundle = Some(bundle);
            return;
        }
    };
    android::apply_manifest(&manifest, report);
    android::evaluate_manifest(&manifest, None, report);
    if manifest.application.as_ref().is_some_and(|a| a.network_security_config.is_some()) {
        report.limitation(
            "android.network_security_config",
            "The app names a network security configuration; in an App Bundle it is not examined yet.",
        );
    }
    if archive.contains(BASE_RESOURCES) {
        match archive.read(BASE_RESOURCES, Limits::MAX_ARSC_BYTES).and_then(|b| table::ProtoTable::parse(&b)) {
            Ok(table) => android::resources::apply_resources(&table, archive, "base/", limits, &manifest, report),
            Err(e) => report.warn(&Error::malformed(BASE_RESOURCES, e.to_string())),
        }
    }
    bundle.languages = report.app.locales.iter().filter(|l| *l != "--_--").cloned().collect();
    read_code(archive, &modules, limits, Wanted::from_manifest(&manifest), prescan, report);
    report.bundle = Some(bundle);
}
