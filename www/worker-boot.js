// See www/workers.js: {kind: "module", module, workers} first; other messages wait until the program runs.
importScripts('./applens-worker.js');

const early = [];
self.onmessage = (event) => {
  const data = event.data;
  if (!data || data.kind !== 'module') return void early.push(data);
  self.onmessage = (later) => early.push(later.data);
  self.applensWorkers = Number.isInteger(data.workers) && data.workers > 0 ? data.workers : 1;
  const started = data.module
    ? Promise.resolve().then(() => wasm_bindgen.initSync({ module: data.module }))
    : wasm_bindgen({ module_or_path: './applens-worker_bg.wasm' });
  started.then(() => {
    for (const message of early.splice(0)) self.dispatchEvent(new MessageEvent('message', { data: message }));
  }, (error) => setTimeout(() => { throw error; }));
};
