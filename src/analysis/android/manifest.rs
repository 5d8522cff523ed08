//! The facts of `AndroidManifest.xml` that identify an app and say what it asks for.
//!
//! Attributes are matched by framework resource id, as the platform's package parser does (ids from
//! AOSP `frameworks/base/core/res/res/values/public.xml`); only elements where Android looks for them
//! count (e.g. `<uses-permission>` as a direct child of `<manifest>`, components as children of
//! `<application>`). Values the rules need are kept with the element they came from, written as one line of
//! XML with its line number, so every finding can show its evidence.

use crate::analysis::axml::{Document, Element, Value};
use crate::analysis::error::Error;

/// Framework attribute ids (`android:…`).
pub mod attr {
    pub const LABEL: u32 = 0x0101_0001;
    pub const ICON: u32 = 0x0101_0002;
    pub const DRAWABLE: u32 = 0x0101_0199;
    pub const NAME: u32 = 0x0101_0003;
    pub const PERMISSION: u32 = 0x0101_0006;
    pub const READ_PERMISSION: u32 = 0x0101_0007;
    pub const WRITE_PERMISSION: u32 = 0x0101_0008;
    pub const PROTECTION_LEVEL: u32 = 0x0101_0009;
    pub const SHARED_USER_ID: u32 = 0x0101_000b;
    pub const DEBUGGABLE: u32 = 0x0101_000f;
    pub const EXPORTED: u32 = 0x0101_0010;
    pub const TASK_AFFINITY: u32 = 0x0101_0012;
    pub const AUTHORITIES: u32 = 0x0101_0018;
    pub const LAUNCH_MODE: u32 = 0x0101_001d;
    pub const MIME_TYPE: u32 = 0x0101_0026;
    pub const SCHEME: u32 = 0x0101_0027;
    pub const HOST: u32 = 0x0101_0028;
    pub const PORT: u32 = 0x0101_0029;
    pub const PATH: u32 = 0x0101_002a;
    pub const PATH_PREFIX: u32 = 0x0101_002b;
    pub const PATH_PATTERN: u32 = 0x0101_002c;
    pub const TARGET_ACTIVITY: u32 = 0x0101_0202;
    pub const BACKUP_AGENT: u32 = 0x0101_027f;
    pub const SPLIT_NAME: u32 = 0x0101_0549;
    pub const APP_COMPONENT_FACTORY: u32 = 0x0101_057a;
    pub const TEST_ONLY: u32 = 0x0101_0272;
    pub const ALLOW_BACKUP: u32 = 0x0101_0280;
    pub const FULL_BACKUP_CONTENT: u32 = 0x0101_04eb;
    pub const USES_CLEARTEXT_TRAFFIC: u32 = 0x0101_04ec;
    pub const AUTO_VERIFY: u32 = 0x0101_04ee;
    pub const NETWORK_SECURITY_CONFIG: u32 = 0x0101_0527;
    pub const DATA_EXTRACTION_RULES: u32 = 0x0101_063e;
    pub const MIN_SDK_VERSION: u32 = 0x0101_020c;
    pub const VERSION_CODE: u32 = 0x0101_021b;
    pub const VERSION_NAME: u32 = 0x0101_021c;
    pub const TARGET_SDK_VERSION: u32 = 0x0101_0270;
    pub const MAX_SDK_VERSION: u32 = 0x0101_0271;
    pub const VERSION_CODE_MAJOR: u32 = 0x0101_0576;
}

const PART: &str = "AndroidManifest.xml";

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    pub package: Option<String>,
    /// `<manifest split="config.fr">`: set on split APKs, absent on the base.
    pub split: Option<String>,
    pub version_name: Option<String>,
    /// `android:versionName="@string/…"`: resolved through resources.arsc as aapt's badging does.
    pub version_name_reference: Option<u32>,
    pub version_code: Option<u64>,
    pub min_sdk: Option<u32>,
    pub target_sdk: Option<u32>,
    /// `<application android:label>` as stored: text, or a reference into resources.arsc.
    pub label: Option<Value>,
    /// `<application android:icon>`: normally a reference to a mipmap or drawable.
    pub icon: Option<Value>,
    pub uses_permissions: Vec<UsesPermission>,
    /// `<uses-permission>` anywhere but directly inside `<manifest>`: Android ignores it (so it is not in
    /// `uses_permissions`), but it is shown, since it may be a mistake or bait for careless tools.
    pub misplaced_permissions: Vec<Located>,
    /// `<permission>` elements: permissions this app defines for others.
    pub defined_permissions: Vec<DefinedPermission>,
    /// `<manifest>` itself, for evidence.
    pub root: Option<Located>,
    /// The last `<uses-sdk>` (the one that counts), for evidence.
    pub uses_sdk: Option<Located>,
    /// `<manifest android:sharedUserId>`.
    pub shared_user_id: Option<String>,
    pub application: Option<Application>,
    /// Activities, aliases, services, receivers and providers, in manifest order.
    pub components: Vec<Component>,
    /// `<queries>` children: the other apps this app declares it looks for (Android 11+).
    pub queries: Vec<Query>,
    pub warnings: Vec<Error>,
}

