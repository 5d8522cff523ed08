//! The Web Worker that runs the analysis off the page's thread (wasm only).
//!
//! The page posts `{run_id, name, blob}`; the worker reads the `Blob` in slices with `FileReaderSync`
//! (available in workers only), so even a 1 GB package never sits whole in memory, and posts progress,
//! then the report or an error.
//!
//! Helper workers (this same program, named `HELPER_NAME`) share the work, so that every core is busy:
//! the page says how many workers in all (`www/workers.js`: the machine's cores, capped); for a large app
//! each helper reads a run of the DEX files (`analysis::prescan`; the report is the same however they
//! were shared out), and the first then computes the file's SHA-256, while this worker reads the rest of
//! the code and then the whole package with the helpers' hits in hand.
//!
//! Every worker starts from the WebAssembly module the page compiled once (`www/worker-boot.js`), and
//! hands it on to its helpers. Started while the page is idle, it is told to warm up on the bundled
//! sample (`warm`): one analysis builds every table that does not depend on the package and lets the
//! browser compile the hot code in its optimising tier, so a person's file meets a ready worker.

use std::cell::RefCell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent, Worker, WorkerOptions};

use crate::analysis::android::code::DexHits;
use crate::analysis::archive::Archive;
use crate::analysis::error::{Error, ErrorKind, Result};
use crate::analysis::{analyze_with, fingerprint, planned_dex, prescan, share_out, ByteSource, Limits, Options, PlannedDex, Prescan, Progress, Report, Stage};
use crate::ui::messages::FromWorker;

/// A browser `Blob` (a dropped `File`, or the fetched sample) read by offset.
pub struct BlobSource {
    blob: Blob,
    reader: FileReaderSync,
    len: u64,
    /// Milliseconds spent in reads so far (for the stage timings the benchmark prints).
    read_ms: std::cell::Cell<f64>,
}

