// The web app's HTTP server: static files from web/dist plus /config.json, which tells the app
// where the XMPP WebSocket is. Loopback by default like everything else.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

export interface WebConfig {
  service: string;
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

export function startWebServer(opts: {
  host: string;
  port: number;
  root: string | undefined;
  config: WebConfig;
}): Promise<Server> {
  const config = JSON.stringify(opts.config);
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path.split('?')[0] === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(config);
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
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: opts.host, port: opts.port, exclusive: true }, () => resolve(server));
  });
}
