//! "How the grade comes about": a bar per risk category (SVG bars, with the level and score in words so
//! the chart reads without colour), each a button that lists exactly the items behind it with their
//! points; the grade's own list shows them all. The words come from the report (`report.risk`).

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{tr, trf};

use super::bridge;
use super::format::{display_text, short_permission_name};
use crate::analysis::report::Report;
use crate::analysis::risk::{CategoryRisk, Contribution, Risk};

#[derive(Properties, PartialEq)]
pub struct RiskProps {
    pub report: Rc<Report>,
    /// `Some("all")` for the grade, `Some(category id)`, or `None`.
    pub selected: Option<String>,
    pub on_select: Callback<Option<String>>,
}

/// The source of an item in words, for the trace list.
fn source_words(source: &str) -> String {
    tr(match source {
        "permission" => "permission",
        "special_access" => "special access",
        "finding" => "finding",
        "tracker" => "tracker",
        "recipient" => "company",
        _ => "item",
    })
}

/// `8`, `1.2`: points as people write them (`1,2` in German and French).
fn points(p: f64) -> String {
    let rounded = (p * 10.0).round() / 10.0;
    let english = if rounded.fract() == 0.0 { format!("{rounded:.0}") } else { format!("{rounded:.1}") };
    super::i18n::language().number(&english)
}

/// Categories with a score, highest first (ties in the model's order).
pub fn scored(risk: &Risk) -> Vec<&CategoryRisk> {
    let mut list: Vec<&CategoryRisk> = risk.categories.iter().filter(|c| c.score > 0.0).collect();
    list.sort_by(|a, b| b.score.total_cmp(&a.score));
    list
}

/// One horizontal bar, 0 to 10, as SVG (hidden from screen readers: the words beside it say the same).
pub fn bar(score: f64, level: &str) -> Html {
    let width = format!("{:.1}", (score * 10.0).clamp(0.0, 100.0));
    html! {
        <svg class="al-bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect class="al-bar-track" x="0" y="0" width="100" height="10" rx="1.5" />
            <rect class={classes!("al-bar-fill", format!("al-lv-{level}"))} x="0" y="0" width={width} height="10" rx="1.5" />
        </svg>
    }
}

fn view_item(i: &Contribution) -> Html {
    let id = if i.source == "permission" { short_permission_name(&i.id) } else { i.id.as_str() };
    let added = if (i.counted - i.points).abs() < 1e-9 {
        trf("+{n} (heaviest, counted in full)", &[("n", &points(i.counted))])
    } else {
        trf("+{n} (a fifth of its {points} points)", &[("n", &points(i.counted)), ("points", &points(i.points))])
    };
    html! {
        <li class="al-trace-item" data-source={i.source.clone()} data-id={i.id.clone()}>
            <span class="al-trace-points">{added}</span>
            <span class="al-trace-text">{display_text(&i.text)}</span>
            <span class="al-trace-source">{source_words(&i.source)}{" "}<code>{display_text(id)}</code></span>
        </li>
    }
}

/// The items of one category and how they add up.
fn view_category_trace(c: &CategoryRisk, heading_level: u8) -> Html {
    let sum: f64 = c.items.iter().map(|i| i.counted).sum();
    let parts: Vec<String> = c.items.iter().map(|i| points(i.counted)).collect();
    let formula = match c.items.len() {
        0 | 1 => points(c.score),
        _ if sum > 10.0 + 1e-9 => trf("{sum} = {total}, capped at 10", &[("sum", &parts.join(" + ")), ("total", &points(sum))]),
        _ => format!("{} = {}", parts.join(" + "), points(c.score)),
    };
    let title = trf("{name}: {level} ({score} of 10)", &[("name", &c.name), ("level", &c.level_name.to_lowercase()), ("score", &points(c.score))]);
    html! {
        <div class="al-trace-category" data-category={c.id.clone()}>
            if heading_level == 3 { <h3>{title}</h3> } else { <h4>{title}</h4> }
            <p class="al-muted">{trf("Score: {formula}. {description}", &[("formula", &formula), ("description", &c.description)])}</p>
            <ul class="al-trace-list">{ for c.items.iter().map(view_item) }</ul>
        </div>
    }
}

fn view_all(risk: &Risk, heading: bool) -> Html {
    html! {
        <>
            if heading { <h3>{trf("Everything behind grade {grade}", &[("grade", &risk.grade)])}</h3> }
            <p>{&risk.reason}</p>
            <p class="al-muted">{trf(
                "All categories together score {total} (the sum of the scores below); the highest scores {worst}.",
                &[("total", &points(risk.total)), ("worst", &points(risk.worst))]
            )}</p>
            if !risk.axes.is_empty() {
                <p class="al-muted" data-testid="axes-trace">{ risk.axes.iter().map(|a| trf(
                    "{name}: {score} (grade {grade} alone).", &[("name", &a.name), ("score", &points(a.score)), ("grade", &a.grade)]
                )).collect::<Vec<_>>().join(" ") }</p>
            }
            { for scored(risk).into_iter().map(|c| view_category_trace(c, 4)) }
            if !risk.unplaced.is_empty() {
                <div class="al-trace-category">
                    <h4>{tr("Not counted: AppLens could not place these in a category")}</h4>
                    <ul class="al-trace-list">{ for risk.unplaced.iter().map(view_item) }</ul>
                </div>
            }
        </>
    }
}

