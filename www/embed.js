// <applens-check>: AppLens on an intranet page. The element hosts AppLens in an iframe served from the folder
// this script came from, so the package, the WebAssembly and AppLens's strict Content-Security-Policy stay
// inside it; the host page needs only script-src and frame-src for that folder. Documented in README.md
// ("Embed AppLens on your intranet").
//
//   <script type="module" src="/applens/embed.js"></script>
//   <applens-check policy="/applens/our-policy.json" theme="auto"></applens-check>
//
// Attributes: policy (a policy file on AppLens's origin), theme (light | dark | auto), lang, share-fingerprint.
// Theming: --applens-accent, --applens-font, --applens-radius, --applens-background, --applens-text on the
// element. Events (CustomEvent, bubbling and composed): applens-ready, applens-progress {stage, fraction},
// applens-result {app, grade, verdict, reasons}, applens-error {message}.
// Messages go only to AppLens's exact origin; every message received is checked for origin, sender and shape.

const FRAME_PAGE = new URL('index.html', import.meta.url);
const APP_ORIGIN = FRAME_PAGE.origin;
const VARS = ['accent', 'font', 'radius', 'background', 'text'];
const THEMES = ['light', 'dark', 'auto'];

let sheet = null;
function styles() {
  // A constructed stylesheet scoped to the shadow root: no <style> element (the host's CSP may forbid
  // inline styles), and nothing reaches the host page's own styles.
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(':host{display:block;min-width:0}iframe{display:block;width:100%;height:26rem;border:0;background:transparent}');
  }
  return sheet;
}

const text = (v, max) => (typeof v === 'string' ? v.slice(0, max) : null);
const nullableText = (v, max) => (v === null || v === undefined ? null : text(v, max));
/** The language of a message's words (`en`, `de`, `fr`…), or null. */
const language = (v) => (typeof v === 'string' && /^[a-z]{2,3}$/.test(v) ? v : null);

/** The result as the host may see it: known fields of known types, nothing else. */
function cleanResult(d, withFingerprint) {
  if (!d.app || typeof d.app !== 'object') return null;
  const platform = ['android', 'ios'].includes(d.app.platform) ? d.app.platform : null;
  const verdict = ['allowed', 'warn', 'blocked'].includes(d.verdict) ? d.verdict : null;
  const grade = typeof d.grade === 'string' && /^[A-F?]$/.test(d.grade) ? d.grade : null;
  const reasons = Array.isArray(d.reasons)
    ? d.reasons.slice(0, 200).filter((r) => r && typeof r.rule === 'string' && typeof r.message === 'string')
      .map((r) => ({ rule: r.rule.slice(0, 200), message: r.message.slice(0, 2000) }))
    : [];
  const detail = {
    lang: language(d.lang),
    app: {
      id: nullableText(d.app.id, 300),
      name: nullableText(d.app.name, 300),
      version: nullableText(d.app.version, 100),
      platform,
    },
    grade,
    verdict,
    reasons,
  };
  if (withFingerprint && typeof d.fingerprint === 'string' && /^[0-9a-f]{64}$/.test(d.fingerprint)) {
    detail.fingerprint = d.fingerprint;
  }
  return detail;
}

class ApplensCheck extends HTMLElement {
  static get observedAttributes() { return ['policy', 'theme', 'lang', 'share-fingerprint']; }

  #root = null;
  #frame = null;
  #listening = false;
  #onMessage = (event) => this.#receive(event);

  connectedCallback() {
    if (!this.#root) {
      this.#root = this.attachShadow({ mode: 'closed' });
      this.#root.adoptedStyleSheets = [styles()];
    }
    if (!this.#listening) {
      window.addEventListener('message', this.#onMessage);
      this.#listening = true;
    }
    if (!this.#frame) this.#load();
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.#onMessage);
    this.#listening = false;
    this.#frame?.remove();
    this.#frame = null;
  }

  attributeChangedCallback(name, before, after) {
    if (!this.#frame || before === after) return;
    // The theme changes in place; another policy, language or fingerprint choice is a new AppLens.
    if (name === 'theme') this.#sendTheme();
    else this.#load();
  }

  /** Sends the theme again, e.g. after the host changed the --applens-* properties. */
  refreshTheme() { this.#sendTheme(); }

  #theme() {
    const mode = THEMES.includes(this.getAttribute('theme')) ? this.getAttribute('theme') : 'auto';
    const computed = getComputedStyle(this);
    const vars = {};
    for (const name of VARS) vars[name] = computed.getPropertyValue(`--applens-${name}`).trim().slice(0, 200);
    return { mode, vars };
  }

  #load() {
    const url = new URL(FRAME_PAGE);
    url.searchParams.set('embed', '1');
    url.searchParams.set('host', location.origin);
    const policy = this.getAttribute('policy');
    if (policy) {
      // Resolved against the host page; AppLens itself refuses a policy from any origin but its own.
      const resolved = new URL(policy, document.baseURI);
      url.searchParams.set('policy', resolved.origin === APP_ORIGIN ? resolved.pathname + resolved.search : resolved.href);
    }
    const lang = this.getAttribute('lang');
    if (lang && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(lang)) url.searchParams.set('lang', lang);
    if (this.hasAttribute('share-fingerprint')) url.searchParams.set('fingerprint', '1');
    // The first paint already has the host's theme; later changes travel as messages.
    const { mode, vars } = this.#theme();
    url.searchParams.set('theme', mode);
    for (const [k, v] of Object.entries(vars)) if (v) url.searchParams.set(k, v);

    const frame = document.createElement('iframe');
    frame.title = this.getAttribute('title') || 'AppLens: check an app before you install it';
    frame.referrerPolicy = 'no-referrer';
    frame.src = url.href;
    this.#frame?.remove();
    this.#frame = frame;
    this.#root.append(frame);
  }

  #sendTheme() {
    this.#frame?.contentWindow?.postMessage({ source: 'applens-host', type: 'theme', ...this.#theme() }, APP_ORIGIN);
  }

  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #receive(event) {
    // Only AppLens's own frame, from its origin, in the shapes below; everything else is ignored.
    if (event.origin !== APP_ORIGIN || !this.#frame || event.source !== this.#frame.contentWindow) return;
    const d = event.data;
    if (!d || typeof d !== 'object' || d.source !== 'applens' || typeof d.type !== 'string') return;
    switch (d.type) {
      case 'ready':
        this.#sendTheme();
        this.#emit('applens-ready', { lang: language(d.lang) });
        break;
      case 'resize':
        if (Number.isFinite(d.height) && d.height >= 0 && d.height <= 200000) this.#frame.style.height = `${Math.ceil(d.height)}px`;
        break;
      case 'progress':
        if (typeof d.stage === 'string' && Number.isFinite(d.fraction)) {
          this.#emit('applens-progress', { lang: language(d.lang), stage: d.stage.slice(0, 200), fraction: Math.min(1, Math.max(0, d.fraction)) });
        }
        break;
      case 'result': {
        const detail = cleanResult(d, this.hasAttribute('share-fingerprint'));
        if (detail) this.#emit('applens-result', detail);
        break;
      }
      case 'error':
        if (typeof d.message === 'string') this.#emit('applens-error', { lang: language(d.lang), message: d.message.slice(0, 2000) });
        break;
      default:
        break;
    }
  }
}

if (!customElements.get('applens-check')) customElements.define('applens-check', ApplensCheck);
