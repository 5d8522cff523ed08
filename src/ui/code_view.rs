//! The code evidence part of the report: who may get the data, tracker code found, what the code can
//! do, internet hosts, native code and packers. Every string from the package is rendered as text.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{country_tx, tr, trf, tx, word};

use super::code_format::status_css;
use crate::analysis::present::{adequacy_basis, by_country, code_read_sentence, country, found_in_words, lower_first, recipients_sentence_named, status_label, CountryGroup};
use super::permissions_view::view_evidence_list;
use super::progressive::Progressive;
use crate::analysis::report::{AppFramework, Capability, CodeSummary, Domain, OtherCode, Report, Tracker};

#[derive(Properties, PartialEq)]
pub struct CodeProps {
    pub report: Rc<Report>,
}

/// Hosts shown before the rest is folded away.
const HOSTS_SHOWN: usize = 25;

/// The heading of one sign of hidden code (`CodeSummary::hidden`).
fn hidden_title(kind: &str) -> String {
    match kind {
        "components_without_code" => tr("Declared parts of the app are in none of its code files"),
        "opaque_payload" => tr("Encrypted-looking files and code that can load them"),
        _ => tr("Code loaded while the app runs"),
    }
}

fn view_tracker(t: &Tracker) -> Html {
    html! {
        <li class="al-perm" data-tracker={t.name.clone()}>
            <div class="al-perm-head">
                <span class="al-tracker-name">{&t.name}</span>
                <span class="al-perm-label">{format!("{} · {}", t.company, country_tx(&country(t.country.as_deref())))}</span>
                { for t.categories.iter().map(|c| html! { <span class="al-badge">{super::code_format::tracker_category(c)}</span> }) }
                if let Some(words) = found_in_words(&t.found_in) {
                    <span class="al-badge al-badge-quiet" data-testid="found-in" data-found-in={t.found_in.join(" ")}>{tx(&words)}</span>
                }
            </div>
            { view_evidence_list(&t.evidence) }
        </li>
    }
}

fn view_framework(f: &AppFramework) -> Html {
    html! {
        <li class="al-perm" data-framework={f.id.clone()}>
            <div class="al-perm-head"><span class="al-tracker-name">{trf("Built with {name}", &[("name", &f.name)])}</span></div>
            <p>{&f.read}</p>
            if let Some(unread) = &f.unread { <p class="al-muted">{trf("Not read: {what}", &[("what", &lower_first(unread))])}</p> }
            { view_evidence_list(&f.evidence) }
        </li>
    }
}

fn view_other_code(o: &OtherCode) -> Html {
    html! {
        <li class="al-perm" data-other-code={o.kind.clone()}>
            <div class="al-perm-head">
                <span class="al-perm-name">{&o.path}</span>
                <span class="al-badge al-badge-quiet">{&o.kind}</span>
                <span class="al-perm-label">{format!("{} {}", o.bytes, tr("bytes"))}</span>
            </div>
            if let Some(note) = &o.note { <p class="al-muted">{note}</p> }
        </li>
    }
}

/// The app's framework, the code it carries that Android does not load by itself, and the other files of
/// code read outside the DEX files, folded (a Cordova app has hundreds).
fn view_frameworks(report: &Rc<Report>, code: &CodeSummary) -> Html {
    if code.frameworks.is_empty() && code.other_code.is_empty() {
        return html! {};
    }
    let carried: Vec<&OtherCode> = code.other_code.iter().filter(|o| !o.loaded_by_system).collect();
    // Folded, and rendered a chunk per frame (src/ui/progressive.rs): found by their place in the report.
    let files: Rc<Vec<usize>> = Rc::new(code.other_code.iter().enumerate().filter(|(_, o)| o.loaded_by_system).map(|(i, _)| i).collect());
    let file_row = {
        let report = report.clone();
        let files = files.clone();
        Callback::from(move |k: usize| {
            files.get(k).and_then(|&i| report.code.as_ref()?.other_code.get(i)).map_or_else(Html::default, view_other_code)
        })
    };
    html! {
        <section class="al-code" data-testid="frameworks">
            <h2>{ if code.frameworks.is_empty() { tr("Code read beyond names") } else { tr("How the app is built") } }</h2>
            <ul class="al-perm-list">{ for code.frameworks.iter().map(view_framework) }</ul>
            if !carried.is_empty() {
                <h3>{trf("Code the app carries but Android does not load by itself ({n})", &[("n", &carried.len().to_string())])}</h3>
                <p class="al-muted">{tr("The app may load it while it runs, or never. AppLens read it like the app's own code; trackers found only there say so.")}</p>
                <ul class="al-perm-list" data-testid="carried-code">{ for carried.iter().map(|o| view_other_code(o)) }</ul>
            }
            if !files.is_empty() {
                <details class="al-more" data-testid="other-code">
                    <summary>{trf("Files read ({n})", &[("n", &files.len().to_string())])}</summary>
                    <ul class="al-perm-list"><Progressive count={files.len()} first={0} chunk={100} row={file_row} /></ul>
                </details>
            }
        </section>
    }
}

