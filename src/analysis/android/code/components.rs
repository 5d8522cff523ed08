//! The classes the manifest names (its components, the application class, the component factory, the
//! backup agent), and which of them some DEX file defines. Android instantiates each of them by name from
//! the app's class loader, so an ordinary app defines every one in its `classes*.dex`; a packed app
//! declares its real components but ships only a stub, and its loader puts the real classes in place
//! while it runs (the classic packer and dropper shape: Bangcle, Jiagu, Fobus, Cerberus...).
//!
//! Only the names wanted are looked for and kept (`Wanted`), so memory does not grow with the size of
//! the app; a DEX file's finds (`DexHits::defined`) carry the digest of the list they were looked for
//! against, so finds made elsewhere (`prescan`) are used only when they answer the same question.

use std::collections::HashSet;

use super::super::super::archive::Archive;
use super::super::super::detect;
use super::super::super::dex::mutf8;
use super::super::super::limits::Limits;
use super::super::super::report::Format;
use super::super::super::{aab, axml};
use super::super::manifest::{self, Manifest};
use super::super::splits::split_apks;
use super::super::MANIFEST_ENTRY;

/// One class the manifest names, with the element that names it (for evidence).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeclaredClass {
    /// Java form, e.g. `com.example.MainActivity`.
    pub class: String,
    /// The element: `activity`, `service`, `application`...
    pub element: &'static str,
    /// The element as one line of XML, and its line number.
    pub text: String,
    pub line: u32,
}

/// Packages whose classes the platform itself defines: a component of one of them (`android.app.NativeActivity`,
/// a platform `Application`) is never in the app's DEX files, and that says nothing about hidden code. The
/// support libraries under `android.` are not the platform's: apps carry them in their own DEX files.
fn platform_class(class: &str) -> bool {
    let own = ["android.support.", "android.arch."].iter().any(|p| class.starts_with(p));
    let platform = ["android.", "java.", "javax.", "dalvik."].iter().any(|p| class.starts_with(p));
    platform && !own
}

/// The classes `m` names that the app must define itself, each once, in manifest order. Components of a
/// feature split (`android:splitName`) are left out: their code is in that split, which may be absent.
pub fn declared_classes(m: &Manifest) -> Vec<DeclaredClass> {
    let mut out: Vec<DeclaredClass> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut add = |class: &str, element: &'static str, at: &manifest::Located| {
        if class.is_empty() || platform_class(class) || !seen.insert(class.to_string()) {
            return;
        }
        out.push(DeclaredClass { class: class.to_string(), element, text: at.text.clone(), line: at.line });
    };
    if let Some(app) = &m.application {
        for class in [&app.class, &app.app_component_factory, &app.backup_agent].into_iter().flatten() {
            add(class, "application", &app.at);
        }
    }
    for c in m.components.iter().filter(|c| c.split_name.is_none()) {
        // An alias's own name is no class: the activity it stands for is.
        let class = match c.kind {
            manifest::ComponentKind::ActivityAlias => c.target_activity.as_deref().unwrap_or_default(),
            _ => c.name.as_str(),
        };
        add(class, c.kind.element(), &c.at);
    }
    out
}

/// The classes to look for in the DEX files, as type descriptors (`Lcom/example/Main;`), with a digest of
/// the list: DEX finds are merged only when they were made against the same list.
#[derive(Clone, Debug, Default)]
pub struct Wanted {
    declared: Vec<DeclaredClass>,
    /// As the DEX stores them (MUTF-8), so that a class is looked up without decoding its name. The set keeps
    /// the standard library's randomly keyed hasher: a hostile app writes both the names and the lookups.
    descriptors: HashSet<Vec<u8>>,
    digest: u64,
}

