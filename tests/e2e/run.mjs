// End-to-end tests: the built page (dist/) in headless Chromium, driven like a person would.
// Every request any part of the page makes (page, worker) is recorded; anything not to the page's own
// origin fails the run. Screenshots of each state go to tests/e2e/screenshots/ (git-ignored).
//
// usage: node tests/e2e/run.mjs   (after script/build; script/test does both)
//        APPLENS_BENCH=1 APPLENS_E2E_ONLY=benchmark node tests/e2e/run.mjs   (the browser half of the code benchmark)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../script/serve.mjs';
import { assert, axeCheck, keepToOrigins, launchChromium, runner, watchProblems } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = resolve(root, '../shared/corpus');
const shots = join(root, 'tests/e2e/screenshots');
const out = join(root, 'tests/e2e/out');
mkdirSync(shots, { recursive: true });
mkdirSync(out, { recursive: true });

const server = await serve(join(root, 'dist'), 0);
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchChromium();

const requests = [];
const precached = [];
const foreign = [];
const problems = [];
const { test, failures } = runner();

async function newPage(viewport = { width: 1280, height: 900 }, colorScheme = 'light', { locale, path = '/' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, ...(locale ? { locale } : {}) });
  // Every request of the context (page and its workers) recorded, anything foreign stopped. The service
  // worker's precache fetches every file of the build, every language's catalog included, at a moment of
  // its own: kept apart, so that what the page itself asked for can be checked.
  await keepToOrigins(context, [origin], foreign, (r) => (r.serviceWorker() ? precached : requests).push(r.url()));
  const page = await context.newPage();
  watchProblems(page, problems);
  await page.goto(origin + path);
  await page.getByTestId('sample-button').waitFor();
  return page;
}


