//! The Web Worker that runs the analysis off the page's thread (wasm only).
//!
//! The page posts `{run_id, name, blob}`; the worker reads the `Blob` in slices with `FileReaderSync`
//! (available in workers only), so even a 1 GB package never sits whole in memory, and posts progress,
//! then the report or an error.

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent, Worker, WorkerOptions};

use crate::analysis::error::{Error, ErrorKind, Result};
use crate::analysis::{analyze, fingerprint, ByteSource, Options, Progress, Report, Stage};
use crate::ui::messages::FromWorker;

/// A browser `Blob` (a dropped `File`, or the fetched sample) read by offset.
pub struct BlobSource {
    blob: Blob,
    reader: FileReaderSync,
    len: u64,
}

impl BlobSource {
    /// Fails outside a worker: `FileReaderSync` exists only there.
    pub fn new(blob: Blob) -> Result<Self> {
        let reader = FileReaderSync::new().map_err(|_| Error::io("file", "this browser cannot read files in a worker"))?;
        Ok(Self { len: blob.size() as u64, blob, reader })
    }
}

impl ByteSource for BlobSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> Result<usize> {
        let end = offset.saturating_add(buf.len() as u64).min(self.len);
        if offset >= end {
            return Ok(0);
        }
        let slice = self
            .blob
            .slice_with_f64_and_f64(offset as f64, end as f64)
            .map_err(|e| Error::io("file", format!("the browser refused a read: {e:?}")).at(offset))?;
        let buffer = self
            .reader
            .read_as_array_buffer(&slice)
            .map_err(|e| Error::io("file", format!("the browser could not read the file: {e:?}")).at(offset))?;
        let bytes = Uint8Array::new(&buffer);
        let n = (bytes.length() as usize).min(buf.len());
        if let Some(dst) = buf.get_mut(..n) {
            bytes.subarray(0, n as u32).copy_to(dst);
        }
        Ok(n)
    }
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(message: &FromWorker) {
    if let Ok(value) = serde_wasm_bindgen::to_value(message) {
        let _ = scope().post_message(&value);
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// The name of the helper worker that computes the fingerprint while the analysis reads the code.
const HELPER_NAME: &str = "applens-fingerprint";
/// How long the analysis worker waits for its helper to load before going on without it.
const HELPER_WAIT_MS: i32 = 5000;

/// Installs the message handler; called once from the worker binary's `main`. The analysis worker first
/// starts a helper worker (this same program, named `HELPER_NAME`) that hashes the file in parallel, and
/// says it is ready once the helper is (or has failed, or is late: then it hashes the file itself).
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        // In wasm a panic aborts the instance: tell the page, which starts a fresh worker for the next file.
        post(&FromWorker::Error {
            run_id: CURRENT_RUN.with(|r| r.get()),
            message: format!("AppLens hit an internal error while reading this file and stopped: {info}"),
            error_kind: "internal".into(),
        });
    }));
    let handler = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| on_message(&event.data()));
    scope().set_onmessage(Some(handler.as_ref().unchecked_ref()));
    handler.forget();
    if scope().name() == HELPER_NAME {
        post(&FromWorker::Ready);
        return;
    }
    start_helper();
}

thread_local! {
    static CURRENT_RUN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    static HELPER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    static READY_SENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    static WAITING: RefCell<Option<Waiting>> = const { RefCell::new(None) };
}

/// Tells the page this worker is ready, once.
fn ready() {
    if !READY_SENT.with(|r| r.replace(true)) {
        post(&FromWorker::Ready);
    }
}

fn start_helper() {
    let url = scope().location().href();
    let options = WorkerOptions::new();
    options.set_name(HELPER_NAME);
    let Ok(helper) = Worker::new_with_options(&url, &options) else {
        ready(); // no nested workers here: hash in this worker
        return;
    };
    let on_helper = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| on_helper_message(&event.data()));
    helper.set_onmessage(Some(on_helper.as_ref().unchecked_ref()));
    on_helper.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_e: web_sys::Event| helper_failed());
    helper.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    HELPER.with(|h| *h.borrow_mut() = Some(helper));
    let late = Closure::once_into_js(|| {
        if !READY_SENT.with(std::cell::Cell::get) {
            helper_failed();
        }
    });
    let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(late.unchecked_ref(), HELPER_WAIT_MS);
}

/// The helper could not start or broke: drop it, and hash in this worker (now, if a report waits).
fn helper_failed() {
    if let Some(helper) = HELPER.with(|h| h.borrow_mut().take()) {
        helper.terminate();
    }
    ready();
    if let Some(waiting) = WAITING.with(|w| w.borrow_mut().take()) {
        let digest = BlobSource::new(waiting.blob.clone()).and_then(|source| fingerprint(&source, &mut |_| {}));
        waiting.finish(digest);
    }
}

fn on_helper_message(data: &JsValue) {
    let field = |name: &str| Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    match field("kind").as_string().as_deref() {
        Some("ready") => ready(),
        Some("digest") => {
            if let Some(waiting) = WAITING.with(|w| w.borrow_mut().take()) {
                let digest = field("sha256").as_string().ok_or_else(|| Error::io("file", "the fingerprint helper gave no digest"));
                waiting.finish(digest);
            }
        }
        _ => helper_failed(),
    }
}

/// A finished analysis waiting for the helper's fingerprint.
struct Waiting {
    run_id: u32,
    report: Report,
    blob: Blob,
    started: f64,
    stage_millis: Vec<(String, f64)>,
    waiting_since: f64,
}

