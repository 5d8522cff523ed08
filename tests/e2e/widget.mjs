// End-to-end tests of the intranet widget and of organisation policies, in headless Chromium against the
// built page (dist/). The widget is tested where an intranet would put it: on the demo intranet page of the
// build (same origin) and on a host page served from another origin, each with a strict CSP of its own.
// Every request is recorded; anything outside the two origins fails, as does any CSP violation or error.
//
// usage: node tests/e2e/widget.mjs   (after script/build; script/test runs it)
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serve } from '../../script/serve.mjs';
import { assert, axeCheck, keepToOrigins, launchChromium, runner, watchProblems } from './harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');
const shots = join(root, 'tests/e2e/screenshots');
const out = join(root, 'tests/e2e/out');
mkdirSync(shots, { recursive: true });
mkdirSync(out, { recursive: true });
const samplePath = join(root, 'target/sample/applens-sample.apk');
const sampleHash = createHash('sha256').update(readFileSync(samplePath)).digest('hex');

// AppLens, and a second origin for the intranet that embeds it from there.
const app = await serve(dist, 0);
const appOrigin = `http://127.0.0.1:${app.address().port}`;
const hostDir = mkdtempSync(join(tmpdir(), 'applens-host-'));
const hostCsp = `default-src 'none'; script-src 'self' ${appOrigin}/; frame-src ${appOrigin}/; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'`;
const host = await serve(hostDir, 0, '127.0.0.1', { csp: hostCsp });
const hostOrigin = `http://127.0.0.1:${host.address().port}`;
writeFileSync(join(hostDir, 'host.css'), readFileSync(join(dist, 'embed-demo.css')));
writeFileSync(join(hostDir, 'host.js'), readFileSync(join(dist, 'embed-demo.js')));
const hostPage = (policy) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another origin's intranet</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="host.css">
<script type="module" src="${appOrigin}/embed.js"></script><script type="module" src="host.js"></script></head>
<body><main class="intranet-main"><article class="intranet-article"><h1>Intranet on another origin</h1>
<p class="intranet-buttons"><button type="button" data-theme="dark">Dark</button></p><ol id="events"></ol></article>
<aside class="intranet-column" aria-label="App check"><applens-check id="check" policy="${policy}"></applens-check></aside></main></body></html>`;
writeFileSync(join(hostDir, 'index.html'), hostPage(`${appOrigin}/company-balanced.json`));
writeFileSync(join(hostDir, 'foreign-policy.html'), hostPage('company-balanced.json'));
writeFileSync(join(hostDir, 'company-balanced.json'), readFileSync(join(dist, 'company-balanced.json')));

const browser = await launchChromium();

const requests = [];
const foreign = [];
const problems = [];
const { test, failures } = runner();

async function newPage(url, { viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true });
  await keepToOrigins(context, [appOrigin, hostOrigin], foreign, (r) => requests.push(r.url()));
  const page = await context.newPage();
  watchProblems(page, problems);
  // CSP violations of the host page and of AppLens's frame both count as failures.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  return page;
}

/** The events the host page logged (embed-demo.js), as [name, detail]. */
async function events(page) {
  return page.$$eval('#events li', (items) => items.map((li) => {
    const text = li.textContent;
    const space = text.indexOf(' ');
    return [text.slice(0, space), JSON.parse(text.slice(space + 1))];
  }));
}

async function waitForEvent(page, name, count = 1, timeout = 30_000) {
  await page.waitForFunction(([n, c]) => document.querySelectorAll(`#events li[data-event="${n}"]`).length >= c, [name, count], { timeout });
  return (await events(page)).filter(([n]) => n === name).map(([, d]) => d);
}

/** AppLens's frame inside the host page. */
async function appFrame(page) {
  await page.waitForFunction(() => true);
  for (let i = 0; i < 100; i++) {
    const frame = page.frames().find((f) => f.url().startsWith(appOrigin + '/index.html'));
    if (frame) {
      await frame.waitForSelector('[data-testid="sample-button"]');
      return frame;
    }
    await page.waitForTimeout(50);
  }
  throw new Error('AppLens frame not found');
}

