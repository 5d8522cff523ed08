// What both end-to-end suites (run.mjs, widget.mjs) share: Chromium started as this machine allows, the
// named test runner (APPLENS_E2E_ONLY=text runs only the tests whose name contains text), the problems a
// page may report, and axe-core.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Headless Chromium without the background connections this machine's closed network refuses; with
 * `profile` (a folder), a persistent context on that profile instead of a browser. */
export function launchChromium({ profile } = {}) {
  const options = {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Extra flags for experiments (e.g. APPLENS_CHROMIUM_ARGS='--js-flags=--no-liftoff' when profiling).
      ...(process.env.APPLENS_CHROMIUM_ARGS ?? '').split(' ').filter(Boolean)],
  };
  return profile ? chromium.launchPersistentContext(profile, options) : chromium.launch(options);
}

export function assert(cond, message) { if (!cond) throw new Error(message); }

/** `test(name, body)` runs one named test and keeps going after a failure; `failures()` counts them. */
export function runner() {
  const only = process.env.APPLENS_E2E_ONLY;
  let failures = 0;
  async function test(name, body) {
    if (only && !name.includes(only)) return;
    const started = Date.now();
    try {
      await body();
      console.log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failures++;
      console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
    }
  }
  return { test, failures: () => failures };
}

/** Routes every request of a browser context (the page, its frames and workers, its service worker): one to
 * `origins` (or a blob: or data: URL) goes through, any other is added to `foreign` and aborted. `seen`
 * gets each request first, for the tests that record them. */
export async function keepToOrigins(context, origins, foreign, seen = () => {}) {
  await context.route('**/*', (route) => {
    const url = route.request().url();
    seen(route.request());
    if (url.startsWith('blob:') || url.startsWith('data:') || origins.some((o) => url.startsWith(o + '/'))) return route.continue();
    foreign.push(url);
    return route.abort();
  });
}

/** Console errors, page errors and dialogs of `page` go to `problems`: any of them fails the run. */
export function watchProblems(page, problems) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`unexpected dialog: ${d.message()}`); d.dismiss(); });
}

const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

/// axe-core in a page or frame (evaluated through the debugging protocol, so its CSP stays as it is): the
/// violations, and a failure on any serious or critical one.
export async function axeCheck(target, label) {
  await target.evaluate(axeSource);
  const result = await target.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return { result, failure: bad.length === 0 ? null : `axe (${label}): ${bad.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(', ')}`).join('; ')}` };
}