/// An element as evidence: one line of XML and where it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Located {
    pub text: String,
    pub line: u32,
}

/// `<application>` attributes the rules look at. A boolean is `None` when absent or stored as a resource
/// reference this version does not resolve.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Application {
    pub at: Located,
    pub debuggable: Option<bool>,
    pub test_only: Option<bool>,
    pub allow_backup: Option<bool>,
    pub full_backup_content: Option<Value>,
    pub data_extraction_rules: Option<Value>,
    pub uses_cleartext_traffic: Option<bool>,
    pub network_security_config: Option<Value>,
    /// `android:taskAffinity` as written (empty string: no affinity); `None` when absent.
    pub task_affinity: Option<String>,
    pub permission: Option<String>,
    /// `android:name`: the app's own `Application` class, resolved like a component's; `None` when absent.
    pub class: Option<String>,
    /// `android:appComponentFactory` (API 28+), resolved: the class Android asks for every component.
    pub app_component_factory: Option<String>,
    /// `android:backupAgent`, resolved.
    pub backup_agent: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComponentKind {
    Activity,
    ActivityAlias,
    Service,
    Receiver,
    Provider,
}

impl ComponentKind {
    pub fn element(self) -> &'static str {
        match self {
            Self::Activity => "activity",
            Self::ActivityAlias => "activity-alias",
            Self::Service => "service",
            Self::Receiver => "receiver",
            Self::Provider => "provider",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub kind: ComponentKind,
    /// Fully qualified class name (a leading `.` resolved against the package, as Android does).
    pub name: String,
    pub at: Located,
    /// `android:exported` when stated.
    pub exported: Option<bool>,
    pub permission: Option<String>,
    pub read_permission: Option<String>,
    pub write_permission: Option<String>,
    /// `android:launchMode`: 0 standard, 1 singleTop, 2 singleTask, 3 singleInstance, 4 singleInstancePerTask.
    pub launch_mode: Option<i64>,
    pub task_affinity: Option<String>,
    pub intent_filters: Vec<IntentFilter>,
    /// `<activity-alias android:targetActivity>`, resolved: the class an alias stands for.
    pub target_activity: Option<String>,
    /// `android:splitName` (API 26+): the feature split whose code holds this component.
    pub split_name: Option<String>,
}

impl Component {
    /// The main launcher screen: the one the home screen opens, which must be open to other apps.
    pub fn is_launcher(&self) -> bool {
        matches!(self.kind, ComponentKind::Activity | ComponentKind::ActivityAlias)
            && self.intent_filters.iter().any(|f| {
                f.has_action("android.intent.action.MAIN")
                    && (f.has_category("android.intent.category.LAUNCHER") || f.has_category("android.intent.category.LEANBACK_LAUNCHER"))
            })
    }

    /// The `<action>` elements of this component's filters that name one of `actions`.
    pub fn actions_among<'a>(&'a self, actions: &'a [&str]) -> impl Iterator<Item = &'a Named> + 'a {
        self.intent_filters.iter().flat_map(|f| f.actions.iter()).filter(move |a| actions.contains(&a.name.as_str()))
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntentFilter {
    pub at: Located,
    pub actions: Vec<Named>,
    pub categories: Vec<Named>,
    pub data: Vec<IntentData>,
    pub auto_verify: bool,
}

/// An `<action>` or `<category>`: its name and the element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Named {
    pub name: String,
    pub at: Located,
}

impl IntentFilter {
    pub fn has_action(&self, action: &str) -> bool {
        self.actions.iter().any(|a| a.name == action)
    }

