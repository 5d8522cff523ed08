//! What the app asks for, grouped by risk category (most sensitive first), each permission with what it
//! means, why it matters, how Android grants it and badges for its status; the manifest line behind each
//! one is a click away. Special access declared through components (an accessibility service, a VPN…)
//! appears in its category beside the permissions. Every string from the package is rendered as text.

use std::collections::HashSet;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::i18n::{tr, trf, tx};

use super::format::{
    display_text, grant_words, group_permissions, is_sensitive, legacy_grant_note, sentence_case, short_permission_name, status_badge, weight_words, Group,
    Item,
};
use crate::analysis::report::{Evidence, Permission, PermissionStatus, Report, SpecialAccess};

#[derive(Properties, PartialEq)]
pub struct PermissionsProps {
    pub report: Rc<Report>,
}

/// Which requests the list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Show {
    All,
    Sensitive,
    NotApplied,
}

/// Whether an item passes the filter and the search (case-insensitive, over its names and words).
fn matches(item: &Item<'_>, group: &Group<'_>, show: Show, query: &str) -> bool {
    let (sensitive, inactive, words): (bool, bool, [&str; 4]) = match item {
        Item::Permission(p) => (
            is_sensitive(p),
            p.status == PermissionStatus::NotAppliedOnCurrentAndroid,
            [p.name.as_str(), p.meaning.as_deref().or(p.platform_label.as_deref()).unwrap_or(""), p.why.as_deref().unwrap_or(""), group.title()],
        ),
        Item::Special(s) => (true, false, [s.permission.as_str(), s.meaning.as_str(), s.component.as_deref().unwrap_or(""), group.title()]),
    };
    let shown = match show {
        Show::All => true,
        Show::Sensitive => sensitive,
        Show::NotApplied => inactive,
    };
    shown && (query.is_empty() || words.iter().any(|w| w.to_ascii_lowercase().contains(query)))
}

#[function_component(PermissionsView)]
pub fn permissions_view(props: &PermissionsProps) -> Html {
    let r = &props.report;
    let query = use_state(String::new);
    let show = use_state(|| Show::All);
    let groups = group_permissions(r);
    // Looked up per permission: a set, not a scan (a hostile manifest can list tens of thousands).
    let special: HashSet<&str> = r.special_access.iter().filter(|s| s.source == "permission").map(|s| s.permission.as_str()).collect();
    let needle = query.trim().to_ascii_lowercase();
    let filtered: Vec<Group<'_>> = groups
        .iter()
        .map(|g| Group { category: g.category, items: g.items.iter().filter(|i| matches(i, g, *show, &needle)).copied().collect() })
        .filter(|g| !g.items.is_empty())
        .collect();
    let total: usize = groups.iter().map(|g| g.items.len()).sum();
    let shown: usize = filtered.iter().map(|g| g.items.len()).sum();
    // Rendered a few rows at once, then more each frame (src/ui/progressive.rs); the search and the
    // filter work on the report, so they find rows not rendered yet.
    let mut budget = super::progressive::use_growing_limit(shown, 40);
    let rendered: Vec<Group<'_>> = filtered
        .iter()
        .map_while(|g| {
            let take = g.items.len().min(budget);
            budget -= take;
            (take > 0).then(|| Group { category: g.category, items: g.items.get(..take).unwrap_or_default().to_vec() })
        })
        .collect();
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                query.set(input.value());
            }
        })
    };
    let choice = |value: Show, label: String| {
        let show = show.clone();
        let pressed = *show == value;
        html! {
            <button type="button" class={classes!("al-chip", pressed.then_some("al-pressed"))} aria-pressed={pressed.to_string()}
                onclick={move |_| show.set(value)}>{label}</button>
        }
    };
    html! {
        <section class="al-permissions" data-testid="permissions" aria-labelledby="al-permissions-title">
            <h2 id="al-permissions-title">{tr("What it asks for")}</h2>
            if r.permissions.is_empty() && r.special_access.is_empty() {
                <p>{tr("This app asks for no permissions.")}</p>
            } else {
                <div class="al-filter" role="search" aria-label={tr("Filter permissions")}>
                    <label for="al-perm-search">{tr("Search")}</label>
                    // Uncontrolled: the browser keeps what is typed (a `value` set on every render can drop keys).
                    <input id="al-perm-search" type="search" oninput={on_search} data-testid="permission-search"
                        placeholder={tr("a name or a word, e.g. location")} autocomplete="off" />
                    <div class="al-chips" role="group" aria-label={tr("Show")}>
                        { choice(Show::All, tr("All")) }
                        { choice(Show::Sensitive, tr("Sensitive only")) }
                        { choice(Show::NotApplied, tr("Not applied")) }
                    </div>
                    <p class="al-muted" role="status" data-testid="permission-count">{trf("Showing {shown} of {total}", &[("shown", &shown.to_string()), ("total", &total.to_string())])}</p>
                </div>
            }
            // In a container of its own: Yew matches unkeyed children from the end, so a list that shrinks
            // beside the search field would otherwise replace the field (and lose what is being typed).
            <div class="al-perm-groups">{ for rendered.iter().map(|g| view_group(g, r, &special, filtered_len(&filtered, g))) }</div>
        </section>
    }
}