#[function_component(RiskView)]
pub fn risk_view(props: &RiskProps) -> Html {
    let trace_ref = use_node_ref();
    {
        // Moving focus to the list a button opened lets keyboard and screen-reader users read it at once.
        let trace_ref = trace_ref.clone();
        use_effect_with(props.selected.clone(), move |selected| {
            if selected.is_some() {
                bridge::focus(&trace_ref);
            }
        });
    }
    let Some(risk) = props.report.risk.as_ref() else { return html! {} };
    let rows = scored(risk);
    let quiet: Vec<&str> = risk.categories.iter().filter(|c| c.score <= 0.0).map(|c| c.name.as_str()).collect();
    let selected = props.selected.as_deref();
    let toggle = |id: &str| {
        let on_select = props.on_select.clone();
        let id = id.to_string();
        let open = selected == Some(id.as_str());
        Callback::from(move |_: MouseEvent| on_select.emit(if open { None } else { Some(id.clone()) }))
    };
    let selected_category = selected.and_then(|id| risk.categories.iter().find(|c| c.id == id));
    html! {
        <section class="al-risk" aria-labelledby="al-risk-title" data-testid="risk">
            <h2 id="al-risk-title">{tr("How the grade comes about")}</h2>
            <p data-testid="grade-reason">{&risk.reason}</p>
            <p class="al-muted">{tr("Each bar is one kind of risk, scored 0 to 10 from the items behind it.")}<span class="al-screen-only">{tr(" Choose a bar to see exactly what counts.")}</span></p>
            <ul class="al-chart" data-testid="chart" aria-label={tr("Risk by category, 0 to 10")}>
                { for rows.iter().map(|c| {
                    let pressed = selected == Some(c.id.as_str());
                    html! {
                        <li>
                            <button type="button" class={classes!("al-bar-row", pressed.then_some("al-pressed"))} aria-pressed={pressed.to_string()}
                                aria-controls="al-trace" data-category={c.id.clone()} data-level={c.level.clone()} onclick={toggle(&c.id)}>
                                <span class="al-bar-name">{&c.name}</span>
                                { bar(c.score, &c.level) }
                                <span class="al-bar-value">{format!("{} · {}", c.level_name, points(c.score))}</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
            if !quiet.is_empty() {
                <p class="al-muted al-quiet" data-testid="quiet-categories">{trf("Nothing counted in: {list}.", &[("list", &quiet.join(", "))])}</p>
            }
            <p>
                <button type="button" class="al-button al-small" aria-controls="al-trace" aria-pressed={(selected == Some("all")).to_string()}
                    onclick={toggle("all")} data-testid="show-all">
                    {trf("Show everything behind grade {grade}", &[("grade", &risk.grade)])}
                </button>
            </p>
            <div id="al-trace" class="al-trace" tabindex="-1" ref={trace_ref} data-testid="trace" role="region" aria-label={tr("What counts towards the grade")}>
                if selected == Some("all") {
                    { view_all(risk, true) }
                } else if let Some(c) = selected_category {
                    { view_category_trace(c, 3) }
                }
            </div>
            // Printed reports carry the whole breakdown (the screen shows it on demand).
            // Rendered after the report is on screen (src/ui/progressive.rs), and at once when printing.
            { super::progressive::deferred(html! {
                <div class="al-print-only al-trace">
                    { view_all(risk, false) }
                </div>
            }) }
            <details class="al-how">
                <summary>{tr("How is the grade worked out?")}</summary>
                <p>{tr("Every permission Android would give the app, every special access it declares, every finding and every tracker counts in one category, with points from 0 to 10: a permission by how much harm its misuse could do, a finding by its severity (high 6, medium 3, low 1), a tracker by its kind (advertising 6, analytics 4), and each company behind trackers 3 more under \"Where the data goes\".")}</p>
                <p>{tr("A category's score is its heaviest item plus a fifth of each other item, at most 10. The grade is the best of A to F whose two limits the app stays within: the sum of all category scores, and the highest single score (A: 5 and 3; B: 12 and 5; C: 20 and 8; D: 32 and 9.5; E: 48 and 10; F: above).")}</p>
                <p>{tr("Parts AppLens could not examine lower the confidence shown with the grade, never the grade itself. The grade measures what the app can reach, not what it does with it: a map app needs your location.")}</p>
            </details>
        </section>
    }
}
