//! The risk engine: from a report's generic parts to a grade a person can check.
//!
//! Every permission Android would give the app, every special access it declares, every finding, every
//! tracker, every capability its code shows, every company that may get its data (weighed by what the EU says
//! of data protection where the company is) and every sign of hidden code becomes an item with points (0–10)
//! in one risk category; the numbers and words come from `data/risk_model.tsv` (see `model`). A category's
//! score is its heaviest item plus a share (the table's `spread`) of each other item, capped at 10. Categories
//! sit on one of two axes: what the app can reach, and who else gets the data. The grade is the first of A–F
//! whose three limits the app stays within: the sum of all category scores, the highest category score and the
//! sum of the "who else gets it" categories; an item the table names as decisive (`floor`) sets a grade the
//! app cannot be better than. Limitations and malformed parts lower the confidence, never the grade.
//!
//! Only generic fields are read (`category`, `weight`, `severity`, tracker `categories`, `company`,
//! `country`), so new sources (code evidence, iOS) feed the grade by filling those fields; a category
//! written by name ("Camera") is placed through the table's `alias` rows.

pub mod model;

use serde::{Deserialize, Serialize};

use super::knowledge::catalogue::{categories, category, Category};
use super::present::with_article;
use super::report::{AdequacyLevel, CapabilityStatus, Grant, PermissionSource, PermissionStatus, Recipient, Report, Severity};
use model::{country_name, lookup, lookup_exact, lookup_ignore_case, rule, spread_permille};

/// The grade and everything behind it (`report.risk`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Risk {
    /// Version of `data/risk_model.tsv` that produced it: grades of different versions are not comparable.
    pub model_version: u32,
    /// `A` (very low risk) to `F` (severe); `?` when the package could not be read far enough to grade it.
    pub grade: String,
    /// The grade in words, e.g. `High risk`.
    pub label: String,
    /// One sentence: the grade's meaning for a person.
    pub verdict: String,
    /// Why the grade is this one and not the one above: which limit the app crossed.
    pub reason: String,
    /// The top concerns in one sentence for a non-engineer, e.g. `Can read your text messages and has code
    /// from 2 advertising companies.`
    pub summary: String,
    /// Sum of all category scores (0–160).
    pub total: f64,
    /// The highest category score (0–10).
    pub worst: f64,
    /// Sum of the scores of the categories on the "what it can reach" axis (permissions, special access,
    /// the code's capabilities, findings); 0 in reports of model 1.
    #[serde(default)]
    pub reach: f64,
    /// Sum of the scores of the categories on the "who else gets it" axis (trackers, the companies that may
    /// get the data and where they are); 0 in reports of model 1.
    #[serde(default)]
    pub sharing: f64,
    /// The grade each axis alone would get, "what it can reach" first, then "who else gets it"; empty in
    /// reports of model 1. The grade itself is at least as bad as both (and can be worse: both add up).
    #[serde(default)]
    pub axes: Vec<Axis>,
    /// Up to three concerns, most serious first, from different categories.
    pub concerns: Vec<Concern>,
    /// Every category of `data/risk_categories.tsv`, in its order, with its level and the items behind it.
    pub categories: Vec<CategoryRisk>,
    /// Items whose category AppLens could not place: listed, not counted (they lower the confidence).
    pub unplaced: Vec<Contribution>,
    pub confidence: Confidence,
}

/// One of the grade's two axes, graded alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Axis {
    /// `reach` or `sharing`.
    pub id: String,
    /// `What it can reach` or `Who else gets it`.
    pub name: String,
    /// The grade the axis alone gets (`A`–`F`).
    pub grade: String,
    /// The sum of its categories' scores.
    pub score: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategoryRisk {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `none`, `low`, `medium`, `high` or `very_high`.
    pub level: String,
    /// The level in words, e.g. `Very high`.
    pub level_name: String,
    /// 0–10: the heaviest item in full plus a share of each other one, capped at 10.
    pub score: f64,
    /// What produced the score, heaviest first.
    pub items: Vec<Contribution>,
}

