// German and French end to end (issue 16): the sample, a comparison, error states (a file that is not a package, a
// parser's own message), a report's warnings, a policy verdict and a policy refused,
// each in German and in French, on a phone-wide screen (360 px) with every fold opened: axe finds nothing
// serious, the page does not overflow sideways (German words are long), and no English sentence of the page
// is left. "Left in English" is measured against the same state in English: a text node (or an aria-label,
// title, placeholder, alt) that reads the same in English and in the other language and is a sentence
// (three words or more with English function words) is a failure, unless it is the package's own text
// (names, evidence, code), which stays as it was.
//
// usage: node tests/e2e/languages.mjs   (after script/build; script/test runs it after run.mjs)
//        APPLENS_E2E_ONLY=compare node tests/e2e/languages.mjs
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const problems = [];
const foreign = [];
const { test, failures } = runner();
const found = {};

async function newPage(lang, query = '') {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });
  await keepToOrigins(context, [origin], foreign);
  const page = await context.newPage();
  watchProblems(page, problems);
  await page.goto(`${origin}/?lang=${lang}${query}`);
  await page.getByTestId('sample-button').waitFor();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  // The catalog has arrived when the drop zone's title is no longer English.
  if (lang !== 'en') await page.waitForFunction(() => document.querySelector('#al-drop-title')?.textContent !== 'Drop an app package here');
  return page;
}

/** Every fold open (evidence, decoded files, the grade's trace), so what a reader can open is checked too. */
async function openEverything(page) {
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  const showAll = page.getByTestId('show-all');
  if (await showAll.count() && await showAll.getAttribute('aria-pressed') !== 'true') await showAll.click();
  const full = page.getByTestId('show-full');
  if (await full.count() && await full.getAttribute('aria-expanded') !== 'true') await full.click();
}

/** The page's words: text nodes and the attributes people hear or see, without the package's own text. */
async function pageTexts(page) {
  return page.evaluate(() => {
    const own = 'code, pre, .al-hash, .al-perm-name, .al-tracker-name, .al-app-name, .al-side-name, .al-file-name, .al-error-file, '
      + '.al-error-message, [data-testid="app-id"], [data-testid="signer-subject"], [data-testid="policy-name"], [data-testid="policy-contact"], '
      + '.al-policy-description, .al-usage-reason, blockquote, option, .al-brand, [data-testid="stats"]';
    const out = new Set();
    const walker = document.createTreeWalker(document.querySelector('.al-page') ?? document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest(own)) continue;
      const t = n.textContent.replace(/\s+/g, ' ').trim();
      if (t) out.add(t);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (el.closest(own)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.add(v);
      }
    }
    return [...out];
  });
}

const FUNCTION_WORDS = /\b(the|and|of|is|are|was|with|not|this|that|from|your|you|can|may|it|its|for|to|in|on|by|be|no|or|what|which|who|has|have|does|found|read|code|app)\b/gi;
/** Texts of `texts` that are English sentences also shown, word for word, in the English page. */
function english(texts, englishTexts) {
  const en = new Set(englishTexts);
  return texts.filter((t) => en.has(t) && t.split(' ').length >= 3 && (t.match(FUNCTION_WORDS) ?? []).length >= 2);
}

