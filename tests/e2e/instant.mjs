// End-to-end tests of issue 15: a drop answers at once, the page works offline, installs, and updates
// whole. The page is served from a temporary copy of dist/ under a sub-path (/applens/), so a new build can
// be published during the test and relative URLs are checked on the way.
//
// usage: node tests/e2e/instant.mjs   (after script/build; APPLENS_E2E_ONLY=text runs only some tests)
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../script/serve.mjs';
import { assert, launchChromium, runner, watchProblems } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(root, '../shared/corpus');
const site = mkdtempSync(join(tmpdir(), 'applens-site-'));
const published = join(site, 'applens');
cpSync(join(root, 'dist'), published, { recursive: true });

const server = await serve(site, 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const home = `${origin}/applens/`;
const browser = await launchChromium();
const problems = [];
const { test, failures } = runner();

async function open(context, url = home) {
  const page = await context.newPage();
  watchProblems(page, problems);
  await page.goto(url);
  await page.getByTestId('sample-button').waitFor();
  return page;
}

async function waitForReport(page, timeout = 60_000) {
  await page.locator('[data-testid=report]:not([aria-busy])').or(page.getByTestId('error')).waitFor({ timeout });
  if (await page.getByTestId('error').count()) throw new Error('analysis failed: ' + await page.getByTestId('error-message').textContent());
}

/** Waits until the page is controlled by an activated service worker (its build's files all cached). */
async function offlineReady(page) {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok, { once: true }));
    return registration.active.state;
  });
}

await test('a small package: progress in the first frame, the report without a long task on the page', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await open(context);
  await page.waitForTimeout(2000); // the page idles: the worker is prepared and warmed up meanwhile
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); })
      .observe({ type: 'longtask' });
    document.querySelector('[data-testid=file-input]').addEventListener('change', () => {
      const dropped = performance.now();
      requestAnimationFrame(() => {
        window.__firstFrame = { progress: !!document.querySelector('[data-testid=progress], [data-testid=report]'), ms: performance.now() - dropped };
      });
    }, { capture: true });
  });
  const file = existsSync(join(corpus, 'apk/hello-world.apk')) ? join(corpus, 'apk/hello-world.apk') : join(root, 'target/sample/applens-sample.apk');
  await page.getByTestId('file-input').setInputFiles(file);
  await waitForReport(page);
  await page.waitForTimeout(300); // long tasks are reported after they end
  const { long, first } = await page.evaluate(() => ({ long: window.__long, first: window.__firstFrame }));
  const stages = await page.getByTestId('stats').getAttribute('data-stages');
  console.log(`     first frame after the drop: progress shown ${first?.progress} (${first?.ms?.toFixed(0)} ms); long tasks: [${long.join(', ')}] ms; ${stages}`);
  assert(first?.progress, 'the first frame after the drop does not show the progress');
  // The goal is none over 50 ms. Measured here (2 cores shared with other work): none for hello-world
  // in a quiet minute, one of 68 ms for the sample (Yew rendering its ~950 elements in one task), up to
  // 170 ms when the machine is busy. The report is now rendered in pieces (src/ui/progressive.rs;
  // tests/e2e/render.mjs holds the 50 ms goal); this guards against a page that freezes.
  assert(long.every((d) => d <= 250), `a long task on the page's thread: ${long.join(', ')} ms`);
  assert(/idle-warm-up=\d+/.test(stages), 'the worker was not warmed up while the page was idle');
  await context.close();
});

await test('installable: a manifest with its icons, a service worker, no installability error', async () => {
  // A profile of its own: Chromium offers no installation in a private (incognito-like) context.
  const profile = mkdtempSync(join(tmpdir(), 'applens-profile-'));
  const context = await launchChromium({ profile });
  const page = await open(context);
  await offlineReady(page);
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel=manifest]').href)).json());
  assert(manifest.display === 'standalone' && manifest.short_name === 'AppLens', 'manifest fields');
  for (const icon of manifest.icons) {
    const size = await page.evaluate(async (src) => {
      const img = new Image();
      img.src = new URL(src, document.querySelector('link[rel=manifest]').href).href;
      await img.decode();
      return `${img.naturalWidth}x${img.naturalHeight}`;
    }, icon.src);
    assert(size === icon.sizes, `${icon.src} is ${size}, the manifest says ${icon.sizes}`);
  }
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert(installabilityErrors.length === 0, `installability errors: ${JSON.stringify(installabilityErrors)}`);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});

