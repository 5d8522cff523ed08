//! What AppLens noticed in the manifest and network settings: each finding with its severity, title,
//! plain-language explanation and the exact lines behind it (a click away). Strings are rendered as text.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::tr;

use super::format::severity_words;
use super::permissions_view::view_evidence;
use crate::analysis::knowledge::catalogue::category;
use crate::analysis::report::{Finding, Report, Severity};

/// Evidence lines shown per finding; a hostile manifest can produce tens of thousands (the JSON keeps all).
const SHOWN_EVIDENCE: usize = 50;

#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    pub report: Rc<Report>,
}

#[function_component(FindingsView)]
pub fn findings_view(props: &FindingsProps) -> Html {
    let findings = &props.report.findings;
    html! {
        <section class="al-findings" data-testid="findings">
            <h2>{tr("What we noticed")}</h2>
            if findings.is_empty() {
                <p>{tr("Nothing of note in the parts AppLens examined.")}</p>
            } else {
                <ul class="al-finding-list">{ for findings.iter().map(view_finding) }</ul>
            }
        </section>
    }
}

fn view_finding(f: &Finding) -> Html {
    let severity = match f.severity {
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
        Severity::Info => "info",
    };
    let count = f.evidence.len();
    html! {
        <li class={classes!("al-finding", format!("al-sev-{severity}"))} data-finding={f.id.clone()} data-severity={severity}>
            <div class="al-finding-head">
                <span class="al-severity">{severity_words(f.severity)}</span>
                <span class="al-finding-title">{&f.title}</span>
            </div>
            <p class="al-finding-text">{&f.explanation}</p>
            <details class="al-evidence">
                <summary>{format!("Evidence ({count} line{})", if count == 1 { "" } else { "s" })}</summary>
                { for f.evidence.iter().take(SHOWN_EVIDENCE).map(view_evidence) }
                if count > SHOWN_EVIDENCE {
                    <p class="al-muted">{format!("… and {} more: the downloaded JSON report lists them all.", count - SHOWN_EVIDENCE)}</p>
                }
                <p class="al-muted">{super::i18n::trf("Counts towards: {category} · rule {id}", &[("category", &super::i18n::tx(category(&f.category).map_or(f.category.as_str(), |c| c.name))), ("id", &f.id)])}</p>
            </details>
        </li>
    }
}
