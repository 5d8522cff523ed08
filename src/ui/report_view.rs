//! The report: the summary card and the grade's breakdown first, then what the app asks for, what AppLens
//! noticed, who signed it, the technical details and what could not be examined. Every string from the
//! package is rendered as text by Yew, never as markup.

use std::rc::Rc;

use web_sys::File;
use yew::prelude::*;

use super::i18n::tr;

use super::details_view::DetailsView;
use super::findings_view::FindingsView;
use super::format::display_text;
use super::permissions_view::PermissionsView;
use super::risk_view::RiskView;
use super::ios_view::{IosPermissions, IosView};
use super::signing_view::SigningView;
use super::summary_view::SummaryView;
use super::progressive::deferred;
use crate::analysis::report::{Platform, Report};

#[derive(Properties, PartialEq)]
pub struct ReportProps {
    pub report: Rc<Report>,
    pub report_json: Rc<str>,
    pub on_compare: Callback<File>,
    /// The widget's layout: the verdict, the grade and the top concerns, the rest behind "Show the full report".
    #[prop_or_default]
    pub compact: bool,
}

/// Limitations that make the report incomplete enough to say so at the top, with a heading of their own.
fn incomplete_banner(r: &Report) -> Option<(String, String)> {
    let find = |id: &str| r.limitations.iter().find(|l| l.id == id);
    if let Some(l) = find("package.encrypted") {
        return Some((tr("This package is encrypted"), l.message.clone()));
    }
    find("android.manifest").map(|l| (tr("This package could only be read in part"), l.message.clone()))
}

#[function_component(ReportView)]
pub fn report_view(props: &ReportProps) -> Html {
    let r = &props.report;
    let selected = use_state(|| None::<String>);
    let expanded = use_state(|| false);
    let on_select = {
        let selected = selected.clone();
        let expanded = expanded.clone();
        // Asking for the grade's breakdown in the compact layout opens the full report, where it is.
        Callback::from(move |id: Option<String>| {
            if id.is_some() {
                expanded.set(true);
            }
            selected.set(id)
        })
    };
    let on_toggle = {
        let expanded = expanded.clone();
        Callback::from(move |_: MouseEvent| expanded.set(!*expanded))
    };
    use_effect_with(props.report.file.sha256.clone(), |_| super::bridge::mark("applens:report-rendered"));
    if props.compact && !*expanded {
        return html! {
            <article class="al-report al-report-compact" data-testid="report" aria-label={tr("Report")}>
                <super::policy_view::VerdictView report={r.clone()} />
                <SummaryView report={r.clone()} report_json={props.report_json.clone()} on_select={on_select} on_compare={props.on_compare.clone()} compact=true />
                <button type="button" class="al-button al-show-full" aria-expanded="false" onclick={on_toggle} data-testid="show-full">{tr("Show the full report")}</button>
            </article>
        };
    }
    html! {
        <article class="al-report" data-testid="report" aria-label={tr("Report")}>
            <super::policy_view::VerdictView report={r.clone()} />
            if let Some((title, message)) = incomplete_banner(r) {
                <section class="al-error al-incomplete" data-testid="incomplete">
                    <h2>{title}</h2>
                    <p>{message}</p>
                    <p class="al-muted">{tr("What could be read is shown below; the grade leaves out what could not.")}</p>
                </section>
            }
            <SummaryView report={r.clone()} report_json={props.report_json.clone()} on_select={on_select.clone()} on_compare={props.on_compare.clone()} />
            <RiskView report={r.clone()} selected={(*selected).clone()} on_select={on_select} />
            // Below the summary and the breakdown, one section per frame (src/ui/progressive.rs): the report
            // is on screen, and scrollable, while the rest is added.
            { deferred(if r.platform == Platform::Ios {
                html! {
                    <section class="al-permissions" data-testid="permissions">
                        <h2>{tr("What it asks for")}</h2>
                        <IosPermissions report={r.clone()} />
                    </section>
                }
            } else {
                html! { <PermissionsView report={r.clone()} /> }
            }) }
            { deferred(html! { <FindingsView report={r.clone()} /> }) }
            { deferred(html! { <super::bundle_view::BundleView report={props.report.clone()} /> }) }
            { deferred(html! { <SigningView report={props.report.clone()} /> }) }
            { deferred(html! { <super::code_view::CodeView report={r.clone()} /> }) }
            { deferred(html! { <IosView report={r.clone()} /> }) }
            { deferred(html! { <DetailsView report={r.clone()} /> }) }
            if !r.limitations.is_empty() {
                <section class="al-limitations" data-testid="limitations" aria-labelledby="al-limitations-title">
                    <h2 id="al-limitations-title">{tr("Not examined")}</h2>
                    <ul>{ for r.limitations.iter().map(|l| html! { <li>{&l.message}</li> }) }</ul>
                </section>
            }
            if props.compact {
                <button type="button" class="al-button al-show-full" aria-expanded="true" onclick={on_toggle} data-testid="show-full">{tr("Show less")}</button>
            }
            if !r.warnings.is_empty() {
                <section class="al-warnings" data-testid="warnings" aria-labelledby="al-warnings-title">
                    <h2 id="al-warnings-title">{tr("Parts that were malformed and skipped")}</h2>
                    <ul>{ for r.warnings.iter().map(|w| html! { <li><code>{display_text(&w.part)}</code>{": "}{display_text(&w.message)}</li> }) }</ul>
                </section>
            }
        </article>
    }
}