/** What the host page looks like to its own styles: must be the same before and after the widget works. */
async function hostStyleFingerprint(page) {
  return page.evaluate(() => {
    const css = (el, props) => props.map((p) => getComputedStyle(el).getPropertyValue(p)).join('|');
    return JSON.stringify({
      body: css(document.body, ['font-family', 'background-color', 'color', 'margin']),
      button: css(document.querySelector('button'), ['background-color', 'border-top-style', 'font-family']),
      h1: css(document.querySelector('h1'), ['font-size', 'color', 'font-family']),
      sheets: document.styleSheets.length,
      adopted: document.adoptedStyleSheets.length,
      styleElements: document.querySelectorAll('style').length,
      htmlAttrs: [...document.documentElement.attributes].map((a) => `${a.name}=${a.value}`).join(' '),
      bodyAttrs: [...document.body.attributes].map((a) => `${a.name}=${a.value}`).join(' '),
    });
  });
}

async function axe(frame, label) {
  const { result, failure } = await axeCheck(frame, label);
  writeFileSync(join(out, `axe-${label}.json`), JSON.stringify(result, null, 2));
  assert(failure === null, failure);
}

/** The frame is exactly as tall as its content: no scrollbar of its own. */
async function assertFits(page, frame, label) {
  await page.waitForFunction(() => true);
  for (let i = 0; i < 40; i++) {
    const [inner, outer] = await Promise.all([
      frame.evaluate(() => Math.ceil(document.getElementById('applens').getBoundingClientRect().height)),
      page.evaluate(() => document.querySelector('applens-check').getBoundingClientRect().height),
    ]);
    if (Math.abs(inner - outer) <= 1) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`${label}: the widget's frame does not follow its content's height`);
}

await test('embed.js is small, self-contained and has no inline code', async () => {
  const source = readFileSync(join(dist, 'embed.js'));
  const gz = gzipSync(source, { level: 9 }).length;
  console.log(`     embed.js: ${source.length} bytes, ${gz} gzipped`);
  assert(gz <= 8 * 1024, `embed.js is ${gz} bytes gzipped; the budget is 8 KB`);
  assert(!/\bimport\b[^;]*\bfrom\b/.test(source.toString()), 'embed.js must have no dependencies');
  const demo = readFileSync(join(dist, 'embed-demo.html'), 'utf8');
  assert(!/<script(?![^>]*\bsrc=)/.test(demo) && !/\sstyle=/.test(demo) && !/\son[a-z]+=/.test(demo), 'the demo page has inline code or styles');
});