fn view_capability(c: &Capability) -> Html {
    html! {
        <li class={classes!("al-perm", "al-cap", status_css(c.status))} data-capability={c.id.clone()}>
            <div class="al-perm-head">
                <span class="al-tracker-name">{&c.title}</span>
                <span class="al-badge al-cap-status">{tr(status_label(c.status))}</span>
            </div>
            <p class="al-muted">{&c.meaning}</p>
            { view_evidence_list(&c.evidence) }
        </li>
    }
}

fn view_domain(d: &Domain) -> Html {
    let owner = match (&d.company, &d.tracker) {
        (Some(c), Some(t)) => format!("{c} ({t}) · {}", country_tx(&country(d.country.as_deref()))),
        (Some(c), None) => format!("{c} · {}", country_tx(&country(d.country.as_deref()))),
        _ => tr("owner not known to AppLens"),
    };
    html! {
        <li class="al-perm" data-domain={d.host.clone()}>
            <div class="al-perm-head">
                <span class="al-perm-name">{&d.host}</span>
                <span class="al-perm-label">{owner}</span>
                if d.cleartext { <span class="al-badge al-cleartext">{tr("unencrypted http://")}</span> }
            </div>
            { view_evidence_list(&d.evidence) }
        </li>
    }
}

/// One country: its companies, what the EU and the UK recognise there, and (folded; printed open) the
/// decisions that says so.
fn view_country(g: &CountryGroup<'_>) -> Html {
    let basis = adequacy_basis(g.adequacy);
    html! {
        <li data-country={g.code.map(str::to_string)}>
            <strong>{country_tx(&g.name)}</strong>{": "}{g.companies.join(", ")}
            if g.adequacy_sentence().is_some() {
                <span class="al-adequacy" data-testid="adequacy">{tx(&g.sentence_joined(&word("list: and", "and")))}</span>
            }
            if !basis.is_empty() {
                <details class="al-adequacy-basis">
                    <summary>{tr("The decisions behind this")}</summary>
                    <ul>{ for basis.into_iter().map(|line| html! { <li>{tx(&line)}</li> }) }</ul>
                </details>
            }
        </li>
    }
}

