//! The special-access names an organisation's policy may use (`data/policy_special_access.tsv`), each with
//! the Android permission behind it.

use std::sync::OnceLock;

use super::tsv::{field, rows};

const SPECIAL_ACCESS: &str = include_str!("../../../data/policy_special_access.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecialAccessName {
    /// The name a policy uses, e.g. `accessibility_service`.
    pub id: &'static str,
    /// The permission behind it, e.g. `android.permission.BIND_ACCESSIBILITY_SERVICE`.
    pub permission: &'static str,
    /// The access in words, completing "It has …".
    pub what: &'static str,
}

/// Every name, sorted by id.
pub fn special_access_names() -> &'static [SpecialAccessName] {
    static ROWS: OnceLock<Vec<SpecialAccessName>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(SPECIAL_ACCESS)
            .map(|r| SpecialAccessName { id: field(&r, 0), permission: field(&r, 1), what: field(&r, 2) })
            .collect()
    })
}

pub fn special_access_name(id: &str) -> Option<&'static SpecialAccessName> {
    special_access_names().iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::super::catalogue::{permission_info, Access};
    use super::super::tsv::header;
    use super::*;

    #[test]
    fn names_are_sorted_unique_and_name_special_access_permissions() {
        assert_eq!(header(SPECIAL_ACCESS), ["id", "permission", "what"]);
        let ids: Vec<&str> = special_access_names().iter().map(|s| s.id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "policy_special_access.tsv must be sorted and unique");
        for s in special_access_names() {
            assert!(s.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{s:?}");
            assert!(!s.what.is_empty(), "{s:?}");
            // Every name must stand for access the report can actually list as special access.
            let info = permission_info(s.permission);
            assert!(
                info.is_some_and(|i| matches!(i.access, Access::Component | Access::Special)),
                "{}: {} is not special access in the permission catalogue",
                s.id,
                s.permission
            );
        }
        assert_eq!(special_access_name("vpn").map(|s| s.permission), Some("android.permission.BIND_VPN_SERVICE"));
    }
}
