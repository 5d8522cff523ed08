//! Words shared by the page and the CLI (and, for country names, the grade's concern sentences): who may get
//! the data, where, and what the EU and the UK say of data protection there. Pure and native-testable; it
//! says nothing beyond the report and AppLens's tables.

use super::knowledge::companies::country_name;
use super::report::{Adequacy, AdequacyLevel, CapabilityStatus, CodeSummary, Recipient, Tracker};

/// Where a tracker was found when that is not (only) where Exodus's method looks: "found in JavaScript",
/// "also found in Hermes bytecode"; None for trackers found in DEX (or iOS programs) alone.
pub fn found_in_label(t: &Tracker) -> Option<String> {
    let place = |f: &str| match f {
        "javascript" => Some("JavaScript"),
        "hermes" => Some("Hermes bytecode"),
        "carried_code" => Some("code the app carries"),
        "flutter" => Some("Flutter code"),
        "assembly" => Some(".NET assemblies"),
        _ => None,
    };
    let outside: Vec<&str> = t.found_in.iter().filter_map(|f| place(f)).collect();
    if outside.is_empty() {
        return None;
    }
    let also = if t.found_in.iter().any(|f| place(f).is_none()) { "also " } else { "" };
    Some(format!("{also}found in {}", outside.join(" and ")))
}

/// What was read of the app's code, in one line: "Code read: 2 DEX files, 4,869 classes; 6 JavaScript files."
pub fn code_read_sentence(code: &CodeSummary, ios: bool) -> String {
    let count = |kind: &str| code.other_code.iter().filter(|o| o.kind == kind).count();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts: Vec<String> = Vec::new();
    if !ios || !code.dex_files.is_empty() {
        parts.push(format!("{}, {} classes", plural(code.dex_files.len(), "DEX file", "DEX files"), code.classes));
    }
    let programs = count("macho_strings");
    if programs > 0 {
        parts.push(format!("the text of {}", plural(programs, "program", "programs")));
    }
    for (kind, one, many) in [("javascript", "JavaScript file", "JavaScript files"), ("hermes", "Hermes bytecode file", "Hermes bytecode files")] {
        let n = count(kind);
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    if parts.is_empty() {
        // An iOS app whose programs are all missing or unreadable (the warnings say which).
        return "Code read: none.".to_string();
    }
    format!("Code read: {}.", parts.join("; "))
}

/// Country names that take "the" in a sentence.
pub fn with_article(name: &str) -> String {
    if name.starts_with("United ") || matches!(name, "Netherlands" | "Philippines" | "Czech Republic") {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// `US` → `United States`; an unknown or missing code → "an unknown country".
pub fn country(code: Option<&str>) -> String {
    match code {
        Some(c) => country_name(c).map_or_else(|| c.to_string(), str::to_string),
        None => "an unknown country".into(),
    }
}

/// The companies that may get the data in one country, with what the EU and the UK say of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryGroup<'a> {
    /// ISO 3166-1 alpha-2, or None for companies AppLens cannot place.
    pub code: Option<&'a str>,
    /// As `country` gives it.
    pub name: String,
    pub companies: Vec<&'a str>,
    /// The first recipient's facts: the same for every company of one country in one report.
    pub adequacy: &'a Adequacy,
}

impl CountryGroup<'_> {
    /// "The EU and the UK recognise …" for this country; None when the country or its facts are unknown.
    pub fn adequacy_sentence(&self) -> Option<String> {
        self.code?;
        adequacy_sentence(&place(self.code), self.adequacy)
    }

    /// "Data may go to ByteDance in China. Neither the EU nor the UK recognises data protection there as
    /// adequate.": the group's companies, where they are, and what the EU and the UK say of it.
    pub fn sentence(&self) -> String {
        self.sentence_joined("and")
    }

    /// `sentence` with the companies joined by `and` ("Google und Mapbox"): the sentence around them is
    /// translated as a whole and keeps its `{company}` as it is, so the joining word must already be the
    /// reader's (`list: and` in the catalogs).
    pub fn sentence_joined(&self, and: &str) -> String {
        let companies: Vec<String> = self.companies.iter().map(|c| (*c).to_string()).collect();
        let joined = match companies.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
        };
        recipient_sentence(&Recipient {
            company: joined,
            country: self.code.map(str::to_string),
            trackers: Vec::new(),
            domains: Vec::new(),
            adequacy: self.adequacy.clone(),
        })
    }
}

