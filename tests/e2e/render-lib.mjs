// What the render test (render.mjs) and the render benchmark (bench-render.mjs) share: a page whose next
// analysis answers with a report of our choosing, the clock from the worker's answer to the report on
// screen, the page's long tasks, and a big report made from a real one.
//
// The worker is replaced only in the big-report case, by an object that answers the page's job with a
// report JSON at once (the page talks to its worker through `window.applensWorkers.take()`, see
// www/workers.js, and only calls postMessage/onmessage/onerror/terminate on it): the analysis is not what
// is measured there, the page's rendering is. The real worker analyses the sample and the corpus apps.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const corpus = resolve(root, '../shared/corpus');
export const sampleApk = join(root, 'target/sample/applens-sample.apk');
/** A 1–5 MB corpus app with trackers, hosts and many permissions (null when the corpus is absent). */
export const corpusApk = [join(corpus, 'apk/tiger_snes_2.4.4_adsdks.apk'), join(corpus, 'apk/blooddonation.apk')].find(existsSync) ?? null;

/** Installed in the page before the file is handed over: records the long tasks, the moment the worker's
 * answer arrives (a listener added before the page's own onmessage handler, so it runs first), the first
 * frame painted with the report in the document, and the report JSON itself. With `fakeJson`, the worker
 * is replaced by one that answers with that JSON. */
export function instrument(page, fakeJson = null) {
  return page.evaluate((fakeJson) => {
    const t = { long: [], answered: null, shown: null, scrolled: null, rowsAtFirstPaint: null, json: null };
    window.__render = t;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) t.long.push({ start: e.startTime, ms: Math.round(e.duration) }); })
      .observe({ type: 'longtask' });
    // The first frame painted with the report: a task posted from the animation frame runs after its paint.
    const afterPaint = (f) => requestAnimationFrame(() => { const c = new MessageChannel(); c.port1.onmessage = f; c.port2.postMessage(0); });
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid=report], [data-testid=error]')) return;
      observer.disconnect();
      afterPaint(() => {
        t.shown = performance.now();
        t.rowsAtFirstPaint = document.querySelectorAll('[data-domain], [data-permission]').length;
        // Scrollable: scrolled to the end at once, the next frame comes (a page busy in one long task
        // could not give it).
        window.scrollTo(0, document.documentElement.scrollHeight);
        requestAnimationFrame(() => { t.scrolled = performance.now(); t.scrollY = window.scrollY; });
      });
    }).observe(document.body, { childList: true, subtree: true });
    const original = window.applensWorkers.take;
    window.applensWorkers.take = () => {
      if (fakeJson === null) {
        const worker = original();
        // The clock starts as the answer arrives, before its data is read (the copy out of the message
        // is part of the page's work).
        worker.addEventListener('message', (e) => {
          const arrived = performance.now();
          if (e.data?.kind === 'report') { t.answered = arrived; t.json = e.data.report_json; }
        });
        return worker;
      }
      // A stand-in worker: answers the job at once with the given report, through a message channel as a
      // worker's message comes (the clock starts before the report is copied into the message).
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => fake.onmessage(e);
      const fake = {
        onmessage: null, onerror: null,
        terminate() {},
        addEventListener() {},
        postMessage(job) {
          if (!job || job.run_id === undefined) return;
          setTimeout(() => {
            t.answered = performance.now();
            channel.port2.postMessage({ kind: 'report', run_id: job.run_id, report_json: fakeJson, millis: 1, wasm_memory_bytes: 0, stage_millis: [] });
          });
        },
      };
      return fake;
    };
  }, fakeJson);
}

/** Waits (without sleeping: polling the page) for the report painted and for the long-task observer to
 * have had a chance to report the tasks that ended (entries are queued to observers after the task). */
export async function waitForRender(page) {
  await page.waitForFunction(() => window.__render.scrolled !== null, null, { polling: 20, timeout: 90_000 });
  if (await page.getByTestId('error').count()) throw new Error('analysis failed: ' + await page.getByTestId('error-message').textContent());
  // Two more frames: the last chunks of a progressive list are rendered in their own tasks.
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
}

/** How much slower this machine is now than a quiet one: a fixed piece of JavaScript run in the page (after a
 * warm-up, the median of five runs) against QUIET_MS, what it takes on the 2-core machine with nothing else
 * running (19-23 ms measured). At least 1. Measured in the same page, just before the run it scales. */
