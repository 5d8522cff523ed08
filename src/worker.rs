//! The Web Worker that runs the analysis off the page's thread (wasm only).
//!
//! The page posts `{run_id, name, blob}`; the worker reads the `Blob` in slices with `FileReaderSync`
//! (available in workers only), so even a 1 GB package never sits whole in memory, and posts progress,
//! then the report or an error.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

use crate::analysis::error::{Error, ErrorKind, Result};
use crate::analysis::{analyze, ByteSource, Options, Progress};
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

/// Installs the message handler; called once from the worker binary's `main`.
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
    post(&FromWorker::Ready);
}

thread_local! {
    static CURRENT_RUN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn on_message(data: &JsValue) {
    let field = |name: &str| Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let run_id = field("run_id").as_f64().unwrap_or(0.0) as u32;
    CURRENT_RUN.with(|r| r.set(run_id));
    let name = field("name").as_string().unwrap_or_else(|| "package".into());
    let Ok(blob) = field("blob").dyn_into::<Blob>() else {
        post(&FromWorker::Error { run_id, message: "no file was handed to the analysis".into(), error_kind: "internal".into() });
        return;
    };
    let source = match BlobSource::new(blob) {
        Ok(s) => s,
        Err(e) => {
            post(&FromWorker::Error { run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() });
            return;
        }
    };
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
    let options = Options { now_unix: Some((now() / 1000.0).floor() as i64), ..Options::default() };
    let message = match analyze(&source, &name, &options, &mut on_progress) {
        Ok(report) => match serde_json::to_string(&report) {
            Ok(report_json) => FromWorker::Report {
                run_id,
                report_json,
                millis: now() - started,
                wasm_memory_bytes: wasm_memory_bytes(),
                stage_millis,
            },
            Err(e) => FromWorker::Error { run_id, message: format!("the report could not be encoded: {e}"), error_kind: "internal".into() },
        },
        Err(e) => FromWorker::Error { run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() },
    };
    post(&message);
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
