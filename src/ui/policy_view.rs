//! The organisation's policy on the page: the bar that loads one ("Check against a policy") and says which
//! is in force, and the verdict shown first in every report, in words an employee can act on.

use std::rc::Rc;

use web_sys::File;
use yew::prelude::*;

use super::i18n::{policy_error_tx, tr, trf};

use super::bridge;
use super::format::display_text;
use super::state::PolicyState;
use crate::analysis::report::{PolicyReason, PolicyVerdict, Report};

#[derive(Properties, PartialEq)]
pub struct PolicyBarProps {
    pub policy: PolicyState,
    /// In the widget the host chose the policy: it cannot be removed or replaced from inside.
    pub fixed: bool,
    pub on_file: Callback<File>,
    pub on_clear: Callback<()>,
}

#[function_component(PolicyBar)]
pub fn policy_bar(props: &PolicyBarProps) -> Html {
    let on_input = bridge::on_file_chosen(props.on_file.clone());
    let on_clear = {
        let cb = props.on_clear.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let chooser = |label: &str| {
        html! {
            <>
                <input id="al-policy-file" class="al-visually-hidden" type="file" accept=".json,application/json" onchange={on_input.clone()} data-testid="policy-input" />
                <label class="al-button al-small" for="al-policy-file">{label.to_string()}</label>
            </>
        }
    };
    match &props.policy {
        PolicyState::None if props.fixed => html! {},
        PolicyState::None => html! {
            <section class="al-policy-bar" aria-label={tr("Organisation policy")} data-testid="policy-bar" data-policy-state="none">
                <p class="al-muted">{tr("Does your organisation have rules for the apps on work phones? Load its policy file and every app is checked against it.")}</p>
                <div class="al-actions">{ chooser(&tr("Check against a policy")) }</div>
            </section>
        },
        PolicyState::Loading { source } => html! {
            <section class="al-policy-bar" aria-label={tr("Organisation policy")} data-testid="policy-bar" data-policy-state="loading">
                <p role="status">{trf("Loading the policy {source}…", &[("source", &display_text(source))])}</p>
            </section>
        },
        PolicyState::Ready { policy, source } => html! {
            <section class="al-policy-bar al-policy-ready" aria-label={tr("Organisation policy")} data-testid="policy-bar" data-policy-state="ready">
                <p>
                    {tr("Checking against ")}<strong data-testid="policy-name">{display_text(&policy.name)}</strong>
                    if !props.fixed {
                        <span class="al-muted">{format!(" ({})", display_text(source))}</span>
                    }
                </p>
                if let Some(d) = &policy.description {
                    <p class="al-muted al-policy-description">{display_text(d)}</p>
                }
                if !props.fixed {
                    <div class="al-actions">
                        { chooser(&tr("Use another policy")) }
                        <button type="button" class="al-button al-small" onclick={on_clear} data-testid="policy-clear">{tr("Remove the policy")}</button>
                    </div>
                }
            </section>
        },
        PolicyState::Failed { source, message } => html! {
            <section class="al-policy-bar al-error" role="alert" aria-label={tr("Organisation policy")} data-testid="policy-bar" data-policy-state="failed">
                <h2 class="al-policy-error-title">{tr("This policy cannot be used")}</h2>
                <p class="al-error-file">{display_text(source)}</p>
                <p data-testid="policy-error">{display_text(&policy_error_tx(message))}</p>
                <p>{tr("No app is checked until a policy that can be used is loaded, so that no verdict is missing by mistake.")}</p>
                if !props.fixed {
                    <div class="al-actions">
                        { chooser(&tr("Load another policy")) }
                        <button type="button" class="al-button al-small" onclick={on_clear} data-testid="policy-clear">{tr("Check without a policy")}</button>
                    </div>
                }
            </section>
        },
    }
}

#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    pub report: Rc<Report>,
}

/// The verdict, first in the report: what to do, why, whom to ask.
#[function_component(VerdictView)]
pub fn verdict_view(props: &VerdictProps) -> Html {
    let Some(p) = &props.report.policy else { return html! {} };
    let (word, class) = match p.verdict {
        PolicyVerdict::Allowed => (tr("Allowed"), "al-verdict-allowed"),
        PolicyVerdict::Warn => (tr("Allowed with a warning"), "al-verdict-warn"),
        PolicyVerdict::Blocked => (tr("Blocked"), "al-verdict-blocked"),
    };
    let blocks: Vec<&PolicyReason> = p.reasons.iter().filter(|r| r.action == "block").collect();
    let warns: Vec<&PolicyReason> = p.reasons.iter().filter(|r| r.action == "warn").collect();
    let lifted = p.allowed_by.is_some();
    html! {
        <section class={classes!("al-card", "al-policy-verdict", class)} aria-labelledby="al-policy-verdict-title"
            data-testid="policy-verdict" data-verdict={p.verdict.as_str()}>
            <h2 id="al-policy-verdict-title" class="al-policy-verdict-title">
                <span class="al-verdict-word" data-testid="policy-verdict-word">{word}</span>
                <span class="al-muted al-policy-by">{tr(" by ")}{display_text(&p.name)}</span>
            </h2>
            <p data-testid="policy-summary">{display_text(&p.summary)}</p>
            if let Some(a) = &p.allowed_by {
                <p class="al-policy-allowed-by" data-rule={a.rule.clone()}>{display_text(&a.message)}</p>
            }
            { reason_list(&if lifted { tr("It would otherwise be blocked because:") } else { tr("Why it is blocked:") }, &blocks) }
            { reason_list(&if lifted || !blocks.is_empty() { tr("Also worth knowing:") } else { tr("Why the warning:") }, &warns) }
            if let Some(c) = &p.contact {
                <p class="al-policy-contact" data-testid="policy-contact">{display_text(c)}</p>
            }
        </section>
    }
}

fn reason_list(title: &str, reasons: &[&PolicyReason]) -> Html {
    if reasons.is_empty() {
        return html! {};
    }
    html! {
        <>
            <h3 class="al-policy-reasons-title">{title.to_string()}</h3>
            <ul class="al-policy-reasons" data-testid="policy-reasons">
                { for reasons.iter().map(|r| html! {
                    <li data-rule={r.rule.clone()}>
                        {display_text(&r.message)}
                        if !r.evidence.is_empty() {
                            <details class="al-evidence">
                                <summary>{tr("Evidence")}</summary>
                                <ul>
                                    { for r.evidence.iter().map(|e| html! {
                                        <li><span class="al-muted">{display_text(&e.location)}{": "}</span><code>{display_text(&e.text)}</code></li>
                                    }) }
                                </ul>
                            </details>
                        }
                    </li>
                }) }
            </ul>
        </>
    }
}
