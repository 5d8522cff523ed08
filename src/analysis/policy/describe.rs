//! A policy's rules in short phrases with the policy's own values: `applens policy check` prints them so
//! whoever wrote the file can see what AppLens understood, and a SARIF file lists them as its policy rules.

use super::rules::category_words;
use super::{Policy, RuleSet};
use crate::analysis::i18n::{Catalog, Language};
use crate::analysis::knowledge::companies::country_name;
use crate::analysis::knowledge::policy::special_access_name;

/// Values shown per rule; a list of 2,000 app ids would drown the summary.
const SHOWN_VALUES: usize = 8;

/// One rule a policy sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSummary {
    /// As the verdict's reasons name it: `block.permissions`, `warn.min_target_sdk`, `allow.signers`;
    /// the grade a policy blocks on is `max_grade` (also when written as `block.max_grade`).
    pub rule: String,
    /// `block`, `warn` or `allow`.
    pub action: &'static str,
    /// What it matches, completing "This rule matches …": `apps that ask for android.permission.READ_SMS`.
    pub matches: String,
}

/// Every rule `policy` sets, block first, then warn, then allow, each in the order of `docs/policy.md`.
pub fn describe(policy: &Policy) -> Vec<RuleSummary> {
    describe_in(policy, &Catalog::empty(Language::En))
}

/// `describe` in the catalog's language: the values' lists joined in it ("oder", "ou"), the names of
/// countries, special access and tracker categories in it, then each phrase translated around its list
/// (`cli.tsv`'s rows keep `{l}` as it is). Ids, permission names and app ids stay as they are.
pub fn describe_in(policy: &Policy, c: &Catalog) -> Vec<RuleSummary> {
    let mut out = Vec::new();
    for (action, rules) in [("block", &policy.block), ("warn", &policy.warn)] {
        for (key, matches) in rule_set(rules, c) {
            let rule = if (action, key) == ("block", "max_grade") { key.to_string() } else { format!("{action}.{key}") };
            out.push(RuleSummary { rule, action, matches });
        }
    }
    if !policy.allow_signers.is_empty() {
        let matches = c.format("apps signed with the certificate {l}", &[("l", &list(&policy.allow_signers, Joiner::Or, c))]);
        out.push(RuleSummary { rule: "allow.signers".into(), action: "allow", matches });
    }
    if !policy.allow_apps.is_empty() {
        let apps: Vec<String> = policy
            .allow_apps
            .iter()
            .map(|a| match &a.signer {
                Some(signer) => c.format("{id} (signed with {signer})", &[("id", &a.id), ("signer", signer)]),
                None => a.id.clone(),
            })
            .collect();
        let matches = c.format("the apps {l}", &[("l", &list(&apps, Joiner::And, c))]);
        out.push(RuleSummary { rule: "allow.apps".into(), action: "allow", matches });
    }
    out
}

/// The keys a rule set uses, with what each matches. Each phrase is a row of `cli.tsv` filled by
/// `Catalog::format` (looked up as written, so a more general template of the report's cannot take it).
fn rule_set(r: &RuleSet, c: &Catalog) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut add = |key: &'static str, phrase: Option<(&str, String)>| {
        if let Some((template, value)) = phrase {
            // Every phrase has at most one value; its placeholder is `{l}` for a list, else its own name.
            let name = template.split('{').nth(1).and_then(|p| p.split(['}', '|']).next()).unwrap_or("l");
            out.push((key, c.format(template, &[(name, &value)])));
        }
    };
    let some_list = |items: &[String], template: &'static str, joiner: Joiner| (!items.is_empty()).then(|| (template, list(items, joiner, c)));
    let or = Joiner::Or;
    let and = Joiner::And;
    add("max_grade", r.max_grade.map(|g| ("apps AppLens grades worse than {g}", g.to_string())));
    add("permissions", some_list(&r.permissions, "apps that ask for {l} (and Android would give it)", or));
    // "an accessibility service, which can read everything on the screen…": the name before its explanation.
    let special: Vec<String> = r
        .special_access
        .iter()
        .map(|k| special_access_name(k).and_then(|n| n.what.split(',').next()).map_or_else(|| k.clone(), |what| c.text(what)))
        .collect();
    add("special_access", some_list(&special, "apps with {l}", or));
    add("trackers", some_list(&r.trackers, "apps that contain the tracker {l}", or));
    add("tracker_companies", some_list(&r.tracker_companies, "apps that contain a tracker from {l}", or));
    let categories: Vec<String> = r.tracker_categories.iter().map(|k| c.text(category_words(k))).collect();
    add("tracker_categories", some_list(&categories, "apps that contain a tracker for {l}", or));
    add("max_trackers", r.max_trackers.map(|n| ("apps that contain more than {n} {n|tracker|trackers}", n.to_string())));
    let countries: Vec<String> = r.recipient_countries.iter().map(|k| country_name(k).map_or_else(|| k.clone(), |n| format!("{} ({k})", c.country(n)))).collect();
    add("recipient_countries", some_list(&countries, "apps that may send data to a company based in {l}", or));
    let fixed = |on: bool, text: &'static str| on.then(|| (text, String::new()));
    add(
        "recipients_without_adequacy",
        fixed(r.recipients_without_adequacy, "apps that may send data to a company in a country whose data protection the EU does not recognise as adequate"),
    );
    add("hidden_code", fixed(r.hidden_code, "apps whose code is partly hidden from analysis (a packer, or code loaded while they run)"));
    add("findings", some_list(&r.findings, "apps with the finding {l}", or));
    add("finding_severity", r.finding_severity.map(|s| ("apps with a finding of {s} severity or worse", s.as_str().to_string())));
    add("min_target_sdk", r.min_target_sdk.map(|n| ("Android apps built for an API level below {n}", n.to_string())));
    add("apps", some_list(&r.apps, "the apps {l}", and));
    add("signers", some_list(&r.signers, "apps signed with the certificate {l}", or));
    add("untrusted_distribution", some_list(&r.untrusted_distribution, "iOS apps distributed with a {l} profile", or));
    out
}

