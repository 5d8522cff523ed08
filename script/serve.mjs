// A tiny static server for dist/ on 127.0.0.1 (no dependencies). It sends the same Content-Security-Policy
// as the page's meta tag, plus the headers a meta tag cannot carry (frame-ancestors is left to the host).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.apk': 'application/vnd.android.package-archive',
  '.webmanifest': 'application/manifest+json', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
};
// Sent gzip-compressed when the browser accepts it, as any real web server would (the wasm shrinks ~3x).
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.wasm', '.json', '.webmanifest', '.svg', '.txt', '.tsv']);
const gzipped = new Map();

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self'; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

// options.csp replaces AppLens's policy (the end-to-end suite serves a host intranet page with its own);
// options.headers adds headers (e.g. a frame-ancestors policy naming the intranet allowed to embed AppLens).
export function serve(root, port = 8080, host = '127.0.0.1', options = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      const headers = {};
      if (COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        // Keyed by the content itself: a new build may rewrite a file with the same length (sw.js does).
        const key = `${file}:${createHash('sha256').update(body).digest('hex')}`;
        if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 9 }));
        body = gzipped.get(key);
        headers['Content-Encoding'] = 'gzip';
        headers['Vary'] = 'Accept-Encoding';
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': options.csp ?? CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
        // embed.js is loaded as a module script by intranet pages on other origins, and module scripts are
        // fetched with CORS: it alone may be read from anywhere (it is public code, sent without cookies).
        ...(file.endsWith('/embed.js') ? { 'Access-Control-Allow-Origin': '*' } : {}),
        ...(options.headers ?? {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.env.PORT ?? 8080);
  await serve(process.argv[2] ?? 'dist', port);
  console.log(`AppLens is served on http://127.0.0.1:${port}/ (Ctrl-C stops it)`);
}