await test('widget on the demo intranet page: drop, events, verdict, theming, host styles untouched', async () => {
  const page = await newPage(`${appOrigin}/embed-demo.html`, { viewport: { width: 1100, height: 900 } });
  const before = await hostStyleFingerprint(page);
  const [ready] = await waitForEvent(page, 'applens-ready');
  assert(JSON.stringify(ready) === '{"lang":"en"}', `applens-ready carries only its language: ${JSON.stringify(ready)}`);
  const frame = await appFrame(page);
  await frame.getByTestId('policy-name').waitFor();
  assert(await frame.getByTestId('policy-name').textContent() === 'Company phones (balanced)', 'the policy attribute was not applied');
  assert(await frame.getByTestId('policy-clear').count() === 0, 'the host chose the policy: it cannot be removed inside the widget');
  // Theming: the host's custom properties reached AppLens's variables.
  const theme = await frame.evaluate(() => {
    const s = getComputedStyle(document.getElementById('applens'));
    return { accent: s.getPropertyValue('--al-accent').trim(), radius: s.getPropertyValue('--al-radius').trim(), font: s.fontFamily };
  });
  assert(theme.accent === '#6a1b9a' && theme.radius === '4px' && theme.font.includes('Georgia'), `theme not applied: ${JSON.stringify(theme)}`);
  await assertFits(page, frame, 'start');
  await axe(frame, 'widget-start');

  // A drop inside the widget (through its file input, as the drop zone hands files to the same code).
  await frame.getByTestId('file-input').setInputFiles(samplePath);
  const [result] = await waitForEvent(page, 'applens-result');
  const progress = await waitForEvent(page, 'applens-progress');
  assert(progress.length >= 2 && progress.every((p) => typeof p.stage === 'string' && p.fraction >= 0 && p.fraction <= 1), `progress events: ${JSON.stringify(progress)}`);
  assert(result.app.id === 'org.applens.sample.torch' && result.app.name === 'Torch Plus' && result.app.version === '2.4.1' && result.app.platform === 'android', `result app: ${JSON.stringify(result.app)}`);
  assert(result.grade === 'E' && result.verdict === 'blocked', `result: ${result.grade} ${result.verdict}`);
  assert(result.reasons.length > 0 && result.reasons.every((r) => Object.keys(r).join() === 'rule,message'), 'reasons carry rule and message only');
  assert(result.reasons.some((r) => r.rule === 'max_grade'), 'grade E is worse than the policy\'s D');
  assert(!('fingerprint' in result) && !JSON.stringify(result).includes(sampleHash), 'the fingerprint crossed without share-fingerprint');
  assert(Object.keys(result).sort().join() === 'app,grade,lang,reasons,verdict', `unexpected keys: ${Object.keys(result)}`);
  assert(result.lang === 'en' && progress.every((p) => p.lang === 'en'), 'events do not say their language');
  // The compact report: verdict first, the grade, the concerns; the rest on request.
  assert(await frame.getByTestId('policy-verdict').getAttribute('data-verdict') === 'blocked', 'verdict not shown');
  assert(await frame.getByTestId('policy-contact').isVisible(), 'the contact text is not shown');
  assert(await frame.getByTestId('concerns').isVisible(), 'top concerns not shown');
  assert(await frame.getByTestId('permissions').count() === 0, 'compact mode shows the full report');
  await assertFits(page, frame, 'compact report');
  await axe(frame, 'widget-report');
  for (const width of [360, 640]) {
    await page.setViewportSize({ width, height: 900 });
    await assertFits(page, frame, `compact report at ${width}px`);
    await page.locator('applens-check').screenshot({ path: join(shots, `60-widget-light-${width}.png`) });
  }
  await page.setViewportSize({ width: 1100, height: 900 });
  const compactHeight = await page.evaluate(() => document.querySelector('applens-check').getBoundingClientRect().height);
  await frame.getByTestId('show-full').click();
  await frame.getByTestId('permissions').waitFor();
  await frame.locator('[data-testid=report]:not([aria-busy])').waitFor();
  await assertFits(page, frame, 'full report');
  const fullHeight = await page.evaluate(() => document.querySelector('applens-check').getBoundingClientRect().height);
  assert(fullHeight > compactHeight * 2, `the frame did not grow with the full report (${compactHeight} -> ${fullHeight})`);
  // Keyboard: the toggle is a real button that reports its state.
  assert(await frame.getByTestId('show-full').getAttribute('aria-expanded') === 'true', 'aria-expanded not updated');
  await frame.getByTestId('show-full').click();

  // Theme attribute: dark, applied inside without a reload.
  await page.getByRole('button', { name: 'Dark' }).click();
  await frame.waitForFunction(() => document.getElementById('applens').classList.contains('al-theme-dark'));
  for (const width of [360, 640]) {
    await page.setViewportSize({ width, height: 900 });
    await assertFits(page, frame, `dark at ${width}px`);
    await page.locator('applens-check').screenshot({ path: join(shots, `61-widget-dark-${width}.png`) });
  }
  await axe(frame, 'widget-dark');

  // Forged messages change nothing: a "result" posted by the host page to itself (not from AppLens's frame),
  // and a "theme" posted to AppLens's frame by itself (not from the host).
  const resultsBefore = (await waitForEvent(page, 'applens-result')).length;
  const accentBefore = await frame.evaluate(() => getComputedStyle(document.getElementById('applens')).getPropertyValue('--al-accent').trim());
  assert(accentBefore === '#ce93d8', `the host's dark accent was not applied: ${accentBefore}`);
  await page.evaluate(() => window.postMessage({ source: 'applens', type: 'result', app: { id: 'forged' }, grade: 'A', verdict: 'allowed', reasons: [] }, '*'));
  await frame.evaluate(() => window.postMessage({ source: 'applens-host', type: 'theme', mode: 'light', vars: { accent: '#ff0000' } }, '*'));
  await page.waitForTimeout(300);
  assert((await waitForEvent(page, 'applens-result')).length === resultsBefore, 'a forged result reached the host page');
  const after = await frame.evaluate(() => ({
    accent: getComputedStyle(document.getElementById('applens')).getPropertyValue('--al-accent').trim(),
    dark: document.getElementById('applens').classList.contains('al-theme-dark'),
  }));
  assert(after.accent === accentBefore && after.dark, `a forged theme message was applied: ${JSON.stringify(after)}`);
  // A theme value that could make AppLens fetch from elsewhere is refused even from the real host.
  await page.evaluate(() => {
    const frame = document.querySelector('applens-check');
    frame.style.setProperty('--applens-background', 'url(https://example.com/x.png)');
    frame.refreshTheme();
  });
  await page.waitForTimeout(200);
  assert(!(await frame.evaluate(() => getComputedStyle(document.getElementById('applens')).getPropertyValue('--al-bg'))).includes('url('), 'a url() theme value was applied');

  assert(await hostStyleFingerprint(page) === before, 'the host page\'s styles changed');
  await page.close();
});

