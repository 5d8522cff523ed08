//! Pure helpers that turn report values into words for the page (native-testable).

use crate::analysis::report::{Permission, PermissionSource};

/// `0.42` s → `420 ms`; `2.5` s → `2.5 s`.
pub fn human_duration(millis: f64) -> String {
    if millis < 1000.0 {
        format!("{:.0} ms", millis.max(0.0))
    } else {
        format!("{:.1} s", millis / 1000.0)
    }
}

/// `1536` → `1.5 KB`; decimal units, as people see them in file managers.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["bytes", "KB", "MB", "GB", "TB"];
    let mut value = bytes.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let name = UNITS.get(unit).copied().unwrap_or("bytes");
    if unit == 0 {
        format!("{value:.0} {name}")
    } else {
        format!("{value:.1} {name}")
    }
}

/// `android.permission.READ_CONTACTS` → `READ_CONTACTS`; custom permissions keep their full name.
pub fn short_permission_name(name: &str) -> &str {
    name.strip_prefix("android.permission.").unwrap_or(name)
}

/// How the page groups permissions, most sensitive first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PermissionGroup {
    /// Runtime ("dangerous") permissions: the person is asked, and they guard personal data.
    Sensitive,
    /// Granted only to system or same-signer apps; notable when a third-party app asks.
    Special,
    Normal,
    /// Defined by this app or another app (or unknown to Android's own list).
    Custom,
}

impl PermissionGroup {
    pub fn of(p: &Permission) -> Self {
        // An app's own permission guards the app's own features; its level says nothing about the platform.
        if p.defined_by != PermissionSource::Platform {
            return Self::Custom;
        }
        let level = p.protection_level.as_deref().unwrap_or_default();
        let base = level.split('|').next().unwrap_or_default();
        match base {
            "dangerous" => Self::Sensitive,
            "signature" | "signatureOrSystem" | "internal" => Self::Special,
            "normal" => Self::Normal,
            _ => Self::Custom,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Sensitive => "Sensitive: guard personal data",
            Self::Special => "Special: normally reserved for system apps",
            Self::Normal => "Normal: granted without asking",
            Self::Custom => "Defined by apps, not by Android",
        }
    }

    pub fn explanation(self) -> &'static str {
        match self {
            Self::Sensitive => "Android asks you before granting these; each opens a kind of personal data or a sensor.",
            Self::Special => "Android grants these only to apps from the phone maker or signed by the same developer.",
            Self::Normal => "Granted at install time without asking; low risk on their own.",
            Self::Custom => "Permissions that this app or another app defines for its own features, or names Android does not know.",
        }
    }

    pub fn css(self) -> &'static str {
        match self {
            Self::Sensitive => "sensitive",
            Self::Special => "special",
            Self::Normal => "normal",
            Self::Custom => "custom",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_bytes(512.0), "512 bytes");
        assert_eq!(human_bytes(1536.0), "1.5 KB");
        assert_eq!(human_bytes(300e6), "300.0 MB");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(42.4), "42 ms");
        assert_eq!(human_duration(2513.0), "2.5 s");
    }

    #[test]
    fn own_permissions_are_custom_whatever_their_level() {
        let p = |level: &str, defined_by| Permission {
            name: "x.y.Z".into(),
            protection_level: Some(level.into()),
            defined_by,
            element: "uses-permission".into(),
            max_sdk: None,
            evidence: vec![],
            category: None,
            meaning: None,
            reason: None,
        };
        assert_eq!(PermissionGroup::of(&p("signature", PermissionSource::App)), PermissionGroup::Custom);
        assert_eq!(PermissionGroup::of(&p("signature|privileged", PermissionSource::Platform)), PermissionGroup::Special);
        assert_eq!(PermissionGroup::of(&p("dangerous|instant", PermissionSource::Platform)), PermissionGroup::Sensitive);
    }

    #[test]
    fn short_names() {
        assert_eq!(short_permission_name("android.permission.CAMERA"), "CAMERA");
        assert_eq!(short_permission_name("com.example.C2D"), "com.example.C2D");
    }
}