    pub fn has_category(&self, category: &str) -> bool {
        self.categories.iter().any(|c| c.name == category)
    }
}

/// One `<data>` element; Android combines those of a filter (every scheme with every host…).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IntentData {
    pub at: Located,
    pub scheme: Option<String>,
    pub host: Option<String>,
    pub path: Option<String>,
    pub mime_type: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    /// `package`, `intent` or `provider`.
    pub kind: &'static str,
    /// The package name, the intent's action (and data), or the provider's authorities.
    pub target: String,
    pub at: Located,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsesPermission {
    pub name: String,
    pub max_sdk: Option<u32>,
    /// `uses-permission` or `uses-permission-sdk-23`.
    pub element: &'static str,
    /// The element as one line of XML.
    pub evidence: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DefinedPermission {
    pub name: String,
    pub protection_level: String,
}

pub const ANDROID_NS: &str = "http://schemas.android.com/apk/res/android";

/// Framework attributes whose names everyone knows: a tool matching by name and namespace looks for
/// exactly these strings, so an attribute with the right id but another name or namespace fools it
/// while Android, matching by id, is not fooled.
const KNOWN_NAMES: &[(u32, &str)] = &[
    (attr::LABEL, "label"),
    (attr::ICON, "icon"),
    (attr::NAME, "name"),
    (attr::PROTECTION_LEVEL, "protectionLevel"),
    (attr::MIN_SDK_VERSION, "minSdkVersion"),
    (attr::VERSION_CODE, "versionCode"),
    (attr::VERSION_NAME, "versionName"),
    (attr::TARGET_SDK_VERSION, "targetSdkVersion"),
    (attr::MAX_SDK_VERSION, "maxSdkVersion"),
];

/// Attributes dressed up to mislead name-based readers (see `KNOWN_NAMES`), as plain sentences.
pub fn namespace_tricks(doc: &Document) -> Vec<String> {
    let mut tricks = Vec::new();
    for el in &doc.elements {
        for a in &el.attributes {
            let Some((_, expected)) = a.resource_id.and_then(|id| KNOWN_NAMES.iter().find(|(k, _)| *k == id)) else { continue };
            let wrong_ns = a.namespace.as_deref() != Some(ANDROID_NS);
            if a.name != *expected || wrong_ns {
                tricks.push(format!(
                    "<{}> carries android:{expected} under the name \"{}\"{}: tools that read attributes by name see something else than Android",
                    el.name,
                    a.name.chars().take(60).collect::<String>(),
                    if wrong_ns { " in another namespace" } else { "" }
                ));
                if tricks.len() >= 10 {
                    return tricks;
                }
            }
        }
    }
    tricks
}

impl Manifest {
    /// The minimum API level as Android takes it: 1 when not stated.
    pub fn effective_min_sdk(&self) -> u32 {
        self.min_sdk.unwrap_or(1)
    }

    /// The target API level as Android takes it: the minimum when not stated.
    pub fn effective_target_sdk(&self) -> u32 {
        self.target_sdk.unwrap_or_else(|| self.effective_min_sdk())
    }
}

pub fn read_manifest(doc: &Document) -> Manifest {
    let mut m = Manifest::default();
    let Some(root) = doc.root() else {
        m.warnings.push(Error::malformed(PART, "no root element"));
        return m;
    };
    if root.name != "manifest" {
        m.warnings.push(Error::malformed(PART, format!("the root element is <{}>, not <manifest>", root.name)));
        return m;
    }
    m.package = root.plain_attr("package").and_then(text);
    m.split = root.plain_attr("split").and_then(text).filter(|s| !s.is_empty());
    m.root = Some(located(doc, root));
    m.shared_user_id = root.attr(attr::SHARED_USER_ID, "sharedUserId").and_then(text);
    m.version_name = root.attr(attr::VERSION_NAME, "versionName").and_then(|a| match &a.value {
        Value::String(s) => Some(s.clone()),
        Value::Reference(id) => {
            m.version_name_reference = Some(*id);
            None
        }
        Value::Null => None,
        other => Some(other.to_string()),
    });
    let code = root.attr(attr::VERSION_CODE, "versionCode").and_then(|a| a.value.as_int());
    let major = root.attr(attr::VERSION_CODE_MAJOR, "versionCodeMajor").and_then(|a| a.value.as_int());
    if code.is_some() || major.is_some() {
        // PackageInfo.getLongVersionCode(): major in the high 32 bits, versionCode as unsigned low bits.
        m.version_code = Some(((major.unwrap_or(0) as u64 & 0xffff_ffff) << 32) | (code.unwrap_or(0) as u64 & 0xffff_ffff));
    }

    let root_index = 0;
    let tree = Tree::new(doc);
    let mut application_index = None;
    for (index, child) in tree.children(root_index) {
        match child.name.as_str() {
            "uses-sdk" => {
                m.uses_sdk = Some(located(doc, child));
                // Later <uses-sdk> elements override earlier ones, as in the platform parser.
                if let Some(v) = sdk_level(child, attr::MIN_SDK_VERSION, "minSdkVersion", &mut m.warnings) {
                    m.min_sdk = Some(v);
                }
                if let Some(v) = sdk_level(child, attr::TARGET_SDK_VERSION, "targetSdkVersion", &mut m.warnings) {
                    m.target_sdk = Some(v);
                }
            }
            name if is_uses_permission(name) => {
                let Some(name) = child.attr(attr::NAME, "name").and_then(text) else {
                    m.warnings.push(Error::malformed(PART, format!("<{}> without a name on line {}", child.name, child.line)));
                    continue;
                };
                let element = if child.name == "uses-permission" { "uses-permission" } else { "uses-permission-sdk-23" };
                let max_sdk = child.attr(attr::MAX_SDK_VERSION, "maxSdkVersion").and_then(|a| a.value.as_int());
                m.uses_permissions.push(UsesPermission {
                    name,
                    max_sdk: max_sdk.and_then(|v| u32::try_from(v).ok()),
                    element,
                    evidence: doc.element_text(child),
                    line: child.line,
                });
            }
            "permission" => {
                if let Some(name) = child.attr(attr::NAME, "name").and_then(text) {
                    let level = child.attr(attr::PROTECTION_LEVEL, "protectionLevel").map_or_else(
                        || "normal".to_string(),
                        |a| match &a.value {
                            Value::String(s) => s.clone(),
                            v => v.as_int().map_or_else(|| v.to_string(), |bits| protection_level_text(bits as u32)),
                        },
                    );
                    m.defined_permissions.push(DefinedPermission { name, protection_level: level });
                }
            }
            // Android reads the first <application> only.
            "application" if application_index.is_none() => {
                application_index = Some(index);
                m.label = child.attr(attr::LABEL, "label").map(|a| a.value.clone());
                m.icon = child.attr(attr::ICON, "icon").map(|a| a.value.clone());
                m.application = Some(read_application(doc, child, m.package.as_deref().unwrap_or_default()));
            }
            "queries" => read_queries(&tree, index, &mut m.queries),
            _ => {}
        }
    }
    // The platform's parser (and aapt) read these only as children of the root; elsewhere they are skipped.
    // Kept up to a cap: a hostile manifest may hold tens of thousands, and a few lines make the point.
    m.misplaced_permissions = doc
        .elements
        .iter()
        .enumerate()
        .filter(|(i, e)| *i != root_index && e.parent != Some(root_index) && is_uses_permission(&e.name))
        .take(MAX_MISPLACED_PERMISSIONS)
        .map(|(_, e)| located(doc, e))
        .collect();
    if let Some(app) = application_index {
        let package = m.package.clone().unwrap_or_default();
        for (index, child) in tree.children(app) {
            let kind = match child.name.as_str() {
                "activity" => ComponentKind::Activity,
                "activity-alias" => ComponentKind::ActivityAlias,
                "service" => ComponentKind::Service,
                "receiver" => ComponentKind::Receiver,
                "provider" => ComponentKind::Provider,
                _ => continue,
            };
            m.components.push(read_component(&tree, index, child, kind, &package));
        }
    }
    m
}

/// Misplaced `<uses-permission>` elements kept as evidence; the rest are not listed.
const MAX_MISPLACED_PERMISSIONS: usize = 50;

fn is_uses_permission(name: &str) -> bool {
    matches!(name, "uses-permission" | "uses-permission-sdk-23" | "uses-permission-sdk-m")
}

/// Children lists of every element, built once: `Document::children` scans the whole document, and calling
/// it per component and per intent filter would make a hostile manifest with many components quadratic.
struct Tree<'d> {
    doc: &'d Document,
    kids: Vec<Vec<usize>>,
}

impl<'d> Tree<'d> {
    fn new(doc: &'d Document) -> Self {
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); doc.elements.len()];
        for (i, e) in doc.elements.iter().enumerate() {
            if let Some(list) = e.parent.and_then(|p| kids.get_mut(p)) {
                list.push(i);
            }
        }
        Self { doc, kids }
    }

    fn children(&self, index: usize) -> impl Iterator<Item = (usize, &'d Element)> + '_ {
        let doc = self.doc;
        self.kids.get(index).into_iter().flatten().filter_map(move |&i| doc.elements.get(i).map(|e| (i, e)))
    }
}

