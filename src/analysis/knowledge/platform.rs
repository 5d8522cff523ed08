//! Facts about the Android platform and Google Play (`data/android_platform.tsv`) and the version names of
//! API levels (`data/android_versions.tsv`), both written by us with their sources.

use std::sync::OnceLock;

use super::tsv_rows;

const FACTS: &str = include_str!("../../../data/android_platform.tsv");
const VERSIONS: &str = include_str!("../../../data/android_versions.tsv");

/// The facts the rules and permission statuses rest on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Platform {
    /// Newest API level AppLens knows.
    pub newest_api: u32,
    /// Oldest API level that still receives security updates: "current Android" starts here.
    pub oldest_updated_api: u32,
    /// Target API level Google Play requires of new apps and updates.
    pub play_target_sdk: u32,
    /// Since when (plain words).
    pub play_target_since: &'static str,
    /// Android asks for dangerous permissions at run time from this API level on.
    pub runtime_permissions_api: u32,
    /// Apps built for this API level or later send no cleartext traffic unless they opt in.
    pub cleartext_default_off_api: u32,
    /// Apps built for this API level or later must say whether a component with an intent filter is exported.
    pub explicit_export_api: u32,
    /// Providers of apps built for this API level or later are not exported by default.
    pub provider_export_default_off_api: u32,
}

pub fn platform() -> &'static Platform {
    static FACTS_ONCE: OnceLock<Platform> = OnceLock::new();
    FACTS_ONCE.get_or_init(|| {
        let value = |key: &str| tsv_rows(FACTS, "key").find(|r| r.first() == Some(&key)).and_then(|r| r.get(1).copied());
        let number = |key: &str, fallback: u32| value(key).and_then(|v| v.parse().ok()).unwrap_or(fallback);
        Platform {
            newest_api: number("newest_api", 36),
            oldest_updated_api: number("oldest_updated_api", 33),
            play_target_sdk: number("play_target_sdk", 35),
            play_target_since: value("play_target_since").unwrap_or("recently"),
            runtime_permissions_api: number("runtime_permissions_api", 23),
            cleartext_default_off_api: number("cleartext_default_off_api", 28),
            explicit_export_api: number("explicit_export_api", 31),
            provider_export_default_off_api: number("provider_export_default_off_api", 17),
        }
    })
}

/// `28` → `"9"`, the version name people know (`None` past the table).
pub fn android_version(api: u32) -> Option<&'static str> {
    static ROWS: OnceLock<Vec<(u32, &'static str)>> = OnceLock::new();
    ROWS.get_or_init(|| {
        tsv_rows(VERSIONS, "api")
            .filter_map(|r| Some((r.first()?.parse().ok()?, *r.get(1)?)))
            .collect()
    })
    .iter()
    .find(|(a, _)| *a == api)
    .map(|(_, v)| *v)
}

/// `28` → `"Android 9 (API 28)"`; an unknown level is named by its number alone.
pub fn describe_api(api: u32) -> String {
    match android_version(api) {
        Some(v) => format!("Android {v} (API {api})"),
        None => format!("API {api}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_are_read_from_the_table() {
        let p = platform();
        assert!(p.newest_api >= 36 && p.play_target_sdk >= 35 && p.oldest_updated_api <= p.newest_api);
        assert_eq!(p.runtime_permissions_api, 23);
        for key in ["newest_api", "oldest_updated_api", "play_target_sdk", "play_target_since", "runtime_permissions_api",
            "cleartext_default_off_api", "explicit_export_api", "provider_export_default_off_api"] {
            assert!(tsv_rows(FACTS, "key").any(|r| r.first() == Some(&key) && r.len() == 3), "{key} missing or malformed");
        }
    }

    #[test]
    fn versions_are_sorted_unique_and_cover_every_level() {
        let apis: Vec<u32> = tsv_rows(VERSIONS, "api").map(|r| r[0].parse().unwrap()).collect();
        assert_eq!(apis, (1..=platform().newest_api).collect::<Vec<_>>());
        assert_eq!(describe_api(28), "Android 9 (API 28)");
        assert_eq!(describe_api(999), "API 999");
    }
}
