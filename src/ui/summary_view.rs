//! The summary card people read first: icon, name, id, version, platform, signer, the grade with its
//! verdict and its two axes, the top three concerns in plain words, the confidence, and the exports. Every string from the
//! package is rendered as text.

use std::rc::Rc;

use web_sys::File;
use yew::prelude::*;

use super::i18n::{tr, trf};

use super::bridge;
use super::card::{file_stem, signer_words, summary_svg};
use super::format::{display_text, is_sensitive};
use crate::analysis::report::Report;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub report: Rc<Report>,
    pub report_json: Rc<str>,
    /// Opens the grade's breakdown (`Some("all")`).
    pub on_select: Callback<Option<String>>,
    /// A second package chosen to compare with this one.
    pub on_compare: Callback<File>,
    /// The widget's compact layout: the grade's breakdown is not on the page until the full report opens.
    #[prop_or_default]
    pub compact: bool,
}

/// `Version 2.4.1 (build 241)` as the version part of the card.
pub fn version_words(r: &Report) -> String {
    // iOS keeps its build number as text (CFBundleVersion), Android as the numeric version code.
    let build = r.ios.as_ref().and_then(|i| i.build.as_deref()).map(display_text).or_else(|| r.app.version_code.map(|c| c.to_string()));
    match (&r.app.version_name, build) {
        (Some(n), Some(b)) => trf("{version} (build {build})", &[("version", &display_text(n)), ("build", &b.to_string())]),
        (Some(n), None) => display_text(n),
        (None, Some(b)) => trf("build {build}", &[("build", &b.to_string())]),
        (None, None) => tr("not stated"),
    }
}

pub fn title_words(r: &Report) -> String {
    display_text(&r.app.name.clone().or_else(|| r.app.id.clone()).unwrap_or_else(|| r.file.name.clone()))
}

/// The badge's colour class: `al-grade-A`…, `al-grade-none` for a withheld grade.
pub fn grade_class(grade: &str) -> String {
    match grade {
        "A" | "B" | "C" | "D" | "E" | "F" => format!("al-grade-{grade}"),
        _ => "al-grade-none".into(),
    }
}

/// The grade as a badge: letter and label; `class` adds the grade's colour.
pub fn grade_badge(grade: &str, label: &str) -> Html {
    html! {
        <>
            <span class="al-grade-letter">{grade}</span>
            <span class="al-grade-label">{label}</span>
        </>
    }
}

