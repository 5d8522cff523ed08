// End-to-end tests: the built page (dist/) in headless Chromium, driven like a person would.
// Every request any part of the page makes (page, worker) is recorded; anything not to the page's own
// origin fails the run. Screenshots of each state go to tests/e2e/screenshots/ (git-ignored).
//
// usage: node tests/e2e/run.mjs   (after script/build; script/test does both)
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../script/serve.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(root, '../shared/corpus');
const shots = join(root, 'tests/e2e/screenshots');
const out = join(root, 'tests/e2e/out');
mkdirSync(shots, { recursive: true });
mkdirSync(out, { recursive: true });

const server = await serve(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const requests = [];
const foreign = [];
const problems = [];
let failures = 0;

async function newPage(viewport = { width: 1280, height: 900 }, colorScheme = 'light') {
  const context = await browser.newContext({ viewport, colorScheme });
  // Route every request of the context (page and its workers): record it, and stop anything foreign.
  await context.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url.startsWith(origin + '/') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => { problems.push(`unexpected dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(origin + '/');
  await page.getByTestId('sample-button').waitFor();
  return page;
}

async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}\n     ${String(e.stack ?? e).split('\n').slice(0, 6).join('\n     ')}`);
  }
}

function assert(cond, message) { if (!cond) throw new Error(message); }

async function waitForReport(page, timeout = 30_000) {
  await page.getByTestId('report').or(page.getByTestId('error')).waitFor({ timeout });
  const error = await page.getByTestId('error').count();
  if (error) throw new Error('analysis failed: ' + await page.getByTestId('error-message').textContent());
}

function androguardRow(file) {
  const lines = readFileSync(join(root, 'tests/reference/androguard_apk.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines[0].split('\t');
  const row = lines.map((l) => l.split('\t')).find((r) => r[0] === file);
  return Object.fromEntries(header.map((h, i) => [h, row?.[i] ?? '']));
}

await test('start page offers a file picker and a sample', async () => {
  const page = await newPage();
  assert(await page.getByText('Drop an app package here').isVisible(), 'drop zone text missing');
  assert(await page.getByText('Nothing is uploaded').isVisible(), 'privacy promise missing');
  await page.screenshot({ path: join(shots, '01-start.png'), fullPage: true });
  await page.close();
});

await test('"Try a sample" analyses the bundled sample APK', async () => {
  const page = await newPage();
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  const id = await page.getByTestId('app-id').textContent();
  assert(id === 'org.applens.sample.torch', `sample package shown as ${id}`);
  assert((await page.getByTestId('app-version').textContent()).includes('2.4.1'), 'sample version missing');
  for (const p of ['CAMERA', 'READ_SMS', 'ACCESS_FINE_LOCATION', 'ACCESS_BACKGROUND_LOCATION', 'org.applens.sample.torch.permission.C2D_MESSAGE']) {
    const name = p.includes('.') ? p : `android.permission.${p}`;
    assert(await page.locator(`[data-permission="${name}"]`).count() === 1, `${name} not listed`);
  }
  assert((await page.getByTestId('summary').textContent()).includes('15 permissions'), 'summary count wrong');
  await page.screenshot({ path: join(shots, '02-sample-report.png'), fullPage: true });
  await page.locator('[data-permission="android.permission.CAMERA"] summary').click();
  assert(await page.getByText('android:name="android.permission.CAMERA"').first().isVisible(), 'evidence not shown');
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: join(shots, '03-sample-report-phone.png'), fullPage: true });
  await page.close();
});

await test('sample report in dark mode', async () => {
  const page = await newPage({ width: 1280, height: 900 }, 'dark');
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  await page.screenshot({ path: join(shots, '04-sample-report-dark.png'), fullPage: true });
  await page.close();
});

if (existsSync(corpus)) {
  await test('a corpus APK uploaded through the file input shows its identity and permissions', async () => {
    const file = 'blooddonation.apk';
    const expected = androguardRow(file);
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'apk', file));
    await waitForReport(page);
    assert(await page.getByTestId('app-id').textContent() === expected.package, 'package differs from androguard');
    for (const name of expected.permissions.split(',').filter(Boolean)) {
      assert(await page.locator(`[data-permission="${name}"]`).count() === 1, `${name} not listed`);
    }
    await page.screenshot({ path: join(shots, '05-corpus-report.png'), fullPage: true });
    await page.close();
  });

  await test('a format not supported yet gets a clear message naming it', async () => {
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'ipa', 'fastlane_iOSAppOnly.ipa'));
    await page.getByTestId('error').waitFor();
    const message = await page.getByTestId('error-message').textContent();
    assert(message.includes('iOS app (IPA)'), `message does not name the format: ${message}`);
    await page.screenshot({ path: join(shots, '06-error-unsupported.png'), fullPage: true });
    await page.close();
  });
} else {
  console.log('SKIPPED corpus tests: ../shared/corpus is absent');
}

