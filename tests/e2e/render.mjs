// End-to-end tests of the report's rendering (issue 15): the page's thread has no long task while a small
// package's report is rendered, and a big report (120 permissions, 5,000 hosts) is rendered in pieces: on
// screen with a few rows, scrollable, then every row, with its search and print still whole.
//
// The 200 ms goal for the big report is measured by the benchmark (tests/e2e/bench-render.mjs),
// not held here as a clock: on CI's shared machine the same build took 200-230 ms where a quiet one takes
// 160-180. What this test holds is what makes it fast, and a comparison in the same run: the big report
// reaches the screen within BIG_TO_SAMPLE times the sample's own time, or within the goal itself (1.8-3.0x
// measured; a report rendered in one piece, as before issue 15, took 1.3-2.5 s: 13-25x).
//
// Long tasks vary with what else runs on a shared 2-core machine: each of those cases is run up to three
// times and passes when one run has no task over 50 ms, scaled by how much slower than a quiet machine a
// fixed piece of JavaScript ran in the same page just before (render-lib.mjs slowdown(): 1 when quiet); the
// structure (the report rendered in several pieces, each a task of its own) is asserted on every run.
//
// usage: node tests/e2e/render.mjs   (after script/build; APPLENS_E2E_ONLY=text runs only some tests)
import { join } from 'node:path';
import { serve } from '../../script/serve.mjs';
import { assert, launchChromium, runner, watchProblems } from './harness.mjs';
import { corpusApk, inflate, instrument, results, root, sampleApk, slowdown, waitForRender } from './render-lib.mjs';

const server = await serve(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchChromium();
const problems = [];
const { test, failures } = runner();
const ATTEMPTS = 3;
const BIG_TO_SAMPLE = 5;
/** The sample's best time from the worker's answer to its report scrollable, in this run. */
let sampleScrollable = Infinity;

async function open() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watchProblems(page, problems);
  await page.goto(origin);
  await page.getByTestId('sample-button').waitFor();
  // Playwright's own helpers are injected into the page on first use (a task of their own): before the
  // clock starts, not during it.
  await page.waitForFunction(() => true);
  return { context, page };
}

/** Every part of the report added (aria-busy cleared by src/ui/progressive.rs). */
async function complete(page) {
  await page.locator('[data-testid=report]:not([aria-busy])').waitFor({ timeout: 60_000 });
}