impl BlobSource {
    /// Fails outside a worker: `FileReaderSync` exists only there.
    pub fn new(blob: Blob) -> Result<Self> {
        let reader = FileReaderSync::new().map_err(|_| Error::io("file", "this browser cannot read files in a worker"))?;
        Ok(Self { len: blob.size() as u64, blob, reader, read_ms: std::cell::Cell::new(0.0) })
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
        let started = now();
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
        self.read_ms.set(self.read_ms.get() + now() - started);
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

/// The name of the helper workers (see the module comment).
const HELPER_NAME: &str = "applens-helper";
/// How long the analysis worker waits for its helpers to load before going on without them.
const HELPER_WAIT_MS: i32 = 5000;
/// The most helpers, whatever the page asks (each holds its own WebAssembly memory).
const MAX_HELPERS: usize = 7;
/// Below this much DEX (declared, inflated) per helper, the code is read by fewer helpers (by none below
/// it once): sharing it out costs a helper an archive of its own and a message each way, more than it
/// saves on a small app.
const SHARE_MIN_DEX_BYTES: u64 = 16 << 20;
/// Hashing a byte of the file costs about this many hundredths of what inflating and reading a byte of
/// DEX does (Chromium, 150 MB benchmark: 150 MB hashed in 0.55 s, reads included; 260 MB of DEX read in
/// 1.1 s): the helper, which hashes after its share, gets that much less DEX.
const HASH_COST_PERCENT: u64 = 85;
/// What this worker does besides its share (opening, manifest, signing, the grade), in DEX bytes.
const OWN_WORK_DEX_BYTES: u64 = 24 << 20;

/// Installs the message handler; called once from the worker binary's `main`. The analysis worker first
/// starts its helpers, and says it is ready once they are (or one has failed, or is late: then it does
/// all the work itself).
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
    start_helpers();
}

thread_local! {
    static CURRENT_RUN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// The helpers; the first also computes the fingerprint. Empty once one has failed.
    static HELPERS: RefCell<Vec<Worker>> = const { RefCell::new(Vec::new()) };
    /// How many helpers have said they are ready.
    static HELPERS_READY: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static READY_SENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// How long the warm-up on the sample took (reported with the next run, for the benchmark).
    static WARM_MS: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
    /// A run whose own share of the code is read, waiting for the helper's share.
    static PENDING: RefCell<Option<Pending>> = const { RefCell::new(None) };
    /// A finished analysis waiting for the helper's fingerprint.
    static WAITING: RefCell<Option<Waiting>> = const { RefCell::new(None) };
}

/// Tells the page this worker is ready, once.
fn ready() {
    if !READY_SENT.with(|r| r.replace(true)) {
        post(&FromWorker::Ready);
    }
}

fn helpers() -> Vec<Worker> {
    HELPERS.with(|h| h.borrow().clone())
}

/// The helper that computes the fingerprint.
fn helper() -> Option<Worker> {
    HELPERS.with(|h| h.borrow().first().cloned())
}

fn stop_helpers() {
    for helper in HELPERS.with(|h| std::mem::take(&mut *h.borrow_mut())) {
        helper.terminate();
    }
}

/// How many workers the page allows in all (`www/worker-boot.js` sets it from the page's message).
fn allowed_workers() -> usize {
    Reflect::get(&js_sys::global(), &JsValue::from_str("applensWorkers")).ok().and_then(|v| v.as_f64()).map_or(2, |n| n.max(1.0) as usize)
}

fn start_helpers() {
    let count = allowed_workers().saturating_sub(1).min(MAX_HELPERS);
    if count == 0 {
        ready();
        return;
    }
    let url = scope().location().href();
    // The module this worker runs, handed on so the helpers need not fetch and compile it again.
    let start = Object::new();
    let _ = Reflect::set(&start, &JsValue::from_str("kind"), &JsValue::from_str("module"));
    let _ = Reflect::set(&start, &JsValue::from_str("module"), &wasm_bindgen::module());
    let _ = Reflect::set(&start, &JsValue::from_str("workers"), &JsValue::from(1));
    for index in 0..count {
        let options = WorkerOptions::new();
        options.set_name(HELPER_NAME);
        let Ok(helper) = Worker::new_with_options(&url, &options) else {
            break; // no nested workers here: do the work with the helpers there are, or alone
        };
        if helper.post_message(&start).is_err() {
            helper.terminate();
            break;
        }
        let on_helper = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| on_helper_message(index, &event.data()));
        helper.set_onmessage(Some(on_helper.as_ref().unchecked_ref()));
        on_helper.forget();
        // Handled here (the work is done without the helpers), so the error goes no further: unhandled, it
        // would reach the page as a failure of this worker.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
            e.prevent_default();
            web_sys::console::warn_2(&JsValue::from_str("AppLens: a helper worker failed; the analysis goes on without it"), &e);
            helper_failed();
        });
        helper.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        HELPERS.with(|h| h.borrow_mut().push(helper));
    }
    if helpers().is_empty() {
        ready();
        return;
    }
    let late = Closure::once_into_js(|| {
        if !READY_SENT.with(std::cell::Cell::get) {
            helper_failed();
        }
    });
    let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(late.unchecked_ref(), HELPER_WAIT_MS);
}

/// A helper could not start or broke: drop them all, and do their part here (now, if a run waits for
/// them; the DEX files whose hits did not arrive are read by the analysis itself).
fn helper_failed() {
    stop_helpers();
    ready();
    if let Some(pending) = PENDING.with(|p| p.borrow_mut().take()) {
        finish_analysis(pending.run, pending.prescan);
    }
    if let Some(waiting) = WAITING.with(|w| w.borrow_mut().take()) {
        let digest = BlobSource::new(waiting.run.blob.clone()).and_then(|source| fingerprint(&source, &mut |_| {}));
        waiting.finish(digest);
    }
}