#[function_component(SummaryView)]
pub fn summary_view(props: &SummaryProps) -> Html {
    let r = &props.report;
    let stem = file_stem(r);
    let on_download = {
        let json = props.report_json.clone();
        let name = format!("{stem}.applens.json");
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = bridge::download(&name, "application/json", &json) {
                web_sys::console::error_1(&e.into());
            }
        })
    };
    let on_card = {
        let report = r.clone();
        let name = format!("{stem}.applens.svg");
        Callback::from(move |_: MouseEvent| {
            if let Err(e) = bridge::download(&name, "image/svg+xml", &summary_svg(&report)) {
                web_sys::console::error_1(&e.into());
            }
        })
    };
    let on_print = Callback::from(|_: MouseEvent| bridge::print());
    let on_compare_input = {
        let on_compare = props.on_compare.clone();
        bridge::on_file_chosen(on_compare)
    };
    let sensitive = r.permissions.iter().filter(|p| is_sensitive(p)).count();
    let special = r.special_access.iter().filter(|s| s.source == "component").count();
    let mut counts = match r.permissions.len() {
        0 => tr("Asks for no permissions"),
        n => trf("Asks for {n} {n|permission|permissions}, {sensitive} of them sensitive", &[("n", &n.to_string()), ("sensitive", &sensitive.to_string())]),
    };
    if special > 0 {
        counts.push_str(&trf(", and offers the system {n} {n|special service|special services}", &[("n", &special.to_string())]));
    }
    if !r.trackers.is_empty() {
        counts.push_str(&trf("; contains {n} {n|tracker|trackers}", &[("n", &r.trackers.len().to_string())]));
    }
    counts.push_str(&trf(". {n} {n|finding|findings}.", &[("n", &r.findings.len().to_string())]));
    let signer = signer_words(r);

    html! {
        <section class="al-card al-summary-card" aria-labelledby="al-app-name" data-testid="summary-card">
            <div class="al-card-top">
                <div class="al-identity">
                    if let Some(icon) = &r.app.icon {
                        // A data: URL made from the package's own bitmap (checked to be a real image).
                        <img class="al-icon" src={icon.data_url.clone()} alt="" width="64" height="64" data-testid="app-icon" />
                    }
                    <div class="al-identity-text">
                        <h2 id="al-app-name" class="al-app-name" data-testid="app-name">{title_words(r)}</h2>
                        <p class="al-app-id"><code data-testid="app-id">{display_text(r.app.id.as_deref().unwrap_or("unknown"))}</code></p>
                        <p class="al-app-meta">
                            {tr("Version ")}<span data-testid="app-version">{version_words(r)}</span>
                            {" · "}{tr(r.format.describe())}
                            if let Some(signer) = signer {
                                if signer == "not signed" {
                                    {" · "}<span data-testid="app-signer">{tr("Not signed")}</span>
                                } else {
                                    {tr(" · Signed by ")}<span data-testid="app-signer">{display_text(&signer)}</span>
                                }
                            }
                        </p>
                    </div>
                </div>
                if let Some(risk) = &r.risk {
                    <button type="button" class={classes!("al-grade", grade_class(&risk.grade))} data-testid="grade" data-grade={risk.grade.clone()}
                        aria-controls={(!props.compact).then_some("al-trace")}
                        onclick={let on_select = props.on_select.clone(); move |_| on_select.emit(Some("all".into()))}>
                        <span class="al-visually-hidden">{tr("Grade ")}</span>
                        { grade_badge(&risk.grade, &risk.label) }
                        <span class="al-visually-hidden">{tr(": show what produced it")}</span>
                    </button>
                }
            </div>
            if let Some(risk) = &r.risk {
                <p class="al-verdict" data-testid="verdict">{&risk.verdict}</p>
                if !risk.axes.is_empty() {
                    // The two axes graded alone: a reader sees at once whether the grade comes from what the
                    // app can reach, from who else gets the data, or from both.
                    <ul class="al-axes" data-testid="axes">
                        { for risk.axes.iter().map(|a| html! {
                            <li data-axis={a.id.clone()}>
                                <span class={classes!("al-axis-grade", grade_class(&a.grade))}>{&a.grade}</span>
                                <span class="al-axis-text"><strong>{&a.name}</strong><span class="al-muted">{ if a.id == "sharing" {
                                    tr(" Trackers, the companies that may get the data, and where they are.")
                                } else {
                                    tr(" Permissions, special access, what its code can do, how it is built.")
                                } }</span></span>
                            </li>
                        }) }
                    </ul>
                }
                if risk.concerns.is_empty() {
                    <p class="al-concerns-none">{&risk.summary}</p>
                } else {
                    <h3 class="al-concerns-title">{tr("Top concerns")}</h3>
                    <ol class="al-concerns" data-testid="concerns">
                        { for risk.concerns.iter().map(|c| html! { <li data-category={c.category.clone()}>{display_text(&c.text)}</li> }) }
                    </ol>
                }
                <div class={classes!("al-confidence", format!("al-conf-{}", risk.confidence.level))} data-testid="confidence" data-confidence={risk.confidence.level.clone()}>
                    <p><strong>{trf("Confidence: {level}. ", &[("level", &tr(&risk.confidence.level))])}</strong>{&risk.confidence.words}</p>
                    if !risk.confidence.reasons.is_empty() {
                        <ul class="al-confidence-reasons">
                            { for risk.confidence.reasons.iter().map(|c| html! {
                                <li>{ if c.effect.is_empty() { c.message.clone() } else { c.effect.clone() } }</li>
                            }) }
                        </ul>
                    }
                </div>
            }
            <p class="al-summary al-muted" data-testid="summary">{counts}</p>
            <div class="al-actions al-exports">
                <button class="al-button" type="button" onclick={on_download} data-testid="download-json">{tr("Download report (JSON)")}</button>
                <button class="al-button" type="button" onclick={on_print} data-testid="print">{tr("Print or save as PDF")}</button>
                <button class="al-button" type="button" onclick={on_card} data-testid="download-card">{tr("Download summary image")}</button>
                <input id="al-compare-file" class="al-visually-hidden" type="file" onchange={on_compare_input} data-testid="compare-input" />
                <label class="al-button" for="al-compare-file">{tr("Compare with another package")}</label>
            </div>
        </section>
    }
}
