//! The facts of `AndroidManifest.xml` that identify an app and say what it asks for.
//!
//! Attributes are matched by framework resource id, as the platform's package parser does (ids from
//! AOSP `frameworks/base/core/res/res/values/public.xml`); only elements where Android looks for them
//! count (e.g. `<uses-permission>` as a direct child of `<manifest>`).

use crate::analysis::axml::{Document, Element, Value};
use crate::analysis::error::Error;

/// Framework attribute ids (`android:…`).
pub mod attr {
    pub const LABEL: u32 = 0x0101_0001;
    pub const ICON: u32 = 0x0101_0002;
    pub const DRAWABLE: u32 = 0x0101_0199;
    pub const NAME: u32 = 0x0101_0003;
    pub const PROTECTION_LEVEL: u32 = 0x0101_0009;
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
    pub version_code: Option<u64>,
    pub min_sdk: Option<u32>,
    pub target_sdk: Option<u32>,
    /// `<application android:label>` as stored: text, or a reference into resources.arsc.
    pub label: Option<Value>,
    /// `<application android:icon>`: normally a reference to a mipmap or drawable.
    pub icon: Option<Value>,
    pub uses_permissions: Vec<UsesPermission>,
    /// `<permission>` elements: permissions this app defines for others.
    pub defined_permissions: Vec<DefinedPermission>,
    pub warnings: Vec<Error>,
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
    m.version_name = root.attr(attr::VERSION_NAME, "versionName").and_then(|a| match &a.value {
        Value::String(s) => Some(s.clone()),
        Value::Reference(_) => {
            m.warnings.push(Error::unsupported(PART, "versionName refers to a resource, not resolved in this version"));
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
    for (_, child) in doc.children(root_index) {
        match child.name.as_str() {
            "uses-sdk" => {
                // Later <uses-sdk> elements override earlier ones, as in the platform parser.
                if let Some(v) = sdk_level(child, attr::MIN_SDK_VERSION, "minSdkVersion", &mut m.warnings) {
                    m.min_sdk = Some(v);
                }
                if let Some(v) = sdk_level(child, attr::TARGET_SDK_VERSION, "targetSdkVersion", &mut m.warnings) {
                    m.target_sdk = Some(v);
                }
            }
            "uses-permission" | "uses-permission-sdk-23" | "uses-permission-sdk-m" => {
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
            "application" => {
                m.label = child.attr(attr::LABEL, "label").map(|a| a.value.clone());
                m.icon = child.attr(attr::ICON, "icon").map(|a| a.value.clone());
            }
            _ => {}
        }
    }
    m
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
