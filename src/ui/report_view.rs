//! The report: who the app is, what it asks for (with the manifest line behind each request), and what
//! AppLens could not examine. Every string from the package is rendered as text by Yew, never as markup.

use std::rc::Rc;

use yew::prelude::*;

use super::bridge;
use super::format::{human_bytes, short_permission_name, PermissionGroup};
use super::ios_view::{IosPermissions, IosView};
use crate::analysis::knowledge::permissions::platform_permission;
use crate::analysis::report::{Permission, Platform, Report};

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Rc<Report>,
    pub report_json: Rc<str>,
}

#[function_component(ReportView)]
pub fn report_view(props: &ReportProps) -> Html {
    let r = &props.report;
    let title = r.app.name.clone().or_else(|| r.app.id.clone()).unwrap_or_else(|| r.file.name.clone());
    let on_download = {
        let json = props.report_json.clone();
        let name = format!("{}.applens.json", r.app.id.clone().unwrap_or_else(|| "report".into()));
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = bridge::download(&name, "application/json", &json) {
                web_sys::console::error_1(&e.into());
            }
        })
    };
    let sdk = |v: Option<u32>| v.map_or_else(|| "not stated".to_string(), |n| format!("API {n}"));
    let version = match (&r.app.version_name, r.app.version_code) {
        (Some(n), Some(c)) => format!("{n} (build {c})"),
        (Some(n), None) => n.clone(),
        (None, Some(c)) => format!("build {c}"),
        (None, None) => "not stated".into(),
    };
    let mut groups: Vec<(PermissionGroup, Vec<&Permission>)> = Vec::new();
    for p in &r.permissions {
        let g = PermissionGroup::of(p);
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, list)) => list.push(p),
            None => groups.push((g, vec![p])),
        }
    }
    groups.sort_by_key(|(g, _)| *g);
    let sensitive = groups.iter().find(|(g, _)| *g == PermissionGroup::Sensitive).map_or(0, |(_, l)| l.len());
    let is_ios = r.platform == Platform::Ios;
    let ios = r.ios.as_ref();
    let version = match (is_ios, &r.app.version_name, ios.and_then(|i| i.build.as_ref())) {
        (true, Some(v), Some(b)) => format!("{v} (build {b})"),
        _ => version,
    };
    let summary = if is_ios {
        let high = r.findings.iter().filter(|f| f.severity == crate::analysis::report::Severity::High).count();
        format!(
            "Asks for {} kind{} of access, each with a reason in its own words; {} statement{} to watch out for{}.",
            r.permissions.len(),
            if r.permissions.len() == 1 { "" } else { "s" },
            r.findings.len(),
            if r.findings.len() == 1 { "" } else { "s" },
            if high > 0 { format!(" ({high} high risk)") } else { String::new() },
        )
    } else {
        format!("Asks for {} permission{}, {} of them sensitive.", r.permissions.len(), if r.permissions.len() == 1 { "" } else { "s" }, sensitive)
    };

    html! {
        <article class="al-report" data-testid="report">
            <section class="al-card">
                <div class="al-app-title">
                    if let Some(icon) = &r.app.icon {
                        <img class="al-app-icon" data-testid="app-icon" alt="App icon" width="64" height="64"
                            src={format!("data:{};base64,{}", icon.media_type, icon.data_base64)} />
                    }
                    <h2 class="al-app-name" data-testid="app-name">{title}</h2>
                </div>
                <dl class="al-facts">
                    <dt>{ if is_ios { "Bundle ID" } else { "Package" } }</dt><dd data-testid="app-id">{r.app.id.clone().unwrap_or_else(|| "unknown".into())}</dd>
                    <dt>{"Version"}</dt><dd data-testid="app-version">{version}</dd>
                    <dt>{"Platform"}</dt><dd>{r.format.describe()}</dd>
                    if let Some(i) = ios {
                        <dt>{"Works from"}</dt><dd>{i.minimum_os_version.as_ref().map_or_else(|| "not stated".to_string(), |v| format!("iOS {v}"))}</dd>
                        <dt>{"Devices"}</dt><dd>{ if i.device_families.is_empty() { "not stated".to_string() } else { i.device_families.join(", ") } }</dd>
                    } else {
                        <dt>{"Works from"}</dt><dd>{sdk(r.app.min_sdk)}</dd>
                        <dt>{"Built for"}</dt><dd>{sdk(r.app.target_sdk)}</dd>
                    }
                    <dt>{"File"}</dt><dd>{format!("{} · {}", r.file.name, human_bytes(r.file.size as f64))}</dd>
                    <dt>{"SHA-256"}</dt><dd class="al-hash">{&r.file.sha256}</dd>
                </dl>
                <p class="al-summary" data-testid="summary">{summary}</p>
                <button class="al-button" type="button" onclick={on_download} data-testid="download-json">{"Download report (JSON)"}</button>
            </section>
            <section class="al-permissions" data-testid="permissions">
                <h2>{"What it asks for"}</h2>
                if is_ios {
                    <IosPermissions report={r.clone()} />
                } else {
                    if r.permissions.is_empty() {
                        <p>{"This app asks for no permissions."}</p>
                    }
                    { for groups.iter().map(|(g, list)| view_group(*g, list)) }
                }
            </section>
            <IosView report={r.clone()} />
            if !r.limitations.is_empty() {
                <section class="al-limitations" data-testid="limitations">
                    <h2>{"Not examined"}</h2>
                    <ul>{ for r.limitations.iter().map(|l| html! { <li>{&l.message}</li> }) }</ul>
                </section>
            }
            if !r.warnings.is_empty() {
                <section class="al-warnings" data-testid="warnings">
                    <h2>{"Parts that were malformed and skipped"}</h2>
                    <ul>{ for r.warnings.iter().map(|w| html! { <li><code>{&w.part}</code>{": "}{&w.message}</li> }) }</ul>
                </section>
            }
        </article>
    }
}

fn view_group(group: PermissionGroup, list: &[&Permission]) -> Html {
    html! {
        <div class={classes!("al-perm-group", group.css())}>
            <h3>{format!("{} ({})", group.title(), list.len())}</h3>
            <p class="al-muted">{group.explanation()}</p>
            <ul class="al-perm-list">{ for list.iter().map(|p| view_permission(p)) }</ul>
        </div>
    }
}

fn view_permission(p: &Permission) -> Html {
    let label = platform_permission(&p.name).map(|d| d.label).filter(|l| !l.is_empty());
    html! {
        <li class="al-perm" data-permission={p.name.clone()}>
            <div class="al-perm-head">
                <span class="al-perm-name">{short_permission_name(&p.name)}</span>
                if let Some(label) = label { <span class="al-perm-label">{label}</span> }
                <span class="al-badge">{p.protection_level.clone().unwrap_or_else(|| "undefined".into())}</span>
                if let Some(max) = p.max_sdk { <span class="al-badge al-badge-quiet">{format!("only up to API {max}")}</span> }
            </div>
            <details class="al-evidence">
                <summary>{"Evidence"}</summary>
                { for p.evidence.iter().map(|e| html! {
                    <div><span class="al-muted">{&e.location}</span><pre><code>{&e.text}</code></pre></div>
                }) }
            </details>
        </li>
    }
}