fn located(doc: &Document, el: &Element) -> Located {
    Located { text: doc.element_text(el), line: el.line }
}

fn boolean(el: &Element, id: u32, name: &str) -> Option<bool> {
    match &el.attr(id, name)?.value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        v => v.as_int().map(|i| i != 0).filter(|_| !matches!(v, Value::Reference(_) | Value::Attribute(_))),
    }
}

fn read_application(doc: &Document, el: &Element, package: &str) -> Application {
    let class = |id: u32, name: &str| el.attr(id, name).and_then(text).filter(|n| !n.is_empty()).map(|n| class_name(package, &n));
    Application {
        class: class(attr::NAME, "name"),
        app_component_factory: class(attr::APP_COMPONENT_FACTORY, "appComponentFactory"),
        backup_agent: class(attr::BACKUP_AGENT, "backupAgent"),
        at: located(doc, el),
        debuggable: boolean(el, attr::DEBUGGABLE, "debuggable"),
        test_only: boolean(el, attr::TEST_ONLY, "testOnly"),
        allow_backup: boolean(el, attr::ALLOW_BACKUP, "allowBackup"),
        full_backup_content: el.attr(attr::FULL_BACKUP_CONTENT, "fullBackupContent").map(|a| a.value.clone()),
        data_extraction_rules: el.attr(attr::DATA_EXTRACTION_RULES, "dataExtractionRules").map(|a| a.value.clone()),
        uses_cleartext_traffic: boolean(el, attr::USES_CLEARTEXT_TRAFFIC, "usesCleartextTraffic"),
        network_security_config: el.attr(attr::NETWORK_SECURITY_CONFIG, "networkSecurityConfig").map(|a| a.value.clone()),
        task_affinity: el.attr(attr::TASK_AFFINITY, "taskAffinity").map(|a| text(a).unwrap_or_default()),
        permission: el.attr(attr::PERMISSION, "permission").and_then(text),
    }
}

