//! The risk model as data: `data/risk_model.tsv` (the numbers and words of the grade) and
//! `data/countries.tsv` (country names for the ISO codes trackers carry), loaded once.
//!
//! Points are kept in tenths (`u32`): sums are exact, so every tenth of a grade can be traced to an item.

use std::sync::OnceLock;

use crate::analysis::knowledge::tsv_rows;

const MODEL: &str = include_str!("../../../data/risk_model.tsv");
const COUNTRIES: &str = include_str!("../../../data/countries.tsv");

/// One row of the table: `rule, key, category, points, limit, words`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub rule: &'static str,
    pub key: &'static str,
    pub category: &'static str,
    /// Tenths (a share, for `spread`, in thousandths).
    pub points: u32,
    /// Tenths; 0 when the column is empty.
    pub limit: u32,
    pub words: &'static str,
}

/// `"8.5"` → 85 tenths, `"0.2"` with `scale` 1000 → 200. Non-negative decimals only; `None` otherwise.
pub fn parse_scaled(text: &str, scale: u32) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let whole: u32 = whole.parse().ok()?;
    let mut value = whole.checked_mul(scale)?;
    let mut unit = scale;
    for c in frac.chars() {
        let digit = c.to_digit(10)?;
        unit /= 10;
        if unit == 0 {
            break;
        }
        value = value.checked_add(digit.checked_mul(unit)?)?;
    }
    Some(value)
}

pub fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        tsv_rows(MODEL, "rule")
            .filter_map(|r| {
                let rule = *r.first()?;
                let scale = if rule == "spread" { 1000 } else { 10 };
                Some(Row {
                    rule,
                    key: r.get(1)?,
                    category: r.get(2)?,
                    points: parse_scaled(r.get(3)?, scale)?,
                    limit: parse_scaled(r.get(4)?, 10)?,
                    words: r.get(5).copied().unwrap_or_default(),
                })
            })
            .collect()
    })
}

