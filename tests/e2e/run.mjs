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
    // An Android App Bundle: still unsupported on this branch (IPA is supported now).
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'aab', 'bundletool_install-time-permanent-modules.aab'));
    await page.getByTestId('error').waitFor();
    const message = await page.getByTestId('error-message').textContent();
    assert(message.includes('Android App Bundle (AAB)'), `message does not name the format: ${message}`);
    await page.screenshot({ path: join(shots, '06-error-unsupported.png'), fullPage: true });
    await page.close();
  });

  await test('an IPA without an app bundle gets a clear message', async () => {
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'ipa', 'fastlane_no-app-bundle.ipa'));
    await page.getByTestId('error').waitFor();
    const message = await page.getByTestId('error-message').textContent();
    assert(message.includes('iOS package') && message.includes('no app bundle'), `unclear message: ${message}`);
    await page.screenshot({ path: join(shots, '10-ipa-no-app-bundle.png'), fullPage: true });
    await page.close();
  });

  await test('a corpus IPA shows its identity, distribution and entitlements', async () => {
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'ipa', 'fastlane_very-capable-app.ipa'));
    await waitForReport(page);
    assert(await page.getByTestId('app-id').textContent() === 'org.fastlane.very-capable-app', 'bundle id wrong');
    assert(await page.getByTestId('provisioning').getAttribute('data-kind') === 'development', 'profile kind not shown');
    assert(await page.locator('[data-entitlement="com.apple.developer.healthkit"]').count() >= 1, 'HealthKit entitlement not listed');
    assert(await page.locator('[data-finding="ios.signing.debug"]').count() === 1, 'debug build not flagged');
    await page.screenshot({ path: join(shots, '11-ipa-corpus.png'), fullPage: true });
    await page.close();
  });
} else {
  console.log('SKIPPED corpus tests: ../shared/corpus is absent');
}

const iosFixture = join(root, 'target/ios-fixtures/full.ipa');
if (existsSync(iosFixture)) {
  await test('an IPA shows its identity, icon, quoted usage reasons and risks', async () => {
    const reference = readFileSync(join(root, 'tests/reference/plistlib_ipa.tsv'), 'utf8').split('\n')
      .filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
    const header = reference[0];
    const row = Object.fromEntries(header.map((h, i) => [h, reference.find((r) => r[0] === 'fixtures/full.ipa')[i]]));
    const usage = JSON.parse(row.usage);
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(iosFixture);
    await waitForReport(page);
    assert(await page.getByTestId('app-id').textContent() === row.bundle_id, 'bundle id differs from plistlib');
    assert(await page.getByTestId('app-name').textContent() === row.name, 'display name differs from plistlib');
    assert((await page.getByTestId('app-version').textContent()).includes(`${row.version} (build ${row.build})`), 'version/build missing');
    // The app's own sentence, quoted exactly, under the key it belongs to; markup in it stays text.
    const camera = page.locator('[data-permission="NSCameraUsageDescription"] [data-testid="usage-reason"]');
    assert(await camera.textContent() === usage.NSCameraUsageDescription, 'camera reason not quoted exactly');
    const contacts = page.locator('[data-permission="NSContactsUsageDescription"] [data-testid="usage-reason"]');
    assert(await contacts.textContent() === usage.NSContactsUsageDescription, 'a reason with markup was not shown as text');
    assert(await page.locator('[data-permission="NSContactsUsageDescription"] b').count() === 0, 'markup from the package was rendered');
    assert(await page.locator('[data-permission="NSUserTrackingUsageDescription"]').count() === 1, 'tracking permission not listed');
    // The CgBI icon was converted: the browser decoded it.
    const icon = page.getByTestId('app-icon');
    await icon.waitFor();
    const width = await icon.evaluate((img) => img.complete && img.naturalWidth);
    assert(width === 180, `icon not decoded by the browser (naturalWidth ${width})`);
    for (const id of ['ios.keyboard.open_access', 'ios.signing.enterprise', 'ios.tracking.permission', 'ios.privacy.tracking_declared']) {
      assert(await page.locator(`[data-finding="${id}"]`).count() === 1, `${id} not shown`);
    }
    assert(await page.locator('[data-tracker="Facebook Analytics"]').count() === 1, 'SDK not listed');
    assert(await page.locator('[data-manifest="FBSDKCoreKit.framework"]').count() === 1, 'privacy manifest not shown');
    await page.screenshot({ path: join(shots, '09-ipa-report.png'), fullPage: true });
    await page.setViewportSize({ width: 360, height: 800 });
    await page.screenshot({ path: join(shots, '09-ipa-report-phone.png'), fullPage: true });
    await page.close();
  });

  await test('an IPA with a 200 MB program is read with the worker memory under 128 MiB', async () => {
    const large = join(out, 'large-program.ipa');
    execFileSync('python3', [join(root, 'tests/e2e/make-large-ipa.py'), join(root, 'target/ios-fixtures/trackers.ipa'), large, '200']);
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(large);
    await waitForReport(page, 180_000);
    const stats = page.getByTestId('stats');
    const memory = Number(await stats.getAttribute('data-wasm-memory'));
    const millis = Number(await stats.getAttribute('data-millis'));
    console.log(`     IPA with a 200 MB program: analysed in ${millis} ms, worker wasm memory ${(memory / 1048576).toFixed(1)} MiB`);
    assert(memory > 0 && memory < 128 * 1048576, `worker wasm memory ${memory} bytes is not under 128 MiB`);
    // The program was read to its end: its class names and linked libraries are in the report.
    assert(await page.locator('[data-tracker="AppsFlyer"]').count() === 1, 'class names of the large program not read');
    assert(await page.locator('[data-tracker="Facebook Analytics"]').count() === 1, 'linked libraries of the large program not read');
    await page.close();
  });

  await test('an IPA report in dark mode', async () => {
    const page = await newPage({ width: 1280, height: 900 }, 'dark');
    await page.getByTestId('file-input').setInputFiles(iosFixture);
    await waitForReport(page);
    await page.screenshot({ path: join(shots, '09-ipa-report-dark.png'), fullPage: true });
    await page.close();
  });
} else {
  console.log('SKIPPED IPA fixture tests: target/ios-fixtures/full.ipa is absent (script/build-ios-fixtures)');
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
