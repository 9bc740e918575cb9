// The two HTTP servers a browser talks to, over real loopback HTTP (issue #11, item 8): the web
// app's static server (src/stack/web.ts) and the component's guest pages (src/component/http.ts).
// Every response carries the exact security headers, and a file that cannot be read costs one
// response, not the process. Real read errors: as root too, /proc/sys/vm/drop_caches cannot be
// opened for reading (EACCES) and /proc/self/mem fails its first read at offset 0 (EIO).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST_CSP, createGuestHttpServer, linkChecker } from '../../src/component/http.js';
import { LinkUses } from '../../src/component/link-uses.js';
import { RateLimiter } from '../../src/component/rate-limit.js';
import { signLink } from '../../src/component/token.js';
import { startWebServer, WEB_CSP } from '../../src/stack/web.js';

const WEB_HEADERS = {
  'content-security-policy': WEB_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

let root: string;
let web: Server;
let guest: Server;
const KEY = Buffer.from('web-headers-test-link-key-32-bytes!!');

const base = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

/** Status, the named headers, and the body, or the error a cut response gives. */
function get(url: string, names: readonly string[], method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { method }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('aborted')));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: Object.fromEntries(names.map((n) => [n, res.headers[n] as string | undefined])),
            body,
          }),
        );
      });
      req.on('error', reject);
      req.end();
    },
  );
}

beforeAll(async () => {
  root = mkdtempSync(`${tmpdir()}/jb-web-`);
  mkdirSync(`${root}/assets`);
  writeFileSync(`${root}/index.html`, '<!doctype html><title>t</title>');
  writeFileSync(`${root}/assets/app.js`, 'export {};\n');
  symlinkSync('/proc/sys/vm/drop_caches', `${root}/assets/unopenable.js`);
  symlinkSync('/proc/self/mem', `${root}/assets/unreadable.js`);
  web = await startWebServer({
    host: '127.0.0.1',
    port: 0,
    root,
    config: {
      service: 'ws://127.0.0.1:1/xmpp-websocket',
      domain: 'localhost',
      componentDomain: 'bridge.localhost',
    },
  });
  guest = createGuestHttpServer({
    links: linkChecker(KEY, new LinkUses(), Date.now),
    connLimiter: new RateLimiter({ capacity: 100, periodMs: 60_000 }),
    now: Date.now,
  });
  await new Promise<void>((r) => guest.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  await Promise.all([web, guest].map((s) => new Promise((r) => s?.close(r))));
  rmSync(root, { recursive: true, force: true });
});

describe('the web app server', () => {
  it.each([
    ['GET', '/', 200, 'text/html; charset=utf-8'],
    ['GET', '/assets/app.js', 200, 'text/javascript; charset=utf-8'],
    ['HEAD', '/assets/app.js', 200, 'text/javascript; charset=utf-8'],
    ['GET', '/config.json', 200, 'application/json'],
    ['GET', '/assets/missing.js', 404, 'text/plain; charset=utf-8'],
    ['POST', '/', 405, undefined],
    ['GET', '/assets/unopenable.js', 500, 'text/plain; charset=utf-8'],
  ])('%s %s -> %i with the security headers', async (method, path, status, type) => {
    const r = await get(`${base(web)}${path}`, [...Object.keys(WEB_HEADERS), 'content-type'], method);
    expect({ status: r.status, headers: r.headers }).toEqual({
      status,
      headers: { ...WEB_HEADERS, 'content-type': type },
    });
  });

  it('a file that cannot be opened is a 500 with a plain body', async () => {
    expect((await get(`${base(web)}/assets/unopenable.js`, [])).body).toBe('could not read the file\n');
  });

  it('a read error mid-response cuts that response only; the server goes on', async () => {
    await expect(get(`${base(web)}/assets/unreadable.js`, [])).rejects.toThrow();
    expect((await get(`${base(web)}/assets/app.js`, [])).body).toBe('export {};\n');
  });
});

describe("the component's guest pages", () => {
  const HEADERS = ['content-security-policy', 'x-frame-options', 'x-content-type-options', 'referrer-policy'];
  const expected = {
    'content-security-policy': GUEST_CSP,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  const token = signLink(
    { owner: 'alice@localhost', expiresAt: Date.now() + 600_000, use: 'multiple', id: 'hdr' },
    KEY,
  );

  it.each([
    [`/call/${token}`, 200],
    ['/call/forged.token', 403],
    ['/guest.js', 200],
    ['/guest.css', 200],
    ['/nothing', 404],
  ])('GET %s -> %i with the security headers', async (path, status) => {
    const r = await get(`${base(guest)}${path}`, HEADERS);
    expect({ status: r.status, headers: r.headers }).toEqual({ status, headers: expected });
  });

  it("the guest page's policy lets only same-origin script, style and socket in, and no framing", () => {
    expect(GUEST_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  });
});
