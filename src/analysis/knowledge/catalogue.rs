//! What each permission means for a person (`data/android_permission_catalogue.tsv`), the risk categories
//! they count towards (`data/risk_categories.tsv`) and who is behind names Android does not define
//! (`data/permission_owners.tsv`). All three are written by us, for readers who are not engineers.

use std::sync::OnceLock;

use super::tsv_rows;

const CATALOGUE: &str = include_str!("../../../data/android_permission_catalogue.tsv");
const CATEGORIES: &str = include_str!("../../../data/risk_categories.tsv");
const OWNERS: &str = include_str!("../../../data/permission_owners.tsv");

/// How Android hands a permission out beyond its protection level (catalogue column `access`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// An ordinary permission.
    Ordinary,
    /// Special access: switched on by the person in Settings, or restricted by the store.
    Special,
    /// A permission that guards a service the app provides to the system (`BIND_…`): declaring such a service
    /// is what asks for the special access (an accessibility service, a VPN…).
    Component,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PermissionInfo {
    /// Full name; ends in `*` for a row that covers every name with that beginning.
    pub name: &'static str,
    pub category: &'static str,
    /// 0-10: how much harm misuse could do to the person.
    pub weight: u8,
    pub access: Access,
    /// No effect for apps built for this API level or later.
    pub replaced_in: Option<u32>,
    pub replaced_by: &'static str,
    /// Who defines it when Android's core does not; empty for core permissions.
    pub owner: &'static str,
    /// Completes "This app …".
    pub meaning: &'static str,
    pub why: &'static str,
}

impl PermissionInfo {
    /// Defined by an Android module outside the core list (AdServices, Health Connect): Android's own.
    pub fn owned_by_android(&self) -> bool {
        self.owner.is_empty() || self.owner.starts_with("Android")
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

fn catalogue() -> &'static [PermissionInfo] {
    static ROWS: OnceLock<Vec<PermissionInfo>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows: Vec<PermissionInfo> = tsv_rows(CATALOGUE, "name")
            .filter_map(|r| {
                let access = match *r.get(3)? {
                    "special" => Access::Special,
                    "component" => Access::Component,
                    _ => Access::Ordinary,
                };
                Some(PermissionInfo {
                    name: r.first()?,
                    category: r.get(1)?,
                    weight: r.get(2)?.parse().ok()?,
                    access,
                    replaced_in: r.get(4)?.parse().ok(),
                    replaced_by: r.get(5)?,
                    owner: r.get(6)?,
                    meaning: r.get(7)?,
                    why: r.get(8)?,
                })
            })
            .collect();
        rows.sort_by(|a, b| a.name.cmp(b.name));
        rows
    })
}

/// The catalogue's entry for a permission: the exact row, else the longest `prefix*` row that matches.
pub fn permission_info(name: &str) -> Option<&'static PermissionInfo> {
    let rows = catalogue();
    if let Ok(i) = rows.binary_search_by(|p| p.name.cmp(name)) {
        return rows.get(i);
    }
    rows.iter()
        .filter_map(|p| p.name.strip_suffix('*').filter(|prefix| name.starts_with(prefix)).map(|prefix| (prefix.len(), p)))
        .max_by_key(|(len, _)| *len)
        .map(|(_, p)| p)
}

pub fn categories() -> &'static [Category] {
    static ROWS: OnceLock<Vec<Category>> = OnceLock::new();
    ROWS.get_or_init(|| {
        tsv_rows(CATEGORIES, "id")
            .filter_map(|r| Some(Category { id: r.first()?, name: r.get(1)?, description: r.get(2)? }))
            .collect()
    })
}

pub fn category(id: &str) -> Option<&'static Category> {
    categories().iter().find(|c| c.id == id)
}