/// `.Main` → `com.example.Main`; a name without any dot is in the package too (as `PackageParser`).
fn class_name(package: &str, name: &str) -> String {
    if name.starts_with('.') {
        format!("{package}{name}")
    } else if !name.contains('.') && !package.is_empty() {
        format!("{package}.{name}")
    } else {
        name.to_string()
    }
}

fn read_component(tree: &Tree<'_>, index: usize, el: &Element, kind: ComponentKind, package: &str) -> Component {
    let doc = tree.doc;
    let name = el.attr(attr::NAME, "name").and_then(text).unwrap_or_default();
    let mut intent_filters = Vec::new();
    for (filter_index, filter) in tree.children(index) {
        if filter.name != "intent-filter" {
            continue;
        }
        let mut f = IntentFilter {
            at: located(doc, filter),
            auto_verify: boolean(filter, attr::AUTO_VERIFY, "autoVerify").unwrap_or(false),
            ..IntentFilter::default()
        };
        for (_, item) in tree.children(filter_index) {
            let named = || item.attr(attr::NAME, "name").and_then(text).map(|name| Named { name, at: located(doc, item) });
            match item.name.as_str() {
                "action" => f.actions.extend(named()),
                "category" => f.categories.extend(named()),
                "data" => f.data.push(IntentData {
                    at: located(doc, item),
                    scheme: item.attr(attr::SCHEME, "scheme").and_then(text),
                    host: item.attr(attr::HOST, "host").and_then(text),
                    path: [(attr::PATH, "path"), (attr::PATH_PREFIX, "pathPrefix"), (attr::PATH_PATTERN, "pathPattern")]
                        .iter()
                        .find_map(|(id, n)| item.attr(*id, n).and_then(text)),
                    mime_type: item.attr(attr::MIME_TYPE, "mimeType").and_then(text),
                }),
                _ => {}
            }
        }
        intent_filters.push(f);
    }
    Component {
        kind,
        name: class_name(package, &name),
        at: located(doc, el),
        exported: boolean(el, attr::EXPORTED, "exported"),
        permission: el.attr(attr::PERMISSION, "permission").and_then(text),
        read_permission: el.attr(attr::READ_PERMISSION, "readPermission").and_then(text),
        write_permission: el.attr(attr::WRITE_PERMISSION, "writePermission").and_then(text),
        launch_mode: el.attr(attr::LAUNCH_MODE, "launchMode").and_then(|a| a.value.as_int()),
        task_affinity: el.attr(attr::TASK_AFFINITY, "taskAffinity").map(|a| text(a).unwrap_or_default()),
        intent_filters,
        target_activity: el.attr(attr::TARGET_ACTIVITY, "targetActivity").and_then(text).filter(|n| !n.is_empty()).map(|n| class_name(package, &n)),
        split_name: el.attr(attr::SPLIT_NAME, "splitName").and_then(text).filter(|n| !n.is_empty()),
    }
}

