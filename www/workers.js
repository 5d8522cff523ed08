// The page's analysis workers, made ready before a file arrives (src/ui/bridge.rs takes them from here).
//
// - The worker's WebAssembly is fetched and compiled once, as it streams in (compileStreaming), and the
//   compiled module is handed to every worker, which hands it on to its helpers: nothing compiles twice.
// - One spare worker, with its helpers, is started while the page is idle (at the latest when a file is
//   dragged over the page or the file picker is opened), and warms up on the bundled sample: the tables
//   that do not depend on the package (tracker automaton, permission catalogue, signatures) are built and
//   the hot code is compiled by the browser's optimising tier before a person's file arrives.
// - Each analysis takes the spare (a fresh worker per run, as before: a cancelled run leaves nothing
//   behind) and a new spare is prepared at the next idle moment after it has answered.
//
// How many workers an analysis may use: the page's `?workers=N` (1 to 8, for the benchmark), else
// navigator.hardwareConcurrency capped at 4; the analysis worker starts one helper fewer, and shares the
// code out to no more of them than the package has DEX work for.
//
// Each worker loads through www/worker-boot.js: its first message carries the compiled module (or null:
// the worker then fetches the program itself) and the number of workers; messages that arrive before its
// program runs (the job, a helper's work) wait there and are delivered in order once src/worker.rs has
// installed its own handler. A worker that fails to start throws, so whoever started it hears of it.
const WORKER_URL = './worker-boot.js';
const WASM_URL = './applens-worker_bg.wasm';
const SAMPLE_URL = './applens-sample.apk';
const MAX_WORKERS = 4;

function workerCount() {
  const asked = Number(new URLSearchParams(location.search).get('workers'));
  if (Number.isInteger(asked) && asked >= 1 && asked <= 8) return asked;
  const cores = Number(navigator.hardwareConcurrency) || 2;
  return Math.max(1, Math.min(MAX_WORKERS, cores));
}

let compiled = null;
function compile() {
  // null when this browser cannot compile it here (the worker then fetches it itself).
  compiled ??= WebAssembly.compileStreaming(fetch(WASM_URL)).catch((error) => {
    console.warn('AppLens: the analysis program could not be compiled ahead', error);
    return null;
  });
  return compiled;
}

let sample = null;
function sampleBlob() {
  sample ??= fetch(SAMPLE_URL).then((r) => (r.ok ? r.blob() : null)).catch(() => null);
  return sample;
}

function spawn() {
  const worker = new Worker(WORKER_URL, { name: 'applens-analysis' });
  const workers = workerCount();
  compile().then((module) => worker.postMessage({ kind: 'module', module, workers }));
  return worker;
}

let spare = null;
let scheduled = false;

/** Starts the spare worker now, if there is none, and warms it up on the sample. */
function prepare() {
  if (spare) return;
  spare = spawn();
  const worker = spare;
  sampleBlob().then((blob) => { if (blob && spare === worker) worker.postMessage({ kind: 'warm', blob }); });
}

function prepareWhenIdle() {
  if (scheduled || spare) return;
  scheduled = true;
  const run = () => { scheduled = false; prepare(); };
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 2000 }); else setTimeout(run, 200);
}

/** The worker for a new analysis (the spare if one is ready); a new spare is prepared once this analysis
 * has answered (warming one up meanwhile would take a core from it). */
function take() {
  const worker = spare ?? spawn();
  spare = null;
  worker.addEventListener('message', (event) => {
    if (event.data?.kind === 'report' || event.data?.kind === 'error') prepareWhenIdle();
  });
  return worker;
}

window.applensWorkers = { take, prepare };

// A file on its way: start now rather than at the next idle moment.
addEventListener('dragenter', prepare, { capture: true, passive: true });
addEventListener('pointerdown', prepare, { capture: true, passive: true });
addEventListener('keydown', prepare, { capture: true, passive: true });
// Otherwise once the page's own program runs (boot.js), so its download and compilation come first.
addEventListener('applens:started', prepareWhenIdle, { once: true });
