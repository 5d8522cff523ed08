//! The page: intake (drop zone, file picker, sample), progress, then the report, a comparison of two
//! packages, or a plain error.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Blob, DragEvent, Event, File, FileList, HtmlInputElement};
use yew::prelude::*;

use super::bridge::{self, Analysis};
use super::compare_view::CompareView;
use super::help_view::HelpPanel;
use super::policy_view::PolicyBar;
use super::format::{human_bytes, human_duration};
use super::messages::FromWorker;
use super::report_view::ReportView;
use super::state::{reduce, Action, Failure, Phase, PolicyState, RunStats, State};
use super::i18n::{self, policy_error_tx, tr, trf};
use crate::analysis::i18n::pack::Part;
use crate::analysis::i18n::{translate_json, Catalog, Language};
use crate::analysis::policy::parse_policy;

#[derive(Default)]
struct PageState(State);

impl Reducible for PageState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(PageState(reduce(&self.0, action)))
    }
}

/// Starts the analysis of one package into a slot (0: the report, 1: the package to compare with).
type Begin = Rc<dyn Fn(usize, String, Blob)>;

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(PageState::default);
    // Outlive renders: the running analyses, one per slot (dropping one terminates its worker), and the
    // last run id.
    let running = use_mut_ref(|| [None::<Analysis>, None::<Analysis>]);
    let next_run = use_mut_ref(|| Cell::new(0u32));
    let dragging = use_state(|| false);
    // Read once: the address does not change while the page is open.
    let params = use_state(bridge::page_params);
    // The language chosen (address, earlier choice, browser), and its catalog once fetched: until then, and
    // for English, the page speaks English. The catalog comes in parts (`analysis/i18n/pack.rs`): the common
    // one with the language, a platform's when a report of that platform is on the way or shown; each part
    // is fetched once per language and kept (`fetched`), and the catalog is set when all it needs are in.
    let lang = use_state(|| bridge::initial_language(params.lang.as_deref()));
    let catalog = use_state(|| None::<(Rc<Catalog>, Vec<Part>)>);
    let fetched = use_mut_ref(Vec::<(Language, Part, Rc<str>)>::new);
    let generation = use_mut_ref(|| Cell::new(0u32));
    let parts = needed_parts(&state.0);
    // Whether the catalog holds every part the page needs now (a failure's message waits for its part).
    let complete = *lang == Language::En || catalog.as_ref().is_some_and(|(c, have)| c.language == *lang && *have == parts);
    {
        let catalog = catalog.clone();
        use_effect_with((*lang, parts), move |(lang, parts)| {
            let (lang, parts) = (*lang, parts.clone());
            // A later language or need supersedes this one: its answer is dropped when it comes back late.
            let run = generation.borrow().get().wrapping_add(1);
            generation.borrow().set(run);
            if lang == Language::En {
                catalog.set(None);
            } else if catalog.as_ref().is_none_or(|(c, have)| c.language != lang || *have != parts) {
                wasm_bindgen_futures::spawn_local(async move {
                    let mut built = Catalog::empty(lang);
                    for part in &parts {
                        let known = fetched.borrow().iter().find(|(l, p, _)| *l == lang && p == part).map(|(.., t)| t.clone());
                        let text = match known {
                            Some(text) => text,
                            None => match bridge::fetch_catalog(lang.code(), part.name()).await {
                                Ok(text) => {
                                    let text: Rc<str> = Rc::from(text);
                                    fetched.borrow_mut().push((lang, *part, text.clone()));
                                    text
                                }
                                // The page stays readable in English (or without this part); the console says why.
                                Err(message) => {
                                    web_sys::console::error_1(&message.into());
                                    continue;
                                }
                            },
                        };
                        built.add_packed(&text);
                    }
                    if generation.borrow().get() == run {
                        catalog.set(Some((Rc::new(built), parts)));
                    }
                });
            }
        });
    }
    let shown = catalog.as_ref().map_or(Language::En, |(c, _)| c.language);
    let shown_parts = catalog.as_ref().map(|(_, p)| p.clone()).unwrap_or_default();
    // Every tr() of this render, and of the components it renders, reads this.
    i18n::set_catalog(catalog.as_ref().map(|(c, _)| c.clone()));
    use_effect_with(shown, |shown| bridge::set_document_language(shown.code()));
    let on_language = {
        let lang = lang.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) else { return };
            if let Some(l) = Language::from_tag(&select.value()) {
                bridge::remember_language(l.code());
                lang.set(l);
            }
        })
    };

    // A policy named in the address (`?policy=`, or the widget's `policy` attribute) is loaded before any
    // package is analysed; the widget tells its host it is ready.
    {
        let state = state.clone();
        let params = (*params).clone();
        use_effect_with((), move |_| {
            if let Some(path) = params.policy.clone() {
                let source = path.clone();
                load_policy(state, source, async move { bridge::fetch_policy(&path).await });
            }
            if params.embed {
                // The language asked for (the catalog may still be on its way): the one the widget will speak.
                bridge::tell_host(&super::embed::envelope(0, &super::embed::ready(), bridge::initial_language(params.lang.as_deref()).code()));
            }
        });
    }
    let begin: Begin = {
        let state = state.clone();
        let running = running.clone();
        let next_run = next_run.clone();
        Rc::new(move |slot: usize, name: String, blob: Blob| {
            let run_id = next_run.borrow().get().wrapping_add(1);
            next_run.borrow().set(run_id);
            if let Some(why) = state.0.policy.blocks_analysis() {
                state.dispatch(Action::Start { slot, run_id, file_name: name.clone() });
                state.dispatch(Action::Failed { run_id, file_name: name, failure: Failure::classify("policy", &why) });
                return;
            }
            {
                let mut runs = running.borrow_mut();
                // A new single analysis cancels both runs; a comparison replaces only its own side.
                if slot == 0 {
                    runs[0].take();
                    runs[1].take();
                } else if let Some(r) = runs.get_mut(slot) {
                    r.take();
                }
            }
            state.dispatch(Action::Start { slot, run_id, file_name: name.clone() });
            let dispatch_state = state.clone();
            let finished_run = running.clone();
            let file_name = name.clone();
            let on_message = Callback::from(move |message: FromWorker| match message {
                FromWorker::Ready => {}
                FromWorker::Progress { run_id, stage, overall } => dispatch_state.dispatch(Action::Progress { run_id, stage, overall }),
                FromWorker::Report { run_id, report_json, millis, wasm_memory_bytes, stage_millis } => {
                    // Marks for the render benchmark (tests/e2e/bench-render.mjs): reading the report, then
                    // its first render (report_view.rs).
                    bridge::mark("applens:report-received");
                    let parsed = super::report_read::read_report(&report_json);
                    bridge::mark("applens:report-parsed");
                    match parsed {
                        // Rendered in a task of its own: reading the report and rendering it never add
                        // up to one long task (src/ui/progressive.rs renders the rest in pieces).
                        Ok(report) => {
                            let state = dispatch_state.clone();
                            let action = Action::Finished {
                                run_id,
                                report: Rc::new(report),
                                report_json: Rc::from(report_json),
                                stats: RunStats { millis, wasm_memory_bytes, stage_millis },
                            };
                            bridge::next_task(move || state.dispatch(action));
                        }
                        Err(e) => dispatch_state.dispatch(Action::Failed {
                            run_id,
                            file_name: file_name.clone(),
                            failure: Failure::classify("internal", &format!("the report could not be read: {e}")),
                        }),
                    }
                    // The worker's job is done; let it go (its memory figure is already in the stats).
                    if let Ok(mut runs) = finished_run.try_borrow_mut() {
                        if let Some(r) = runs.get_mut(slot) {
                            r.take();
                        }
                    }
                }
                FromWorker::Error { run_id, message, error_kind } => dispatch_state.dispatch(Action::Failed {
                    run_id,
                    file_name: file_name.clone(),
                    failure: Failure::classify(&error_kind, &message),
                }),
            });
            match Analysis::start(run_id, &name, blob, on_message) {
                Ok(analysis) => {
                    if let Some(r) = running.borrow_mut().get_mut(slot) {
                        *r = Some(analysis);
                    }
                }
                Err(message) => state.dispatch(Action::Failed { run_id, file_name: name, failure: Failure::classify("internal", &message) }),
            }
        })
    };

    // One file: a report; two (chosen or dropped together): a comparison, the first as "before".
    let on_files = {
        let begin = begin.clone();
        Callback::from(move |files: FileList| {
            let first = files.get(0);
            let second = files.get(1);
            if let Some(f) = first {
                begin(0, f.name(), f.into());
            }
            if let Some(f) = second {
                begin(1, f.name(), f.into());
            }
        })
    };
    let on_input = {
        let on_files = on_files.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            if let Some(files) = input.files() {
                on_files.emit(files);
            }
            input.set_value(""); // choosing the same file again still triggers a new analysis
        })
    };
    let on_compare_file = {
        let begin = begin.clone();
        Callback::from(move |file: File| begin(1, file.name(), file.into()))
    };
    let on_drop = {
        let on_files = on_files.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(files) = e.data_transfer().and_then(|d| d.files()) {
                on_files.emit(files);
            }
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_sample = {
        let begin = begin.clone();
        let state = state.clone();
        let next_run = next_run.clone();
        Callback::from(move |_: MouseEvent| {
            let begin = begin.clone();
            let state = state.clone();
            let next_run = next_run.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match bridge::fetch_sample().await {
                    Ok(blob) => begin(0, bridge::SAMPLE_NAME.to_string(), blob),
                    Err(message) => {
                        let run_id = next_run.borrow().get().wrapping_add(1);
                        next_run.borrow().set(run_id);
                        state.dispatch(Action::Start { slot: 0, run_id, file_name: bridge::SAMPLE_NAME.into() });
                        state.dispatch(Action::Failed {
                            run_id,
                            file_name: bridge::SAMPLE_NAME.into(),
                            failure: Failure::classify("io", &message),
                        });
                    }
                }
            });
        })
    };
    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let on_policy_file = {
        let state = state.clone();
        Callback::from(move |file: File| load_policy(state.clone(), file.name(), bridge::read_policy_file(file)))
    };
    let on_policy_clear = {
        let state = state.clone();
        Callback::from(move |()| state.dispatch(Action::PolicyCleared))
    };

    let s = &state.0;
    let busy = s.busy();
    let embed = params.embed;
    let started = !matches!(s.phase(0), Phase::Idle);
    let zone_class = classes!("al-dropzone", dragging.then_some("al-dragging"), started.then_some("al-dropzone-compact"));
    // The reports as the reader reads them: translated from the English the worker wrote, again whenever the
    // language changes, without analysing anything again.
    let phases = use_memo((s.phase(0).clone(), s.phase(1).clone(), shown, shown_parts), |(first, second, ..)| {
        let catalog = i18n::catalog();
        (translate_phase(first, catalog.as_deref()), translate_phase(second, catalog.as_deref()))
    });
    let (phase0, phase1) = &*phases;
    // The widget's host hears of the progress, the result and errors (summaries only: `ui::embed`), in the
    // language the widget shows them: the translated report, each message marked with its `lang`.
    {
        // A failure is told once its message can be in the widget's language (its part is fetched after it).
        let waiting = matches!(phase0, Phase::Failed { .. }) && !complete;
        let message = if params.embed && !waiting { host_message(&state.0, phase0, params.share_fingerprint, shown) } else { None };
        use_effect_with(message, |message| {
            if let Some(m) = message {
                bridge::tell_host(m);
            }
        });
    }
    let picker = html! {
        <label class="al-language">
            <span class="al-visually-hidden">{tr("Language")}</span>
            <select onchange={on_language} data-testid="language-picker" aria-label={tr("Language")}>
                { for Language::ALL.iter().map(|l| html! {
                    <option value={l.code()} lang={l.code()} selected={*l == *lang}>{l.native_name()}</option>
                }) }
            </select>
        </label>
    };
    let policy_bar = html! {
        <PolicyBar policy={s.policy.clone()} fixed={embed} on_file={on_policy_file} on_clear={on_policy_clear} />
    };
    html! {
        <div class="al-page">
            <header class="al-header">
                <h1 class="al-brand">{"AppLens"}</h1>
                <p class="al-tagline">{tr("See what an app can reach before you install it. Your file never leaves this device.")}</p>
                { picker }
            </header>
            // Keyed by the language: a change renders every component again in the new language.
            <main class="al-main" key={shown.code()}>
                <section class={zone_class} aria-labelledby="al-drop-title"
                    ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                    <h2 id="al-drop-title" class="al-drop-title">{tr("Drop an app package here")}</h2>
                    <p class="al-drop-formats">{tr("Android APK, XAPK, APKS, APKM, AAB · iOS IPA · two files at once to compare them")}</p>
                    <div class="al-actions">
                        <input id="al-file" class="al-visually-hidden" type="file" multiple=true onchange={on_input} data-testid="file-input" />
                        <label class="al-button al-primary" for="al-file">{tr("Choose a file")}</label>
                        <button class="al-button" type="button" onclick={on_sample} disabled={busy} data-testid="sample-button">
                            {tr("Try a sample")}
                        </button>
                    </div>
                    <p class="al-promise">{tr("The package is read inside this browser tab. Nothing is uploaded: not the file, not its fingerprint, not any statistics.")}</p>
                </section>
                { policy_bar }
                if !started {
                    <HelpPanel />
                }
                if s.comparing {
                    <CompareView first={phase0.clone()} second={phase1.clone()} dispatch={dispatch} on_compare={on_compare_file.clone()} />
                } else {
                    { view_phase(phase0, &on_compare_file, embed) }
                }
            </main>
            if !embed {
                <footer class="al-footer">
                    <p>{tr("AppLens runs entirely in your browser. Permission data: Android Open Source Project (Apache-2.0).")}</p>
                </footer>
            }
        </div>
    }
}