fn read_queries(tree: &Tree<'_>, index: usize, out: &mut Vec<Query>) {
    let doc = tree.doc;
    for (child_index, child) in tree.children(index) {
        let (kind, target) = match child.name.as_str() {
            "package" => ("package", child.attr(attr::NAME, "name").and_then(text).unwrap_or_default()),
            "provider" => ("provider", child.attr(attr::AUTHORITIES, "authorities").and_then(text).unwrap_or_default()),
            "intent" => {
                let mut parts = Vec::new();
                for (_, item) in tree.children(child_index) {
                    match item.name.as_str() {
                        "action" => parts.extend(item.attr(attr::NAME, "name").and_then(text)),
                        "data" => {
                            if let Some(s) = item.attr(attr::SCHEME, "scheme").and_then(text) {
                                parts.push(format!("{s}:"));
                            }
                            if let Some(t) = item.attr(attr::MIME_TYPE, "mimeType").and_then(text) {
                                parts.push(t);
                            }
                        }
                        "category" => parts.extend(item.attr(attr::NAME, "name").and_then(text)),
                        _ => {}
                    }
                }
                ("intent", parts.join(" "))
            }
            _ => continue,
        };
        out.push(Query { kind, target, at: located(doc, child) });
    }
}

/// A string attribute's text (typed string, or the raw text kept beside another type).
fn text(a: &crate::analysis::axml::Attribute) -> Option<String> {
    match &a.value {
        Value::String(s) => Some(s.clone()),
        _ => a.raw.clone(),
    }
}

fn sdk_level(el: &Element, id: u32, name: &str, warnings: &mut Vec<Error>) -> Option<u32> {
    let a = el.attr(id, name)?;
    match a.value.as_int() {
        Some(v) => u32::try_from(v).ok(),
        // A codename ("S", "Tiramisu") marks a preview build; it has no number to report.
        None if matches!(a.value, Value::String(_)) => {
            warnings.push(Error::unsupported(PART, format!("{name} is \"{}\", a preview codename, not a number", a.value)));
            None
        }
        // Any other type (a float, a reference...) is not a level at all; only a mangled file holds one.
        None => {
            warnings.push(Error::malformed(PART, format!("{name} holds {}, not a number", a.value)));
            None
        }
    }
}

/// `android:protectionLevel` flags as the platform names them (`PermissionInfo.protectionToString`).
fn protection_level_text(bits: u32) -> String {
    const FLAGS: &[(u32, &str)] = &[
        (0x10, "privileged"),
        (0x20, "development"),
        (0x40, "appop"),
        (0x80, "pre23"),
        (0x100, "installer"),
        (0x200, "verifier"),
        (0x400, "preinstalled"),
        (0x800, "setup"),
        (0x1000, "instant"),
        (0x2000, "runtime"),
        (0x4000, "oem"),
        (0x8000, "vendorPrivileged"),
        (0x10000, "textClassifier"),
        (0x20000, "configurator"),
        (0x40000, "incidentReportApprover"),
        (0x80000, "appPredictor"),
        (0x100000, "companion"),
        (0x200000, "retailDemo"),
        (0x400000, "recents"),
        (0x800000, "role"),
        (0x1000000, "knownSigner"),
        (0x2000000, "module"),
    ];
    let base = match bits & 0xf {
        0 => "normal",
        1 => "dangerous",
        2 => "signature",
        3 => "signatureOrSystem",
        4 => "internal",
        _ => "unknown",
    };
    let mut out = base.to_string();
    for (flag, name) in FLAGS {
        if bits & flag != 0 {
            out.push('|');
            out.push_str(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protection_levels_read_like_the_platform() {
        assert_eq!(protection_level_text(0), "normal");
        assert_eq!(protection_level_text(2), "signature");
        assert_eq!(protection_level_text(0x12), "signature|privileged");
    }
}