function sha256Of(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

async function waitForReport(page, timeout = 30_000) {
  // aria-busy: parts of the report are still being added, a frame at a time (src/ui/progressive.rs).
  await page.locator('[data-testid=report]:not([aria-busy])').or(page.getByTestId('error')).waitFor({ timeout });
  const error = await page.getByTestId('error').count();
  if (error) throw new Error('analysis failed: ' + await page.getByTestId('error-message').textContent());
}

function androguardRow(file) {
  const lines = readFileSync(join(root, 'tests/reference/androguard_apk.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines[0].split('\t');
  const row = lines.map((l) => l.split('\t')).find((r) => r[0] === file);
  return Object.fromEntries(header.map((h, i) => [h, row?.[i] ?? '']));
}

await test('size budget: what a visitor downloads before anything shows, and what a dropped file fetches', async () => {
  // Gzipped, as script/serve.mjs and any intranet server sends them. The page is everyone's first
  // download (and the coming widget's); the worker is fetched when a file is dropped. The worker's budget
  // went from 700 to 750 KB when it learnt to share the code out to its helper (hits passed as JSON) and
  // was built with WebAssembly SIMD: 667 KB -> 704 KB, for a 150 MB app read in 1.3 s instead of 2.2 s.
  // The page's budget went from 300 to 350 KB with organisations' policies (275 KB -> 339 KB, measured with
  // twiggy against the build before them: reading and checking a policy and working out its verdict, about
  // 55 KB of code before wasm-opt; the widget's layout and events; the jurisdiction and policy texts; the
  // help panel). The policy must be checked when it is loaded, before any worker exists, so it runs in the
  // page. Making the page smaller again (lazy parts, the worker started early) is issue 15's work.
  // The worker's went from 750 to 751 KB with issue 15 (748.2 -> 750.3 KB): it starts from the module the
  // page compiled once and hands it on, starts as many helpers as the page allows and shares the code out
  // to them, and warms up on the sample while the page is idle (a drop answers 3x sooner).
  // The worker's went from 751 to 825 KB with the code outside DEX (issue 13): the JavaScript and Hermes
  // readers with their signature table (+27 KB measured on their branch), and the carried APK/JAR/DEX,
  // Flutter (gzip/zlib NOTICES) and .NET readers (+27 KB); 817 KB measured after merging everything.
  // The page's went from 350 to 380 KB with German and French (issue 16): the translation step that runs
  // on a finished report (catalog, templates, plural rules) and the tr() call sites (+17 KB on its branch),
  // with the grade's axes and card (372 KB measured after merging). The catalogs themselves are fetched
  // only when a reader picks a language, in parts (below). Issue 15's 200 KB goal for the page is open.
  // Loading the catalog in parts (hashed keys, a platform's part fetched with its report) cost the page
  // 2.1 KB (372.8 -> 374.9 KB); issue 16's second pass (every remaining page string through tr()/tx(),
  // numbers and dates in the language's form, the widget's events in its language) 2.9 KB.
  // Issue 15's size work took 37 KB off (373 -> 336 KB measured on its branch): the report is read by a
  // small deserializer over serde_json::Value instead of serde_json's own (src/ui/report_read.rs), the
  // worker's messages by hand. What the page's WebAssembly holds now, and what blocks 200 KB: README,
  // "What the page downloads" (script/page-size prints the breakdown). Rendering the report in pieces
  // (src/ui/progressive.rs: a list component, its chunks, the frame queue) added 7.8 KB on its branch.
  // All merged: 349 KB measured (page wasm 322 KB of it), budget 352.
  const gz = (files) => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(root, 'dist', f)), { level: 9 }).length, 0);
  const page = gz(['index.html', 'boot.js', 'workers.js', 'offline.js', 'frame.js', 'style.css', 'applens-web.js', 'applens-web_bg.wasm']);
  const worker = gz(['worker-boot.js', 'applens-worker.js', 'applens-worker_bg.wasm']);
  console.log(`     page ${(page / 1000).toFixed(0)} KB gzipped (budget 352), worker ${(worker / 1000).toFixed(1)} KB (budget 825)`);
  assert(page <= 352_000, `the page grew to ${page} bytes gzipped`);
  assert(worker <= 825_000, `the worker grew to ${worker} bytes gzipped`);
  // A language's catalog, fetched only by its readers, in parts (src/analysis/i18n/pack.rs): the common part
  // and one platform's, so a reader downloads common + the larger platform part at most (budget 40 KB each
  // language; tests/i18n.rs checks the same before any build, and with every knowledge table translated).
  for (const lang of readdirSync(join(root, 'dist/i18n'))) {
    const [common, android, ios, platform, policy, diagnostics] = ['common', 'android', 'ios', 'android_platform', 'policy', 'diagnostics'].map((p) => gz([`i18n/${lang}/${p}.tsv`]));
    // Android's own words for uncatalogued permissions and a policy's texts come only with the reports and
    // pages that show them (pack.rs): printed, not counted in the budget.
    console.log(`     ${lang}: common ${(common / 1000).toFixed(1)} + android ${(android / 1000).toFixed(1)} / ios ${(ios / 1000).toFixed(1)} KB gzipped (budget 40 for common + one platform); ` +
      `only when shown: Android's own permission words ${(platform / 1000).toFixed(1)}, policy ${(policy / 1000).toFixed(1)}, ` +
      `the parsers' messages (warnings, errors) ${(diagnostics / 1000).toFixed(1)} KB`);
    assert(common + Math.max(android, ios) <= 40_000, `${lang}: a reader downloads ${common + Math.max(android, ios)} bytes gzipped`);
  }
});

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
  assert(await page.getByTestId('app-name').textContent() === 'Torch Plus', 'sample label not resolved');
  const icon = page.getByTestId('app-icon');
  assert(await icon.evaluate((img) => img.complete && img.naturalWidth === 192), 'sample icon not shown at xxxhdpi size');
  for (const p of ['CAMERA', 'READ_SMS', 'ACCESS_FINE_LOCATION', 'ACCESS_BACKGROUND_LOCATION', 'org.applens.sample.torch.permission.C2D_MESSAGE']) {
    const name = p.includes('.') ? p : `android.permission.${p}`;
    assert(await page.locator(`[data-permission="${name}"]`).count() === 1, `${name} not listed`);
  }
  assert((await page.getByTestId('summary').textContent()).includes('15 permissions'), 'summary count wrong');
  // The fingerprint comes from the helper worker that hashes the file while the analysis reads it.
  const sampleHash = sha256Of(join(root, 'target/sample/applens-sample.apk'));
  assert(await page.getByTestId('sha256').textContent() === sampleHash, 'SHA-256 differs from node:crypto');
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

  await test('a split set (XAPK) and an App Bundle show their base app and their parts', async () => {
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'splits', 'appmanager_v2.5.22.apks'));
    await waitForReport(page);
    assert(await page.getByTestId('app-id').textContent() === 'io.github.muntashirakon.AppManager', 'APKS base identity wrong');
    assert((await page.getByTestId('bundle-abis').textContent()).includes('arm64-v8a'), 'ABIs not listed');
    assert(await page.locator('[data-permission="android.permission.QUERY_ALL_PACKAGES"]').count() === 1, 'base permission missing');
    await page.screenshot({ path: join(shots, '05b-split-set-report.png'), fullPage: true });
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'aab', 'bundletool_install-time-permanent-modules.aab'));
    await page.getByTestId('bundle-features').getByText('initialInstall').waitFor();
    assert(await page.getByTestId('app-name').textContent() === 'On Demand Sample', 'AAB label not resolved');
    await page.close();
  });

  await test('a ZIP archive that holds no app gets a clear message saying what is missing', async () => {
    // Every package format AppLens knows is supported now; an archive of something else must say so plainly.
    const zip = join(out, 'holiday-photos.zip');
    execFileSync('python3', ['-c', `import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w'); z.writestr('photo.jpg', b'x'); z.close()`, zip]);
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles(zip);
    await page.getByTestId('error').waitFor();
    const message = await page.getByTestId('error-message').textContent();
    assert(message.includes('holds no app') && message.includes('AndroidManifest.xml'), `unclear message: ${message}`);
    await page.screenshot({ path: join(shots, '06-error-no-app.png'), fullPage: true });
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

await test('hostile strings are shown as inert text, in the page and in the JSON export', async () => {
  const apk = join(root, 'target/fixtures/hostile-strings.apk');
  const page = await newPage({ width: 1280, height: 900 });
  await page.getByTestId('file-input').setInputFiles(apk);
  await waitForReport(page);
  const name = await page.getByTestId('app-name').textContent();
  assert(name.startsWith('<img src=x onerror=alert(1)>'), `label not shown literally: ${name.slice(0, 60)}`);
  assert(name.includes('⟨U+202E⟩txt.exe'), 'the right-to-left override is not made visible');
  assert(await page.locator('#applens img[src="x"], #applens script, #applens b').count() === 0, 'markup from the package was injected');
  assert(await page.locator('[data-permission="<img src=x onerror=alert(2)>"]').count() === 1, 'hostile permission name not listed as text');
  assert((await page.getByTestId('app-version').textContent()).startsWith('javascript:alert(document.domain)//<b>bold</b>'), 'version not literal');
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `layout overflows by ${overflow}px at ${width}px wide`);
  }
  await page.emulateMedia({ media: 'print' });
  const printOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(printOverflow <= 0, `printable report overflows by ${printOverflow}px`);
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: join(shots, '09-hostile-strings.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
  const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert(json.app.name.startsWith('<img src=x onerror=alert(1)>\u202etxt.exe'), 'the export changed the label');
  assert(json.permissions.some((p) => p.name === 'javascript:alert(3)'), 'the export lost a permission');
  await page.close();
});
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
  // Photographed once the first steps are done, so the list of steps shows.
  await page.getByTestId('progress-stage').getByText('fingerprint').waitFor({ timeout: 30_000 }).catch(() => {});
  await page.screenshot({ path: join(shots, '08-progress-large.png') });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.screenshot({ path: join(shots, '08-progress-large-phone.png') });
  await page.setViewportSize({ width: 1280, height: 900 });
  await waitForReport(page, 180_000);
  const stats = page.getByTestId('stats');
  const memory = Number(await stats.getAttribute('data-wasm-memory'));
  const millis = Number(await stats.getAttribute('data-millis'));
  console.log(`     300 MB package: analysed in ${millis} ms (${Date.now() - started} ms with upload), worker wasm memory ${(memory / 1048576).toFixed(1)} MiB`);
  writeFileSync(join(out, 'large-memory.json'), JSON.stringify({ bytes: memory, millis }));
  assert(memory > 0 && memory < 128 * 1048576, `worker wasm memory ${memory} bytes is not under 128 MiB`);
  assert(await page.getByTestId('app-id').textContent() === 'org.applens.sample.torch', 'large package identity wrong');
  assert(await page.getByTestId('sha256').textContent() === sha256Of(large), 'SHA-256 of the 300 MB package differs from node:crypto');
  await page.close();
});