fn field(data: &JsValue, name: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn on_helper_message(index: usize, data: &JsValue) {
    let helper_millis = field(data, "millis").as_f64().unwrap_or(0.0);
    let memory = field(data, "memory").as_f64().unwrap_or(0.0);
    match field(data, "kind").as_string().as_deref() {
        Some("ready") => {
            let count = HELPERS_READY.with(|r| {
                r.set(r.get() + 1);
                r.get()
            });
            if count >= helpers().len() {
                ready();
            }
        }
        Some("dex-hits") => {
            let Some(mut pending) = PENDING.with(|p| p.borrow_mut().take()) else { return };
            // Hits that do not decode are simply not used: the analysis reads those files itself.
            if let Some(hits) = field(data, "hits").as_string().and_then(|json| serde_json::from_str::<Vec<DexHits>>(&json).ok()) {
                pending.prescan.add(hits);
            }
            let name = if index == 0 { "helper-code".to_string() } else { format!("helper{}-code", index + 1) };
            pending.run.stage_millis.push((name, helper_millis));
            if index > 0 {
                pending.run.helper_memory += memory; // the first helper's is counted with its fingerprint
            }
            pending.awaited = pending.awaited.saturating_sub(1);
            if pending.awaited > 0 {
                PENDING.with(|p| *p.borrow_mut() = Some(pending));
                return;
            }
            finish_analysis(pending.run, pending.prescan);
        }
        Some("digest") => {
            if let Some(mut waiting) = WAITING.with(|w| w.borrow_mut().take()) {
                waiting.run.stage_millis.push(("helper-fingerprint".into(), helper_millis));
                waiting.run.stage_millis.push(("helper-fingerprint-read".into(), field(data, "read").as_f64().unwrap_or(0.0)));
                waiting.run.helper_memory += memory;
                let digest = field(data, "sha256").as_string().ok_or_else(|| Error::io("file", "the helper gave no fingerprint"));
                waiting.finish(digest);
            }
        }
        _ => helper_failed(),
    }
}

/// One analysis: the page's job, and how far it has come.
struct Run {
    run_id: u32,
    name: String,
    blob: Blob,
    started: f64,
    /// Time per phase, in the order they ran (core stages, and this worker's own: `plan`, `code-ahead`,
    /// `helper-wait`, the helper's `helper-code` and `helper-fingerprint`), and of the file reads in some
    /// (`…-read`): in a browser, reading a `File` costs as much as a good part of the work.
    stage_millis: Vec<(String, f64)>,
    phase: Option<(String, f64)>,
    last_posted: (Option<Stage>, f64),
    /// The helper's WebAssembly memory, counted with this worker's in the figure the page shows.
    helper_memory: f64,
}

impl Run {
    /// Ends the current phase and starts `name`.
    fn phase(&mut self, name: &str) {
        let at = now();
        if let Some((previous, since)) = self.phase.take() {
            self.stage_millis.push((previous, at - since));
        }
        self.phase = Some((name.to_string(), at));
    }

    /// A core stage's progress: a new stage starts a phase of its name. `Done` is not posted: the report
    /// follows at once, or the helper's fingerprint is still awaited, which the page should say.
    fn progress(&mut self, p: Progress) {
        let name = format!("{:?}", p.stage).to_lowercase();
        if self.phase.as_ref().is_none_or(|(current, _)| *current != name) {
            self.phase(&name);
        }
        if p.stage != Stage::Done {
            self.post_progress(p);
        }
    }

    /// Posts when the stage changes or at least 1% more is done (the page needs no more than that), and
    /// never backwards: after the code read ahead, the analysis passes through its stages again.
    fn post_progress(&mut self, p: Progress) {
        let (stage, overall) = self.last_posted;
        if p.overall < overall || (stage == Some(p.stage) && p.overall - overall < 0.01) {
            return;
        }
        self.last_posted = (Some(p.stage), p.overall);
        post(&FromWorker::Progress { run_id: self.run_id, stage: p.stage.label().into(), overall: p.overall });
    }

    fn report_message(mut self, report: &Report) -> FromWorker {
        // The last phase's time is recorded when the report is ready, so `done` is never in the list.
        self.phase.take().filter(|(name, _)| name != "done").into_iter().for_each(|(name, since)| self.stage_millis.push((name, now() - since)));
        match serde_json::to_string(report) {
            Ok(report_json) => FromWorker::Report {
                run_id: self.run_id,
                report_json,
                millis: now() - self.started,
                wasm_memory_bytes: wasm_memory_bytes() + self.helper_memory,
                stage_millis: self.stage_millis,
            },
            Err(e) => FromWorker::Error { run_id: self.run_id, message: format!("the report could not be encoded: {e}"), error_kind: "internal".into() },
        }
    }
}

/// A run whose own share of the code is read, waiting for the helpers' shares.
struct Pending {
    run: Run,
    prescan: Prescan,
    /// How many helpers' hits have not arrived yet.
    awaited: usize,
}

/// A finished analysis waiting for the helper's fingerprint.
struct Waiting {
    run: Run,
    report: Report,
}

impl Waiting {
    fn finish(self, digest: Result<String>) {
        let Waiting { run, mut report } = self;
        let message = match digest {
            Ok(digest) => {
                report.file.sha256 = digest;
                run.report_message(&report)
            }
            Err(e) => FromWorker::Error { run_id: run.run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() },
        };
        post(&message);
    }
}

/// Posts `job` (with `kind` and `blob` set here) to the first helper; false when there is none or it refused.
fn post_to_helper(kind: &str, blob: &Blob, fields: &[(&str, JsValue)]) -> bool {
    helper().is_some_and(|helper| post_to(&helper, kind, blob, fields))
}

fn post_to(helper: &Worker, kind: &str, blob: &Blob, fields: &[(&str, JsValue)]) -> bool {
    let job = Object::new();
    let set = |k: &str, v: &JsValue| Reflect::set(&job, &JsValue::from_str(k), v).is_ok();
    let complete = set("kind", &JsValue::from_str(kind)) && set("blob", blob) && fields.iter().all(|(k, v)| set(k, v));
    complete && helper.post_message(&job).is_ok()
}

fn reply(fields: &[(&str, JsValue)]) {
    let message = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&message, &JsValue::from_str(k), v);
    }
    let _ = scope().post_message(&message);
}

