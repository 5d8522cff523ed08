// The AppLens page's side of the intranet widget. When embed.js opened this page in its iframe
// (`?embed=1&host=ORIGIN`), this file alone talks to the host page:
//   - it forwards the summaries the app hands it (ready, progress, result, error) and the page's height,
//     posted to the host's exact origin, never '*';
//   - it applies the host's theme (light/dark and five CSS custom properties), checked value by value;
//   - it ignores every message that is not from the parent window, from the host's origin, in the expected
//     shape.
// Opened on its own, the page does nothing here.

const params = new URLSearchParams(location.search);
const root = document.getElementById('applens');

/** The host's origin as the widget gave it, if it is one (scheme://host[:port], nothing else). */
function hostOrigin() {
  const given = params.get('host');
  if (!given) return null;
  try {
    const url = new URL(given);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === given ? url.origin : null;
  } catch {
    return null;
  }
}

// Theme values arrive from another page: only plain values of the expected kind pass, so nothing like
// url(...) can make the page fetch from elsewhere or break out of the property.
const CHECKS = {
  accent: /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/deg]{1,60}\)|[a-z]{3,20})$/i,
  background: /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/deg]{1,60}\)|[a-z]{3,20})$/i,
  text: /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/deg]{1,60}\)|[a-z]{3,20})$/i,
  font: /^[a-z0-9 ,"'-]{1,200}$/i,
  radius: /^[0-9]{1,3}(\.[0-9]{1,2})?(px|rem|em|%)?$/,
};
// Each host property and the page's own variables it sets.
const TARGETS = {
  accent: ['--al-accent'],
  background: ['--al-bg', '--al-surface'],
  text: ['--al-text'],
  font: ['--al-font'],
  radius: ['--al-radius'],
};

function applyMode(mode) {
  if (!root || !['light', 'dark', 'auto'].includes(mode)) return;
  root.classList.toggle('al-theme-light', mode === 'light');
  root.classList.toggle('al-theme-dark', mode === 'dark');
  document.documentElement.classList.toggle('al-theme-light', mode === 'light');
  document.documentElement.classList.toggle('al-theme-dark', mode === 'dark');
}

function applyVars(vars) {
  if (!root || !vars || typeof vars !== 'object' || Array.isArray(vars)) return;
  for (const [key, targets] of Object.entries(TARGETS)) {
    const value = Object.prototype.hasOwnProperty.call(vars, key) ? vars[key] : undefined;
    if (typeof value !== 'string') continue;
    const v = value.trim();
    for (const target of targets) {
      if (v === '') root.style.removeProperty(target);
      else if (CHECKS[key].test(v)) root.style.setProperty(target, v);
    }
  }
}

const origin = hostOrigin();
if (params.get('embed') === '1' && window.parent !== window && origin && root) {
  root.classList.add('al-embed');
  document.documentElement.classList.add('al-embed-doc');
  applyMode(params.get('theme') ?? 'auto');
  applyVars(Object.fromEntries(Object.keys(TARGETS).map((k) => [k, params.get(k) ?? ''])));

  const post = (message) => window.parent.postMessage({ ...message, source: 'applens' }, origin);

  // From the app (src/ui/embed.rs via bridge::tell_host): {"run": N, "message": {...}}.
  window.addEventListener('applens:to-host', (event) => {
    try {
      const { message } = JSON.parse(event.detail);
      if (message && typeof message.type === 'string') post(message);
    } catch {
      // Not ours to forward.
    }
  });

  // From the host: only the theme.
  window.addEventListener('message', (event) => {
    if (event.origin !== origin || event.source !== window.parent) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || data.source !== 'applens-host' || data.type !== 'theme') return;
    if (typeof data.mode === 'string') applyMode(data.mode);
    applyVars(data.vars);
  });

  // The iframe's height follows the content, so the compact layout never needs its own scrollbar.
  let last = -1;
  new ResizeObserver(() => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      post({ type: 'resize', height });
    }
  }).observe(root);
}
