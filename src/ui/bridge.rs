//! The only part of the page that talks to browser APIs directly: the analysis worker, fetching the
//! bundled sample, and the panic hook. Components call these functions and stay plain Yew.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, MessageEvent, Worker};
use yew::Callback;

use super::messages::FromWorker;

/// Relative, so the page also works when an intranet serves it under a sub-path. The loader that starts
/// a worker from the compiled module `www/workers.js` hands it (`www/worker-boot.js`).
const WORKER_URL: &str = "worker-boot.js";
pub const SAMPLE_URL: &str = "applens-sample.apk";
pub const SAMPLE_NAME: &str = "applens-sample.apk";

#[wasm_bindgen]
extern "C" {
    /// `www/workers.js`: a worker started (and warmed up) while the page was idle, or a new one.
    #[wasm_bindgen(catch, js_namespace = applensWorkers, js_name = take)]
    fn take_prepared_worker() -> Result<Worker, JsValue>;
}

/// A worker for one analysis: the prepared one, or (when `www/workers.js` did not run, as in the wasm
/// tests) a new one that fetches and compiles the program itself.
fn analysis_worker() -> Result<Worker, String> {
    if let Ok(worker) = take_prepared_worker() {
        return Ok(worker);
    }
    let worker = Worker::new(WORKER_URL).map_err(|e| format!("the analysis worker could not start: {e:?}"))?;
    let start = Object::new();
    let _ = Reflect::set(&start, &JsValue::from_str("kind"), &JsValue::from_str("module"));
    let _ = Reflect::set(&start, &JsValue::from_str("module"), &JsValue::NULL);
    worker.post_message(&start).map_err(|e| format!("the analysis worker could not start: {e:?}"))?;
    Ok(worker)
}

/// One analysis in its own worker: a fresh worker per run means a cancelled or crashed run leaves nothing
/// behind, and the memory figure we report belongs to this run alone (and the warm-up on the sample that
/// prepared it).
pub struct Analysis {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Drop for Analysis {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl Analysis {
    pub fn start(run_id: u32, name: &str, blob: Blob, on_message: Callback<FromWorker>) -> Result<Self, String> {
        let worker = analysis_worker()?;
        let job = Object::new();
        let set = |k: &str, v: &JsValue| Reflect::set(&job, &JsValue::from_str(k), v).map(|_| ());
        set("run_id", &JsValue::from(run_id))
            .and_then(|_| set("name", &JsValue::from_str(name)))
            .and_then(|_| set("blob", &blob))
            .map_err(|e| format!("could not prepare the analysis: {e:?}"))?;
        // Posted at once: a worker still loading keeps it until its program runs (www/worker-boot.js).
        worker.post_message(&job).map_err(|e| format!("could not hand the file to the analysis: {e:?}"))?;
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            match read_message(&event.data()) {
                Ok(message) => on_message.emit(message),
                Err(e) => on_message.emit(FromWorker::Error {
                    run_id,
                    message: format!("unreadable message from the analysis: {e}"),
                    error_kind: "internal".into(),
                }),
            }
        });
        worker.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        let on_error_run = run_id;
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_e: web_sys::Event| {
            web_sys::console::error_1(&JsValue::from_str(&format!("analysis worker for run {on_error_run} failed")));
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        Ok(Self { worker, _on_message: handler })
    }
}

/// A worker's message, read field by field: `FromWorker` as the worker writes it with serde_wasm_bindgen
/// (`{kind: "report", run_id, report_json, ...}`, `stage_millis` as `[[stage, ms], ...]`). Read by hand
/// because serde's reader of an internally tagged enum (it buffers every field first) and
/// serde_wasm_bindgen's deserializer were about 20 KB of the page's WebAssembly for these four messages.
fn read_message(data: &JsValue) -> Result<FromWorker, String> {
    let get = |key: &str| Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    let text = |key: &str| get(key).as_string().ok_or_else(|| format!("no text {key}"));
    let number = |key: &str| get(key).as_f64().ok_or_else(|| format!("no number {key}"));
    let run_id = || {
        let n = number("run_id")?;
        if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
            Ok(n as u32)
        } else {
            Err("no run id".to_string())
        }
    };
    let kind = text("kind")?;
    match kind.as_str() {
        "ready" => Ok(FromWorker::Ready),
        "progress" => Ok(FromWorker::Progress { run_id: run_id()?, stage: text("stage")?, overall: number("overall")? }),
        "report" => {
            let mut stage_millis = Vec::new();
            let stages = get("stage_millis");
            if js_sys::Array::is_array(&stages) {
                for entry in stages.unchecked_into::<js_sys::Array>().iter() {
                    if !js_sys::Array::is_array(&entry) {
                        return Err("a stage time is not a pair".into());
                    }
                    let pair = entry.unchecked_into::<js_sys::Array>();
                    match (pair.get(0).as_string(), pair.get(1).as_f64()) {
                        (Some(stage), Some(ms)) => stage_millis.push((stage, ms)),
                        _ => return Err("a stage time is not a name and a number".into()),
                    }
                }
            }
            Ok(FromWorker::Report {
                run_id: run_id()?,
                report_json: text("report_json")?,
                millis: number("millis")?,
                wasm_memory_bytes: number("wasm_memory_bytes")?,
                stage_millis,
            })
        }
        "error" => Ok(FromWorker::Error { run_id: run_id()?, message: text("message")?, error_kind: text("error_kind").unwrap_or_default() }),
        other => Err(format!("a message of unknown kind {other}")),
    }
}