/// The table's answer in a few words, for the summary card: "the GDPR applies", "no EU or UK adequacy
/// decision", "EU adequacy for certified companies only"…; None when the facts are unknown.
pub fn adequacy_short(a: &Adequacy) -> Option<&'static str> {
    use AdequacyLevel::*;
    Some(match (a.eu?, a.uk) {
        (Eea, _) => "the GDPR applies",
        (Yes, Some(Domestic)) => "the UK GDPR applies; EU adequacy decision",
        (Yes, Some(Yes | Eea)) => "EU and UK adequacy decisions",
        (Yes, _) => "EU adequacy decision; none from the UK",
        (Partial, _) => "EU adequacy for some companies only",
        (No, Some(Yes | Partial)) => "no EU adequacy decision; the UK recognises it",
        (No, _) => "no EU or UK adequacy decision",
        (Domestic, _) => "the UK GDPR applies",
    })
}

/// Recipients grouped by country, most companies first (then by name), each with its companies.
pub fn by_country(recipients: &[Recipient]) -> Vec<CountryGroup<'_>> {
    let mut groups: Vec<CountryGroup<'_>> = Vec::new();
    for r in recipients {
        let key = r.country.as_deref();
        match groups.iter_mut().find(|g| g.code == key) {
            Some(g) => g.companies.push(&r.company),
            None => groups.push(CountryGroup { code: key, name: country(key), companies: vec![&r.company], adequacy: &r.adequacy }),
        }
    }
    groups.sort_by(|a, b| (a.code.is_none(), std::cmp::Reverse(a.companies.len()), &a.name).cmp(&(b.code.is_none(), std::cmp::Reverse(b.companies.len()), &b.name)));
    groups
}

/// "Data may go to companies in: United States (Google, Meta), China (ByteDance)." or None when there
/// are no recipients.
pub fn recipients_sentence(recipients: &[Recipient]) -> Option<String> {
    recipients_sentence_named(recipients, &str::to_string)
}

/// `recipients_sentence` with each country's name as `name` gives it (`Catalog::country`: "USA (Google)"
/// in German); the sentence around the list is then translated as a whole, its `{list}` kept as it is.
pub fn recipients_sentence_named(recipients: &[Recipient], name: &dyn Fn(&str) -> String) -> Option<String> {
    if recipients.is_empty() {
        return None;
    }
    let parts: Vec<String> = by_country(recipients).into_iter().map(|g| format!("{} ({})", name(&g.name), g.companies.join(", "))).collect();
    Some(format!("Data may go to companies in: {}.", parts.join(", ")))
}

/// A country as it stands in a sentence: "the United States", "China"; the code itself when AppLens has no
/// name for it.
pub fn place(code: Option<&str>) -> String {
    match code {
        Some(c) => country_name(c).map_or_else(|| c.to_string(), with_article),
        None => "an unknown country".into(),
    }
}

/// What the table says, split into the law that applies in the country itself (the GDPR in the EEA, the UK
/// GDPR in the UK) and sentences about recognition. `place` is named once (unless `named` says the caller's
/// sentence already did), then called "there".
struct Said {
    applies: Option<&'static str>,
    sentences: Vec<String>,
}