/// One thing that counts towards the grade, with where it is in the report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// `permission`, `special_access`, `finding`, `tracker`, `capability`, `recipient` or `hidden_code`: the
    /// report list it comes from (`hidden_code`: `code.hidden`).
    pub source: String,
    /// Its key in that list: the permission name, the special access's component (or permission), the
    /// finding id, the tracker name, the capability id, the company, or the kind of hidden code.
    pub id: String,
    /// Plain words, e.g. `Can read your text messages`.
    pub text: String,
    /// Its points, 0–10 (permission weight, finding severity, tracker kind).
    pub points: f64,
    /// What it adds to its category's score: all its points for the heaviest, a share for the others.
    pub counted: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Concern {
    /// The category id.
    pub category: String,
    pub text: String,
    /// The `id`s of the items it speaks of.
    pub items: Vec<String>,
}

/// How far the grade can be trusted: limitations lower it, the grade stays.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Confidence {
    /// `high`, `medium` or `low`.
    pub level: String,
    pub words: String,
    /// What lowered it, each with its penalty; empty when nothing did.
    pub reasons: Vec<ConfidenceReason>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConfidenceReason {
    /// The limitation's id, or `warnings` / `unplaced`.
    pub id: String,
    /// What was not examined (the limitation's own words).
    pub message: String,
    /// What that means for the grade.
    pub effect: String,
    pub penalty: f64,
}

/// An item while the grade is worked out: points in tenths.
struct Item {
    category: Option<&'static Category>,
    source: &'static str,
    id: String,
    text: String,
    points: u32,
    /// For trackers: the company and its country code, for the concern sentence.
    company: Option<(String, Option<String>)>,
    /// For trackers: the kind in words ("advertising").
    kind: &'static str,
}

/// Works out the grade of a report. Pure: the same report always gets the same risk.
pub fn assess(report: &Report) -> Risk {
    let mut items = Vec::new();
    permission_items(report, &mut items);
    special_access_items(report, &mut items);
    finding_items(report, &mut items);
    tracker_items(report, &mut items);
    capability_items(report, &mut items);
    recipient_items(report, &mut items);
    hidden_code_items(report, &mut items);

    let spread = spread_permille();
    let mut scored: Vec<(CategoryRisk, u32, Vec<&Item>)> = Vec::new();
    for c in categories() {
        let mut mine: Vec<&Item> = items.iter().filter(|i| i.category.is_some_and(|k| k.id == c.id)).collect();
        // Heaviest first; a stable sort keeps the report's order among equals.
        mine.sort_by_key(|i| std::cmp::Reverse(i.points));
        let mut sum = 0u32;
        let contributions = mine
            .iter()
            .enumerate()
            .map(|(n, i)| {
                let counted = if n == 0 { i.points } else { share(i.points, spread) };
                sum = sum.saturating_add(counted);
                contribution(i, counted)
            })
            .collect();
        let score = sum.min(100);
        let level = level_of(score);
        scored.push((
            CategoryRisk {
                id: c.id.into(),
                name: c.name.into(),
                description: c.description.into(),
                level: level.key.into(),
                level_name: level.words.into(),
                score: tenths(score),
                items: contributions,
            },
            score,
            mine,
        ));
    }
    let total: u32 = scored.iter().map(|(_, s, _)| *s).sum();
    let sharing: u32 = scored.iter().filter(|(c, _, _)| model::on_sharing_axis(&c.id)).map(|(_, s, _)| *s).sum();
    let worst = scored.iter().max_by_key(|(_, s, _)| *s);
    let worst_score = worst.map_or(0, |(_, s, _)| *s);

    let grades: Vec<&model::Row> = rule("grade").collect();
    let within = |g: &model::Row| total <= g.points && worst_score <= g.limit && sharing <= model::sharing_limit(g.key);
    let by_limits = grades.iter().position(|g| within(g)).unwrap_or(grades.len().saturating_sub(1));
    // A decisive item: the grade is at least the one the table names for it.
    let floor = items
        .iter()
        .filter(|i| i.category.is_some())
        .filter_map(|i| lookup_exact("floor", i.source).map(|r| (i, grades.iter().position(|g| g.key == r.words).unwrap_or(0))))
        .max_by_key(|(_, p)| *p);
    let position = by_limits.max(floor.map_or(0, |(_, p)| p));
    let reach_total = total.saturating_sub(sharing);
    let reach_worst = scored.iter().filter(|(c, _, _)| !model::on_sharing_axis(&c.id)).map(|(_, s, _)| *s).max().unwrap_or(0);
    let last = grades.len().saturating_sub(1);
    let reach_position =
        grades.iter().position(|g| reach_total <= g.points && reach_worst <= g.limit).unwrap_or(last).max(floor.map_or(0, |(_, p)| p));
    let sharing_position = grades.iter().position(|g| sharing <= model::sharing_limit(g.key)).unwrap_or(last);
    let (grade_letter, verdict, reason) = if withheld(report) {
        let words = lookup("withhold", "*").map_or("No grade.", |r| r.words);
        ("?", words, "No grade: the package could not be read far enough to know what the app asks for.".to_string())
    } else {
        let grade = grades.get(position).copied();
        let reason = match floor {
            Some((item, p)) if p == position && p > by_limits => floor_reason(grade.map_or("?", |g| g.key), item),
            _ => grade_reason(&grades, position, total, sharing, worst.map(|(c, s, _)| (c.name.as_str(), *s))),
        };
        (grade.map_or("?", |g| g.key), grade.map_or("", |g| g.words), reason)
    };
    let label = verdict.split_once(": ").map_or(verdict, |(l, _)| l);

    let concerns = concerns(&scored);
    let summary = summary_sentence(&concerns);
    let unplaced: Vec<Contribution> = items.iter().filter(|i| i.category.is_none()).map(|i| contribution(i, 0)).collect();
    let confidence = confidence(report, unplaced.len());

    Risk {
        model_version: model::version(),
        grade: grade_letter.into(),
        label: label.into(),
        verdict: verdict.into(),
        reason,
        summary,
        total: tenths(total),
        worst: tenths(worst_score),
        reach: tenths(reach_total),
        sharing: tenths(sharing),
        axes: if withheld(report) {
            Vec::new()
        } else {
            vec![
                axis("reach", "What it can reach", &grades, reach_position, reach_total),
                axis("sharing", "Who else gets it", &grades, sharing_position, sharing),
            ]
        },
        concerns,
        categories: scored.into_iter().map(|(c, _, _)| c).collect(),
        unplaced,
        confidence,
    }
}