impl Wanted {
    pub fn new(declared: Vec<DeclaredClass>) -> Self {
        let descriptors: HashSet<Vec<u8>> =
            declared.iter().map(|d| mutf8::encode(&format!("L{};", d.class.replace('.', "/")))).collect();
        let mut sorted: Vec<&Vec<u8>> = descriptors.iter().collect();
        sorted.sort();
        // FNV-1a (64 bit) over the sorted descriptors, each ended by a NUL (which MUTF-8 never holds): the
        // same on every platform and in every worker, unlike the hasher of the set.
        let mut digest: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in sorted.iter().flat_map(|d| d.iter().copied().chain(std::iter::once(0))) {
            digest = (digest ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        Self { declared, descriptors, digest }
    }

    pub fn from_manifest(m: &Manifest) -> Self {
        Self::new(declared_classes(m))
    }

    pub fn declared(&self) -> &[DeclaredClass] {
        &self.declared
    }

    pub fn into_declared(self) -> Vec<DeclaredClass> {
        self.declared
    }

    pub fn digest(&self) -> u64 {
        self.digest
    }

    pub fn is_empty(&self) -> bool {
        self.descriptors.is_empty()
    }

    /// Whether the type descriptor `descriptor` (as the DEX stores it) is one of the classes wanted.
    pub fn wants(&self, descriptor: &[u8]) -> bool {
        !self.descriptors.is_empty() && self.descriptors.contains(descriptor)
    }
}

/// The classes the package's manifest names, read the way the analysis reads that manifest: an APK's own,
/// a split set's base APK's (found as `read_split_set` finds it, among the APKs stored in place), an App
/// Bundle's base module's. For reading DEX files ahead (`prescan`), which has no manifest at hand; when it
/// cannot find the same manifest, the digests differ and the analysis reads those files again itself.
pub fn wanted_in_package(archive: &mut Archive<'_>, limits: &Limits) -> Wanted {
    let manifest = match detect::detect_format(archive.names()) {
        Ok(Format::Apk) => apk_manifest(archive, limits),
        Ok(Format::Aab) => archive
            .read(aab::BASE_MANIFEST, Limits::MAX_MANIFEST_BYTES)
            .ok()
            .and_then(|b| aab::xml::parse(&b, limits.axml).ok())
            .map(|doc| manifest::read_manifest(&doc)),
        Ok(Format::Xapk | Format::Apks | Format::Apkm) => split_apks(archive.names(), limits).iter().find_map(|file| {
            let window = archive.nested_in_place(file)?;
            let mut inner = Archive::open(&window, *limits).ok()?;
            apk_manifest(&mut inner, limits).filter(|m| m.split.is_none())
        }),
        _ => None,
    };
    manifest.map(|m| Wanted::from_manifest(&m)).unwrap_or_default()
}

fn apk_manifest(archive: &mut Archive<'_>, limits: &Limits) -> Option<Manifest> {
    let bytes = archive.read(MANIFEST_ENTRY, Limits::MAX_MANIFEST_BYTES).ok()?;
    axml::parse(&bytes, limits.axml).ok().map(|doc| manifest::read_manifest(&doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::android::manifest::{Application, Component, ComponentKind, Located};

    fn component(kind: ComponentKind, name: &str, line: u32) -> Component {
        Component {
            kind,
            name: name.into(),
            at: Located { text: format!("<{} android:name=\"{name}\">", kind.element()), line },
            exported: None,
            permission: None,
            read_permission: None,
            write_permission: None,
            launch_mode: None,
            task_affinity: None,
            intent_filters: Vec::new(),
            target_activity: None,
            split_name: None,
        }
    }

    #[test]
    fn declared_classes_skip_the_platform_feature_splits_and_repeats() {
        let mut alias = component(ComponentKind::ActivityAlias, "com.example.Launcher", 9);
        alias.target_activity = Some("com.example.Main".into());
        let mut feature = component(ComponentKind::Activity, "com.example.feature.Map", 10);
        feature.split_name = Some("map".into());
        let m = Manifest {
            application: Some(Application {
                class: Some("com.example.App".into()),
                app_component_factory: Some("androidx.core.app.CoreComponentFactory".into()),
                ..Application::default()
            }),
            components: vec![
                component(ComponentKind::Activity, "com.example.Main", 5),
                component(ComponentKind::Activity, "android.app.NativeActivity", 6),
                component(ComponentKind::Service, "android.support.v4.app.JobIntentService", 7),
                component(ComponentKind::Receiver, "", 8),
                alias,
                feature,
            ],
            ..Manifest::default()
        };
        let declared = declared_classes(&m);
        let classes: Vec<(&str, &str)> = declared.iter().map(|d| (d.element, d.class.as_str())).collect();
        assert_eq!(
            classes,
            [
                ("application", "com.example.App"),
                ("application", "androidx.core.app.CoreComponentFactory"),
                ("activity", "com.example.Main"),
                ("service", "android.support.v4.app.JobIntentService"),
            ]
        );
    }

    #[test]
    fn wanted_descriptors_and_a_digest_that_ignores_order() {
        let d = |class: &str| DeclaredClass { class: class.into(), element: "activity", ..DeclaredClass::default() };
        let a = Wanted::new(vec![d("com.example.Main"), d("com.example.Outer$Inner")]);
        let b = Wanted::new(vec![d("com.example.Outer$Inner"), d("com.example.Main")]);
        assert!(a.wants(b"Lcom/example/Main;") && a.wants(b"Lcom/example/Outer$Inner;"));
        assert!(!a.wants(b"Lcom/example/Other;") && !Wanted::default().wants(b"Lcom/example/Main;"));
        let accented = Wanted::new(vec![d("com.exemple.Écran")]);
        assert!(accented.wants(&mutf8::encode("Lcom/exemple/Écran;")));
        assert_eq!(a.digest(), b.digest());
        assert_ne!(a.digest(), Wanted::new(vec![d("com.example.Main")]).digest());
        assert_ne!(Wanted::default().digest(), a.digest());
    }
}
