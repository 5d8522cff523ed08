//! `Info.plist`: identity, usage descriptions (the app's own reasons), App Transport Security, URL schemes,
//! queried schemes and background modes.
//! Keys: https://developer.apple.com/documentation/bundleresources/information-property-list

use plist::{Dictionary, Value};

use super::plist::{boolean, evidence, string, strings};
use crate::analysis::knowledge::ios::{background_mode, looks_like_usage_key, usage_key};
use crate::analysis::report::{
    AtsDomain, BackgroundMode, Evidence, IosDetails, Permission, PermissionSource, Report, TransportSecurity, UrlScheme,
};

/// What `Info.plist` says about who the app is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    pub bundle_id: Option<String>,
    pub bundle_name: Option<String>,
    pub display_name: Option<String>,
    pub short_version: Option<String>,
    pub build: Option<String>,
    pub minimum_os_version: Option<String>,
    pub device_families: Vec<String>,
    pub executable: Option<String>,
}

pub fn identity(dict: &Dictionary) -> Identity {
    let owned = |k: &str| string(dict, k).map(str::to_string);
    Identity {
        bundle_id: owned("CFBundleIdentifier"),
        bundle_name: owned("CFBundleName"),
        display_name: owned("CFBundleDisplayName"),
        short_version: owned("CFBundleShortVersionString"),
        build: owned("CFBundleVersion"),
        minimum_os_version: owned("MinimumOSVersion"),
        device_families: device_families(dict.get("UIDeviceFamily")),
        executable: owned("CFBundleExecutable"),
    }
}

/// `UIDeviceFamily` numbers in words. Apple writes an array of integers; a lone integer or numeric
/// strings are accepted too, as iOS does.
pub fn device_families(value: Option<&Value>) -> Vec<String> {
    let numbers: Vec<i64> = match value {
        Some(Value::Array(items)) => items.iter().filter_map(family_number).collect(),
        Some(v) => family_number(v).into_iter().collect(),
        None => Vec::new(),
    };
    numbers
        .into_iter()
        .map(|n| match n {
            1 => "iPhone".to_string(),
            2 => "iPad".to_string(),
            3 => "Apple TV".to_string(),
            4 => "Apple Watch".to_string(),
            6 => "Mac".to_string(),
            7 => "Apple Vision".to_string(),
            other => format!("device family {other}"),
        })
        .collect()
}

fn family_number(v: &Value) -> Option<i64> {
    v.as_signed_integer().or_else(|| v.as_string().and_then(|s| s.trim().parse().ok()))
}

/// The app's usage reasons as permission entries. A key already listed (say by the app and one of its
/// extensions) gains evidence instead of a second entry; the first reason seen (the app's) is kept.
pub fn add_usage_permissions(dict: &Dictionary, plist_path: &str, report: &mut Report) {
    for (key, value) in dict.iter() {
        if !looks_like_usage_key(key) {
            continue;
        }
        let reason = match value {
            Value::String(s) => Some(s.clone()),
            // NSLocationTemporaryUsageDescriptionDictionary and friends: one sentence per purpose.
            Value::Dictionary(d) => Some(
                d.iter()
                    .filter_map(|(purpose, text)| text.as_string().map(|t| format!("{purpose}: {t}")))
                    .collect::<Vec<_>>()
                    .join(" · "),
            ),
            _ => None,
        };
        let ev = Evidence { kind: "plist".into(), location: plist_path.to_string(), text: evidence(key, value) };
        if let Some(existing) = report.permissions.iter_mut().find(|p| p.name == *key) {
            existing.evidence.push(ev);
            continue;
        }
        let known = usage_key(key);
        // The shared risk category and weight (Android and iOS apps are graded alike).
        let risk = known.and_then(|k| crate::analysis::knowledge::ios::usage_risk(k.category));
        report.permissions.push(Permission {
            name: key.clone(),
            protection_level: None,
            defined_by: if known.is_some() { PermissionSource::Platform } else { PermissionSource::Unknown },
            element: "Info.plist".into(),
            max_sdk: None,
            evidence: vec![ev],
            category: risk.map(|(c, _)| c.to_string()),
            weight: risk.map(|(_, w)| w),
            meaning: known.map(|k| k.meaning.to_string()),
            reason,
            ..Permission::default()
        });
    }
}

