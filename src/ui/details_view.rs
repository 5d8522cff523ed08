//! Technical details: the package's facts (format, SDK levels, languages, size, fingerprint) and its
//! binary documents as readable text (the decoded AndroidManifest.xml), for readers who want the source
//! of every evidence line. Strings from the package are rendered as text.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{tr, trf};

use super::format::{display_text, human_bytes, languages};
use crate::analysis::report::Report;

#[derive(Properties, PartialEq)]
pub struct DetailsProps {
    pub report: Rc<Report>,
}

#[function_component(DetailsView)]
pub fn details_view(props: &DetailsProps) -> Html {
    let r = &props.report;
    let sdk = |v: Option<u32>| v.map_or_else(|| tr("not stated"), |n| format!("API {n}"));
    html! {
        <section class="al-details" data-testid="details" aria-labelledby="al-details-title">
            <h2 id="al-details-title">{tr("Technical details")}</h2>
            <dl class="al-facts">
                <dt>{tr("Package")}</dt><dd><code>{display_text(r.app.id.as_deref().unwrap_or("unknown"))}</code></dd>
                <dt>{tr("Format")}</dt><dd>{tr(r.format.describe())}</dd>
                <dt>{tr("Works from")}</dt><dd>{sdk(r.app.min_sdk)}</dd>
                <dt>{tr("Built for")}</dt><dd>{sdk(r.app.target_sdk)}</dd>
                if !r.app.locales.is_empty() {
                    <dt>{tr("Languages")}</dt><dd data-testid="app-languages">{languages(&r.app.locales)}</dd>
                }
                <dt>{tr("File")}</dt><dd>{format!("{} · {}", display_text(&r.file.name), human_bytes(r.file.size as f64))}</dd>
                <dt>{"SHA-256"}</dt><dd class="al-hash" data-testid="sha256">{&r.file.sha256}</dd>
                if let Some(risk) = &r.risk {
                    <dt>{tr("Risk model")}</dt><dd>{trf("version {n} (data/risk_model.tsv)", &[("n", &risk.model_version.to_string())])}</dd>
                }
            </dl>
            { for r.decoded_files.iter().map(|f| html! {
                <details class="al-evidence al-decoded" data-testid="decoded-file">
                    <summary>{ if f.truncated {
                        trf("{path}, decoded as text (cut: too long to show whole)", &[("path", &display_text(&f.path))])
                    } else {
                        trf("{path}, decoded as text", &[("path", &display_text(&f.path))])
                    } }</summary>
                    <pre class="al-source" tabindex="0" aria-label={trf("{path} as text", &[("path", &display_text(&f.path))])}><code>{display_text(&f.text)}</code></pre>
                </details>
            }) }
        </section>
    }
}

