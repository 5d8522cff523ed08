//! Two packages side by side: each one's identity and grade, then what differs (in sentences, per risk
//! category, and list by list: permissions, special access, trackers, findings, everything that counts,
//! the signing key). The differences come from `analysis::compare`, worked out on this device.

use std::rc::Rc;

use web_sys::File;
use yew::prelude::*;

use super::i18n::{tr, trf};

use super::app::{view_failure, view_progress};
use super::bridge;
use super::format::display_text;
use super::risk_view::bar;
use super::state::{Action, Phase};
use super::summary_view::{grade_badge, grade_class, title_words, version_words};
use crate::analysis::compare::{compare_in, Comparison, Diff};
use crate::analysis::report::Report;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub first: Phase,
    pub second: Phase,
    pub dispatch: Callback<Action>,
    pub on_compare: Callback<File>,
}

fn view_side(phase: &Phase, label: &str, testid: &str) -> Html {
    let body = match phase {
        Phase::Idle => html! { <p class="al-muted">{tr("No package chosen yet.")}</p> },
        Phase::Running { file_name, stage, overall, stages } => view_progress(file_name, stage, *overall, stages),
        Phase::Failed { file_name, failure } => view_failure(file_name, failure),
        Phase::Done { report, .. } => view_identity(report),
    };
    html! {
        <section class="al-compare-side" aria-label={label.to_string()} data-testid={testid.to_string()}>
            <p class="al-side-label">{label}</p>
            { body }
        </section>
    }
}

fn view_identity(r: &Report) -> Html {
    html! {
        <div class="al-side-card">
            <div class="al-identity">
                if let Some(icon) = &r.app.icon {
                    <img class="al-icon" src={icon.data_url.clone()} alt="" width="48" height="48" />
                }
                <div class="al-identity-text">
                    <h3 class="al-side-name" data-testid="side-name">{title_words(r)}</h3>
                    <p class="al-app-id"><code>{display_text(r.app.id.as_deref().unwrap_or("unknown"))}</code></p>
                    <p class="al-app-meta">{tr("Version ")}{version_words(r)}</p>
                </div>
                if let Some(risk) = &r.risk {
                    <p class={classes!("al-grade", "al-grade-static", grade_class(&risk.grade))} data-testid="side-grade" data-grade={risk.grade.clone()}>
                        <span class="al-visually-hidden">{tr("Grade ")}</span>{ grade_badge(&risk.grade, &risk.label) }
                    </p>
                }
            </div>
            if let Some(risk) = &r.risk {
                <p class="al-verdict">{&risk.summary}</p>
            }
        </div>
    }
}

/// Words for a change of level, so the table reads without colour or arrows.
fn change_words(before: f64, after: f64) -> String {
    if after > before + 1e-9 {
        tr("higher")
    } else if after + 1e-9 < before {
        tr("lower")
    } else {
        tr("same")
    }
}

fn view_diff(title: String, testid: &str, diff: &Diff, c: &Comparison) -> Html {
    if diff.is_empty() {
        return html! {};
    }
    let list = |items: &[crate::analysis::compare::DiffItem], class: &str, what: String| {
        if items.is_empty() {
            return html! {};
        }
        html! {
            <div class={classes!("al-diff", class.to_string())}>
                <h4>{what}</h4>
                <ul>{ for items.iter().map(|i| html! {
                    <li data-id={i.id.clone()}>{display_text(&super::i18n::tx(&i.text))}{" "}<code class="al-muted">{display_text(i.id.rsplit(':').next().unwrap_or(&i.id))}</code></li>
                }) }</ul>
            </div>
        }
    };
    html! {
        <section class="al-diff-section" data-testid={testid.to_string()}>
            <h3>{title}</h3>
            { list(&diff.added, "al-added", trf("Only in {name} ({n})", &[("name", &c.second), ("n", &diff.added.len().to_string())])) }
            { list(&diff.removed, "al-removed", trf("Only in {name} ({n})", &[("name", &c.first), ("n", &diff.removed.len().to_string())])) }
        </section>
    }
}