const nativeCli = ['target/debug/applens', 'target/release/applens'].map((p) => join(root, p)).find(existsSync);
if (existsSync(join(corpus, 'apk')) && nativeCli) {
  await test('a large multidex app, read by two workers, gives the report the native build gives', async () => {
    // Real DEX files of the corpus under 24 names: over the size at which the worker shares the code out.
    const apk = join(out, 'multidex-24mb.apk');
    execFileSync('python3', [join(root, 'script/make-dex-bench-apk.py'), join(corpus, 'apk'), apk, '24']);
    // The same app as the base of a split set (stored, as XAPKs store their APKs).
    const xapk = join(out, 'multidex-24mb.xapk');
    execFileSync('python3', ['-c', `import sys, zipfile
with zipfile.ZipFile(sys.argv[2], 'w', zipfile.ZIP_STORED) as z:
    z.writestr('manifest.json', '{"xapk_version": 2}')
    z.write(sys.argv[1], 'base.apk')`, apk, xapk]);
    for (const file of [apk, xapk]) {
      const page = await newPage();
      await page.getByTestId('file-input').setInputFiles(file);
      await waitForReport(page, 120_000);
      const stages = await page.getByTestId('stats').getAttribute('data-stages');
      assert(stages.includes('helper-code='), `${file}: the code was not shared with the helper worker: ${stages}`);
      const used = Number(/files-read-ahead=(\d+)/.exec(stages)?.[1]);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
      // The clock of the check is the one thing allowed to differ.
      const comparable = (text) => text.replace(/"checked_at": ?"[^"]*"/g, '"checked_at": ""');
      const browserReport = JSON.parse(comparable(readFileSync(await download.path(), 'utf8')));
      const nativeReport = JSON.parse(comparable(execFileSync(nativeCli, ['check', file, '--json'], { maxBuffer: 1 << 28 }).toString()));
      browserReport.file.name = nativeReport.file.name;
      // The CLI writes keys in sorted order; compare values, whatever the order of keys.
      const canonical = (v) => JSON.stringify(v, (_, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort()) : x));
      for (const part of ['trackers', 'capabilities', 'domains', 'recipients', 'code', 'warnings', 'limitations', 'risk']) {
        assert(canonical(browserReport[part]) === canonical(nativeReport[part]), `${file}: ${part} differs from the native report`);
      }
      assert(canonical(browserReport) === canonical(nativeReport), `${file}: the browser report differs from the native one`);
      assert(browserReport.code.dex_files.length >= 20 && browserReport.trackers.length > 0, `${file}: not the multidex app expected`);
      assert(used === browserReport.code.dex_files.length, `${file}: ${used} of ${browserReport.code.dex_files.length} DEX files were taken from the workers' reading ahead`);
      await page.close();
    }
  });
}

await test('permissions are grouped by category with meanings, and findings show their evidence', async () => {
  const page = await newPage();
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  const groups = await page.locator('[data-testid="permissions"] [data-category]').evaluateAll((els) => els.map((e) => e.dataset.category));
  assert(groups[0] === 'messages_calls' || groups[0] === 'location' || groups[0] === 'camera_microphone', `heaviest group first, got ${groups.join(',')}`);
  const sms = page.locator('[data-category="messages_calls"] [data-permission="android.permission.READ_SMS"]');
  assert(await sms.count() === 1, 'READ_SMS not in messages and calls');
  assert((await sms.textContent()).includes('Can read your text messages'), 'READ_SMS meaning missing');
  assert((await sms.locator('.al-why').textContent()).length > 20, 'why-it-matters line missing');
  const storage = page.locator('[data-permission="android.permission.WRITE_EXTERNAL_STORAGE"] [data-badge="not-applied"]');
  assert(await storage.count() === 1, 'maxSdkVersion=28 permission not marked as not applied');
  assert(await page.locator('[data-permission="org.applens.sample.torch.permission.C2D_MESSAGE"] [data-badge="custom"]').count() === 1, 'custom badge missing');
  assert(await page.locator('[data-permission="android.permission.QUERY_ALL_PACKAGES"] [data-badge="special-access"]').count() === 1, 'special access badge missing');
  const cleartext = page.locator('[data-finding="android.manifest.cleartext_traffic"]');
  assert(await cleartext.count() === 1, 'cleartext finding missing');
  assert(await cleartext.getAttribute('data-severity') === 'medium', 'cleartext severity');
  await cleartext.locator('summary').click();
  assert(await cleartext.getByText('android:usesCleartextTraffic="true"').isVisible(), 'finding evidence not shown');
  assert(await page.locator('[data-finding="android.manifest.boot_receiver"]').count() === 1, 'boot receiver finding missing');
  await page.screenshot({ path: join(shots, '09-findings-and-categories.png'), fullPage: true });
  await page.close();
});

await test('special access declared by components is shown in its category', async () => {
  const apk = join(root, 'target/fixtures/manifest/special_access/fires.apk');
  assert(existsSync(apk), 'fixture missing: script/make-manifest-fixtures builds it');
  const page = await newPage();
  await page.getByTestId('file-input').setInputFiles(apk);
  await waitForReport(page);
  const a11y = page.locator('[data-category="system_control"] [data-special-access="android.permission.BIND_ACCESSIBILITY_SERVICE"]');
  assert(await a11y.count() === 1, 'accessibility service not listed under control of the phone');
  assert((await a11y.textContent()).includes('read everything on the screen'), 'accessibility meaning missing');
  for (const p of ['BIND_NOTIFICATION_LISTENER_SERVICE', 'BIND_VPN_SERVICE', 'BIND_DEVICE_ADMIN']) {
    assert(await page.locator(`[data-special-access="android.permission.${p}"]`).count() === 1, `${p} not listed`);
  }
  const text = await page.getByTestId('permissions').textContent();
  assert(text.indexOf('Control of the phone') < text.indexOf('Network'), 'weight 10 group should come before the VPN (9)');
  await page.screenshot({ path: join(shots, '10-special-access.png'), fullPage: true });
  await page.close();
});