/// The parts of the catalog the page needs now: the common one, and each platform whose report is shown or
/// being made (guessed from the file's name while it runs, so that the part is there when the report is).
fn needed_parts(state: &State) -> Vec<Part> {
    let mut parts = vec![Part::Common];
    // A policy's verdicts and reasons: only while one is given (most readers have none).
    if !matches!(state.policy, crate::ui::state::PolicyState::None) {
        parts.push(Part::Policy);
    }
    for slot in 0..2 {
        let wanted = match state.phase(slot) {
            Phase::Done { report, .. } => Part::for_report(report),
            Phase::Running { file_name, .. } if file_name.to_ascii_lowercase().ends_with(".ipa") => vec![Part::Ios],
            Phase::Running { .. } => vec![Part::Android],
            // A failed analysis shows the parser's own message (`view_failure`).
            Phase::Failed { .. } => vec![Part::Diagnostics],
            _ => Vec::new(),
        };
        for part in wanted {
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
    }
    parts
}

/// A finished report in the catalog's language (English: as it is).
fn translate_phase(phase: &Phase, catalog: Option<&Catalog>) -> Phase {
    match (phase, catalog) {
        (Phase::Done { report_json, stats, .. }, Some(catalog)) if catalog.language != Language::En => {
            // Through the JSON: the page has a reader for `Report` but no writer (see i18n/walk.rs).
            let translated = translate_json(report_json, catalog)
                .ok()
                .and_then(|json| super::report_read::read_report(&json).ok().map(|report| (report, json)));
            match translated {
                Some((report, json)) => Phase::Done { report: Rc::new(report), report_json: Rc::from(json), stats: stats.clone() },
                None => phase.clone(),
            }
        }
        _ => phase.clone(),
    }
}

/// Loads a policy's text (from the address or a chosen file) into the state: loading, then ready or refused.
fn load_policy(state: UseReducerHandle<PageState>, source: String, text: impl std::future::Future<Output = Result<String, String>> + 'static) {
    state.dispatch(Action::PolicyLoading { source: source.clone() });
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = text.await.and_then(|t| parse_policy(&t).map_err(|e| e.to_string()));
        state.dispatch(match loaded {
            Ok(policy) => Action::PolicyLoaded { source, policy: Rc::new(policy) },
            Err(message) => Action::PolicyFailed { source, message },
        });
    });
}

