//! The page: intake (drop zone, file picker, sample), progress, then the report or a plain error.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Blob, DragEvent, Event, File, HtmlInputElement};
use yew::prelude::*;

use super::bridge::{self, Analysis};
use super::format::{human_bytes, human_duration};
use super::messages::FromWorker;
use super::report_view::ReportView;
use super::state::{reduce, Action, Phase, RunStats, State};
use crate::analysis::report::Report;

#[derive(Default)]
struct PageState(State);

impl Reducible for PageState {
    type Action = Action;
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(PageState(reduce(&self.0, action)))
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(PageState::default);
    // Outlives renders: the running analysis (dropping it terminates its worker) and the last run id.
    let running = use_mut_ref(|| None::<Analysis>);
    let next_run = use_mut_ref(|| Cell::new(0u32));
    let dragging = use_state(|| false);

    let begin: Rc<dyn Fn(String, Blob)> = {
        let state = state.clone();
        let running = running.clone();
        let next_run = next_run.clone();
        Rc::new(move |name: String, blob: Blob| {
            let run_id = next_run.borrow().get().wrapping_add(1);
            next_run.borrow().set(run_id);
            running.borrow_mut().take(); // cancels a run still going
            state.dispatch(Action::Start { run_id, file_name: name.clone() });
            let dispatch_state = state.clone();
            let finished_run = running.clone();
            let file_name = name.clone();
            let on_message = Callback::from(move |message: FromWorker| match message {
                FromWorker::Ready => {}
                FromWorker::Progress { run_id, stage, overall } => {
                    dispatch_state.dispatch(Action::Progress { run_id, stage, overall })
                }
                FromWorker::Report { run_id, report_json, millis, wasm_memory_bytes } => {
                    match serde_json::from_str::<Report>(&report_json) {
                        Ok(report) => dispatch_state.dispatch(Action::Finished {
                            run_id,
                            report: Rc::new(report),
                            report_json: Rc::from(report_json),
                            stats: RunStats { millis, wasm_memory_bytes },
                        }),
                        Err(e) => dispatch_state.dispatch(Action::Failed {
                            run_id,
                            file_name: file_name.clone(),
                            message: format!("the report could not be read: {e}"),
                        }),
                    }
                    // The worker's job is done; let it go (its memory figure is already in the stats).
                    if let Ok(mut slot) = finished_run.try_borrow_mut() {
                        slot.take();
                    }
                }
                FromWorker::Error { run_id, message } => {
                    dispatch_state.dispatch(Action::Failed { run_id, file_name: file_name.clone(), message })
                }
            });
            match Analysis::start(run_id, &name, blob, on_message) {
                Ok(analysis) => *running.borrow_mut() = Some(analysis),
                Err(message) => state.dispatch(Action::Failed { run_id, file_name: name, message }),
            }
        })
    };

    let on_file = {
        let begin = begin.clone();
        Callback::from(move |file: File| begin(file.name(), file.into()))
    };
    let on_input = {
        let on_file = on_file.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                on_file.emit(file);
            }
            input.set_value(""); // choosing the same file again still triggers a new analysis
        })
    };
    let on_drop = {
        let on_file = on_file.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                on_file.emit(file);
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
                    Ok(blob) => begin(bridge::SAMPLE_NAME.to_string(), blob),
                    Err(message) => {
                        let run_id = next_run.borrow().get().wrapping_add(1);
                        next_run.borrow().set(run_id);
                        state.dispatch(Action::Start { run_id, file_name: bridge::SAMPLE_NAME.into() });
                        state.dispatch(Action::Failed { run_id, file_name: bridge::SAMPLE_NAME.into(), message });
                    }
                }
            });
        })
    };

    let busy = matches!(state.0.phase, Phase::Running { .. });
    let zone_class = classes!("al-dropzone", dragging.then_some("al-dragging"));
    html! {
        <div class="al-page">
            <header class="al-header">
                <h1 class="al-brand">{"AppLens"}</h1>
                <p class="al-tagline">{"See what an app can reach before you install it. Your file never leaves this device."}</p>
            </header>
            <main class="al-main">
                <section class={zone_class} aria-label="Choose an app package"
                    ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
                    <p class="al-drop-title">{"Drop an app package here"}</p>
                    <p class="al-drop-formats">{"Android APK, XAPK, APKS, APKM, AAB · iOS IPA"}</p>
                    <div class="al-actions">
                        <label class="al-button al-primary" for="al-file">{"Choose a file"}</label>
                        <input id="al-file" class="al-visually-hidden" type="file" onchange={on_input} data-testid="file-input" />
                        <button class="al-button" type="button" onclick={on_sample} disabled={busy} data-testid="sample-button">
                            {"Try a sample"}
                        </button>
                    </div>
                    <p class="al-promise">{"The package is read inside this browser tab. Nothing is uploaded: not the file, not its fingerprint, not any statistics."}</p>
                </section>
                { view_phase(&state.0.phase) }
            </main>
            <footer class="al-footer">
                <p>{"AppLens runs entirely in your browser. Permission data: Android Open Source Project (Apache-2.0)."}</p>
            </footer>
        </div>
    }
}

fn view_phase(phase: &Phase) -> Html {
    match phase {
        Phase::Idle => html! {},
        Phase::Running { file_name, stage, overall } => {
            let percent = (overall * 100.0).round();
            html! {
                <section class="al-progress" aria-live="polite" data-testid="progress">
                    <p class="al-progress-file">{"Checking "}<strong>{file_name}</strong></p>
                    <progress max="100" value={percent.to_string()} aria-label="Analysis progress"></progress>
                    <p class="al-progress-stage" data-testid="progress-stage">{format!("{stage}… {percent}%")}</p>
                </section>
            }
        }
        Phase::Failed { file_name, message } => html! {
            <section class="al-error" role="alert" data-testid="error">
                <h2>{"This file could not be checked"}</h2>
                <p class="al-error-file">{file_name}</p>
                <p class="al-error-message" data-testid="error-message">{message}</p>
            </section>
        },
        Phase::Done { report, report_json, stats } => html! {
            <>
                <ReportView report={report.clone()} report_json={report_json.clone()} />
                <p class="al-stats" data-testid="stats"
                    data-millis={format!("{:.0}", stats.millis)}
                    data-wasm-memory={format!("{:.0}", stats.wasm_memory_bytes)}>
                    { format!("Checked on this device in {}, using {} of memory. Nothing was sent anywhere.",
                        human_duration(stats.millis), human_bytes(stats.wasm_memory_bytes)) }
                </p>
            </>
        },
    }
}