const QUIET_MS = 21;
export async function slowdown(page) {
  const ms = await page.evaluate(() => {
    const runs = [];
    for (let r = 0; r < 6; r++) {
      const t = performance.now();
      let x = 0;
      for (let i = 0; i < 4e6; i++) x = (x * 31 + i) % 1000003;
      if (x < 0) console.log(x); // keeps the loop from being optimised away
      runs.push(performance.now() - t);
    }
    return runs.slice(1).sort((a, b) => a - b)[2];
  });
  return { ms, factor: Math.max(1, ms / QUIET_MS) };
}

/** The page's state for the test: long tasks, times, rows, and how many pieces the report was rendered in
 * (src/ui/progressive.rs marks each piece's task `applens:part-…`). */
export function results(page) {
  return page.evaluate(() => ({
    pieces: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('applens:part-')).length,
    long: window.__render.long,
    answered: window.__render.answered,
    shown: window.__render.shown,
    scrolled: window.__render.scrolled,
    scrollY: window.__render.scrollY,
    rowsAtFirstPaint: window.__render.rowsAtFirstPaint,
  }));
}

/** A report with `permissions` permissions and `hosts` hosts, made from a real one by repeating its own
 * entries under new names (so every field is one the analysis writes). */
export function inflate(json, { permissions = 120, hosts = 5000 } = {}) {
  const r = JSON.parse(json);
  const perms = r.permissions;
  if (!perms.length) throw new Error('the report to inflate has no permissions');
  const extra = [];
  for (let i = perms.length; i < permissions; i++) {
    const p = structuredClone(perms[i % perms.length]);
    p.name = `org.applens.synthetic.permission.P${String(i).padStart(4, '0')}`;
    extra.push(p);
  }
  r.permissions = perms.concat(extra);
  const template = r.domains[0] ?? { host: '', cleartext: false, company: null, country: null, tracker: null, evidence: [] };
  const domains = [];
  for (let i = 0; i < hosts; i++) {
    const d = structuredClone(r.domains[i % Math.max(1, r.domains.length)] ?? template);
    d.host = `host${String(i).padStart(5, '0')}.example.org`;
    domains.push(d);
  }
  r.domains = domains;
  return JSON.stringify(r);
}

/** Chromium's own timeline of one step (Playwright's browser tracing): the page thread's tasks over
 * `minMs`, each split into script, style, layout and paint, and the page's performance marks. */
export function longTasksIn(traceBuffer, minMs = 20) {
  const events = JSON.parse(traceBuffer.toString()).traceEvents;
  // The page's thread: of the renderers' main threads, the one that was busiest in the traced step.
  const busy = (t) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask').reduce((s, e) => s + (e.dur ?? 0), 0);
  const main = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').sort((a, b) => busy(b) - busy(a))[0];
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.dur >= minMs * 1000);
  const kinds = {
    script: ['FunctionCall', 'EvaluateScript', 'v8.compile', 'RunMicrotasks', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.callFunction'],
    style: ['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet'],
    layout: ['Layout'],
    paint: ['PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer', 'CompositeLayers'],
    gc: ['MinorGC', 'MajorGC', 'V8.GC_SCAVENGER', 'BlinkGC.AtomicPhase'],
  };
  const marks = events.filter((e) => e.cat?.includes('blink.user_timing') && e.name.startsWith('applens:')).map((e) => ({ name: e.name, ts: e.ts }));
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    const inside = onMain.filter((e) => e !== task && e.ph === 'X' && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    const split = {};
    for (const [kind, names] of Object.entries(kinds)) {
      // Outermost events of the kind only (script events nest in each other).
      const own = inside.filter((e) => names.includes(e.name));
      const outer = own.filter((e) => !own.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && (o.ts < e.ts || o.dur > e.dur)));
      split[kind] = Math.round(outer.reduce((s, e) => s + e.dur, 0) / 1000);
    }
    const taskMarks = marks.filter((m) => m.ts >= task.ts && m.ts <= end).map((m) => `${m.name}@${Math.round((m.ts - task.ts) / 1000)}`);
    return { ms: Math.round(task.dur / 1000), ...split, marks: taskMarks };
  });
}