/// What the widget's host should hear about slot 0 now, as JSON; the effect sends it when it changes (so a
/// re-render with the same state sends nothing twice).
fn host_message(s: &State, shown: &Phase, share_fingerprint: bool, lang: Language) -> Option<String> {
    use super::embed;
    let slot = s.slots.first()?;
    let message = match &slot.phase {
        Phase::Idle => match &s.policy {
            PolicyState::Failed { source, message } => {
                embed::error(&trf("The policy {source} cannot be used: {message}", &[("source", source), ("message", &policy_error_tx(message))]))
            }
            _ => return None,
        },
        Phase::Running { stage, overall, .. } => embed::progress(&tr(stage), *overall),
        // The report as the widget shows it (`shown` is slot 0 translated).
        Phase::Done { report, .. } => match shown {
            Phase::Done { report, .. } => embed::result(report, share_fingerprint),
            _ => embed::result(report, share_fingerprint),
        },
        Phase::Failed { failure, .. } => embed::error(&format!("{} {}", tr(failure.title()), i18n::tx(&failure.message))),
    };
    Some(embed::envelope(slot.run_id, &message, lang.code()))
}

/// The progress of one analysis: a bar, the stage in words and the stages already done.
pub fn view_progress(file_name: &str, stage: &str, overall: f64, stages: &[String]) -> Html {
    let percent = (overall * 100.0).round();
    let done = stages.len().saturating_sub(1);
    html! {
        <section class="al-progress" aria-labelledby="al-progress-title" data-testid="progress">
            <h2 id="al-progress-title" class="al-progress-file">{tr("Checking ")}<span class="al-file-name">{file_name}</span></h2>
            <progress max="100" value={percent.to_string()} aria-label={trf("Checking {file}", &[("file", file_name)])}></progress>
            // Only the stage is announced (when it changes); the percentage is the progress bar's.
            <p class="al-progress-stage" data-testid="progress-stage"><span role="status">{format!("{}…", tr(stage))}</span>{format!(" {percent}%")}</p>
            if done > 0 {
                <ol class="al-stages" aria-label={tr("Steps done")}>
                    { for stages.iter().take(done).map(|s| html! { <li class="al-stage-done">{tr(s)}<span class="al-visually-hidden">{tr(": done")}</span></li> }) }
                </ol>
            }
        </section>
    }
}