fn said(place: &str, a: &Adequacy, named: bool) -> Said {
    use AdequacyLevel::*;
    let eu = a.eu.map(|l| (l, a.eu_note.as_deref().unwrap_or_default()));
    let uk = a.uk.map(|l| (l, a.uk_note.as_deref().unwrap_or_default()));
    let applies = match (eu, uk) {
        (Some((Eea, _)), _) => Some("the GDPR"),
        (_, Some((Domestic, _))) => Some("the UK GDPR"),
        _ => None,
    };
    let mut named = named || applies.is_some();
    let mut here = || {
        let p = if named { "there".to_string() } else { format!("in {place}") };
        named = true;
        p
    };
    let mut sentences = Vec::new();
    // The sides that remain to be said: an EEA state is the GDPR's own ground for both, the UK is the UK's.
    let rest: Vec<(&str, AdequacyLevel, &str)> = [("The EU", eu), ("The UK", uk)]
        .into_iter()
        .filter_map(|(who, side)| side.map(|(l, n)| (who, l, n)))
        .filter(|(_, l, _)| !(applies.is_some() && matches!(l, Eea | Domestic)))
        .collect();
    match rest.as_slice() {
        [(_, a, an), (_, b, bn)] if a == b && an == bn => sentences.push(match a {
            Yes => format!("The EU and the UK recognise data protection {} as adequate.", here()),
            Partial => format!("The EU and the UK recognise data protection {} as adequate only for {an}.", here()),
            No => format!("Neither the EU nor the UK recognises data protection {} as adequate.", here()),
            // Both sides `eea` is said by `applies`; both `domestic` cannot happen (the EU has no such answer).
            Eea | Domestic => String::new(),
        }),
        // The two differ: one sentence, the UK's answer said briefly after the EU's.
        [("The EU", eu_level @ (Yes | Partial | No), eu_note), (_, uk_level @ (Yes | Partial | No), uk_note)] => {
            let first = match eu_level {
                Yes => format!("The EU recognises data protection {} as adequate", here()),
                Partial => format!("The EU recognises data protection {} as adequate only for {eu_note}", here()),
                _ => format!("The EU does not recognise data protection {} as adequate", here()),
            };
            let second = match (eu_level, uk_level) {
                (No, Yes) => "the UK does".to_string(),
                (No, _) => format!("the UK does only for {uk_note}"),
                (_, Yes) => "the UK recognises it as adequate".to_string(),
                (_, Partial) => format!("the UK only for {uk_note}"),
                (_, _) => "the UK does not".to_string(),
            };
            sentences.push(format!("{first}; {second}."));
        }
        sides => {
            for (who, level, note) in sides {
                sentences.push(match level {
                    Yes => format!("{who} recognises data protection {} as adequate.", here()),
                    Partial => format!("{who} recognises data protection {} as adequate only for {note}.", here()),
                    No => format!("{who} does not recognise data protection {} as adequate.", here()),
                    // Only in a report the table did not write (an EEA answer on one side only).
                    Eea => format!("{who} treats {} as within the EEA.", place),
                    Domestic => format!("{who}'s own law applies {}.", here()),
                });
            }
        }
    }
    sentences.retain(|s| !s.is_empty());
    Said { applies, sentences }
}

/// What the EU and the UK say of data protection in `place` (as a sentence names it: "the United States"),
/// e.g. "Neither the EU nor the UK recognises data protection in China as adequate."; None when the report
/// has no facts for it.
pub fn adequacy_sentence(place: &str, a: &Adequacy) -> Option<String> {
    let s = said(place, a, false);
    let mut out: Vec<String> = s.applies.map(|law| format!("{} applies in {place}.", capitalize(law))).into_iter().collect();
    out.extend(s.sentences);
    (!out.is_empty()).then(|| out.join(" "))
}