#[function_component(CodeView)]
pub fn code_view(props: &CodeProps) -> Html {
    let r = &props.report;
    let Some(code) = &r.code else { return html! {} };
    let complete = code.complete;
    // An iOS report lists its SDKs in its own section (ios_view); this part adds hosts and frameworks.
    let ios = r.ios.is_some();
    let shown = r.domains.len().min(HOSTS_SHOWN);
    let folded = r.domains.len() - shown;
    // Long lists render a chunk per frame (src/ui/progressive.rs); a row is found by its index.
    let row = |f: fn(&Report, usize) -> Html| {
        let report = r.clone();
        Callback::from(move |i: usize| f(&report, i))
    };
    html! {
        <>
            <section class="al-code al-recipients" data-testid="recipients">
                <h2>{tr("Who may get the data")}</h2>
                if let Some(sentence) = recipients_sentence_named(&r.recipients, &country_tx) {
                    <p class="al-summary" data-testid="recipients-summary">{tx(&sentence)}</p>
                    <ul class="al-country-list">
                        { for by_country(&r.recipients).iter().map(view_country) }
                    </ul>
                    <p class="al-muted">{tr("From the tracker code and the internet addresses found in the app. AppLens looks nothing up: owners, countries and what the EU and the UK recognise come from its own tables.")}</p>
                } else {
                    <p data-testid="recipients-summary">{ if complete {
                        tr("No company known to AppLens was found in the app's code.")
                    } else {
                        tr("No company known to AppLens was found in the code AppLens could read; part of the code is hidden (see “Not examined”).")
                    } }</p>
                }
            </section>
            { view_frameworks(r, code) }
            if !ios {
            <section class="al-code" data-testid="trackers">
                <h2>{trf("Tracker code found ({n})", &[("n", &r.trackers.len().to_string())])}</h2>
                <p class="al-muted">{tr("The code of these tracking and analytics SDKs is in the app. Code being present does not prove that it runs, but it is there to be used.")}</p>
                if r.trackers.is_empty() {
                    <p data-testid="no-trackers">{ if complete {
                        tr("No known tracker code was found in the app's code.")
                    } else {
                        tr("No known tracker code was found in the code AppLens could read. Part of the code could not be examined, so there may be trackers AppLens cannot see.")
                    } }</p>
                }
                <ul class="al-perm-list"><Progressive count={r.trackers.len()} row={row(|r, i| r.trackers.get(i).map_or_else(Html::default, view_tracker))} /></ul>
            </section>
            }
            if !r.capabilities.is_empty() {
                <section class="al-code" data-testid="capabilities">
                    <h2>{tr("What the code can do")}</h2>
                    <p class="al-muted">{tr("Found from the Android functions the code calls, compared with the permissions the app asks for.")}</p>
                    <ul class="al-perm-list">{ for r.capabilities.iter().map(view_capability) }</ul>
                </section>
            }
            if !r.domains.is_empty() {
                <section class="al-code" data-testid="domains">
                    <h2>{trf("Internet addresses in the code ({n})", &[("n", &r.domains.len().to_string())])}</h2>
                    <p class="al-muted">{tr("Hosts named in the app's code. The app may contact them; AppLens never does.")}</p>
                    <ul class="al-perm-list"><Progressive count={shown} row={row(|r, i| r.domains.get(i).map_or_else(Html::default, view_domain))} /></ul>
                    if folded > 0 {
                        <details class="al-more">
                            <summary>{format!("{folded} {}", tr("more"))}</summary>
                            <ul class="al-perm-list">
                                <Progressive count={folded} first={0} chunk={100}
                                    row={row(|r, i| r.domains.get(i + HOSTS_SHOWN).map_or_else(Html::default, view_domain))} />
                            </ul>
                        </details>
                    }
                </section>
            }
            if !r.native_libraries.is_empty() || !r.packers.is_empty() || !code.hidden.is_empty() {
                <section class="al-code" data-testid="hidden-code">
                    <h2>{tr("Code AppLens does not read")}</h2>
                    if !code.hidden.is_empty() {
                        <ul class="al-perm-list" data-testid="hidden-code-signs">
                            { for code.hidden.iter().map(|h| html! {
                                <li class="al-perm" data-hidden={h.kind.clone()}>
                                    <div class="al-perm-head">
                                        <span class="al-tracker-name">{hidden_title(&h.kind)}</span>
                                    </div>
                                    <p class="al-muted">{&h.message}</p>
                                    { view_evidence_list(&h.evidence) }
                                </li>
                            }) }
                        </ul>
                    }
                    if !r.packers.is_empty() {
                        <ul class="al-perm-list" data-testid="packers">
                            { for r.packers.iter().map(|p| html! {
                                <li class="al-perm">
                                    <div class="al-perm-head">
                                        <span class="al-tracker-name">{trf("Protected with {name}", &[("name", &p.name)])}</span>
                                        if let Some(c) = &p.company { <span class="al-perm-label">{c}</span> }
                                    </div>
                                    { view_evidence_list(&p.evidence) }
                                </li>
                            }) }
                        </ul>
                    }
                    if !r.native_libraries.is_empty() {
                        <h3>{trf("Native libraries ({n})", &[("n", &r.native_libraries.len().to_string())])}</h3>
                        <ul class="al-perm-list" data-testid="native-libraries">
                            <Progressive count={r.native_libraries.len()} row={row(|r, i| r.native_libraries.get(i).map_or_else(Html::default, |n| html! {
                                <li class="al-perm">
                                    <div class="al-perm-head">
                                        <span class="al-perm-name">{&n.name}</span>
                                        if let Some(sdk) = &n.sdk { <span class="al-perm-label">{sdk}</span> }
                                        <span class="al-badge al-badge-quiet">{n.abis.join(", ")}</span>
                                    </div>
                                </li>
                            }))} />
                        </ul>
                    }
                </section>
            }
            <p class="al-muted al-code-summary" data-testid="code-summary">
                { tx(&code_read_sentence(code, ios)) }
            </p>
        </>
    }
}

