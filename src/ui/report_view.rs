//! The report: who the app is, what it asks for (with the manifest line behind each request), and what
//! AppLens could not examine. Every string from the package is rendered as text by Yew, never as markup.

use std::rc::Rc;

use yew::prelude::*;

use super::bridge;
use super::findings_view::FindingsView;
use super::format::{display_text, human_bytes, is_sensitive};
use super::permissions_view::PermissionsView;
use super::ios_view::{IosPermissions, IosView};
use super::signing_view::SigningView;
use crate::analysis::report::{Platform, Report, Severity};

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Rc<Report>,
    pub report_json: Rc<str>,
}

#[function_component(ReportView)]
pub fn report_view(props: &ReportProps) -> Html {
    let r = &props.report;
    let title = display_text(&r.app.name.clone().or_else(|| r.app.id.clone()).unwrap_or_else(|| r.file.name.clone()));
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
    let is_ios = r.platform == Platform::Ios;
    let ios = r.ios.as_ref();
    let version = match (&r.app.version_name, r.app.version_code, ios.and_then(|i| i.build.as_ref())) {
        (Some(n), _, Some(b)) => format!("{} (build {})", display_text(n), display_text(b)),
        (Some(n), Some(c), None) => format!("{} (build {c})", display_text(n)),
        (Some(n), None, None) => display_text(n),
        (None, Some(c), _) => format!("build {c}"),
        (None, None, _) => "not stated".into(),
    };
    let sensitive = r.permissions.iter().filter(|p| is_sensitive(p)).count();
    let special = r.special_access.iter().filter(|s| s.source == "component").count();
    let plural = |n: usize, one: &str, many: &str| if n == 1 { format!("{n} {one}") } else { format!("{n} {many}") };
    let summary = if is_ios {
        // iOS apps state their reason for each kind of access; the count of high-risk statements is what to watch.
        let high = r.findings.iter().filter(|f| f.severity == Severity::High).count();
        let mut s = format!(
            "Asks for {}, each with a reason in its own words. {}",
            plural(r.permissions.len(), "kind of access", "kinds of access"),
            plural(r.findings.len(), "finding", "findings")
        );
        if high > 0 {
            s.push_str(&format!(" ({high} high risk)"));
        }
        s.push('.');
        s
    } else {
        let mut s = format!("Asks for {}, {sensitive} of them sensitive", plural(r.permissions.len(), "permission", "permissions"));
        if special > 0 {
            s.push_str(&format!(", and offers the system {}", plural(special, "special service", "special services")));
        }
        s.push_str(&format!(". {}.", plural(r.findings.len(), "finding", "findings")));
        s
    };

    html! {
        <article class="al-report" data-testid="report">
            <section class="al-card">
                <div class="al-identity">
                    if let Some(icon) = &r.app.icon {
                        // A data: URL made from the package's own bitmap (checked to be a real image).
                        <img class="al-icon" src={icon.data_url.clone()} alt="" width="64" height="64" data-testid="app-icon" />
                    }
                    <h2 class="al-app-name" data-testid="app-name">{title}</h2>
                </div>
                <dl class="al-facts">
                    <dt>{ if is_ios { "Bundle ID" } else { "Package" } }</dt><dd data-testid="app-id">{display_text(r.app.id.as_deref().unwrap_or("unknown"))}</dd>
                    <dt>{"Version"}</dt><dd data-testid="app-version">{version}</dd>
                    <dt>{"Platform"}</dt><dd>{r.format.describe()}</dd>
                    if let Some(i) = ios {
                        <dt>{"Works from"}</dt><dd>{i.minimum_os_version.as_ref().map_or_else(|| "not stated".to_string(), |v| format!("iOS {}", display_text(v)))}</dd>
                        <dt>{"Devices"}</dt><dd>{ if i.device_families.is_empty() { "not stated".to_string() } else { i.device_families.join(", ") } }</dd>
                    } else {
                        <dt>{"Works from"}</dt><dd>{sdk(r.app.min_sdk)}</dd>
                        <dt>{"Built for"}</dt><dd>{sdk(r.app.target_sdk)}</dd>
                    }
                    if !r.app.locales.is_empty() {
                        <dt>{"Languages"}</dt><dd data-testid="app-languages">{languages(&r.app.locales)}</dd>
                    }
                    <dt>{"File"}</dt><dd>{format!("{} · {}", display_text(&r.file.name), human_bytes(r.file.size as f64))}</dd>
                    <dt>{"SHA-256"}</dt><dd class="al-hash">{&r.file.sha256}</dd>
                </dl>
                <p class="al-summary" data-testid="summary">
                    { summary }
                </p>
                <button class="al-button" type="button" onclick={on_download} data-testid="download-json">{"Download report (JSON)"}</button>
            </section>
            <FindingsView report={r.clone()} />
            if is_ios {
                <section class="al-permissions" data-testid="permissions">
                    <h2>{"What it asks for"}</h2>
                    <IosPermissions report={r.clone()} />
                </section>
                <IosView report={r.clone()} />
            } else {
                <PermissionsView report={r.clone()} />
            }
            <super::bundle_view::BundleView report={props.report.clone()} />
            <SigningView report={props.report.clone()} />
            <super::code_view::CodeView report={r.clone()} />
            if !r.limitations.is_empty() {
                <section class="al-limitations" data-testid="limitations">
                    <h2>{"Not examined"}</h2>
                    <ul>{ for r.limitations.iter().map(|l| html! { <li>{&l.message}</li> }) }</ul>
                </section>
            }
            if !r.warnings.is_empty() {
                <section class="al-warnings" data-testid="warnings">
                    <h2>{"Parts that were malformed and skipped"}</h2>
                    <ul>{ for r.warnings.iter().map(|w| html! { <li><code>{display_text(&w.part)}</code>{": "}{display_text(&w.message)}</li> }) }</ul>
                </section>
            }
        </article>
    }
}

/// "English (default) and 2 translations: de, fr" — long lists are counted, not dumped.
fn languages(locales: &[String]) -> String {
    let translations: Vec<&str> = locales.iter().map(String::as_str).filter(|l| *l != "--_--").collect();
    match translations.len() {
        0 => "one language only".to_string(),
        n if n <= 8 => format!("{n} translation{}: {}", if n == 1 { "" } else { "s" }, translations.join(", ")),
        n => format!("{n} translations"),
    }
}
