//! Privacy manifests (`PrivacyInfo.xcprivacy`): what the app or an SDK inside it declares about tracking,
//! the data it collects, and the "required reason" APIs it uses, each reason code explained.
//! Format: https://developer.apple.com/documentation/bundleresources/privacy-manifest-files

use plist::{Dictionary, Value};

use super::plist::{boolean, string, strings};
use crate::analysis::knowledge::ios::{privacy_reason, privacy_term};
use crate::analysis::report::{AccessedApi, CollectedData, PrivacyManifest, Term};

pub const FILE_NAME: &str = "PrivacyInfo.xcprivacy";

fn term(key: String) -> Term {
    Term { label: privacy_term(&key).map(str::to_string), key }
}

/// Builds the manifest entry from its parsed plist. `owner` is `app` or the enclosing bundle's name.
pub fn read(dict: &Dictionary, path: &str, owner: &str) -> PrivacyManifest {
    let collected_data = dict
        .get("NSPrivacyCollectedDataTypes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_dictionary)
        .filter_map(|d| {
            let key = string(d, "NSPrivacyCollectedDataType")?.to_string();
            Some(CollectedData {
                label: privacy_term(&key).map_or_else(|| key.clone(), str::to_string),
                key,
                linked: boolean(d, "NSPrivacyCollectedDataTypeLinked"),
                tracking: boolean(d, "NSPrivacyCollectedDataTypeTracking"),
                purposes: strings(d.get("NSPrivacyCollectedDataTypePurposes")).into_iter().map(term).collect(),
            })
        })
        .collect();
    let accessed_apis = dict
        .get("NSPrivacyAccessedAPITypes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_dictionary)
        .filter_map(|d| {
            let category = string(d, "NSPrivacyAccessedAPIType")?.to_string();
            let reasons = strings(d.get("NSPrivacyAccessedAPITypeReasons"))
                .into_iter()
                .map(|code| Term { label: privacy_reason(&category, &code).map(str::to_string), key: code })
                .collect();
            Some(AccessedApi { label: privacy_term(&category).map_or_else(|| category.clone(), str::to_string), category, reasons })
        })
        .collect();
    PrivacyManifest {
        path: path.to_string(),
        owner: owner.to_string(),
        tracking: boolean(dict, "NSPrivacyTracking"),
        tracking_domains: strings(dict.get("NSPrivacyTrackingDomains")),
        tracking_domains_in_code: Vec::new(),
        collected_data,
        accessed_apis,
    }
}

/// Who a manifest belongs to, from its path relative to the app bundle: the innermost `.framework`,
/// `.bundle` or `.appex` folder around it, or `app` when it sits at the bundle root.
pub fn owner_of(relative: &str) -> String {
    relative
        .rsplit('/')
        .skip(1)
        .find(|part| [".framework", ".bundle", ".appex", ".app"].iter().any(|ext| part.ends_with(ext)))
        .map_or_else(|| "app".to_string(), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::ios::plist::{parse, PlistLimits};

    #[test]
    fn owners() {
        assert_eq!(owner_of("PrivacyInfo.xcprivacy"), "app");
        assert_eq!(owner_of("Frameworks/FBSDKCoreKit.framework/PrivacyInfo.xcprivacy"), "FBSDKCoreKit.framework");
        assert_eq!(owner_of("Frameworks/A.framework/A_Privacy.bundle/PrivacyInfo.xcprivacy"), "A_Privacy.bundle");
        assert_eq!(owner_of("GoogleUtilities_Privacy.bundle/PrivacyInfo.xcprivacy"), "GoogleUtilities_Privacy.bundle");
    }

    #[test]
    fn reads_a_manifest_and_explains_codes() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>
            <key>NSPrivacyTracking</key><true/>
            <key>NSPrivacyTrackingDomains</key><array><string>ep1.facebook.com</string></array>
            <key>NSPrivacyCollectedDataTypes</key><array><dict>
              <key>NSPrivacyCollectedDataType</key><string>NSPrivacyCollectedDataTypeDeviceID</string>
              <key>NSPrivacyCollectedDataTypeLinked</key><true/>
              <key>NSPrivacyCollectedDataTypeTracking</key><true/>
              <key>NSPrivacyCollectedDataTypePurposes</key><array><string>NSPrivacyCollectedDataTypePurposeThirdPartyAdvertising</string></array>
            </dict></array>
            <key>NSPrivacyAccessedAPITypes</key><array><dict>
              <key>NSPrivacyAccessedAPIType</key><string>NSPrivacyAccessedAPICategoryUserDefaults</string>
              <key>NSPrivacyAccessedAPITypeReasons</key><array><string>CA92.1</string><string>ZZZZ.9</string></array>
            </dict></array></dict></plist>"#;
        let v = parse(xml, "p", PlistLimits::default()).unwrap();
        let m = read(v.as_dictionary().unwrap(), "Payload/A.app/PrivacyInfo.xcprivacy", "app");
        assert_eq!(m.tracking, Some(true));
        assert_eq!(m.tracking_domains, vec!["ep1.facebook.com"]);
        let d = &m.collected_data[0];
        assert_eq!((d.linked, d.tracking), (Some(true), Some(true)));
        assert!(d.label.contains("Device ID"));
        assert!(d.purposes[0].label.as_deref().unwrap().contains("advertising"));
        let api = &m.accessed_apis[0];
        assert!(api.reasons[0].label.is_some());
        assert_eq!(api.reasons[1].label, None, "an unknown code stays unexplained, not guessed");
    }
}