await test('widget: time from a drop to applens-result (sample and corpus apps)', async () => {
  const corpus = resolve(root, '../shared/corpus/apk');
  const files = [samplePath, join(corpus, 'blooddonation.apk'), join(corpus, 'tiger_snes_2.4.4_adsdks.apk')].filter((f) => { try { return readFileSync(f).length > 0; } catch { return false; } });
  const page = await newPage(`${appOrigin}/embed-demo.html`);
  await waitForEvent(page, 'applens-ready');
  const frame = await appFrame(page);
  await page.waitForTimeout(1000); // the page has idled, as a person's would before choosing a file
  const timings = [];
  for (const [i, file] of files.entries()) {
    const started = Date.now();
    await frame.getByTestId('file-input').setInputFiles(file);
    await waitForEvent(page, 'applens-result', i + 1);
    timings.push(`${file.split('/').pop()} (${(readFileSync(file).length / 1e6).toFixed(1)} MB): ${Date.now() - started} ms`);
  }
  console.log(`     drop to applens-result: ${timings.join('; ')}`);
  await page.close();
});

await test('widget: share-fingerprint lets the SHA-256 cross, and only then', async () => {
  const page = await newPage(`${appOrigin}/embed-demo.html`);
  await waitForEvent(page, 'applens-ready');
  await page.evaluate(() => {
    document.getElementById('events').replaceChildren();
    document.getElementById('check').setAttribute('share-fingerprint', '');
  });
  await waitForEvent(page, 'applens-ready');
  const frame = await appFrame(page);
  await frame.getByTestId('sample-button').click();
  const [result] = await waitForEvent(page, 'applens-result');
  assert(result.fingerprint === sampleHash, `fingerprint ${result.fingerprint}`);
  await page.close();
});

