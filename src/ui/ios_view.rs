//! The iOS parts of a report: what the app asks for with its own quoted reasons, the risks found, SDKs,
//! extensions, network security, links, background work, signing and entitlements, privacy manifests and
//! programs. Every string from the package is rendered as text by Yew, never as markup.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{language, tr, trf, tx};

use super::ios_format::{
    category_css, category_words, entitlement_enabled, group_usage, provisioning_words, role_words,
};
use super::permissions_view::view_evidence_list;
use crate::analysis::report::{IosDetails, Permission, PrivacyManifest, Report, Tracker};

#[derive(Properties, PartialEq)]
pub struct IosProps {
    pub report: Rc<Report>,
}

/// "What it asks for" on iOS: each usage key with our meaning and the app's own sentence, quoted.
#[function_component(IosPermissions)]
pub fn ios_permissions(props: &IosProps) -> Html {
    let r = &props.report;
    if r.permissions.is_empty() {
        return html! { <p>{tr("This app declares no reasons for access to protected data or sensors, so iOS will not let it ask for any.")}</p> };
    }
    html! {
        <>
            <p class="al-muted">{tr("On an iPhone, the app must ask you before it first uses each of these, showing the sentence below: the app's own words, quoted exactly as written in the package.")}</p>
            { for group_usage(&r.permissions).into_iter().map(|(category, list)| html! {
                <div class={classes!("al-perm-group", category_css(&category))}>
                    <h3>{format!("{} ({})", category_words(&category), list.len())}</h3>
                    <ul class="al-perm-list">{ for list.into_iter().map(view_usage) }</ul>
                </div>
            }) }
        </>
    }
}

fn view_usage(p: &Permission) -> Html {
    html! {
        <li class="al-perm al-usage" data-permission={p.name.clone()}>
            <div class="al-perm-head">
                if let Some(meaning) = &p.meaning { <span class="al-usage-meaning">{meaning}</span> }
                else { <span class="al-usage-meaning">{tr("A usage description AppLens does not know.")}</span> }
            </div>
            <code class="al-usage-key">{&p.name}</code>
            { match p.reason.as_deref() {
                Some(reason) if !reason.trim().is_empty() => html! {
                    <figure class="al-reason">
                        <figcaption>{tr("The app's reason:")}</figcaption>
                        <blockquote data-testid="usage-reason">{reason}</blockquote>
                    </figure>
                },
                _ => html! { <p class="al-reason-missing">{tr("The app gives no reason.")}</p> },
            } }
            { view_evidence_list(&p.evidence) }
        </li>
    }
}

/// Everything else iOS-specific. Renders nothing for Android reports.
#[function_component(IosView)]
pub fn ios_view(props: &IosProps) -> Html {
    let r = &props.report;
    let Some(ios) = r.ios.as_ref() else { return html! {} };
    html! {
        <div class="al-ios" data-testid="ios-section">
            { view_trackers(&r.trackers) }
            { view_extensions(ios) }
            { view_network(ios) }
            { view_links(ios) }
            { view_distribution(ios) }
            { view_privacy_manifests(&ios.privacy_manifests) }
            { view_programs(ios) }
        </div>
    }
}