/// "Data may go to ByteDance in China. Neither the EU nor the UK recognises data protection there as
/// adequate." — one recipient, where it is and what the EU and the UK say of data protection there.
pub fn recipient_sentence(r: &Recipient) -> String {
    let Some(code) = r.country.as_deref() else {
        return format!("Data may go to {}; AppLens does not know in which country.", r.company);
    };
    let place = place(Some(code));
    let s = said(&place, &r.adequacy, true);
    let mut out = format!("Data may go to {} in {place}", r.company);
    match s.applies {
        Some(law) => out.push_str(&format!(", where {law} applies.")),
        None => out.push('.'),
    }
    for sentence in s.sentences {
        out.push(' ');
        out.push_str(&sentence);
    }
    out
}

/// The law behind each answer, for a reader who wants to check it: "EU: Commission Implementing Decision …",
/// "UK: …", then the table's remark and its date. Empty when the country's facts are unknown.
pub fn adequacy_basis(a: &Adequacy) -> Vec<String> {
    let mut out = Vec::new();
    for (who, level, basis, none) in [
        ("EU", a.eu, &a.eu_basis, "no adequacy decision"),
        ("UK", a.uk, &a.uk_basis, "no adequacy regulations"),
    ] {
        match (level, basis) {
            (Some(_), Some(b)) => out.push(format!("{who}: {b}")),
            (Some(AdequacyLevel::No), None) => out.push(format!("{who}: {none}")),
            _ => {}
        }
    }
    out.extend(a.remark.clone());
    if let Some(date) = &a.as_of {
        out.push(format!("As AppLens's table had it on {date}; nothing is looked up when an app is checked."));
    }
    out
}

/// "EU: partial, UK: partial": the two answers in the table's own words, for lists and the CLI; None when
/// the country's facts are unknown.
pub fn adequacy_words(a: &Adequacy) -> Option<String> {
    let word = |l: Option<AdequacyLevel>| l.map_or("unknown", level_word);
    (a.eu.is_some() || a.uk.is_some()).then(|| format!("EU: {}, UK: {}", word(a.eu), word(a.uk)))
}

/// The value as the report's JSON spells it.
pub fn level_word(level: AdequacyLevel) -> &'static str {
    match level {
        AdequacyLevel::Eea => "eea",
        AdequacyLevel::Domestic => "domestic",
        AdequacyLevel::Yes => "yes",
        AdequacyLevel::Partial => "partial",
        AdequacyLevel::No => "no",
    }
}

fn capitalize(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

pub fn status_label(status: CapabilityStatus) -> &'static str {
    match status {
        CapabilityStatus::RequestedAndUsed => "asks for the permission and has code that uses it",
        CapabilityStatus::RequestedNotFound => "asks for the permission, but no code using it was found",
        CapabilityStatus::UsedNotRequested => "code present, but the permission is not requested",
        CapabilityStatus::NoPermissionNeeded => "needs no permission",
    }
}

/// Where a tracker's signature matched (`Tracker::found_in`), in words for the page and the command line;
/// `None` when only in the DEX files Android loads (Exodus's method, the usual case) or not recorded.
pub fn found_in_words(found_in: &[String]) -> Option<String> {
    if found_in.iter().all(|f| f == "dex") {
        return None;
    }
    let words: Vec<&str> = found_in
        .iter()
        .map(|f| match f.as_str() {
            "dex" => "the app's DEX code",
            "carried_code" => "code the app carries but Android does not load by itself",
            "flutter" => "the Dart packages of its Flutter code",
            "assembly" => "the names of its .NET assemblies",
            "javascript" => "its JavaScript",
            "hermes" => "its Hermes bytecode",
            "macho" => "its programs",
            "privacy_manifest" => "a privacy manifest",
            other => other,
        })
        .collect();
    Some(format!("found in {}", words.join(" and ")))
}