/// The rows of one rule, in table order.
pub fn rule(name: &'static str) -> impl Iterator<Item = &'static Row> {
    rows().iter().filter(move |r| r.rule == name)
}

/// The row `rule`/`key` (exact key), else the rule's `*` row.
pub fn lookup(rule_name: &'static str, key: &str) -> Option<&'static Row> {
    rule(rule_name).find(|r| r.key == key).or_else(|| rule(rule_name).find(|r| r.key == "*"))
}

/// The row `rule`/`key`, exact key only.
pub fn lookup_exact(rule_name: &'static str, key: &str) -> Option<&'static Row> {
    rule(rule_name).find(|r| r.key == key)
}

/// Whether a category counts on the "who else gets it" axis (an `axis` row with words `sharing`); every other
/// category is on the "what it can reach" axis.
pub fn on_sharing_axis(category: &str) -> bool {
    rule("axis").any(|r| r.key == category && r.words == "sharing")
}

/// The most the "who else gets it" categories may add up to (tenths) for `grade`: its `sharing` row, or no
/// limit when the table has none.
pub fn sharing_limit(grade: &str) -> u32 {
    lookup_exact("sharing", grade).map_or(u32::MAX, |r| r.points)
}

/// The row of `rule` whose key equals `key` ignoring ASCII case (aliases are written as people write them).
pub fn lookup_ignore_case(rule_name: &'static str, key: &str) -> Option<&'static Row> {
    rule(rule_name).find(|r| r.key.eq_ignore_ascii_case(key.trim()))
}

pub fn version() -> u32 {
    rule("model").find(|r| r.key == "version").map_or(0, |r| r.points / 10)
}

/// Thousandths of its points that each item after a category's heaviest adds.
pub fn spread_permille() -> u32 {
    rule("spread").find(|r| r.key == "category").map_or(0, |r| r.points.min(1000))
}

/// The country's name as people say it in English, for an ISO 3166-1 alpha-2 code.
pub fn country_name(code: &str) -> Option<&'static str> {
    static ROWS: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    let rows = ROWS.get_or_init(|| tsv_rows(COUNTRIES, "code").filter_map(|r| Some((*r.first()?, *r.get(1)?))).collect());
    rows.iter().find(|(c, _)| c.eq_ignore_ascii_case(code.trim())).map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::knowledge::catalogue::category;

    #[test]
    fn decimals_become_tenths() {
        assert_eq!(parse_scaled("8.5", 10), Some(85));
        assert_eq!(parse_scaled("3", 10), Some(30));
        assert_eq!(parse_scaled("0.2", 1000), Some(200));
        assert_eq!(parse_scaled("", 10), Some(0));
        assert_eq!(parse_scaled("-1", 10), None);
        assert_eq!(parse_scaled("x", 10), None);
    }

    #[test]
    fn table_is_well_formed() {
        let raw = tsv_rows(MODEL, "rule").count();
        assert_eq!(rows().len(), raw, "a row of data/risk_model.tsv failed to parse");
        for r in tsv_rows(MODEL, "rule") {
            assert_eq!(r.len(), 6, "{r:?}: six columns expected");
        }
        let known = [
            "model", "spread", "severity", "finding", "tracker", "recipient", "capability", "hidden", "packer", "floor", "axis", "sharing", "alias", "level",
            "grade", "confidence", "limitation", "warning", "unplaced", "withhold",
        ];
        for r in rows() {
            assert!(known.contains(&r.rule), "unknown rule {}", r.rule);
            if !r.category.is_empty() {
                assert!(category(r.category).is_some(), "{} {}: unknown category {}", r.rule, r.key, r.category);
            }
            if matches!(r.rule, "severity" | "finding" | "tracker" | "recipient" | "capability" | "hidden" | "packer" | "alias") {
                assert!(r.points <= 100, "{} {}: points above 10", r.rule, r.key);
            }
            if matches!(r.rule, "capability" | "hidden" | "packer" | "recipient") {
                assert!(!r.category.is_empty(), "{} {}: a category is needed", r.rule, r.key);
            }
            if r.rule == "floor" {
                assert!(rule("grade").any(|g| g.key == r.words), "floor {}: words must name a grade", r.key);
            }
            if r.rule == "axis" {
                assert!(category(r.key).is_some() && matches!(r.words, "reach" | "sharing"), "axis {}: a category and reach or sharing", r.key);
            }
            if r.rule == "sharing" {
                assert!(rule("grade").any(|g| g.key == r.key), "sharing {}: not a grade", r.key);
            }
            if r.rule == "capability" {
                assert!(r.limit <= r.points, "capability {}: points without the permission cannot exceed points with it", r.key);
            }
        }
        for rule_name in ["severity", "tracker", "recipient", "capability", "hidden", "axis", "sharing", "alias", "level", "grade", "confidence", "limitation"] {
            let keys: Vec<&str> = rule(rule_name).map(|r| r.key).collect();
            let mut unique = keys.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "{rule_name}: duplicate keys");
        }
        assert!(version() >= 1);
        assert!(spread_permille() > 0 && spread_permille() < 1000);
        for s in ["info", "low", "medium", "high"] {
            assert!(lookup("severity", s).is_some(), "severity {s} missing");
        }
        assert!(lookup("tracker", "*").is_some() && lookup("limitation", "*").is_some());
    }

    #[test]
    fn ladders_rise() {
        // Levels from low to high, grades and confidence from best to worst: each step must ask more.
        for rule_name in ["level", "grade", "confidence"] {
            let steps: Vec<(u32, u32)> = rule(rule_name).map(|r| (r.points, r.limit)).collect();
            assert!(steps.len() >= 3, "{rule_name}");
            assert!(steps.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1), "{rule_name} must rise: {steps:?}");
        }
        let last = rule("grade").last().unwrap();
        assert!(last.points >= 160 * 10 && last.limit >= 100, "the last grade must take every report");
        assert_eq!(rule("grade").map(|r| r.key).collect::<String>(), "ABCDEF");
        for g in rule("grade") {
            assert!(g.words.contains(": ") && g.words.ends_with('.'), "{}: verdict is 'Label: sentence.'", g.key);
        }
    }

    #[test]
    fn countries_have_names() {
        assert_eq!(country_name("CN"), Some("China"));
        assert_eq!(country_name("us"), Some("United States"));
        assert_eq!(country_name("XX"), None);
        let codes: Vec<&str> = tsv_rows(COUNTRIES, "code").map(|r| r[0]).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "data/countries.tsv must be sorted and unique");
    }
}