impl Waiting {
    fn finish(mut self, digest: Result<String>) {
        let message = match digest {
            Ok(digest) => {
                self.report.file.sha256 = digest;
                self.stage_millis.push(("fingerprint".into(), now() - self.waiting_since));
                report_message(self.run_id, &self.report, self.started, self.stage_millis)
            }
            Err(e) => FromWorker::Error { run_id: self.run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() },
        };
        post(&message);
    }
}

fn report_message(run_id: u32, report: &Report, started: f64, stage_millis: Vec<(String, f64)>) -> FromWorker {
    match serde_json::to_string(report) {
        Ok(report_json) => FromWorker::Report { run_id, report_json, millis: now() - started, wasm_memory_bytes: wasm_memory_bytes(), stage_millis },
        Err(e) => FromWorker::Error { run_id, message: format!("the report could not be encoded: {e}"), error_kind: "internal".into() },
    }
}

/// In the helper: hashes the file it was given and posts `{kind: "digest", sha256}` (or an error).
fn compute_fingerprint(blob: Blob) {
    let reply = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&reply, &JsValue::from_str(k), v);
    };
    match BlobSource::new(blob).and_then(|source| fingerprint(&source, &mut |_| {})) {
        Ok(digest) => {
            set("kind", &JsValue::from_str("digest"));
            set("sha256", &JsValue::from_str(&digest));
        }
        Err(e) => {
            set("kind", &JsValue::from_str("error"));
            set("message", &JsValue::from_str(&e.to_string()));
        }
    }
    let _ = scope().post_message(&reply);
}

fn on_message(data: &JsValue) {
    let field = |name: &str| Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if field("kind").as_string().as_deref() == Some("fingerprint") {
        if let Ok(blob) = field("blob").dyn_into::<Blob>() {
            compute_fingerprint(blob);
        }
        return;
    }
    let run_id = field("run_id").as_f64().unwrap_or(0.0) as u32;
    CURRENT_RUN.with(|r| r.set(run_id));
    let name = field("name").as_string().unwrap_or_else(|| "package".into());
    let Ok(blob) = field("blob").dyn_into::<Blob>() else {
        post(&FromWorker::Error { run_id, message: "no file was handed to the analysis".into(), error_kind: "internal".into() });
        return;
    };
    let source = match BlobSource::new(blob.clone()) {
        Ok(s) => s,
        Err(e) => {
            post(&FromWorker::Error { run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() });
            return;
        }
    };
    // The helper hashes the file while this worker reads it; both only read the Blob.
    let helper = HELPER.with(|h| h.borrow().clone());
    let handed_over = helper.is_some_and(|helper| {
        let job = Object::new();
        let kind = Reflect::set(&job, &JsValue::from_str("kind"), &JsValue::from_str("fingerprint"));
        let with_blob = Reflect::set(&job, &JsValue::from_str("blob"), &blob);
        kind.is_ok() && with_blob.is_ok() && helper.post_message(&job).is_ok()
    });
    let started = now();
    let mut last_posted = (None, -1.0);
    let mut stage_millis: Vec<(String, f64)> = Vec::new();
    let mut stage_started = (None, started);
    let mut on_progress = |p: Progress| {
        if stage_started.0 != Some(p.stage) {
            let at = now();
            if let Some(stage) = stage_started.0 {
                stage_millis.push((format!("{stage:?}").to_lowercase(), at - stage_started.1));
            }
            stage_started = (Some(p.stage), at);
        }
        // Post when the stage changes or at least 1% more is done: the page needs no more than that.
        if last_posted.0 != Some(p.stage) || p.overall - last_posted.1 >= 0.01 {
            last_posted = (Some(p.stage), p.overall);
            post(&FromWorker::Progress { run_id, stage: p.stage.label().into(), overall: p.overall });
        }
    };
    // The core has no clock: expiry of signing certificates is judged against the browser's.
    let options = Options { now_unix: Some((now() / 1000.0).floor() as i64), fingerprint_elsewhere: handed_over, ..Options::default() };
    let result = analyze(&source, &name, &options, &mut on_progress);
    match result {
        Ok(report) if handed_over => {
            let progress = Progress::new(Stage::Fingerprint, 0.5);
            post(&FromWorker::Progress { run_id, stage: progress.stage.label().into(), overall: progress.overall });
            // A stage's time is recorded when the next one starts, so `done` is never in the list; the
            // wait for the helper is added as `fingerprint` when its digest comes.
            let waiting = Waiting { run_id, report, blob, started, stage_millis, waiting_since: now() };
            WAITING.with(|w| *w.borrow_mut() = Some(waiting));
        }
        Ok(report) => post(&report_message(run_id, &report, started, stage_millis)),
        Err(e) => {
            // Nothing will wait for the fingerprint: stop the helper hashing a file that is not a package.
            if let Some(helper) = HELPER.with(|h| h.borrow_mut().take()) {
                helper.terminate();
            }
            post(&FromWorker::Error { run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() });
        }
    }
}

fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Malformed => "malformed",
        ErrorKind::Unsupported => "unsupported",
        ErrorKind::Limit => "limit",
        ErrorKind::Io => "io",
    }
}

fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .ok()
        .and_then(|m| m.buffer().dyn_into::<js_sys::ArrayBuffer>().ok())
        .map_or(0.0, |b| f64::from(b.byte_length()))
}