await test('a file that is not a package says what it is', async () => {
  const pdf = join(out, 'not-an-app.pdf');
  writeFileSync(pdf, '%PDF-1.7\n% not an app\n');
  const page = await newPage();
  await page.getByTestId('file-input').setInputFiles(pdf);
  await page.getByTestId('error').waitFor();
  const message = await page.getByTestId('error-message').textContent();
  assert(message.includes('PDF') && message.includes('not an app package'), `unclear message: ${message}`);
  await page.screenshot({ path: join(shots, '07-error-not-a-package.png'), fullPage: true });
  await page.close();
});

await test('a 300 MB package is analysed with the worker memory under 128 MiB', async () => {
  const large = join(out, 'large-300mb.apk');
  execFileSync('python3', [join(root, 'tests/e2e/make-large-apk.py'), join(root, 'target/sample/applens-sample.apk'), large, '300']);
  const page = await newPage();
  const started = Date.now();
  await page.getByTestId('file-input').setInputFiles(large);
  await page.getByTestId('progress').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(shots, '08-progress-large.png') });
  await waitForReport(page, 180_000);
  const stats = page.getByTestId('stats');
  const memory = Number(await stats.getAttribute('data-wasm-memory'));
  const millis = Number(await stats.getAttribute('data-millis'));
  console.log(`     300 MB package: analysed in ${millis} ms (${Date.now() - started} ms with upload), worker wasm memory ${(memory / 1048576).toFixed(1)} MiB`);
  writeFileSync(join(out, 'large-memory.json'), JSON.stringify({ bytes: memory, millis }));
  assert(memory > 0 && memory < 128 * 1048576, `worker wasm memory ${memory} bytes is not under 128 MiB`);
  assert(await page.getByTestId('app-id').textContent() === 'org.applens.sample.torch', 'large package identity wrong');
  await page.close();
});

await test('the sample shows tracker code, who gets the data, capabilities and domains', async () => {
  const page = await newPage();
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  for (const name of ['Google Firebase Analytics', 'Facebook Analytics']) {
    assert(await page.locator(`[data-tracker="${name}"]`).count() === 1, `tracker ${name} not listed`);
  }
  assert((await page.locator('[data-tracker="Facebook Analytics"]').textContent()).includes('Meta · United States'), 'company and country missing');
  const who = await page.getByTestId('recipients-summary').textContent();
  assert(who.includes('Data may go to companies in: United States (Google, Meta)'), `who-gets-the-data summary: ${who}`);
  for (const id of ['clipboard', 'id_device', 'sms_read', 'location', 'camera']) {
    assert(await page.locator(`[data-capability="${id}"]`).count() === 1, `capability ${id} not listed`);
  }
  assert((await page.locator('[data-capability="camera"]').textContent()).includes('no code using it was found'), 'camera cross-check missing');
  assert((await page.locator('[data-domain="ads.torchplus.example"]').textContent()).includes('unencrypted'), 'cleartext host not flagged');
  await page.locator('[data-tracker="Google Firebase Analytics"] summary').click();
  assert(await page.getByText('com.google.firebase.analytics.FirebaseAnalytics').first().isVisible(), 'tracker evidence not shown');
  await page.getByTestId('trackers').screenshot({ path: join(shots, '09-sample-trackers.png') });
  await page.screenshot({ path: join(shots, '10-sample-code.png'), fullPage: true });
  await page.close();
});

