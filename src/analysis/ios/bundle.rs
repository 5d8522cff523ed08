//! Finding the app bundle inside an IPA the way iOS's installer does: `Payload/NAME.app/`. Some tools put
//! the whole thing under one more folder (`Something/Payload/NAME.app/`), and archives made on a Mac carry
//! `__MACOSX/` shadow copies and `._name` resource forks; those are tolerated and ignored.

use crate::analysis::error::{Error, Result};

/// The app bundle and the entries inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    /// Entry-name prefix of the bundle, ending in `/`: `Payload/NAME.app/` or `TOP/Payload/NAME.app/`.
    pub prefix: String,
    /// Entry names (full, as in the archive) of the files inside the bundle, in archive order.
    pub files: Vec<String>,
    /// Other `.app` folders found in `Payload/` (iOS would refuse such a package; we read the first).
    pub others: Vec<String>,
}

impl Bundle {
    /// Full entry name of a path relative to the bundle.
    pub fn path(&self, relative: &str) -> String {
        format!("{}{relative}", self.prefix)
    }

    pub fn relative<'a>(&self, full: &'a str) -> Option<&'a str> {
        full.strip_prefix(self.prefix.as_str())
    }
}

/// Mac archive noise: `__MACOSX/…` copies and AppleDouble `._name` files.
pub fn is_mac_noise(name: &str) -> bool {
    name.starts_with("__MACOSX/") || name.rsplit('/').next().is_some_and(|last| last.starts_with("._"))
}

/// `(prefix, rest)` when `name` lies inside `[TOP/]Payload/X.app/`.
fn split_app(name: &str) -> Option<(&str, &str)> {
    let try_at = |start: usize| -> Option<(&str, &str)> {
        let after = name.get(start..)?.strip_prefix("Payload/")?;
        let app_end = after.find('/')?;
        let app = after.get(..app_end)?;
        if !app.ends_with(".app") || app.len() <= 4 {
            return None;
        }
        let prefix_len = start + "Payload/".len() + app_end + 1;
        Some((name.get(..prefix_len)?, name.get(prefix_len..)?))
    };
    try_at(0).or_else(|| {
        let top = name.find('/')?;
        try_at(top + 1)
    })
}

/// Locates the app bundle among the archive's entry names.
pub fn locate(names: &[String]) -> Result<Bundle> {
    let mut prefixes: Vec<&str> = Vec::new();
    for name in names.iter().filter(|n| !is_mac_noise(n)) {
        if let Some((prefix, _)) = split_app(name) {
            if !prefixes.contains(&prefix) {
                prefixes.push(prefix);
            }
        }
    }
    if prefixes.is_empty() {
        return Err(Error::malformed(
            "IPA",
            "this iOS package holds no app: its Payload folder has no NAME.app bundle, so there is nothing to analyse",
        ));
    }
    let has_info = |prefix: &str| names.iter().any(|n| n.strip_prefix(prefix) == Some("Info.plist"));
    let chosen = prefixes.iter().copied().find(|p| has_info(p)).ok_or_else(|| {
        Error::malformed(
            "IPA",
            format!("the app bundle {} has no Info.plist, so the app cannot be identified", prefixes.join(", ")),
        )
    })?;
    let files = names
        .iter()
        .filter(|n| !is_mac_noise(n) && !n.ends_with('/') && n.starts_with(chosen))
        .cloned()
        .collect();
    let others = prefixes.iter().filter(|p| **p != chosen).map(|p| p.to_string()).collect();
    Ok(Bundle { prefix: chosen.to_string(), files, others })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn plain_layout() {
        let b = locate(&names(&["Payload/", "Payload/A.app/", "Payload/A.app/Info.plist", "Payload/A.app/A"])).unwrap();
        assert_eq!(b.prefix, "Payload/A.app/");
        assert_eq!(b.files, vec!["Payload/A.app/Info.plist", "Payload/A.app/A"]);
        assert_eq!(b.relative("Payload/A.app/A"), Some("A"));
    }

    #[test]
    fn extra_top_folder_and_macosx_noise() {
        let b = locate(&names(&[
            "__MACOSX/T/Payload/S.app/._Info.plist",
            "T/Payload/S.app/Info.plist",
            "T/Payload/S.app/._Info.plist",
            "T/Payload/.DS_Store",
        ]))
        .unwrap();
        assert_eq!(b.prefix, "T/Payload/S.app/");
        assert_eq!(b.files, vec!["T/Payload/S.app/Info.plist"]);
    }

    #[test]
    fn no_app_is_a_clear_error() {
        let e = locate(&names(&["Payload/"])).unwrap_err();
        assert!(e.message.contains("no NAME.app"), "{e}");
        let e = locate(&names(&["Payload/A.app/A"])).unwrap_err();
        assert!(e.message.contains("no Info.plist"), "{e}");
        assert!(locate(&names(&["Payload/.app/Info.plist"])).is_err());
    }

    #[test]
    fn the_bundle_with_an_info_plist_wins() {
        let b = locate(&names(&["Payload/B.app/x", "Payload/A.app/Info.plist"])).unwrap();
        assert_eq!(b.prefix, "Payload/A.app/");
        assert_eq!(b.others, vec!["Payload/B.app/"]);
    }
}