await test('offline: once opened, the page reloads and analyses the sample and a corpus app with no network', async () => {
  const context = await browser.newContext();
  const page = await open(context);
  await offlineReady(page);
  await context.setOffline(true);
  await page.reload();
  await page.getByTestId('sample-button').waitFor();
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  assert(await page.getByTestId('app-id').textContent() === 'org.applens.sample.torch', 'sample offline');
  if (existsSync(join(corpus, 'apk/blooddonation.apk'))) {
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'apk/blooddonation.apk'));
    await page.locator('[data-testid=stats][data-file="blooddonation.apk"]').waitFor({ timeout: 60_000 });
  }
  // What is stored: exactly the build's files, nothing of a package or a report.
  const stored = await page.evaluate(async () => {
    const names = await caches.keys();
    const urls = [];
    for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(new URL(r.url).pathname);
    return { names, urls };
  });
  const list = JSON.parse(readFileSync(join(published, 'sw.js'), 'utf8').match(/const PRECACHE = (\{[\s\S]*?\});\n/)[1]);
  const expected = list.files.map((f) => `/applens/${f.path}`).sort();
  assert(stored.names.length === 1, `caches: ${stored.names.join(', ')}`);
  assert(JSON.stringify(stored.urls.sort()) === JSON.stringify(expected), `cached ${stored.urls.length} files, the build has ${expected.length}: ${stored.urls.filter((u) => !expected.includes(u)).join(', ')}`);
  assert(!stored.urls.some((u) => u.includes('blooddonation')), 'a package was cached');
  // Every language's catalog parts are in the build's list, so a reader can switch language offline.
  for (const part of ['de/common', 'de/android', 'de/ios', 'de/diagnostics', 'fr/common', 'fr/android', 'fr/ios', 'fr/diagnostics']) {
    assert(expected.includes(`/applens/i18n/${part}.tsv`), `i18n/${part}.tsv is not precached`);
  }
  await page.goto(`${home}?lang=de`);
  await page.getByText('App-Paket hier ablegen').waitFor();
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  await page.getByText('Sehr hohes Risiko', { exact: false }).first().waitFor();
  await context.setOffline(false);
  await context.close();
});

await test('a new build is published: the page says so, and a reload brings the whole new build', async () => {
  const context = await browser.newContext();
  const page = await open(context);
  await offlineReady(page);
  const oldBuild = await page.evaluate(async () => (await caches.keys()).join());
  // Publish: a visible change in the page (its title) and another file, and the service worker made anew.
  const index = join(published, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('</title>', ' (new build)</title>'));
  writeFileSync(join(published, 'embed-demo.css'), readFileSync(join(published, 'embed-demo.css'), 'utf8') + '\n/* new build */\n');
  execFileSync('node', [join(root, 'script/precache.mjs'), published]);
  await page.reload(); // the browser looks for a new service worker on navigation
  await page.getByTestId('update').waitFor({ timeout: 30_000 });
  // Until the person accepts, the old build is still what runs.
  assert(!(await page.title()).includes('(new build)'), 'the new build showed before it was accepted');
  await Promise.all([page.waitForEvent('load'), page.getByTestId('update').getByRole('button').click()]);
  await page.getByTestId('sample-button').waitFor();
  assert((await page.title()).includes('(new build)'), `after the update the page is still the old build: ${await page.title()}`);
  const newBuild = await page.evaluate(async () => (await caches.keys()).join());
  assert(newBuild !== oldBuild && !newBuild.includes(','), `caches after the update: ${newBuild} (before: ${oldBuild})`);
  // And the new build works offline.
  await context.setOffline(true);
  await page.reload();
  assert((await page.title()).includes('(new build)'), 'offline, the old build came back');
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  await context.close();
});

await browser.close();
server.close();
rmSync(site, { recursive: true, force: true });
if (problems.length) console.log(`problems reported by the page:\n  ${problems.join('\n  ')}`);
const failed = failures() + (problems.length ? 1 : 0);
console.log(failed ? `${failed} instant/offline test(s) failed` : 'all instant/offline tests passed');
process.exit(failed ? 1 : 0);
