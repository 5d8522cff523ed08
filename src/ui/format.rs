//! Pure helpers that turn report values into words for the page (native-testable).

use crate::analysis::knowledge::catalogue::{categories, category, Category};
use crate::analysis::knowledge::platform::describe_api;
use super::i18n::{language, tr, trf};
use crate::analysis::report::{Grant, Permission, PermissionSource, PermissionStatus, Report, Severity, SpecialAccess};

/// Text from a package made safe to read: Yew already renders it as text, never markup, but invisible
/// characters that reorder or hide text (a right-to-left override turns `txt.exe` into what looks like
/// `exe.txt`) are shown as visible markers such as `⟨U+202E⟩`.
pub fn display_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let code = u32::from(c);
        let invisible = matches!(code, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0x061C)
            || (c.is_control() && c != '\n' && c != '\t');
        if invisible {
            out.push_str(&format!("⟨U+{code:04X}⟩"));
        } else {
            out.push(c);
        }
    }
    out
}

/// "2 translations: de, fr": long lists are counted, not dumped.
pub fn languages(locales: &[String]) -> String {
    let translations: Vec<&str> = locales.iter().map(String::as_str).filter(|l| *l != "--_--").collect();
    match translations.len() {
        0 => tr("one language only"),
        n if n <= 8 => trf("{n} {n|translation|translations}: {list}", &[("n", &n.to_string()), ("list", &translations.join(", "))]),
        n => trf("{n} {n|translation|translations}", &[("n", &n.to_string())]),
    }
}

/// `0.42` s → `420 ms`; `2.5` s → `2.5 s`.
pub fn human_duration(millis: f64) -> String {
    if millis < 1000.0 {
        format!("{:.0} ms", millis.max(0.0))
    } else {
        format!("{} s", language().number(&format!("{:.1}", millis / 1000.0)))
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
        format!("{value:.0} {}", tr("bytes"))
    } else {
        format!("{} {name}", language().number(&format!("{value:.1}")))
    }
}

/// `android.permission.READ_CONTACTS` → `READ_CONTACTS`; custom permissions keep their full name.
pub fn short_permission_name(name: &str) -> &str {
    name.strip_prefix("android.permission.").unwrap_or(name)
}

/// One line of a permission group: a requested permission, or special access the app declares through a
/// component (an accessibility service, a VPN…), which a permission list alone would hide.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Item<'a> {
    Permission(&'a Permission),
    Special(&'a SpecialAccess),
}

impl Item<'_> {
    /// Sorting weight: the catalogue's, else a guess from the protection level; requests current Android
    /// ignores sink to the bottom.
    pub fn weight(&self) -> u8 {
        match self {
            Item::Special(s) => s.weight,
            Item::Permission(p) if p.status == PermissionStatus::NotAppliedOnCurrentAndroid => 0,
            Item::Permission(p) => p.weight.unwrap_or_else(|| if is_dangerous(p) { 5 } else { 1 }),
        }
    }
}

/// Permissions (and component special access) of one risk category, heaviest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Group<'a> {
    /// `None` for permissions AppLens's catalogue does not describe.
    pub category: Option<&'static Category>,
    pub items: Vec<Item<'a>>,
}

impl Group<'_> {
    pub fn weight(&self) -> u8 {
        self.items.iter().map(Item::weight).max().unwrap_or(0)
    }

    pub fn id(&self) -> &'static str {
        self.category.map_or("other", |c| c.id)
    }

    pub fn title(&self) -> &'static str {
        self.category.map_or("Other permissions", |c| c.name)
    }

    pub fn description(&self) -> &'static str {
        self.category.map_or("Permissions apps define for their own features, and rarely used Android ones AppLens has no words of its own for (Android's wording is shown where it has some).", |c| c.description)
    }
}

fn is_dangerous(p: &Permission) -> bool {
    p.defined_by == PermissionSource::Platform && p.protection_level.as_deref().is_some_and(|l| l.starts_with("dangerous"))
}

