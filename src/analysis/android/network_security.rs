//! Android's network security configuration (`res/xml/…`, binary XML), the file an app names with
//! `<application android:networkSecurityConfig>`: whether cleartext HTTP is allowed (everywhere or per domain),
//! which certificate authorities are trusted (the system's, or also those the user installed), debug-only
//! overrides, and certificate pins. Format: <https://developer.android.com/privacy-and-security/security-config>.
//!
//! Its attributes carry no namespace and no resource id (`cleartextTrafficPermitted="true"`), and domains and
//! pins are element text.

use crate::analysis::axml::{Document, Element, Value};

use super::manifest::Located;

/// Where AppLens looks for the file. The manifest names it by resource id (`@xml/…`); turning that id into a
/// path needs resources.arsc, which this version does not read. aapt and aapt2 without resource shrinking
/// keep the conventional path below; when the app names a config and no file is there, the report says so
/// in its limitations instead of guessing.
pub const CONVENTIONAL_PATH: &str = "res/xml/network_security_config.xml";

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkSecurityConfig {
    /// Entry path inside the package.
    pub path: String,
    pub root: Located,
    pub base: Option<BaseConfig>,
    pub domain_configs: Vec<DomainConfig>,
    pub debug_overrides: Option<Located>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BaseConfig {
    pub at: Located,
    pub cleartext_permitted: Option<bool>,
    /// `<certificates src="user"/>` among its trust anchors.
    pub user_certificates: Option<Located>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DomainConfig {
    pub at: Located,
    /// Its own `cleartextTrafficPermitted`, else the nearest enclosing domain-config's (nested configs inherit).
    pub cleartext_permitted: Option<bool>,
    /// `<domain>` elements (text: the domain).
    pub domains: Vec<Located>,
    pub domain_names: Vec<String>,
    pub user_certificates: Option<Located>,
    /// `<pin-set>` (with its expiration, if any) and its `<pin>`s.
    pub pin_set: Option<Located>,
    pub pins: Vec<Located>,
}

fn located(doc: &Document, el: &Element) -> Located {
    Located { text: doc.element_text(el), line: el.line }
}

fn plain_bool(el: &Element, name: &str) -> Option<bool> {
    match &el.attr(0, name)?.value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn plain_text<'d>(el: &'d Element, name: &str) -> Option<&'d str> {
    let a = el.attr(0, name)?;
    match &a.value {
        Value::String(s) => Some(s),
        _ => a.raw.as_deref(),
    }
}

/// Reads a parsed network security config. `None` when the root is not `<network-security-config>`.
pub fn read(doc: &Document, path: &str) -> Option<NetworkSecurityConfig> {
    let root = doc.root()?;
    if root.name != "network-security-config" {
        return None;
    }
    let mut config = NetworkSecurityConfig { path: path.to_string(), root: located(doc, root), ..Default::default() };
    // For every element, its enclosing config element (base-config, domain-config or debug-overrides), computed
    // in one pass in document order (parents come first), so deep nesting costs nothing extra.
    let is_config = |e: &Element| matches!(e.name.as_str(), "base-config" | "domain-config" | "debug-overrides");
    let mut enclosing_of: Vec<Option<usize>> = Vec::with_capacity(doc.elements.len());
    // A domain-config's effective cleartext setting: its own, else the enclosing domain-config's.
    let mut cleartext_of: Vec<Option<bool>> = Vec::with_capacity(doc.elements.len());
    // Element index → index into config.domain_configs, for the domain-config elements.
    let mut domain_config_of: Vec<Option<usize>> = vec![None; doc.elements.len()];
    for (i, el) in doc.elements.iter().enumerate() {
        let enclosing = el.parent.and_then(|p| match doc.elements.get(p) {
            Some(pe) if is_config(pe) => Some(p),
            _ => enclosing_of.get(p).copied().flatten(),
        });
        enclosing_of.push(enclosing);
        let mut cleartext = None;
        match el.name.as_str() {
            "base-config" if el.parent == Some(0) && config.base.is_none() => {
                config.base = Some(BaseConfig {
                    at: located(doc, el),
                    cleartext_permitted: plain_bool(el, "cleartextTrafficPermitted"),
                    user_certificates: None,
                });
            }
            "debug-overrides" if el.parent == Some(0) && config.debug_overrides.is_none() => {
                config.debug_overrides = Some(located(doc, el));
            }
            "domain-config" => {
                let inherited = enclosing
                    .filter(|&p| doc.elements.get(p).is_some_and(|e| e.name == "domain-config"))
                    .and_then(|p| cleartext_of.get(p).copied().flatten());
                cleartext = plain_bool(el, "cleartextTrafficPermitted").or(inherited);
                if let Some(slot) = domain_config_of.get_mut(i) {
                    *slot = Some(config.domain_configs.len());
                }
                config.domain_configs.push(DomainConfig { at: located(doc, el), cleartext_permitted: cleartext, ..Default::default() });
            }
            _ => {}
        }
        cleartext_of.push(cleartext);
    }
    for (i, el) in doc.elements.iter().enumerate() {
        let Some(owner) = enclosing_of.get(i).copied().flatten() else { continue };
        let owner_name = doc.elements.get(owner).map(|e| e.name.as_str());
        let domain_config = domain_config_of.get(owner).copied().flatten().and_then(|k| config.domain_configs.get_mut(k));
        match (el.name.as_str(), owner_name) {
            ("domain", Some("domain-config")) => {
                if let Some(dc) = domain_config {
                    dc.domains.push(located(doc, el));
                    if let Some(name) = el.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                        dc.domain_names.push(name.to_string());
                    }
                }
            }
            ("certificates", _) if plain_text(el, "src").map(str::trim) == Some("user") => match owner_name {
                Some("base-config") => {
                    if let Some(base) = config.base.as_mut() {
                        base.user_certificates.get_or_insert_with(|| located(doc, el));
                    }
                }
                Some("domain-config") => {
                    if let Some(dc) = domain_config {
                        dc.user_certificates.get_or_insert_with(|| located(doc, el));
                    }
                }
                _ => {} // debug-overrides: counted by the debug rule, not here
            },
            ("pin-set", Some("domain-config")) => {
                if let Some(dc) = domain_config {
                    dc.pin_set.get_or_insert_with(|| located(doc, el));
                }
            }
            ("pin", Some("domain-config")) => {
                if let Some(dc) = domain_config {
                    dc.pins.push(located(doc, el));
                }
            }
            _ => {}
        }
    }
    Some(config)
}