await test('widget: the lang attribute sets the widget\'s language, and its events say it and carry its words', async () => {
  for (const [lang, blocked, reasonWord] of [['de', 'Gesperrt', 'Note'], ['fr', 'Bloquée', 'note']]) {
    const page = await newPage(`${appOrigin}/embed-demo.html`, { viewport: { width: 360, height: 900 } });
    await waitForEvent(page, 'applens-ready');
    await page.evaluate((l) => {
      document.getElementById('events').replaceChildren();
      document.getElementById('check').setAttribute('lang', l);
    }, lang);
    const [ready] = await waitForEvent(page, 'applens-ready');
    assert(ready.lang === lang, `${lang}: applens-ready says ${JSON.stringify(ready)}`);
    const frame = await appFrame(page);
    await frame.waitForFunction((l) => document.documentElement.lang === l, lang);
    await frame.getByTestId('policy-name').waitFor();
    await frame.getByTestId('sample-button').click();
    const [result] = await waitForEvent(page, 'applens-result');
    const progress = await waitForEvent(page, 'applens-progress');
    assert(result.lang === lang && progress.every((p) => p.lang === lang), `${lang}: events say ${result.lang}, ${progress.map((p) => p.lang)}`);
    assert(result.verdict === 'blocked' && result.reasons.some((r) => r.rule === 'max_grade'), `${lang}: ids changed: ${JSON.stringify(result)}`);
    // The reasons are in the widget's language (ids stay the same), as the widget itself shows them.
    const grade = result.reasons.find((r) => r.rule === 'max_grade').message;
    assert(grade.includes(reasonWord) && !grade.includes('AppLens grades it'), `${lang}: reason not translated: ${grade}`);
    assert(!progress.some((p) => /^(Reading|Checking)/.test(p.stage)), `${lang}: progress stage in English: ${progress.map((p) => p.stage)}`);
    assert((await frame.getByTestId('policy-verdict-word').textContent()) === blocked, `${lang}: verdict word`);
    await assertFits(page, frame, `compact report in ${lang} at 360px`);
    await axe(frame, `widget-${lang}`);
    await page.locator('applens-check').screenshot({ path: join(shots, `62-widget-${lang}-360.png`) });
    // A file that is not a package: applens-error in the widget's language, the core's message included.
    const pdf = join(out, 'not-an-app.pdf');
    writeFileSync(pdf, '%PDF-1.7\n% not an app\n');
    await frame.getByTestId('file-input').setInputFiles(pdf);
    const [error] = await waitForEvent(page, 'applens-error');
    const expected = { de: 'ein PDF-Dokument', fr: 'un document PDF' }[lang];
    assert(error.lang === lang && error.message.includes(expected), `${lang}: applens-error ${JSON.stringify(error)}`);
    // A parser's own message (the sample cut short: the ZIP reader's), told once its part is in: one event, translated.
    const cut = join(out, 'cut-short.apk');
    const apk = readFileSync(samplePath);
    writeFileSync(cut, apk.subarray(0, apk.length >> 1));
    await frame.getByTestId('file-input').setInputFiles(cut);
    const parserErrors = await waitForEvent(page, 'applens-error', 2);
    const parser = { de: 'kein Endeintrag des zentralen Verzeichnisses', fr: 'aucun enregistrement de fin du répertoire central' }[lang];
    const last = parserErrors[parserErrors.length - 1];
    assert(last.lang === lang && last.message.includes(parser), `${lang}: applens-error ${JSON.stringify(last)}`);
    await page.close();
  }
});

await test('widget served from another origin than the intranet page', async () => {
  const page = await newPage(`${hostOrigin}/index.html`);
  await waitForEvent(page, 'applens-ready');
  const frame = await appFrame(page);
  await frame.getByTestId('policy-name').waitFor();
  await frame.getByTestId('sample-button').click();
  const [result] = await waitForEvent(page, 'applens-result');
  assert(result.verdict === 'blocked' && result.grade === 'E', `cross-origin result: ${JSON.stringify(result)}`);
  // From another origin, a forged result posted to the host page is ignored.
  await page.evaluate(() => window.postMessage({ source: 'applens', type: 'result', app: { id: 'forged' }, grade: 'A', verdict: 'allowed', reasons: [] }, '*'));
  await page.evaluate(() => window.postMessage({ source: 'applens', type: 'resize', height: 5 }, '*'));
  await page.waitForTimeout(300);
  assert((await waitForEvent(page, 'applens-result')).length === 1, 'a forged result reached the host page');
  assert(await page.evaluate(() => document.querySelector('applens-check').getBoundingClientRect().height) > 100, 'a forged resize was applied');
  await page.getByRole('button', { name: 'Dark' }).click();
  await frame.waitForFunction(() => document.getElementById('applens').classList.contains('al-theme-dark'));
  await page.close();
});

await test('widget: a policy from the intranet\'s origin instead of AppLens\'s is refused, and nothing is analysed', async () => {
  const page = await newPage(`${hostOrigin}/foreign-policy.html`);
  const [error] = await waitForEvent(page, 'applens-error');
  assert(error.message.includes('cannot be used') && error.message.includes("not on this page's own origin"), `error: ${error.message}`);
  const frame = await appFrame(page);
  assert(await frame.getByTestId('policy-bar').getAttribute('data-policy-state') === 'failed', 'the policy failure is not shown');
  await frame.getByTestId('sample-button').click();
  await frame.getByTestId('error').waitFor();
  assert((await frame.getByTestId('error').getAttribute('data-failure')) === 'policy', 'a package was analysed without the policy');
  assert((await events(page)).every(([n]) => n !== 'applens-result'), 'a result was sent without the policy');
  await page.close();
});