#[derive(Clone, Copy)]
enum Joiner {
    Or,
    And,
}

/// `a, b or c`, with at most `SHOWN_VALUES` values and a count of the others. The joining words come from
/// the catalog as fixed texts (`list: or`…, `cli.tsv`), not as templates: a template `{a} or {b}` would
/// match any English sentence with an "or" in it.
fn list(items: &[String], joiner: Joiner, c: &Catalog) -> String {
    let word = match joiner {
        Joiner::Or => c.word("list: or").unwrap_or("or"),
        Joiner::And => c.word("list: and").unwrap_or("and"),
    };
    let shown: Vec<&str> = items.iter().take(SHOWN_VALUES).map(String::as_str).collect();
    let rest = items.len().saturating_sub(SHOWN_VALUES);
    if rest > 0 {
        let more = c.word("list: more").unwrap_or("more");
        return format!("{} {word} {rest} {more}", shown.join(", "));
    }
    match shown.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, others)) => format!("{} {word} {last}", others.join(", ")),
        None => String::new(),
    }
}


#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::policy::parse_policy;

    #[test]
    fn every_rule_is_named_as_its_reasons_are_with_its_values() {
        let p = parse_policy(
            r#"{"applens_policy": 1, "name": "T", "max_grade": "C",
                "block": {"permissions": ["android.permission.READ_SMS", "android.permission.READ_CALL_*"], "hidden_code": true,
                          "recipient_countries": ["CN"], "special_access": ["vpn"]},
                "warn": {"max_grade": "B", "min_target_sdk": 33, "tracker_categories": ["Analytics"]},
                "allow": {"apps": [{"id": "com.example.vpn", "signer": "abababababababababababababababababababababababababababababababab"}], "signers": []}}"#,
        )
        .unwrap();
        let rules = describe(&p);
        let names: Vec<&str> = rules.iter().map(|r| r.rule.as_str()).collect();
        assert_eq!(
            names,
            [
                "max_grade",
                "block.permissions",
                "block.special_access",
                "block.recipient_countries",
                "block.hidden_code",
                "warn.max_grade",
                "warn.tracker_categories",
                "warn.min_target_sdk",
                "allow.apps"
            ]
        );
        assert_eq!(rules[1].matches, "apps that ask for android.permission.READ_SMS or android.permission.READ_CALL_* (and Android would give it)");
        assert_eq!(rules[2].matches, "apps with a VPN");
        assert!(rules[3].matches.ends_with("China (CN)"), "{}", rules[3].matches);
        assert_eq!(rules[6].matches, "apps that contain a tracker for analytics");
        assert_eq!(rules[8].matches, "the apps com.example.vpn (signed with abababababababababababababababababababababababababababababababab)");
        assert_eq!(rules[8].action, "allow");
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let items: Vec<String> = (0..12).map(|i| format!("a{i}")).collect();
        let en = Catalog::empty(Language::En);
        assert_eq!(list(&items, Joiner::Or, &en), "a0, a1, a2, a3, a4, a5, a6, a7 or 4 more");
        assert_eq!(list(&items[..3], Joiner::And, &en), "a0, a1 and a2");
        assert_eq!(list(&items[..1], Joiner::Or, &en), "a0");
        assert_eq!(list(&[], Joiner::Or, &en), "");
        let de = Catalog::parse(Language::De, "list: or\toder\nlist: and\tund\nlist: more\tweitere\n");
        assert_eq!(list(&items, Joiner::Or, &de), "a0, a1, a2, a3, a4, a5, a6, a7 oder 4 weitere");
        assert_eq!(list(&items[..3], Joiner::And, &de), "a0, a1 und a2");
    }
}