/// A file input's `change` handler that hands the first chosen file to `on_file`, then clears the input
/// (so choosing the same file again is a new choice).
pub fn on_file_chosen(on_file: Callback<web_sys::File>) -> Callback<web_sys::Event> {
    Callback::from(move |e: web_sys::Event| {
        let Some(input) = e.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            on_file.emit(file);
        }
        input.set_value("");
    })
}

/// Fetches the bundled sample APK (same origin; the CSP allows nothing else).
pub async fn fetch_sample() -> Result<Blob, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(SAMPLE_URL)).await.map_err(|e| format!("the sample could not be loaded: {e:?}"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "the sample request gave no response".to_string())?;
    if !response.ok() {
        return Err(format!("the sample could not be loaded (HTTP {})", response.status()));
    }
    let blob = JsFuture::from(response.blob().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    blob.dyn_into::<Blob>().map_err(|_| "the sample is not a file".to_string())
}

/// `#applens` when the host page provides one (embedding), else the body.
pub fn mount_point() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("applens")
}

/// What a person reads when the page itself fails.
pub const FATAL_MESSAGE: &str =
    "AppLens stopped because of an internal error. Reload the page to try again. Nothing was sent anywhere.";

/// A panic on the page thread must not leave a frozen or blank page: show a plain message instead.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&JsValue::from_str(&info.to_string()));
        show_fatal(FATAL_MESSAGE);
    }));
}

/// Shows `message` in the page's `#applens-fatal` banner (as text), whatever state the app is in.
pub fn show_fatal(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Some(el) = document.get_element_by_id("applens-fatal") {
        el.set_text_content(Some(message));
        let _ = el.remove_attribute("hidden");
    }
}

/// Opens the browser's print dialog (its "Save as PDF" makes the document); the print stylesheet lays it out.
pub fn print() {
    if let Some(window) = web_sys::window() {
        if let Err(e) = window.print() {
            web_sys::console::error_1(&e);
        }
    }
}

/// Moves keyboard focus to an element (one with `tabindex="-1"` for a region), scrolling it into view.
pub fn focus(node: &yew::NodeRef) {
    if let Some(element) = node.cast::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// Offers `text` as a file download without any network request (a `blob:` URL clicked locally).
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|e| format!("{e:?}"))?.dyn_into().map_err(|_| "no anchor")?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// What the page's address asks for: `?policy=PATH` (a policy from the page's own origin), and, when the
/// intranet widget (`embed.js`) opened the page in its iframe, `?embed=1` (the compact layout) with
/// `fingerprint=1` when the host may receive the package's SHA-256.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageParams {
    pub embed: bool,
    pub policy: Option<String>,
    pub share_fingerprint: bool,
    /// `?lang=de`: the widget's `lang` attribute, or a link to the page in a language.
    pub lang: Option<String>,
}

pub fn page_params() -> PageParams {
    let Some(search) = web_sys::window().and_then(|w| w.location().search().ok()) else { return PageParams::default() };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return PageParams::default() };
    // The compact layout only inside a frame: opened on its own, the page is the full page whatever its address.
    let embedded = web_sys::window().is_some_and(|w| w.parent().ok().flatten().is_some_and(|p| !js_sys::Object::is(&p, &w)));
    PageParams {
        embed: params.get("embed").as_deref() == Some("1") && embedded,
        policy: params.get("policy").filter(|p| !p.trim().is_empty()),
        share_fingerprint: params.get("fingerprint").as_deref() == Some("1"),
        lang: params.get("lang"),
    }
}