fn view_trackers(trackers: &[Tracker]) -> Html {
    html! {
        <section class="al-section" data-testid="trackers">
            <h2>{tr("Third-party code (SDKs)")}</h2>
            if trackers.is_empty() {
                <p>{tr("AppLens recognised no advertising, analytics or crash-reporting SDK.")}</p>
            } else {
                <p class="al-muted">{tr("Code from these companies is inside the app. Its presence is not proof that it runs or what it sends, but it is what such SDKs exist to do.")}</p>
                <ul class="al-perm-list">
                    { for trackers.iter().map(|t| html! {
                        <li class="al-perm" data-tracker={t.name.clone()}>
                            <div class="al-perm-head">
                                <span class="al-perm-name">{&t.name}</span>
                                <span class="al-perm-label">{format!("{} · {}", t.company, t.country.as_deref().map_or_else(|| tr("country unknown"), str::to_string))}</span>
                                { for t.categories.iter().map(|c| html! { <span class="al-badge">{super::code_format::tracker_category(c)}</span> }) }
                                if let Some(label) = crate::analysis::present::found_in_label(t) { <span class="al-badge al-badge-quiet" data-testid="found-in">{tx(&label)}</span> }
                            </div>
                            { view_evidence_list(&t.evidence) }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}

fn view_extensions(ios: &IosDetails) -> Html {
    if ios.extensions.is_empty() {
        return html! {};
    }
    html! {
        <section class="al-section" data-testid="extensions">
            <h2>{tr("Extensions: parts that run outside the app")}</h2>
            <ul class="al-perm-list">
                { for ios.extensions.iter().map(|x| html! {
                    <li class="al-perm">
                        <div class="al-perm-head">
                            <span class="al-perm-name">{&x.kind}</span>
                            if let Some(n) = &x.name { <span class="al-perm-label">{n}</span> }
                            if x.requests_open_access == Some(true) { <span class="al-badge al-badge-alert">{tr("asks for full access")}</span> }
                        </div>
                        if let Some(m) = &x.meaning { <p class="al-muted">{m}</p> }
                        <p class="al-muted"><code>{&x.path}</code></p>
                    </li>
                }) }
            </ul>
        </section>
    }
}

fn view_network(ios: &IosDetails) -> Html {
    let ats = &ios.transport_security;
    let mut lines: Vec<String> = Vec::new();
    if !ats.declared {
        lines.push(tr("App Transport Security is left on (the default): connections must use up-to-date HTTPS."));
    } else {
        if ats.allows_arbitrary_loads {
            lines.push(if ats.arbitrary_loads_ignored_on_ios10 {
                tr("Unencrypted connections to any server are allowed on iOS 9 and older only.")
            } else {
                tr("Unencrypted connections to any server are allowed (NSAllowsArbitraryLoads).")
            });
        }
        if ats.allows_arbitrary_loads_in_web_content {
            lines.push(tr("Web pages shown inside the app may load over unencrypted connections."));
        }
        if ats.allows_arbitrary_loads_for_media {
            lines.push(tr("Audio and video may stream over unencrypted connections."));
        }
        if ats.allows_local_networking {
            lines.push(tr("Unencrypted connections to devices on the local network are allowed."));
        }
        if lines.is_empty() && ats.exception_domains.is_empty() {
            lines.push(tr("App Transport Security is declared but not weakened."));
        }
    }
    html! {
        <section class="al-section" data-testid="network">
            <h2>{tr("Network security")}</h2>
            <ul>{ for lines.iter().map(|l| html! { <li>{l}</li> }) }</ul>
            if !ats.exception_domains.is_empty() {
                <table class="al-table">
                    <thead><tr><th>{tr("Server")}</th><th>{tr("Exception")}</th></tr></thead>
                    <tbody>
                    { for ats.exception_domains.iter().map(|d| {
                        let mut what = Vec::new();
                        if d.allows_insecure_http { what.push(tr("plain http:// allowed")); }
                        if let Some(v) = &d.minimum_tls_version { what.push(trf("minimum {version}", &[("version", v)])); }
                        if d.requires_forward_secrecy == Some(false) { what.push(tr("no forward secrecy")); }
                        if what.is_empty() { what.push(tr("no weakening")); }
                        let sub = if d.includes_subdomains { tr(" (and subdomains)") } else { String::new() };
                        html! { <tr><td><code>{format!("{}{sub}", d.domain)}</code></td><td>{what.join(", ")}</td></tr> }
                    }) }
                    </tbody>
                </table>
            }
        </section>
    }
}

fn view_links(ios: &IosDetails) -> Html {
    if ios.url_schemes.is_empty() && ios.queried_schemes.is_empty() && ios.background_modes.is_empty() {
        return html! {};
    }
    html! {
        <section class="al-section" data-testid="links">
            <h2>{tr("Links, other apps and background work")}</h2>
            if !ios.background_modes.is_empty() {
                <h3>{tr("What it may keep doing in the background")}</h3>
                <ul>
                    { for ios.background_modes.iter().map(|m| html! {
                        <li><code>{&m.mode}</code>{": "}{m.meaning.clone().unwrap_or_else(|| tr("a background mode AppLens does not know."))}</li>
                    }) }
                </ul>
            }
            if !ios.queried_schemes.is_empty() {
                <h3>{trf("Other apps it can check for ({n})", &[("n", &ios.queried_schemes.len().to_string())])}</h3>
                <p class="al-muted">{tr("iOS tells the app whether an app handling each of these link schemes is installed.")}</p>
                <p class="al-chips">{ for ios.queried_schemes.iter().map(|s| html! { <code class="al-chip">{s}</code> }) }</p>
            }
            if !ios.url_schemes.is_empty() {
                <h3>{tr("Links that open this app")}</h3>
                <p class="al-chips">{ for ios.url_schemes.iter().map(|s| html! { <code class="al-chip">{format!("{}://", s.scheme)}</code> }) }</p>
            }
        </section>
    }
}

/// Whether an RFC 3339 date lies in the past, by the browser's clock.
fn is_past(date: &str) -> bool {
    let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(date)).get_time();
    !when.is_nan() && when < js_sys::Date::now()
}

fn view_distribution(ios: &IosDetails) -> Html {
    // What the programs carry is what they use; the profile only says what Apple allowed. Show the profile's
    // entitlements as capabilities only when no program signature could be read.
    let signed = ios.entitlements.iter().any(|e| e.source == "code signature");
    let is_notable = |e: &&crate::analysis::report::Entitlement| {
        e.meaning.is_some() && entitlement_enabled(&e.value) && (e.source == "code signature" || !signed)
    };
    let notable: Vec<_> = ios.entitlements.iter().filter(is_notable).collect();
    let other: Vec<_> = ios.entitlements.iter().filter(|e| !is_notable(e)).collect();
    html! {
        <section class="al-section" data-testid="distribution">
            <h2>{tr("Signing and distribution")}</h2>
            { match &ios.provisioning {
                Some(p) => {
                    let (title, meaning) = provisioning_words(&p.kind);
                    let expiry = p.expiration_date.as_deref().map(|d| {
                        let day = language().date(d.get(..10).unwrap_or(d));
                        if is_past(d) { trf("expired on {date}", &[("date", &day)]) } else { trf("valid until {date}", &[("date", &day)]) }
                    });
                    html! {
                        <div data-testid="provisioning" data-kind={p.kind.clone()}>
                            <p><strong>{title}</strong>{". "}{meaning}</p>
                            <dl class="al-facts">
                                if let Some(t) = &p.team_name { <dt>{tr("Team")}</dt><dd>{t}</dd> }
                                if !p.team_ids.is_empty() { <dt>{tr("Team ID")}</dt><dd>{p.team_ids.join(", ")}</dd> }
                                if let Some(n) = &p.name { <dt>{tr("Profile name")}</dt><dd>{n}</dd> }
                                if let Some(e) = expiry { <dt>{tr("Profile validity")}</dt><dd>{e}</dd> }
                                if let Some(n) = p.provisioned_devices { <dt>{tr("Devices")}</dt><dd>{trf("{n} listed {n|device|devices}", &[("n", &n.to_string())])}</dd> }
                                if p.provisions_all_devices { <dt>{tr("Devices")}</dt><dd>{tr("any device")}</dd> }
                                { for p.certificates.iter().map(|c| html! { <><dt>{tr("Certificate")}</dt><dd>{c}</dd></> }) }
                            </dl>
                        </div>
                    }
                }
                None => html! { <p>{tr("No provisioning profile: usual for apps downloaded from the App Store (Apple removes it), or a copy that was re-signed.")}</p> },
            } }
            if !notable.is_empty() {
                <h3>{tr("Capabilities of privacy interest (entitlements)")}</h3>
                <ul class="al-perm-list">
                    { for notable.iter().map(|e| html! {
                        <li class="al-perm" data-entitlement={e.key.clone()}>
                            <div class="al-perm-head">
                                <span class="al-perm-name">{e.category.clone().unwrap_or_default()}</span>
                                <span class="al-perm-label">{e.meaning.clone().unwrap_or_default()}</span>
                            </div>
                            <p class="al-muted"><code>{format!("{} = {}", e.key, e.value)}</code>{trf(" — from the {source} ({location})", &[("source", &tr(&e.source)), ("location", &e.location)])}</p>
                        </li>
                    }) }
                </ul>
            }
            if !other.is_empty() {
                <details class="al-evidence">
                    <summary>{trf("{n} other entitlement {n|entry|entries} (switched off, of no privacy interest, or only allowed by the profile)", &[("n", &other.len().to_string())])}</summary>
                    { for other.iter().map(|e| html! { <pre><code>{format!("{} = {}  ({})", e.key, e.value, e.source)}</code></pre> }) }
                </details>
            }
        </section>
    }
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => tr("yes"),
        Some(false) => tr("no"),
        None => tr("not stated"),
    }
}

fn view_privacy_manifests(manifests: &[PrivacyManifest]) -> Html {
    html! {
        <section class="al-section" data-testid="privacy-manifests">
            <h2>{tr("Privacy manifests: what the app and its SDKs declare")}</h2>
            if manifests.is_empty() {
                <p>{tr("No privacy manifest (PrivacyInfo.xcprivacy) in the package: neither the app nor its SDKs declare what they collect.")}</p>
            }
            { for manifests.iter().map(|m| html! {
                <div class="al-manifest" data-manifest={m.owner.clone()}>
                    <h3>{ if m.owner == "app" { tr("The app itself") } else { m.owner.clone() } }</h3>
                    <p>
                        {tr("Tracks you (Apple's definition): ")}<strong>{yes_no(m.tracking)}</strong>
                        if !m.tracking_domains.is_empty() {
                            {tr(" · tracking domains: ")}{ m.tracking_domains.join(", ") }
                        }
                        if !m.tracking_domains_in_code.is_empty() {
                            {tr(" (found in the app's code: ")}{ m.tracking_domains_in_code.join(", ") }{")"}
                        }
                    </p>
                    if !m.collected_data.is_empty() {
                        <table class="al-table">
                            <thead><tr><th>{tr("Data collected")}</th><th>{tr("Linked to you")}</th><th>{tr("Used to track you")}</th><th>{tr("Why")}</th></tr></thead>
                            <tbody>
                            { for m.collected_data.iter().map(|d| html! {
                                <tr>
                                    <td>{&d.label}</td><td>{yes_no(d.linked)}</td><td>{yes_no(d.tracking)}</td>
                                    <td>{ d.purposes.iter().map(|p| p.label.clone().unwrap_or_else(|| p.key.clone())).collect::<Vec<_>>().join(", ") }</td>
                                </tr>
                            }) }
                            </tbody>
                        </table>
                    }
                    if !m.accessed_apis.is_empty() {
                        <ul>
                            { for m.accessed_apis.iter().map(|a| html! {
                                <li>
                                    {&a.label}{": "}
                                    { for a.reasons.iter().map(|r| html! {
                                        <span class="al-reason-code"><code>{&r.key}</code>{" "}{r.label.clone().unwrap_or_else(|| "a reason code AppLens does not know".into())}{" "}</span>
                                    }) }
                                </li>
                            }) }
                        </ul>
                    }
                    <p class="al-muted"><code>{&m.path}</code></p>
                </div>
            }) }
        </section>
    }
}

fn view_programs(ios: &IosDetails) -> Html {
    html! {
        <section class="al-section" data-testid="programs">
            <h2>{tr("Programs and frameworks")}</h2>
            if ios.binaries.is_empty() {
                <p>{tr("No program could be read.")}</p>
            } else {
                <table class="al-table">
                    <thead><tr><th>{tr("Program")}</th><th>{tr("Kind")}</th><th>{tr("Architectures")}</th><th>{tr("App Store encryption")}</th></tr></thead>
                    <tbody>
                    { for ios.binaries.iter().map(|b| html! {
                        <tr>
                            <td><code>{b.path.rsplit('/').next().unwrap_or(&b.path)}</code></td>
                            <td>{role_words(&b.role)}</td>
                            <td>{b.architectures.join(", ")}</td>
                            <td>{ if b.encrypted { "encrypted" } else { "no" } }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            if !ios.frameworks.is_empty() {
                <details class="al-evidence">
                    <summary>{trf("{n} bundled {n|framework|frameworks} and libraries", &[("n", &ios.frameworks.len().to_string())])}</summary>
                    <ul>
                        { for ios.frameworks.iter().map(|f| html! {
                            <li>
                                <code>{&f.name}</code>
                                if let Some(v) = &f.version { {format!(" {v}")} }
                                if let Some(id) = &f.bundle_id { <span class="al-muted">{format!(" ({id})")}</span> }
                                if f.has_privacy_manifest { {tr(" · has a privacy manifest")} }
                                if let Some(s) = &f.sdk { {format!(" · {s}")} }
                            </li>
                        }) }
                    </ul>
                </details>
            }
        </section>
    }
}
