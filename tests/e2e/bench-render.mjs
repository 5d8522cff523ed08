// The report-rendering benchmark (not a timed test): what the page's thread does between the worker's
// answer and the report on screen, for the sample, a 1–5 MB corpus app and a big synthetic report
// (120 permissions, 5,000 hosts, made from the corpus app's report), and how long the page takes to load.
//
// For each case and run: a fresh page; the file is handed to the page (the big report: a stand-in worker
// answers with it, see render-lib.mjs); the clock runs from the worker's answer to the first frame painted
// with the report, then the page is scrolled to its end and the time to the next frame is added
// ("rendered and scrollable"). Chromium's timeline (tracing) splits each of the page's tasks over 20 ms
// into script, style, layout and paint, with the page's own marks (applens:report-value: the text parsed;
// applens:report-parsed: the report read from it;
// applens:report-rendered). First load: navigation start to the page interactive (the sample button
// enabled, i.e. the page's program has run), and Chromium's own first contentful paint.
//
// usage: script/build && node tests/e2e/bench-render.mjs [RUNS]   (default 5)
// Writes tests/e2e/out/bench-render.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../../script/serve.mjs';
import { launchChromium } from './harness.mjs';
import { corpusApk, inflate, instrument, longTasksIn, results, root, sampleApk, waitForRender } from './render-lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const out = join(root, 'tests/e2e/out');
mkdirSync(out, { recursive: true });
const server = await serve(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function openPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(origin);
  await page.getByTestId('sample-button').waitFor();
  await page.waitForFunction(() => true); // Playwright's helpers injected now, not while measuring
  return { context, page };
}

/** One run: the report of `file` (or the big JSON), traced. */
async function renderRun({ file, json }) {
  const { context, page } = await openPage();
  await instrument(page, json ?? null);
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8'] });
  if (file) await page.getByTestId('file-input').setInputFiles(file);
  else await page.getByTestId('file-input').setInputFiles({ name: 'big.apk', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') });
  await waitForRender(page);
  // Until every part is added (src/ui/progressive.rs clears aria-busy), and one frame more for the
  // long-task entries to be delivered.
  await page.locator('[data-testid=report]:not([aria-busy])').waitFor({ timeout: 60_000 });
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));
  const trace = await browser.stopTracing();
  const r = await results(page);
  const reportJson = await page.evaluate(() => window.__render.json);
  await context.close();
  const sinceAnswer = r.long.filter((l) => l.start + l.ms >= r.answered);
  return {
    shownMs: r.shown - r.answered,
    scrollableMs: r.scrolled - r.answered,
    scrollY: r.scrollY,
    longest: Math.max(0, ...sinceAnswer.map((l) => l.ms)),
    longTasks: sinceAnswer.map((l) => l.ms),
    rowsAtFirstPaint: r.rowsAtFirstPaint,
    tasks: longTasksIn(trace),
    reportJson,
  };
}

/** First load: a fresh context (nothing cached), navigation start to the sample button enabled. */
async function loadRun() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(origin, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.applensStarted === true && document.querySelector('[data-testid=sample-button]:not([disabled])'), null, { polling: 'raf', timeout: 30_000 });
  const m = await page.evaluate(() => ({
    interactive: performance.now(),
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
    dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null,
  }));
  await context.close();
  return m;
}

const report = { runs, cases: {} };
function summarise(name, list) {
  const row = {
    shown_ms: Math.round(median(list.map((r) => r.shownMs))),
    scrollable_ms: Math.round(median(list.map((r) => r.scrollableMs))),
    longest_task_ms: median(list.map((r) => r.longest)),
    longest_task_all_runs: list.map((r) => r.longest),
    rows_at_first_paint: list[0].rowsAtFirstPaint,
    tasks_over_20ms_median_run: list.map((r) => r.tasks).sort((a, b) => a.length - b.length)[Math.floor(list.length / 2)],
  };
  report.cases[name] = row;
  console.log(`${name}: shown ${row.shown_ms} ms after the answer, scrollable ${row.scrollable_ms} ms; longest task ${row.longest_task_ms} ms (runs: ${row.longest_task_all_runs.join(', ')}); rows at first paint ${row.rows_at_first_paint}`);
  for (const t of row.tasks_over_20ms_median_run) console.log(`    task ${t.ms} ms: script ${t.script}, style ${t.style}, layout ${t.layout}, paint ${t.paint}, gc ${t.gc}  ${t.marks.join(' ')}`);
}

const sample = [];
for (let i = 0; i < runs; i++) sample.push(await renderRun({ file: sampleApk }));
summarise('sample', sample);
let bigJson = null;
if (corpusApk) {
  const app = [];
  for (let i = 0; i < runs; i++) app.push(await renderRun({ file: corpusApk }));
  summarise(corpusApk.split('/').pop(), app);
  bigJson = inflate(app[0].reportJson);
} else {
  bigJson = inflate(sample[0].reportJson);
}
const big = [];
for (let i = 0; i < runs; i++) big.push(await renderRun({ json: bigJson }));
summarise(`big (120 permissions, 5,000 hosts, ${(bigJson.length / 1e6).toFixed(1)} MB of JSON)`, big);

const loads = [];
for (let i = 0; i < runs; i++) loads.push(await loadRun());
report.first_load = {
  interactive_ms: Math.round(median(loads.map((l) => l.interactive))),
  first_contentful_paint_ms: Math.round(median(loads.map((l) => l.fcp))),
  all_interactive_ms: loads.map((l) => Math.round(l.interactive)),
};
console.log(`first load: interactive ${report.first_load.interactive_ms} ms (runs ${report.first_load.all_interactive_ms.join(', ')}), first contentful paint ${report.first_load.first_contentful_paint_ms} ms`);
writeFileSync(join(out, 'bench-render.json'), JSON.stringify(report, null, 1));
await browser.close();
server.close();