/// In the helper: reads and scans its share of the DEX files and posts `{kind: "dex-hits", hits, millis}`
/// (hits as JSON; none if the file cannot be read: the analysis then reads those files itself).
fn helper_read_code(blob: Blob, entries: &JsValue) {
    let started = now();
    let entries: Vec<PlannedDex> = serde_wasm_bindgen::from_value(entries.clone()).unwrap_or_default();
    let limits = Limits::default();
    let hits = BlobSource::new(blob)
        .ok()
        .and_then(|source| Archive::open(&source, limits).ok().map(|mut archive| prescan(&mut archive, &limits, &entries, &mut |_| {})))
        .unwrap_or_default();
    let json = serde_json::to_string(&hits).unwrap_or_else(|_| "[]".into());
    reply(&[("kind", "dex-hits".into()), ("hits", json.into()), ("millis", (now() - started).into()), ("memory", wasm_memory_bytes().into())]);
}

/// In the helper: hashes the file and posts `{kind: "digest", sha256, millis}` (or an error).
fn helper_fingerprint(blob: Blob) {
    let started = now();
    let source = BlobSource::new(blob);
    match source.as_ref().map_err(Clone::clone).and_then(|source| fingerprint(source, &mut |_| {})) {
        Ok(digest) => {
            let read = source.map_or(0.0, |s| s.read_ms.get());
            let memory = wasm_memory_bytes();
            reply(&[("kind", "digest".into()), ("sha256", digest.into()), ("millis", (now() - started).into()), ("read", read.into()), ("memory", memory.into())]);
        }
        Err(e) => reply(&[("kind", "error".into()), ("message", e.to_string().into())]),
    }
}

/// Before any file: one analysis of the bundled sample, thrown away, so that the tables that do not depend
/// on the package are built and the hot code optimised (see the module comment). Helpers warm up too.
fn warm_up(blob: Blob) {
    if CURRENT_RUN.with(|r| r.get()) != 0 {
        return; // a person's file came first
    }
    for helper in helpers() {
        post_to(&helper, "warm", &blob, &[]);
    }
    let started = now();
    if let Ok(source) = BlobSource::new(blob) {
        let _ = analyze_here(&source, "warm-up.apk", false, &mut Prescan::default(), &mut |_| {});
    }
    WARM_MS.with(|w| w.set(Some(now() - started)));
}

fn on_message(data: &JsValue) {
    let blob = field(data, "blob").dyn_into::<Blob>();
    match (field(data, "kind").as_string().as_deref(), blob) {
        (Some("warm"), Ok(blob)) => warm_up(blob),
        (Some("dex"), Ok(blob)) => helper_read_code(blob, &field(data, "entries")),
        (Some("fingerprint"), Ok(blob)) => helper_fingerprint(blob),
        (Some(_), _) => {}
        (None, Ok(blob)) => start_run(data, blob),
        (None, Err(_)) => {
            let run_id = field(data, "run_id").as_f64().unwrap_or(0.0) as u32;
            post(&FromWorker::Error { run_id, message: "no file was handed to the analysis".into(), error_kind: "internal".into() });
        }
    }
}