/** One run: the file (or the big JSON) rendered; long tasks from the worker's answer to the last part. */
async function run({ file, json }) {
  const { context, page } = await open();
  const machine = await slowdown(page);
  await instrument(page, json ?? null);
  await page.getByTestId('file-input').setInputFiles(file ?? { name: 'big.apk', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') });
  await waitForRender(page);
  await complete(page);
  // Long-task entries are delivered to observers after their task: one more frame.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => setTimeout(ok))));
  const r = await results(page);
  const long = r.long.filter((l) => l.start + l.ms >= r.answered).map((l) => l.ms);
  return { context, page, long, machine, pieces: r.pieces, shown: r.shown - r.answered, scrollable: r.scrolled - r.answered, scrollY: r.scrollY, rows: r.rowsAtFirstPaint, json: await page.evaluate(() => window.__render.json) };
}

let corpusJson = null;

for (const [label, file] of [['the sample', sampleApk], ['a 1–5 MB corpus app', corpusApk]]) {
  if (!file) continue;
  await test(`${label}: the report is rendered in pieces, without a task over 50 ms (scaled to the machine's load) on the page's thread`, async () => {
    const seen = [];
    let met = false;
    for (let i = 0; i < ATTEMPTS && !met; i++) {
      const r = await run({ file });
      // The structure: the summary first, the sections after it (a frame each).
      const sections = await r.page.locator('[data-testid=report] > section').count();
      assert(sections >= 5, `only ${sections} sections in the finished report`);
      // Rendered in pieces, each in a task of its own (one piece was the 67-92 ms task before issue 15).
      assert(r.pieces >= 3, `the report was rendered in ${r.pieces} piece(s)`);
      if (file === corpusApk) corpusJson = r.json;
      if (file === sampleApk) sampleScrollable = Math.min(sampleScrollable, r.scrollable);
      await r.context.close();
      // 50 ms on a quiet machine; on a busy one, scaled by how much slower a fixed piece of JavaScript ran in
      // the same page just before (a clean CI run measured tasks of 57-80 ms while everything took ~1.5x).
      const bound = 50 * r.machine.factor;
      seen.push(`[${r.long.join(', ')}] (bound ${bound.toFixed(0)} ms: reference ${r.machine.ms.toFixed(0)} ms; ${r.pieces} pieces; report painted ${r.shown.toFixed(0)} ms, scrollable ${r.scrollable.toFixed(0)} ms after the answer)`);
      met = r.long.every((ms) => ms <= bound);
    }
    console.log(`     long tasks per run: ${seen.join('; ')}`);
    assert(met, `every run had a task over 50 ms: ${seen.join('; ')}`);
  });
}

await test(`a big report (120 permissions, 5,000 hosts): a few rows first, scrollable within ${BIG_TO_SAMPLE}x the sample's time, every row in the end`, async () => {
  if (!corpusJson) {
    const r = await run({ file: corpusApk ?? sampleApk });
    corpusJson = r.json;
    await r.context.close();
  }
  if (!Number.isFinite(sampleScrollable)) {
    const r = await run({ file: sampleApk });
    sampleScrollable = r.scrollable;
    await r.context.close();
  }
  const big = inflate(corpusJson, { permissions: 120, hosts: 5000 });
  const seen = [];
  let best = Infinity;
  // The issue's own 200 ms also passes (a sample that happened to be quick sets a low bar).
  const bound = Math.max(200, BIG_TO_SAMPLE * sampleScrollable);
  for (let i = 0; i < ATTEMPTS && best > bound; i++) {
    const r = await run({ json: big });
    // The first frame holds a few rows, not thousands; in the end all of them are in the document.
    assert(r.rows < 200, `${r.rows} rows rendered in the first frame`);
    assert(r.scrollY > 1000, `the page did not scroll (scrollY ${r.scrollY})`);
    assert(await r.page.locator('[data-domain]').count() === 5000, 'not every host is in the document');
    const permissions = await r.page.locator('[data-permission]').count();
    assert(permissions >= 120, `${permissions} permissions in the document`);
    seen.push(`painted ${r.shown.toFixed(0)} ms, scrollable ${r.scrollable.toFixed(0)} ms after the answer (goal 200 ms), first frame ${r.rows} rows, long tasks [${r.long.join(', ')}]`);
    best = Math.min(best, r.scrollable);
    await r.context.close();
  }
  console.log(`     ${seen.join('\n     ')}\n     the sample: scrollable ${sampleScrollable.toFixed(0)} ms; the big report ${(best / sampleScrollable).toFixed(1)}x that`);
  assert(best <= bound, `the big report took ${(best / sampleScrollable).toFixed(1)}x the sample's time (at most ${BIG_TO_SAMPLE}x): ${seen.join('; ')}`);
});

await test('a big report: search finds rows not rendered yet, printing renders every row at once', async () => {
  const big = inflate(corpusJson ?? (await (async () => { const r = await run({ file: sampleApk }); await r.context.close(); return r.json; })()), { permissions: 120, hosts: 5000 });
  const { context, page } = await open();
  await instrument(page, big);
  await page.getByTestId('file-input').setInputFiles({ name: 'big.apk', mimeType: 'application/octet-stream', buffer: Buffer.from('PK') });
  await page.getByTestId('summary-card').waitFor();
  // Asked to print while rows are still waiting: they are all in the document before the print layout.
  const printed = await page.evaluate(() => new Promise((ok) => {
    const before = document.querySelectorAll('[data-domain]').length;
    window.dispatchEvent(new Event('beforeprint'));
    queueMicrotask(() => queueMicrotask(() => setTimeout(() => ok({ before, after: document.querySelectorAll('[data-domain]').length }))));
  }));
  assert(printed.before < 5000, `every host was rendered at once (${printed.before}): nothing to test`);
  assert(printed.after === 5000, `printing: ${printed.after} hosts of 5000 in the document (${printed.before} before)`);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  // The last synthetic permission, found by the search whatever has been rendered so far.
  await page.getByTestId('permission-search').fill('P0119');
  await page.locator('[data-permission="org.applens.synthetic.permission.P0119"]').waitFor();
  assert(await page.locator('[data-permission]').count() === 1, 'the search shows only the match');
  assert((await page.getByTestId('permission-count').textContent()).includes('1 of'), 'the count says one match');
  await complete(page);
  await context.close();
});

await browser.close();
server.close();
if (problems.length) console.log(`problems reported by the page:\n  ${problems.join('\n  ')}`);
const failed = failures() + (problems.length ? 1 : 0);
console.log(failed ? `${failed} render test(s) failed` : 'all render tests passed');
process.exit(failed ? 1 : 0);
