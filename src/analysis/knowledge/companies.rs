//! Who runs a tracker or a domain, and where: `data/companies.tsv` (company → country, with the basis of
//! each country), `data/domain_owners.tsv` (domain → company) and `data/host_ignore.tsv` (hosts that are
//! not destinations). All hand-kept by AppLens; see each file's header for its sources.

use std::sync::OnceLock;

use super::tsv::{field, rows};

const COMPANIES: &str = include_str!("../../../data/companies.tsv");
const DOMAINS: &str = include_str!("../../../data/domain_owners.tsv");
const IGNORED: &str = include_str!("../../../data/host_ignore.tsv");
const COUNTRIES: &str = include_str!("../../../data/countries.tsv");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Company {
    pub name: &'static str,
    /// ISO 3166-1 alpha-2; `None` for open-source projects and companies AppLens cannot place.
    pub country: Option<&'static str>,
    /// `exodus:<id>`, `curated`, `open-source` or `unknown`.
    pub basis: &'static str,
}

/// Every company, sorted by name.
pub fn companies() -> &'static [Company] {
    static ROWS: OnceLock<Vec<Company>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut v: Vec<Company> = rows(COMPANIES)
            .map(|r| Company {
                name: field(&r, 0),
                country: Some(field(&r, 1)).filter(|c| !c.is_empty()),
                basis: field(&r, 2),
            })
            .collect();
        v.sort_by(|a, b| a.name.cmp(b.name));
        v
    })
}

pub fn company(name: &str) -> Option<&'static Company> {
    let all = companies();
    all.binary_search_by(|c| c.name.cmp(name)).ok().and_then(|i| all.get(i))
}

fn domain_table(text: &'static str) -> Vec<(&'static str, &'static str)> {
    let mut v: Vec<_> = rows(text).map(|r| (field(&r, 0), field(&r, 1))).collect();
    v.sort_unstable();
    v
}

fn domains() -> &'static [(&'static str, &'static str)] {
    static ROWS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    ROWS.get_or_init(|| domain_table(DOMAINS))
}

fn ignored() -> &'static [(&'static str, &'static str)] {
    static ROWS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    ROWS.get_or_init(|| domain_table(IGNORED))
}

/// The row of `table` whose domain is `host` or a parent of it (`a.b.example.com` → `example.com`).
fn lookup(table: &'static [(&'static str, &'static str)], host: &str) -> Option<(&'static str, &'static str)> {
    let mut rest = host;
    loop {
        if let Ok(i) = table.binary_search_by(|(d, _)| (*d).cmp(rest)) {
            return table.get(i).copied();
        }
        rest = rest.split_once('.')?.1;
    }
}

/// The company that runs `host` (lower-case), by the longest listed domain it belongs to.
pub fn domain_owner(host: &str) -> Option<&'static Company> {
    lookup(domains(), host).and_then(|(_, c)| company(c))
}

/// The English name of an ISO 3166-1 alpha-2 code used in the tables (`US` → `United States`).
pub fn country_name(code: &str) -> Option<&'static str> {
    rows(COUNTRIES).find(|r| field(r, 0) == code).map(|r| field(&r, 1))
}

/// Why `host` is not a destination (a namespace URI, an example, the device), if it is one of those.
pub fn ignored_host(host: &str) -> Option<&'static str> {
    lookup(ignored(), host).map(|(_, why)| why)
}

#[cfg(test)]
mod tests {
    use super::super::tsv::header;
    use super::*;

    #[test]
    fn companies_are_sorted_unique_and_placed() {
        assert_eq!(header(COMPANIES), ["company", "country", "basis"]);
        let names: Vec<&str> = rows(COMPANIES).map(|r| field(&r, 0)).collect();
        assert!(names.windows(2).all(|w| w[0] < w[1]), "companies.tsv must be sorted and unique");
        for c in companies() {
            assert!(c.country.is_none_or(|k| k.len() == 2 && k.bytes().all(|b| b.is_ascii_uppercase())), "{c:?}");
            assert!(
                matches!(c.basis, "curated" | "open-source" | "unknown") || c.basis.starts_with("exodus:"),
                "{c:?}"
            );
            assert_eq!(c.country.is_none(), matches!(c.basis, "open-source" | "unknown"), "{c:?}");
        }
        assert_eq!(company("Google").and_then(|c| c.country), Some("US"));
        assert_eq!(company("ByteDance").and_then(|c| c.country), Some("CN"));
    }

    #[test]
    fn every_country_in_use_has_a_name() {
        let codes: Vec<&str> = rows(COUNTRIES).map(|r| field(&r, 0)).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "countries.tsv must be sorted and unique");
        for c in companies() {
            if let Some(code) = c.country {
                assert!(country_name(code).is_some(), "{}: no name for {code} in countries.tsv", c.name);
            }
        }
        assert_eq!(country_name("KR"), Some("South Korea"));
    }

    #[test]
    fn domain_tables_are_sorted_and_name_known_companies() {
        for text in [DOMAINS, IGNORED] {
            let keys: Vec<&str> = rows(text).map(|r| field(&r, 0)).collect();
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "domain table must be sorted and unique");
        }
        for (domain, name) in domains() {
            assert!(company(name).is_some(), "{domain}: unknown company {name}");
        }
        assert_eq!(domain_owner("graph.facebook.com").map(|c| c.name), Some("Meta"));
        assert_eq!(domain_owner("facebook.com").map(|c| c.name), Some("Meta"));
        assert_eq!(domain_owner("notfacebook.com"), None);
        assert!(ignored_host("schemas.android.com").is_some());
        assert!(ignored_host("api.torchplus.example").is_none());
    }
}