/// A run from the page: shares a large app's code out to the helper, reads this worker's share, and waits
/// for the helper (`on_helper_message`); anything else is analysed at once.
fn start_run(data: &JsValue, blob: Blob) {
    let run_id = field(data, "run_id").as_f64().unwrap_or(0.0) as u32;
    CURRENT_RUN.with(|r| r.set(run_id));
    let name = field(data, "name").as_string().unwrap_or_else(|| "package".into());
    let mut run = Run { run_id, name, blob, started: now(), stage_millis: Vec::new(), phase: None, last_posted: (None, -1.0), helper_memory: 0.0 };
    if let Some(ms) = WARM_MS.with(std::cell::Cell::take) {
        // Not part of this run: how long the worker warmed up while the page was idle.
        run.stage_millis.push(("idle-warm-up".into(), ms));
    }
    let source = match BlobSource::new(run.blob.clone()) {
        Ok(s) => s,
        Err(e) => return post(&FromWorker::Error { run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() }),
    };
    let limits = Limits::default();
    run.phase("plan");
    run.post_progress(Progress::new(Stage::Opening, 0.0));
    // One archive for the plan and this worker's share; the analysis opens its own (its inflation budget
    // must not count what was read ahead).
    let mut archive = if helper().is_some() { Archive::open(&source, limits).ok() } else { None };
    let planned = archive.as_mut().map(|a| planned_dex(a, &limits)).unwrap_or_default();
    let dex_bytes: u64 = planned.iter().map(|p| p.size).sum();
    let mut own = Prescan::default();
    // No more helpers than there is DEX work for: one per SHARE_MIN_DEX_BYTES.
    let sharing = helpers().len().min((dex_bytes / SHARE_MIN_DEX_BYTES) as usize);
    if sharing > 0 {
        let hashing = (source.len() / 100).saturating_mul(HASH_COST_PERCENT);
        let shares = share_out(&planned, sharing + 1, &[OWN_WORK_DEX_BYTES, hashing]);
        let mine = shares.first().cloned().unwrap_or_default();
        let all = helpers();
        let shared = all.iter().take(sharing).enumerate().all(|(i, helper)| {
            let theirs = shares.get(i + 1).cloned().unwrap_or_default();
            let entries = serde_wasm_bindgen::to_value(&theirs).unwrap_or(JsValue::UNDEFINED);
            post_to(helper, "dex", &run.blob, &[("entries", entries)])
        });
        if shared && post_to_helper("fingerprint", &run.blob, &[]) {
            run.phase("code-ahead");
            let read_before = source.read_ms.get();
            if let Some(archive) = archive.as_mut() {
                own.add(prescan(archive, &limits, &mine, &mut |f| run.post_progress(Progress::new(Stage::Code, f))));
            }
            run.stage_millis.push(("code-ahead-read".into(), source.read_ms.get() - read_before));
            run.phase("helper-wait");
            PENDING.with(|p| *p.borrow_mut() = Some(Pending { run, prescan: own, awaited: sharing }));
            return;
        }
        stop_helpers(); // part of the job handed over: do it all here instead
    }
    // A helper that would not take the job cannot be waited for: this worker then hashes the file itself.
    if !post_to_helper("fingerprint", &run.blob, &[]) {
        stop_helpers();
    }
    finish_analysis(run, own);
}

/// Analyses the package with the DEX files read ahead; the helper, if there still is one, is hashing it.
fn finish_analysis(mut run: Run, mut ahead: Prescan) {
    let source = match BlobSource::new(run.blob.clone()) {
        Ok(s) => s,
        Err(e) => return post(&FromWorker::Error { run_id: run.run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() }),
    };
    let helper_hashes = helper().is_some();
    let name = run.name.clone();
    let result = analyze_here(&source, &name, helper_hashes, &mut ahead, &mut |p| run.progress(p));
    run.stage_millis.push(("analysis-read".into(), source.read_ms.get()));
    // Not a time: how many DEX files the analysis took from those read ahead (the end-to-end test checks it).
    run.stage_millis.push(("files-read-ahead".into(), ahead.used() as f64));
    match result {
        Ok(report) if helper_hashes => {
            run.progress(Progress::new(Stage::Fingerprint, 0.5));
            WAITING.with(|w| *w.borrow_mut() = Some(Waiting { run, report }));
        }
        Ok(report) => post(&run.report_message(&report)),
        Err(e) => {
            // Nothing will wait for the fingerprint: stop the helper hashing a file that is not a package.
            stop_helpers();
            post(&FromWorker::Error { run_id: run.run_id, message: e.to_string(), error_kind: kind_name(e.kind).into() });
        }
    }
}

/// The analysis of a file, or of the sample while warming up, with the browser's clock.
fn analyze_here(source: &BlobSource, name: &str, fingerprint_elsewhere: bool, ahead: &mut Prescan, progress: &mut dyn FnMut(Progress)) -> Result<Report> {
    // The core has no clock: expiry of signing certificates is judged against the browser's.
    let options = Options { now_unix: Some((now() / 1000.0).floor() as i64), fingerprint_elsewhere, ..Options::default() };
    analyze_with(source, name, &options, ahead, progress)
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