if (existsSync(corpus)) {
  await test('blooddonation.apk shows Google AdMob from Google in the United States', async () => {
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'apk', 'blooddonation.apk'));
    await waitForReport(page);
    assert(await page.locator('[data-tracker="Google AdMob"]').count() === 1, 'AdMob not listed');
    assert(await page.locator('[data-tracker]').count() === 1, 'more trackers than the Exodus method finds');
    assert((await page.getByTestId('recipients-summary').textContent()).includes('United States (Google'), 'recipients summary');
    assert(await page.getByTestId('domains').isVisible(), 'domains section missing');
    await page.screenshot({ path: join(shots, '11-corpus-code.png'), fullPage: true });
    await page.close();
  });
}

const packed = join(root, 'target/fixtures/apk/packed.apk');
if (existsSync(packed)) {
  await test('a packed app never claims "no trackers" and says what it could not see', async () => {
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(packed);
    await waitForReport(page);
    const none = await page.getByTestId('no-trackers').textContent();
    assert(none.includes('could not be examined'), `packed app wording: ${none}`);
    assert((await page.getByTestId('packers').textContent()).includes('360 Jiagu'), 'packer not shown');
    assert((await page.getByTestId('limitations').textContent()).includes('may be incomplete'), 'limitation missing');
    await page.screenshot({ path: join(shots, '12-packed.png'), fullPage: true });
    await page.close();
  });
}

if (process.env.APPLENS_BENCH === '1') {
  // The code benchmark in the browser (not a timed test): the APK of real DEX files made for
  // examples/bench.rs, analysed by the worker; compared with the native figure that bench wrote.
  await test('benchmark: 150 MB of real DEX in the browser', async () => {
    const apk = join(root, 'target/bench/dex-150mb.apk');
    execFileSync('python3', [join(root, 'script/make-dex-bench-apk.py'), join(corpus, 'apk'), apk, '150']);
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(apk);
    await waitForReport(page, 300_000);
    const stats = page.getByTestId('stats');
    const millis = Number(await stats.getAttribute('data-millis'));
    const memory = Number(await stats.getAttribute('data-wasm-memory'));
    const nativeFile = join(root, 'target/bench/native.json');
    const native = existsSync(nativeFile) ? JSON.parse(readFileSync(nativeFile, 'utf8')) : null;
    const ratio = native ? (millis / 1000 / native.full_s).toFixed(2) : 'n/a (run the native bench first)';
    console.log(`     150 MB DEX package in Chromium: ${millis} ms, worker wasm memory ${(memory / 1048576).toFixed(1)} MiB; browser/native ${ratio}`);
    writeFileSync(join(out, 'bench-browser.json'), JSON.stringify({ millis, memory, native_full_s: native?.full_s ?? null }));
    await page.close();
  });
}

await test('no request went to any origin but the page\'s own', async () => {
  assert(requests.some((u) => u.endsWith('/applens-worker_bg.wasm')), 'worker requests were not observed: the recording would miss worker traffic');
  assert(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
  assert(problems.length === 0, `browser reported problems:\n${problems.join('\n')}`);
  console.log(`     ${requests.length} requests recorded, all to ${origin}`);
});

await browser.close();
server.close();
console.log(failures ? `${failures} end-to-end test(s) failed` : 'all end-to-end tests passed');
process.exit(failures ? 1 : 0);
