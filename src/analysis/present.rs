//! Words shared by the page and the command line: who may receive the data, in one sentence, and what a
//! capability's status means. Kept in the core so the CLI never depends on the UI.

use super::knowledge::companies::country_name;
use super::report::{CapabilityStatus, Recipient};

/// `US` → `United States`; an unknown or missing code → "an unknown country".
pub fn country(code: Option<&str>) -> String {
    match code {
        Some(c) => country_name(c).map_or_else(|| c.to_string(), str::to_string),
        None => "an unknown country".into(),
    }
}

/// Recipients grouped by country, most companies first (then by name), each with its companies.
pub fn by_country(recipients: &[Recipient]) -> Vec<(String, Vec<&str>)> {
    let mut groups: Vec<(Option<&str>, Vec<&str>)> = Vec::new();
    for r in recipients {
        let key = r.country.as_deref();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(&r.company),
            None => groups.push((key, vec![&r.company])),
        }
    }
    groups.sort_by_key(|a| (a.0.is_none(), std::cmp::Reverse(a.1.len()), country(a.0)));
    groups.into_iter().map(|(k, list)| (country(k), list)).collect()
}

/// "Data may go to companies in: United States (Google, Meta), China (ByteDance)." or None when there
/// are no recipients.
pub fn recipients_sentence(recipients: &[Recipient]) -> Option<String> {
    if recipients.is_empty() {
        return None;
    }
    let parts: Vec<String> = by_country(recipients).into_iter().map(|(c, list)| format!("{c} ({})", list.join(", "))).collect();
    Some(format!("Data may go to companies in: {}.", parts.join(", ")))
}

pub fn status_label(status: CapabilityStatus) -> &'static str {
    match status {
        CapabilityStatus::RequestedAndUsed => "asks for the permission and has code that uses it",
        CapabilityStatus::RequestedNotFound => "asks for the permission, but no code using it was found",
        CapabilityStatus::UsedNotRequested => "code present, but the permission is not requested",
        CapabilityStatus::NoPermissionNeeded => "needs no permission",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(company: &str, country: Option<&str>) -> Recipient {
        Recipient { company: company.into(), country: country.map(str::to_string), trackers: vec![], domains: vec![] }
    }

    #[test]
    fn who_gets_the_data_in_one_sentence() {
        let list = [r("ByteDance", Some("CN")), r("Google", Some("US")), r("Meta", Some("US")), r("Somebody", None)];
        assert_eq!(
            recipients_sentence(&list).unwrap(),
            "Data may go to companies in: United States (Google, Meta), China (ByteDance), an unknown country (Somebody)."
        );
        assert_eq!(recipients_sentence(&[]), None);
    }
}