/// Fetches a policy file from the page's own origin (the CSP allows no other, and a policy from elsewhere
/// would let any page that links to AppLens decide what it says).
pub async fn fetch_policy(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let here = window.location().href().map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::new_with_base(path, &here).map_err(|_| format!("{path} is not an address"))?;
    let origin = window.location().origin().map_err(|e| format!("{e:?}"))?;
    if url.origin() != origin {
        return Err(format!("{path} is not on this page's own origin ({origin}); AppLens only reads a policy served beside it"));
    }
    let response = JsFuture::from(window.fetch_with_str(&url.href())).await.map_err(|_| format!("{path} could not be loaded"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| format!("{path} gave no response"))?;
    if !response.ok() {
        return Err(format!("{path} could not be loaded (HTTP {})", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?).await.map_err(|_| format!("{path} could not be read"))?;
    text.as_string().ok_or_else(|| format!("{path} is not text"))
}

/// Reads a policy file the person chose, refusing one too large to be a policy before reading it.
pub async fn read_policy_file(file: web_sys::File) -> Result<String, String> {
    let limit = crate::analysis::policy::MAX_POLICY_BYTES as f64;
    if file.size() > limit {
        return Err(format!("the file is {} bytes; a policy may have at most {limit}", file.size()));
    }
    let text = JsFuture::from(file.text()).await.map_err(|_| "the file could not be read".to_string())?;
    text.as_string().ok_or_else(|| "the file is not text".to_string())
}

/// Hands a summary for the host page to `frame.js`, which alone talks to the host (exact origin, checked
/// shapes). Only called in the widget; `message` is JSON.
pub fn tell_host(message: &str) {
    let Some(window) = web_sys::window() else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&JsValue::from_str(message));
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("applens:to-host", &init) {
        let _ = window.dispatch_event(&event);
    }
}

/// Where the reader's choice of language is kept: this page's own `localStorage` (no cookie, nothing sent).
const LANGUAGE_KEY: &str = "applens.language";

/// The page's language: the address's `lang` (the widget's attribute), else the reader's earlier choice on
/// this page, else the first of the browser's languages AppLens speaks, else English.
pub fn initial_language(from_address: Option<&str>) -> crate::analysis::i18n::Language {
    use crate::analysis::i18n::Language;
    if let Some(l) = from_address.and_then(Language::from_tag) {
        return l;
    }
    let window = web_sys::window();
    let stored = window.as_ref().and_then(|w| w.local_storage().ok().flatten()).and_then(|s| s.get_item(LANGUAGE_KEY).ok().flatten());
    if let Some(l) = stored.as_deref().and_then(Language::from_tag) {
        return l;
    }
    let preferred: Vec<String> = window.map(|w| w.navigator().languages().iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default();
    Language::first_supported(preferred.iter().map(String::as_str)).unwrap_or(Language::En)
}

/// Remembers the reader's choice in this page's `localStorage` (a private window may refuse: then it is
/// simply not remembered).
pub fn remember_language(code: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(LANGUAGE_KEY, code);
    }
}

/// `<html lang>` follows the page's language, so screen readers pronounce it right and hyphenation works.
pub fn set_document_language(code: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}

/// Fetches a part of a language's catalog from the page's own origin (`i18n/<code>/<part>.tsv`, written by
/// `script/build`): only when the reader chooses that language and the page needs that part.
pub async fn fetch_catalog(code: &str, part: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let path = format!("i18n/{code}/{part}.tsv");
    let response = JsFuture::from(window.fetch_with_str(&path)).await.map_err(|_| format!("{path} could not be loaded"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| format!("{path} gave no response"))?;
    if !response.ok() {
        return Err(format!("{path} could not be loaded (HTTP {})", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?).await.map_err(|_| format!("{path} could not be read"))?;
    text.as_string().ok_or_else(|| format!("{path} is not text"))
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = requestAnimationFrame)]
    fn request_animation_frame_js(callback: &js_sys::Function) -> f64;
    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);
}

/// Calls `f` once, at the browser's next animation frame (before that frame's style and layout, so what
/// it renders is painted in the same frame; nothing runs while the tab is hidden).
pub fn next_frame(f: impl FnOnce() + 'static) {
    let callback = Closure::once_into_js(f);
    request_animation_frame_js(callback.unchecked_ref());
}

/// Calls `f` once, in a task of its own (after what the browser has queued already, such as a frame):
/// work split this way never adds up to one long task.
pub fn next_task(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let callback = Closure::once_into_js(f);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0);
}

/// A mark in the browser's performance timeline (the render benchmark splits the page's tasks by them).
pub fn mark(name: &str) {
    performance_mark(name);
}

/// Calls `before` when the person (or a script) asks to print, before the print layout is made, and
/// `after` when printing is done. Set once for the page's life.
pub fn on_print(before: impl Fn() + 'static, after: impl Fn() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let before = Closure::<dyn Fn()>::new(before);
    let after = Closure::<dyn Fn()>::new(after);
    let _ = window.add_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("afterprint", after.as_ref().unchecked_ref());
    before.forget();
    after.forget();
}

/// `aria-busy` on the report while parts of it are still being added (screen readers wait
/// for it to clear before reading the changes; the end-to-end tests wait for it too).
pub fn set_report_busy(busy: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    // One report at a time is on the page (a comparison shows its own view, not two reports).
    let Ok(Some(report)) = document.query_selector("[data-testid=report]") else { return };
    let _ = if busy { report.set_attribute("aria-busy", "true") } else { report.remove_attribute("aria-busy") };
}

