//! What code can do: `data/capabilities.tsv` (capability → plain-language meaning → permissions) and
//! `data/capability_signatures.tsv` (the method, field, type and string references that reveal each one).

use std::sync::OnceLock;

use super::tsv::{field, rows};

const CAPABILITIES: &str = include_str!("../../../data/capabilities.tsv");
const SIGNATURES: &str = include_str!("../../../data/capability_signatures.tsv");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapabilityDef {
    pub id: &'static str,
    pub title: &'static str,
    pub meaning: &'static str,
    /// Any one of these permissions allows it; empty when none is needed.
    pub permissions: Vec<&'static str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureKind {
    Method,
    Field,
    Type,
    StringExact,
    StringPrefix,
    StringContains,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureDef {
    /// Index into `capabilities()`.
    pub capability: usize,
    pub group: &'static str,
    pub kind: SignatureKind,
    /// `Lclass;->member` for methods and fields, a descriptor for types, the text for strings.
    pub pattern: &'static str,
}

impl SignatureDef {
    /// (`Lclass;`, `member`) of a method or field signature.
    pub fn member(&self) -> Option<(&'static str, &'static str)> {
        self.pattern.split_once("->")
    }
}

pub fn capabilities() -> &'static [CapabilityDef] {
    static ROWS: OnceLock<Vec<CapabilityDef>> = OnceLock::new();
    ROWS.get_or_init(|| {
        rows(CAPABILITIES)
            .map(|r| CapabilityDef {
                id: field(&r, 0),
                title: field(&r, 1),
                meaning: field(&r, 2),
                permissions: field(&r, 3).split(',').filter(|p| !p.is_empty()).collect(),
            })
            .collect()
    })
}

pub fn signatures() -> &'static [SignatureDef] {
    static ROWS: OnceLock<Vec<SignatureDef>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let caps = capabilities();
        rows(SIGNATURES)
            .filter_map(|r| {
                let capability = caps.iter().position(|c| c.id == field(&r, 0))?;
                let kind = match field(&r, 2) {
                    "method" => SignatureKind::Method,
                    "field" => SignatureKind::Field,
                    "type" => SignatureKind::Type,
                    "string-exact" => SignatureKind::StringExact,
                    "string-prefix" => SignatureKind::StringPrefix,
                    "string-contains" => SignatureKind::StringContains,
                    _ => return None,
                };
                Some(SignatureDef { capability, group: field(&r, 1), kind, pattern: field(&r, 3) })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::super::permissions::platform_permission;
    use super::super::tsv::header;
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        assert_eq!(header(CAPABILITIES), ["id", "title", "meaning", "permissions"]);
        assert_eq!(header(SIGNATURES), ["capability", "group", "kind", "pattern"]);
        let ids: Vec<&str> = capabilities().iter().map(|c| c.id).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "capabilities.tsv must be sorted by id and unique");
        let raw: Vec<Vec<&str>> = rows(SIGNATURES).collect();
        assert_eq!(signatures().len(), raw.len(), "a signature names an unknown capability or kind");
        assert!(raw.windows(2).all(|w| w[0] < w[1]), "capability_signatures.tsv must be sorted and unique");
        for (i, c) in capabilities().iter().enumerate() {
            assert!(!c.title.is_empty() && c.meaning.ends_with('.'), "{c:?}");
            assert!(signatures().iter().any(|s| s.capability == i), "{}: no signature", c.id);
            for p in &c.permissions {
                assert!(platform_permission(p).is_some() || p.starts_with("com.google."), "{}: unknown permission {p}", c.id);
            }
        }
        for s in signatures() {
            match s.kind {
                SignatureKind::Method | SignatureKind::Field => {
                    let (class, member) = s.member().unwrap_or_else(|| panic!("{s:?}: needs Lclass;->member"));
                    assert!(class.starts_with('L') && class.ends_with(';') && !member.is_empty(), "{s:?}");
                }
                SignatureKind::Type => assert!(s.pattern.starts_with('L') && s.pattern.ends_with(';'), "{s:?}"),
                _ => assert!(!s.pattern.is_empty(), "{s:?}"),
            }
        }
    }
}