/// Who is probably behind a permission name nobody on the phone defines: the package part of the name (before
/// `.permission.`, else before the last dot), with the organisation its prefix suggests, e.g.
/// `com.sec.android.provider.badge (Samsung)`. Only a guess: anyone may choose any name.
pub fn guess_owner(name: &str) -> String {
    let package = match name.find(".permission.") {
        Some(i) => name.get(..i).unwrap_or(name),
        None => name.rsplit_once('.').map_or("", |(head, _)| head),
    };
    static ROWS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let owners = ROWS.get_or_init(|| tsv_rows(OWNERS, "prefix").filter_map(|r| Some((*r.first()?, *r.get(1)?))).collect());
    let org = owners.iter().filter(|(prefix, _)| name.starts_with(prefix)).max_by_key(|(prefix, _)| prefix.len());
    match org {
        Some((_, org)) if !package.is_empty() => format!("{package} ({org})"),
        _ if package.is_empty() => "unknown".to_string(),
        _ => package.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::knowledge::permissions::platform_permission;

    #[test]
    fn catalogue_is_sorted_unique_and_well_formed() {
        let names: Vec<&str> = tsv_rows(CATALOGUE, "name").map(|r| r[0]).collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "data/android_permission_catalogue.tsv must be sorted and unique");
        for row in tsv_rows(CATALOGUE, "name") {
            assert_eq!(row.len(), 9, "{row:?}");
        }
        assert_eq!(catalogue().len(), names.len(), "a row failed to parse");
        for p in catalogue() {
            assert!(category(p.category).is_some(), "{}: unknown category {}", p.name, p.category);
            assert!(p.weight <= 10, "{}", p.name);
            assert!(!p.meaning.is_empty() && !p.why.is_empty(), "{}", p.name);
            assert!(p.meaning.starts_with(char::is_lowercase), "{}: the meaning completes \"This app …\"", p.name);
            assert_eq!(p.replaced_in.is_some(), !p.replaced_by.is_empty(), "{}: replaced_in and replaced_by go together", p.name);
            // A name not in the platform table must say who defines it, and a core one must not.
            let core = p.name.ends_with('*') || platform_permission(p.name).is_some();
            assert_eq!(core, p.owner.is_empty() || p.name.ends_with('*'), "{}: owner column disagrees with the AOSP table", p.name);
        }
    }

    #[test]
    fn catalogue_covers_what_a_person_should_care_about() {
        let meaningful = catalogue().iter().filter(|p| p.weight >= 2).count();
        assert!(meaningful >= 120, "only {meaningful} permissions of weight 2 or more");
        for id in ["location", "contacts_calendar_accounts", "camera_microphone", "messages_calls", "files_media",
            "device_identity_other_apps", "sensors_health", "nearby_devices", "notifications", "network",
            "system_control", "payments", "tracking_advertising", "code_integrity"] {
            assert!(catalogue().iter().any(|p| p.category == id), "no permission in category {id}");
        }
        // Every runtime ("dangerous") platform permission of current Android has an entry.
        for name in ["CAMERA", "READ_SMS", "ACCESS_FINE_LOCATION", "READ_MEDIA_IMAGES", "BODY_SENSORS", "NEARBY_WIFI_DEVICES"] {
            assert!(permission_info(&format!("android.permission.{name}")).is_some(), "{name}");
        }
    }

    #[test]
    fn categories_are_the_agreed_set() {
        let ids: Vec<&str> = categories().iter().map(|c| c.id).collect();
        assert_eq!(
            ids,
            ["location", "contacts_calendar_accounts", "camera_microphone", "messages_calls", "files_media",
                "device_identity_other_apps", "sensors_health", "nearby_devices", "notifications", "network",
                "system_control", "payments", "tracking_advertising", "data_sharing", "network_security", "code_integrity"]
        );
    }

    #[test]
    fn wildcards_match_the_longest_prefix_and_exact_rows_win() {
        assert_eq!(permission_info("android.permission.health.READ_HEART_RATE").unwrap().name, "android.permission.health.READ_HEART_RATE");
        assert_eq!(permission_info("android.permission.health.READ_BLOOD_GLUCOSE").unwrap().name, "android.permission.health.READ_*");
        assert!(permission_info("com.example.NOPE").is_none());
    }

    #[test]
    fn owners_are_guessed_from_the_prefix() {
        assert_eq!(guess_owner("com.sec.android.provider.badge.permission.READ"), "com.sec.android.provider.badge (Samsung)");
        assert_eq!(guess_owner("com.example.app.C2D_MESSAGE"), "com.example.app");
        assert_eq!(guess_owner("NOPE"), "unknown");
        let prefixes: Vec<&str> = tsv_rows(OWNERS, "prefix").map(|r| r[0]).collect();
        assert!(prefixes.windows(2).all(|w| w[0] < w[1]), "data/permission_owners.tsv must be sorted and unique");
    }
}