async function check(page, label, englishTexts) {
  await openEverything(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 0, `${label}: the page overflows by ${overflow}px at 360px wide`);
  // Nothing wider than the screen inside, either (a box that scrolls on its own is allowed: tables, code).
  const wide = await page.evaluate(() => [...document.querySelectorAll('.al-page *')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest('.al-table-wrap, pre, .al-source, table, svg'))
    .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.slice(0, 60)}`));
  assert(wide.length === 0, `${label}: elements wider than the screen: ${wide.join(' | ')}`);
  const { result, failure } = await axeCheck(page, label);
  found[label] = { axe: result };
  assert(failure === null, failure);
  await page.screenshot({ path: join(shots, `50-${label}-360.png`), fullPage: true });
  if (englishTexts) {
    const left = english(await pageTexts(page), englishTexts);
    found[label].english = left;
    writeFileSync(join(out, 'languages.json'), JSON.stringify(found, null, 2));
    assert(left.length === 0, `${label}: ${left.length} English text(s) left:\n       ${left.join('\n       ')}`);
  }
}

/** One state in English first (what "left in English" is measured against), then in German and French. */
async function inEveryLanguage(name, open, { query = '' } = {}) {
  const en = await newPage('en', query);
  await open(en);
  await openEverything(en);
  const englishTexts = await pageTexts(en);
  await check(en, `${name}-en`, null);
  await en.close();
  // Both languages are checked before the test fails, so one run lists everything left in either.
  const errors = [];
  for (const lang of ['de', 'fr']) {
    const page = await newPage(lang, query);
    try {
      await open(page);
      await check(page, `${name}-${lang}`, englishTexts);
    } catch (e) {
      errors.push(e.message);
    }
    await page.close();
  }
  assert(errors.length === 0, errors.join('\n     '));
}

/** Waits until the element `testId` shows the text of the page's language (`texts`: one per language; a
 * catalog part may arrive after the state it translates). */
async function shows(page, testId, texts) {
  const lang = await page.evaluate(() => document.documentElement.lang);
  await page.waitForFunction(([id, t]) => document.querySelector(`[data-testid="${id}"]`)?.textContent.includes(t), [testId, texts[lang]], { timeout: 10_000 })
    .catch(async () => assert(false, `${lang}: ${testId}: ${await page.getByTestId(testId).textContent()}`));
}

async function sample(page) {
  await page.getByTestId('sample-button').click();
  await page.getByTestId('report').waitFor({ timeout: 60_000 });
}

await test('languages: the sample report in German and French', () => inEveryLanguage('sample', sample));

await test('languages: the sample under a blocking policy (verdict, reasons) in German and French', () =>
  inEveryLanguage('policy', async (page) => {
    await page.getByTestId('policy-name').waitFor();
    await sample(page);
    await page.getByTestId('policy-verdict').waitFor();
  }, { query: '&policy=company-balanced.json' }));

await test('languages: a policy refused for a misspelt key (its reason under the key) in German and French', () =>
  inEveryLanguage('policy-refused', async (page) => {
    const file = join(out, 'misspelt-policy.json');
    writeFileSync(file, '{"applens_policy": 1, "name": "Misspelt", "block": {"permisions": ["android.permission.READ_SMS"]}}');
    await page.getByTestId('policy-input').setInputFiles(file);
    const error = page.getByTestId('policy-error');
    await error.waitFor();
    // The key stays as the policy wrote it; the reason arrives with the policy's part of the catalog.
    assert((await error.textContent()).startsWith('`block.permisions` '), `the key: ${await error.textContent()}`);
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'en') {
      await page.waitForFunction(() => !document.querySelector('[data-testid=policy-error]').textContent.includes('is not a key'));
    }
    // Analysing is refused while the policy cannot be used, in the same words.
    await page.getByTestId('sample-button').click();
    await page.getByTestId('error').waitFor();
  }));

await test('languages: an error state in German and French', () => inEveryLanguage('error', async (page) => {
  const pdf = join(out, 'not-an-app.pdf');
  writeFileSync(pdf, '%PDF-1.7\n% not an app\n');
  await page.getByTestId('file-input').setInputFiles(pdf);
  await page.getByTestId('error').waitFor();
  // The core's message for a file that is not a package is translated too (detect.rs's "this is a PDF…").
  const lang = await page.evaluate(() => document.documentElement.lang);
  const message = await page.getByTestId('error-message').textContent();
  const expected = { en: 'a PDF document', de: 'ein PDF-Dokument', fr: 'un document PDF' }[lang];
  assert(message.includes(expected), `${lang}: error message ${message}`);
}));

// A parser's own message (src/analysis/**, data/i18n/<lang>/diagnostics.tsv), fetched as the `diagnostics` part
// only when an analysis fails or a report has warnings: the sample cut short fails in the ZIP reader.
await test('languages: a parser\'s error in German and French', () => inEveryLanguage('parser-error', async (page) => {
  const cut = join(out, 'cut-short.apk');
  const apk = readFileSync(join(root, 'dist/applens-sample.apk'));
  writeFileSync(cut, apk.subarray(0, apk.length >> 1));
  await page.getByTestId('file-input').setInputFiles(cut);
  await page.getByTestId('error').waitFor();
  // The part arrives after the failure: waited for, not read at once.
  await shows(page, 'error-message', {
    en: 'no end-of-central-directory record: this is not a ZIP archive, or it is truncated',
    de: 'kein Endeintrag des zentralen Verzeichnisses: Das ist kein ZIP-Archiv, oder es ist unvollständig',
    fr: 'aucun enregistrement de fin du répertoire central : ce n’est pas une archive ZIP, ou elle est tronquée',
  });
}));

if (existsSync(join(corpus, 'ipa/fastlane_iOSAppOnly.ipa'))) {
  await test('languages: a report\'s warnings in German and French', () => inEveryLanguage('warnings', async (page) => {
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'ipa/fastlane_iOSAppOnly.ipa'));
    await page.getByTestId('report').waitFor({ timeout: 60_000 });
    await shows(page, 'warnings', {
      en: 'the main program named by CFBundleExecutable is missing',
      de: 'das von CFBundleExecutable genannte Hauptprogramm fehlt',
      fr: 'le programme principal désigné par CFBundleExecutable est absent',
    });
  }));
}

if (existsSync(join(corpus, 'apk/blooddonation.apk'))) {
  await test('languages: a comparison in German and French', () => inEveryLanguage('compare', async (page) => {
    await page.getByTestId('file-input').setInputFiles([join(corpus, 'apk/hello-world.apk'), join(corpus, 'apk/blooddonation.apk')]);
    await page.getByTestId('compare-summary').waitFor({ timeout: 60_000 });
  }));
  await test('languages: a report with trackers, recipients and code read in German and French', () => inEveryLanguage('trackers', async (page) => {
    await page.getByTestId('file-input').setInputFiles(join(corpus, 'apk/blooddonation.apk'));
    await page.getByTestId('report').waitFor({ timeout: 60_000 });
    // A country named alone (the list of who may get the data, a tracker's line) is in the language too: two
    // words, so the sentence check above would not see it (countries.tsv, Catalog::country).
    const lang = await page.evaluate(() => document.documentElement.lang);
    const alone = { en: 'United States', de: 'USA', fr: 'États-Unis' }[lang];
    const recipients = await page.getByTestId('recipients').textContent();
    assert(recipients.includes(`${alone} (Google`), `${lang}: recipients list: ${recipients}`);
    // ("United States of America" stays in the title of the UK's regulations the decisions quote.)
    assert(lang === 'en' || !recipients.includes('United States ('), `${lang}: English country name left: ${recipients}`);
    // The companies of one country are joined in the language inside its sentence ("Google und Mapbox").
    assert(recipients.includes({ en: 'Google and Mapbox', de: 'Google und Mapbox', fr: 'Google et Mapbox' }[lang]), `${lang}: ${recipients}`);
  }));
}

await test('languages: no request left the page\'s origin, and the browser reported no problem', async () => {
  assert(foreign.length === 0, `requests to other origins: ${foreign.join(', ')}`);
  assert(problems.length === 0, `browser reported problems:\n${problems.join('\n')}`);
});

writeFileSync(join(out, 'languages.json'), JSON.stringify(found, null, 2));
await browser.close();
server.close();
console.log(failures() ? `${failures()} language test(s) failed` : 'all language tests passed');
process.exit(failures() ? 1 : 0);