fn view_comparison(c: &Comparison) -> Html {
    html! {
        <>
            <section class="al-compare-summary" data-testid="compare-summary" aria-labelledby="al-compare-differs">
                <h3 id="al-compare-differs">{tr("What differs")}</h3>
                <ul>{ for c.summary.iter().map(|s| html! { <li>{display_text(s)}</li> }) }</ul>
            </section>
            if !c.categories.is_empty() {
                <div class="al-table-wrap" tabindex="0" role="region" aria-label={tr("Risk by category, both packages")}>
                    <table class="al-compare-table" data-testid="compare-categories">
                        <caption>{tr("Risk by category (0 to 10)")}</caption>
                        <thead><tr>
                            <th scope="col">{tr("Category")}</th>
                            <th scope="col">{display_text(&c.first)}</th>
                            <th scope="col">{display_text(&c.second)}</th>
                            <th scope="col">{tr("Change")}</th>
                        </tr></thead>
                        <tbody>
                            { for c.categories.iter().map(|k| html! {
                                <tr data-category={k.id.clone()}>
                                    <th scope="row">{&k.name}</th>
                                    <td>{ bar(k.score_before, &k.level_before) }<span>{format!("{} ({})", number(k.score_before), level_words(&k.level_before))}</span></td>
                                    <td>{ bar(k.score_after, &k.level_after) }<span>{format!("{} ({})", number(k.score_after), level_words(&k.level_after))}</span></td>
                                    <td>{change_words(k.score_before, k.score_after)}</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
            }
            { view_diff(tr("Permissions"), "diff-permissions", &c.permissions, c) }
            { view_diff(tr("Special access"), "diff-special-access", &c.special_access, c) }
            { view_diff(tr("Trackers"), "diff-trackers", &c.trackers, c) }
            { view_diff(tr("Findings"), "diff-findings", &c.findings, c) }
            { view_diff(tr("Who may get the data"), "diff-recipients", &c.recipients, c) }
            { view_diff(tr("Other things that count towards the grade"), "diff-other", &other_counted(&c.counted), c) }
            <section class="al-diff-section" data-testid="diff-signer">
                <h3>{tr("Signing key")}</h3>
                <p>{ if c.signers_before.is_empty() || c.signers_after.is_empty() {
                    tr("The signing key of one of them is not known.")
                } else if c.signer_changed && c.same_app {
                    tr("The two versions are signed with different keys: Android would not install one as an update of the other, and one of them may not come from the app's developer.")
                } else if c.signer_changed {
                    tr("Signed with different keys, as two apps from different developers are.")
                } else {
                    tr("Both are signed with the same key.")
                } }</p>
            </section>
        </>
    }
}

/// Counted items of kinds without a list of their own above (companies behind trackers, and whatever new
/// evidence feeds the grade later).
fn other_counted(counted: &Diff) -> Diff {
    let listed = |id: &str| ["permission:", "special_access:", "tracker:", "finding:", "recipient:"].iter().any(|p| id.starts_with(p));
    Diff {
        added: counted.added.iter().filter(|i| !listed(&i.id)).cloned().collect(),
        removed: counted.removed.iter().filter(|i| !listed(&i.id)).cloned().collect(),
    }
}

/// A score as the page's language writes it (`9,2` in German and French).
fn number(score: f64) -> String {
    super::i18n::language().number(&score.to_string())
}

fn level_words(level: &str) -> String {
    match level {
        "very_high" => tr("very high"),
        "high" => tr("high"),
        "medium" => tr("medium"),
        "low" => tr("low"),
        _ => tr("none"),
    }
}

#[function_component(CompareView)]
pub fn compare_view(props: &CompareProps) -> Html {
    let report = |p: &Phase| match p {
        Phase::Done { report, .. } => Some(report.clone()),
        _ => None,
    };
    let both: Option<(Rc<Report>, Rc<Report>)> = report(&props.first).zip(report(&props.second));
    // Compared from the reports as shown (already in the page's language), then its sentences translated.
    let comparison = both.as_ref().map(|(a, b)| {
        let catalog = super::i18n::catalog();
        let english = crate::analysis::i18n::Catalog::empty(crate::analysis::i18n::Language::En);
        let mut c = compare_in(a, b, catalog.as_deref().unwrap_or(&english));
        if let Some(catalog) = catalog {
            for line in c.summary.iter_mut().chain(c.categories.iter_mut().map(|k| &mut k.name)) {
                *line = catalog.text(line);
            }
        }
        c
    });
    let on_swap = {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::Swap))
    };
    let on_close = {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Action::CloseCompare))
    };
    let on_input = {
        let on_compare = props.on_compare.clone();
        bridge::on_file_chosen(on_compare)
    };
    html! {
        <article class="al-compare" aria-labelledby="al-compare-title" data-testid="compare">
            <div class="al-compare-head">
                <h2 id="al-compare-title">{tr("Two packages side by side")}</h2>
                <div class="al-actions">
                    <button class="al-button" type="button" onclick={on_swap} data-testid="swap">{tr("Swap sides")}</button>
                    <input id="al-compare-other" class="al-visually-hidden" type="file" onchange={on_input} data-testid="compare-other-input" />
                    <label class="al-button" for="al-compare-other">{tr("Choose another second package")}</label>
                    <button class="al-button" type="button" onclick={on_close} data-testid="close-compare">{tr("Close comparison")}</button>
                </div>
            </div>
            <div class="al-compare-sides">
                { view_side(&props.first, &tr("First package"), "side-first") }
                { view_side(&props.second, &tr("Second package"), "side-second") }
            </div>
            if let Some(c) = comparison {
                { view_comparison(&c) }
            }
        </article>
    }
}
