// The drop-to-report benchmark (not a timed test): how long a person waits between handing the page a
// small package and seeing its report, against the native CLI's whole run on the same file, in one sitting.
//
// For each file: a fresh page, left idle for 2 s (as a person takes to find the file), then the file is
// handed to the page's file input; the clock runs from the input's `change` event (in the page) to the
// first animation frame after the report is in the document. The native figure is the wall time of
// `applens check FILE --json` (process start to exit), median of the same number of runs.
//
// usage: script/build && cargo build --release --bin applens
//        node tests/e2e/bench-drop.mjs [RUNS]          (default 5; APPLENS_BENCH_WORKERS=N forces N workers)
// Writes tests/e2e/out/bench-drop.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../script/serve.mjs';
import { launchChromium } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(root, '../shared/corpus');
const out = join(root, 'tests/e2e/out');
mkdirSync(out, { recursive: true });
const runs = Number(process.argv[2] ?? 5);
const cli = join(root, 'target/release/applens');
if (!existsSync(cli)) throw new Error('build the native CLI first: cargo build --release --bin applens');

const files = [
  join(root, 'target/sample/applens-sample.apk'),
  join(corpus, 'apk/hello-world.apk'),
  join(corpus, 'apk/blooddonation.apk'),
].filter(existsSync);

const server = await serve(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();
const workers = process.env.APPLENS_BENCH_WORKERS;
const url = origin + '/' + (workers ? `?workers=${workers}` : '');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function browserRun(file) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('sample-button').waitFor();
  await page.waitForTimeout(2000);
  await page.evaluate(() => {
    window.__bench = {};
    document.querySelector('[data-testid=file-input]').addEventListener('change', () => {
      window.__bench.dropped = performance.now();
      // The first progress the person sees: the progress section painted.
      const seen = () => document.querySelector('[data-testid=progress], [data-testid=report]');
      const firstProgress = () => requestAnimationFrame(() => {
        if (seen()) window.__bench.progress ??= performance.now(); else firstProgress();
      });
      firstProgress();
      new MutationObserver((_, observer) => {
        if (document.querySelector('[data-testid=report], [data-testid=error]')) {
          observer.disconnect();
          requestAnimationFrame(() => { window.__bench.rendered = performance.now(); });
        }
      }).observe(document.body, { childList: true, subtree: true });
    }, { capture: true });
  });
  await page.getByTestId('file-input').setInputFiles(file);
  await page.waitForFunction(() => window.__bench.rendered, null, { polling: 50, timeout: 60_000 });
  if (await page.getByTestId('error').count()) throw new Error(`${file}: ${await page.getByTestId('error-message').textContent()}`);
  const b = await page.evaluate(() => window.__bench);
  const stats = page.getByTestId('stats');
  const worker = Number(await stats.getAttribute('data-millis'));
  const stages = await stats.getAttribute('data-stages');
  await context.close();
  return { total: b.rendered - b.dropped, progress: b.progress - b.dropped, worker, stages };
}

function nativeRun(file) {
  const started = process.hrtime.bigint();
  execFileSync(cli, ['check', file, '--json'], { stdio: ['ignore', 'ignore', 'ignore'] });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const results = [];
for (const file of files) {
  const name = file.split('/').pop();
  nativeRun(file); // the binary and the file in the page cache, as the browser's file is
  const native = [];
  const browserRuns = [];
  // Interleaved, so that the machine's drift over minutes touches both alike.
  for (let i = 0; i < runs; i++) {
    native.push(nativeRun(file));
    browserRuns.push(await browserRun(file));
  }
  const total = median(browserRuns.map((r) => r.total));
  const nat = median(native);
  const row = {
    file: name,
    drop_to_report_ms: Math.round(total),
    first_progress_ms: Math.round(median(browserRuns.map((r) => r.progress))),
    worker_ms: Math.round(median(browserRuns.map((r) => r.worker))),
    native_ms: Math.round(nat),
    ratio: Number((total / nat).toFixed(2)),
    all_ms: browserRuns.map((r) => Math.round(r.total)),
    stages: browserRuns[Math.floor(runs / 2)].stages,
  };
  results.push(row);
  console.log(`${name}: drop to report ${row.drop_to_report_ms} ms (first progress ${row.first_progress_ms} ms, worker ${row.worker_ms} ms; runs ${row.all_ms.join(', ')}), native ${row.native_ms} ms: ${row.ratio}x   [${row.stages}]`);
}
writeFileSync(join(out, 'bench-drop.json'), JSON.stringify({ runs, workers: workers ?? 'auto', results }, null, 1));
await browser.close();
server.close();