fn axis(id: &str, name: &str, grades: &[&model::Row], position: usize, score: u32) -> Axis {
    Axis {
        id: id.into(),
        name: name.into(),
        grade: grades.get(position).map_or("?", |g| g.key).into(),
        score: tenths(score),
    }
}

/// No letter when what the app asks for is unknown: a limitation the table names (an encrypted package), or
/// a manifest so unreadable that not even the app's identity is known.
fn withheld(report: &Report) -> bool {
    let listed = report.limitations.iter().any(|l| rule("withhold").any(|r| r.key == l.id));
    let unreadable = report.app.id.is_none() && report.limitations.iter().any(|l| l.id == "android.manifest");
    listed || unreadable
}

fn contribution(i: &Item, counted: u32) -> Contribution {
    Contribution { source: i.source.into(), id: i.id.clone(), text: i.text.clone(), points: tenths(i.points), counted: tenths(counted) }
}

/// `points` × `permille` / 1000, rounded to the nearest tenth.
fn share(points: u32, permille: u32) -> u32 {
    points.saturating_mul(permille).saturating_add(500) / 1000
}

fn tenths(t: u32) -> f64 {
    f64::from(t) / 10.0
}

/// `89` → `8.9`, `80` → `8`.
pub fn format_tenths(t: u32) -> String {
    if t.is_multiple_of(10) {
        format!("{}", t / 10)
    } else {
        format!("{}.{}", t / 10, t % 10)
    }
}

fn level_of(score: u32) -> &'static model::Row {
    static NONE: model::Row = model::Row { rule: "level", key: "none", category: "", points: 0, limit: 0, words: "None" };
    if score == 0 {
        return rule("level").find(|r| r.key == "none").unwrap_or(&NONE);
    }
    rule("level").filter(|r| r.key != "none" && r.points <= score).last().unwrap_or(&NONE)
}

/// A category id or name from the report, placed in one of ours: the id itself, an alias row (with the
/// weight it gives a permission that has none), or a category's display name.
fn resolve(text: &str) -> Option<(&'static Category, Option<u32>)> {
    if let Some(c) = category(text) {
        return Some((c, None));
    }
    if let Some(row) = lookup_ignore_case("alias", text) {
        return category(row.category).map(|c| (c, Some(row.points)));
    }
    categories().iter().find(|c| c.name.eq_ignore_ascii_case(text.trim())).map(|c| (c, None))
}

