// The web app's HTTP server: static files from web/dist plus /config.json, which tells the app
// where the XMPP WebSocket is. Loopback by default like everything else.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream';

export interface WebConfig {
  service: string;
  /** Every WebSocket endpoint of a cluster (`service` is the first); a client tries another when one is lost. */
  services?: string[];
  domain: string;
  componentDomain: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * The built app (web/dist) is one module script and one stylesheet from this origin; it sets styles
 * only through the CSSOM, which CSP does not restrict. `connect-src`: the XMPP WebSocket may be on
 * another host (--xmpp-service), and XEP-0156 discovery fetches https://<domain>/.well-known/host-meta.
 * `img-src data:` is the inline favicon. Media arrives as MediaStreams (srcObject), which CSP does
 * not govern. Checked in Chromium by tests/e2e/web-app.test.ts (sign-in, calls) under this policy.
 */
export const WEB_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; " +
  "connect-src 'self' ws: wss: https:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** On every response, errors included. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': WEB_CSP,
  // frame-ancestors for current browsers, X-Frame-Options for old ones (no clickjacking of the call UI).
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const WS_REL = 'urn:xmpp:alt-connections:websocket';
const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

const NOT_BUILT = 'The jingle-bridge web app is not built yet (no web/dist). /config.json is served.\n';

/** Resolves a URL path inside `root`, or undefined if it escapes it or names no file. */
export function resolveStatic(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  if (existsSync(file) && statSync(file).isFile()) return file;
  if (existsSync(join(file, 'index.html'))) return join(file, 'index.html');
  return undefined;
}

/**
 * Streams a file. A file that cannot be opened gets a 500; a read error after the status line was
 * sent ends the connection (the client sees a cut response). Neither reaches the process as an
 * unhandled 'error' event, which would end `npm start`.
 */
function sendFile(file: string, type: string, res: ServerResponse): void {
  const stream = createReadStream(file);
  stream.once('error', () => {
    if (res.headersSent) return; // pipeline below has it
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('could not read the file\n');
  });
  stream.once('open', () => {
    res.writeHead(200, { 'content-type': type });
    pipeline(stream, res, () => undefined); // destroys both on an error or an early close
  });
  res.once('close', () => stream.destroy());
}

export function startWebServer(opts: {
  host: string;
  port: number;
  root: string | undefined;
  config: WebConfig;
}): Promise<Server> {
  const config = JSON.stringify(opts.config);
  // XEP-0156 §3: one Link per WebSocket endpoint, in the order clients should try them.
  const endpoints = opts.config.services ?? [opts.config.service];
  const hostMeta =
    `<?xml version='1.0' encoding='utf-8'?>\n<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n` +
    endpoints.map((u) => `  <Link rel='${WS_REL}' href='${escapeXml(u)}'/>\n`).join('') +
    '</XRD>\n';
  const hostMetaJson = JSON.stringify({ links: endpoints.map((href) => ({ rel: WS_REL, href })) });
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const path = req.url ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path.split('?')[0] === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(config);
      return;
    }
    if (path.split('?')[0] === '/.well-known/host-meta') {
      res
        .writeHead(200, { 'content-type': 'application/xrd+xml', 'access-control-allow-origin': '*' })
        .end(hostMeta);
      return;
    }
    if (path.split('?')[0] === '/.well-known/host-meta.json') {
      res
        .writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' })
        .end(hostMetaJson);
      return;
    }
    if (!opts.root) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(NOT_BUILT);
      return;
    }
    // Unknown paths without an extension get index.html, so client-side routes survive a reload.
    const file =
      resolveStatic(opts.root, path) ??
      (extname(path.split('?')[0] ?? '') === '' ? resolveStatic(opts.root, '/') : undefined);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    if (req.method === 'HEAD') res.writeHead(200, { 'content-type': type }).end();
    else sendFile(file, type, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: opts.host, port: opts.port, exclusive: true }, () => resolve(server));
  });
}