await test('page: ?policy= applies a policy from the page\'s origin, verdict first, in the JSON export', async () => {
  const page = await newPage(`${appOrigin}/?policy=company-balanced.json`);
  await page.getByTestId('policy-name').waitFor();
  await page.getByTestId('sample-button').click();
  await page.getByTestId('report').waitFor();
  const verdict = page.getByTestId('policy-verdict');
  assert(await verdict.getAttribute('data-verdict') === 'blocked', 'verdict');
  // The verdict comes before the grade's card.
  const order = await page.evaluate(() => {
    const v = document.querySelector('[data-testid="policy-verdict"]');
    const c = document.querySelector('[data-testid="summary-card"]');
    return v.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert(order, 'the verdict is not shown first');
  assert((await page.getByTestId('policy-reasons').first().textContent()).includes('worse than the grade D'), 'max_grade reason');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-json').click()]);
  const json = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert(json.policy?.verdict === 'blocked' && json.policy.name === 'Company phones (balanced)', `export: ${JSON.stringify(json.policy)}`);
  await page.screenshot({ path: join(shots, '62-page-policy-verdict.png'), fullPage: true });
  // Removing the policy takes the verdict away without analysing again.
  await page.getByTestId('policy-clear').click();
  await verdict.waitFor({ state: 'detached' });
  await page.close();
});

await test('page: a policy chosen from disk; a broken one is refused by key and blocks analysis until removed', async () => {
  const page = await newPage(`${appOrigin}/`);
  const dir = mkdtempSync(join(tmpdir(), 'applens-policy-'));
  writeFileSync(join(dir, 'broken.json'), '{"applens_policy": 1, "name": "Broken", "block": {"permisions": ["android.permission.READ_SMS"]}}');
  writeFileSync(join(dir, 'permissive.json'), readFileSync(join(root, 'examples/policies/permissive.json')));
  await page.getByTestId('help').locator('summary').click();
  assert(await page.getByText('An app already on your Android phone').isVisible(), 'the help panel does not open');
  await page.getByTestId('policy-input').setInputFiles(join(dir, 'broken.json'));
  await page.getByTestId('policy-error').waitFor();
  const message = await page.getByTestId('policy-error').textContent();
  assert(message.includes('`block.permisions` is not a key AppLens knows here'), `message: ${message}`);
  await axe(page.mainFrame(), 'page-policy-error');
  await page.getByTestId('sample-button').click();
  await page.getByTestId('error').waitFor();
  assert(await page.getByTestId('error').getAttribute('data-failure') === 'policy', 'analysed despite a broken policy');
  await page.getByTestId('policy-input').setInputFiles(join(dir, 'permissive.json'));
  await page.getByTestId('policy-name').waitFor();
  await page.getByTestId('sample-button').click();
  await page.getByTestId('policy-verdict').waitFor();
  const word = await page.getByTestId('policy-verdict-word').textContent();
  assert(['Blocked', 'Allowed with a warning', 'Allowed'].includes(word), word);
  assert(await page.getByTestId('policy-verdict').getAttribute('data-verdict') === 'blocked', 'the sample reads text messages: blocked');
  await axe(page.mainFrame(), 'page-policy-verdict');
  await page.close();
});

await test('no request went to any origin but AppLens\'s and the intranet\'s', async () => {
  assert(requests.some((u) => u.endsWith('/applens-worker_bg.wasm')), 'worker requests were not observed');
  assert(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
  assert(problems.length === 0, `browser reported problems:\n${problems.join('\n')}`);
  console.log(`     ${requests.length} requests recorded, all to ${appOrigin} or ${hostOrigin}`);
});

await browser.close();
app.close();
host.close();
console.log(failures() ? `${failures()} widget test(s) failed` : 'all widget tests passed');
process.exit(failures() ? 1 : 0);