/// A sentence as the tail of another: "The Dart code…" after "Not read: " is "the Dart code…".
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::knowledge::jurisdictions::adequacy;

    fn r(company: &str, country: Option<&str>) -> Recipient {
        Recipient { company: company.into(), country: country.map(str::to_string), trackers: vec![], domains: vec![], adequacy: adequacy(country) }
    }

    #[test]
    fn who_gets_the_data_in_one_sentence() {
        let list = [r("ByteDance", Some("CN")), r("Google", Some("US")), r("Meta", Some("US")), r("Somebody", None)];
        assert_eq!(
            recipients_sentence(&list).unwrap(),
            "Data may go to companies in: United States (Google, Meta), China (ByteDance), an unknown country (Somebody)."
        );
        assert_eq!(recipients_sentence(&[]), None);
        let groups = by_country(&list);
        assert_eq!(groups.iter().map(|g| g.code).collect::<Vec<_>>(), [Some("US"), Some("CN"), None]);
        assert_eq!(
            groups[1].adequacy_sentence().as_deref(),
            Some("Neither the EU nor the UK recognises data protection in China as adequate.")
        );
        assert_eq!(groups[2].adequacy_sentence(), None);
    }

    #[test]
    fn one_sentence_per_recipient_says_what_the_table_says() {
        assert_eq!(
            recipient_sentence(&r("ByteDance", Some("CN"))),
            "Data may go to ByteDance in China. Neither the EU nor the UK recognises data protection there as adequate."
        );
        assert_eq!(
            recipient_sentence(&r("Google", Some("US"))),
            "Data may go to Google in the United States. The EU recognises data protection there as adequate only for \
             companies certified under the EU–US Data Privacy Framework; the UK only for companies certified under \
             the UK Extension to the EU–US Data Privacy Framework."
        );
        assert_eq!(recipient_sentence(&r("Criteo", Some("FR"))), "Data may go to Criteo in France, where the GDPR applies.");
        assert_eq!(
            recipient_sentence(&r("Appodeal", Some("GB"))),
            "Data may go to Appodeal in the United Kingdom, where the UK GDPR applies. The EU recognises data protection there as adequate."
        );
        assert_eq!(
            recipient_sentence(&r("Kakao", Some("KR"))),
            "Data may go to Kakao in South Korea. The EU and the UK recognise data protection there as adequate."
        );
        assert!(recipient_sentence(&r("Shopify", Some("CA"))).contains("The EU and the UK recognise data protection there as adequate only for organisations subject to"));
        assert_eq!(
            recipient_sentence(&r("Somebody", Some("BR"))),
            "Data may go to Somebody in Brazil. The EU recognises data protection there as adequate; the UK does not."
        );
        assert_eq!(recipient_sentence(&r("Somebody", None)), "Data may go to Somebody; AppLens does not know in which country.");
        // A report from before the table: no facts, no claims.
        let mut old = r("ByteDance", Some("CN"));
        old.adequacy = Adequacy::default();
        assert_eq!(recipient_sentence(&old), "Data may go to ByteDance in China.");
    }

    #[test]
    fn answers_the_table_does_not_give_today_still_read_right() {
        let a = |eu, uk| Adequacy { eu: Some(eu), eu_note: Some("x".into()), uk: Some(uk), uk_note: Some("y".into()), ..Adequacy::default() };
        use AdequacyLevel::*;
        let said = |eu, uk| adequacy_sentence("Utopia", &a(eu, uk)).unwrap_or_default();
        assert_eq!(said(No, Yes), "The EU does not recognise data protection in Utopia as adequate; the UK does.");
        assert_eq!(said(No, Partial), "The EU does not recognise data protection in Utopia as adequate; the UK does only for y.");
        assert_eq!(said(Partial, Yes), "The EU recognises data protection in Utopia as adequate only for x; the UK recognises it as adequate.");
        assert_eq!(said(Yes, Partial), "The EU recognises data protection in Utopia as adequate; the UK only for y.");
        assert_eq!(said(Partial, No), "The EU recognises data protection in Utopia as adequate only for x; the UK does not.");
        let eu_only = Adequacy { eu: Some(No), ..Adequacy::default() };
        assert_eq!(adequacy_sentence("Utopia", &eu_only).as_deref(), Some("The EU does not recognise data protection in Utopia as adequate."));
    }

    #[test]
    fn a_country_group_is_said_in_one_sentence() {
        let list = [r("ByteDance", Some("CN")), r("Tencent", Some("CN")), r("Google", Some("US"))];
        let groups = by_country(&list);
        assert_eq!(
            groups[0].sentence(),
            "Data may go to ByteDance and Tencent in China. Neither the EU nor the UK recognises data protection there as adequate."
        );
        assert_eq!(adequacy_short(groups[0].adequacy), Some("no EU or UK adequacy decision"));
        assert_eq!(adequacy_short(&adequacy(Some("US"))), Some("EU adequacy for some companies only"));
        assert_eq!(adequacy_short(&adequacy(Some("FR"))), Some("the GDPR applies"));
        assert_eq!(adequacy_short(&Adequacy::default()), None);
    }

    #[test]
    fn adequacy_in_the_tables_own_words() {
        assert_eq!(adequacy_words(&adequacy(Some("US"))).as_deref(), Some("EU: partial, UK: partial"));
        assert_eq!(adequacy_words(&adequacy(Some("GB"))).as_deref(), Some("EU: yes, UK: domestic"));
        assert_eq!(adequacy_words(&adequacy(Some("DE"))).as_deref(), Some("EU: eea, UK: eea"));
        assert_eq!(adequacy_words(&Adequacy::default()), None);
        assert_eq!(adequacy_sentence("France", &adequacy(Some("FR"))).as_deref(), Some("The GDPR applies in France."));
        assert_eq!(
            adequacy_sentence("the United Kingdom", &adequacy(Some("GB"))).as_deref(),
            Some("The UK GDPR applies in the United Kingdom. The EU recognises data protection there as adequate.")
        );
        assert_eq!(adequacy_sentence("Nowhere", &Adequacy::default()), None);
    }

    #[test]
    fn the_basis_is_there_to_be_checked() {
        let us = adequacy_basis(&adequacy(Some("US")));
        assert!(us[0].starts_with("EU: Commission Implementing Decision (EU) 2023/1795 of 10 July 2023"), "{us:?}");
        assert!(us[1].starts_with("UK: The Data Protection (Adequacy) (United States of America) Regulations 2023"), "{us:?}");
        assert!(us.last().is_some_and(|l| l.contains(crate::analysis::knowledge::jurisdictions::AS_OF)), "{us:?}");
        let cn = adequacy_basis(&adequacy(Some("CN")));
        assert_eq!(&cn[..2], ["EU: no adequacy decision", "UK: no adequacy regulations"]);
        assert!(adequacy_basis(&Adequacy::default()).is_empty());
    }

    #[test]
    fn every_country_in_the_table_gets_a_sentence() {
        for line in include_str!("../../data/jurisdictions.tsv").lines().filter(|l| !l.starts_with('#')).skip(1) {
            let code = line.split('\t').next().unwrap_or_default();
            let text = recipient_sentence(&r("Somebody", Some(code)));
            assert!(text.ends_with('.') && !text.contains("  ") && !text.contains(".."), "{code}: {text}");
            assert!(text.contains("GDPR applies") || text.contains("recognise"), "{code}: {text}");
        }
    }

    #[test]
    fn where_trackers_were_found_in_words() {
        assert_eq!(found_in_words(&["dex".into()]), None);
        assert_eq!(found_in_words(&[]), None);
        assert_eq!(found_in_words(&["carried_code".into()]).as_deref(), Some("found in code the app carries but Android does not load by itself"));
        assert_eq!(found_in_words(&["dex".into(), "flutter".into()]).as_deref(), Some("found in the app's DEX code and the Dart packages of its Flutter code"));
    }
}