/// `can read your text messages` → `Can read your text messages`. ASCII only: the sentences are AppLens's own
/// English, and Unicode case tables would cost the worker tens of kilobytes.
fn capitalize(text: &str) -> String {
    let mut out = text.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// `Has code…` → `has code…`, but `SMS…` stays (ASCII only, as `capitalize`).
fn lower_first(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = text.to_string();
    if bytes.first().is_some_and(u8::is_ascii_uppercase) && bytes.get(1).is_some_and(u8::is_ascii_lowercase) {
        if let Some(first) = out.get_mut(..1) {
            first.make_ascii_lowercase();
        }
    }
    out
}

fn permission_items(report: &Report, items: &mut Vec<Item>) {
    for p in &report.permissions {
        // Requests current Android ignores, definitions of the app's own, names nobody defines and
        // permissions only the phone's own apps get give this app nothing.
        let ignored = matches!(p.status, PermissionStatus::NotAppliedOnCurrentAndroid | PermissionStatus::Custom | PermissionStatus::Unknown)
            || p.grant == Some(Grant::SystemOnly);
        if ignored {
            continue;
        }
        let placed = p.category.as_deref().and_then(resolve);
        let dangerous = p.defined_by == PermissionSource::Platform && p.protection_level.as_deref().is_some_and(|l| l.starts_with("dangerous"));
        let named_category = p.category.as_deref().is_some_and(|c| !c.trim().is_empty());
        let points = match (p.weight, placed) {
            (Some(w), _) => u32::from(w.min(10)) * 10,
            (None, Some((_, Some(default)))) => default,
            (None, Some(_)) => 30,
            // Neither weighed nor placed: Android itself calls most such permissions harmless ("normal"), so
            // those are left out; one Android asks about, or one given a category AppLens cannot place, is
            // listed as unplaced and lowers the confidence.
            (None, None) if dangerous => 50,
            (None, None) if named_category => 30,
            (None, None) => continue,
        };
        if points == 0 {
            continue;
        }
        let text = match &p.meaning {
            Some(m) if !m.trim().is_empty() => capitalize(m.trim()),
            _ => format!("Asks for {}", p.name.strip_prefix("android.permission.").unwrap_or(&p.name)),
        };
        items.push(Item { category: placed.map(|(c, _)| c), source: "permission", id: p.name.clone(), text, points, company: None, kind: "" });
    }
}

fn special_access_items(report: &Report, items: &mut Vec<Item>) {
    // A special-access *permission* is also in `permissions` and counts there; a component (an
    // accessibility service, a VPN…) is only here.
    for s in report.special_access.iter().filter(|s| s.source != "permission") {
        let placed = resolve(&s.category);
        let points = u32::from(s.weight.min(10)) * 10;
        if points == 0 {
            continue;
        }
        items.push(Item {
            category: placed.map(|(c, _)| c),
            source: "special_access",
            id: s.component.clone().unwrap_or_else(|| s.permission.clone()),
            text: capitalize(s.meaning.trim()),
            points,
            company: None,
            kind: "",
        });
    }
}

fn finding_items(report: &Report, items: &mut Vec<Item>) {
    for f in &report.findings {
        let severity = match f.severity {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        };
        let own = rule("finding").find(|r| r.key == f.id);
        let points = own.or_else(|| lookup("severity", severity)).map_or(0, |r| r.points);
        if points == 0 {
            continue;
        }
        let category_text = own.map(|r| r.category).filter(|c| !c.is_empty()).unwrap_or(&f.category);
        items.push(Item {
            category: resolve(category_text).map(|(c, _)| c),
            source: "finding",
            id: f.id.clone(),
            text: f.title.trim().trim_end_matches('.').to_string(),
            points,
            company: None,
            kind: "",
        });
    }
}

/// A tracker counts by its heaviest kind.
fn tracker_items(report: &Report, items: &mut Vec<Item>) {
    for t in &report.trackers {
        let kinds = t.categories.iter().filter_map(|k| rule("tracker").find(|r| r.key.eq_ignore_ascii_case(k.trim())));
        let Some(row) = kinds.max_by_key(|r| r.points).or_else(|| lookup("tracker", "*")) else { continue };
        let company = t.company.trim();
        let country = t.country.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        let by = if company.is_empty() { String::new() } else { format!(" by {company}{}", based_in(country.as_deref())) };
        items.push(Item {
            category: category(row.category),
            source: "tracker",
            id: t.name.clone(),
            text: format!("Contains {} ({} code{by})", t.name.trim(), row.words),
            points: row.points,
            company: (!company.is_empty()).then(|| (company.to_string(), country.clone())),
            kind: row.words,
        });
    }
}

/// Each company that may get the data counts once, by what the EU says of data protection where it is
/// (`recipient` rows keyed `eea`, `yes`, `partial`, `no`, `unknown`): a company in a country without an EU
/// adequacy decision weighs more.
fn recipient_items(report: &Report, items: &mut Vec<Item>) {
    let recipients = &report.recipients;
    for r in recipients {
        let key = match r.adequacy.eu {
            Some(AdequacyLevel::Eea) => "eea",
            Some(AdequacyLevel::Yes | AdequacyLevel::Domestic) => "yes",
            Some(AdequacyLevel::Partial) => "partial",
            Some(AdequacyLevel::No) => "no",
            None => "unknown",
        };
        let Some(row) = lookup("recipient", key) else { continue };
        if row.points == 0 {
            continue;
        }
        items.push(Item {
            category: category(row.category),
            source: "recipient",
            id: r.company.clone(),
            text: recipient_text(r),
            points: row.points,
            company: None,
            kind: "",
        });
    }
}

/// "May send data to ByteDance, based in China; the EU does not recognise data protection there as adequate":
/// the EU's answer only, in one clause (the page's recipient list says both the EU's and the UK's in full;
/// the full sentences would cost the worker several kilobytes).
fn recipient_text(r: &Recipient) -> String {
    let facts = match r.adequacy.eu {
        Some(AdequacyLevel::Eea) => ", where the GDPR applies",
        Some(AdequacyLevel::Yes | AdequacyLevel::Domestic) => "; the EU recognises data protection there as adequate",
        Some(AdequacyLevel::Partial) => "; the EU recognises data protection there as adequate only for some companies",
        Some(AdequacyLevel::No) => "; the EU does not recognise data protection there as adequate",
        None => "",
    };
    format!("May send data to {}{}{facts}", r.company.trim(), based_in(r.country.as_deref()))
}

/// What the code can do counts in its category: in full when Android would allow it (the permission is
/// requested, or none is needed), at the table's lower `limit` when the permission it needs is not requested
/// (Android refuses the call; the code may be a library's unused path). A capability seen only in the manifest
/// (`requested_not_found`) adds nothing: the permission itself already counts.
fn capability_items(report: &Report, items: &mut Vec<Item>) {
    for c in &report.capabilities {
        let Some(row) = rule("capability").find(|r| r.key == c.id) else { continue };
        let (points, note) = match c.status {
            CapabilityStatus::RequestedAndUsed | CapabilityStatus::NoPermissionNeeded => (row.points, "found in its code"),
            CapabilityStatus::UsedNotRequested => (row.limit, "in its code, but the permission it needs is not requested"),
            CapabilityStatus::RequestedNotFound => continue,
        };
        if points == 0 {
            continue;
        }
        items.push(Item {
            category: category(row.category),
            source: "capability",
            id: c.id.clone(),
            text: format!("{} ({note})", c.title.trim().trim_end_matches('.')),
            points,
            company: None,
            kind: "",
        });
    }
}

/// Signs that the app's real code is hidden (`code.hidden`) count when no known protector explains them: a
/// recognised commercial packer (`packers`) hides code from AppLens, not necessarily from reviewers, and only
/// lowers the confidence.
fn hidden_code_items(report: &Report, items: &mut Vec<Item>) {
    if !report.packers.is_empty() {
        return;
    }
    let Some(code) = &report.code else { return };
    for h in &code.hidden {
        let Some(row) = rule("hidden").find(|r| r.key == h.kind) else { continue };
        if row.points == 0 {
            continue;
        }
        items.push(Item {
            category: category(row.category),
            source: "hidden_code",
            id: h.kind.clone(),
            text: row.words.to_string(),
            points: row.points,
            company: None,
            kind: "",
        });
    }
}

/// `, based in the United States`; empty when the country is unknown.
fn based_in(code: Option<&str>) -> String {
    code.and_then(country_name).map_or_else(String::new, |name| format!(", based in {}", with_article(name)))
}

fn count_words(n: usize) -> String {
    match n {
        1 => "one".into(),
        2 => "two".into(),
        3 => "three".into(),
        n => n.to_string(),
    }
}

fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "Has code from 4 advertising companies: three based in the United States and one in China".
fn tracker_concern(trackers: &[&Item]) -> String {
    // The kinds, heaviest first: "advertising", "advertising and analytics", "advertising, analytics and other tracking".
    let mut kinds: Vec<&str> = Vec::new();
    for t in trackers {
        if !kinds.contains(&t.kind) {
            kinds.push(t.kind);
        }
    }
    let kind = match kinds.as_slice() {
        [] => "tracking".to_string(),
        [one] => (*one).to_string(),
        [a, b] => format!("{a} and {b}"),
        [a, b, ..] => format!("{a}, {b} and other tracking"),
    };
    let mut companies: Vec<(&str, Option<&str>)> = Vec::new();
    for t in trackers {
        let (name, country) = match &t.company {
            Some((c, country)) => (c.as_str(), country.as_deref()),
            None => (t.id.as_str(), None),
        };
        if !companies.iter().any(|(c, _)| *c == name) {
            companies.push((name, country));
        }
    }
    let n = companies.len();
    let noun = if n == 1 { "company" } else { "companies" };
    let mut text = format!("Has code from {} {kind} {noun}", if n == 1 { "one".to_string() } else { n.to_string() });
    let mut by_country: Vec<(&str, usize)> = Vec::new();
    for name in companies.iter().filter_map(|(_, c)| c.and_then(country_name)) {
        match by_country.iter_mut().find(|(c, _)| *c == name) {
            Some(entry) => entry.1 += 1,
            None => by_country.push((name, 1)),
        }
    }
    by_country.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let known: usize = by_country.iter().map(|(_, k)| k).sum();
    match by_country.as_slice() {
        [] => {}
        [(country, _)] if n == 1 => text.push_str(&format!(", based in {}", with_article(country))),
        [(country, k)] if *k == n => text.push_str(&format!(", all based in {}", with_article(country))),
        groups => {
            let parts: Vec<String> = groups
                .iter()
                .enumerate()
                .map(|(i, (country, k))| format!("{}{} in {}", count_words(*k), if i == 0 { " based" } else { "" }, with_article(country)))
                .collect();
            text.push_str(&format!(": {}", join_and(&parts)));
            if known < n {
                text.push_str(&format!(" ({} unknown)", count_words(n - known)));
            }
        }
    }
    text
}

/// The categories of at least the `medium` level, most serious first (ties in table order), each said
/// in one sentence: its heaviest item, or for trackers who is behind them.
fn concerns(scored: &[(CategoryRisk, u32, Vec<&Item>)]) -> Vec<Concern> {
    let threshold = rule("level").find(|r| r.key == "medium").map_or(30, |r| r.points);
    let mut order: Vec<&(CategoryRisk, u32, Vec<&Item>)> = scored.iter().filter(|(_, s, _)| *s >= threshold).collect();
    order.sort_by_key(|(_, s, _)| std::cmp::Reverse(*s));
    let mut out: Vec<Concern> = Vec::new();
    let mut spoke_of_trackers = false;
    for (c, _, items) in order {
        if out.len() == 3 {
            break;
        }
        let trackers: Vec<&Item> = items.iter().copied().filter(|i| i.source == "tracker").collect();
        let recipients = items.iter().filter(|i| i.source == "recipient").count();
        let Some(top) = items.first() else { continue };
        let concern = if top.source == "tracker" || (recipients > 0 && top.source == "recipient") {
            if spoke_of_trackers {
                continue;
            }
            spoke_of_trackers = true;
            let all_trackers: Vec<&Item> = scored.iter().flat_map(|(_, _, i)| i.iter().copied()).filter(|i| i.source == "tracker").collect();
            Concern {
                category: c.id.clone(),
                text: tracker_concern(if trackers.is_empty() { &all_trackers } else { &trackers }),
                items: all_trackers.iter().map(|i| i.id.clone()).collect(),
            }
        } else {
            Concern { category: c.id.clone(), text: top.text.clone(), items: vec![top.id.clone()] }
        };
        out.push(concern);
    }
    out
}

fn summary_sentence(concerns: &[Concern]) -> String {
    let clean = |t: &str| t.trim().trim_end_matches('.').to_string();
    match concerns {
        [] => "Nothing in the parts AppLens examined reaches sensitive data.".into(),
        [one] => format!("{}.", clean(&one.text)),
        [first, second, ..] => format!("{} and {}.", clean(&first.text), lower_first(&clean(&second.text))),
    }
}

/// "Grade F because its code is hidden …: an app that does so is graded F whatever else it does."
fn floor_reason(grade: &str, item: &Item) -> String {
    format!("Grade {grade} because of one finding, whatever else the app does: {}.", lower_first(item.text.trim().trim_end_matches('.')))
}

fn grade_reason(grades: &[&model::Row], position: usize, total: u32, sharing: u32, worst: Option<(&str, u32)>) -> String {
    let (worst_name, worst_score) = worst.unwrap_or(("none", 0));
    let Some(grade) = grades.get(position) else { return String::new() };
    let all = format!("all categories together score {}", format_tenths(total));
    let highest = format!("the highest, {worst_name}, scores {}", format_tenths(worst_score));
    let Some(better) = position.checked_sub(1).and_then(|p| grades.get(p)) else {
        return format!(
            "Grade {}: {all} (grade {} allows up to {}) and {highest} (up to {}).",
            grade.key,
            grade.key,
            format_tenths(grade.points),
            format_tenths(grade.limit)
        );
    };
    let mut why = Vec::new();
    if total > better.points {
        why.push(format!("{all}, more than the {} grade {} allows", format_tenths(better.points), better.key));
    }
    let sharing_limit = model::sharing_limit(better.key);
    if sharing > sharing_limit {
        why.push(format!(
            "who else gets the data (trackers and the companies behind them) scores {}, more than the {} grade {} allows",
            format_tenths(sharing),
            format_tenths(sharing_limit),
            better.key
        ));
    }
    if worst_score > better.limit {
        why.push(format!(
            "its highest category, {worst_name}, scores {}, more than the {} grade {} allows",
            format_tenths(worst_score),
            format_tenths(better.limit),
            better.key
        ));
    }
    format!("Grade {} and not {} because {}.", grade.key, better.key, why.join(", and "))
}

fn confidence(report: &Report, unplaced: usize) -> Confidence {
    let mut reasons = Vec::new();
    for l in &report.limitations {
        let Some(row) = lookup("limitation", &l.id) else { continue };
        if row.points == 0 || reasons.iter().any(|r: &(ConfidenceReason, u32)| r.0.id == l.id) {
            continue;
        }
        reasons.push((
            ConfidenceReason { id: l.id.clone(), message: l.message.clone(), effect: row.words.into(), penalty: tenths(row.points) },
            row.points,
        ));
    }
    let mut capped = |rule_name: &'static str, id: &str, count: usize, message: String| {
        let Some(row) = lookup(rule_name, "*") else { return };
        let n = u32::try_from(count).unwrap_or(u32::MAX);
        let penalty = row.points.saturating_mul(n).min(row.limit);
        if penalty > 0 {
            reasons.push((ConfidenceReason { id: id.into(), message, effect: row.words.into(), penalty: tenths(penalty) }, penalty));
        }
    };
    let warnings = report.warnings.len();
    capped("warning", "warnings", warnings, format!("{warnings} malformed part{} of the package {} skipped.", if warnings == 1 { "" } else { "s" }, if warnings == 1 { "was" } else { "were" }));
    capped(
        "unplaced",
        "unplaced",
        unplaced,
        format!("{unplaced} item{} could not be placed in a risk category.", if unplaced == 1 { "" } else { "s" }),
    );
    let penalty: u32 = reasons.iter().map(|(_, p)| *p).sum();
    let level = rule("confidence").find(|r| penalty <= r.points).or_else(|| rule("confidence").last());
    Confidence {
        level: level.map_or("low", |r| r.key).into(),
        words: level.map_or("", |r| r.words).into(),
        reasons: reasons.into_iter().map(|(r, _)| r).collect(),
    }
}

#[cfg(test)]
mod tests;
