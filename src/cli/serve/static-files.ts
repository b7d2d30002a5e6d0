/**
 * The built renderer page (dist/renderer) over HTTP: GET and HEAD only, files inside that folder
 * only (a path climbing out of it is refused), a 503 with the fix while the page is not built.
 */
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/renderer, beside the compiled CLI (dist/src/cli/serve/ → dist/renderer). */
export const RENDERER_FOLDER = fileURLToPath(new URL('../../../renderer/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Headers on every response: no framing, no sniffing, no referrer (it may hold the token). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  response.end(`${text}\n`);
}

/**
 * The file of `root` that `urlPath` names, or null when it names none: outside `root` (`..`,
 * an encoded `%2e%2e`, a backslash, a NUL, a symbolic link out), or not a file.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const base = resolve(root);
  const path = resolve(join(base, relative));
  if (!path.startsWith(base + sep)) return null;
  try {
    // A symbolic link inside the folder must not lead out of it either.
    if (!realpathSync(path).startsWith(realpathSync(base) + sep)) return null;
    return statSync(path).isFile() ? path : null;
  } catch {
    return null;
  }
}

export function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  root: string,
  extraHeaders: Readonly<Record<string, string>> = {},
): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    sendText(response, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    return;
  }
  if (!existsSync(join(root, 'index.html'))) {
    sendText(
      response,
      503,
      'The Scatterscope page is not built: run `npm run build:renderer` in the project folder, then reload.',
    );
    return;
  }
  const urlPath = new URL(request.url ?? '/', 'http://placeholder').pathname;
  const path = resolveStaticPath(root, urlPath);
  if (path === null) {
    sendText(response, 404, 'not found');
    return;
  }
  response.writeHead(200, {
    ...SECURITY_HEADERS,
    ...extraHeaders,
    'Content-Type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': String(statSync(path).size),
    'Cache-Control': 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(path)
    .on('error', () => response.destroy())
    .pipe(response);
}