/// A file that could not be checked: what happened in words, what to do, and the core's own message.
pub fn view_failure(file_name: &str, failure: &Failure) -> Html {
    html! {
        <section class="al-error" role="alert" data-testid="error" data-file={file_name.to_string()} data-failure={format!("{:?}", failure.kind).to_ascii_lowercase()}>
            <h2 data-testid="error-title">{tr(failure.title())}</h2>
            <p class="al-error-file">{super::format::display_text(file_name)}</p>
            <p>{tr(failure.advice())}</p>
            <p class="al-error-message" data-testid="error-message">{super::i18n::tx(&failure.message)}</p>
        </section>
    }
}

fn view_phase(phase: &Phase, on_compare: &Callback<File>, compact: bool) -> Html {
    match phase {
        Phase::Idle => html! {},
        Phase::Running { file_name, stage, overall, stages } => view_progress(file_name, stage, *overall, stages),
        Phase::Failed { file_name, failure } => view_failure(file_name, failure),
        Phase::Done { report, report_json, stats } => html! {
            <>
                <ReportView report={report.clone()} report_json={report_json.clone()} on_compare={on_compare.clone()} {compact} />
                <p class="al-stats" data-testid="stats" data-file={report.file.name.clone()}
                    data-millis={format!("{:.0}", stats.millis)}
                    data-wasm-memory={format!("{:.0}", stats.wasm_memory_bytes)}
                    data-stages={stats.stage_millis.iter().map(|(stage, ms)| format!("{stage}={ms:.0}")).collect::<Vec<_>>().join(";")}>
                    { trf("Checked on this device in {time}, using {memory} of memory. Nothing was sent anywhere.",
                        &[("time", &human_duration(stats.millis)), ("memory", &human_bytes(stats.wasm_memory_bytes))]) }
                </p>
            </>
        },
    }
}