// Signing (src/ui/signing_view.rs): the signer as apksigner reports it, the findings with their evidence.
function apksignerRow(file) {
  const lines = readFileSync(join(root, 'tests/reference/apksigner_signing.tsv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const header = lines[0].split('\t');
  const row = lines.map((l) => l.split('\t')).find((r) => r[0] === file);
  return Object.fromEntries(header.map((h, i) => [h, row?.[i] ?? '']));
}
const colonHex = (hex) => hex.toUpperCase().match(/../g).join(':');

await test('the page shows who signed a package, as apksigner does, and the signing findings', async () => {
  const fixtures = join(root, 'tests/fixtures/signing');
  const page = await newPage();
  const [sha256, dn] = apksignerRow('fixtures/signing/debug-cert.apk').v3_signers.split('|');
  await page.getByTestId('file-input').setInputFiles(join(fixtures, 'debug-cert.apk'));
  await waitForReport(page);
  const signer = page.getByTestId('signer');
  assert(await signer.count() === 1, 'one signer expected');
  assert(await page.getByTestId('signer-subject').textContent() === dn, `subject differs from apksigner's ${dn}`);
  assert(await page.getByTestId('signer-fingerprint').textContent() === colonHex(sha256), 'fingerprint differs from apksigner');
  assert((await page.getByTestId('signer-schemes').textContent()).includes('v1 (JAR signing), v2, v3'), 'schemes not shown');
  assert((await page.getByTestId('signing-not-verified').textContent()).includes('not verified'), 'not-verified note missing');
  const finding = page.locator('[data-finding="android.signing.debug_certificate"]');
  assert(await finding.isVisible(), 'debug-certificate finding not shown');
  await finding.locator('summary').click();
  assert((await finding.textContent()).includes(sha256), 'finding evidence does not name the fingerprint');
  await page.getByTestId('signing').screenshot({ path: join(shots, '11-signing-debug.png') });

  // The browser's clock judges expiry: the 2001 certificate is expired.
  await page.getByTestId('file-input').setInputFiles(join(fixtures, 'expired-cert.apk'));
  await page.locator('[data-finding="android.signing.expired_certificate"]').waitFor();
  assert((await page.getByTestId('signer-validity').textContent()).endsWith('(expired)'), 'expiry not shown');

  await page.getByTestId('file-input').setInputFiles(join(fixtures, 'rotated-v31.apk'));
  await page.getByTestId('lineage').waitFor();
  assert(await page.getByTestId('signer').count() === 2, 'rotated package: new and old key expected');
  assert((await page.getByTestId('signing-not-verified').textContent()).includes('v3.1'), 'v3.1 not listed');
  assert(await page.locator('[data-finding="android.signing.key_rotation"]').isVisible(), 'rotation finding missing');
  await page.getByTestId('signing').screenshot({ path: join(shots, '12-signing-rotation.png') });

  await page.getByTestId('file-input').setInputFiles(join(fixtures, 'unsigned.apk'));
  await page.getByTestId('signing-none').waitFor();
  assert(await page.locator('[data-finding="android.signing.unsigned"]').isVisible(), 'unsigned finding missing');
  await page.setViewportSize({ width: 360, height: 800 });
  await page.getByTestId('signing').screenshot({ path: join(shots, '11-signing-unsigned-phone.png') });
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
  const adequacy = await page.locator('[data-country="US"] [data-testid="adequacy"]').textContent();
  assert(adequacy.includes('only for companies certified under the EU–US Data Privacy Framework'), `adequacy of the United States: ${adequacy}`);
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

await test('carried code and a Flutter app: the framework, the carried files and where each tracker was found', async () => {
  const fixtures = join(root, 'target', 'fixtures', 'apk');
  if (!existsSync(join(fixtures, 'carried.apk'))) {
    console.log('     SKIPPED: target/fixtures not built (script/build-code-fixtures)');
    return;
  }
  const page = await newPage();
  await page.getByTestId('file-input').setInputFiles(join(fixtures, 'carried.apk'));
  await waitForReport(page);
  const carried = await page.getByTestId('carried-code').textContent();
  assert(carried.includes('assets/plugin.apk') && carried.includes('assets/sdk.jar'), `carried files: ${carried}`);
  const flurry = await page.locator('[data-tracker="Flurry"] [data-found-in]').textContent();
  assert(flurry.includes('code the app carries but Android does not load by itself'), `where Flurry was found: ${flurry}`);
  await page.close();
  const flutter = await newPage();
  await flutter.getByTestId('file-input').setInputFiles(join(fixtures, 'flutter.apk'));
  await waitForReport(flutter);
  const framework = await flutter.locator('[data-framework="flutter"]').textContent();
  assert(framework.includes('Built with Flutter') && framework.includes('Not read: the Dart code itself'), `framework: ${framework}`);
  assert((await flutter.locator('[data-tracker="Google AdMob"] [data-found-in]').textContent()).includes('Dart packages'), 'AdMob from the package list');
  await flutter.getByTestId('other-code').screenshot({ path: join(shots, '10b-flutter-other-code.png') });
  await flutter.close();
});

// ---------------------------------------------------------------------------------------------------------
// The risk breakdown, compare, exports, error states, keyboard and axe (src/ui/summary_view.rs, risk_view.rs,
// compare_view.rs, card.rs). Every state is photographed at desktop and phone width.
// ---------------------------------------------------------------------------------------------------------
const axeResults = {};

/// axe-core in the page; every result is kept in tests/e2e/out/axe.json; fails on any serious or critical
/// violation.
async function axe(page, label) {
  const { result, failure } = await axeCheck(page, label);
  axeResults[label] = result;
  writeFileSync(join(out, 'axe.json'), JSON.stringify(axeResults, null, 2));
  assert(failure === null, failure);
  return result;
}

/// Full-page screenshots at desktop (1280) and phone (360) width; the layout must not overflow either.
async function shootBoth(page, name) {
  const viewport = page.viewportSize();
  for (const [width, suffix] of [[1280, 'desktop'], [360, 'phone']]) {
    await page.setViewportSize({ width, height: width === 360 ? 800 : 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `${name}: layout overflows by ${overflow}px at ${width}px wide`);
    await page.screenshot({ path: join(shots, `${name}-${suffix}.png`), fullPage: true });
  }
  await page.setViewportSize(viewport);
}

async function focusByTab(page, testid, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate(() => document.activeElement?.dataset?.testid) === testid) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${testid} never received focus by Tab`);
}

await test('start page: axe finds nothing serious, both widths', async () => {
  const page = await newPage();
  await axe(page, 'start');
  await shootBoth(page, '20-start');
  await page.close();
});

await test('the sample report leads with the grade, the verdict and three plain concerns, traceable to each item', async () => {
  const page = await newPage();
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  assert(await page.getByTestId('grade').getAttribute('data-grade') === 'E', 'sample grade');
  assert((await page.getByTestId('verdict').textContent()).startsWith('Very high risk'), 'verdict');
  // The two axes, each graded alone: the sample's access, and the two US companies its SDK stand-ins name.
  const axes = await page.getByTestId('axes').locator('li').allTextContents();
  assert(axes.length === 2 && axes[0].startsWith('E') && axes[0].includes('What it can reach') && axes[1].includes('Who else gets it'), `axes: ${axes}`);
  const concerns = await page.getByTestId('concerns').locator('li').allTextContents();
  assert(concerns.length === 3 && concerns[0] === 'Can know your location at any time, even when you are not using the app', `concerns: ${concerns}`);
  // The code is examined too, so nothing lowers the confidence.
  assert((await page.getByTestId('confidence').getAttribute('data-confidence')) === 'high', 'confidence');
  // The summary card comes before the breakdown, which comes before the permissions.
  const order = await page.locator('[data-testid=summary-card], [data-testid=risk], [data-testid=permissions]').evaluateAll((els) => els.map((e) => e.dataset.testid));
  assert(order.join() === 'summary-card,risk,permissions', `order ${order}`);
  // The chart: one labelled row per scored category, level in words.
  const rows = page.getByTestId('chart').locator('button');
  assert(await rows.count() >= 8, 'chart rows');
  assert((await rows.first().textContent()).includes('Very high'), 'level in words');
  // Selecting the grade lists exactly the items of the JSON report's risk.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
  const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
  const counted = json.risk.categories.reduce((n, c) => n + c.items.length, 0);
  await page.getByTestId('grade').click();
  const trace = page.getByTestId('trace');
  assert(await trace.locator('.al-trace-item').count() === counted, `trace lists ${await trace.locator('.al-trace-item').count()} items, the report ${counted}`);
  assert(await page.evaluate(() => document.activeElement?.id) === 'al-trace', 'focus moves to the list');
  await shootBoth(page, '21-report-grade-breakdown');
  await page.locator('.al-bar-row[data-category="location"]').click();
  const ids = await trace.locator('.al-trace-item').evaluateAll((els) => els.map((e) => e.dataset.id));
  assert(ids.join() === json.risk.categories.find((c) => c.id === 'location').items.map((i) => i.id).join(), `location trace ${ids}`);
  // Model 2: the location capability found in the code counts too (9 + 1.6 + 1.2 + 1.2 = 13, capped at 10).
  assert((await trace.textContent()).includes('9 + 1.6 + 1.2 + 1.2 = 13, capped at 10'), `the sum is shown: ${await trace.textContent()}`);
  await axe(page, 'report');
  await shootBoth(page, '22-report-category-location');
  await page.close();
});

await test('keyboard only: sample, grade breakdown, a category, the permission search', async () => {
  const page = await newPage();
  await focusByTab(page, 'sample-button');
  await page.keyboard.press('Enter');
  await waitForReport(page);
  await focusByTab(page, 'grade');
  await page.keyboard.press('Enter');
  assert(await page.evaluate(() => document.activeElement?.id) === 'al-trace', 'Enter on the grade opens and focuses its list');
  await page.getByTestId('chart').locator('button').first().focus();
  await page.keyboard.press('Space');
  assert(await page.getByTestId('chart').locator('button').first().getAttribute('aria-pressed') === 'true', 'Space selects a bar');
  await focusByTab(page, 'permission-search', 80);
  await page.keyboard.type('location');
  assert(await page.getByTestId('permission-search').inputValue() === 'location', 'every key typed is kept');
  await page.getByTestId('permission-count').getByText(/^Showing \d+ of 15$/).waitFor();
  const count = await page.getByTestId('permission-count').textContent();
  const shown = Number(/^Showing (\d+) of 15$/.exec(count)?.[1]);
  assert(shown >= 3 && shown < 15, `search: ${count}`);
  assert(await page.locator('[data-permission="android.permission.ACCESS_BACKGROUND_LOCATION"]').count() === 1, 'search keeps the matches');
  assert(await page.locator('[data-permission="android.permission.CAMERA"]').count() === 0, 'search hides the rest');
  await page.screenshot({ path: join(shots, '23-permission-search-desktop.png'), fullPage: false });
  await page.close();
});

await test('dark mode follows the system in the report and the compare view', async () => {
  const page = await newPage({ width: 1280, height: 900 }, 'dark');
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  const bg = await page.locator('#applens').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert(bg === 'rgb(17, 20, 24)', `dark background: ${bg}`);
  await page.getByTestId('grade').click();
  await axe(page, 'report-dark');
  await shootBoth(page, '24-report-dark');
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

  await test('two corpus apps side by side: which is riskier, and why', async () => {
    const page = await newPage();
    await page.getByTestId('file-input').setInputFiles([join(corpus, 'apk/hello-world.apk'), join(corpus, 'apk/blooddonation.apk')]);
    await page.getByTestId('compare-summary').waitFor({ timeout: 30_000 });
    const sentences = await page.getByTestId('compare-summary').locator('li').allTextContents();
    assert(sentences[0] === 'Don du Sang is riskier: grade D against B for HelloWorld.', `first sentence: ${sentences[0]}`);
    assert(await page.getByTestId('side-first').getByTestId('side-grade').getAttribute('data-grade') === 'B', 'first grade');
    assert(await page.getByTestId('side-second').getByTestId('side-grade').getAttribute('data-grade') === 'D', 'second grade');
    assert(await page.locator('[data-testid=diff-permissions] [data-id="android.permission.ACCESS_FINE_LOCATION"]').count() === 1, 'added permission');
    assert(await page.locator('[data-testid=compare-categories] tr[data-category="location"] td').last().textContent() === 'higher', 'category change in words');
    await axe(page, 'compare');
    await shootBoth(page, '25-compare-two-apps');
    await page.getByTestId('swap').click();
    assert(await page.getByTestId('side-first').getByTestId('side-grade').getAttribute('data-grade') === 'D', 'swap');
    assert((await page.getByTestId('compare-summary').locator('li').first().textContent()).startsWith('Don du Sang is riskier'), 'swap keeps the verdict');
    await page.getByTestId('close-compare').click();
    assert(await page.getByTestId('app-id').textContent() === 'fr.mobdev.blooddonation', 'closing shows the first side alone');
    await page.close();
  });

  await test('compare from a report, and two versions of one app signed with different keys', async () => {
    const page = await newPage({ width: 1280, height: 900 }, 'dark');
    await page.getByTestId('sample-button').click();
    await waitForReport(page);
    await page.getByTestId('compare-input').setInputFiles(join(corpus, 'apk/blooddonation.apk'));
    await page.getByTestId('compare-summary').waitFor({ timeout: 30_000 });
    const first = await page.getByTestId('compare-summary').locator('li').first().textContent();
    assert(first === 'Torch Plus is riskier: grade E against D for Don du Sang.', first);
    await shootBoth(page, '26-compare-sample-dark');
    const fixtures = join(root, 'tests/fixtures/signing');
    await page.getByTestId('file-input').setInputFiles([join(fixtures, 'release.apk'), join(fixtures, 'debug-cert.apk')]);
    await page.getByTestId('diff-signer').getByText('different keys').waitFor({ timeout: 30_000 });
    const text = await page.getByTestId('compare-summary').textContent();
    assert(text.includes('signed with different keys'), `signer change not said: ${text}`);
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
    // Its manifest's classes are in none of its DEX files: said without knowing the packer.
    assert((await page.getByTestId('hidden-code-signs').textContent()).includes('in none of the DEX files'), 'hidden code not shown');
    await page.screenshot({ path: join(shots, '12-packed.png'), fullPage: true });
    await page.close();
  });
}

if (process.env.APPLENS_BENCH === '1') {
  // The code benchmark in the browser (not a timed test): the APK of real DEX files made for
  // examples/bench.rs, analysed by the worker; compared with the native figure that bench wrote.
  await test('benchmark: 150 MB of real DEX in the browser', async () => {
    const apk = join(root, 'target/bench/dex-150mb.apk');
    if (!existsSync(apk)) execFileSync('python3', [join(root, 'script/make-dex-bench-apk.py'), join(corpus, 'apk'), apk, '150']);
    // APPLENS_BENCH_WORKERS=N: the analysis worker and N-1 helpers (else as many as the page chooses).
    const workers = process.env.APPLENS_BENCH_WORKERS;
    const page = await newPage(undefined, undefined, { path: workers ? `/?workers=${workers}` : '/' });
    await page.waitForTimeout(2000); // idle: the workers are started and warmed up, as for a person
    await page.getByTestId('file-input').setInputFiles(apk);
    // Polled from here every 250 ms: Playwright's own wait polls the page on every animation frame, which
    // keeps the page's main thread busy and takes a core from the workers being measured.
    await page.waitForFunction(() => document.querySelector('[data-testid=report], [data-testid=error]'), null, { polling: 250, timeout: 300_000 });
    await waitForReport(page, 300_000);
    const stats = page.getByTestId('stats');
    const millis = Number(await stats.getAttribute('data-millis'));
    const memory = Number(await stats.getAttribute('data-wasm-memory'));
    const stages = await stats.getAttribute('data-stages');
    const nativeFile = join(root, 'target/bench/native.json');
    const native = existsSync(nativeFile) ? JSON.parse(readFileSync(nativeFile, 'utf8')) : null;
    const ratio = native ? (millis / 1000 / native.full_s).toFixed(2) : 'n/a (run the native bench first)';
    console.log(`     150 MB DEX package in Chromium, ${workers ?? 'default'} workers: ${millis} ms (${stages}), worker wasm memory ${(memory / 1048576).toFixed(1)} MiB; browser/native ${ratio}`);
    writeFileSync(join(out, 'bench-browser.json'), JSON.stringify({ millis, stages, memory, native_full_s: native?.full_s ?? null }));
    await page.close();
  });
}
/// The sample APK with its manifest entry marked encrypted and its bytes scrambled, as a password-protected
/// ZIP stores it.
function encryptedSample() {
  const bytes = Buffer.from(readFileSync(join(root, 'target/sample/applens-sample.apk')));
  const name = Buffer.from('AndroidManifest.xml');
  for (let at = bytes.indexOf('PK\x03\x04'); at >= 0; at = bytes.indexOf('PK\x03\x04', at + 4)) {
    const nameLen = bytes.readUInt16LE(at + 26);
    if (nameLen === name.length && bytes.subarray(at + 30, at + 30 + nameLen).equals(name)) {
      bytes.writeUInt16LE(bytes.readUInt16LE(at + 6) | 1, at + 6);
      const start = at + 30 + nameLen + bytes.readUInt16LE(at + 28);
      bytes.fill(0xff, start, start + bytes.readUInt32LE(at + 18));
      break;
    }
  }
  for (let at = bytes.indexOf('PK\x01\x02'); at >= 0; at = bytes.indexOf('PK\x01\x02', at + 4)) {
    const nameLen = bytes.readUInt16LE(at + 28);
    if (nameLen === name.length && bytes.subarray(at + 46, at + 46 + nameLen).equals(name)) {
      bytes.writeUInt16LE(bytes.readUInt16LE(at + 8) | 1, at + 8);
      break;
    }
  }
  return bytes;
}

await test('error states say what happened: truncated, encrypted, not a package', async () => {
  const page = await newPage();
  const sample = readFileSync(join(root, 'target/sample/applens-sample.apk'));
  const truncated = join(out, 'truncated.apk');
  writeFileSync(truncated, sample.subarray(0, Math.floor(sample.length * 0.6)));
  await page.getByTestId('file-input').setInputFiles(truncated);
  await page.getByTestId('error').waitFor();
  assert(await page.getByTestId('error').getAttribute('data-failure') === 'truncated', 'truncated kind');
  assert(await page.getByTestId('error-title').textContent() === 'This package is incomplete', 'truncated title');
  await axe(page, 'error');
  await shootBoth(page, '27-error-truncated');

  const encrypted = join(out, 'encrypted.apk');
  writeFileSync(encrypted, encryptedSample());
  await page.getByTestId('file-input').setInputFiles(encrypted);
  await waitForReport(page);
  assert((await page.getByTestId('incomplete').textContent()).includes('This package is encrypted'), 'encrypted banner');
  assert(await page.getByTestId('confidence').getAttribute('data-confidence') === 'low', 'low confidence');
  assert(await page.getByTestId('grade').getAttribute('data-grade') === '?', 'an encrypted package gets no grade');
  assert(await page.getByTestId('signer').count() === 1, 'what could be read (the signature) is kept');
  await shootBoth(page, '28-encrypted-package');

  const pdf = join(out, 'not-an-app.pdf');
  writeFileSync(pdf, '%PDF-1.7\n% not an app\n');
  await page.getByTestId('file-input').setInputFiles(pdf);
  await page.getByTestId('error').waitFor();
  assert(await page.getByTestId('error-title').textContent() === 'This is not an app package', 'not-a-package title');
  await shootBoth(page, '29-error-not-a-package');
  await page.close();
});

await test('exports: the summary image and the printed report show hostile package strings as text', async () => {
  const page = await newPage();
  await page.getByTestId('file-input').setInputFiles(join(root, 'target/fixtures/hostile-strings.apk'));
  await waitForReport(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-card').click()]);
  assert(download.suggestedFilename().endsWith('.applens.svg'), download.suggestedFilename());
  const svg = readFileSync(await download.path(), 'utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      injected: doc.querySelectorAll('script, foreignObject, img, b, a, iframe').length,
      handlers: [...doc.querySelectorAll('*')].some((el) => [...el.attributes].some((a) => a.name.startsWith('on'))),
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
    };
  }, svg);
  assert(parsed.error === null, `the card is not well-formed: ${parsed.error}`);
  assert(parsed.injected === 0 && !parsed.handlers, 'markup from the package became part of the card');
  assert(parsed.texts.some((t) => t.startsWith('<img src=x onerror=alert(1)>')), `label not drawn as text: ${parsed.texts.slice(0, 3)}`);
  // Look at the card itself, as an article would show it.
  const viewer = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await viewer.setContent(`<body style="margin:0">${svg}</body>`);
  await viewer.screenshot({ path: join(shots, '30-summary-card-hostile.png'), fullPage: true });

  // The printed report: summary first, the whole breakdown, no buttons, strings as text.
  await page.emulateMedia({ media: 'print' });
  const visible = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.offsetParent !== null || getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0);
    return {
      // The grade badge and the chart's bars are content on paper; export buttons, inputs and filters are not.
      buttons: shown('#applens .al-button, #applens input, #applens .al-chip').length,
      firstSection: shown('#applens article > section')[0]?.dataset.testid,
      printTrace: shown('.al-print-only .al-trace-item').length,
      injected: document.querySelectorAll('#applens img[src="x"], #applens script, #applens b').length,
    };
  });
  assert(visible.buttons === 0, `${visible.buttons} controls are printed`);
  assert(visible.firstSection === 'summary-card', `print starts with ${visible.firstSection}`);
  assert(visible.printTrace > 0, 'the breakdown is printed');
  assert(visible.injected === 0, 'markup injected in print');
  assert((await page.getByTestId('app-name').textContent()).startsWith('<img src=x onerror=alert(1)>'), 'name in print');
  await page.screenshot({ path: join(shots, '31-print-hostile.png'), fullPage: true });
  await page.pdf({ path: join(out, 'hostile-report.pdf'), format: 'A4', printBackground: true });
  assert(readFileSync(join(out, 'hostile-report.pdf')).subarray(0, 5).toString() === '%PDF-', 'no PDF');
  await page.emulateMedia({ media: 'screen' });
  await page.close();

  // The sample's card and printed report, for a person to look at.
  const sample = await newPage();
  await sample.getByTestId('sample-button').click();
  await waitForReport(sample);
  const [card] = await Promise.all([sample.waitForEvent('download'), sample.getByTestId('download-card').click()]);
  const sampleCard = readFileSync(await card.path(), 'utf8');
  // Jurisdiction facts on the card: each country, its companies, what the EU and the UK say of it.
  assert(sampleCard.includes('>Where the data may go</text>') && sampleCard.includes('United States: ') && sampleCard.includes('(EU adequacy for some companies only)'), 'jurisdiction facts on the card');
  assert(sampleCard.includes('What it can reach: E'), 'the axes on the card');
  await viewer.setContent(`<body style="margin:0">${sampleCard}</body>`);
  await viewer.screenshot({ path: join(shots, '32-summary-card-sample.png'), fullPage: true });
  await viewer.close();
  await sample.emulateMedia({ media: 'print' });
  // Printed: the recipients with what the EU and the UK say of their country, and the decisions behind it.
  const printedFacts = await sample.evaluate(() => [...document.querySelectorAll('[data-testid="adequacy"], .al-adequacy-basis li')]
    .filter((e) => e.getClientRects().length > 0).map((e) => e.textContent));
  assert(printedFacts.some((t) => t.startsWith('Data may go to Google and Meta in the United States.')), `printed facts: ${printedFacts}`);
  assert(printedFacts.some((t) => t.startsWith('EU: Commission Implementing Decision')), `printed basis: ${printedFacts}`);
  await sample.pdf({ path: join(out, 'sample-report.pdf'), format: 'A4', printBackground: true });
  await sample.screenshot({ path: join(shots, '33-print-sample.png'), fullPage: true });
  await sample.close();
});

await test('every fixture and corpus package gives a report or a plain error, with no request anywhere', async () => {
  // One page, one file after another (copied under a unique name, so the test knows which result is
  // whose): each must end in a report or a worded error; the last test checks the requests of them all.
  const every = join(out, 'every');
  mkdirSync(every, { recursive: true });
  const packages = /\.(apk|apks|apkm|xapk|aab|ipa)$/;
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (packages.test(name) && statSync(path).size < 50_000_000) found.push(path);
    }
  };
  for (const dir of ['target/fixtures', 'target/ios-fixtures', 'target/sample', 'tests/fixtures']) walk(join(root, dir));
  const fixtures = found.length;
  walk(corpus);
  const page = await newPage();
  let reports = 0;
  let errors = 0;
  for (const [i, path] of found.entries()) {
    const copy = join(every, `${String(i).padStart(3, '0')}-${path.split('/').slice(-2).join('-')}`);
    copyFileSync(path, copy);
    const name = copy.split('/').pop();
    await page.getByTestId('file-input').setInputFiles(copy);
    const done = page.locator(`[data-testid="stats"][data-file="${name}"], [data-testid="error"][data-file="${name}"]`);
    await done.waitFor({ timeout: 30_000 });
    if (await page.locator(`[data-testid="error"][data-file="${name}"]`).count()) {
      errors++;
      const message = await page.getByTestId('error-message').textContent();
      assert(message.trim().length > 10, `${path}: an error without words`);
    } else {
      reports++;
    }
  }
  assert(fixtures >= 70, `only ${fixtures} fixture packages found`);
  assert(!existsSync(corpus) || found.length - fixtures >= 30, `only ${found.length - fixtures} corpus packages found`);
  console.log(`     ${found.length} packages: ${reports} reports, ${errors} plain errors`);
  await page.close();
  assert(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
  assert(problems.length === 0, `browser reported problems:\n${problems.join('\n')}`);
});

// German and French: chosen from the browser's languages, then by the picker (remembered in localStorage only);
// <html lang> follows; a report on the page is translated again without analysing again; the catalog of a
// language is fetched only when that language is used, and of it only the common part and the part of the
// platform whose report is shown.
await test('German and French: detection, picker, the sample, a compare and an error state', async () => {
  const catalogs = () => requests.filter((u) => u.includes('/i18n/'));
  const before = catalogs().length;
  // The browser says German first: the page speaks German, fetching the German catalog and no other.
  const page = await newPage(undefined, undefined, { locale: 'de-DE' });
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  await page.getByText('App-Paket hier ablegen').waitFor();
  assert(await page.getByTestId('language-picker').inputValue() === 'de', 'picker does not show German');
  assert(catalogs().slice(before).every((u) => u.endsWith('/i18n/de/common.tsv')), `fetched ${catalogs().slice(before)}`);
  await page.getByTestId('sample-button').click();
  await waitForReport(page);
  // The sample is an Android app: the Android part comes with its report, the iOS part never.
  for (let i = 0; i < 50 && !catalogs().slice(before).some((u) => u.endsWith('/i18n/de/android.tsv')); i++) await page.waitForTimeout(100);
  const fetched = catalogs().slice(before).map((u) => u.replace(/^.*\/i18n\//, ''));
  // The sample shows Android's own words for a permission our catalogue does not describe: that part too.
  assert(fetched.includes('de/android.tsv') && fetched.every((u) => ['de/common.tsv', 'de/android.tsv', 'de/android_platform.tsv'].includes(u)), `fetched ${fetched}`);
  const millis = await page.getByTestId('stats').getAttribute('data-millis');
  const grade = await page.getByTestId('report').textContent();
  assert(grade.includes('Sehr hohes Risiko'), 'the grade label is not German');
  assert(grade.includes('Fordert 15 Berechtigungen an'), 'the summary count is not German');
  assert(!grade.includes('Very high risk'), 'English grade label left in the German report');
  await axe(page, 'report-de');
  await shootBoth(page, '40-sample-de');
  // Switch to French: same analysis (same timing), French texts, <html lang="fr">, remembered.
  await page.getByTestId('language-picker').selectOption('fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await page.getByText('Risque très élevé', { exact: false }).first().waitFor();
  assert(await page.getByTestId('stats').getAttribute('data-millis') === millis, 'switching the language analysed again');
  assert(await page.evaluate(() => localStorage.getItem('applens.language')) === 'fr', 'choice not remembered');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Télécharger le rapport (JSON)').click()]);
  const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert(json.language === 'fr' && json.risk.label === 'Risque très élevé', `download: ${json.language} ${json.risk.label}`);
  await axe(page, 'report-fr');
  await shootBoth(page, '41-sample-fr');
  // The remembered choice wins over the browser's languages on the next visit.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  // An error state in French.
  const pdf = join(out, 'pas-une-app.pdf');
  writeFileSync(pdf, '%PDF-1.7\n% not an app\n');
  await page.getByTestId('file-input').setInputFiles(pdf);
  await page.getByTestId('error').waitFor();
  assert(await page.getByTestId('error-title').textContent() === 'Ce n\'est pas un paquet d\'app', 'error title not French');
  await axe(page, 'error-fr');
  await shootBoth(page, '42-error-fr');
  await page.close();
  // ?lang= (the widget's attribute) wins; an error state and a comparison in German.
  const de = await newPage(undefined, undefined, { locale: 'fr-FR', path: '/?lang=de' });
  await de.waitForFunction(() => document.documentElement.lang === 'de');
  await de.getByTestId('file-input').setInputFiles(pdf);
  await de.getByTestId('error').waitFor();
  assert(await de.getByTestId('error-title').textContent() === 'Das ist kein App-Paket', 'error title not German');
  await axe(de, 'error-de');
  await shootBoth(de, '43-error-de');
  if (existsSync(corpus)) {
    await de.getByTestId('file-input').setInputFiles([join(corpus, 'apk/hello-world.apk'), join(corpus, 'apk/blooddonation.apk')]);
    await de.getByTestId('compare-summary').waitFor({ timeout: 30_000 });
    const text = await de.getByTestId('side-second').textContent();
    assert(text.includes('Hohes Risiko'), 'compare side not German');
    await axe(de, 'compare-de');
    await shootBoth(de, '44-compare-de');
    await de.getByTestId('language-picker').selectOption('fr');
    await de.waitForFunction(() => document.documentElement.lang === 'fr');
    await de.getByTestId('compare-summary').waitFor();
    await axe(de, 'compare-fr');
    await shootBoth(de, '45-compare-fr');
  }
  await de.close();
  // An iOS app's report brings the iOS part of the catalog (and only then).
  const ipa = join(corpus, 'ipa/anonycord_1.1_camera_mic.ipa');
  if (existsSync(ipa)) {
    const seen = catalogs().length;
    const ios = await newPage(undefined, undefined, { locale: 'de-DE' });
    await ios.waitForFunction(() => document.documentElement.lang === 'de');
    assert(!catalogs().slice(seen).some((u) => u.endsWith('/i18n/de/ios.tsv')), 'the iOS part was fetched before an iOS report');
    await ios.getByTestId('file-input').setInputFiles(ipa);
    await waitForReport(ios);
    for (let i = 0; i < 50 && !catalogs().slice(seen).some((u) => u.endsWith('/i18n/de/ios.tsv')); i++) await ios.waitForTimeout(100);
    assert(catalogs().slice(seen).some((u) => u.endsWith('/i18n/de/ios.tsv')), `an iOS report in German did not fetch the iOS part: ${catalogs().slice(seen)}`);
    await ios.close();
  }
});

await test('no request went to any origin but the page\'s own', async () => {
  assert(requests.some((u) => u.endsWith('/applens-worker_bg.wasm')), 'worker requests were not observed: the recording would miss worker traffic');
  assert(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
  assert(problems.length === 0, `browser reported problems:\n${problems.join('\n')}`);
  console.log(`     ${requests.length} requests recorded, all to ${origin}`);
});

await browser.close();
server.close();
console.log(failures() ? `${failures()} end-to-end test(s) failed` : 'all end-to-end tests passed');
process.exit(failures() ? 1 : 0);
