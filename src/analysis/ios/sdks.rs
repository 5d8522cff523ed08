//! Third-party SDKs inside an IPA, recognised by bundled framework names and bundle ids, linked libraries
//! (`LC_LOAD_DYLIB`) and Objective-C class names, against `data/ios_sdks.tsv`.

use crate::analysis::knowledge::ios::{sdk_for_bundle_id, sdk_for_class, sdk_for_framework, SdkSignature};
use crate::analysis::report::{Evidence, Tracker};

/// Class names quoted as evidence per SDK and program; the rest are counted.
const MAX_CLASS_EVIDENCE: usize = 5;

/// The framework a linked library path names: `@rpath/FBSDKCoreKit.framework/FBSDKCoreKit` → `FBSDKCoreKit`.
pub fn framework_of_library(path: &str) -> Option<&str> {
    path.split('/').find_map(|part| part.strip_suffix(".framework")).filter(|n| !n.is_empty())
}

/// SDKs found so far, in the order first seen, each with its evidence.
#[derive(Default)]
pub struct SdkHits {
    hits: Vec<(&'static SdkSignature, Vec<Evidence>)>,
}

impl SdkHits {
    pub fn add(&mut self, sig: &'static SdkSignature, evidence: Evidence) {
        match self.hits.iter_mut().find(|(s, _)| s.name == sig.name) {
            Some((_, list)) => {
                if !list.contains(&evidence) {
                    list.push(evidence);
                }
            }
            None => self.hits.push((sig, vec![evidence])),
        }
    }

    pub fn framework(&mut self, name: &str, bundle_id: Option<&str>, location: &str) -> Option<&'static str> {
        let sig = sdk_for_framework(name).or_else(|| bundle_id.and_then(sdk_for_bundle_id))?;
        let text = match bundle_id {
            Some(id) => format!("{name}.framework ({id})"),
            None => format!("{name}.framework"),
        };
        self.add(sig, Evidence { kind: "file".into(), location: location.to_string(), text });
        Some(sig.name)
    }

    pub fn library(&mut self, library: &str, program: &str) {
        if let Some(sig) = framework_of_library(library).and_then(sdk_for_framework) {
            self.add(sig, Evidence { kind: "library".into(), location: program.to_string(), text: library.to_string() });
        }
    }

    pub fn classes(&mut self, classes: &[String], program: &str) {
        let mut per_sdk: Vec<(&'static SdkSignature, Vec<&str>)> = Vec::new();
        for class in classes {
            if let Some(sig) = sdk_for_class(class) {
                match per_sdk.iter_mut().find(|(s, _)| s.name == sig.name) {
                    Some((_, list)) => list.push(class),
                    None => per_sdk.push((sig, vec![class])),
                }
            }
        }
        for (sig, list) in per_sdk {
            let shown: Vec<&str> = list.iter().copied().take(MAX_CLASS_EVIDENCE).collect();
            let more = list.len().saturating_sub(shown.len());
            let text = if more > 0 { format!("{} (and {more} more classes)", shown.join(", ")) } else { shown.join(", ") };
            self.add(sig, Evidence { kind: "class".into(), location: program.to_string(), text });
        }
    }

    pub fn into_trackers(self) -> Vec<Tracker> {
        self.hits
            .into_iter()
            .map(|(s, evidence)| Tracker {
                name: s.name.to_string(),
                company: s.company.to_string(),
                country: Some(s.country.to_string()).filter(|c| !c.is_empty()),
                categories: s.categories.iter().map(|c| c.to_string()).collect(),
                evidence,
                exodus_id: None,
                website: String::new(),
                found_in: vec!["macho".into()],
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_paths_name_frameworks() {
        assert_eq!(framework_of_library("@rpath/FBSDKCoreKit.framework/FBSDKCoreKit"), Some("FBSDKCoreKit"));
        assert_eq!(framework_of_library("/System/Library/Frameworks/UIKit.framework/UIKit"), Some("UIKit"));
        assert_eq!(framework_of_library("/usr/lib/libobjc.A.dylib"), None);
    }

    #[test]
    fn evidence_is_grouped_per_sdk() {
        let mut hits = SdkHits::default();
        assert_eq!(hits.framework("FBSDKCoreKit", Some("org.cocoapods.FBSDKCoreKit"), "Payload/A.app/Frameworks/FBSDKCoreKit.framework/"), Some("Facebook Analytics"));
        hits.library("@rpath/FBSDKCoreKit.framework/FBSDKCoreKit", "Payload/A.app/A");
        hits.library("/System/Library/Frameworks/UIKit.framework/UIKit", "Payload/A.app/A");
        let classes: Vec<String> = (0..8).map(|i| format!("GADView{i}")).chain(["MyView".to_string()]).collect();
        hits.classes(&classes, "Payload/A.app/A");
        let t = hits.into_trackers();
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].name.as_str(), t[0].evidence.len(), t[0].country.as_deref()), ("Facebook Analytics", 2, Some("US")));
        assert_eq!(t[1].name, "Google AdMob");
        assert!(t[1].evidence[0].text.ends_with("(and 3 more classes)"), "{}", t[1].evidence[0].text);
    }
}
