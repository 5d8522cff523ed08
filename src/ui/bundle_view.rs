//! For split sets and App Bundles: what the container holds, in words (the report's `bundle`).

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{tr, trf};

use crate::analysis::report::{Report, SplitKind};

#[derive(Properties, PartialEq)]
pub struct BundleProps {
    pub report: Rc<Report>,
}

#[function_component(BundleView)]
pub fn bundle_view(props: &BundleProps) -> Html {
    let Some(bundle) = &props.report.bundle else { return html! {} };
    let list = |items: &[String]| if items.is_empty() { tr("none") } else { items.join(", ") };
    let count = |kind: SplitKind| bundle.splits.iter().filter(|s| s.kind == kind).count();
    html! {
        <section class="al-bundle" data-testid="bundle">
            <h2>{tr("What's in the package")}</h2>
            <p>{ trf(
                "Android installs these {n} parts together as one app. Identity and permissions come from the base{base}.",
                &[("n", &bundle.splits.len().to_string()), ("base", &bundle.base.as_deref().map(|b| format!(" ({b})")).unwrap_or_default())]
            ) }</p>
            <dl class="al-facts">
                <dt>{tr("Processor types")}</dt><dd data-testid="bundle-abis">{list(&bundle.abis)}</dd>
                <dt>{tr("Language packs")}</dt><dd>{ format!("{} ({})", count(SplitKind::Language), list(&bundle.languages)) }</dd>
                <dt>{tr("Screen densities")}</dt><dd>{list(&bundle.densities)}</dd>
                <dt>{tr("Feature modules")}</dt><dd data-testid="bundle-features">{list(&bundle.features)}</dd>
            </dl>
            <details class="al-evidence">
                <summary>{tr("Every part")}</summary>
                <ul class="al-plain-list">
                    { for bundle.splits.iter().map(|s| html! {
                        <li><code>{&s.file}</code>{" "}<span class="al-muted">{format!("{:?}", s.kind).to_ascii_lowercase()}</span></li>
                    }) }
                </ul>
            </details>
        </section>
    }
}