/// Groups a report's permissions and component special access by risk category: the heaviest group first
/// (ties in the categories' own order), uncategorised permissions last; inside a group, heaviest first,
/// then manifest order.
pub fn group_permissions(report: &Report) -> Vec<Group<'_>> {
    let items = report
        .permissions
        .iter()
        .map(|p| (p.category.as_deref(), Item::Permission(p)))
        .chain(report.special_access.iter().filter(|s| s.source == "component").map(|s| (Some(s.category.as_str()), Item::Special(s))));
    let mut groups: Vec<Group<'_>> = Vec::new();
    for (category_id, item) in items {
        let category = category_id.and_then(category);
        match groups.iter_mut().find(|g| g.category.map(|c| c.id) == category.map(|c| c.id)) {
            Some(g) => g.items.push(item),
            None => groups.push(Group { category, items: vec![item] }),
        }
    }
    for g in &mut groups {
        // A stable sort keeps manifest order among equals.
        g.items.sort_by_key(|i| std::cmp::Reverse(i.weight()));
    }
    let order = |g: &Group<'_>| g.category.and_then(|c| categories().iter().position(|k| k.id == c.id)).unwrap_or(usize::MAX);
    groups.sort_by_key(|g| (g.category.is_none(), std::cmp::Reverse(g.weight()), order(g)));
    groups
}

/// Requests a person should look at: those Android still honours that open personal data or special
/// powers (asked at run time or switched on in Settings, or granted at install to an app built before
/// Android asked), or that AppLens weighs 6 or more.
pub fn is_sensitive(p: &Permission) -> bool {
    if p.status == PermissionStatus::NotAppliedOnCurrentAndroid {
        return false;
    }
    is_dangerous(p) || matches!(p.grant, Some(Grant::Settings)) || p.weight.is_some_and(|w| w >= 6)
}

