//! The languages AppLens speaks, and what differs between them besides words: plural rules, how numbers and
//! dates are written.
//!
//! Plural rules follow Unicode CLDR's cardinal rules for integers: English and German say "1 permission,
//! 0 permissions"; French uses the singular for 0 and 1 ("0 autorisation, 1 autorisation, 2 autorisations").

/// A language of the reports and the page. English is what the analysis writes; the others are
/// translations of it (`data/i18n/<code>/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    En,
    De,
    Fr,
}

impl Language {
    /// Every language, English first (the page's picker shows them in this order).
    pub const ALL: [Language; 3] = [Language::En, Language::De, Language::Fr];

    /// The BCP 47 code: `en`, `de`, `fr` (the report's `language`, `<html lang>`, `data/i18n/<code>/`).
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::De => "de",
            Language::Fr => "fr",
        }
    }

    /// The language's own name, as the picker shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::De => "Deutsch",
            Language::Fr => "Français",
        }
    }

    /// Reads a language tag or a POSIX locale: `de`, `de-AT`, `fr_CH.UTF-8`, `FR`. `None` for a language
    /// AppLens does not speak (the caller then falls back to English).
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_', '.', '@']).next().unwrap_or("").trim();
        Language::ALL.into_iter().find(|l| primary.eq_ignore_ascii_case(l.code()))
    }

    /// The first language of a preference list (`navigator.languages`, `LANGUAGE=de:en`) that AppLens speaks.
    pub fn first_supported<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Language> {
        tags.into_iter().find_map(Language::from_tag)
    }

    /// Whether `n` takes the singular ("one") form rather than the plural ("other").
    pub fn is_singular(self, n: u64) -> bool {
        match self {
            Language::En | Language::De => n == 1,
            Language::Fr => n <= 1,
        }
    }

    /// A decimal number written as the language writes it: `9.2` → `9,2` in German and French. Only the
    /// decimal separator changes: the numbers AppLens writes in sentences are scores and counts below 10,000,
    /// which none of the three languages groups.
    pub fn number(self, english: &str) -> String {
        match self {
            Language::En => english.to_string(),
            Language::De | Language::Fr => english.replace('.', ","),
        }
    }

    /// An ISO date (`2026-12-03`, possibly followed by a time) as the language writes dates: `3 December
    /// 2026` is not needed in sentences, so the numeric forms: `03.12.2026` (German), `03/12/2026` (French).
    /// Anything that is not an ISO date is returned unchanged.
    pub fn date(self, iso: &str) -> String {
        let day = iso.get(..10).unwrap_or("");
        let parts: Vec<&str> = day.split('-').collect();
        let [y, m, d] = parts.as_slice() else { return iso.to_string() };
        let numeric = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !(numeric(y, 4) && numeric(m, 2) && numeric(d, 2)) {
            return iso.to_string();
        }
        let rest = iso.get(10..).unwrap_or("");
        match self {
            Language::En => iso.to_string(),
            Language::De => format!("{d}.{m}.{y}{rest}"),
            Language::Fr => format!("{d}/{m}/{y}{rest}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_locales() {
        assert_eq!(Language::from_tag("de-AT"), Some(Language::De));
        assert_eq!(Language::from_tag("fr_CH.UTF-8"), Some(Language::Fr));
        assert_eq!(Language::from_tag("EN"), Some(Language::En));
        assert_eq!(Language::from_tag("C.UTF-8"), None);
        assert_eq!(Language::from_tag(""), None);
        assert_eq!(Language::first_supported(["it-IT", "fr-FR", "de"]), Some(Language::Fr));
    }

    #[test]
    fn plurals_follow_each_language() {
        assert!(Language::En.is_singular(1) && !Language::En.is_singular(0));
        assert!(Language::De.is_singular(1) && !Language::De.is_singular(0));
        assert!(Language::Fr.is_singular(0) && Language::Fr.is_singular(1) && !Language::Fr.is_singular(2));
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(Language::De.number("9.2"), "9,2");
        assert_eq!(Language::En.number("9.2"), "9.2");
        assert_eq!(Language::De.date("2026-12-03"), "03.12.2026");
        assert_eq!(Language::Fr.date("2026-12-03T10:00:00Z"), "03/12/2026T10:00:00Z");
        assert_eq!(Language::Fr.date("not a date"), "not a date");
        assert_eq!(Language::De.date("2026-1-03"), "2026-1-03");
    }
}