pub fn transport_security(dict: &Dictionary) -> TransportSecurity {
    let Some(ats) = dict.get("NSAppTransportSecurity").and_then(Value::as_dictionary) else {
        return TransportSecurity::default();
    };
    let flag = |k: &str| boolean(ats, k).unwrap_or(false);
    let exception_domains = ats
        .get("NSExceptionDomains")
        .and_then(Value::as_dictionary)
        .map(|domains| {
            domains
                .iter()
                .map(|(domain, v)| {
                    let d = v.as_dictionary();
                    let b = |k: &str| d.and_then(|d| boolean(d, k));
                    let s = |k: &str| d.and_then(|d| string(d, k)).map(str::to_string);
                    AtsDomain {
                        domain: domain.clone(),
                        includes_subdomains: b("NSIncludesSubdomains").unwrap_or(false),
                        allows_insecure_http: b("NSExceptionAllowsInsecureHTTPLoads").unwrap_or(false)
                            || b("NSTemporaryExceptionAllowsInsecureHTTPLoads").unwrap_or(false)
                            || b("NSThirdPartyExceptionAllowsInsecureHTTPLoads").unwrap_or(false),
                        minimum_tls_version: s("NSExceptionMinimumTLSVersion")
                            .or_else(|| s("NSTemporaryExceptionMinimumTLSVersion"))
                            .or_else(|| s("NSThirdPartyExceptionMinimumTLSVersion")),
                        requires_forward_secrecy: b("NSExceptionRequiresForwardSecrecy")
                            .or_else(|| b("NSTemporaryExceptionRequiresForwardSecrecy"))
                            .or_else(|| b("NSThirdPartyExceptionRequiresForwardSecrecy")),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    TransportSecurity {
        declared: true,
        allows_arbitrary_loads: flag("NSAllowsArbitraryLoads"),
        // Apple: on iOS 10 and later NSAllowsArbitraryLoads is ignored when any of these keys is present.
        arbitrary_loads_ignored_on_ios10: ["NSAllowsArbitraryLoadsInWebContent", "NSAllowsArbitraryLoadsForMedia", "NSAllowsLocalNetworking"]
            .iter()
            .any(|k| ats.contains_key(k)),
        allows_arbitrary_loads_in_web_content: flag("NSAllowsArbitraryLoadsInWebContent"),
        allows_arbitrary_loads_for_media: flag("NSAllowsArbitraryLoadsForMedia"),
        allows_local_networking: flag("NSAllowsLocalNetworking"),
        exception_domains,
    }
}

/// TLS versions below 1.2 are considered broken or weak.
pub fn weak_tls(version: &str) -> bool {
    matches!(version, "TLSv1.0" | "TLSv1.1")
}

pub fn url_schemes(dict: &Dictionary) -> Vec<UrlScheme> {
    let mut out = Vec::new();
    for url_type in dict.get("CFBundleURLTypes").and_then(Value::as_array).into_iter().flatten() {
        let Some(t) = url_type.as_dictionary() else { continue };
        let name = string(t, "CFBundleURLName").map(str::to_string);
        for scheme in strings(t.get("CFBundleURLSchemes")) {
            out.push(UrlScheme { scheme, name: name.clone() });
        }
    }
    out
}

pub fn background_modes(dict: &Dictionary) -> Vec<BackgroundMode> {
    strings(dict.get("UIBackgroundModes"))
        .into_iter()
        .map(|mode| BackgroundMode { meaning: background_mode(&mode).map(str::to_string), mode })
        .collect()
}

/// Fills identity and Info.plist sections of the report from the main app's Info.plist.
pub fn apply_main(dict: &Dictionary, plist_path: &str, report: &mut Report, ios: &mut IosDetails) {
    let id = identity(dict);
    report.app.id = id.bundle_id.clone();
    report.app.name = id.display_name.clone().or_else(|| id.bundle_name.clone());
    report.app.version_name = id.short_version.clone();
    ios.bundle_name = id.bundle_name;
    ios.display_name = id.display_name;
    ios.build = id.build;
    ios.minimum_os_version = id.minimum_os_version;
    ios.device_families = id.device_families;
    ios.supported_platforms = strings(dict.get("CFBundleSupportedPlatforms"));
    ios.sdk = string(dict, "DTSDKName").map(str::to_string);
    ios.transport_security = transport_security(dict);
    ios.url_schemes = url_schemes(dict);
    ios.queried_schemes = strings(dict.get("LSApplicationQueriesSchemes"));
    ios.background_modes = background_modes(dict);
    add_usage_permissions(dict, plist_path, report);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ios::plist::{parse, PlistLimits};

    fn dict(xml: &str) -> Dictionary {
        let doc = format!(r#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>{xml}</dict></plist>"#);
        parse(doc.as_bytes(), "Info.plist", PlistLimits::default()).unwrap().into_dictionary().unwrap()
    }

    #[test]
    fn families_in_words() {
        let d = dict("<key>UIDeviceFamily</key><array><integer>1</integer><integer>2</integer><integer>9</integer></array>");
        assert_eq!(identity(&d).device_families, vec!["iPhone", "iPad", "device family 9"]);
        assert_eq!(identity(&dict("<key>UIDeviceFamily</key><integer>2</integer>")).device_families, vec!["iPad"]);
    }

    #[test]
    fn usage_reasons_are_quoted_and_explained() {
        let d = dict(
            "<key>NSCameraUsageDescription</key><string>Scan &lt;b&gt;receipts&lt;/b&gt;</string>\
             <key>NSFancyNewUsageDescription</key><string>x</string>\
             <key>NSLocationTemporaryUsageDescriptionDictionary</key><dict><key>Nav</key><string>Turn by turn</string></dict>\
             <key>CFBundleName</key><string>A</string>",
        );
        let mut r = Report::new(Default::default(), crate::analysis::Format::Ipa);
        add_usage_permissions(&d, "Payload/A.app/Info.plist", &mut r);
        assert_eq!(r.permissions.len(), 3);
        let cam = &r.permissions[0];
        assert_eq!(cam.name, "NSCameraUsageDescription");
        assert_eq!(cam.reason.as_deref(), Some("Scan <b>receipts</b>"));
        assert_eq!((cam.category.as_deref(), cam.weight), (Some("camera_microphone"), Some(7)));
        assert_eq!(cam.defined_by, PermissionSource::Platform);
        assert_eq!(r.permissions[1].defined_by, PermissionSource::Unknown);
        assert_eq!(r.permissions[2].reason.as_deref(), Some("Nav: Turn by turn"));
        // The same key from an extension adds evidence, not an entry.
        add_usage_permissions(&d, "Payload/A.app/PlugIns/K.appex/Info.plist", &mut r);
        assert_eq!(r.permissions.len(), 3);
        assert_eq!(r.permissions[0].evidence.len(), 2);
    }

    #[test]
    fn transport_security_exceptions() {
        let d = dict(
            "<key>NSAppTransportSecurity</key><dict><key>NSAllowsArbitraryLoads</key><true/>\
             <key>NSExceptionDomains</key><dict><key>example.com</key><dict>\
             <key>NSIncludesSubdomains</key><true/><key>NSTemporaryExceptionAllowsInsecureHTTPLoads</key><true/>\
             <key>NSExceptionMinimumTLSVersion</key><string>TLSv1.0</string></dict></dict></dict>",
        );
        let ats = transport_security(&d);
        assert!(ats.declared && ats.allows_arbitrary_loads && !ats.arbitrary_loads_ignored_on_ios10);
        let ex = &ats.exception_domains[0];
        assert_eq!((ex.domain.as_str(), ex.includes_subdomains, ex.allows_insecure_http), ("example.com", true, true));
        assert!(weak_tls(ex.minimum_tls_version.as_deref().unwrap()));
        assert!(!transport_security(&dict("")).declared);
    }
}