/// `can read your text messages` → `Can read your text messages`.
/// ASCII only: the words are AppLens's own English, and Unicode case tables would cost the page kilobytes.
pub fn sentence_case(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// A 0-10 weight in words.
pub fn weight_words(weight: u8) -> String {
    match weight {
        8.. => tr("very sensitive"),
        6..=7 => tr("sensitive"),
        3..=5 => tr("moderate"),
        _ => tr("low"),
    }
}

/// How Android hands the permission to this app, in words.
pub fn grant_words(grant: Grant) -> String {
    match grant {
        Grant::Install => tr("granted at install, without asking"),
        Grant::Runtime => tr("Android asks you first"),
        Grant::Settings => tr("you must switch it on in Settings"),
        Grant::SystemOnly => tr("only for apps built into the phone"),
    }
}

/// What a status means, for a badge; `None` for an ordinary active permission.
pub fn status_badge(p: &Permission) -> Option<String> {
    match p.status {
        PermissionStatus::Active => None,
        PermissionStatus::NotAppliedOnCurrentAndroid => Some(tr("not applied on current Android")),
        PermissionStatus::Custom => Some(tr("defined by this app")),
        PermissionStatus::OtherApp => Some(match p.owner_guess.as_deref() {
            Some(owner) => trf("another app's: {owner}", &[("owner", owner)]),
            None => tr("another app's: unknown"),
        }),
        PermissionStatus::Unknown => Some(match p.owner_guess.as_deref() {
            Some(owner) => trf("unknown; probably {owner}", &[("owner", owner)]),
            None => tr("unknown; probably another app's"),
        }),
    }
}

/// For a dangerous permission granted at install (an app built before Android 6), the consequence in words.
pub fn legacy_grant_note(p: &Permission, target_sdk: Option<u32>) -> Option<String> {
    if p.grant != Some(Grant::Install) || !is_dangerous(p) {
        return None;
    }
    let built_for = target_sdk.map_or_else(|| tr("an Android version from before 2015"), describe_api);
    Some(trf(
        "This app is built for {built_for}, from before Android asked about permissions: it gets this one when it is installed, without asking you.",
        &[("built_for", &built_for)],
    ))
}

/// The severity of a finding, for its badge.
pub fn severity_words(severity: Severity) -> String {
    match severity {
        Severity::High => tr("High"),
        Severity::Medium => tr("Medium"),
        Severity::Low => tr("Low"),
        Severity::Info => tr("Info"),
    }
}

/// `ab12cd` → `AB:12:CD`: certificate fingerprints as keytool and app stores show them.
pub fn colon_hex(hex: &str) -> String {
    let upper = hex.to_ascii_uppercase();
    let bytes = upper.as_bytes().chunks(2).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>();
    bytes.join(":")
}

/// `["v1", "v2"]` → `v1 (JAR signing), v2`; empty → `none`.
pub fn scheme_names(schemes: &[String]) -> String {
    if schemes.is_empty() {
        return tr("none");
    }
    schemes.iter().map(|s| if s == "v1" { tr("v1 (JAR signing)") } else { s.clone() }).collect::<Vec<_>>().join(", ")
}

/// A finding's severity as a person reads it.
pub fn severity_word(severity: Severity) -> String {
    match severity {
        Severity::High => tr("High risk"),
        Severity::Medium => tr("Medium risk"),
        Severity::Low => tr("Low risk"),
        Severity::Info => tr("Good to know"),
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
    fn hidden_characters_become_visible() {
        assert_eq!(display_text("a\u{202e}txt.exe"), "a⟨U+202E⟩txt.exe");
        assert_eq!(display_text("<img src=x>"), "<img src=x>");
        assert_eq!(display_text("zero\u{200b}width\u{0}"), "zero⟨U+200B⟩width⟨U+0000⟩");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(42.4), "42 ms");
        assert_eq!(human_duration(2513.0), "2.5 s");
    }

    fn perm(name: &str, category: Option<&str>, weight: Option<u8>) -> Permission {
        Permission {
            name: name.into(),
            protection_level: Some("normal".into()),
            defined_by: PermissionSource::Platform,
            element: "uses-permission".into(),
            category: category.map(str::to_string),
            weight,
            ..Permission::default()
        }
    }

    #[test]
    fn groups_are_by_category_heaviest_first_and_uncategorised_last() {
        let mut report = Report::new(Default::default(), crate::analysis::report::Format::Apk);
        report.permissions = vec![
            perm("a.INTERNET", Some("network"), Some(2)),
            perm("a.X", None, None),
            perm("a.COARSE", Some("location"), Some(6)),
            perm("a.STATE", Some("network"), Some(1)),
            perm("a.FINE", Some("location"), Some(8)),
        ];
        report.special_access.push(SpecialAccess {
            permission: "a.BIND_VPN_SERVICE".into(),
            source: "component".into(),
            category: "network".into(),
            weight: 9,
            ..Default::default()
        });
        let groups = group_permissions(&report);
        let ids: Vec<&str> = groups.iter().map(Group::id).collect();
        assert_eq!(ids, ["network", "location", "other"], "the VPN (9) outweighs precise location (8)");
        let location: Vec<u8> = groups[1].items.iter().map(Item::weight).collect();
        assert_eq!(location, [8, 6]);
        assert!(matches!(groups[0].items[0], Item::Special(_)));
    }

    #[test]
    fn words() {
        assert_eq!(sentence_case("can read your text messages"), "Can read your text messages");
        assert_eq!(weight_words(9), "very sensitive");
        let mut p = perm("android.permission.READ_CONTACTS", Some("contacts_calendar_accounts"), Some(8));
        p.protection_level = Some("dangerous".into());
        p.grant = Some(Grant::Install);
        assert!(legacy_grant_note(&p, Some(22)).unwrap().contains("Android 5.1 (API 22)"));
        p.grant = Some(Grant::Runtime);
        assert!(legacy_grant_note(&p, Some(30)).is_none());
        assert!(is_sensitive(&p));
        p.status = PermissionStatus::NotAppliedOnCurrentAndroid;
        assert!(!is_sensitive(&p));
    }

    #[test]
    fn languages_are_counted() {
        assert_eq!(languages(&["--_--".into()]), "one language only");
        assert_eq!(languages(&["--_--".into(), "de".into(), "fr".into()]), "2 translations: de, fr");
    }

    #[test]
    fn short_names() {
        assert_eq!(short_permission_name("android.permission.CAMERA"), "CAMERA");
        assert_eq!(short_permission_name("com.example.C2D"), "com.example.C2D");
    }

    #[test]
    fn signing_words() {
        assert_eq!(colon_hex("5e29b0ae"), "5E:29:B0:AE");
        assert_eq!(colon_hex(""), "");
        assert_eq!(scheme_names(&["v1".into(), "v2".into(), "v3.1".into()]), "v1 (JAR signing), v2, v3.1");
        assert_eq!(scheme_names(&[]), "none");
        assert_eq!(severity_word(Severity::Info), "Good to know");
    }
}