/// How many rows the group has after the filter (its heading counts them all, rendered or not yet).
fn filtered_len(filtered: &[Group<'_>], group: &Group<'_>) -> usize {
    filtered.iter().find(|g| g.id() == group.id()).map_or(group.items.len(), |g| g.items.len())
}

fn view_group(group: &Group<'_>, report: &Report, special: &HashSet<&str>, count: usize) -> Html {
    let weight = group.weight();
    let level = match weight {
        8.. => "al-w-high",
        5..=7 => "al-w-medium",
        _ => "al-w-low",
    };
    html! {
        <div class={classes!("al-perm-group", level)} data-category={group.id()}>
            <h3>{format!("{} ({count})", tx(group.title()))}</h3>
            <p class="al-muted">{tx(group.description())}</p>
            <ul class="al-perm-list">{ for group.items.iter().map(|i| match i {
                Item::Permission(p) => view_permission(p, report, special.contains(p.name.as_str())),
                Item::Special(s) => view_special(s),
            }) }</ul>
        </div>
    }
}

fn view_permission(p: &Permission, report: &Report, special: bool) -> Html {
    // Without words of our own or Android's (both carried by the report), the name itself is the headline.
    let (headline, named) = match (&p.meaning, p.platform_label.as_deref().filter(|l| !l.is_empty())) {
        (Some(m), _) => (sentence_case(m), true),
        (None, Some(label)) => (sentence_case(label), true),
        (None, None) => (display_text(short_permission_name(&p.name)), false),
    };
    let why = p.why.clone().or_else(|| p.platform_description.clone().filter(|d| !d.is_empty()));
    let inactive = p.status == PermissionStatus::NotAppliedOnCurrentAndroid;
    let level_note = match (&p.protection_level, &p.protection_level_at_target) {
        (Some(now), Some(then)) if now != then => {
            let api = report.app.target_sdk.map_or_else(|| "?".into(), |t| t.to_string());
            trf("Android's protection level: {now} (for apps built for API {api}: {then})", &[("now", now), ("api", &api), ("then", then)])
        }
        (Some(now), _) => trf("Android's protection level: {now}", &[("now", now)]),
        (None, _) => tr("Android's protection level: not defined by Android"),
    };
    html! {
        <li class={classes!("al-perm", inactive.then_some("al-inactive"))} data-permission={p.name.clone()}>
            <div class="al-perm-head">
                <span class={classes!("al-perm-meaning", (!named).then_some("al-perm-name"))}>{headline}</span>
                if named { <code class="al-perm-name">{display_text(short_permission_name(&p.name))}</code> }
                if let Some(w) = p.weight {
                    <span class="al-badge al-badge-weight" title={tr("How much harm misuse could do, 0 to 10")}>{format!("{} ({w}/10)", weight_words(w))}</span>
                }
                if special { <span class="al-badge al-badge-special" data-badge="special-access">{tr("special access")}</span> }
                if let Some(badge) = status_badge(p) {
                    <span class={classes!("al-badge", format!("al-status-{}", status_class(p.status)))} data-badge={status_class(p.status)}>{badge}</span>
                }
                if let Some(max) = p.max_sdk { <span class="al-badge al-badge-quiet">{trf("only up to API {max}", &[("max", &max.to_string())])}</span> }
            </div>
            if let Some(why) = why { <p class="al-why">{why}</p> }
            if let Some(note) = legacy_grant_note(p, report.app.target_sdk.or(report.app.min_sdk)) { <p class="al-note al-note-warn">{note}</p> }
            if let Some(note) = &p.status_note { <p class="al-note">{note}</p> }
            <details class="al-evidence">
                <summary>{tr("Evidence")}</summary>
                { for p.evidence.iter().map(view_evidence) }
                <p class="al-muted">
                    { level_note }
                    if let Some(g) = p.grant { {format!("; {}", grant_words(g))} }
                </p>
            </details>
        </li>
    }
}

fn view_special(s: &SpecialAccess) -> Html {
    html! {
        <li class="al-perm al-special" data-special-access={s.permission.clone()}>
            <div class="al-perm-head">
                <span class="al-perm-meaning">{format!("{} {}", tr("This app"), s.meaning)}</span>
                if let Some(c) = &s.component { <code class="al-perm-name">{display_text(c.rsplit('.').next().unwrap_or(c))}</code> }
                <span class="al-badge al-badge-weight">{format!("{} ({}/10)", weight_words(s.weight), s.weight)}</span>
                <span class="al-badge al-badge-special" data-badge="special-access">{tr("special access")}</span>
            </div>
            <p class="al-why">{&s.why}</p>
            <details class="al-evidence">
                <summary>{tr("Evidence")}</summary>
                { for s.evidence.iter().map(view_evidence) }
                <p class="al-muted">{trf("A {kind} guarded by {permission}: only Android can connect to it, once you switch it on.",
                    &[("kind", &tr(match s.component_type.as_deref() { Some("activity") => "activity", Some("receiver") => "receiver", Some("provider") => "provider", Some("service") => "service", _ => "component" })), ("permission", short_permission_name(&s.permission))])}</p>
            </details>
        </li>
    }
}

/// Evidence one click away, each item drawn by `view_evidence`; nothing when there is none.
pub fn view_evidence_list(evidence: &[Evidence]) -> Html {
    if evidence.is_empty() {
        return html! {};
    }
    html! {
        <details class="al-evidence">
            <summary>{tr("Evidence")}</summary>
            { for evidence.iter().map(view_evidence) }
        </details>
    }
}

pub fn view_evidence(e: &Evidence) -> Html {
    html! {
        <div><span class="al-muted">{display_text(&e.location)}</span><pre><code>{display_text(&e.text)}</code></pre></div>
    }
}

fn status_class(status: PermissionStatus) -> &'static str {
    match status {
        PermissionStatus::Active => "active",
        PermissionStatus::NotAppliedOnCurrentAndroid => "not-applied",
        PermissionStatus::Custom => "custom",
        PermissionStatus::OtherApp => "other-app",
        PermissionStatus::Unknown => "unknown",
    }
}
